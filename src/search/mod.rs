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
mod feedback;
pub mod filters;
pub mod highlight;
mod matched;
pub mod matrix;
mod pairs;
pub mod query;
pub mod similar;
pub mod typo;

use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query as TantivyQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, Order, Score, Searcher, Term};

use crate::error::{Error, Result};
use crate::index::schema::{DATE_FIELD_NAME, ORDER_FIELD_NAME};
use crate::index::{ClauseIndex, DocumentRecord};
pub use crate::model::ClauseView;
use crate::search::filters::ALL_KINDS;

pub use explain::Explain;

/// The constants of accords' ranking that another engine can reproduce.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankingWeights {
    /// The weight of a match in the clause's area heading against one in
    /// its text.
    pub heading_boost: f32,
    /// The weight of the phrase score of two neighbouring query words.
    pub pair_boost: f32,
    /// Words a neighbouring pair may have between them and still count.
    pub pair_slop: u32,
    /// Words left out of a group of plain words unless it has nothing else.
    pub stop_words: &'static [&'static str],
}

impl RankingWeights {
    /// The weights this version of accords ranks by.
    pub fn current() -> RankingWeights {
        compile::ranking_weights()
    }
}
pub use facets::Facets;
pub use filters::{DateRange, Filters};
pub use highlight::{HighlightSpec, SNIPPET_CHARS};
pub use matched::WordMatch;
pub use matrix::{Matrix, MatrixAxis};
pub use query::{parse, Node, Query};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first; with no query, latest meeting first, each
    /// document's clauses in their order.
    #[default]
    Relevance,
    /// Latest meeting first, ties by relevance; clauses without a known year
    /// last.
    Date,
}

/// Which clauses a query's words make matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// Only the clauses holding every word (through its spellings, stems
    /// and synonyms); no partial matches follow them.
    All,
    /// Every clause holding any word: they are all counted, those holding
    /// every word first.
    Any,
}

/// How much of the query a hit holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Every word of the query (or no words were asked for).
    All,
    /// Some words but not all: listed after the full matches.
    Partial,
}

impl MatchKind {
    /// The kind as JSON and CSV write it.
    pub fn name(self) -> &'static str {
        match self {
            MatchKind::All => "all",
            MatchKind::Partial => "partial",
        }
    }
}

/// One search, as a caller states it: plain values, checked by
/// [`SearchRequest::validate`] (which [`crate::Engine::search`] calls).
///
/// Filter lists are OR-ed within a field and AND-ed across fields; a value
/// may also hold several values separated by commas. A filter value is
/// matched case-insensitively, and a unique word or prefix of a value is
/// enough (`area: ["health"]`). Dates take `2023`, `2023-06` or
/// `2023-06-26`; `to: "2023"` means to the end of 2023. As JSON, every field
/// may be left out:
///
/// ```json
/// {"query": "green finance", "partner": ["Shanghai"], "from": "2023",
///  "limit": 10, "offset": 0, "sort": "relevance", "facets": true}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchRequest {
    /// The query text (see the query syntax in README); empty lists every
    /// clause the filters admit.
    pub query: String,
    pub partner: Vec<String>,
    /// Provincial-level divisions: a province's own clauses and those of
    /// partners that lie in it (a city, a zone).
    pub province: Vec<String>,
    /// Kinds of partner: province, municipality, city, zone, regional
    /// grouping, national body, ...
    pub partner_kind: Vec<String>,
    /// "meeting release" (a release reporting a co-operation meeting) or
    /// "other release".
    pub document_kind: Vec<String>,
    pub area: Vec<String>,
    /// Meeting types ("plenary", "signing ceremony").
    pub meeting: Vec<String>,
    /// Clause kinds: commitment, agreement, statement or all; empty means
    /// commitments and agreements.
    pub kind: Vec<String>,
    /// Only meetings on or after this date.
    pub from: Option<String>,
    /// Only meetings on or before this date.
    pub to: Option<String>,
    /// Only clauses that first entered the index on or after this day
    /// (`2024-06-01`) or time (RFC 3339, `2024-06-01T09:30:00Z`).
    pub added_since: Option<String>,
    pub sort: Sort,
    /// Which clauses count as matches. Unset, the matches are the clauses
    /// holding every word, and when they do not fill the page, clauses
    /// holding some of the words follow, marked partial and counted apart.
    #[serde(rename = "match")]
    pub matching: Option<Matching>,
    /// Hits to return; `None` returns every match (partial matches only when
    /// no clause holds every word).
    pub limit: Option<usize>,
    /// Hits to skip first.
    pub offset: usize,
    /// Whether to count facets over the whole result set.
    pub facets: bool,
    /// Whether to say how the query was understood.
    pub explain: bool,
    /// Only the words as typed, with their spellings and inflections: no
    /// synonyms, abbreviations, word families, concepts or corrections.
    pub exact: bool,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest {
            query: String::new(),
            partner: Vec::new(),
            province: Vec::new(),
            partner_kind: Vec::new(),
            document_kind: Vec::new(),
            area: Vec::new(),
            meeting: Vec::new(),
            kind: Vec::new(),
            from: None,
            to: None,
            added_since: None,
            sort: Sort::Relevance,
            matching: None,
            limit: Some(DEFAULT_LIMIT),
            offset: 0,
            facets: false,
            explain: false,
            exact: false,
        }
    }
}

