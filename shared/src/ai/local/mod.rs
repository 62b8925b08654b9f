//! The local AI provider: deterministic rules in French and English, no network, no account.
//! It is the default, and what answers when a remote provider is not configured.
//!
//! - `text`: accents, case, words, stopwords;
//! - `lexicon`: language names, months, headings, trade synonyms, gender and age words;
//! - `catalogue`: the talent catalogue and places as phrases to find in a text;
//! - `cv`: a CV's sections, languages, experience, education, talents and skills;
//! - `brief`: a brief's age, gender, languages, place, height, talents, experience, keywords;
//! - `rerank` here: a shortlist scored by the brief's words and concepts it shares.

pub mod brief;
pub mod catalogue;
pub mod cv;
pub mod lexicon;
pub mod text;

use std::collections::BTreeSet;

use async_trait::async_trait;
use time::{Date, OffsetDateTime};

use super::{
    AiError, AiProvider, BriefCriteria, CvAnalysis, CvInput, Reference, ShortlistEntry,
    ShortlistVerdict,
};

/// The rules' name and version, stored with what they made; bump the version when a rule
/// changes what it finds.
pub const NAME: &str = "local";
pub const VERSION: &str = "local-rules/1";

/// The local rules. Dates of experience are counted up to "today", which is given to the
/// rules, never read by them: the system clock at each call, or a fixed day.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalRules {
    today: Option<Date>,
}

impl LocalRules {
    /// Rules that count experience up to the day of each call.
    pub fn new() -> Self {
        Self { today: None }
    }

    /// Rules that count experience up to a fixed day (tests, re-analyses of a past day).
    pub fn at(today: Date) -> Self {
        Self { today: Some(today) }
    }

    fn today(&self) -> Date {
        self.today
            .unwrap_or_else(|| OffsetDateTime::now_utc().date())
    }
}

/// The concepts of a text for comparing a brief with a candidate: each content word's stem,
/// and the talent tag or language code a lexicon word stands for, so that `comédienne` meets
/// `actor` and `Yorùbá` meets `yoruba`.
pub fn concepts(text_in: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let tokens = text::tokens(text_in);
    let (words, _) = catalogue::comparable(&tokens);
    for word in &words {
        if word.chars().count() > 1 && !word.chars().all(|c| c.is_ascii_digit()) {
            out.insert(word.clone());
        }
    }
    for (synonym, tag) in lexicon::TALENT_SYNONYMS {
        let phrase = catalogue::phrase_words(synonym);
        if !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase.as_slice()) {
            out.insert(format!("talent:{tag}"));
        }
    }
    for word in &words {
        let tag = word.replace(' ', "_");
        if lexicon::TALENT_SYNONYMS.iter().any(|(_, t)| *t == tag) {
            out.insert(format!("talent:{tag}"));
        }
        if let Some((_, code)) = lexicon::LANGUAGES.iter().find(|(name, _)| name == word) {
            out.insert(format!("language:{code}"));
        }
    }
    out
}

/// The brief's concepts an entry shares, in the brief's order, as the brief wrote them.
fn shared_words(brief: &str, entry: &BTreeSet<String>) -> (Vec<String>, usize) {
    let tokens = text::tokens(brief);
    let mut shown = Vec::new();
    let mut total = 0;
    let mut seen = BTreeSet::new();
    for token in tokens.iter().filter(|t| !text::is_stopword(&t.norm)) {
        let word = token.norm.as_str();
        if word.chars().count() < 2
            || word.chars().all(|c| c.is_ascii_digit())
            || brief::FILLER.contains(&word)
        {
            continue;
        }
        let mine = concepts(word);
        if mine.is_empty() || !seen.insert(mine.clone()) {
            continue;
        }
        total += 1;
        if mine.iter().any(|c| entry.contains(c)) {
            shown.push(brief[token.start..token.end].to_string());
        }
    }
    (shown, total)
}

/// The local rerank: each entry scored by the share of the brief's words (or the talents and
/// languages they name) found in its summary; one sentence says which, in the brief's language.
pub fn rerank_locally(brief: &str, entries: &[ShortlistEntry]) -> Vec<ShortlistVerdict> {
    let lang = text::detect_language(&text::tokens(brief));
    let mut verdicts: Vec<(usize, ShortlistVerdict)> = entries
        .iter()
        .enumerate()
        .map(|(at, entry)| {
            let (shared, total) = shared_words(brief, &concepts(&entry.summary));
            let score = if total == 0 {
                0.0
            } else {
                shared.len() as f32 / total as f32
            };
            let reason = match (lang, shared.is_empty()) {
                ("en", true) => "None of the brief's words appear in this profile.".to_string(),
                ("en", false) => format!(
                    "Matches {} of the brief's {} words: {}.",
                    shared.len(),
                    total,
                    shared.join(", ")
                ),
                (_, true) => "Aucun mot du brief n'apparaît dans ce profil.".to_string(),
                (_, false) => format!(
                    "Correspond à {} des {} mots du brief : {}.",
                    shared.len(),
                    total,
                    shared.join(", ")
                ),
            };
            (
                at,
                ShortlistVerdict {
                    key: entry.key.clone(),
                    score,
                    reason,
                },
            )
        })
        .collect();
    // Best first; ties keep the database's order.
    verdicts.sort_by(|(a, x), (b, y)| y.score.total_cmp(&x.score).then(a.cmp(b)));
    verdicts.into_iter().map(|(_, v)| v).collect()
}

