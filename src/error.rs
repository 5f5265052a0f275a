//! The library's error type.
//!
//! Mistakes a caller can fix (a bad query, an unknown filter value, an id
//! that names nothing, a missing path) are kept apart from faults inside
//! accords or the machine (I/O, a damaged index), and each carries its facts
//! as data: a command line turns a [`Error::UnknownValue`] into a message
//! naming its flag, a server into a 400 with the valid values, without
//! parsing text. Messages never name a command-line flag; where one names a
//! command to run, it is the command that fixes the problem whatever the
//! caller.

use std::path::PathBuf;

use crate::index::FacetField;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where a filter value came from: a filter of the request, or a
/// `field:value` term in the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueOrigin {
    /// One of the request's filter lists (`partner`, `area`, ...).
    Filter,
    /// A `field:value` term of the query, `field` as typed.
    Query { field: String },
}

/// Which end of a date range a date bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBound {
    From,
    To,
}

impl DateBound {
    pub fn name(self) -> &'static str {
        match self {
            DateBound::From => "from",
            DateBound::To => "to",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The query does not parse. `position` is a zero-based character
    /// offset into `query`; `message` says what was expected there.
    #[error("query syntax error at position {position}: {message}")]
    QuerySyntax {
        query: String,
        position: usize,
        message: String,
    },

    /// The query holds nothing that can be searched for.
    #[error("nothing to search for in {query:?}: it has no letters or digits")]
    NothingToSearch { query: String },

    /// A `prefix*` covers more words than a query may expand to.
    #[error("{prefix}* matches more than {limit} different words; type more of the word")]
    PrefixTooBroad { prefix: String, limit: usize },

    /// A filter value matches no value of its facet in the index.
    /// `nearest` is the closest valid value, when one is close.
    #[error("{}: unknown {}{} The index has {}", label(.facet, .origin, .given), .facet.singular(),
        .nearest.as_ref().map_or_else(|| ".".to_string(), |n| format!("; did you mean {n}?")),
        list(.facet, .valid))]
    UnknownValue {
        facet: FacetField,
        origin: ValueOrigin,
        given: String,
        nearest: Option<String>,
        valid: Vec<String>,
    },

    /// A filter value names something accords knows (a partner of the
    /// partner list, say) of which this index holds no clause.
    #[error("{}: no clause from {name} in this index; it has {}", label(.facet, .origin, .given), list(.facet, .valid))]
    AbsentValue {
        facet: FacetField,
        origin: ValueOrigin,
        given: String,
        /// The value's proper name.
        name: String,
        valid: Vec<String>,
    },

    /// A filter value, or prefix, fits several values and must be longer.
    #[error("{}: matches several {}: {}; give more of the name", label(.facet, .origin, .given), .facet.plural(), .matches.join(", "))]
    AmbiguousValue {
        facet: FacetField,
        origin: ValueOrigin,
        given: String,
        matches: Vec<String>,
    },

    /// A filter value is empty.
    #[error("{}: give a {}; the index has {}", label(.facet, .origin, .given), .facet.singular(), list(.facet, .valid))]
    EmptyValue {
        facet: FacetField,
        origin: ValueOrigin,
        given: String,
        valid: Vec<String>,
    },

    /// A `field:prefix*` starts no value of its facet.
    #[error("{}*: no {} starts with {:?}. The index has {}", label(.facet, .origin, .given), .facet.singular(), .given, list(.facet, .valid))]
    NoPrefixMatch {
        facet: FacetField,
        origin: ValueOrigin,
        given: String,
        valid: Vec<String>,
    },

    /// A date bound is not a date.
    #[error("{} {given:?}: {reason}; give a date as YYYY, YYYY-MM or YYYY-MM-DD (2023, 2023-06, 2023-06-26)", .bound.name())]
    BadDate {
        bound: DateBound,
        given: String,
        reason: String,
    },

    /// An `added-since` bound is neither a day nor a time.
    #[error("added-since {given:?}: {reason}; give a day as YYYY-MM-DD or a time as RFC 3339 (2024-06-01, 2024-06-01T09:30:00Z)")]
    BadTime { given: String, reason: String },

    /// The start of a date range lies after its end.
    #[error("from {from} is after to {to}; no clause can match")]
    EmptyDateRange { from: String, to: String },

    /// A request value outside what accords accepts (a limit, a count).
    #[error("{0}")]
    BadRequest(String),

    /// No clause has this id.
    #[error("no clause has the id {id:?}")]
    NoSuchClause { id: String },

    /// No document has this id.
    #[error("no document has the id {id:?}")]
    NoSuchDocument { id: String },

    /// A path the caller named does not exist.
    #[error("{}: no such file or folder", path.display())]
    MissingPath { path: PathBuf },

    /// There is no index in the folder, and none was asked to be built.
    #[error("there is no index in {}; build one with `accords index PATH... --index {}`", dir.display(), dir.display())]
    NoIndex { dir: PathBuf },

    /// The folder named for an index holds files of something else.
    #[error("{} is not an index folder: it holds {holds:?}; name an empty or new folder", dir.display())]
    NotAnIndexFolder { dir: PathBuf, holds: String },

    /// The index was written by an accords of another layout.
    #[error("the index in {} was built by accords {version} in layout {layout}, and this accords reads layout {expected}; run `accords index --rebuild --index {}`", dir.display(), dir.display())]
    OtherLayout {
        dir: PathBuf,
        version: String,
        layout: u32,
        expected: u32,
    },

    /// A file the caller named is not of the form expected (a judged query
    /// set, a catalog).
    #[error("{}: {message}", path.display())]
    BadFile { path: PathBuf, message: String },

    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// tantivy failed while opening, reading or writing the index.
    #[error("index: {source}")]
    Tantivy {
        #[from]
        source: tantivy::TantivyError,
    },

    /// The index's own files are damaged or do not agree.
    #[error("index: {0}")]
    Index(String),

    /// Another process is writing the index.
    #[error(
        "another accords process is updating the index in {}; try again when it has finished",
        dir.display()
    )]
    Busy { dir: PathBuf },
}

