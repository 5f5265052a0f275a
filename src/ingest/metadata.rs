//! Document metadata read from the title and the opening paragraph: partner,
//! meeting types, conference, location, date and the declared number of
//! co-operation areas.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::model::{MeetingDate, MeetingType};

/// Word ordinals as releases write them ("Fifth Plenary Session").
const ORDINALS: [&str; 30] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
];

const CARDINALS: [&str; 30] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "twenty-one",
    "twenty-two",
    "twenty-three",
    "twenty-four",
    "twenty-five",
    "twenty-six",
    "twenty-seven",
    "twenty-eight",
    "twenty-nine",
    "thirty",
];

static PLENARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:([a-z]+(?:-[a-z]+)?)|(\d{1,2})(?:st|nd|rd|th))\s+plenary\s+(?:session|meeting)|\bplenary\s+(?:session|meeting)").expect("valid regex")
});
static MEETING_PATTERNS: LazyLock<Vec<(MeetingType, Regex)>> = LazyLock::new(|| {
    [
        (
            MeetingType::HighLevelMeeting,
            r"(?i)\bhigh[\s-]+level\s+meeting",
        ),
        (MeetingType::WorkingMeeting, r"(?i)\bworking\s+meeting"),
        (MeetingType::JointConference, r"(?i)\bjoint\s+conference"),
        (
            MeetingType::SigningCeremony,
            r"(?i)\bsigning\s+ceremony|\bsigned\b[^.]{0,80}\bagreements?\b",
        ),
        (MeetingType::OpeningCeremony, r"(?i)\bopening\s+ceremony"),
        (MeetingType::Forum, r"(?i)\bforum\b"),
    ]
    .into_iter()
    .map(|(t, p)| (t, Regex::new(p).expect("valid regex")))
    .collect()
});
static CONFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:Hong Kong|[A-Z][a-z]+)(?:\s*/\s*(?:Hong Kong|[A-Z][a-z]+(?: [A-Z][a-z]+)?))+\s+Co-?operation\s+(?:Joint\s+)?(?:Conference|Mechanism))")
        .expect("valid regex")
});
static FORUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:(?:[A-Z][\w’'-]*|&|–|and|of|the|on|for|in)\s+)*[A-Z][\w’'-]*\s+Forum(?:\s+\d{4})?)",
    )
    .expect("valid regex")
});
static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:held|signed[^.(]*?)\s+in\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
        .expect("valid regex")
});
static LOCATION_TODAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bin\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+today\b").expect("valid regex")
});
static TODAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\btoday\s*\(\s*([a-z]+)\s+(\d{1,2})(?:\s*,\s*(\d{4}))?\s*\)")
        .expect("valid regex")
});
static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    let mut words: Vec<&str> = CARDINALS.to_vec();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    Regex::new(&format!(
        r"(?i)\b(\d{{1,3}}|{})\s+(?:[a-z]+\s+){{0,2}}co-?\s?operation\s+areas?\b",
        words.join("|")
    ))
    .expect("valid regex")
});

/// The meeting types a title and opening paragraph name, in a fixed order,
/// with the plenary session's ordinal when stated.
pub(crate) fn meeting_types(text: &str) -> (Vec<MeetingType>, Option<u32>) {
    let mut types = Vec::new();
    let mut ordinal = None;
    if let Some(c) = PLENARY.captures(text) {
        types.push(MeetingType::PlenarySession);
        ordinal = c
            .get(1)
            .and_then(|w| ordinal_value(w.as_str()))
            .or_else(|| c.get(2).and_then(|d| d.as_str().parse().ok()));
    }
    for (kind, pattern) in MEETING_PATTERNS.iter() {
        if pattern.is_match(text) {
            types.push(*kind);
        }
    }
    types.sort();
    (types, ordinal)
}

fn ordinal_value(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    ORDINALS.iter().position(|o| *o == w).map(|i| i as u32 + 1)
}

/// A count written in figures or words, up to thirty.
pub(crate) fn number_value(word: &str) -> Option<usize> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let w = word.to_lowercase();
    CARDINALS.iter().position(|c| *c == w).map(|i| i + 1)
}

/// The conference or mechanism ("Hong Kong/Beijing Co-operation
/// Conference"), or failing that the forum, that a text names.
pub(crate) fn conference(text: &str) -> Option<String> {
    if let Some(m) = CONFERENCE.find(text) {
        return Some(m.as_str().to_string());
    }
    let forum = FORUM.find(text)?.as_str();
    // "the Opening Ceremony of X Forum" names X Forum.
    let name = match forum.rfind(" Ceremony of ") {
        Some(at) => &forum[at + " Ceremony of ".len()..],
        None => forum,
    };
    let name = name.trim_start_matches("the ").trim_start_matches("of ");
    Some(name.to_string())
}

/// Where the meeting was held: "held in Chongqing", "signed ... in Hong
/// Kong", "in Hong Kong today".
pub(crate) fn location(title: &str, opening: &str) -> Option<String> {
    [title, opening].into_iter().find_map(|text| {
        LOCATION
            .captures(text)
            .or_else(|| LOCATION_TODAY.captures(text))
            .map(|c| c[1].to_string())
    })
}

