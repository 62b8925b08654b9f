//! The OpenRouter adapter over HTTP: a good answer, then each failure (429 with Retry-After,
//! 402, 200 with an error body whose code is a number or a string, malformed JSON, a
//! schema-invalid answer, a timeout, the daily cap): each ends in a clear AiError, mapped to
//! its problem+json, and one complete `ai_calls` row.

use std::time::{Duration, Instant};

use axum::{http::StatusCode, response::IntoResponse};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use taalentio::{
    Error,
    ai::{
        AiError, CvInput, Reference, ShortlistEntry,
        ports::{ReferenceCity, ReferenceCountry, ReferenceTalent},
    },
};
use taalentio_tests::{
    TestApp,
    fake_http::{FakeServer, Reply},
    fake_openrouter::{self, completion, error},
};

use super::app_with;

fn reference() -> Reference {
    Reference {
        talents: vec![
            ReferenceTalent {
                id: 11,
                name_fr: "Actrice / Acteur".into(),
                name_en: "Actor".into(),
                tag: "actor".into(),
                category: "screen".into(),
            },
            ReferenceTalent {
                id: 12,
                name_fr: "Danseuse / Danseur".into(),
                name_en: "Dancer".into(),
                tag: "dancer".into(),
                category: "stage".into(),
            },
        ],
        countries: vec![ReferenceCountry {
            code: "SN".into(),
            name_fr: "Sénégal".into(),
            name_en: "Senegal".into(),
            cities: vec![ReferenceCity {
                id: 5,
                name: "Dakar".into(),
            }],
        }],
    }
}

const CV: &str = "Aminata Diallo — comédienne et danseuse\nTél. +221 77 123 45 67\n\
                  aminata.diallo@example.sn\n2014-2024 : Théâtre Sorano, Dakar\nLangues : wolof, français";

fn good_cv() -> Value {
    json!({"summary": "Comédienne et danseuse, dix ans au Théâtre Sorano.",
           "talents": [{"talent_id": 11, "evidence": "comédienne"}, {"talent_id": 12, "evidence": "danseuse"}],
           "languages": ["wo", "fr"], "years_experience": 10,
           "education": [], "skills": ["sabar"]})
}

async fn setup(extra: &[(&str, &str)]) -> (FakeServer, TestApp) {
    let server = fake_openrouter::start().await;
    let app = app_with(&[fake_openrouter::settings(&server)], extra).await;
    (server, app)
}

async fn analyse(app: &TestApp) -> Result<taalentio::ai::CvAnalysis, AiError> {
    app.state
        .ai
        .analyse_cv(&CvInput { text: CV.into() }, &reference())
        .await
}

/// Every `ai_calls` row: (task, outcome, error_code, http_status, attempts, prompt tokens,
/// cost, generation id).
type Call = (
    String,
    String,
    Option<String>,
    Option<i16>,
    i16,
    Option<i32>,
    f64,
    Option<String>,
);

async fn calls(app: &TestApp) -> Vec<Call> {
    app.db()
        .await
        .query(
            "SELECT task, outcome, error_code, http_status, attempts, prompt_tokens,
                    cost_usd::float8, generation_id, latency_ms, model FROM ai_calls ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| {
            assert!(r.get::<_, i32>(8) >= 0);
            assert!(!r.get::<_, String>(9).is_empty());
            (
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
                r.get(7),
            )
        })
        .collect()
}

/// The problem an AiError becomes: (status, code, Retry-After).
async fn problem(e: AiError) -> (StatusCode, String, Option<String>) {
    let response = Error::from(e).into_response();
    let (parts, body) = response.into_parts();
    assert_eq!(parts.headers["content-type"], "application/problem+json");
    let body: Value = serde_json::from_slice(&body.collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["status"], parts.status.as_u16());
    let retry = parts
        .headers
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (
        parts.status,
        body["code"].as_str().unwrap().to_owned(),
        retry,
    )
}

