//! `accords similar` and `accords compare` on the bundled seeds: the same
//! commitment found at other partners, pasted paragraphs of any length,
//! two partners side by side, the judged similar set scored, and the HTTP
//! routes the page uses.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use super::serve::{encode, Server};
use super::{root, Run, Sandbox};

/// The first clause of `partner` a search for `query` finds.
fn clause_of(sandbox: &Sandbox, query: &str, partner: &str) -> String {
    let results = sandbox
        .run(&[
            "search",
            query,
            "--partner",
            partner,
            "--limit",
            "1",
            "--format",
            "json",
            "--index",
            "idx",
        ])
        .ok()
        .json();
    results["hits"][0]["id"].as_str().unwrap().to_string()
}

fn similar_json(sandbox: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["similar"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--index", "idx"]);
    sandbox.run(&all).ok().json()
}

fn ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn with_stdin(sandbox: &Sandbox, args: &[&str], input: &str) -> Run {
    let mut child = sandbox
        .command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().into()
}

const MEDICINE: &str = "Chinese medicine standardisation";

#[test]
fn similar_clauses_are_the_same_commitment_made_by_other_partners() {
    let sandbox = Sandbox::indexed();
    let chongqing = clause_of(&sandbox, MEDICINE, "Chongqing");
    let jiangsu = clause_of(&sandbox, MEDICINE, "Jiangsu");
    let shanghai = clause_of(&sandbox, MEDICINE, "Shanghai");
    let results = similar_json(&sandbox, &[&chongqing, "--limit", "5"]);
    assert_eq!(results["source"]["clause"]["id"], chongqing.as_str());
    let found = ids(&results);
    assert_eq!(found.len(), 5);
    // Jiangsu's clause repeats Chongqing's word for word; Shanghai's makes
    // the same commitment in other words.
    assert_eq!(found[0], jiangsu, "{found:?}");
    assert!(found[..3].contains(&shanghai), "{found:?}");
    let doc = chongqing.rsplit_once('-').unwrap().0;
    for hit in results["hits"].as_array().unwrap() {
        assert_ne!(hit["partner"], "Chongqing", "{hit}");
        assert_ne!(hit["doc_id"], doc);
        let score = hit["score"].as_f64().unwrap();
        assert!(score > 0.0);
    }
    let scores: Vec<f64> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // Why: the distinctive words shared, marked in the text.
    let first = &results["hits"][0];
    let shared: Vec<&str> = first["shared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    for word in ["medicine", "chinese", "standardisation"] {
        assert!(shared.contains(&word), "{shared:?}");
    }
    let text = first["text"].as_str().unwrap();
    let marked: Vec<String> = first["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (s, e) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            text[s..e].to_lowercase()
        })
        .collect();
    assert!(
        marked.contains(&"standardisation".to_string()),
        "{marked:?}"
    );
    assert!(
        !marked.iter().any(|m| m == "the" || m == "and"),
        "{marked:?}"
    );
    let overlap = first["overlap"].as_f64().unwrap();
    assert!(overlap > 0.5 && overlap <= 1.0, "{overlap}");
}

