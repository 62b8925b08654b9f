use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::{TestApp, accounts::Auth, spawn_app};

async fn create_token(app: &TestApp, session: &Auth, name: &str) -> (i64, String) {
    let created = app
        .call(
            Method::POST,
            "/api/v1/auth/tokens",
            Some(json!({"name": name, "expires_in_days": 30})),
            Some(session),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let body = created.json();
    (
        body["id"].as_i64().unwrap(),
        body["secret"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn an_api_token_acts_for_its_owner_until_revoked() {
    let app = spawn_app().await;
    let (_, session) = app
        .user_with_role("recruteur@example.sn", "recruiter")
        .await;
    let (id, secret) = create_token(&app, &session, "casting sync").await;
    assert!(secret.starts_with("tlt_"));
    let bearer = Auth::Bearer(secret.clone());

    let me = app
        .call(Method::GET, "/api/v1/auth/me", None, Some(&bearer))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["user"]["role"], "recruiter");
    assert!(me.json()["csrf_token"].is_null());

    // Listed without its secret; stored only as a hash.
    let listed = app
        .call(Method::GET, "/api/v1/auth/tokens", None, Some(&session))
        .await
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(!listed.to_string().contains(&secret[4..]));
    let stored: Vec<u8> = app
        .db()
        .await
        .query_one("SELECT token_hash FROM api_tokens", &[])
        .await
        .unwrap()
        .get(0);
    assert!(!String::from_utf8_lossy(&stored).contains(&secret[4..]));

    // Bearer requests need no CSRF header, but cannot mint more tokens.
    app.call(
        Method::POST,
        "/api/v1/auth/tokens",
        Some(json!({"name": "another"})),
        Some(&bearer),
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);

    let revoked = app
        .call(
            Method::DELETE,
            &format!("/api/v1/auth/tokens/{id}"),
            None,
            Some(&session),
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    app.call(Method::GET, "/api/v1/auth/me", None, Some(&bearer))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    let events: Vec<String> = app
        .db()
        .await
        .query(
            "SELECT event_type FROM security_logs WHERE event_type LIKE 'token_%' ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(events, ["token_created", "token_used", "token_revoked"]);
}

#[tokio::test]
async fn someone_elses_token_is_not_found_and_stays_alive() {
    let app = spawn_app().await;
    let (_, owner) = app.user_with_role("owner@example.ma", "recruiter").await;
    let (_, other) = app.user_with_role("other@example.ma", "admin").await;
    let (id, secret) = create_token(&app, &owner, "mine").await;
    app.call(
        Method::DELETE,
        &format!("/api/v1/auth/tokens/{id}"),
        None,
        Some(&other),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    app.call(
        Method::DELETE,
        "/api/v1/auth/tokens/abc",
        None,
        Some(&other),
    )
    .await
    .assert_problem(StatusCode::BAD_REQUEST);
    assert_eq!(
        app.call(
            Method::GET,
            "/api/v1/auth/me",
            None,
            Some(&Auth::Bearer(secret))
        )
        .await
        .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn bad_token_requests_are_refused() {
    let app = spawn_app().await;
    let (_, session) = app.user_with_role("owner@example.ma", "user").await;
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (
            json!({"name": "x", "expires_in_days": 0}),
            "expires_in_days",
        ),
        (
            json!({"name": "x", "expires_in_days": 400}),
            "expires_in_days",
        ),
        (
            json!({"name": "x", "expires_in_days": -1}),
            "expires_in_days",
        ),
    ] {
        let problem = app
            .call(
                Method::POST,
                "/api/v1/auth/tokens",
                Some(body.clone()),
                Some(&session),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
    }
    let count: i64 = app
        .db()
        .await
        .query_one("SELECT count(*) FROM api_tokens", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 0);
    for bearer in ["tlt_made-up", "", "Basic abc"] {
        app.call(
            Method::GET,
            "/api/v1/auth/me",
            None,
            Some(&Auth::Bearer(bearer.into())),
        )
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    }
    app.call(Method::GET, "/api/v1/auth/tokens", None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let (_, session) = app.user_with_role("owner@example.ma", "user").await;
    let (_, secret) = create_token(&app, &session, "short-lived").await;
    app.db()
        .await
        .execute(
            "UPDATE api_tokens SET expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    app.call(
        Method::GET,
        "/api/v1/auth/me",
        None,
        Some(&Auth::Bearer(secret)),
    )
    .await
    .assert_problem(StatusCode::UNAUTHORIZED);
}
