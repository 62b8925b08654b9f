//! What every operation can answer because of the shared HTTP layer rather than its handler,
//! added to the document in one place instead of a list per handler: the authentication an
//! operation needs (and its 401), the CSRF refusal of a cookie session on unsafe methods (403),
//! the JSON body's refusals (400 malformed, 413 too large, 415 not JSON, 422 wrong shape), the
//! query string's (400), and the database being unreachable (503 with `Retry-After`).
//! `tests/api/role_matrix` checks the operations left public here against its table.

use serde_json::{Map, Value, json};

/// Operations anyone may call without signing in. Every other operation needs a session
/// cookie or an API token.
pub const PUBLIC: &[(&str, &str)] = &[
    ("get", "/api/v1/health"),
    ("get", "/api/v1/openapi.json"),
    ("post", "/api/v1/auth/register"),
    ("post", "/api/v1/auth/confirm"),
    ("post", "/api/v1/auth/confirm/resend"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/password/forgot"),
    ("post", "/api/v1/auth/password/reset"),
    ("post", "/api/v1/auth/password/check"),
    ("get", "/api/v1/auth/consents/versions"),
    ("post", "/api/v1/auth/unsubscribe"),
    ("post", "/api/v1/auth/unsubscribe/one-click"),
    ("get", "/api/v1/profiles/{code}"),
    ("get", "/api/v1/profiles/{code}/photo"),
    ("get", "/api/v1/talents"),
    ("get", "/api/v1/talents/categories"),
    ("get", "/api/v1/talents/{id}"),
    ("get", "/api/v1/countries"),
    ("get", "/api/v1/countries/{code}"),
];

/// Public operations that read an optional identity (admins see more, and only admins may ask
/// for inactive records: 403): a session or token that is sent must be valid.
const OPTIONAL_IDENTITY: &[(&str, &str)] =
    &[("get", "/api/v1/talents"), ("get", "/api/v1/talents/{id}")];

/// Operations that never reach the database.
const NO_DATABASE: &[(&str, &str)] = &[
    ("get", "/api/v1/openapi.json"),
    ("post", "/api/v1/auth/password/check"),
    ("get", "/api/v1/auth/consents/versions"),
];

/// Operations that need a role beyond signing in (recruiters, presence staff or admins):
/// another role gets 403, or 404 for a single record hidden from it.
fn role_gated(method: &str, path: &str) -> bool {
    let under = |prefix: &str| path.starts_with(prefix);
    (under("/api/v1/cinema/") && path != "/api/v1/cinema/vocabulary")
        || [
            "/api/v1/presence/",
            "/api/v1/exports/",
            "/api/v1/stats/",
            "/api/v1/watchlist/",
            "/api/v1/admin/",
        ]
        .iter()
        .any(|p| under(p))
        || path == "/api/v1/users"
        || (under("/api/v1/users/") && method != "get")
        || (under("/api/v1/talents") && method != "get")
        || path == "/api/v1/talents/{id}/users"
        || path == "/api/v1/auth/invitations"
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn add(responses: &mut Map<String, Value>, status: u16, description: &str) {
    responses
        .entry(status.to_string())
        .or_insert_with(|| problem(description));
}

/// Adds the shared layer's answers and the security requirements to every operation.
pub fn complete(document: &mut Value) {
    document["components"]["securitySchemes"] = json!({
        "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token (`POST /api/v1/auth/tokens`)"},
        "session": {"type": "apiKey", "in": "cookie", "name": taalentio::accounts::sessions::COOKIE_NAME,
            "description": "The browser session of `POST /api/v1/auth/login`; unsafe methods also send `X-CSRF-Token`"},
    });
    let Some(paths) = document["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let key = (method.as_str(), path.as_str());
            let has_body = operation.get("requestBody").is_some();
            let parameters_in = |location: &str| {
                operation["parameters"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|p| p["in"] == location))
            };
            let (has_query, has_path) = (parameters_in("query"), parameters_in("path"));
            let public = PUBLIC.contains(&key);
            let unsafe_method = !matches!(method.as_str(), "get" | "head" | "options");
            operation["security"] = if !public {
                json!([{"bearer": []}, {"session": []}])
            } else if OPTIONAL_IDENTITY.contains(&key) {
                json!([{}, {"bearer": []}, {"session": []}])
            } else {
                json!([])
            };
            let responses = operation["responses"]
                .as_object_mut()
                .expect("every operation documents its responses");
            if !public || OPTIONAL_IDENTITY.contains(&key) {
                add(
                    responses,
                    401,
                    "Not signed in, or the session or API token is invalid",
                );
            }
            if !public && unsafe_method {
                add(
                    responses,
                    403,
                    "A role that may not, or a session cookie without its `X-CSRF-Token`",
                );
            }
            if has_body {
                add(responses, 400, "The body is not valid JSON");
                add(
                    responses,
                    413,
                    "The body is larger than this endpoint accepts",
                );
                add(responses, 415, "The body is not sent as `application/json`");
                add(
                    responses,
                    422,
                    "Fields of the wrong type, missing or not allowed",
                );
            }
            if role_gated(method, path) || OPTIONAL_IDENTITY.contains(&key) {
                add(responses, 403, "A role that may not (`role_required`)");
            }
            if has_query {
                add(responses, 400, "A query parameter of the wrong type");
                add(responses, 422, "A query parameter out of range");
            }
            if has_path {
                add(responses, 400, "A path parameter of the wrong type");
                add(
                    responses,
                    404,
                    "No such record, or not one this caller may see",
                );
            }
            if !NO_DATABASE.contains(&key) {
                add(
                    responses,
                    503,
                    "The database is unreachable; try again after `Retry-After`",
                );
            }
        }
    }
}
