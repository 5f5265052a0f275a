//! Document metadata read from the title and the opening paragraph: partner,
//! meeting types, conference, location, date and the declared number of
//! co-operation areas.

use std::sync::LazyLock;

use chrono::NaiveDate;
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
    Regex::new(r"(?i)\b(?:([a-z]+(?:[\s-][a-z]+)?)|(\d{1,2})(?:st|nd|rd|th))[\s-]+plenar(?:y|ies)\b|\bplenar(?:y|ies)\b|全体会议|全體會議").expect("valid regex")
});
static MEETING_PATTERNS: LazyLock<Vec<(MeetingType, Regex)>> = LazyLock::new(|| {
    [
        (
            MeetingType::HighLevelMeeting,
            r"(?i)\bhigh[\s-]*level\s+meeting|\bmeeting[\s-]+cum[\s-]+(?:the\s+)?(?:[a-z]+[\s-]+)?plenary|高层会晤|高層會晤|高层会议|高層會議",
        ),
        (MeetingType::WorkingMeeting, r"(?i)\bworking\s+meeting|工作会议|工作會議"),
        (
            MeetingType::JointConference,
            r"(?i)\bjoint\s+(?:conference|meeting)|联席会议|聯席會議",
        ),
        (
            MeetingType::CooperationMeeting,
            r"(?i)\bco-?\s?operation\s+meeting|合作会议|合作會議",
        ),
        (
            MeetingType::SigningCeremony,
            r"(?i)\bsigning\s+ceremony|\bsign(?:s|ed)?\b[^.]{0,80}\bagreements?\b",
        ),
        (MeetingType::OpeningCeremony, r"(?i)\bopening\s+ceremony"),
        (MeetingType::Forum, r"(?i)\bforum\b|论坛|論壇"),
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

/// Month names as releases and news sites write them, abbreviations too.
const MONTH: &str = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";

/// "today (May 11)", "this morning (November 28)", "yesterday (May 10)":
/// the day of the meeting or of the release, relative to the release.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:today|tonight|yesterday|this\s+(?:morning|afternoon|evening)|(?:yesterday|last)\s+(?:morning|afternoon|evening|night))\s*\(\s*({MONTH})\s+(\d{{1,2}})(?:\s*,\s*(\d{{4}}))?\s*\)"
    ))
    .expect("valid regex")
});
/// Full dates in the forms pages use.
static FULL_DATES: LazyLock<Vec<(DateOrder, Regex)>> = LazyLock::new(|| {
    [
        (
            DateOrder::Ymd,
            r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b".to_string(),
        ),
        (
            DateOrder::Ymd,
            format!(r"\b(\d{{4}})-({MONTH})-(\d{{1,2}})\b"),
        ),
        (
            DateOrder::Mdy,
            format!(r"(?i)\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})\b"),
        ),
        (
            DateOrder::Dmy,
            format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\s*,?\s+(\d{{4}})\b"),
        ),
        (
            DateOrder::Ymd,
            format!(r"\b(\d{{4}})\s+({MONTH})\s+(\d{{1,2}})\b"),
        ),
        (
            DateOrder::Ymd,
            r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日".to_string(),
        ),
    ]
    .into_iter()
    .map(|(o, p)| (o, Regex::new(&p).expect("valid regex")))
    .collect()
});
/// A month and day without a year that opens a report: "On April 9,",
/// "HONG KONG, Sept. 9 (Xinhua)", "新华社南宁5月11日电".
static OPENING_DAY: LazyLock<Vec<(DateOrder, Regex)>> = LazyLock::new(|| {
    [
        (
            DateOrder::Md,
            format!(r"^(?:On|on)\s+({MONTH})\s+(\d{{1,2}})\b"),
        ),
        (
            DateOrder::Md,
            format!(r"^[A-Z][\w .,/]{{1,60}}?,\s*({MONTH})\s+(\d{{1,2}})\s*\("),
        ),
        (
            DateOrder::Md,
            r"(\d{1,2})月(\d{1,2})日电|(\d{1,2})月(\d{1,2})日電".to_string(),
        ),
    ]
    .into_iter()
    .map(|(o, p)| (o, Regex::new(&p).expect("valid regex")))
    .collect()
});

#[derive(Clone, Copy)]
enum DateOrder {
    Ymd,
    Mdy,
    Dmy,
    Md,
}

