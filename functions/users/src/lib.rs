//! `/api/v1/users` (recruiters and admins) and the public `/api/v1/profiles/{code}`: the HTTP
//! shell over [`taalentio::profiles`].

use axum::{
    Router,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use taalentio::{
    AppState, Error,
    accounts::Role,
    audit::ClientInfo,
    downloads::FileRedirect,
    error::{Problem, ProblemCode},
    http::{ApiRouter, CurrentUser, Json, Path, Query, page_headers},
    pagination::{Page, PageQuery},
    privacy,
    profiles::{
        self, Profile, ProfileChange, page,
        public::{self, PublicProfile},
        search::{self, ProfileSummary, SearchQuery},
        update::Editor,
    },
};
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "users";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(get_user, update_user, delete_user))
        .routes(routes!(public_profile))
        .routes(routes!(public_photo))
        // The HTML page a QR code leads to (not an API operation, so not in the document).
        .route("/p/{code}", axum::routing::get(public_page))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

/// Recruiters: search the directory (talent, category, country, city, gender, age, name).
#[utoipa::path(get, path = "/api/v1/users", tag = TAG, params(SearchQuery),
    responses(
        (status = 200, body = Page<ProfileSummary>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter out of range", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_users(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Page<ProfileSummary>>, Error> {
    principal.require(&[Role::Recruiter])?;
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .validate()?;
    Ok(Json(search::search(&state, &query, page).await?))
}

/// Recruiters: one whole profile, contact details included. People read their own here too;
/// anyone else's is 404.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = Profile), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_user(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Profile>, Error> {
    if id != principal.user_id && principal.require(&[Role::Recruiter]).is_err() {
        return Err(Error::NotFound);
    }
    Ok(Json(profiles::profile(&state, id).await?))
}

/// Admin: change any profile, its role and whether the account is active (deactivating
/// ends its sessions and API tokens; an admin cannot demote or deactivate themself: 409).
#[utoipa::path(put, path = "/api/v1/users/{id}", tag = TAG, params(("id" = i64, Path)),
    request_body = ProfileChange,
    responses((status = 200, body = Profile), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would demote or deactivate oneself or the last admin", body = Problem, content_type = "application/problem+json")))]
async fn update_user(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Path(id): Path<i64>,
    Json(change): Json<ProfileChange>,
) -> Result<Json<Profile>, Error> {
    principal
        .require(&[Role::Admin])
        .map_err(|_| Error::NotFound)?;
    let editor = Editor::Admin {
        by: principal.user_id,
        client: &client,
    };
    Ok(Json(profiles::change(&state, id, editor, change).await?))
}

/// Admin: erase an account, its files and the personal data in its logs.
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = TAG, params(("id" = i64, Path)),
    responses((status = 200, body = privacy::Erasure), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn delete_user(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<privacy::Erasure>), Error> {
    principal
        .require(&[Role::Admin])
        .map_err(|_| Error::NotFound)?;
    if id == principal.user_id {
        return Err(Error::Conflict(
            ProblemCode::SelfErasure,
            "an admin cannot erase their own account here; use DELETE /api/v1/me".into(),
        ));
    }
    let erasure = privacy::erase(&state, id, Some(principal.user_id), &client).await?;
    Ok((StatusCode::OK, Json(erasure)))
}

/// Public: what a person chose to show (their QR code leads here). 404 unless public.
#[utoipa::path(get, path = "/api/v1/profiles/{code}", tag = TAG, params(("code" = String, Path)),
    responses((status = 200, body = PublicProfile), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn public_profile(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<PublicProfile>, Error> {
    Ok(Json(public::public_profile(&state, &code).await?))
}

/// Public: a stable address of a public profile's photo (for link previews), redirecting to a
/// fresh 15-minute link. 404 unless the profile is public and has a photo.
#[utoipa::path(get, path = "/api/v1/profiles/{code}/photo", tag = TAG, params(("code" = String, Path)),
    responses((status = 302, description = "To a 15-minute link of the photo"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn public_photo(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<FileRedirect, Error> {
    let photo = public::public_profile(&state, &code)
        .await?
        .photo_url
        .ok_or(Error::NotFound)?;
    Ok(FileRedirect(photo))
}

/// `/p/{code}`: the web app's page, with the person's Open Graph tags when public.
async fn public_page(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, Error> {
    let (status, html) = page::render(&state, &state.web_shell, &code).await?;
    let mut response = (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response();
    page_headers::insert(response.headers_mut());
    Ok(response)
}
