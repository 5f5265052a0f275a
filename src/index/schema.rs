//! The index schema: every field, its name and its options, declared once.
//!
//! Nothing else in accords spells a field name. Other modules get typed
//! handles from [`Fields`], name facets through [`FacetField`] and text
//! fields through [`TextField`], and read a clause's stored data back as a
//! [`StoredClause`].
//!
//! One index document is one clause. What a hit shows of the clause itself
//! (id, kind, position, areas, heading) is stored as a small JSON record
//! beside the stored text, with the ordinal of its document; what it shares
//! with its document (partner, date, meeting, title, source) is kept once
//! per document in the document table, so showing a hit reads one stored
//! document and one table entry, and never the source file. Fields that are searched or counted are indexed
//! separately: the text fields through the [`TEXT_ANALYZER`], the categories
//! as facets (multi-valued where a clause has several areas or its meeting
//! several types), the date as a fast date field for ranges and sorting.

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::error::{Error, Result};
use crate::index::analysis::{EXACT_ANALYZER, TEXT_ANALYZER};
use crate::model::Clause;

/// Typed handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// The clause id, indexed whole, for `show`.
    pub id: Field,
    /// The document id, indexed whole, to fetch a clause's neighbours.
    pub doc_id: Field,
    /// The source file as its documents name it, indexed whole, to remove
    /// or replace a file's clauses.
    pub source: Field,
    pub text: Field,
    pub title: Field,
    pub heading: Field,
    /// The text and heading again through the exact analyzer (spellings
    /// unified, no stemming), where quoted words are matched. Titles have
    /// no exact copy: a title is repeated on every clause of its document,
    /// and quoted title words are rare enough to match by stem.
    pub text_exact: Field,
    pub heading_exact: Field,
    pub partner: Field,
    pub partner_kind: Field,
    pub province: Field,
    /// Whether the clause's release reports a co-operation meeting.
    pub document_kind: Field,
    pub areas: Field,
    pub meeting_types: Field,
    pub kind: Field,
    pub year: Field,
    /// Midnight UTC of the meeting day; absent when the year is unknown.
    pub date: Field,
    /// The clause's place in the index: its document's ordinal, then its
    /// position, so a list without a relevance keeps document order.
    pub order: Field,
    /// When the clause first entered the index: kept while its text stays
    /// the same across updates of its file.
    pub added: Field,
    /// A hash of the clause's text, so an update of its file can tell which
    /// clauses it had before and keep their first time.
    pub fingerprint: Field,
    /// The `StoredClause` as JSON.
    pub record: Field,
}

const ID: &str = "id";
const DOC_ID: &str = "doc_id";
const SOURCE: &str = "source";
const TEXT: &str = "text";
const TITLE: &str = "title";
const HEADING: &str = "heading";
const TEXT_EXACT: &str = "text_exact";
const HEADING_EXACT: &str = "heading_exact";
const PARTNER: &str = "partner";
const PARTNER_KIND: &str = "partner_kind";
const PROVINCE: &str = "province";
const DOCUMENT_KIND: &str = "document_kind";
const AREAS: &str = "areas";
const MEETING_TYPES: &str = "meeting_types";
const KIND: &str = "kind";
const YEAR: &str = "year";
const DATE: &str = "date";
const ORDER: &str = "order";
const ADDED: &str = "added";
const FINGERPRINT: &str = "fingerprint";
const RECORD: &str = "record";

/// The name of the fast date field, for sorting by date.
pub(crate) const DATE_FIELD_NAME: &str = DATE;

/// The name of the fast order field, for listing in document order.
pub(crate) const ORDER_FIELD_NAME: &str = ORDER;

/// The name of the fast date field of a clause's first indexing.
pub(crate) const ADDED_FIELD_NAME: &str = ADDED;

/// The name of the fast field of a clause's text hash.
pub(crate) const FINGERPRINT_FIELD_NAME: &str = FINGERPRINT;

/// The order value of a clause: positions get the low bits, so the
/// clauses of one document are contiguous and in order.
pub(crate) fn order_value(document_ordinal: u64, position: usize) -> u64 {
    (document_ordinal << 24) | (position as u64).min((1 << 24) - 1)
}

