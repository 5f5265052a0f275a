//! Similar clauses: the clauses most like one clause, or like a pasted
//! paragraph, found through the index's own term statistics.
//!
//! The source text is run through the index analyzer; each of its terms is
//! weighted by how often the text uses it times its inverse document
//! frequency in the clause text field, and the most distinctive ones become
//! a weighted disjunction over that field ("more like this"). The source
//! clause itself never comes back; unless the same partner is allowed, its
//! partner's and document's clauses do not either, so what is found is the
//! same commitment made elsewhere. Pasted text is analysed directly, never
//! parsed as a query, so it is bound by no query word limit.
//!
//! Each hit says why it came back: the distinctive terms it shares with the
//! source (as the source wrote them), the share of the source's term weight
//! they carry, and where they stand in its text. [`compare`] lays two
//! partners' clauses side by side, area by area, and links the closest
//! pairs with the same machinery.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use crate::error::{Error, Result};
use crate::index::analysis::analyze;
use crate::index::{ClauseIndex, FacetField};
use crate::model::ClauseView;
use crate::search::compile::is_stop_word;
use crate::search::facets::known_values;
use crate::search::filters::{resolve_value, Origin, DEFAULT_KINDS};
use crate::search::highlight::{self, HighlightSpec};
use crate::search::{SearchRequest, SNIPPET_CHARS};

/// Distinctive terms a source keeps for its query, at most.
pub const MAX_TERMS: usize = 25;

/// Terms found in more than this share of the clauses ("the", "two",
/// "co-operation") say nothing about what a clause commits to...
const MAX_DF_SHARE: f32 = 0.2;

/// ... unless the index is so small that a share is a handful of clauses,
/// which still tell clauses apart.
const MIN_COMMON_DF: u64 = 10;

/// Similar clauses a request returns when it names no limit.
pub const DEFAULT_SIMILAR_LIMIT: usize = 10;

/// Similar clauses a request may ask for, at most.
pub const MAX_SIMILAR_LIMIT: usize = 200;

/// Shared words a hit lists as its reason, at most.
const MAX_REASONS: usize = 6;

/// What to find clauses like: a clause of the index (`id`) or a paragraph
/// (`text`), exactly one of them. As JSON:
///
/// ```json
/// {"id": "e789e4217965ec8b-021", "limit": 5, "same_partner": false}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SimilarRequest {
    /// A clause id, as search results show it.
    pub id: Option<String>,
    /// A paragraph of any length.
    pub text: Option<String>,
    /// Clauses to return; `None` for [`DEFAULT_SIMILAR_LIMIT`].
    pub limit: Option<usize>,
    /// Admit clauses of the source clause's own partner and document.
    pub same_partner: bool,
    /// Only clauses of these partners, resolved like the search partner
    /// filter.
    pub partner: Vec<String>,
}

/// One distinctive term of the source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceTerm {
    /// The index term (stemmed, folded).
    pub term: String,
    /// The word as the source first wrote it, lower-cased.
    pub word: String,
    /// Term frequency in the source times inverse document frequency.
    pub weight: f32,
}

/// The source of a similarity search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarSource {
    /// The source clause, when the request named one.
    pub clause: Option<ClauseView>,
    /// The source text.
    pub text: String,
    /// The distinctive terms the search used, heaviest first.
    pub terms: Vec<SourceTerm>,
}

/// One similar clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarHit {
    /// One-based.
    pub rank: usize,
    /// The weighted disjunction's score, comparable within one list only.
    pub score: f32,
    /// The share (0 to 1) of the source's term weight that this clause
    /// holds: how much of what makes the source distinctive it shares.
    pub overlap: f32,
    /// The shared words, as the source wrote them, heaviest first: why this
    /// clause came back.
    pub shared: Vec<String>,
    #[serde(flatten)]
    pub view: ClauseView,
    /// The shared words as `[start, end)` byte offsets into `text`.
    pub highlights: Vec<(usize, usize)>,
    /// About [`SNIPPET_CHARS`] characters of `text` around the shared words.
    pub snippet: String,
}

/// What a similarity search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarResults {
    pub source: SimilarSource,
    /// Whether clauses of the source's own partner and document were
    /// admitted.
    pub same_partner: bool,
    pub took_ms: u64,
    pub hits: Vec<SimilarHit>,
}

