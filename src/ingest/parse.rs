//! Blocks to a [`Document`]: sections, clauses, agreements and warnings.
//!
//! A release runs in three sections, found by structure: the introduction
//! (up to the paragraph that declares the co-operation areas), the areas
//! (each heading and its paragraphs), and the signing (from the heading or
//! paragraph that reports documents signed). Commitment paragraphs that sit
//! under no heading of their own get an area inferred from their words.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::areas::Taxonomy;
use super::blocks::{split_blocks, Block, BlockKind};
use super::catalog::CatalogEntry;
use super::metadata;
use super::partners::{choose_partner, partner_kind, partner_province};
use crate::model::{
    AreaSection, Clause, ClauseKind, DateSource, Document, DocumentFacts, MeetingDate, PartnerKind,
    Warning,
};

/// A paragraph needs at least this many area phrases, and none of its
/// current area's, to be taken as the start of an area whose heading is
/// missing.
const MIN_INFERENCE_SCORE: usize = 2;

static SIGNING_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bsign(?:ing|ed)?\b").expect("valid regex"));
static SIGNED_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\bsigned\s+(?:the\s+)?["“]|\bsigned\s+the\s+[A-Z]|(?i)\bagreements?\s+were\s+signed\b"#,
    )
    .expect("valid regex")
});
static SIGNED_QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bsigned\s+(?:the\s+)?["“]"#).expect("valid regex"));
static SIGNED_UNQUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bsigned\s+the\s+([A-Z][^.;]{3,300}?)(?:\.\s|\.$|;|$)").expect("valid regex")
});
static QUOTED_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^["“]([^"“”]{3,500})["”]"#).expect("valid regex"));
static TITLE_JOINER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*,?\s*(?:and\s+)?(?:the\s+)?["“]"#).expect("valid regex"));
static STATED_AGREEMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?:[a-z-]+\s+){0,2}(?:agreements|documents|memoranda)\s+were\s+signed")
        .expect("valid regex")
});

static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:front|back)\s+row|\((?:(?:first|second|third|fourth|fifth)\s+)?(?:left|right|centre|center)\)|\bpicture shows\b")
        .expect("valid regex")
});

/// The warning a Chinese-language release carries in place of a parse it
/// cannot yet give.
pub(crate) const CHINESE_WARNING: &str = "Chinese-language release: partner and date are read, but its clauses are not yet searchable by Chinese words and its areas are not parsed";

/// Parses one release.
pub(crate) fn parse_document(file: &str, text: &str, entry: Option<&CatalogEntry>) -> Document {
    let id = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
    let segmented = split_blocks(text);
    let mut warnings = Vec::new();
    let mut blocks = segmented.blocks;
    let chinese = metadata::is_chinese(text);

    let title = match blocks.first() {
        Some(b) if b.kind == BlockKind::Title => blocks.remove(0).text,
        _ => {
            warnings.push(Warning::new(None, "no title line found"));
            String::new()
        }
    };
    let title = strip_media_note(&title);
    if chinese {
        warnings.push(Warning::new(None, CHINESE_WARNING));
        // Chinese headings are not yet mapped onto the area taxonomy.
        for b in blocks.iter_mut().filter(|b| b.kind == BlockKind::Heading) {
            b.kind = BlockKind::Paragraph;
        }
    }
    let paragraphs: Vec<&str> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text.as_str())
        .collect();
    // A photo caption is not the opening of the report.
    let opening = paragraphs
        .iter()
        .copied()
        .find(|p| !CAPTION.is_match(p))
        .or_else(|| paragraphs.first().copied())
        .unwrap_or_default();
    let head = format!("{title}\n{opening}");
    let body: String = blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");

    let partner = choose_partner(&title, opening, &body);
    if partner.is_none() {
        warnings.push(Warning::new(
            None,
            "no Mainland partner recognised in the title or text",
        ));
    }
    let partner_kind = partner.and_then(partner_kind);
    let (meeting_release, release_reason) = metadata::release_kind(
        &title,
        opening,
        partner_kind == Some(PartnerKind::NationalBody),
        chinese,
    );
    // Only a meeting release's opening describes its own meeting; any other
    // release's opening may name meetings past or to come.
    let (meeting_types, plenary_ordinal) =
        metadata::meeting_types(if meeting_release { &head } else { &title });
    // A Chinese page dates itself in full ("2019年5月16日") wherever it
    // reports; its dateline forms are not read yet.
    let dateline = segmented.dateline.clone().or_else(|| {
        chinese
            .then(|| metadata::full_date(&body).map(|(d, _)| (d.to_string(), 0)))
            .flatten()
    });
    let (date, date_source) = resolve_date(
        &segmented.footer,
        &dateline,
        &paragraphs,
        opening,
        &blocks,
        entry,
        &mut warnings,
    );

    let location = metadata::location(&title, opening);
    let mut doc = Document {
        clauses: Vec::new(),
        id,
        facts: DocumentFacts {
            source: file.to_string(),
            partner: partner.map(str::to_string),
            partner_kind,
            province: partner.and_then(partner_province),
            meeting_types,
            date,
            url: entry.and_then(|e| e.url.clone()),
            title,
        },
        plenary_ordinal,
        conference: metadata::conference(&head),
        location,
        date_source,
        declared_areas: None,
        areas: Vec::new(),
        agreements: Vec::new(),
        warnings: Vec::new(),
        meeting_release,
        release_reason,
        language: if chinese { "zh" } else { "en" }.to_string(),
    };
    Sections::new(&blocks, meeting_release).build(&mut doc, &mut warnings);
    doc.warnings = cap_warnings(warnings);
    doc
}

