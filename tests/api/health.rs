use axum::http::StatusCode;
use taalentio_tests::{create_migrated_database, spawn_app, spawn_app_on};

#[tokio::test]
async fn health_reports_a_reachable_database() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type(), "application/json");
    let body = response.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert!(
        response.headers.contains_key("x-request-id"),
        "every response carries a request id"
    );
}

#[tokio::test]
async fn health_is_503_problem_when_the_database_is_down() {
    let url = create_migrated_database().await;
    // Same cluster credentials, a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let unreachable = url.replacen(
        &url[url.rfind(':').unwrap()..url.rfind('/').unwrap()],
        &format!(":{port}"),
        1,
    );
    let app = spawn_app_on(unreachable, &[]).await;
    let response = app.get("/api/v1/health").await;
    let problem = response.assert_problem(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(problem["detail"], "the database is unreachable");
}

#[tokio::test]
async fn a_caller_request_id_is_kept() {
    let app = spawn_app().await;
    let request = axum::http::Request::get("/api/v1/health")
        .header("x-request-id", "trace-me-42")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.request(request).await;
    assert_eq!(response.headers["x-request-id"], "trace-me-42");
}

#[tokio::test]
async fn the_front_end_is_served_at_the_root() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.content_type().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&response.body).contains("/api/v1/health"));
}

#[tokio::test]
async fn a_database_that_must_use_tls_is_never_reached_in_plaintext() {
    // The local cluster offers no TLS: with sslmode=require the pool must refuse, not downgrade.
    let url = format!("{}?sslmode=require", create_migrated_database().await);
    let app = spawn_app_on(url, &[]).await;
    app.get("/api/v1/health")
        .await
        .assert_problem(StatusCode::SERVICE_UNAVAILABLE);
}
