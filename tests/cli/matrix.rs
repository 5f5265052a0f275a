//! `accords matrix` on the seeds, checked against what `accords facets` and
//! `accords search` count; and `--added-since`, the clauses first indexed
//! after a time, across re-indexing of a corpus the test changes.

use std::collections::HashMap;
use std::time::Duration;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use super::{copy_seeds, Run, Sandbox};

/// The matrix of `args` as JSON.
fn matrix(sandbox: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["matrix", "--format", "json", "--index", "idx"];
    all.extend_from_slice(args);
    sandbox.run(&all).ok().json()
}

/// The facet counts of `args` as JSON.
fn facets(sandbox: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["facets", "--format", "json", "--index", "idx"];
    all.extend_from_slice(args);
    sandbox.run(&all).ok().json()
}

fn labels(matrix: &Value, key: &str) -> Vec<String> {
    serde_json::from_value(matrix[key].clone()).unwrap()
}

fn numbers(value: &Value) -> Vec<u64> {
    serde_json::from_value(value.clone()).unwrap()
}

fn counts(matrix: &Value) -> Vec<Vec<u64>> {
    serde_json::from_value(matrix["counts"].clone()).unwrap()
}

/// The row of `label` and its total.
fn row(matrix: &Value, label: &str) -> (Vec<u64>, u64) {
    let i = labels(matrix, "row_labels")
        .iter()
        .position(|l| l == label)
        .unwrap_or_else(|| panic!("no row {label}: {matrix}"));
    (counts(matrix)[i].clone(), numbers(&matrix["row_totals"])[i])
}

#[test]
fn a_partner_row_sums_to_the_partners_clause_count() {
    let sandbox = Sandbox::indexed();
    let facets = facets(&sandbox, &[]);
    let jiangsu = facets["facets"]["partner"]["Jiangsu"].as_u64().unwrap();
    assert!(jiangsu > 0);
    // Years are one per clause: the cells of a row add up to its total.
    let by_year = matrix(&sandbox, &["--rows", "partner", "--cols", "year"]);
    let (cells, total) = row(&by_year, "Jiangsu");
    assert_eq!(cells.iter().sum::<u64>(), jiangsu);
    assert_eq!(total, jiangsu);
    // Areas are several per clause: the cells may add up to more, the
    // total still counts each clause once.
    let by_area = matrix(&sandbox, &[]);
    assert_eq!(by_area["rows"], "partner");
    assert_eq!(by_area["columns"], "area");
    let (cells, total) = row(&by_area, "Jiangsu");
    assert_eq!(total, jiangsu);
    assert!(cells.iter().sum::<u64>() >= jiangsu);
    for (area, count) in labels(&by_area, "column_labels")
        .iter()
        .zip(numbers(&by_area["column_totals"]))
    {
        assert_eq!(
            facets["facets"]["areas"][area].as_u64(),
            Some(count),
            "{area}"
        );
    }
    assert_eq!(by_area["total"], facets["total"]);
}

#[test]
fn totals_count_distinct_clauses_under_a_query_and_filters() {
    let sandbox = Sandbox::indexed();
    let filters = ["--province", "Jiangsu,Shanghai", "--kind", "all"];
    let found = facets(&sandbox, &[&["cooperation"][..], &filters].concat());
    let m = matrix(
        &sandbox,
        &[
            &["cooperation", "--rows", "area", "--cols", "meeting"][..],
            &filters,
        ]
        .concat(),
    );
    let total = found["total"].as_u64().unwrap();
    assert!(total > 0);
    assert_eq!(m["total"].as_u64(), Some(total));
    assert_eq!(m["query"], "cooperation");
    // Every row and column total is the facet count of its value.
    for (key, facet, totals) in [
        ("row_labels", "areas", "row_totals"),
        ("column_labels", "meeting_types", "column_totals"),
    ] {
        let values = labels(&m, key);
        assert!(!values.is_empty());
        for (value, count) in values.iter().zip(numbers(&m[totals])) {
            assert_eq!(
                found["facets"][facet][value].as_u64(),
                Some(count),
                "{facet} {value}"
            );
        }
    }
    // The same search lists exactly that many clauses.
    let search = sandbox
        .run(
            &[
                &["search", "cooperation", "--limit", "0", "--format", "json"][..],
                &filters,
                &["--index", "idx"],
            ]
            .concat(),
        )
        .ok()
        .json();
    assert_eq!(search["hits"].as_array().unwrap().len() as u64, total);
    // A timeline runs oldest first.
    let timeline = matrix(&sandbox, &["--rows", "year"]);
    let years = labels(&timeline, "row_labels");
    let mut sorted = years.clone();
    sorted.sort();
    assert_eq!(years, sorted);
}

