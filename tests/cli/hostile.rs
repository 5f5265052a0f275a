//! Hostile input: files that are not press releases placed beside good ones,
//! and queries and arguments built to break the front end. Every case must
//! end in a clear warning or error (exit code 2 for a user's mistake),
//! never a panic, and nothing good may be lost beside it.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::{accords_in, accords_ok, copy_seeds, stderr, stdout};

/// Fails on any sign of a panic or crash.
fn assert_no_panic(out: &Output, what: &str) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what} panicked:\n{err}"
    );
    assert!(out.status.code().is_some(), "{what} was killed by a signal");
}

/// The source file of every clause in the index, found by an empty query
/// over every kind.
fn indexed_sources(dir: &Path, index: &str) -> BTreeSet<String> {
    let out = accords_ok(
        dir,
        &[
            "search", "", "--kind", "all", "--limit", "0", "--format", "json", "--index", index,
        ],
    );
    let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON results");
    json["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            let source = h["source"].as_str().expect("a source");
            Path::new(source)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// The lines of `err` that name `file`.
fn lines_naming<'a>(err: &'a str, file: &str) -> Vec<&'a str> {
    err.lines()
        .filter(|l| l.starts_with(&format!("docs/{file}:")))
        .collect()
}

#[test]
fn hostile_files_are_skipped_with_one_warning_each_and_good_files_still_index() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let good = copy_seeds(&docs, 2);
    let write = |name: &str, bytes: &[u8]| std::fs::write(docs.join(name), bytes).unwrap();

    // Files that cannot be releases.
    write(
        "binary.txt",
        &(0..=255u8).cycle().take(4096).collect::<Vec<_>>(),
    );
    write("empty.txt", b"");
    write("blank.md", " \n\u{a0}\n\t\n".as_bytes());
    write(
        "latin1.txt",
        b"Co-operation in caf\xe9 culture\n\nMore text.\n",
    );
    write("nul.txt", b"A title\n\nText with a \0 inside.\n");
    let mut one_line = b"Hong Kong and Guangdong ".repeat(50 * 1024 * 1024 / 24);
    one_line.push(b'\n');
    write("one_line.txt", &one_line);
    drop(one_line);
    std::os::unix::fs::symlink("loop_b.txt", docs.join("loop_a.txt")).unwrap();
    std::os::unix::fs::symlink("loop_a.txt", docs.join("loop_b.txt")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", docs.join("dangling.txt")).unwrap();
    let fifo = docs.join("fifo.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo works");
    let mut bad = vec![
        "binary.txt",
        "empty.txt",
        "blank.md",
        "latin1.txt",
        "nul.txt",
        "one_line.txt",
        "loop_a.txt",
        "loop_b.txt",
        "dangling.txt",
        "fifo.txt",
    ];
    // chmod 000 does not stop root from reading, so the case only means
    // something for other users.
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        eprintln!("running as root: the unreadable-file case (chmod 000) is skipped");
    } else {
        use std::os::unix::fs::PermissionsExt;
        write("locked.txt", b"A title\n\nText.\n");
        let locked = std::fs::Permissions::from_mode(0o000);
        std::fs::set_permissions(docs.join("locked.txt"), locked).unwrap();
        bad.push("locked.txt");
    }

    // Files that are odd but still text: each is indexed.
    let headings: String = (0..10_000)
        .map(|i| format!("# Heading {i}\n\nParagraph {i} on green finance.\n\n"))
        .collect();
    write("headings.md", headings.as_bytes());
    let mut nested = format!("Deep nesting\n\n{} quoted finance\n\n", "> ".repeat(10_000));
    for depth in 0..3_000 {
        nested.push_str(&format!("{}- item {depth}\n", " ".repeat(depth)));
    }
    write("nested.md", nested.as_bytes());
    write(
        "scripts.txt",
        "مؤتمر التعاون\n\nשיתוף פעולה בתחום הבריאות והרפואה.\n\n香港與北京的中醫藥合作。\n"
            .as_bytes(),
    );
    write(
        "invisible.txt",
        "Zero\u{200b}width\u{202e} title\u{7}\n\n\u{200b}\u{200c}\u{200d}\u{1b}[31mterminal\u{8}\u{7f} escapes\u{feff} and bells.\n"
            .as_bytes(),
    );
    // A folder with a release's name is a folder like any other.
    std::fs::create_dir(docs.join("folder.txt")).unwrap();
    std::fs::write(
        docs.join("folder.txt").join("inside.md"),
        "Inside a folder\n\nA paragraph about quarantine matters.\n",
    )
    .unwrap();
    let odd = [
        "headings.md",
        "nested.md",
        "scripts.txt",
        "invisible.txt",
        "inside.md",
    ];

    let out = accords_in(tmp.path(), &["index", "docs", "--index", "idx"]);
    assert_no_panic(&out, "accords index");
    let err = stderr(&out);
    assert!(out.status.success(), "index failed:\n{err}");
    for file in &bad {
        let lines = lines_naming(&err, file);
        assert_eq!(lines.len(), 1, "{file} should be named once:\n{err}");
        assert!(
            lines[0].contains("skipped") || lines[0].contains("cannot read"),
            "{}",
            lines[0]
        );
    }
    assert!(lines_naming(&err, "one_line.txt")[0].contains("line 1 is 52428"));
    assert!(lines_naming(&err, "fifo.txt")[0].contains("not a regular file"));
    assert!(lines_naming(&err, "dangling.txt")[0].contains("broken link"));
    // The file with 10,000 unknown headings says so, but briefly.
    let noisy = lines_naming(&err, "headings.md");
    assert!(noisy.len() <= 20, "{} warnings", noisy.len());
    assert!(noisy
        .last()
        .unwrap()
        .contains("more warnings like these not shown"));

    let sources = indexed_sources(tmp.path(), "idx");
    for file in good.iter().map(String::as_str).chain(odd) {
        assert!(sources.contains(file), "{file} is not indexed: {sources:?}");
    }
    for file in &bad {
        assert!(!sources.contains(*file), "{file} was indexed");
    }

    // The odd files are searchable by their own words.
    for (query, file) in [
        ("quarantine", "inside.md"),
        ("escapes", "invisible.txt"),
        ("Heading 9999", "headings.md"),
        ("הבריאות", "scripts.txt"),
    ] {
        let out = accords_ok(
            tmp.path(),
            &[
                "search", query, "--kind", "all", "--format", "json", "--index", "idx",
            ],
        );
        let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let hits = json["hits"].as_array().unwrap();
        assert!(
            hits.iter()
                .any(|h| h["source"].as_str().unwrap().ends_with(file)),
            "{query:?} does not find {file}: {json}"
        );
    }
}

