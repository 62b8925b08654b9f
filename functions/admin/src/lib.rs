//! `/api/v1/admin/*` (admins only; anyone else gets 403): application settings, roles and
//! activation of accounts, and the activity, security and mail logs. The HTTP shell over
//! [`taalentio::settings`], [`taalentio::accounts::access`] and [`taalentio::logs`].

use axum::{Router, extract::State};
use serde::Deserialize;
use serde_json::Value;
use taalentio::{
    AppState, Error,
    accounts::{
        Role,
        access::{self, AccessChange},
    },
    audit::ClientInfo,
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, Path, Query},
    logs::{self, ActivityLine, ActivityQuery, EmailLine, EmailQuery, SecurityLine, SecurityQuery},
    pagination::Page,
    profiles::{self, Profile},
    settings::{self, Setting},
};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "admin";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(list_settings))
        .routes(routes!(update_setting))
        .routes(routes!(set_role))
        .routes(routes!(set_active))
        .routes(routes!(activity_logs))
        .routes(routes!(security_logs))
        .routes(routes!(email_logs))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

fn admin(CurrentUser(principal): &CurrentUser) -> Result<i64, Error> {
    principal.require(&[Role::Admin])?;
    Ok(principal.user_id)
}

/// Every application setting with who changed it last.
#[utoipa::path(get, path = "/api/v1/admin/settings", tag = TAG,
    responses((status = 200, body = Vec<Setting>), (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn list_settings(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Setting>>, Error> {
    admin(&user)?;
    Ok(Json(settings::list(&state.db).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingValue {
    /// `site_name`: text of 1 to 100 characters; `mail.sender`: `Name <address@domain>`;
    /// `features.*`: true or false.
    pub value: Value,
}

/// Change one setting; each key checks its own kind of value. Recorded in the security log.
#[utoipa::path(put, path = "/api/v1/admin/settings/{key}", tag = TAG,
    params(("key" = String, Path)), request_body = SettingValue,
    responses((status = 200, body = Setting),
        (status = 404, description = "Not a setting", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn update_setting(
    State(state): State<AppState>,
    user: CurrentUser,
    client: ClientInfo,
    Path(key): Path<String>,
    Json(body): Json<SettingValue>,
) -> Result<Json<Setting>, Error> {
    let by = admin(&user)?;
    Ok(Json(
        settings::update(&state.db, &key, &body.value, by, &client).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub role: Role,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActiveChange {
    pub active: bool,
}

async fn change_access(
    state: &AppState,
    id: i64,
    change: AccessChange,
    by: i64,
    client: &ClientInfo,
) -> Result<Profile, Error> {
    let mut db = state.db.get().await?;
    let tx = db.transaction().await?;
    access::apply(&tx, id, change, by, client).await?;
    tx.commit().await?;
    drop(db);
    profiles::profile(state, id).await
}

/// Give an account a role. An admin cannot demote themself, nor the last active admin be
/// demoted (409). Recorded in the security log.
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/role", tag = TAG,
    params(("id" = i64, Path)), request_body = RoleChange,
    responses((status = 200, body = Profile),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would demote oneself or the last admin", body = Problem, content_type = "application/problem+json")))]
async fn set_role(
    State(state): State<AppState>,
    user: CurrentUser,
    client: ClientInfo,
    Path(id): Path<i64>,
    Json(body): Json<RoleChange>,
) -> Result<Json<Profile>, Error> {
    let by = admin(&user)?;
    let change = AccessChange {
        role: Some(body.role),
        active: None,
    };
    Ok(Json(change_access(&state, id, change, by, &client).await?))
}

/// Deactivate (its sessions and API tokens end) or reactivate an account. An admin cannot
/// deactivate themself, nor the last active admin be deactivated (409).
#[utoipa::path(put, path = "/api/v1/admin/users/{id}/active", tag = TAG,
    params(("id" = i64, Path)), request_body = ActiveChange,
    responses((status = 200, body = Profile),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would deactivate oneself or the last admin", body = Problem, content_type = "application/problem+json")))]
async fn set_active(
    State(state): State<AppState>,
    user: CurrentUser,
    client: ClientInfo,
    Path(id): Path<i64>,
    Json(body): Json<ActiveChange>,
) -> Result<Json<Profile>, Error> {
    let by = admin(&user)?;
    let change = AccessChange {
        role: None,
        active: Some(body.active),
    };
    Ok(Json(change_access(&state, id, change, by, &client).await?))
}

/// Authenticated changes made through the API, newest first.
#[utoipa::path(get, path = "/api/v1/admin/logs/activity", tag = TAG, params(ActivityQuery),
    responses((status = 200, body = Page<ActivityLine>), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn activity_logs(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<ActivityQuery>,
) -> Result<Json<Page<ActivityLine>>, Error> {
    admin(&user)?;
    Ok(Json(logs::activity(&state.db, &query).await?))
}

/// Logins, failures, locks, password, token, consent, role and setting events, newest first.
#[utoipa::path(get, path = "/api/v1/admin/logs/security", tag = TAG, params(SecurityQuery),
    responses((status = 200, body = Page<SecurityLine>), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn security_logs(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<SecurityQuery>,
) -> Result<Json<Page<SecurityLine>>, Error> {
    admin(&user)?;
    Ok(Json(logs::security(&state.db, &query).await?))
}

/// Mail sent (or not), newest first.
#[utoipa::path(get, path = "/api/v1/admin/logs/email", tag = TAG, params(EmailQuery),
    responses((status = 200, body = Page<EmailLine>), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn email_logs(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<EmailQuery>,
) -> Result<Json<Page<EmailLine>>, Error> {
    admin(&user)?;
    Ok(Json(logs::email(&state.db, &query).await?))
}
