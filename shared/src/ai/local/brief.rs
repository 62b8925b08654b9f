//! A brief read by rules, in French or English: the age range, gender, languages, place,
//! height, talent types and experience it asks for, and its remaining words as keywords.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::catalogue::{Phrases, Target};
use super::{lexicon, text};
use crate::ai::{BriefCriteria, Reference};
use crate::profiles::Gender;

const MAX_KEYWORDS: usize = 12;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a brief pattern compiles")
}

const YEARS: &str = r"(?:ans|annees|years?|yrs|yo)";

/// "25-35 ans", "entre 20 et 30 ans", "de 20 à 30 ans", "18 to 25 years old".
static AGE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(\d{{1,2}})\s*(?:-|a|to|et|and|/)\s*(\d{{1,2}})\s*{YEARS}\b"
    ))
});
/// "aged 18 to 25", "âge : 25-35", "between 20 and 30" with no unit.
static AGE_RANGE_LED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:aged?|ages|agee?s?|between|entre)\s*:?\s*(\d{1,2})\s*(?:-|a|to|et|and|/)\s*(\d{1,2})\b",
    )
});
/// "la trentaine", "début de la vingtaine", "in her late twenties".
static DECADE: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = lexicon::DECADES.iter().map(|(n, _)| *n).collect();
    re(&format!(
        r"\b(?:(debut|fin|milieu|early|mid|late)\s*(?:de\s+la\s+|-)?\s*)?({})\b",
        names.join("|")
    ))
});
static AGE_OVER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:plus\s+de|over|above|older\s+than|at\s+least|au\s+moins|minimum|min\.?)\s*(\d{{1,2}})\s*{YEARS}\b"
    ))
});
static AGE_OVER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(\d{{1,2}})\s*(?:{YEARS}\s*)?(?:\+|et\s+plus|ou\s+plus|and\s+over|and\s+above|or\s+older|or\s+over)"
    ))
});
static AGE_UNDER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:moins\s+de|under|below|younger\s+than|at\s+most|au\s+plus|maximum|max\.?)\s*(\d{{1,2}})\s*{YEARS}\b"
    ))
});
static AGE_SINGLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{1,2})\s*(?:ans\b|[\s-]*years?[\s-]*old\b|yo\b)"));

/// "5 ans d'expérience", "3+ years of experience", "expérience de 5 ans minimum".
static EXPERIENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(\d{{1,2}})\s*(?:(?:-|a|to)\s*\d{{1,2}}\s*)?\+?\s*{YEARS}\s*\+?\s*(?:minimum\s+|au\s+moins\s+)?(?:d'\s*|d\s+|de\s+|of\s+)?(?:experience|metier|pratique|professional|on\s+stage|de\s+scene)"
    ))
});
static EXPERIENCE_LED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\bexperience\s*(?::|de|d'au\s+moins|of|of\s+at\s+least|minimum|min\.?)?\s*(?:de\s+)?(\d{{1,2}})\s*\+?\s*{YEARS}"
    ))
});

/// "1m75", "1,80 m", "1.75m".
static HEIGHT_M: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([12])\s*(?:m\s*(\d{2})|[.,](\d{2})\s*m)\b"));
static HEIGHT_CM: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{3})\s*cm\b"));
/// "6ft", "5'10", "5 ft 8 in".
static HEIGHT_FT: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"\b([4-7])\s*(?:ft|feet|foot|')\s*(?:(\d{1,2})\s*(?:in|inches|"|'')?)?"#)
});

const AT_LEAST: &[&str] = &[
    "au moins",
    "minimum",
    "min",
    "plus de",
    "at least",
    "over",
    "taller than",
    "above",
    "superieure a",
    "superieur a",
    "mini",
];
const AT_MOST: &[&str] = &[
    "moins de",
    "maximum",
    "max",
    "under",
    "at most",
    "shorter than",
    "below",
    "pas plus de",
    "inferieure a",
    "inferieur a",
];

