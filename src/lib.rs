//! accords: a search engine over the clauses of Hong Kong's co-operation
//! agreements with Mainland partners.
//!
//! Press releases go through one pipeline, each stage in its own module:
//!
//! - [`ingest`] reads release files into [`model::Document`]s, each cut into
//!   [`model::Clause`]s with its partner, meeting, date and areas;
//! - [`index`] writes the clauses into an on-disk tantivy index;
//! - [`search`] parses a query, filters and ranks clauses, and returns hits
//!   with highlights, snippets and facet counts as plain data;
//! - [`export`] writes results as text, JSON, JSON lines, CSV, Markdown or
//!   an Excel workbook;
//! - [`eval`] measures the ranking on judged queries against a plain
//!   tantivy baseline;
//! - `server` (feature `server`, on by default) is the HTTP API and search
//!   page of `accords serve`.
//!
//! [`Engine`] is the front door: it opens (or builds) an index folder and
//! answers typed requests. The `accords` command line and the HTTP server
//! are thin adapters over it; errors come back as [`Error`] values whose
//! variants carry their facts as data.
//!
//! # Example
//!
//! ```
//! use accords::{Engine, SearchRequest};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Index the bundled releases into a folder of our choosing.
//! let folder = tempfile::tempdir()?;
//! let root = std::env::current_dir()?;
//! let (engine, _report) = Engine::build(
//!     folder.path(),
//!     &root,
//!     &["seeds".into()],
//!     accords::index::Mode::Incremental,
//! )?;
//!
//! // A request as a program or a web page would send it, in JSON.
//! let request: SearchRequest = serde_json::from_str(
//!     r#"{"query": "Chinese medicine standardisation", "partner": ["Jiangsu"], "limit": 3}"#,
//! )?;
//! let results = engine.search(&request)?;
//!
//! let best = &results.hits[0];
//! assert_eq!(best.document.partner.as_deref(), Some("Jiangsu"));
//! let text = &best.clause.text;
//! assert!(text.contains("standardisation of Chinese medicine"));
//! // Highlights are byte ranges into the clause text.
//! let (start, end) = best.highlights[0];
//! println!("{} matched {:?}", best.clause.id, &text[start..end]);
//!
//! // The JSON that `accords search --format json` prints.
//! println!("{}", serde_json::to_string_pretty(&results)?);
//! # Ok(())
//! # }
//! ```

pub mod engine;
pub mod error;
pub mod eval;
pub mod export;
pub mod index;
pub mod ingest;
pub mod model;
pub mod search;
#[cfg(feature = "server")]
pub mod server;

pub use engine::Engine;
pub use error::{Error, Result};
pub use search::{SearchRequest, SearchResults};
