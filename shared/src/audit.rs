//! Security and activity logs, with who, from where, and what happened.

use std::net::IpAddr;

use deadpool_postgres::GenericClient;
use serde_json::Value;

use crate::{Error, db::Pool};

/// Where a request came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
}

/// What a security log line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityEvent {
    Registered,
    EmailConfirmed,
    LoginSucceeded,
    LoginFailed,
    LoginRefusedUnconfirmed,
    LoginLocked,
    Logout,
    PasswordChanged,
    PasswordResetRequested,
    PasswordReset,
    PasswordRehashed,
    TokenCreated,
    TokenRevoked,
    TokenUsed,
    AccountInvited,
    ConsentGranted,
    ConsentWithdrawn,
    CsrfRejected,
    AccountErased,
    RoleChanged,
    AccountDeactivated,
    AccountReactivated,
    SettingChanged,
}

impl SecurityEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            SecurityEvent::Registered => "registered",
            SecurityEvent::EmailConfirmed => "email_confirmed",
            SecurityEvent::LoginSucceeded => "login_succeeded",
            SecurityEvent::LoginFailed => "login_failed",
            SecurityEvent::LoginRefusedUnconfirmed => "login_refused_unconfirmed",
            SecurityEvent::LoginLocked => "login_locked",
            SecurityEvent::Logout => "logout",
            SecurityEvent::PasswordChanged => "password_changed",
            SecurityEvent::PasswordResetRequested => "password_reset_requested",
            SecurityEvent::PasswordReset => "password_reset",
            SecurityEvent::PasswordRehashed => "password_rehashed",
            SecurityEvent::TokenCreated => "token_created",
            SecurityEvent::TokenRevoked => "token_revoked",
            SecurityEvent::TokenUsed => "token_used",
            SecurityEvent::AccountInvited => "account_invited",
            SecurityEvent::ConsentGranted => "consent_granted",
            SecurityEvent::ConsentWithdrawn => "consent_withdrawn",
            SecurityEvent::CsrfRejected => "csrf_rejected",
            SecurityEvent::AccountErased => "account_erased",
            SecurityEvent::RoleChanged => "role_changed",
            SecurityEvent::AccountDeactivated => "account_deactivated",
            SecurityEvent::AccountReactivated => "account_reactivated",
            SecurityEvent::SettingChanged => "setting_changed",
        }
    }

    fn severity(self) -> &'static str {
        match self {
            SecurityEvent::LoginFailed
            | SecurityEvent::LoginRefusedUnconfirmed
            | SecurityEvent::CsrfRejected
            | SecurityEvent::RoleChanged
            | SecurityEvent::AccountDeactivated => "warning",
            SecurityEvent::LoginLocked => "critical",
            _ => "info",
        }
    }
}

/// Writes a security log line. `details` must hold no secret (never a password or token).
pub async fn security(
    pool: &Pool,
    event: SecurityEvent,
    user_id: Option<i64>,
    client: &ClientInfo,
    details: Value,
) -> Result<(), Error> {
    security_in(&pool.get().await?, event, user_id, client, details).await
}

/// [`security`] on a given connection or transaction, so the line commits (or not) with the
/// change it records.
pub async fn security_in(
    db: &impl GenericClient,
    event: SecurityEvent,
    user_id: Option<i64>,
    client: &ClientInfo,
    details: Value,
) -> Result<(), Error> {
    db.execute(
        "INSERT INTO security_logs (user_id, event_type, severity, ip_address, user_agent, details)
             VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &user_id,
            &event.as_str(),
            &event.severity(),
            &client.ip,
            &client.user_agent,
            &details,
        ],
    )
    .await?;
    Ok(())
}

/// One authenticated, state-changing request, as the activity log keeps it.
#[derive(Debug, Clone)]
pub struct Activity {
    pub user_id: i64,
    pub method: String,
    /// The route template (`/api/v1/auth/tokens/{id}`), not the raw URI.
    pub route: String,
    pub resource_id: Option<String>,
    pub status: u16,
    pub client: ClientInfo,
}

pub async fn activity(pool: &Pool, activity: &Activity) -> Result<(), Error> {
    insert_activity(pool, activity, None, &Value::Object(Default::default())).await
}

/// An activity line written by a handler itself, with what it did: for requests the activity
/// layer does not log (it logs only unsafe methods) yet must be traced, such as exports.
pub async fn activity_with_details(
    pool: &Pool,
    activity: &Activity,
    resource_type: &str,
    details: Value,
) -> Result<(), Error> {
    insert_activity(pool, activity, Some(resource_type), &details).await
}

async fn insert_activity(
    pool: &Pool,
    activity: &Activity,
    resource_type: Option<&str>,
    details: &Value,
) -> Result<(), Error> {
    let action = format!("{} {}", activity.method, activity.route);
    pool.get()
        .await?
        .execute(
            "INSERT INTO activity_logs (user_id, action, method, path, status, resource_type, resource_id,
                                        ip_address, user_agent, details)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &activity.user_id,
                &action,
                &activity.method,
                &activity.route,
                &(activity.status as i16),
                &resource_type,
                &activity.resource_id,
                &activity.client.ip,
                &activity.client.user_agent,
                details,
            ],
        )
        .await?;
    Ok(())
}
