//! The headers every API answer carries (the shared HTTP layer, in Lambda and the dev server
//! alike), caching of authenticated answers, and compression of JSON answers.

use std::io::Read;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use taalentio_tests::{TestApp, TestResponse, spawn_app};

fn value(response: &TestResponse, name: header::HeaderName) -> Option<&str> {
    response.headers.get(name).map(|v| v.to_str().unwrap())
}

fn assert_hardened(response: &TestResponse) {
    assert_eq!(
        value(response, header::X_CONTENT_TYPE_OPTIONS),
        Some("nosniff")
    );
    assert_eq!(
        value(response, header::REFERRER_POLICY),
        Some("strict-origin-when-cross-origin")
    );
}

async fn get_with(app: &TestApp, path: &str, pairs: &[(header::HeaderName, &str)]) -> TestResponse {
    let mut request = Request::get(path);
    for (name, value) in pairs {
        request = request.header(name, *value);
    }
    app.request(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_public_answer_carries_the_security_headers_and_is_not_marked_no_store() {
    let app = spawn_app().await;
    let health = app.get("/api/v1/health").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_hardened(&health);
    assert_ne!(value(&health, header::CACHE_CONTROL), Some("no-store"));
    // Problems too, and unknown routes.
    let unknown = app.get("/api/v1/nothing-here").await;
    unknown.assert_problem(StatusCode::NOT_FOUND);
    assert_hardened(&unknown);
}

#[tokio::test]
async fn authenticated_answers_are_not_stored() {
    let app = spawn_app().await;
    let (_, session) = app.user_with_role("ama@example.gh", "user").await;
    let me = app
        .call(Method::GET, "/api/v1/me", None, Some(&session))
        .await;
    assert_eq!(me.status, StatusCode::OK, "{:?}", me.body);
    assert_hardened(&me);
    assert_eq!(value(&me, header::CACHE_CONTROL), Some("no-store"));

    // A bearer token counts as authentication, even a refused one (its 401 is not stored).
    let refused = get_with(
        &app,
        "/api/v1/me",
        &[(header::AUTHORIZATION, "Bearer tlk_not-a-token")],
    )
    .await;
    refused.assert_problem(StatusCode::UNAUTHORIZED);
    assert_hardened(&refused);
    assert_eq!(value(&refused, header::CACHE_CONTROL), Some("no-store"));
}

#[tokio::test]
async fn a_route_that_sets_its_own_caching_keeps_it_when_authenticated() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.ci", "recruiter").await;
    let talent = app
        .call(
            Method::POST,
            "/api/v1/cinema/talents",
            Some(serde_json::json!({"first_name": "Nneka", "last_name": "Obi"})),
            Some(&staff),
        )
        .await
        .json();
    let id = talent["id"].as_i64().unwrap();
    crate::cinema_projects::upload_casting_photo(&app, &staff, id).await;
    let photo = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/talents/{id}/photo"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(photo.status, StatusCode::FOUND, "{:?}", photo.body);
    assert_eq!(
        value(&photo, header::CACHE_CONTROL),
        Some("private, max-age=600")
    );
    assert_hardened(&photo);
}

#[tokio::test]
async fn large_json_answers_are_compressed_for_a_client_that_asks() {
    let app = spawn_app().await;
    let plain = app.get("/api/v1/openapi.json").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(value(&plain, header::CONTENT_ENCODING).is_none());
    assert!(plain.body.len() > 10_000);

    let gzipped = get_with(
        &app,
        "/api/v1/openapi.json",
        &[(header::ACCEPT_ENCODING, "gzip")],
    )
    .await;
    assert_eq!(gzipped.status, StatusCode::OK);
    assert_eq!(value(&gzipped, header::CONTENT_ENCODING), Some("gzip"));
    assert!(
        value(&gzipped, header::VARY)
            .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    );
    assert_hardened(&gzipped);
    assert!(gzipped.body.len() < plain.body.len() / 3);
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gzipped.body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain.body);
    let document: serde_json::Value = serde_json::from_slice(&unzipped).unwrap();
    assert!(document["paths"]["/api/v1/health"].is_object());

    // Brotli when the client prefers it.
    let brotli = get_with(
        &app,
        "/api/v1/openapi.json",
        &[(header::ACCEPT_ENCODING, "br")],
    )
    .await;
    assert_eq!(value(&brotli, header::CONTENT_ENCODING), Some("br"));
}

#[tokio::test]
async fn small_json_answers_are_sent_as_they_are() {
    let app = spawn_app().await;
    let health = get_with(
        &app,
        "/api/v1/health",
        &[(header::ACCEPT_ENCODING, "gzip, br")],
    )
    .await;
    assert_eq!(health.status, StatusCode::OK);
    assert!(health.body.len() < 1024);
    assert!(value(&health, header::CONTENT_ENCODING).is_none());
    assert_eq!(health.json()["status"], "ok");
}
