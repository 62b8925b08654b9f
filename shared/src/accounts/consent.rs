//! What a person agreed to. Terms and privacy are agreed at registration; each sensitive
//! category (ethnicity, skin tone, ID document, AI processing of the CV) needs its own
//! explicit consent, which can be withdrawn at any time. Grants are never edited: withdrawing
//! stamps `withdrawn_at`, granting again adds a row, so the history stays provable.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{
    Error,
    audit::{self, ClientInfo, SecurityEvent},
    db::Pool,
    error::ProblemCode,
};

/// The versions of the documents a person agrees to today. Bump when the text changes:
/// registration then asks for the new version.
pub const TERMS_VERSION: &str = "2026-11";
pub const PRIVACY_VERSION: &str = "2026-11";
/// The wording of the sensitive-category consents.
pub const SENSITIVE_VERSION: &str = "2026-11";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    Terms,
    Privacy,
    Ethnicity,
    SkinTone,
    IdDocument,
    AiCvProcessing,
}

impl ConsentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::Terms => "terms",
            ConsentKind::Privacy => "privacy",
            ConsentKind::Ethnicity => "ethnicity",
            ConsentKind::SkinTone => "skin_tone",
            ConsentKind::IdDocument => "id_document",
            ConsentKind::AiCvProcessing => "ai_cv_processing",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            ConsentKind::Terms,
            ConsentKind::Privacy,
            ConsentKind::Ethnicity,
            ConsentKind::SkinTone,
            ConsentKind::IdDocument,
            ConsentKind::AiCvProcessing,
        ]
        .into_iter()
        .find(|k| k.as_str() == value)
    }

    pub fn current_version(self) -> &'static str {
        match self {
            ConsentKind::Terms => TERMS_VERSION,
            ConsentKind::Privacy => PRIVACY_VERSION,
            _ => SENSITIVE_VERSION,
        }
    }

    /// Terms and privacy are the contract itself: leaving them means deleting the account.
    fn withdrawable(self) -> bool {
        !matches!(self, ConsentKind::Terms | ConsentKind::Privacy)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Consent {
    pub kind: ConsentKind,
    pub version: String,
    #[serde(with = "time::serde::rfc3339")]
    pub granted_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub withdrawn_at: Option<OffsetDateTime>,
}

/// Records a grant inside the caller's transaction (registration) or on its own.
pub async fn record(
    db: &impl deadpool_postgres::GenericClient,
    user_id: i64,
    kind: ConsentKind,
    client: &ClientInfo,
) -> Result<(), Error> {
    db.execute(
        "INSERT INTO consents (user_id, kind, version, ip_address, user_agent)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, kind) WHERE withdrawn_at IS NULL
         DO UPDATE SET version = EXCLUDED.version
          WHERE consents.version IS DISTINCT FROM EXCLUDED.version",
        &[
            &user_id,
            &kind.as_str(),
            &kind.current_version(),
            &client.ip,
            &client.user_agent,
        ],
    )
    .await?;
    Ok(())
}

/// Every grant and withdrawal of a person, newest first.
pub async fn history(pool: &Pool, user_id: i64) -> Result<Vec<Consent>, Error> {
    let rows = pool
        .get()
        .await?
        .query(
            "SELECT kind, version, granted_at, withdrawn_at FROM consents
              WHERE user_id = $1 AND kind <> 'guardian' ORDER BY granted_at DESC, id DESC",
            &[&user_id],
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            Some(Consent {
                kind: ConsentKind::parse(row.get("kind"))?,
                version: row.get("version"),
                granted_at: row.get("granted_at"),
                withdrawn_at: row.get("withdrawn_at"),
            })
        })
        .collect())
}

/// True while the person has a live grant of `kind`. Processing of a sensitive category
/// checks this first.
pub async fn is_granted(pool: &Pool, user_id: i64, kind: ConsentKind) -> Result<bool, Error> {
    Ok(pool
        .get()
        .await?
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM consents
                             WHERE user_id = $1 AND kind = $2 AND withdrawn_at IS NULL)",
            &[&user_id, &kind.as_str()],
        )
        .await?
        .get(0))
}

pub async fn grant(
    pool: &Pool,
    user_id: i64,
    kind: ConsentKind,
    client: &ClientInfo,
) -> Result<(), Error> {
    record(&pool.get().await?, user_id, kind, client).await?;
    audit::security(
        pool,
        SecurityEvent::ConsentGranted,
        Some(user_id),
        client,
        serde_json::json!({"kind": kind.as_str(), "version": kind.current_version()}),
    )
    .await
}

/// Withdraws a sensitive-category consent. 404 when there is no live grant.
pub async fn withdraw(
    pool: &Pool,
    user_id: i64,
    kind: ConsentKind,
    client: &ClientInfo,
) -> Result<(), Error> {
    if !kind.withdrawable() {
        return Err(Error::Conflict(
            ProblemCode::ConsentNotWithdrawable,
            "the terms and privacy policy cannot be withdrawn on their own: delete the account instead (DELETE /api/v1/me)".into(),
        ));
    }
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    let withdrawn = tx
        .execute(
            "UPDATE consents SET withdrawn_at = now()
              WHERE user_id = $1 AND kind = $2 AND withdrawn_at IS NULL",
            &[&user_id, &kind.as_str()],
        )
        .await?;
    if withdrawn == 0 {
        return Err(Error::NotFound);
    }
    // What a category's features store is erased here, in `tx`: the AI analysis of the CV
    // (and the decisions on its suggestions) for `ai_cv_processing`. Ethnicity, skin tone and
    // ID documents live on cinema casting profiles (kept by productions), not on the account.
    if kind == ConsentKind::AiCvProcessing {
        crate::ai::cv::delete_in(&tx, user_id).await?;
    }
    tx.commit().await?;
    // Back to the pool before anything else takes a connection (Lambda's pool is small).
    drop(db);
    audit::security(
        pool,
        SecurityEvent::ConsentWithdrawn,
        Some(user_id),
        client,
        serde_json::json!({"kind": kind.as_str()}),
    )
    .await
}
