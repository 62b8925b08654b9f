//! Every sample event in `events/` through its function's real Lambda entry: lambda_http's
//! conversion of an API Gateway HTTP API (v2) event into a request, the function's router,
//! and the conversion of the answer back into an API Gateway response (status, headers,
//! cookies, base64 bodies); job events through the job's handler.

use std::path::{Path, PathBuf};

use axum::Router;
use base64::Engine as _;
use lambda_http::{Adapter, Context, LambdaEvent, Service, request::LambdaRequest};
use serde_json::{Value, json};
use taalentio::AppState;
use taalentio_tests::{
    accounts::{Auth, GOOD_PASSWORD},
    config_for, create_empty_database, create_migrated_database, spawn_app_on,
};

fn events_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../events")
}

fn event_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(events_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn read_event(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sends an API Gateway v2 event through `router` the way `lambda_http::run` does, and
/// answers the API Gateway response as JSON.
async fn invoke_http(router: Router, event: Value) -> Value {
    let request: LambdaRequest = serde_json::from_value(event).expect("an API Gateway event");
    let mut adapter = Adapter::from(router);
    let response = adapter
        .call(LambdaEvent::new(request, Context::default()))
        .await
        .unwrap();
    serde_json::to_value(response).unwrap()
}

fn body_of(response: &Value) -> Value {
    let body = response["body"].as_str().unwrap_or_default();
    let bytes = if response["isBase64Encoded"] == true {
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap()
    } else {
        body.as_bytes().to_vec()
    };
    serde_json::from_slice(&bytes).unwrap_or_else(|_| json!(String::from_utf8_lossy(&bytes)))
}

/// The JSON body an event carries, decoding base64 when the event says so.
fn event_body(event: &Value) -> Value {
    let body = event["body"].as_str().expect("the event has a body");
    let bytes = if event["isBase64Encoded"] == true {
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap()
    } else {
        body.as_bytes().to_vec()
    };
    serde_json::from_slice(&bytes).unwrap()
}

async fn state_on_fresh_database() -> AppState {
    AppState::build(config_for(&create_migrated_database().await, &[]))
        .await
        .unwrap()
}

#[tokio::test]
async fn every_sample_event_runs_through_its_function() {
    let files = event_files();
    assert!(!files.is_empty());
    for path in files {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let event = read_event(&path);
        match name.as_str() {
            "meta" => check_health(event).await,
            "auth" | "auth-login-base64" => check_login(event).await,
            "auth-me" => check_with_session(event, auth::router, "/user/email").await,
            "me" => check_with_session(event, me::router, "/email").await,
            "users" => {
                // The query string came through: the recruiter (Aminata Diallo) matches `q=diallo`.
                let page = check_with_token(event, users::router, "recruiter", 200).await;
                assert_eq!(page["per_page"], 5);
                assert_eq!(page["items"][0]["last_name"], "Diallo");
            }
            // No project 1 on a fresh database (the batch's envelope is well formed).
            "presence" | "presence-scans" => {
                let answer = check_with_token(event, presence::router, "presence", 404).await;
                assert_eq!(answer["status"], 404, "{answer}");
            }
            "exports" => check_export(event).await,
            "cinema" => {
                let page = check_with_token(event, cinema::router, "recruiter", 200).await;
                assert_eq!(page["total"], 0, "{page}");
            }
            "stats" => {
                // The recruiter who called is the one person there is.
                let overview = check_with_token(event, stats::router, "recruiter", 200).await;
                assert_eq!(overview["people"], 1, "{overview}");
                assert_eq!(overview["recruiters"], 1, "{overview}");
            }
            // features.ai is off on a fresh database: the reason comes back, as a problem.
            "ai" => {
                let problem = check_with_token(event, ai::router, "recruiter", 403).await;
                assert_eq!(problem["code"], "feature_disabled", "{problem}");
            }
            "admin" => {
                // The query string came through: only logins, five a page.
                let page = check_with_token(event, admin::router, "admin", 200).await;
                assert_eq!(page["per_page"], 5, "{page}");
                assert_eq!(page["total"], 1, "{page}");
                assert_eq!(page["items"][0]["event_type"], "login_succeeded");
            }
            "maintenance" => check_maintenance(event).await,
            "talents" => check_country(event).await,
            "migrate" => check_migrate(event).await,
            "upload-processor" => check_upload_processor(event).await,
            "watchlist" => {
                let watch = check_with_token(event, watchlist::router, "recruiter", 201).await;
                assert_eq!(watch["normalized_name"], "aminata diallo", "{watch}");
            }
            "watchlist-alerts" => {
                let report = check_job(event, watchlist_alerts::handle).await;
                assert_eq!(report["run_key"], "2026-12-01T06:00:00Z", "{report}");
            }
            "weekly-recap" => {
                let report = check_job(event, weekly_recap::handle).await;
                assert_eq!(report["run_key"], "2026-W49", "{report}");
            }
            other => panic!("events/{other}.json has no check here: add one for its function"),
        }
    }
}

async fn check_health(event: Value) {
    let request_id = event["requestContext"]["requestId"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = invoke_http(meta::router(state_on_fresh_database().await), event).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(body_of(&response)["database"], "ok");
    // The log's request id is API Gateway's, so a log line leads to the access log.
    assert_eq!(response["headers"]["x-request-id"], request_id.as_str());
}

/// The event's own credentials are made to exist, then the login must succeed and the
/// session cookie come back in API Gateway's `cookies` list.
async fn check_login(event: Value) {
    let credentials = event_body(&event);
    let source_ip = event["requestContext"]["http"]["sourceIp"]
        .as_str()
        .unwrap()
        .to_owned();
    let app = spawn_app_on(create_migrated_database().await, &[]).await;
    let email = credentials["email"].as_str().unwrap();
    let password = credentials["password"].as_str().unwrap();
    taalentio::accounts::ensure_admin(&app.state.db, email, password)
        .await
        .unwrap();
    let response = invoke_http(auth::router(app.state.clone()), event).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    let cookies = response["cookies"].as_array().expect("a cookies list");
    assert!(
        cookies
            .iter()
            .any(|c| c.as_str().unwrap().starts_with("taalentio_session=tls_")),
        "{response}"
    );
    assert_eq!(body_of(&response)["user"]["email"], email.to_lowercase());
    // The address recorded is API Gateway's sourceIp.
    let recorded: String = app
        .db()
        .await
        .query_one("SELECT host(ip_address) FROM sessions", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(recorded, source_ip);
}

/// The event's placeholder cookie is refused; with a live session's cookie in its place,
/// the same event answers the caller's account (its email at `email_pointer`).
async fn check_with_session(mut event: Value, router: fn(AppState) -> Router, email_pointer: &str) {
    let app = spawn_app_on(create_migrated_database().await, &[]).await;
    let refused = invoke_http(router(app.state.clone()), event.clone()).await;
    assert_eq!(refused["statusCode"], 401, "{refused}");
    assert_eq!(
        refused["headers"]["content-type"],
        "application/problem+json"
    );

    app.confirmed_user("lambda@example.sn").await;
    let Auth::Session { cookie, .. } = app.login("lambda@example.sn", GOOD_PASSWORD).await else {
        unreachable!()
    };
    event["cookies"] = json!([cookie]);
    let response = invoke_http(router(app.state.clone()), event).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(
        body_of(&response).pointer(email_pointer),
        Some(&json!("lambda@example.sn"))
    );
}

/// The event's placeholder token is refused; with the real token of someone with `role`, the
/// function answers `status` and its body is returned.
async fn check_with_token(
    event: Value,
    router: fn(AppState) -> Router,
    role: &str,
    status: u16,
) -> Value {
    body_of(&invoke_with_token(event, router, role, status).await)
}

/// The event without credentials is refused (401); with a token of a `role` person it answers
/// `status`: the API Gateway response.
async fn invoke_with_token(
    mut event: Value,
    router: fn(AppState) -> Router,
    role: &str,
    status: u16,
) -> Value {
    let app = spawn_app_on(create_migrated_database().await, &[]).await;
    let refused = invoke_http(router(app.state.clone()), event.clone()).await;
    assert_eq!(refused["statusCode"], 401, "{refused}");
    let (_, session) = app.user_with_role("staff@example.sn", role).await;
    let token = app
        .call(
            axum::http::Method::POST,
            "/api/v1/auth/tokens",
            Some(json!({"name": "lambda test"})),
            Some(&session),
        )
        .await
        .json()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    event["headers"]["authorization"] = json!(format!("Bearer {token}"));
    let response = invoke_http(router(app.state.clone()), event).await;
    assert_eq!(response["statusCode"], status, "{response}");
    response
}

/// An xlsx export comes back base64-encoded (a binary body), as an attachment that openpyxl
/// opens, with the header row and no one matching the event's filters (`country=SN`).
async fn check_export(event: Value) {
    let response = invoke_with_token(event, exports::router, "recruiter", 200).await;
    assert_eq!(response["isBase64Encoded"], true, "{response}");
    assert_eq!(
        response["headers"]["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = response["headers"]["content-disposition"].as_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"taalentio-users-"),
        "{disposition}"
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(response["body"].as_str().unwrap())
        .unwrap();
    let sheet = taalentio_tests::sheets::read_xlsx(&bytes);
    let rows = taalentio_tests::sheets::xlsx_values(&sheet);
    assert_eq!(rows.len(), 1, "{sheet}");
    assert_eq!(rows[0][0], "unique_code");
}

async fn check_country(event: Value) {
    let response = invoke_http(talents::router(state_on_fresh_database().await), event).await;
    assert_eq!(response["statusCode"], 200, "{response}");
    assert_eq!(body_of(&response)["cities"][0]["name"], "Dakar");
}

async fn check_migrate(event: Value) {
    let state = AppState::build(config_for(&create_empty_database().await, &[]))
        .await
        .unwrap();
    let report = migrate::handle(state, LambdaEvent::new(event, Context::default()))
        .await
        .unwrap();
    assert!(
        report["applied"].as_array().is_some_and(|a| !a.is_empty()),
        "{report}"
    );
}

/// A scheduled job's sample event runs its job once; the same event again is already done.
async fn check_job<F, Fut>(event: Value, handle: F) -> Value
where
    F: Fn(AppState, LambdaEvent<Value>) -> Fut,
    Fut: std::future::Future<Output = Result<Value, taalentio::Error>>,
{
    let state = state_on_fresh_database().await;
    let report = handle(
        state.clone(),
        LambdaEvent::new(event.clone(), Context::default()),
    )
    .await
    .unwrap();
    assert_eq!(report["status"], "succeeded", "{report}");
    let again = handle(state, LambdaEvent::new(event, Context::default()))
        .await
        .unwrap();
    assert_eq!(again["status"], "already_done", "{again}");
    report
}

/// The day's first run purges (here the used confirmation link of a new account) and records
/// itself; the same event again purges nothing and says so.
async fn check_maintenance(event: Value) {
    let app = spawn_app_on(create_migrated_database().await, &[]).await;
    app.confirmed_user("maintenance@example.sn").await;
    let first = maintenance::handle(
        app.state.clone(),
        LambdaEvent::new(event.clone(), Context::default()),
    )
    .await
    .unwrap();
    assert_eq!(first["ran"], true, "{first}");
    assert_eq!(first["purged"]["email_confirmations"], 1, "{first}");
    let again = maintenance::handle(
        app.state.clone(),
        LambdaEvent::new(event, Context::default()),
    )
    .await
    .unwrap();
    assert_eq!(again["ran"], false, "{again}");
    assert!(
        again["message"].as_str().unwrap().contains("already run"),
        "{again}"
    );
    let status: String = app
        .db()
        .await
        .query_one(
            "SELECT status FROM job_runs WHERE job_name = 'maintenance'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(status, "succeeded");
}

/// An upload is asked for and its bytes sent; the sample S3 event, pointed at that object,
/// makes the processor check and accept it. An event for an object no upload knows is skipped.
async fn check_upload_processor(event: Value) {
    let app = spawn_app_on(create_migrated_database().await, &[]).await;
    let unknown = upload_processor::handle(
        app.state.clone(),
        LambdaEvent::new(event.clone(), Context::default()),
    )
    .await
    .unwrap();
    assert_eq!(unknown["processed"][0]["status"], Value::Null, "{unknown}");

    let (_, session) = app.user_with_role("s3event@example.sn", "user").await;
    let mut cv = b"%PDF-1.4\n".to_vec();
    cv.extend_from_slice(&minimal_pdf_body());
    let ticket = app
        .call(
            axum::http::Method::POST,
            "/api/v1/me/uploads",
            Some(json!({"kind": "cv", "content_type": "application/pdf", "size": cv.len()})),
            Some(&session),
        )
        .await
        .json();
    let key: String = app
        .db()
        .await
        .query_one("SELECT object_key FROM uploads", &[])
        .await
        .unwrap()
        .get(0);
    let url = ticket["upload"]["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://127.0.0.1:3000");
    let mut put = axum::http::Request::put(url);
    for pair in ticket["upload"]["headers"].as_array().unwrap() {
        put = put.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    let sent = app.request(put.body(cv.into()).unwrap()).await;
    assert_eq!(sent.status, 200);

    let mut event = event;
    event["Records"][0]["s3"]["object"]["key"] = json!(key);
    let report = upload_processor::handle(
        app.state.clone(),
        LambdaEvent::new(event, Context::default()),
    )
    .await
    .unwrap();
    assert_eq!(report["processed"][0]["status"], "accepted", "{report}");
    // Its text is kept for search.
    let text: String = app
        .db()
        .await
        .query_one("SELECT extracted_text FROM uploads", &[])
        .await
        .unwrap()
        .get(0);
    assert!(text.contains("Actrice, Dakar"), "{text:?}");
}

/// The smallest PDF with one page saying "Actrice, Dakar" (objects, xref, trailer).
fn minimal_pdf_body() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 100 Td (Actrice, Dakar) Tj ET\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ];
    let mut body = String::new();
    let mut offsets = Vec::new();
    let header_len = "%PDF-1.4\n".len();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(header_len + body.len());
        body.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref_at = header_len + body.len();
    body.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        body.push_str(&format!("{offset:010} 00000 n \n"));
    }
    body.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    ));
    body.into_bytes()
}
