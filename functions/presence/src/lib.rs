//! `/api/v1/presence/*`: the HTTP shell over [`taalentio::presence`], for the presence role
//! (and admins): everyone else is refused.

use axum::{Router, extract::State};
use serde::Deserialize;
use taalentio::{
    AppState, Error,
    accounts::Role,
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, Path, Query},
    presence::{self, Attendance, Correction, CorrectionRecord, Scan, ScanResult, SheetLine},
};
use time::{Date, OffsetDateTime};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "presence";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(check_in))
        .routes(routes!(check_out))
        .routes(routes!(sheet))
        .routes(routes!(correct))
        .routes(routes!(corrections))
        .routes(routes!(history))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

fn on_set(CurrentUser(principal): &CurrentUser) -> Result<i64, Error> {
    principal.require(&[Role::Presence])?;
    Ok(principal.user_id)
}

/// Check a talent in by the code scanned from their badge. A double scan is harmless and
/// says so; a code not on the project is refused with the reason.
#[utoipa::path(post, path = "/api/v1/presence/projects/{id}/check-in", tag = TAG,
    params(("id" = i64, Path)), request_body = Scan,
    responses((status = 200, body = ScanResult), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn check_in(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(scan): Json<Scan>,
) -> Result<Json<ScanResult>, Error> {
    let by = on_set(&user)?;
    Ok(Json(presence::check_in(&state, id, &scan, by).await?))
}

/// Check a talent out; refused before a check-in.
#[utoipa::path(post, path = "/api/v1/presence/projects/{id}/check-out", tag = TAG,
    params(("id" = i64, Path)), request_body = Scan,
    responses((status = 200, body = ScanResult), (status = 409, description = "Not checked in", body = Problem, content_type = "application/problem+json")))]
async fn check_out(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(scan): Json<Scan>,
) -> Result<Json<ScanResult>, Error> {
    let by = on_set(&user)?;
    Ok(Json(presence::check_out(&state, id, &scan, by).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    /// The shooting day; today (UTC) when absent.
    #[param(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
}

/// The day's sheet: every talent of the project with their times.
#[utoipa::path(get, path = "/api/v1/presence/projects/{id}/sheet", tag = TAG,
    params(("id" = i64, Path), DayQuery), responses((status = 200, body = Vec<SheetLine>)))]
async fn sheet(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<DayQuery>,
) -> Result<Json<Vec<SheetLine>>, Error> {
    on_set(&user)?;
    let date = query
        .date
        .unwrap_or_else(|| OffsetDateTime::now_utc().date());
    Ok(Json(presence::day_sheet(&state, id, date).await?))
}

/// Correct recorded times, with a reason; who changed what is kept.
#[utoipa::path(patch, path = "/api/v1/presence/attendances/{id}", tag = TAG,
    params(("id" = i64, Path)), request_body = Correction,
    responses((status = 200, body = Attendance), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(correction): Json<Correction>,
) -> Result<Json<Attendance>, Error> {
    let by = on_set(&user)?;
    Ok(Json(presence::correct(&state, id, &correction, by).await?))
}

/// The corrections made to an attendance.
#[utoipa::path(get, path = "/api/v1/presence/attendances/{id}/corrections", tag = TAG,
    params(("id" = i64, Path)), responses((status = 200, body = Vec<CorrectionRecord>)))]
async fn corrections(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CorrectionRecord>>, Error> {
    on_set(&user)?;
    Ok(Json(presence::corrections(&state, id).await?))
}

/// A talent's attendance across projects, latest first.
#[utoipa::path(get, path = "/api/v1/presence/talents/{code}/history", tag = TAG,
    params(("code" = String, Path)), responses((status = 200, body = Vec<Attendance>)))]
async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
) -> Result<Json<Vec<Attendance>>, Error> {
    on_set(&user)?;
    Ok(Json(presence::history(&state, &code).await?))
}
