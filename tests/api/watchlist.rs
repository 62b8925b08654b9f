//! Watchlist routes: watched names (list, create, replace, delete) and watched saved searches,
//! for recruiters and admins only, each seeing only their own.

use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::spawn_app;

#[tokio::test]
async fn recruiters_watch_names_and_see_only_their_own() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    let (_, other) = app.user_with_role("other@example.sn", "recruiter").await;
    let (_, admin) = app.user_with_role("admin@example.sn", "admin").await;
    let (_, person) = app.user_with_role("person@example.sn", "user").await;
    let (_, presence) = app.user_with_role("door@example.sn", "presence").await;

    let created = app
        .call(
            Method::POST,
            "/api/v1/watchlist/names",
            Some(json!({"first_name": " Aminata ", "last_name": "Diallo", "notes": "vue à Dakar"})),
            Some(&staff),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let watch = created.json();
    assert_eq!(watch["first_name"], "Aminata");
    assert_eq!(watch["normalized_name"], "aminata diallo");
    assert_eq!(watch["is_active"], true);
    let id = watch["id"].as_i64().unwrap();

    // The same name, accents and case aside, is a conflict; a last name alone is another watch.
    app.call(
        Method::POST,
        "/api/v1/watchlist/names",
        Some(json!({"first_name": "AMINATA", "last_name": "Diallò"})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::CONFLICT);
    let second = app
        .call(
            Method::POST,
            "/api/v1/watchlist/names",
            Some(json!({"last_name": "Koné"})),
            Some(&staff),
        )
        .await;
    assert_eq!(second.status, StatusCode::CREATED);
    let second_id = second.json()["id"].as_i64().unwrap();

    // Bad input: each field named, nothing written.
    for body in [
        json!({"last_name": "  "}),
        json!({"last_name": "x".repeat(101)}),
        json!({"first_name": "Awa", "last_name": "Sow", "notes": "n".repeat(1001)}),
    ] {
        app.call(
            Method::POST,
            "/api/v1/watchlist/names",
            Some(body),
            Some(&staff),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.call(
        Method::POST,
        "/api/v1/watchlist/names",
        Some(json!({"last_name": "Sow", "colour": "blue"})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);

    let page = app
        .call(
            Method::GET,
            "/api/v1/watchlist/names?per_page=1",
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["normalized_name"], "aminata diallo");
    app.call(
        Method::GET,
        "/api/v1/watchlist/names?per_page=500",
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);

    // Replace: renaming onto another watched name is a conflict; otherwise it changes.
    app.call(
        Method::PUT,
        &format!("/api/v1/watchlist/names/{id}"),
        Some(json!({"last_name": "KONE"})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::CONFLICT);
    let replaced = app
        .call(
            Method::PUT,
            &format!("/api/v1/watchlist/names/{id}"),
            Some(json!({"first_name": "Aminata", "last_name": "Diallo", "is_active": false})),
            Some(&staff),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{:?}", replaced.body);
    assert_eq!(replaced.json()["is_active"], false);
    assert_eq!(replaced.json()["notes"], serde_json::Value::Null);

    // Another recruiter, even an admin, sees none of it: 404, and their own list is empty.
    for who in [&other, &admin] {
        for method in [Method::GET, Method::DELETE] {
            app.call(
                method,
                &format!("/api/v1/watchlist/names/{id}"),
                None,
                Some(who),
            )
            .await
            .assert_problem(StatusCode::NOT_FOUND);
        }
        app.call(
            Method::PUT,
            &format!("/api/v1/watchlist/names/{id}"),
            Some(json!({"last_name": "Volé"})),
            Some(who),
        )
        .await
        .assert_problem(StatusCode::NOT_FOUND);
        let theirs = app
            .call(Method::GET, "/api/v1/watchlist/names", None, Some(who))
            .await
            .json();
        assert_eq!(theirs["total"], 0);
    }
    // Admins keep their own watchlist.
    let mine = app
        .call(
            Method::POST,
            "/api/v1/watchlist/names",
            Some(json!({"first_name": "Aminata", "last_name": "Diallo"})),
            Some(&admin),
        )
        .await;
    assert_eq!(mine.status, StatusCode::CREATED);

    // People without the recruiter role are refused; strangers must log in.
    for who in [&person, &presence] {
        app.call(Method::GET, "/api/v1/watchlist/names", None, Some(who))
            .await
            .assert_problem(StatusCode::FORBIDDEN);
        app.call(
            Method::POST,
            "/api/v1/watchlist/names",
            Some(json!({"last_name": "Sow"})),
            Some(who),
        )
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    }
    app.call(Method::GET, "/api/v1/watchlist/names", None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);

    let deleted = app
        .call(
            Method::DELETE,
            &format!("/api/v1/watchlist/names/{second_id}"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    app.call(
        Method::GET,
        &format!("/api/v1/watchlist/names/{second_id}"),
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    let rows: i64 = app
        .db()
        .await
        .query_one("SELECT count(*) FROM name_tracking", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 2, "the deleted watch is gone, nothing half-written");
}

#[tokio::test]
async fn recruiters_watch_their_own_saved_searches() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    let (_, other) = app.user_with_role("other@example.sn", "recruiter").await;
    let (_, person) = app.user_with_role("person@example.sn", "user").await;
    let saved = app
        .call(
            Method::POST,
            "/api/v1/cinema/searches",
            Some(json!({"name": "Wolof, femmes", "query": "gender=female&languages=wo"})),
            Some(&staff),
        )
        .await
        .json();
    let id = saved["id"].as_i64().unwrap();

    let listed = app
        .call(
            Method::GET,
            "/api/v1/watchlist/searches",
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(listed[0]["id"], id);
    assert_eq!(listed[0]["watched"], false);

    let watched = app
        .call(
            Method::PUT,
            &format!("/api/v1/watchlist/searches/{id}"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(watched.status, StatusCode::OK, "{:?}", watched.body);
    assert_eq!(watched.json()["watched"], true);
    assert_eq!(watched.json()["query"], "gender=female&languages=wo");

    // Someone else's search, or one that does not exist, is 404 and stays as it was.
    for (method, who) in [(Method::PUT, &other), (Method::DELETE, &other)] {
        app.call(
            method,
            &format!("/api/v1/watchlist/searches/{id}"),
            None,
            Some(who),
        )
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    }
    app.call(
        Method::PUT,
        "/api/v1/watchlist/searches/999999",
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    app.call(
        Method::PUT,
        "/api/v1/watchlist/searches/abc",
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::BAD_REQUEST);
    app.call(
        Method::PUT,
        &format!("/api/v1/watchlist/searches/{id}"),
        None,
        Some(&person),
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);
    let still: bool = app
        .db()
        .await
        .query_one("SELECT watched FROM saved_searches WHERE id = $1", &[&id])
        .await
        .unwrap()
        .get(0);
    assert!(still);

    let stopped = app
        .call(
            Method::DELETE,
            &format!("/api/v1/watchlist/searches/{id}"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(stopped.status, StatusCode::OK);
    assert_eq!(stopped.json()["watched"], false);
    assert_eq!(
        app.call(
            Method::GET,
            "/api/v1/watchlist/searches",
            None,
            Some(&other)
        )
        .await
        .json(),
        json!([])
    );
}
