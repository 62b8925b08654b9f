//! The reference data as phrases to look for: each talent by its French name (masculine and
//! feminine forms of the inclusive `Danseur·euse`), English name, tag and trade synonyms;
//! each country by its French and English names; each city by its name. A text's words are
//! matched against them longest phrase first, a word serving one phrase only.

use std::collections::HashMap;

use super::{lexicon, text};
use crate::ai::Reference;

/// What a phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Talent(i32),
    /// Index into the reference's countries.
    Country(usize),
    /// Indexes into the reference's countries and that country's cities.
    City(usize, usize),
    /// A language code from the lexicon.
    Language(&'static str),
}

/// One phrase found in a text: what it means and which words (token indexes) it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub target: Target,
    pub first: usize,
    pub last: usize,
}

/// Phrases indexed by their first word.
#[derive(Debug, Default)]
pub struct Phrases {
    by_first: HashMap<String, Vec<(Vec<String>, Target)>>,
}

/// City names that are also everyday words in French or English; they are not read as places.
const AMBIGUOUS_CITIES: &[&str] = &[
    "man", "ho", "wa", "bo", "bor", "tete", "kara", "luba", "lira",
];

/// The comparable words of a phrase: normalised, stemmed, without stopwords.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    text::tokens(phrase)
        .into_iter()
        .filter(|t| !text::is_stopword(&t.norm))
        .map(|t| text::stem(&t.norm).to_string())
        .collect()
}

/// The masculine and feminine forms of an inclusive French label (`Acteur·rice` → `Acteur`,
/// `Actrice`; `Danseur·euse contemporain·e` → `Danseur contemporain`, `Danseuse
/// contemporaine`), and each of its `/`-separated or bracketed alternatives.
pub fn label_forms(label: &str) -> Vec<String> {
    let mut out = Vec::new();
    for alternative in label.split(['/', '(', ')']) {
        let alternative = alternative.trim();
        if alternative.is_empty() {
            continue;
        }
        let mut masculine = Vec::new();
        let mut feminine = Vec::new();
        for word in alternative.split_whitespace() {
            match word.split_once('·') {
                Some((stem, ending)) => {
                    masculine.push(stem.to_string());
                    feminine.push(feminine_of(stem, ending));
                }
                None => {
                    masculine.push(word.to_string());
                    feminine.push(word.to_string());
                }
            }
        }
        let masculine = masculine.join(" ");
        let feminine = feminine.join(" ");
        if feminine != masculine {
            out.push(feminine);
        }
        out.push(masculine);
    }
    out
}

/// `acteur` + `rice` → `actrice`, `danseur` + `euse` → `danseuse`, `costumier` + `ère` →
/// `costumière`, otherwise the ending appended (`figurant` + `e`, `comédien` + `ne`).
fn feminine_of(stem: &str, ending: &str) -> String {
    if ending == "rice" && stem.ends_with("teur") {
        format!("{}rice", &stem[..stem.len() - 3])
    } else if ending == "euse" && stem.ends_with("eur") {
        format!("{}euse", &stem[..stem.len() - 3])
    } else if ending == "ère" && stem.ends_with("er") {
        format!("{}ère", &stem[..stem.len() - 2])
    } else {
        format!("{stem}{ending}")
    }
}

impl Phrases {
    pub fn add(&mut self, phrase: &str, target: Target) {
        let words = phrase_words(phrase);
        let Some(first) = words.first().cloned() else {
            return;
        };
        let entries = self.by_first.entry(first).or_default();
        if !entries.iter().any(|(w, t)| *w == words && *t == target) {
            entries.push((words, target));
        }
    }

    /// The talent catalogue: French forms, English name, tag, and the lexicon's synonyms.
    pub fn talents(reference: &Reference) -> Self {
        let mut phrases = Self::default();
        for talent in &reference.talents {
            let target = Target::Talent(talent.id);
            for form in label_forms(&talent.name_fr) {
                phrases.add(&form, target);
            }
            for form in label_forms(&talent.name_en) {
                phrases.add(&form, target);
            }
            phrases.add(&talent.tag.replace('_', " "), target);
        }
        for (synonym, tag) in lexicon::TALENT_SYNONYMS {
            if let Some(talent) = reference.talents.iter().find(|t| t.tag == *tag) {
                phrases.add(synonym, Target::Talent(talent.id));
            }
        }
        phrases
    }

    /// The countries (French and English names) and their cities.
    pub fn places(reference: &Reference) -> Self {
        let mut phrases = Self::default();
        for (c, country) in reference.countries.iter().enumerate() {
            phrases.add(&country.name_fr, Target::Country(c));
            phrases.add(&country.name_en, Target::Country(c));
            for (i, city) in country.cities.iter().enumerate() {
                let norm = text::normalize(&city.name);
                if norm.chars().count() < 3 || AMBIGUOUS_CITIES.contains(&norm.as_str()) {
                    continue;
                }
                phrases.add(&city.name, Target::City(c, i));
            }
        }
        phrases
    }

