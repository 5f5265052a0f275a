//! The shared vocabulary: documents, clauses, partners, areas, meetings and
//! dates, as plain data.
//!
//! Every later stage speaks in these types. Nothing here reads files, touches
//! the index or formats output; ingest fills these values in, the index stores
//! them, and search hands them back.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One press release, parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier: a hash of the release's text, so the same input
    /// gives the same id on every run and on every machine.
    pub id: String,
    /// What every clause of the document shows of it.
    #[serde(flatten)]
    pub facts: DocumentFacts,
    /// The ordinal of the plenary session, when the release states it.
    pub plenary_ordinal: Option<u32>,
    /// The name of the conference, mechanism or forum, when stated.
    pub conference: Option<String>,
    /// Where the meeting was held.
    pub location: Option<String>,
    pub date_source: DateSource,
    /// The number of co-operation areas the release says it covers.
    pub declared_areas: Option<usize>,
    pub areas: Vec<AreaSection>,
    /// Left empty where a document is kept apart from its clauses (the
    /// index's document table).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clauses: Vec<Clause>,
    /// Titles of the documents signed, in the order they are listed.
    pub agreements: Vec<String>,
    pub warnings: Vec<Warning>,
    /// Whether the release reports a co-operation meeting held with the
    /// partner (not a courtesy call, an exhibition, a meeting still to
    /// come, or an agreement with a national body).
    #[serde(default)]
    pub meeting_release: bool,
    /// Why the release is or is not a meeting release, in a few words.
    #[serde(default)]
    pub release_reason: String,
    /// The language of the release: "en" or "zh".
    #[serde(default = "default_language")]
    pub language: String,
}

/// The `document_kind` facet's value for a release that reports a
/// co-operation meeting, and for any other.
pub const MEETING_RELEASE: &str = "meeting release";
pub const OTHER_RELEASE: &str = "other release";

fn default_language() -> String {
    "en".to_string()
}

/// What a clause shares with every other clause of its document, and what
/// every hit shows beside the clause's own fields. A fact about a release
/// that search results should carry is added here, once (and to the index
/// schema if it is filtered or counted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentFacts {
    /// The release's headline.
    pub title: String,
    /// The source file as given to ingest.
    pub source: String,
    /// The Mainland side of the meeting (Hong Kong is always the other).
    pub partner: Option<String>,
    pub partner_kind: Option<PartnerKind>,
    /// The province-level division the partner lies in: the partner itself
    /// when it is one, the province of a city or zone (Shenzhen:
    /// Guangdong), none for a grouping or a national body.
    #[serde(default)]
    pub province: Option<String>,
    /// Meeting types the release names; for a release that is not about a
    /// co-operation meeting, only those its headline names.
    pub meeting_types: Vec<MeetingType>,
    /// Keeps the month and day when the year is unknown (`--05-11`).
    pub date: Option<MeetingDate>,
    /// Where the release was published, when the catalog knows.
    pub url: Option<String>,
}

/// A clause as every output shows it: its own fields, its document's, and
/// the one-line citation made from both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ClauseParts")]
pub struct ClauseView {
    #[serde(flatten)]
    pub clause: Clause,
    #[serde(flatten)]
    pub document: DocumentFacts,
    /// [`Citation::plain`] of the clause: computed from the two fields
    /// above whenever a view is made, never stored.
    pub citation: String,
    /// When the clause first entered the index, as an RFC 3339 time in UTC
    /// (`2024-06-01T09:30:00Z`); absent for a clause not read from an index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<String>,
}

impl ClauseView {
    pub fn new(clause: Clause, document: DocumentFacts) -> ClauseView {
        let citation = Citation::of_clause(&clause, &document).plain();
        ClauseView {
            clause,
            document,
            citation,
            added: None,
        }
    }
}

/// What a [`ClauseView`] is read from: its citation, if given, is made
/// again rather than trusted.
#[derive(Deserialize)]
struct ClauseParts {
    #[serde(flatten)]
    clause: Clause,
    #[serde(flatten)]
    document: DocumentFacts,
    #[serde(default)]
    added: Option<String>,
}

impl From<ClauseParts> for ClauseView {
    fn from(parts: ClauseParts) -> ClauseView {
        ClauseView {
            added: parts.added,
            ..ClauseView::new(parts.clause, parts.document)
        }
    }
}