/// Words that only frame a brief and are not worth searching for.
pub const FILLER: &[&str] = &[
    "casting",
    "role",
    "roles",
    "candidat",
    "candidate",
    "candidats",
    "candidates",
    "candidate",
    "urgent",
    "svp",
    "merci",
    "please",
    "disponible",
    "available",
    "physique",
    "taille",
    "height",
    "mesurant",
    "experience",
    "experienced",
    "experimente",
    "experimentee",
    "cm",
    "ft",
    "agee",
    "age",
    "ages",
    "ideal",
    "idealement",
    "ideally",
    "type",
    "talent",
    "talents",
    "trentaine",
    "vingtaine",
    "quarantaine",
    "cinquantaine",
    "soixantaine",
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "teens",
    "early",
    "late",
    "mid",
    "debut",
    "fin",
    "milieu",
    "parlant",
    "speaking",
    "speaks",
    "parle",
    "langue",
    "langues",
    "language",
    "languages",
    "base",
    "basee",
    "based",
    "residant",
    "residente",
    "living",
    "jeune",
    "young",
    "homme",
    "femme",
    "man",
    "woman",
    "fille",
    "garcon",
    "girl",
    "boy",
];

/// What was read in a brief, with the byte ranges (in its normalised text) the rules used.
struct Read {
    used: Vec<Range<usize>>,
}

impl Read {
    fn take(&mut self, range: Range<usize>) {
        self.used.push(range);
    }

    fn is_used(&self, at: usize) -> bool {
        self.used.iter().any(|r| r.contains(&at))
    }
}

/// Whether an age match is in fact an experience ("5 ans d'expérience").
fn is_experience(norm: &str, range: &Range<usize>) -> bool {
    let after: String = norm[range.end..].chars().take(30).collect();
    let before: String = {
        let start = norm[..range.start]
            .char_indices()
            .rev()
            .nth(24)
            .map_or(0, |(i, _)| i);
        norm[start..range.start].to_string()
    };
    let after = after.trim_start();
    after.starts_with("d'experience")
        || after.starts_with("d experience")
        || after.starts_with("de experience")
        || after.starts_with("of experience")
        || after.starts_with("experience")
        || after.starts_with("minimum d'experience")
        || after.starts_with("de metier")
        || after.starts_with("de pratique")
        || after.starts_with("professional")
        || before.contains("experience")
}

fn age_range(norm: &str, read: &mut Read) -> (Option<i32>, Option<i32>) {
    let mut min = None;
    let mut max = None;
    for pattern in [&*AGE_RANGE, &*AGE_RANGE_LED] {
        for caps in pattern.captures_iter(norm) {
            let whole = caps.get(0).expect("a match has a whole").range();
            if read.is_used(whole.start) || is_experience(norm, &whole) {
                continue;
            }
            let (Ok(a), Ok(b)) = (caps[1].parse::<i32>(), caps[2].parse::<i32>()) else {
                continue;
            };
            if a <= b {
                read.take(whole);
                return (Some(a), Some(b));
            }
        }
    }
    if let Some(caps) = DECADE.captures(norm) {
        let decade = lexicon::DECADES
            .iter()
            .find(|(n, _)| *n == &caps[2])
            .map_or(20, |(_, d)| *d);
        let (low, high) = match caps.get(1).map(|m| m.as_str()) {
            _ if decade == 13 => (13, 19),
            Some("debut" | "early") => (decade, decade + 4),
            Some("milieu" | "mid") => (decade + 3, decade + 7),
            Some("fin" | "late") => (decade + 5, decade + 9),
            _ => (decade, decade + 9),
        };
        read.take(caps.get(0).expect("whole").range());
        return (Some(low), Some(high));
    }
    for pattern in [&*AGE_OVER, &*AGE_OVER_AFTER] {
        if let Some(caps) = pattern.captures(norm) {
            let whole = caps.get(0).expect("whole").range();
            if !is_experience(norm, &whole) {
                min = caps[1].parse().ok();
                read.take(whole);
                break;
            }
        }
    }
    if let Some(caps) = AGE_UNDER.captures(norm) {
        let whole = caps.get(0).expect("whole").range();
        if !is_experience(norm, &whole) {
            max = caps[1].parse().ok();
            read.take(whole);
        }
    }
    if min.is_some() || max.is_some() {
        return (min, max);
    }
    for caps in AGE_SINGLE.captures_iter(norm) {
        let whole = caps.get(0).expect("whole").range();
        if read.is_used(whole.start) || is_experience(norm, &whole) {
            continue;
        }
        if let Ok(age) = caps[1].parse::<i32>() {
            read.take(whole);
            return (Some((age - 3).max(0)), Some(age + 3));
        }
    }
    (None, None)
}

