//! The library's error type.
//!
//! Mistakes a user can fix (a bad query, an unknown filter value, a missing
//! path) are kept apart from faults inside accords or the machine (I/O, the
//! index), so the binary can give them different exit codes and messages that
//! say what would work.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value the user gave is not one accords accepts. The message says
    /// what would work.
    #[error("{0}")]
    Usage(String),

    /// The query does not parse. `position` is a zero-based character offset
    /// into `query`.
    #[error("query syntax error at position {position}: {message}")]
    QuerySyntax {
        query: String,
        position: usize,
        message: String,
    },

    /// A path the user named does not exist.
    #[error("{}: no such file or folder", path.display())]
    MissingPath { path: PathBuf },

    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The search index could not be opened, read or written.
    #[error("index: {0}")]
    Index(String),

    /// Another process is writing the index.
    #[error(
        "another accords process is updating the index in {}; try again when it has finished",
        dir.display()
    )]
    Busy { dir: PathBuf },
}

impl Error {
    /// True for mistakes in what the user typed or named, as opposed to
    /// faults in the machine or in accords.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Usage(_) | Error::QuerySyntax { .. } | Error::MissingPath { .. }
        )
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Error {
        Error::Index(e.to_string())
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for Error {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Error {
        Error::Index(e.to_string())
    }
}
