//! The Mainland partners, kept as data in `data/partners.json`: every
//! provincial-level division other than Hong Kong, the cities and zones
//! with mechanisms of their own, the regional groupings that meet Hong Kong
//! as one side, and the national bodies Hong Kong signs with.
//!
//! Which partner a release is about is decided by how it names them: a
//! name joined to Hong Kong ("Hong Kong/Shenzhen", "HK-Shanghai", "粤港")
//! names the meeting's partner; a name in the headline counts more than
//! one in the text; a name after "in" is where the meeting was held; a
//! grouping in the headline speaks for the members the headline also
//! names, and a grouping or national body named only in the text counts
//! for less than a division.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::model::PartnerKind;

#[derive(Deserialize)]
struct PartnersFile {
    partners: Vec<PartnerSpec>,
    /// Names of other things that hold partners' names (bridges, rail
    /// links, stock connects): a partner named inside one is not named.
    #[serde(default)]
    not_partners: Vec<String>,
}

#[derive(Deserialize)]
struct PartnerSpec {
    name: String,
    kind: PartnerKind,
    #[serde(default)]
    province: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    members: Vec<String>,
}

struct Partner {
    kind: PartnerKind,
    province: Option<String>,
    members: Vec<String>,
}

struct Partners {
    by_name: HashMap<String, Partner>,
    /// Latin names and aliases, longest first, matched as whole words, so
    /// that "Guangdong-Hong Kong-Macao Greater Bay Area" wins over
    /// "Guangdong".
    latin: Regex,
    /// Chinese names, longest first; Chinese has no word boundaries.
    cjk: Regex,
    /// The `not_partners` names, if any.
    not_partners: Option<Regex>,
    alias_to_name: HashMap<String, String>,
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn alternation(forms: &mut [String]) -> String {
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let escaped: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
    escaped.join("|")
}

static PARTNERS: LazyLock<Partners> = LazyLock::new(|| {
    let file: PartnersFile = serde_json::from_str(include_str!("../../data/partners.json"))
        .expect("data/partners.json is checked by the tests");
    let mut by_name = HashMap::new();
    let mut alias_to_name = HashMap::new();
    let (mut latin, mut cjk) = (Vec::new(), Vec::new());
    for p in file.partners {
        for form in std::iter::once(&p.name).chain(&p.aliases) {
            alias_to_name.insert(form.clone(), p.name.clone());
            if form.chars().any(is_cjk) {
                cjk.push(form.clone());
            } else {
                latin.push(form.clone());
            }
        }
        by_name.insert(
            p.name,
            Partner {
                kind: p.kind,
                province: p.province,
                members: p.members,
            },
        );
    }
    Partners {
        by_name,
        latin: Regex::new(&format!(r"\b(?:{})\b", alternation(&mut latin))).expect("escaped names"),
        cjk: Regex::new(&format!("(?:{})", alternation(&mut cjk))).expect("escaped names"),
        not_partners: (!file.not_partners.is_empty()).then(|| {
            let mut names = file.not_partners.clone();
            Regex::new(&alternation(&mut names)).expect("escaped names")
        }),
        alias_to_name,
    }
});

/// The canonical partner names, sorted.
pub static PARTNER_NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names: Vec<&str> = PARTNERS.by_name.keys().map(String::as_str).collect();
    names.sort_unstable();
    names
});

/// The canonical name of a partner written any way the partner list knows
/// (its name, an older romanisation, a Chinese name), case aside.
pub fn canonical_partner(written: &str) -> Option<&'static str> {
    let written = written.trim();
    let partners: &'static Partners = &PARTNERS;
    partners
        .alias_to_name
        .iter()
        .find(|(form, _)| form.eq_ignore_ascii_case(written))
        .map(|(_, name)| name.as_str())
        .or_else(|| {
            partners
                .by_name
                .keys()
                .find(|name| name.eq_ignore_ascii_case(written))
                .map(String::as_str)
        })
}

/// The kind of a canonical partner name.
pub fn partner_kind(name: &str) -> Option<PartnerKind> {
    PARTNERS.by_name.get(name).map(|p| p.kind)
}

/// The province-level division a partner lies in: its own name for a
/// province, municipality, autonomous region or SAR; the province of a
/// city or zone; none for a grouping or a national body.
pub fn partner_province(name: &str) -> Option<String> {
    let p = PARTNERS.by_name.get(name)?;
    match p.kind {
        PartnerKind::Province
        | PartnerKind::Municipality
        | PartnerKind::AutonomousRegion
        | PartnerKind::Sar => Some(name.to_string()),
        PartnerKind::City | PartnerKind::Zone => p.province.clone(),
        PartnerKind::RegionalGrouping | PartnerKind::NationalBody => None,
    }
}

/// One place a text names a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mention {
    name: &'static str,
    /// Joined to Hong Kong: "Hong Kong/X", "X-Hong Kong", "X and Hong
    /// Kong", "粤港".
    joined: bool,
    /// Where something happened: "in X", "in Chengdu, X".
    place: bool,
}