fn experience(norm: &str, read: &mut Read) -> Option<i32> {
    for pattern in [&*EXPERIENCE, &*EXPERIENCE_LED] {
        if let Some(caps) = pattern.captures(norm) {
            read.take(caps.get(0).expect("whole").range());
            return caps[1].parse().ok();
        }
    }
    None
}

/// Heights in centimetres with where they were written.
fn heights(norm: &str) -> Vec<(i32, Range<usize>)> {
    let mut out = Vec::new();
    for caps in HEIGHT_M.captures_iter(norm) {
        let metres: i32 = caps[1].parse().unwrap_or(0);
        let cm: i32 = caps
            .get(2)
            .or(caps.get(3))
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(0);
        out.push((metres * 100 + cm, caps.get(0).expect("whole").range()));
    }
    for caps in HEIGHT_CM.captures_iter(norm) {
        out.push((
            caps[1].parse().unwrap_or(0),
            caps.get(0).expect("whole").range(),
        ));
    }
    for caps in HEIGHT_FT.captures_iter(norm) {
        let feet: f64 = caps[1].parse().unwrap_or(0.0);
        let inches: f64 = caps
            .get(2)
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(0.0);
        let cm = (feet * 30.48 + inches * 2.54).round() as i32;
        out.push((cm, caps.get(0).expect("whole").range()));
    }
    out.retain(|(cm, _)| (100..=230).contains(cm));
    out.sort_by_key(|(_, r)| r.start);
    out
}

fn height_range(norm: &str, read: &mut Read) -> (Option<i32>, Option<i32>) {
    let found = heights(norm);
    let before = |range: &Range<usize>| -> String {
        let start = norm[..range.start]
            .char_indices()
            .rev()
            .nth(19)
            .map_or(0, |(i, _)| i);
        norm[start..range.start].to_string()
    };
    let Some((first, first_range)) = found.first().cloned() else {
        return (None, None);
    };
    read.take(first_range.clone());
    if let Some((second, second_range)) = found.get(1).cloned() {
        let between = &norm[first_range.end..second_range.start];
        let lead = before(&first_range);
        if between.trim().len() <= 5
            && (lead.contains("entre")
                || lead.contains("between")
                || between.contains('-')
                || between.contains(" a ")
                || between.contains(" to "))
        {
            read.take(second_range);
            return (Some(first.min(second)), Some(first.max(second)));
        }
    }
    let lead = before(&first_range);
    if AT_LEAST.iter().any(|w| lead.contains(w)) {
        (Some(first), None)
    } else if AT_MOST.iter().any(|w| lead.contains(w)) {
        (None, Some(first))
    } else {
        (Some(first - 5), Some(first + 5))
    }
}

/// Who the brief asks for: strong words (`femme`, `actress`, `her`) say it; a masculine trade
/// noun says "a man" only after `un` and when nothing else speaks.
fn gender(words: &[String]) -> Option<Gender> {
    let has = |list: &[&str]| {
        words.iter().any(|w| list.contains(&w.as_str()))
            || words
                .windows(2)
                .any(|p| list.contains(&format!("{} {}", p[0], p[1]).as_str()))
    };
    if words
        .windows(2)
        .any(|p| p[0] == "non" && (p[1] == "binaire" || p[1] == "binary"))
    {
        return Some(Gender::NonBinary);
    }
    let female = has(lexicon::FEMALE_WORDS);
    let male = has(lexicon::MALE_WORDS);
    // "acteurs et actrices": both forms of a trade noun ask for anyone.
    let masculine_noun = words
        .iter()
        .any(|w| lexicon::MASCULINE_NOUNS.contains(&text::stem(w)));
    match (female, male) {
        (true, false) if masculine_noun => None,
        (true, false) => Some(Gender::Female),
        (false, true) => Some(Gender::Male),
        (true, true) => None,
        (false, false) => words
            .windows(2)
            .any(|p| p[0] == "un" && lexicon::MASCULINE_NOUNS.contains(&p[1].as_str()))
            .then_some(Gender::Male),
    }
}

