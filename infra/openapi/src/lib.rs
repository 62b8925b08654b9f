//! The registry of every HTTP route group: [`all_groups`] is what the dev server serves and
//! what the OpenAPI document describes. The document is generated here once, written to
//! `functions/meta/openapi.json` and served from there as a static file, so that the `meta`
//! function does not link every route group only to describe them.

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use taalentio::{error::Problem, http::ApiRouter};

pub mod contract;

#[derive(OpenApi)]
#[openapi(
    info(title = "taalentio API", version = "1", description = "Talent and film-casting platform for African markets.\n\nNo string in a request may contain the NUL character (U+0000): such a request is refused with 422 (`invalid`)."),
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

/// Every HTTP route group, merged.
pub fn all_groups() -> ApiRouter {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(meta::api())
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

/// The OpenAPI 3.1 document of every route group, with what the shared HTTP layer answers
/// ([`contract::complete`]), as `functions/meta/openapi.json` holds it.
pub fn document() -> String {
    let mut document =
        serde_json::to_value(all_groups().into_openapi()).expect("the OpenAPI document serializes");
    contract::complete(&mut document);
    let mut text =
        serde_json::to_string_pretty(&document).expect("the OpenAPI document serializes");
    text.push('\n');
    text
}
