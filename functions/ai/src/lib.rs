//! `/api/v1/ai/*`: the HTTP shell over [`taalentio::ai`], for recruiters and admins (anyone else
//! gets 403), and only while `features.ai` is on (403 `feature_disabled` otherwise).

use axum::{Router, extract::State};
use taalentio::{
    AppState, Error,
    accounts::Role,
    ai::{
        FilmSummary,
        films::{self, FilmQuery},
        match_mail::{self, MatchMailAnswer, MatchMailRequest},
        matching::{self, MatchAnswer, MatchRequest},
    },
    error::Problem,
    http::{ApiRouter, CurrentUser, Json, Query},
    pagination::Page,
    settings,
};
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "ai";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(search_films))
        .routes(routes!(match_brief))
        .routes(routes!(mail_match))
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

/// A brief matched to people (the directory) or screen talents (the casting base): the
/// criteria read from the brief (or the edited ones sent back), and the candidates best first,
/// each with the criteria it meets, what it lacks and the brief's words it matched. Nobody is
/// left out for data they did not give; a CV is read only under its owner's consent. With a
/// remote provider configured, it reads the brief and reranks the top of the list (its
/// failure leaves the database's order).
#[utoipa::path(post, path = "/api/v1/ai/match", tag = TAG, request_body = MatchRequest,
    responses(
        (status = 200, body = MatchAnswer),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a recruiter or admin (`role_required`), or `features.ai` is off (`feature_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`body.brief` empty, over 2000 characters or with control characters; `body.limit` outside 1 to 50; `body.criteria.*` out of range (ages 0 to 120, heights 40 to 260 cm, years 0 to 80), a minimum above its maximum, an unknown talent, country, city or language, or over 20 keywords", body = Problem, content_type = "application/problem+json"),
    ))]
async fn match_brief(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(request): Json<MatchRequest>,
) -> Result<Json<MatchAnswer>, Error> {
    allowed(&state, &user).await?;
    Ok(Json(
        matching::shortlist(&state, &request, state.ai.as_ref()).await?,
    ))
}

/// Tell a matched person that a brief fits their profile ("AI match" mail), in their
/// language: at most once per person and brief, never to someone who turned this mail off.
#[utoipa::path(post, path = "/api/v1/ai/match/mail", tag = TAG, request_body = MatchMailRequest,
    responses(
        (status = 200, description = "`sent`, `already_sent` (nothing sent now), `unsubscribed` (nothing sent) or `not_delivered` (the mail service refused or failed; in the email log)", body = MatchMailAnswer),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a recruiter or admin (`role_required`), or `features.ai` is off (`feature_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active, confirmed person", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`body.brief` or `body.criteria.*` as for a match", body = Problem, content_type = "application/problem+json"),
    ))]
async fn mail_match(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(request): Json<MatchMailRequest>,
) -> Result<Json<MatchMailAnswer>, Error> {
    allowed(&state, &user).await?;
    Ok(Json(match_mail::send(&state, &request).await?))
}
