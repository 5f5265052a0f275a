pub mod cli;
pub mod error;
pub mod index;
pub mod ingest;
pub mod model;

pub use error::{Error, Result};
