use axum::http::{Method, StatusCode, header};
use serde_json::json;
use taalentio_tests::{accounts::GOOD_PASSWORD, spawn_app};

#[tokio::test]
async fn the_export_holds_everything_about_the_person_and_nothing_secret() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("esi@example.gh", "user").await;
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"phone": "+233 24 123 4567"})),
        Some(&me),
    )
    .await;
    let token = app
        .call(
            Method::POST,
            "/api/v1/auth/tokens",
            Some(json!({"name": "sync"})),
            Some(&me),
        )
        .await
        .json();
    let secret = token["secret"].as_str().unwrap().to_owned();
    let response = app
        .call(Method::GET, "/api/v1/me/export", None, Some(&me))
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let export = response.json();
    assert_eq!(export["profile"]["email"], "esi@example.gh");
    assert_eq!(export["profile"]["phone"], "+233241234567");
    let consents: Vec<&str> = export["consents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(consents.contains(&"terms") && consents.contains(&"privacy"));
    assert_eq!(export["api_tokens"][0]["name"], "sync");
    assert!(!export["sessions"].as_array().unwrap().is_empty());
    let events: Vec<&str> = export["security_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    assert!(
        events.contains(&"registered") && events.contains(&"login_succeeded"),
        "{events:?}"
    );
    assert!(export["email_log"][0]["email_type"] == "confirm_email");
    assert!(export["activity_log"].as_array().unwrap().len() >= 2);
    // No hashes, no secrets.
    let text = export.to_string();
    for secret in ["argon2", "token_hash", "password_hash", &secret[4..]] {
        assert!(!text.contains(secret), "{secret} in the export");
    }
}

#[tokio::test]
async fn erasing_an_account_removes_it_and_the_personal_data_in_its_logs() {
    let app = spawn_app().await;
    let (id, me) = app.user_with_role("esi@example.gh", "user").await;
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"phone": "+233 24 123 4567"})),
        Some(&me),
    )
    .await;
    // The password confirms; a wrong one erases nothing.
    app.call(
        Method::DELETE,
        "/api/v1/me",
        Some(json!({"password": "not mine at all"})),
        Some(&me),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    app.call(
        Method::DELETE,
        "/api/v1/me",
        Some(json!({"password": GOOD_PASSWORD})),
        Some(&me.without_csrf()),
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&me))
            .await
            .status,
        StatusCode::OK
    );

    let response = app
        .call(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({"password": GOOD_PASSWORD})),
            Some(&me),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let erasure = response.json();
    assert_eq!(erasure["erased"], true);
    assert!(!erasure["kept"].as_array().unwrap().is_empty());
    assert!(
        response.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );

    let db = app.db().await;
    let count = |sql: &'static str| {
        let db = &db;
        async move { db.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
    };
    let remaining: i64 = db
        .query_one("SELECT count(*) FROM users WHERE id = $1", &[&id])
        .await
        .unwrap()
        .get(0);
    assert_eq!(remaining, 0);
    assert_eq!(count("SELECT count(*) FROM sessions").await, 0);
    assert_eq!(count("SELECT count(*) FROM consents").await, 0);
    assert_eq!(
        count("SELECT count(*) FROM email_logs WHERE recipient = 'esi@example.gh'").await,
        0
    );
    assert_eq!(count("SELECT count(*) FROM security_logs WHERE ip_address IS NOT NULL OR user_agent IS NOT NULL").await, 0);
    assert_eq!(
        count("SELECT count(*) FROM security_logs WHERE event_type = 'account_erased'").await,
        1
    );
    app.call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_admin_erases_someone_else_and_unknown_ids_are_404() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_role("admin@example.gh", "admin").await;
    let (id, _) = app.user_with_role("esi@example.gh", "user").await;
    let response = app
        .call(
            Method::DELETE,
            &format!("/api/v1/users/{id}"),
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    app.call(
        Method::DELETE,
        &format!("/api/v1/users/{id}"),
        None,
        Some(&admin),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    let by: i64 = app
        .db()
        .await
        .query_one("SELECT count(*) FROM security_logs WHERE event_type = 'account_erased' AND user_id IS NOT NULL", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(by, 1, "the admin who erased is recorded");
}