/// Runs a search against the bundled seeds in a fresh folder.
fn search_seeds(args: &[&str]) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    copy_seeds(&tmp.path().join("seeds"), usize::MAX);
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    let out = accords_in(tmp.path(), &all);
    assert_no_panic(&out, &format!("search {args:?}"));
    out
}

/// A mistake: exit code 2 and a message with `expected` in it.
fn assert_user_error(out: &Output, expected: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
}

#[test]
fn hostile_queries_get_clear_errors_with_positions() {
    let many = "finance ".repeat(10_000);
    let deep = format!("{}finance{}", "(".repeat(10_000), ")".repeat(10_000));
    let nested_nots = format!("{}finance", "NOT ".repeat(200));
    let too_many = "w ".repeat(65);
    for (query, expected) in [
        (many.as_str(), "too long"),
        (deep.as_str(), "too long"),
        (
            "(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))",
            "nests too deeply",
        ),
        (nested_nots.as_str(), "nests too deeply"),
        (too_many.as_str(), "too many words"),
        ("\"green finance", "never closed"),
        ("green \"finance\" \"", "never closed"),
        ("(green finance", "never closed"),
        ("green finance)", "no matching '('"),
        ("AND OR NOT", "AND needs something before it"),
        ("NOT", "NOT needs something after it"),
        ("- +", "must be attached"),
        ("colour:green", "unknown field \"colour\""),
        ("partner:", "needs a value"),
        ("*", "needs letters before it"),
    ] {
        let out = search_seeds(&[query]);
        assert_user_error(&out, expected);
        // The query is shown with a caret under the position.
        let err = stderr(&out);
        assert!(err.lines().any(|l| l.trim() == "^"), "no caret:\n{err}");
    }
}

