//! OpenSearch and Elasticsearch 8: an index template (settings with
//! accords' analyzer rebuilt from built-in filters, and the mappings), a
//! mustache search template with accords' ranking and facets, `_bulk`
//! files, the rule files and a load script. Both engines read the same
//! JSON; only the load script's variables differ.
//!
//! Files, relative to the output folder:
//! - `index-template.json`: the body of `PUT _index_template/NAME`.
//! - `search-template.json`: the body of `PUT _scripts/NAME-search`.
//! - `analysis/synonyms.txt`, `analysis/spelling.txt`: the rule sets (Solr
//!   synonyms; stemmer overrides), referenced by the filters as
//!   `analysis/NAME/...` in each node's config folder, or written into
//!   the settings with `inline_rules`.
//! - `bulk/NNNN.ndjson`: `_bulk` bodies, an action line before each source
//!   line (a delete has none), each under the size limit.
//! - `load.sh`: creates the template, index and search template and posts
//!   the bulk files, stopping at the first error.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::{write_file, write_split, Action, Files, Target, Written};
use crate::error::{Error, Result};

/// The names of the analysis parts in the settings; the search template and
/// docs/scale-out.md use them.
const INDEX_ANALYZER: &str = "accords_text";
const SEARCH_ANALYZER: &str = "accords_search";
const QUERY_ANALYZER: &str = "accords_query";

pub(super) fn write(written: &Written, actions: &[Action]) -> Result<Files> {
    let options = written.options;
    let name = &options.index_name;
    let mut all = Vec::new();
    let mut put = |relative: &str, bytes: &[u8]| -> Result<()> {
        write_file(&written.dir.join(relative), bytes)?;
        all.push(PathBuf::from(relative));
        Ok(())
    };
    put("index-template.json", &pretty(&index_template(written))?)?;
    put("search-template.json", &pretty(&search_template(written))?)?;
    put(
        "analysis/synonyms.txt",
        written.rules.synonym_file().as_bytes(),
    )?;
    put(
        "analysis/spelling.txt",
        written.rules.spelling_file().as_bytes(),
    )?;
    put("analysis/terms.txt", written.rules.terms_file().as_bytes())?;
    put("load.sh", load_script(written).as_bytes())?;
    make_executable(&written.dir.join("load.sh"))?;

    let mut entries = Vec::with_capacity(actions.len());
    for action in actions {
        let (entry, id) = match action {
            Action::Index { id, source } => {
                let head = json!({"index": {"_index": name, "_id": id}});
                (format!("{head}\n{source}\n"), *id)
            }
            Action::Delete { id } => {
                let head = json!({"delete": {"_index": name, "_id": id}});
                (format!("{head}\n"), *id)
            }
        };
        entries.push((entry, id));
    }
    let data = write_split(written.dir, "bulk", &entries, options.max_file_bytes)?;
    all.extend(data.iter().cloned());
    Ok(Files { all, data })
}

