//! What an account may do: its role and whether it is active. The one place both change, for
//! `PUT /api/v1/admin/users/{id}/role|active` and `PUT /api/v1/users/{id}` alike: an admin
//! cannot demote or deactivate themself, the last active admin stays, deactivating ends the
//! person's sessions and API tokens, and every change is in the security log with who made it.

use deadpool_postgres::GenericClient;
use serde_json::json;

use crate::{
    Error,
    audit::{self, ClientInfo, SecurityEvent},
    error::ProblemCode,
};

use super::Role;

/// A change of role, of activation, or both; `None` leaves it as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccessChange {
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// Applies `change` to `target` on `tx` (the caller commits), made by the admin `by`.
/// 404 for an unknown account, 409 with the reason when the change would lock admins out.
pub async fn apply(
    tx: &impl GenericClient,
    target: i64,
    change: AccessChange,
    by: i64,
    client: &ClientInfo,
) -> Result<(), Error> {
    if change == AccessChange::default() {
        return Ok(());
    }
    let row = tx
        .query_opt(
            "SELECT role, account_active FROM users WHERE id = $1 FOR UPDATE",
            &[&target],
        )
        .await?
        .ok_or(Error::NotFound)?;
    let (role, active) = (Role::parse(row.get(0)), row.get::<_, bool>(1));
    let new_role = change.role.unwrap_or(role);
    let new_active = change.active.unwrap_or(active);
    if target == by && new_role != Role::Admin {
        return Err(Error::Conflict(
            ProblemCode::SelfDemotion,
            "an admin cannot remove their own admin role: another admin must do it".into(),
        ));
    }
    if target == by && !new_active {
        return Err(Error::Conflict(
            ProblemCode::SelfDeactivation,
            "an admin cannot deactivate their own account: another admin must do it".into(),
        ));
    }
    let was_admin = role == Role::Admin && active;
    let stays_admin = new_role == Role::Admin && new_active;
    if was_admin && !stays_admin {
        // Locking every active admin serialises two admins removing each other at once.
        let admins = tx
            .query(
                "SELECT id FROM users WHERE role = 'admin' AND account_active FOR UPDATE",
                &[],
            )
            .await?;
        if admins.len() <= 1 {
            return Err(Error::Conflict(
                ProblemCode::LastAdmin,
                "this is the last active admin: make another admin first".into(),
            ));
        }
    }
    tx.execute(
        "UPDATE users SET role = $2, account_active = $3, updated_at = now() WHERE id = $1",
        &[&target, &new_role.as_str(), &new_active],
    )
    .await?;
    if new_role != role {
        audit::security_in(
            tx,
            SecurityEvent::RoleChanged,
            Some(target),
            client,
            json!({"from": role.as_str(), "to": new_role.as_str(), "by": by}),
        )
        .await?;
    }
    if active && !new_active {
        let sessions_ended = tx
            .execute(
                "UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
                &[&target],
            )
            .await?;
        let tokens_revoked = tx
            .execute(
                "UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
                &[&target],
            )
            .await?;
        audit::security_in(
            tx,
            SecurityEvent::AccountDeactivated,
            Some(target),
            client,
            json!({"by": by, "sessions_ended": sessions_ended, "tokens_revoked": tokens_revoked}),
        )
        .await?;
    } else if !active && new_active {
        audit::security_in(
            tx,
            SecurityEvent::AccountReactivated,
            Some(target),
            client,
            json!({"by": by}),
        )
        .await?;
    }
    Ok(())
}
