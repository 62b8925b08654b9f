//! `/api/v1/stats/*`: the dashboard figures, the HTTP shell over [`taalentio::stats`], for
//! recruiters and admins (anyone else gets 403).

use axum::{Router, extract::State};
use taalentio::{
    AppState, Error,
    accounts::Role,
    error::Problem,
    http::{ApiRouter, CurrentUser, Json},
    stats::{self, CinemaStats, Overview, UserStats},
};
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "stats";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(users))
        .routes(routes!(cinema))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

fn dashboard(CurrentUser(principal): &CurrentUser) -> Result<(), Error> {
    principal.require(&[Role::Recruiter])
}

/// People, recruiters, the casting base, productions, projects by status and this week's
/// sign-ups and check-ins.
#[utoipa::path(get, path = "/api/v1/stats/overview", tag = TAG,
    responses((status = 200, body = Overview), (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn overview(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Overview>, Error> {
    dashboard(&user)?;
    Ok(Json(stats::overview(&state.db).await?))
}

/// Active people by talent, talent category, country, gender and age band, and sign-ups per
/// ISO week over the last 12 weeks.
#[utoipa::path(get, path = "/api/v1/stats/users", tag = TAG, operation_id = "stats_users",
    responses((status = 200, body = UserStats), (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn users(State(state): State<AppState>, user: CurrentUser) -> Result<Json<UserStats>, Error> {
    dashboard(&user)?;
    Ok(Json(stats::users(&state.db).await?))
}

/// The casting base by talent type, gender and country; projects by status; attendance per
/// project (days, check-ins, talents present).
#[utoipa::path(get, path = "/api/v1/stats/cinema", tag = TAG,
    responses((status = 200, body = CinemaStats), (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn cinema(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<CinemaStats>, Error> {
    dashboard(&user)?;
    Ok(Json(stats::cinema(&state.db).await?))
}