/// What a report needs to quote a clause: the release's title, who issued
/// it, the meeting date, the clause's number and where the release was
/// published. Nothing is guessed: a fact the release and its catalog entry
/// do not give is said to be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The clause id (or the document id for a whole release): the key of
    /// a BibTeX entry.
    pub key: String,
    pub title: String,
    /// Known only from the source URL: a release published at
    /// `www.info.gov.hk/gia` is an HKSAR Government press release; any
    /// other address is named by its host.
    pub issuer: Option<String>,
    pub date: Option<MeetingDate>,
    /// One-based number of the clause in its release, as accords cuts it;
    /// `None` when the whole release is cited.
    pub clause: Option<usize>,
    pub url: Option<String>,
}

/// Said in place of a source URL that the catalog does not record.
pub const NO_URL: &str = "source URL not recorded";

/// The issuer of a release published at `url`, from the address alone.
fn issuer_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let host = host.rsplit_once('@').map_or(host.as_str(), |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    if host.is_empty() {
        return None;
    }
    if host == "www.info.gov.hk" || host == "info.gov.hk" {
        return Some("HKSAR Government press release".to_string());
    }
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// The English name of a month, 1 to 12.
fn month_name(month: u32) -> Option<&'static str> {
    u8::try_from(month)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map(|m| m.name())
}

impl Citation {
    /// The citation of one clause.
    pub fn of_clause(clause: &Clause, facts: &DocumentFacts) -> Citation {
        Citation {
            clause: Some(clause.position + 1),
            ..Citation::of_document(&clause.id, facts)
        }
    }

    /// The citation of a whole release.
    pub fn of_document(id: &str, facts: &DocumentFacts) -> Citation {
        let url = facts
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        Citation {
            key: id.to_string(),
            title: facts.title.trim().to_string(),
            issuer: url.as_deref().and_then(issuer_of),
            date: facts.date,
            clause: None,
            url,
        }
    }

    /// The date as a report writes it: "11 May 2023", "11 May (year not
    /// recorded)", or "date not recorded".
    pub fn date_text(&self) -> String {
        let Some(date) = self.date else {
            return "date not recorded".to_string();
        };
        let month = month_name(date.month).unwrap_or("?");
        match date.year {
            Some(year) => format!("{} {month} {year}", date.day),
            None => format!("{} {month} (year not recorded)", date.day),
        }
    }

    /// The parts between the title and the URL, comma-separated.
    fn middle(&self) -> String {
        let mut parts = Vec::new();
        if let Some(issuer) = &self.issuer {
            parts.push(issuer.clone());
        }
        parts.push(self.date_text());
        if let Some(n) = self.clause {
            parts.push(format!("clause {n}"));
        }
        parts.join(", ")
    }

    /// One line of plain text: `"Title", HKSAR Government press release,
    /// 11 May 2023, clause 22, https://...`, ending "source URL not
    /// recorded" when there is no URL.
    pub fn plain(&self) -> String {
        format!(
            "\"{}\", {}, {}",
            self.title,
            self.middle(),
            self.url.as_deref().unwrap_or(NO_URL)
        )
    }

    /// One line of Markdown: the title linked to the source when there is
    /// one.
    pub fn markdown(&self) -> String {
        let title = markdown_escape(&self.title);
        match &self.url {
            Some(url) => format!("[{title}](<{url}>), {}", self.middle()),
            None => format!("\"{title}\", {}, {NO_URL}", self.middle()),
        }
    }

