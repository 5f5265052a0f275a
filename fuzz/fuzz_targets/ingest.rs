//! Any bytes through decoding and release parsing: never a panic, and every
//! document the parser returns keeps its invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = accords::ingest::decode(bytes) else {
        return;
    };
    let doc = accords::ingest::parse_release("fuzz.txt", &text, None);
    if let Err(problem) = accords::ingest::check_document(&doc, &text) {
        panic!("{problem}\n{doc:#?}");
    }
});