/// Hits a request returns when it names no limit.
pub const DEFAULT_LIMIT: usize = 10;

impl SearchRequest {
    /// A request for the first ten hits of `query`, by relevance, with the
    /// default filters.
    pub fn new(query: &str) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            ..SearchRequest::default()
        }
    }

    /// Checks everything that can be checked without an index: the query's
    /// syntax and the dates. Filter values are checked against the index
    /// when the search runs.
    pub fn validate(&self) -> Result<ParsedRequest> {
        let split = |values: &[String]| -> Vec<String> {
            values
                .iter()
                .flat_map(|v| v.split(','))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        };
        Ok(ParsedRequest {
            query: parse(&self.query)?,
            filters: Filters {
                partners: split(&self.partner),
                provinces: split(&self.province),
                partner_kinds: split(&self.partner_kind),
                document_kinds: split(&self.document_kind),
                areas: split(&self.area),
                meetings: split(&self.meeting),
                kinds: split(&self.kind),
                dates: DateRange::parse(self.from.as_deref(), self.to.as_deref())?,
                added_since: self
                    .added_since
                    .as_deref()
                    .map(filters::parse_added_since)
                    .transpose()?,
            },
            sort: self.sort,
            matching: self.matching,
            limit: self.limit,
            offset: self.offset,
            facets: self.facets,
            explain: self.explain,
            exact: self.exact,
        })
    }
}

/// A search whose query is parsed and dates are read: what
/// [`SearchRequest::validate`] makes of a request.
#[derive(Debug, Clone)]
pub struct ParsedRequest {
    pub query: Query,
    pub filters: Filters,
    pub sort: Sort,
    pub matching: Option<Matching>,
    pub limit: Option<usize>,
    pub offset: usize,
    pub facets: bool,
    pub explain: bool,
    pub exact: bool,
}

/// What a search found. Its JSON form is what `accords search --format
/// json` prints and the HTTP API answers; [`crate::export`] documents it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// Matches over the whole result set, not just this page: the clauses
    /// holding every word (with `match: any`, every clause holding some).
    pub total: u64,
    /// Clauses holding some words of the query but not all. Counted when
    /// partial matches were listed (the full matches did not fill the
    /// page) or asked for (`match: any`); `None` otherwise, and when the
    /// query cannot match in part (one word, or none).
    pub partial_total: Option<u64>,
    pub took_ms: u64,
    /// Hits skipped before the first one returned.
    pub offset: usize,
    /// The most hits asked for; `None` for every hit.
    pub limit: Option<usize>,
    pub hits: Vec<Hit>,
    /// Present when facets were asked for.
    pub facets: Option<Facets>,
    /// The query with misspelt words corrected from the index's own words,
    /// when some word matched nothing and a correction was searched for.
    pub suggestion: Option<String>,
    /// When nothing matched among the default kinds (commitments and
    /// agreements): how many clauses of the other kinds (introductions,
    /// quotes) would have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_kinds: Option<u64>,
    /// With a date filter: how many clauses that match otherwise were left
    /// out because their meeting's year is unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub undated_left_out: u64,
    /// How the query was understood, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
    /// True when the default kind filter (commitments and agreements)
    /// applied.
    #[serde(skip)]
    pub default_kinds: bool,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One matching clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// One-based position in the whole result list (offset included).
    pub rank: usize,
    /// Relevance, comparable within one result list only; `None` when the
    /// query has no words to rank by.
    pub score: Option<f32>,
    /// Whether the clause holds every word of the query or only some.
    #[serde(rename = "match")]
    pub match_kind: MatchKind,
    /// The clause and its document's facts.
    #[serde(flatten)]
    pub view: ClauseView,
    /// Matched words as `[start, end)` byte offsets into `text`.
    pub highlights: Vec<(usize, usize)>,
    /// About [`SNIPPET_CHARS`] characters of `text` around the best match.
    pub snippet: String,
    /// With `explain`, how each query word matched this clause: as typed,
    /// through a spelling, a stem, a synonym, a family, a concept group, a
    /// correction or feedback.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<WordMatch>,
}

