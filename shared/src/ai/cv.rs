//! The CV analysis workflow (issue 14): once the upload processor accepted a person's CV, and
//! only while they granted `ai_cv_processing` and `features.ai` is on, the AI provider reads
//! the CV's extracted text into suggestions (talents, languages, years of experience, a short
//! summary), stored with the provider and version that made them (`cv_analyses`). The person
//! then accepts or dismisses each suggestion (`cv_suggestion_decisions`, migration V17):
//! nothing reaches their profile without their say. Accepting a talent adds it to the profile's
//! talents; languages and experience have no profile field, so only the decision is kept.
//!
//! A provider that fails leaves the upload accepted and no analysis row (the remote adapter
//! recorded the failed call in `ai_calls`); withdrawing the consent deletes the analysis (the
//! consent flow calls [`delete_in`] in its transaction); a new CV replaces it.

use deadpool_postgres::GenericClient;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{CvAnalysis, CvInput, matching::ProviderRef, reference};
use crate::{
    AppState, Error,
    accounts::consent::ConsentKind,
    error::{FieldIssue, ProblemCode},
    profiles::{TalentRef, update::MAX_TALENTS},
    settings,
};

/// What a person decided about one suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accepted,
    Dismissed,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accepted => "accepted",
            Decision::Dismissed => "dismissed",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        match value {
            "accepted" => Some(Decision::Accepted),
            "dismissed" => Some(Decision::Dismissed),
            _ => None,
        }
    }
}

/// A decision on one suggestion.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionForm {
    pub decision: Decision,
}

/// A talent the CV suggests, with the catalogue's names and emoji.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TalentSuggestion {
    pub talent: TalentRef,
    /// The words of the CV that suggest it.
    pub evidence: String,
    /// Whether the profile lists this talent now.
    pub in_profile: bool,
    /// Absent while undecided.
    pub decision: Option<Decision>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LanguageSuggestion {
    /// ISO 639 code (`fr`, `en`, `wo`, `ber`...).
    pub code: String,
    pub decision: Option<Decision>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ExperienceSuggestion {
    /// Whole years of experience read from the CV's date ranges.
    pub years: u16,
    pub decision: Option<Decision>,
}

/// A person's analysed CV as they see it: the suggestions and what they decided.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CvAnalysisView {
    /// Who made the analysis (`local` or `openrouter`, with the rules' version or model id).
    pub provider: ProviderRef,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Two or three sentences, in the CV's language.
    pub summary: String,
    /// Talents of the active catalogue only.
    pub talents: Vec<TalentSuggestion>,
    pub languages: Vec<LanguageSuggestion>,
    pub experience: Option<ExperienceSuggestion>,
    /// Degrees and schools, as written.
    pub education: Vec<String>,
    /// Skills the talent catalogue does not name, as written.
    pub skills: Vec<String>,
}

/// Which kind of suggestion a decision is about (`cv_suggestion_decisions.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionKind {
    Talent,
    Language,
    Experience,
}

impl SuggestionKind {
    fn as_str(self) -> &'static str {
        match self {
            SuggestionKind::Talent => "talent",
            SuggestionKind::Language => "language",
            SuggestionKind::Experience => "experience",
        }
    }
}

const LIVE_CONSENT: &str = "EXISTS (SELECT 1 FROM consents c
                                     WHERE c.user_id = ca.user_id AND c.kind = 'ai_cv_processing'
                                       AND c.withdrawn_at IS NULL)";

/// Deletes a person's analysis and its decisions inside the caller's transaction: the consent
/// withdrawal and the acceptance of a new CV call it.
pub async fn delete_in(db: &impl GenericClient, user_id: i64) -> Result<u64, Error> {
    Ok(db
        .execute("DELETE FROM cv_analyses WHERE user_id = $1", &[&user_id])
        .await?)
}

/// Why an accepted CV was (not) analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not an accepted CV that is still its owner's current one, or already analysed.
    NotDue,
    /// `features.ai` is off.
    FeatureOff,
    /// The owner has no live `ai_cv_processing` consent: the text was not used.
    NoConsent,
    /// The provider failed; the upload stays accepted and no analysis is stored.
    Failed(String),
    /// Stored.
    Stored,
}

