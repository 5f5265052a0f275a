//! A synthetic corpus for the benchmarks: meetings between Hong Kong and its
//! Mainland partners, written as clause records (JSON lines with the fields
//! of a search hit) and as press releases that `accords parse` reads.
//!
//! Everything follows from one seed, so two runs with the same seed and
//! size write the same bytes on any machine: the random stream is ChaCha8,
//! whose output is specified, and every draw is made here rather than
//! through a distribution library whose algorithms may change.
//!
//! The language comes from the bundled seeds: sentences are walks of a word
//! bigram chain learned from their commitments and statements, so word
//! frequencies keep the seeds' Zipf shape and quoted phrases occur as they
//! do in real releases. A real corpus also keeps meeting new words as it
//! grows (Heaps' law: distinct terms grow as `K * n^β` in the number of
//! words read), mostly names of places and institutions; the seeds alone
//! would stop at a few thousand terms. So names composed from pinyin
//! syllables are slotted in after prepositions, a new one whenever the
//! vocabulary is behind its Heaps curve and otherwise an earlier one drawn
//! with Zipf weights, so some names recur often and most rarely.
//!
//! This file is shared by the benches and `examples/synth.rs` through
//! `#[path]`; it reads the seeds through accords' own ingest, and writes no
//! files itself.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use accords::ingest::{canonical_areas, ingest_paths};
use accords::model::ClauseKind;

/// Heaps' law for the coined names: after `n` name slots the corpus holds
/// `HEAPS_K * n^HEAPS_BETA` distinct names. β near 0.6 is typical of
/// English prose; K is set so that 100k clauses hold about 47 thousand
/// distinct terms in all (measured by `examples/synth.rs`).
const HEAPS_K: f64 = 16.0;
const HEAPS_BETA: f64 = 0.62;

/// The chance that a slot word ("in", "with", ...) is followed by a name.
const NAME_AFTER_SLOT: u64 = 30; // percent

/// Words after which a place or institution name reads naturally.
const SLOT_WORDS: [&str; 8] = ["in", "with", "of", "and", "for", "between", "at", "from"];

/// What may follow a coined name to make it an institution.
const NAME_HEADS: [&str; 14] = [
    "Institute",
    "Science Park",
    "Port",
    "District",
    "Free Trade Zone",
    "Centre",
    "University",
    "Foundation",
    "Association",
    "Group",
    "Hospital",
    "Academy",
    "Industrial Park",
    "Museum",
];

/// Pinyin syllables names are made of.
const SYLLABLES: [&str; 96] = [
    "an", "ba", "bai", "bao", "bei", "bin", "cai", "chang", "chen", "cheng", "chong", "chun", "da",
    "dai", "dan", "de", "dong", "du", "fang", "feng", "fu", "gang", "gao", "gu", "guan", "hai",
    "han", "hao", "he", "heng", "hong", "hua", "huai", "hui", "jia", "jian", "jiang", "jin",
    "jing", "kai", "kang", "lan", "lang", "li", "lian", "lin", "ling", "long", "lu", "luo", "mei",
    "min", "ming", "nan", "ning", "pan", "ping", "pu", "qi", "qian", "qing", "quan", "rong", "rui",
    "sha", "shan", "shen", "sheng", "shi", "shui", "song", "tai", "tang", "tian", "ting", "wan",
    "wei", "wen", "xi", "xia", "xian", "xin", "xing", "xu", "ya", "yan", "yang", "yi", "ying",
    "yong", "yu", "yuan", "yun", "ze", "zhong", "zhou",
];

/// The partners that meet Hong Kong: every provincial-level division but
/// Taiwan, and the two regional groupings that hold meetings as one side.
pub const PARTNERS: [&str; 34] = [
    "Guangdong",
    "Beijing",
    "Shanghai",
    "Fujian",
    "Sichuan",
    "Zhejiang",
    "Jiangsu",
    "Chongqing",
    "Tianjin",
    "Hubei",
    "Hunan",
    "Guangxi",
    "Shandong",
    "Hainan",
    "Yunnan",
    "Jiangxi",
    "Anhui",
    "Henan",
    "Hebei",
    "Liaoning",
    "Shaanxi",
    "Guizhou",
    "Jilin",
    "Heilongjiang",
    "Shanxi",
    "Gansu",
    "Inner Mongolia",
    "Xinjiang",
    "Ningxia",
    "Qinghai",
    "Xizang",
    "Macao",
    "Pan-Pearl River Delta",
    "Greater Bay Area",
];

