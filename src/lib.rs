pub mod error;
pub mod index;
pub mod model;

pub use error::{Error, Result};
