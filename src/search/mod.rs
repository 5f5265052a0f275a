//! Search: a query and filters in, ranked hits with highlights and facet
//! counts out, as plain data.
//!
//! [`query`] parses what the user typed, [`filters`] checks filter values,
//! `compile` builds the index query (and decides ranking), `pairs` adds the
//! neighbouring-word scores where they can change the page, [`facets`]
//! counts, [`highlight`] finds matched words and snippets. This module runs
//! them against a [`ClauseIndex`] and returns [`SearchResults`]; no tantivy
//! type leaves it. How results look is [`crate::export`]'s business.

mod compile;
mod exclusion;
pub mod explain;
pub mod facets;
pub mod filters;
pub mod highlight;
mod pairs;
pub mod query;
pub mod typo;

use std::time::Instant;

use serde::Serialize;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, MultiCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, Order, Score, Term};

use crate::error::{Error, Result};
use crate::index::schema::DATE_FIELD_NAME;
use crate::index::{ClauseIndex, StoredClause};
use crate::model::{ClauseKind, MeetingDate, MeetingType, PartnerKind};

pub use explain::Explain;
pub use facets::Facets;
pub use filters::{DateRange, Filters};
pub use highlight::{HighlightSpec, SNIPPET_CHARS};
pub use query::{parse, Query};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest meeting first, ties by relevance; clauses without a known year
    /// last.
    Date,
}

/// One search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: Query,
    pub filters: Filters,
    pub sort: Sort,
    /// Hits to return; `None` returns every hit.
    pub limit: Option<usize>,
    /// Hits to skip first.
    pub offset: usize,
    /// Whether to count facets over the whole result set.
    pub facets: bool,
    /// Whether to say how the query was understood.
    pub explain: bool,
}

impl SearchRequest {
    /// A request for the first ten hits of `query`, by relevance, with the
    /// default filters.
    pub fn new(query: &str) -> Result<SearchRequest> {
        Ok(SearchRequest {
            query: parse(query)?,
            filters: Filters::default(),
            sort: Sort::Relevance,
            limit: Some(10),
            offset: 0,
            facets: false,
            explain: false,
        })
    }
}

/// What a search found.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// Hits over the whole result set, not just this page.
    pub total: u64,
    pub took_ms: u64,
    pub hits: Vec<Hit>,
    /// Present when facets were asked for.
    pub facets: Option<Facets>,
    /// The query with misspelt words corrected from the index's own words,
    /// when some word matched nothing and a correction was searched for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// How the query was understood, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
    /// True when the default kind filter (commitments and agreements)
    /// applied, so an empty result can suggest `--kind all`.
    #[serde(skip)]
    pub default_kinds: bool,
}

/// One matching clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// One-based position in the whole result list (offset included).
    pub rank: usize,
    pub score: f32,
    pub id: String,
    pub doc_id: String,
    pub kind: ClauseKind,
    pub partner: Option<String>,
    pub partner_kind: Option<PartnerKind>,
    pub areas: Vec<String>,
    pub area_heading: Option<String>,
    pub date: Option<MeetingDate>,
    pub meeting_types: Vec<MeetingType>,
    /// The title of the clause's document.
    pub title: String,
    /// The source file of the clause's document.
    pub source: String,
    pub text: String,
    /// Matched words as `[start, end)` byte offsets into `text`.
    pub highlights: Vec<(usize, usize)>,
    /// About [`SNIPPET_CHARS`] characters of `text` around the best match.
    pub snippet: String,
}

impl Hit {
    fn new(
        rank: usize,
        score: f32,
        record: StoredClause,
        text: String,
        spec: &HighlightSpec,
    ) -> Hit {
        let highlights = highlight::highlight(&text, spec);
        let snippet = highlight::snippet(&text, &highlights, SNIPPET_CHARS);
        Hit {
            rank,
            score,
            id: record.id,
            doc_id: record.doc_id,
            kind: record.kind,
            partner: record.partner,
            partner_kind: record.partner_kind,
            areas: record.areas,
            area_heading: record.area_heading,
            date: record.date,
            meeting_types: record.meeting_types,
            title: record.title,
            source: record.source,
            text,
            highlights,
            snippet,
        }
    }
}