    /// A BibTeX `@misc` entry, with `date` for biblatex and `year` and
    /// `month` for BibTeX.
    pub fn bibtex(&self) -> String {
        let mut fields: Vec<(&str, String)> =
            vec![("title", format!("{{{}}}", tex_escape(&self.title)))];
        if let Some(issuer) = &self.issuer {
            fields.push(("howpublished", tex_escape(issuer)));
        }
        if let Some(date) = self.date {
            if date.year.is_some() {
                fields.push(("date", date.to_string()));
            }
            if let Some(year) = date.year {
                fields.push(("year", year.to_string()));
            }
            if let Some(month) = month_name(date.month) {
                fields.push(("month", month.to_string()));
            }
            fields.push(("day", date.day.to_string()));
        }
        let mut note = Vec::new();
        if let Some(n) = self.clause {
            note.push(format!("Clause {n}"));
        }
        match &self.url {
            Some(url) => fields.push(("url", url.clone())),
            None => note.push(capitalise(NO_URL)),
        }
        if !note.is_empty() {
            fields.push(("note", note.join("; ")));
        }
        let mut entry = format!("@misc{{accords-{},\n", bibtex_key(&self.key));
        for (name, value) in fields {
            entry.push_str(&format!("  {name:<12} = {{{value}}},\n"));
        }
        entry.push('}');
        entry
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text made safe inside a BibTeX field: TeX's special characters
/// escaped, so braces stay balanced.
fn tex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A key BibTeX accepts: letters, digits and `-:._` only.
fn bibtex_key(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A co-operation area as the release presents it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaSection {
    /// The heading as written; `None` when the release gives the area no
    /// heading and its area was inferred from the paragraphs' content.
    pub heading: Option<String>,
    /// Canonical areas from the taxonomy; several when a heading joins
    /// topics ("Education and Talent Exchange").
    pub canonical: Vec<String>,
    /// True when the area was inferred rather than read from a heading.
    pub inferred: bool,
}

/// One indexed unit of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// `{doc_id}-{position}`, stable for the same input.
    pub id: String,
    pub doc_id: String,
    pub kind: ClauseKind,
    /// The heading of the area the clause sits under, as written.
    pub area_heading: Option<String>,
    /// Canonical areas, from the heading or inferred.
    pub areas: Vec<String>,
    /// True when `areas` was inferred from the text rather than a heading.
    pub inferred: bool,
    /// Zero-based position among the document's clauses.
    pub position: usize,
    /// The clause text with whitespace normalised. Left empty where the
    /// text is kept apart (the index stores it in its own field).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClauseKind {
    /// A commitment paragraph under a co-operation area.
    Commitment,
    /// A document signed at the meeting.
    Agreement,
    /// Everything else: the introduction, quotes, lists of officials.
    Statement,
}

impl ClauseKind {
    pub const ALL: [ClauseKind; 3] = [
        ClauseKind::Commitment,
        ClauseKind::Agreement,
        ClauseKind::Statement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClauseKind::Commitment => "commitment",
            ClauseKind::Agreement => "agreement",
            ClauseKind::Statement => "statement",
        }
    }

    pub fn parse(s: &str) -> Option<ClauseKind> {
        ClauseKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for ClauseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The constitutional kind of a Mainland partner.
///
/// Serialised as its plain name ("autonomous region"), the form every
/// output and facet uses; the snake-case form is read too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PartnerKind {
    #[serde(rename = "province")]
    Province,
    #[serde(rename = "municipality")]
    Municipality,
    #[serde(rename = "autonomous region", alias = "autonomous_region")]
    AutonomousRegion,
    #[serde(rename = "special administrative region", alias = "sar")]
    Sar,
    /// A city with a co-operation mechanism of its own (Shenzhen).
    #[serde(rename = "city")]
    City,
    /// A co-operation zone or new area (Qianhai, Hengqin).
    #[serde(rename = "zone")]
    Zone,
    /// Several partners meeting as one regional grouping.
    #[serde(rename = "regional grouping", alias = "regional_grouping")]
    RegionalGrouping,
    /// A ministry, commission or administration of the Central Government.
    #[serde(rename = "national body", alias = "national_body")]
    NationalBody,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 8] = [
        PartnerKind::Province,
        PartnerKind::Municipality,
        PartnerKind::AutonomousRegion,
        PartnerKind::Sar,
        PartnerKind::City,
        PartnerKind::Zone,
        PartnerKind::RegionalGrouping,
        PartnerKind::NationalBody,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PartnerKind::Province => "province",
            PartnerKind::Municipality => "municipality",
            PartnerKind::AutonomousRegion => "autonomous region",
            PartnerKind::Sar => "special administrative region",
            PartnerKind::City => "city",
            PartnerKind::Zone => "zone",
            PartnerKind::RegionalGrouping => "regional grouping",
            PartnerKind::NationalBody => "national body",
        }
    }

    pub fn parse(s: &str) -> Option<PartnerKind> {
        let s = s.trim().replace('_', " ");
        PartnerKind::ALL.into_iter().find(|k| {
            k.as_str().eq_ignore_ascii_case(&s)
                || (s.eq_ignore_ascii_case("sar") && *k == PartnerKind::Sar)
        })
    }
}

