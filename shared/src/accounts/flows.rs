//! The account flows: register, confirm, log in and out, recover and change a password,
//! and invite (an admin creates an account; the person sets their own password).

use deadpool_postgres::GenericClient;
use serde::Deserialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::{
    AppState, Error,
    age::{MINIMUM_AGE, age_on},
    audit::{self, ClientInfo, SecurityEvent},
    codes,
    email_address::normalize_email,
    error::{FieldError, FieldIssue, ProblemCode},
    http::schemas,
    links,
    mail::{self, Language, templates},
};

use super::{
    ACCOUNT_COLUMNS, Account, Principal, Role,
    consent::{self, ConsentKind},
    password, sessions, throttle, tokens,
};

pub const CONFIRMATION_VALID_HOURS: i64 = 48;
pub const RESET_VALID_MINUTES: i64 = 60;
pub const INVITATION_VALID_HOURS: i64 = 72;
const LINK_TOKEN_PREFIX: &str = "tlk_";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    #[schema(schema_with = schemas::email)]
    pub email: String,
    /// 10 to 256 characters, strong enough for zxcvbn (`POST /api/v1/auth/password/check`).
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
    #[schema(schema_with = schemas::text_100)]
    pub first_name: String,
    #[schema(schema_with = schemas::text_100)]
    pub last_name: String,
    /// Needed for the age check: accounts are for people of 18 or more.
    #[schema(value_type = String, format = Date, example = "1998-04-12")]
    pub date_of_birth: Date,
    /// `fr` (default) or `en`.
    #[serde(default)]
    #[schema(schema_with = schemas::language_or_null)]
    pub preferred_language: Option<String>,
    /// The version of the terms and privacy policy the person accepted; must be the current
    /// one (`GET /api/v1/auth/consents/versions`).
    pub accepted_terms_version: String,
}

/// Creates an unconfirmed account and mails a confirmation link; 403 while an admin has closed
/// registration. Registering an address that
/// already has an account answers the same and mails its owner instead, so the answer never
/// tells whether an address is known.
pub async fn register(
    state: &AppState,
    form: Registration,
    client: &ClientInfo,
) -> Result<(), Error> {
    // An admin switch (`features.registration`); invitations still work while it is off.
    if !crate::settings::registration_open(&state.db).await? {
        return Err(Error::Forbidden(
            ProblemCode::RegistrationClosed,
            "registration is closed for now: new accounts are by invitation from an administrator"
                .into(),
        ));
    }
    let mut problems = Vec::new();
    let email = normalize_email(&form.email).map_err(|e| problems.extend(field_errors(e)));
    let first_name = name_field("first_name", &form.first_name, &mut problems);
    let last_name = name_field("last_name", &form.last_name, &mut problems);
    let language = language_field(form.preferred_language.as_deref(), &mut problems);
    if let Err(issue) = check_age(form.date_of_birth, OffsetDateTime::now_utc().date()) {
        problems.push(FieldError::new("date_of_birth", issue));
    }
    if form.accepted_terms_version != consent::TERMS_VERSION {
        problems.push(FieldError::new(
            "accepted_terms_version",
            FieldIssue::OutdatedVersion {
                current: consent::TERMS_VERSION.into(),
            },
        ));
    }
    if let Ok(email) = &email
        && let Err(e) =
            password::check_strength(&form.password, &[email, &form.first_name, &form.last_name])
    {
        problems.extend(field_errors(e));
    }
    let Ok(email) = email else {
        return Err(Error::Validation(problems));
    };
    if !problems.is_empty() {
        return Err(Error::Validation(problems));
    }

    let password_hash = password::hash(&form.password).await?;
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let Some(user_id) = insert_user(
        &tx,
        &NewUser {
            email: &email,
            first_name: &first_name,
            last_name: &last_name,
            password_hash: Some(&password_hash),
            role: Role::User,
            language,
            date_of_birth: Some(form.date_of_birth),
            confirmed: false,
        },
    )
    .await?
    else {
        drop(tx);
        drop(db);
        return mail_account_exists(state, &email).await;
    };
    consent::record(&tx, user_id, ConsentKind::Terms, client).await?;
    consent::record(&tx, user_id, ConsentKind::Privacy, client).await?;
    let token = new_link_token(
        &tx,
        "email_confirmations",
        user_id,
        CONFIRMATION_VALID_HOURS * 60,
        None,
    )
    .await?;
    tx.commit().await?;
    // Back to the pool before anything else takes a connection (Lambda's pool is small).
    drop(db);

    audit::security(
        &state.db,
        SecurityEvent::Registered,
        Some(user_id),
        client,
        serde_json::json!({}),
    )
    .await?;
    let link = link(state, links::CONFIRM, &token);
    let rendered = templates::confirm_email(language, &first_name, &link, CONFIRMATION_VALID_HOURS);
    if let Err(error) = mail::deliver(state, Some(user_id), &email, "confirm_email", rendered).await
    {
        // Without its mail nobody can confirm the account, and trying again would find the
        // address taken: the registration fails as a whole (the failed mail stays logged).
        discard_unconfirmed(state, user_id).await?;
        return Err(error);
    }
    Ok(())
}