#[test]
fn csv_and_markdown_carry_the_same_counts_as_json() {
    let sandbox = Sandbox::indexed();
    let json = matrix(&sandbox, &["--rows", "year", "--cols", "partner"]);
    let run = sandbox
        .run(&[
            "matrix", "--rows", "year", "--cols", "partner", "--format", "csv", "--index", "idx",
        ])
        .ok();
    assert!(run.stdout.starts_with('\u{feff}'));
    assert!(run.stdout.contains("\r\n"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(run.stdout.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut expected_header = vec!["year".to_string()];
    expected_header.extend(labels(&json, "column_labels"));
    expected_header.push("total".into());
    assert_eq!(header, expected_header);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let years = labels(&json, "row_labels");
    assert_eq!(records.len(), years.len() + 1);
    for (i, record) in records.iter().enumerate().take(years.len()) {
        assert_eq!(record[0], years[i]);
        let cells: Vec<u64> = record[1..].iter().map(|c| c.parse().unwrap()).collect();
        let mut expected = counts(&json)[i].clone();
        expected.push(numbers(&json["row_totals"])[i]);
        assert_eq!(cells, expected);
    }
    let last = records.last().unwrap();
    assert_eq!(last[0], "total");
    assert_eq!(last.last().unwrap(), &json["total"].to_string());

    let md = sandbox
        .run(&[
            "matrix", "--rows", "year", "--cols", "partner", "--format", "md", "--index", "idx",
        ])
        .ok();
    let table: Vec<&str> = md.stdout.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), years.len() + 3);
    assert!(table[0].starts_with("| year |"));
}

#[test]
fn the_table_fits_the_terminal_with_zeros_blank_and_a_key() {
    let sandbox = Sandbox::indexed();
    let json = matrix(&sandbox, &[]);
    let areas = labels(&json, "column_labels");
    for width in [60usize, 100, 240] {
        let run: Run = sandbox
            .command(&["matrix", "--index", "idx"])
            .env("COLUMNS", width.to_string())
            .output()
            .unwrap()
            .into();
        assert_eq!(run.code, 0, "{}", run.stderr);
        for line in run.stdout.lines().skip(1) {
            assert!(
                line.chars().count() <= width,
                "wider than {width}: {line:?}\n{}",
                run.stdout
            );
        }
        // Every area is named, in a header or in the key below.
        for area in &areas {
            let shown: String = area.chars().take(20).collect();
            assert!(
                run.stdout.contains(&shown),
                "{area} at {width}:\n{}",
                run.stdout
            );
        }
        assert!(run
            .stdout
            .replace('\n', " ")
            .contains("totals count clauses once"));
    }
    // Zeros are blank: the row of an area some partner has no clause in
    // shows fewer numbers than there are partners, and no 0.
    let run: Run = sandbox
        .command(&[
            "matrix", "--rows", "area", "--cols", "partner", "--index", "idx",
        ])
        .env("COLUMNS", "200")
        .output()
        .unwrap()
        .into();
    let by_area = matrix(&sandbox, &["--rows", "area", "--cols", "partner"]);
    let (i, cells) = counts(&by_area)
        .into_iter()
        .enumerate()
        .find(|(_, cells)| cells.contains(&0))
        .expect("an area some partner lacks");
    let area = &labels(&by_area, "row_labels")[i];
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with(area.as_str()))
        .unwrap_or_else(|| panic!("no line for {area}:\n{}", run.stdout));
    let shown: Vec<&str> = line[area.len()..].split_whitespace().collect();
    let nonzero = cells.iter().filter(|n| **n > 0).count();
    assert_eq!(shown.len(), nonzero + 1, "{line}");
    assert!(!shown.contains(&"0"), "{line}");
}

