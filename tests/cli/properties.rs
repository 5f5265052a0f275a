//! Property tests: random releases and random queries through the library,
//! held to the invariants ingest and the query parser promise for any
//! input. Case counts are kept small so the suite stays quick in debug
//! builds; the fuzzers in `fuzz/` run the same checks for as long as one
//! likes.

use proptest::prelude::*;

use accords::ingest::{check_document, decode, decode_html, parse_release};
use accords::search::query::{check_round_trip, parse, MAX_QUERY_CHARS};
use accords::Error;

/// Words a release might hold, with the scripts and invisible characters
/// real files bring.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "finance", "health", "Chinese", "medicine", "co-operation", "Hong", "Kong",
            "Guangdong", "signed", "the", "and", "of", "Agreement", "Memorandum", "areas",
            "plenary", "session", "today", "October", "13,", "2023", "(i)", "1.", "Ltd.",
            "港粤", "中医药", "التعاون", "הבריאות", "e\u{301}", "\u{200b}", "\u{a0}", "\\_",
            "**", "#", "—", "•", "\"", "“Agreement”", "NNNN",
        ])
        .prop_map(str::to_string),
        1 => "\\PC{1,8}",
    ]
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..max).prop_map(|w| w.join(" "))
}

/// One structural piece of a release: the lines it adds.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        words(8).prop_map(|w| format!("# {w}")),
        words(8).prop_map(|w| format!("{w}\n----")),
        words(6).prop_map(|w| format!("{w}\n————")),
        words(6).prop_map(|w| format!("**{w}**")),
        words(12).prop_map(|w| format!("- {w};")),
        words(12).prop_map(|w| format!("(ii) {w}")),
        words(12).prop_map(|w| format!("3. {w}")),
        words(30).prop_map(|w| format!("{w}.")),
        words(30).prop_map(|w| format!("  {w}")),
        words(20),
        words(10).prop_map(|w| format!("Mr Lee signed the \"{w}\" and the \"{w} II\".")),
        Just("The two sides agreed to co-operate in the following 3 areas:".to_string()),
        Just("Ends/Friday, October 13, 2023".to_string()),
        Just("Back to top".to_string()),
        Just(String::new()),
        Just("\u{a0}".to_string()),
        "\\PC{0,40}",
    ]
}

/// A release: pieces joined by LF, CRLF or CR line ends.
fn release() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(piece(), 0..40),
        prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]),
    )
        .prop_map(|(pieces, end)| pieces.join(end).replace('\n', end).into_bytes())
}

/// Query text from the grammar's pieces, so most of it parses.
fn query() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        prop::sample::select(vec![
            "finance",
            "bank*",
            "\"green finance\"",
            "partner:Beijing",
            "area:health",
            "title:(plenary session)",
            "10:30",
            "中医",
            "a-",
            "co-operation",
            "x:",
            "colour:red",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,6}\\*{0,2}",
        "\\PC{1,4}",
    ];
    let op = prop::sample::select(vec![
        " ", " ", " AND ", " OR ", " NOT ", " +", " -", " (", ") ", "\"", " && ", " || ",
    ]);
    prop::collection::vec((atom, op), 0..24).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(a, o)| format!("{a}{o}"))
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_release_parses_into_a_document_that_keeps_its_invariants(bytes in release()) {
        if let Ok(text) = decode(&bytes) {
            let doc = parse_release("prop.txt", &text, None);
            prop_assert_eq!(check_document(&doc, &text), Ok(()));
        }
    }

    #[test]
    fn any_bytes_decode_or_say_why_not(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        match decode(&bytes) {
            Ok(text) => {
                prop_assert!(!text.contains('\r'));
                let doc = parse_release("prop.txt", &text, None);
                prop_assert_eq!(check_document(&doc, &text), Ok(()));
            }
            Err(message) => prop_assert!(message.starts_with("skipped: "), "{}", message),
        }
    }

    #[test]
    fn any_html_page_reads_or_says_why_not(
        parts in prop::collection::vec(
            prop_oneof![
                Just("<p>".to_string()), Just("</p>".to_string()), Just("<div id=\"content\">".to_string()),
                Just("</div>".to_string()), Just("<br>".to_string()), Just("<b>".to_string()),
                Just("<h2>".to_string()), Just("</h2>".to_string()), Just("<script>".to_string()),
                Just("&nbsp;".to_string()), Just("&amp;".to_string()), Just("<meta charset=big5>".to_string()),
                "[ -~]{0,40}", "[\\x{4e00}-\\x{4e40}]{0,10}",
            ],
            0..60,
        )
    ) {
        let page = parts.concat();
        match decode_html(page.as_bytes()) {
            Ok(text) => {
                let doc = parse_release("prop.html", &text, None);
                prop_assert_eq!(check_document(&doc, &text), Ok(()));
            }
            Err(message) => prop_assert!(message.starts_with("skipped: "), "{}", message),
        }
    }

    #[test]
    fn a_parsed_query_renders_and_parses_back_the_same(text in query()) {
        prop_assert_eq!(check_round_trip(&text), Ok(()));
    }

    #[test]
    fn any_text_parses_or_points_inside_the_query(text in "\\PC{0,80}") {
        prop_assert_eq!(check_round_trip(&text), Ok(()));
    }

    #[test]
    fn deep_and_long_queries_are_refused_not_recursed(depth in 0usize..5_000, words in 0usize..3_000) {
        let text = format!("{}{}{}", "(".repeat(depth), "w ".repeat(words), ")".repeat(depth));
        match parse(&text) {
            Ok(_) => prop_assert!(text.chars().count() <= MAX_QUERY_CHARS),
            Err(Error::QuerySyntax { position, .. }) => {
                prop_assert!(position <= text.chars().count());
            }
            Err(e) => prop_assert!(false, "not a syntax error: {}", e),
        }
    }
}

/// Every input the fuzzers found, kept under `tests/fixtures/fuzz/`: a
/// `query-*` file is a query, an `ingest-*` file a release's bytes.
#[test]
fn inputs_found_by_fuzzing_stay_fixed() {
    let dir = super::fixture("fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        if name.starts_with("query-") {
            let text = String::from_utf8(bytes).unwrap();
            assert_eq!(check_round_trip(&text), Ok(()), "{name}");
        } else if name.starts_with("ingest-") {
            if let Ok(text) = decode(&bytes) {
                let doc = parse_release(&name, &text, None);
                assert_eq!(check_document(&doc, &text), Ok(()), "{name}");
            }
        } else {
            panic!("{name}: a fuzz fixture is named query-* or ingest-*");
        }
        seen += 1;
    }
    assert!(seen > 0, "no fixtures in {}", dir.display());
}
