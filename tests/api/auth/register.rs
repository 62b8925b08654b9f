use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::{
    accounts::{GOOD_PASSWORD, registration},
    spawn_app,
};

async fn count(app: &taalentio_tests::TestApp, sql: &str) -> i64 {
    app.db().await.query_one(sql, &[]).await.unwrap().get(0)
}

#[tokio::test]
async fn a_new_account_is_confirmed_by_mail_before_it_can_log_in() {
    let app = spawn_app().await;
    let response = app
        .register("Aminata.Diallo@Example.SN", GOOD_PASSWORD)
        .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);

    // French by default, text and HTML, and logged.
    let mail = app.last_mail_to("aminata.diallo@example.sn");
    assert!(mail.subject.contains("Confirmez"), "{}", mail.subject);
    assert!(mail.text.contains("Aminata") && mail.html.contains("Aminata"));
    let token = mail.link_token();
    assert!(token.starts_with("tlk_"), "{token}");
    assert!(mail.text.contains("http://127.0.0.1:3000/confirm#token="));
    let logged: String = app
        .db()
        .await
        .query_one(
            "SELECT status FROM email_logs WHERE email_type = 'confirm_email'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(logged, "sent");

    // Not before confirming, and the answer says why.
    let body = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"email": "aminata.diallo@example.sn", "password": GOOD_PASSWORD})),
            None,
        )
        .await
        .assert_code(StatusCode::FORBIDDEN, "email_unconfirmed");
    assert!(
        body["detail"].as_str().unwrap().contains("confirm"),
        "{body}"
    );

    let confirmed = app
        .call(
            Method::POST,
            "/api/v1/auth/confirm",
            Some(json!({"token": token})),
            None,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    let user = &confirmed.json()["user"];
    assert_eq!(user["email"], "aminata.diallo@example.sn");
    assert_eq!(user["email_confirmed"], true);
    assert_eq!(user["role"], "user");

    // The link works once.
    app.call(
        Method::POST,
        "/api/v1/auth/confirm",
        Some(json!({"token": token})),
        None,
    )
    .await
    .assert_code(StatusCode::BAD_REQUEST, "link_invalid");

    let session = app.login("aminata.diallo@example.sn", GOOD_PASSWORD).await;
    let me = app
        .call(Method::GET, "/api/v1/auth/me", None, Some(&session))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["user"]["first_name"], "Aminata");
}

#[tokio::test]
async fn an_expired_confirmation_link_is_refused() {
    let app = spawn_app().await;
    app.register("kofi@example.gh", GOOD_PASSWORD).await;
    let token = app.last_mail_to("kofi@example.gh").link_token();
    app.db()
        .await
        .execute(
            "UPDATE email_confirmations SET expires_at = now() - interval '1 minute'",
            &[],
        )
        .await
        .unwrap();
    let body = app
        .call(
            Method::POST,
            "/api/v1/auth/confirm",
            Some(json!({"token": token})),
            None,
        )
        .await
        .assert_code(StatusCode::BAD_REQUEST, "link_invalid");
    assert!(body["detail"].as_str().unwrap().contains("expired"));
    // An unknown token reads the same.
    app.call(
        Method::POST,
        "/api/v1/auth/confirm",
        Some(json!({"token": "tlk_not-a-token"})),
        None,
    )
    .await
    .assert_code(StatusCode::BAD_REQUEST, "link_invalid");
    let confirmed: bool = app
        .db()
        .await
        .query_one("SELECT email_confirmed_at IS NOT NULL FROM users", &[])
        .await
        .unwrap()
        .get(0);
    assert!(!confirmed);
    // A new link can be asked for, and works.
    let resent = app
        .call(
            Method::POST,
            "/api/v1/auth/confirm/resend",
            Some(json!({"email": "kofi@example.gh"})),
            None,
        )
        .await;
    assert_eq!(resent.status, StatusCode::ACCEPTED);
    let token = app.last_mail_to("kofi@example.gh").link_token();
    let confirmed = app
        .call(
            Method::POST,
            "/api/v1/auth/confirm",
            Some(json!({"token": token})),
            None,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
}

#[tokio::test]
async fn each_bad_registration_is_a_422_naming_the_field_and_writes_nothing() {
    let app = spawn_app().await;
    let cases = [
        ("email", json!("aminata@"), "invalid_format"),
        ("email", json!("aminata at example.sn"), "invalid_format"),
        ("password", json!("short"), "too_short"),
        ("password", json!("password123"), "weak_password"),
        (
            "password",
            json!("aminatadiallo1996"),
            "password_contains_personal",
        ),
        ("date_of_birth", json!("2012-05-01"), "too_young"),
        ("date_of_birth", json!("2099-01-01"), "in_future"),
        ("date_of_birth", json!("14/03/1996"), "invalid"),
        ("first_name", json!(""), "required"),
        ("last_name", json!("x".repeat(101)), "too_long"),
        (
            "accepted_terms_version",
            json!("2019-01"),
            "outdated_version",
        ),
        ("preferred_language", json!("de"), "not_allowed"),
    ];
    for (field, value, code) in cases {
        let mut body = registration("aminata@example.sn", GOOD_PASSWORD);
        body[field] = value.clone();
        let response = app
            .call(Method::POST, "/api/v1/auth/register", Some(body), None)
            .await;
        assert_eq!(
            response.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value} accepted"
        );
        let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["code"], "validation_failed");
        let errors = problem["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{problem}"));
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{field}={value}, expected {code}: {problem}"
        );
    }
    // Under 18: the answer says why.
    let mut body = registration("young@example.sn", GOOD_PASSWORD);
    body["date_of_birth"] = json!("2010-01-01");
    let problem = app
        .call(Method::POST, "/api/v1/auth/register", Some(body), None)
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem["errors"][0],
        json!({"field": "date_of_birth", "code": "too_young", "min_age": 18,
               "message": "must make the person at least 18 years old"}),
        "{problem}"
    );
    // Missing fields and unknown ones.
    let problem = app
        .call(
            Method::POST,
            "/api/v1/auth/register",
            Some(json!({"email": "a@b.sn"})),
            None,
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.to_string().contains("password"), "{problem}");
    // serde stops at the first missing field: it is named, as required.
    assert_eq!(problem["errors"][0]["code"], "required", "{problem}");
    let mut body = registration("aminata@example.sn", GOOD_PASSWORD);
    body["role"] = json!("admin");
    app.call(Method::POST, "/api/v1/auth/register", Some(body), None)
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(count(&app, "SELECT count(*) FROM users").await, 0);
    assert_eq!(count(&app, "SELECT count(*) FROM consents").await, 0);
    assert!(app.outbox().is_empty());
}