/// Runs a search.
pub fn search(index: &ClauseIndex, request: &SearchRequest) -> Result<SearchResults> {
    let started = Instant::now();
    let searcher = index.searcher();
    // A word no clause holds rules out every full match, so the query could
    // at best find partial ones: search for what was probably meant.
    let corrections = typo::corrections(index, &searcher, index.synonyms(), &request.query)?;
    let compiled = compile::Compiler::new(&searcher, index.fields(), index.synonyms())
        .with_corrections(&corrections)
        .compile(&request.query, &request.filters)?;

    // Never ask tantivy for more hits than there are clauses, however large
    // the limit or offset: its collectors allocate for the full page.
    let clauses = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let offset = request.offset.min(clauses);
    let limit = request.limit.unwrap_or(clauses).min(clauses - offset);

    // By relevance, the pair phrases are scored only where they can change
    // the page (see `pairs`). By date, the score only breaks ties, so every
    // hit gets its full score at once.
    let rerank = request.sort == Sort::Relevance && !compiled.pairs.is_empty();
    let query: Box<dyn tantivy::query::Query> = if rerank || compiled.pairs.is_empty() {
        compiled.query.box_clone()
    } else {
        let mut clauses = vec![(Occur::Must, compiled.query.box_clone())];
        clauses.extend(
            compiled
                .pairs
                .iter()
                .map(|p| (Occur::Should, p.box_clone())),
        );
        Box::new(BooleanQuery::new(clauses))
    };

    let mut collectors = MultiCollector::new();
    let count = collectors.add_collector(Count);
    enum Page<R, P, D> {
        None,
        Relevance(R),
        Pairs(P),
        Date(D),
    }
    let page = match (limit, request.sort) {
        (0, _) => Page::None,
        (_, Sort::Relevance) if rerank => {
            Page::Pairs(collectors.add_collector(pairs::PairRanker::new(
                &searcher,
                &compiled.pairs,
                compiled.pair_bound,
                offset + limit,
            )?))
        }
        (_, Sort::Relevance) => Page::Relevance(
            collectors.add_collector(
                TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_score(),
            ),
        ),
        (_, Sort::Date) => Page::Date(collectors.add_collector(
            TopDocs::with_limit(limit).and_offset(offset).order_by((
                (
                    SortByStaticFastValue::<DateTime>::for_field(DATE_FIELD_NAME),
                    Order::Desc,
                ),
                (SortBySimilarityScore, Order::Desc),
            )),
        )),
    };
    let facet_counts = request
        .facets
        .then(|| collectors.add_collector(facets::FacetCounter));

    let mut fruits = searcher.search(query.as_ref(), &collectors)?;
    let total = count.extract(&mut fruits) as u64;
    let addresses: Vec<(Score, DocAddress)> = match page {
        Page::None => Vec::new(),
        Page::Pairs(handle) => handle
            .extract(&mut fruits)
            .into_iter()
            .skip(offset)
            .collect(),
        Page::Relevance(handle) => handle.extract(&mut fruits),
        Page::Date(handle) => handle
            .extract(&mut fruits)
            .into_iter()
            .map(|((_, score), address)| (score, address))
            .collect(),
    };
    let facets = facet_counts.map(|handle| handle.extract(&mut fruits));

    let mut hits = Vec::with_capacity(addresses.len());
    for (i, (score, address)) in addresses.into_iter().enumerate() {
        let (record, text) = index.load_clause(&searcher, address)?;
        hits.push(Hit::new(
            offset + i + 1,
            score,
            record,
            text,
            &compiled.highlight,
        ));
    }
    Ok(SearchResults {
        query: request.query.text.clone(),
        total,
        took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        hits,
        facets,
        suggestion: (!corrections.is_empty())
            .then(|| typo::suggest(&request.query.text, &corrections)),
        explain: request.explain.then_some(compiled.explain),
        default_kinds: compiled.default_kinds,
    })
}

/// Facet counts over the clauses matching a query and filters (every clause
/// the filters admit, for an empty query): a search for no hits but every
/// count.
pub fn count_facets(
    index: &ClauseIndex,
    query: &Query,
    filters: &Filters,
) -> Result<SearchResults> {
    let request = SearchRequest {
        query: query.clone(),
        filters: filters.clone(),
        sort: Sort::Relevance,
        limit: Some(0),
        offset: 0,
        facets: true,
        explain: false,
    };
    search(index, &request)
}

/// A clause as `show` displays it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseView {
    pub id: String,
    pub doc_id: String,
    pub kind: ClauseKind,
    /// Zero-based position among the document's clauses.
    pub position: usize,
    pub partner: Option<String>,
    pub partner_kind: Option<PartnerKind>,
    pub areas: Vec<String>,
    pub area_heading: Option<String>,
    pub date: Option<MeetingDate>,
    pub meeting_types: Vec<MeetingType>,
    pub title: String,
    pub source: String,
    pub text: String,
}