#[test]
fn a_workbook_of_the_matrix_has_numbers_totals_and_the_search() {
    let sandbox = Sandbox::indexed();
    let json = matrix(&sandbox, &["finance", "--partner", "Shanghai,Beijing"]);
    let run = sandbox
        .run(&[
            "matrix",
            "finance",
            "--partner",
            "Shanghai,Beijing",
            "--format",
            "xlsx",
            "--output",
            "m.xlsx",
            "--index",
            "idx",
        ])
        .ok();
    assert!(run.stderr.contains("m.xlsx"), "{}", run.stderr);
    let mut book: Xlsx<_> = calamine::open_workbook(sandbox.path("m.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Matrix", "Search"]);
    let sheet = book.worksheet_range("Matrix").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let row_labels = labels(&json, "row_labels");
    let column_labels = labels(&json, "column_labels");
    assert_eq!(rows.len(), row_labels.len() + 2);
    assert_eq!(rows[0][0], Data::String("partner".into()));
    for (j, label) in column_labels.iter().enumerate() {
        assert_eq!(rows[0][j + 1], Data::String(label.clone()));
    }
    assert_eq!(
        rows[0][column_labels.len() + 1],
        Data::String("total".into())
    );
    for (i, label) in row_labels.iter().enumerate() {
        assert_eq!(rows[i + 1][0], Data::String(label.clone()));
        for (j, n) in counts(&json)[i].iter().enumerate() {
            assert_eq!(rows[i + 1][j + 1], Data::Float(*n as f64), "{label}");
        }
    }
    let last = rows.last().unwrap();
    assert_eq!(last[0], Data::String("total".into()));
    assert_eq!(
        last[column_labels.len() + 1],
        Data::Float(json["total"].as_u64().unwrap() as f64)
    );
    let search = book.worksheet_range("Search").unwrap();
    let lines: HashMap<String, String> = search
        .rows()
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    assert_eq!(lines["query"], "finance");
    assert_eq!(lines["rows"], "partner");
    assert_eq!(lines["columns"], "area");
    assert_eq!(lines["partner"], "Shanghai,Beijing");
    assert!(lines.contains_key("created"));
    assert_eq!(lines["accords version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn bad_axes_and_dates_are_refused_naming_what_works() {
    let sandbox = Sandbox::indexed();
    let bad_axis = sandbox.run(&["matrix", "--rows", "areas", "--index", "idx"]);
    assert_eq!(bad_axis.code, 2);
    assert!(bad_axis.stderr.contains("partner"), "{}", bad_axis.stderr);
    for command in [&["matrix"][..], &["search", "finance"], &["facets"]] {
        let run =
            sandbox.run(&[command, &["--added-since", "last week", "--index", "idx"]].concat());
        assert_eq!(run.code, 2, "{command:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("--added-since \"last week\"")
                && run.stderr.contains("YYYY-MM-DD")
                && run.stderr.contains("RFC 3339"),
            "{command:?}: {}",
            run.stderr
        );
    }
}

/// One clause as a search lists it.
#[derive(Debug, Clone)]
struct Listed {
    id: String,
    added: String,
    source: String,
    text: String,
}

/// Every clause of `args`' search (all kinds), with its first-indexed time.
fn added(sandbox: &Sandbox, args: &[&str]) -> Vec<Listed> {
    let mut all = vec![
        "search", "", "--kind", "all", "--limit", "0", "--format", "json", "--index", "idx",
    ];
    all.extend_from_slice(args);
    let json = sandbox.run(&all).ok().json();
    let field = |h: &Value, name: &str| h[name].as_str().unwrap().to_string();
    json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| Listed {
            id: field(h, "id"),
            added: field(h, "added"),
            source: field(h, "source"),
            text: field(h, "text"),
        })
        .collect()
}

