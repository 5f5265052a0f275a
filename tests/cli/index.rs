//! Keeping the index: incremental updates, the writer lock, searches during
//! commits, runs killed half-way, and indexes of another layout. Each test
//! runs the real binary on files it writes into its own temporary folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use accords::index::{IndexUpdate, Mode, Provenance};

use super::{accords, accords_in, accords_ok, copy_seeds, seeds, stderr, stdout};

#[path = "../../benches/support/synth.rs"]
mod synth;

fn releases(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The summary line of `accords index`.
fn summary(dir: &Path, args: &[&str]) -> String {
    let out = accords_ok(dir, args);
    stdout(&out).lines().last().unwrap_or_default().to_string()
}

/// Every clause id a broad search finds, by source file.
fn clause_ids(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let out = accords_ok(
        dir,
        &[
            "search", "Kong", "--kind", "all", "--limit", "100000", "--format", "json", "--index",
            "idx",
        ],
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for hit in results["hits"].as_array().unwrap() {
        ids.entry(hit["source"].as_str().unwrap().to_string())
            .or_default()
            .insert(hit["id"].as_str().unwrap().to_string());
    }
    ids
}

fn total(dir: &Path, query: &str) -> u64 {
    let out = accords_ok(
        dir,
        &[
            "search", query, "--kind", "all", "--format", "json", "--index", "idx",
        ],
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    results["total"].as_u64().unwrap()
}

#[test]
fn indexing_again_reads_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(&dir.join("seeds"), usize::MAX);
    let files = releases(&dir.join("seeds"));
    let name = |i: usize| format!("seeds/{}", files[i].file_name().unwrap().to_string_lossy());
    let index = ["index", "seeds", "--index", "idx"];
    let first = summary(dir, &index);
    assert!(
        first.starts_with("Indexed 5 files into idx: 5 added, 0 updated, 0 removed, 0 unchanged;"),
        "{first}"
    );
    let before = clause_ids(dir);

    // Touched, not changed.
    let later = SystemTime::now() + Duration::from_secs(5);
    std::fs::File::options()
        .append(true)
        .open(&files[0])
        .unwrap()
        .set_modified(later)
        .unwrap();
    let touched = summary(dir, &index);
    assert!(
        touched.contains(": 0 added, 0 updated, 0 removed, 5 unchanged;"),
        "{touched}"
    );

    // Edited twice: the new text is found, the old is not.
    let original = std::fs::read_to_string(&files[1]).unwrap();
    std::fs::write(
        &files[1],
        format!("{original}\nTo launch a zeppelin service.\n"),
    )
    .unwrap();
    let edited = summary(dir, &index);
    assert!(
        edited.contains(": 0 added, 1 updated, 0 removed, 4 unchanged;"),
        "{edited}"
    );
    assert_eq!(total(dir, "zeppelin"), 1);
    std::fs::write(
        &files[1],
        format!("{original}\nTo launch a dirigible service.\n"),
    )
    .unwrap();
    summary(dir, &index);
    assert_eq!(total(dir, "zeppelin"), 0);
    assert_eq!(total(dir, "dirigible"), 1);

    // Removed.
    std::fs::remove_file(&files[2]).unwrap();
    let removed = summary(dir, &index);
    assert!(
        removed.contains(": 0 added, 0 updated, 1 removed, 4 unchanged;"),
        "{removed}"
    );
    let after = clause_ids(dir);
    assert!(!after.contains_key(&name(2)), "{:?}", after.keys());

    // Unchanged files kept their clauses, ids and all.
    for i in [0, 3, 4] {
        assert_eq!(after[&name(i)], before[&name(i)], "{}", name(i));
    }

    // Added.
    let text = std::fs::read_to_string(&files[3]).unwrap();
    std::fs::write(
        dir.join("seeds/extra.txt"),
        format!("{text}\n\nTo build a bridge to Hong Kong.\n"),
    )
    .unwrap();
    let added = summary(dir, &index);
    assert!(
        added.contains(": 1 added, 0 updated, 0 removed, 4 unchanged;"),
        "{added}"
    );
    assert!(clause_ids(dir).contains_key("seeds/extra.txt"), "{added}");
    assert_eq!(total(dir, "bridge"), 1);

    // Fewer inputs: the index holds this run's files only.
    let one = name(0);
    let narrowed = summary(dir, &["index", &one, "--index", "idx"]);
    assert!(
        narrowed.contains(": 0 added, 0 updated, 4 removed, 1 unchanged;"),
        "{narrowed}"
    );
    assert_eq!(
        clause_ids(dir).keys().cloned().collect::<Vec<_>>(),
        std::slice::from_ref(&one)
    );

    let rebuilt = summary(dir, &["index", "seeds", "--rebuild", "--index", "idx"]);
    assert!(
        rebuilt.contains(": 5 added, 0 updated, 0 removed, 0 unchanged;"),
        "{rebuilt}"
    );
}

#[test]
fn words_of_a_removed_release_are_neither_found_nor_offered_as_corrections() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(&dir.join("seeds"), usize::MAX);
    let files = releases(&dir.join("seeds"));
    let original = std::fs::read_to_string(&files[0]).unwrap();
    std::fs::write(
        &files[0],
        format!("{original}\nTo launch a zeppelin service.\n"),
    )
    .unwrap();
    let index = ["index", "seeds", "--index", "idx"];
    summary(dir, &index);
    assert_eq!(total(dir, "zeppelin"), 1);

    std::fs::remove_file(&files[0]).unwrap();
    let removed = summary(dir, &index);
    assert!(removed.contains(" 1 removed, 4 unchanged;"), "{removed}");
    // Until its segment is merged, the index's dictionary still lists the
    // removed clause's words; neither the search nor the correction of a
    // misspelling may reach them.
    for query in ["zeppelin", "zepelin", "zepelin finance"] {
        let out = accords_in(
            dir,
            &["search", query, "--format", "json", "--index", "idx"],
        );
        assert!(out.status.success(), "{query}: {}", stderr(&out));
        let results: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(results["total"], 0, "{query}: {results}");
        assert!(
            results["hits"]
                .as_array()
                .unwrap()
                .iter()
                .all(|hit| hit["source"]
                    != format!("seeds/{}", files[0].file_name().unwrap().to_string_lossy())),
            "{query}: {results}"
        );
        assert!(
            !results.to_string().contains("zeppelin") || query == "zeppelin",
            "{query} corrected to a removed word: {results}"
        );
    }
}

#[test]
fn a_second_writer_fails_at_once_and_searches_still_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(&dir.join("seeds"), usize::MAX);
    accords_ok(dir, &["index", "seeds", "--index", "idx"]);
    let held =
        IndexUpdate::begin(&dir.join("idx"), Mode::Incremental, &Provenance::default()).unwrap();

    let started = Instant::now();
    let second = accords_in(dir, &["index", "seeds", "--index", "idx"]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("another accords process is updating the index in idx"),
        "{}",
        stderr(&second)
    );
    assert!(started.elapsed() < Duration::from_secs(10));

    // A changed source would refresh the index; with the lock held the
    // search answers from the last commit and says so.
    let file = &releases(&dir.join("seeds"))[0];
    let text = std::fs::read_to_string(file).unwrap();
    std::fs::write(file, format!("{text}\nTo launch a zeppelin service.\n")).unwrap();
    let search = accords_ok(dir, &["search", "finance", "--index", "idx"]);
    assert!(
        stderr(&search).contains("searching its last committed state"),
        "{}",
        stderr(&search)
    );
    assert!(stdout(&search).contains("hits for"), "{}", stdout(&search));

    drop(held);
    accords_ok(dir, &["index", "seeds", "--index", "idx"]);
    assert_eq!(total(dir, "zeppelin"), 1);
}

