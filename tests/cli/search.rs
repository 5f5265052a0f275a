//! Indexing, searching and exporting: the real `accords` binary run in a
//! temporary folder holding a copy of the bundled seeds, its output parsed
//! back into data. Every run names its index folder inside the temporary
//! folder; nothing here writes to the repository's `index/`.

use std::process::Stdio;

use serde_json::Value;

use super::Sandbox;

impl Sandbox {
    /// Runs a search against the sandbox's `idx/` index, as JSON.
    fn search(&self, query: &str, extra: &[&str]) -> Value {
        let mut args = vec!["search", query, "--format", "json", "--index", "idx"];
        args.extend_from_slice(extra);
        self.run(&args).ok().json()
    }
}

fn hits(results: &Value) -> &Vec<Value> {
    results["hits"].as_array().expect("hits")
}

fn text(hit: &Value) -> &str {
    hit["text"].as_str().unwrap()
}

#[test]
fn a_fresh_clone_answers_its_first_search() {
    let sandbox = Sandbox::with_seeds();
    let run = sandbox
        .run(&[
            "search",
            "Chinese medicine standardisation",
            "--format",
            "json",
        ])
        .ok();
    assert!(
        run.stderr
            .contains("there is no index in index yet; built it from seeds/"),
        "{}",
        run.stderr
    );
    assert!(run.json()["total"].as_u64().unwrap() > 0);
    assert!(sandbox.path("index/README.md").exists());
    let again = sandbox.run(&["search", "finance"]).ok();
    assert!(!again.stderr.contains("built"), "{}", again.stderr);
}

/// The acceptance query: the four clauses on standardisation of Chinese
/// medicine first, Beijing's clause on its internationalisation after them.
#[test]
fn chinese_medicine_standardisation_ranks_the_four_standardisation_clauses_first() {
    let sandbox = Sandbox::indexed();
    let results = sandbox.search("Chinese medicine standardisation", &[]);
    let found = hits(&results);
    let mut top: Vec<&str> = found[..4]
        .iter()
        .map(|h| h["partner"].as_str().unwrap())
        .collect();
    top.sort();
    assert_eq!(top, ["Chongqing", "Jiangsu", "Shanghai", "Zhejiang"]);
    for hit in &found[..4] {
        assert!(
            text(hit).contains("standardisation of Chinese medicine"),
            "{}",
            text(hit)
        );
    }
    let beijing = found
        .iter()
        .position(|h| {
            h["partner"] == "Beijing"
                && text(h).contains("internationalisation of Chinese medicine")
        })
        .expect("Beijing's clause is listed");
    assert!(beijing >= 4);

    let results = sandbox.search(
        "Chinese medicine standardisation",
        &["--partner", "Beijing"],
    );
    let first = &hits(&results)[0];
    assert_eq!(first["partner"], "Beijing");
    assert!(text(first).contains("internationalisation of Chinese medicine"));
}

/// A table of queries and what must come first, so that a ranking change
/// fails loudly. Each row: arguments, then (partner, words of the clause)
/// for the top hits in order; a partner of "*" matches any.
#[test]
fn ranking_table() {
    let sandbox = Sandbox::indexed();
    /// Arguments, then the expected top hits.
    type Row<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
    let table: &[Row] = &[
        (
            &["\"green finance\""],
            &[
                ("Shanghai", "relating to green finance"),
                ("Jiangsu", "green finance, digital finance"),
            ],
        ),
        (
            &["Chinese medicine standardisation", "--partner", "beijing"],
            &[("Beijing", "internationalisation of Chinese medicine")],
        ),
        (
            &[
                "Chinese medicine",
                "--area",
                "health",
                "--partner",
                "Shanghai",
            ],
            &[(
                "Shanghai",
                "Training Programme of Advanced Clinical Talents",
            )],
        ),
        (&["legal arbitration mediation"], &[("*", "arbitration")]),
        (
            &["standard*", "--partner", "shanghai"],
            &[("Shanghai", "standards")],
        ),
    ];
    for (args, expected) in table {
        let (query, extra) = args.split_first().unwrap();
        let results = sandbox.search(query, extra);
        let hits = hits(&results);
        assert!(hits.len() >= expected.len(), "{args:?}: too few hits");
        for (hit, (partner, words)) in hits.iter().zip(expected.iter()) {
            assert!(
                (*partner == "*" || hit["partner"] == *partner) && text(hit).contains(words),
                "{args:?}: expected {partner} / {words:?}, got {} / {:?}",
                hit["partner"],
                text(hit)
            );
        }
    }
}

