//! The blob store (S3 on moto server, through the real SDK) going away mid-run, through a
//! proxy the test cuts and restores (tests/src/fault_proxy.rs): the routes that need it answer
//! 503 problem+json with `Retry-After`, nothing is half-written, and they work again once it is
//! back, without a restart. A test binary of its own because the SDK reads the endpoint from
//! the process's `AWS_ENDPOINT_URL`, which this test points at the proxy.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{
    TestApp, TestResponse,
    accounts::Auth,
    create_migrated_database,
    fault_proxy::{self, FaultProxy},
    files::png,
    http_client,
    moto::new_bucket,
    spawn_app_on,
};

/// A 503 problem with `Retry-After`, answered within the SDK's retries, never a hang.
fn assert_unavailable(answer: &TestResponse, started: Instant, what: &str) {
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{what} took {:?}",
        started.elapsed()
    );
    let problem = answer.assert_problem(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(problem["detail"], "file storage is unavailable", "{what}");
    assert!(
        answer.headers.contains_key("retry-after"),
        "{what}: {:?}",
        answer.headers
    );
}

async fn upload_status(app: &TestApp, who: &Auth, id: &str) -> Value {
    app.call(
        Method::GET,
        &format!("/api/v1/me/uploads/{id}"),
        None,
        Some(who),
    )
    .await
    .json()["status"]
        .clone()
}

#[tokio::test]
async fn the_blob_store_going_away_is_a_503_with_nothing_half_written_then_recovery() {
    let moto = std::env::var("AWS_ENDPOINT_URL")
        .expect("AWS_ENDPOINT_URL is not set: run the tests with `make test`");
    let proxy = FaultProxy::start(fault_proxy::authority(&moto)).await;
    // SAFETY: set before anything in this process reads the environment on another thread
    // (the test's runtime is single-threaded and nothing has been spawned yet).
    unsafe { std::env::set_var("AWS_ENDPOINT_URL", format!("http://{}", proxy.addr)) };
    let bucket = new_bucket().await;
    let app = spawn_app_on(
        create_migrated_database().await,
        &[
            ("BLOB_STORE", "s3"),
            ("UPLOADS_BUCKET", &bucket),
            ("S3_FORCE_PATH_STYLE", "true"),
            // Every export is stored and linked, so it needs the store.
            ("EXPORT_INLINE_MAX_BYTES", "1"),
        ],
    )
    .await;
    let (_, person) = app.user_with_role("fanta@blobs.example.ml", "user").await;
    let (_, recruiter) = app
        .user_with_role("moussa@blobs.example.ml", "recruiter")
        .await;

    // A photo sent to its presigned URL while the store is up.
    let bytes = png(320, 240);
    let ticket = app
        .call(
            Method::POST,
            "/api/v1/me/uploads",
            Some(json!({"kind": "photo", "content_type": "image/png", "size": bytes.len()})),
            Some(&person),
        )
        .await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.body);
    let ticket = ticket.json();
    let upload = &ticket["upload"];
    let mut put = http_client().put(upload["url"].as_str().unwrap());
    for pair in upload["headers"].as_array().unwrap() {
        put = put.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    let sent = put.body(bytes).send().await.unwrap();
    assert!(sent.status().is_success(), "{:?}", sent.text().await);
    let id = ticket["id"].as_str().unwrap().to_owned();
    let complete_url = ticket["complete_url"].as_str().unwrap().to_owned();
    let status_before = upload_status(&app, &person, &id).await;

    proxy.cut().await;
    let started = Instant::now();
    let complete = app
        .call(Method::POST, &complete_url, None, Some(&person))
        .await;
    assert_unavailable(&complete, started, "completing the upload");
    // Not accepted, not rejected: it can be completed again, and the profile has no photo.
    assert_eq!(upload_status(&app, &person, &id).await, status_before);
    let me = app
        .call(Method::GET, "/api/v1/me", None, Some(&person))
        .await
        .json();
    assert!(me["photo_url"].is_null(), "{me}");

    let started = Instant::now();
    let export = app
        .call(
            Method::GET,
            "/api/v1/exports/users/csv",
            None,
            Some(&recruiter),
        )
        .await;
    assert_unavailable(&export, started, "a stored export");
    assert_eq!(
        app.traced_exports().await,
        0,
        "no export is traced that nobody received"
    );

    proxy.restore().await;
    let complete = app
        .call(Method::POST, &complete_url, None, Some(&person))
        .await;
    assert_eq!(complete.status, StatusCode::OK, "{:?}", complete.body);
    assert_eq!(complete.json()["status"], "accepted");
    let me = app
        .call(Method::GET, "/api/v1/me", None, Some(&person))
        .await
        .json();
    assert!(me["photo_url"].is_string(), "{me}");
    // The failed export left no object behind: the one now stored is the only one.
    let export = app
        .call(
            Method::GET,
            "/api/v1/exports/users/csv",
            None,
            Some(&recruiter),
        )
        .await;
    assert_eq!(export.status, StatusCode::SEE_OTHER, "{:?}", export.body);
    assert_eq!(app.traced_exports().await, 1);
    let stored = app.state.exports.list("exports/").await.unwrap();
    assert_eq!(stored.len(), 1, "{stored:?}");
}
