//! `/api/v1/watchlist/*`: the HTTP shell over [`taalentio::watchlist`], for recruiters and
//! admins. Each caller sees only their own watches; anyone else's id is 404.

use axum::{Router, extract::State, http::StatusCode};
use taalentio::{
    AppState, Error,
    accounts::Role,
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, Path, Query},
    pagination::{Page, PageQuery},
    watchlist::{self, NameWatch, NameWatchInput, WatchedSearch},
};
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "watchlist";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(list_names, create_name))
        .routes(routes!(get_name, replace_name, delete_name))
        .routes(routes!(list_searches))
        .routes(routes!(watch_search, unwatch_search))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

fn watcher(CurrentUser(principal): &CurrentUser) -> Result<i64, Error> {
    principal.require(&[Role::Recruiter])?;
    Ok(principal.user_id)
}

/// The caller's watched names, by name.
#[utoipa::path(get, path = "/api/v1/watchlist/names", tag = TAG, params(PageQuery),
    responses((status = 200, body = Page<NameWatch>), (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn list_names(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<NameWatch>>, Error> {
    let watcher = watcher(&user)?;
    Ok(Json(
        watchlist::list(&state, watcher, page.validate()?).await?,
    ))
}

/// Watch a name: new or changed profiles close to it are mailed in the daily alert.
#[utoipa::path(post, path = "/api/v1/watchlist/names", tag = TAG, request_body = NameWatchInput,
    responses(
        (status = 201, body = NameWatch),
        (status = 409, description = "The same name (accents and case aside) is already watched", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_name(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(input): Json<NameWatchInput>,
) -> Result<(StatusCode, Json<NameWatch>), Error> {
    let watcher = watcher(&user)?;
    let watch = watchlist::create(&state, watcher, &input).await?;
    Ok((StatusCode::CREATED, Json(watch)))
}

#[utoipa::path(get, path = "/api/v1/watchlist/names/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = NameWatch), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_name(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<NameWatch>, Error> {
    let watcher = watcher(&user)?;
    Ok(Json(watchlist::get(&state, watcher, id).await?))
}

/// Replace a watched name (absent optional fields are cleared; `is_active` defaults to true).
#[utoipa::path(put, path = "/api/v1/watchlist/names/{id}", tag = TAG, params(("id" = i64, Path)),
    request_body = NameWatchInput,
    responses(
        (status = 200, body = NameWatch),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ))]
async fn replace_name(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Json(input): Json<NameWatchInput>,
) -> Result<Json<NameWatch>, Error> {
    let watcher = watcher(&user)?;
    Ok(Json(watchlist::replace(&state, watcher, id, &input).await?))
}

#[utoipa::path(delete, path = "/api/v1/watchlist/names/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn delete_name(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    let watcher = watcher(&user)?;
    watchlist::delete(&state, watcher, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's saved casting searches and whether each is watched.
#[utoipa::path(get, path = "/api/v1/watchlist/searches", tag = TAG, operation_id = "list_watched_searches",
    responses((status = 200, body = Vec<WatchedSearch>)))]
async fn list_searches(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<WatchedSearch>>, Error> {
    let watcher = watcher(&user)?;
    Ok(Json(watchlist::searches(&state, watcher).await?))
}

/// Watch one of the caller's saved searches: its new matches are mailed in the daily alert.
#[utoipa::path(put, path = "/api/v1/watchlist/searches/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = WatchedSearch), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn watch_search(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<WatchedSearch>, Error> {
    let watcher = watcher(&user)?;
    Ok(Json(
        watchlist::watch_search(&state, watcher, id, true).await?,
    ))
}

/// Stop watching a saved search (the search itself stays).
#[utoipa::path(delete, path = "/api/v1/watchlist/searches/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = WatchedSearch), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn unwatch_search(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<WatchedSearch>, Error> {
    let watcher = watcher(&user)?;
    Ok(Json(
        watchlist::watch_search(&state, watcher, id, false).await?,
    ))
}
