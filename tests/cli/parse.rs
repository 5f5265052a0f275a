//! `accords parse`: the extraction facts every later stage relies on.

use serde_json::Value;

use super::*;

fn parse_json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["parse", "--format", "json"];
    all.extend_from_slice(args);
    let out = accords_ok(dir, &all);
    serde_json::from_slice(&out.stdout).expect("parse prints JSON")
}

fn seed_docs() -> Vec<Value> {
    let docs = parse_json(&root(), &["seeds"]);
    assert_eq!(docs.len(), 5);
    docs
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn headings(doc: &Value) -> Vec<String> {
    doc["areas"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["heading"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn seeds_partners_dates_and_counts() {
    let docs = seed_docs();
    let field = |name: &str| -> Vec<Value> { docs.iter().map(|d| d[name].clone()).collect() };
    assert_eq!(
        field("partner"),
        ["Jiangsu", "Zhejiang", "Beijing", "Chongqing", "Shanghai"].map(Value::from)
    );
    assert_eq!(
        field("partner_kind"),
        [
            "province",
            "province",
            "municipality",
            "municipality",
            "municipality"
        ]
        .map(Value::from)
    );
    assert_eq!(
        field("date"),
        [
            "2023-10-13",
            "2023-06-26",
            "2023-11-29",
            "2023-05-11",
            "2024-04-26"
        ]
        .map(Value::from)
    );
    assert_eq!(
        field("date_source"),
        ["footer", "footer", "footer", "catalog", "catalog"].map(Value::from)
    );
    assert_eq!(
        field("declared_areas"),
        [12, 12, 11, 11, 15].map(Value::from)
    );
    let agreements: Vec<usize> = docs
        .iter()
        .map(|d| d["agreements"].as_array().unwrap().len())
        .collect();
    assert_eq!(agreements, [6, 4, 5, 4, 21]);
    for doc in &docs {
        let kinds: Vec<&str> = doc["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap())
            .collect();
        let agreement_clauses = kinds.iter().filter(|k| **k == "agreement").count();
        assert_eq!(
            agreement_clauses,
            doc["agreements"].as_array().unwrap().len()
        );
    }
}

#[test]
fn seeds_meetings_conferences_and_locations() {
    let docs = seed_docs();
    let meetings: Vec<Vec<String>> = docs.iter().map(|d| strings(&d["meeting_types"])).collect();
    assert_eq!(meetings[0], ["high-level meeting", "signing ceremony"]);
    assert_eq!(
        meetings[1],
        ["signing ceremony", "opening ceremony", "forum"]
    );
    assert_eq!(meetings[2], ["plenary session"]);
    assert_eq!(meetings[3], ["plenary session", "high-level meeting"]);
    assert_eq!(meetings[4], ["plenary session"]);
    let ordinals: Vec<Value> = docs.iter().map(|d| d["plenary_ordinal"].clone()).collect();
    assert_eq!(
        ordinals,
        [Value::Null, Value::Null, 5.into(), 1.into(), 6.into()]
    );
    assert_eq!(
        docs[2]["conference"],
        "Hong Kong/Beijing Co-operation Conference"
    );
    assert_eq!(
        docs[3]["conference"],
        "Hong Kong/Chongqing Cooperation Conference"
    );
    let locations: Vec<Value> = docs.iter().map(|d| d["location"].clone()).collect();
    assert_eq!(
        locations,
        [
            "Hong Kong",
            "Hong Kong",
            "Hong Kong",
            "Chongqing",
            "Hong Kong"
        ]
        .map(Value::from)
    );
    assert_eq!(
        docs[3]["url"],
        "https://www.info.gov.hk/gia/general/202305/11/P2023051100454.htm"
    );
}

#[test]
fn seeds_every_area_heading_in_the_text_is_found() {
    let docs = seed_docs();
    assert_eq!(
        headings(&docs[0]),
        [
            "The \"Belt and Road\" Initiative",
            "Finance",
            "Innovation and technology",
            "Trade and industry",
            "Construction and modern service industry",
            "Legal services",
            "Education",
            "Culture and tourism",
            "Health and hygiene",
            "Exchange of talent",
            "Youth development",
            "Facilitation for Hong Kong people in the Mainland",
        ]
    );
    assert_eq!(
        headings(&docs[1]),
        [
            "Innovation and Technology",
            "Trade and Investment",
            "Youth Exchange",
            "Culture and Tourism",
            "Exchange of Talents and Civil Servants",
            "Health, Hygiene and Chinese Medicine",
            "Environmental Protection",
            "Facilitation for Hong Kong People in the Mainland",
            "Legal and Dispute Resolution",
        ]
    );
    assert_eq!(headings(&docs[2]).len(), 11);
    assert_eq!(
        headings(&docs[3]),
        [
            "The Belt and Road Initiative, Economic, Trade and Investment Co-operation",
            "Finance",
            "Innovation and Technology",
            "Logistics",
            "Cultural Exchange and Tourism",
            "Education",
            "Talent Exchange",
            "Youth Development",
            "Legal and Dispute Resolution",
            "Health and Chinese Medicine",
            "Facilitation for Hong Kong People in the Mainland",
        ]
    );
    assert_eq!(
        headings(&docs[4])[0],
        "Joint Pursuit of the Belt and Road Development and Business Investment"
    );
    assert_eq!(headings(&docs[4]).len(), 15);
}

#[test]
fn zhejiang_missing_headings_are_inferred_flagged_and_warned() {
    let docs = seed_docs();
    let zhejiang = &docs[1];
    let inferred: Vec<Vec<String>> = zhejiang["areas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["inferred"] == true)
        .map(|a| strings(&a["canonical"]))
        .collect();
    assert_eq!(
        inferred,
        [["Finance"], ["Transport and Logistics"], ["Education"]]
    );
    let warnings: Vec<String> = zhejiang["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("declares 12") && w.contains("9 headings")),
        "{warnings:?}"
    );
    let first = &zhejiang["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "commitment")
        .unwrap();
    assert_eq!(first["inferred"], true);
    assert_eq!(first["area_heading"], Value::Null);
    assert_eq!(strings(&first["areas"]), ["Finance"]);
}

#[test]
fn seeds_clauses_hold_no_headings_rules_or_footers() {
    let docs = seed_docs();
    for doc in &docs {
        let heads = headings(doc);
        for clause in doc["clauses"].as_array().unwrap() {
            let text = clause["text"].as_str().unwrap();
            for junk in [
                "——",
                "****",
                "\\_",
                "__",
                "Ends/",
                "NNNN",
                "Issued at HKT",
                "Go to main content",
                "Press Releases",
                "# ",
                "\u{a0}",
                "  ",
            ] {
                assert!(
                    !text.contains(junk),
                    "{junk:?} in clause {}: {text}",
                    clause["id"]
                );
            }
            for h in &heads {
                assert!(
                    !text.starts_with(&format!("{h} ")),
                    "heading {h:?} glued into {text}"
                );
            }
            assert_eq!(text.trim(), text);
        }
    }
}

#[test]
fn seeds_wrapped_paragraph_and_items_are_rejoined() {
    let docs = seed_docs();
    let texts: Vec<&str> = docs
        .iter()
        .flat_map(|d| d["clauses"].as_array().unwrap())
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t
                .contains("support the docking and establishment of co-operative relationships"))
    );
    assert!(texts
        .iter()
        .any(|t| t.contains("on ecological and environmental industries")));
    assert!(texts.contains(
        &"Memorandum of Understanding on Co-operation between Science and Technology Commission of Shanghai Municipality and Hong Kong Trade Development Council on Promoting Innovation and Development of Hong Kong and Shanghai Enterprises"
    ));
    assert!(!texts
        .iter()
        .any(|t| t.starts_with("establishment of co-operative") || *t == "Shanghai Enterprises"));
}

#[test]
fn clause_ids_are_stable_unique_and_independent_of_line_ends() {
    let first = seed_docs();
    let second = seed_docs();
    let ids = |docs: &[Value]| -> Vec<String> {
        docs.iter()
            .flat_map(|d| d["clauses"].as_array().unwrap())
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&first), ids(&second));
    let mut unique = ids(&first);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids(&first).len());

    // The same release saved with CRLF line ends and a byte-order mark
    // parses to the same clauses.
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(seeds().join("002_3b3d6f915a112d97.txt")).unwrap();
    std::fs::write(
        dir.path().join("crlf.txt"),
        format!("\u{feff}{}", original.replace('\n', "\r\n")),
    )
    .unwrap();
    let crlf = parse_json(dir.path(), &["crlf.txt"]);
    assert_eq!(crlf[0]["id"], first[2]["id"]);
    assert_eq!(crlf[0]["clauses"], first[2]["clauses"]);
}

#[test]
fn hostile_files_are_skipped_with_one_warning_each_and_the_rest_ingests() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("blank.txt"), "\u{a0}\n  \n").unwrap();
    std::fs::write(d.join("binary.txt"), b"GIF89a\x00\x01\x02\x03").unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"Hong Kong and Jiangsu\n\nCaf\xe9 co-operation.\n",
    )
    .unwrap();
    std::fs::write(d.join("ignored.pdf"), b"%PDF").unwrap();
    for name in [
        "crlf_with_bom.txt",
        "no_headings.txt",
        "heading_without_paragraph.md",
    ] {
        std::fs::copy(fixture(name), d.join(name)).unwrap();
    }
    // A 20 MB release: one heading and many commitment paragraphs.
    let mut big = String::from("Hong Kong/Anhui Co-operation Conference held in Hefei\n\nHong Kong and Anhui reached consensus on the following 1 co-operation area:\n\nFinance\n\n");
    let paragraph = "Support Anhui enterprises to list in Hong Kong and issue bonds, and encourage financial institutions of the two places to set up offices.\n\n";
    while big.len() < 20 * 1024 * 1024 {
        big.push_str(paragraph);
    }
    big.push_str("Ends/Monday, January 8, 2024\n");
    std::fs::write(d.join("big.txt"), &big).unwrap();

    let out = accords_ok(d, &["parse", "--format", "json", "."]);
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut files: Vec<String> = docs
        .iter()
        .map(|d| d["source"].as_str().unwrap().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "./big.txt",
            "./crlf_with_bom.txt",
            "./heading_without_paragraph.md",
            "./no_headings.txt"
        ]
    );
    let err = stderr(&out);
    for (file, reason) in [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("latin1.txt", "not valid UTF-8 (line 3"),
    ] {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(file)).collect();
        assert_eq!(lines.len(), 1, "{file}: {err}");
        assert!(lines[0].contains(reason), "{file}: {}", lines[0]);
    }
    assert!(!err.contains("ignored.pdf"));

    let big_doc = docs.iter().find(|d| d["source"] == "./big.txt").unwrap();
    let commitments = big_doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "commitment")
        .count();
    assert_eq!(commitments, big.matches(paragraph).count());
    assert_eq!(big_doc["date"], "2024-01-08");
}