/// A source analysed: its distinctive terms with their weights.
struct Probe {
    terms: Vec<SourceTerm>,
    total_weight: f32,
}

impl Probe {
    /// Analyses `text` and keeps its [`MAX_TERMS`] heaviest terms. A term
    /// must occur in at least `min_df` clauses: an indexed source holds
    /// each of its own terms, so a term only it holds cannot find another.
    fn new(searcher: &Searcher, field: Field, text: &str, min_df: u64) -> Result<Probe> {
        let docs = searcher.num_docs().max(1) as f32;
        let mut counts: HashMap<String, (u32, String)> = HashMap::new();
        for token in analyze(text) {
            // Numbers (years, counts, item numbers) say nothing about what
            // a clause commits to.
            if token.term.chars().all(|c| c.is_ascii_digit()) || token.term.chars().count() < 2 {
                continue;
            }
            let word = text
                .get(token.start..token.end)
                .unwrap_or(&token.term)
                .to_lowercase();
            // Words a search leaves out of a group ("its", "which") are rare
            // enough in clauses to look distinctive, and say nothing.
            if is_stop_word(&word) {
                continue;
            }
            counts
                .entry(token.term)
                .and_modify(|(n, _)| *n += 1)
                .or_insert((1, word));
        }
        let mut terms = Vec::with_capacity(counts.len());
        let common = ((docs * MAX_DF_SHARE) as u64).max(MIN_COMMON_DF);
        for (term, (tf, word)) in counts {
            let df = searcher.doc_freq(&Term::from_field_text(field, &term))?;
            if df < min_df.max(1) || df > common {
                continue;
            }
            // BM25's inverse document frequency, never negative.
            let df = df as f32;
            let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
            terms.push(SourceTerm {
                term,
                word,
                weight: tf as f32 * idf,
            });
        }
        terms.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.term.cmp(&b.term))
        });
        terms.truncate(MAX_TERMS);
        let total_weight = terms.iter().map(|t| t.weight).sum();
        Ok(Probe {
            terms,
            total_weight,
        })
    }

    /// The weighted disjunction of the terms, each boosted by its weight
    /// relative to the heaviest.
    fn query(&self, field: Field) -> Box<dyn Query> {
        let top = self
            .terms
            .first()
            .map_or(1.0, |t| t.weight.max(f32::EPSILON));
        let shoulds: Vec<(Occur, Box<dyn Query>)> = self
            .terms
            .iter()
            .map(|t| {
                let term = TermQuery::new(
                    Term::from_field_text(field, &t.term),
                    IndexRecordOption::WithFreqs,
                );
                let boosted: Box<dyn Query> =
                    Box::new(BoostQuery::new(Box::new(term), (t.weight / top).max(0.05)));
                (Occur::Should, boosted)
            })
            .collect();
        Box::new(BooleanQuery::new(shoulds))
    }

    /// The source's terms `text` holds, heaviest first, their share of the
    /// source's weight, and where they stand in `text`.
    fn shared_with(&self, text: &str) -> Shared {
        let held: HashSet<String> = analyze(text).into_iter().map(|t| t.term).collect();
        let mut spec = HighlightSpec::default();
        let mut words = Vec::new();
        let mut weight = 0.0;
        for t in self.terms.iter().filter(|t| held.contains(&t.term)) {
            spec.terms.insert(t.term.clone());
            weight += t.weight;
            if words.len() < MAX_REASONS && !words.contains(&t.word) {
                words.push(t.word.clone());
            }
        }
        let overlap = if self.total_weight > 0.0 {
            (weight / self.total_weight).min(1.0)
        } else {
            0.0
        };
        Shared {
            terms: spec.terms.len(),
            words,
            overlap,
            highlights: highlight::highlight(text, &spec),
        }
    }
}

/// What a clause shares with a source.
struct Shared {
    /// How many of the source's terms it holds.
    terms: usize,
    /// The first [`MAX_REASONS`] of them as the source wrote them.
    words: Vec<String>,
    /// Their share of the source's weight.
    overlap: f32,
    highlights: Vec<(usize, usize)>,
}

