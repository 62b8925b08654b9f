//! Personal API tokens for API clients (`Authorization: Bearer tlt_…`): shown once, stored
//! hashed, acting with the owner's current role, revocable.

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{
    Error,
    audit::{self, ClientInfo, SecurityEvent},
    db::Pool,
    error::FieldIssue,
};

use super::{Principal, Role, Via, tokens};

pub const TOKEN_PREFIX: &str = "tlt_";
/// How often a token's use is written to the security log (first use per hour).
const USE_LOG_INTERVAL_SECS: i64 = 3600;
pub const MAX_LIFETIME_DAYS: u32 = 365;

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The first characters, to recognise a token without revealing it.
    pub prefix: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiToken {
    #[serde(flatten)]
    pub token: ApiToken,
    /// The secret itself: shown this once, never again.
    pub secret: String,
}

fn from_row(row: &tokio_postgres::Row) -> ApiToken {
    ApiToken {
        id: row.get("id"),
        name: row.get("name"),
        prefix: row.get("token_prefix"),
        created_at: row.get("created_at"),
        last_used_at: row.get("last_used_at"),
        expires_at: row.get("expires_at"),
    }
}

pub async fn create(
    pool: &Pool,
    principal: &Principal,
    name: &str,
    lifetime_days: Option<u32>,
    client: &ClientInfo,
) -> Result<CreatedApiToken, Error> {
    let name = name.trim();
    if let Some(issue) = FieldIssue::text(name, 100) {
        return Err(Error::validation("name", issue));
    }
    if let Some(issue) =
        lifetime_days.and_then(|d| FieldIssue::range(d.into(), 1, MAX_LIFETIME_DAYS.into()))
    {
        return Err(Error::validation("expires_in_days", issue));
    }
    let (secret, hash) = tokens::generate(TOKEN_PREFIX);
    let prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    let row = pool
        .get()
        .await?
        .query_one(
            "INSERT INTO api_tokens (user_id, name, token_prefix, token_hash, expires_at)
             VALUES ($1, $2, $3, $4, now() + make_interval(days => $5))
             RETURNING id, name, token_prefix, created_at, last_used_at, expires_at",
            &[
                &principal.user_id,
                &name,
                &prefix,
                &hash,
                &lifetime_days.map(|d| d as i32),
            ],
        )
        .await?;
    let token = from_row(&row);
    audit::security(
        pool,
        SecurityEvent::TokenCreated,
        Some(principal.user_id),
        client,
        serde_json::json!({"token_id": token.id}),
    )
    .await?;
    Ok(CreatedApiToken { token, secret })
}

pub async fn list(pool: &Pool, user_id: i64) -> Result<Vec<ApiToken>, Error> {
    let rows = pool
        .get()
        .await?
        .query(
            "SELECT id, name, token_prefix, created_at, last_used_at, expires_at FROM api_tokens
              WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC",
            &[&user_id],
        )
        .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// Revokes one of the caller's tokens; someone else's token is "not found".
pub async fn revoke(
    pool: &Pool,
    principal: &Principal,
    token_id: i64,
    client: &ClientInfo,
) -> Result<(), Error> {
    let revoked = pool
        .get()
        .await?
        .execute(
            "UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
            &[&token_id, &principal.user_id],
        )
        .await?;
    if revoked == 0 {
        return Err(Error::NotFound);
    }
    audit::security(
        pool,
        SecurityEvent::TokenRevoked,
        Some(principal.user_id),
        client,
        serde_json::json!({"token_id": token_id}),
    )
    .await
}

/// The principal of a live token.
pub async fn authenticate(
    pool: &Pool,
    secret: &str,
    client: &ClientInfo,
) -> Result<Option<Principal>, Error> {
    let row = pool
        .get()
        .await?
        .query_opt(
            "UPDATE api_tokens t SET last_used_at = now()
               FROM users u, (SELECT id, last_used_at AS previous FROM api_tokens WHERE token_hash = $1) p
              WHERE t.id = p.id AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
                AND u.id = t.user_id AND u.account_active
          RETURNING t.id, u.id, u.role, u.email,
                    p.previous IS NULL OR p.previous < now() - make_interval(secs => $2) AS log_use",
            &[&tokens::hash(secret), &(USE_LOG_INTERVAL_SECS as f64)],
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    let principal = Principal {
        user_id: row.get(1),
        role: Role::parse(row.get(2)),
        email: row.get(3),
        via: Via::Token {
            token_id: row.get(0),
        },
    };
    if row.get::<_, bool>(4) {
        let details = serde_json::json!({"token_id": row.get::<_, i64>(0)});
        audit::security(
            pool,
            SecurityEvent::TokenUsed,
            Some(principal.user_id),
            client,
            details,
        )
        .await?;
    }
    Ok(Some(principal))
}
