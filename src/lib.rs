pub mod error;
pub mod model;

pub use error::{Error, Result};