/// Which clauses a probe may find.
#[derive(Default)]
struct Scope {
    /// Clause ids left out.
    not_ids: Vec<String>,
    /// Partners left out.
    not_partners: Vec<String>,
    /// Documents left out.
    not_docs: Vec<String>,
    /// Only these partners, when set.
    partners: Vec<String>,
}

fn facet_term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, &Facet::from_path([value])),
        IndexRecordOption::Basic,
    ))
}

fn raw_term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Runs `probe` over the clauses `scope` admits (commitments and agreements
/// only, like a search by default); best first.
fn run_probe(
    index: &ClauseIndex,
    searcher: &Searcher,
    probe: &Probe,
    scope: &Scope,
    limit: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    if probe.terms.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let fields = index.fields();
    let kind = fields.facet(FacetField::Kind);
    let kinds: Vec<(Occur, Box<dyn Query>)> = DEFAULT_KINDS
        .iter()
        .map(|k| (Occur::Should, facet_term(kind, k.as_str())))
        .collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, probe.query(fields.text)),
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(
                Box::new(BooleanQuery::new(kinds)),
                0.0,
            )),
        ),
    ];
    if !scope.partners.is_empty() {
        let partner = fields.facet(FacetField::Partner);
        let any: Vec<(Occur, Box<dyn Query>)> = scope
            .partners
            .iter()
            .map(|p| (Occur::Should, facet_term(partner, p)))
            .collect();
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0)),
        ));
    }
    for id in &scope.not_ids {
        clauses.push((Occur::MustNot, raw_term(fields.id, id)));
    }
    for doc in &scope.not_docs {
        clauses.push((Occur::MustNot, raw_term(fields.doc_id, doc)));
    }
    for partner in &scope.not_partners {
        clauses.push((
            Occur::MustNot,
            facet_term(fields.facet(FacetField::Partner), partner),
        ));
    }
    let query = BooleanQuery::new(clauses);
    let clause_count = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let top = searcher.search(
        &query,
        &TopDocs::with_limit(limit.min(clause_count.max(1))).order_by_score(),
    )?;
    Ok(top)
}

/// Finds the clause with id `id`.
fn find_clause(index: &ClauseIndex, searcher: &Searcher, id: &str) -> Result<ClauseView> {
    let query = TermQuery::new(
        Term::from_field_text(index.fields().id, id.trim()),
        IndexRecordOption::Basic,
    );
    let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    match found.first() {
        Some(&(_, address)) => index.load_clause(searcher, address),
        None => Err(Error::NoSuchClause { id: id.to_string() }),
    }
}

fn similar_hit(
    index: &ClauseIndex,
    searcher: &Searcher,
    probe: &Probe,
    rank: usize,
    (score, address): (f32, DocAddress),
) -> Result<SimilarHit> {
    let view = index.load_clause(searcher, address)?;
    let shared = probe.shared_with(&view.clause.text);
    let snippet = highlight::snippet(&view.clause.text, &shared.highlights, SNIPPET_CHARS);
    Ok(SimilarHit {
        rank,
        score,
        overlap: shared.overlap,
        shared: shared.words,
        view,
        highlights: shared.highlights,
        snippet,
    })
}

