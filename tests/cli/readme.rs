//! README's tour is real output: every ```text block of README.md whose
//! first line is `$ accords ...` is run in a folder holding a copy of the
//! seeds, indexed into the default `index/` beforehand so no block shows
//! the first build, with `NO_COLOR=1` and `COLUMNS=100`.
//!
//! A block shows what a terminal shows: the command's stdout followed by
//! its stderr (an error example has only stderr; a search only stdout).
//! Lines must match exactly, except that a line that is only `...` stands
//! for any number of lines and a timing such as `(2 ms)` matches any
//! other. Blocks run in README order, in one folder.

use super::{Run, Sandbox};

/// The commands and expected lines of README's `$ accords` blocks.
fn examples(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut examples = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() != "```text" {
            continue;
        }
        let block: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        if let Some(command) = block.first().and_then(|l| l.strip_prefix("$ accords ")) {
            let output = block[1..].iter().map(|l| l.to_string()).collect();
            examples.push((command.to_string(), output));
        }
    }
    examples
}

/// Splits a command line into words as a shell would, for the quoting
/// README uses: blanks separate words, single quotes keep everything
/// literally, double quotes keep everything but `\"` and `\\`.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                w.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some(e @ ('"' | '\\')) => w.push(e),
                            Some(e) => w.extend(['\\', e]),
                            None => w.push('\\'),
                        },
                        c => w.push(c),
                    }
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// `line` with every timing such as `(12 ms)` written `(N ms)`.
fn without_timings(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && after[digits..].starts_with(" ms)") {
            out.push_str("(N ms)");
            rest = &after[digits + " ms)".len()..];
        } else {
            out.push('(');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Whether `actual` matches `expected`, where a `...` line in `expected`
/// stands for any number of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            actual
                .first()
                .is_some_and(|a| without_timings(a) == without_timings(first))
                && matches(rest, &actual[1..])
        }
    }
}

#[test]
fn the_tour_in_the_readme_shows_what_accords_prints() {
    let readme = std::fs::read_to_string(super::root().join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 4, "too few examples found: {examples:?}");
    let sandbox = Sandbox::with_seeds();
    sandbox.run(&["index", "seeds"]).ok();
    for (command, expected) in examples {
        let words = split_words(&command);
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let run: Run = sandbox
            .command(&args)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .output()
            .unwrap()
            .into();
        let shown: Vec<String> = run
            .stdout
            .lines()
            .chain(run.stderr.lines())
            .map(String::from)
            .collect();
        assert!(
            matches(&expected, &shown),
            "README shows for `accords {command}`:\n{}\n\naccords prints:\n{}",
            expected.join("\n"),
            shown.join("\n")
        );
    }
}

#[test]
fn words_are_split_as_a_shell_splits_them() {
    assert_eq!(
        split_words(r#"search 'partner:(Jiangsu OR "' x"y \" z"  --limit 3"#),
        [
            "search",
            "partner:(Jiangsu OR \"",
            "xy \" z",
            "--limit",
            "3"
        ]
    );
    assert_eq!(split_words("facets ''"), ["facets", ""]);
}

#[test]
fn an_ellipsis_line_stands_for_any_lines_and_timings_for_any_timing() {
    let lines = |s: &str| s.lines().map(String::from).collect::<Vec<_>>();
    assert!(matches(
        &lines("a (2 ms)\n...\nz"),
        &lines("a (135 ms)\nb\nc\nz")
    ));
    assert!(matches(&lines("a\n...\nz"), &lines("a\nz")));
    assert!(!matches(&lines("a\nz"), &lines("a\nb\nz")));
    assert!(!matches(&lines("a (2 ms)"), &lines("a (2 s)")));
}
