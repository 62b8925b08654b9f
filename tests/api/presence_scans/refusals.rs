//! Scans refused one by one while the rest lands; batches refused as a whole.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::spawn_app;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::*;
use crate::presence::shooting;

#[tokio::test]
async fn each_bad_scan_is_refused_with_its_reason_while_the_rest_lands() {
    let app = spawn_app().await;
    let (project, codes, cinema_codes) = shooting(&app).await;
    let desk = desk(&app).await;
    let yesterday = (OffsetDateTime::now_utc().date() - Duration::days(1)).to_string();
    app.db()
        .await
        .execute(
            "UPDATE projects SET start_date = $2, end_date = $2::date + 30 WHERE id = $1",
            &[&project, &OffsetDateTime::now_utc().date()],
        )
        .await
        .unwrap();
    let mut before_the_shoot = scan(Uuid::new_v4(), &codes[1], "check_in", -5);
    before_the_shoot["date"] = json!(yesterday);
    let batch = [
        scan(Uuid::new_v4(), &codes[0], "check_in", -73 * 60),
        scan(Uuid::new_v4(), &codes[0], "check_in", 10),
        scan(Uuid::new_v4(), &codes[0], "check_in", -60),
        scan(Uuid::new_v4(), &codes[1], "check_out", -50),
        scan(Uuid::new_v4(), "hello\u{0}world", "check_in", -40),
        scan(Uuid::new_v4(), &codes[0], "check_out", -70),
        before_the_shoot,
        scan(Uuid::new_v4(), &cinema_codes[0], "check_out", -20),
        scan(Uuid::new_v4(), "ZZZZ2222", "check_in", -20),
    ];
    let sent = results(&app, &desk, project, "tablet-a", &batch).await;
    assert_eq!(
        statuses(&sent),
        [
            ("refused", Some("too_old")),
            ("refused", Some("in_future")),
            ("recorded", None),
            ("refused", Some("not_checked_in")),
            ("refused", Some("invalid_code")),
            ("refused", Some("not_checked_in")),
            ("refused", Some("outside_project_dates")),
            ("recorded", None),
            ("refused", Some("not_on_project")),
        ]
    );
    let day = &sent[2]["attendance"];
    assert_eq!(parse(&day["check_in_time"]), parse(&batch[2]["scanned_at"]));
    assert_eq!(
        parse(&day["check_out_time"]),
        parse(&batch[7]["scanned_at"])
    );
    // A refused scan of a talent still shows their day; no day, or nobody, shows none.
    assert_eq!(sent[0]["attendance"], *day);
    assert!(sent[3]["attendance"].is_null() && sent[4]["attendance"].is_null());
    assert!(sent[8]["attendance"].is_null());
    assert!(
        sent[5]["message"]
            .as_str()
            .unwrap()
            .contains("after this check-out"),
        "{}",
        sent[5]
    );
    assert!(sent[0]["message"].as_str().unwrap().contains("72 hours"));
    // Everything kept, refusals with their reason; the code without its control character.
    let kept = app
        .db()
        .await
        .query(
            "SELECT status, reason, code FROM attendance_scans WHERE project_id = $1 ORDER BY scanned_at",
            &[&project],
        )
        .await
        .unwrap();
    assert_eq!(kept.len(), batch.len());
    let refused = kept
        .iter()
        .filter(|r| r.get::<_, String>(0) == "refused")
        .count();
    assert_eq!(refused, 7);
    assert!(kept.iter().any(|r| r.get::<_, String>(2) == "helloworld"));
    assert_eq!(count(&app, "SELECT count(*) FROM attendances").await, 1);
}