#[test]
fn shanghai_and_chongqing_chinese_medicine_clauses_are_each_others_nearest() {
    let sandbox = Sandbox::indexed();
    let chongqing = clause_of(&sandbox, MEDICINE, "Chongqing");
    let shanghai = clause_of(&sandbox, MEDICINE, "Shanghai");
    let jiangsu = clause_of(&sandbox, MEDICINE, "Jiangsu");
    // Among each other's clauses, each is the other's nearest.
    let from_chongqing = similar_json(&sandbox, &[&chongqing, "--partner", "shanghai"]);
    assert_eq!(ids(&from_chongqing)[0], shanghai);
    let from_shanghai = similar_json(&sandbox, &[&shanghai, "--partner", "Chongqing"]);
    assert_eq!(ids(&from_shanghai)[0], chongqing);
    for hit in from_shanghai["hits"].as_array().unwrap() {
        assert_eq!(hit["partner"], "Chongqing");
    }
    // compare links them as a pair.
    let comparison = sandbox
        .run(&[
            "compare",
            "Shanghai",
            "Chongqing",
            "--format",
            "json",
            "--index",
            "idx",
        ])
        .ok()
        .json();
    let pairs: Vec<(String, String)> = comparison["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["left"].as_str().unwrap().to_string(),
                p["right"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        pairs.contains(&(shanghai.clone(), chongqing.clone())),
        "{pairs:?}"
    );
    // Over every partner, Jiangsu's clause, which repeats Chongqing's word
    // for word, is nearer to it still, and the two are mutual.
    assert_eq!(ids(&similar_json(&sandbox, &[&chongqing]))[0], jiangsu);
    assert_eq!(ids(&similar_json(&sandbox, &[&jiangsu]))[0], chongqing);
}

#[test]
fn same_partner_admits_the_clauses_own_document_but_never_itself() {
    let sandbox = Sandbox::indexed();
    let chongqing = clause_of(&sandbox, MEDICINE, "Chongqing");
    let results = similar_json(&sandbox, &[&chongqing, "--same-partner", "--limit", "30"]);
    let found = ids(&results);
    assert!(!found.contains(&chongqing));
    let partners: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["partner"].as_str().unwrap())
        .collect();
    assert!(partners.contains(&"Chongqing"), "{partners:?}");
    assert_eq!(results["same_partner"], true);
}

