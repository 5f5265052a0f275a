pub mod cli;
pub mod error;
pub mod export;
pub mod index;
pub mod ingest;
pub mod model;
pub mod search;

pub use error::{Error, Result};
