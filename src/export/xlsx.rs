//! Excel workbooks (`--format xlsx`), written with `rust_xlsxwriter`, for
//! analysts who filter and annotate hits in a spreadsheet.
//!
//! The first sheet, `Hits`, has one row per hit under the columns of
//! [CSV](super::csv) (a `query` column first when several queries were
//! run): the header row is bold, frozen and filterable; columns are as wide
//! as their content within limits, the long ones (clause text, snippet,
//! citation) wrapped; rank and score are numbers, a date with its year is
//! an Excel date (`yyyy-mm-dd`; a date without a year stays text,
//! `--05-11`), and the source URL is a hyperlink. The second sheet,
//! `Search`, records what produced the hits: the query or queries, every
//! filter, the hits found and written, when, and the accords version.
//!
//! A workbook is binary, so it is written whole into memory and then to the
//! destination; the command line asks for a file.

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Url, Workbook, Worksheet, XlsxError};

use crate::export::{hit_cells, HIT_COLUMNS};
use crate::search::{Matrix, SearchRequest, SearchResults};

/// What the `Search` sheet records about how the hits were found.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookInfo {
    /// Filters and options as `(name, value)` rows, in order; values of a
    /// list joined with ", ".
    pub filters: Vec<(String, String)>,
    /// When the search ran.
    pub created: SystemTime,
    /// The accords version that wrote the workbook.
    pub version: String,
    /// The file the queries were read from, for a batch.
    pub queries_file: Option<String>,
}

