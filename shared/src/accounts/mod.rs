//! Accounts: people, their roles, sessions and API tokens, the flows that create and recover
//! them (register, confirm, login, password reset, invitations) and their consents.

pub mod access;
pub mod api_tokens;
pub mod consent;
pub mod flows;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod tokens;

use serde::Serialize;
use time::OffsetDateTime;
use tokio_postgres::error::SqlState;
use utoipa::ToSchema;

use crate::{
    Error, codes, db::Pool, email_address::normalize_email, error::ProblemCode, mail::Language,
};

/// What a person may do (DESIGN.md, Roles). Stored as text with a CHECK constraint.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Recruiter,
    Presence,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Recruiter => "recruiter",
            Role::Presence => "presence",
            Role::Admin => "admin",
        }
    }

    /// The role stored in a row. The column's CHECK constraint allows only the four names;
    /// anything else would get the least privilege.
    pub fn parse(value: &str) -> Self {
        match value {
            "admin" => Role::Admin,
            "recruiter" => Role::Recruiter,
            "presence" => Role::Presence,
            _ => Role::User,
        }
    }
}

/// Who is calling, established from a session cookie or an API token.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub role: Role,
    pub email: String,
    pub via: Via,
}

#[derive(Debug, Clone)]
pub enum Via {
    /// A browser session; unsafe methods must echo `csrf_token` in `X-CSRF-Token`.
    Session { session_id: i64, csrf_token: String },
    /// A personal API token (`Authorization: Bearer`).
    Token { token_id: i64 },
}

impl Principal {
    /// 403 unless the caller holds one of `roles`. Admins pass every check.
    pub fn require(&self, roles: &[Role]) -> Result<(), Error> {
        if self.role == Role::Admin || roles.contains(&self.role) {
            Ok(())
        } else {
            Err(Error::Forbidden(
                ProblemCode::RoleRequired,
                format!(
                    "this needs the {} role",
                    roles
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ))
        }
    }

    pub fn session_id(&self) -> Option<i64> {
        match self.via {
            Via::Session { session_id, .. } => Some(session_id),
            Via::Token { .. } => None,
        }
    }

    pub fn csrf_token(&self) -> Option<&str> {
        match &self.via {
            Via::Session { csrf_token, .. } => Some(csrf_token),
            Via::Token { .. } => None,
        }
    }
}

/// An account as its owner (and admins) see it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct Account {
    pub id: i64,
    /// The person's public code, printed on their QR code.
    pub unique_code: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Role,
    /// `fr` or `en`: the language of the mail we send.
    pub preferred_language: String,
    pub email_confirmed: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

const ACCOUNT_COLUMNS: &str = "id, unique_code, email, first_name, last_name, role, \
     preferred_language, email_confirmed_at IS NOT NULL AS email_confirmed, created_at";

impl Account {
    fn from_row(row: &tokio_postgres::Row) -> Self {
        Account {
            id: row.get("id"),
            unique_code: row.get("unique_code"),
            email: row.get("email"),
            first_name: row.get("first_name"),
            last_name: row.get("last_name"),
            role: Role::parse(row.get("role")),
            preferred_language: row.get("preferred_language"),
            email_confirmed: row.get("email_confirmed"),
            created_at: row.get("created_at"),
        }
    }

    pub fn language(&self) -> Language {
        Language::from_code(&self.preferred_language)
    }
}

pub async fn account(pool: &Pool, user_id: i64) -> Result<Account, Error> {
    let row = pool
        .get()
        .await?
        .query_opt(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE id = $1"),
            &[&user_id],
        )
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Account::from_row(&row))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminOutcome {
    Created,
    /// The account existed; it is now an active, confirmed admin. Its password is unchanged.
    AlreadyPresent,
}

/// Makes sure an admin account with this email exists (the migrate function and `make dev`
/// run it at every start): created the first time, promoted and activated after that.
pub async fn ensure_admin(pool: &Pool, email: &str, password: &str) -> Result<AdminOutcome, Error> {
    let email = normalize_email(email)?;
    let client = pool.get().await?;
    let promoted = client
        .execute(
            "UPDATE users SET role = 'admin', account_active = true,
                    email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now()
              WHERE email = $1",
            &[&email],
        )
        .await?;
    if promoted > 0 {
        return Ok(AdminOutcome::AlreadyPresent);
    }
    let password_hash = password::hash(password).await?;
    for _ in 0..codes::MAX_ATTEMPTS {
        let inserted = client
            .execute(
                "INSERT INTO users (unique_code, first_name, last_name, email, password_hash, role,
                                    account_active, email_confirmed_at)
                 VALUES ($1, 'Admin', 'taalentio', $2, $3, 'admin', true, now())
                 ON CONFLICT (email) DO NOTHING",
                &[&codes::generate(), &email, &password_hash],
            )
            .await;
        match inserted {
            Ok(1) => return Ok(AdminOutcome::Created),
            // Another runner created it between our UPDATE and INSERT.
            Ok(_) => return Ok(AdminOutcome::AlreadyPresent),
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Internal(anyhow::anyhow!(
        "no free user code after {} attempts",
        codes::MAX_ATTEMPTS
    )))
}
