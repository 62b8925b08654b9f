//! The offline scanner's API: its roster, and scans uploaded in batches (idempotent by scan id,
//! merged in time order across devices, refused one by one, every one kept in the audit).

mod batches;
mod refusals;
mod roster;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, TestResponse, accounts::Auth};
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};
use uuid::Uuid;

pub(super) fn today() -> String {
    OffsetDateTime::now_utc().date().to_string()
}

/// `minutes` from now (negative: ago), in whole seconds, as a scanner writes it.
pub(super) fn at(minutes: i64) -> String {
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    (now + Duration::minutes(minutes)).format(&Rfc3339).unwrap()
}

pub(super) fn scan(id: Uuid, code: &str, direction: &str, minutes: i64) -> Value {
    json!({"scan_id": id, "code": code, "direction": direction, "scanned_at": at(minutes),
           "date": today(), "offline": true})
}

pub(super) async fn send(
    app: &TestApp,
    who: &Auth,
    project: i64,
    device: &str,
    scans: &[Value],
) -> TestResponse {
    app.call(
        Method::POST,
        &format!("/api/v1/presence/projects/{project}/scans"),
        Some(json!({"device_id": device, "scans": scans})),
        Some(who),
    )
    .await
}

/// The outcomes of a batch that must be accepted.
pub(super) async fn results(
    app: &TestApp,
    who: &Auth,
    project: i64,
    device: &str,
    scans: &[Value],
) -> Vec<Value> {
    let response = send(app, who, project, device, scans).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let results = response.json()["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), scans.len());
    for (result, scan) in results.iter().zip(scans) {
        assert_eq!(result["scan_id"], scan["scan_id"], "in the order sent");
        assert!(result["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    results
}

pub(super) fn statuses(results: &[Value]) -> Vec<(&str, Option<&str>)> {
    results
        .iter()
        .map(|r| (r["status"].as_str().unwrap(), r["reason"].as_str()))
        .collect()
}

pub(super) async fn count(app: &TestApp, sql: &str) -> i64 {
    app.db().await.query_one(sql, &[]).await.unwrap().get(0)
}

/// (status, reason, device_id, offline) of every audit row of a scan, oldest first.
pub(super) async fn audit(
    app: &TestApp,
    id: Uuid,
) -> Vec<(String, Option<String>, Option<String>, bool)> {
    app.db()
        .await
        .query(
            "SELECT status, reason, device_id, offline FROM attendance_scans WHERE scan_id = $1 ORDER BY id",
            &[&id],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
}

pub(super) async fn desk(app: &TestApp) -> Auth {
    app.user_with_role("scanner@example.ci", "presence").await.1
}

pub(super) fn times(attendance: &Value) -> (OffsetDateTime, Option<OffsetDateTime>) {
    let parse = |v: &Value| {
        v.as_str()
            .map(|s| OffsetDateTime::parse(s, &Rfc3339).unwrap())
    };
    (
        parse(&attendance["check_in_time"]).unwrap(),
        parse(&attendance["check_out_time"]),
    )
}

pub(super) fn parse(value: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(value.as_str().unwrap(), &Rfc3339).unwrap()
}