#[test]
fn an_empty_query_lists_every_clause() {
    let out = search_seeds(&["", "--format", "json", "--limit", "0"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let total = json["total"].as_u64().unwrap();
    assert!(total > 0);
    assert_eq!(json["hits"].as_array().unwrap().len() as u64, total);
}

#[test]
fn huge_negative_and_non_numeric_limits_are_handled() {
    // Huge values are bounded work: the hits that exist, or none.
    let out = search_seeds(&[
        "finance",
        "--limit",
        &u64::MAX.to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json["hits"].as_array().unwrap().len() as u64,
        json["total"].as_u64().unwrap()
    );
    let out = search_seeds(&[
        "finance",
        "--offset",
        &u64::MAX.to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(json["hits"].as_array().unwrap().is_empty());
    assert!(json["total"].as_u64().unwrap() > 0);

    for (flag, value) in [
        ("--limit", "-1"),
        ("--limit", "ten"),
        ("--offset", "-5"),
        ("--offset", "99999999999999999999999999"),
        ("--limit", ""),
    ] {
        let out = search_seeds(&["finance", flag, value]);
        assert_user_error(&out, flag);
        assert!(stderr(&out).contains("invalid value"), "{}", stderr(&out));
    }
}

#[test]
fn arguments_that_are_not_utf8_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    copy_seeds(&tmp.path().join("seeds"), usize::MAX);
    let bad = || OsString::from_vec(b"fin\xffance".to_vec());
    let cases: Vec<(Vec<OsString>, &str)> = vec![
        (vec!["search".into(), bad()], "QUERY"),
        (
            vec!["search".into(), "x".into(), "--partner".into(), bad()],
            "--partner",
        ),
        (
            vec!["search".into(), "x".into(), "--from".into(), bad()],
            "--from",
        ),
    ];
    for (args, name) in cases {
        let out = accords_in(tmp.path(), &args);
        assert_no_panic(&out, &format!("{args:?}"));
        assert_user_error(&out, "not valid UTF-8");
        assert!(stderr(&out).contains(name), "{}", stderr(&out));
    }
    // A path that is not UTF-8 is still a path: here, one that is missing.
    let out = accords_in(
        tmp.path(),
        &["index".into(), bad(), "--index".into(), "idx".into()],
    );
    assert_no_panic(&out, "index with a non-UTF-8 path");
    assert_user_error(&out, "no such file or folder");
}

#[test]
fn a_queries_file_with_bad_lines_runs_the_good_ones() {
    let tmp = tempfile::tempdir().unwrap();
    copy_seeds(&tmp.path().join("seeds"), usize::MAX);
    let mut lines = b"finance\n(unclosed\n".to_vec();
    lines.extend(b"bad \xff bytes\n");
    lines.extend(format!("{}\n", "w ".repeat(65)).as_bytes());
    lines.extend(b"colour:red\n");
    lines.extend("x".repeat(100_000).as_bytes());
    lines.extend(b"\nhealth\n");
    std::fs::write(tmp.path().join("queries.txt"), lines).unwrap();
    let out = accords_in(tmp.path(), &["search", "--queries", "queries.txt"]);
    assert_no_panic(&out, "search --queries");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let ran: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let queries: Vec<&str> = ran.iter().map(|r| r["query"].as_str().unwrap()).collect();
    assert_eq!(queries, ["finance", "health"]);
    assert!(err.contains("queries.txt:2:"), "{err}");
    assert!(err.contains("never closed"), "{err}");
    assert!(
        err.contains("queries.txt:3:") && err.contains("not valid UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("queries.txt:4:") && err.contains("too many words"),
        "{err}"
    );
    assert!(
        err.contains("queries.txt:5:") && err.contains("colour"),
        "{err}"
    );
    assert!(
        err.contains("queries.txt:6:") && err.contains("a line of 100001 bytes"),
        "{err}"
    );
    assert!(err.contains("skipped 5 invalid ones"), "{err}");
}

/// Every query the fuzzers found, run as a search of the seeds through the
/// binary: it answers or names a mistake, and never crashes.
#[test]
fn queries_the_fuzzers_found_are_answered_or_refused() {
    let dir = super::fixture("fuzz");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("query-"))
        })
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no query cases in {}", dir.display());
    let tmp = tempfile::tempdir().unwrap();
    copy_seeds(&tmp.path().join("seeds"), usize::MAX);
    accords_ok(tmp.path(), &["index", "seeds"]);
    for case in &cases {
        let query = std::fs::read_to_string(case).unwrap();
        let query = query.trim_end_matches('\n');
        let out = accords_in(tmp.path(), &["search", query]);
        let what = format!("search {query:?} ({})", case.display());
        assert_no_panic(&out, &what);
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{what}: exit {:?}\n{}",
            out.status.code(),
            stderr(&out)
        );
    }
}
