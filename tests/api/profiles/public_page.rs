//! `/p/{code}`: the web app's page with the person's Open Graph tags, for link previews.

use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::{create_migrated_database, spawn_app_on};

use super::{city_id, talent_id};

const SHELL: &str = "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"></head>\
                     <body><div id=\"app\"></div></body></html>";

#[tokio::test]
async fn a_public_profile_page_previews_the_person_and_a_private_one_does_not() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("200.html"), SHELL).unwrap();
    let web_dir = web.path().display().to_string();
    let app = spawn_app_on(create_migrated_database().await, &[("WEB_DIR", &web_dir)]).await;
    let (_, me) = app.user_with_role("fatou@example.sn", "user").await;
    let dakar = city_id(&app, "SN", "Dakar").await;
    let actor = talent_id(&app, "actor").await;
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(
            json!({"first_name": "Fatou", "last_name": "Sarr", "country": "SN", "city_id": dakar,
                    "phone": "+221 77 555 44 33"}),
        ),
        Some(&me),
    )
    .await;
    app.call(
        Method::PUT,
        "/api/v1/me/talents",
        Some(json!({"talent_ids": [actor]})),
        Some(&me),
    )
    .await;
    let code = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json()["unique_code"]
        .as_str()
        .unwrap()
        .to_owned();

    // Private: the bare shell (the app says "not public"), never the name.
    let private = app.get(&format!("/p/{code}")).await;
    assert_eq!(private.status, StatusCode::NOT_FOUND);
    let html = String::from_utf8(private.body.to_vec()).unwrap();
    assert!(html.contains("<div id=\"app\"></div>"), "{html}");
    assert!(html.contains("noindex"));
    assert!(!html.contains("Fatou"));
    let csp = private
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");

    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"profile_public": true})),
        Some(&me),
    )
    .await;
    let public = app.get(&format!("/p/{}", code.to_lowercase())).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.content_type().starts_with("text/html"));
    let html = String::from_utf8(public.body.to_vec()).unwrap();
    assert!(
        html.contains("<meta property=\"og:title\" content=\"Fatou S. — taalentio\">"),
        "{html}"
    );
    let description = html.split("og:description\" content=\"").nth(1).unwrap();
    assert!(description.starts_with("🎭 Acteur·rice"), "{description}");
    assert!(description.contains("Dakar, Sénégal"), "{description}");
    assert!(html.contains(&format!("/p/{code}\"")));
    // Only what the public profile shows: no surname, no phone; no photo, no image tag.
    assert!(!html.contains("Sarr") && !html.contains("555"));
    assert!(!html.contains("og:image"));
    assert!(html.ends_with("<body><div id=\"app\"></div></body></html>"));
    app.call(
        Method::GET,
        &format!("/api/v1/profiles/{code}/photo"),
        None,
        None,
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_a_built_web_app_the_page_is_a_clear_503() {
    let missing = tempfile::tempdir().unwrap();
    let web_dir = missing.path().join("nothing").display().to_string();
    let app = spawn_app_on(create_migrated_database().await, &[("WEB_DIR", &web_dir)]).await;
    let problem = app
        .get("/p/ABCDEF")
        .await
        .assert_problem(StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        problem["detail"].as_str().unwrap().contains("not built"),
        "{problem}"
    );
}
