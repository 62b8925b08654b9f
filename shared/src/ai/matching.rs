//! Matching a brief to people or screen talents: the brief becomes criteria (or the
//! recruiter's edited ones are taken as they are), the database finds candidates with the
//! directory's and casting base's own conditions, and the brief's words are ranked with
//! Postgres full-text search over profiles, talents and — for people who granted
//! `ai_cv_processing` — their analysed CV. Each result says which criteria it meets, what it
//! lacks and which words matched. Nobody is left out for data they did not give: a filter on
//! a gender, age, height or place lets unknown values through and the result lists them as
//! lacking.
//!
//! `people` and `cinema` hold each scope's SQL, `validate` the request's checks and `score` how
//! one candidate meets the criteria; this module ranks, reranks and explains.

mod cinema;
mod people;
mod score;
mod validate;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use super::{AiProvider, BriefCriteria, LocalRules, Reference, ShortlistEntry, reference};
use crate::{AppState, Error};

pub(crate) use score::score;
pub use validate::validate;

pub const BRIEF_MAX: usize = 2000;
pub const LIMIT_MAX: u32 = 50;
const KEYWORDS_MAX: usize = 20;
/// How many candidates the database hands over for scoring, best first by a coarse score.
const POOL: i64 = 300;
/// How many of the best a remote provider may rerank.
const RERANK_TOP: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchScope {
    /// The directory's people.
    People,
    /// The casting base's screen talents.
    Cinema,
}

fn default_limit() -> u32 {
    20
}

/// A brief to match.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchRequest {
    /// What the recruiter looks for, in their words (French or English).
    #[schema(min_length = 1, max_length = 2000)]
    pub brief: String,
    pub scope: MatchScope,
    /// Criteria as the recruiter edited them; when given they are used as they are instead of
    /// the brief's reading.
    pub criteria: Option<BriefCriteria>,
    #[serde(default = "default_limit")]
    #[schema(minimum = 1, maximum = 50, default = 20)]
    pub limit: u32,
}

/// Which provider answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProviderRef {
    pub name: String,
    pub version: String,
}

/// What a criterion is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Talent,
    Language,
    City,
    Country,
    Gender,
    Age,
    Height,
    Experience,
    Keywords,
}

/// Where a met criterion was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FitSource {
    /// The profile itself.
    Profile,
    /// The person's analysed CV (only with their `ai_cv_processing` consent).
    Cv,
}

/// One criterion met or lacking: `value` is the talent's tag, a language code, a city's name,
/// a country code, an age, a height in centimetres or a number of years (what the profile
/// has when met, what the brief asks for when lacking).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Fit {
    pub criterion: Criterion,
    pub value: String,
    pub source: Option<FitSource>,
}

impl Fit {
    fn new(criterion: Criterion, value: impl Into<String>, source: Option<FitSource>) -> Self {
        Self {
            criterion,
            value: value.into(),
            source,
        }
    }
}

/// One candidate, best first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MatchResult {
    /// The person's or screen talent's id.
    pub id: i64,
    pub kind: MatchScope,
    pub unique_code: String,
    pub display_name: String,
    /// 0 (nothing of the brief) to 1 (everything).
    pub score: f32,
    pub met: Vec<Fit>,
    pub lacks: Vec<Fit>,
    /// The brief's keywords found in the profile, its talents or its analysed CV.
    pub matched_words: Vec<String>,
    /// The reranking provider's one-sentence reason, in the brief's language.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MatchAnswer {
    /// The criteria used (the brief's reading or the edited ones), to show back and edit.
    pub criteria: BriefCriteria,
    /// Who read the brief.
    pub provider: ProviderRef,
    /// Who reranked the top of the list, if anyone did.
    pub reranked_by: Option<ProviderRef>,
    pub results: Vec<MatchResult>,
}

