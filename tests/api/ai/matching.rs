//! `POST /api/v1/ai/match` and `/ai/match/mail` through HTTP: who may call them, what a bad
//! brief is told, the shortlist's reasons, and the "AI match" mail sent once per person and
//! brief, in the person's language, never to someone who turned it off.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, accounts::Auth, spawn_app};

use super::set_ai;
use crate::ai_matching::person;

const BRIEF: &str = "Comédienne entre 25 et 35 ans à Dakar, qui parle wolof";

async fn staff(app: &TestApp) -> (Auth, Auth) {
    let (_, user) = app.user_with_role("plain@match.example", "user").await;
    let (_, recruiter) = app
        .user_with_role("casting@match.example", "recruiter")
        .await;
    (user, recruiter)
}

async fn mail_rows(app: &TestApp) -> i64 {
    app.db()
        .await
        .query_one(
            "SELECT count(*) FROM email_logs WHERE email_type = 'ai_match'",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn matching_is_for_recruiters_with_ai_on_and_says_why_each_fits() {
    let app = spawn_app().await;
    let (user, recruiter) = staff(&app).await;
    let actress = person(
        &app,
        "AWAAWA22",
        Some("female"),
        Some(1996),
        Some("Dakar"),
        &["actor"],
    )
    .await;
    let other = person(
        &app,
        "MDDMDD22",
        Some("male"),
        Some(1970),
        Some("Dakar"),
        &["singer"],
    )
    .await;
    let body = json!({"brief": BRIEF, "scope": "people", "limit": 5});
    app.call(Method::POST, "/api/v1/ai/match", Some(body.clone()), None)
        .await
        .assert_code(StatusCode::UNAUTHORIZED, "unauthorized");
    let off = app
        .call(
            Method::POST,
            "/api/v1/ai/match",
            Some(body.clone()),
            Some(&recruiter),
        )
        .await
        .assert_code(StatusCode::FORBIDDEN, "feature_disabled");
    assert!(off["detail"].as_str().unwrap().contains("features.ai"));
    set_ai(&app, true).await;
    app.call(
        Method::POST,
        "/api/v1/ai/match",
        Some(body.clone()),
        Some(&user),
    )
    .await
    .assert_code(StatusCode::FORBIDDEN, "role_required");

    let answer = app
        .call(
            Method::POST,
            "/api/v1/ai/match",
            Some(body),
            Some(&recruiter),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let answer = answer.json();
    assert_eq!(answer["provider"]["name"], "local");
    assert_eq!(answer["criteria"]["gender"], "female");
    assert_eq!(
        (
            answer["criteria"]["age_min"].as_i64(),
            answer["criteria"]["age_max"].as_i64()
        ),
        (Some(25), Some(35))
    );
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results[0]["id"], actress, "{answer:#}");
    let met: Vec<&str> = results[0]["met"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["criterion"].as_str().unwrap())
        .collect();
    for criterion in ["talent", "gender", "age", "city"] {
        assert!(
            met.contains(&criterion),
            "{criterion} not met: {:#}",
            results[0]
        );
    }
    // The other person, if listed, comes after and says what they lack.
    if let Some(modou) = results.iter().find(|r| r["id"] == other) {
        assert!(modou["score"].as_f64() < results[0]["score"].as_f64());
        assert!(!modou["lacks"].as_array().unwrap().is_empty());
    }
    // No contact detail in a result.
    let text = serde_json::to_string(&answer).unwrap();
    assert!(!text.contains("@match.example"), "{text}");
}

#[tokio::test]
async fn a_bad_brief_is_told_field_by_field() {
    let app = spawn_app().await;
    set_ai(&app, true).await;
    let (_, recruiter) = staff(&app).await;
    let cases: [(Value, &str, &str); 5] = [
        (
            json!({"brief": "  ", "scope": "people"}),
            "body.brief",
            "required",
        ),
        (
            json!({"brief": "x".repeat(2001), "scope": "people"}),
            "body.brief",
            "too_long",
        ),
        (
            json!({"brief": "acteur", "scope": "people", "limit": 0}),
            "body.limit",
            "too_small",
        ),
        (
            json!({"brief": "acteur", "scope": "cinema", "criteria": {"age_min": 40, "age_max": 20}}),
            "body.criteria.age_min",
            "mismatch",
        ),
        (
            json!({"brief": "acteur", "scope": "people", "criteria": {"country": "ZZ"}}),
            "body.criteria.country",
            "unknown",
        ),
    ];
    for (body, field, code) in cases {
        let problem = app
            .call(
                Method::POST,
                "/api/v1/ai/match",
                Some(body.clone()),
                Some(&recruiter),
            )
            .await
            .assert_code(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let error = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("no {field} in {problem:#} for {body}"));
        assert_eq!(error["code"], code, "{problem:#}");
    }
    app.call(
        Method::POST,
        "/api/v1/ai/match",
        Some(json!({"brief": "acteur", "scope": "everyone"})),
        Some(&recruiter),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_match_mail_goes_once_per_person_and_brief_in_their_language() {
    let app = spawn_app().await;
    let (user, recruiter) = staff(&app).await;
    let awa = person(
        &app,
        "AWAAWA22",
        Some("female"),
        Some(1996),
        Some("Dakar"),
        &["actor"],
    )
    .await;
    app.db()
        .await
        .execute(
            "UPDATE users SET preferred_language = 'en' WHERE id = $1",
            &[&awa],
        )
        .await
        .unwrap();
    let path = "/api/v1/ai/match/mail";
    let body = json!({"brief": BRIEF, "user_id": awa});
    app.call(Method::POST, path, Some(body.clone()), Some(&recruiter))
        .await
        .assert_code(StatusCode::FORBIDDEN, "feature_disabled");
    set_ai(&app, true).await;
    app.call(Method::POST, path, Some(body.clone()), Some(&user))
        .await
        .assert_code(StatusCode::FORBIDDEN, "role_required");
    assert_eq!(mail_rows(&app).await, 0);

    let sent = app
        .call(Method::POST, path, Some(body.clone()), Some(&recruiter))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    assert_eq!(sent.json()["outcome"], "sent");
    let mail = app.last_mail_to("awaawa22@match.example");
    assert!(
        mail.subject.contains("A recruiter has you in mind"),
        "{}",
        mail.subject
    );
    assert!(mail.text.contains(BRIEF), "{}", mail.text);
    assert!(
        mail.text.contains("Actor") || mail.text.contains("actor"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("/unsubscribe"), "{}", mail.text);
    assert!(
        !mail.text.contains("casting@match.example"),
        "{}",
        mail.text
    );

    // The same brief, written differently: nothing more is sent.
    let again = json!({"brief": BRIEF.to_uppercase(), "user_id": awa});
    let repeated = app
        .call(Method::POST, path, Some(again), Some(&recruiter))
        .await;
    assert_eq!(repeated.json()["outcome"], "already_sent");
    assert_eq!(mail_rows(&app).await, 1);

    // Someone who turned this mail off is not sent it; nobody unknown is either.
    let (kofi_id, kofi) = app.user_with_role("kofi@match.example", "user").await;
    let off = app
        .call(
            Method::PUT,
            "/api/v1/me/mail-preferences",
            Some(json!({"ai_match": false})),
            Some(&kofi),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{:?}", off.body);
    let refused = app
        .call(
            Method::POST,
            path,
            Some(json!({"brief": BRIEF, "user_id": kofi_id})),
            Some(&recruiter),
        )
        .await;
    assert_eq!(refused.json()["outcome"], "unsubscribed");
    app.call(
        Method::POST,
        path,
        Some(json!({"brief": BRIEF, "user_id": 987_654_321})),
        Some(&recruiter),
    )
    .await
    .assert_code(StatusCode::NOT_FOUND, "not_found");
    app.call(
        Method::POST,
        path,
        Some(json!({"brief": "", "user_id": awa})),
        Some(&recruiter),
    )
    .await
    .assert_code(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(mail_rows(&app).await, 1);
    assert_eq!(
        app.outbox()
            .iter()
            .filter(|m| m.to.contains("@match.example") && m.subject.contains("recruiter"))
            .count(),
        1
    );
}