fn pretty(value: &Value) -> Result<Vec<u8>> {
    let mut bytes =
        serde_json::to_vec_pretty(value).map_err(|e| Error::Index(format!("export: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(unix)]
pub(super) fn make_executable(path: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
pub(super) fn make_executable(_: &std::path::Path) -> Result<()> {
    Ok(())
}

/// The analysis settings: accords' chain as closely as built-in filters
/// allow.
///
/// Index side: solid compounds of `data/compounds.txt` are hyphenated by
/// a char filter ("cooperation" becomes "co-operation"), the text is split
/// at blanks and `word_delimiter_graph` gives each hyphenated word's parts
/// and joined form, as accords' tokenizer does; then lowercase, ASCII
/// folding, the spelling overrides (British word to accords' term), the
/// term overrides (every other word of the clauses to accords' term: the
/// engine's Snowball stemmer is an older snapshot of accords' and differs
/// on some words), the Snowball English stemmer for words neither set
/// holds, and terms over 40 characters dropped. An override marks its
/// token as a keyword, which the filters after it leave alone. Search
/// side: the same char filter, the standard tokenizer (which gives a
/// hyphenated word's parts, all a phrase needs), the possessive dropped,
/// and the synonyms before spelling and stemming, so a form's words are
/// stemmed as the text's are. The query analyzer used for ranking also
/// leaves out accords' stop words, after the synonyms so that a form such
/// as "Belt and Road" is still recognised.
fn analysis(written: &Written) -> Value {
    let rules = written.rules;
    let name = &written.options.index_name;
    let mut char_filters = serde_json::Map::new();
    let mut char_filter_names = Vec::new();
    for (i, (first, seconds)) in rules.compounds.iter().enumerate() {
        let filter = format!("accords_compound_{:02}", i + 1);
        char_filters.insert(
            filter.clone(),
            json!({
                "type": "pattern_replace",
                "pattern": format!("(?i)\\b({first})(?=(?:{}))", seconds.join("|")),
                "replacement": "$1-",
            }),
        );
        char_filter_names.push(filter);
    }
    let (synonyms, spelling, terms) = if written.options.inline_rules {
        (
            json!({"type": "synonym_graph", "lenient": true, "synonyms": rules.synonym_lines()}),
            json!({"type": "stemmer_override", "rules": rules.spelling_lines()}),
            json!({"type": "stemmer_override", "rules": rules.term_lines()}),
        )
    } else {
        (
            json!({"type": "synonym_graph", "lenient": true,
                   "synonyms_path": format!("analysis/{name}/synonyms.txt")}),
            json!({"type": "stemmer_override",
                   "rules_path": format!("analysis/{name}/spelling.txt")}),
            json!({"type": "stemmer_override",
                   "rules_path": format!("analysis/{name}/terms.txt")}),
        )
    };
    let stop_words: Vec<&str> = rules.weights.stop_words.to_vec();
    json!({
        "char_filter": char_filters,
        "filter": {
            "accords_words": {
                "type": "word_delimiter_graph",
                "generate_word_parts": true,
                "generate_number_parts": true,
                "catenate_words": true,
                "catenate_numbers": false,
                "catenate_all": false,
                "preserve_original": false,
                "split_on_case_change": false,
                "split_on_numerics": false,
                "stem_english_possessive": true
            },
            "accords_possessive": {"type": "stemmer", "language": "possessive_english"},
            "accords_synonyms": synonyms,
            "accords_spelling": spelling,
            "accords_terms": terms,
            "accords_stemmer": {"type": "stemmer", "language": "porter2"},
            "accords_long": {"type": "length", "min": 1, "max": 40},
            "accords_stop": {"type": "stop", "stopwords": stop_words, "ignore_case": true}
        },
        "analyzer": {
            INDEX_ANALYZER: {
                "type": "custom",
                "char_filter": char_filter_names,
                "tokenizer": "whitespace",
                "filter": ["accords_words", "flatten_graph", "lowercase", "asciifolding",
                           "accords_spelling", "accords_terms", "accords_stemmer", "accords_long"]
            },
            SEARCH_ANALYZER: {
                "type": "custom",
                "char_filter": char_filter_names,
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "accords_possessive", "accords_synonyms",
                           "accords_spelling", "accords_terms", "accords_stemmer", "accords_long"]
            },
            QUERY_ANALYZER: {
                "type": "custom",
                "char_filter": char_filter_names,
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "accords_possessive", "accords_synonyms",
                           "accords_stop", "accords_spelling", "accords_terms", "accords_stemmer", "accords_long"]
            }
        }
    })
}

fn index_template(written: &Written) -> Value {
    let name = &written.options.index_name;
    let text =
        json!({"type": "text", "analyzer": INDEX_ANALYZER, "search_analyzer": SEARCH_ANALYZER});
    let keyword = json!({"type": "keyword"});
    json!({
        "index_patterns": [name],
        "priority": 100,
        "_meta": {
            "description": "accords clauses: settings and mappings written by accords export-engine",
            "accords_version": env!("CARGO_PKG_VERSION"),
        },
        "template": {
            "settings": {
                // One shard: the corpus is small, and BM25 statistics are
                // then those of the whole index, as in accords.
                "number_of_shards": 1,
                "analysis": analysis(written),
                "similarity": {
                    "default": {"type": "BM25", "k1": 1.2, "b": 0.75}
                }
            },
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "id": keyword,
                    "doc_id": keyword,
                    "kind": keyword,
                    "position": {"type": "integer"},
                    "text": text,
                    "area_heading": text,
                    "areas": keyword,
                    "inferred": {"type": "boolean"},
                    "title": text,
                    "source": keyword,
                    "partner": keyword,
                    "partner_kind": keyword,
                    "province": keyword,
                    "meeting_types": keyword,
                    "date": {"type": "date", "format": "yyyy-MM-dd"},
                    "meeting_date": keyword,
                    "year": {"type": "integer"},
                    "document_kind": keyword,
                    "url": {"type": "keyword", "index": false},
                    "citation": {"type": "keyword", "index": false}
                }
            }
        }
    })
}

/// The search template: accords' ranking in the engine's query language.
///
/// A clause holding every word scores through a multi_match with
/// `operator: and` boosted far above the partial multi_match every clause
/// holding some word matches (or, with `all_words`, is the only way to
/// match, as `--match all`); neighbouring words add a phrase match with
/// accords' slop and weight; the area heading counts with accords' heading
/// weight. The facets of the sidebar are aggregations.
///
/// `from` and `size` render as strings, which the engines read as numbers,
/// so that an omitted one falls back to its default without leaving an
/// empty value.
///
/// Parameters: `query` (the words), `filters` (a JSON array of filter
/// clauses, `[]` for none; accords' default is
/// `{"terms": {"kind": ["commitment", "agreement"]}}`), `all_words`
/// (true for only clauses holding every word), `size` and `from`.
fn search_template(written: &Written) -> Value {
    let weights = written.rules.weights;
    let fields = format!(
        "[\"text\", \"area_heading^{}\"]",
        trim_float(weights.heading_boost)
    );
    let all_words = format!(
        r#"{{
          "multi_match": {{
            "query": "{{{{query}}}}",
            "type": "most_fields",
            "fields": {fields},
            "analyzer": "{QUERY_ANALYZER}",
            "operator": "and",
            "zero_terms_query": "all",
            "boost": {ALL_WORDS_BOOST},
            "_name": "all_words"
          }}
        }}"#
    );
    // Whether the all-words clause is required is a mustache section,
    // which JSON cannot hold: the source is a string.
    let source = format!(
        r#"{{
  "from": "{{{{from}}}}{{{{^from}}}}0{{{{/from}}}}",
  "size": "{{{{size}}}}{{{{^size}}}}10{{{{/size}}}}",
  "query": {{
    "bool": {{
      {{{{#all_words}}}}"must": [
        {all_words}
      ],{{{{/all_words}}}}
      "should": [
        {{{{^all_words}}}}{all_words},{{{{/all_words}}}}
        {{
          "multi_match": {{
            "query": "{{{{query}}}}",
            "type": "most_fields",
            "fields": {fields},
            "analyzer": "{QUERY_ANALYZER}",
            "operator": "or",
            "minimum_should_match": "1",
            "zero_terms_query": "all",
            "_name": "some_words"
          }}
        }},
        {{
          "match_phrase": {{
            "text": {{
              "query": "{{{{query}}}}",
              "analyzer": "{SEARCH_ANALYZER}",
              "slop": {slop},
              "boost": {pair_boost},
              "_name": "phrase"
            }}
          }}
        }}
      ],
      "minimum_should_match": 1,
      "filter": {{{{#toJson}}}}filters{{{{/toJson}}}}
    }}
  }},
  "highlight": {{
    "fields": {{ "text": {{ "number_of_fragments": 1, "fragment_size": 160 }} }}
  }},
  "aggs": {{
    "partner": {{ "terms": {{ "field": "partner", "size": 100 }} }},
    "partner_kind": {{ "terms": {{ "field": "partner_kind", "size": 20 }} }},
    "province": {{ "terms": {{ "field": "province", "size": 50 }} }},
    "document_kind": {{ "terms": {{ "field": "document_kind", "size": 5 }} }},
    "areas": {{ "terms": {{ "field": "areas", "size": 100 }} }},
    "meeting_types": {{ "terms": {{ "field": "meeting_types", "size": 20 }} }},
    "kind": {{ "terms": {{ "field": "kind", "size": 5 }} }},
    "year": {{ "date_histogram": {{ "field": "date", "calendar_interval": "year", "format": "yyyy", "min_doc_count": 1 }} }}
  }}
}}"#,
        slop = weights.pair_slop,
        pair_boost = trim_float(weights.pair_boost),
    );
    json!({
        "script": {
            "lang": "mustache",
            "source": source,
        }
    })
}

/// How far the all-words match is lifted above partial ones. accords
/// computes a bound so every clause holding all words ranks first; an
/// engine's scores have no such bound, so a large boost stands in for it.
const ALL_WORDS_BOOST: u32 = 10;

fn trim_float(value: f32) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn load_script(written: &Written) -> String {
    let options = written.options;
    let (engine, var) = match options.target {
        Target::Elasticsearch => ("Elasticsearch", "ELASTICSEARCH"),
        _ => ("OpenSearch", "OPENSEARCH"),
    };
    let name = &options.index_name;
    let rules_note = if options.inline_rules {
        "# The rule sets are written into the index settings.".to_string()
    } else {
        format!(
            "# The analyzer reads analysis/{name}/synonyms.txt, spelling.txt and terms.txt\n\
             # from each node's config folder: copy this export's analysis/*.txt there first\n\
             # (or export with --inline-rules)."
        )
    };
    let incremental = if written.incremental {
        "# This export holds only the documents changed since an earlier one."
    } else {
        "# This export holds every clause; a clause keeps its id, so loading it again\n# updates the index in place."
    };
    format!(
        r#"#!/usr/bin/env bash
# Loads an accords export into {engine}: the index template, the index,
# the search template, then the bulk files in order, stopping at the first
# error the engine reports.
#
#   {var}_URL       the cluster (default http://localhost:9200)
#   {var}_USER      with {var}_PASSWORD, for basic authentication
#   {var}_API_KEY   for API key authentication instead
#   {var}_INSECURE  set to 1 to accept a self-signed certificate
#
{rules_note}
{incremental}
set -euo pipefail
cd "$(dirname "$0")"

url="${{{var}_URL:-http://localhost:9200}}"
url="${{url%/}}"
index="{name}"

curl_args=(--silent --show-error)
if [ -n "${{{var}_API_KEY:-}}" ]; then
    curl_args+=(--header "Authorization: ApiKey ${{{var}_API_KEY}}")
elif [ -n "${{{var}_USER:-}}" ]; then
    curl_args+=(--user "${{{var}_USER}}:${{{var}_PASSWORD:-}}")
fi
if [ "${{{var}_INSECURE:-}}" = 1 ]; then
    curl_args+=(--insecure)
fi

response="$(mktemp)"
trap 'rm -f "$response"' EXIT

# request METHOD PATH [FILE CONTENT-TYPE]: prints the status code; the body
# goes to $response.
request() {{
    local method="$1" path="$2"
    if [ "$#" -ge 4 ]; then
        curl "${{curl_args[@]}}" --request "$method" --header "Content-Type: $4" \
            --data-binary "@$3" --output "$response" --write-out '%{{http_code}}' "$url/$path"
    else
        curl "${{curl_args[@]}}" --request "$method" \
            --output "$response" --write-out '%{{http_code}}' "$url/$path"
    fi
}}

# must METHOD PATH [FILE CONTENT-TYPE]: a request that has to succeed.
must() {{
    local status
    status="$(request "$@")"
    if [ "${{status:0:1}}" != 2 ]; then
        echo "load.sh: $1 $2 failed with HTTP $status:" >&2
        head -c 4000 "$response" >&2
        echo >&2
        exit 1
    fi
}}

must PUT "_index_template/$index" index-template.json application/json
# GET, not HEAD: curl waits for a body after a HEAD sent with --request.
status="$(request GET "$index")"
if [ "$status" = 404 ]; then
    must PUT "$index"
elif [ "${{status:0:1}}" != 2 ]; then
    echo "load.sh: could not tell whether index $index exists (HTTP $status)" >&2
    exit 1
fi
must PUT "_scripts/$index-search" search-template.json application/json

for file in bulk/*.ndjson; do
    [ -e "$file" ] || continue
    must POST "_bulk" "$file" application/x-ndjson
    if ! grep -q '"errors":false' "$response"; then
        echo "load.sh: $file: the engine refused some actions; the first:" >&2
        grep -o '"error":{{[^}}]*}}' "$response" | head -n 1 >&2 || head -c 4000 "$response" >&2
        exit 1
    fi
    echo "load.sh: loaded $file"
done
must POST "$index/_refresh"
echo "load.sh: done; search with POST $url/$index/_search/template {{\"id\": \"$index-search\", \"params\": {{\"query\": \"...\", \"filters\": []}}}}"
"#
    )
}