#[test]
fn searches_during_commits_see_one_state_or_the_other() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    copy_seeds(&dir.join("seeds"), usize::MAX);
    accords_ok(&dir, &["index", "seeds", "--index", "idx"]);
    let clauses = clause_ids(&dir).values().map(BTreeSet::len).sum::<usize>();

    let writer_dir = dir.clone();
    let writer = std::thread::spawn(move || {
        for _ in 0..6 {
            accords_ok(
                &writer_dir,
                &["index", "seeds", "--rebuild", "--index", "idx"],
            );
        }
    });
    let mut searches = 0;
    while !writer.is_finished() || searches < 5 {
        // Between the delete and the add of a rebuild nothing is committed,
        // so every search sees all clauses.
        let found = clause_ids(&dir).values().map(BTreeSet::len).sum::<usize>();
        assert_eq!(found, clauses);
        searches += 1;
    }
    writer.join().unwrap();
}

#[test]
fn an_index_of_the_generation_layout_is_named_and_rebuilt_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(&dir.join("seeds"), usize::MAX);
    std::fs::create_dir_all(dir.join("idx/clauses-0123456789abcdef")).unwrap();
    std::fs::write(dir.join("idx/README.md"), "# index\n").unwrap();
    std::fs::write(
        dir.join("idx/manifest.json"),
        r#"{"schema_version": 2, "accords_version": "0.1.0",
            "generation": "clauses-0123456789abcdef", "built_at": 0, "root": "/",
            "inputs": ["seeds"], "sources": [], "documents": 0, "clauses": 0, "warnings": 0}"#,
    )
    .unwrap();
    for args in [
        &["search", "finance", "--index", "idx"][..],
        &["index", "seeds", "--index", "idx"][..],
    ] {
        let out = accords_in(dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let expected = format!(
            "was built by accords 0.1.0 in layout 2, and this accords reads layout {}; \
             run `accords index --rebuild --index idx`",
            accords::index::LAYOUT_VERSION
        );
        assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    }
    accords_ok(dir, &["index", "seeds", "--rebuild", "--index", "idx"]);
    assert!(total(dir, "finance") > 0);
    assert!(dir.join("idx/README.md").exists());
    assert!(!dir.join("idx/manifest.json").exists());
}

