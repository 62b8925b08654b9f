//! The OMDB adapter over HTTP, through `GET /api/v1/ai/films`: its `Response` field decides,
//! not the status; `N/A` is absent; each failure is a clear problem, never a 500.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::{
    accounts::Auth,
    fake_http::Reply,
    fake_omdb::{self, KEY},
    spawn_app,
};

use super::{omdb_app, set_ai};

async fn recruiter(app: &taalentio_tests::TestApp) -> Auth {
    set_ai(app, true).await;
    app.user_with_role("casting@films.example.sn", "recruiter")
        .await
        .1
}

#[tokio::test]
async fn a_search_lists_films_with_absent_values_left_out() {
    let server = fake_omdb::start().await;
    let app = omdb_app(&server).await;
    let who = recruiter(&app).await;
    let page = app
        .call(
            Method::GET,
            "/api/v1/ai/films?q=touki%20bouki",
            None,
            Some(&who),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
    let page = page.json();
    assert_eq!(page["total"], 1);
    assert_eq!(
        (page["page"].clone(), page["per_page"].clone()),
        (json!(1), json!(10))
    );
    let film = &page["items"][0];
    assert_eq!(film["imdb_id"], "tt0071361");
    assert_eq!(film["title"], "Touki Bouki");
    assert_eq!(film["year"], "1973");
    // OMDB's "N/A" poster is absent, not a broken link.
    assert!(film["poster_url"].is_null(), "{film}");
    let sent = server.received();
    assert_eq!(sent[0].query("apikey").as_deref(), Some(KEY));
    assert_eq!(sent[0].query("s").as_deref(), Some("touki bouki"));
    assert_eq!(sent[0].query("page").as_deref(), Some("1"));

    // "Movie not found!" comes with a 200 and Response "False": an empty page.
    let none = app
        .call(Method::GET, "/api/v1/ai/films?q=zzzzzz", None, Some(&who))
        .await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(none.json()["items"], json!([]));
    assert_eq!(none.json()["total"], 0);
    // "Too many results.": the query names the field to change.
    let broad = app
        .call(Method::GET, "/api/v1/ai/films?q=ab", None, Some(&who))
        .await
        .assert_code(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(broad["errors"][0]["field"], "query.q");
    // Bad input never reaches OMDB.
    let before = server.received().len();
    for query in ["", "?q=", "?q=a", "?q=yeelen&page=0", "?q=yeelen&page=101"] {
        app.call(
            Method::GET,
            &format!("/api/v1/ai/films{query}"),
            None,
            Some(&who),
        )
        .await
        .assert_code(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }
    assert_eq!(server.received().len(), before);
}

#[tokio::test]
async fn each_omdb_failure_is_a_clear_problem() {
    let server = fake_omdb::start().await;
    let app = omdb_app(&server).await;
    let who = recruiter(&app).await;
    let search = || app.call(Method::GET, "/api/v1/ai/films?q=yeelen", None, Some(&who));
    for (reply, status, code, retry) in [
        // A 401 with OMDB's body: the key is wrong.
        (
            Reply::json(
                401,
                json!({"Response": "False", "Error": "Invalid API key!"}),
            ),
            StatusCode::BAD_GATEWAY,
            "provider_refused",
            None,
        ),
        // A 401 too, but the day's requests are spent: try later.
        (
            Reply::json(
                401,
                json!({"Response": "False", "Error": "Request limit reached!"}),
            ),
            StatusCode::SERVICE_UNAVAILABLE,
            "provider_unavailable",
            Some("30"),
        ),
        // Not OMDB's body: by the status, its Retry-After passed on.
        (
            Reply::raw(503, "text/html", "<h1>Service Unavailable</h1>").header("retry-after", "7"),
            StatusCode::SERVICE_UNAVAILABLE,
            "provider_unavailable",
            Some("7"),
        ),
        (
            Reply::raw(200, "application/json", "{\"Search\": [{\"Title\""),
            StatusCode::BAD_GATEWAY,
            "provider_refused",
            None,
        ),
        // "True" with a body that is not a list of films.
        (
            Reply::json(200, json!({"Response": "True", "Search": "nope"})),
            StatusCode::BAD_GATEWAY,
            "provider_refused",
            None,
        ),
    ] {
        server.script([reply]);
        let response = search().await;
        let body = response.assert_code(status, code);
        assert_eq!(
            response
                .headers
                .get("retry-after")
                .map(|v| v.to_str().unwrap()),
            retry,
            "{body}"
        );
    }
    // And a working search again.
    assert_eq!(search().await.json()["items"][0]["imdb_id"], "tt0091848");
}

#[tokio::test]
async fn a_slow_omdb_is_cut_off() {
    let server = fake_omdb::start().await;
    let mut settings = fake_omdb::settings(&server);
    settings.push(("OMDB_TIMEOUT_SECS", "1".into()));
    let app = super::app_with(&[settings], &[]).await;
    let who = recruiter(&app).await;
    server
        .script([Reply::json(200, json!({"Response": "True", "Search": []}))
            .after(Duration::from_secs(5))]);
    let started = Instant::now();
    app.call(Method::GET, "/api/v1/ai/films?q=yeelen", None, Some(&who))
        .await
        .assert_code(StatusCode::SERVICE_UNAVAILABLE, "provider_unavailable");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn without_a_key_the_film_search_says_it_is_not_configured() {
    let app = spawn_app().await;
    let who = recruiter(&app).await;
    let body = app
        .call(Method::GET, "/api/v1/ai/films?q=yeelen", None, Some(&who))
        .await
        .assert_code(StatusCode::SERVICE_UNAVAILABLE, "not_configured");
    assert!(
        body["detail"].as_str().unwrap().contains("not configured"),
        "{body}"
    );
}
