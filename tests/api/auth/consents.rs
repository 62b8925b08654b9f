use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::spawn_app;

#[tokio::test]
async fn sensitive_consents_are_given_and_withdrawn_with_a_provable_history() {
    let app = spawn_app().await;
    let (user_id, session) = app.user_with_role("amina@example.ke", "user").await;
    let versions = app
        .call(Method::GET, "/api/v1/auth/consents/versions", None, None)
        .await
        .json();
    assert_eq!(
        versions["terms"],
        taalentio::accounts::consent::TERMS_VERSION
    );

    let granted = app
        .call(
            Method::POST,
            "/api/v1/auth/consents",
            Some(json!({"kind": "ai_cv_processing"})),
            Some(&session),
        )
        .await;
    assert_eq!(granted.status, StatusCode::NO_CONTENT);
    assert!(
        taalentio::accounts::consent::is_granted(
            &app.state.db,
            user_id,
            taalentio::accounts::consent::ConsentKind::AiCvProcessing
        )
        .await
        .unwrap()
    );
    let withdrawn = app
        .call(
            Method::DELETE,
            "/api/v1/auth/consents/ai_cv_processing",
            None,
            Some(&session),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    assert!(
        !taalentio::accounts::consent::is_granted(
            &app.state.db,
            user_id,
            taalentio::accounts::consent::ConsentKind::AiCvProcessing
        )
        .await
        .unwrap()
    );
    // Nothing left to withdraw; terms cannot be withdrawn on their own; unknown kinds.
    app.call(
        Method::DELETE,
        "/api/v1/auth/consents/ai_cv_processing",
        None,
        Some(&session),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    let body = app
        .call(
            Method::DELETE,
            "/api/v1/auth/consents/terms",
            None,
            Some(&session),
        )
        .await
        .assert_problem(StatusCode::CONFLICT);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("delete the account")
    );
    app.call(
        Method::DELETE,
        "/api/v1/auth/consents/horoscope",
        None,
        Some(&session),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    app.call(
        Method::POST,
        "/api/v1/auth/consents",
        Some(json!({"kind": "horoscope"})),
        Some(&session),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);

    let history = app
        .call(Method::GET, "/api/v1/auth/consents", None, Some(&session))
        .await
        .json();
    let kinds: Vec<(String, bool)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["withdrawn_at"].is_null(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("ai_cv_processing".into(), false)),
        "{history}"
    );
    assert!(kinds.contains(&("terms".into(), true)), "{history}");
    let events: i64 = app
        .db()
        .await
        .query_one("SELECT count(*) FROM security_logs WHERE event_type IN ('consent_granted', 'consent_withdrawn')", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(events, 2);
}
