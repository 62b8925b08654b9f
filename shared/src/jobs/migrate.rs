//! Bring the database to the current schema and make sure the first admin exists.
//! Run by the migrate function in AWS and by the dev server at start.

use serde::Serialize;

use crate::{
    AppState, Error,
    accounts::{self, AdminOutcome},
    db,
};

#[derive(Debug, Serialize)]
pub struct MigrateReport {
    /// Names of the migrations this run applied (empty when already current).
    pub applied: Vec<String>,
    /// What happened to `ADMIN_EMAIL`'s account; absent when no admin is configured.
    pub admin: Option<AdminOutcome>,
}

pub async fn run(state: &AppState) -> Result<MigrateReport, Error> {
    let applied = db::migrate(&state.db).await?;
    db::set_role_defaults(&state.db, &state.config.database).await?;
    let admin = match &state.config.admin {
        Some(admin) => {
            Some(accounts::ensure_admin(&state.db, &admin.email, admin.password.expose()).await?)
        }
        None => None,
    };
    Ok(MigrateReport { applied, admin })
}