/// Deletes an account that was never confirmed (its consents and tokens go with it).
async fn discard_unconfirmed(state: &AppState, user_id: i64) -> Result<(), Error> {
    state
        .db
        .get()
        .await?
        .execute(
            "DELETE FROM users WHERE id = $1 AND email_confirmed_at IS NULL",
            &[&user_id],
        )
        .await?;
    Ok(())
}

/// Sends a fresh confirmation link to an unconfirmed account; silent otherwise.
pub async fn resend_confirmation(state: &AppState, email: &str) -> Result<(), Error> {
    let email = normalize_email(email)?;
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT id, first_name, preferred_language FROM users
              WHERE email = $1 AND email_confirmed_at IS NULL AND account_active",
            &[&email],
        )
        .await?;
    let Some(row) = row else { return Ok(()) };
    let user_id: i64 = row.get(0);
    let db = state.db.get().await?;
    let token = new_link_token(
        &db,
        "email_confirmations",
        user_id,
        CONFIRMATION_VALID_HOURS * 60,
        None,
    )
    .await?;
    drop(db);
    let rendered = templates::confirm_email(
        Language::from_code(row.get(2)),
        row.get(1),
        &link(state, links::CONFIRM, &token),
        CONFIRMATION_VALID_HOURS,
    );
    mail::deliver(state, Some(user_id), &email, "confirm_email", rendered).await
}

/// Uses a confirmation link: the account can log in from now on.
pub async fn confirm(state: &AppState, token: &str, client: &ClientInfo) -> Result<Account, Error> {
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let user_id: i64 = tx
        .query_opt(
            "UPDATE email_confirmations SET used_at = now()
              WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
          RETURNING user_id",
            &[&tokens::hash(token)],
        )
        .await?
        .ok_or_else(used_or_expired)?
        .get(0);
    tx.execute(
        "UPDATE users SET email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now()
          WHERE id = $1",
        &[&user_id],
    )
    .await?;
    // Other links of the same account die with this one.
    tx.execute(
        "UPDATE email_confirmations SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
        &[&user_id],
    )
    .await?;
    tx.commit().await?;
    // Back to the pool before anything else takes a connection (Lambda's pool is small).
    drop(db);
    audit::security(
        &state.db,
        SecurityEvent::EmailConfirmed,
        Some(user_id),
        client,
        serde_json::json!({}),
    )
    .await?;
    super::account(&state.db, user_id).await
}

pub struct LoggedIn {
    pub account: Account,
    pub session: sessions::NewSession,
}