#[tokio::test]
async fn registering_a_known_address_answers_the_same_and_warns_its_owner() {
    let app = spawn_app().await;
    let first = app.register("fatou@example.sn", GOOD_PASSWORD).await;
    let again = app
        .register("FATOU@example.sn", "Une autre phrase bien longue")
        .await;
    assert_eq!(first.status, again.status);
    assert_eq!(first.body, again.body);
    assert_eq!(count(&app, "SELECT count(*) FROM users").await, 1);
    let mail = app.last_mail_to("fatou@example.sn");
    assert!(mail.subject.contains("déjà un compte"), "{}", mail.subject);
    assert!(mail.text.contains("/forgot-password"));
}

#[tokio::test]
async fn registration_records_the_accepted_terms_with_time_and_address() {
    let app = spawn_app_with_proxy().await;
    let response = app
        .call_from(
            Method::POST,
            "/api/v1/auth/register",
            Some(registration("thabo@example.za", GOOD_PASSWORD)),
            None,
            Some("196.25.1.9"),
        )
        .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    let rows = app
        .db()
        .await
        .query(
            "SELECT kind, version, host(ip_address), withdrawn_at IS NULL FROM consents ORDER BY kind",
            &[],
        )
        .await
        .unwrap();
    let consents: Vec<(String, String, String, bool)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    let version = taalentio::accounts::consent::TERMS_VERSION.to_owned();
    assert_eq!(
        consents,
        vec![
            ("privacy".into(), version.clone(), "196.25.1.9".into(), true),
            ("terms".into(), version, "196.25.1.9".into(), true),
        ]
    );
}

pub async fn spawn_app_with_proxy() -> taalentio_tests::TestApp {
    taalentio_tests::spawn_app_on(
        taalentio_tests::create_migrated_database().await,
        &[("TRUSTED_PROXY_HOPS", "1")],
    )
    .await
}

#[tokio::test]
async fn the_language_chosen_at_registration_is_kept_on_the_account() {
    let app = spawn_app().await;
    let mut body = registration("kwesi@example.gh", GOOD_PASSWORD);
    body["preferred_language"] = json!("en");
    let response = app
        .call(Method::POST, "/api/v1/auth/register", Some(body), None)
        .await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{:?}", response.body);
    let mail = app.last_mail_to("kwesi@example.gh");
    assert!(mail.subject.starts_with("Confirm"), "{}", mail.subject);
    let confirmed = app
        .call(
            Method::POST,
            "/api/v1/auth/confirm",
            Some(json!({"token": mail.link_token()})),
            None,
        )
        .await;
    assert_eq!(confirmed.json()["user"]["preferred_language"], "en");
    // And it can be changed from the profile, which answers it.
    let session = app.login("kwesi@example.gh", GOOD_PASSWORD).await;
    let changed = app
        .call(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"preferred_language": "fr"})),
            Some(&session),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.json()["preferred_language"], "fr");
    let me = app
        .call(Method::GET, "/api/v1/auth/me", None, Some(&session))
        .await;
    assert_eq!(me.json()["user"]["preferred_language"], "fr");
}