#[test]
fn crlf_bom_release_parses_like_any_other() {
    let docs = parse_json(&root(), &[fixture("crlf_with_bom.txt").to_str().unwrap()]);
    let doc = &docs[0];
    assert_eq!(
        doc["title"],
        "Hong Kong/Fujian Co-operation Conference held in Fuzhou"
    );
    assert_eq!(doc["partner"], "Fujian");
    assert_eq!(doc["date"], "2024-03-03");
    assert_eq!(headings(doc), ["Finance", "Education"]);
    assert_eq!(doc["warnings"], Value::Array(vec![]));
}

#[test]
fn release_without_headings_gets_inferred_areas_and_warnings() {
    let docs = parse_json(&root(), &[fixture("no_headings.txt").to_str().unwrap()]);
    let doc = &docs[0];
    let areas: Vec<Vec<String>> = doc["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| strings(&a["canonical"]))
        .collect();
    assert_eq!(
        areas,
        [["Finance"], ["Education"], ["Health and Chinese Medicine"]]
    );
    assert!(doc["areas"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["inferred"] == true && a["heading"].is_null()));
    assert_eq!(strings(&doc["meeting_types"]), ["working meeting"]);
    let messages: Vec<&str> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("no co-operation area headings")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("declares 3") && m.contains("0 headings")),
        "{messages:?}"
    );
}

