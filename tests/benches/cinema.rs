//! `make bench` — the casting base at 100k screen talents: a five-filter search with a name
//! query through the HTTP layer beside the bare SQL of the same statements; and the badges of
//! a 300-talent project, total time and PDF size.

use std::time::Instant;

use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio::{
    cinema::talents::{CastingQuery, CastingSql},
    pagination::PageQuery,
};
use taalentio_tests::{
    bench::{Sample, format_duration, report_header, seed_casting},
    spawn_app,
};

const TALENTS: i64 = 100_000;
const RUNS: usize = 200;

#[tokio::main]
async fn main() {
    report_header("casting base at 100k talents, badges for 300");
    let app = spawn_app().await;
    let db = app.db().await;
    seed_casting(&db, TALENTS).await;
    drop(db);

    let (_, staff) = app
        .user_with_role("bench-casting@example.ci", "recruiter")
        .await;
    let db = app.db().await;
    let query = "gender=female&age_min=20&age_max=45&height_min=160&languages=fr&talent_types=lead_actor,dancer&q=aminata";
    let path = format!("/api/v1/cinema/talents?{query}");
    let total = app
        .call(Method::GET, &path, None, Some(&staff))
        .await
        .json()["total"]
        .clone();
    let mut http = Sample::new("GET /api/v1/cinema/talents, 6 filters + name");
    for _ in 0..RUNS {
        let start = Instant::now();
        let response = app.call(Method::GET, &path, None, Some(&staff)).await;
        assert_eq!(response.status, StatusCode::OK);
        http.push(start.elapsed());
    }
    let search: CastingQuery = serde_urlencoded::from_str(query).unwrap();
    let page = PageQuery {
        page: None,
        per_page: None,
    }
    .validate()
    .unwrap();
    let statements =
        CastingSql::build(&search, time::OffsetDateTime::now_utc().date(), page, false).unwrap();
    let mut bare = Sample::new("bare SQL: the same count + page");
    for _ in 0..RUNS {
        let start = Instant::now();
        db.query_one(&statements.count_sql, &statements.count_params())
            .await
            .unwrap();
        db.query(&statements.page_sql, &statements.page_params())
            .await
            .unwrap();
        bare.push(start.elapsed());
    }
    println!("  [{total} matches]");
    http.print_beside(&bare);

    // Badges: a project with 300 of them assigned.
    let production = app
        .created(
            &staff,
            "/api/v1/cinema/productions",
            json!({"name": "Bench Films"}),
        )
        .await;
    let project = app.created(&staff, "/api/v1/cinema/projects", json!({"name": "Trois cents visages", "production_type": "feature_film",
                        "production_company_id": production["id"], "start_date": "2027-02-01", "end_date": "2027-04-30"})).await;
    let project_id = project["id"].as_i64().unwrap();
    db.execute(
        "INSERT INTO project_talents (project_id, cinema_talent_id, talent_type, role_description, project_code)
         SELECT $1, id, 'extra', 'Figuration', substr(translate(upper(encode(sha256(('badge' || id)::bytea), 'base64')), '+/=01IO', 'ABCDEFG'), 1, 8)
           FROM cinema_talents ORDER BY id LIMIT 300",
        &[&project_id],
    )
    .await
    .unwrap();
    let mut badges = Sample::new("GET badges.pdf, 300 talents (30 A4 pages)");
    let mut size = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let response = app
            .call(
                Method::GET,
                &format!("/api/v1/cinema/projects/{project_id}/badges.pdf"),
                None,
                Some(&staff),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK);
        badges.push(start.elapsed());
        size = response.body.len();
    }
    println!(
        "  badges for 300 talents: p50 {} (n=5), PDF {:.0} KB (no photos on the seeded profiles)",
        format_duration(badges.median()),
        size as f64 / 1024.0
    );
}