/// What the database says of one candidate, before scoring.
#[derive(Debug, Clone, Default)]
pub(crate) struct Candidate {
    pub id: i64,
    pub unique_code: String,
    pub display_name: String,
    pub gender: Option<String>,
    pub age: Option<i32>,
    pub height: Option<i32>,
    pub country: Option<String>,
    pub city_id: Option<i32>,
    pub city_name: Option<String>,
    /// Sought talents the profile lists.
    pub talents_profile: Vec<i32>,
    /// Sought talents only the analysed CV names.
    pub talents_cv: Vec<i32>,
    pub languages: Vec<String>,
    /// Whether the languages come from the analysed CV.
    pub languages_from_cv: bool,
    pub years: Option<i32>,
    pub years_from_cv: bool,
    pub matched_words: Vec<String>,
    pub rank: f32,
    /// Non-contact words for a provider's rerank: talents, languages, place, experience, CV summary.
    pub summary: String,
}

/// The brief's keywords as `simple` text-search prefixes: letters and digits only (nothing
/// else reaches `to_tsquery`), long words cut by two letters so feminine and plural forms
/// meet (`policiere` → `policie:*`, which `policier` meets too).
pub(crate) fn keyword_terms(keywords: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for keyword in keywords {
        let plain: String = super::local::text::normalize(keyword)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let length = plain.chars().count();
        if length < 2 || out.iter().any(|(k, _)| *k == plain) {
            continue;
        }
        let term = if length >= 7 {
            format!("{}:*", &plain[..length - 2])
        } else if length >= 4 {
            format!("{plain}:*")
        } else {
            plain.clone()
        };
        out.push((plain, term));
    }
    out
}

/// The criteria of a request: the edited ones as they are, else the provider's reading of the
/// brief (the local rules' if the provider fails), and who read them.
async fn criteria_of(
    request: &MatchRequest,
    provider: &dyn AiProvider,
    reference: &Reference,
) -> (BriefCriteria, ProviderRef) {
    let local = LocalRules::new();
    let who = |p: &dyn AiProvider| ProviderRef {
        name: p.name().to_string(),
        version: p.version(),
    };
    if let Some(criteria) = &request.criteria {
        return (criteria.clone(), who(provider));
    }
    match provider.parse_brief(request.brief.trim(), reference).await {
        Ok(criteria) => (criteria, who(provider)),
        Err(error) => {
            tracing::warn!(provider = provider.name(), %error, "brief reading failed; the local rules read it");
            let criteria = local
                .parse_brief(request.brief.trim(), reference)
                .await
                .unwrap_or_default();
            (criteria, who(&local))
        }
    }
}

/// Stores a person's CV analysis (replacing the previous one) with the words of their CV
/// and of the analysis, searchable by the brief's keywords; the analysis job calls it once the
/// provider answered, and only for a person who granted `ai_cv_processing`.
pub async fn store_cv_analysis(
    db: &tokio_postgres::Client,
    user_id: i64,
    provider: &ProviderRef,
    analysis: &super::CvAnalysis,
    cv_text: &str,
) -> Result<(), Error> {
    let (sql, json, words) = cv_analysis_upsert(analysis, cv_text)?;
    db.execute(
        sql,
        &[&user_id, &provider.name, &provider.version, &json, &words],
    )
    .await?;
    Ok(())
}

/// The upsert of [`store_cv_analysis`] with its JSON and searchable words; its parameters are
/// `(user_id, provider name, provider version, json, words)`, for callers that hold a
/// transaction (the CV analysis workflow, `ai::cv`).
pub(crate) fn cv_analysis_upsert(
    analysis: &super::CvAnalysis,
    cv_text: &str,
) -> Result<(&'static str, serde_json::Value, String), Error> {
    let json = serde_json::to_value(analysis).map_err(|e| Error::Internal(e.into()))?;
    let mut words = vec![cv_text.to_string(), analysis.summary.clone()];
    words.extend(analysis.skills.iter().cloned());
    words.extend(analysis.education.iter().cloned());
    words.extend(analysis.talents.iter().map(|t| t.evidence.clone()));
    Ok((
        "INSERT INTO cv_analyses (user_id, provider, version, analysis, search_text)
         VALUES ($1, $2, $3, $4, to_tsvector('simple', search_text($5)))
         ON CONFLICT (user_id) DO UPDATE
            SET provider = EXCLUDED.provider, version = EXCLUDED.version,
                analysis = EXCLUDED.analysis, search_text = EXCLUDED.search_text, created_at = now()",
        json,
        words.join("\n"),
    ))
}

