//! What analysts take away: citations of every hit, and CSV ready for a
//! spreadsheet.

use serde_json::Value;

use crate::Sandbox;

const CHONGQING_URL: &str = "https://www.info.gov.hk/gia/general/202305/11/P2023051100454.htm";

/// Every hit of `query` under `extra`, as JSON.
fn hits(sandbox: &Sandbox, query: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec![
        "search", query, "--format", "json", "--limit", "0", "--index", "idx",
    ];
    args.extend_from_slice(extra);
    sandbox.run(&args).ok().json()["hits"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_hit_carries_a_citation_with_its_source_or_says_it_has_none() {
    let sandbox = Sandbox::indexed();
    let chongqing = hits(
        &sandbox,
        "Chinese medicine standardisation",
        &["--partner", "Chongqing"],
    );
    let hit = &chongqing[0];
    let citation = hit["citation"].as_str().unwrap();
    let position = hit["position"].as_u64().unwrap();
    assert_eq!(
        citation,
        format!(
            "\"High-Level Meeting cum First Plenary Session of Hong Kong/Chongqing Cooperation \
             Conference held in Chongqing\", HKSAR Government press release, \
             11 May 2023, clause {}, {CHONGQING_URL}",
            position + 1
        )
    );
    assert_eq!(hit["url"], CHONGQING_URL);

    // The catalog records the other releases' addresses, except Shanghai's.
    for (partner, url) in [
        (
            "Jiangsu",
            "https://www.info.gov.hk/gia/general/202310/13/P2023101300652.htm",
        ),
        (
            "Zhejiang",
            "https://www.info.gov.hk/gia/general/202306/26/P2023062600773.htm",
        ),
        (
            "Beijing",
            "https://www.info.gov.hk/gia/general/202311/29/P2023112900501.htm",
        ),
    ] {
        for hit in hits(&sandbox, "", &["--partner", partner]) {
            assert!(
                hit["citation"].as_str().unwrap().ends_with(url),
                "{partner}: {}",
                hit["citation"]
            );
        }
    }
    let shanghai = hits(&sandbox, "", &["--partner", "Shanghai"]);
    assert!(!shanghai.is_empty());
    for hit in &shanghai {
        let citation = hit["citation"].as_str().unwrap();
        assert!(citation.contains(", 26 April 2024, clause "), "{citation}");
        assert!(
            citation.ends_with(", source URL not recorded"),
            "{citation}"
        );
        assert!(!citation.contains("http"), "{citation}");
        assert!(!citation.contains("HKSAR Government press release"));
        assert_eq!(hit["url"], Value::Null);
    }
}

#[test]
fn cite_prints_a_clause_in_each_style() {
    let sandbox = Sandbox::indexed();
    let hit = &hits(&sandbox, "standardisation", &["--partner", "Chongqing"])[0];
    let id = hit["id"].as_str().unwrap();

    let plain = sandbox.run(&["cite", id, "--index", "idx"]).ok();
    assert_eq!(plain.stdout.trim_end(), hit["citation"].as_str().unwrap());

    let markdown = sandbox
        .run(&["cite", id, "--style", "markdown", "--index", "idx"])
        .ok();
    assert!(
        markdown.stdout.starts_with(&format!(
            "[High-Level Meeting cum First Plenary Session of Hong Kong/Chongqing Cooperation \
             Conference held in Chongqing](<{CHONGQING_URL}>), \
             HKSAR Government press release, 11 May 2023, clause "
        )),
        "{}",
        markdown.stdout
    );

    let shanghai = &hits(&sandbox, "", &["--partner", "Shanghai"])[0];
    let doc_id = hit["doc_id"].as_str().unwrap();
    let bibtex = sandbox
        .run(&[
            "cite",
            id,
            doc_id,
            shanghai["id"].as_str().unwrap(),
            "--style",
            "bibtex",
            "--index",
            "idx",
        ])
        .ok();
    let entries: Vec<&str> = bibtex.stdout.trim_end().split("\n\n").collect();
    assert_eq!(entries.len(), 3, "{}", bibtex.stdout);
    assert!(entries[0].starts_with(&format!("@misc{{accords-{id},\n")));
    assert!(entries[0].contains(&format!("  url          = {{{CHONGQING_URL}}},")));
    assert!(entries[0].contains("  date         = {2023-05-11},"));
    // The whole release has no clause number.
    assert!(entries[1].starts_with(&format!("@misc{{accords-{doc_id},\n")));
    assert!(!entries[1].contains("Clause"), "{}", entries[1]);
    assert!(
        entries[2].contains("Source URL not recorded"),
        "{}",
        entries[2]
    );
    assert!(entries[2].contains("  year         = {2024},"));
}

#[test]
fn cite_of_an_unknown_id_is_a_clear_user_error() {
    let sandbox = Sandbox::indexed();
    let run = sandbox.run(&["cite", "0000000000000000-001", "--index", "idx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("accords: "), "{}", run.stderr);
    assert!(
        run.stderr.contains("0000000000000000-001"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn csv_is_spreadsheet_ready_with_matched_words_url_and_citation() {
    let sandbox = Sandbox::indexed();
    let query = "Chinese medicine standardisation";
    let run = sandbox
        .run(&[
            "search", query, "--format", "csv", "--limit", "0", "--index", "idx",
        ])
        .ok();
    assert!(run.stdout.starts_with("\u{feff}rank,score,id,"));
    // Every line break outside quoted fields is CRLF.
    let mut reader = csv::ReaderBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_reader(run.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert!(!headers.iter().any(|h| h == "highlights"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let json = hits(&sandbox, query, &[]);
    assert_eq!(rows.len(), json.len());
    for (row, hit) in rows.iter().zip(&json) {
        assert_eq!(&row[column("id")], hit["id"].as_str().unwrap());
        assert_eq!(&row[column("citation")], hit["citation"].as_str().unwrap());
        assert_eq!(&row[column("url")], hit["url"].as_str().unwrap_or_default());
        // The matched words are the highlighted ones, each once, as written.
        let text = hit["text"].as_str().unwrap();
        let mut words: Vec<&str> = Vec::new();
        for range in hit["highlights"].as_array().unwrap() {
            let word =
                &text[range[0].as_u64().unwrap() as usize..range[1].as_u64().unwrap() as usize];
            if !words.contains(&word) {
                words.push(word);
            }
        }
        assert_eq!(row[column("matched")], words.join("; "));
    }
    let chongqing = rows
        .iter()
        .find(|r| &r[column("partner")] == "Chongqing")
        .unwrap();
    assert!(chongqing[column("matched")].contains("standardisation"));
    assert!(chongqing[column("citation")].ends_with(CHONGQING_URL));
    assert_eq!(&chongqing[column("url")], CHONGQING_URL);

    let bytes = run.stdout.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            // Clause texts hold no line breaks, so every LF ends a record.
            assert_eq!(bytes[i - 1], b'\r', "a bare LF at byte {i}");
        }
    }

    let programs = sandbox
        .run(&[
            "search", query, "--format", "csv", "--no-bom", "--index", "idx",
        ])
        .ok();
    assert!(programs.stdout.starts_with("rank,score,"));
    let refused = sandbox.run(&[
        "search", query, "--format", "json", "--no-bom", "--index", "idx",
    ]);
    assert_eq!(refused.code, 2);
    assert!(refused
        .stderr
        .contains("--no-bom only applies to --format csv"));
}