/// Checks a password and opens a session. Every failure counts toward the throttle; the
/// answer never says whether the email exists.
pub async fn login(
    state: &AppState,
    email: &str,
    password_given: &str,
    previous_session: Option<&str>,
    client: &ClientInfo,
) -> Result<LoggedIn, Error> {
    let email = normalize_email(email)?;
    throttle::check(&state.db, &email, client.ip).await?;
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT id, password_hash, email_confirmed_at IS NOT NULL, account_active FROM users WHERE email = $1",
            &[&email],
        )
        .await?;
    let found = row.and_then(|row| {
        let hash: Option<String> = row.get(1);
        hash.map(|hash| {
            (
                row.get::<_, i64>(0),
                hash,
                row.get::<_, bool>(2),
                row.get::<_, bool>(3),
            )
        })
    });
    let Some((user_id, stored_hash, confirmed, active)) = found else {
        password::verify_against_nothing(password_given).await;
        return Err(failed_login(state, &email, None, client).await);
    };
    if !password::verify(password_given, &stored_hash).await? {
        return Err(failed_login(state, &email, Some(user_id), client).await);
    }
    if !active {
        return Err(Error::forbidden(
            ProblemCode::AccountDeactivated,
            "this account has been deactivated",
        ));
    }
    if !confirmed {
        audit::security(
            &state.db,
            SecurityEvent::LoginRefusedUnconfirmed,
            Some(user_id),
            client,
            serde_json::json!({}),
        )
        .await?;
        return Err(Error::Forbidden(
            ProblemCode::EmailUnconfirmed,
            "confirm your email address first: follow the link we mailed you, or ask for a new one (POST /api/v1/auth/confirm/resend)".into(),
        ));
    }
    if password::needs_rehash(&stored_hash) {
        let fresh = password::hash(password_given).await?;
        state
            .db
            .get()
            .await?
            .execute(
                "UPDATE users SET password_hash = $2 WHERE id = $1",
                &[&user_id, &fresh],
            )
            .await?;
        audit::security(
            &state.db,
            SecurityEvent::PasswordRehashed,
            Some(user_id),
            client,
            serde_json::json!({}),
        )
        .await?;
    }
    throttle::clear_account(&state.db, &email).await?;
    // A new session id at every login (no fixation): the one the browser had is ended.
    if let Some(previous) = previous_session {
        sessions::revoke_by_token(&state.db, previous).await?;
    }
    let session = sessions::start(&state.db, user_id, client).await?;
    audit::security(
        &state.db,
        SecurityEvent::LoginSucceeded,
        Some(user_id),
        client,
        serde_json::json!({}),
    )
    .await?;
    Ok(LoggedIn {
        account: super::account(&state.db, user_id).await?,
        session,
    })
}

async fn failed_login(
    state: &AppState,
    email: &str,
    user_id: Option<i64>,
    client: &ClientInfo,
) -> Error {
    let outcome = async {
        let lock = throttle::record_failure(&state.db, email, client.ip).await?;
        audit::security(
            &state.db,
            SecurityEvent::LoginFailed,
            user_id,
            client,
            serde_json::json!({}),
        )
        .await?;
        if let Some(seconds) = lock {
            audit::security(
                &state.db,
                SecurityEvent::LoginLocked,
                user_id,
                client,
                serde_json::json!({"seconds": seconds}),
            )
            .await?;
        }
        Ok::<_, Error>(())
    }
    .await;
    match outcome {
        Ok(()) => Error::Unauthorized(ProblemCode::InvalidCredentials),
        Err(e) => e,
    }
}

pub async fn logout(
    state: &AppState,
    principal: &Principal,
    client: &ClientInfo,
) -> Result<(), Error> {
    if let Some(session_id) = principal.session_id() {
        sessions::revoke(&state.db, session_id).await?;
    }
    audit::security(
        &state.db,
        SecurityEvent::Logout,
        Some(principal.user_id),
        client,
        serde_json::json!({}),
    )
    .await
}

