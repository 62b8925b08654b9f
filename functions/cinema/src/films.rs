//! `/api/v1/cinema/productions/{id}/films`: a production's filmography, entries linked to IMDb
//! ids and filled from the film search ([`taalentio::ai::films`]). Casting staff only; anyone
//! else finds no production (404), as with the production itself.

use axum::{extract::State, http::StatusCode};
use taalentio::{
    AppState, Error,
    ai::films::{self, NewProductionFilm, ProductionFilm},
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, Path},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{TAG, hidden_from_others};

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(list_films, add_film))
        .routes(routes!(remove_film))
}

/// A production's filmography, latest year first.
#[utoipa::path(get, path = "/api/v1/cinema/productions/{id}/films", tag = TAG, params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<ProductionFilm>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such production, or the caller is not casting staff", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_films(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ProductionFilm>>, Error> {
    hidden_from_others(&principal)?;
    Ok(Json(films::list(&state, id).await?))
}

/// Add a film by its IMDb id; its title, year, kind, poster and director come from the film
/// search.
#[utoipa::path(post, path = "/api/v1/cinema/productions/{id}/films", tag = TAG, params(("id" = i64, Path)),
    request_body = NewProductionFilm,
    responses(
        (status = 201, body = ProductionFilm),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie session without its CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such production, or the caller is not casting staff", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The film is listed already (`duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A malformed IMDb id, or one the film search does not know", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "The film search refused the request", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The film search is not configured (`not_configured`) or unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
async fn add_film(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<NewProductionFilm>,
) -> Result<(StatusCode, Json<ProductionFilm>), Error> {
    hidden_from_others(&principal)?;
    let film = films::add(&state, id, input, principal.user_id).await?;
    Ok((StatusCode::CREATED, Json(film)))
}

/// Remove a film from a production's filmography.
#[utoipa::path(delete, path = "/api/v1/cinema/productions/{id}/films/{imdb_id}", tag = TAG,
    params(("id" = i64, Path), ("imdb_id" = String, Path)),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A cookie session without its CSRF token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The production does not list it, or the caller is not casting staff", body = Problem, content_type = "application/problem+json"),
    ))]
async fn remove_film(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path((id, imdb_id)): Path<(i64, String)>,
) -> Result<StatusCode, Error> {
    hidden_from_others(&principal)?;
    films::remove(&state, id, &imdb_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
