//! `accords export-engine`: the files for OpenSearch, Elasticsearch and
//! Quickwit, checked for what can be checked without a cluster: every
//! clause once with its fields, the bulk framing and size limit, the
//! structure of the template, search template and config, the rule sets
//! against accords' own tables, stable ids, exports of changes only, and
//! the load scripts through shellcheck.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use accords::export::engine::EngineRecord;
use accords::index::analysis::{analyze, spelling_pairs, unify_spelling};
use accords::Engine;

use crate::{copy_seeds, Sandbox};

/// Exports the sandbox's `idx` into `out` with `extra` flags.
fn export(sandbox: &Sandbox, target: &str, out: &str, extra: &[&str]) -> crate::Run {
    let mut args = vec![
        "export-engine",
        "--to",
        target,
        "--output",
        out,
        "--index",
        "idx",
    ];
    args.extend_from_slice(extra);
    sandbox.run(&args)
}

/// The numbered data files of `folder`, in name order.
fn data_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// One entry of a `_bulk` body.
#[derive(Debug, Clone, PartialEq)]
enum BulkAction {
    Index { id: String, record: Value },
    Delete { id: String },
}

/// Reads the bulk files of `dir`, checking the framing of each line: an
/// index action names `index` and the record's id and is followed by the
/// record, a delete stands alone.
fn read_bulk(dir: &Path, index: &str) -> Vec<BulkAction> {
    let mut actions = Vec::new();
    for file in data_files(&dir.join("bulk")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.ends_with('\n'), "{}: no final newline", file.display());
        let mut lines = text.lines().enumerate();
        while let Some((n, line)) = lines.next() {
            let head: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), n + 1));
            let head = head.as_object().unwrap();
            assert_eq!(head.len(), 1, "{}:{}: {line}", file.display(), n + 1);
            let (kind, meta) = head.iter().next().unwrap();
            assert_eq!(meta["_index"], index, "{}:{}", file.display(), n + 1);
            let id = meta["_id"].as_str().unwrap().to_string();
            match kind.as_str() {
                "index" => {
                    let (m, source) = lines
                        .next()
                        .unwrap_or_else(|| panic!("{}: action without source", file.display()));
                    let record: Value = serde_json::from_str(source)
                        .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), m + 1));
                    assert!(
                        record.get("index").is_none() && record.get("delete").is_none(),
                        "{}:{}: an action where a source belongs",
                        file.display(),
                        m + 1
                    );
                    assert_eq!(record["id"], id.as_str(), "{}:{}", file.display(), m + 1);
                    actions.push(BulkAction::Index { id, record });
                }
                "delete" => actions.push(BulkAction::Delete { id }),
                other => panic!("{}:{}: unexpected action {other}", file.display(), n + 1),
            }
        }
    }
    actions
}

/// The records of the index actions, by id, refusing a second one.
fn records_by_id(actions: &[BulkAction]) -> BTreeMap<String, Value> {
    let mut records = BTreeMap::new();
    for action in actions {
        if let BulkAction::Index { id, record } = action {
            assert!(
                records.insert(id.clone(), record.clone()).is_none(),
                "{id} twice"
            );
        }
    }
    records
}

/// Every clause of `idx`, as `accords search` lists it, by id.
fn search_hits(sandbox: &Sandbox) -> BTreeMap<String, Value> {
    let run = sandbox
        .run(&[
            "search", "", "--limit", "0", "--kind", "all", "--format", "jsonl", "--index", "idx",
        ])
        .ok();
    run.stdout
        .lines()
        .map(|line| {
            let hit: Value = serde_json::from_str(line).unwrap();
            (hit["id"].as_str().unwrap().to_string(), hit)
        })
        .collect()
}

