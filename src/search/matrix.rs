//! Coverage matrices: how many clauses of a result set fall under each pair
//! of values of two facets (partner × area, year × meeting type, ...), with
//! the totals of each row and column.
//!
//! Counting works like [`facets`](super::facets): one pass over the facet
//! columns of the matching clauses, by value ordinal, names looked up once
//! per segment, no stored clause read. A clause with several values of a
//! facet (areas, meeting types) counts once in each of its cells, as it
//! counts once under each value in the facets; a row or column total counts
//! distinct clauses, so it may be less than the sum of its cells, and the
//! grand total is the number of clauses matched.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentReader};

use crate::index::FacetField;
use crate::search::facets::NONE_LABEL;

/// A facet a matrix's rows or columns run over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatrixAxis {
    Partner,
    Province,
    Area,
    Meeting,
    Year,
    Kind,
}

impl MatrixAxis {
    pub const ALL: [MatrixAxis; 6] = [
        MatrixAxis::Partner,
        MatrixAxis::Province,
        MatrixAxis::Area,
        MatrixAxis::Meeting,
        MatrixAxis::Year,
        MatrixAxis::Kind,
    ];

    /// The axis as the command line and the API name it.
    pub fn name(self) -> &'static str {
        match self {
            MatrixAxis::Partner => "partner",
            MatrixAxis::Province => "province",
            MatrixAxis::Area => "area",
            MatrixAxis::Meeting => "meeting",
            MatrixAxis::Year => "year",
            MatrixAxis::Kind => "kind",
        }
    }

    /// The axis named `name`, as [`MatrixAxis::name`] spells it.
    pub fn parse(name: &str) -> Option<MatrixAxis> {
        MatrixAxis::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The facet the axis counts.
    pub fn facet(self) -> FacetField {
        match self {
            MatrixAxis::Partner => FacetField::Partner,
            MatrixAxis::Province => FacetField::Province,
            MatrixAxis::Area => FacetField::Areas,
            MatrixAxis::Meeting => FacetField::MeetingTypes,
            MatrixAxis::Year => FacetField::Year,
            MatrixAxis::Kind => FacetField::Kind,
        }
    }
}

/// Clause counts for every pair of a row value and a column value.
///
/// As JSON: `{"query", "rows": "partner", "columns": "area", "row_labels",
/// "column_labels", "counts": [[...], ...], "row_totals", "column_totals",
/// "total"}`, `counts[i][j]` the clauses of row `i` and column `j`. Rows
/// and columns are ordered by their totals, highest first, except years,
/// which run oldest first (a timeline); clauses without a value of the
/// facet are counted under `(none)`, last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matrix {
    /// The query as typed; empty for every clause.
    pub query: String,
    pub rows: MatrixAxis,
    pub columns: MatrixAxis,
    pub row_labels: Vec<String>,
    pub column_labels: Vec<String>,
    /// One list per row, one count per column.
    pub counts: Vec<Vec<u64>>,
    /// Distinct clauses per row.
    pub row_totals: Vec<u64>,
    /// Distinct clauses per column.
    pub column_totals: Vec<u64>,
    /// Distinct clauses matched.
    pub total: u64,
    /// True when only commitments and agreements were counted (the default
    /// kinds), so text can say so.
    #[serde(skip)]
    pub default_kinds: bool,
}

/// Counts, keyed by label, as the collector gathers them.
#[derive(Debug, Default)]
pub(crate) struct MatrixCounts {
    cells: HashMap<(String, String), u64>,
    rows: HashMap<String, u64>,
    columns: HashMap<String, u64>,
    total: u64,
}