#[test]
fn heading_without_paragraph_and_missing_year_are_warned_never_guessed() {
    let docs = parse_json(
        &root(),
        &[fixture("heading_without_paragraph.md").to_str().unwrap()],
    );
    let doc = &docs[0];
    assert_eq!(doc["date"], "--12-01");
    assert_eq!(doc["date_source"], "text");
    assert_eq!(headings(doc), ["Tourism", "Finance"]);
    let warnings = doc["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w["line"] == 7
        && w["message"]
            .as_str()
            .unwrap()
            .contains("\"Tourism\" has no paragraph")));
    assert!(warnings
        .iter()
        .any(|w| w["message"].as_str().unwrap().contains("no year")));
}

#[test]
fn hard_wrapped_release_keeps_paragraphs_and_headings_apart() {
    let docs = parse_json(&root(), &[fixture("hard_wrapped.txt").to_str().unwrap()]);
    let doc = &docs[0];
    assert_eq!(doc["partner"], "Guangxi");
    assert_eq!(doc["partner_kind"], "autonomous region");
    assert_eq!(doc["date"], "2024-08-08");
    assert_eq!(doc["plenary_ordinal"], 1);
    assert_eq!(headings(doc), ["Logistics", "Culture and Tourism"]);
    let commitments: Vec<&str> = doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "commitment")
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(commitments.len(), 3);
    assert!(commitments[0].starts_with("Support the development of the Western Land-Sea Corridor"));
    assert!(commitments[0].ends_with("through Hong Kong's port and airport."));
}

