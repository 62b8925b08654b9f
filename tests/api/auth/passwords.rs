use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::{accounts::GOOD_PASSWORD, spawn_app};

const NEW_PASSWORD: &str = "Harmattan sur la lagune 77";

#[tokio::test]
async fn forgot_password_answers_the_same_for_unknown_addresses_and_mails_only_real_ones() {
    let app = spawn_app().await;
    app.confirmed_user("zanele@example.za").await;
    let mails_before = app.outbox().len();
    let unknown = app
        .call(
            Method::POST,
            "/api/v1/auth/password/forgot",
            Some(json!({"email": "nobody@example.za"})),
            None,
        )
        .await;
    assert_eq!(app.outbox().len(), mails_before);
    let known = app
        .call(
            Method::POST,
            "/api/v1/auth/password/forgot",
            Some(json!({"email": "zanele@example.za"})),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    assert_eq!(unknown.body, known.body);
    let mail = app.last_mail_to("zanele@example.za");
    assert!(mail.subject.contains("mot de passe"), "{}", mail.subject);
    assert!(mail.text.contains("/reset-password#token="));
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let app = spawn_app().await;
    app.confirmed_user("zanele@example.za").await;
    let session = app.login("zanele@example.za", GOOD_PASSWORD).await;
    app.call(
        Method::POST,
        "/api/v1/auth/password/forgot",
        Some(json!({"email": "zanele@example.za"})),
        None,
    )
    .await;
    let token = app.last_mail_to("zanele@example.za").link_token();

    // A weak password is refused and the link stays usable.
    let body = app
        .call(
            Method::POST,
            "/api/v1/auth/password/reset",
            Some(json!({"token": token, "password": "zanele2024"})),
            None,
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "password");
    assert_eq!(body["errors"][0]["code"], "password_contains_personal");

    let reset = app
        .call(
            Method::POST,
            "/api/v1/auth/password/reset",
            Some(json!({"token": token, "password": NEW_PASSWORD})),
            None,
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    app.call(
        Method::POST,
        "/api/v1/auth/password/reset",
        Some(json!({"token": token, "password": NEW_PASSWORD})),
        None,
    )
    .await
    .assert_code(StatusCode::BAD_REQUEST, "link_invalid");
    app.call(Method::GET, "/api/v1/auth/me", None, Some(&session))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    app.call(
        Method::POST,
        "/api/v1/auth/login",
        Some(json!({"email": "zanele@example.za", "password": GOOD_PASSWORD})),
        None,
    )
    .await
    .assert_code(StatusCode::UNAUTHORIZED, "invalid_credentials");
    app.login("zanele@example.za", NEW_PASSWORD).await;
}

#[tokio::test]
async fn an_expired_reset_link_is_refused() {
    let app = spawn_app().await;
    app.confirmed_user("zanele@example.za").await;
    app.call(
        Method::POST,
        "/api/v1/auth/password/forgot",
        Some(json!({"email": "zanele@example.za"})),
        None,
    )
    .await;
    let token = app.last_mail_to("zanele@example.za").link_token();
    app.db()
        .await
        .execute(
            "UPDATE password_resets SET expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    for token in [token.as_str(), "tlk_unknown"] {
        app.call(
            Method::POST,
            "/api/v1/auth/password/reset",
            Some(json!({"token": token, "password": NEW_PASSWORD})),
            None,
        )
        .await
        .assert_code(StatusCode::BAD_REQUEST, "link_invalid");
    }
    app.login("zanele@example.za", GOOD_PASSWORD).await;
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    app.confirmed_user("zanele@example.za").await;
    let phone = app.login("zanele@example.za", GOOD_PASSWORD).await;
    let laptop = app.login("zanele@example.za", GOOD_PASSWORD).await;

    let wrong = app
        .call(
            Method::POST,
            "/api/v1/auth/password/change",
            Some(json!({"current_password": "not it at all", "new_password": NEW_PASSWORD})),
            Some(&laptop),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong["errors"][0]["field"], "current_password");
    let weak = app
        .call(
            Method::POST,
            "/api/v1/auth/password/change",
            Some(json!({"current_password": GOOD_PASSWORD, "new_password": "1234567890"})),
            Some(&laptop),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak["errors"][0]["field"], "password");

    let changed = app
        .call(
            Method::POST,
            "/api/v1/auth/password/change",
            Some(json!({"current_password": GOOD_PASSWORD, "new_password": NEW_PASSWORD})),
            Some(&laptop),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(changed.json()["sessions_ended"], 1);
    assert_eq!(
        app.call(Method::GET, "/api/v1/auth/me", None, Some(&laptop))
            .await
            .status,
        StatusCode::OK
    );
    app.call(Method::GET, "/api/v1/auth/me", None, Some(&phone))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    let logged: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM security_logs WHERE event_type = 'password_changed'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn an_admin_invites_a_person_who_sets_their_own_password() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_role("admin@example.ci", "admin").await;
    let (_, recruiter) = app
        .user_with_role("recruteur@example.ci", "recruiter")
        .await;
    let invitation = json!({
        "email": "Presence@Example.CI",
        "first_name": "Koffi",
        "last_name": "Yao",
        "role": "presence",
        "preferred_language": "en",
    });
    app.call(
        Method::POST,
        "/api/v1/auth/invitations",
        Some(invitation.clone()),
        Some(&recruiter),
    )
    .await
    .assert_code(StatusCode::FORBIDDEN, "role_required");
    let created = app
        .call(
            Method::POST,
            "/api/v1/auth/invitations",
            Some(invitation.clone()),
            Some(&admin),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.json()["user"]["role"], "presence");
    app.call(
        Method::POST,
        "/api/v1/auth/invitations",
        Some(invitation),
        Some(&admin),
    )
    .await
    .assert_code(StatusCode::CONFLICT, "email_taken");

    // English, as asked; a link to the set-password page, never a password.
    let mail = app.last_mail_to("presence@example.ci");
    assert_eq!(mail.subject, "Your taalentio account is ready");
    assert!(
        mail.text
            .contains("http://127.0.0.1:3000/set-password#token=tlk_"),
        "{}",
        mail.text
    );
    let password_set: bool = app
        .db()
        .await
        .query_one(
            "SELECT password_hash IS NOT NULL FROM users WHERE email = 'presence@example.ci'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(
        !password_set,
        "an invited account has no password until its owner sets one"
    );
    let token = mail.link_token();
    let reset = app
        .call(
            Method::POST,
            "/api/v1/auth/password/reset",
            Some(json!({"token": token, "password": NEW_PASSWORD})),
            None,
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    let session = app.login("presence@example.ci", NEW_PASSWORD).await;
    let me = app
        .call(Method::GET, "/api/v1/auth/me", None, Some(&session))
        .await
        .json();
    assert_eq!(me["user"]["role"], "presence");
    assert_eq!(me["user"]["email_confirmed"], true);
}

/// The strength meter's question: the same verdict registration gives, with the score.
#[tokio::test]
async fn a_password_check_answers_what_registration_would() {
    let app = spawn_app().await;
    let check = |password: &'static str| {
        let app = &app;
        async move {
            let response = app
                .call(
                    Method::POST,
                    "/api/v1/auth/password/check",
                    Some(
                        json!({"password": password, "email": "aminata.diallo@example.sn",
                                "first_name": "Aminata", "last_name": "Diallo"}),
                    ),
                    None,
                )
                .await;
            assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
            response.json()
        }
    };
    let short = check("court").await;
    assert_eq!(short["accepted"], false);
    assert_eq!(short["problem"]["code"], "too_short");
    assert_eq!(short["problem"]["min"], 10);
    let personal = check("Diallo-2024-Dakar!").await;
    assert_eq!(personal["problem"]["code"], "password_contains_personal");
    let weak = check("azertyuiop").await;
    assert_eq!(weak["problem"]["code"], "weak_password");
    assert!(weak["score"].as_u64().unwrap() < 3, "{weak}");
    let strong = check(GOOD_PASSWORD).await;
    assert_eq!(strong["accepted"], true, "{strong}");
    assert!(strong["problem"].is_null());
    assert!(strong["score"].as_u64().unwrap() >= 3);
    assert_eq!(strong["min_score"], 3);

    // Registration agrees with each verdict.
    for (password, code) in [
        ("azertyuiop", "weak_password"),
        ("Diallo-2024-Dakar!", "password_contains_personal"),
    ] {
        let body = taalentio_tests::accounts::registration("aminata.diallo@example.sn", password);
        let refused = app
            .call(Method::POST, "/api/v1/auth/register", Some(body), None)
            .await;
        let problem = refused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
}