/// The clauses most like the request's clause or text.
pub fn similar(index: &ClauseIndex, request: &SimilarRequest) -> Result<SimilarResults> {
    let started = Instant::now();
    let limit = request.limit.unwrap_or(DEFAULT_SIMILAR_LIMIT);
    if limit > MAX_SIMILAR_LIMIT {
        return Err(Error::BadRequest(format!(
            "limit {limit} is more than the {MAX_SIMILAR_LIMIT} similar clauses a request may ask for"
        )));
    }
    let searcher = index.searcher();
    let field = index.fields().text;
    let (clause, text, min_df, scope): (_, _, _, Scope) = match (&request.id, &request.text) {
        (Some(_), Some(_)) => {
            return Err(Error::BadRequest(
                "give a clause id or a text to find similar clauses for, not both".into(),
            ))
        }
        (None, None) => {
            return Err(Error::BadRequest(
                "give a clause id or a text to find similar clauses for".into(),
            ))
        }
        (Some(id), None) => {
            if id.trim().is_empty() {
                return Err(Error::BadRequest(
                    "the clause id is empty; give an id as search results show it".into(),
                ));
            }
            let view = find_clause(index, &searcher, id)?;
            let mut scope = Scope {
                not_ids: vec![view.clause.id.clone()],
                ..Scope::default()
            };
            if !request.same_partner {
                scope.not_docs.push(view.clause.doc_id.clone());
                scope.not_partners.extend(view.document.partner.clone());
            }
            let text = view.clause.text.clone();
            (Some(view), text, 2, scope)
        }
        (None, Some(text)) => {
            if !text.chars().any(char::is_alphanumeric) {
                return Err(Error::BadRequest(
                    "the text to find similar clauses for is empty; give a paragraph with words in it"
                        .into(),
                ));
            }
            (None, text.clone(), 1, Scope::default())
        }
    };
    let mut scope = scope;
    if !request.partner.is_empty() {
        let known = known_values(&searcher, FacetField::Partner)?;
        for typed in request.partner.iter().flat_map(|p| p.split(',')) {
            if !typed.trim().is_empty() {
                let partner = resolve_value(FacetField::Partner, Origin::Filter, typed, &known)?;
                scope.partners.push(partner);
            }
        }
    }
    let probe = Probe::new(&searcher, field, &text, min_df)?;
    let found = run_probe(index, &searcher, &probe, &scope, limit)?;
    let hits = found
        .into_iter()
        .enumerate()
        .map(|(i, found)| similar_hit(index, &searcher, &probe, i + 1, found))
        .collect::<Result<Vec<_>>>()?;
    Ok(SimilarResults {
        source: SimilarSource {
            clause,
            text,
            terms: probe.terms,
        },
        same_partner: request.same_partner,
        took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        hits,
    })
}

/// Two partners' commitments, as a caller states it. As JSON:
///
/// ```json
/// {"partners": ["Shanghai", "Chongqing"], "query": "medicine", "area": []}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompareRequest {
    /// Exactly two partner names, resolved like the search partner filter.
    pub partners: Vec<String>,
    /// Only the clauses matching this query (empty for all).
    pub query: String,
    /// Only these areas.
    pub area: Vec<String>,
}

/// One area, both partners' clauses in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaComparison {
    pub area: String,
    /// The partner that alone has clauses here; `None` when both do.
    pub only: Option<String>,
    /// The first partner's clauses, in document order.
    pub left: Vec<ClauseView>,
    /// The second partner's clauses, in document order.
    pub right: Vec<ClauseView>,
}

/// Two clauses, one of each partner, that are most like each other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClausePair {
    /// The first partner's clause id.
    pub left: String,
    /// The second partner's clause id.
    pub right: String,
    /// The share of the left clause's term weight the right one holds.
    pub overlap: f32,
    /// The shared words, heaviest first.
    pub shared: Vec<String>,
}

/// Two partners side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The two partners, as the index names them.
    pub partners: [String; 2],
    pub query: String,
    /// Every area either partner has a clause in, by name.
    pub areas: Vec<AreaComparison>,
    /// The closest pairs across the two, closest first; each clause in one
    /// pair at most.
    pub pairs: Vec<ClausePair>,
    pub took_ms: u64,
}

/// A pair is linked when the two share at least this share of the left
/// clause's distinctive weight.
pub const MIN_PAIR_OVERLAP: f32 = 0.25;

/// ... and at least this many distinctive terms: one rare word in common
/// makes two short clauses look alike without their saying the same.
pub const MIN_PAIR_TERMS: usize = 3;

/// The heading clauses without a canonical area are listed under.
pub const NO_AREA: &str = "(no area)";

