//! The roster a scanner keeps offline, and the photos it links to.

use axum::http::{Method, StatusCode, header};
use serde_json::json;
use taalentio_tests::spawn_app;
use uuid::Uuid;

use super::*;
use crate::presence::shooting;

#[tokio::test]
async fn the_roster_lists_the_talents_codes_photos_and_the_days_sheet() {
    let app = spawn_app().await;
    let (project, codes, cinema_codes) = shooting(&app).await;
    let desk = desk(&app).await;
    results(
        &app,
        &desk,
        project,
        "tablet-a",
        &[scan(Uuid::new_v4(), &codes[1], "check_in", -15)],
    )
    .await;
    let path = format!("/api/v1/presence/projects/{project}/roster");
    let response = app
        .call(
            Method::GET,
            &format!("{path}?date={}", today()),
            None,
            Some(&desk),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let roster = response.json();
    assert_eq!(roster["project"]["id"], project);
    assert_eq!(roster["project"]["name"], "Le Maquis");
    assert_eq!(roster["project"]["status"], "planned");
    assert!(roster["project"]["start_date"].is_null());
    assert_eq!(roster["date"], today());
    assert_eq!(
        roster["window"],
        json!({"max_age_hours": 72, "max_future_skew_seconds": 300})
    );
    let talents = roster["talents"].as_array().unwrap();
    assert_eq!(talents.len(), 2);
    // By last name: Koné, Kouassi.
    for (talent, (project_code, cinema_code)) in talents.iter().zip(codes.iter().zip(&cinema_codes))
    {
        assert_eq!(talent["project_code"], project_code.as_str());
        assert_eq!(talent["cinema_talent_code"], cinema_code.as_str());
        assert_eq!(talent["talent_type"], "lead_actor");
        assert!(
            talent["role_name"].is_null() && talent["thumbnail_url"].is_null(),
            "{talent}"
        );
    }
    assert_eq!(talents[0]["first_name"], "Awa");
    let sheet = roster["sheet"].as_array().unwrap();
    assert_eq!(sheet.len(), 2);
    assert!(sheet[0]["check_in_time"].is_null());
    assert_eq!(sheet[1]["check_in_scan"]["device_id"], "tablet-a");
    assert_eq!(sheet[1]["check_in_scan"]["offline"], true);
    // Today by default; another day has no attendance yet.
    let default = app.call(Method::GET, &path, None, Some(&desk)).await.json();
    assert_eq!(default["date"], today());
    let tomorrow = app
        .call(
            Method::GET,
            &format!("{path}?date=2099-01-01"),
            None,
            Some(&desk),
        )
        .await
        .json();
    assert!(
        tomorrow["sheet"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["attendance_id"].is_null())
    );
    app.call(
        Method::GET,
        &format!("{path}?date=tomorrow"),
        None,
        Some(&desk),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_presence_staff_and_admins_read_rosters() {
    let app = spawn_app().await;
    let (project, _, _) = shooting(&app).await;
    let path = format!("/api/v1/presence/projects/{project}/roster");
    for role in ["user", "recruiter"] {
        let (_, who) = app
            .user_with_role(&format!("{role}4@example.ci"), role)
            .await;
        app.call(Method::GET, &path, None, Some(&who))
            .await
            .assert_code(StatusCode::FORBIDDEN, "role_required");
    }
    app.call(Method::GET, &path, None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    let desk = desk(&app).await;
    app.call(
        Method::GET,
        "/api/v1/presence/projects/999999/roster",
        None,
        Some(&desk),
    )
    .await
    .assert_code(StatusCode::NOT_FOUND, "not_found");
    let (_, admin) = app.user_with_role("admin4@example.ci", "admin").await;
    assert_eq!(
        app.call(Method::GET, &path, None, Some(&admin))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_roster_photo_is_a_same_origin_address_for_presence_and_casting_staff() {
    let app = spawn_app().await;
    let (project, _, _) = shooting(&app).await;
    let desk = desk(&app).await;
    let (_, staff) = app.user_with_role("casting@example.ci", "recruiter").await;
    let assignments = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/projects/{project}/talents"),
            None,
            Some(&staff),
        )
        .await
        .json();
    let awa = assignments[0]["cinema_talent_id"].as_i64().unwrap();
    let yao = assignments[1]["cinema_talent_id"].as_i64().unwrap();
    crate::cinema_projects::upload_casting_photo(&app, &staff, awa).await;

    let roster = app
        .call(
            Method::GET,
            &format!("/api/v1/presence/projects/{project}/roster"),
            None,
            Some(&desk),
        )
        .await
        .json();
    let photo = format!("/api/v1/cinema/talents/{awa}/photo");
    assert_eq!(roster["talents"][0]["thumbnail_url"], photo.as_str());
    assert!(roster["talents"][1]["thumbnail_url"].is_null());

    // The casting list links to the same address, for the profiles with a photo only.
    let listed = app
        .call(Method::GET, "/api/v1/cinema/talents", None, Some(&staff))
        .await
        .json();
    let photo_of = |id: i64| {
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["photo_url"].clone())
            .unwrap()
    };
    assert_eq!(photo_of(awa), photo.as_str());
    assert!(photo_of(yao).is_null());

    for who in [&desk, &staff] {
        let redirect = app.call(Method::GET, &photo, None, Some(who)).await;
        assert_eq!(redirect.status, StatusCode::FOUND, "{:?}", redirect.body);
        assert_eq!(
            redirect.headers[header::CACHE_CONTROL],
            "private, max-age=600"
        );
        let link = redirect.headers[header::LOCATION].to_str().unwrap();
        let file = app
            .get(link.trim_start_matches("http://127.0.0.1:3000"))
            .await;
        assert_eq!(file.status, StatusCode::OK, "{link}");
        // The thumbnail: a JPEG no larger than the upload's 300 × 400.
        assert!(file.body.starts_with(&[0xFF, 0xD8, 0xFF]), "not a JPEG");
    }
    // No photo; someone without the role; a talent on no active project.
    app.call(
        Method::GET,
        &format!("/api/v1/cinema/talents/{yao}/photo"),
        None,
        Some(&desk),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    let (_, user) = app.user_with_role("curious@example.ci", "user").await;
    app.call(Method::GET, &photo, None, Some(&user))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    app.call(Method::GET, &photo, None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    app.db()
        .await
        .execute(
            "UPDATE projects SET is_active = false WHERE id = $1",
            &[&project],
        )
        .await
        .unwrap();
    app.call(Method::GET, &photo, None, Some(&desk))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    assert_eq!(
        app.call(Method::GET, &photo, None, Some(&staff))
            .await
            .status,
        StatusCode::FOUND
    );
}

#[tokio::test]
async fn a_scanner_picks_among_the_projects_still_to_shoot() {
    let app = spawn_app().await;
    let (project, _, _) = shooting(&app).await;
    let (_, staff) = app.user_with_role("prod5@example.ci", "recruiter").await;
    let production = app
        .call(
            Method::POST,
            "/api/v1/cinema/productions",
            Some(json!({"name": "Dakar Studio"})),
            Some(&staff),
        )
        .await
        .json();
    let mut ids = Vec::new();
    for name in ["Tournage annulé", "Clip à venir"] {
        let created = app
            .call(
                Method::POST,
                "/api/v1/cinema/projects",
                Some(json!({"name": name, "production_type": "music_video",
                            "production_company_id": production["id"]})),
                Some(&staff),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        ids.push(created.json()["id"].as_i64().unwrap());
    }
    let (cancelled, upcoming) = (ids[0], ids[1]);
    for (id, status) in [(cancelled, "cancelled"), (project, "shooting")] {
        let moved = app
            .call(
                Method::PATCH,
                &format!("/api/v1/cinema/projects/{id}"),
                Some(json!({"status": status})),
                Some(&staff),
            )
            .await;
        assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    }

    let desk = desk(&app).await;
    let response = app
        .call(Method::GET, "/api/v1/presence/projects", None, Some(&desk))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let list = response.json();
    let listed: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        listed,
        [project, upcoming],
        "shooting first, cancelled left out"
    );
    assert_eq!(list[0]["status"], "shooting");
    assert_eq!(list[0]["production_name"], "Abidjan Films");
    assert_eq!(list[0]["talent_count"], 2);
    assert_eq!(list[1]["talent_count"], 0);

    for role in ["user", "recruiter"] {
        let (_, who) = app
            .user_with_role(&format!("{role}5@example.ci"), role)
            .await;
        app.call(Method::GET, "/api/v1/presence/projects", None, Some(&who))
            .await
            .assert_code(StatusCode::FORBIDDEN, "role_required");
    }
}
