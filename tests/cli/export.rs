//! What analysts take away: citations, spreadsheet-ready CSV, Excel
//! workbooks, and the shell completions and manual page.

use std::io::Read;

use calamine::{Data, Reader, Xlsx};
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
    assert!(run.stdout.starts_with("\u{feff}rank,score,match,id,"));
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

/// A workbook's sheets, read back with calamine.
fn workbook(path: &std::path::Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).unwrap()
}

/// One part of the workbook's zip, as text.
fn part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn xlsx_holds_typed_cells_a_hyperlink_and_the_search_that_made_it() {
    let sandbox = Sandbox::indexed();
    let query = "Chinese medicine standardisation";
    let run = sandbox
        .run(&[
            "search",
            query,
            "--partner",
            "Chongqing,Shanghai",
            "--limit",
            "0",
            "--format",
            "xlsx",
            "--output",
            "hits.xlsx",
            "--index",
            "idx",
        ])
        .ok();
    assert!(run.stdout.is_empty());
    let json = hits(&sandbox, query, &["--partner", "Chongqing,Shanghai"]);
    assert_eq!(
        run.stderr.trim(),
        format!("wrote {} hits to hits.xlsx", json.len())
    );
    let path = sandbox.path("hits.xlsx");
    let mut book = workbook(&path);
    assert_eq!(book.sheet_names(), ["Hits", "Search"]);

    let hits_sheet = book.worksheet_range("Hits").unwrap();
    let rows: Vec<&[Data]> = hits_sheet.rows().collect();
    assert_eq!(rows.len(), json.len() + 1);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header[0], "rank");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, hit) in rows[1..].iter().zip(&json) {
        assert_eq!(
            row[column("id")],
            Data::String(hit["id"].as_str().unwrap().into())
        );
        assert!(matches!(row[column("rank")], Data::Float(_)));
        assert!(matches!(row[column("score")], Data::Float(_)));
        // A date with its year is a real Excel date.
        let Data::DateTime(date) = &row[column("date")] else {
            panic!("not a date: {:?}", row[column("date")]);
        };
        let date = date.as_datetime().unwrap().date().to_string();
        assert_eq!(date, hit["date"].as_str().unwrap());
        assert_eq!(
            row[column("citation")],
            Data::String(hit["citation"].as_str().unwrap().into())
        );
    }
    let chongqing = rows[1..]
        .iter()
        .position(|r| r[column("partner")] == Data::String("Chongqing".into()))
        .unwrap()
        + 1;
    assert_eq!(
        rows[chongqing][column("url")],
        Data::String(CHONGQING_URL.into())
    );

    // The URL cell is a hyperlink to the release; the header is frozen and
    // filterable.
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    let relations = part(&path, "xl/worksheets/_rels/sheet1.xml.rels");
    let url_column = (b'A' + column("url") as u8) as char;
    let cell = format!("{url_column}{}", chongqing + 1);
    let link = sheet
        .split("<hyperlink ")
        .skip(1)
        .find(|h| h.contains(&format!("ref=\"{cell}\"")))
        .unwrap_or_else(|| panic!("no hyperlink at {cell}: {sheet}"));
    let id = link
        .split("r:id=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        relations.contains(&format!("Id=\"{id}\""))
            && relations.contains(&format!("Target=\"{CHONGQING_URL}\"")),
        "{relations}"
    );
    assert!(sheet.contains("<pane ySplit=\"1\""), "not frozen");
    assert!(sheet.contains("<autoFilter ref=\"A1:"), "no filter");
    assert!(sheet.contains("<col "), "no column widths");

    let search = book.worksheet_range("Search").unwrap();
    let facts: Vec<(String, Data)> = search
        .rows()
        .map(|r| (r[0].to_string(), r[1].clone()))
        .collect();
    let value = |name: &str| {
        facts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {name}: {facts:?}"))
    };
    assert_eq!(value("query"), Data::String(query.into()));
    assert_eq!(value("partner"), Data::String("Chongqing,Shanghai".into()));
    assert_eq!(
        value("accords version"),
        Data::String(env!("CARGO_PKG_VERSION").into())
    );
    assert!(matches!(value("created"), Data::DateTime(_)));
}

#[test]
fn a_batch_of_queries_makes_one_workbook_with_a_query_column() {
    let sandbox = Sandbox::indexed();
    sandbox.write("questions.txt", "green finance\nChinese medicine\n");
    sandbox
        .run(&[
            "search",
            "--queries",
            "questions.txt",
            "--limit",
            "2",
            "--format",
            "xlsx",
            "--output",
            "answers.xlsx",
            "--index",
            "idx",
        ])
        .ok();
    let mut book = workbook(&sandbox.path("answers.xlsx"));
    let sheet = book.worksheet_range("Hits").unwrap();
    let queries: Vec<String> = sheet.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(
        queries,
        [
            "query",
            "green finance",
            "green finance",
            "Chinese medicine",
            "Chinese medicine"
        ]
    );
    let search = book.worksheet_range("Search").unwrap();
    let names: Vec<String> = search.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(names[0], "queries file");
    assert_eq!(names.iter().filter(|n| *n == "query").count(), 2);
}

#[test]
fn xlsx_needs_a_file_and_search_results() {
    let sandbox = Sandbox::indexed();
    let run = sandbox.run(&["search", "finance", "--format", "xlsx", "--index", "idx"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    let run = sandbox.run(&[
        "facets", "--format", "xlsx", "--output", "f.xlsx", "--index", "idx",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("accords search only"), "{}", run.stderr);
    assert!(!sandbox.path("f.xlsx").exists());
}

#[test]
fn completions_and_the_manual_page_cover_every_subcommand() {
    let sandbox = Sandbox::empty();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef accords"),
        ("fish", "complete -c accords"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = sandbox.run(&["completions", shell]).ok();
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(run.stdout.contains("cite"), "{shell}");
    }
    let bad = sandbox.run(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2);

    let man = sandbox.run(&["man"]).ok();
    assert!(man.stdout.starts_with(".ie"), "{}", &man.stdout[..100]);
    assert!(
        man.stdout.contains(".TH accords 1"),
        "{}",
        &man.stdout[..300]
    );
    for sub in ["search", "cite", "completions", "man"] {
        assert!(man.stdout.contains(sub), "{sub}");
    }
}

#[test]
fn every_help_ends_with_examples() {
    let sandbox = Sandbox::empty();
    for sub in [
        "index",
        "search",
        "facets",
        "show",
        "cite",
        "docs",
        "parse",
        "eval",
        "serve",
        "completions",
        "man",
    ] {
        let help = sandbox.run(&[sub, "--help"]).ok().stdout;
        let (_, examples) = help
            .rsplit_once("Examples:\n")
            .unwrap_or_else(|| panic!("{sub}: {help}"));
        let lines: Vec<&str> = examples.lines().collect();
        assert!((2..=3).contains(&lines.len()), "{sub}: {lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with(&format!("  accords {sub}"))),
            "{sub}: {lines:?}"
        );
    }
}