static BEFORE_JOINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:Hong Kong|HK|HKSAR)\s*(?:/|-|–|—|&|and|\s)\s*(?:the\s+)?$")
        .expect("valid regex")
});
static AFTER_JOINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:/|-|–|—|&|and)\s*(?:the\s+)?(?:Hong Kong|HK|HKSAR)\b").expect("valid regex")
});
static BEFORE_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:in|at)\s+(?:[A-Z][a-z]+,\s*)?$").expect("valid regex"));

fn mentions(text: &str) -> Vec<Mention> {
    let mut found: Vec<(usize, Mention)> = Vec::new();
    let masked: Vec<(usize, usize)> = PARTNERS
        .not_partners
        .iter()
        .flat_map(|p| p.find_iter(text).map(|m| (m.start(), m.end())))
        .collect();
    for (pattern, cjk) in [(&PARTNERS.latin, false), (&PARTNERS.cjk, true)] {
        for m in pattern.find_iter(text) {
            if masked.iter().any(|&(s, e)| s <= m.start() && m.end() <= e) {
                continue;
            }
            let Some(name) = PARTNERS.alias_to_name.get(m.as_str()) else {
                continue;
            };
            let after = &text[m.end()..];
            let joined = if cjk {
                m.as_str().ends_with('港')
            } else {
                tail_matches(&BEFORE_JOINED, text, m.start()) || AFTER_JOINED.is_match(after)
            };
            let place = !cjk && !joined && tail_matches(&BEFORE_PLACE, text, m.start());
            found.push((
                m.start(),
                Mention {
                    name: name.as_str(),
                    joined,
                    place,
                },
            ));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, m)| m).collect()
}

/// Does the text just before `at` (up to 40 bytes, on a character
/// boundary) end with what `pattern` matches?
fn tail_matches(pattern: &Regex, text: &str, at: usize) -> bool {
    let mut start = at.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    pattern.is_match(&text[start..at])
}

/// The partners a text names, as canonical names in order of appearance,
/// with repeats.
#[cfg(test)]
fn find_partners(text: &str) -> Vec<&'static str> {
    mentions(text).into_iter().map(|m| m.name).collect()
}