/// The one statement (and its parameters) [`rank`] runs for a scope and criteria: what the
/// bench times as the bare SQL of a match.
pub fn statement(
    scope: MatchScope,
    criteria: &BriefCriteria,
    reference: &Reference,
    today: Date,
) -> Result<(String, Vec<crate::sql::Param>), Error> {
    let terms = keyword_terms(&criteria.keywords);
    match scope {
        MatchScope::People => people::statement(criteria, &terms, today, POOL),
        MatchScope::Cinema => {
            let codes: Vec<&str> = cinema::sought_types(criteria, reference)
                .into_iter()
                .map(|(c, _)| c)
                .collect();
            cinema::statement(criteria, &terms, &codes, today, POOL)
        }
    }
}

/// The candidates of a scope for some criteria, scored and explained, best first.
pub async fn rank(
    state: &AppState,
    scope: MatchScope,
    criteria: &BriefCriteria,
    reference: &Reference,
    limit: usize,
    today: Date,
) -> Result<Vec<(MatchResult, String)>, Error> {
    let terms = keyword_terms(&criteria.keywords);
    let db = state.db.get().await?;
    let candidates = match scope {
        MatchScope::People => people::candidates(&db, criteria, &terms, today, POOL).await?,
        MatchScope::Cinema => {
            cinema::candidates(&db, criteria, &terms, reference, today, POOL).await?
        }
    };
    let mut scored: Vec<(MatchResult, f32, String)> = candidates
        .into_iter()
        .map(|c| {
            let (score, met, lacks) = score(criteria, terms.len(), &c, reference);
            (
                MatchResult {
                    id: c.id,
                    kind: scope,
                    unique_code: c.unique_code,
                    display_name: c.display_name,
                    score,
                    met,
                    lacks,
                    matched_words: c.matched_words,
                    reason: None,
                },
                c.rank,
                c.summary,
            )
        })
        .collect();
    scored.sort_by(|(a, ra, _), (b, rb, _)| {
        b.score
            .total_cmp(&a.score)
            .then(rb.total_cmp(ra))
            .then(a.id.cmp(&b.id))
    });
    scored.truncate(limit);
    Ok(scored.into_iter().map(|(r, _, s)| (r, s)).collect())
}

/// A brief matched: what the HTTP shell answers for `POST /api/v1/ai/match`. A provider other
/// than the local rules reranks the top of the list and gives each of those a reason; if it
/// fails, the database's order stands.
pub async fn shortlist(
    state: &AppState,
    request: &MatchRequest,
    provider: &dyn AiProvider,
) -> Result<MatchAnswer, Error> {
    let reference = reference::load(state).await?;
    validate(request, &reference)?;
    let (criteria, read_by) = criteria_of(request, provider, &reference).await;
    let today = OffsetDateTime::now_utc().date();
    let ranked = rank(
        state,
        request.scope,
        &criteria,
        &reference,
        request.limit as usize,
        today,
    )
    .await?;
    let mut reranked_by = None;
    let mut results: Vec<MatchResult> = ranked.iter().map(|(r, _)| r.clone()).collect();
    if provider.name() != super::local::NAME && !results.is_empty() {
        let top = results.len().min(RERANK_TOP);
        // Opaque keys and non-contact summaries: no name, no code, no contact.
        let entries: Vec<ShortlistEntry> = ranked[..top]
            .iter()
            .enumerate()
            .map(|(i, (_, summary))| ShortlistEntry {
                key: format!("c{i}"),
                summary: summary.clone(),
            })
            .collect();
        match provider.rerank(request.brief.trim(), &entries).await {
            Ok(verdicts) => {
                results = apply_verdicts(results, top, &verdicts);
                reranked_by = Some(ProviderRef {
                    name: provider.name().to_string(),
                    version: provider.version(),
                });
            }
            Err(error) => {
                tracing::warn!(provider = provider.name(), %error, "rerank failed; the database's order stands")
            }
        }
    }
    Ok(MatchAnswer {
        criteria,
        provider: read_by,
        reranked_by,
        results,
    })
}