/// The current time, rounded up to the next whole second, in RFC 3339.
fn next_second() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 1;
    std::thread::sleep(Duration::from_millis(1100));
    let seconds = now as i64;
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[test]
fn added_since_finds_only_what_a_re_index_brought_in() {
    let sandbox = Sandbox::empty();
    let names = copy_seeds(&sandbox.path("corpus"), usize::MAX);
    sandbox.run(&["index", "corpus", "--index", "idx"]).ok();
    let before = added(&sandbox, &[]);
    assert!(!before.is_empty());
    let first: HashMap<(String, String), String> = before
        .iter()
        .map(|c| ((c.source.clone(), c.text.clone()), c.added.clone()))
        .collect();
    let since = next_second();

    // A new release (an old one's text with a line more, so its own
    // document), and one clause of another old release changed.
    let original = std::fs::read_to_string(sandbox.path(&format!("corpus/{}", names[0]))).unwrap();
    sandbox.write("corpus/new-release.txt", &format!("{original}\n\n"));
    let changed = names[1].as_str();
    let changed_path = format!("corpus/{changed}");
    let text = std::fs::read_to_string(sandbox.path(&changed_path)).unwrap();
    let edited = before
        .iter()
        .filter(|c| c.source.ends_with(changed) && c.text.ends_with('.'))
        .find(|c| text.matches(c.text.as_str()).count() == 1)
        .expect("a clause written on one line")
        .text
        .clone();
    let edited_now = format!("{edited} It will report on progress every year.");
    sandbox.write(&changed_path, &text.replace(&edited, &edited_now));
    sandbox.run(&["index", "corpus", "--index", "idx"]).ok();

    let after = added(&sandbox, &[]);
    let new = added(&sandbox, &["--added-since", &since]);
    let new_ids: std::collections::HashSet<&str> = new.iter().map(|c| c.id.as_str()).collect();
    let from_new_file: Vec<&Listed> = after
        .iter()
        .filter(|c| c.source.ends_with("new-release.txt"))
        .collect();
    assert!(!from_new_file.is_empty());
    // The new release's clauses and the edited clause, nothing else.
    let mut expected: Vec<&str> = from_new_file.iter().map(|c| c.id.as_str()).collect();
    let edited_clause = after
        .iter()
        .find(|c| c.text == edited_now)
        .expect("the edited clause is indexed");
    expected.push(&edited_clause.id);
    expected.sort();
    let mut got: Vec<&str> = new_ids.iter().copied().collect();
    got.sort();
    assert_eq!(got, expected);
    // Every other clause kept the time it was first indexed, those of the
    // edited release included.
    let mut kept_in_edited = 0;
    for clause in after.iter().filter(|c| !new_ids.contains(c.id.as_str())) {
        let was = first
            .get(&(clause.source.clone(), clause.text.clone()))
            .unwrap_or_else(|| panic!("{clause:?} is not new but was not there"));
        assert_eq!(&clause.added, was, "{clause:?}");
        if clause.source.ends_with(changed) {
            kept_in_edited += 1;
        }
    }
    assert!(kept_in_edited > 0);

    // Facets, matrix and a batch of queries filter the same way.
    let facets = facets(&sandbox, &["--kind", "all", "--added-since", &since]);
    assert_eq!(facets["total"].as_u64(), Some(new.len() as u64));
    let m = matrix(&sandbox, &["--kind", "all", "--added-since", &since]);
    assert_eq!(m["total"].as_u64(), Some(new.len() as u64));
    sandbox.write("topics.txt", "cooperation\nfinance\n");
    let batch = sandbox
        .run(&[
            "search",
            "--queries",
            "topics.txt",
            "--kind",
            "all",
            "--added-since",
            &since,
            "--limit",
            "0",
            "--index",
            "idx",
        ])
        .ok();
    let lines: Vec<Value> = batch
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let mut batch_hits = 0;
    for line in &lines {
        for hit in line["hits"].as_array().unwrap() {
            assert!(new_ids.contains(hit["id"].as_str().unwrap()), "{hit}");
            batch_hits += 1;
        }
    }
    assert!(batch_hits > 0);
    // A day long before the first build finds everything.
    assert_eq!(
        added(&sandbox, &["--added-since", "2000-01-01"]).len(),
        after.len()
    );
}

#[test]
fn the_api_answers_the_same_matrix_and_refuses_bad_axes_and_dates() {
    let server = super::serve::Server::seeds();
    let sandbox = Sandbox::indexed();
    let api = server
        .get("/api/matrix?q=cooperation&rows=province&cols=meeting&kind=all&partner=Shanghai,Jiangsu")
        .json();
    let cli = matrix(
        &sandbox,
        &[
            "cooperation",
            "--rows",
            "province",
            "--cols",
            "meeting",
            "--kind",
            "all",
            "--partner",
            "Shanghai,Jiangsu",
        ],
    );
    assert_eq!(api, cli);
    for (path, code) in [
        ("/api/matrix?cols=areas", "bad_parameter"),
        ("/api/matrix?rows=year&rows=kind", "bad_parameter"),
        ("/api/matrix?added_since=soon", "bad_date"),
        ("/api/search?q=finance&added_since=2024-02-30", "bad_date"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
        assert_eq!(reply.json()["code"], code, "{path}: {}", reply.body);
    }
    // Every clause of the seeds entered their index after 2000.
    let since = server
        .get("/api/search?q=finance&added_since=2000-01-01&limit=0")
        .json();
    let all = server.get("/api/search?q=finance&limit=0").json();
    assert_eq!(since["total"], all["total"]);
    let later = server
        .get("/api/search?q=finance&added_since=2999-01-01T00:00:00Z&limit=0")
        .json();
    assert_eq!(later["total"], 0);
}