impl fmt::Display for PartnerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A normalised kind of meeting; a release may name several ("High-Level
/// Meeting cum First Plenary Session").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MeetingType {
    #[serde(rename = "plenary session")]
    PlenarySession,
    #[serde(rename = "high-level meeting")]
    HighLevelMeeting,
    #[serde(rename = "working meeting")]
    WorkingMeeting,
    #[serde(rename = "joint conference")]
    JointConference,
    /// A city's or region's annual "Co-operation Meeting" (Hong
    /// Kong/Shenzhen).
    #[serde(rename = "co-operation meeting")]
    CooperationMeeting,
    #[serde(rename = "signing ceremony")]
    SigningCeremony,
    #[serde(rename = "opening ceremony")]
    OpeningCeremony,
    #[serde(rename = "forum")]
    Forum,
}

impl MeetingType {
    pub const ALL: [MeetingType; 8] = [
        MeetingType::PlenarySession,
        MeetingType::HighLevelMeeting,
        MeetingType::WorkingMeeting,
        MeetingType::JointConference,
        MeetingType::CooperationMeeting,
        MeetingType::SigningCeremony,
        MeetingType::OpeningCeremony,
        MeetingType::Forum,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingType::PlenarySession => "plenary session",
            MeetingType::HighLevelMeeting => "high-level meeting",
            MeetingType::WorkingMeeting => "working meeting",
            MeetingType::JointConference => "joint conference",
            MeetingType::CooperationMeeting => "co-operation meeting",
            MeetingType::SigningCeremony => "signing ceremony",
            MeetingType::OpeningCeremony => "opening ceremony",
            MeetingType::Forum => "forum",
        }
    }

    /// Accepts the canonical name with spaces, hyphens or underscores in any
    /// case, and the short forms users type ("plenary", "signing").
    pub fn parse(s: &str) -> Option<MeetingType> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        MeetingType::ALL.into_iter().find(|t| {
            let full: String = t.as_str().chars().filter(|c| c.is_alphanumeric()).collect();
            let short: String = t
                .as_str()
                .split(' ')
                .next()
                .unwrap_or_default()
                .replace('-', "");
            key == full || key == short
        })
    }
}

impl fmt::Display for MeetingType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A meeting date. The year may be unknown: a release that says only "today
/// (May 11)" and has no catalog entry keeps its month and day, and the year
/// is never guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeetingDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl MeetingDate {
    pub fn full(year: i32, month: u32, day: u32) -> MeetingDate {
        MeetingDate {
            year: Some(year),
            month,
            day,
        }
    }

    /// Parses `2023-05-11`, or `--05-11` (ISO 8601's form for a month and
    /// day without a year).
    pub fn parse(s: &str) -> Option<MeetingDate> {
        let s = s.trim();
        if let Some(md) = s.strip_prefix("--") {
            let (m, d) = md.split_once('-')?;
            let (month, day) = (m.parse().ok()?, d.parse().ok()?);
            chrono::NaiveDate::from_ymd_opt(2000, month, day)?;
            return Some(MeetingDate {
                year: None,
                month,
                day,
            });
        }
        let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        use chrono::Datelike;
        Some(MeetingDate::full(date.year(), date.month(), date.day()))
    }
}

impl fmt::Display for MeetingDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

impl Serialize for MeetingDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MeetingDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        MeetingDate::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date {s:?}: expected YYYY-MM-DD or --MM-DD"
            ))
        })
    }
}

/// Where a document's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// The dated footer ("Ends/Friday, October 13, 2023").
    Footer,
    /// The catalog beside the corpus.
    Catalog,
    /// Month and day from the text ("today (May 11)"); the year is unknown.
    Text,
    /// No date at all.
    None,
}

/// Something ingest noticed and could not fix: the text is incomplete or
/// inconsistent. The document is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// One-based line in the source, when the problem has a place.
    pub line: Option<usize>,
    pub message: String,
}