/// Area headings as releases write them; each maps to canonical areas
/// through accords' own taxonomy.
const HEADINGS: [&str; 30] = [
    "The \"Belt and Road\" Initiative",
    "National strategies and regional development",
    "Trade and investment",
    "Trade and industry",
    "Finance",
    "Financial co-operation",
    "Innovation and technology",
    "Digital economy",
    "Professional services",
    "Legal services",
    "Education",
    "Education and talent exchange",
    "Exchange of talent",
    "Youth development",
    "Culture and tourism",
    "Sports",
    "Health and hygiene",
    "Chinese medicine",
    "Environmental protection",
    "Ecology and environment",
    "Logistics and aviation",
    "Transport and logistics",
    "City planning and management",
    "Facilitation for Hong Kong people in the Mainland",
    "Social welfare",
    "Agriculture and food safety",
    "Food safety",
    "Energy",
    "Public safety",
    "Civil service exchange",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const ORDINALS: [&str; 12] = [
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
    "Eleventh", "Twelfth",
];

const CARDINALS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// Stands for the meeting's partner in sentences learned from the seeds.
const PARTNER_MARK: char = '\u{1}';

/// One clause as a JSON line: the fields of a search hit that a record
/// carries (`accords index --jsonl` reads these).
#[derive(Debug, Clone, Serialize)]
pub struct ClauseRecord {
    pub id: String,
    pub text: String,
    pub partner: String,
    pub areas: Vec<String>,
    pub date: String,
    pub meeting_types: Vec<&'static str>,
    pub kind: &'static str,
    pub title: String,
    pub doc_id: String,
    pub source: String,
}

/// The kinds of meeting a release reports, each with the types the parser
/// finds in its title and opening paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plenary,
    HighLevel,
    Working,
    Joint,
    Forum,
}