#[tokio::test]
async fn a_good_answer_is_checked_used_and_recorded() {
    let (server, app) = setup(&[]).await;
    server.script([completion(good_cv(), 0.00042)]);
    let analysis = analyse(&app).await.unwrap();
    assert_eq!(
        analysis
            .talents
            .iter()
            .map(|t| t.talent_id)
            .collect::<Vec<_>>(),
        [11, 12]
    );
    assert_eq!(analysis.languages, ["wo", "fr"]);
    assert_eq!(analysis.years_experience, Some(10));

    // What was sent: the configured model, a strict schema, only providers that honour it,
    // the key as a bearer, and no contact details.
    let sent = server.received();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].uri.path(), "/chat/completions");
    assert_eq!(
        sent[0].headers["authorization"],
        format!("Bearer {}", fake_openrouter::KEY)
    );
    let body = sent[0].json();
    assert_eq!(body["model"], fake_openrouter::MODEL);
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    assert_eq!(body["provider"]["require_parameters"], true);
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["properties"]["talents"]["items"]["properties"]
            ["talent_id"]["enum"],
        json!([11, 12])
    );
    let text = body["messages"].to_string();
    for contact in ["77 123 45 67", "aminata.diallo@", "example.sn"] {
        assert!(!text.contains(contact), "{contact} was sent: {text}");
    }
    assert!(text.contains("Théâtre Sorano") && text.contains("2014-2024"));

    assert_eq!(
        calls(&app).await,
        [(
            "analyse_cv".into(),
            "ok".into(),
            None,
            Some(200),
            1,
            Some(812),
            0.00042,
            Some("gen-test-1".into())
        )]
    );
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after() {
    let (server, app) = setup(&[]).await;
    server.script([
        error(429, json!(429), "Rate limit exceeded").header("retry-after", "1"),
        completion(good_cv(), 0.001),
    ]);
    let started = Instant::now();
    assert!(analyse(&app).await.is_ok());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received().len(), 2);
    let rows = calls(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1.as_str(), rows[0].4), ("ok", 2));
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_is_passed_on() {
    let (server, app) = setup(&[]).await;
    server.script([error(429, json!(429), "Rate limit exceeded").header("retry-after", "120")]);
    let started = Instant::now();
    let e = analyse(&app).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "it waited");
    assert!(
        matches!(e, AiError::Unavailable { retry_after: Some(d) } if d == Duration::from_secs(120)),
        "{e:?}"
    );
    assert_eq!(
        problem(e).await,
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "provider_unavailable".into(),
            Some("120".into())
        )
    );
    assert_eq!(server.received().len(), 1);
    let rows = calls(&app).await;
    assert_eq!(
        (
            rows[0].1.as_str(),
            rows[0].2.as_deref(),
            rows[0].3,
            rows[0].4
        ),
        ("unavailable", Some("429"), Some(429), 1)
    );
}

#[tokio::test]
async fn busy_providers_are_tried_three_times_at_most() {
    let (server, app) = setup(&[]).await;
    server.script([
        error(502, json!(502), "model down"),
        error(503, json!(503), "no provider"),
        error(502, json!(502), "model down"),
        completion(good_cv(), 0.0),
    ]);
    let e = analyse(&app).await.unwrap_err();
    assert!(matches!(e, AiError::Unavailable { .. }), "{e:?}");
    assert_eq!(server.received().len(), 3);
    let rows = calls(&app).await;
    assert_eq!((rows[0].1.as_str(), rows[0].4), ("unavailable", 3));
}

#[tokio::test]
async fn out_of_credit_is_a_spent_budget() {
    let (server, app) = setup(&[]).await;
    server.script([error(402, json!(402), "Insufficient credits")]);
    let e = analyse(&app).await.unwrap_err();
    assert!(matches!(e, AiError::BudgetSpent(_)), "{e:?}");
    assert_eq!(
        problem(e).await,
        (StatusCode::SERVICE_UNAVAILABLE, "budget_spent".into(), None)
    );
    let rows = calls(&app).await;
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_deref(), rows[0].3),
        ("budget_spent", Some("402"), Some(402))
    );
}

#[tokio::test]
async fn errors_in_a_200_are_read_whatever_the_code_type() {
    let (server, app) = setup(&[]).await;
    // A number: 403 (moderation) is a refusal, not retried.
    server.script([error(200, json!(403), "Input flagged")]);
    let e = analyse(&app).await.unwrap_err();
    assert!(
        matches!(&e, AiError::Refused { code, .. } if code == "403"),
        "{e:?}"
    );
    assert_eq!(problem(e).await.1, "provider_refused");
    // A string holding a retryable status: retried, then the answer.
    server.script([
        error(200, json!("502"), "upstream hiccup"),
        completion(good_cv(), 0.0),
    ]);
    assert!(analyse(&app).await.is_ok());
    // A named string code.
    server.script([error(200, json!("context_length_exceeded"), "too long")]);
    let e = analyse(&app).await.unwrap_err();
    assert!(
        matches!(&e, AiError::Refused { code, .. } if code == "context_length_exceeded"),
        "{e:?}"
    );
    // The error of a choice, as a mid-generation failure comes.
    server.script([Reply::json(
        200,
        json!({"id": "gen-x", "choices": [{"finish_reason": "error", "message": {"content": ""},
               "error": {"code": 402, "message": "credit ran out"}}]}),
    )]);
    assert!(matches!(analyse(&app).await, Err(AiError::BudgetSpent(_))));
    let rows = calls(&app).await;
    let outcomes: Vec<(&str, Option<&str>, i16)> = rows
        .iter()
        .map(|r| (r.1.as_str(), r.2.as_deref(), r.4))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("refused", Some("403"), 1),
            ("ok", Some("502"), 2),
            ("refused", Some("context_length_exceeded"), 1),
            ("budget_spent", Some("402"), 1),
        ]
    );
}