/// The whole reading of one brief.
pub fn parse(brief: &str, reference: &Reference) -> BriefCriteria {
    let norm = text::normalize(brief);
    let mut read = Read { used: Vec::new() };
    let min_years_experience = experience(&norm, &mut read);
    let (height_min_cm, height_max_cm) = height_range(&norm, &mut read);
    let (age_min, age_max) = age_range(&norm, &mut read);

    let tokens = text::tokens(&norm);
    let all_words: Vec<String> = tokens.iter().map(|t| t.norm.clone()).collect();
    let kept: Vec<&text::Token> = tokens
        .iter()
        .filter(|t| !text::is_stopword(&t.norm))
        .collect();
    let words: Vec<String> = kept
        .iter()
        .map(|t| text::stem(&t.norm).to_string())
        .collect();
    let mut covered = vec![false; kept.len()];

    let mut talent_ids = Vec::new();
    for found in Phrases::talents(reference).find(&words) {
        if let Target::Talent(id) = found.target {
            covered[found.first..=found.last]
                .iter_mut()
                .for_each(|c| *c = true);
            if !talent_ids.contains(&id) {
                talent_ids.push(id);
            }
        }
    }
    let mut languages: Vec<String> = Vec::new();
    for found in Phrases::languages().find(&words) {
        if let Target::Language(code) = found.target {
            covered[found.first..=found.last]
                .iter_mut()
                .for_each(|c| *c = true);
            if !languages.iter().any(|l| l == code) {
                languages.push(code.to_string());
            }
        }
    }
    let mut country = None;
    let mut city_id = None;
    for found in Phrases::places(reference).find(&words) {
        covered[found.first..=found.last]
            .iter_mut()
            .for_each(|c| *c = true);
        match found.target {
            Target::City(c, i) if city_id.is_none() => {
                city_id = Some(reference.countries[c].cities[i].id);
                country = Some(reference.countries[c].code.clone());
            }
            Target::Country(c) if country.is_none() => {
                country = Some(reference.countries[c].code.clone());
            }
            _ => {}
        }
    }

    let mut keywords: Vec<String> = Vec::new();
    for (i, token) in kept.iter().enumerate() {
        let word = token.norm.as_str();
        if covered[i]
            || read.is_used(token.start)
            || word.chars().count() < 2
            || word.chars().any(|c| c.is_ascii_digit())
            || FILLER.contains(&word)
            || lexicon::FEMALE_WORDS.contains(&word)
            || lexicon::MALE_WORDS.contains(&word)
            || keywords.iter().any(|k| k == word)
        {
            continue;
        }
        keywords.push(word.to_string());
    }
    keywords.truncate(MAX_KEYWORDS);

    BriefCriteria {
        age_min,
        age_max,
        gender: gender(&all_words),
        languages,
        country,
        city_id,
        height_min_cm,
        height_max_cm,
        talent_ids,
        min_years_experience,
        keywords,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::local::tests::reference;

    fn brief(text: &str) -> BriefCriteria {
        parse(text, &reference())
    }

    fn tags(criteria: &BriefCriteria) -> Vec<String> {
        let reference = reference();
        criteria
            .talent_ids
            .iter()
            .map(|id| {
                reference
                    .talents
                    .iter()
                    .find(|t| t.id == *id)
                    .unwrap()
                    .tag
                    .clone()
            })
            .collect()
    }

    #[test]
    fn age_ranges_in_both_languages() {
        let ages = |t: &str| {
            let c = brief(t);
            (c.age_min, c.age_max)
        };
        assert_eq!(
            ages("Actrice 25-35 ans pour un long métrage"),
            (Some(25), Some(35))
        );
        assert_eq!(ages("un homme entre 20 et 30 ans"), (Some(20), Some(30)));
        assert_eq!(
            ages("Dancers aged 18 to 25 for a music video"),
            (Some(18), Some(25))
        );
        assert_eq!(ages("une femme dans la trentaine"), (Some(30), Some(39)));
        assert_eq!(ages("a woman in her twenties"), (Some(20), Some(29)));
        assert_eq!(ages("in his late forties"), (Some(45), Some(49)));
        assert_eq!(ages("Comédien de plus de 40 ans"), (Some(40), None));
        assert_eq!(ages("children under 12 years"), (None, Some(12)));
        assert_eq!(ages("un griot de 60 ans"), (Some(57), Some(63)));
        assert_eq!(ages("Chanteuse, 5 ans d'expérience"), (None, None));
    }

    #[test]
    fn gender_from_strong_words_and_forms() {
        assert_eq!(brief("Cherche une comédienne").gender, Some(Gender::Female));
        assert_eq!(
            brief("Looking for a woman to play a nurse").gender,
            Some(Gender::Female)
        );
        assert_eq!(
            brief("un acteur pour un rôle de policier").gender,
            Some(Gender::Male)
        );
        assert_eq!(brief("A man aged 30 to 40").gender, Some(Gender::Male));
        assert_eq!(brief("Actors and dancers for a commercial").gender, None);
        assert_eq!(brief("des acteurs et actrices").gender, None);
        assert_eq!(brief("hommes et femmes, figurants").gender, None);
    }

    #[test]
    fn languages_places_and_talents() {
        let c = brief("Danseuse de sabar parlant wolof et anglais, basée à Dakar");
        assert_eq!(c.languages, ["wo", "en"]);
        assert_eq!(c.country.as_deref(), Some("SN"));
        assert!(c.city_id.is_some());
        assert_eq!(tags(&c), ["sabar_dancer"]);
        let c = brief("Yoruba-speaking actors in Nigeria for a Nollywood feature");
        assert_eq!(c.languages, ["yo"]);
        assert_eq!(c.country.as_deref(), Some("NG"));
        assert_eq!(c.city_id, None);
        assert_eq!(tags(&c), ["actor"]);
        let c = brief("Figurants à Abidjan, Côte d'Ivoire; un cascadeur et une maquilleuse");
        assert_eq!(c.country.as_deref(), Some("CI"));
        assert_eq!(tags(&c), ["extra", "stunt_performer", "makeup_artist"]);
    }

    #[test]
    fn heights_in_metres_centimetres_and_feet() {
        let heights = |t: &str| {
            let c = brief(t);
            (c.height_min_cm, c.height_max_cm)
        };
        assert_eq!(
            heights("Mannequin homme, au moins 1,80 m"),
            (Some(180), None)
        );
        assert_eq!(heights("mannequin 1m75"), (Some(170), Some(180)));
        assert_eq!(heights("height 175 cm"), (Some(170), Some(180)));
        assert_eq!(heights("a model at least 6ft"), (Some(183), None));
        assert_eq!(heights("entre 1m60 et 1m70"), (Some(160), Some(170)));
        assert_eq!(heights("moins de 165 cm"), (None, Some(165)));
    }

    #[test]
    fn experience_in_both_languages() {
        assert_eq!(
            brief("Ingénieur du son, 5 ans d'expérience").min_years_experience,
            Some(5)
        );
        assert_eq!(
            brief("camera operator with 3+ years of experience").min_years_experience,
            Some(3)
        );
        assert_eq!(
            brief("expérience de 10 ans minimum").min_years_experience,
            Some(10)
        );
        assert_eq!(brief("actrice de 30 ans").min_years_experience, None);
    }

    #[test]
    fn keywords_are_what_is_left() {
        let c = brief(
            "Une actrice de 30 ans à Dakar, qui parle wolof, pour jouer une avocate dans une série policière",
        );
        assert_eq!(c.keywords, ["jouer", "avocate", "serie", "policiere"]);
        let c = brief(
            "Afrobeat singer, Lagos, for a gospel-inspired music video, energetic stage presence",
        );
        assert_eq!(tags(&c), ["afrobeat_singer", "gospel_singer"]);
        assert_eq!(
            c.keywords,
            [
                "inspired",
                "music",
                "video",
                "energetic",
                "stage",
                "presence"
            ]
        );
    }
}
