//! Bare tantivy as the ceiling accords' own layers are judged by: the same
//! records in an index with tantivy's default tokenizer, on two indexing
//! threads, searched through its `QueryParser` for the top ten by BM25
//! with a `SnippetGenerator`, and facets counted by one `FacetCollector`.
//! No synonyms, stemming, typo correction or ranking extras.

#![allow(dead_code)]

use std::path::Path;

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, STORED, STRING, TEXT,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, IndexReader, TantivyDocument, Term};

use crate::corpus;
use crate::queries::{BenchQuery, FacetTally, Filter, Page, FACET_NAMES};

/// As accords' writer: 128 MB per thread.
const MEMORY_PER_THREAD: usize = 128 * 1024 * 1024;
const THREADS: usize = 2;
/// As accords' snippets.
const SNIPPET_CHARS: usize = 200;

/// Facet roots, in the order of [`FACET_NAMES`].
const ROOTS: [&str; 4] = ["partner", "area", "meeting", "year"];

pub struct Bare {
    index: Index,
    reader: IndexReader,
    text: Field,
    facet: Field,
    parser: QueryParser,
}

impl Bare {
    /// Indexes the records of `jsonl` into a new index in `dir`.
    pub fn build(dir: &Path, jsonl: &Path) -> Result<Bare, String> {
        Bare::load(dir, jsonl).map_err(|e| format!("{}: {e}", dir.display()))
    }

    fn load(dir: &Path, jsonl: &Path) -> Result<Bare, Box<dyn std::error::Error>> {
        let mut builder = Schema::builder();
        let id = builder.add_text_field("id", STRING | STORED);
        let text = builder.add_text_field("text", TEXT | STORED);
        let partner = builder.add_text_field("partner", STRING | STORED);
        let areas = builder.add_text_field("areas", STORED);
        let meetings = builder.add_text_field("meeting_types", STORED);
        let date = builder.add_text_field("date", STORED);
        let kind = builder.add_text_field("kind", STORED);
        let title = builder.add_text_field("title", STORED);
        let doc_id = builder.add_text_field("doc_id", STORED);
        let source = builder.add_text_field("source", STORED);
        let facet = builder.add_facet_field("facet", FacetOptions::default());
        let schema = builder.build();

        std::fs::create_dir_all(dir)?;
        let index = Index::create_in_dir(dir, schema)?;
        let mut writer = index.writer_with_num_threads(THREADS, THREADS * MEMORY_PER_THREAD)?;
        corpus::each_record(jsonl, |r| {
            let mut d = doc!(id => r.id.as_str(), text => r.text.as_str());
            for (field, value) in [
                (partner, &r.partner),
                (date, &r.date),
                (kind, &r.kind),
                (title, &r.title),
                (doc_id, &r.doc_id),
                (source, &r.source),
            ] {
                if let Some(v) = value {
                    d.add_text(field, v);
                }
            }
            for a in &r.areas {
                d.add_text(areas, a);
                d.add_facet(facet, Facet::from_path(["area", a.as_str()]));
            }
            for m in &r.meeting_types {
                d.add_text(meetings, m);
                d.add_facet(facet, Facet::from_path(["meeting", m.as_str()]));
            }
            if let Some(p) = &r.partner {
                d.add_facet(facet, Facet::from_path(["partner", p.as_str()]));
            }
            if let Some(y) = r.year() {
                d.add_facet(facet, Facet::from_path(["year".to_string(), y.to_string()]));
            }
            writer.add_document(d).map_err(|e| e.to_string())?;
            Ok(())
        })?;
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index.reader()?;
        let parser = QueryParser::for_index(&index, vec![text]);
        Ok(Bare {
            index,
            reader,
            text,
            facet,
            parser,
        })
    }

    fn query(&self, query: &BenchQuery) -> Box<dyn Query> {
        let parsed = self
            .parser
            .parse_query(&query.text())
            .expect("a valid query");
        let facet = match &query.filter {
            None => return parsed,
            Some(Filter::Partner(p)) => Facet::from_path(["partner", p.as_str()]),
            Some(Filter::Area(a)) => Facet::from_path(["area", a.as_str()]),
        };
        let filter = TermQuery::new(
            Term::from_facet(self.facet, &facet),
            IndexRecordOption::Basic,
        );
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, parsed),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
            ),
        ]))
    }

    /// The first ten hits by BM25, each loaded with a highlighted snippet.
    pub fn search(&self, query: &BenchQuery) -> Page {
        let searcher = self.reader.searcher();
        let q = self.query(query);
        let top = searcher
            .search(&q, &TopDocs::with_limit(10).order_by_score())
            .expect("the search runs");
        let mut snippets =
            SnippetGenerator::create(&searcher, &*q, self.text).expect("a snippet generator");
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut page = Page::default();
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address).expect("the clause loads");
            let snippet = snippets.snippet_from_doc(&doc);
            page.hits += 1;
            page.marks += snippet.highlighted().len() + usize::from(!snippet.fragment().is_empty());
        }
        page
    }

    /// Facet counts over every clause `query` matches, one collector for
    /// all four facets.
    pub fn facets(&self, query: &str) -> FacetTally {
        let searcher = self.reader.searcher();
        let q = self.parser.parse_query(query).expect("a valid query");
        let mut collector = FacetCollector::for_field("facet");
        for root in ROOTS {
            collector.add_facet(Facet::from_path([root]));
        }
        let (matched, counts) = searcher
            .search(&q, &(Count, collector))
            .expect("the facet count runs");
        let mut tally = FacetTally {
            matched: Some(matched as u64),
            ..FacetTally::default()
        };
        debug_assert_eq!(ROOTS.len(), FACET_NAMES.len());
        for (dim, root) in ROOTS.iter().enumerate() {
            let values: Vec<u64> = counts
                .get(Facet::from_path([*root]))
                .map(|(_, n)| n)
                .collect();
            tally.dims[dim] = (values.len(), values.iter().sum());
        }
        tally
    }

    pub fn clause_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn index(&self) -> &Index {
        &self.index
    }
}
