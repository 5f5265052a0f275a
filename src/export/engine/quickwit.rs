//! Quickwit: an index config, NDJSON for its ingest API and a load script.
//!
//! Quickwit reads its index config as YAML, JSON or TOML by the file's
//! extension; accords writes JSON, like every other file of the export.
//! Its tokenizers are fewer than OpenSearch's: `en_stem` (split at
//! non-alphanumerics, lowercase, the Snowball English stemmer accords uses)
//! is the closest to accords' chain, and what it lacks (ASCII folding,
//! British spelling, compound joins, synonyms and abbreviations) is listed
//! in docs/scale-out.md.
//!
//! Files, relative to the output folder:
//! - `index-config.json`: the body of `POST /api/v1/indexes`.
//! - `ingest/NNNN.ndjson`: one clause record a line, each file under the
//!   size limit, for `POST /api/v1/NAME/ingest` or `quickwit index ingest`.
//! - `replaced-documents.txt` (an export of changes only): the document
//!   ids whose earlier clauses are deleted before the ingest, one a line.
//! - `load.sh`.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::{write_file, write_split, Action, Files, Written};
use crate::error::{Error, Result};

pub(super) fn write(written: &Written, actions: &[Action], replaced: &[String]) -> Result<Files> {
    let options = written.options;
    let mut all = Vec::new();
    let mut put = |relative: &str, bytes: &[u8]| -> Result<()> {
        write_file(&written.dir.join(relative), bytes)?;
        all.push(PathBuf::from(relative));
        Ok(())
    };
    let mut config = serde_json::to_vec_pretty(&index_config(&options.index_name))
        .map_err(|e| Error::Index(format!("export: {e}")))?;
    config.push(b'\n');
    put("index-config.json", &config)?;
    let replaced_path = written.dir.join("replaced-documents.txt");
    if written.incremental {
        let mut text = String::new();
        for doc_id in replaced {
            text.push_str(doc_id);
            text.push('\n');
        }
        put("replaced-documents.txt", text.as_bytes())?;
    } else if replaced_path.exists() {
        std::fs::remove_file(&replaced_path).map_err(|e| Error::io(&replaced_path, e))?;
    }
    put("load.sh", load_script(written).as_bytes())?;
    super::elastic::make_executable(&written.dir.join("load.sh"))?;

    let entries: Vec<(String, &str)> = actions
        .iter()
        .filter_map(|action| match action {
            Action::Index { id, source } => Some((format!("{source}\n"), *id)),
            // Deletes go by document, through replaced-documents.txt.
            Action::Delete { .. } => None,
        })
        .collect();
    let data = write_split(written.dir, "ingest", &entries, options.max_file_bytes)?;
    all.extend(data.iter().cloned());
    Ok(Files { all, data })
}

/// The index config: one field per record field, the facets as raw fast
/// fields, the text fields with `en_stem` and positions (for phrases).
pub(crate) fn index_config(name: &str) -> Value {
    let raw =
        |field: &str| json!({"name": field, "type": "text", "tokenizer": "raw", "fast": true});
    let raw_list = |field: &str| json!({"name": field, "type": "array<text>", "tokenizer": "raw", "fast": true});
    let text = |field: &str| {
        json!({"name": field, "type": "text", "tokenizer": "en_stem", "record": "position",
               "fieldnorms": true})
    };
    json!({
        "version": "0.8",
        "index_id": name,
        "doc_mapping": {
            "mode": "strict",
            "field_mappings": [
                raw("id"),
                raw("doc_id"),
                raw("kind"),
                {"name": "position", "type": "u64", "fast": true},
                text("text"),
                text("area_heading"),
                raw_list("areas"),
                {"name": "inferred", "type": "bool"},
                text("title"),
                raw("source"),
                raw("partner"),
                raw("partner_kind"),
                raw("province"),
                raw_list("meeting_types"),
                {"name": "date", "type": "datetime", "input_formats": ["%Y-%m-%d"],
                 "fast": true, "fast_precision": "seconds"},
                raw("meeting_date"),
                {"name": "year", "type": "i64", "fast": true},
                raw("document_kind"),
                {"name": "url", "type": "text", "indexed": false},
                {"name": "citation", "type": "text", "indexed": false}
            ]
        },
        "search_settings": {
            "default_search_fields": ["text", "area_heading"]
        },
        "indexing_settings": {
            "commit_timeout_secs": 10
        }
    })
}

fn load_script(written: &Written) -> String {
    let name = &written.options.index_name;
    let mode = if written.incremental {
        "changes"
    } else {
        "full"
    };
    format!(
        r#"#!/usr/bin/env bash
# Loads an accords export into Quickwit: creates the index when it is
# missing, then ingests the files of ingest/ in order, stopping at the first
# error Quickwit reports. Quickwit replaces nothing by id, so a full export
# first clears an existing index, and an export of changes first deletes the
# clauses of the documents listed in replaced-documents.txt.
#
#   QUICKWIT_URL       the cluster (default http://localhost:7280)
#   QUICKWIT_USER      with QUICKWIT_PASSWORD, when a proxy asks for them
set -euo pipefail
cd "$(dirname "$0")"

url="${{QUICKWIT_URL:-http://localhost:7280}}"
url="${{url%/}}"
index="{name}"
mode="{mode}"

curl_args=(--silent --show-error)
if [ -n "${{QUICKWIT_USER:-}}" ]; then
    curl_args+=(--user "${{QUICKWIT_USER}}:${{QUICKWIT_PASSWORD:-}}")
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

status="$(request GET "api/v1/indexes/$index")"
if [ "$status" = 404 ]; then
    must POST "api/v1/indexes" index-config.json application/json
elif [ "${{status:0:1}}" != 2 ]; then
    echo "load.sh: could not tell whether index $index exists (HTTP $status)" >&2
    exit 1
elif [ "$mode" = full ]; then
    must PUT "api/v1/indexes/$index/clear"
fi

if [ "$mode" = changes ]; then
    delete_task="$(mktemp)"
    trap 'rm -f "$response" "$delete_task"' EXIT
    while IFS= read -r doc_id; do
        [ -n "$doc_id" ] || continue
        printf '{{"query": "doc_id:\\"%s\\""}}\n' "$doc_id" > "$delete_task"
        must POST "api/v1/$index/delete-tasks" "$delete_task" application/json
    done < replaced-documents.txt
fi

for file in ingest/*.ndjson; do
    [ -e "$file" ] || continue
    must POST "api/v1/$index/ingest?commit=wait_for" "$file" application/x-ndjson
    if grep -Eq '"num_rejected_docs":[1-9]' "$response"; then
        echo "load.sh: $file: Quickwit rejected some documents:" >&2
        head -c 4000 "$response" >&2
        echo >&2
        exit 1
    fi
    echo "load.sh: loaded $file"
done
echo "load.sh: done; search with GET $url/api/v1/$index/search?query=..."
"#
    )
}