/// The analysed terms of a text, as the index sees them.
fn terms(text: &str) -> std::collections::BTreeSet<String> {
    let mut analyzer = accords::index::analysis::text_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut terms = std::collections::BTreeSet::new();
    while let Some(token) = stream.next() {
        terms.insert(token.text.clone());
    }
    terms
}

#[test]
fn a_partial_match_never_outranks_a_complete_one() {
    let sandbox = Sandbox::indexed();
    for query in [
        "Chinese medicine standardisation",
        "green finance",
        "youth exchange internship",
        "legal arbitration mediation",
    ] {
        let wanted = terms(query);
        let results = sandbox.search(query, &["--limit", "0"]);
        let complete: Vec<bool> = hits(&results)
            .iter()
            .map(|h| {
                // A word in the area heading counts as the word in the text.
                let heading = h["area_heading"].as_str().unwrap_or_default();
                wanted.is_subset(&terms(&format!("{} {heading}", text(h))))
            })
            .collect();
        assert!(complete.contains(&true), "{query}: no complete match");
        let first_partial = complete.iter().position(|c| !c).unwrap_or(complete.len());
        assert!(
            complete[first_partial..].iter().all(|c| !c),
            "{query}: a complete match follows a partial one: {complete:?}"
        );
    }
}

#[test]
fn filters_narrow_the_hits() {
    let sandbox = Sandbox::indexed();
    let all = sandbox.search("co-operation", &["--limit", "0"]);
    let health = sandbox.search("co-operation", &["--limit", "0", "--area", "health"]);
    assert!(health["total"].as_u64() < all["total"].as_u64());
    for hit in hits(&health) {
        assert!(hit["areas"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Health and Chinese Medicine")));
    }
    let two = sandbox.search(
        "co-operation",
        &[
            "--limit",
            "0",
            "--partner",
            "BEIJING",
            "--partner",
            "shanghai",
        ],
    );
    assert!(hits(&two)
        .iter()
        .all(|h| h["partner"] == "Beijing" || h["partner"] == "Shanghai"));
    assert!(hits(&two).iter().any(|h| h["partner"] == "Beijing"));
    assert!(hits(&two).iter().any(|h| h["partner"] == "Shanghai"));

    let recent = sandbox.search("", &["--limit", "0", "--from", "2024"]);
    assert!(recent["total"].as_u64().unwrap() > 0);
    assert!(hits(&recent)
        .iter()
        .all(|h| h["date"].as_str().unwrap().starts_with("2024")));
    let june = sandbox.search(
        "",
        &["--limit", "0", "--from", "2023-06", "--to", "2023-06"],
    );
    assert!(hits(&june).iter().all(|h| h["date"] == "2023-06-26"));
    assert!(june["total"].as_u64().unwrap() > 0);

    let plenary = sandbox.search("", &["--limit", "0", "--meeting", "plenary"]);
    assert!(hits(&plenary).iter().all(|h| h["meeting_types"]
        .as_array()
        .unwrap()
        .contains(&Value::from("plenary session"))));
}

#[test]
fn statements_are_left_out_unless_asked_for() {
    let sandbox = Sandbox::indexed();
    let default = sandbox.search("", &["--limit", "0"]);
    assert!(hits(&default)
        .iter()
        .all(|h| h["kind"] == "commitment" || h["kind"] == "agreement"));
    let all = sandbox.search("", &["--kind", "all", "--limit", "1"]);
    let statements = sandbox.search("", &["--kind", "statement", "--limit", "0"]);
    assert!(hits(&statements).iter().all(|h| h["kind"] == "statement"));
    assert_eq!(
        all["total"].as_u64().unwrap(),
        default["total"].as_u64().unwrap() + statements["total"].as_u64().unwrap()
    );
}

#[test]
fn a_quoted_word_finds_its_spellings_and_not_its_other_forms() {
    let sandbox = Sandbox::indexed();
    let holds = |hit: &Value, word: &str| {
        text(hit)
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    // Unquoted, "organisation" also finds "organisations" and "organised".
    let stemmed = sandbox.search("organisation", &["--limit", "0"]);
    assert!(hits(&stemmed)
        .iter()
        .any(|h| !holds(h, "organisation") && !holds(h, "organization")));
    let quoted = sandbox.search("\"organization\"", &["--limit", "0"]);
    assert!(!hits(&quoted).is_empty());
    assert!(quoted["total"].as_u64() < stemmed["total"].as_u64());
    for hit in hits(&quoted) {
        // The American spelling typed finds the British one written.
        assert!(holds(hit, "organisation"), "{}", text(hit));
        let (a, b) = (
            hit["highlights"][0][0].as_u64().unwrap() as usize,
            hit["highlights"][0][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&text(hit)[a..b], "organisation");
    }
}

#[test]
fn a_word_naming_an_instrument_is_held_by_every_agreement() {
    let sandbox = Sandbox::indexed();
    // The memorandum on youth exchange never says "agreement".
    let results = sandbox.search("youth exchange agreement", &["--match", "all"]);
    let found = hits(&results);
    assert!(found.len() >= 2, "{results}");
    assert!(found.iter().all(|h| h["kind"] == "agreement"), "{results}");
    assert!(found.iter().any(
        |h| text(h).starts_with("Memorandum of Understanding") && !text(h).contains("greement")
    ));
    // Under --exact the word is only itself.
    let exact = sandbox.search("youth exchange agreement", &["--match", "all", "--exact"]);
    assert!(hits(&exact).iter().all(|h| {
        let heading = h["area_heading"].as_str().unwrap_or_default();
        format!("{} {heading}", text(h))
            .to_lowercase()
            .contains("agreement")
    }));
    assert!(
        exact["total"].as_u64() < results["total"].as_u64(),
        "{exact}"
    );
}

#[test]
fn abbreviations_find_the_names_they_stand_for() {
    let sandbox = Sandbox::indexed();
    // From the built-in synonym data.
    let results = sandbox.search("GBA", &[]);
    let hit = &hits(&results)[0];
    let (a, b) = (
        hit["highlights"][0][0].as_u64().unwrap() as usize,
        hit["highlights"][0][1].as_u64().unwrap() as usize,
    );
    assert!(
        text(hit)[a..b].contains("Greater Bay Area"),
        "{}",
        &text(hit)[a..b]
    );
    // Learned from the documents at index time: no release writes "YDF".
    let results = sandbox.search("YDF", &[]);
    assert!(!hits(&results).is_empty());
    assert!(hits(&results)
        .iter()
        .all(|h| text(h).contains("Youth Development Fund")));
    // A name typed in full also finds its abbreviation's clauses, and
    // counts as complete.
    let results = sandbox.search("belt and road summit", &[]);
    assert!(text(&hits(&results)[0]).contains("Belt and Road"));
}

#[test]
fn sorting_by_date_puts_the_latest_meetings_first() {
    let sandbox = Sandbox::indexed();
    let results = sandbox.search("exchanges", &["--sort", "date", "--limit", "0"]);
    let dates: Vec<&str> = hits(&results)
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn json_hits_carry_highlights_into_their_text_and_a_snippet() {
    let sandbox = Sandbox::indexed();
    let results = sandbox.search("standards", &["--limit", "0"]);
    assert_eq!(results["query"], "standards");
    assert!(results["took_ms"].is_u64());
    assert!(results["facets"].is_null());
    for hit in hits(&results) {
        let text = text(hit);
        let ranges = hit["highlights"].as_array().unwrap();
        assert!(!ranges.is_empty());
        for range in ranges {
            let (a, b) = (
                range[0].as_u64().unwrap() as usize,
                range[1].as_u64().unwrap() as usize,
            );
            assert!(
                text[a..b].to_lowercase().starts_with("standard"),
                "{}",
                &text[a..b]
            );
        }
        assert!(hit["snippet"].as_str().unwrap().chars().count() <= 202);
    }
}

#[test]
fn csv_export_writes_one_row_per_hit_to_a_file() {
    let sandbox = Sandbox::indexed();
    let total = sandbox.search("co-operation", &["--limit", "1"])["total"]
        .as_u64()
        .unwrap();
    let run = sandbox
        .run(&[
            "search",
            "co-operation",
            "--format",
            "csv",
            "--limit",
            "0",
            "--output",
            "hits.csv",
            "--index",
            "idx",
        ])
        .ok();
    assert!(run.stdout.is_empty());
    assert_eq!(run.stderr.trim(), format!("wrote {total} hits to hits.csv"));
    let mut reader = csv::Reader::from_path(sandbox.path("hits.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "rank");
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (text, heading) = (column("text"), column("area_heading"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len() as u64, total);
    // Each hit says it in its text or in its area heading.
    assert!(rows.iter().all(|r| {
        r[text].to_lowercase().contains("co-oper") || r[heading].to_lowercase().contains("co-oper")
    }));
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // The byte order mark is the default; the old flag that asked for it
    // is still accepted.
    let bom = sandbox
        .run(&[
            "search", "finance", "--format", "csv", "--bom", "--index", "idx",
        ])
        .ok();
    assert!(bom.stdout.starts_with('\u{feff}'));
}

#[test]
fn facets_count_the_whole_result_set_in_every_format() {
    let sandbox = Sandbox::indexed();
    let results = sandbox.search("co-operation", &["--facets", "--limit", "2"]);
    let total = results["total"].as_u64().unwrap();
    assert_eq!(hits(&results).len(), 2);
    let partners: u64 = results["facets"]["partner"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(partners, total);
    for name in [
        "partner",
        "partner_kind",
        "areas",
        "meeting_types",
        "kind",
        "year",
    ] {
        assert!(results["facets"][name].is_object(), "{name}");
    }

    let alone = sandbox
        .run(&["facets", "--format", "json", "--index", "idx"])
        .ok()
        .json();
    let everything = sandbox.search("", &["--limit", "1"]);
    assert_eq!(alone["total"], everything["total"]);

    let text = sandbox
        .run(&["search", "co-operation", "--facets", "--index", "idx"])
        .ok();
    assert!(text.stdout.contains("Facets over"), "{}", text.stdout);
    let lines = sandbox
        .run(&[
            "search",
            "co-operation",
            "--facets",
            "--format",
            "jsonl",
            "--index",
            "idx",
        ])
        .ok();
    let last: Value = serde_json::from_str(lines.stdout.lines().last().unwrap()).unwrap();
    assert!(last["facets"]["year"].is_object());
    let md = sandbox
        .run(&[
            "search",
            "co-operation",
            "--facets",
            "--format",
            "md",
            "--index",
            "idx",
        ])
        .ok();
    assert!(md.stdout.contains("## Facets"));
    let csv = sandbox
        .run(&["facets", "--format", "csv", "--index", "idx"])
        .ok();
    assert!(csv.stdout.starts_with("\u{feff}facet,value,count\r\n"));
}

#[test]
fn a_syntax_error_points_at_the_position_and_exits_2() {
    let sandbox = Sandbox::with_seeds();
    let run = sandbox.run(&["search", "chinese \"medicine", "--index", "idx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("accords: query syntax error at position 8"),
        "{}",
        run.stderr
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines[1], "  chinese \"medicine");
    assert_eq!(lines[2], "          ^");
    assert!(
        !sandbox.path("idx").exists(),
        "a bad query must not build the index"
    );

    for query in ["(a", "a)", "AND", "a OR", "-", "*", "parter:x", "\"\""] {
        let run = sandbox.run(&["search", query, "--index", "idx"]);
        assert_eq!(run.code, 2, "{query}: {}", run.stderr);
        assert!(run.stderr.contains("position"), "{query}: {}", run.stderr);
    }
    let huge = "word ".repeat(10_000);
    let run = sandbox.run(&["search", &huge, "--index", "idx"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("too long"));
}

#[test]
fn an_unknown_filter_value_lists_the_valid_ones() {
    let sandbox = Sandbox::indexed();
    let run = sandbox.run(&[
        "search",
        "finance",
        "--partner",
        "Jiangsuu",
        "--index",
        "idx",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean Jiangsu?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Beijing, Chongqing, Jiangsu, Shanghai, Zhejiang"),
        "{}",
        run.stderr
    );
    let run = sandbox.run(&["search", "finance", "--area", "and", "--index", "idx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("matches several areas"),
        "{}",
        run.stderr
    );
    let run = sandbox.run(&["search", "finance", "--from", "2023-13", "--index", "idx"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
}

#[test]
fn a_missing_path_is_a_user_error_naming_it() {
    let sandbox = Sandbox::with_seeds();
    let run = sandbox.run(&["index", "seeds", "nowhere", "--index", "idx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nowhere: no such file or folder"),
        "{}",
        run.stderr
    );
    assert!(!sandbox.path("idx/tantivy").exists());
}

#[test]
fn an_index_folder_that_cannot_be_written_is_named() {
    let sandbox = Sandbox::with_seeds();
    sandbox.write("blocker", "a regular file");
    let run = sandbox.run(&["index", "seeds", "--index", "blocker/index"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.starts_with("accords: "), "{}", run.stderr);
    assert!(run.stderr.contains("blocker/index"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn indexing_prints_a_summary_and_the_warnings() {
    let sandbox = Sandbox::with_seeds();
    sandbox.write("seeds/empty.txt", "");
    let run = sandbox.run(&["index", "--index", "idx"]).ok();
    assert!(
        run.stdout.starts_with(
            "Indexed 6 files into idx: 6 added, 0 updated, 0 removed, 0 unchanged; 5 documents, "
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("seeds/empty.txt: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("seeds/001_2eb1bbca6df8355a.txt:5: ")),
        "{}",
        run.stderr
    );
    let docs = sandbox
        .run(&["docs", "--format", "json", "--index", "idx"])
        .ok()
        .json();
    assert_eq!(docs["documents"].as_array().unwrap().len(), 5);
    assert_eq!(docs["skipped"][0]["path"], "seeds/empty.txt");
    let text = sandbox.run(&["docs", "--index", "idx"]).ok();
    assert!(text.stdout.contains("warning: line 5:"), "{}", text.stdout);
}

#[test]
fn a_changed_source_refreshes_the_index_before_searching() {
    let sandbox = Sandbox::indexed();
    sandbox.run(&["index", "--index", "idx"]).ok();
    let before = sandbox.search("zeppelin", &[]);
    assert_eq!(before["total"], 0);

    let path = sandbox.path("seeds/004_24afc51462363563.txt");
    let original = std::fs::read_to_string(&path).unwrap();
    let edited = original.replacen(
        "To promote exchanges of Chinese medicine",
        "To launch a zeppelin service. To promote exchanges of Chinese medicine",
        1,
    );
    assert_ne!(edited, original);
    std::fs::write(&path, edited).unwrap();
    let run = sandbox
        .run(&["search", "zeppelin", "--format", "json", "--index", "idx"])
        .ok();
    assert!(
        run.stderr
            .contains("out of date (seeds/004_24afc51462363563.txt changed)"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["total"], 1);
    let quiet = sandbox.run(&["search", "zeppelin", "--index", "idx"]).ok();
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);

    sandbox.write(
        "seeds/extra/new.txt",
        &original.replace("Shanghai", "Zhejiang"),
    );
    let run = sandbox
        .run(&["docs", "--format", "json", "--index", "idx"])
        .ok();
    assert!(
        run.stderr.contains("seeds/extra/new.txt was added"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["documents"].as_array().unwrap().len(), 6);
}

#[test]
fn a_damaged_index_is_rebuilt_from_its_sources() {
    let sandbox = Sandbox::indexed();
    sandbox.run(&["index", "--index", "idx"]).ok();
    for entry in std::fs::read_dir(sandbox.path("idx/tantivy")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "store") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let run = sandbox
        .run(&["search", "finance", "--format", "json", "--index", "idx"])
        .ok();
    assert!(
        run.stderr.contains("the index in idx cannot be opened"),
        "{}",
        run.stderr
    );
    assert!(run.json()["total"].as_u64().unwrap() > 0);
}

#[test]
fn show_prints_a_clause_with_its_neighbours() {
    let sandbox = Sandbox::indexed();
    let results = sandbox.search(
        "Chinese medicine standardisation",
        &["--partner", "Jiangsu"],
    );
    let id = hits(&results)[0]["id"].as_str().unwrap().to_string();
    let context = sandbox
        .run(&["show", &id, "--format", "json", "--index", "idx"])
        .ok()
        .json();
    assert_eq!(context["clause"]["id"], id.as_str());
    let position = context["clause"]["position"].as_u64().unwrap();
    let before: Vec<u64> = context["before"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["position"].as_u64().unwrap())
        .collect();
    let after: Vec<u64> = context["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["position"].as_u64().unwrap())
        .collect();
    assert_eq!(before, [position - 2, position - 1]);
    assert_eq!(after, [position + 1, position + 2]);

    let text = sandbox.run(&["show", &id, "--index", "idx"]).ok();
    assert!(
        text.stdout
            .starts_with("High-Level Meeting cum Signing Ceremony"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(&format!("> [{position}] commitment")),
        "{}",
        text.stdout
    );

    let missing = sandbox.run(&["show", "nope", "--index", "idx"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn a_release_without_a_year_keeps_its_month_and_day_but_no_date_range_matches_it() {
    let sandbox = Sandbox::empty();
    std::fs::create_dir_all(sandbox.path("corpus")).unwrap();
    // Chongqing's release says only "today (May 11)"; without the catalog
    // its year is unknown.
    std::fs::copy(
        super::seeds().join("003_e789e4217965ec8b.txt"),
        sandbox.path("corpus/chongqing.txt"),
    )
    .unwrap();
    sandbox.run(&["index", "corpus", "--index", "idx"]).ok();
    let results = sandbox.search("", &["--limit", "1"]);
    assert_eq!(hits(&results)[0]["date"], "--05-11");
    let ranged = sandbox.search("", &["--from", "2000"]);
    assert_eq!(ranged["total"], 0);
}

#[test]
fn huge_limits_and_offsets_are_harmless() {
    let sandbox = Sandbox::indexed();
    let max = u64::MAX.to_string();
    let results = sandbox.search("finance", &["--limit", &max, "--offset", &max]);
    assert!(results["total"].as_u64().unwrap() > 0);
    assert!(hits(&results).is_empty());
    let page = sandbox.search("finance", &["--limit", "3", "--offset", "2"]);
    let ranks: Vec<u64> = hits(&page)
        .iter()
        .map(|h| h["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, [3, 4, 5]);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let sandbox = Sandbox::indexed();
    sandbox.run(&["index", "--index", "idx"]).ok();
    let mut child = sandbox
        .command(&[
            "search", "", "--kind", "all", "--limit", "0", "--format", "jsonl", "--index", "idx",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn colour_is_used_only_when_asked_or_on_a_terminal() {
    let sandbox = Sandbox::indexed();
    let plain = sandbox
        .run(&["search", "green finance", "--index", "idx"])
        .ok();
    assert!(!plain.stdout.contains('\x1b'));
    let always = sandbox
        .run(&[
            "search",
            "green finance",
            "--color",
            "always",
            "--index",
            "idx",
        ])
        .ok();
    assert!(
        always.stdout.contains("\x1b[1;31mgreen\x1b[0m"),
        "{}",
        always.stdout
    );
}

#[test]
fn clause_records_index_with_bad_lines_skipped_and_batch_queries_answer_each() {
    let sandbox = Sandbox::empty();
    sandbox.write(
        "clauses.jsonl",
        concat!(
            r#"{"id":"a-0","doc_id":"a","text":"Deepen green finance co-operation.","partner":"Beijing","date":"2023-11-29","kind":"commitment"}"#,
            "\n",
            "not a record\n",
            r#"{"id":"b-0","doc_id":"b","text":"Promote youth exchange.","partner":"Jiangsu","kind":"commitment"}"#,
            "\n",
        ),
    );
    let built = sandbox
        .run(&["index", "--jsonl", "clauses.jsonl", "--index", "idx"])
        .ok();
    assert!(
        built.stderr.contains("clauses.jsonl:2:"),
        "{}",
        built.stderr
    );
    assert!(built.stdout.contains("2 clauses"), "{}", built.stdout);

    sandbox.write(
        "topics.txt",
        "green finance\nyouth\n\nnothing-matches-this\n",
    );
    let run = sandbox
        .run(&["search", "--queries", "topics.txt", "--index", "idx"])
        .ok();
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"], "green finance");
    assert_eq!(lines[0]["total"], 1);
    assert_eq!(lines[0]["hits"][0]["partner"], "Beijing");
    assert_eq!(lines[1]["hits"][0]["id"], "b-0");
    assert_eq!(lines[2]["total"], 0);
}

#[test]
fn a_partner_with_no_clause_here_is_told_apart_from_an_unknown_name() {
    let sandbox = Sandbox::indexed();
    let run = sandbox.run(&[
        "search",
        "finance",
        "--partner",
        "Guangdong",
        "--index",
        "idx",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "accords: --partner Guangdong: no clause from Guangdong in this index; \
             it has these partners: Beijing, Chongqing, Jiangsu, Shanghai, Zhejiang"
        ),
        "{}",
        run.stderr
    );
    // An older romanisation names the partner the index holds.
    let peking = sandbox.search("finance", &["--partner", "Peking"]);
    assert!(!hits(&peking).is_empty());
    assert!(hits(&peking).iter().all(|h| h["partner"] == "Beijing"));
}

#[test]
fn batch_queries_searched_on_every_core_answer_as_each_alone_in_order() {
    let sandbox = Sandbox::indexed();
    let distinct = [
        "green finance",
        "\"chinese medicine\"",
        "youth exchange",
        "partner:Beijing finance",
        "colour:red",
        "(bank* OR finance) green",
        "nothing-matches-this",
    ];
    // More lines than one chunk, so chunks and threads meet.
    let lines: Vec<&str> = (0..600).map(|i| distinct[(i * 5 + i / 7) % 7]).collect();
    sandbox.write("many.txt", &(lines.join("\n") + "\n"));
    let batch = sandbox.run(&["search", "--queries", "many.txt", "--index", "idx"]);
    let answered: Vec<Value> = batch
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let valid: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|q| !q.starts_with("colour"))
        .collect();
    assert_eq!(
        answered
            .iter()
            .map(|a| a["query"].as_str().unwrap())
            .collect::<Vec<_>>(),
        valid
    );
    let bad: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("colour"))
        .collect();
    for (i, message) in bad.iter().zip(batch.stderr.lines()) {
        assert!(
            message.contains(&format!("many.txt:{}:", i + 1)),
            "{message}"
        );
    }
    for query in distinct.iter().filter(|q| !q.starts_with("colour")) {
        sandbox.write("one.txt", &format!("{query}\n"));
        let alone = sandbox
            .run(&["search", "--queries", "one.txt", "--index", "idx"])
            .ok();
        let alone: Value = serde_json::from_str(alone.stdout.trim()).unwrap();
        for answer in answered.iter().filter(|a| a["query"] == *query) {
            assert_eq!(answer, &alone, "{query}");
        }
    }
}
