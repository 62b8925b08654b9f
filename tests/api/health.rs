use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use taalentio_tests::{TestApp, create_migrated_database, spawn_app, spawn_app_on};

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

/// The app with the pool pointed at the test cluster's credentials on a port nothing listens on.
async fn app_with_database_down() -> TestApp {
    let url = create_migrated_database().await;
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
    spawn_app_on(unreachable, &[("DATABASE_CONNECT_TIMEOUT_SECS", "2")]).await
}

#[tokio::test]
async fn health_is_503_problem_when_the_database_is_down() {
    let app = app_with_database_down().await;
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

/// A web build as adapter-static writes it: prerendered pages, the SPA shell, hashed assets
/// and their brotli twins.
fn web_build() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, body: &[u8]| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    };
    write("index.html", b"<!doctype html><title>landing</title>");
    write("login.html", b"<!doctype html><title>login</title>");
    write("200.html", b"<!doctype html><title>shell</title>");
    write("_app/immutable/entry/app.js", b"console.log('app')");
    write("_app/immutable/entry/app.js.br", b"brotli bytes");
    dir
}

#[tokio::test]
async fn the_web_app_is_served_as_cloudfront_serves_it() {
    let build = web_build();
    let web_dir = build.path().display().to_string();
    let app = spawn_app_on(create_migrated_database().await, &[("WEB_DIR", &web_dir)]).await;
    let body = |r: &taalentio_tests::TestResponse| String::from_utf8_lossy(&r.body).into_owned();

    let landing = app.get("/").await;
    assert_eq!(landing.status, StatusCode::OK);
    assert!(landing.content_type().starts_with("text/html"));
    assert!(body(&landing).contains("landing"));
    let header = |r: &taalentio_tests::TestResponse, name: &str| {
        r.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(header(&landing, "cache-control"), "no-cache");
    assert!(header(&landing, "content-security-policy").contains("frame-ancestors 'none'"));
    assert_eq!(header(&landing, "x-content-type-options"), "nosniff");
    assert_eq!(
        header(&landing, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );

    // A prerendered page by its path; any other page path is the SPA shell.
    assert!(body(&app.get("/login").await).contains("login"));
    let app_route = app.get("/me/tokens").await;
    assert_eq!(app_route.status, StatusCode::OK);
    assert!(body(&app_route).contains("shell"));

    // Hashed assets: cached for a year, brotli when the browser takes it.
    let asset = app
        .request(
            Request::get("/_app/immutable/entry/app.js")
                .header("accept-encoding", "gzip, br")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(asset.status, StatusCode::OK);
    assert_eq!(header(&asset, "content-encoding"), "br");
    assert_eq!(
        header(&asset, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body(&asset), "brotli bytes");
    let plain = app.get("/_app/immutable/entry/app.js").await;
    assert_eq!(body(&plain), "console.log('app')");

    // A missing file is a 404, not the shell; API paths stay API problems.
    app.get("/missing.png")
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    app.get("/api/v1/nothing-here")
        .await
        .assert_problem(StatusCode::NOT_FOUND);
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

#[tokio::test]
async fn a_route_needing_the_database_answers_503_with_retry_after_when_it_is_down() {
    let app = app_with_database_down().await;
    let started = std::time::Instant::now();
    let response = app.get("/api/v1/countries/SN").await;
    // Within the pool's connect and wait timeout (2 s in tests), not a hang.
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    response.assert_problem(StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        response.headers.contains_key("retry-after"),
        "{:?}",
        response.headers
    );
}