/// Mails a reset link when the address has an active account; the caller answers the same
/// either way.
pub async fn forgot_password(
    state: &AppState,
    email: &str,
    client: &ClientInfo,
) -> Result<(), Error> {
    let email = normalize_email(email)?;
    let row = state
        .db
        .get()
        .await?
        .query_opt(
            "SELECT id, first_name, preferred_language FROM users WHERE email = $1 AND account_active",
            &[&email],
        )
        .await?;
    let Some(row) = row else { return Ok(()) };
    let user_id: i64 = row.get(0);
    let db = state.db.get().await?;
    let token = new_link_token(
        &db,
        "password_resets",
        user_id,
        RESET_VALID_MINUTES,
        Some("reset"),
    )
    .await?;
    drop(db);
    audit::security(
        &state.db,
        SecurityEvent::PasswordResetRequested,
        Some(user_id),
        client,
        serde_json::json!({}),
    )
    .await?;
    let rendered = templates::password_reset(
        Language::from_code(row.get(2)),
        row.get(1),
        &link(state, links::RESET_PASSWORD, &token),
        RESET_VALID_MINUTES,
    );
    mail::deliver(state, Some(user_id), &email, "password_reset", rendered).await
}

/// Sets a new password from a reset or invitation link; every session of the account ends.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new_password: &str,
    client: &ClientInfo,
) -> Result<(), Error> {
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT r.id, r.user_id, r.purpose, u.email, u.first_name, u.last_name
               FROM password_resets r JOIN users u ON u.id = r.user_id
              WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() AND u.account_active
                FOR UPDATE OF r",
            &[&tokens::hash(token)],
        )
        .await?
        .ok_or_else(used_or_expired)?;
    let (user_id, purpose): (i64, String) = (row.get(1), row.get(2));
    password::check_strength(new_password, &[row.get(3), row.get(4), row.get(5)])?;
    let hash = password::hash(new_password).await?;
    tx.execute(
        "UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
        &[&user_id],
    )
    .await?;
    // A link from an invitation also proves the mailbox.
    tx.execute(
        "UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now(),
                email_confirmed_at = CASE WHEN $3 = 'invitation' THEN coalesce(email_confirmed_at, now())
                                          ELSE email_confirmed_at END
          WHERE id = $1",
        &[&user_id, &hash, &purpose],
    )
    .await?;
    tx.commit().await?;
    // Back to the pool before anything else takes a connection (Lambda's pool is small).
    drop(db);
    sessions::revoke_all_except(&state.db, user_id, None).await?;
    throttle::clear_account(&state.db, row.get(3)).await?;
    audit::security(
        &state.db,
        SecurityEvent::PasswordReset,
        Some(user_id),
        client,
        serde_json::json!({"purpose": purpose}),
    )
    .await
}

/// Changes the caller's password; their other sessions end, this one stays.
pub async fn change_password(
    state: &AppState,
    principal: &Principal,
    current: &str,
    new_password: &str,
    client: &ClientInfo,
) -> Result<u64, Error> {
    throttle::check(&state.db, &principal.email, client.ip).await?;
    if let Err(e) =
        confirm_password(&state.db, principal.user_id, current, "current_password").await
    {
        throttle::record_failure(&state.db, &principal.email, client.ip).await?;
        return Err(e);
    }
    let row = state
        .db
        .get()
        .await?
        .query_one(
            "SELECT first_name, last_name FROM users WHERE id = $1",
            &[&principal.user_id],
        )
        .await?;
    if current == new_password {
        return Err(Error::validation(
            "new_password",
            FieldIssue::mismatch("current_password"),
        ));
    }
    password::check_strength(new_password, &[&principal.email, row.get(0), row.get(1)])?;
    let hash = password::hash(new_password).await?;
    state
        .db
        .get()
        .await?
        .execute(
            "UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1",
            &[&principal.user_id, &hash],
        )
        .await?;
    let ended =
        sessions::revoke_all_except(&state.db, principal.user_id, principal.session_id()).await?;
    audit::security(
        &state.db,
        SecurityEvent::PasswordChanged,
        Some(principal.user_id),
        client,
        serde_json::json!({"sessions_ended": ended}),
    )
    .await?;
    Ok(ended)
}

