//! Parsing accuracy on the development corpus: real releases of many
//! partners in `tests/corpus/releases/`, scored field by field against the
//! facts a person read from each text (`tests/corpus/expected.json`).
//!
//! The test prints the table README's "Parsing accuracy" section shows and
//! fails when any field scores below the target.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{accords_ok, root};

/// The share of documents each field must get right.
const TARGET: f64 = 0.95;

/// The fields scored, in the order the table shows them.
const FIELDS: [&str; 9] = [
    "partner",
    "province",
    "meeting_types",
    "date",
    "declared_areas",
    "area_headings",
    "title",
    "meeting_release",
    "language",
];

/// What `accords parse --format json` says of one field of a document, in
/// the form the expected facts use.
fn actual(doc: &Value, field: &str) -> Value {
    match field {
        "area_headings" => Value::Array(
            doc["areas"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a["heading"].as_str())
                .map(|h| Value::String(h.to_string()))
                .collect(),
        ),
        "meeting_types" => {
            let mut types: Vec<String> = doc["meeting_types"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect();
            types.sort();
            Value::Array(types.into_iter().map(Value::String).collect())
        }
        "title" => match doc["title"].as_str() {
            Some("") | None => Value::Null,
            Some(t) => Value::String(t.to_string()),
        },
        _ => doc.get(field).cloned().unwrap_or(Value::Null),
    }
}

/// Titles compare without case or spacing differences; everything else
/// exactly.
fn same(field: &str, expected: &Value, got: &Value) -> bool {
    match (field, expected, got) {
        ("title", Value::String(e), Value::String(g)) => fold(e) == fold(g),
        ("meeting_types", Value::Array(e), Value::Array(g)) => {
            let mut e: Vec<&str> = e.iter().filter_map(Value::as_str).collect();
            e.sort_unstable();
            let g: Vec<&str> = g.iter().filter_map(Value::as_str).collect();
            e == g
        }
        _ => expected == got,
    }
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['’', '‘'], "'")
}

#[test]
fn corpus_facts_reach_the_target_on_every_field() {
    let corpus = root().join("tests").join("corpus");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("expected.json")).expect("expected.json is there"),
    )
    .expect("expected.json is JSON");
    let expected = expected["documents"]
        .as_object()
        .expect("expected.json has documents");
    let out = accords_ok(&corpus, &["parse", "releases", "--format", "json"]);
    let docs: Vec<Value> = serde_json::from_slice(&out.stdout).expect("parse prints JSON");
    let by_name: BTreeMap<String, &Value> = docs
        .iter()
        .filter_map(|d| {
            let file = d["source"].as_str()?;
            let name = file.rsplit(['/', '\\']).next()?;
            Some((name.to_string(), d))
        })
        .collect();

    let mut right: BTreeMap<&str, usize> = BTreeMap::new();
    let mut misses = Vec::new();
    for (name, facts) in expected {
        for field in FIELDS {
            let want = &facts[field];
            let got = by_name
                .get(name)
                .map_or(Value::Null, |doc| actual(doc, field));
            if by_name.contains_key(name) && same(field, want, &got) {
                *right.entry(field).or_default() += 1;
            } else {
                misses.push(format!("{name}: {field}: expected {want}, got {got}"));
            }
        }
    }

    let n = expected.len();
    let mut table = format!("| field | right | of {n} | score |\n| --- | ---: | ---: | ---: |\n");
    let mut failing = Vec::new();
    for field in FIELDS {
        let r = right.get(field).copied().unwrap_or(0);
        let score = r as f64 / n as f64;
        table.push_str(&format!("| {field} | {r} | {n} | {score:.3} |\n"));
        if score < TARGET {
            failing.push(field);
        }
    }
    println!("{table}");
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(
        n >= 40,
        "the corpus should hold at least 40 releases, it holds {n}"
    );
    assert!(
        failing.is_empty(),
        "fields below {TARGET}: {failing:?}\n{table}\n{}",
        misses.join("\n")
    );
}

/// The partner facts the corpus carries are facets: a province finds the
/// meetings of its cities and zones, a partner only its own, and partner
/// kind and document kind filter and count like any facet.
#[test]
fn province_partner_kind_and_document_kind_filter_and_count() {
    let dir = tempfile::tempdir().unwrap();
    let releases = root().join("tests/corpus/releases");
    let releases = releases.to_str().unwrap();
    accords_ok(dir.path(), &["index", releases, "--index", "idx"]);
    let search = |extra: &[&str]| -> Value {
        let mut args = vec!["search", "", "--kind", "all", "--limit", "0"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--facets", "--format", "json", "--index", "idx"]);
        serde_json::from_slice(&accords_ok(dir.path(), &args).stdout).unwrap()
    };
    let partners = |results: &Value| -> Vec<String> {
        let mut found: Vec<String> = results["facets"]["partner"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        found.sort();
        found
    };
    let guangdong = search(&["--province", "Guangdong"]);
    assert_eq!(
        partners(&guangdong),
        ["Guangdong", "Guangzhou", "Qianhai", "Shenzhen"]
    );
    let shenzhen = search(&["--partner", "Shenzhen"]);
    assert_eq!(partners(&shenzhen), ["Shenzhen"]);
    assert!(shenzhen["total"].as_u64() < guangdong["total"].as_u64());
    for hit in shenzhen["hits"].as_array().unwrap() {
        assert_eq!(hit["province"], "Guangdong");
        assert_eq!(hit["partner_kind"], "city");
    }

    let groupings = search(&["--partner-kind", "regional grouping"]);
    assert_eq!(partners(&groupings), ["Pan-Pearl River Delta"]);
    assert_eq!(
        groupings["facets"]["province"]["(none)"],
        groupings["total"]
    );

    let meetings = search(&["--partner", "Shenzhen", "--document-kind", "meeting"]);
    let others = search(&["--partner", "Shenzhen", "--document-kind", "other"]);
    assert!(meetings["total"].as_u64().unwrap() > 0);
    assert!(others["total"].as_u64().unwrap() > 0);
    assert_eq!(
        meetings["total"].as_u64().unwrap() + others["total"].as_u64().unwrap(),
        shenzhen["total"].as_u64().unwrap()
    );
    assert_eq!(
        shenzhen["facets"]["document_kind"]["meeting release"],
        meetings["total"]
    );
}