/// Analyses the accepted CV of upload `id` when it is due: the owner's current CV, not yet
/// analysed, `features.ai` on and the owner's `ai_cv_processing` consent live. Safe to repeat
/// (an S3 event delivered twice analyses once). A provider failure is an [`Outcome`], not an
/// error: the upload was accepted and stays so.
pub async fn analyse_upload(state: &AppState, id: Uuid) -> Result<Outcome, Error> {
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT up.user_id, up.extracted_text,
                    EXISTS (SELECT 1 FROM cv_analyses ca WHERE ca.upload_id = up.id) AS analysed
               FROM uploads up JOIN users u ON u.id = up.user_id AND u.cv_filename = up.object_key
              WHERE up.id = $1 AND up.kind = 'cv' AND up.status = 'accepted'",
            &[&id],
        )
        .await?;
    let Some(row) = row else {
        return Ok(Outcome::NotDue);
    };
    let user_id: i64 = row.get("user_id");
    let text: Option<String> = row.get("extracted_text");
    if row.get::<_, bool>("analysed") {
        return Ok(Outcome::NotDue);
    }
    if !settings::load(&state.db).await?.feature_ai {
        return Ok(Outcome::FeatureOff);
    }
    if !crate::accounts::consent::is_granted(&state.db, user_id, ConsentKind::AiCvProcessing)
        .await?
    {
        return Ok(Outcome::NoConsent);
    }
    let text = text.unwrap_or_default();
    let reference = reference::load(state).await?;
    let provider = state.ai.as_ref();
    let analysis = match provider
        .analyse_cv(&CvInput { text: text.clone() }, &reference)
        .await
    {
        Ok(analysis) => analysis,
        Err(error) => {
            // The remote adapter recorded the call in `ai_calls`; the local rules never fail.
            tracing::warn!(%id, provider = provider.name(), %error, "CV analysis failed");
            return Ok(Outcome::Failed(error.to_string()));
        }
    };
    let made_by = ProviderRef {
        name: provider.name().to_string(),
        version: provider.version(),
    };
    let stored = store(state, user_id, id, &made_by, &analysis, &text).await?;
    Ok(if stored {
        Outcome::Stored
    } else {
        Outcome::NotDue
    })
}

