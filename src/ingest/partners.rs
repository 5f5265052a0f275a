//! The Mainland partners, kept as data in `data/partners.json`: every
//! provincial-level division other than Hong Kong, and the regional
//! groupings that meet Hong Kong as one side.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::model::PartnerKind;

#[derive(Deserialize)]
struct PartnersFile {
    partners: Vec<PartnerSpec>,
}

#[derive(Deserialize)]
struct PartnerSpec {
    name: String,
    kind: PartnerKind,
    #[serde(default)]
    aliases: Vec<String>,
}

struct Partners {
    kinds: HashMap<String, PartnerKind>,
    /// Every name and alias, longest first so that "Guangdong-Hong
    /// Kong-Macao Greater Bay Area" wins over "Guangdong".
    pattern: Regex,
    alias_to_name: HashMap<String, String>,
}

static PARTNERS: LazyLock<Partners> = LazyLock::new(|| {
    let file: PartnersFile = serde_json::from_str(include_str!("../../data/partners.json"))
        .expect("data/partners.json is checked by the tests");
    let mut kinds = HashMap::new();
    let mut alias_to_name = HashMap::new();
    let mut forms = Vec::new();
    for p in file.partners {
        for form in std::iter::once(&p.name).chain(&p.aliases) {
            alias_to_name.insert(form.clone(), p.name.clone());
            forms.push(form.clone());
        }
        kinds.insert(p.name, p.kind);
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let alternatives: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
    let pattern =
        Regex::new(&format!(r"\b(?:{})\b", alternatives.join("|"))).expect("escaped names");
    Partners {
        kinds,
        pattern,
        alias_to_name,
    }
});

/// The canonical partner names, sorted.
pub static PARTNER_NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names: Vec<&str> = PARTNERS.kinds.keys().map(String::as_str).collect();
    names.sort_unstable();
    names
});

/// The kind of a canonical partner name.
pub fn partner_kind(name: &str) -> Option<PartnerKind> {
    PARTNERS.kinds.get(name).copied()
}

/// The partners a text names, as canonical names in order of appearance,
/// with repeats.
pub(crate) fn find_partners(text: &str) -> Vec<&'static str> {
    PARTNERS
        .pattern
        .find_iter(text)
        .filter_map(|m| PARTNERS.alias_to_name.get(m.as_str()))
        .map(String::as_str)
        .collect()
}

/// Picks the partner of a release: among those its title names, the one
/// the whole text names most (ties to the first in the title); when the
/// title names none, the division the text names most, a grouping only when
/// no single division is named.
pub(crate) fn choose_partner(title: &str, body: &str) -> Option<&'static str> {
    let in_body = find_partners(body);
    let count = |name: &str| in_body.iter().filter(|&&n| n == name).count();
    let mut in_title = find_partners(title);
    in_title.dedup();
    if !in_title.is_empty() {
        return in_title
            .iter()
            .copied()
            .enumerate()
            .max_by_key(|&(i, name)| (count(name), std::cmp::Reverse(i)))
            .map(|(_, name)| name);
    }
    let mut candidates: Vec<&str> = in_body.clone();
    candidates.sort_unstable();
    candidates.dedup();
    let is_grouping = |name: &str| partner_kind(name) == Some(PartnerKind::RegionalGrouping);
    candidates
        .into_iter()
        .max_by_key(|&name| (!is_grouping(name), count(name), std::cmp::Reverse(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_thirty_three_divisions_besides_hong_kong_are_known() {
        let divisions = PARTNER_NAMES
            .iter()
            .filter(|n| partner_kind(n) != Some(PartnerKind::RegionalGrouping))
            .count();
        assert_eq!(divisions, 33);
        assert_eq!(partner_kind("Taiwan"), Some(PartnerKind::Province));
        assert_eq!(partner_kind("Macao"), Some(PartnerKind::Sar));
        assert_eq!(partner_kind("Tianjin"), Some(PartnerKind::Municipality));
    }

    #[test]
    fn partner_forms_in_titles() {
        assert_eq!(
            choose_partner("Meeting of Hong Kong/Jiangsu Co-operation", ""),
            Some("Jiangsu")
        );
        assert_eq!(
            choose_partner("Zhejiang and Hong Kong signed agreements", ""),
            Some("Zhejiang")
        );
        assert_eq!(
            choose_partner(
                "Sichuan Provincial Committee visits",
                "Sichuan and Chongqing"
            ),
            Some("Sichuan")
        );
    }

    #[test]
    fn the_text_decides_between_names_in_a_title() {
        let title = "Hong Kong & Macao – Zhejiang Week opens";
        assert_eq!(
            choose_partner(title, "Zhejiang ... Zhejiang ... Macao"),
            Some("Zhejiang")
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
            choose_partner("Meeting held", "Greater Bay Area, Greater Bay Area, Fujian"),
            Some("Fujian")
        );
        assert_eq!(choose_partner("Meeting held", "nothing"), None);
    }
}
