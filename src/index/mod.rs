pub mod analysis;
pub mod synonyms;