impl Hit {
    fn new(
        rank: usize,
        score: Option<f32>,
        match_kind: MatchKind,
        view: ClauseView,
        spec: &HighlightSpec,
    ) -> Hit {
        let highlights = highlight::highlight(&view.clause.text, spec);
        let snippet = highlight::snippet(&view.clause.text, &highlights, SNIPPET_CHARS);
        Hit {
            rank,
            score,
            match_kind,
            view,
            highlights,
            snippet,
            matched: Vec::new(),
        }
    }
}

/// A hit reads as its clause: `hit.clause.text`, `hit.document.partner`.
impl std::ops::Deref for Hit {
    type Target = ClauseView;

    fn deref(&self) -> &ClauseView {
        &self.view
    }
}

/// Runs a search, with the hints a caller shows beside its results: how
/// many clauses of other kinds would have matched an empty result, and how
/// many a date filter left out for want of a year.
pub fn search(index: &ClauseIndex, request: &ParsedRequest) -> Result<SearchResults> {
    let mut results = execute(index, request)?;
    let count_only = |edit: &dyn Fn(&mut ParsedRequest)| -> Result<u64> {
        let mut other = request.clone();
        other.limit = Some(0);
        other.offset = 0;
        other.facets = false;
        other.explain = false;
        edit(&mut other);
        Ok(execute(index, &other)?.total)
    };
    if results.total == 0 && results.default_kinds {
        let others = count_only(&|r| r.filters.kinds = vec![ALL_KINDS.to_string()])?;
        results.other_kinds = (others > 0).then_some(others);
    }
    if !request.filters.dates.is_unbounded() {
        // Clauses whose meeting has no known year have no date, so a range
        // over every possible date counts exactly those that have one.
        let any_date = count_only(&|r| r.filters.dates = DateRange::unbounded())?;
        let dated = count_only(&|r| r.filters.dates = DateRange::every_date())?;
        results.undated_left_out = any_date.saturating_sub(dated);
    }
    Ok(results)
}

/// True when some word of the query is searched for in the clauses' text,
/// so that hits have a relevance to rank by; false for an empty query or
/// one of filters alone (`partner:Beijing`).
fn ranks_by_text(node: &Node) -> bool {
    match node {
        Node::Term { field, .. } | Node::Prefix { field, .. } | Node::Phrase { field, .. } => {
            field.is_none_or(|f| f.text_field().is_some())
        }
        Node::Group(items) => items
            .iter()
            .any(|(occur, n)| *occur != query::Occur::MustNot && ranks_by_text(n)),
        Node::And(nodes) | Node::Or(nodes) => nodes.iter().any(ranks_by_text),
        Node::Not(_) => false,
    }
}