/// Builds the schema and its handles.
pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analysed = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let exact = || {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(EXACT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        TextOptions::default().set_indexing_options(indexing)
    };
    let fields = Fields {
        id: builder.add_text_field(ID, STRING),
        doc_id: builder.add_text_field(DOC_ID, STRING),
        source: builder.add_text_field(SOURCE, STRING),
        text: builder.add_text_field(TEXT, analysed(true)),
        title: builder.add_text_field(TITLE, analysed(false)),
        heading: builder.add_text_field(HEADING, analysed(false)),
        text_exact: builder.add_text_field(TEXT_EXACT, exact()),
        heading_exact: builder.add_text_field(HEADING_EXACT, exact()),
        partner: builder.add_facet_field(PARTNER, FacetOptions::default()),
        partner_kind: builder.add_facet_field(PARTNER_KIND, FacetOptions::default()),
        province: builder.add_facet_field(PROVINCE, FacetOptions::default()),
        document_kind: builder.add_facet_field(DOCUMENT_KIND, FacetOptions::default()),
        areas: builder.add_facet_field(AREAS, FacetOptions::default()),
        meeting_types: builder.add_facet_field(MEETING_TYPES, FacetOptions::default()),
        kind: builder.add_facet_field(KIND, FacetOptions::default()),
        year: builder.add_facet_field(YEAR, FacetOptions::default()),
        date: builder.add_date_field(
            DATE,
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        order: builder.add_u64_field(ORDER, FAST),
        added: builder.add_date_field(
            ADDED,
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        fingerprint: builder.add_u64_field(FINGERPRINT, FAST),
        record: builder.add_text_field(RECORD, STORED),
    };
    (builder.build(), fields)
}

impl Fields {
    /// Finds the handles in a schema read from disk, failing if the index was
    /// built with another layout.
    pub(crate) fn from_schema(schema: &Schema) -> Result<Fields> {
        let get = |name: &str| {
            schema.get_field(name).map_err(|_| {
                Error::Index(format!(
                    "the index has no field {name:?}; rebuild it with `accords index`"
                ))
            })
        };
        Ok(Fields {
            id: get(ID)?,
            doc_id: get(DOC_ID)?,
            source: get(SOURCE)?,
            text: get(TEXT)?,
            title: get(TITLE)?,
            heading: get(HEADING)?,
            text_exact: get(TEXT_EXACT)?,
            heading_exact: get(HEADING_EXACT)?,
            partner: get(PARTNER)?,
            partner_kind: get(PARTNER_KIND)?,
            province: get(PROVINCE)?,
            document_kind: get(DOCUMENT_KIND)?,
            areas: get(AREAS)?,
            meeting_types: get(MEETING_TYPES)?,
            kind: get(KIND)?,
            year: get(YEAR)?,
            date: get(DATE)?,
            order: get(ORDER)?,
            added: get(ADDED)?,
            fingerprint: get(FINGERPRINT)?,
            record: get(RECORD)?,
        })
    }

    pub(crate) fn facet(&self, facet: FacetField) -> Field {
        match facet {
            FacetField::Partner => self.partner,
            FacetField::PartnerKind => self.partner_kind,
            FacetField::Province => self.province,
            FacetField::DocumentKind => self.document_kind,
            FacetField::Areas => self.areas,
            FacetField::MeetingTypes => self.meeting_types,
            FacetField::Kind => self.kind,
            FacetField::Year => self.year,
        }
    }

    pub(crate) fn text_field(&self, field: TextField) -> Field {
        match field {
            TextField::Text => self.text,
            TextField::Title => self.title,
            TextField::Heading => self.heading,
        }
    }

    /// The exact copy of a text field (see [`EXACT_ANALYZER`]), `None` for
    /// the title, which has none.
    pub(crate) fn exact_field(&self, field: TextField) -> Option<Field> {
        match field {
            TextField::Text => Some(self.text_exact),
            TextField::Title => None,
            TextField::Heading => Some(self.heading_exact),
        }
    }
}

/// The categories a clause is counted and filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetField {
    Partner,
    PartnerKind,
    Province,
    DocumentKind,
    Areas,
    MeetingTypes,
    Kind,
    Year,
}

impl FacetField {
    pub const ALL: [FacetField; 8] = [
        FacetField::Partner,
        FacetField::PartnerKind,
        FacetField::Province,
        FacetField::DocumentKind,
        FacetField::Areas,
        FacetField::MeetingTypes,
        FacetField::Kind,
        FacetField::Year,
    ];

    /// The field's name in the schema, which is also the facet's name in
    /// every output format.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Partner => PARTNER,
            FacetField::PartnerKind => PARTNER_KIND,
            FacetField::Province => PROVINCE,
            FacetField::DocumentKind => DOCUMENT_KIND,
            FacetField::Areas => AREAS,
            FacetField::MeetingTypes => MEETING_TYPES,
            FacetField::Kind => KIND,
            FacetField::Year => YEAR,
        }
    }

    /// The name of the request filter over this facet (`partner`, `area`,
    /// `meeting`, ...), as the command line and the HTTP API spell it.
    pub fn filter_name(self) -> &'static str {
        match self {
            FacetField::Partner => "partner",
            FacetField::PartnerKind => "partner-kind",
            FacetField::Province => "province",
            FacetField::DocumentKind => "document-kind",
            FacetField::Areas => "area",
            FacetField::MeetingTypes => "meeting",
            FacetField::Kind => "kind",
            FacetField::Year => "year",
        }
    }

    /// One value of the facet, in words.
    pub fn singular(self) -> &'static str {
        match self {
            FacetField::Partner => "partner",
            FacetField::PartnerKind => "partner kind",
            FacetField::Province => "province",
            FacetField::DocumentKind => "document kind",
            FacetField::Areas => "area",
            FacetField::MeetingTypes => "meeting type",
            FacetField::Kind => "kind",
            FacetField::Year => "year",
        }
    }

    /// Several values of the facet, in words.
    pub fn plural(self) -> &'static str {
        match self {
            FacetField::Partner => "partners",
            FacetField::PartnerKind => "partner kinds",
            FacetField::Province => "provinces",
            FacetField::DocumentKind => "document kinds",
            FacetField::Areas => "areas",
            FacetField::MeetingTypes => "meeting types",
            FacetField::Kind => "kinds",
            FacetField::Year => "years",
        }
    }
}

