use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::spawn_app;

use super::talent_id;

#[tokio::test]
async fn the_catalogue_and_countries_are_public_with_counts() {
    let app = spawn_app().await;
    let talents = app
        .call(Method::GET, "/api/v1/talents", None, None)
        .await
        .json();
    let list = talents.as_array().unwrap();
    assert!(list.len() >= 100, "{}", list.len());
    let actor = list.iter().find(|t| t["tag"] == "actor").unwrap();
    assert_eq!(actor["name_en"], "Actor");
    assert_eq!(actor["user_count"], 0);

    let (_, me) = app.user_with_role("actor@example.ng", "user").await;
    let actor_id = talent_id(&app, "actor").await;
    app.call(
        Method::PUT,
        "/api/v1/me/talents",
        Some(json!({"talent_ids": [actor_id]})),
        Some(&me),
    )
    .await;
    let one = app
        .call(
            Method::GET,
            &format!("/api/v1/talents/{actor_id}"),
            None,
            None,
        )
        .await
        .json();
    assert_eq!(one["user_count"], 1);

    let music = app
        .call(Method::GET, "/api/v1/talents?category=music", None, None)
        .await
        .json();
    assert!(
        music
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["category"] == "music")
    );
    let categories = app
        .call(Method::GET, "/api/v1/talents/categories", None, None)
        .await
        .json();
    assert!(categories.as_array().unwrap().len() >= 10);

    let countries = app
        .call(Method::GET, "/api/v1/countries", None, None)
        .await
        .json();
    assert_eq!(countries.as_array().unwrap().len(), 54);
    let senegal = app
        .call(Method::GET, "/api/v1/countries/sn", None, None)
        .await
        .json();
    assert_eq!(senegal["name_fr"], "Sénégal");
    assert_eq!(senegal["dial_code"], "+221");
    assert_eq!(senegal["cities"][0]["name"], "Dakar");
    assert_eq!(senegal["cities"][0]["is_capital"], true);
    app.call(Method::GET, "/api/v1/countries/FR", None, None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    app.call(Method::GET, "/api/v1/talents/999999", None, None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    app.call(Method::GET, "/api/v1/talents/abc", None, None)
        .await
        .assert_problem(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn admins_add_rename_and_deactivate_talents_and_no_one_else_can() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_role("admin@example.ma", "admin").await;
    let (_, recruiter) = app
        .user_with_role("recruiter@example.ma", "recruiter")
        .await;
    let new = json!({"name": "Joueur·euse de guembri", "name_en": "Guembri player", "emoji": "🪕",
                     "category": "music", "tag": "guembri_player"});
    app.call(
        Method::POST,
        "/api/v1/talents",
        Some(new.clone()),
        Some(&recruiter),
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);
    app.call(Method::POST, "/api/v1/talents", Some(new.clone()), None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    let created = app
        .call(
            Method::POST,
            "/api/v1/talents",
            Some(new.clone()),
            Some(&admin),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    app.call(
        Method::POST,
        "/api/v1/talents",
        Some(new.clone()),
        Some(&admin),
    )
    .await
    .assert_problem(StatusCode::CONFLICT);
    for (field, value) in [
        ("category", json!("juggling")),
        ("tag", json!("Bad Tag")),
        ("name", json!("")),
    ] {
        let mut body = new.clone();
        body[field] = value;
        body["tag"] = if field == "tag" {
            body["tag"].clone()
        } else {
            json!("another_tag")
        };
        let problem = app
            .call(Method::POST, "/api/v1/talents", Some(body), Some(&admin))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains(field), "{problem}");
    }

    let renamed = app
        .call(
            Method::PATCH,
            &format!("/api/v1/talents/{id}"),
            Some(json!({"name_en": "Gimbri player"})),
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(renamed["name_en"], "Gimbri player");
    app.call(
        Method::PATCH,
        &format!("/api/v1/talents/{id}"),
        Some(json!({"is_active": false})),
        Some(&admin),
    )
    .await;
    // Gone for the public, still there for admins.
    app.call(Method::GET, &format!("/api/v1/talents/{id}"), None, None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    let listed = app
        .call(Method::GET, "/api/v1/talents", None, None)
        .await
        .json();
    assert!(!listed.to_string().contains("guembri_player"));
    let all = app
        .call(
            Method::GET,
            "/api/v1/talents?include_inactive=true",
            None,
            Some(&admin),
        )
        .await
        .json();
    assert!(all.to_string().contains("guembri_player"));
    app.call(
        Method::GET,
        "/api/v1/talents?include_inactive=true",
        None,
        Some(&recruiter),
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);
    app.call(
        Method::PATCH,
        "/api/v1/talents/999999",
        Some(json!({"is_active": false})),
        Some(&admin),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
}