impl WorkbookInfo {
    /// The filters and options of `request` (its query aside), with the
    /// current time and this version of accords.
    pub fn for_request(request: &SearchRequest) -> WorkbookInfo {
        let mut filters = Vec::new();
        let lists: [(&str, &[String]); 7] = [
            ("partner", &request.partner),
            ("province", &request.province),
            ("partner_kind", &request.partner_kind),
            ("document_kind", &request.document_kind),
            ("area", &request.area),
            ("meeting", &request.meeting),
            ("kind", &request.kind),
        ];
        for (name, values) in lists {
            if !values.is_empty() {
                filters.push((name.to_string(), values.join(", ")));
            }
        }
        if request.kind.is_empty() {
            filters.push(("kind".into(), "commitment, agreement (default)".into()));
        }
        for (name, value) in [
            ("from", &request.from),
            ("to", &request.to),
            ("added_since", &request.added_since),
        ] {
            if let Some(value) = value {
                filters.push((name.to_string(), value.clone()));
            }
        }
        let sort = match request.sort {
            crate::search::Sort::Relevance => "relevance",
            crate::search::Sort::Date => "date",
        };
        filters.push(("sort".into(), sort.into()));
        filters.push((
            "limit".into(),
            request
                .limit
                .map_or("every hit".to_string(), |n| n.to_string()),
        ));
        if request.offset > 0 {
            filters.push(("offset".into(), request.offset.to_string()));
        }
        WorkbookInfo {
            filters,
            created: SystemTime::now(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            queries_file: None,
        }
    }
}

/// The widest and narrowest a column is made, in characters.
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 50.0;
/// Columns of long text: this wide, and wrapped.
const WRAPPED_WIDTH: f64 = 80.0;
const WRAPPED: [&str; 3] = ["text", "snippet", "citation"];
/// Excel's limit on the rows of a worksheet, less the header.
const MAX_ROWS: usize = 1_048_575;
/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

fn to_io(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

/// Writes one workbook of every hit of `results` (several result sets for a
/// batch of queries, each hit then labelled with its query).
pub fn write_workbook(
    out: &mut dyn Write,
    results: &[SearchResults],
    info: &WorkbookInfo,
) -> io::Result<()> {
    let bytes = workbook_bytes(results, info).map_err(to_io)?;
    out.write_all(&bytes)
}

/// Writes a workbook of one result set, recording only its query.
pub(super) fn write_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let info = WorkbookInfo {
        filters: Vec::new(),
        created: SystemTime::now(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        queries_file: None,
    };
    write_workbook(out, std::slice::from_ref(results), &info)
}

fn workbook_bytes(results: &[SearchResults], info: &WorkbookInfo) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let batch = results.len() != 1;
    write_hits(workbook.add_worksheet(), results, batch)?;
    write_search(workbook.add_worksheet(), results, info)?;
    workbook.save_to_buffer()
}

/// Text as a cell can hold it: at most Excel's limit of characters.
fn cell_text(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

fn write_hits(
    sheet: &mut Worksheet,
    results: &[SearchResults],
    batch: bool,
) -> Result<(), XlsxError> {
    sheet.set_name("Hits")?;
    let header = Format::new().set_bold().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);

    let mut columns: Vec<&str> = Vec::new();
    if batch {
        columns.push("query");
    }
    columns.extend(HIT_COLUMNS);
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for (col, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }

    let hits: usize = results.iter().map(|r| r.hits.len()).sum();
    if hits > MAX_ROWS {
        return Err(XlsxError::ParameterError(format!(
            "{hits} hits do not fit in one worksheet (at most {MAX_ROWS}); \
             narrow the search or write --format csv"
        )));
    }
    let mut row: u32 = 0;
    for result in results {
        for hit in &result.hits {
            row += 1;
            let mut cells: Vec<String> = Vec::with_capacity(columns.len());
            if batch {
                cells.push(result.query.clone());
            }
            cells.extend(hit_cells(hit, String::new()));
            for (col, (name, value)) in columns.iter().zip(&cells).enumerate() {
                let col = col as u16;
                let value = cell_text(value);
                let shown = match *name {
                    "rank" => {
                        sheet.write_number_with_format(row, col, hit.rank as f64, &top)?;
                        value.len()
                    }
                    "score" => {
                        if let Some(score) = hit.score {
                            sheet.write_number_with_format(row, col, f64::from(score), &top)?;
                        }
                        8
                    }
                    "date" => match hit.document.date {
                        Some(d) if d.year.is_some() => {
                            let excel =
                                u16::try_from(d.year.unwrap_or_default())
                                    .ok()
                                    .and_then(|y| {
                                        ExcelDateTime::from_ymd(y, d.month as u8, d.day as u8).ok()
                                    });
                            match excel {
                                Some(excel) => {
                                    sheet.write_datetime_with_format(row, col, excel, &date)?;
                                }
                                None => {
                                    sheet.write_string_with_format(row, col, value, &top)?;
                                }
                            }
                            10
                        }
                        _ => {
                            sheet.write_string_with_format(row, col, value, &top)?;
                            value.chars().count()
                        }
                    },
                    "url" if !value.is_empty() => {
                        let linked = sheet.write_url(row, col, Url::new(value)).is_ok();
                        if !linked {
                            // Not a link Excel accepts (too long, an
                            // unknown scheme): the address as text.
                            sheet.write_string_with_format(row, col, value, &top)?;
                        }
                        value.chars().count()
                    }
                    name if WRAPPED.contains(&name) => {
                        sheet.write_string_with_format(row, col, value, &wrapped)?;
                        0
                    }
                    _ => {
                        if !value.is_empty() {
                            sheet.write_string_with_format(row, col, value, &top)?;
                        }
                        value.chars().count()
                    }
                };
                let width = &mut widths[usize::from(col)];
                *width = (*width).max(shown);
            }
        }
    }

    for (col, (name, width)) in columns.iter().zip(&widths).enumerate() {
        let width = if WRAPPED.contains(name) {
            WRAPPED_WIDTH
        } else {
            // A little room for the filter button beside the header.
            (*width as f64 + 3.0).clamp(MIN_WIDTH, MAX_WIDTH)
        };
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row, (columns.len() - 1) as u16)?;
    Ok(())
}

fn write_search(
    sheet: &mut Worksheet,
    results: &[SearchResults],
    info: &WorkbookInfo,
) -> Result<(), XlsxError> {
    sheet.set_name("Search")?;
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss \"UTC\"");
    let mut row: u32 = 0;
    let mut line = |sheet: &mut Worksheet, name: &str, value: &str| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, name, &bold)?;
        sheet.write_string(row, 1, cell_text(value))?;
        row += 1;
        Ok(())
    };
    if let Some(file) = &info.queries_file {
        line(sheet, "queries file", file)?;
    }
    for result in results {
        let query = if result.query.is_empty() {
            "(none: every clause)"
        } else {
            &result.query
        };
        line(sheet, "query", query)?;
        line(
            sheet,
            "hits",
            &format!("{} found, {} written", result.total, result.hits.len()),
        )?;
    }
    for (name, value) in &info.filters {
        line(sheet, name, value)?;
    }
    let seconds = info
        .created
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    sheet.write_string_with_format(row, 0, "created", &bold)?;
    match ExcelDateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0)) {
        Ok(created) => sheet.write_datetime_with_format(row, 1, created, &when)?,
        Err(_) => sheet.write_string(row, 1, "unknown")?,
    };
    row += 1;
    sheet.write_string_with_format(row, 0, "accords version", &bold)?;
    sheet.write_string(row, 1, &info.version)?;
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 60)?;
    Ok(())
}