/// Counts that declare the release's co-operation areas, strongest first:
/// "12 co-operation areas", "co-operation in the following 12 areas", "a
/// total of 12 areas", "12 areas of co-operation"; then the weaker "covers
/// nine areas", "in four areas".
static DECLARED: LazyLock<[Regex; 2]> = LazyLock::new(|| {
    let mut words: Vec<&str> = CARDINALS.to_vec();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let n = format!(r"(\d{{1,3}}|{})", words.join("|"));
    // Chinese: "以下十二个范畴", "13個合作領域".
    let zh = r"(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个|個|大)?\s*(?:合作)?(?:范畴|範疇|领域|領域)";
    let strong = format!(
        r"(?i){zh}|\b{n}\s+(?:[a-z]+\s+){{0,2}}co-?\s?operation\s+areas?\b|\b(?:co-?\s?operation|collaboration)\s+(?:in|on|covering)\s+(?:the\s+)?(?:following\s+)?{n}\s+(?:key\s+|major\s+|main\s+|mutual\s+)?(?:areas|fields|aspects)\b|\ba\s+total\s+of\s+{n}\s+(?:key\s+)?(?:co-?\s?operation\s+)?areas\b|\b{n}\s+(?:key\s+|major\s+)?areas\s+of\s+co-?\s?operation\b"
    );
    let weak = format!(
        r"(?i)\b(?:covers?|covering|in|on)\s+(?:the\s+)?(?:following\s+)?{n}\s+(?:key\s+|major\s+)?areas\b"
    );
    [
        Regex::new(&strong).expect("valid regex"),
        Regex::new(&weak).expect("valid regex"),
    ]
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

/// "Twenty-second", "Twenty second", or the last word of "the Second".
fn ordinal_value(words: &str) -> Option<u32> {
    let find = |w: &str| ORDINALS.iter().position(|o| *o == w).map(|i| i as u32 + 1);
    let w = words.to_lowercase();
    find(&w.replace(char::is_whitespace, "-"))
        .or_else(|| find(w.rsplit([' ', '-']).next().unwrap_or_default()))
}

/// A count written in figures or words, up to thirty.
pub(crate) fn number_value(word: &str) -> Option<usize> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let w = word.to_lowercase();
    CARDINALS
        .iter()
        .position(|c| *c == w)
        .map(|i| i + 1)
        .or_else(|| chinese_number(word))
}

/// A Chinese count up to ninety-nine: "十二", "二十三", "两".
fn chinese_number(word: &str) -> Option<usize> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .find(c)
            .map(|at| at / 3 + 1)
            .or((c == '两').then_some(2))
    };
    let chars: Vec<char> = word.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
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

/// The date in a footer such as "Friday, October 13, 2023", with or
/// without a time after it.
pub(crate) fn footer_date(footer: &str) -> Option<MeetingDate> {
    full_date(footer).map(|(d, _)| d)
}

/// The first full date a text gives, in any of the forms pages use
/// ("October 13, 2023", "13 October 2023", "2023-10-13", "2019-Sep-6",
/// "2009 December 1", "2023年10月13日"), with the byte where it starts.
pub(crate) fn full_date(text: &str) -> Option<(MeetingDate, usize)> {
    FULL_DATES
        .iter()
        .filter_map(|(order, pattern)| {
            pattern
                .captures_iter(text)
                .find_map(|c| date_from(*order, &c).map(|d| (d, c.get(0).map_or(0, |m| m.start()))))
        })
        .min_by_key(|(_, at)| *at)
}

fn date_from(order: DateOrder, c: &regex::Captures<'_>) -> Option<MeetingDate> {
    let groups: Vec<&str> = c.iter().skip(1).flatten().map(|m| m.as_str()).collect();
    let number = |s: &str| s.parse::<u32>().ok();
    let month = |s: &str| number(s).or_else(|| month_number(s));
    let (year, m, d) = match order {
        DateOrder::Ymd => (
            Some(groups.first()?.parse().ok()?),
            month(groups.get(1)?)?,
            number(groups.get(2)?)?,
        ),
        DateOrder::Mdy => (
            Some(groups.get(2)?.parse().ok()?),
            month(groups.first()?)?,
            number(groups.get(1)?)?,
        ),
        DateOrder::Dmy => (
            Some(groups.get(2)?.parse().ok()?),
            month(groups.get(1)?)?,
            number(groups.first()?)?,
        ),
        DateOrder::Md => (None, month(groups.first()?)?, number(groups.get(1)?)?),
    };
    checked(year, m, d)
}

