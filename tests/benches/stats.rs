//! `make bench` — the dashboard's people figures at 100k people: `GET /api/v1/stats/users`
//! through the HTTP layer, beside the bare SQL of the same seven aggregates (pipelined on one
//! connection, as the handler sends them).

use std::time::Instant;

use axum::http::{Method, StatusCode};
use taalentio::stats;
use taalentio_tests::{
    bench::{Sample, report_header, seed_people},
    spawn_app,
};

const PEOPLE: i64 = 100_000;
const RUNS: usize = 200;

#[tokio::main]
async fn main() {
    report_header("dashboard stats at 100k people");
    let app = spawn_app().await;
    let db = app.db().await;
    seed_people(&db, PEOPLE).await;
    let (_, recruiter) = app
        .user_with_role("bench-recruiter@example.sn", "recruiter")
        .await;

    let response = app
        .call(Method::GET, "/api/v1/stats/users", None, Some(&recruiter))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let body = response.json();
    println!(
        "  [{} people, {} talents listed, {} weeks]",
        body["total"],
        body["by_talent"].as_array().unwrap().len(),
        body["signups_per_week"].as_array().unwrap().len()
    );
    let mut http = Sample::new("GET /api/v1/stats/users");
    for _ in 0..RUNS {
        let start = Instant::now();
        let response = app
            .call(Method::GET, "/api/v1/stats/users", None, Some(&recruiter))
            .await;
        assert_eq!(response.status, StatusCode::OK);
        http.push(start.elapsed());
    }

    let [a, b, c, d, e, f, g] = stats::user_stats_sql();
    let mut bare = Sample::new("bare SQL: the same 7 aggregates");
    for _ in 0..RUNS {
        let start = Instant::now();
        tokio::try_join!(
            db.query(&a, &[]),
            db.query(&b, &[]),
            db.query(&c, &[]),
            db.query(&d, &[]),
            db.query(&e, &[]),
            db.query(&f, &[]),
            db.query(&g, &[]),
        )
        .unwrap();
        bare.push(start.elapsed());
    }
    http.print_beside(&bare);

    // Each aggregate alone, to see which one the time goes to.
    for (label, sql) in [
        ("total", &a),
        ("by talent", &b),
        ("by category", &c),
        ("by country", &d),
        ("by gender", &e),
        ("by age band", &f),
        ("sign-ups per week", &g),
    ] {
        let mut one = Sample::new(label);
        for _ in 0..RUNS / 4 {
            let start = Instant::now();
            db.query(sql.as_str(), &[]).await.unwrap();
            one.push(start.elapsed());
        }
        println!(
            "    {label:<20} p50 {:>9}",
            taalentio_tests::bench::format_duration(one.median())
        );
    }
}
