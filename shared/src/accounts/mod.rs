//! Accounts: people, their roles, and the first admin.

pub mod password;
pub mod tokens;

use tokio_postgres::error::SqlState;

use crate::{Error, codes, db::Pool};

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminOutcome {
    Created,
    /// The account existed; it is now an active, confirmed admin. Its password is unchanged.
    AlreadyPresent,
}

/// Emails are stored lower-cased and trimmed, so uniqueness holds whatever the caller typed.
pub fn normalize_email(email: &str) -> Result<String, Error> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.contains(char::is_whitespace)
        && email.matches('@').count() == 1;
    if valid {
        Ok(email)
    } else {
        Err(Error::validation("email", "must be an email address"))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            normalize_email("  Kofi.Mensah@Example.GH ").unwrap(),
            "kofi.mensah@example.gh"
        );
        for bad in [
            "",
            "kofi",
            "kofi@",
            "@example.gh",
            "kofi@example",
            "ko fi@example.gh",
            "a@b@c.d",
            "kofi@.gh",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?} accepted");
        }
    }
}