/// Lays two partners' clauses side by side, area by area, and links the
/// closest pairs across them.
pub fn compare(index: &ClauseIndex, request: &CompareRequest) -> Result<Comparison> {
    let started = Instant::now();
    let [left, right] = request.partners.as_slice() else {
        return Err(Error::BadRequest(format!(
            "compare takes two partners, not {}",
            request.partners.len()
        )));
    };
    let searcher = index.searcher();
    let known = known_values(&searcher, FacetField::Partner)?;
    let resolve = |typed: &str| resolve_value(FacetField::Partner, Origin::Filter, typed, &known);
    let partners = [resolve(left)?, resolve(right)?];
    if partners[0] == partners[1] {
        return Err(Error::BadRequest(format!(
            "compare needs two different partners; both name {}",
            partners[0]
        )));
    }
    let clauses_of = |partner: &str| -> Result<Vec<ClauseView>> {
        let search = SearchRequest {
            query: request.query.clone(),
            partner: vec![partner.to_string()],
            area: request.area.clone(),
            limit: None,
            ..SearchRequest::default()
        };
        let results = crate::search::search(index, &search.validate()?)?;
        let mut views: Vec<ClauseView> = results.hits.into_iter().map(|h| h.view).collect();
        views.sort_by(|a, b| {
            (&a.clause.doc_id, a.clause.position).cmp(&(&b.clause.doc_id, b.clause.position))
        });
        Ok(views)
    };
    let sides = [clauses_of(&partners[0])?, clauses_of(&partners[1])?];

    let mut areas: BTreeMap<String, [Vec<ClauseView>; 2]> = BTreeMap::new();
    for (side, views) in sides.iter().enumerate() {
        for view in views {
            let names: Vec<String> = if view.clause.areas.is_empty() {
                vec![NO_AREA.to_string()]
            } else {
                view.clause.areas.clone()
            };
            for name in names {
                areas.entry(name).or_default()[side].push(view.clone());
            }
        }
    }
    let areas = areas
        .into_iter()
        .map(|(area, [l, r])| AreaComparison {
            only: match (l.is_empty(), r.is_empty()) {
                (false, true) => Some(partners[0].clone()),
                (true, false) => Some(partners[1].clone()),
                _ => None,
            },
            area,
            left: l,
            right: r,
        })
        .collect();

    // Each left clause's best match among the right clauses listed.
    let right_ids: HashSet<&str> = sides[1].iter().map(|v| v.clause.id.as_str()).collect();
    let field = index.fields().text;
    let mut candidates = Vec::new();
    for view in &sides[0] {
        let probe = Probe::new(&searcher, field, &view.clause.text, 2)?;
        let scope = Scope {
            partners: vec![partners[1].clone()],
            ..Scope::default()
        };
        for (_, address) in run_probe(index, &searcher, &probe, &scope, 20)? {
            let other = index.load_clause(&searcher, address)?;
            if !right_ids.contains(other.clause.id.as_str()) {
                continue;
            }
            let shared = probe.shared_with(&other.clause.text);
            if shared.overlap >= MIN_PAIR_OVERLAP && shared.terms >= MIN_PAIR_TERMS {
                candidates.push(ClausePair {
                    left: view.clause.id.clone(),
                    right: other.clause.id.clone(),
                    overlap: shared.overlap,
                    shared: shared.words,
                });
            }
            break;
        }
    }
    candidates.sort_by(|a, b| {
        b.overlap
            .total_cmp(&a.overlap)
            .then_with(|| a.left.cmp(&b.left))
    });
    let mut used_right = HashSet::new();
    let pairs = candidates
        .into_iter()
        .filter(|p| used_right.insert(p.right.clone()))
        .collect();
    Ok(Comparison {
        partners,
        query: request.query.clone(),
        areas,
        pairs,
        took_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::sample_index;

    fn ids(results: &SimilarResults) -> Vec<&str> {
        results
            .hits
            .iter()
            .map(|h| h.view.clause.id.as_str())
            .collect()
    }

    fn like(id: &str) -> SimilarRequest {
        SimilarRequest {
            id: Some(id.into()),
            ..SimilarRequest::default()
        }
    }

    #[test]
    fn a_clause_finds_other_partners_commitments_and_never_itself() {
        let (_dir, index) = sample_index();
        let results = similar(&index, &like("chongqing-0")).unwrap();
        // Words as common as "of" tie every clause together in an index
        // this small; the Chinese medicine clauses lead.
        assert_eq!(ids(&results)[..2], ["jiangsu-2", "beijing-0"]);
        assert!(!ids(&results).iter().any(|id| id.starts_with("chongqing")));
        // Statements are not commitments: never listed.
        assert!(!ids(&results).contains(&"jiangsu-0"));
        let first = &results.hits[0];
        assert!(first.shared.contains(&"standardisation".to_string()));
        assert!(first.overlap > 0.0 && first.overlap <= 1.0);
        let marked: Vec<&str> = first
            .highlights
            .iter()
            .map(|&(s, e)| &first.view.clause.text[s..e])
            .collect();
        assert!(marked.contains(&"standardisation"), "{marked:?}");
        // Its own partner's clauses come back only when asked for; the
        // clause itself never does.
        let mut same = like("jiangsu-2");
        same.same_partner = true;
        same.limit = Some(20);
        let found = similar(&index, &same).unwrap();
        assert!(!ids(&found).contains(&"jiangsu-2"));
        assert!(
            ids(&found).iter().any(|id| id.starts_with("jiangsu")),
            "{:?}",
            ids(&found)
        );
        assert!(!ids(&similar(&index, &like("jiangsu-2")).unwrap())
            .iter()
            .any(|id| id.starts_with("jiangsu")));
    }

    #[test]
    fn a_text_is_analysed_like_a_clause_and_restricted_to_partners() {
        let (_dir, index) = sample_index();
        let request = SimilarRequest {
            text: Some("standardisation of Chinese medicine ".repeat(40)),
            partner: vec!["beijing, chongqing".into()],
            ..SimilarRequest::default()
        };
        let results = similar(&index, &request).unwrap();
        assert_eq!(ids(&results)[..2], ["chongqing-0", "beijing-0"]);
        assert!(results
            .hits
            .iter()
            .all(|h| h.view.document.partner.as_deref() != Some("Jiangsu")));
        assert!(results.source.clause.is_none());
        // Said twice as often, "chinese" outweighs the rarer word.
        let words: Vec<&str> = results
            .source
            .terms
            .iter()
            .map(|t| t.word.as_str())
            .collect();
        assert_eq!(words[0], "chinese");
        assert!(words.contains(&"standardisation"), "{words:?}");
    }

    #[test]
    fn bad_requests_say_what_would_work() {
        let (_dir, index) = sample_index();
        let err = similar(&index, &like("nope-1")).unwrap_err();
        assert!(matches!(err, Error::NoSuchClause { .. }), "{err}");
        let empty = SimilarRequest {
            text: Some(" \n".into()),
            ..SimilarRequest::default()
        };
        assert!(similar(&index, &empty)
            .unwrap_err()
            .to_string()
            .contains("empty"));
        let both = SimilarRequest {
            text: Some("medicine".into()),
            ..like("chongqing-0")
        };
        assert!(matches!(similar(&index, &both), Err(Error::BadRequest(_))));
        assert!(matches!(
            similar(&index, &SimilarRequest::default()),
            Err(Error::BadRequest(_))
        ));
        let mut many = like("chongqing-0");
        many.limit = Some(MAX_SIMILAR_LIMIT + 1);
        assert!(matches!(similar(&index, &many), Err(Error::BadRequest(_))));
    }

    #[test]
    fn compare_marks_areas_one_partner_lacks_and_links_close_pairs() {
        let (_dir, index) = sample_index();
        let request = CompareRequest {
            partners: vec!["beijing".into(), "Jiangsu".into()],
            ..CompareRequest::default()
        };
        let comparison = compare(&index, &request).unwrap();
        assert_eq!(comparison.partners, ["Beijing", "Jiangsu"]);
        let areas: Vec<(&str, Option<&str>, usize, usize)> = comparison
            .areas
            .iter()
            .map(|a| {
                (
                    a.area.as_str(),
                    a.only.as_deref(),
                    a.left.len(),
                    a.right.len(),
                )
            })
            .collect();
        assert_eq!(
            areas,
            [
                (NO_AREA, Some("Jiangsu"), 0, 1),
                ("Finance", None, 1, 1),
                ("Health and Chinese Medicine", None, 1, 1),
            ]
        );
        let pairs: Vec<(&str, &str)> = comparison
            .pairs
            .iter()
            .map(|p| (p.left.as_str(), p.right.as_str()))
            .collect();
        assert!(pairs.contains(&("beijing-0", "jiangsu-2")), "{pairs:?}");
        let unknown = CompareRequest {
            partners: vec!["Beijing".into(), "Jiangsuu".into()],
            ..CompareRequest::default()
        };
        assert!(matches!(
            compare(&index, &unknown),
            Err(Error::UnknownValue { .. })
        ));
    }
}