/// 422 on `field` unless `password` is the account's password (before a sensitive change).
pub async fn confirm_password(
    pool: &crate::db::Pool,
    user_id: i64,
    password_given: &str,
    field: &str,
) -> Result<(), Error> {
    let stored: Option<String> = pool
        .get()
        .await?
        .query_one("SELECT password_hash FROM users WHERE id = $1", &[&user_id])
        .await?
        .get(0);
    let matches = match stored {
        Some(stored) => password::verify(password_given, &stored).await?,
        None => false,
    };
    if matches {
        Ok(())
    } else {
        Err(Error::validation(field, FieldIssue::WrongPassword))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    #[schema(schema_with = schemas::email)]
    pub email: String,
    #[schema(schema_with = schemas::text_100)]
    pub first_name: String,
    #[schema(schema_with = schemas::text_100)]
    pub last_name: String,
    pub role: Role,
    #[serde(default)]
    #[schema(schema_with = schemas::language_or_null)]
    pub preferred_language: Option<String>,
}

/// An admin creates an account; the person gets a link to choose their password (never a
/// password in a mail). 409 when the address already has an account.
pub async fn invite(
    state: &AppState,
    admin: &Principal,
    form: Invitation,
    client: &ClientInfo,
) -> Result<Account, Error> {
    admin.require(&[Role::Admin])?;
    let mut problems = Vec::new();
    let email = normalize_email(&form.email).map_err(|e| problems.extend(field_errors(e)));
    let first_name = name_field("first_name", &form.first_name, &mut problems);
    let last_name = name_field("last_name", &form.last_name, &mut problems);
    let language = language_field(form.preferred_language.as_deref(), &mut problems);
    let (Ok(email), true) = (email, problems.is_empty()) else {
        return Err(Error::Validation(problems));
    };
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    let user_id = insert_user(
        &tx,
        &NewUser {
            email: &email,
            first_name: &first_name,
            last_name: &last_name,
            password_hash: None,
            role: form.role,
            language,
            date_of_birth: None,
            confirmed: false,
        },
    )
    .await?
    .ok_or_else(|| {
        Error::conflict(
            ProblemCode::EmailTaken,
            "an account with this email already exists",
        )
    })?;
    let token = new_link_token(
        &tx,
        "password_resets",
        user_id,
        INVITATION_VALID_HOURS * 60,
        Some("invitation"),
    )
    .await?;
    tx.commit().await?;
    // Back to the pool before anything else takes a connection (Lambda's pool is small).
    drop(db);
    audit::security(
        &state.db,
        SecurityEvent::AccountInvited,
        Some(admin.user_id),
        client,
        serde_json::json!({"invited_user_id": user_id, "role": form.role.as_str()}),
    )
    .await?;
    let rendered = templates::invitation(
        language,
        &first_name,
        &link(state, links::SET_PASSWORD, &token),
        INVITATION_VALID_HOURS,
    );
    mail::deliver(state, Some(user_id), &email, "invitation", rendered).await?;
    super::account(&state.db, user_id).await
}

struct NewUser<'a> {
    email: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    password_hash: Option<&'a str>,
    role: Role,
    language: Language,
    date_of_birth: Option<Date>,
    confirmed: bool,
}

/// Inserts a user with a fresh unique code (retried on the rare collision); `None` when the
/// email is taken. Conflicts are skipped rather than raised, so a code collision does not
/// abort the caller's transaction.
async fn insert_user(db: &impl GenericClient, user: &NewUser<'_>) -> Result<Option<i64>, Error> {
    for _ in 0..codes::MAX_ATTEMPTS {
        let inserted = db
            .query_opt(
                "INSERT INTO users (unique_code, email, first_name, last_name, password_hash, role,
                                    preferred_language, date_of_birth, email_confirmed_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 THEN now() END)
                 ON CONFLICT DO NOTHING
                 RETURNING id",
                &[
                    &codes::generate(),
                    &user.email,
                    &user.first_name,
                    &user.last_name,
                    &user.password_hash,
                    &user.role.as_str(),
                    &user.language.code(),
                    &user.date_of_birth,
                    &user.confirmed,
                ],
            )
            .await?;
        if let Some(row) = inserted {
            return Ok(Some(row.get(0)));
        }
        let email_taken: bool = db
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)",
                &[&user.email],
            )
            .await?
            .get(0);
        if email_taken {
            return Ok(None);
        }
    }
    Err(Error::Internal(anyhow::anyhow!(
        "no free user code after {} attempts",
        codes::MAX_ATTEMPTS
    )))
}