fn execute(index: &ClauseIndex, request: &ParsedRequest) -> Result<SearchResults> {
    let started = Instant::now();
    let searcher = index.searcher();
    // A word no clause holds rules out every full match, so the query could
    // at best find partial ones: search for what was probably meant.
    // An exact search takes the words as typed, misspelt or not.
    let corrections = if request.exact {
        Vec::new()
    } else {
        typo::corrections(index, &searcher, index.synonyms(), &request.query)?
    };
    let compiler = || {
        compile::Compiler::new(&searcher, index.fields(), index.synonyms())
            .with_corrections(&corrections)
            .exact(request.exact)
    };
    let mut full = compiler().compile(&request.query, &request.filters)?;
    // The clauses holding some words but not all, when the query can be
    // held in part and partial matches are wanted.
    let partial = match (full.may_be_partial, request.matching) {
        (true, None | Some(Matching::Any)) => Some(
            compiler()
                .any_word()
                .compile(&request.query, &request.filters)?,
        ),
        _ => None,
    };
    let any_word = request.matching == Some(Matching::Any);

    // Never ask tantivy for more hits than there are clauses, however large
    // the limit or offset: its collectors allocate for the full page.
    let clauses = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let offset = request.offset.min(clauses);
    let limit = request.limit.unwrap_or(clauses).min(clauses - offset);
    let end = offset + limit;

    // Counting is its own pass, without scores: alone, tantivy counts a
    // term from its document frequency and intersections without scoring,
    // and the page's pass is left free to skip what cannot reach it.
    let full_total = searcher.search(full.query.as_ref(), &Count)? as u64;
    let full_count = usize::try_from(full_total).unwrap_or(usize::MAX);
    // Partial matches fill a page the full ones leave short. Asked for
    // every hit (no limit), the matches are the full ones, and partial
    // ones only stand in when there are none.
    let fill = end > full_count && (request.limit.is_some() || full_total == 0 || any_word);
    // Every full match also holds some word, so the partial matches are
    // the rest of the clauses holding some.
    let partial_total = match &partial {
        Some(any) if any_word || fill => {
            let some = searcher.search(any.query.as_ref(), &Count)? as u64;
            Some(some.saturating_sub(full_total))
        }
        _ => None,
    };

    let page = Page {
        scored: ranks_by_text(&request.query.root),
        sort: request.sort,
    };
    // When few clauses hold every word, the terms the best clauses share
    // rank the partial matches too.
    let mut explain = std::mem::take(&mut full.explain);
    let mut feedback = Vec::new();
    if let (Some(any), true) = (&partial, fill) {
        let wanted = !request.exact
            && page.scored
            && request.sort == Sort::Relevance
            && full_total < feedback::THIN;
        if wanted {
            let mut seeds = page.top(&searcher, &full, full.query.as_ref(), 0, full_count)?;
            let more = feedback::FROM_CLAUSES.saturating_sub(seeds.len());
            seeds.extend(page.top(&searcher, any, any.query.as_ref(), full_count, more)?);
            let texts = seeds
                .iter()
                .take(feedback::FROM_CLAUSES)
                .map(|(_, address)| Ok(index.load_clause(&searcher, *address)?.clause.text))
                .collect::<Result<Vec<String>>>()?;
            feedback = feedback::terms(index, &searcher, &texts, &full.highlight.terms)?;
            explain.feedback = feedback.iter().map(|t| t.word.clone()).collect();
        }
    }
    // Partial matches score by how many words they hold, then by BM25;
    // full matches are lifted above the most a partial match can score, so
    // that scores fall down the whole list.
    let most = compile::max_term_score(searcher.num_docs());
    let lift = partial.as_ref().map_or(0.0, |any| {
        (any.bound + feedback::bound(&feedback, most)).ceil()
    });
    let mut addresses = Vec::new();
    if offset < full_count && limit > 0 {
        let take = end.min(full_count) - offset;
        for (score, address) in page.top(&searcher, &full, full.query.as_ref(), offset, take)? {
            addresses.push((score + lift, address, MatchKind::All));
        }
    }
    if let (Some(any), true) = (&partial, fill) {
        // The full matches did not fill the page, so they are few: leave
        // them out of the clauses holding some word by their addresses.
        let full_matches = searcher.search(full.query.as_ref(), &DocSetCollector)?;
        let mut query = exclusion::without(any.query.box_clone(), &searcher, &full_matches);
        if !feedback.is_empty() {
            query = feedback::boosted(index, query, &feedback);
        }
        let skip = offset.saturating_sub(full_count);
        let take = end - offset.max(full_count);
        for (score, address) in page.top(&searcher, any, query.as_ref(), skip, take)? {
            addresses.push((score, address, MatchKind::Partial));
        }
    }

    // Facets count the matches: the full ones, or with `match: any` every
    // clause holding some word.
    let facets = if !request.facets {
        None
    } else if let (true, Some(any)) = (any_word, &partial) {
        Some(searcher.search(any.query.as_ref(), &facets::FacetCounter)?)
    } else {
        Some(searcher.search(full.query.as_ref(), &facets::FacetCounter)?)
    };

    let matcher = request.explain.then(|| {
        let mut matcher = matched::Matcher::new(&explain);
        matcher.add_feedback(&feedback);
        matcher
    });
    let mut hits = Vec::with_capacity(addresses.len());
    for (i, (score, address, match_kind)) in addresses.into_iter().enumerate() {
        let view = index.load_clause(&searcher, address)?;
        let mut hit = Hit::new(
            offset + i + 1,
            page.scored.then_some(score),
            match_kind,
            view,
            &full.highlight,
        );
        if let Some(matcher) = &matcher {
            let clause = &hit.view.clause;
            hit.matched =
                matcher.matches(&clause.text, clause.area_heading.as_deref(), clause.kind);
        }
        hits.push(hit);
    }
    let total = match (any_word, partial_total) {
        (true, Some(partial)) => full_total + partial,
        _ => full_total,
    };
    Ok(SearchResults {
        query: request.query.text.clone(),
        total,
        partial_total,
        took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        offset: request.offset,
        limit: request.limit,
        hits,
        facets,
        suggestion: (!corrections.is_empty())
            .then(|| typo::suggest(&request.query.text, &corrections)),
        other_kinds: None,
        undated_left_out: 0,
        explain: request.explain.then_some(explain),
        default_kinds: full.default_kinds,
    })
}