/// Stores the analysis of upload `id` in one transaction, replacing the previous one and its
/// decisions, only while the consent is live and the upload is still the person's CV: the
/// consent row is locked, so a withdrawal running at the same time waits and then deletes it.
async fn store(
    state: &AppState,
    user_id: i64,
    id: Uuid,
    provider: &ProviderRef,
    analysis: &CvAnalysis,
    text: &str,
) -> Result<bool, Error> {
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let still_due = tx
        .query_opt(
            "SELECT 1 FROM consents c JOIN users u ON u.id = c.user_id
               JOIN uploads up ON up.object_key = u.cv_filename AND up.id = $2
              WHERE c.user_id = $1 AND c.kind = 'ai_cv_processing' AND c.withdrawn_at IS NULL
                FOR SHARE OF c",
            &[&user_id, &id],
        )
        .await?
        .is_some();
    if !still_due {
        return Ok(false);
    }
    delete_in(&tx, user_id).await?;
    let (sql, json, words) = super::matching::cv_analysis_upsert(analysis, text)?;
    tx.execute(
        sql,
        &[&user_id, &provider.name, &provider.version, &json, &words],
    )
    .await?;
    tx.execute(
        "UPDATE cv_analyses SET upload_id = $2 WHERE user_id = $1",
        &[&user_id, &id],
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The caller's analysed CV. 403 `feature_disabled` while `features.ai` is off; 404 when there
/// is none (nothing analysed, or no live consent).
pub async fn view(state: &AppState, user_id: i64) -> Result<CvAnalysisView, Error> {
    settings::require_ai(&state.db).await?;
    let db = state.db.get().await?;
    view_with(&db, user_id).await
}

async fn view_with(db: &impl GenericClient, user_id: i64) -> Result<CvAnalysisView, Error> {
    let row = db
        .query_opt(
            &format!(
                "SELECT ca.provider, ca.version, ca.analysis, ca.created_at FROM cv_analyses ca
                  WHERE ca.user_id = $1 AND {LIVE_CONSENT}"
            ),
            &[&user_id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    let analysis: CvAnalysis = serde_json::from_value(row.get("analysis"))
        .map_err(|e| Error::Internal(anyhow::anyhow!("a stored CV analysis: {e}")))?;
    let decisions: Vec<(String, String, Decision)> = db
        .query(
            "SELECT kind, value, decision FROM cv_suggestion_decisions WHERE user_id = $1",
            &[&user_id],
        )
        .await?
        .iter()
        .filter_map(|r| Some((r.get(0), r.get(1), Decision::parse(r.get(2))?)))
        .collect();
    let decision_of = |kind: SuggestionKind, value: &str| {
        decisions
            .iter()
            .find(|(k, v, _)| k == kind.as_str() && v == value)
            .map(|(_, _, d)| *d)
    };
    let ids: Vec<i32> = analysis.talents.iter().map(|t| t.talent_id).collect();
    let catalogue = db
        .query(
            "SELECT t.id, t.name, t.name_en, t.emoji, t.category,
                    EXISTS (SELECT 1 FROM user_talents ut
                             WHERE ut.user_id = $2 AND ut.talent_id = t.id) AS in_profile
               FROM talents t WHERE t.id = ANY($1) AND t.is_active",
            &[&ids, &user_id],
        )
        .await?;
    let mut talents = Vec::new();
    for suggested in &analysis.talents {
        let Some(t) = catalogue
            .iter()
            .find(|r| r.get::<_, i32>("id") == suggested.talent_id)
        else {
            continue;
        };
        if talents
            .iter()
            .any(|s: &TalentSuggestion| s.talent.id == suggested.talent_id)
        {
            continue;
        }
        talents.push(TalentSuggestion {
            talent: TalentRef {
                id: t.get("id"),
                name: t.get("name"),
                name_en: t.get("name_en"),
                emoji: t.get("emoji"),
                category: t.get("category"),
            },
            evidence: suggested.evidence.clone(),
            in_profile: t.get("in_profile"),
            decision: decision_of(SuggestionKind::Talent, &suggested.talent_id.to_string()),
        });
    }
    let mut languages: Vec<LanguageSuggestion> = Vec::new();
    for code in &analysis.languages {
        if !languages.iter().any(|l| &l.code == code) {
            languages.push(LanguageSuggestion {
                code: code.clone(),
                decision: decision_of(SuggestionKind::Language, code),
            });
        }
    }
    Ok(CvAnalysisView {
        provider: ProviderRef {
            name: row.get("provider"),
            version: row.get("version"),
        },
        created_at: row.get("created_at"),
        summary: analysis.summary,
        talents,
        languages,
        experience: analysis.years_experience.map(|years| ExperienceSuggestion {
            years,
            decision: decision_of(SuggestionKind::Experience, &years.to_string()),
        }),
        education: analysis.education,
        skills: analysis.skills,
    })
}

/// Records the caller's decision on one suggestion of their analysed CV and answers the
/// analysis as it now stands. Accepting a talent adds it to the profile's talents (at most
/// [`MAX_TALENTS`]: 409 `limit_reached` beyond); dismissing one records the decision and
/// leaves the profile alone (a talent accepted before stays until the person removes it).
/// 403 `feature_disabled` while `features.ai` is off; 404 without an analysis or when it does
/// not suggest `value`. `value` is the talent's id or the language's code; the years of
/// experience are the analysis's own (`None`).
pub async fn decide(
    state: &AppState,
    user_id: i64,
    kind: SuggestionKind,
    value: Option<&str>,
    decision: Decision,
) -> Result<CvAnalysisView, Error> {
    settings::require_ai(&state.db).await?;
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    // The analysis row is locked: a withdrawal or a new analysis waits for this decision.
    let current = view_locked(&tx, user_id).await?;
    let value = match (kind, value) {
        (SuggestionKind::Talent, Some(v))
            if current.talents.iter().any(|t| t.talent.id.to_string() == v) =>
        {
            v.to_string()
        }
        (SuggestionKind::Language, Some(v)) if current.languages.iter().any(|l| l.code == v) => {
            v.to_string()
        }
        (SuggestionKind::Experience, None) => match &current.experience {
            Some(e) => e.years.to_string(),
            None => return Err(Error::NotFound),
        },
        _ => return Err(Error::NotFound),
    };
    let value = value.as_str();
    if kind == SuggestionKind::Talent && decision == Decision::Accepted {
        let talent_id: i32 = value
            .parse()
            .map_err(|_| Error::validation("talent_id", FieldIssue::Invalid))?;
        add_talent(&tx, user_id, talent_id).await?;
    }
    tx.execute(
        "INSERT INTO cv_suggestion_decisions (user_id, kind, value, decision)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, kind, value)
         DO UPDATE SET decision = EXCLUDED.decision, decided_at = now()",
        &[&user_id, &kind.as_str(), &value, &decision.as_str()],
    )
    .await?;
    let view = view_with(&tx, user_id).await?;
    tx.commit().await?;
    Ok(view)
}

async fn view_locked(
    tx: &deadpool_postgres::Transaction<'_>,
    user_id: i64,
) -> Result<CvAnalysisView, Error> {
    tx.query_opt(
        "SELECT 1 FROM cv_analyses WHERE user_id = $1 FOR UPDATE",
        &[&user_id],
    )
    .await?
    .ok_or(Error::NotFound)?;
    view_with(tx, user_id).await
}

/// Adds one active talent to the profile, within the profile's limit.
async fn add_talent(
    tx: &deadpool_postgres::Transaction<'_>,
    user_id: i64,
    talent_id: i32,
) -> Result<(), Error> {
    // The user row is locked so two accepts at once cannot pass the limit together.
    let row = tx
        .query_one(
            "SELECT (SELECT count(*) FROM user_talents WHERE user_id = $1) AS listed,
                    EXISTS (SELECT 1 FROM user_talents WHERE user_id = $1 AND talent_id = $2) AS has
               FROM users WHERE id = $1 FOR UPDATE",
            &[&user_id, &talent_id],
        )
        .await?;
    if row.get::<_, bool>("has") {
        return Ok(());
    }
    if row.get::<_, i64>("listed") >= MAX_TALENTS as i64 {
        return Err(Error::conflict(
            ProblemCode::LimitReached,
            format!(
                "the profile lists {MAX_TALENTS} talents already, the most it may: remove one first"
            ),
        ));
    }
    tx.execute(
        "INSERT INTO user_talents (user_id, talent_id) SELECT $1, id FROM talents
          WHERE id = $2 AND is_active ON CONFLICT (user_id, talent_id) DO NOTHING",
        &[&user_id, &talent_id],
    )
    .await?;
    tx.execute(
        "UPDATE users SET updated_at = now() WHERE id = $1",
        &[&user_id],
    )
    .await?;
    Ok(())
}
