//! Faults of the real services mid-run, through a proxy the test cuts and restores
//! (tests/src/fault_proxy.rs): the API answers a quick 503 problem with `Retry-After` while the
//! database is away, writes nothing, and recovers on its own when it is back.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::{
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