#[async_trait]
impl AiProvider for LocalRules {
    fn name(&self) -> &'static str {
        NAME
    }

    fn version(&self) -> String {
        VERSION.to_string()
    }

    async fn analyse_cv(&self, cv: &CvInput, reference: &Reference) -> Result<CvAnalysis, AiError> {
        Ok(cv::analyse(&cv.text, reference, self.today()))
    }

    async fn parse_brief(
        &self,
        brief: &str,
        reference: &Reference,
    ) -> Result<BriefCriteria, AiError> {
        Ok(brief::parse(brief, reference))
    }

    async fn rerank(
        &self,
        brief: &str,
        entries: &[ShortlistEntry],
    ) -> Result<Vec<ShortlistVerdict>, AiError> {
        Ok(rerank_locally(brief, entries))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::LazyLock;

    use regex::Regex;

    use super::*;
    use crate::ai::ports::{ReferenceCity, ReferenceCountry, ReferenceTalent};

    static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
        let sql = include_str!("../../../../migrations/V2__reference_data.sql");
        let quoted = r"'((?:[^']|'')*)'";
        let unquote = |s: &str| s.replace("''", "'");
        let talents_at = sql.find("INSERT INTO talents").expect("the talents");
        let talent = Regex::new(&format!(
            r"\(\s*{quoted},\s*{quoted},\s*'[^']*',\s*'([a-z_]+)',\s*'([a-z0-9_]+)'\)"
        ))
        .unwrap();
        let talents = talent
            .captures_iter(&sql[talents_at..])
            .enumerate()
            .map(|(i, c)| ReferenceTalent {
                id: i as i32 + 1,
                name_fr: unquote(&c[1]),
                name_en: unquote(&c[2]),
                category: c[3].to_string(),
                tag: c[4].to_string(),
            })
            .collect();
        let country = Regex::new(&format!(
            r"\('([A-Z]{{2}})',\s*{quoted},\s*{quoted},\s*'\+\d+'\)"
        ))
        .unwrap();
        let mut countries: Vec<ReferenceCountry> = country
            .captures_iter(sql)
            .map(|c| ReferenceCountry {
                code: c[1].to_string(),
                name_fr: unquote(&c[2]),
                name_en: unquote(&c[3]),
                cities: Vec::new(),
            })
            .collect();
        let city = Regex::new(&format!(
            r"\('([A-Z]{{2}})',\s*{quoted},\s*(?:true|false)\s*\)"
        ))
        .unwrap();
        for (i, c) in city.captures_iter(sql).enumerate() {
            if let Some(country) = countries.iter_mut().find(|k| k.code == c[1]) {
                country.cities.push(ReferenceCity {
                    id: i as i32 + 1,
                    name: unquote(&c[2]),
                });
            }
        }
        Reference { talents, countries }
    });

    /// The seed's talent catalogue, countries and cities, read from its migration.
    pub fn reference() -> Reference {
        REFERENCE.clone()
    }

    #[test]
    fn the_seed_reference_reads() {
        let reference = reference();
        assert!(reference.talents.len() > 100, "{}", reference.talents.len());
        let senegal = reference.countries.iter().find(|c| c.code == "SN").unwrap();
        assert!(senegal.cities.iter().any(|c| c.name == "Dakar"));
    }

    fn entry(key: &str, summary: &str) -> ShortlistEntry {
        ShortlistEntry {
            key: key.into(),
            summary: summary.into(),
        }
    }

    #[test]
    fn rerank_puts_shared_words_and_concepts_first() {
        let entries = [
            entry("a", "Photographer in Accra, speaks Twi and English."),
            entry(
                "b",
                "Comédienne à Dakar, parle wolof et français, théâtre et séries.",
            ),
            entry("c", "Actor from Dakar, speaks Wolof."),
        ];
        let verdicts = rerank_locally(
            "Une comédienne qui parle wolof, pour une série à Dakar",
            &entries,
        );
        let keys: Vec<&str> = verdicts.iter().map(|v| v.key.as_str()).collect();
        assert_eq!(keys, ["b", "c", "a"]);
        assert!(verdicts[0].score > verdicts[1].score && verdicts[1].score > verdicts[2].score);
        assert_eq!(
            verdicts[0].reason,
            "Correspond à 4 des 4 mots du brief : comédienne, wolof, série, Dakar."
        );
        // `comédienne` meets `Actor` through the catalogue's synonyms.
        assert_eq!(
            verdicts[1].reason,
            "Correspond à 3 des 4 mots du brief : comédienne, wolof, Dakar."
        );
        assert_eq!(
            verdicts[2].reason,
            "Aucun mot du brief n'apparaît dans ce profil."
        );
        let en = rerank_locally("A dancer from Lagos", &[entry("x", "Danseuse, Lagos")]);
        assert_eq!(
            en[0].reason,
            "Matches 2 of the brief's 2 words: dancer, Lagos."
        );
    }

    #[tokio::test]
    async fn the_provider_answers_without_network() {
        let rules = LocalRules::at(time::macros::date!(2026 - 12 - 03));
        assert_eq!(rules.name(), "local");
        assert_eq!(rules.version(), "local-rules/1");
        let analysis = rules
            .analyse_cv(
                &CvInput {
                    text: "Danseuse depuis 2020\nLangues : wolof".into(),
                },
                &reference(),
            )
            .await
            .unwrap();
        assert_eq!(analysis.years_experience, Some(6));
        assert_eq!(analysis.languages, ["wo"]);
        let criteria = rules
            .parse_brief("Une danseuse de 25 ans", &reference())
            .await
            .unwrap();
        assert_eq!(criteria.age_min, Some(22));
    }
}
