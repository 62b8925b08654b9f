//! `/api/v1/me/*`: a person's own profile, talents, data export and account deletion — the
//! HTTP shell over [`taalentio::profiles`] and [`taalentio::privacy`].

use axum::{Router, extract::State, http::HeaderValue, response::IntoResponse};
use serde::Deserialize;
use taalentio::{
    AppState, Error,
    accounts::{flows, sessions},
    audit::ClientInfo,
    error::Problem,
    http::{ApiRouter, CurrentUser, Json},
    privacy::{self, DataExport, Erasure},
    profiles::{self, Profile, ProfileChange, update::Editor},
};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "me";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(get_me, change_me, delete_me))
        .routes(routes!(set_talents))
        .routes(routes!(export))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

/// The caller's whole profile.
#[utoipa::path(get, path = "/api/v1/me", tag = TAG,
    responses((status = 200, body = Profile), (status = 401, body = Problem, content_type = "application/problem+json")))]
async fn get_me(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<Json<Profile>, Error> {
    Ok(Json(profiles::profile(&state, principal.user_id).await?))
}

/// Change the caller's profile: absent fields stay, `null` clears. Phone, WhatsApp and
/// address are stored encrypted.
#[utoipa::path(patch, path = "/api/v1/me", tag = TAG, request_body = ProfileChange,
    responses(
        (status = 200, body = Profile),
        (status = 422, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json"),
    ))]
async fn change_me(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(change): Json<ProfileChange>,
) -> Result<Json<Profile>, Error> {
    Ok(Json(
        profiles::change(&state, principal.user_id, Editor::Owner, change).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TalentsForm {
    /// Ids from `GET /api/v1/talents`; replaces the current list (at most 20).
    pub talent_ids: Vec<i32>,
}

/// Replace the caller's talents.
#[utoipa::path(put, path = "/api/v1/me/talents", tag = TAG, request_body = TalentsForm,
    responses((status = 200, body = Profile), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn set_talents(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(form): Json<TalentsForm>,
) -> Result<Json<Profile>, Error> {
    Ok(Json(
        profiles::set_talents(&state, principal.user_id, &form.talent_ids).await?,
    ))
}

/// Everything taalentio holds about the caller, as one JSON document (files as links).
#[utoipa::path(get, path = "/api/v1/me/export", tag = TAG,
    responses((status = 200, body = DataExport)))]
async fn export(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<impl IntoResponse, Error> {
    let export = privacy::export(&state, principal.user_id).await?;
    let mut response = Json(export).into_response();
    response.headers_mut().insert(
        "content-disposition",
        HeaderValue::from_static("attachment; filename=\"taalentio-export.json\""),
    );
    response
        .headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteForm {
    /// The account's password, to confirm.
    pub password: String,
}

/// Erase the caller's account: files, profile, sessions, tokens; log lines lose their address
/// and device. The answer says what was kept and why.
#[utoipa::path(delete, path = "/api/v1/me", tag = TAG, request_body = DeleteForm,
    responses(
        (status = 200, body = Erasure),
        (status = 422, description = "Wrong password", body = Problem, content_type = "application/problem+json"),
    ))]
async fn delete_me(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Json(form): Json<DeleteForm>,
) -> Result<impl IntoResponse, Error> {
    flows::confirm_password(&state.db, principal.user_id, &form.password, "password").await?;
    let erasure = privacy::erase(&state, principal.user_id, None, &client).await?;
    let mut response = Json(erasure).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&sessions::expired_cookie()) {
        response.headers_mut().append("set-cookie", cookie);
    }
    Ok(response)
}