async fn mail_account_exists(state: &AppState, email: &str) -> Result<(), Error> {
    let row = state
        .db
        .get()
        .await?
        .query_one(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM users WHERE email = $1"),
            &[&email],
        )
        .await?;
    let account = Account::from_row(&row);
    let rendered = templates::account_exists(
        account.language(),
        &account.first_name,
        &links::url(&state.config.public_base_url, links::FORGOT_PASSWORD),
    );
    mail::deliver(state, Some(account.id), email, "account_exists", rendered).await
}

/// Stores the hash of a new single-use link token in `table` and answers the token.
async fn new_link_token(
    db: &impl GenericClient,
    table: &'static str,
    user_id: i64,
    valid_minutes: i64,
    purpose: Option<&str>,
) -> Result<String, Error> {
    let (token, hash) = tokens::generate(LINK_TOKEN_PREFIX);
    let expires = "now() + make_interval(mins => $3::int)";
    match purpose {
        None => {
            db.execute(
                &format!("INSERT INTO {table} (user_id, token_hash, expires_at) VALUES ($1, $2, {expires})"),
                &[&user_id, &hash, &(valid_minutes as i32)],
            )
            .await?
        }
        Some(purpose) => {
            db.execute(
                &format!("INSERT INTO {table} (user_id, token_hash, expires_at, purpose) VALUES ($1, $2, {expires}, $4)"),
                &[&user_id, &hash, &(valid_minutes as i32), &purpose],
            )
            .await?
        }
    };
    Ok(token)
}

/// A link into the front end. The token rides in the fragment, which browsers never send to
/// a server, so it stays out of access logs.
fn link(state: &AppState, page: &str, token: &str) -> String {
    links::with_token(&state.config.public_base_url, page, token)
}

fn used_or_expired() -> Error {
    Error::BadRequest(
        ProblemCode::LinkInvalid,
        "this link has expired or was already used; ask for a new one".into(),
    )
}

fn field_errors(error: Error) -> Vec<FieldError> {
    match error {
        Error::Validation(fields) => fields,
        other => vec![FieldError::described(
            "body",
            FieldIssue::Invalid,
            other.to_string(),
        )],
    }
}

fn language_field(value: Option<&str>, problems: &mut Vec<FieldError>) -> Language {
    match value {
        None | Some("fr") => Language::Fr,
        Some("en") => Language::En,
        Some(_) => {
            problems.push(FieldError::new(
                "preferred_language",
                FieldIssue::not_allowed(&["fr", "en"]),
            ));
            Language::Fr
        }
    }
}

fn name_field(field: &str, value: &str, problems: &mut Vec<FieldError>) -> String {
    if let Some(issue) = FieldIssue::text(value, 100) {
        problems.push(FieldError::new(field, issue));
    }
    value.trim().to_owned()
}

/// Accounts are for adults: the person must be 18 on the day they register.
fn check_age(date_of_birth: Date, today: Date) -> Result<(), FieldIssue> {
    if date_of_birth > today {
        return Err(FieldIssue::InFuture);
    }
    if age_on(date_of_birth, today) < MINIMUM_AGE {
        return Err(FieldIssue::TooYoung {
            min_age: MINIMUM_AGE as u8,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_age_check_counts_birthdays() {
        let today = date!(2026 - 11 - 25);
        assert!(check_age(date!(2008 - 11 - 25), today).is_ok());
        assert!(check_age(date!(2008 - 11 - 26), today).is_err());
        assert!(check_age(date!(1960 - 02 - 29), today).is_ok());
        assert!(check_age(date!(2030 - 01 - 01), today).is_err());
    }
}
