use axum::http::{Method, StatusCode, header};
use serde_json::json;
use taalentio_tests::{
    TestApp,
    accounts::{Auth, GOOD_PASSWORD, session_from},
    spawn_app,
};

use super::register::spawn_app_with_proxy;

async fn attempt(
    app: &TestApp,
    email: &str,
    password: &str,
    address: Option<&str>,
) -> taalentio_tests::TestResponse {
    app.call_from(
        Method::POST,
        "/api/v1/auth/login",
        Some(json!({"email": email, "password": password})),
        None,
        address,
    )
    .await
}

#[tokio::test]
async fn login_sets_a_hardened_session_cookie_and_answers_a_csrf_token() {
    let app = spawn_app().await;
    app.confirmed_user("ngozi@example.ng").await;
    let response = attempt(&app, " Ngozi@Example.NG ", GOOD_PASSWORD, None).await;
    assert_eq!(response.status, StatusCode::OK);
    let cookie = response.headers[header::SET_COOKIE].to_str().unwrap();
    for attribute in [
        "taalentio_session=tls_",
        "HttpOnly",
        "Secure",
        "SameSite=Lax",
        "Path=/",
        "Max-Age=",
    ] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert_eq!(response.headers[header::CACHE_CONTROL], "no-store");
    let body = response.json();
    assert_eq!(body["user"]["email"], "ngozi@example.ng");
    assert!(body["csrf_token"].as_str().is_some_and(|t| t.len() >= 40));
    // Only the token's hash is stored.
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("taalentio_session=");
    let stored: Vec<u8> = app
        .db()
        .await
        .query_one("SELECT token_hash FROM sessions", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored.len(), 32);
    assert!(!String::from_utf8_lossy(&stored).contains(token));
}

