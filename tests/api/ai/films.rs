//! Who may use the film search and a production's filmography, and what the filmography keeps:
//! films looked up by IMDb id, nothing written when the lookup fails.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, accounts::Auth, fake_http::Reply, fake_omdb, spawn_app};

use super::{omdb_app, set_ai};

struct Callers {
    user: Auth,
    presence: Auth,
    recruiter: Auth,
    admin: Auth,
}

async fn callers(app: &TestApp) -> Callers {
    let mut auths = Vec::new();
    for role in ["user", "presence", "recruiter", "admin"] {
        auths.push(
            app.user_with_role(&format!("{role}@filmo.example.sn"), role)
                .await
                .1,
        );
    }
    let [user, presence, recruiter, admin]: [Auth; 4] = auths.try_into().unwrap();
    Callers {
        user,
        presence,
        recruiter,
        admin,
    }
}

async fn production(app: &TestApp, who: &Auth, name: &str) -> i64 {
    let created = app
        .call(
            Method::POST,
            "/api/v1/cinema/productions",
            Some(json!({"name": name})),
            Some(who),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    created.json()["id"].as_i64().unwrap()
}

async fn films_rows(app: &TestApp) -> i64 {
    app.db()
        .await
        .query_one("SELECT count(*) FROM production_films", &[])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn the_film_search_is_for_recruiters_and_admins_with_ai_on() {
    let server = fake_omdb::start().await;
    let app = omdb_app(&server).await;
    let who = callers(&app).await;
    let path = "/api/v1/ai/films?q=yeelen";
    app.call(Method::GET, path, None, None)
        .await
        .assert_code(StatusCode::UNAUTHORIZED, "unauthorized");
    // features.ai is off by default: even recruiters are told why.
    for auth in [&who.recruiter, &who.admin] {
        let body = app
            .call(Method::GET, path, None, Some(auth))
            .await
            .assert_code(StatusCode::FORBIDDEN, "feature_disabled");
        assert!(body["detail"].as_str().unwrap().contains("features.ai"));
    }
    set_ai(&app, true).await;
    for auth in [&who.user, &who.presence] {
        app.call(Method::GET, path, None, Some(auth))
            .await
            .assert_code(StatusCode::FORBIDDEN, "role_required");
    }
    for auth in [&who.recruiter, &who.admin] {
        let found = app.call(Method::GET, path, None, Some(auth)).await;
        assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
        assert_eq!(found.json()["items"][0]["title"], "Yeelen");
    }
    // Only the two allowed searches reached OMDB.
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_filmography_holds_films_looked_up_by_imdb_id() {
    let server = fake_omdb::start().await;
    let app = omdb_app(&server).await;
    let who = callers(&app).await;
    let id = production(&app, &who.recruiter, "Films du Sahel").await;
    let path = format!("/api/v1/cinema/productions/{id}/films");

    let added = app
        .call(
            Method::POST,
            &path,
            Some(json!({"imdb_id": "tt3901826", "credit": " co-production "})),
            Some(&who.recruiter),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    let film = added.json();
    assert_eq!(film["title"], "Timbuktu");
    assert_eq!(film["credit"], "co-production");
    // Its "N/A" year, poster and director are absent.
    for absent in ["year", "poster_url", "director"] {
        assert!(film[absent].is_null(), "{absent}: {film}");
    }
    assert_eq!(
        server.received()[0].query("i").as_deref(),
        Some("tt3901826")
    );
    app.call(
        Method::POST,
        &path,
        Some(json!({"imdb_id": "tt0062759"})),
        Some(&who.admin),
    )
    .await;

    let listed = app
        .call(Method::GET, &path, None, Some(&who.admin))
        .await
        .json();
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|f: &Value| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["La Noire de...", "Timbuktu"]);
    assert_eq!(listed[0]["director"], "Ousmane Sembène");
    assert_eq!(listed[0]["year"], "1966");

    // Twice is a conflict; a malformed or unknown id is the field's fault; nothing written.
    app.call(
        Method::POST,
        &path,
        Some(json!({"imdb_id": "tt3901826"})),
        Some(&who.recruiter),
    )
    .await
    .assert_code(StatusCode::CONFLICT, "duplicate");
    for (body, code) in [
        (json!({"imdb_id": "3901826"}), "invalid_format"),
        (json!({"imdb_id": "tt9999999"}), "unknown"),
        (
            json!({"imdb_id": "tt0091848", "credit": "x".repeat(201)}),
            "too_long",
        ),
    ] {
        let problem = app
            .call(Method::POST, &path, Some(body), Some(&who.recruiter))
            .await
            .assert_code(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    // OMDB failing: a 503 or 502, and no row.
    server.script([Reply::json(
        401,
        json!({"Response": "False", "Error": "Request limit reached!"}),
    )]);
    app.call(
        Method::POST,
        &path,
        Some(json!({"imdb_id": "tt0091848"})),
        Some(&who.recruiter),
    )
    .await
    .assert_code(StatusCode::SERVICE_UNAVAILABLE, "provider_unavailable");
    assert_eq!(films_rows(&app).await, 2);

    // Removed once; the second time there is nothing to remove.
    let removed = app
        .call(
            Method::DELETE,
            &format!("{path}/tt3901826"),
            None,
            Some(&who.recruiter),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    app.call(
        Method::DELETE,
        &format!("{path}/tt3901826"),
        None,
        Some(&who.recruiter),
    )
    .await
    .assert_code(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(films_rows(&app).await, 1);
}

#[tokio::test]
async fn a_filmography_is_hidden_from_others_and_scoped_to_its_production() {
    let server = fake_omdb::start().await;
    let app = omdb_app(&server).await;
    let who = callers(&app).await;
    let mine = production(&app, &who.recruiter, "Films du Sahel").await;
    let other = production(&app, &who.admin, "Studio Lagune").await;
    app.call(
        Method::POST,
        &format!("/api/v1/cinema/productions/{other}/films"),
        Some(json!({"imdb_id": "tt0091848"})),
        Some(&who.admin),
    )
    .await;
    let path = format!("/api/v1/cinema/productions/{mine}/films");
    app.call(Method::GET, &path, None, None)
        .await
        .assert_code(StatusCode::UNAUTHORIZED, "unauthorized");
    for auth in [&who.user, &who.presence] {
        app.call(Method::GET, &path, None, Some(auth))
            .await
            .assert_code(StatusCode::NOT_FOUND, "not_found");
        app.call(
            Method::POST,
            &path,
            Some(json!({"imdb_id": "tt0071361"})),
            Some(auth),
        )
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
        app.call(
            Method::DELETE,
            &format!("/api/v1/cinema/productions/{other}/films/tt0091848"),
            None,
            Some(auth),
        )
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
    }
    // Another production's film is not this one's to remove.
    app.call(
        Method::DELETE,
        &format!("{path}/tt0091848"),
        None,
        Some(&who.recruiter),
    )
    .await
    .assert_code(StatusCode::NOT_FOUND, "not_found");
    // A production that does not exist: 404, and OMDB is not asked.
    let before = server.received().len();
    for method in [Method::GET, Method::POST] {
        app.call(
            method,
            "/api/v1/cinema/productions/999999/films",
            Some(json!({"imdb_id": "tt0071361"})),
            Some(&who.recruiter),
        )
        .await
        .assert_code(StatusCode::NOT_FOUND, "not_found");
    }
    assert_eq!(server.received().len(), before);
    assert_eq!(films_rows(&app).await, 1);
    // Without a CSRF token, a session's POST is refused before anything.
    app.call(
        Method::POST,
        &path,
        Some(json!({"imdb_id": "tt0071361"})),
        Some(&who.recruiter.without_csrf()),
    )
    .await
    .assert_code(StatusCode::FORBIDDEN, "csrf_failed");
}

#[tokio::test]
async fn without_a_film_search_adding_a_film_is_a_503_and_writes_nothing() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let id = production(&app, &who.recruiter, "Films du Sahel").await;
    app.call(
        Method::POST,
        &format!("/api/v1/cinema/productions/{id}/films"),
        Some(json!({"imdb_id": "tt0071361"})),
        Some(&who.recruiter),
    )
    .await
    .assert_code(StatusCode::SERVICE_UNAVAILABLE, "not_configured");
    assert_eq!(films_rows(&app).await, 0);
    // The stored filmography still reads.
    let listed = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/productions/{id}/films"),
            None,
            Some(&who.recruiter),
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.json(), json!([]));
}
