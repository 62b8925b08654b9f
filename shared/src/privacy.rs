//! The rights of the people whose data we hold (Morocco 09-08, NDPA, POPIA, Kenya DPA): a copy of
//! everything held about them, and erasure of their account.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{
    AppState, Error,
    accounts::consent,
    audit::{self, ClientInfo, SecurityEvent},
    ports::blob::BlobKey,
    profiles::{self, FILE_LINK_TTL, Profile},
};

/// Everything held about a person, in one JSON document.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DataExport {
    #[serde(with = "time::serde::rfc3339")]
    pub exported_at: OffsetDateTime,
    pub profile: Profile,
    pub consents: Vec<consent::Consent>,
    /// Uploaded files with their status; accepted ones with a download link (15 minutes).
    #[schema(value_type = Vec<Object>)]
    pub uploads: Vec<Value>,
    /// Sessions (devices and addresses), API tokens (names, never secrets).
    #[schema(value_type = Vec<Object>)]
    pub sessions: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub api_tokens: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub security_log: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub activity_log: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub email_log: Vec<Value>,
    /// What the AI read in one's CV (none, or the latest) and one's decisions on it.
    #[schema(value_type = Vec<Object>)]
    pub cv_analysis: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub cv_suggestion_decisions: Vec<Value>,
}

/// Rows of `sql` (one `$1` = user id) as JSON objects.
async fn json_rows(state: &AppState, sql: &str, user_id: i64) -> Result<Vec<Value>, Error> {
    let rows = state
        .db
        .get()
        .await?
        .query(&format!("SELECT to_jsonb(x) FROM ({sql}) x"), &[&user_id])
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

pub async fn export(state: &AppState, user_id: i64) -> Result<DataExport, Error> {
    let profile = profiles::profile(state, user_id).await?;
    let mut uploads = json_rows(
        state,
        "SELECT id, kind, content_type, declared_size, actual_size, status, rejection_reason,
                created_at, processed_at, object_key
           FROM uploads WHERE user_id = $1 ORDER BY created_at",
        user_id,
    )
    .await?;
    for upload in &mut uploads {
        let key = upload
            .as_object_mut()
            .and_then(|o| o.remove("object_key"))
            .and_then(|k| k.as_str().map(str::to_owned));
        if upload["status"] == "accepted"
            && let Some(key) = key
        {
            let link = state
                .blobs
                .presign_get(&BlobKey::parse(&key)?, FILE_LINK_TTL)
                .await?;
            upload["download_url"] = Value::String(link.url);
        }
    }
    Ok(DataExport {
        exported_at: OffsetDateTime::now_utc(),
        profile,
        consents: consent::history(&state.db, user_id).await?,
        uploads,
        sessions: json_rows(
            state,
            "SELECT created_at, last_seen_at, host(ip_address) AS ip_address, user_agent,
                    revoked_at, absolute_expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at",
            user_id,
        )
        .await?,
        api_tokens: json_rows(
            state,
            "SELECT name, token_prefix, created_at, last_used_at, expires_at, revoked_at
               FROM api_tokens WHERE user_id = $1 ORDER BY created_at",
            user_id,
        )
        .await?,
        security_log: json_rows(
            state,
            "SELECT event_type, severity, host(ip_address) AS ip_address, user_agent, details, created_at
               FROM security_logs WHERE user_id = $1 ORDER BY created_at",
            user_id,
        )
        .await?,
        activity_log: json_rows(
            state,
            "SELECT action, status, resource_id, host(ip_address) AS ip_address, user_agent, created_at
               FROM activity_logs WHERE user_id = $1 ORDER BY created_at",
            user_id,
        )
        .await?,
        email_log: json_rows(
            state,
            "SELECT email_type, recipient, subject, status, created_at, sent_at
               FROM email_logs WHERE user_id = $1 ORDER BY created_at",
            user_id,
        )
        .await?,
        cv_analysis: json_rows(
            state,
            "SELECT provider, version, analysis, created_at FROM cv_analyses WHERE user_id = $1",
            user_id,
        )
        .await?,
        cv_suggestion_decisions: json_rows(
            state,
            "SELECT kind, value, decision, decided_at FROM cv_suggestion_decisions
              WHERE user_id = $1 ORDER BY kind, value",
            user_id,
        )
        .await?,
    })
}

/// What an erasure did and what it kept, and why.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Erasure {
    pub erased: bool,
    pub files_deleted: usize,
    pub kept: Vec<String>,
}

/// Erases an account: its files in the blob store, then in one transaction the address and
/// device in its log lines, the recipient of its mail log, and the account with everything
/// that hangs on it (profile, talents, sessions, tokens, uploads, consents).
pub async fn erase(
    state: &AppState,
    user_id: i64,
    by_admin: Option<i64>,
    client: &ClientInfo,
) -> Result<Erasure, Error> {
    let db = state.db.get().await?;
    let keys: BTreeSet<String> = db
        .query(
            "SELECT k FROM users u,
                    LATERAL unnest(ARRAY[u.photo_filename, u.cv_filename, u.qr_code_filename]) k
              WHERE u.id = $1 AND k IS NOT NULL
             UNION SELECT object_key FROM uploads WHERE user_id = $1
             UNION SELECT thumbnail_key FROM uploads WHERE user_id = $1 AND thumbnail_key IS NOT NULL",
            &[&user_id],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let exists: bool = db
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)",
            &[&user_id],
        )
        .await?
        .get(0);
    if !exists {
        return Err(Error::NotFound);
    }
    drop(db);
    // Files first: a failure here leaves the account whole, so the erasure can be retried.
    for key in &keys {
        state.blobs.delete(&BlobKey::parse(key)?).await?;
    }
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    tx.execute(
        "UPDATE security_logs SET ip_address = NULL, user_agent = NULL, details = '{}' WHERE user_id = $1",
        &[&user_id],
    )
    .await?;
    tx.execute(
        "UPDATE activity_logs SET ip_address = NULL, user_agent = NULL, resource_id = NULL, details = '{}'
          WHERE user_id = $1",
        &[&user_id],
    )
    .await?;
    tx.execute(
        "UPDATE email_logs SET recipient = 'erased', idempotency_key = NULL WHERE user_id = $1",
        &[&user_id],
    )
    .await?;
    tx.execute("DELETE FROM users WHERE id = $1", &[&user_id])
        .await?;
    tx.commit().await?;
    // Back to the pool before anything else takes a connection (Lambda's pool is small).
    drop(db);
    audit::security(
        &state.db,
        SecurityEvent::AccountErased,
        by_admin,
        client,
        serde_json::json!({"by": if by_admin.is_some() { "admin" } else { "self" }}),
    )
    .await?;
    Ok(Erasure {
        erased: true,
        files_deleted: keys.len(),
        kept: vec![
            "security log events (what happened and when), without address or device, unlinked from you: needed to investigate abuse".into(),
            "mail log entries (kind, date, outcome), without your address: the record of what the platform sent".into(),
            "casting profiles, projects and attendance recorded by productions are theirs, not your account's".into(),
        ],
    })
}