#[tokio::test]
async fn a_login_replaces_the_session_the_browser_had() {
    let app = spawn_app().await;
    app.confirmed_user("ngozi@example.ng").await;
    let first = app.login("ngozi@example.ng", GOOD_PASSWORD).await;
    let Auth::Session { cookie, .. } = &first else {
        unreachable!()
    };
    let request = axum::http::Request::post("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie)
        .body(
            json!({"email": "ngozi@example.ng", "password": GOOD_PASSWORD})
                .to_string()
                .into(),
        )
        .unwrap();
    let second = session_from(&app.request(request).await);
    app.call(Method::GET, "/api/v1/auth/me", None, Some(&first))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.call(Method::GET, "/api/v1/auth/me", None, Some(&second))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn wrong_passwords_and_unknown_emails_get_the_same_401() {
    let app = spawn_app().await;
    app.confirmed_user("ngozi@example.ng").await;
    let wrong = attempt(&app, "ngozi@example.ng", "not the password", None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    let unknown = attempt(&app, "nobody@example.ng", GOOD_PASSWORD, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, unknown);
    let body = attempt(&app, "not-an-email", GOOD_PASSWORD, None)
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "email");
    let failures: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM security_logs WHERE event_type = 'login_failed'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(failures, 2);
}

#[tokio::test]
async fn the_throttle_locks_an_account_after_repeated_failures_even_for_the_right_password() {
    let app = spawn_app().await;
    app.confirmed_user("ngozi@example.ng").await;
    for _ in 0..taalentio::accounts::throttle::ACCOUNT_FREE_FAILURES {
        attempt(&app, "ngozi@example.ng", "guess guess guess", None)
            .await
            .assert_problem(StatusCode::UNAUTHORIZED);
    }
    let locked = attempt(&app, "ngozi@example.ng", GOOD_PASSWORD, None).await;
    let body = locked.assert_problem(StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = locked.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after} {body}");
    let locks: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM security_logs WHERE event_type = 'login_locked'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(locks, 1);

    // The lock ends; a failure after it locks for twice as long.
    app.db()
        .await
        .execute(
            "UPDATE login_throttles SET locked_until = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    attempt(&app, "ngozi@example.ng", "guess again", None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    let locked = attempt(&app, "ngozi@example.ng", GOOD_PASSWORD, None).await;
    locked.assert_problem(StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = locked.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((31..=60).contains(&retry_after), "{retry_after}");

    // Once the lock is over, the right password works and clears the count.
    app.db()
        .await
        .execute(
            "UPDATE login_throttles SET locked_until = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        attempt(&app, "ngozi@example.ng", GOOD_PASSWORD, None)
            .await
            .status,
        StatusCode::OK
    );
    let rows: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM login_throttles WHERE scope = 'account'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn the_throttle_locks_an_address_spraying_many_accounts() {
    let app = spawn_app_with_proxy().await;
    app.confirmed_user("victim@example.ke").await;
    let spray = taalentio::accounts::throttle::ADDRESS_FREE_FAILURES;
    for i in 0..spray {
        attempt(
            &app,
            &format!("user{i}@example.ke"),
            "Password2024!",
            Some("41.90.3.7"),
        )
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    }
    // The sprayer's address is locked, whatever account it tries...
    attempt(&app, "victim@example.ke", GOOD_PASSWORD, Some("41.90.3.7"))
        .await
        .assert_problem(StatusCode::TOO_MANY_REQUESTS);
    // ...while the account's owner, elsewhere, is not.
    assert_eq!(
        attempt(&app, "victim@example.ke", GOOD_PASSWORD, Some("102.68.1.1"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn cookie_sessions_need_the_csrf_header_on_unsafe_requests() {
    let app = spawn_app().await;
    app.confirmed_user("ngozi@example.ng").await;
    let session = app.login("ngozi@example.ng", GOOD_PASSWORD).await;
    // Reading needs no CSRF token.
    assert_eq!(
        app.call(
            Method::GET,
            "/api/v1/auth/me",
            None,
            Some(&session.without_csrf())
        )
        .await
        .status,
        StatusCode::OK
    );
    let body = app
        .call(
            Method::POST,
            "/api/v1/auth/logout",
            None,
            Some(&session.without_csrf()),
        )
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    assert!(body["detail"].as_str().unwrap().contains("x-csrf-token"));
    let Auth::Session { cookie, .. } = &session else {
        unreachable!()
    };
    let forged = Auth::Session {
        cookie: cookie.clone(),
        csrf: "forged".into(),
    };
    app.call(Method::POST, "/api/v1/auth/logout", None, Some(&forged))
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    // Still logged in after the refused attempts; then out for real.
    assert_eq!(
        app.call(Method::GET, "/api/v1/auth/me", None, Some(&session))
            .await
            .status,
        StatusCode::OK
    );
    let out = app
        .call(Method::POST, "/api/v1/auth/logout", None, Some(&session))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(
        out.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    app.call(Method::GET, "/api/v1/auth/me", None, Some(&session))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);

    let db = app.db().await;
    let rejected: i64 = db
        .query_one(
            "SELECT count(*) FROM security_logs WHERE event_type = 'csrf_rejected'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rejected, 2);
    // The activity log has the logout; the refused attempts are in the security log.
    let activity: Vec<(String, i16)> = db
        .query("SELECT action, status FROM activity_logs ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(activity, vec![("POST /api/v1/auth/logout".to_owned(), 204)]);
}

#[tokio::test]
async fn sessions_expire_when_idle() {
    let app = spawn_app().await;
    app.confirmed_user("ngozi@example.ng").await;
    let session = app.login("ngozi@example.ng", GOOD_PASSWORD).await;
    app.db()
        .await
        .execute(
            "UPDATE sessions SET idle_expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    app.call(Method::GET, "/api/v1/auth/me", None, Some(&session))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn imported_bcrypt_passwords_work_once_and_are_rehashed_to_argon2id() {
    let app = spawn_app().await;
    let legacy = bcrypt::hash("Ancien mot de passe 2019", 12).unwrap();
    app.db()
        .await
        .execute(
            "INSERT INTO users (unique_code, first_name, last_name, email, password_hash, email_confirmed_at)
             VALUES ('LEGACY23', 'Ama', 'Owusu', 'ama@example.gh', $1, now())",
            &[&legacy],
        )
        .await
        .unwrap();
    attempt(&app, "ama@example.gh", "ancien mot de passe 2019", None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(
        attempt(&app, "ama@example.gh", "Ancien mot de passe 2019", None)
            .await
            .status,
        StatusCode::OK
    );
    let stored: String = app
        .db()
        .await
        .query_one("SELECT password_hash FROM users", &[])
        .await
        .unwrap()
        .get(0);
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert_eq!(
        attempt(&app, "ama@example.gh", "Ancien mot de passe 2019", None)
            .await
            .status,
        StatusCode::OK
    );
}