impl ClauseView {
    fn new(record: StoredClause, text: String) -> ClauseView {
        ClauseView {
            id: record.id,
            doc_id: record.doc_id,
            kind: record.kind,
            position: record.position,
            partner: record.partner,
            partner_kind: record.partner_kind,
            areas: record.areas,
            area_heading: record.area_heading,
            date: record.date,
            meeting_types: record.meeting_types,
            title: record.title,
            source: record.source,
            text,
        }
    }
}

/// A clause with its neighbours in the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseContext {
    pub clause: ClauseView,
    /// Up to `around` clauses before it, in document order.
    pub before: Vec<ClauseView>,
    /// Up to `around` clauses after it, in document order.
    pub after: Vec<ClauseView>,
}

/// The clause with id `id` and up to `around` clauses on each side of it.
pub fn show(index: &ClauseIndex, id: &str, around: usize) -> Result<ClauseContext> {
    let searcher = index.searcher();
    let fields = index.fields();
    let by_id = TermQuery::new(
        Term::from_field_text(fields.id, id.trim()),
        IndexRecordOption::Basic,
    );
    let found = searcher.search(&by_id, &TopDocs::with_limit(1).order_by_score())?;
    let Some(&(_, address)) = found.first() else {
        return Err(Error::Usage(format!(
            "no clause has the id {id:?}; ids are shown by `accords search` (e.g. in --format json)"
        )));
    };
    let (record, text) = index.load_clause(&searcher, address)?;
    let position = record.position;

    let same_doc = TermQuery::new(
        Term::from_field_text(fields.doc_id, &record.doc_id),
        IndexRecordOption::Basic,
    );
    let siblings = searcher.search(&same_doc, &tantivy::collector::DocSetCollector)?;
    let mut before = Vec::new();
    let mut after = Vec::new();
    for address in siblings {
        let (sibling, text) = index.load_clause(&searcher, address)?;
        if sibling.position < position && position - sibling.position <= around {
            before.push(ClauseView::new(sibling, text));
        } else if sibling.position > position && sibling.position - position <= around {
            after.push(ClauseView::new(sibling, text));
        }
    }
    before.sort_by_key(|c| c.position);
    after.sort_by_key(|c| c.position);
    Ok(ClauseContext {
        clause: ClauseView::new(record, text),
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::sample_index;

    fn run(
        index: &ClauseIndex,
        query: &str,
        edit: impl FnOnce(&mut SearchRequest),
    ) -> SearchResults {
        let mut request = SearchRequest::new(query).unwrap();
        edit(&mut request);
        search(index, &request).unwrap()
    }

    fn ids(results: &SearchResults) -> Vec<&str> {
        results.hits.iter().map(|h| h.id.as_str()).collect()
    }

    #[test]
    fn clauses_with_every_word_rank_above_partial_matches() {
        let (_dir, index) = sample_index();
        let results = run(&index, "Chinese medicine standardisation", |_| {});
        let mut complete = ids(&results)[..2].to_vec();
        complete.sort();
        assert_eq!(complete, ["chongqing-0", "jiangsu-2"]);
        // Then the partial matches: two words, then one ("standards" shares
        // the stem of "standardisation").
        assert_eq!(ids(&results)[2..], ["beijing-0", "beijing-1"]);
        assert_eq!(results.total, 4);
        assert!(results.hits[1].score > results.hits[2].score + 1.0);
    }

    #[test]
    fn filters_narrow_and_are_case_insensitive() {
        let (_dir, index) = sample_index();
        let results = run(&index, "Chinese medicine standardisation", |r| {
            r.filters.partners = vec!["beijing".into()];
        });
        assert_eq!(ids(&results), ["beijing-0", "beijing-1"]);
        // beijing-1 says "financial", not "finance"; its heading "Finance"
        // still counts, below a match in the text.
        let results = run(&index, "finance", |r| r.filters.areas = vec!["fin".into()]);
        assert_eq!(ids(&results), ["jiangsu-1", "beijing-1"]);
    }

    #[test]
    fn kinds_default_to_commitments_and_agreements() {
        let (_dir, index) = sample_index();
        let results = run(&index, "", |_| {});
        assert_eq!(results.total, 6);
        assert!(results.default_kinds);
        let results = run(&index, "", |r| r.filters.kinds = vec!["all".into()]);
        assert_eq!(results.total, 7);
        let results = run(&index, "kind:statement", |_| {});
        assert_eq!(ids(&results), ["jiangsu-0"]);
        let results = run(&index, "secretary", |r| {
            r.filters.kinds = vec!["Statement".into()]
        });
        assert_eq!(ids(&results), ["jiangsu-0"]);
    }

    #[test]
    fn dates_filter_and_sort_and_yearless_dates_fall_outside_ranges() {
        let (_dir, index) = sample_index();
        let results = run(&index, "medicine", |r| r.sort = Sort::Date);
        assert_eq!(ids(&results), ["beijing-0", "jiangsu-2", "chongqing-0"]);
        let results = run(&index, "", |r| {
            r.filters.dates = DateRange::parse(Some("2024"), None).unwrap();
        });
        assert_eq!(ids(&results), ["beijing-0", "beijing-1"]);
        let results = run(&index, "medicine", |r| {
            r.filters.dates = DateRange::parse(None, Some("2023-10")).unwrap();
        });
        assert_eq!(ids(&results), ["jiangsu-2"]);
    }

    #[test]
    fn query_fields_filter_like_flags() {
        let (_dir, index) = sample_index();
        let results = run(&index, "partner:BEIJING partner:chongqing medicine", |_| {});
        let mut found = ids(&results);
        found.sort();
        assert_eq!(found, ["beijing-0", "chongqing-0"]);
        let results = run(&index, "area:health medicine", |r| {
            r.filters.partners = vec!["Jiangsu".into()]
        });
        assert_eq!(ids(&results), ["jiangsu-2"]);
    }

    #[test]
    fn unknown_filter_values_list_the_index_values() {
        let (_dir, index) = sample_index();
        let mut request = SearchRequest::new("x").unwrap();
        request.filters.partners = vec!["Jiangsuu".into()];
        let err = search(&index, &request).unwrap_err();
        assert!(err.is_user_error());
        let message = err.to_string();
        assert!(message.contains("did you mean Jiangsu?"), "{message}");
        assert!(message.contains("Beijing, Chongqing, Jiangsu"), "{message}");
        let err = search(&index, &SearchRequest::new("year:1999").unwrap()).unwrap_err();
        assert!(err.to_string().contains("2023, 2024"), "{err}");
    }

    #[test]
    fn prefixes_phrases_and_exclusions() {
        let (_dir, index) = sample_index();
        let results = run(&index, "standard*", |_| {});
        let mut found = ids(&results);
        found.sort();
        assert_eq!(found, ["beijing-1", "chongqing-0", "jiangsu-2"]);
        let results = run(&index, "\"green finance\"", |_| {});
        assert_eq!(ids(&results), ["jiangsu-1"]);
        let results = run(&index, "medicine -internationalisation", |_| {});
        assert_eq!(results.total, 2);
        // Every hit of a purely negative query scores alike: compare as a set.
        let results = run(&index, "NOT medicine", |_| {});
        let mut found = ids(&results);
        found.sort();
        assert_eq!(found, ["beijing-1", "jiangsu-1", "jiangsu-3"]);
    }

    #[test]
    fn excluding_a_phrase_no_clause_holds_changes_nothing() {
        let (_dir, index) = sample_index();
        let all = run(&index, "+fin* medicine", |_| {});
        let none_excluded = run(&index, "+fin* -\"tidal power\" medicine", |_| {});
        assert!(all.total > 0);
        assert_eq!(ids(&none_excluded), ids(&all));
        let results = run(&index, "medicine -\"chinese medicine culture\"", |_| {});
        let found = ids(&results);
        assert!(!found.is_empty());
        assert!(!found.contains(&"beijing-0"), "{found:?}");
    }

    #[test]
    fn highlights_and_snippets_come_with_hits() {
        let (_dir, index) = sample_index();
        let results = run(&index, "standards", |r| {
            r.filters.partners = vec!["Beijing".into()]
        });
        let hit = &results.hits[0];
        let words: Vec<&str> = hit
            .highlights
            .iter()
            .map(|&(a, b)| &hit.text[a..b])
            .collect();
        assert_eq!(words, ["standards"]);
        assert_eq!(hit.snippet, hit.text);
    }

    #[test]
    fn a_name_typed_in_full_is_held_by_its_abbreviation() {
        let mut docs = crate::index::tests::sample_documents();
        docs[0].clauses[1].text = "The HKSAR will host the summit.".into();
        docs[0].clauses[2].text = "Hong Kong will host a forum and a summit of regions.".into();
        let dir = tempfile::tempdir().unwrap();
        let index = ClauseIndex::build(dir.path(), &docs, &Default::default()).unwrap();
        let results = run(
            &index,
            "Hong Kong Special Administrative Region summit",
            |_| {},
        );
        assert_eq!(ids(&results)[..2], ["jiangsu-1", "jiangsu-2"]);
        assert!(results.hits[0].score > results.hits[1].score + 1.0);
        let hit = &results.hits[0];
        let words: Vec<&str> = hit
            .highlights
            .iter()
            .map(|&(a, b)| &hit.text[a..b])
            .collect();
        assert_eq!(words, ["HKSAR", "summit"]);
    }

    #[test]
    fn neighbouring_words_rank_first_on_every_page_and_sort() {
        let mut docs = crate::index::tests::sample_documents();
        // The same words and length, once side by side and once apart.
        docs[0].clauses[1].text = "Chinese culture will grow in medicine halls.".into();
        docs[0].clauses[2].text = "Chinese medicine will grow in culture halls.".into();
        let dir = tempfile::tempdir().unwrap();
        let index = ClauseIndex::build(dir.path(), &docs, &Default::default()).unwrap();
        let position = |results: &SearchResults, id: &str| {
            let found = results.hits.iter().position(|h| h.id == id);
            found.unwrap_or_else(|| panic!("{id} in {:?}", ids(results)))
        };
        let results = run(&index, "chinese medicine", |_| {});
        let (together, apart) = (
            position(&results, "jiangsu-2"),
            position(&results, "jiangsu-1"),
        );
        assert!(together < apart, "{:?}", ids(&results));
        assert!(results.hits[together].score > results.hits[apart].score);
        // A later page holds the hits the first page's order puts there,
        // with the same scores.
        let rest = run(&index, "chinese medicine", |r| r.offset = apart);
        assert_eq!(rest.hits[0].id, "jiangsu-1");
        assert_eq!(rest.hits[0].score, results.hits[apart].score);
        // By date the two tie on their meeting, so their full scores decide.
        let by_date = run(&index, "chinese medicine", |r| r.sort = Sort::Date);
        assert!(position(&by_date, "jiangsu-2") < position(&by_date, "jiangsu-1"));
        let score = by_date.hits[position(&by_date, "jiangsu-2")].score;
        assert!((score - results.hits[together].score).abs() < 1e-4);
    }

    #[test]
    fn facets_count_alike_with_and_without_a_page() {
        let (_dir, index) = sample_index();
        for query in ["medicine", "", "finance OR medicine"] {
            let page = run(&index, query, |r| {
                r.facets = true;
                r.filters.kinds = vec!["all".into()];
            });
            let filters = Filters {
                kinds: vec!["all".into()],
                ..Filters::default()
            };
            let counts = count_facets(&index, &parse(query).unwrap(), &filters).unwrap();
            assert_eq!(page.facets, counts.facets, "{query}");
            let kinds = counts.facets.unwrap();
            let kinds: u64 = kinds
                .get(crate::index::FacetField::Kind)
                .iter()
                .map(|(_, n)| n)
                .sum();
            assert_eq!(kinds, counts.total, "{query}");
        }
    }

    #[test]
    fn huge_limits_and_offsets_are_capped() {
        let (_dir, index) = sample_index();
        let results = run(&index, "", |r| {
            r.limit = Some(usize::MAX);
            r.offset = usize::MAX;
        });
        assert_eq!((results.total, results.hits.len()), (6, 0));
        let results = run(&index, "", |r| {
            r.limit = None;
            r.offset = 4;
        });
        assert_eq!(
            results.hits.iter().map(|h| h.rank).collect::<Vec<_>>(),
            [5, 6]
        );
    }

    #[test]
    fn facets_count_the_whole_result_set() {
        let (_dir, index) = sample_index();
        let results = run(&index, "medicine", |r| {
            r.limit = Some(1);
            r.facets = true;
        });
        let facets = results.facets.unwrap();
        assert_eq!(results.hits.len(), 1);
        assert_eq!(
            facets.get(crate::index::FacetField::Partner),
            [
                ("Beijing".to_string(), 1),
                ("Chongqing".to_string(), 1),
                ("Jiangsu".to_string(), 1)
            ]
        );
        assert_eq!(
            facets.get(crate::index::FacetField::Year),
            [("2023".to_string(), 1), ("2024".to_string(), 1)]
        );
    }

    #[test]
    fn show_returns_the_neighbours() {
        let (_dir, index) = sample_index();
        let context = show(&index, "jiangsu-1", 2).unwrap();
        assert_eq!(context.clause.id, "jiangsu-1");
        assert_eq!(
            context
                .before
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>(),
            ["jiangsu-0"]
        );
        assert_eq!(
            context
                .after
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>(),
            ["jiangsu-2", "jiangsu-3"]
        );
        assert!(show(&index, "nope", 2).unwrap_err().is_user_error());
    }
}