/// The date in a footer such as "Friday, October 13, 2023".
pub(crate) fn footer_date(footer: &str) -> Option<MeetingDate> {
    let cleaned = footer.trim().trim_end_matches('.');
    [
        "%A, %B %d, %Y",
        "%B %d, %Y",
        "%A, %d %B %Y",
        "%d %B %Y",
        "%Y-%m-%d",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(cleaned, f).ok())
    .map(|d| MeetingDate::full(d.year(), d.month(), d.day()))
}

/// The month and day (and year, if given) in "today (May 11)".
pub(crate) fn today_date(text: &str) -> Option<MeetingDate> {
    let c = TODAY.captures(text)?;
    let month = month_number(&c[1])?;
    let day: u32 = c[2].parse().ok()?;
    let year = c.get(3).and_then(|y| y.as_str().parse().ok());
    // Check the day exists (in a leap year, so 29 February passes).
    NaiveDate::from_ymd_opt(year.unwrap_or(2024), month, day)?;
    Some(MeetingDate { year, month, day })
}

fn month_number(name: &str) -> Option<u32> {
    let probe = format!("{name} 1 2000");
    NaiveDate::parse_from_str(&probe, "%B %d %Y")
        .ok()
        .map(|d| d.month())
}

/// The number of co-operation areas a paragraph declares ("reached consensus
/// on the following 12 co-operation areas").
pub(crate) fn declared_areas(text: &str) -> Option<usize> {
    DECLARED
        .captures_iter(text)
        .find_map(|c| number_value(&c[1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingType::*;

    #[test]
    fn meeting_types_from_titles() {
        assert_eq!(
            meeting_types("High-Level Meeting cum First Plenary Session of Hong Kong/Chongqing Cooperation Conference"),
            (vec![PlenarySession, HighLevelMeeting], Some(1))
        );
        assert_eq!(
            meeting_types("High-Level Meeting cum Signing Ceremony of Hong Kong/Jiangsu Co-operation Agreements"),
            (vec![HighLevelMeeting, SigningCeremony], None)
        );
        assert_eq!(
            meeting_types("Zhejiang and Hong Kong signed a number of co-operation agreements in Hong Kong. He attended the Opening Ceremony of the Cooperation Theme Forum 2023"),
            (vec![SigningCeremony, OpeningCeremony, Forum], None)
        );
        assert_eq!(
            meeting_types("the 21st Plenary Session"),
            (vec![PlenarySession], Some(21))
        );
        assert_eq!(
            meeting_types("Hong Kong/Guangdong Co-operation Joint Conference"),
            (vec![JointConference], None)
        );
    }

    #[test]
    fn conference_names() {
        assert_eq!(
            conference("the Fifth Plenary Session of the Hong Kong/Beijing Co-operation Conference (the plenary)").as_deref(),
            Some("Hong Kong/Beijing Co-operation Conference")
        );
        assert_eq!(
            conference("attended the Opening Ceremony of Hong Kong & Macao – Zhejiang Week & Zhejiang and Hong Kong Cooperation Theme Forum 2023 in Hong Kong").as_deref(),
            Some("Hong Kong & Macao – Zhejiang Week & Zhejiang and Hong Kong Cooperation Theme Forum 2023")
        );
        assert_eq!(conference("no name here"), None);
    }

    #[test]
    fn locations() {
        assert_eq!(
            location("Plenary held in Chongqing (with photos/video)", "").as_deref(),
            Some("Chongqing")
        );
        assert_eq!(
            location("Zhejiang and Hong Kong signed a number of co-operation agreements in Hong Kong (with photos)", "").as_deref(),
            Some("Hong Kong")
        );
        assert_eq!(
            location("A title", "held a meeting in Fuzhou today (May 2).").as_deref(),
            Some("Fuzhou")
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            footer_date("Friday, October 13, 2023"),
            Some(MeetingDate::full(2023, 10, 13))
        );
        assert_eq!(
            footer_date("Monday, June 26, 2023"),
            Some(MeetingDate::full(2023, 6, 26))
        );
        assert_eq!(footer_date("someday"), None);
        assert_eq!(
            today_date("in Hong Kong today (April 26)."),
            Some(MeetingDate {
                year: None,
                month: 4,
                day: 26
            })
        );
        assert_eq!(today_date("today (Smarch 3)"), None);
        assert_eq!(today_date("today (February 30)"), None);
    }

    #[test]
    fn declared_area_counts() {
        assert_eq!(
            declared_areas("reached consensus in 12 co-operation areas including:"),
            Some(12)
        );
        assert_eq!(
            declared_areas("on the following 12 mutual co-operation areas:"),
            Some(12)
        );
        assert_eq!(
            declared_areas("on the following 11 cooperation areas:"),
            Some(11)
        );
        assert_eq!(
            declared_areas("on the following fifteen co-operation areas"),
            Some(15)
        );
        assert_eq!(declared_areas("co-operation in many areas"), None);
    }
}
