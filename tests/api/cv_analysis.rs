//! The CV analysis workflow (issue 14): an accepted CV of a person who granted
//! `ai_cv_processing` is analysed by the upload check (the local rules here, a failing
//! OpenRouter in one test), stored with its provider and version; the person accepts or
//! dismisses each suggestion through `/api/v1/me/cv-analysis`; withdrawing the consent deletes
//! it; without the consent no analysis is made and the CV's text goes nowhere.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use serde_json::{Value, json};
use taalentio::ai::{AiProvider, CvInput, LocalRules};
use taalentio_tests::{
    TestApp, TestResponse,
    accounts::Auth,
    fake_openrouter::{self, error},
    spawn_app,
};

use crate::ai::{app_with, set_ai};

const CV_LINES: &[&str] = &[
    "Aminata Diallo - comedienne et danseuse",
    "Experience",
    "2014 - 2024 Theatre Sorano, Dakar",
    "Langues",
    "wolof, francais",
];

/// A one-page PDF, each line its own text block (as an independent writer would make it).
fn cv_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::new();
    for (i, line) in lines.iter().enumerate() {
        let y = 700 - 20 * i;
        content.push_str(&format!("BT /F1 12 Tf 40 {y} Td ({line}) Tj ET\n"));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".into(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

/// Uploads a CV as the browser does (ticket, presigned PUT, complete); answers the status.
async fn upload_cv(app: &TestApp, who: &Auth, bytes: Vec<u8>) -> Value {
    let ticket = app
        .call(
            Method::POST,
            "/api/v1/me/uploads",
            Some(json!({"kind": "cv", "content_type": "application/pdf", "size": bytes.len()})),
            Some(who),
        )
        .await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.body);
    let ticket = ticket.json();
    let upload = &ticket["upload"];
    let path = upload["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://127.0.0.1:3000");
    let mut put = Request::builder()
        .method(upload["method"].as_str().unwrap())
        .uri(path);
    for pair in upload["headers"].as_array().unwrap() {
        put = put.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    let sent = app.request(put.body(Body::from(bytes)).unwrap()).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let done = app
        .call(
            Method::POST,
            ticket["complete_url"].as_str().unwrap(),
            None,
            Some(who),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let done = done.json();
    assert_eq!(done["status"], "accepted", "{done}");
    done
}

async fn grant(app: &TestApp, who: &Auth) {
    let granted = app
        .call(
            Method::POST,
            "/api/v1/auth/consents",
            Some(json!({"kind": "ai_cv_processing"})),
            Some(who),
        )
        .await;
    assert!(granted.status.is_success(), "{:?}", granted.body);
}

async fn analysis(app: &TestApp, who: &Auth) -> TestResponse {
    app.call(Method::GET, "/api/v1/me/cv-analysis", None, Some(who))
        .await
}

async fn decide(app: &TestApp, who: &Auth, path: &str, decision: &str) -> TestResponse {
    app.call(
        Method::PUT,
        &format!("/api/v1/me/cv-analysis/{path}"),
        Some(json!({"decision": decision})),
        Some(who),
    )
    .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.db().await.query_one(sql, &[]).await.unwrap().get(0)
}

async fn talent_id(app: &TestApp, tag: &str) -> i32 {
    app.db()
        .await
        .query_one("SELECT id FROM talents WHERE tag = $1", &[&tag])
        .await
        .unwrap()
        .get(0)
}

fn ids(view: &Value) -> Vec<i64> {
    view["talents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["talent"]["id"].as_i64().unwrap())
        .collect()
}

fn decision_of(view: &Value, id: i32) -> Value {
    view["talents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["talent"]["id"] == id)
        .map(|t| t["decision"].clone())
        .unwrap_or_else(|| panic!("talent {id} not suggested: {view}"))
}

async fn profile_talents(app: &TestApp, who: &Auth) -> Vec<i64> {
    app.call(Method::GET, "/api/v1/me", None, Some(who))
        .await
        .json()["talents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_consenting_persons_cv_is_analysed_and_each_suggestion_decided() {
    let app = spawn_app().await;
    set_ai(&app, true).await;
    let (user_id, me) = app.user_with_role("cv-yes@example.sn", "user").await;
    grant(&app, &me).await;
    let done = upload_cv(&app, &me, cv_pdf(CV_LINES)).await;

    let view = analysis(&app, &me).await;
    assert_eq!(view.status, StatusCode::OK, "{:?}", view.body);
    let view = view.json();
    assert_eq!(view["provider"]["name"], "local");
    assert_eq!(
        view["provider"]["version"],
        taalentio::ai::local::VERSION,
        "{view}"
    );
    // What the rules read in the CV's extracted text is what the person is shown.
    let db = app.db().await;
    let text: String = db
        .query_one(
            "SELECT extracted_text FROM uploads WHERE id = $1::text::uuid",
            &[&done["id"].as_str().unwrap()],
        )
        .await
        .unwrap()
        .get(0);
    let reference = taalentio::ai::reference::load_with(&db).await.unwrap();
    let expected = LocalRules::new()
        .analyse_cv(&CvInput { text }, &reference)
        .await
        .unwrap();
    drop(db);
    let expected_ids: Vec<i64> = expected
        .talents
        .iter()
        .map(|t| i64::from(t.talent_id))
        .collect();
    assert_eq!(ids(&view), expected_ids, "{view}");
    let actor = talent_id(&app, "actor").await;
    let dancer = talent_id(&app, "dancer").await;
    assert!(
        ids(&view).contains(&actor.into()) && ids(&view).contains(&dancer.into()),
        "{view}"
    );
    let languages: Vec<&str> = view["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert!(
        languages.contains(&"wo") && languages.contains(&"fr"),
        "{view}"
    );
    assert_eq!(
        view["experience"]["years"],
        expected.years_experience.unwrap()
    );
    assert!(view["summary"].is_string());
    assert!(view["talents"][0]["talent"]["emoji"].is_string());
    assert!(view["talents"][0]["decision"].is_null());
    // Nothing reached the profile by itself.
    assert!(profile_talents(&app, &me).await.is_empty());
    let stored: (String, bool) = app
        .db()
        .await
        .query_one(
            "SELECT provider, upload_id IS NOT NULL FROM cv_analyses WHERE user_id = $1",
            &[&user_id],
        )
        .await
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    assert_eq!(stored, ("local".into(), true));

    // Accepting a talent adds it to the profile; dismissing one does not.
    let accepted = decide(&app, &me, &format!("talents/{actor}"), "accepted").await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    let accepted = accepted.json();
    assert_eq!(decision_of(&accepted, actor), "accepted");
    let dismissed = decide(&app, &me, &format!("talents/{dancer}"), "dismissed")
        .await
        .json();
    assert_eq!(decision_of(&dismissed, dancer), "dismissed");
    assert_eq!(decision_of(&dismissed, actor), "accepted");
    assert_eq!(profile_talents(&app, &me).await, [i64::from(actor)]);
    // Accepting twice is harmless.
    let again = decide(&app, &me, &format!("talents/{actor}"), "accepted").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(profile_talents(&app, &me).await, [i64::from(actor)]);

    // Languages and experience: the decision is kept, the profile has no such field.
    let language = decide(&app, &me, "languages/wo", "accepted").await.json();
    assert_eq!(
        language["languages"][languages.iter().position(|l| *l == "wo").unwrap()]["decision"],
        "accepted"
    );
    let experience = decide(&app, &me, "experience", "dismissed").await.json();
    assert_eq!(experience["experience"]["decision"], "dismissed");
    assert_eq!(
        count(&app, "SELECT count(*) FROM cv_suggestion_decisions").await,
        4
    );

    // Suggestions the analysis does not make, and bad decisions.
    let singer = talent_id(&app, "singer").await;
    decide(&app, &me, &format!("talents/{singer}"), "accepted")
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
    decide(&app, &me, "languages/zu", "accepted")
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
    decide(&app, &me, &format!("talents/{actor}"), "maybe")
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(profile_talents(&app, &me).await, [i64::from(actor)]);

    // A new CV replaces the analysis, and its decisions go with the old one.
    upload_cv(
        &app,
        &me,
        cv_pdf(&["Moussa Diallo - chanteur", "Langues", "wolof"]),
    )
    .await;
    let renewed = analysis(&app, &me).await.json();
    assert!(!ids(&renewed).contains(&actor.into()), "{renewed}");
    assert_eq!(
        count(&app, "SELECT count(*) FROM cv_suggestion_decisions").await,
        0
    );
    assert_eq!(count(&app, "SELECT count(*) FROM cv_analyses").await, 1);
    // The talent accepted before stays on the profile.
    assert_eq!(profile_talents(&app, &me).await, [i64::from(actor)]);
}

#[tokio::test]
async fn without_the_consent_no_analysis_is_made_and_the_cv_text_goes_nowhere() {
    // A remote provider that would record any request made to it.
    let server = fake_openrouter::start().await;
    let app = app_with(&[fake_openrouter::settings(&server)], &[]).await;
    set_ai(&app, true).await;
    let (_, me) = app.user_with_role("cv-no@example.sn", "user").await;
    upload_cv(&app, &me, cv_pdf(CV_LINES)).await;
    assert_eq!(count(&app, "SELECT count(*) FROM cv_analyses").await, 0);
    assert!(server.received().is_empty());
    assert_eq!(count(&app, "SELECT count(*) FROM ai_calls").await, 0);
    analysis(&app, &me)
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");

    // Granted, then withdrawn before the next CV: still nothing.
    grant(&app, &me).await;
    let withdrawn = app
        .call(
            Method::DELETE,
            "/api/v1/auth/consents/ai_cv_processing",
            None,
            Some(&me),
        )
        .await;
    assert!(withdrawn.status.is_success(), "{:?}", withdrawn.body);
    upload_cv(&app, &me, cv_pdf(CV_LINES)).await;
    assert_eq!(count(&app, "SELECT count(*) FROM cv_analyses").await, 0);
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn withdrawing_the_consent_deletes_the_analysis_and_its_decisions() {
    let app = spawn_app().await;
    set_ai(&app, true).await;
    let (_, me) = app.user_with_role("cv-withdraw@example.sn", "user").await;
    grant(&app, &me).await;
    upload_cv(&app, &me, cv_pdf(CV_LINES)).await;
    let actor = talent_id(&app, "actor").await;
    let decided = decide(&app, &me, &format!("talents/{actor}"), "dismissed").await;
    assert_eq!(decided.status, StatusCode::OK, "{:?}", decided.body);
    assert_eq!(count(&app, "SELECT count(*) FROM cv_analyses").await, 1);
    // One's data export holds the analysis and the decision while they exist.
    let export = app
        .call(Method::GET, "/api/v1/me/export", None, Some(&me))
        .await;
    assert_eq!(export.status, StatusCode::OK, "{:?}", export.body);
    let export = export.json();
    assert_eq!(export["cv_analysis"][0]["provider"], "local", "{export:#}");
    assert!(export["cv_analysis"][0]["analysis"]["talents"].is_array());
    assert_eq!(
        export["cv_suggestion_decisions"][0]["decision"],
        "dismissed"
    );

    let withdrawn = app
        .call(
            Method::DELETE,
            "/api/v1/auth/consents/ai_cv_processing",
            None,
            Some(&me),
        )
        .await;
    assert!(withdrawn.status.is_success(), "{:?}", withdrawn.body);
    assert_eq!(count(&app, "SELECT count(*) FROM cv_analyses").await, 0);
    assert_eq!(
        count(&app, "SELECT count(*) FROM cv_suggestion_decisions").await,
        0
    );
    analysis(&app, &me)
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
    let export = app
        .call(Method::GET, "/api/v1/me/export", None, Some(&me))
        .await
        .json();
    assert_eq!(export["cv_analysis"], serde_json::json!([]));
    decide(&app, &me, &format!("talents/{actor}"), "accepted")
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn with_the_ai_features_off_nothing_is_analysed_and_the_routes_say_why() {
    let app = spawn_app().await;
    set_ai(&app, false).await;
    let (_, me) = app.user_with_role("cv-off@example.sn", "user").await;
    grant(&app, &me).await;
    upload_cv(&app, &me, cv_pdf(CV_LINES)).await;
    assert_eq!(count(&app, "SELECT count(*) FROM cv_analyses").await, 0);
    let body = analysis(&app, &me)
        .await
        .assert_code(StatusCode::FORBIDDEN, "feature_disabled");
    assert!(
        body["detail"].as_str().unwrap().contains("features.ai"),
        "{body}"
    );
    for path in ["talents/1", "languages/fr", "experience"] {
        decide(&app, &me, path, "accepted")
            .await
            .assert_code(StatusCode::FORBIDDEN, "feature_disabled");
    }
    // Anonymous callers are told to sign in first.
    app.call(Method::GET, "/api/v1/me/cv-analysis", None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_persons_analysis_cannot_be_reached() {
    let app = spawn_app().await;
    set_ai(&app, true).await;
    let (owner_id, owner) = app.user_with_role("cv-owner@example.sn", "user").await;
    grant(&app, &owner).await;
    upload_cv(&app, &owner, cv_pdf(CV_LINES)).await;
    let actor = talent_id(&app, "actor").await;
    for role in ["user", "presence", "recruiter", "admin"] {
        let (_, other) = app
            .user_with_role(&format!("cv-other-{role}@example.sn"), role)
            .await;
        grant(&app, &other).await;
        analysis(&app, &other)
            .await
            .assert_code(StatusCode::NOT_FOUND, "not_found");
        decide(&app, &other, &format!("talents/{actor}"), "accepted")
            .await
            .assert_code(StatusCode::NOT_FOUND, "not_found");
        decide(&app, &other, "experience", "accepted")
            .await
            .assert_code(StatusCode::NOT_FOUND, "not_found");
    }
    // The owner's analysis is untouched and undecided.
    assert_eq!(
        count(&app, "SELECT count(*) FROM cv_suggestion_decisions").await,
        0
    );
    let view = analysis(&app, &owner).await.json();
    assert!(view["talents"][0]["decision"].is_null(), "{view}");
    let listed: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM user_talents WHERE user_id <> $1",
            &[&owner_id],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(listed, 0);
}

#[tokio::test]
async fn a_failing_provider_leaves_the_cv_accepted_a_recorded_call_and_no_analysis() {
    let server = fake_openrouter::start().await;
    let app = app_with(&[fake_openrouter::settings(&server)], &[]).await;
    set_ai(&app, true).await;
    let (_, me) = app.user_with_role("cv-fail@example.sn", "user").await;
    grant(&app, &me).await;
    server.script([error(402, json!(402), "Insufficient credits")]);
    let done = upload_cv(&app, &me, cv_pdf(CV_LINES)).await;
    assert_eq!(done["status"], "accepted");
    assert_eq!(server.received().len(), 1);
    let calls: Vec<(String, String)> = app
        .db()
        .await
        .query("SELECT task, outcome FROM ai_calls", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(calls, [("analyse_cv".into(), "budget_spent".into())]);
    assert_eq!(count(&app, "SELECT count(*) FROM cv_analyses").await, 0);
    analysis(&app, &me)
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
    // The CV itself is served.
    let profile = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json();
    assert!(profile["cv_url"].is_string(), "{profile}");
}