impl Matrix {
    /// Lays out counts as a table.
    pub(crate) fn from_counts(
        query: String,
        rows: MatrixAxis,
        columns: MatrixAxis,
        counts: MatrixCounts,
        default_kinds: bool,
    ) -> Matrix {
        let order = |axis: MatrixAxis, totals: &HashMap<String, u64>| -> Vec<(String, u64)> {
            let mut values: Vec<(String, u64)> =
                totals.iter().map(|(v, n)| (v.clone(), *n)).collect();
            values.sort_by(|a, b| {
                let by_total = b.1.cmp(&a.1);
                (a.0 == NONE_LABEL)
                    .cmp(&(b.0 == NONE_LABEL))
                    .then_with(|| {
                        if axis == MatrixAxis::Year {
                            a.0.cmp(&b.0)
                        } else {
                            by_total
                        }
                    })
                    .then_with(|| a.0.cmp(&b.0))
            });
            values
        };
        let row_order = order(rows, &counts.rows);
        let column_order = order(columns, &counts.columns);
        let cells = row_order
            .iter()
            .map(|(row, _)| {
                column_order
                    .iter()
                    .map(|(column, _)| {
                        counts
                            .cells
                            .get(&(row.clone(), column.clone()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        Matrix {
            query,
            rows,
            columns,
            row_labels: row_order.iter().map(|(v, _)| v.clone()).collect(),
            row_totals: row_order.iter().map(|(_, n)| *n).collect(),
            column_labels: column_order.iter().map(|(v, _)| v.clone()).collect(),
            column_totals: column_order.iter().map(|(_, n)| *n).collect(),
            counts: cells,
            total: counts.total,
            default_kinds,
        }
    }

    /// The count of the cell at `row` and `column`, by label.
    pub fn get(&self, row: &str, column: &str) -> Option<u64> {
        let i = self.row_labels.iter().position(|r| r == row)?;
        let j = self.column_labels.iter().position(|c| c == column)?;
        Some(self.counts[i][j])
    }
}

/// Counts the pairs of two facets' values over the hits.
pub(crate) struct MatrixCounter {
    pub rows: FacetField,
    pub columns: FacetField,
}

/// The ordinal standing for "no value".
const NONE: u64 = u64::MAX;

pub(crate) struct SegmentMatrixCounter {
    rows: Option<StrColumn>,
    columns: Option<StrColumn>,
    cells: HashMap<(u64, u64), u64>,
    row_totals: HashMap<u64, u64>,
    column_totals: HashMap<u64, u64>,
    total: u64,
    row_ords: Vec<u64>,
    column_ords: Vec<u64>,
}

impl Collector for MatrixCounter {
    type Fruit = MatrixCounts;
    type Child = SegmentMatrixCounter;

    fn for_segment(
        &self,
        _segment_local_id: u32,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentMatrixCounter> {
        let fast = segment.fast_fields();
        Ok(SegmentMatrixCounter {
            rows: fast.str(self.rows.name())?,
            columns: fast.str(self.columns.name())?,
            cells: HashMap::new(),
            row_totals: HashMap::new(),
            column_totals: HashMap::new(),
            total: 0,
            row_ords: Vec::new(),
            column_ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<MatrixCounts>) -> tantivy::Result<MatrixCounts> {
        let mut all = MatrixCounts::default();
        for fruit in fruits {
            for (key, n) in fruit.cells {
                *all.cells.entry(key).or_default() += n;
            }
            for (key, n) in fruit.rows {
                *all.rows.entry(key).or_default() += n;
            }
            for (key, n) in fruit.columns {
                *all.columns.entry(key).or_default() += n;
            }
            all.total += fruit.total;
        }
        Ok(all)
    }
}

/// The distinct value ordinals of a clause in a column, or [`NONE`].
fn ords_of(column: Option<&StrColumn>, doc: DocId, into: &mut Vec<u64>) {
    into.clear();
    if let Some(column) = column {
        into.extend(column.term_ords(doc));
    }
    into.sort_unstable();
    into.dedup();
    if into.is_empty() {
        into.push(NONE);
    }
}

/// The label of a value ordinal: the facet's first path step.
fn label(column: Option<&StrColumn>, ord: u64, bytes: &mut Vec<u8>) -> String {
    if ord == NONE {
        return NONE_LABEL.to_string();
    }
    bytes.clear();
    column
        .and_then(|c| c.dictionary().ord_to_term(ord, bytes).ok())
        .filter(|found| *found)
        .and_then(|_| Facet::from_encoded(bytes.clone()).ok())
        .and_then(|f| f.to_path().first().map(|s| s.to_string()))
        .unwrap_or_else(|| NONE_LABEL.to_string())
}

impl SegmentCollector for SegmentMatrixCounter {
    type Fruit = MatrixCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        ords_of(self.rows.as_ref(), doc, &mut self.row_ords);
        ords_of(self.columns.as_ref(), doc, &mut self.column_ords);
        self.total += 1;
        for &row in &self.row_ords {
            *self.row_totals.entry(row).or_default() += 1;
            for &column in &self.column_ords {
                *self.cells.entry((row, column)).or_default() += 1;
            }
        }
        for &column in &self.column_ords {
            *self.column_totals.entry(column).or_default() += 1;
        }
    }

    fn harvest(self) -> MatrixCounts {
        let mut bytes = Vec::new();
        let mut rows = HashMap::new();
        let mut row_label = |ord: u64, bytes: &mut Vec<u8>| -> String {
            rows.entry(ord)
                .or_insert_with(|| label(self.rows.as_ref(), ord, bytes))
                .clone()
        };
        let mut columns = HashMap::new();
        let mut column_label = |ord: u64, bytes: &mut Vec<u8>| -> String {
            columns
                .entry(ord)
                .or_insert_with(|| label(self.columns.as_ref(), ord, bytes))
                .clone()
        };
        let mut counts = MatrixCounts {
            total: self.total,
            ..MatrixCounts::default()
        };
        for ((row, column), n) in self.cells {
            let key = (row_label(row, &mut bytes), column_label(column, &mut bytes));
            *counts.cells.entry(key).or_default() += n;
        }
        for (row, n) in self.row_totals {
            *counts.rows.entry(row_label(row, &mut bytes)).or_default() += n;
        }
        for (column, n) in self.column_totals {
            *counts
                .columns
                .entry(column_label(column, &mut bytes))
                .or_default() += n;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(
        cells: &[(&str, &str, u64)],
        rows: &[(&str, u64)],
        columns: &[(&str, u64)],
    ) -> MatrixCounts {
        MatrixCounts {
            cells: cells
                .iter()
                .map(|(r, c, n)| ((r.to_string(), c.to_string()), *n))
                .collect(),
            rows: rows.iter().map(|(r, n)| (r.to_string(), *n)).collect(),
            columns: columns.iter().map(|(c, n)| (c.to_string(), *n)).collect(),
            total: rows.iter().map(|(_, n)| n).sum(),
        }
    }

    #[test]
    fn rows_run_by_total_and_years_as_a_timeline_with_none_last() {
        let by_partner = Matrix::from_counts(
            String::new(),
            MatrixAxis::Partner,
            MatrixAxis::Year,
            counts(
                &[
                    ("Beijing", "2024", 1),
                    ("Shanghai", "2023", 2),
                    ("(none)", "2023", 5),
                ],
                &[("Beijing", 1), ("Shanghai", 2), ("(none)", 5)],
                &[("2024", 1), ("2023", 7)],
            ),
            true,
        );
        assert_eq!(by_partner.row_labels, ["Shanghai", "Beijing", "(none)"]);
        assert_eq!(by_partner.column_labels, ["2023", "2024"]);
        assert_eq!(by_partner.counts, [[2, 0], [0, 1], [5, 0]]);
        assert_eq!(by_partner.get("Beijing", "2024"), Some(1));
        assert_eq!(by_partner.get("Hubei", "2024"), None);
        assert_eq!(MatrixAxis::parse(" Area"), Some(MatrixAxis::Area));
        assert_eq!(MatrixAxis::parse("areas"), None);
    }
}