#[test]
fn a_pasted_paragraph_longer_than_a_query_finds_the_clauses_like_it() {
    let sandbox = Sandbox::indexed();
    // More words than a search takes, the commitment buried in it.
    let paragraph = format!(
        "{} Both sides agreed to accelerate academic and talent exchanges of Chinese \
         medicine and to strengthen co-operation in the field of international \
         standardisation of Chinese medicine.",
        "The two governments held a meeting today and reviewed their work together. ".repeat(6)
    );
    assert!(paragraph.split_whitespace().count() > 64);
    let search = sandbox.run(&["search", &paragraph, "--index", "idx"]);
    assert_eq!(search.code, 2);
    assert!(search.stderr.contains("at most 64"), "{}", search.stderr);

    let piped = with_stdin(
        &sandbox,
        &[
            "similar", "--text", "-", "--format", "json", "--index", "idx",
        ],
        &paragraph,
    )
    .ok()
    .json();
    let partners: Vec<&str> = piped["hits"]
        .as_array()
        .unwrap()
        .iter()
        .take(4)
        .map(|h| h["partner"].as_str().unwrap())
        .collect();
    let mut sorted = partners.clone();
    sorted.sort();
    assert_eq!(sorted, ["Chongqing", "Jiangsu", "Shanghai", "Zhejiang"]);
    assert!(piped["source"]["clause"].is_null());
    // Inline, the same text finds the same clauses.
    let inline = similar_json(&sandbox, &["--text", &paragraph]);
    assert_eq!(ids(&inline), ids(&piped));

    let text = with_stdin(
        &sandbox,
        &["similar", "--text", "-", "--limit", "2", "--index", "idx"],
        &paragraph,
    )
    .ok();
    assert!(
        text.stdout.starts_with("2 clauses like the text given"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("shares "), "{}", text.stdout);
}

#[test]
fn similar_explains_unknown_ids_and_empty_text() {
    let sandbox = Sandbox::indexed();
    let unknown = sandbox.run(&["similar", "ffffffffffffffff-999", "--index", "idx"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("\"ffffffffffffffff-999\""),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown.stderr.contains("accords search"),
        "{}",
        unknown.stderr
    );

    let empty = with_stdin(
        &sandbox,
        &["similar", "--text", "-", "--index", "idx"],
        " \n\t",
    );
    assert_eq!(empty.code, 2);
    assert!(
        empty.stderr.contains("standard input held no words"),
        "{}",
        empty.stderr
    );
    let blank = sandbox.run(&["similar", "--text", "  ", "--index", "idx"]);
    assert_eq!(blank.code, 2);
    assert!(
        blank.stderr.contains("--text: the text has no words"),
        "{}",
        blank.stderr
    );
    let both = sandbox.run(&["similar", "x-1", "--text", "y", "--index", "idx"]);
    assert_eq!(both.code, 2);
    let partner = sandbox.run(&[
        "similar",
        "--text",
        "medicine",
        "--partner",
        "Chongqingg",
        "--index",
        "idx",
    ]);
    assert_eq!(partner.code, 2);
    assert!(
        partner.stderr.contains("did you mean Chongqing"),
        "{}",
        partner.stderr
    );
}

#[test]
fn compare_sets_two_partners_side_by_side_area_by_area() {
    let sandbox = Sandbox::indexed();
    let comparison = sandbox
        .run(&[
            "compare",
            "shanghai",
            "Chongqing",
            "--format",
            "json",
            "--index",
            "idx",
        ])
        .ok()
        .json();
    assert_eq!(
        comparison["partners"],
        serde_json::json!(["Shanghai", "Chongqing"])
    );
    let areas = comparison["areas"].as_array().unwrap();
    let mut only_shanghai = 0;
    for area in areas {
        let left = area["left"].as_array().unwrap();
        let right = area["right"].as_array().unwrap();
        assert!(left.iter().all(|c| c["partner"] == "Shanghai"));
        assert!(right.iter().all(|c| c["partner"] == "Chongqing"));
        let expected = match (left.is_empty(), right.is_empty()) {
            (false, true) => Value::from("Shanghai"),
            (true, false) => Value::from("Chongqing"),
            (false, false) => Value::Null,
            (true, true) => panic!("an empty area: {area}"),
        };
        assert_eq!(area["only"], expected);
        if expected == "Shanghai" {
            only_shanghai += 1;
        }
    }
    assert!(only_shanghai > 0);
    let names: Vec<&str> = areas.iter().map(|a| a["area"].as_str().unwrap()).collect();
    assert!(names.contains(&"Health and Chinese Medicine"), "{names:?}");
    // Every clause of both is listed: as many as a search lists.
    for partner in ["Shanghai", "Chongqing"] {
        let all = sandbox
            .run(&[
                "search",
                "",
                "--partner",
                partner,
                "--limit",
                "1",
                "--format",
                "json",
                "--index",
                "idx",
            ])
            .ok()
            .json();
        let side = if partner == "Shanghai" {
            "left"
        } else {
            "right"
        };
        let mut listed: Vec<&str> = areas
            .iter()
            .flat_map(|a| a[side].as_array().unwrap())
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        listed.sort();
        listed.dedup();
        assert_eq!(listed.len() as u64, all["total"].as_u64().unwrap());
    }
    // Pairs are one Shanghai and one Chongqing clause, closest first, each
    // clause once.
    let pairs = comparison["pairs"].as_array().unwrap();
    assert!(!pairs.is_empty());
    let overlaps: Vec<f64> = pairs
        .iter()
        .map(|p| p["overlap"].as_f64().unwrap())
        .collect();
    assert!(overlaps.windows(2).all(|w| w[0] >= w[1]), "{overlaps:?}");
    let mut rights: Vec<&str> = pairs.iter().map(|p| p["right"].as_str().unwrap()).collect();
    rights.sort();
    let n = rights.len();
    rights.dedup();
    assert_eq!(rights.len(), n);

    let text = sandbox
        .run(&["compare", "Shanghai", "Chongqing", "--index", "idx"])
        .ok()
        .stdout;
    assert!(text.starts_with("Shanghai and Chongqing: "), "{text}");
    assert!(text.contains(" · only Shanghai"), "{text}");
    assert!(text.contains("Closest pairs"), "{text}");
    assert!(text.contains(" ≈ B"), "{text}");
    let md = sandbox
        .run(&[
            "compare",
            "Shanghai",
            "Chongqing",
            "--format",
            "md",
            "--index",
            "idx",
        ])
        .ok()
        .stdout;
    assert!(
        md.contains("| Shanghai | Chongqing |\n| --- | --- |"),
        "{md}"
    );
    assert!(md.contains("## Closest pairs"), "{md}");
}

#[test]
fn compare_narrows_by_query_and_area_and_names_unknown_partners() {
    let sandbox = Sandbox::indexed();
    let narrowed = sandbox
        .run(&[
            "compare",
            "Shanghai",
            "Chongqing",
            "medicine",
            "--format",
            "json",
            "--index",
            "idx",
        ])
        .ok()
        .json();
    let areas: Vec<&str> = narrowed["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["area"].as_str().unwrap())
        .collect();
    assert_eq!(areas, ["Health and Chinese Medicine"]);
    assert_eq!(narrowed["query"], "medicine");
    let by_area = sandbox
        .run(&[
            "compare", "Beijing", "Jiangsu", "--area", "finance", "--format", "json", "--index",
            "idx",
        ])
        .ok()
        .json();
    for area in by_area["areas"].as_array().unwrap() {
        assert!(
            area["area"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("financ"),
            "{area}"
        );
    }
    let unknown = sandbox.run(&["compare", "Shanghai", "Chongqingg", "--index", "idx"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("Chongqingg"), "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("did you mean Chongqing"),
        "{}",
        unknown.stderr
    );
    let same = sandbox.run(&["compare", "Shanghai", "shanghai", "--index", "idx"]);
    assert_eq!(same.code, 2);
    assert!(
        same.stderr.contains("two different partners"),
        "{}",
        same.stderr
    );
}

/// Measured at 0.959 on the judged set when it was written; a ranking
/// change that costs more than a little fails here.
const SIMILAR_NDCG_FLOOR: f64 = 0.93;

#[test]
fn similar_scores_above_its_floor_on_the_judged_clauses() {
    let sandbox = Sandbox::with_seeds();
    let judged = root().join("eval").join("similar.json");
    let evaluation = sandbox
        .run(&[
            "eval",
            "--similar",
            judged.to_str().unwrap(),
            "--format",
            "json",
        ])
        .ok()
        .json();
    let sources = evaluation["sources"].as_array().unwrap();
    assert!(sources.len() >= 10);
    let ndcg = evaluation["overall"]["ndcg"].as_f64().unwrap();
    assert!(ndcg >= SIMILAR_NDCG_FLOOR, "nDCG@10 {ndcg}");
    assert_eq!(evaluation["depth"], 10);
    let text = sandbox
        .run(&["eval", "--similar", judged.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(text.lines().last().unwrap().starts_with("all"), "{text}");
}

#[test]
fn similar_and_compare_over_http() {
    let server = Server::seeds();
    let search = server
        .get(&format!(
            "/api/search?q={}&partner=Chongqing&limit=1",
            encode(MEDICINE)
        ))
        .json();
    let id = search["hits"][0]["id"].as_str().unwrap().to_string();
    let results = server.get(&format!("/api/similar?id={id}&limit=3")).json();
    assert_eq!(results["hits"].as_array().unwrap().len(), 3);
    assert_eq!(results["source"]["clause"]["id"], id.as_str());
    let text = server
        .get(&format!("/api/similar?text={}&limit=2", encode(MEDICINE)))
        .json();
    assert_eq!(text["hits"].as_array().unwrap().len(), 2);

    let (message, code) = server.get("/api/similar?id=nope-1").error(404);
    assert_eq!(code, "no_such_clause");
    assert!(message.contains("nope-1"), "{message}");
    let (message, code) = server.get("/api/similar?ids=x").error(400);
    assert_eq!(code, "unknown_parameter");
    assert!(message.contains("id or text"), "{message}");
    let (message, _) = server.get("/api/similar?text=%20").error(400);
    assert!(message.contains("empty"), "{message}");
    let (message, _) = server
        .get(&format!("/api/similar?id={id}&limit=0"))
        .error(400);
    assert!(message.contains("limit"), "{message}");

    let comparison = server
        .get("/api/compare?partner=Shanghai&partner=chongqing")
        .json();
    assert_eq!(
        comparison["partners"],
        serde_json::json!(["Shanghai", "Chongqing"])
    );
    let (message, code) = server
        .get("/api/compare?partner=Shanghai&partner=Chongqingg")
        .error(400);
    assert_eq!(code, "unknown_value");
    assert!(message.contains("Chongqing"), "{message}");
    let (message, _) = server.get("/api/compare?partner=Shanghai").error(400);
    assert!(message.contains("two partners"), "{message}");
}
