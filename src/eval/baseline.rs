//! The plain baseline accords is measured against: the same clauses in an
//! index with tantivy's default analyzer (the "default" tokenizer: split on
//! non-alphanumerics, lowercase, drop long tokens; no stemming, spelling,
//! compounds or synonyms) searched with tantivy's own `QueryParser` over
//! the clause text, words joined by OR as it does by default.
//!
//! This index is the evaluation's own: its small schema lives here rather
//! than in [`crate::index::schema`] because nothing but the evaluation ever
//! reads it, and it must stay plain whatever accords' schema becomes.

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, Value, STORED, STRING, TEXT,
};
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument, Term};

use crate::error::Result;
use crate::model::Document;
use crate::search::filters::DEFAULT_KINDS;

/// The clause filters a judged query may carry, as canonical values.
#[derive(Debug, Clone, Default)]
pub struct BaselineFilters<'a> {
    pub partners: &'a [String],
    pub areas: &'a [String],
    /// Empty means the kinds accords searches by default.
    pub kinds: &'a [String],
}

pub struct Baseline {
    reader: IndexReader,
    parser: QueryParser,
    id: Field,
    partner: Field,
    areas: Field,
    kind: Field,
}

impl Baseline {
    /// Indexes every clause of `documents` in `dir`, which must be empty.
    pub fn build(dir: &Path, documents: &[Document]) -> Result<Baseline> {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED);
        let text = builder.add_text_field("text", TEXT);
        let partner = builder.add_facet_field("partner", FacetOptions::default());
        let areas = builder.add_facet_field("areas", FacetOptions::default());
        let kind = builder.add_facet_field("kind", FacetOptions::default());
        let index = Index::create_in_dir(dir, builder.build())?;
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 32 * 1024 * 1024)?;
        for doc in documents {
            for clause in &doc.clauses {
                let mut out = TantivyDocument::new();
                out.add_text(id, &clause.id);
                out.add_text(text, &clause.text);
                if let Some(p) = &doc.facts.partner {
                    out.add_facet(partner, Facet::from_path([p.as_str()]));
                }
                for area in &clause.areas {
                    out.add_facet(areas, Facet::from_path([area.as_str()]));
                }
                out.add_facet(kind, Facet::from_path([clause.kind.as_str()]));
                writer.add_document(out)?;
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index.reader()?;
        let parser = QueryParser::for_index(&index, vec![text]);
        Ok(Baseline {
            reader,
            parser,
            id,
            partner,
            areas,
            kind,
        })
    }

    /// The ids of the first `limit` clauses for `query`, or `None` when
    /// tantivy's parser rejects the query.
    pub fn search(
        &self,
        query: &str,
        filters: &BaselineFilters,
        limit: usize,
    ) -> Result<Option<Vec<String>>> {
        let Ok(parsed) = self.parser.parse_query(query) else {
            return Ok(None);
        };
        let default_kinds: Vec<String> = DEFAULT_KINDS
            .iter()
            .map(|k| k.as_str().to_string())
            .collect();
        let kinds = if filters.kinds.is_empty() {
            &default_kinds[..]
        } else {
            filters.kinds
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed)];
        for (field, values) in [
            (self.partner, filters.partners),
            (self.areas, filters.areas),
            (self.kind, kinds),
        ] {
            if values.is_empty() {
                continue;
            }
            let alternatives: Vec<Box<dyn Query>> = values
                .iter()
                .map(|v| {
                    let term = Term::from_facet(field, &Facet::from_path([v.as_str()]));
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
                })
                .collect();
            // Filters match or not; they add nothing to the score.
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::union(alternatives)),
                    0.0,
                )),
            ));
        }
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        let mut ids = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = doc.get_first(self.id).and_then(|v| v.as_str()) {
                ids.push(id.to_string());
            }
        }
        Ok(Some(ids))
    }
}
