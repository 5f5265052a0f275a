//! The text analyzer: how clause text, titles and headings become terms.
//!
//! Indexing and querying must cut text the same way, so both take the
//! analyzer from here, registered under [`TEXT_ANALYZER`]. The highlighter
//! re-runs it over stored text to find the words a query matched, which is
//! why a stemmed query word ("standards") lights up every variant it matched
//! ("standard", "standardised").

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenizerManager,
};

/// The name the analyzer is registered under in an index's tokenizer
/// manager, and recorded in the schema.
pub const TEXT_ANALYZER: &str = "accords";

/// Words split on anything that is not a letter or digit, overlong tokens
/// (hashes, run-together URLs) dropped, case and accents folded, English
/// endings stemmed.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers the analyzer with an index, which must be done before the index
/// is written or searched.
pub fn register(manager: &TokenizerManager) {
    manager.register(TEXT_ANALYZER, text_analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut analyzer = text_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn folds_case_and_accents_and_stems() {
        assert_eq!(
            terms("Standardisation of Chinese Médicine"),
            ["standardis", "of", "chines", "medicin"]
        );
        assert_eq!(terms("co-operation"), ["co", "oper"]);
    }
}
