//! `make bench` — load on loopback: the platform served over TCP on 127.0.0.1 (every route
//! group, as the dev server serves them; an optimised build), then a fixed number of requests
//! with 16 in flight for each of login, the directory search (100k people), the casting search
//! (100k screen talents), a check-in and a public profile: throughput, p50/p99 and errors,
//! beside the floor of the same run (`GET /api/v1/health`: the HTTP layer and one SQL
//! round-trip). Then the pool exhausted: every connection held, requests wait the pool's
//! configured time and answer 503, none hangs.

use std::{net::SocketAddr, time::Duration};

use serde_json::json;
use taalentio_tests::{
    TestApp,
    accounts::{Auth, GOOD_PASSWORD},
    bench::{format_duration, report_header, seed_casting, seed_people},
    create_migrated_database, http_client,
    load::{self, LoadReport},
    spawn_app_on,
};

const IN_FLIGHT: usize = 16;
const PEOPLE: i64 = 100_000;
/// A Lambda instance serves one request at a time with a pool of 2; one process serving 16
/// at a time needs more.
const POOL_SIZE: &str = "16";

/// The app served over loopback TCP, as the dev server serves it.
async fn serve(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    format!("http://{address}")
}

fn with_auth(request: reqwest::RequestBuilder, auth: &Auth) -> reqwest::RequestBuilder {
    match auth {
        Auth::Session { cookie, csrf } => request
            .header("cookie", cookie)
            .header("x-csrf-token", csrf),
        Auth::Bearer(token) => request.bearer_auth(token),
    }
}

#[tokio::main]
async fn main() {
    report_header("load on loopback, 16 requests in flight");
    let app = spawn_app_on(
        create_migrated_database().await,
        &[("DATABASE_POOL_SIZE", POOL_SIZE)],
    )
    .await;
    let db = app.db().await;
    seed_people(&db, PEOPLE).await;
    seed_casting(&db, PEOPLE).await;
    let public_codes: Vec<String> = db
        .query(
            "UPDATE users SET profile_public = true
              WHERE id IN (SELECT id FROM users ORDER BY id LIMIT 500) RETURNING unique_code",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();

    let login_email = "bench-load@example.sn";
    app.confirmed_user(login_email).await;
    let (_, recruiter) = app
        .user_with_role("bench-load-recruiter@example.sn", "recruiter")
        .await;
    let (_, on_set) = app
        .user_with_role("bench-load-presence@example.sn", "presence")
        .await;
    let today = time::OffsetDateTime::now_utc().date();
    let production = app
        .created(
            &recruiter,
            "/api/v1/cinema/productions",
            json!({"name": "Load Films"}),
        )
        .await;
    let project = app
        .created(
            &recruiter,
            "/api/v1/cinema/projects",
            json!({"name": "Seize à la fois", "production_type": "feature_film",
                   "production_company_id": production["id"],
                   "start_date": (today - time::Duration::days(10)).to_string(),
                   "end_date": (today + time::Duration::days(30)).to_string()}),
        )
        .await;
    let project_id = project["id"].as_i64().expect("a project");
    let badge_codes: Vec<String> = db
        .query(
            "INSERT INTO project_talents (project_id, cinema_talent_id, talent_type, role_description, project_code)
             SELECT $1, id, 'extra', 'Figuration', substr(translate(upper(encode(sha256(('load' || id)::bytea), 'base64')), '+/=01IO', 'ABCDEFG'), 1, 8)
               FROM cinema_talents ORDER BY id LIMIT 300
             RETURNING project_code",
            &[&project_id],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    drop(db);

    let base = serve(&app).await;
    let client = http_client();
    let get = |path: String, auth: Option<Auth>| {
        let (client, base) = (client.clone(), base.clone());
        move |_: usize| {
            let request = client.get(format!("{base}{path}"));
            match &auth {
                Some(auth) => with_auth(request, auth),
                None => request,
            }
        }
    };

    let floor = load::run(
        "floor: GET /api/v1/health",
        2_000,
        IN_FLIGHT,
        get("/api/v1/health".into(), None),
    )
    .await;
    floor.print();
    let mut runs: Vec<LoadReport> = Vec::new();
    runs.push(
        load::run("POST /api/v1/auth/login (Argon2id)", 160, IN_FLIGHT, {
            let (client, base) = (client.clone(), base.clone());
            move |_| {
                client
                    .post(format!("{base}/api/v1/auth/login"))
                    .json(&json!({"email": login_email, "password": GOOD_PASSWORD}))
            }
        })
        .await,
    );
    runs.push(
        load::run(
            "GET /api/v1/users, 100k people, country + name",
            1_000,
            IN_FLIGHT,
            get(
                "/api/v1/users?category=music&country=NG&q=ngozi".into(),
                Some(recruiter.clone()),
            ),
        )
        .await,
    );
    runs.push(
        load::run(
            "GET /api/v1/cinema/talents, 100k, 6 filters + name",
            1_000,
            IN_FLIGHT,
            get(
                "/api/v1/cinema/talents?gender=female&age_min=20&age_max=45&height_min=160&languages=fr&talent_types=lead_actor,dancer&q=aminata".into(),
                Some(recruiter.clone()),
            ),
        )
        .await,
    );
    runs.push(
        load::run(
            "POST /api/v1/presence/projects/{id}/check-in",
            1_200,
            IN_FLIGHT,
            {
                let (client, base, on_set) = (client.clone(), base.clone(), on_set.clone());
                // Every request a new check-in: 300 badges on each of four days.
                move |i| {
                    let day = today - time::Duration::days((i / badge_codes.len()) as i64);
                    with_auth(
                        client.post(format!(
                            "{base}/api/v1/presence/projects/{project_id}/check-in"
                        )),
                        &on_set,
                    )
                    .json(&json!({"code": badge_codes[i % badge_codes.len()], "date": day.to_string()}))
                }
            },
        )
        .await,
    );
    runs.push(
        load::run(
            "GET /api/v1/profiles/{code} (public profile)",
            2_000,
            IN_FLIGHT,
            {
                let (client, base) = (client.clone(), base.clone());
                move |i| {
                    client.get(format!(
                        "{base}/api/v1/profiles/{}",
                        public_codes[i % public_codes.len()]
                    ))
                }
            },
        )
        .await,
    );
    for run in &runs {
        run.print();
    }
    let errors: usize = runs.iter().map(|r| r.errors.len()).sum::<usize>() + floor.errors.len();
    println!("  errors in all runs: {errors} (expected 0)");

    // The pool exhausted: a second app whose every connection is held.
    let wait = 1;
    let starved = spawn_app_on(
        create_migrated_database().await,
        &[
            ("DATABASE_POOL_SIZE", "2"),
            ("DATABASE_CONNECT_TIMEOUT_SECS", "1"),
        ],
    )
    .await;
    let held = [
        starved.state.db.get().await.unwrap(),
        starved.state.db.get().await.unwrap(),
    ];
    let starved_base = serve(&starved).await;
    let starved_run = load::run("pool of 2 all held: GET /api/v1/talents", 64, IN_FLIGHT, {
        let (client, base) = (client.clone(), starved_base);
        move |_| {
            client
                .get(format!("{base}/api/v1/talents"))
                .timeout(Duration::from_secs(30))
        }
    })
    .await;
    drop(held);
    let unavailable = starved_run
        .errors
        .iter()
        .filter(|e| e.starts_with("503"))
        .count();
    println!(
        "  pool exhausted (wait timeout {wait} s): {unavailable}/{} answered 503, the slowest after {} (none hung)",
        starved_run.requests,
        format_duration(*starved_run.latencies.last().unwrap())
    );
}