/// The most warnings one document keeps; a file that trips the same check
/// thousands of times says so once, not thousands of times.
const MAX_WARNINGS: usize = 20;

fn cap_warnings(mut warnings: Vec<Warning>) -> Vec<Warning> {
    if warnings.len() > MAX_WARNINGS {
        let more = warnings.len() - (MAX_WARNINGS - 1);
        warnings.truncate(MAX_WARNINGS - 1);
        warnings.push(Warning::new(
            None,
            format!("{more} more warnings like these not shown"),
        ));
    }
    warnings
}

/// Titles on the government site end with "(with photos/video)".
fn strip_media_note(title: &str) -> String {
    match title.rfind(" (with ") {
        Some(at) if title.ends_with(')') => title[..at].trim_end().to_string(),
        _ => title.to_string(),
    }
}

/// The document's date, from the best source the text and catalog give:
/// the dated footer, the catalog, a dateline above the body, a full date
/// opening the report, then a month and day ("today (May 11)", "On April
/// 9,") whose year stays unknown.
fn resolve_date(
    footer: &Option<(String, usize)>,
    dateline: &Option<(String, usize)>,
    paragraphs: &[&str],
    opening: &str,
    blocks: &[Block],
    entry: Option<&CatalogEntry>,
    warnings: &mut Vec<Warning>,
) -> (Option<MeetingDate>, DateSource) {
    let catalog = entry.and_then(|e| e.date);
    if let Some((text, line)) = footer {
        match metadata::footer_date(text) {
            Some(date) => {
                if let Some(c) = catalog.filter(|c| *c != date) {
                    warnings.push(Warning::new(
                        Some(*line),
                        format!("footer says {date} but the catalog says {c}; keeping the footer's date"),
                    ));
                }
                return (Some(date), DateSource::Footer);
            }
            None => warnings.push(Warning::new(
                Some(*line),
                format!("footer date {text:?} not understood"),
            )),
        }
    }
    let near = paragraphs.iter().take(2).copied();
    let relative = [opening]
        .into_iter()
        .chain(near)
        .find_map(metadata::today_date);
    let opened = metadata::opening_date(opening)
        .or_else(|| paragraphs.first().and_then(|p| metadata::opening_date(p)));
    let full = dateline
        .as_ref()
        .and_then(|(text, _)| metadata::full_date(text).map(|(d, _)| d))
        .or(opened.filter(|d| d.year.is_some()))
        .or(relative.filter(|d| d.year.is_some()));
    let stated = full.or(relative).or(opened);
    if let Some(c) = catalog {
        if let Some(s) = stated.filter(|s| (s.month, s.day) != (c.month, c.day)) {
            warnings.push(Warning::new(
                None,
                format!("the text says {s} but the catalog says {c}; keeping the catalog's date"),
            ));
        }
        return (Some(c), DateSource::Catalog);
    }
    match stated {
        Some(date) if date.year.is_some() => (Some(date), DateSource::Text),
        Some(date) => {
            let line = blocks.iter().find(|b| b.text == opening).map(|b| b.line);
            warnings.push(Warning::new(
                line,
                format!(
                    "the text gives the meeting's month and day ({date}) but no year; add the date to {} beside the file",
                    super::CATALOG_FILE
                ),
            ));
            (Some(date), DateSource::Text)
        }
        None => {
            warnings.push(Warning::new(None, "no meeting date found (no dated footer, dateline, \"today (Month Day)\" or catalog entry)"));
            (None, DateSource::None)
        }
    }
}

