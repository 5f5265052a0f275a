//! Facet counts: how many hits fall under each partner, area, meeting type,
//! kind and year, over the whole result set rather than the page shown.
//!
//! Counts come from tantivy's facet collector, run in the same pass as the
//! search itself; a clause with several areas counts once under each. The
//! values a facet holds across the whole index (for filter validation and
//! its error messages) come from the facet dictionaries, without visiting a
//! single clause.

use std::collections::BTreeSet;

use serde::ser::{Serialize, SerializeMap, Serializer};
use tantivy::collector::{FacetCollector, FacetCounts};
use tantivy::schema::Facet;
use tantivy::Searcher;

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

/// One collector per facet, each counting the values directly under the
/// root.
pub(crate) fn collectors() -> Vec<(FacetField, FacetCollector)> {
    FacetField::ALL
        .into_iter()
        .map(|facet| {
            let mut collector = FacetCollector::for_field(facet.name());
            collector.add_facet(Facet::root());
            (facet, collector)
        })
        .collect()
}

/// Orders collected counts into [`Facets`].
pub(crate) fn from_counts(counts: Vec<(FacetField, FacetCounts)>) -> Facets {
    let fields = counts
        .into_iter()
        .map(|(facet, counts)| {
            let mut values: Vec<(String, u64)> = counts
                .get(Facet::root())
                .map(|(f, count)| (facet_label(f), count))
                .collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            (facet, values)
        })
        .collect();
    Facets { fields }
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
