//! Facet counts: how many hits fall under each partner, area, meeting type,
//! kind and year, over the whole result set rather than the page shown.
//!
//! Counts come from [`FacetCounter`], run in the same pass as the search
//! itself: it reads each facet's column of value ordinals (a block of hits
//! at a time when the search does not score), counts by ordinal, and turns
//! ordinals into names once per segment, never reading a stored clause. A
//! clause with several areas counts once under each. The
//! values a facet holds across the whole index (for filter validation and
//! its error messages) come from the facet dictionaries, without visiting a
//! single clause.

use std::collections::{BTreeSet, HashMap};

use serde::ser::{Serialize, SerializeMap, Serializer};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentReader};

use crate::error::{Error, Result};
use crate::index::FacetField;

/// Counts per value for each facet, highest count first (ties by value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub fields: Vec<(FacetField, Vec<(String, u64)>)>,
}

impl Facets {
    /// The counts of one facet; empty when none of the hits has a value.
    pub fn get(&self, facet: FacetField) -> &[(String, u64)] {
        self.fields
            .iter()
            .find(|(f, _)| *f == facet)
            .map_or(&[], |(_, counts)| counts.as_slice())
    }
}

/// `{"partner": {"Shanghai": 9, ...}, "areas": {...}, ...}`, in the order of
/// [`FacetField::ALL`], each facet's values by count.
impl Serialize for Facets {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct Counts<'a>(&'a [(String, u64)]);
        impl Serialize for Counts<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (value, count) in self.0 {
                    map.serialize_entry(value, count)?;
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (facet, counts) in &self.fields {
            map.serialize_entry(facet.name(), &Counts(counts))?;
        }
        map.end()
    }
}

/// The label under which hits with no value of a facet (a clause without
/// an area, a release without a partner) are counted.
pub const NONE_LABEL: &str = "(none)";

/// Counts the values of every facet over the hits, all facets in one
/// collector.
pub(crate) struct FacetCounter;