#[test]
fn an_index_of_an_earlier_layout_is_rebuilt_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(&dir.join("seeds"), usize::MAX);
    accords_ok(dir, &["index", "seeds", "--index", "idx"]);
    let before = total(dir, "finance");
    // What an accords of the layout before would have left: its state
    // names that layout, and its tantivy index lacks fields this one has.
    let earlier = accords::index::LAYOUT_VERSION - 1;
    let mut state_name = String::new();
    for entry in std::fs::read_dir(dir.join("idx")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("state-") {
            let mut state: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            state["layout"] = earlier.into();
            std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
            state_name = name;
        }
    }
    std::fs::remove_dir_all(dir.join("idx/tantivy")).unwrap();
    std::fs::create_dir(dir.join("idx/tantivy")).unwrap();
    let mut schema = tantivy::schema::Schema::builder();
    schema.add_text_field("text", tantivy::schema::TEXT);
    let index = tantivy::Index::create_in_dir(dir.join("idx/tantivy"), schema.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(&state_name);
    commit.commit().unwrap();
    drop(writer);

    let out = accords_in(dir, &["search", "finance", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(2));
    let expected = format!(
        "in layout {earlier}, and this accords reads layout {}; \
         run `accords index --rebuild --index idx`",
        accords::index::LAYOUT_VERSION
    );
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    accords_ok(dir, &["index", "seeds", "--rebuild", "--index", "idx"]);
    assert_eq!(total(dir, "finance"), before);
}

/// Clause records of a synthetic corpus, enough for two commits.
fn write_records(path: &Path, clauses: usize) {
    use std::io::Write;
    let mut synth = synth::Synth::new(&seeds(), 11);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    while written < clauses {
        for record in synth.next_doc().records() {
            if written == clauses {
                break;
            }
            serde_json::to_writer(&mut out, &record).unwrap();
            out.write_all(b"\n").unwrap();
            written += 1;
        }
    }
    out.flush().unwrap();
}

/// Starts `accords` in `dir` with its output discarded.
fn spawn(dir: &Path, args: &[&str]) -> std::process::Child {
    accords(dir, args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The state named by the committed meta.json, if any.
fn committed_state(dir: &Path) -> Option<String> {
    let meta = std::fs::read(dir.join("idx/tantivy/meta.json")).ok()?;
    let meta: Value = serde_json::from_slice(&meta).ok()?;
    meta["payload"].as_str().map(str::to_string)
}

#[test]
fn a_run_killed_at_any_point_leaves_an_index_that_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let clauses = 60_000;
    write_records(&dir.join("records.jsonl"), clauses);
    let index = ["index", "--jsonl", "records.jsonl", "--index", "idx"];
    let search = || {
        let out = accords_in(
            dir,
            &["search", "finance", "--format", "json", "--index", "idx"],
        );
        (out.status.code(), stdout(&out), stderr(&out))
    };
    for wait in [200, 500, 1000, 2000] {
        let mut child = spawn(dir, &index);
        std::thread::sleep(Duration::from_millis(wait));
        // SIGKILL on Unix: nothing runs after it.
        let _ = child.kill();
        child.wait().unwrap();
        let (code, out, err) = search();
        // Killed before its first commit, a new index has nothing to open;
        // otherwise the search answers from a committed state.
        if committed_state(dir).is_none() {
            assert!(err.contains("there is no index in idx"), "{err}");
        } else {
            assert_eq!(code, Some(0), "after {wait} ms: {err}");
            assert!(serde_json::from_str::<Value>(&out).unwrap()["total"].is_u64());
        }
    }

    // Killed just after its first batch is committed: the batch is there.
    let mut child = spawn(dir, &index);
    let started = Instant::now();
    let before = committed_state(dir);
    while committed_state(dir) == before && started.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    child.wait().unwrap();
    let (code, out, err) = search();
    assert_eq!(code, Some(0), "{err}");
    let found = serde_json::from_str::<Value>(&out).unwrap()["total"]
        .as_u64()
        .unwrap();
    assert!(found > 0, "{out}");

    let done = summary(dir, &index);
    assert!(
        done.contains(&format!("{clauses} clauses into idx")),
        "{done}"
    );
    let (code, _, err) = search();
    assert_eq!(code, Some(0), "{err}");
}
