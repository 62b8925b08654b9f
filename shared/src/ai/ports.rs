//! The AI and film-search ports: their inputs, answers and errors.
//!
//! Nothing personal beyond what a task needs crosses a port: a CV's text (only for people who
//! granted `ai_cv_processing`), a brief, and for reranking a candidate's non-contact summary.
//! Contact details and consent-bound categories never do.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::profiles::Gender;

/// The reference data the rules map words onto, loaded once per use from the database:
/// talents with their French and English names and tags, and the countries with their cities.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub talents: Vec<ReferenceTalent>,
    pub countries: Vec<ReferenceCountry>,
}

#[derive(Debug, Clone)]
pub struct ReferenceTalent {
    pub id: i32,
    pub name_fr: String,
    pub name_en: String,
    pub tag: String,
    pub category: String,
}

#[derive(Debug, Clone)]
pub struct ReferenceCountry {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub cities: Vec<ReferenceCity>,
}

#[derive(Debug, Clone)]
pub struct ReferenceCity {
    pub id: i32,
    pub name: String,
}

/// A CV's extracted text, as the upload inspector read it.
#[derive(Debug, Clone)]
pub struct CvInput {
    pub text: String,
}

/// What a provider read in a CV: suggestions the person accepts or dismisses one by one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CvAnalysis {
    /// Two or three sentences, in the CV's language.
    pub summary: String,
    pub talents: Vec<SuggestedTalent>,
    /// ISO 639 codes of the languages spoken (`fr`, `en`, `wo`, `ber`...).
    pub languages: Vec<String>,
    /// Whole years of experience, from the CV's date ranges.
    pub years_experience: Option<u16>,
    /// Degrees and schools, as written.
    pub education: Vec<String>,
    /// Skills named in the CV that are not in the talent catalogue, as written.
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SuggestedTalent {
    pub talent_id: i32,
    /// The words of the CV that suggest it.
    pub evidence: String,
}

/// A brief turned into criteria; each is optional, and the recruiter may edit them before
/// the search runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefCriteria {
    #[schema(minimum = 0, maximum = 120)]
    pub age_min: Option<i32>,
    #[schema(minimum = 0, maximum = 120)]
    pub age_max: Option<i32>,
    pub gender: Option<Gender>,
    /// ISO 639 codes.
    #[serde(default)]
    pub languages: Vec<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub city_id: Option<i32>,
    #[schema(minimum = 40, maximum = 260)]
    pub height_min_cm: Option<i32>,
    #[schema(minimum = 40, maximum = 260)]
    pub height_max_cm: Option<i32>,
    /// Talent catalogue ids.
    #[serde(default)]
    pub talent_ids: Vec<i32>,
    #[schema(minimum = 0, maximum = 80)]
    pub min_years_experience: Option<i32>,
    /// The brief's remaining words that matter, ranked by full-text search.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// One candidate of a shortlist, as a provider may see it: no name, no contact, no
/// consent-bound category; `key` is opaque to the provider.
#[derive(Debug, Clone, Serialize)]
pub struct ShortlistEntry {
    pub key: String,
    pub summary: String,
}

/// A provider's verdict on one shortlist entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShortlistVerdict {
    pub key: String,
    /// 0 (no fit) to 1 (perfect fit).
    pub score: f32,
    /// Why it fits, in the brief's language, one sentence.
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AiError {
    /// The provider is not configured here (no key); the local rules still answer.
    #[error("the AI provider is not configured")]
    NotConfigured,
    /// Busy or down (429, 502, 503, a timeout); worth trying again after the given time.
    #[error("the AI provider is unavailable")]
    Unavailable { retry_after: Option<Duration> },
    /// Out of credit (402) or the daily spending cap in settings reached.
    #[error("the AI budget is spent: {0}")]
    BudgetSpent(String),
    /// It answered something that is not what the schema asks for.
    #[error("the AI provider gave an invalid answer: {0}")]
    InvalidAnswer(String),
    /// Any other refusal, with the provider's code and message.
    #[error("the AI provider refused: {code}: {message}")]
    Refused { code: String, message: String },
}

/// An AI provider: every method is a single call whose answer is checked before use.
#[async_trait]
pub trait AiProvider: Send + Sync {
    /// Who answered, stored with each analysis (`local`, `openrouter`).
    fn name(&self) -> &'static str;
    /// The rules' version or the model id, stored with each analysis.
    fn version(&self) -> String;
    async fn analyse_cv(&self, cv: &CvInput, reference: &Reference) -> Result<CvAnalysis, AiError>;
    async fn parse_brief(
        &self,
        brief: &str,
        reference: &Reference,
    ) -> Result<BriefCriteria, AiError>;
    /// Scores and explains the entries; entries it leaves out keep their database order.
    async fn rerank(
        &self,
        brief: &str,
        entries: &[ShortlistEntry],
    ) -> Result<Vec<ShortlistVerdict>, AiError>;
}

/// A film as a search lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FilmSummary {
    /// IMDb id, `tt` and digits.
    #[schema(pattern = "^tt[0-9]{7,10}$")]
    pub imdb_id: String,
    pub title: String,
    pub year: Option<String>,
    /// `movie`, `series` or `episode`.
    pub kind: String,
    pub poster_url: Option<String>,
}

/// One film's details; OMDB's `N/A` values are absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FilmDetails {
    #[serde(flatten)]
    pub summary: FilmSummary,
    pub director: Option<String>,
    pub genre: Option<String>,
    pub country: Option<String>,
    pub plot: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum FilmError {
    /// No `OMDB_API_KEY`: the film search answers a clear 503.
    #[error("the film search is not configured")]
    NotConfigured,
    #[error("the film search is unavailable")]
    Unavailable { retry_after: Option<Duration> },
    #[error("no such film")]
    NotFound,
    /// A query so short it matches too many films to list (OMDB's "Too many results.").
    #[error("the query matches too many films")]
    TooManyResults,
    #[error("the film search refused: {0}")]
    Refused(String),
}

/// One page of a film search (OMDB pages hold 10 films).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FilmPage {
    pub items: Vec<FilmSummary>,
    /// Films matching the query in all.
    pub total: u64,
}

#[async_trait]
pub trait FilmSearch: Send + Sync {
    async fn search(&self, query: &str, page: u32) -> Result<Vec<FilmSummary>, FilmError> {
        Ok(self.search_page(query, page).await?.items)
    }
    /// The `page`th page (from 1) of the films whose title matches `query`, with their total.
    async fn search_page(&self, query: &str, page: u32) -> Result<FilmPage, FilmError>;
    async fn lookup(&self, imdb_id: &str) -> Result<FilmDetails, FilmError>;
}
