//! `make bench` — the recruiters' directory at 100k people: a filtered, name-searched,
//! paginated `GET /api/v1/users` through the HTTP layer, beside the bare SQL of the same
//! search on the same connection pool.

use std::time::Instant;

use axum::http::{Method, StatusCode};
use taalentio::{
    pagination::PageQuery,
    profiles::search::{self, SearchQuery},
};
use taalentio_tests::{
    bench::{Sample, report_header, seed_people},
    spawn_app,
};

const PEOPLE: i64 = 100_000;
const RUNS: usize = 200;

#[tokio::main]
async fn main() {
    report_header("directory at 100k people");
    let app = spawn_app().await;
    let db = app.db().await;
    seed_people(&db, PEOPLE).await;

    let (_, recruiter) = app
        .user_with_role("bench-recruiter@example.sn", "recruiter")
        .await;
    let actor: i32 = db
        .query_one("SELECT id FROM talents WHERE tag = 'actor'", &[])
        .await
        .unwrap()
        .get(0);
    let queries = [
        ("name only (q=diallo)", "q=diallo".to_owned()),
        (
            "category + country + gender + age + name",
            "category=music&country=NG&gender=female&age_min=20&age_max=60&q=ngozi".to_owned(),
        ),
        ("talent, page 3", format!("talent_id={actor}&page=3")),
        (
            "category + age, page 50",
            "category=music&age_min=25&page=50".to_owned(),
        ),
    ];
    for (label, query) in &queries {
        let path = format!("/api/v1/users?{query}");
        let response = app.call(Method::GET, &path, None, Some(&recruiter)).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        let total = response.json()["total"].as_i64().unwrap();
        let mut http = Sample::new(&format!("GET /api/v1/users, {label}"));
        for _ in 0..RUNS {
            let start = Instant::now();
            let response = app.call(Method::GET, &path, None, Some(&recruiter)).await;
            assert_eq!(response.status, StatusCode::OK);
            http.push(start.elapsed());
        }
        // The same search as the handler runs it (count + page), on the bare pool.
        let mut bare = Sample::new("bare SQL: the same count + page");
        let search: SearchQuery = serde_urlencoded::from_str(query).unwrap();
        let page = PageQuery {
            page: search.page,
            per_page: search.per_page,
        }
        .validate()
        .unwrap();
        let sql = search::SearchSql::build(&search, time::OffsetDateTime::now_utc().date(), page)
            .unwrap();
        for _ in 0..RUNS {
            let start = Instant::now();
            db.query_one(&sql.count_sql, &sql.count_params())
                .await
                .unwrap();
            db.query(&sql.page_sql, &sql.page_params()).await.unwrap();
            bare.push(start.elapsed());
        }
        println!("  [{total} matches]");
        http.print_beside(&bare);
    }
}
