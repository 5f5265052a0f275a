//! The area taxonomy: canonical co-operation areas, kept as data in
//! `data/areas.json`, so that "Health, Hygiene and Chinese Medicine",
//! "Healthcare" and "Health and Chinese Medicine" meet under one facet.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

#[derive(Deserialize)]
struct AreasFile {
    areas: Vec<AreaSpec>,
}

#[derive(Deserialize)]
struct AreaSpec {
    area: String,
    headings: Vec<String>,
    keywords: Vec<String>,
}

struct Area {
    name: String,
    heading: Regex,
    /// Heading phrases and keywords together, for scoring paragraphs.
    content: Regex,
}

/// The canonical areas and the phrases that point to them.
pub struct Taxonomy {
    areas: Vec<Area>,
}

static BUILTIN: LazyLock<Taxonomy> = LazyLock::new(|| {
    Taxonomy::from_json(include_str!("../../data/areas.json"))
        .expect("data/areas.json is checked by the tests")
});

impl Taxonomy {
    pub fn builtin() -> &'static Taxonomy {
        &BUILTIN
    }

    /// Reads a taxonomy in the form of `data/areas.json`.
    pub fn from_json(json: &str) -> Result<Taxonomy, String> {
        let file: AreasFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let areas = file
            .areas
            .into_iter()
            .map(|spec| {
                let all: Vec<String> = spec
                    .headings
                    .iter()
                    .chain(&spec.keywords)
                    .cloned()
                    .collect();
                Ok(Area {
                    heading: phrase_regex(&spec.headings)
                        .map_err(|e| format!("area {:?}: {e}", spec.area))?,
                    content: phrase_regex(&all)
                        .map_err(|e| format!("area {:?}: {e}", spec.area))?,
                    name: spec.area,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Taxonomy { areas })
    }

    /// Every canonical area's name, in taxonomy order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.areas.iter().map(|a| a.name.as_str())
    }

    /// The canonical areas a heading names, in taxonomy order.
    pub fn classify_heading(&self, heading: &str) -> Vec<String> {
        self.areas
            .iter()
            .filter(|a| a.heading.is_match(heading))
            .map(|a| a.name.clone())
            .collect()
    }

    /// How strongly a text speaks of each area: the number of its phrases
    /// the text mentions. Areas it never mentions are left out.
    pub fn score(&self, text: &str) -> Vec<(&str, usize)> {
        self.areas
            .iter()
            .map(|a| (a.name.as_str(), a.content.find_iter(text).count()))
            .filter(|&(_, n)| n > 0)
            .collect()
    }

    /// The area a text speaks of most, with its score; ties go to the area
    /// listed first.
    pub fn best(&self, text: &str) -> Option<(&str, usize)> {
        Taxonomy::best_of(&self.score(text))
    }

    /// The highest of some scores from [`Taxonomy::score`]; ties go to the
    /// area listed first.
    pub fn best_of<'a>(scores: &[(&'a str, usize)]) -> Option<(&'a str, usize)> {
        scores.iter().fold(None, |best, &(area, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((area, n)),
        })
    }
}

/// The canonical areas of a heading, from the built-in taxonomy.
pub fn canonical_areas(heading: &str) -> Vec<String> {
    Taxonomy::builtin().classify_heading(heading)
}

/// One case-insensitive regex matching any of the phrases as whole words; a
/// trailing `*` lets the last word run on.
fn phrase_regex(phrases: &[String]) -> Result<Regex, regex::Error> {
    let alternatives: Vec<String> = phrases
        .iter()
        .map(|p| {
            let p = p.trim().to_lowercase();
            match p.strip_suffix('*') {
                Some(stem) => format!(r"{}\w*", phrase_pattern(stem)),
                None => phrase_pattern(&p),
            }
        })
        .collect();
    Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|")))
}

/// A phrase's words, separated by any run of spaces or a hyphen, so
/// "co-operation" and "co operation" are one phrase.
fn phrase_pattern(phrase: &str) -> String {
    phrase
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"[\s\-]+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_taxonomy_loads_with_about_twenty_areas() {
        let n = Taxonomy::builtin().names().count();
        assert!((15..=25).contains(&n), "{n} areas");
    }

    #[test]
    fn headings_of_one_topic_meet_under_one_area() {
        for heading in [
            "Health, Hygiene and Chinese Medicine",
            "Healthcare",
            "Health and Chinese Medicine",
            "Health and hygiene",
        ] {
            assert_eq!(
                canonical_areas(heading),
                vec!["Health and Chinese Medicine"],
                "{heading}"
            );
        }
    }

    #[test]
    fn headings_joining_topics_get_several_areas() {
        assert_eq!(
            canonical_areas("Education and Talent Exchange"),
            vec!["Education", "Talent and Civil Service Exchange"]
        );
        assert_eq!(
            canonical_areas(
                "The Belt and Road Initiative, Economic, Trade and Investment Co-operation"
            ),
            vec!["Belt and Road", "Trade and Investment"]
        );
        assert_eq!(
            canonical_areas("Culture, Tourism and Sports"),
            vec!["Culture and Tourism", "Sports"]
        );
    }

    #[test]
    fn near_words_do_not_cross_areas() {
        assert_eq!(
            canonical_areas("Cultural Exchange and Tourism"),
            vec!["Culture and Tourism"]
        );
        assert_eq!(canonical_areas("Youth Exchange"), vec!["Youth Development"]);
        assert_eq!(
            canonical_areas("Legal Services"),
            vec!["Legal and Dispute Resolution"]
        );
        assert_eq!(
            canonical_areas("Civil Aviation, Maritime Transport and Logistics"),
            vec!["Transport and Logistics"]
        );
        assert_eq!(canonical_areas("Signing ceremony"), Vec::<String>::new());
    }

    #[test]
    fn paragraphs_are_scored_by_their_vocabulary() {
        let t = Taxonomy::builtin();
        let (area, _) = t
            .best("Strengthen the airport co-operation; deepen the joint venture between Hangzhou Airport and the Airport Authority.")
            .unwrap();
        assert_eq!(area, "Transport and Logistics");
        let (area, _) = t
            .best("Encourage schools in the two places to form sister school pairs to facilitate exchanges between teachers and students.")
            .unwrap();
        assert_eq!(area, "Education");
        assert_eq!(t.best("Nothing to see."), None);
    }

    #[test]
    fn a_bad_taxonomy_is_an_error_not_a_panic() {
        assert!(Taxonomy::from_json("{").is_err());
        assert!(Taxonomy::from_json(
            r#"{"areas": [{"area": "X", "headings": ["("], "keywords": []}]}"#
        )
        .is_ok());
    }
}
