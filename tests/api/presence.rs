//! Attendance on set: scans, double scans, refusals, the day's sheet, corrections, history.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, accounts::Auth, spawn_app};

/// Scans happen on the shooting day itself: today.
fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// A project with two assigned talents; answers (project id, [project codes], [cinema codes]).
pub(crate) async fn shooting(app: &TestApp) -> (i64, Vec<String>, Vec<String>) {
    let (_, staff) = app.user_with_role("prod@example.ci", "recruiter").await;
    let post = |path: &'static str, body: Value| app.created(&staff, path, body);
    let production = post(
        "/api/v1/cinema/productions",
        json!({"name": "Abidjan Films"}),
    )
    .await;
    let project = post(
        "/api/v1/cinema/projects",
        json!({"name": "Le Maquis", "production_type": "series",
        "production_company_id": production["id"]}),
    )
    .await;
    let project_id = project["id"].as_i64().unwrap();
    let mut project_codes = Vec::new();
    let mut cinema_codes = Vec::new();
    for (first, last) in [("Awa", "Koné"), ("Yao", "Kouassi")] {
        let talent = post(
            "/api/v1/cinema/talents",
            json!({"first_name": first, "last_name": last}),
        )
        .await;
        let response = app
            .call(
                Method::POST,
                &format!("/api/v1/cinema/projects/{project_id}/talents"),
                Some(json!({"cinema_talent_id": talent["id"], "talent_type": "lead_actor"})),
                Some(&staff),
            )
            .await;
        project_codes.push(response.json()["project_code"].as_str().unwrap().to_owned());
        cinema_codes.push(talent["unique_code"].as_str().unwrap().to_owned());
    }
    (project_id, project_codes, cinema_codes)
}

async fn scan(
    app: &TestApp,
    who: &Auth,
    project: i64,
    way: &str,
    code: &str,
) -> taalentio_tests::TestResponse {
    app.call(
        Method::POST,
        &format!("/api/v1/presence/projects/{project}/{way}"),
        Some(json!({"code": code, "date": today()})),
        Some(who),
    )
    .await
}

#[tokio::test]
async fn scans_record_arrival_and_departure_once_and_say_so() {
    let app = spawn_app().await;
    let (project, codes, cinema_codes) = shooting(&app).await;
    let (_, desk) = app.user_with_role("desk@example.ci", "presence").await;

    // Departure before arrival is refused.
    let problem = scan(&app, &desk, project, "check-out", &codes[0])
        .await
        .assert_problem(StatusCode::CONFLICT);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("check in first")
    );

    let first = scan(&app, &desk, project, "check-in", &codes[0]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.json()["already_recorded"], false);
    // A double scan (here with the code typed in lower case, with a dash) changes nothing.
    let typed = format!("{}-{}", &codes[0][..4].to_lowercase(), &codes[0][4..]);
    let again = scan(&app, &desk, project, "check-in", &typed).await.json();
    assert_eq!(again["already_recorded"], true);
    assert!(
        again["message"]
            .as_str()
            .unwrap()
            .contains("already checked in")
    );
    assert_eq!(
        again["attendance"]["check_in_time"],
        first.json()["attendance"]["check_in_time"]
    );

    let out = scan(&app, &desk, project, "check-out", &codes[0])
        .await
        .json();
    assert_eq!(out["already_recorded"], false);
    // The latest check-out counts: a second one moves it later.
    let out_again = scan(&app, &desk, project, "check-out", &codes[0])
        .await
        .json();
    assert_eq!(out_again["already_recorded"], false);
    let out_at = |v: &Value| {
        let at = v["attendance"]["check_out_time"].as_str().unwrap();
        time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).unwrap()
    };
    assert!(out_at(&out_again) >= out_at(&out));
    assert!(
        out_again["message"]
            .as_str()
            .unwrap()
            .contains("checked out at")
    );

    // A code that is not on the project, and something that is not a code at all.
    let problem = scan(&app, &desk, project, "check-in", "ZZZZ2222")
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem.to_string().contains("not a talent of this project"),
        "{problem}"
    );
    scan(&app, &desk, project, "check-in", "hello")
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    scan(&app, &desk, 999999, "check-in", &codes[0])
        .await
        .assert_problem(StatusCode::NOT_FOUND);

    // The day's sheet lists everyone, present or not.
    let sheet = app
        .call(
            Method::GET,
            &format!("/api/v1/presence/projects/{project}/sheet?date={}", today()),
            None,
            Some(&desk),
        )
        .await
        .json();
    let lines = sheet.as_array().unwrap();
    assert_eq!(lines.len(), 2);
    let awa = lines
        .iter()
        .find(|l| l["cinema_talent_code"] == cinema_codes[0].as_str())
        .unwrap();
    assert!(!awa["check_in_time"].is_null() && !awa["check_out_time"].is_null());
    let yao = lines
        .iter()
        .find(|l| l["cinema_talent_code"] == cinema_codes[1].as_str())
        .unwrap();
    assert!(yao["check_in_time"].is_null());

    // Corrections keep who changed what; bad ones are refused.
    let id = awa["attendance_id"].as_i64().unwrap();
    let at = |clock: &str| format!("{}T{clock}Z", today());
    let path = format!("/api/v1/presence/attendances/{id}");
    for (body, field) in [
        (json!({"check_in_time": at("00:00:00")}), "reason"),
        (json!({"reason": "oubli"}), "check_in_time"),
        (
            json!({"check_in_time": at("23:00:00"), "check_out_time": at("22:00:00"), "reason": "x"}),
            "check_out_time",
        ),
    ] {
        let problem = app
            .call(Method::PATCH, &path, Some(body.clone()), Some(&desk))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains(field), "{body}: {problem}");
    }
    let corrected = app
        .call(Method::PATCH, &path, Some(json!({"check_in_time": at("00:00:00"), "reason": "Badge oublié, arrivée notée sur papier"})), Some(&desk))
        .await;
    assert_eq!(corrected.status, StatusCode::OK, "{:?}", corrected.body);
    assert_eq!(corrected.json()["check_in_time"], at("00:00:00"));
    let log = app
        .call(
            Method::GET,
            &format!("{path}/corrections"),
            None,
            Some(&desk),
        )
        .await
        .json();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["field"], "check_in_time");
    assert_eq!(log[0]["new_value"], at("00:00:00"));
    assert!(log[0]["changed_by"].is_i64());

    let history = app
        .call(
            Method::GET,
            &format!("/api/v1/presence/talents/{}/history", cinema_codes[0]),
            None,
            Some(&desk),
        )
        .await
        .json();
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["date"], today());
}

#[tokio::test]
async fn only_presence_staff_and_admins_record_attendance() {
    let app = spawn_app().await;
    let (project, codes, _) = shooting(&app).await;
    let (_, admin) = app.user_with_role("admin@example.ci", "admin").await;
    for role in ["user", "recruiter"] {
        let (_, who) = app
            .user_with_role(&format!("{role}2@example.ci"), role)
            .await;
        scan(&app, &who, project, "check-in", &codes[0])
            .await
            .assert_problem(StatusCode::FORBIDDEN);
        app.call(
            Method::GET,
            &format!("/api/v1/presence/projects/{project}/sheet"),
            None,
            Some(&who),
        )
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    }
    assert_eq!(
        scan(&app, &admin, project, "check-in", &codes[1])
            .await
            .status,
        StatusCode::OK
    );
    app.call(
        Method::POST,
        &format!("/api/v1/presence/projects/{project}/check-in"),
        Some(json!({"code": codes[0]})),
        None,
    )
    .await
    .assert_problem(StatusCode::UNAUTHORIZED);
}