#[test]
fn numbered_agreements_keep_wrapped_lines_and_stated_count_is_checked() {
    let docs = parse_json(
        &root(),
        &[fixture("numbered_agreements.md").to_str().unwrap()],
    );
    let doc = &docs[0];
    assert_eq!(
        strings(&doc["agreements"]),
        [
            "Memorandum of Understanding on Financial Co-operation",
            "Agreement on Youth Exchange between Hong Kong and Tianjin",
            "Letter of Intent on Port Co-operation",
        ]
    );
    assert_eq!(doc["warnings"], Value::Array(vec![]));
}

#[test]
fn missing_path_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = accords_in(dir.path(), &["parse", "no/such/folder"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no/such/folder"), "{}", stderr(&out));
}

#[test]
fn text_outline_names_each_document_and_its_areas() {
    let out = accords_ok(&root(), &["parse", "seeds/003_e789e4217965ec8b.txt"]);
    let text = stdout(&out);
    assert!(
        text.contains("partner:     Chongqing (municipality)"),
        "{text}"
    );
    assert!(
        text.contains("date:        2023-05-11 (from catalog)"),
        "{text}"
    );
    assert!(
        text.contains("## Logistics  [Transport and Logistics]"),
        "{text}"
    );
}

/// The same release as the government site's page and as its plain text.
const RELEASE_TITLE: &str =
    "Second Plenary Session of the Hong Kong/Hubei Co-operation Conference held in Wuhan (with photos)";
const RELEASE_PARAGRAPHS: [&str; 4] = [
    "The Chief Secretary for Administration and the Vice-Governor of Hubei Province co-chaired the Second Plenary Session of the Hong Kong/Hubei Co-operation Conference in Wuhan this morning (June 12). Officials of both governments attended.",
    "Hong Kong and Hubei reached consensus on the following two co-operation areas:",
    "Support Hubei enterprises to list and issue bonds in Hong Kong, and encourage financial institutions of the two places to set up offices in each other's markets.",
    "Encourage exchanges of students and teachers between the universities of the two places, and support sister-school partnerships.",
];

fn release_text() -> String {
    format!(
        "{RELEASE_TITLE}\n****************************\n\n     {}\n\n     {}\n\nFinance\n\n     {}\n\nEducation\n\n     {}\n\nEnds/Wednesday, June 12, 2024\nIssued at HKT 18:30\n\nNNNN\n",
        RELEASE_PARAGRAPHS[0], RELEASE_PARAGRAPHS[1], RELEASE_PARAGRAPHS[2], RELEASE_PARAGRAPHS[3]
    )
}

fn release_page(charset: &str) -> String {
    let nbsp = "&nbsp;&nbsp;&nbsp;&nbsp; ";
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">\n\
         <title>Press Releases</title><script>var s = \"<p>Skip to main content</p>\";</script><style>p {{ margin: 0 }}</style></head>\n\
         <body><div id=\"skipLink\"><a href=\"#contentBody\">Skip to main content</a></div>\n\
         <div id=\"header\"><div class=\"masthead\">GovHK</div><ul class=\"topnav\"><li>English version</li><li>繁體版</li><li>简体版</li><li>Font size</li><li>Print</li></ul></div>\n\
         <div id=\"contentBody\"><h1>Press Releases</h1>\n\
         <span id=\"PRHeadlineSpan\">{}</span>\n\
         <span id=\"pressrelease\">{nbsp}{}<br><br>{nbsp}{}<br><br><b>Finance</b><br><br>{nbsp}{}<br><br><b>Education</b><br><br>{nbsp}{}<br></span>\n\
         <p>Ends/Wednesday, June 12, 2024<br>Issued at HKT 18:30</p></div>\n\
         <div class=\"share-bar\"><a>Email this article</a> <a>Share</a></div></body></html>\n",
        RELEASE_TITLE,
        RELEASE_PARAGRAPHS[0],
        RELEASE_PARAGRAPHS[1].replace('\'', "&#39;"),
        RELEASE_PARAGRAPHS[2].replace('\'', "&#39;"),
        RELEASE_PARAGRAPHS[3],
    )
}