/// Picks the partner of a release from its headline, opening paragraph
/// and whole text (see the module notes for the rules).
pub(crate) fn choose_partner(title: &str, opening: &str, body: &str) -> Option<&'static str> {
    // A page without a headline leads with its subject sentence.
    let title = if title.trim().is_empty() {
        opening.split_inclusive(". ").next().unwrap_or_default()
    } else {
        title
    };
    let in_title = mentions(title);
    let in_opening = mentions(opening);
    let in_body = mentions(body);
    let mut score: HashMap<&'static str, f64> = HashMap::new();
    let mut first_seen: HashMap<&'static str, usize> = HashMap::new();
    for (i, m) in in_title.iter().chain(&in_body).enumerate() {
        first_seen.entry(m.name).or_insert(i);
    }
    let titled_groupings: Vec<&str> = in_title
        .iter()
        .filter(|m| !m.place && partner_kind(m.name) == Some(PartnerKind::RegionalGrouping))
        .map(|m| m.name)
        .collect();
    let speaks_for = |member: &str| {
        titled_groupings.iter().any(|g| {
            PARTNERS
                .by_name
                .get(*g)
                .is_some_and(|p| p.members.iter().any(|x| x == member))
        })
    };
    for m in &in_title {
        let s = if m.joined {
            1000.0
        } else if m.place {
            20.0
        } else if speaks_for(m.name) {
            0.0
        } else {
            300.0
        };
        *score.entry(m.name).or_default() += s;
    }
    for m in &in_opening {
        *score.entry(m.name).or_default() += if m.place { 2.0 } else { 10.0 };
    }
    for m in &in_body {
        let s = if m.joined {
            50.0
        } else if m.place {
            1.0
        } else {
            3.0
        };
        *score.entry(m.name).or_default() += s;
    }
    let titled = |name: &str| in_title.iter().any(|m| m.name == name && !m.place);
    for (name, s) in score.iter_mut() {
        let weak = matches!(
            partner_kind(name),
            Some(PartnerKind::RegionalGrouping | PartnerKind::NationalBody)
        );
        if weak && !titled(name) {
            *s *= 0.4;
        }
    }
    score
        .into_iter()
        .filter(|(_, s)| *s > 0.0)
        .max_by(|(a, sa), (b, sb)| {
            sa.total_cmp(sb)
                .then_with(|| first_seen.get(b).cmp(&first_seen.get(a)))
                .then_with(|| b.cmp(a))
        })
        .map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_thirty_three_divisions_besides_hong_kong_are_known() {
        let divisions = PARTNER_NAMES
            .iter()
            .filter(|n| {
                matches!(
                    partner_kind(n),
                    Some(
                        PartnerKind::Province
                            | PartnerKind::Municipality
                            | PartnerKind::AutonomousRegion
                            | PartnerKind::Sar
                    )
                )
            })
            .count();
        assert_eq!(divisions, 33);
        assert_eq!(partner_kind("Taiwan"), Some(PartnerKind::Province));
        assert_eq!(partner_kind("Macao"), Some(PartnerKind::Sar));
        assert_eq!(partner_kind("Tianjin"), Some(PartnerKind::Municipality));
        assert_eq!(partner_kind("Shenzhen"), Some(PartnerKind::City));
        assert_eq!(partner_kind("Qianhai"), Some(PartnerKind::Zone));
    }

    #[test]
    fn every_city_and_zone_lies_in_a_known_province() {
        for name in PARTNER_NAMES.iter() {
            let p = &PARTNERS.by_name[*name];
            if matches!(p.kind, PartnerKind::City | PartnerKind::Zone) {
                let province = p.province.as_deref().unwrap_or_default();
                assert_eq!(
                    partner_kind(province),
                    Some(PartnerKind::Province),
                    "{name} lies in {province:?}"
                );
            }
            for member in &p.members {
                assert!(partner_kind(member).is_some(), "{name} has member {member}");
            }
        }
    }

    #[test]
    fn provinces_of_partners() {
        assert_eq!(partner_province("Shenzhen").as_deref(), Some("Guangdong"));
        assert_eq!(partner_province("Xiamen").as_deref(), Some("Fujian"));
        assert_eq!(partner_province("Beijing").as_deref(), Some("Beijing"));
        assert_eq!(partner_province("Pan-Pearl River Delta"), None);
        assert_eq!(partner_province("Ministry of Commerce"), None);
    }

    #[test]
    fn partner_forms_in_titles() {
        assert_eq!(
            choose_partner("Meeting of Hong Kong/Jiangsu Co-operation", "", ""),
            Some("Jiangsu")
        );
        assert_eq!(
            choose_partner("Zhejiang and Hong Kong signed agreements", "", ""),
            Some("Zhejiang")
        );
        assert_eq!(
            choose_partner(
                "Sichuan Provincial Committee visits",
                "",
                "Sichuan and Chongqing"
            ),
            Some("Sichuan")
        );
    }

    #[test]
    fn a_city_joined_to_hong_kong_beats_the_bay_area_and_its_province() {
        let opening = "co-chaired the Hong Kong-Shenzhen Co-operation Meeting in Shenzhen today.";
        let body =
            "the Guangdong-Hong Kong-Macao Greater Bay Area, the Greater Bay Area, Guangdong";
        assert_eq!(choose_partner("", opening, body), Some("Shenzhen"));
    }

    #[test]
    fn a_grouping_in_the_title_speaks_for_its_members_and_places_count_little() {
        assert_eq!(
            choose_partner(
                "Macau attends Pan-Pearl River Delta meeting in Hunan",
                "A delegation from Macau will attend",
                "Macau Macau Hunan Fujian Pan-Pearl River Delta"
            ),
            Some("Pan-Pearl River Delta")
        );
        assert_eq!(
            choose_partner(
                "The 2021 Pan-Pearl River Delta (PPRD) Joint Conference opens in Chengdu, Sichuan",
                "",
                "Sichuan Sichuan Fujian PPRD"
            ),
            Some("Pan-Pearl River Delta")
        );
    }

    #[test]
    fn chinese_names_and_old_romanisations() {
        assert_eq!(
            choose_partner("", "", "粤港合作联席会议在广州举行"),
            Some("Guangdong")
        );
        assert_eq!(
            choose_partner("", "", "粵港澳大灣區"),
            Some("Greater Bay Area")
        );
        assert_eq!(
            find_partners("Szechuan, Amoy and Peking"),
            vec!["Sichuan", "Xiamen", "Beijing"]
        );
    }

    #[test]
    fn names_inside_a_bridge_or_a_stock_connect_are_not_partners() {
        assert_eq!(
            find_partners(
                "the Hong Kong-Zhuhai-Macao Bridge and Shenzhen-Hong Kong Stock Connect with Macao"
            ),
            vec!["Macao"]
        );
    }

    #[test]
    fn longest_form_wins_and_aliases_map_to_names() {
        assert_eq!(
            find_partners("the Guangdong-Hong Kong-Macao Greater Bay Area and Macau"),
            vec!["Greater Bay Area", "Macao"]
        );
        assert_eq!(
            find_partners("Shanxi and Shaanxi"),
            vec!["Shanxi", "Shaanxi"]
        );
    }

    #[test]
    fn body_only_prefers_a_division_over_a_grouping() {
        assert_eq!(
            choose_partner(
                "Meeting held",
                "",
                "Greater Bay Area, Greater Bay Area, Fujian"
            ),
            Some("Fujian")
        );
        assert_eq!(choose_partner("Meeting held", "", "nothing"), None);
    }
}