/// How one page of hits is collected.
struct Page {
    /// False when the query has no words to rank by: the hits are listed by
    /// meeting date, latest first, and each document's in their order.
    scored: bool,
    sort: Sort,
}

impl Page {
    /// Hits `offset..offset + limit` of `query` (compiled as `compiled`,
    /// whose pair phrases it adds), as scores and addresses.
    fn top(
        &self,
        searcher: &Searcher,
        compiled: &compile::Compiled,
        query: &dyn TantivyQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<(Score, DocAddress)>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        if !self.scored {
            let top = searcher.search(
                query,
                &TopDocs::with_limit(limit).and_offset(offset).order_by((
                    (
                        SortByStaticFastValue::<DateTime>::for_field(DATE_FIELD_NAME),
                        Order::Desc,
                    ),
                    (
                        SortByStaticFastValue::<u64>::for_field(ORDER_FIELD_NAME),
                        Order::Asc,
                    ),
                )),
            )?;
            return Ok(top.into_iter().map(|(_, a)| (0.0, a)).collect());
        }
        match self.sort {
            // The pair phrases are scored only where they can change the
            // page, and ties go to the clause earlier in the corpus (see
            // `pairs`).
            Sort::Relevance => {
                let ranker = pairs::PageRanker::new(
                    searcher,
                    &compiled.pairs,
                    compiled.pair_bound,
                    offset + limit,
                )?;
                let top = searcher.search(query, &ranker)?;
                Ok(top.into_iter().skip(offset).collect())
            }
            // By date, the score only breaks ties, so every hit gets its
            // full score at once.
            Sort::Date => {
                let mut clauses = vec![(Occur::Must, query.box_clone())];
                clauses.extend(
                    compiled
                        .pairs
                        .iter()
                        .map(|p| (Occur::Should, p.box_clone())),
                );
                let top = searcher.search(
                    &BooleanQuery::new(clauses),
                    &TopDocs::with_limit(limit).and_offset(offset).order_by((
                        (
                            SortByStaticFastValue::<DateTime>::for_field(DATE_FIELD_NAME),
                            Order::Desc,
                        ),
                        (SortBySimilarityScore, Order::Desc),
                    )),
                )?;
                Ok(top
                    .into_iter()
                    .map(|((_, score), address)| (score, address))
                    .collect())
            }
        }
    }
}

/// Facet counts over the clauses matching a query and filters (every clause
/// the filters admit, for an empty query): a search for no hits but every
/// count.
pub fn count_facets(index: &ClauseIndex, request: &ParsedRequest) -> Result<SearchResults> {
    let mut request = request.clone();
    request.limit = Some(0);
    request.offset = 0;
    request.facets = true;
    execute(index, &request)
}

