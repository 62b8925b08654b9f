//! `make bench` — accounts: the Argon2id hash, and logins through the HTTP layer, each beside
//! its baseline measured in the same run (bcrypt as the original product hashed, the bare SQL
//! of the login lookup, a bare Argon2id verify). Run against the local test stack.

use std::time::Instant;

use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio::accounts::password;
use taalentio_tests::{
    accounts::GOOD_PASSWORD,
    bench::{Sample, python_baseline, report_header},
    spawn_app,
};

const HASHES: usize = 30;
const LOGINS: usize = 60;
const CONCURRENCY: usize = 4;

#[tokio::main]
async fn main() {
    report_header("accounts");

    // Hashing: ours (Argon2id, m=19 MiB, t=2, p=1) against bcrypt cost 12, in Rust and in the
    // Python library the original Flask product used.
    let mut argon = Sample::new("Argon2id hash (m=19456 KiB, t=2, p=1)");
    for _ in 0..HASHES {
        let start = Instant::now();
        password::hash(GOOD_PASSWORD).await.unwrap();
        argon.push(start.elapsed());
    }
    let mut bcrypt_rs = Sample::new("bcrypt cost 12, Rust `bcrypt` crate");
    for _ in 0..HASHES / 3 {
        let start = Instant::now();
        bcrypt::hash(GOOD_PASSWORD, 12).unwrap();
        bcrypt_rs.push(start.elapsed());
    }
    argon.print_beside(&bcrypt_rs);
    match python_baseline(
        "import bcrypt, time, sys\n\
         pw = sys.argv[1].encode()\n\
         for _ in range(10):\n\
         \x20   t = time.perf_counter(); bcrypt.hashpw(pw, bcrypt.gensalt(12)); print((time.perf_counter() - t) * 1e3)",
        &[GOOD_PASSWORD],
    ) {
        Some(python) => argon
            .print_beside(&python.named("bcrypt cost 12, Python `bcrypt` (the original product)")),
        None => println!("  (Python bcrypt baseline skipped: .local/venv has no bcrypt)"),
    }

    // Logins through the whole HTTP stack (routing, JSON, throttle check, verify, session
    // insert, security log), one at a time as one Lambda instance serves them.
    let app = spawn_app().await;
    app.confirmed_user("bench@example.sn").await;
    let login = || async {
        let start = Instant::now();
        let response = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                Some(json!({"email": "bench@example.sn", "password": GOOD_PASSWORD})),
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::OK);
        start.elapsed()
    };
    let mut http = Sample::new("POST /api/v1/auth/login, HTTP layer");
    for _ in 0..LOGINS {
        http.push(login().await);
    }
    let stored: String = app
        .db()
        .await
        .query_one(
            "SELECT password_hash FROM users WHERE email = 'bench@example.sn'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let mut verify = Sample::new("bare Argon2id verify");
    for _ in 0..LOGINS {
        let start = Instant::now();
        assert!(password::verify(GOOD_PASSWORD, &stored).await.unwrap());
        verify.push(start.elapsed());
    }
    let db = app.db().await;
    let lookup = db
        .prepare("SELECT id, password_hash, email_confirmed_at IS NOT NULL, account_active FROM users WHERE email = $1")
        .await
        .unwrap();
    let mut sql = Sample::new("bare SQL: the login's user lookup");
    for _ in 0..LOGINS * 10 {
        let start = Instant::now();
        db.query_one(&lookup, &[&"bench@example.sn"]).await.unwrap();
        sql.push(start.elapsed());
    }
    http.print_beside(&verify);
    http.print_beside(&sql);

    // Throughput of one process with a few logins in flight (a warm Lambda handles one at a
    // time; this is what a dev server or a container would do on this machine).
    let start = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..CONCURRENCY {
        let router = app.router.clone();
        handles.push(tokio::spawn(async move {
            for _ in 0..LOGINS / CONCURRENCY {
                let request = axum::http::Request::post("/api/v1/auth/login")
                    .header("content-type", "application/json")
                    .body(
                        json!({"email": "bench@example.sn", "password": GOOD_PASSWORD})
                            .to_string()
                            .into(),
                    )
                    .unwrap();
                let response = taalentio_tests::send(&router, request).await;
                assert_eq!(response.status, StatusCode::OK);
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let elapsed = start.elapsed();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "  login throughput, {CONCURRENCY} in flight: {:.1} logins/s on {cores} cores (bare verify bound: {:.1}/s)",
        LOGINS as f64 / elapsed.as_secs_f64(),
        cores as f64 / verify.median().as_secs_f64(),
    );
}