/// Counts by value ordinal in one segment, one entry per facet of
/// [`FacetField::ALL`] (`None` when no clause of the segment has the facet).
pub(crate) struct SegmentFacetCounter {
    facets: Vec<Option<(StrColumn, Vec<u64>)>>,
    /// Per facet, hits holding at least one value.
    with_value: Vec<u64>,
    /// Hits counted.
    seen: u64,
    /// Hits not yet counted: a scoring search hands them over one by one,
    /// and they are counted a block at a time.
    pending: Vec<DocId>,
    docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

impl Collector for FacetCounter {
    type Fruit = Facets;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment_local_id: u32,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let fast = segment.fast_fields();
        let facets: Vec<Option<(StrColumn, Vec<u64>)>> = FacetField::ALL
            .into_iter()
            .map(|facet| {
                Ok(fast.str(facet.name())?.map(|column| {
                    let terms = column.num_terms();
                    (column, vec![0; terms])
                }))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentFacetCounter {
            with_value: vec![0; facets.len()],
            seen: 0,
            facets,
            pending: Vec::with_capacity(BLOCK),
            docs: Vec::new(),
            rows: Vec::new(),
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Vec<(String, u64)>>>) -> tantivy::Result<Facets> {
        let mut totals: Vec<HashMap<String, u64>> = vec![HashMap::new(); FacetField::ALL.len()];
        for fruit in fruits {
            for (total, counts) in totals.iter_mut().zip(fruit) {
                for (value, count) in counts {
                    *total.entry(value).or_default() += count;
                }
            }
        }
        let fields = FacetField::ALL
            .into_iter()
            .zip(totals)
            .map(|(facet, total)| {
                let mut values: Vec<(String, u64)> = total.into_iter().collect();
                // By count, and the hits without a value last whatever
                // their count.
                values.sort_by(|a, b| {
                    (a.0 == NONE_LABEL)
                        .cmp(&(b.0 == NONE_LABEL))
                        .then_with(|| b.1.cmp(&a.1))
                        .then_with(|| a.0.cmp(&b.0))
                });
                (facet, values)
            })
            .collect();
        Ok(Facets { fields })
    }
}

/// Hits counted a block at a time.
const BLOCK: usize = 256;

impl SegmentFacetCounter {
    /// Counts the values of some hits, in rising order.
    fn count(&mut self, docs: &[DocId]) {
        self.seen += docs.len() as u64;
        for (facet, with_value) in self.facets.iter_mut().zip(&mut self.with_value) {
            let Some((column, counts)) = facet else {
                continue;
            };
            let ords: &Column<u64> = column.ords();
            self.docs.clear();
            self.rows.clear();
            ords.row_ids_for_docs(docs, &mut self.docs, &mut self.rows);
            self.ords.resize(self.rows.len(), 0);
            ords.values.get_vals(&self.rows, &mut self.ords);
            let mut previous = (DocId::MAX, u64::MAX);
            for (&doc, &ord) in self.docs.iter().zip(&self.ords) {
                if (doc, ord) != previous {
                    counts[ord as usize] += 1;
                }
                if doc != previous.0 {
                    *with_value += 1;
                }
                previous = (doc, ord);
            }
        }
    }
}

impl SegmentCollector for SegmentFacetCounter {
    /// Per facet, each value held by some hit and its count.
    type Fruit = Vec<Vec<(String, u64)>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.pending.push(doc);
        if self.pending.len() == BLOCK {
            let pending = std::mem::take(&mut self.pending);
            self.count(&pending);
            self.pending = pending;
            self.pending.clear();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.count(docs);
    }

    fn harvest(mut self) -> Self::Fruit {
        let pending = std::mem::take(&mut self.pending);
        self.count(&pending);
        let seen = self.seen;
        self.facets
            .into_iter()
            .zip(self.with_value)
            .map(|(facet, with_value)| {
                let none = (seen > with_value).then(|| (NONE_LABEL.to_string(), seen - with_value));
                let Some((column, counts)) = facet else {
                    return none.into_iter().collect();
                };
                let mut bytes = Vec::new();
                counts
                    .into_iter()
                    .enumerate()
                    .filter(|&(_, count)| count > 0)
                    .filter_map(|(ord, count)| {
                        bytes.clear();
                        let found = column
                            .dictionary()
                            .ord_to_term(ord as u64, &mut bytes)
                            .ok()?;
                        let facet = found.then(|| Facet::from_encoded(bytes.clone()).ok())??;
                        // Values sit directly under the root; a deeper value
                        // counts under its first part.
                        let label = facet.to_path().first()?.to_string();
                        Some((label, count))
                    })
                    .chain(none)
                    .collect()
            })
            .collect()
    }
}

fn facet_label(facet: &Facet) -> String {
    facet.to_path().join("/")
}

/// Every value a facet holds anywhere in the index, sorted.
pub(crate) fn known_values(searcher: &Searcher, facet: FacetField) -> Result<Vec<String>> {
    let mut values = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let reader = segment.facet_reader(facet.name())?;
        let dict = reader.facet_dict();
        let mut bytes = Vec::new();
        for ord in 0..dict.num_terms() as u64 {
            bytes.clear();
            if dict
                .ord_to_term(ord, &mut bytes)
                .map_err(|e| Error::Index(format!("cannot read the {} facet: {e}", facet.name())))?
            {
                if let Ok(facet) = Facet::from_encoded(bytes.clone()) {
                    let label = facet_label(&facet);
                    if !label.is_empty() {
                        values.insert(label);
                    }
                }
            }
        }
    }
    Ok(values.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_serialise_as_objects_in_count_order() {
        let facets = Facets {
            fields: vec![
                (
                    FacetField::Partner,
                    vec![("Shanghai".into(), 9), ("Beijing".into(), 2)],
                ),
                (FacetField::Year, vec![("2023".into(), 11)]),
            ],
        };
        assert_eq!(
            serde_json::to_string(&facets).unwrap(),
            r#"{"partner":{"Shanghai":9,"Beijing":2},"year":{"2023":11}}"#
        );
        assert_eq!(facets.get(FacetField::Year), [("2023".to_string(), 11)]);
        assert!(facets.get(FacetField::Kind).is_empty());
    }
}