    /// The lexicon's language names.
    pub fn languages() -> Self {
        let mut phrases = Self::default();
        for (name, code) in lexicon::LANGUAGES {
            phrases.add(name, Target::Language(code));
        }
        phrases
    }

    /// Every phrase in `words` (comparable words, see [`comparable`]), longest first, no word
    /// used twice; in text order.
    pub fn find(&self, words: &[String]) -> Vec<Found> {
        let mut candidates = Vec::new();
        for (start, word) in words.iter().enumerate() {
            let Some(entries) = self.by_first.get(word) else {
                continue;
            };
            for (phrase, target) in entries {
                let end = start + phrase.len();
                if end <= words.len() && words[start..end] == phrase[..] {
                    candidates.push(Found {
                        target: *target,
                        first: start,
                        last: end - 1,
                    });
                }
            }
        }
        candidates.sort_by_key(|f| (std::cmp::Reverse(f.last - f.first), f.first));
        let mut taken = vec![false; words.len()];
        let mut out: Vec<Found> = Vec::new();
        for found in candidates {
            if taken[found.first..=found.last].iter().any(|t| *t) {
                // A same-length, same-place phrase with another meaning (a name shared by
                // two entries) is kept too.
                if !out
                    .iter()
                    .any(|o| o.first == found.first && o.last == found.last)
                {
                    continue;
                }
            }
            taken[found.first..=found.last]
                .iter_mut()
                .for_each(|t| *t = true);
            out.push(found);
        }
        out.sort_by_key(|f| f.first);
        out.dedup_by(|a, b| a.target == b.target && a.first == b.first);
        out
    }
}

/// A text's words ready for [`Phrases::find`], with each one's token (for quoting it as
/// written): stopwords dropped, plurals stemmed.
pub fn comparable(tokens: &[text::Token]) -> (Vec<String>, Vec<&text::Token>) {
    tokens
        .iter()
        .filter(|t| !text::is_stopword(&t.norm))
        .map(|t| (text::stem(&t.norm).to_string(), t))
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::ports::{ReferenceCity, ReferenceCountry, ReferenceTalent};

    pub fn talent(id: i32, fr: &str, en: &str, tag: &str) -> ReferenceTalent {
        ReferenceTalent {
            id,
            name_fr: fr.into(),
            name_en: en.into(),
            tag: tag.into(),
            category: "performing_arts".into(),
        }
    }

    #[test]
    fn inclusive_labels_give_both_forms() {
        assert_eq!(label_forms("Acteur·rice"), ["Actrice", "Acteur"]);
        assert_eq!(
            label_forms("Danseur·euse contemporain·e"),
            ["Danseuse contemporaine", "Danseur contemporain"]
        );
        assert_eq!(label_forms("Costumier·ère"), ["Costumière", "Costumier"]);
        assert_eq!(
            label_forms("Comédien·ne de doublage"),
            ["Comédienne de doublage", "Comédien de doublage"]
        );
        assert_eq!(
            label_forms("Couturier·ère / tailleur"),
            ["Couturière", "Couturier", "tailleur"]
        );
        assert_eq!(
            label_forms("Atalaku (animateur musical)"),
            ["Atalaku", "animateur musical"]
        );
    }

    #[test]
    fn longest_phrase_wins_and_plurals_match() {
        let reference = Reference {
            talents: vec![
                talent(1, "Danseur·euse", "Dancer", "dancer"),
                talent(
                    2,
                    "Danseur·euse contemporain·e",
                    "Contemporary dancer",
                    "contemporary_dancer",
                ),
                talent(3, "Chanteur·euse", "Singer", "singer"),
            ],
            countries: vec![],
        };
        let phrases = Phrases::talents(&reference);
        let tokens =
            text::tokens("Danseuse contemporaine, chanteuses et DANSEURS; backing singers");
        let (words, _) = comparable(&tokens);
        let found: Vec<Target> = phrases.find(&words).into_iter().map(|f| f.target).collect();
        assert_eq!(
            found,
            [
                Target::Talent(2),
                Target::Talent(3),
                Target::Talent(1),
                Target::Talent(3)
            ]
        );
    }

    #[test]
    fn places_skip_city_names_that_are_common_words() {
        let reference = Reference {
            talents: vec![],
            countries: vec![ReferenceCountry {
                code: "CI".into(),
                name_fr: "Côte d'Ivoire".into(),
                name_en: "Ivory Coast".into(),
                cities: vec![
                    ReferenceCity {
                        id: 7,
                        name: "Man".into(),
                    },
                    ReferenceCity {
                        id: 8,
                        name: "Abidjan".into(),
                    },
                ],
            }],
        };
        let phrases = Phrases::places(&reference);
        let tokens = text::tokens("A man from ABIDJAN, cote d’ivoire");
        let (words, _) = comparable(&tokens);
        let found: Vec<Target> = phrases.find(&words).into_iter().map(|f| f.target).collect();
        assert_eq!(found, [Target::City(0, 1), Target::Country(0)]);
    }
}