/// The top `top` results reordered by the provider's verdicts (keys `c0`…), each with its
/// reason; entries it left out follow in their order, then the rest of the list.
pub fn apply_verdicts(
    results: Vec<MatchResult>,
    top: usize,
    verdicts: &[super::ShortlistVerdict],
) -> Vec<MatchResult> {
    let mut head: Vec<Option<MatchResult>> = results[..top].iter().cloned().map(Some).collect();
    let mut out = Vec::with_capacity(results.len());
    let mut judged: Vec<&super::ShortlistVerdict> =
        verdicts.iter().filter(|v| v.score.is_finite()).collect();
    judged.sort_by(|a, b| b.score.total_cmp(&a.score));
    for verdict in judged {
        let Some(index) = verdict
            .key
            .strip_prefix('c')
            .and_then(|i| i.parse::<usize>().ok())
        else {
            continue;
        };
        if let Some(mut result) = head.get_mut(index).and_then(Option::take) {
            let reason: String = verdict.reason.chars().take(300).collect();
            result.reason = Some(reason);
            out.push(result);
        }
    }
    out.extend(head.into_iter().flatten());
    out.extend(results.into_iter().skip(top));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_terms_are_safe_prefixes() {
        let terms = keyword_terms(&[
            "policière".into(),
            "avocate".into(),
            "série".into(),
            "a&b|!".into(),
            "tv".into(),
            "Série".into(),
        ]);
        assert_eq!(
            terms,
            [
                ("policiere".to_string(), "policie:*".to_string()),
                ("avocate".into(), "avoca:*".into()),
                ("serie".into(), "serie:*".into()),
                ("ab".into(), "ab".into()),
                ("tv".into(), "tv".into()),
            ]
        );
    }

    fn result(id: i64) -> MatchResult {
        MatchResult {
            id,
            kind: MatchScope::People,
            unique_code: String::new(),
            display_name: String::new(),
            score: 0.5,
            met: vec![],
            lacks: vec![],
            matched_words: vec![],
            reason: None,
        }
    }

    #[test]
    fn verdicts_reorder_the_top_only() {
        let results = vec![result(1), result(2), result(3), result(4)];
        let verdicts = [
            crate::ai::ShortlistVerdict {
                key: "c2".into(),
                score: 0.9,
                reason: "best".into(),
            },
            crate::ai::ShortlistVerdict {
                key: "c0".into(),
                score: 0.2,
                reason: "meh".into(),
            },
            crate::ai::ShortlistVerdict {
                key: "c9".into(),
                score: 1.0,
                reason: "unknown key".into(),
            },
        ];
        let out = apply_verdicts(results, 3, &verdicts);
        let ids: Vec<i64> = out.iter().map(|r| r.id).collect();
        assert_eq!(ids, [3, 1, 2, 4]);
        assert_eq!(out[0].reason.as_deref(), Some("best"));
        assert_eq!(out[2].reason, None);
    }

    #[test]
    fn unknown_data_lacks_and_scores_nothing() {
        let criteria = BriefCriteria {
            gender: Some(crate::profiles::Gender::Female),
            languages: vec!["wo".into()],
            min_years_experience: Some(4),
            ..Default::default()
        };
        let known = Candidate {
            gender: Some("female".into()),
            languages: vec!["wo".into(), "fr".into()],
            years: Some(2),
            ..Default::default()
        };
        let unknown = Candidate::default();
        let reference = Reference::default();
        let (a, met, lacks) = score(&criteria, 0, &known, &reference);
        let (b, _, unknown_lacks) = score(&criteria, 0, &unknown, &reference);
        // (1.5 + 0.5 + 0.5) / 3
        assert!((a - 2.5 / 3.0).abs() < 1e-6, "{a}");
        assert_eq!(b, 0.0);
        assert_eq!(met.len(), 2);
        assert_eq!(lacks, [Fit::new(Criterion::Experience, "4", None)]);
        assert_eq!(unknown_lacks.len(), 3);
    }
}