/// A date only if it exists (a missing year is checked against a leap year,
/// so 29 February passes) and its year is plausible for a release.
fn checked(year: Option<i32>, month: u32, day: u32) -> Option<MeetingDate> {
    if year.is_some_and(|y| !(1950..=2100).contains(&y)) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.unwrap_or(2024), month, day)?;
    Some(MeetingDate { year, month, day })
}

/// The month and day (and year, if given) in "today (May 11)", "this
/// morning (November 28)" or "yesterday (May 10)".
pub(crate) fn today_date(text: &str) -> Option<MeetingDate> {
    let c = RELATIVE.captures(text)?;
    let month = month_number(&c[1])?;
    let day: u32 = c[2].parse().ok()?;
    let year = c.get(3).and_then(|y| y.as_str().parse().ok());
    checked(year, month, day)
}

/// The date that opens a report's first paragraph: a full date near its
/// start ("On 22 August 2017, ..."), or a month and day ("On April 9,",
/// "HONG KONG, Sept. 9 (Xinhua)").
pub(crate) fn opening_date(opening: &str) -> Option<MeetingDate> {
    let head: String = opening.chars().take(160).collect();
    if let Some((date, at)) = full_date(&head) {
        if at <= 80 {
            return Some(date);
        }
    }
    // A full date in the report's first sentence is the day it reports.
    let first_sentence = opening.split_inclusive(". ").next().unwrap_or_default();
    if let Some((date, _)) = full_date(first_sentence) {
        return Some(date);
    }
    OPENING_DAY.iter().find_map(|(order, pattern)| {
        let c = pattern.captures(&head)?;
        date_from(*order, &c)
    })
}

fn month_number(name: &str) -> Option<u32> {
    let key: String = name
        .trim_end_matches('.')
        .chars()
        .take(3)
        .flat_map(char::to_lowercase)
        .collect();
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    NAMES.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

/// The number of co-operation areas a paragraph declares ("reached consensus
/// on the following 12 co-operation areas"), and whether it was said
/// plainly (a strong form) or only in passing ("covers nine areas").
pub(crate) fn declared_areas(text: &str) -> Option<(usize, bool)> {
    DECLARED.iter().enumerate().find_map(|(i, pattern)| {
        pattern.captures_iter(text).find_map(|c| {
            c.iter()
                .skip(1)
                .flatten()
                .find_map(|m| number_value(m.as_str()))
                .map(|n| (n, i == 0))
        })
    })
}

/// Is the text mostly Chinese? Ideographs carry a word each, so a page
/// with as many as half its Latin letters in ideographs is Chinese.
pub(crate) fn is_chinese(text: &str) -> bool {
    let (mut cjk, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}') {
            cjk += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    cjk >= 10 && cjk * 2 >= latin
}

static MEETING_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bplenar(?:y|ies)\b|\bhigh[\s-]*level\s+meeting|\bjoint\s+(?:conference|meeting)|\bco-?\s?operation\s+(?:meeting|conference|high[\s-]*level\s+meeting)|\bworking\s+meeting|\b(?:working\s+group|task\s+force|joint\s+committee)\b|\bmeeting\s+of\s+[^.]{0,80}?\bco-?\s?operation\b|\bsigning\s+ceremony|\bsign(?:s|ed)?\b[^.]{0,80}\bco-?\s?operation\s+agreements?|\bopening\s+ceremony\b[^.]{0,120}\bforum\b")
        .expect("valid regex")
});
static HELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:held|holds?|co-chaired|co-chairs?|chaired|convened|opens|opened|attended|attends|participates|participated|took\s+place|signs?|signed|was\s+held|were\s+held)\b")
        .expect("valid regex")
});
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bwill\b|\bto\s+(?:attend|visit|co-chair|be\s+held|lead)\b|\btomorrow\b|\bthis\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|^\s*\S+\s+to\s+\w+")
        .expect("valid regex")
});
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:meets|meet|met|calls?\s+on|called\s+on|courtesy\s+call)\b")
        .expect("valid regex")
});
static ZH_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:会议|會議|会晤|會晤).{0,20}(?:举行|舉行|召开|召開)|(?:举行|舉行|召开|召開).{0,20}(?:会议|會議|会晤|會晤)")
        .expect("valid regex")
});