/// Where each section starts, as block indexes.
struct Sections<'a> {
    blocks: &'a [Block],
    /// The paragraph declaring the number of areas.
    declaration: Option<(usize, usize)>,
    /// First block of the areas section.
    areas_start: usize,
    /// First block of the signing section (or the end).
    signing_start: usize,
}

impl<'a> Sections<'a> {
    /// Areas are declared only in a meeting release; elsewhere "five
    /// areas" is what some earlier agreement covered.
    fn new(blocks: &'a [Block], meeting_release: bool) -> Sections<'a> {
        let declared = |strong: bool| {
            blocks.iter().enumerate().find_map(|(i, b)| {
                (b.kind == BlockKind::Paragraph)
                    .then(|| metadata::declared_areas(&b.text))
                    .flatten()
                    .filter(|(_, s)| *s == strong)
                    .map(|(n, _)| (i, n))
            })
        };
        let declaration = if meeting_release {
            declared(true).or_else(|| declared(false))
        } else {
            None
        };
        // Areas follow the report's opening: a heading above the first
        // paragraph is the page's (a repeated headline, a section name).
        let first_paragraph = blocks
            .iter()
            .position(|b| b.kind == BlockKind::Paragraph)
            .unwrap_or(0);
        let first_heading = blocks.iter().enumerate().position(|(i, b)| {
            i > first_paragraph
                && b.kind == BlockKind::Heading
                && !SIGNING_HEADING.is_match(&b.text)
        });
        let areas_start = match (declaration, first_heading) {
            (Some((i, _)), _) => i + 1,
            (None, Some(h)) => h,
            (None, None) => blocks.len(),
        };
        let signing_start = blocks
            .iter()
            .enumerate()
            .skip(areas_start)
            .find(|(_, b)| match b.kind {
                BlockKind::Heading => SIGNING_HEADING.is_match(&b.text),
                BlockKind::Paragraph => SIGNED_PROSE.is_match(&b.text),
                _ => false,
            })
            .map_or(blocks.len(), |(i, _)| i);
        Sections {
            blocks,
            declaration,
            areas_start,
            signing_start,
        }
    }

    fn build(&self, doc: &mut Document, warnings: &mut Vec<Warning>) {
        let taxonomy = Taxonomy::builtin();
        doc.declared_areas = self.declaration.map(|(_, n)| n);
        let assignment = self.assign_areas(taxonomy, &mut doc.areas, warnings);

        let mut signing_heading: Option<&str> = None;
        let mut seen = HashSet::new();
        let mut listed_items = 0;
        let mut stated_items: Option<(usize, usize)> = None;
        for (i, block) in self.blocks.iter().enumerate() {
            let in_areas = (self.areas_start..self.signing_start).contains(&i);
            match block.kind {
                BlockKind::Title | BlockKind::Heading => {
                    if i >= self.signing_start {
                        signing_heading = Some(&block.text);
                    }
                }
                _ if in_areas => {
                    let section = assignment[i].and_then(|s| doc.areas.get(s));
                    push_clause(
                        doc,
                        ClauseKind::Commitment,
                        section.and_then(|s| s.heading.clone()),
                        section.map(|s| s.canonical.clone()).unwrap_or_default(),
                        section.is_none_or(|s| s.inferred),
                        &block.text,
                    );
                }
                BlockKind::Item if i >= self.signing_start => {
                    listed_items += 1;
                    push_agreement(
                        doc,
                        &mut seen,
                        taxonomy,
                        signing_heading,
                        &clean_title(&block.text),
                    );
                }
                _ => {
                    let heading = if i >= self.signing_start {
                        signing_heading
                    } else {
                        None
                    };
                    push_clause(
                        doc,
                        ClauseKind::Statement,
                        heading.map(str::to_string),
                        Vec::new(),
                        false,
                        &block.text,
                    );
                    if i >= self.signing_start {
                        for title in signed_titles(&block.text) {
                            push_agreement(doc, &mut seen, taxonomy, signing_heading, &title);
                        }
                        if let Some(c) = STATED_AGREEMENTS.captures(&block.text) {
                            if let Some(n) = metadata::number_value(&c[1]) {
                                stated_items = Some((n, block.line));
                            }
                        }
                    }
                }
            }
        }
        if let Some((stated, line)) = stated_items {
            if stated != listed_items {
                warnings.push(Warning::new(
                    Some(line),
                    format!("the text says {stated} agreements were signed but {listed_items} are listed"),
                ));
            }
        }
        if doc.agreements.is_empty() && self.signing_start < self.blocks.len() {
            warnings.push(Warning::new(
                Some(self.blocks[self.signing_start].line),
                "a signing section was found but no signed document could be read from it",
            ));
        }
    }

    /// Decides the area section of every block in the areas section, adding
    /// sections to `areas` as it goes: one per heading, and one per run of
    /// paragraphs whose heading is missing.
    fn assign_areas(
        &self,
        taxonomy: &Taxonomy,
        areas: &mut Vec<AreaSection>,
        warnings: &mut Vec<Warning>,
    ) -> Vec<Option<usize>> {
        let mut assignment = vec![None; self.blocks.len()];
        let range = self.areas_start..self.signing_start;
        let headings: Vec<&Block> = self.blocks[range.clone()]
            .iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .collect();
        let declared = self.declaration.map(|(_, n)| n);
        let has_paragraphs = self.blocks[range.clone()]
            .iter()
            .any(|b| b.kind != BlockKind::Heading);
        if headings.is_empty() && (has_paragraphs || declared.is_some()) {
            warnings.push(Warning::new(
                self.declaration.map(|(i, _)| self.blocks[i].line),
                "no co-operation area headings found; areas are inferred from the paragraphs",
            ));
        }
        // How many areas the release declares beyond the headings it shows:
        // that many runs of paragraphs may be split off as inferred areas.
        let mut missing = declared.map_or(0, |d| d.saturating_sub(headings.len()));

        let mut current: Option<usize> = None;
        let mut paragraphs_in_current = 0;
        for i in range {
            let block = &self.blocks[i];
            if block.kind == BlockKind::Heading {
                let canonical = taxonomy.classify_heading(&block.text);
                let section = if canonical.is_empty() {
                    let run: String = self.blocks[i..self.signing_start]
                        .iter()
                        .skip(1)
                        .take_while(|b| b.kind != BlockKind::Heading)
                        .map(|b| b.text.as_str())
                        .chain([block.text.as_str()])
                        .collect::<Vec<_>>()
                        .join(" ");
                    let inferred: Vec<String> = taxonomy
                        .best(&run)
                        .map(|(a, _)| a.to_string())
                        .into_iter()
                        .collect();
                    warnings.push(Warning::new(
                        Some(block.line),
                        match inferred.first() {
                            Some(a) => format!("heading {:?} is not in the area taxonomy; inferred {a:?} from its paragraphs", block.text),
                            None => format!("heading {:?} is not in the area taxonomy and its paragraphs suggest no area", block.text),
                        },
                    ));
                    AreaSection {
                        heading: Some(block.text.clone()),
                        canonical: inferred,
                        inferred: true,
                    }
                } else {
                    AreaSection {
                        heading: Some(block.text.clone()),
                        canonical,
                        inferred: false,
                    }
                };
                let next = self.blocks.get(i + 1);
                if i + 1 >= self.signing_start || next.is_some_and(|b| b.kind == BlockKind::Heading)
                {
                    warnings.push(Warning::new(
                        Some(block.line),
                        format!("heading {:?} has no paragraph", block.text),
                    ));
                }
                areas.push(section);
                current = Some(areas.len() - 1);
                paragraphs_in_current = 0;
                continue;
            }
            // Scoring is only needed where a heading may be missing.
            let may_start_new = current.is_none() || (missing > 0 && paragraphs_in_current > 0);
            let scores = if may_start_new {
                taxonomy.score(&block.text)
            } else {
                Vec::new()
            };
            let best = Taxonomy::best_of(&scores);
            let starts_new = match current {
                // Before any heading: the paragraph has no heading of its own.
                None => true,
                Some(s) => {
                    let own: usize = scores
                        .iter()
                        .filter(|(a, _)| areas[s].canonical.iter().any(|c| c == a))
                        .map(|(_, n)| n)
                        .sum();
                    may_start_new
                        && own == 0
                        && best.is_some_and(|(a, n)| {
                            n >= MIN_INFERENCE_SCORE && !areas[s].canonical.iter().any(|c| c == a)
                        })
                }
            };
            if starts_new {
                missing = missing.saturating_sub(1);
                areas.push(AreaSection {
                    heading: None,
                    canonical: best.map(|(a, _)| a.to_string()).into_iter().collect(),
                    inferred: true,
                });
                current = Some(areas.len() - 1);
                paragraphs_in_current = 0;
                if best.is_none() {
                    warnings.push(Warning::new(
                        Some(block.line),
                        "a paragraph without an area heading suggests no area",
                    ));
                }
            }
            assignment[i] = current;
            paragraphs_in_current += 1;
        }

        if let Some(declared) = declared {
            if declared != headings.len() {
                let inferred = areas.iter().filter(|a| a.heading.is_none()).count();
                warnings.push(Warning::new(
                    self.declaration.map(|(i, _)| self.blocks[i].line),
                    format!(
                        "the text declares {declared} co-operation areas but {} headings were found; {inferred} area(s) inferred from paragraph content",
                        headings.len()
                    ),
                ));
            }
        }
        assignment
    }
}

fn push_clause(
    doc: &mut Document,
    kind: ClauseKind,
    area_heading: Option<String>,
    areas: Vec<String>,
    inferred: bool,
    text: &str,
) {
    let position = doc.clauses.len();
    doc.clauses.push(Clause {
        id: format!("{}-{position:03}", doc.id),
        doc_id: doc.id.clone(),
        kind,
        area_heading,
        areas,
        inferred,
        position,
        text: text.to_string(),
    });
}

/// Records a signed document once, however often the text names it;
/// `seen` holds the folded titles recorded so far.
fn push_agreement(
    doc: &mut Document,
    seen: &mut HashSet<String>,
    taxonomy: &Taxonomy,
    heading: Option<&str>,
    title: &str,
) {
    if title.is_empty() || !seen.insert(title.to_lowercase().replace(['’', '‘'], "'")) {
        return;
    }
    doc.agreements.push(title.to_string());
    let areas = taxonomy
        .best(title)
        .map(|(a, _)| a.to_string())
        .into_iter()
        .collect();
    push_clause(
        doc,
        ClauseKind::Agreement,
        heading.map(str::to_string),
        areas,
        true,
        title,
    );
}

/// The documents a paragraph reports as signed: the quoted titles after
/// "signed (the)", or an unquoted title up to the end of its sentence.
/// Titles mentioned in other ways ("The ... signed by ... are at Annex 2")
/// are references, not signings.
fn signed_titles(text: &str) -> Vec<String> {
    let mut titles = Vec::new();
    for m in SIGNED_QUOTED.find_iter(text) {
        // Step back onto the opening quote.
        let mut rest = &text[m.end() - m.as_str().chars().last().map_or(0, char::len_utf8)..];
        while let Some(c) = QUOTED_TITLE.captures(rest) {
            titles.push(clean_title(&c[1]));
            rest = &rest[c[0].len()..];
            match TITLE_JOINER.find(rest) {
                Some(j) => {
                    rest = &rest[j.end() - j.as_str().chars().last().map_or(0, char::len_utf8)..]
                }
                None => break,
            }
        }
    }
    if titles.is_empty() {
        titles.extend(
            SIGNED_UNQUOTED
                .captures_iter(text)
                .map(|c| clean_title(&c[1])),
        );
    }
    titles
}

/// Trims list punctuation, a closing "and" and quotes from a title, keeping
/// the full stop of an abbreviation such as "Co. Ltd.".
fn clean_title(raw: &str) -> String {
    let mut t = raw.trim();
    loop {
        let before = t;
        t = t.trim_end_matches([';', ',', ' ']);
        if let Some(s) = t.strip_suffix(" and").or_else(|| t.strip_suffix(" or")) {
            if s.trim_end().ends_with([';', ',', '"', '”']) {
                t = s;
            }
        }
        t = t.trim_matches(['"', '“', '”', ' ']);
        if t.ends_with('.') && !ends_with_abbreviation(t) {
            t = &t[..t.len() - 1];
        }
        if t == before {
            return t.to_string();
        }
    }
}

fn ends_with_abbreviation(t: &str) -> bool {
    let last = t.rsplit(' ').next().unwrap_or_default();
    ["Ltd.", "Co.", "Inc.", "Corp.", "Bhd.", "Plc."].contains(&last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_titles_after_signed() {
        assert_eq!(
            signed_titles(
                r#"Ms Zhang signed the "Hong Kong/Chongqing Co-operation Conference Mechanism" and the "Co-operation Memorandum of the Plenary". The documents are at Annex 1."#
            ),
            vec![
                "Hong Kong/Chongqing Co-operation Conference Mechanism",
                "Co-operation Memorandum of the Plenary"
            ]
        );
        assert_eq!(
            signed_titles("Mr Fang signed the \"Agreement between the People’s Government of Jiangsu and the Region\". The document is at Annex 1."),
            vec!["Agreement between the People’s Government of Jiangsu and the Region"]
        );
    }

    #[test]
    fn unquoted_title_runs_to_the_end_of_its_sentence() {
        assert_eq!(
            signed_titles("Ms Sima signed the Co-operation Memorandum of the Fifth Plenary Session Hong Kong/Beijing Co-operation Conference. The document (Chinese only) is at Annex 1."),
            vec!["Co-operation Memorandum of the Fifth Plenary Session Hong Kong/Beijing Co-operation Conference"]
        );
    }

    #[test]
    fn references_to_signed_documents_are_not_signings() {
        assert!(signed_titles(r#"The "Memorandum on Trade" (Chinese only) signed by government departments is at Annex 3."#).is_empty());
        assert!(signed_titles(
            "In addition, two co-operation agreements were signed by departments:"
        )
        .is_empty());
    }

    #[test]
    fn titles_lose_list_punctuation_but_keep_abbreviations() {
        assert_eq!(
            clean_title("\"Memorandum on Co-operation.\";"),
            "Memorandum on Co-operation"
        );
        assert_eq!(
            clean_title("\"Memorandum of Understanding on Youth\"; and"),
            "Memorandum of Understanding on Youth"
        );
        assert_eq!(
            clean_title("Agreement with Quantum AI Lab Ltd.; and"),
            "Agreement with Quantum AI Lab Ltd."
        );
        assert_eq!(
            clean_title("Agreement on Food Safety Exchange."),
            "Agreement on Food Safety Exchange"
        );
        assert_eq!(
            clean_title("Agreement on Hong Kong and Macao"),
            "Agreement on Hong Kong and Macao"
        );
    }

    #[test]
    fn media_note_is_stripped_from_titles() {
        assert_eq!(
            strip_media_note("Plenary held in Hong Kong (with photos/video)"),
            "Plenary held in Hong Kong"
        );
        assert_eq!(strip_media_note("Plenary (2024)"), "Plenary (2024)");
    }
}