/// One synthetic meeting: its metadata, clauses and signed agreements.
#[derive(Debug, Clone)]
pub struct SynthDoc {
    pub doc_id: String,
    pub partner: &'static str,
    pub date: NaiveDate,
    pub title: String,
    pub source: String,
    form: Form,
    ordinal: usize,
    location: &'static str,
    /// The opening paragraph, then further statements.
    intro: Vec<String>,
    /// Heading and its commitment paragraphs.
    sections: Vec<(&'static str, Vec<String>)>,
    agreements: Vec<String>,
    closing: String,
}

/// The seeds' language as a bigram chain over whitespace-separated words
/// (punctuation stays attached, so sentences end where a word ends in '.').
struct Language {
    words: Vec<String>,
    next: Vec<Vec<u32>>,
    starts: Vec<u32>,
    slot: Vec<bool>,
    /// Lowercased words, so coined names never repeat a seed word.
    vocabulary: HashSet<String>,
}

impl Language {
    fn learn(seeds: &Path) -> Language {
        let corpus = ingest_paths(&[seeds.to_path_buf()]).expect("the seeds ingest");
        let mut lang = Language {
            words: Vec::new(),
            next: Vec::new(),
            starts: Vec::new(),
            slot: Vec::new(),
            vocabulary: HashSet::new(),
        };
        let mut ids: HashMap<String, u32> = HashMap::new();
        for doc in &corpus.documents {
            let partner = doc.facts.partner.clone().unwrap_or_default();
            for clause in &doc.clauses {
                // Only commitments: statements tell of signings, annexes
                // and the day's events, which the parser rightly reads as
                // the end of the areas; sentences of that kind in an area
                // would move clauses out of it.
                if clause.kind != ClauseKind::Commitment {
                    continue;
                }
                let words: Vec<&str> = clause.text.split_whitespace().collect();
                let mut sentences = words.split_inclusive(|w| ends_sentence(w));
                let mut kept: Vec<&str> = Vec::new();
                for sentence in &mut sentences {
                    let reports_event = sentence.iter().any(|w| {
                        let w = w.to_lowercase();
                        w.starts_with("sign") || w.starts_with("annex") || w.starts_with("today")
                    });
                    if !reports_event {
                        kept.extend_from_slice(sentence);
                    }
                }
                let mut previous: Option<u32> = None;
                for raw in kept {
                    let word = match raw.strip_prefix(partner.as_str()) {
                        Some(rest) if !partner.is_empty() => format!("{PARTNER_MARK}{rest}"),
                        _ => raw.to_string(),
                    };
                    for part in word.split(|c: char| !c.is_alphanumeric()) {
                        if !part.is_empty() {
                            lang.vocabulary.insert(part.to_lowercase());
                        }
                    }
                    let id = *ids.entry(word.clone()).or_insert_with(|| {
                        lang.slot.push(SLOT_WORDS.contains(&word.as_str()));
                        lang.words.push(word);
                        lang.next.push(Vec::new());
                        (lang.words.len() - 1) as u32
                    });
                    match previous {
                        Some(p) if !ends_sentence(&lang.words[p as usize]) => {
                            lang.next[p as usize].push(id)
                        }
                        _ => lang.starts.push(id),
                    }
                    previous = Some(id);
                }
            }
        }
        assert!(!lang.starts.is_empty(), "the seeds have sentences");
        lang
    }
}

fn ends_sentence(word: &str) -> bool {
    word.ends_with('.') && word != "Co." && word != "Ltd." && word != "etc."
}

/// The generator. Call [`Synth::next_doc`] until enough clauses are made.
pub struct Synth {
    rng: ChaCha8Rng,
    lang: Language,
    coined: Vec<String>,
    coined_set: HashSet<String>,
    slots_filled: u64,
    docs: u64,
}

impl Synth {
    /// A generator that learns its language from the releases in `seeds`.
    pub fn new(seeds: &Path, seed: u64) -> Synth {
        Synth {
            rng: ChaCha8Rng::seed_from_u64(seed),
            lang: Language::learn(seeds),
            coined: Vec::new(),
            coined_set: HashSet::new(),
            slots_filled: 0,
            docs: 0,
        }
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        // Lemire's multiply-shift: unbiased enough for n far below 2^32.
        ((self.rng.next_u64() >> 32).wrapping_mul(n as u64) >> 32) as usize
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn percent(&mut self, p: u64) -> bool {
        (self.below(100) as u64) < p
    }

    /// A float in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Zipf (s = 1) rank in `0..n`: `floor(n^u)` has P(r) ≈ 1 / (r ln n).
    fn zipf(&mut self, n: usize) -> usize {
        let r = ((n as f64 + 1.0).ln() * self.unit()).exp() as usize;
        r.clamp(1, n) - 1
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// A place or institution name: a new one while the vocabulary is
    /// behind its Heaps curve, otherwise an earlier one by Zipf rank.
    fn name(&mut self) -> String {
        self.slots_filled += 1;
        let target = (HEAPS_K * (self.slots_filled as f64).powf(HEAPS_BETA)) as usize;
        if self.coined.len() < target.max(1) {
            let word = self.coin();
            self.coined.push(word.clone());
            word
        } else {
            let rank = self.zipf(self.coined.len());
            self.coined[rank].clone()
        }
    }

    fn coin(&mut self) -> String {
        let mut syllables = if self.percent(60) { 2 } else { 3 };
        let mut tries = 0;
        loop {
            let mut word = String::new();
            for _ in 0..syllables {
                word.push_str(self.pick(&SYLLABLES));
            }
            if !self.lang.vocabulary.contains(&word)
                && !PARTNERS.iter().any(|p| p.eq_ignore_ascii_case(&word))
                && self.coined_set.insert(word.clone())
            {
                let mut chars = word.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                return first.into_iter().chain(chars).collect();
            }
            tries += 1;
            if tries % 16 == 0 {
                syllables += 1;
            }
        }
    }

    /// One sentence, a walk of the chain, with names after slot words.
    fn sentence(&mut self, partner: &str, out: &mut String) {
        let start = self.below(self.lang.starts.len());
        let mut word = self.lang.starts[start] as usize;
        let mut count = 0;
        loop {
            if !out.is_empty() {
                out.push(' ');
            }
            let text = &self.lang.words[word];
            match text.strip_prefix(PARTNER_MARK) {
                Some(rest) => {
                    out.push_str(partner);
                    out.push_str(rest);
                }
                None => out.push_str(text),
            }
            count += 1;
            if ends_sentence(text) {
                return;
            }
            if self.lang.slot[word] && self.percent(NAME_AFTER_SLOT) {
                out.push(' ');
                let name = self.name();
                out.push_str(&name);
                if self.percent(40) {
                    out.push(' ');
                    out.push_str(self.pick(&NAME_HEADS));
                }
            }
            let successors = self.lang.next[word].len();
            if successors == 0 || count >= 60 {
                while out.ends_with([',', ';', ':']) {
                    out.pop();
                }
                out.push('.');
                return;
            }
            let pick = self.below(successors);
            word = self.lang.next[word][pick] as usize;
        }
    }

    /// A paragraph of whole sentences, about `target` bytes long.
    fn paragraph(&mut self, partner: &str) -> String {
        // Lengths between 60 and 820 bytes before the last sentence, which
        // runs on about 150 bytes: a mean near 534 as in the seeds.
        let target = 40 + self.below(50) * self.below(50) * 2 / 3;
        let mut text = String::new();
        while text.len() < target {
            self.sentence(partner, &mut text);
        }
        text
    }

    /// The next meeting, with about 30 clauses.
    pub fn next_doc(&mut self) -> SynthDoc {
        self.docs += 1;
        // Partners meet Hong Kong unevenly: Zipf-like with a flat head.
        let partner = PARTNERS[self.zipf(PARTNERS.len() + 4).saturating_sub(4)];
        let year = self.between(2003, 2025) as i32;
        let month = self.between(1, 12) as u32;
        let day = self.between(1, 28) as u32;
        let date = NaiveDate::from_ymd_opt(year, month, day).expect("a valid day");
        let form = match self.below(10) {
            0..=2 => Form::Plenary,
            3..=5 => Form::HighLevel,
            6 => Form::Working,
            7 => Form::Joint,
            _ => Form::Forum,
        };
        let ordinal = self.between(1, ORDINALS.len());
        let location = if partner.contains(' ') || partner.contains('-') || self.percent(50) {
            "Hong Kong"
        } else {
            partner
        };
        let title = match form {
            Form::Plenary => format!(
                "{} Plenary Session of the Hong Kong/{partner} Co-operation Conference held in {location}",
                ORDINALS[ordinal - 1]
            ),
            Form::HighLevel => format!(
                "High-Level Meeting cum Signing Ceremony of Hong Kong/{partner} Co-operation Agreements held in {location}"
            ),
            Form::Working => format!("Hong Kong/{partner} Co-operation Working Meeting held in {location}"),
            Form::Joint => format!("Hong Kong/{partner} Co-operation Joint Conference held in {location}"),
            Form::Forum => format!(
                "{partner} and Hong Kong signed co-operation agreements at Opening Ceremony of {partner}-Hong Kong Economic Forum"
            ),
        };
        let doc_id = format!("{:016x}", self.rng.next_u64());
        let source = format!("synth/{:07}_{doc_id}.txt", self.docs);
        let meeting = match form {
            Form::Plenary => format!(
                "the {} Plenary Session of the Hong Kong/{partner} Co-operation Conference",
                ORDINALS[ordinal - 1]
            ),
            Form::HighLevel => format!(
                "the High-Level Meeting cum Signing Ceremony of Hong Kong/{partner} Co-operation Agreements"
            ),
            Form::Working => format!("the Hong Kong/{partner} Co-operation Working Meeting"),
            Form::Joint => format!("the Hong Kong/{partner} Co-operation Joint Conference"),
            Form::Forum => format!("the Opening Ceremony of {partner}-Hong Kong Economic Forum"),
        };
        let opening = format!(
            "The Chief Executive and the leader of {partner} led the delegations of the two sides at {meeting} in {location} today ({} {day}). The two sides reviewed the progress of co-operation and discussed the way forward.",
            MONTHS[month as usize - 1]
        );
        let mut intro = vec![opening];
        for _ in 0..self.between(0, 2) {
            intro.push(self.paragraph(partner));
        }
        let mut headings = HEADINGS.to_vec();
        let mut sections = Vec::new();
        for _ in 0..self.between(8, 14) {
            let heading = headings.swap_remove(self.below(headings.len()));
            let paragraphs = (0..self.between(1, 3))
                .map(|_| self.paragraph(partner))
                .collect();
            sections.push((heading, paragraphs));
        }
        let mut agreements: Vec<String> = Vec::new();
        for _ in 0..self.between(1, 8) {
            // A release lists each document once; the parser drops repeats.
            let title = self.agreement(partner);
            if !agreements.contains(&title) {
                agreements.push(title);
            }
        }
        let closing = self.paragraph(partner);
        SynthDoc {
            doc_id,
            partner,
            date,
            title,
            source,
            form,
            ordinal,
            location,
            intro,
            sections,
            agreements,
            closing,
        }
    }

    fn agreement(&mut self, partner: &str) -> String {
        const KINDS: [&str; 4] = [
            "Memorandum of Understanding",
            "Co-operation Agreement",
            "Co-operation Memorandum",
            "Framework Agreement",
        ];
        const TOPICS: [&str; 10] = [
            "Deepening Economic and Trade Co-operation",
            "Innovation and Technology Co-operation",
            "Youth Exchange",
            "Financial Co-operation",
            "Cultural Exchange",
            "Food Safety",
            "Legal Services Co-operation",
            "Education Exchange",
            "Tourism Promotion",
            "Health Co-operation",
        ];
        let kind = self.pick(&KINDS);
        let topic = self.pick(&TOPICS);
        if self.percent(50) {
            let name = self.name();
            let head = self.pick(&NAME_HEADS);
            format!("{kind} between the {name} {head} of {partner} and the Hong Kong Trade Development Council on {topic}")
        } else {
            format!("{kind} between {partner} and Hong Kong on {topic}")
        }
    }
}

fn meeting_types(form: Form) -> Vec<&'static str> {
    match form {
        Form::Plenary => vec!["plenary session"],
        Form::HighLevel => vec!["high-level meeting", "signing ceremony"],
        Form::Working => vec!["working meeting"],
        Form::Joint => vec!["joint conference"],
        Form::Forum => vec!["signing ceremony", "opening ceremony", "forum"],
    }
}

impl SynthDoc {
    /// The clauses in reading order, as the parser numbers them.
    pub fn records(&self) -> Vec<ClauseRecord> {
        let mut out = Vec::new();
        let mut push = |text: &str, kind: ClauseKind, areas: Vec<String>| {
            out.push(ClauseRecord {
                id: format!("{}-{:03}", self.doc_id, out.len()),
                text: text.to_string(),
                partner: self.partner.to_string(),
                areas,
                date: self.date.format("%Y-%m-%d").to_string(),
                meeting_types: meeting_types(self.form),
                kind: kind.as_str(),
                title: self.title.clone(),
                doc_id: self.doc_id.clone(),
                source: self.source.clone(),
            })
        };
        for p in &self.intro {
            push(p, ClauseKind::Statement, Vec::new());
        }
        for (heading, paragraphs) in &self.sections {
            let areas = canonical_areas(heading);
            for p in paragraphs {
                push(p, ClauseKind::Commitment, areas.clone());
            }
        }
        for a in &self.agreements {
            push(a, ClauseKind::Agreement, Vec::new());
        }
        push(&self.closing, ClauseKind::Statement, Vec::new());
        out
    }