#[tokio::test]
async fn another_projects_badges_are_refused_not_on_project() {
    let app = spawn_app().await;
    let (project, codes, _) = shooting(&app).await;
    let desk = desk(&app).await;
    let (_, staff) = app
        .user_with_role("other-prod@example.ci", "recruiter")
        .await;
    let post = |path: String, body: Value| {
        let (app, staff) = (&app, &staff);
        async move { app.created(staff, &path, body).await }
    };
    let production = post(
        "/api/v1/cinema/productions".into(),
        json!({"name": "Dakar Images"}),
    )
    .await;
    let other = post(
        "/api/v1/cinema/projects".into(),
        json!({"name": "Teranga", "production_type": "feature_film",
               "production_company_id": production["id"]}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let talent = post(
        "/api/v1/cinema/talents".into(),
        json!({"first_name": "Moussa", "last_name": "Diop"}),
    )
    .await;
    let badge = post(
        format!("/api/v1/cinema/projects/{other}/talents"),
        json!({"cinema_talent_id": talent["id"], "talent_type": "lead_actor"}),
    )
    .await["project_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = results(
        &app,
        &desk,
        project,
        "tablet-a",
        &[
            scan(Uuid::new_v4(), &badge, "check_in", -10),
            scan(
                Uuid::new_v4(),
                talent["unique_code"].as_str().unwrap(),
                "check_in",
                -10,
            ),
            scan(Uuid::new_v4(), &codes[0], "check_in", -10),
        ],
    )
    .await;
    assert_eq!(
        statuses(&sent),
        [
            ("refused", Some("not_on_project")),
            ("refused", Some("not_on_project")),
            ("recorded", None),
        ]
    );
    // And this project's badge on the other project.
    let there = results(
        &app,
        &desk,
        other,
        "tablet-a",
        &[scan(Uuid::new_v4(), &codes[1], "check_in", -5)],
    )
    .await;
    assert_eq!(statuses(&there), [("refused", Some("not_on_project"))]);
}

#[tokio::test]
async fn only_presence_staff_and_admins_send_scans() {
    let app = spawn_app().await;
    let (project, codes, _) = shooting(&app).await;
    let batch = [scan(Uuid::new_v4(), &codes[0], "check_in", -10)];
    for role in ["user", "recruiter"] {
        let (_, who) = app
            .user_with_role(&format!("{role}3@example.ci"), role)
            .await;
        send(&app, &who, project, "tablet-a", &batch)
            .await
            .assert_code(StatusCode::FORBIDDEN, "role_required");
    }
    app.call(
        Method::POST,
        &format!("/api/v1/presence/projects/{project}/scans"),
        Some(json!({"device_id": "tablet-a", "scans": batch})),
        None,
    )
    .await
    .assert_problem(StatusCode::UNAUTHORIZED);
    let desk = desk(&app).await;
    send(&app, &desk, 999_999, "tablet-a", &batch)
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        count(&app, "SELECT count(*) FROM attendance_scans").await,
        0
    );
    assert_eq!(count(&app, "SELECT count(*) FROM attendances").await, 0);

    let (_, admin) = app.user_with_role("admin3@example.ci", "admin").await;
    let sent = results(&app, &admin, project, "tablet-a", &batch).await;
    assert_eq!(statuses(&sent), [("recorded", None)]);
}

#[tokio::test]
async fn a_malformed_envelope_is_a_422_and_writes_nothing() {
    let app = spawn_app().await;
    let (project, codes, _) = shooting(&app).await;
    let desk = desk(&app).await;
    let good = || scan(Uuid::new_v4(), &codes[0], "check_in", -10);
    let mut bad_id = good();
    bad_id["scan_id"] = json!("not-a-uuid");
    let mut bad_time = good();
    bad_time["scanned_at"] = json!("2026-12-02 08:00");
    let mut bad_day = good();
    bad_day["date"] = json!("02/12/2026");
    let mut bad_way = good();
    bad_way["direction"] = json!("in");
    let mut extra = good();
    extra["note"] = json!("x");
    let many: Vec<Value> = (0..501).map(|_| good()).collect();
    let long = "d".repeat(65);
    for (device, scans, field, code) in [
        ("tablet-a", many, "scans", "too_many"),
        ("tablet-a", vec![], "scans", "required"),
        ("", vec![good()], "device_id", "required"),
        ("tablet a", vec![good()], "device_id", "invalid_format"),
        (long.as_str(), vec![good()], "device_id", "too_long"),
        (
            "tablet-a",
            vec![good(), bad_id],
            "scans[1].scan_id",
            "invalid_format",
        ),
        (
            "tablet-a",
            vec![bad_time, good()],
            "scans[0].scanned_at",
            "invalid_format",
        ),
        ("tablet-a", vec![bad_day], "scans[0].date", "invalid_format"),
        (
            "tablet-a",
            vec![bad_way],
            "scans[0].direction",
            "not_allowed",
        ),
        ("tablet-a", vec![extra], "scans[0].note", "not_allowed"),
    ] {
        let problem = send(&app, &desk, project, device, &scans)
            .await
            .assert_code(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let errors = problem["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{field} {code}: {problem}"
        );
        if code == "too_many" {
            assert_eq!(errors[0]["max"], 500);
        }
    }
    let problem = send(
        &app,
        &desk,
        project,
        "tablet-a",
        &[{
            let mut s = good();
            s["scan_id"] = json!("7d3c1a529a3e4f438a4f3f1f7e2b9c10");
            s
        }],
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["format"], "uuid", "{problem}");
    assert_eq!(
        count(&app, "SELECT count(*) FROM attendance_scans").await,
        0
    );
    assert_eq!(count(&app, "SELECT count(*) FROM attendances").await, 0);
}
