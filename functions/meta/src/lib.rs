//! The platform's own routes: health and the OpenAPI description of every route group.
//! [`all_groups`] is the one list of route groups; the dev server serves exactly that list.

use std::{sync::LazyLock, time::Duration};

use axum::{Router, extract::State, http::header, response::IntoResponse};
use serde::Serialize;
use taalentio::{AppState, Error, db, error::Problem, http::ApiRouter, http::Json};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub mod contract;

#[derive(OpenApi)]
#[openapi(
    info(title = "taalentio API", version = "1", description = "Talent and film-casting platform for African markets."),
    components(schemas(Problem, taalentio::exports::Format)),
    tags(
        (name = "meta", description = "Health and API description"),
        (name = "auth", description = "Accounts, sessions, passwords, API tokens and consents"),
        (name = "me", description = "One's own profile, talents, files, QR code, data export and erasure"),
        (name = "users", description = "The directory of profiles (recruiters, admins) and public profiles"),
        (name = "catalogue", description = "Talents, categories, countries and cities"),
        (name = "cinema", description = "The casting base, productions, projects and assignments"),
        (name = "presence", description = "Attendance on set"),
        (name = "exports", description = "The directory, the casting base and attendance as xlsx or CSV (recruiters, admins)"),
        (name = "watchlist", description = "Watched names and watched saved searches, mailed as daily alerts"),
        (name = "stats", description = "Dashboard counts and breakdowns (recruiters, admins)"),
        (name = "admin", description = "Settings, roles and activation, logs (admins)"),
        (name = "ai", description = "Film search and matching a brief to talents (recruiters, admins; `features.ai`)"),
    )
)]
struct ApiDoc;

/// Every HTTP route group, merged: what the dev server serves and what the API document describes.
pub fn all_groups() -> ApiRouter {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(api())
        .merge(auth::api())
        .merge(me::api())
        .merge(users::api())
        .merge(talents::api())
        .merge(cinema::api())
        .merge(presence::api())
        .merge(exports::api())
        .merge(watchlist::api())
        .merge(stats::api())
        .merge(admin::api())
        .merge(ai::api())
}

/// This group's routes.
pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(openapi_json))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

/// The OpenAPI 3.1 document of every route group, rendered once per cold start.
pub fn openapi_document() -> &'static str {
    static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
        let mut document = serde_json::to_value(all_groups().into_openapi())
            .expect("the OpenAPI document serializes");
        contract::complete(&mut document);
        serde_json::to_string_pretty(&document).expect("the OpenAPI document serializes")
    });
    &DOCUMENT
}

#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct Health {
    /// Always `ok` in a 200 answer.
    pub status: String,
    /// `ok` when the database answered a query.
    pub database: String,
    pub version: String,
}

/// A probe must answer quickly even when the database hangs.
const DATABASE_PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// Health: 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/api/v1/health", tag = "meta",
    responses(
        (status = 200, description = "The platform and its database are up", body = Health),
        (status = 503, description = "The database is unreachable", body = Problem, content_type = "application/problem+json"),
    ))]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, Error> {
    match tokio::time::timeout(DATABASE_PROBE_TIMEOUT, db::ping(&state.db)).await {
        Ok(Ok(())) => Ok(Json(Health {
            status: "ok".into(),
            database: "ok".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        })),
        Ok(Err(_)) | Err(_) => Err(Error::Unavailable("the database is unreachable".into())),
    }
}

/// The OpenAPI 3.1 description of the whole API.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi_document(),
    )
}