    /// The release as the government site's plain text shows it.
    pub fn release(&self) -> String {
        let mut t = String::new();
        let rule = |t: &mut String, len: usize| {
            t.push_str(&"—".repeat(len.max(4)));
            t.push('\n');
        };
        t.push_str("Go to main content\n \n");
        t.push_str(&self.title);
        t.push_str(" (with photos/video)\n");
        t.push_str(&"*".repeat(self.title.len().min(90)));
        t.push('\n');
        for p in &self.intro {
            t.push_str("     ");
            t.push_str(p);
            t.push_str("\n\n");
        }
        t.push_str(&format!(
            "     Hong Kong and {} reached consensus in {} co-operation areas including:\n\n",
            self.partner,
            self.sections.len()
        ));
        for (heading, paragraphs) in &self.sections {
            t.push_str(heading);
            t.push('\n');
            rule(&mut t, heading.chars().count() * 3 / 4);
            t.push('\n');
            for p in paragraphs {
                t.push_str("     ");
                t.push_str(p);
                t.push_str("\n \n");
            }
        }
        let heading = "Signing ceremony of co-operation agreements";
        t.push_str(heading);
        t.push('\n');
        rule(&mut t, 30);
        t.push('\n');
        t.push_str(&format!(
            "     At the meeting, the Chief Secretary for Administration and the Vice Governor of {} signed the \"{}\". The document (Chinese only) is at Annex 1.\n\n",
            self.partner, self.agreements[0]
        ));
        let rest = &self.agreements[1..];
        if !rest.is_empty() {
            let count = match rest.len() {
                1 => "another co-operation agreement was".to_string(),
                n => format!("{} co-operation agreements were", CARDINALS[n - 1]),
            };
            t.push_str(&format!(
                "     In addition, {count} signed by government departments of the two places:\n \n"
            ));
            for (i, a) in rest.iter().enumerate() {
                let end = match rest.len() - i {
                    1 => ".",
                    2 => "; and",
                    _ => ";",
                };
                t.push_str(&format!("  • \"{a}\"{end}\n"));
            }
            t.push('\n');
        }
        t.push_str("     ");
        t.push_str(&self.closing);
        t.push_str("\n \n");
        t.push_str(&format!(
            "Ends/{}, {} {}, {}\nIssued at HKT 18:30\nNNNN\n",
            self.date.format("%A"),
            MONTHS[self.date.month0() as usize],
            self.date.day(),
            self.date.year()
        ));
        t
    }
}
