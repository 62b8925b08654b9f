//! `/api/v1/presence/*`: the HTTP shell over [`taalentio::presence`], for the presence role
//! (and admins): everyone else is refused (403 `role_required`).

use axum::{Router, extract::State};
use serde::Deserialize;
use taalentio::{
    AppState, Error,
    accounts::Role,
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, JsonKeepingNul, Path, Query},
    presence::{
        self, Attendance, Correction, CorrectionRecord, OpenProject, Roster, Scan, ScanBatch,
        ScanBatchResult, ScanResult, SheetLine,
    },
};
use time::{Date, OffsetDateTime};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "presence";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(check_in))
        .routes(routes!(check_out))
        .routes(routes!(record_scans))
        .routes(routes!(open_projects))
        .routes(routes!(roster))
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

/// Check a talent in now by the code scanned from their badge: the day's earliest check-in
/// counts, so a double scan is harmless and says so; a code not on the project is refused
/// with the reason. Kept in the scan audit (online, no device).
#[utoipa::path(post, path = "/api/v1/presence/projects/{id}/check-in", tag = TAG,
    params(("id" = i64, Path)), request_body = Scan,
    responses(
        (status = 200, body = ScanResult),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not presence staff (`role_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active project", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A day outside the project's dates (`outside_project_dates`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a code (`code`: `invalid_format`) or nobody on the project (`code`: `unknown`)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn check_in(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(scan): Json<Scan>,
) -> Result<Json<ScanResult>, Error> {
    let by = on_set(&user)?;
    Ok(Json(presence::check_in(&state, id, &scan, by).await?))
}

/// Check a talent out now; refused before a check-in. The day's latest check-out counts. Kept
/// in the scan audit (online, no device).
#[utoipa::path(post, path = "/api/v1/presence/projects/{id}/check-out", tag = TAG,
    params(("id" = i64, Path)), request_body = Scan,
    responses(
        (status = 200, body = ScanResult),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not presence staff (`role_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active project", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not checked in that day (`not_checked_in`), or a day outside the project's dates (`outside_project_dates`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a code, or nobody on the project", body = Problem, content_type = "application/problem+json"),
    ))]
async fn check_out(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(scan): Json<Scan>,
) -> Result<Json<ScanResult>, Error> {
    let by = on_set(&user)?;
    Ok(Json(presence::check_out(&state, id, &scan, by).await?))
}

/// Upload scans kept offline (or sent as they happen), up to 500 at once. Each is applied in
/// the order they were scanned, whatever device and batch it comes in: the earliest check-in
/// and the latest check-out of a day count. A `scan_id` received before is a `duplicate` and
/// changes nothing; a scan that cannot be applied is `refused` with its reason while the
/// rest lands. Every scan is kept in the audit with the device and offline flag. A malformed
/// envelope is a 422 and nothing is written.
#[utoipa::path(post, path = "/api/v1/presence/projects/{id}/scans", tag = TAG, operation_id = "record_presence_scans",
    params(("id" = i64, Path)), request_body = ScanBatch,
    responses(
        (status = 200, description = "One outcome per scan, in the order sent", body = ScanBatchResult),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not presence staff (`role_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active project", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body over the size limit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A malformed envelope: `device_id` (`required`, `too_long`, `invalid_format`), `scans` (`required`, `too_many`), or a scan's `scan_id`, `scanned_at`, `date` (`invalid_format`) or shape", body = Problem, content_type = "application/problem+json"),
    ))]
async fn record_scans(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    // A garbled code (NUL included) is refused on its own; the rest of the batch lands.
    JsonKeepingNul(batch): JsonKeepingNul<ScanBatch>,
) -> Result<Json<ScanBatchResult>, Error> {
    let by = on_set(&user)?;
    Ok(Json(presence::record_batch(&state, id, &batch, by).await?))
}

/// The projects a scanner can open: active, neither completed nor cancelled, shooting first.
#[utoipa::path(get, path = "/api/v1/presence/projects", tag = TAG, operation_id = "presence_projects",
    responses(
        (status = 200, body = Vec<OpenProject>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not presence staff (`role_required`)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn open_projects(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<OpenProject>>, Error> {
    on_set(&user)?;
    Ok(Json(presence::open_projects(&state).await?))
}

/// What a scanner keeps to judge scans offline: the project, its talents with their badge
/// codes and photos, the clock window scans must fall in, and the day's sheet so far.
#[utoipa::path(get, path = "/api/v1/presence/projects/{id}/roster", tag = TAG, operation_id = "presence_roster",
    params(("id" = i64, Path), DayQuery),
    responses(
        (status = 200, body = Roster),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not presence staff (`role_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active project", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`query.date` is not a date", body = Problem, content_type = "application/problem+json"),
    ))]
async fn roster(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<DayQuery>,
) -> Result<Json<Roster>, Error> {
    on_set(&user)?;
    Ok(Json(presence::roster(&state, id, query.day()).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    /// The shooting day; today (UTC) when absent.
    #[param(value_type = Option<String>, format = Date)]
    pub date: Option<Date>,
}

impl DayQuery {
    fn day(&self) -> Date {
        self.date
            .unwrap_or_else(|| OffsetDateTime::now_utc().date())
    }
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
    Ok(Json(presence::day_sheet(&state, id, query.day()).await?))
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