/// Whether each document reports a meeting, from `accords docs`.
fn meeting_releases(sandbox: &Sandbox) -> HashMap<String, bool> {
    let run = sandbox
        .run(&["docs", "--format", "jsonl", "--index", "idx"])
        .ok();
    run.stdout
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).unwrap();
            (
                doc["id"].as_str().unwrap().to_string(),
                doc["meeting_release"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// What an exported record must hold for a search hit: the hit's clause
/// and document fields, the date split into a full date and accords' own
/// form, and the document kind.
fn expected_record(hit: &Value, meeting: &HashMap<String, bool>) -> Value {
    let mut record = hit.as_object().unwrap().clone();
    // `added` is when this index first saw the clause; a cluster keeps
    // its own times, so the export leaves it out.
    for field in ["rank", "score", "match", "highlights", "snippet", "added"] {
        record.remove(field);
    }
    record.retain(|_, value| !value.is_null());
    if let Some(date) = record.remove("date") {
        let date = date.as_str().unwrap().to_string();
        if !date.starts_with("--") {
            record.insert("date".into(), date.clone().into());
            let year: i64 = date[..4].parse().unwrap();
            record.insert("year".into(), year.into());
        }
        record.insert("meeting_date".into(), date.into());
    }
    let doc_id = hit["doc_id"].as_str().unwrap();
    let kind = if meeting[doc_id] {
        "meeting release"
    } else {
        "other release"
    };
    record.insert("document_kind".into(), kind.into());
    Value::Object(record)
}

#[test]
fn bulk_files_hold_every_clause_once_with_its_fields_under_the_size_limit() {
    let sandbox = Sandbox::indexed();
    let limit = 40_000;
    let run = export(
        &sandbox,
        "opensearch",
        "out",
        &[
            "--max-file-bytes",
            &limit.to_string(),
            "--index-name",
            "treaties",
        ],
    )
    .ok();
    let files = data_files(&sandbox.path("out/bulk"));
    assert!(files.len() > 2, "{files:?}");
    for file in &files {
        let size = std::fs::metadata(file).unwrap().len();
        assert!(size <= limit, "{}: {size} bytes", file.display());
        let listed = format!("out/bulk/{}", file.file_name().unwrap().to_string_lossy());
        assert!(run.stdout.lines().any(|l| l == listed), "{}", run.stdout);
    }
    // Each file but the last is full enough that the next entry would not
    // have fitted: the split wastes no file.
    assert!(files[..files.len() - 1]
        .iter()
        .all(|f| std::fs::metadata(f).unwrap().len() > limit / 2));

    let actions = read_bulk(&sandbox.path("out"), "treaties");
    assert!(actions
        .iter()
        .all(|a| matches!(a, BulkAction::Index { .. })));
    let records = records_by_id(&actions);
    let hits = search_hits(&sandbox);
    assert_eq!(
        records.keys().collect::<Vec<_>>(),
        hits.keys().collect::<Vec<_>>()
    );
    let meeting = meeting_releases(&sandbox);
    for (id, hit) in &hits {
        assert_eq!(records[id], expected_record(hit, &meeting), "{id}");
        // The library's record type reads every line back, unknown fields
        // refused.
        let typed: EngineRecord = serde_json::from_value(records[id].clone()).unwrap();
        assert_eq!(&typed.id, id);
    }
    assert!(
        run.stderr
            .contains(&format!("wrote {} clauses", hits.len())),
        "{}",
        run.stderr
    );
}

#[test]
fn filters_choose_the_clauses_as_in_search() {
    let sandbox = Sandbox::indexed();
    export(
        &sandbox,
        "elasticsearch",
        "out",
        &["--partner", "Shanghai", "--kind", "commitment"],
    )
    .ok();
    let records = records_by_id(&read_bulk(&sandbox.path("out"), "accords"));
    let run = sandbox
        .run(&[
            "search",
            "",
            "--limit",
            "0",
            "--partner",
            "Shanghai",
            "--kind",
            "commitment",
            "--format",
            "jsonl",
            "--index",
            "idx",
        ])
        .ok();
    let ids: BTreeSet<String> = run
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(!ids.is_empty());
    assert_eq!(records.keys().cloned().collect::<BTreeSet<_>>(), ids);
    assert!(records
        .values()
        .all(|r| r["partner"] == "Shanghai" && r["kind"] == "commitment"));
}

#[test]
fn a_clause_larger_than_the_limit_is_refused_with_the_flag_to_raise() {
    let sandbox = Sandbox::indexed();
    let run = export(&sandbox, "opensearch", "out", &["--max-file-bytes", "300"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("raise --max-file-bytes"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("clause "), "{}", run.stderr);

    let run = export(&sandbox, "quickwit", "out", &["--index-name", "Clauses"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("\"Clauses\""), "{}", run.stderr);
    assert!(run.stderr.contains("lowercase"), "{}", run.stderr);

    let run = export(
        &sandbox,
        "opensearch",
        "out",
        &["--changed-since", "nowhere.json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nowhere.json"), "{}", run.stderr);
}

// The documented structure of the OpenSearch/Elasticsearch index template.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexTemplate {
    index_patterns: Vec<String>,
    priority: u32,
    #[serde(rename = "_meta")]
    meta: BTreeMap<String, String>,
    template: Template,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Template {
    settings: Settings,
    mappings: Mappings,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    number_of_shards: u32,
    analysis: Analysis,
    similarity: BTreeMap<String, Similarity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Similarity {
    #[serde(rename = "type")]
    kind: String,
    k1: f64,
    b: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Analysis {
    char_filter: BTreeMap<String, PatternReplace>,
    filter: BTreeMap<String, BTreeMap<String, Value>>,
    analyzer: BTreeMap<String, Analyzer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternReplace {
    #[serde(rename = "type")]
    kind: String,
    pattern: String,
    replacement: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Analyzer {
    #[serde(rename = "type")]
    kind: String,
    char_filter: Vec<String>,
    tokenizer: String,
    filter: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Mappings {
    dynamic: String,
    properties: BTreeMap<String, Property>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Property {
    #[serde(rename = "type")]
    kind: String,
    analyzer: Option<String>,
    search_analyzer: Option<String>,
    format: Option<String>,
    index: Option<bool>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The field names of the exported records.
fn record_fields(records: &BTreeMap<String, Value>) -> BTreeSet<String> {
    records
        .values()
        .flat_map(|r| r.as_object().unwrap().keys().cloned())
        .collect()
}

#[test]
fn index_template_maps_every_record_field_with_accords_analyzer() {
    let sandbox = Sandbox::indexed();
    export(&sandbox, "opensearch", "out", &["--index-name", "clauses"]).ok();
    let template: IndexTemplate = read_json(&sandbox.path("out/index-template.json"));
    assert_eq!(template.index_patterns, vec!["clauses"]);
    assert!(template.priority > 0);
    assert!(template.meta.contains_key("accords_version"));
    let settings = &template.template.settings;
    assert_eq!(settings.number_of_shards, 1);
    let bm25 = &settings.similarity["default"];
    assert_eq!((bm25.kind.as_str(), bm25.k1, bm25.b), ("BM25", 1.2, 0.75));

    let mappings = &template.template.mappings;
    assert_eq!(mappings.dynamic, "strict");
    let records = records_by_id(&read_bulk(&sandbox.path("out"), "clauses"));
    // A strict mapping refuses any field it lacks.
    let fields = record_fields(&records);
    let mapped: BTreeSet<String> = mappings.properties.keys().cloned().collect();
    assert!(
        fields.is_subset(&mapped),
        "unmapped: {:?}",
        fields.difference(&mapped)
    );
    for facet in [
        "partner",
        "province",
        "partner_kind",
        "areas",
        "meeting_types",
        "kind",
        "document_kind",
        "id",
        "doc_id",
    ] {
        assert_eq!(mappings.properties[facet].kind, "keyword", "{facet}");
    }
    assert_eq!(mappings.properties["date"].kind, "date");
    assert_eq!(
        mappings.properties["date"].format.as_deref(),
        Some("yyyy-MM-dd")
    );
    assert_eq!(mappings.properties["url"].index, Some(false));

    let analysis = &settings.analysis;
    for field in ["text", "area_heading", "title"] {
        let property = &mappings.properties[field];
        assert_eq!(property.kind, "text", "{field}");
        for analyzer in [&property.analyzer, &property.search_analyzer] {
            let name = analyzer.as_deref().unwrap();
            assert!(analysis.analyzer.contains_key(name), "{field}: {name}");
        }
    }
    // Every filter an analyzer names is built in or defined here.
    let built_in = ["lowercase", "asciifolding", "flatten_graph"];
    for (name, analyzer) in &analysis.analyzer {
        assert_eq!(analyzer.kind, "custom");
        for filter in &analyzer.filter {
            assert!(
                built_in.contains(&filter.as_str()) || analysis.filter.contains_key(filter),
                "{name}: {filter}"
            );
        }
        for char_filter in &analyzer.char_filter {
            assert!(
                analysis.char_filter.contains_key(char_filter),
                "{name}: {char_filter}"
            );
        }
    }
    let index = &analysis.analyzer[mappings.properties["text"].analyzer.as_deref().unwrap()];
    assert_eq!(index.tokenizer, "whitespace");
    let words = &analysis.filter[&index.filter[0]];
    assert_eq!(words["type"], "word_delimiter_graph");
    assert_eq!(words["catenate_words"], true);
    let stemmer = index
        .filter
        .iter()
        .find_map(|f| analysis.filter.get(f).filter(|f| f["type"] == "stemmer"))
        .unwrap();
    assert_eq!(stemmer["language"], "porter2");
    // The spelling and term overrides run just before the stemmer, which
    // leaves their terms alone.
    let at = |name: &str| index.filter.iter().position(|f| f == name).unwrap();
    assert_eq!(at("accords_spelling") + 1, at("accords_terms"));
    assert_eq!(at("accords_terms") + 1, at("accords_stemmer"));
    for name in ["accords_spelling", "accords_terms"] {
        assert_eq!(analysis.filter[name]["type"], "stemmer_override");
    }
    let search = &analysis.analyzer[mappings.properties["text"]
        .search_analyzer
        .as_deref()
        .unwrap()];
    let synonyms = search
        .filter
        .iter()
        .find_map(|f| {
            analysis
                .filter
                .get(f)
                .filter(|f| f["type"] == "synonym_graph")
        })
        .expect("the search analyzer expands synonyms");
    assert_eq!(synonyms["synonyms_path"], "analysis/clauses/synonyms.txt");

    // One char filter per first part of data/compounds.txt hyphenates the
    // solid spellings: "cooperation" becomes "co-operation".
    let co = analysis
        .char_filter
        .values()
        .find(|f| f.pattern.contains("\\b(co)"))
        .unwrap();
    assert_eq!(co.kind, "pattern_replace");
    assert!(co.pattern.contains("operat"), "{}", co.pattern);
    assert_eq!(co.replacement, "$1-");
}

/// Renders the mustache of a search template with `params`: sections and
/// inverted sections over flags, `toJson`, and variables escaped for JSON,
/// as the engines render it.
fn render(source: &str, params: &Value) -> String {
    let mut out = source.to_string();
    while let Some(start) = out.find("{{#toJson}}") {
        let end = out[start..].find("{{/toJson}}").unwrap() + start;
        let name = &out[start + "{{#toJson}}".len()..end];
        let json = params[name].to_string();
        out.replace_range(start..end + "{{/toJson}}".len(), &json);
    }
    // The first section opened, of either kind.
    let first_section = |out: &str| {
        [out.find("{{#"), out.find("{{^")]
            .into_iter()
            .flatten()
            .min()
    };
    while let Some(start) = first_section(&out) {
        let inverted = out[start..].starts_with("{{^");
        let close = out[start..].find("}}").unwrap() + start;
        let name = out[start + 3..close].to_string();
        let end_tag = format!("{{{{/{name}}}}}");
        let end = out[close..].find(&end_tag).unwrap() + close;
        let body = out[close + 2..end].to_string();
        let value = &params[name.as_str()];
        let truthy = !(value.is_null() || value == &Value::Bool(false));
        let keep = truthy != inverted;
        out.replace_range(start..end + end_tag.len(), if keep { &body } else { "" });
    }
    while let Some(start) = out.find("{{") {
        let end = out[start..].find("}}").unwrap() + start;
        let name = &out[start + 2..end];
        let value = match &params[name] {
            Value::String(s) => serde_json::to_string(s)
                .unwrap()
                .trim_matches('"')
                .to_string(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        out.replace_range(start..end + 2, &value);
    }
    out
}

#[test]
fn search_template_ranks_all_words_first_and_counts_the_facets() {
    let sandbox = Sandbox::indexed();
    export(&sandbox, "elasticsearch", "out", &[]).ok();
    let template: Value = read_json(&sandbox.path("out/search-template.json"));
    assert_eq!(template["script"]["lang"], "mustache");
    let source = template["script"]["source"].as_str().unwrap();
    let index: IndexTemplate = read_json(&sandbox.path("out/index-template.json"));
    let analyzers = &index.template.settings.analysis.analyzer;

    for all_words in [false, true] {
        let params = serde_json::json!({
            "query": "green \"finance\" \\ co-operation",
            "filters": [{"terms": {"kind": ["commitment", "agreement"]}}],
            "all_words": all_words,
            "size": 20,
        });
        let rendered = render(source, &params);
        let body: Value = serde_json::from_str(&rendered)
            .unwrap_or_else(|e| panic!("all_words {all_words}: {e}\n{rendered}"));
        // Numbers as strings, which the engines accept, so a default can
        // stand in for an omitted one.
        assert_eq!(body["size"], "20");
        assert_eq!(body["from"], "0");
        let bool_query = &body["query"]["bool"];
        assert_eq!(bool_query["filter"], params["filters"]);
        assert_eq!(bool_query["minimum_should_match"], 1);
        let should = bool_query["should"].as_array().unwrap();
        let all = if all_words {
            assert_eq!(should.len(), 2);
            &bool_query["must"][0]["multi_match"]
        } else {
            assert!(bool_query.get("must").is_none());
            assert_eq!(should.len(), 3);
            &should[0]["multi_match"]
        };
        assert_eq!(all["operator"], "and");
        assert_eq!(all["query"], params["query"]);
        assert_eq!(
            all["fields"],
            serde_json::json!(["text", "area_heading^0.3"])
        );
        let partial = should
            .iter()
            .find(|c| c["multi_match"]["operator"] == "or")
            .unwrap();
        assert_eq!(partial["multi_match"]["minimum_should_match"], "1");
        assert!(all["boost"].as_f64().unwrap() > 1.0);
        let phrase = should.iter().find_map(|c| c.get("match_phrase")).unwrap();
        assert_eq!(phrase["text"]["slop"], 1);
        assert_eq!(phrase["text"]["boost"], 0.5);
        for analyzer in [&all["analyzer"], &phrase["text"]["analyzer"]] {
            assert!(
                analyzers.contains_key(analyzer.as_str().unwrap()),
                "{analyzer}"
            );
        }
        let aggs = body["aggs"].as_object().unwrap();
        for facet in [
            "partner",
            "areas",
            "meeting_types",
            "kind",
            "partner_kind",
            "province",
            "document_kind",
        ] {
            assert_eq!(aggs[facet]["terms"]["field"], facet);
        }
        assert_eq!(aggs["year"]["date_histogram"]["field"], "date");
        assert_eq!(aggs["year"]["date_histogram"]["calendar_interval"], "year");
    }
}

// The documented structure of the Quickwit index config.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuickwitConfig {
    version: String,
    index_id: String,
    doc_mapping: DocMapping,
    search_settings: SearchSettings,
    indexing_settings: BTreeMap<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocMapping {
    mode: String,
    field_mappings: Vec<FieldMapping>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldMapping {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    tokenizer: Option<String>,
    record: Option<String>,
    fast: Option<bool>,
    fieldnorms: Option<bool>,
    indexed: Option<bool>,
    input_formats: Option<Vec<String>>,
    fast_precision: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchSettings {
    default_search_fields: Vec<String>,
}

/// The records of the Quickwit ingest files of `dir`, each file under
/// `limit` bytes.
fn read_ingest(dir: &Path, limit: u64) -> Vec<Value> {
    let mut records = Vec::new();
    for file in data_files(&dir.join("ingest")) {
        assert!(std::fs::metadata(&file).unwrap().len() <= limit);
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            records.push(serde_json::from_str(line).unwrap());
        }
    }
    records
}

#[test]
fn quickwit_config_maps_every_field_and_ingest_holds_every_clause() {
    let sandbox = Sandbox::indexed();
    export(&sandbox, "quickwit", "qw", &["--max-file-bytes", "50000"]).ok();
    let config: QuickwitConfig = read_json(&sandbox.path("qw/index-config.json"));
    assert_eq!(config.version, "0.8");
    assert_eq!(config.index_id, "accords");
    assert_eq!(config.doc_mapping.mode, "strict");
    assert!(config.indexing_settings.contains_key("commit_timeout_secs"));
    let fields: BTreeMap<&str, &FieldMapping> = config
        .doc_mapping
        .field_mappings
        .iter()
        .map(|f| (f.name.as_str(), f))
        .collect();
    for facet in [
        "partner",
        "province",
        "partner_kind",
        "areas",
        "meeting_types",
        "kind",
        "document_kind",
    ] {
        let field = fields[facet];
        assert_eq!(field.tokenizer.as_deref(), Some("raw"), "{facet}");
        assert_eq!(field.fast, Some(true), "{facet}");
    }
    for text in &config.search_settings.default_search_fields {
        let field = fields[text.as_str()];
        assert_eq!(field.tokenizer.as_deref(), Some("en_stem"));
        assert_eq!(field.record.as_deref(), Some("position"));
        assert_eq!(field.fieldnorms, Some(true));
    }
    let date = fields["date"];
    assert_eq!(date.kind, "datetime");
    assert_eq!(
        date.input_formats.as_deref(),
        Some(&["%Y-%m-%d".to_string()][..])
    );
    assert_eq!(date.fast_precision.as_deref(), Some("seconds"));
    assert_eq!(fields["url"].indexed, Some(false));

    let records = read_ingest(&sandbox.path("qw"), 50_000);
    assert!(data_files(&sandbox.path("qw/ingest")).len() > 1);
    let by_id: BTreeMap<String, Value> = records
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()))
        .collect();
    assert_eq!(by_id.len(), records.len(), "an id twice");
    let hits = search_hits(&sandbox);
    let meeting = meeting_releases(&sandbox);
    assert_eq!(
        by_id.keys().collect::<Vec<_>>(),
        hits.keys().collect::<Vec<_>>()
    );
    for (id, hit) in &hits {
        assert_eq!(by_id[id], expected_record(hit, &meeting), "{id}");
    }
    let mapped: BTreeSet<String> = fields.keys().map(|f| f.to_string()).collect();
    let used = record_fields(&by_id);
    assert!(
        used.is_subset(&mapped),
        "unmapped: {:?}",
        used.difference(&mapped)
    );
}

/// The rule lines of a rule file, comments left out.
fn rule_lines(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn solr(form: &str) -> String {
    let escaped = form
        .replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace('=', "\\=");
    if escaped.starts_with('#') {
        format!("\\{escaped}")
    } else {
        escaped
    }
}

#[test]
fn exported_rules_hold_every_synonym_and_spelling_rule_accords_applies() {
    let sandbox = Sandbox::indexed();
    export(&sandbox, "opensearch", "out", &[]).ok();
    export(&sandbox, "opensearch", "inline", &["--inline-rules"]).ok();

    // Synonyms: every rule of the index's table, learned abbreviations
    // included, read through the library.
    let engine = Engine::open(&sandbox.path("idx")).unwrap();
    let rules = engine.snapshot().synonyms().rules().unwrap();
    let synonyms = rule_lines(&sandbox.path("out/analysis/synonyms.txt"));
    let text = std::fs::read_to_string(sandbox.path("out/analysis/synonyms.txt")).unwrap();
    let mut expected = BTreeSet::new();
    for rule in rules.iter().filter(|r| !r.expansions.is_empty()) {
        let mut right = vec![solr(&rule.form)];
        right.extend(rule.expansions.iter().map(|f| solr(f)));
        let line = format!("{} => {}", solr(&rule.form), right.join(", "));
        if rule.exact_case {
            assert!(text.contains(&format!("# {line}\n")), "{line}");
        } else {
            assert!(synonyms.contains(&line), "missing: {line}");
            expected.insert(line);
        }
    }
    assert_eq!(synonyms, expected);
    // The seeds define abbreviations of their own, beyond data/synonyms.txt.
    assert!(
        rules.len()
            > accords::index::synonyms::Synonyms::builtin()
                .rules()
                .unwrap()
                .len()
    );
    assert!(synonyms.iter().any(|l| l.starts_with("HKSAR => ")));

    // Spelling: every word of the clauses the spelling data rewrites, and
    // every pair of pairs.txt, mapped to accords' own term.
    let spelling = rule_lines(&sandbox.path("out/analysis/spelling.txt"));
    let records = records_by_id(&read_bulk(&sandbox.path("out"), "accords"));
    let mut words = BTreeSet::new();
    for record in records.values() {
        for field in ["text", "title", "area_heading"] {
            let Some(text) = record[field].as_str() else {
                continue;
            };
            for word in text.split(|c: char| !c.is_alphabetic()) {
                let word = word.to_lowercase();
                if !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()) {
                    words.insert(word);
                }
            }
        }
    }
    words.extend(spelling_pairs().into_iter().map(|(british, _)| british));
    let mut rewritten = 0;
    for word in &words {
        if unify_spelling(word).is_some() {
            let term = &analyze(word)[0].term;
            assert!(
                spelling.contains(&format!("{word} => {term}")),
                "{word} => {term}"
            );
            rewritten += 1;
        }
    }
    // Every other word, to accords' term, whatever the engine's stemmer
    // would make of it.
    let terms = rule_lines(&sandbox.path("out/analysis/terms.txt"));
    for word in words.iter().filter(|w| unify_spelling(w).is_none()) {
        let term = &analyze(word)[0].term;
        assert!(
            terms.contains(&format!("{word} => {term}")),
            "{word} => {term}"
        );
    }
    assert!(spelling.contains("standardisation => standard"));
    assert!(spelling.contains("programme => program"));
    assert!(rewritten > spelling_pairs().len());
    // Nothing that accords leaves alone is rewritten.
    for line in &spelling {
        let (word, _) = line.split_once(" => ").unwrap();
        assert!(unify_spelling(word).is_some(), "{line}");
    }

    // Inline, the same rules sit in the filters.
    let template: Value = read_json(&sandbox.path("inline/index-template.json"));
    let filters = &template["template"]["settings"]["analysis"]["filter"];
    let inline = |name: &str, key: &str| -> BTreeSet<String> {
        filters[name][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(inline("accords_synonyms", "synonyms"), synonyms);
    assert_eq!(inline("accords_spelling", "rules"), spelling);
    assert_eq!(inline("accords_terms", "rules"), terms);
    let stop: BTreeSet<String> = filters["accords_stop"]["stopwords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let weights = accords::search::RankingWeights::current();
    assert_eq!(
        stop,
        weights.stop_words.iter().map(|w| w.to_string()).collect()
    );
}

/// A cluster's content after loading the bulk files of `dir` over `start`.
fn apply_bulk(mut start: BTreeMap<String, Value>, dir: &Path) -> BTreeMap<String, Value> {
    for action in read_bulk(dir, "accords") {
        match action {
            BulkAction::Index { id, record } => {
                start.insert(id, record);
            }
            BulkAction::Delete { id } => {
                assert!(start.remove(&id).is_some(), "delete of absent {id}");
            }
        }
    }
    start
}

#[test]
fn a_second_export_keeps_the_ids_and_writes_only_what_changed() {
    let sandbox = Sandbox::empty();
    copy_seeds(&sandbox.path("corpus"), usize::MAX);
    sandbox.run(&["index", "corpus", "--index", "idx"]).ok();
    export(&sandbox, "opensearch", "first", &[]).ok();
    export(&sandbox, "opensearch", "again", &[]).ok();
    let first = records_by_id(&read_bulk(&sandbox.path("first"), "accords"));
    let again = records_by_id(&read_bulk(&sandbox.path("again"), "accords"));
    assert_eq!(first, again);

    // Nothing changed: nothing to load.
    let run = export(
        &sandbox,
        "opensearch",
        "same",
        &["--changed-since", "first/manifest.json"],
    )
    .ok();
    assert!(read_bulk(&sandbox.path("same"), "accords").is_empty());
    assert!(run.stderr.contains("wrote 0 clauses"), "{}", run.stderr);

    // One release edited, one removed: the changes, loaded over the first
    // export, give what a full export of the new index holds.
    let mut releases: Vec<PathBuf> = data_files(&sandbox.path("corpus"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    let edited = releases.remove(0);
    let removed = releases.remove(0);
    let text = std::fs::read_to_string(&edited).unwrap();
    let new_text = text.replace("co-operation", "collaboration");
    assert_ne!(text, new_text);
    std::fs::write(&edited, &new_text).unwrap();
    std::fs::remove_file(&removed).unwrap();
    sandbox.run(&["index", "corpus", "--index", "idx"]).ok();

    // Into the folder of the first export, as a cluster's folder would be.
    let run = export(
        &sandbox,
        "opensearch",
        "first",
        &["--changed-since", "first/manifest.json"],
    )
    .ok();
    assert!(run.stderr.contains("unchanged"), "{}", run.stderr);
    export(&sandbox, "opensearch", "full", &[]).ok();
    let full = records_by_id(&read_bulk(&sandbox.path("full"), "accords"));
    let changes = read_bulk(&sandbox.path("first"), "accords");
    assert!(
        changes.len() < full.len(),
        "{} of {}",
        changes.len(),
        full.len()
    );
    assert!(changes
        .iter()
        .any(|a| matches!(a, BulkAction::Delete { .. })));
    assert_eq!(apply_bulk(first.clone(), &sandbox.path("first")), full);

    // Quickwit: the listed documents' clauses are deleted, the rest
    // ingested.
    let sandbox2 = Sandbox::empty();
    copy_seeds(&sandbox2.path("corpus"), usize::MAX);
    sandbox2.run(&["index", "corpus", "--index", "idx"]).ok();
    export(&sandbox2, "quickwit", "qw", &[]).ok();
    let before = read_ingest(&sandbox2.path("qw"), u64::MAX);
    std::fs::write(
        sandbox2.path("corpus").join(edited.file_name().unwrap()),
        &new_text,
    )
    .unwrap();
    std::fs::remove_file(sandbox2.path("corpus").join(removed.file_name().unwrap())).unwrap();
    sandbox2.run(&["index", "corpus", "--index", "idx"]).ok();
    export(
        &sandbox2,
        "quickwit",
        "qw",
        &["--changed-since", "qw/manifest.json"],
    )
    .ok();
    let replaced: BTreeSet<String> = rule_lines(&sandbox2.path("qw/replaced-documents.txt"))
        .into_iter()
        .collect();
    assert!(!replaced.is_empty());
    let mut cluster: Vec<Value> = before
        .into_iter()
        .filter(|r| !replaced.contains(r["doc_id"].as_str().unwrap()))
        .collect();
    cluster.extend(read_ingest(&sandbox2.path("qw"), u64::MAX));
    let cluster: BTreeMap<String, Value> = cluster
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r))
        .collect();
    assert_eq!(cluster, full);
}

#[test]
fn load_scripts_pass_shellcheck() {
    let sandbox = Sandbox::indexed();
    export(&sandbox, "opensearch", "os", &[]).ok();
    export(&sandbox, "elasticsearch", "es", &["--inline-rules"]).ok();
    export(&sandbox, "quickwit", "qw", &[]).ok();
    export(
        &sandbox,
        "quickwit",
        "qw",
        &["--changed-since", "qw/manifest.json"],
    )
    .ok();
    for script in ["os/load.sh", "es/load.sh", "qw/load.sh"] {
        let path = sandbox.path(script);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("#!/usr/bin/env bash\n"), "{script}");
        assert!(text.contains("set -euo pipefail"), "{script}");
        let output = std::process::Command::new("shellcheck")
            .args(["--shell=bash", "--severity=style"])
            .arg(&path)
            .output()
            .expect("shellcheck runs (Debian package shellcheck; .ci/run installs it)");
        assert!(
            output.status.success(),
            "{script}:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    let es = std::fs::read_to_string(sandbox.path("es/load.sh")).unwrap();
    assert!(es.contains("ELASTICSEARCH_URL") && es.contains("'\"errors\":false'"));
    let os = std::fs::read_to_string(sandbox.path("os/load.sh")).unwrap();
    assert!(os.contains("OPENSEARCH_URL") && os.contains("config folder"));
}