/// Is the release about a co-operation meeting, and why (or why not)? The
/// headline and the first sentence decide: a meeting of the mechanisms
/// (plenary, high-level, joint, working or co-operation meeting, working
/// group, task force, signing ceremony) reported as held is one; a meeting
/// still to come, a call on officials, an agreement with a national body,
/// and anything naming no such meeting are not.
pub(crate) fn release_kind(
    title: &str,
    opening: &str,
    national_body: bool,
    chinese: bool,
) -> (bool, String) {
    let first_sentence = opening
        .split_inclusive(". ")
        .next()
        .unwrap_or_default()
        .to_string();
    if chinese {
        // Chinese pages are judged by their headline alone: openings often
        // describe a mechanism's meetings in general.
        return match ZH_MEETING.find(title) {
            Some(_) if !title.contains('将') && !title.contains('將') => {
                (true, "a Chinese-language report of a meeting held".into())
            }
            _ => (
                false,
                "a Chinese-language page whose headline reports no meeting held".into(),
            ),
        };
    }
    let sentences = [title, first_sentence.as_str()];
    let named = sentences
        .iter()
        .find_map(|s| MEETING_NAME.find(s).map(|m| (m.as_str().to_string(), *s)));
    if CALL.is_match(title) || (title.trim().is_empty() && CALL.is_match(&first_sentence)) {
        return (
            false,
            "a call on officials, not a co-operation meeting".into(),
        );
    }
    let Some((name, sentence)) = named else {
        if national_body {
            return (
                false,
                "an agreement or exchange with a national body".into(),
            );
        }
        if CALL.is_match(&first_sentence) {
            return (
                false,
                "a call on officials, not a co-operation meeting".into(),
            );
        }
        return (false, "names no co-operation meeting held".into());
    };
    if FUTURE.is_match(sentence) || FUTURE.is_match(title) {
        return (false, format!("announces a meeting to come ({name})"));
    }
    if national_body {
        return (
            false,
            "an agreement or exchange with a national body".into(),
        );
    }
    if !HELD.is_match(sentence) && !HELD.is_match(&first_sentence) {
        return (
            false,
            format!("names a meeting ({name}) but reports none held"),
        );
    }
    (
        true,
        format!("reports a co-operation meeting held ({name})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingType::*;

    #[test]
    fn meeting_names_in_every_spelling() {
        assert_eq!(
            meeting_types("Twentieth Plenary of Hong Kong/Guangdong Co-operation Joint Conference"),
            (vec![PlenarySession, JointConference], Some(20))
        );
        assert_eq!(
            meeting_types("the Twenty-second Plenary"),
            (vec![PlenarySession], Some(22))
        );
        assert_eq!(meeting_types("the 15th Plenary meeting").1, Some(15));
        assert_eq!(
            meeting_types("the Sixth Hong Kong Macao Co-operation High Level Meeting"),
            (vec![HighLevelMeeting], None)
        );
        assert_eq!(
            meeting_types("co-chaired the Hong Kong / Shenzhen Co-operation Meeting"),
            (vec![CooperationMeeting], None)
        );
        assert_eq!(
            meeting_types("the 2019 PPRD Chief Executive Joint Meeting"),
            (vec![JointConference], None)
        );
        assert_eq!(
            meeting_types("(the meeting cum plenary)"),
            (vec![PlenarySession, HighLevelMeeting], None)
        );
        assert_eq!(
            meeting_types(
                "22nd Working Meeting of Hong Kong/Guangdong Co-operation Joint Conference"
            ),
            (vec![WorkingMeeting, JointConference], None)
        );
        assert_eq!(
            meeting_types("Third Plenary Session of Hong Kong-Beijing Economic and Trade Co-operation Conference"),
            (vec![PlenarySession], Some(3))
        );
    }

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
        let strong = |t| declared_areas(t).filter(|(_, s)| *s).map(|(n, _)| n);
        assert_eq!(
            strong("reached consensus in 12 co-operation areas including:"),
            Some(12)
        );
        assert_eq!(
            strong("on the following 12 mutual co-operation areas:"),
            Some(12)
        );
        assert_eq!(strong("on the following 11 cooperation areas:"), Some(11));
        assert_eq!(
            strong("on the following fifteen co-operation areas"),
            Some(15)
        );
        assert_eq!(
            strong("agreed to enhance co-operation in four areas comprising"),
            Some(4)
        );
        assert_eq!(
            strong("to push forward co-operation in the eight areas of trade"),
            Some(8)
        );
        assert_eq!(strong("a total of twelve areas including"), Some(12));
        assert_eq!(
            declared_areas("The work plan covers nine areas, including"),
            Some((9, false))
        );
        assert_eq!(declared_areas("co-operation in many areas"), None);
        assert_eq!(
            declared_areas("双方就以下十二个范畴的合作达成共识"),
            Some((12, true))
        );
        assert_eq!(declared_areas("就13個合作領域達成共識"), Some((13, true)));
        assert_eq!(declared_areas("二十三个领域"), Some((23, true)));
        assert_eq!(declared_areas("十个范畴"), Some((10, true)));
        assert_eq!(declared_areas("covering areas such as finance"), None);
        assert_eq!(
            declared_areas("proposed five areas for deepening cooperation"),
            None
        );
    }

    #[test]
    fn dates_in_the_forms_pages_write_them() {
        let full = |t| full_date(t).map(|(d, _)| d.to_string());
        assert_eq!(full("January 05, 2012").as_deref(), Some("2012-01-05"));
        assert_eq!(
            full("Posted: on March 26, 2025").as_deref(),
            Some("2025-03-26")
        );
        assert_eq!(full("28 November 2023").as_deref(), Some("2023-11-28"));
        assert_eq!(full("2019-Sep-6 Source: x").as_deref(), Some("2019-09-06"));
        assert_eq!(
            full("2009 December 1   13:59").as_deref(),
            Some("2009-12-01")
        );
        assert_eq!(
            full("Xinhua) 11:14, February 22, 2023").as_deref(),
            Some("2023-02-22")
        );
        assert_eq!(full("2023年3月21日举行").as_deref(), Some("2023-03-21"));
        assert_eq!(full("the agreement signed in 2003"), None);
        assert_eq!(
            footer_date("Thursday, December 17, 2015 Issued at HKT 18:41"),
            Some(MeetingDate::full(2015, 12, 17))
        );
        let md = |month, day| {
            Some(MeetingDate {
                year: None,
                month,
                day,
            })
        };
        assert_eq!(
            today_date("in Fuzhou this morning (November 28)."),
            md(11, 28)
        );
        assert_eq!(today_date("said yesterday (May 10)"), md(5, 10));
        assert_eq!(
            today_date("at Government House this evening (August 22)."),
            md(8, 22)
        );
        assert_eq!(opening_date("On April 9, Han Zheng met"), md(4, 9));
        assert_eq!(
            opening_date("HONG KONG, Sept. 9 (Xinhua) -- John Lee"),
            md(9, 9)
        );
        assert_eq!(opening_date("新华社南宁5月11日电(记者)"), md(5, 11));
        assert_eq!(
            opening_date("On 22 August 2017, the conference was held"),
            Some(MeetingDate::full(2017, 8, 22))
        );
    }

    #[test]
    fn release_kinds() {
        let kind = |t: &str, o: &str| release_kind(t, o, false, false).0;
        assert!(kind(
            "Hong Kong and Jiangxi hold first meeting of co-operation mechanism in Nanchang",
            ""
        ));
        assert!(kind("Seventeenth Plenary of Hong Kong/Guangdong Co-operation Joint Conference held in Guangzhou", ""));
        assert!(kind("", "Chief Secretary Matthew Cheung and Shenzhen Mayor Chen Rugui chaired the Hong Kong-Shenzhen Co-operation Meeting in Shenzhen today."));
        assert!(!kind(
            "CE meets Shenzhen mayor",
            "Chief Executive CY Leung met with Shenzhen Mayor Xu Qin in Shenzhen today."
        ));
        assert!(!kind(
            "CE to attend Hong Kong/Guangdong Co-operation Joint Conference in Guangzhou",
            "The Chief Executive will lead a delegation."
        ));
        assert!(!kind("", "Chief Secretary Matthew Cheung will co-chair the Third Plenary Session of the Hong Kong/Fujian Co-operation Conference."));
        assert!(!kind(
            "Exhibition on achievements under Hong Kong/Shanghai co-operation held in Shanghai",
            "An exhibition was unveiled today."
        ));
        assert!(
            !release_kind(
                "",
                "The HKSAR Government signed an arrangement with the Commission today.",
                true,
                false
            )
            .0
        );
        assert!(release_kind("沪港合作会议第六次会议在香港举行", "", false, true).0);
        assert!(!release_kind("", "昨日,副省长在昆明会见了访问团。", false, true).0);
    }

    #[test]
    fn language() {
        assert!(is_chinese("粤港合作联席会议第二十次会议今日在香港举行。"));
        assert!(!is_chinese(
            "Hong Kong and Guangdong 繁體 简体 held the plenary today."
        ));
    }
}
