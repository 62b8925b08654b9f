//! `/api/v1/exports/*`: the HTTP shell over [`taalentio::exports`]. Recruiters and admins
//! only; anyone else is refused (403). `{format}` is `excel` (xlsx) or `csv`; a file too large
//! for a Lambda answer comes as a 303 to a 15-minute link.

use axum::{
    Router,
    extract::{MatchedPath, RawQuery, State},
};
use taalentio::{
    AppState, Error,
    accounts::{Principal, Role},
    audit::ClientInfo,
    cinema::talents::CastingQuery,
    downloads::Download,
    error::Problem,
    exports::{self, Format, Requester, attendance::AttendanceQuery},
    http::{ApiRouter, CurrentUser, Path, Query},
    profiles::search::SearchQuery,
};
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "exports";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(users))
        .routes(routes!(cinema_talents))
        .routes(routes!(attendance))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

/// The caller, checked: recruiters and admins export.
fn requester(
    principal: &Principal,
    client: ClientInfo,
    route: &MatchedPath,
    query: Option<String>,
) -> Result<Requester, Error> {
    principal.require(&[Role::Recruiter])?;
    Ok(Requester {
        user_id: principal.user_id,
        client,
        route: route.as_str().to_owned(),
        query,
    })
}

/// An unknown format is a resource that does not exist.
fn format(segment: &str) -> Result<Format, Error> {
    Format::from_path(segment).ok_or(Error::NotFound)
}

/// The directory of people, with the filters of `GET /api/v1/users` (`page` and `per_page`
/// are accepted and ignored: the export is the whole result). Columns: code, names, email,
/// gender, date of birth, age, nationality, country, city, talents, language, registration
/// date; never phone, WhatsApp or address.
#[utoipa::path(get, path = "/api/v1/exports/users/{format}", tag = TAG, operation_id = "export_users",
    params(("format" = Format, Path, description = "`excel` (xlsx) or `csv`"), SearchQuery),
    responses(
        (status = 200, description = "The file (attachment)", content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/csv; charset=utf-8"))),
        (status = 303, description = "Large file: follow Location (valid 15 minutes)"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
async fn users(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    route: MatchedPath,
    RawQuery(raw): RawQuery,
    Path(segment): Path<String>,
    Query(query): Query<SearchQuery>,
) -> Result<Download, Error> {
    let requester = requester(&principal, client, &route, raw)?;
    exports::users::export(&state, &query, format(&segment)?, &requester).await
}

/// The casting base, with the filters and sort of `GET /api/v1/cinema/talents` (`page` and
/// `per_page` ignored; `include_inactive` for admins). Columns: code, names, email, gender,
/// date of birth, age, height, nationality, place, talent types, languages, experience and
/// appearance; never contact or ID fields, ethnicity or skin tone.
#[utoipa::path(get, path = "/api/v1/exports/cinema/{format}", tag = TAG,
    params(("format" = Format, Path, description = "`excel` (xlsx) or `csv`"), CastingQuery),
    responses(
        (status = 200, description = "The file (attachment)", content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/csv; charset=utf-8"))),
        (status = 303, description = "Large file: follow Location (valid 15 minutes)"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
async fn cinema_talents(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    route: MatchedPath,
    RawQuery(raw): RawQuery,
    Path(segment): Path<String>,
    Query(query): Query<CastingQuery>,
) -> Result<Download, Error> {
    let requester = requester(&principal, client, &route, raw)?;
    if query.include_inactive {
        principal.require(&[Role::Admin])?;
    }
    exports::cinema::export(&state, &query, format(&segment)?, &requester).await
}

/// A project's attendance (optionally `from`/`to` a day), one line per talent and day with
/// check-in, check-out (UTC) and hours on set. A project one may not see is 404.
#[utoipa::path(get, path = "/api/v1/exports/projects/{id}/attendance/{format}", tag = TAG,
    params(("id" = i64, Path), ("format" = Format, Path, description = "`excel` (xlsx) or `csv`"),
        AttendanceQuery),
    responses(
        (status = 200, description = "The file (attachment)", content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/csv; charset=utf-8"))),
        (status = 303, description = "Large file: follow Location (valid 15 minutes)"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
async fn attendance(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    route: MatchedPath,
    RawQuery(raw): RawQuery,
    Path((id, segment)): Path<(i64, String)>,
    Query(query): Query<AttendanceQuery>,
) -> Result<Download, Error> {
    let requester = requester(&principal, client, &route, raw)?;
    exports::attendance::export(&state, id, &query, format(&segment)?, &requester).await
}
