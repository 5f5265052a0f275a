//! accords: a search engine over the clauses of Hong Kong's co-operation
//! agreements with Mainland provinces and municipalities.
//!
//! Press releases go through one pipeline, each stage in its own module:
//!
//! - [`ingest`] reads release files into [`model::Document`]s, each cut into
//!   [`model::Clause`]s with its partner, meeting, date and areas;
//! - [`index`] writes the clauses into an on-disk tantivy index;
//! - [`search`] parses a query, filters and ranks clauses, and returns hits
//!   with highlights, snippets and facet counts as plain data;
//! - [`export`] writes results as text, JSON, JSON lines, CSV or Markdown;
//! - [`eval`] measures the ranking on judged queries against a plain
//!   tantivy baseline;
//! - [`cli`] is the `accords` command line over all of the above, and
//!   `server` (feature `server`, on by default) its HTTP API and search page.
//!
//! # Example
//!
//! ```
//! use std::path::PathBuf;
//!
//! use accords::index::{ClauseIndex, Provenance};
//! use accords::search::{search, SearchRequest};
//!
//! # fn main() -> accords::Result<()> {
//! // Ingest the bundled releases.
//! let corpus = accords::ingest::ingest_paths(&[PathBuf::from("seeds")])?;
//!
//! // Index their clauses into a folder of our choosing.
//! let folder = tempfile::tempdir().map_err(|e| accords::Error::io("tempdir", e))?;
//! let index = ClauseIndex::build(folder.path(), &corpus.documents, &Provenance::default())?;
//!
//! // Search, narrowed to one partner.
//! let mut request = SearchRequest::new("Chinese medicine standardisation")?;
//! request.filters.partners = vec!["Jiangsu".to_string()];
//! let results = search(&index, &request)?;
//!
//! let best = &results.hits[0];
//! assert_eq!(best.partner.as_deref(), Some("Jiangsu"));
//! assert!(best.text.contains("standardisation of Chinese medicine"));
//! // Highlights are byte ranges into the clause text.
//! let (start, end) = best.highlights[0];
//! println!("{} matched {:?}", best.id, &best.text[start..end]);
//! # Ok(())
//! # }
//! ```

pub mod cli;
pub mod error;
pub mod eval;
pub mod export;
pub mod index;
pub mod ingest;
pub mod model;
pub mod search;
#[cfg(feature = "server")]
pub mod server;

pub use error::{Error, Result};