impl Warning {
    pub fn new(line: Option<usize>, message: impl Into<String>) -> Warning {
        Warning {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_with_and_without_year() {
        for s in ["2023-05-11", "--05-11"] {
            assert_eq!(MeetingDate::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(MeetingDate::parse("2023-02-30"), None);
        assert_eq!(MeetingDate::parse("--13-01"), None);
    }

    #[test]
    fn meeting_types_parse_loosely() {
        assert_eq!(
            MeetingType::parse("Plenary"),
            Some(MeetingType::PlenarySession)
        );
        assert_eq!(
            MeetingType::parse("high_level_meeting"),
            Some(MeetingType::HighLevelMeeting)
        );
        assert_eq!(
            MeetingType::parse("high-level"),
            Some(MeetingType::HighLevelMeeting)
        );
        assert_eq!(
            MeetingType::parse("signing"),
            Some(MeetingType::SigningCeremony)
        );
        assert_eq!(MeetingType::parse("party"), None);
    }

    fn chongqing() -> (Clause, DocumentFacts) {
        let clause = Clause {
            id: "b678111fcedf6978-021".into(),
            doc_id: "b678111fcedf6978".into(),
            kind: ClauseKind::Commitment,
            area_heading: None,
            areas: vec![],
            inferred: false,
            position: 21,
            text: "Accelerate exchanges.".into(),
        };
        let facts = DocumentFacts {
            title: "First Plenary Session held in Chongqing (with photos/video)".into(),
            date: Some(MeetingDate::full(2023, 5, 11)),
            url: Some("https://www.info.gov.hk/gia/general/202305/11/P2023051100454.htm".into()),
            ..DocumentFacts::default()
        };
        (clause, facts)
    }

    #[test]
    fn a_citation_names_title_issuer_date_clause_and_url() {
        let (clause, facts) = chongqing();
        let citation = Citation::of_clause(&clause, &facts);
        assert_eq!(
            citation.plain(),
            "\"First Plenary Session held in Chongqing (with photos/video)\", \
             HKSAR Government press release, 11 May 2023, clause 22, \
             https://www.info.gov.hk/gia/general/202305/11/P2023051100454.htm"
        );
        assert_eq!(
            citation.markdown(),
            "[First Plenary Session held in Chongqing (with photos/video)]\
             (<https://www.info.gov.hk/gia/general/202305/11/P2023051100454.htm>), \
             HKSAR Government press release, 11 May 2023, clause 22"
        );
        assert_eq!(
            citation.bibtex(),
            "@misc{accords-b678111fcedf6978-021,\n\
             \x20 title        = {{First Plenary Session held in Chongqing (with photos/video)}},\n\
             \x20 howpublished = {HKSAR Government press release},\n\
             \x20 date         = {2023-05-11},\n\
             \x20 year         = {2023},\n\
             \x20 month        = {May},\n\
             \x20 day          = {11},\n\
             \x20 url          = {https://www.info.gov.hk/gia/general/202305/11/P2023051100454.htm},\n\
             \x20 note         = {Clause 22},\n\
             }"
        );
        assert_eq!(ClauseView::new(clause, facts).citation, citation.plain());
    }

    #[test]
    fn a_citation_without_url_or_year_says_so() {
        let (clause, mut facts) = chongqing();
        facts.url = None;
        facts.date = Some(MeetingDate {
            year: None,
            month: 5,
            day: 11,
        });
        facts.title = "A & B {draft}".into();
        let citation = Citation::of_clause(&clause, &facts);
        assert_eq!(
            citation.plain(),
            "\"A & B {draft}\", 11 May (year not recorded), clause 22, source URL not recorded"
        );
        assert!(citation.markdown().ends_with(", source URL not recorded"));
        let bibtex = citation.bibtex();
        assert!(bibtex.contains("{{A \\& B \\{draft\\}}}"), "{bibtex}");
        assert!(
            bibtex.contains("Clause 22; Source URL not recorded"),
            "{bibtex}"
        );
        assert!(!bibtex.contains("year "), "{bibtex}");
        facts.date = None;
        assert!(Citation::of_clause(&clause, &facts)
            .plain()
            .contains("date not recorded"));
    }

    #[test]
    fn the_issuer_comes_from_the_url_host_only() {
        assert_eq!(
            issuer_of("https://www.info.gov.hk/gia/general/x.htm").as_deref(),
            Some("HKSAR Government press release")
        );
        assert_eq!(
            issuer_of("https://www.news.gov.hk/eng/x.html").as_deref(),
            Some("news.gov.hk")
        );
        assert_eq!(issuer_of("https:///x"), None);
    }

    #[test]
    fn a_view_read_back_recomputes_its_citation() {
        let (clause, facts) = chongqing();
        let view = ClauseView::new(clause, facts);
        let mut json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["citation"], view.citation.as_str());
        json["citation"] = "forged".into();
        let back: ClauseView = serde_json::from_value(json).unwrap();
        assert_eq!(back, view);
    }

    #[test]
    fn kinds_parse_case_insensitively() {
        assert_eq!(ClauseKind::parse("Agreement"), Some(ClauseKind::Agreement));
        assert_eq!(
            PartnerKind::parse("autonomous_region"),
            Some(PartnerKind::AutonomousRegion)
        );
        assert_eq!(PartnerKind::parse("SAR"), Some(PartnerKind::Sar));
    }
}