/// Writes a workbook of a coverage matrix: the `Matrix` sheet has the row
/// values down the first column and the column values across a bold,
/// frozen, filterable header, every count a number, a `total` column and
/// row of distinct clauses; the `Search` sheet records the query, filters,
/// axes, when and the accords version.
pub fn write_matrix(out: &mut dyn Write, matrix: &Matrix, info: &WorkbookInfo) -> io::Result<()> {
    let bytes = matrix_bytes(matrix, info).map_err(to_io)?;
    out.write_all(&bytes)
}

fn matrix_bytes(matrix: &Matrix, info: &WorkbookInfo) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Matrix")?;
    let header = Format::new().set_bold();
    let columns = matrix.column_labels.len();
    if matrix.row_labels.len() + 2 > MAX_ROWS || columns + 2 > 16_384 {
        return Err(XlsxError::ParameterError(format!(
            "a matrix of {} rows and {columns} columns does not fit in one worksheet; \
             turn it with --rows and --cols or write --format csv",
            matrix.row_labels.len()
        )));
    }
    let total_col = (columns + 1) as u16;
    sheet.write_string_with_format(0, 0, matrix.rows.name(), &header)?;
    let mut widths: Vec<usize> = vec![matrix.rows.name().len()];
    for (j, label) in matrix.column_labels.iter().enumerate() {
        sheet.write_string_with_format(0, (j + 1) as u16, cell_text(label), &header)?;
        widths.push(label.chars().count());
    }
    sheet.write_string_with_format(0, total_col, "total", &header)?;
    widths.push(5);
    let mut row: u32 = 0;
    for (i, label) in matrix.row_labels.iter().enumerate() {
        row += 1;
        sheet.write_string(row, 0, cell_text(label))?;
        widths[0] = widths[0].max(label.chars().count());
        for (j, n) in matrix.counts[i].iter().enumerate() {
            sheet.write_number(row, (j + 1) as u16, *n as f64)?;
        }
        sheet.write_number_with_format(row, total_col, matrix.row_totals[i] as f64, &header)?;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "total", &header)?;
    for (j, n) in matrix.column_totals.iter().enumerate() {
        sheet.write_number_with_format(row, (j + 1) as u16, *n as f64, &header)?;
    }
    sheet.write_number_with_format(row, total_col, matrix.total as f64, &header)?;
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(
            col as u16,
            (*width as f64 + 3.0).clamp(MIN_WIDTH, MAX_WIDTH),
        )?;
    }
    sheet.set_freeze_panes(1, 1)?;
    // The filter covers the value rows, not the total row below them.
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), total_col)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Search")?;
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss \"UTC\"");
    let query = if matrix.query.is_empty() {
        "(none: every clause)"
    } else {
        &matrix.query
    };
    let mut lines: Vec<(String, String)> = vec![
        ("query".into(), query.to_string()),
        ("rows".into(), matrix.rows.name().to_string()),
        ("columns".into(), matrix.columns.name().to_string()),
        ("clauses".into(), matrix.total.to_string()),
    ];
    lines.extend(
        info.filters
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "sort" | "limit" | "offset"))
            .cloned(),
    );
    let mut row: u32 = 0;
    for (name, value) in &lines {
        sheet.write_string_with_format(row, 0, name, &bold)?;
        sheet.write_string(row, 1, cell_text(value))?;
        row += 1;
    }
    let seconds = info
        .created
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    sheet.write_string_with_format(row, 0, "created", &bold)?;
    match ExcelDateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0)) {
        Ok(created) => sheet.write_datetime_with_format(row, 1, created, &when)?,
        Err(_) => sheet.write_string(row, 1, "unknown")?,
    };
    row += 1;
    sheet.write_string_with_format(row, 0, "accords version", &bold)?;
    sheet.write_string(row, 1, &info.version)?;
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 60)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample_results;

    #[test]
    fn the_search_sheet_records_filters_and_defaults() {
        let request = SearchRequest {
            partner: vec!["Beijing".into(), "Shanghai".into()],
            from: Some("2023".into()),
            limit: None,
            ..SearchRequest::new("green finance")
        };
        let info = WorkbookInfo::for_request(&request);
        assert_eq!(
            info.filters,
            [
                ("partner".to_string(), "Beijing, Shanghai".to_string()),
                (
                    "kind".to_string(),
                    "commitment, agreement (default)".to_string()
                ),
                ("from".to_string(), "2023".to_string()),
                ("sort".to_string(), "relevance".to_string()),
                ("limit".to_string(), "every hit".to_string()),
            ]
        );
    }

    #[test]
    fn a_workbook_is_a_zip_of_two_sheets() {
        let mut out = Vec::new();
        write_results(&mut out, &sample_results(false)).unwrap();
        assert!(out.starts_with(b"PK"));
    }

    #[test]
    fn over_long_text_is_cut_to_what_a_cell_holds() {
        let long = "é".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cell_text("short"), "short");
    }
}
