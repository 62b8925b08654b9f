//! Test kit: a fresh database per test (cloned from a migrated template), the app as the dev
//! server serves it, and one-shot requests against it (axum's `testing` example).
//!
//! Needs the local test stack: run the tests through `make test`, which starts Postgres and
//! moto server and exports `PG_ADMIN_URL` and the `AWS_*` settings.

use std::{collections::HashMap, time::Duration};

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use http_body_util::BodyExt;
use taalentio::{AppState, Config};
use tokio::sync::OnceCell;
use tokio_postgres::NoTls;
use tower::ServiceExt;

const TEMPLATE_DB: &str = "taalentio_template";

/// A base64 key of 32 bytes for the local blob store's signed URLs.
pub const TEST_SIGNING_KEY: &str = "dGVzdC1zaWduaW5nLWtleS1vZi0zMi1ieXRlcy0hISE=";

pub fn admin_url() -> String {
    std::env::var("PG_ADMIN_URL").expect("PG_ADMIN_URL is not set: run the tests with `make test`")
}

fn database_url(name: &str) -> String {
    let admin = admin_url();
    let base = admin
        .rsplit_once('/')
        .expect("PG_ADMIN_URL ends with a database name")
        .0;
    format!("{base}/{name}")
}

async fn admin_client() -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(&admin_url(), NoTls)
        .await
        .expect("connecting to the test cluster");
    tokio::spawn(connection);
    client
}

/// Creates an empty database and answers its URL.
pub async fn create_empty_database() -> String {
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    admin_client()
        .await
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    database_url(&name)
}

/// Migrates the template once per test process; every test database is a copy of it.
async fn migrated_template() {
    static TEMPLATE: OnceCell<()> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let admin = admin_client().await;
            // Test binaries run one after another but may share the cluster: serialise.
            admin
                .execute("SELECT pg_advisory_lock(4242)", &[])
                .await
                .unwrap();
            let exists = admin
                .query_opt(
                    "SELECT 1 FROM pg_database WHERE datname = $1",
                    &[&TEMPLATE_DB],
                )
                .await
                .unwrap();
            if exists.is_none() {
                admin
                    .batch_execute(&format!("CREATE DATABASE {TEMPLATE_DB}"))
                    .await
                    .unwrap();
            }
            let config = config_for(&database_url(TEMPLATE_DB), &[]);
            let pool = taalentio::db::pool(&config.database).unwrap();
            taalentio::db::migrate(&pool)
                .await
                .expect("migrating the template database");
            pool.close();
            admin
                .execute("SELECT pg_advisory_unlock(4242)", &[])
                .await
                .unwrap();
        })
        .await;
}

/// A new database with the current schema and reference data.
pub async fn create_migrated_database() -> String {
    migrated_template().await;
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    let admin = admin_client().await;
    // The template's last connections may still be closing: retry briefly.
    for attempt in 0.. {
        match admin
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}"))
            .await
        {
            Ok(()) => break,
            Err(e) if attempt < 50 && e.to_string().contains("being accessed by other users") => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("creating {name}: {e}"),
        }
    }
    database_url(&name)
}

/// The configuration a test app runs with: local adapters in a temporary folder unless
/// `overrides` says otherwise. Goes through the same parser as the environment.
pub fn config_for(database_url: &str, overrides: &[(&str, &str)]) -> Config {
    let mut settings: HashMap<String, String> = HashMap::from([
        ("DATABASE_URL".into(), database_url.into()),
        ("LOCAL_BLOB_SIGNING_KEY".into(), TEST_SIGNING_KEY.into()),
        // Generous: these machines are shared, and a connection made under load can take
        // seconds; the tests of an unreachable database set their own.
        ("DATABASE_CONNECT_TIMEOUT_SECS".into(), "10".into()),
        (
            "ENCRYPTION_KEYS".into(),
            format!("test-1:{TEST_SIGNING_KEY}"),
        ),
        ("BLIND_INDEX_KEY".into(), TEST_SIGNING_KEY.into()),
    ]);
    settings.extend(
        overrides
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    Config::from_lookup(|name| settings.get(name).cloned()).expect("a valid test configuration")
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub database_url: String,
    /// Holds the blob store and outbox folders for the test's lifetime.
    pub files: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(create_migrated_database().await, &[]).await
}

/// The app on a given database with extra settings (e.g. an unreachable database).
pub async fn spawn_app_on(database_url: String, overrides: &[(&str, &str)]) -> TestApp {
    let files = tempfile::tempdir().unwrap();
    let blob_dir = files.path().join("blobs").display().to_string();
    let outbox_dir = files.path().join("outbox").display().to_string();
    let mut settings = vec![
        ("LOCAL_BLOB_DIR", blob_dir.as_str()),
        ("OUTBOX_DIR", outbox_dir.as_str()),
    ];
    settings.extend_from_slice(overrides);
    let state = AppState::build(config_for(&database_url, &settings))
        .await
        .unwrap();
    // The dev server's web app is WEB_DIR's build (tests that need one write it).
    let router = taalentio_dev::app(state.clone(), state.config.web.dir.clone());
    TestApp {
        state,
        router,
        database_url,
        files,
    }
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts an RFC 9457 problem with this status, and answers its body.
    pub fn assert_problem(&self, status: StatusCode) -> serde_json::Value {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.content_type(), "application/problem+json");
        let body = self.json();
        assert_eq!(body["status"], status.as_u16());
        assert!(
            body["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("https://")),
            "{body}"
        );
        assert!(
            body["title"].is_string() && body["detail"].is_string(),
            "{body}"
        );
        // Every problem carries a machine-readable code; every field error too.
        assert!(body["code"].is_string(), "no code: {body}");
        if let Some(errors) = body["errors"].as_array() {
            assert!(errors.iter().all(|e| e["code"].is_string()), "{body}");
        }
        body
    }

    /// The problem's `code`, after [`TestResponse::assert_problem`].
    pub fn assert_code(&self, status: StatusCode, code: &str) -> serde_json::Value {
        let body = self.assert_problem(status);
        assert_eq!(body["code"], code, "{body}");
        body
    }
}

/// Sends one request through a router.
pub async fn send(router: &Router, request: Request<Body>) -> TestResponse {
    let response = router.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    TestResponse {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes(),
    }
}

impl TestApp {
    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        send(&self.router, request).await
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: impl Into<Body>,
    ) -> TestResponse {
        self.request(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::CONTENT_TYPE, content_type)
                .body(body.into())
                .unwrap(),
        )
        .await
    }

    pub async fn db(&self) -> taalentio::db::Client {
        self.state.db.get().await.unwrap()
    }
}

pub mod accounts;
pub mod ai_eval;
pub mod bench;
pub mod fake_http;
pub mod fake_omdb;
pub mod fake_openrouter;
pub mod fault_proxy;
pub mod files;
pub mod load;
pub mod moto;
pub mod runtime_api;
pub mod sheets;

/// An HTTP client for the tests' own calls (moto, presigned URLs): reqwest is built without a
/// default TLS provider, so it gets the process's rustls configuration like the adapters do.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .use_preconfigured_tls(taalentio::db::tls_client_config(None).unwrap())
        .build()
        .unwrap()
}