/// The analysed text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    /// The clause itself.
    Text,
    /// The title of the clause's document.
    Title,
    /// The area heading the clause sits under.
    Heading,
}

impl TextField {
    pub const ALL: [TextField; 3] = [TextField::Text, TextField::Title, TextField::Heading];

    /// The field's name in the schema, which is also how an explanation
    /// names the field a word was searched in.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Text => TEXT,
            TextField::Title => TITLE,
            TextField::Heading => HEADING,
        }
    }
}

/// What is stored in the index for each clause besides its text: its own
/// fields, and the ordinal of its document in the document table, which
/// holds what the clause shares with the rest of its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredClause {
    /// The document's ordinal in the document table.
    pub doc: u64,
    /// When the clause first entered the index, in seconds since the Unix
    /// epoch.
    #[serde(default)]
    pub added: i64,
    /// The clause, its text left out (the text field stores it).
    #[serde(flatten)]
    pub clause: Clause,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_found_again_in_a_built_schema() {
        let (schema, fields) = build_schema();
        let found = Fields::from_schema(&schema).unwrap();
        assert_eq!(found.record, fields.record);
        assert_eq!(found.date, fields.date);
        for facet in FacetField::ALL {
            assert_eq!(schema.get_field(facet.name()).unwrap(), fields.facet(facet));
        }
        for text in TextField::ALL {
            assert_eq!(
                schema.get_field(text.name()).unwrap(),
                fields.text_field(text)
            );
        }
    }

    #[test]
    fn text_fields_are_named_as_the_schema_names_them() {
        let names: Vec<&str> = TextField::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["text", "title", "heading"]);
    }

    #[test]
    fn a_schema_missing_a_field_is_refused() {
        let mut builder = Schema::builder();
        builder.add_text_field(ID, STRING);
        let err = Fields::from_schema(&builder.build()).unwrap_err();
        assert!(err.to_string().contains("doc_id"), "{err}");
    }
}