/// Clause counts for every pair of a `rows` value and a `columns` value
/// over the clauses a query matches: the full matches (with `match: any`,
/// every clause holding some word), the clauses search counts in its
/// total and facets.
pub fn matrix(
    index: &ClauseIndex,
    request: &ParsedRequest,
    rows: MatrixAxis,
    columns: MatrixAxis,
) -> Result<Matrix> {
    let searcher = index.searcher();
    let corrections = typo::corrections(index, &searcher, index.synonyms(), &request.query)?;
    let compiler = || {
        compile::Compiler::new(&searcher, index.fields(), index.synonyms())
            .with_corrections(&corrections)
    };
    let full = compiler().compile(&request.query, &request.filters)?;
    let default_kinds = full.default_kinds;
    let query = if full.may_be_partial && request.matching == Some(Matching::Any) {
        compiler()
            .any_word()
            .compile(&request.query, &request.filters)?
            .query
    } else {
        full.query
    };
    let counter = matrix::MatrixCounter {
        rows: rows.facet(),
        columns: columns.facet(),
    };
    let counts = searcher.search(query.as_ref(), &counter)?;
    Ok(Matrix::from_counts(
        request.query.text.clone(),
        rows,
        columns,
        counts,
        default_kinds,
    ))
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

/// A document with every clause it was cut into.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentView {
    pub document: DocumentRecord,
    /// In document order.
    pub clauses: Vec<ClauseView>,
}

