//! `/api/v1/ai/*`: the HTTP shell over [`taalentio::ai`], for recruiters and admins (anyone else
//! gets 403), and only while `features.ai` is on (403 `feature_disabled` otherwise).

use axum::{Router, extract::State};
use taalentio::{
    AppState, Error,
    accounts::Role,
    ai::{
        FilmSummary,
        films::{self, FilmQuery},
    },
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, Query},
    pagination::Page,
    settings,
};
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "ai";

pub fn api() -> ApiRouter {
    OpenApiRouter::new().routes(routes!(search_films))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

/// Recruiters and admins, with the AI features on.
async fn allowed(state: &AppState, CurrentUser(principal): &CurrentUser) -> Result<(), Error> {
    principal.require(&[Role::Recruiter])?;
    settings::require_ai(&state.db).await
}

/// Films by title (OMDB), ten a page, to link a production's filmography to IMDb ids.
#[utoipa::path(get, path = "/api/v1/ai/films", tag = TAG, params(FilmQuery),
    responses(
        (status = 200, body = Page<FilmSummary>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a recruiter or admin (`role_required`), or `features.ai` is off (`feature_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing, short or long `q`, a page outside 1 to 100, or a query matching too many films", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "The film search refused the request", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The film search is not configured (`not_configured`) or unavailable (`provider_unavailable`, with Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn search_films(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<FilmQuery>,
) -> Result<Json<Page<FilmSummary>>, Error> {
    allowed(&state, &user).await?;
    Ok(Json(films::search(&state, &query).await?))
}
