//! `/api/v1/me/*`: a person's own profile, talents, photo and CV uploads, QR code, data export
//! and account deletion — the HTTP shell over [`taalentio::profiles`], [`taalentio::uploads`]
//! and [`taalentio::privacy`].

use axum::{
    Router,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use taalentio::{
    AppState, Error,
    accounts::{flows, sessions},
    audit::ClientInfo,
    cinema::assignments::{self, MyProject},
    error::{FieldIssue, Problem},
    http::{ApiRouter, CurrentUser, Json, Path, Query},
    mail::preferences::{self, MailPreference, PreferencesChange},
    privacy::{self, DataExport, Erasure},
    profiles::{self, Profile, ProfileChange, update::Editor},
    qr,
    uploads::{self, UploadRequest, UploadStatus, UploadTicket},
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

const TAG: &str = "me";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(get_me, change_me, delete_me))
        .routes(routes!(set_talents))
        .routes(routes!(export))
        .routes(routes!(request_upload))
        .routes(routes!(upload_status))
        .routes(routes!(complete_upload))
        .routes(routes!(qr_code))
        .routes(routes!(mail_preferences, change_mail_preferences))
        .routes(routes!(my_projects))
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

/// Ask to upload a photo or CV: the answer is a presigned PUT (type and length signed) that the
/// browser sends the bytes to directly.
#[utoipa::path(post, path = "/api/v1/me/uploads", tag = TAG, request_body = UploadRequest,
    responses(
        (status = 201, body = UploadTicket),
        (status = 422, description = "Unknown kind, a type not allowed for it, or too large", body = Problem, content_type = "application/problem+json"),
    ))]
async fn request_upload(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(form): Json<UploadRequest>,
) -> Result<(StatusCode, Json<UploadTicket>), Error> {
    let ticket = uploads::request(&state, principal.user_id, &form).await?;
    Ok((StatusCode::CREATED, Json(ticket)))
}

/// Where an upload stands: pending, accepted, or rejected with the reason.
#[utoipa::path(get, path = "/api/v1/me/uploads/{id}", tag = TAG, params(("id" = Uuid, Path)),
    responses((status = 200, body = UploadStatus), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn upload_status(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<UploadStatus>, Error> {
    Ok(Json(uploads::status(&state, principal.user_id, id).await?))
}

/// Check the sent file now (local runs; in AWS the S3 event starts the same check).
#[utoipa::path(post, path = "/api/v1/me/uploads/{id}/complete", tag = TAG, params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Accepted or rejected, with the reason", body = UploadStatus),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The file has not arrived", body = Problem, content_type = "application/problem+json"),
    ))]
async fn complete_upload(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<UploadStatus>, Error> {
    Ok(Json(
        uploads::complete(&state, principal.user_id, id).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QrQuery {
    /// `png` (default) or `svg`.
    pub format: Option<String>,
}

/// The caller's QR code: their unique code's public profile URL, as PNG or SVG.
#[utoipa::path(get, path = "/api/v1/me/qr", tag = TAG, params(QrQuery),
    responses((status = 200, description = "image/png or image/svg+xml", content_type = "image/png")))]
async fn qr_code(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Query(query): Query<QrQuery>,
) -> Result<Response, Error> {
    let profile = profiles::profile(&state, principal.user_id).await?;
    let url = format!("{}/p/{}", state.config.public_base_url, profile.unique_code);
    let (content_type, body) = match query.format.as_deref() {
        None | Some("png") => ("image/png", qr::png(&url, 8)?),
        Some("svg") => ("image/svg+xml", qr::svg(&url)?.into_bytes()),
        Some(_) => {
            return Err(Error::validation(
                "query.format",
                FieldIssue::not_allowed(&["png", "svg"]),
            ));
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        body,
    )
        .into_response())
}

/// Which scheduled mail the caller gets: the weekly recap (opt-in) and watchlist alerts.
#[utoipa::path(get, path = "/api/v1/me/mail-preferences", tag = TAG,
    responses((status = 200, body = Vec<MailPreference>)))]
async fn mail_preferences(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<Json<Vec<MailPreference>>, Error> {
    Ok(Json(preferences::list(&state, principal.user_id).await?))
}

/// Subscribe to or unsubscribe from kinds of scheduled mail; kinds not named stay as they are.
#[utoipa::path(put, path = "/api/v1/me/mail-preferences", tag = TAG, request_body = PreferencesChange,
    responses((status = 200, body = Vec<MailPreference>), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn change_mail_preferences(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(change): Json<PreferencesChange>,
) -> Result<Json<Vec<MailPreference>>, Error> {
    Ok(Json(
        preferences::change(&state, principal.user_id, &change).await?,
    ))
}

/// The film projects the caller is on: the assignments of the active casting profiles whose
/// address is their account's (the people the "selected for a project" mail reaches), latest
/// shoot first. Only their own; none is an empty list.
#[utoipa::path(get, path = "/api/v1/me/projects", tag = TAG,
    responses(
        (status = 200, body = Vec<MyProject>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ))]
async fn my_projects(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<Json<Vec<MyProject>>, Error> {
    Ok(Json(
        assignments::of_person(&state, principal.user_id).await?,
    ))
}