/// The document with id `doc_id` and all its clauses.
pub fn document(index: &ClauseIndex, doc_id: &str) -> Result<DocumentView> {
    let searcher = index.searcher();
    let same_doc = TermQuery::new(
        Term::from_field_text(index.fields().doc_id, doc_id.trim()),
        IndexRecordOption::Basic,
    );
    let addresses = searcher.search(&same_doc, &tantivy::collector::DocSetCollector)?;
    let Some(first) = addresses.iter().next().copied() else {
        return Err(Error::NoSuchDocument {
            id: doc_id.to_string(),
        });
    };
    let document = index.document_of(&searcher, first)?;
    let mut clauses = Vec::with_capacity(addresses.len());
    for address in addresses {
        clauses.push(index.load_clause(&searcher, address)?);
    }
    clauses.sort_by_key(|c| c.clause.position);
    Ok(DocumentView {
        document: (*document).clone(),
        clauses,
    })
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
        return Err(Error::NoSuchClause { id: id.to_string() });
    };
    let found = index.load_clause(&searcher, address)?;
    let position = found.clause.position;

    let same_doc = TermQuery::new(
        Term::from_field_text(fields.doc_id, &found.clause.doc_id),
        IndexRecordOption::Basic,
    );
    let siblings = searcher.search(&same_doc, &tantivy::collector::DocSetCollector)?;
    let mut before = Vec::new();
    let mut after = Vec::new();
    for address in siblings {
        let sibling = index.load_clause(&searcher, address)?;
        let at = sibling.clause.position;
        if at < position && position - at <= around {
            before.push(sibling);
        } else if at > position && at - position <= around {
            after.push(sibling);
        }
    }
    before.sort_by_key(|c| c.clause.position);
    after.sort_by_key(|c| c.clause.position);
    Ok(ClauseContext {
        clause: found,
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::sample_index;
    use crate::index::FacetField;

    fn run(
        index: &ClauseIndex,
        query: &str,
        edit: impl FnOnce(&mut ParsedRequest),
    ) -> SearchResults {
        let mut request = SearchRequest::new(query).validate().unwrap();
        edit(&mut request);
        search(index, &request).unwrap()
    }

    fn ids(results: &SearchResults) -> Vec<&str> {
        results.hits.iter().map(|h| h.clause.id.as_str()).collect()
    }

    #[test]
    fn clauses_with_every_word_rank_above_partial_matches() {
        let (_dir, index) = sample_index();
        let results = run(&index, "Chinese medicine standardisation", |_| {});
        let mut complete = ids(&results)[..2].to_vec();
        complete.sort();
        assert_eq!(complete, ["chongqing-0", "jiangsu-2"]);
        // Then the partial matches: two words, then one ("standards" shares
        // the stem of "standardisation"), marked and counted apart.
        assert_eq!(ids(&results)[2..], ["beijing-0", "beijing-1"]);
        assert_eq!(results.total, 2);
        assert_eq!(results.partial_total, Some(2));
        let kinds: Vec<MatchKind> = results.hits.iter().map(|h| h.match_kind).collect();
        assert_eq!(
            kinds,
            [
                MatchKind::All,
                MatchKind::All,
                MatchKind::Partial,
                MatchKind::Partial
            ]
        );
        assert!(results.hits[1].score.unwrap() > results.hits[2].score.unwrap() + 1.0);
        assert!(results.hits[2].score.unwrap() > results.hits[3].score.unwrap() + 1.0);

        // Only the full matches, or every clause holding a word.
        let all = run(&index, "Chinese medicine standardisation", |r| {
            r.matching = Some(Matching::All)
        });
        assert_eq!(ids(&all), ids(&results)[..2]);
        assert_eq!((all.total, all.partial_total), (2, None));
        let any = run(&index, "Chinese medicine standardisation", |r| {
            r.matching = Some(Matching::Any);
            r.facets = true;
        });
        assert_eq!(ids(&any), ids(&results));
        assert_eq!((any.total, any.partial_total), (4, Some(2)));
        let facets = any.facets.unwrap();
        let partners = facets.get(FacetField::Partner);
        assert!(
            partners.contains(&("Beijing".to_string(), 2)),
            "{partners:?}"
        );
    }

    #[test]
    fn a_page_past_the_full_matches_lists_partial_ones_and_counts_them() {
        let (_dir, index) = sample_index();
        let first = run(&index, "Chinese medicine standardisation", |r| {
            r.limit = Some(2);
            r.facets = true;
        });
        // The full matches fill the page: partial ones are neither listed
        // nor counted, and the facets count the full matches only.
        assert_eq!(first.hits.len(), 2);
        assert_eq!(first.partial_total, None);
        let facets = first.facets.unwrap();
        let partners = facets.get(FacetField::Partner);
        assert!(partners.iter().all(|(p, _)| p != "Beijing"), "{partners:?}");
        let next = run(&index, "Chinese medicine standardisation", |r| {
            r.limit = Some(2);
            r.offset = 2;
        });
        assert_eq!(ids(&next), ["beijing-0", "beijing-1"]);
        assert_eq!(next.hits[0].rank, 3);
        assert_eq!((next.total, next.partial_total), (2, Some(2)));
    }

    #[test]
    fn a_common_word_inside_a_name_makes_no_match_alone() {
        let mut docs = crate::index::tests::sample_documents();
        docs[0].clauses[1].text = "Promote innovation and technology in both places.".into();
        docs[0].clauses[2].text = "Trade and finance will grow.".into();
        let dir = tempfile::tempdir().unwrap();
        let index = ClauseIndex::build(dir.path(), &docs, &Default::default()).unwrap();
        let any = run(&index, "innovation and technology", |r| {
            r.matching = Some(Matching::Any)
        });
        assert_eq!(ids(&any), ["jiangsu-1"]);
        assert_eq!(any.total, 1);
    }

    #[test]
    fn common_words_alone_make_no_match() {
        let (_dir, index) = sample_index();
        let with = run(&index, "the standardisation of medicine", |_| {});
        let without = run(&index, "standardisation medicine", |_| {});
        assert_eq!(ids(&with), ids(&without));
        assert_eq!(with.total, without.total);
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
        let mut request = SearchRequest::new("x").validate().unwrap();
        request.filters.partners = vec!["Jiangsuu".into()];
        let err = search(&index, &request).unwrap_err();
        assert!(err.is_user_error());
        let message = err.to_string();
        assert!(message.contains("did you mean Jiangsu?"), "{message}");
        assert!(message.contains("Beijing, Chongqing, Jiangsu"), "{message}");
        let request = SearchRequest::new("year:1999").validate().unwrap();
        let err = search(&index, &request).unwrap_err();
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
        assert!(!all.hits.is_empty());
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
            .map(|&(a, b)| &hit.clause.text[a..b])
            .collect();
        assert_eq!(words, ["standards"]);
        assert_eq!(hit.snippet, hit.clause.text);
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
        assert!(results.hits[0].score.unwrap() > results.hits[1].score.unwrap() + 1.0);
        let hit = &results.hits[0];
        let words: Vec<&str> = hit
            .highlights
            .iter()
            .map(|&(a, b)| &hit.clause.text[a..b])
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
            let found = results.hits.iter().position(|h| h.clause.id == id);
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
        assert_eq!(rest.hits[0].clause.id, "jiangsu-1");
        assert_eq!(rest.hits[0].score, results.hits[apart].score);
        // By date the two tie on their meeting, so their full scores decide.
        let by_date = run(&index, "chinese medicine", |r| r.sort = Sort::Date);
        assert!(position(&by_date, "jiangsu-2") < position(&by_date, "jiangsu-1"));
        let score = by_date.hits[position(&by_date, "jiangsu-2")].score;
        assert!((score.unwrap() - results.hits[together].score.unwrap()).abs() < 1e-4);
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
            let mut request = SearchRequest::new(query).validate().unwrap();
            request.filters = filters;
            let counts = count_facets(&index, &request).unwrap();
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
            [
                ("2023".to_string(), 1),
                ("2024".to_string(), 1),
                // Chongqing's meeting has no known year.
                (facets::NONE_LABEL.to_string(), 1)
            ]
        );
    }

    #[test]
    fn show_returns_the_neighbours() {
        let (_dir, index) = sample_index();
        let context = show(&index, "jiangsu-1", 2).unwrap();
        assert_eq!(context.clause.clause.id, "jiangsu-1");
        assert_eq!(
            context
                .before
                .iter()
                .map(|c| c.clause.id.as_str())
                .collect::<Vec<_>>(),
            ["jiangsu-0"]
        );
        assert_eq!(
            context
                .after
                .iter()
                .map(|c| c.clause.id.as_str())
                .collect::<Vec<_>>(),
            ["jiangsu-2", "jiangsu-3"]
        );
        assert!(show(&index, "nope", 2).unwrap_err().is_not_found());
    }

    #[test]
    fn a_list_without_words_is_ordered_by_date_then_document_order_and_unscored() {
        let (_dir, index) = sample_index();
        let results = run(&index, "", |r| r.filters.kinds = vec!["all".into()]);
        assert!(results.hits.iter().all(|h| h.score.is_none()));
        // Beijing met in 2024, Jiangsu in 2023, Chongqing in a year unknown.
        assert_eq!(
            ids(&results),
            [
                "beijing-0",
                "beijing-1",
                "jiangsu-0",
                "jiangsu-1",
                "jiangsu-2",
                "jiangsu-3",
                "chongqing-0"
            ]
        );
        let filtered = run(&index, "partner:jiangsu", |_| {});
        assert_eq!(ids(&filtered), ["jiangsu-1", "jiangsu-2", "jiangsu-3"]);
        assert!(run(&index, "medicine", |_| {}).hits[0].score.is_some());
    }

    #[test]
    fn a_date_filter_says_how_many_yearless_clauses_it_left_out() {
        // Chongqing's sample meeting has no year.
        let (_dir, index) = sample_index();
        let results = run(&index, "medicine", |r| {
            r.filters.dates = DateRange::parse(Some("2023"), None).unwrap();
        });
        assert_eq!(results.undated_left_out, 1);
        let unfiltered = run(&index, "medicine", |_| {});
        assert_eq!(unfiltered.undated_left_out, 0);
    }

    #[test]
    fn an_empty_result_counts_the_clauses_of_other_kinds() {
        let (_dir, index) = sample_index();
        let results = run(&index, "secretary", |_| {});
        assert_eq!((results.total, results.other_kinds), (0, Some(1)));
        let results = run(&index, "medicine", |_| {});
        assert_eq!(results.other_kinds, None);
    }

    #[test]
    fn a_document_comes_with_all_its_clauses_in_order() {
        let (_dir, index) = sample_index();
        let view = document(&index, "jiangsu").unwrap();
        assert_eq!(view.document.facts.partner.as_deref(), Some("Jiangsu"));
        let ids: Vec<&str> = view.clauses.iter().map(|c| c.clause.id.as_str()).collect();
        assert_eq!(ids, ["jiangsu-0", "jiangsu-1", "jiangsu-2", "jiangsu-3"]);
        assert!(document(&index, "nope").unwrap_err().is_not_found());
    }
}