fn label(facet: &FacetField, origin: &ValueOrigin, given: &str) -> String {
    let shown = if given.is_empty() || given.contains(char::is_whitespace) {
        format!("{given:?}")
    } else {
        given.to_string()
    };
    match origin {
        ValueOrigin::Filter => format!("{} {shown}", facet.filter_name()),
        ValueOrigin::Query { field } => format!("{field}:{shown}"),
    }
}

fn list(facet: &FacetField, valid: &[String]) -> String {
    if valid.is_empty() {
        return format!("no {}", facet.plural());
    }
    let mut names: Vec<&str> = valid.iter().map(String::as_str).collect();
    if *facet == FacetField::Kind {
        names.push(crate::search::filters::ALL_KINDS);
    }
    format!("these {}: {}", facet.plural(), names.join(", "))
}

impl Error {
    /// True for mistakes in what the caller asked or named, as opposed to
    /// faults in the machine or in accords.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            Error::Io { .. } | Error::Tantivy { .. } | Error::Index(_) | Error::Busy { .. }
        )
    }

    /// True when the index is missing, busy or unreadable: the request may
    /// succeed later, or after a rebuild, unchanged.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            Error::NoIndex { .. }
                | Error::OtherLayout { .. }
                | Error::Busy { .. }
                | Error::Tantivy { .. }
                | Error::Index(_)
        )
    }

    /// True when the request names an id that does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Error::NoSuchClause { .. } | Error::NoSuchDocument { .. }
        )
    }

    /// A short stable name for the error's kind, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Error::QuerySyntax { .. } => "syntax",
            Error::NothingToSearch { .. } => "nothing_to_search",
            Error::PrefixTooBroad { .. } => "prefix_too_broad",
            Error::UnknownValue { .. } => "unknown_value",
            Error::AbsentValue { .. } => "absent_value",
            Error::AmbiguousValue { .. } => "ambiguous_value",
            Error::EmptyValue { .. } => "empty_value",
            Error::NoPrefixMatch { .. } => "no_prefix_match",
            Error::BadDate { .. } | Error::BadTime { .. } => "bad_date",
            Error::EmptyDateRange { .. } => "empty_date_range",
            Error::BadRequest(_) => "bad_request",
            Error::NoSuchClause { .. } => "no_such_clause",
            Error::NoSuchDocument { .. } => "no_such_document",
            Error::MissingPath { .. } => "missing_path",
            Error::NoIndex { .. } => "no_index",
            Error::NotAnIndexFolder { .. } => "not_an_index_folder",
            Error::OtherLayout { .. } => "other_layout",
            Error::BadFile { .. } => "bad_file",
            Error::Io { .. } => "io",
            Error::Tantivy { .. } => "index",
            Error::Index(_) => "index",
            Error::Busy { .. } => "busy",
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for Error {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Error {
        Error::Tantivy { source: e.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_errors_name_the_value_and_list_what_would_work() {
        let unknown = Error::UnknownValue {
            facet: FacetField::Partner,
            origin: ValueOrigin::Filter,
            given: "Jiangsuu".into(),
            nearest: Some("Jiangsu".into()),
            valid: vec!["Beijing".into(), "Jiangsu".into()],
        };
        assert_eq!(
            unknown.to_string(),
            "partner Jiangsuu: unknown partner; did you mean Jiangsu? \
             The index has these partners: Beijing, Jiangsu"
        );
        let in_query = Error::UnknownValue {
            facet: FacetField::Areas,
            origin: ValueOrigin::Query {
                field: "area".into(),
            },
            given: "space".into(),
            nearest: None,
            valid: vec!["Finance".into()],
        };
        assert_eq!(
            in_query.to_string(),
            "area:space: unknown area. The index has these areas: Finance"
        );
        assert!(unknown.is_user_error() && !unknown.is_unavailable());
        assert_eq!(unknown.code(), "unknown_value");
    }

    #[test]
    fn faults_keep_their_source() {
        use std::error::Error as _;
        let io = Error::io("x.txt", std::io::Error::other("disk on fire"));
        assert!(!io.is_user_error());
        assert_eq!(io.source().unwrap().to_string(), "disk on fire");
    }
}
