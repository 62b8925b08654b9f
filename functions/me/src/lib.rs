//! `/api/v1/me/*`: a person's own profile, talents, photo and CV uploads, the suggestions of
//! their analysed CV, QR code, data export and account deletion — the HTTP shell over
//! [`taalentio::profiles`], [`taalentio::uploads`], [`taalentio::ai::cv`] and
//! [`taalentio::privacy`].

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
    ai::cv::{self, CvAnalysisView, DecisionForm, SuggestionKind},
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
        .routes(routes!(cv_analysis))
        .routes(routes!(decide_talent))
        .routes(routes!(decide_language))
        .routes(routes!(decide_experience))
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
    #[param(schema_with = qr_format_schema)]
    pub format: Option<String>,
}

const QR_FORMATS: &[&str] = &["png", "svg"];

fn qr_format_schema() -> utoipa::openapi::schema::Object {
    taalentio::http::schemas::one_of(QR_FORMATS)
}

/// The caller's QR code: their unique code's public profile URL, as PNG or SVG.
#[utoipa::path(get, path = "/api/v1/me/qr", tag = TAG, params(QrQuery),
    responses((status = 200, description = "The QR code, as PNG or SVG as asked", content(("image/png"), ("image/svg+xml")))))]
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
                FieldIssue::not_allowed(QR_FORMATS),
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

/// What the AI read in the caller's CV: suggested talents, languages, years of experience and a
/// short summary, each with the caller's decision. Made by the upload processor once a CV is
/// accepted, only while the caller grants `ai_cv_processing`; withdrawing the consent deletes it.
#[utoipa::path(get, path = "/api/v1/me/cv-analysis", tag = TAG,
    responses(
        (status = 200, body = CvAnalysisView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`features.ai` is off (`feature_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No analysis: no CV accepted since the consent was granted, the provider failed, or no `ai_cv_processing` consent", body = Problem, content_type = "application/problem+json"),
    ))]
async fn cv_analysis(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<Json<CvAnalysisView>, Error> {
    Ok(Json(cv::view(&state, principal.user_id).await?))
}

/// Accept or dismiss a suggested talent. Accepting adds it to the caller's talents (at most
/// 20); dismissing records the decision and leaves the profile as it is. A decision can be
/// changed; the answer is the analysis as it now stands.
#[utoipa::path(put, path = "/api/v1/me/cv-analysis/talents/{talent_id}", tag = TAG,
    params(("talent_id" = i32, Path, description = "A talent the analysis suggests")),
    request_body = DecisionForm,
    responses(
        (status = 200, body = CvAnalysisView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`features.ai` is off (`feature_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No analysis, or it does not suggest this talent", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Accepting would pass the 20 talents a profile may list (`limit_reached`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A decision other than `accepted` or `dismissed`", body = Problem, content_type = "application/problem+json"),
    ))]
async fn decide_talent(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(talent_id): Path<i32>,
    Json(form): Json<DecisionForm>,
) -> Result<Json<CvAnalysisView>, Error> {
    Ok(Json(
        cv::decide(
            &state,
            principal.user_id,
            SuggestionKind::Talent,
            Some(&talent_id.to_string()),
            form.decision,
        )
        .await?,
    ))
}

/// Accept or dismiss a suggested language. Profiles have no languages field: the decision is
/// recorded, nothing else changes.
#[utoipa::path(put, path = "/api/v1/me/cv-analysis/languages/{code}", tag = TAG,
    params(("code" = String, Path, description = "An ISO 639 code the analysis suggests")),
    request_body = DecisionForm,
    responses(
        (status = 200, body = CvAnalysisView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`features.ai` is off (`feature_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No analysis, or it does not suggest this language", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A decision other than `accepted` or `dismissed`", body = Problem, content_type = "application/problem+json"),
    ))]
async fn decide_language(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(code): Path<String>,
    Json(form): Json<DecisionForm>,
) -> Result<Json<CvAnalysisView>, Error> {
    Ok(Json(
        cv::decide(
            &state,
            principal.user_id,
            SuggestionKind::Language,
            Some(&code),
            form.decision,
        )
        .await?,
    ))
}

/// Accept or dismiss the suggested years of experience. Profiles have no experience field: the
/// decision is recorded, nothing else changes.
#[utoipa::path(put, path = "/api/v1/me/cv-analysis/experience", tag = TAG,
    request_body = DecisionForm,
    responses(
        (status = 200, body = CvAnalysisView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`features.ai` is off (`feature_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No analysis, or it suggests no years of experience", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A decision other than `accepted` or `dismissed`", body = Problem, content_type = "application/problem+json"),
    ))]
async fn decide_experience(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(form): Json<DecisionForm>,
) -> Result<Json<CvAnalysisView>, Error> {
    Ok(Json(
        cv::decide(
            &state,
            principal.user_id,
            SuggestionKind::Experience,
            None,
            form.decision,
        )
        .await?,
    ))
}