#[tokio::test]
async fn malformed_and_schema_invalid_answers_are_refused() {
    let (server, app) = setup(&[]).await;
    server.script([Reply::raw(200, "application/json", "{\"choices\": [")]);
    let e = analyse(&app).await.unwrap_err();
    assert!(matches!(e, AiError::InvalidAnswer(_)), "{e:?}");
    assert_eq!(
        problem(e).await,
        (
            StatusCode::BAD_GATEWAY,
            "provider_invalid_answer".into(),
            None
        )
    );
    // Valid JSON around a message that is not.
    server.script([completion(json!("{\"summary\": "), 0.0001)]);
    assert!(matches!(
        analyse(&app).await,
        Err(AiError::InvalidAnswer(_))
    ));
    // The schema's shape, a talent the catalogue does not have.
    let mut unknown = good_cv();
    unknown["talents"][0]["talent_id"] = json!(99);
    server.script([completion(unknown, 0.0001)]);
    assert!(matches!(analyse(&app).await, Err(AiError::InvalidAnswer(r)) if r.contains("99")));
    // A brief out of range, and a verdict for a key that was not sent.
    server.script([completion(
        json!({"age_min": 30, "age_max": 20, "gender": null, "languages": [], "country": null,
               "city_id": null, "height_min_cm": null, "height_max_cm": null, "talent_ids": [],
               "min_years_experience": null, "keywords": []}),
        0.0,
    )]);
    let brief = app
        .state
        .ai
        .parse_brief("une danseuse de 20 à 30 ans", &reference())
        .await;
    assert!(matches!(brief, Err(AiError::InvalidAnswer(_))), "{brief:?}");
    server.script([completion(
        json!({"verdicts": [{"key": "c9", "score": 0.9, "reason": "fits"}]}),
        0.0,
    )]);
    let entries = [ShortlistEntry {
        key: "c1".into(),
        summary: "danseuse, Dakar, 10 ans".into(),
    }];
    let verdicts = app.state.ai.rerank("une danseuse", &entries).await;
    assert!(
        matches!(verdicts, Err(AiError::InvalidAnswer(_))),
        "{verdicts:?}"
    );

    let rows = calls(&app).await;
    let got: Vec<(&str, &str, Option<f64>)> = rows
        .iter()
        .map(|r| (r.0.as_str(), r.1.as_str(), Some(r.6)))
        .collect();
    assert_eq!(
        got,
        [
            ("analyse_cv", "invalid_answer", Some(0.0)),
            ("analyse_cv", "invalid_answer", Some(0.0001)),
            ("analyse_cv", "invalid_answer", Some(0.0001)),
            ("parse_brief", "invalid_answer", Some(0.0)),
            ("rerank", "invalid_answer", Some(0.0)),
        ]
    );
}

#[tokio::test]
async fn a_call_ends_within_its_budget() {
    let (server, app) = setup(&[("OPENROUTER_TIMEOUT_SECS", "1")]).await;
    server.script([completion(good_cv(), 0.0).after(Duration::from_secs(5))]);
    let started = Instant::now();
    let e = analyse(&app).await.unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert!(matches!(e, AiError::Unavailable { .. }), "{e:?}");
    assert_eq!(problem(e).await.1, "provider_unavailable");
    let rows = calls(&app).await;
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_deref(), rows[0].3),
        ("timeout", Some("timeout"), None)
    );
}

#[tokio::test]
async fn the_daily_cap_stops_calls_before_they_are_made() {
    let (server, app) = setup(&[]).await;
    app.db()
        .await
        .execute(
            "UPDATE app_settings SET value = '0.5' WHERE key = 'ai.daily_cap_usd'",
            &[],
        )
        .await
        .unwrap();
    // Yesterday's spending does not count; today's does.
    app.db()
        .await
        .execute(
            "INSERT INTO ai_calls (provider, model, task, outcome, cost_usd, latency_ms, created_at)
             VALUES ('openrouter', 'm', 'rerank', 'ok', 3, 1, now() - interval '1 day'),
                    ('openrouter', 'm', 'rerank', 'ok', 0.2, 1, now())",
            &[],
        )
        .await
        .unwrap();
    server.script([completion(good_cv(), 0.35)]);
    assert!(analyse(&app).await.is_ok());
    // 0.55 spent today: the next call is not sent.
    let e = analyse(&app).await.unwrap_err();
    assert!(
        matches!(&e, AiError::BudgetSpent(reason) if reason.contains("0.50")),
        "{e:?}"
    );
    assert_eq!(server.received().len(), 1);
    let rows = calls(&app).await;
    let last = rows.last().unwrap();
    assert_eq!(
        (last.1.as_str(), last.2.as_deref(), last.3, last.4),
        ("budget_spent", Some("daily_cap"), None, 0)
    );
    assert_eq!(
        taalentio::ai::calls::spent_today(&app.state.db)
            .await
            .unwrap(),
        0.55
    );
}