/// The facts compared between the two forms of one release.
fn facts(doc: &Value) -> Value {
    let clauses: Vec<Value> = doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| serde_json::json!([c["kind"], c["area_heading"], c["text"]]))
        .collect();
    serde_json::json!({
        "title": doc["title"], "partner": doc["partner"], "province": doc["province"],
        "meeting_types": doc["meeting_types"], "date": doc["date"],
        "declared_areas": doc["declared_areas"], "headings": headings(doc),
        "meeting_release": doc["meeting_release"], "language": doc["language"],
        "clauses": clauses,
    })
}

#[test]
fn html_page_parses_to_the_same_facts_as_its_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("release.txt"), release_text()).unwrap();
    std::fs::write(dir.path().join("release.html"), release_page("utf-8")).unwrap();
    let docs = parse_json(dir.path(), &["release.html", "release.txt"]);
    assert_eq!(docs.len(), 2);
    let (html, text) = (facts(&docs[0]), facts(&docs[1]));
    assert_eq!(html, text);
    assert_eq!(
        html["title"],
        "Second Plenary Session of the Hong Kong/Hubei Co-operation Conference held in Wuhan"
    );
    assert_eq!(html["partner"], "Hubei");
    assert_eq!(html["date"], "2024-06-12");
    assert_eq!(
        html["headings"],
        serde_json::json!(["Finance", "Education"])
    );
    assert_eq!(html["meeting_release"], true);
    assert!(!docs[0]["clauses"]
        .to_string()
        .to_lowercase()
        .contains("skip to main content"));
}

#[test]
fn html_pages_in_other_charsets_and_broken_markup_are_read_or_skipped_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let page = release_page("windows-1252").replace("Hubei", "Hubéi");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    std::fs::write(dir.path().join("latin1.htm"), &latin1).unwrap();
    let (big5, _, _) = encoding_rs::BIG5.encode(
        "<html><head><meta charset=\"big5\"></head><body><div id=\"content\"><h2>粵港合作聯席會議第二十一次會議在廣州舉行</h2>\
         <p>行政長官與廣東省省長今日在廣州共同主持粵港合作聯席會議第二十一次會議，雙方就多個範疇的合作達成共識，並簽署多份合作協議。會議於2019年5月16日舉行。</p>\
         <p>粵港雙方同意進一步深化合作，共同推進粵港澳大灣區建設，在創新科技、金融、青年發展等範疇加強交流。</p></div></body></html>",
    );
    std::fs::write(dir.path().join("chinese.html"), &big5).unwrap();
    std::fs::write(
        dir.path().join("broken.html"),
        "<html><body><div><p>Unclosed <b>bold <table><tr><td>cell</div></span></p>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("empty.html"),
        "<html><body><script>x()</script></body></html>",
    )
    .unwrap();
    let deep = "<div>".repeat(10_000) + "A deep page." + &"</div>".repeat(10);
    std::fs::write(dir.path().join("deep.html"), deep).unwrap();
    let out = accords_ok(dir.path(), &["parse", "--format", "json", "."]);
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let by_file = |name: &str| {
        docs.iter()
            .find(|d| d["source"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} parsed"))
    };
    assert!(by_file("latin1.htm")["clauses"]
        .to_string()
        .contains("Hubéi"));
    let chinese = by_file("chinese.html");
    assert_eq!(chinese["language"], "zh");
    assert_eq!(chinese["partner"], "Guangdong");
    assert_eq!(chinese["date"], "2019-05-16");
    assert_eq!(
        chinese["meeting_types"],
        serde_json::json!(["joint conference"])
    );
    assert!(chinese["warnings"]
        .to_string()
        .contains("not yet searchable by Chinese words"));
    by_file("broken.html");
    by_file("deep.html");
    assert!(stderr(&out).contains("empty.html: skipped: HTML page with no text"));
}
