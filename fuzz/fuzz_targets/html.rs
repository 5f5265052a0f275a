//! Any bytes read as a saved web page: never a panic, and every document
//! parsed from the page's text keeps its invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = accords::ingest::decode_html(bytes) else {
        return;
    };
    let doc = accords::ingest::parse_release("fuzz.html", &text, None);
    if let Err(problem) = accords::ingest::check_document(&doc, &text) {
        panic!("{problem}\n{doc:#?}");
    }
});
