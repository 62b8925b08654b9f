//! Faults of the real services mid-run: the database through a proxy the test cuts and
//! restores (tests/src/fault_proxy.rs) — a quick 503 problem with `Retry-After`, nothing
//! written, recovery on its own — and a mail transport that cannot send, which makes the
//! request that mails fail as a whole; and a pool whose connections are all taken, which makes
//! a request wait its configured time, then answer 503.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::{
    accounts::GOOD_PASSWORD,
    create_migrated_database,
    fault_proxy::{self, FaultProxy},
    spawn_app_on,
};

#[tokio::test]
async fn the_database_going_away_mid_run_is_a_quick_503_then_recovery_without_a_restart() {
    let url = create_migrated_database().await;
    let proxy = FaultProxy::start(fault_proxy::authority(&url)).await;
    let app = spawn_app_on(
        fault_proxy::through(&url, &proxy),
        &[("DATABASE_CONNECT_TIMEOUT_SECS", "2")],
    )
    .await;
    let (_, person) = app.user_with_role("awa@faults.example.sn", "user").await;
    let me = app
        .call(Method::GET, "/api/v1/me", None, Some(&person))
        .await;
    assert_eq!(me.status, StatusCode::OK, "{:?}", me.body);
    let first_name = me.json()["first_name"].clone();

    proxy.cut().await;
    for (method, path, body) in [
        (Method::GET, "/api/v1/talents", None),
        (
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"first_name": "Changée"})),
        ),
    ] {
        let started = Instant::now();
        let answer = app.call(method.clone(), path, body, Some(&person)).await;
        // Within the pool's connect and wait timeouts (2 s here), never a hang or a 500.
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{method} {path} took {:?}",
            started.elapsed()
        );
        answer.assert_problem(StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            answer.headers.contains_key("retry-after"),
            "{method} {path}: {:?}",
            answer.headers
        );
    }

    proxy.restore().await;
    // The pool drops the connections that died and opens new ones: no restart needed.
    let back = app
        .call(Method::GET, "/api/v1/me", None, Some(&person))
        .await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
    assert_eq!(
        back.json()["first_name"],
        first_name,
        "the refused change was not written"
    );
    let changed = app
        .call(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"first_name": "Changée"})),
            Some(&person),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.json()["first_name"], "Changée");
}

#[tokio::test]
async fn a_registration_whose_mail_cannot_go_keeps_nothing_and_works_once_mail_is_back() {
    let files = tempfile::tempdir().unwrap();
    // The outbox mailer's folder is a file: every send fails as a transport that is down.
    let outbox = files.path().join("outbox");
    std::fs::write(&outbox, b"not a folder").unwrap();
    let app = spawn_app_on(
        create_migrated_database().await,
        &[("OUTBOX_DIR", outbox.to_str().unwrap())],
    )
    .await;
    let email = "kadi@faults.example.sn";
    let users = |app: &taalentio_tests::TestApp| {
        let db = app.state.db.clone();
        async move {
            db.get()
                .await
                .unwrap()
                .query_one("SELECT count(*) FROM users WHERE email = $1", &[&email])
                .await
                .unwrap()
                .get::<_, i64>(0)
        }
    };

    let refused = app.register(email, GOOD_PASSWORD).await;
    refused.assert_problem(StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        refused.headers.contains_key("retry-after"),
        "{:?}",
        refused.headers
    );
    assert_eq!(users(&app).await, 0, "no account nobody could confirm");
    let logged: Vec<(String, Option<i64>)> = app
        .db()
        .await
        .query(
            "SELECT status, user_id FROM email_logs WHERE recipient = $1",
            &[&email],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        logged,
        [("failed".to_string(), None)],
        "the failed mail stays logged"
    );

    // Mail is back: the same registration goes through and its confirmation is sent.
    std::fs::remove_file(&outbox).unwrap();
    let accepted = app.register(email, GOOD_PASSWORD).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{:?}", accepted.body);
    assert_eq!(users(&app).await, 1);
    let sent: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains("/confirm"), "{}", sent[0]);
}

/// A client that goes away drops the request's future where it stands (the local server does
/// so; Lambda runs an invocation to its end): the talents are then as they were or as asked,
/// never half of each.
#[tokio::test]
async fn a_client_gone_mid_request_leaves_the_talents_as_they_were_or_as_asked() {
    let app = taalentio_tests::spawn_app().await;
    let (id, person) = app.user_with_role("moussa@faults.example.sn", "user").await;
    let ids: Vec<i32> = app
        .db()
        .await
        .query(
            "SELECT id FROM talents WHERE is_active ORDER BY id LIMIT 5",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let (before, after) = (ids[..2].to_vec(), ids[2..].to_vec());
    let put = |talents: &[i32]| {
        app.call(
            Method::PUT,
            "/api/v1/me/talents",
            Some(json!({"talent_ids": talents})),
            Some(&person),
        )
    };
    assert_eq!(put(&before).await.status, StatusCode::OK);
    let (mut cut, mut finished) = (0, 0);
    for step in 0..80u64 {
        match tokio::time::timeout(Duration::from_micros(step * 150), put(&after)).await {
            Ok(answer) => {
                assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
                finished += 1;
            }
            Err(_) => cut += 1,
        }
        let now: Vec<i32> = app
            .db()
            .await
            .query(
                "SELECT talent_id FROM user_talents WHERE user_id = $1 ORDER BY talent_id",
                &[&id],
            )
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert!(
            now == before || now == after,
            "after a cut at step {step}: {now:?}"
        );
        assert_eq!(put(&before).await.status, StatusCode::OK);
    }
    eprintln!("requests cut: {cut}, finished: {finished}");
    assert!(
        cut > 0 && finished > 0,
        "cut {cut}, finished {finished}: widen the steps"
    );
}

#[tokio::test]
async fn with_every_pooled_connection_taken_a_request_waits_the_configured_time_then_gets_503() {
    let app = spawn_app_on(
        create_migrated_database().await,
        &[
            ("DATABASE_POOL_SIZE", "1"),
            ("DATABASE_CONNECT_TIMEOUT_SECS", "1"),
        ],
    )
    .await;
    let (_, person) = app.user_with_role("binta@faults.example.sn", "user").await;
    let held = app.state.db.get().await.expect("the pool's one connection");

    let started = Instant::now();
    let answer = app
        .call(Method::GET, "/api/v1/me", None, Some(&person))
        .await;
    let waited = started.elapsed();
    answer.assert_problem(StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        answer.headers.contains_key("retry-after"),
        "{:?}",
        answer.headers
    );
    // It waited for a connection (the pool's wait timeout, 1 s here), then gave up: no hang.
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "answered after {waited:?}"
    );

    drop(held);
    let served = app
        .call(Method::GET, "/api/v1/me", None, Some(&person))
        .await;
    assert_eq!(served.status, StatusCode::OK, "{:?}", served.body);
}
