//! `/api/v1/talents` and `/api/v1/countries`: the HTTP shell over [`taalentio::catalogue`].

use axum::{Router, extract::State, http::StatusCode};
use serde::Deserialize;
use taalentio::{
    AppState, Error,
    accounts::Role,
    catalogue::{self, Category, Country, NewTalent, Talent, TalentChange},
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, Path, Query},
    pagination::{Page, PageQuery},
    profiles::search::{self, ProfileSummary, SearchQuery},
};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "catalogue";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(list_talents, create_talent))
        .routes(routes!(get_talent, change_talent))
        .routes(routes!(talent_users))
        .routes(routes!(list_categories))
        .routes(routes!(list_countries))
        .routes(routes!(get_country))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TalentFilter {
    /// Only this category (code).
    pub category: Option<String>,
    /// Admins: include deactivated talents.
    #[serde(default)]
    pub include_inactive: bool,
}

fn may_see_inactive(user: Option<&CurrentUser>, asked: bool) -> Result<bool, Error> {
    match (asked, user) {
        (false, _) => Ok(false),
        (true, Some(CurrentUser(principal))) => principal.require(&[Role::Admin]).map(|()| true),
        (true, None) => Err(Error::unauthorized()),
    }
}

/// The talent catalogue with how many people list each talent. Public.
#[utoipa::path(get, path = "/api/v1/talents", tag = TAG, params(TalentFilter),
    responses((status = 200, body = Vec<Talent>)))]
async fn list_talents(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Query(filter): Query<TalentFilter>,
) -> Result<Json<Vec<Talent>>, Error> {
    let inactive = may_see_inactive(user.as_ref(), filter.include_inactive)?;
    Ok(Json(
        catalogue::talents(&state.db, filter.category.as_deref(), inactive).await?,
    ))
}

/// One talent. Public.
#[utoipa::path(get, path = "/api/v1/talents/{id}", tag = TAG, params(("id" = i32, Path)),
    responses((status = 200, body = Talent), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_talent(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Json<Talent>, Error> {
    let is_admin = user.is_some_and(|CurrentUser(p)| p.role == Role::Admin);
    Ok(Json(catalogue::talent(&state.db, id, is_admin).await?))
}

/// Admin: add a talent to the catalogue.
#[utoipa::path(post, path = "/api/v1/talents", tag = TAG, request_body = NewTalent,
    responses(
        (status = 201, body = Talent),
        (status = 409, description = "The tag exists", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_talent(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Json(form): Json<NewTalent>,
) -> Result<(StatusCode, Json<Talent>), Error> {
    principal.require(&[Role::Admin])?;
    Ok((
        StatusCode::CREATED,
        Json(catalogue::create_talent(&state.db, form).await?),
    ))
}

/// Admin: rename, recategorise, deactivate or reactivate a talent.
#[utoipa::path(patch, path = "/api/v1/talents/{id}", tag = TAG, params(("id" = i32, Path)),
    request_body = TalentChange, responses((status = 200, body = Talent)))]
async fn change_talent(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i32>,
    Json(change): Json<TalentChange>,
) -> Result<Json<Talent>, Error> {
    principal.require(&[Role::Admin])?;
    Ok(Json(catalogue::change_talent(&state.db, id, change).await?))
}

/// Recruiters: the people who list a talent, with the directory's filters.
#[utoipa::path(get, path = "/api/v1/talents/{id}/users", tag = TAG,
    params(("id" = i32, Path), SearchQuery),
    responses((status = 200, body = Page<ProfileSummary>), (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn talent_users(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    Path(id): Path<i32>,
    Query(query): Query<SearchQuery>,
) -> Result<Json<Page<ProfileSummary>>, Error> {
    principal.require(&[Role::Recruiter])?;
    catalogue::talent(&state.db, id, true).await?;
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .validate()?;
    let query = SearchQuery {
        talent_id: Some(id),
        ..query
    };
    Ok(Json(search::search(&state, &query, page).await?))
}

/// The talent categories. Public.
#[utoipa::path(get, path = "/api/v1/talents/categories", tag = TAG,
    responses((status = 200, body = Vec<Category>)))]
async fn list_categories(State(state): State<AppState>) -> Result<Json<Vec<Category>>, Error> {
    Ok(Json(catalogue::categories(&state.db).await?))
}

/// The 54 African countries with their main cities. Public.
#[utoipa::path(get, path = "/api/v1/countries", tag = TAG,
    responses((status = 200, body = Vec<Country>)))]
async fn list_countries(State(state): State<AppState>) -> Result<Json<Vec<Country>>, Error> {
    Ok(Json(catalogue::countries(&state.db, None).await?))
}

/// One country (ISO code) with its cities. Public.
#[utoipa::path(get, path = "/api/v1/countries/{code}", tag = TAG, params(("code" = String, Path)),
    responses((status = 200, body = Country), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_country(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Country>, Error> {
    catalogue::countries(&state.db, Some(&code))
        .await?
        .pop()
        .map(Json)
        .ok_or(Error::NotFound)
}
