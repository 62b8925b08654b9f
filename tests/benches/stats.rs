//! `make bench` — the dashboard's people figures at 100k people. `GET /api/v1/stats/users`
//! reads running totals kept by triggers (migration V10); measured through the HTTP layer
//! beside the bare SQL of the same seven reads (pipelined on one connection, as the handler
//! sends them) and beside what it replaced: the same counts aggregated from the tables on
//! every call. The overview and the casting figures (100k screen talents, 100 projects with
//! 1.2 million check-ins) beside their bare SQL and the attendance query before V11. Then what the triggers cost the writes they ride on: a sign-up and a change of
//! talents, with and without them.

use std::time::Instant;

use axum::http::{Method, StatusCode};
use taalentio::{jobs::maintenance, stats};
use taalentio_tests::{
    TestApp,
    accounts::Auth,
    bench::{Sample, format_duration, report_header, seed_casting, seed_people},
    spawn_app,
};
use time::OffsetDateTime;

const PEOPLE: i64 = 100_000;
const RUNS: usize = 200;
/// Single-person changes standing for a busy day between two maintenance runs.
const DAY_OF_CHANGES: i64 = 2_000;
const WRITES: usize = 300;
/// The attendance part of `/stats/cinema` before V11: every check-in of the latest projects.
const ATTENDANCE_BEFORE_RUNNING_TOTALS: &str = "SELECT p.id, p.name, p.status,
        (SELECT count(*) FROM project_talents pt WHERE pt.project_id = p.id) AS assigned,
        count(DISTINCT a.date) AS days, count(a.id) AS check_ins,
        count(DISTINCT a.cinema_talent_code) AS present
   FROM (SELECT id, name, status FROM projects WHERE is_active ORDER BY id DESC LIMIT 100) p
   LEFT JOIN attendances a ON a.project_id = p.id
  GROUP BY p.id, p.name, p.status ORDER BY p.id DESC";

/// 100 shooting projects of one production, each with 300 of the seeded screen talents
/// and a check-in for each on each of the last 40 days.
const ATTENDANCE_SEED: &str = "
INSERT INTO productions (name) VALUES ('Bench Films');
INSERT INTO projects (name, production_type, production_company_id, status)
SELECT 'Project ' || p, 'feature_film', (SELECT max(id) FROM productions), 'shooting'
  FROM generate_series(1, 100) p;
INSERT INTO project_talents (project_id, cinema_talent_id, talent_type, project_code)
SELECT p.id, t.id, 'extra',
       substr(translate(upper(encode(sha256(('pt' || p.id || '-' || t.id)::bytea), 'base64')),
                        '+/=01IO', 'ABCDEFG'), 1, 8)
  FROM projects p JOIN cinema_talents t ON t.id % 100 = p.id % 100 AND t.id <= 30000
ON CONFLICT DO NOTHING;
INSERT INTO attendances (project_id, cinema_talent_code, date, check_in_time)
SELECT pt.project_id, t.unique_code, d::date, d + interval '8 hours'
  FROM project_talents pt JOIN cinema_talents t ON t.id = pt.cinema_talent_id,
       generate_series(now()::date - 39, now()::date, interval '1 day') d;
ANALYZE;";

/// What `GET /stats/users` ran before the running totals (commit b04e81e), kept here as the
/// baseline: the same breakdowns aggregated from users and user_talents on every call.
const BEFORE_RUNNING_TOTALS: [&str; 7] = [
    "SELECT count(*) FROM users WHERE account_active",
    "SELECT t.tag, c.count FROM (SELECT ut.talent_id, count(*) AS count
       FROM user_talents ut JOIN users u ON u.id = ut.user_id
      WHERE u.account_active GROUP BY ut.talent_id) c JOIN talents t ON t.id = c.talent_id",
    "SELECT tc.code, c.count FROM (SELECT t.category, count(DISTINCT ut.user_id) AS count
       FROM user_talents ut JOIN talents t ON t.id = ut.talent_id JOIN users u ON u.id = ut.user_id
      WHERE u.account_active GROUP BY t.category) c JOIN talent_categories tc ON tc.code = c.category",
    "SELECT country_id, count(*) FROM users WHERE account_active GROUP BY country_id",
    "SELECT gender, count(*) FROM users WHERE account_active GROUP BY gender",
    "SELECT CASE WHEN date_of_birth IS NULL THEN 'unknown'
                 WHEN date_of_birth > current_date - interval '25 years' THEN '18-24'
                 WHEN date_of_birth > current_date - interval '35 years' THEN '25-34'
                 WHEN date_of_birth > current_date - interval '45 years' THEN '35-44'
                 WHEN date_of_birth > current_date - interval '55 years' THEN '45-54'
                 ELSE '55+' END, count(*) FROM users WHERE account_active GROUP BY 1",
    "SELECT date_trunc('week', created_at), count(*) FROM users
      WHERE created_at >= now() - interval '12 weeks' GROUP BY 1",
];

#[tokio::main]
async fn main() {
    report_header("dashboard stats at 100k people");
    let app = spawn_app().await;
    let db = app.db().await;
    seed_people(&db, PEOPLE).await;
    seed_casting(&db, PEOPLE).await;
    let start = Instant::now();
    db.batch_execute(ATTENDANCE_SEED).await.unwrap();
    let seeded = db
        .query_one(
            "SELECT (SELECT count(*) FROM projects), (SELECT count(*) FROM attendances)",
            &[],
        )
        .await
        .unwrap();
    println!(
        "  seeded {} projects and {} check-ins in {:.1} s",
        seeded.get::<_, i64>(0),
        seeded.get::<_, i64>(1),
        start.elapsed().as_secs_f64()
    );
    let (_, recruiter) = app
        .user_with_role("bench-recruiter@example.sn", "recruiter")
        .await;
    // The nightly run folds the seed's deltas.
    let report = maintenance::run(&app.state, OffsetDateTime::now_utc())
        .await
        .unwrap();
    println!(
        "  [maintenance: {} deltas folded, {} totals corrected]",
        report.people_counts.folded, report.people_counts.corrected
    );

    let http = measure_http(&app, &recruiter, "GET /api/v1/stats/users (folded)").await;
    let bare = measure_bare(&db, "bare SQL: the same 7 reads").await;
    http.print_beside(&bare);
    let mut from_tables = Sample::new("before V10: 7 aggregates over the tables");
    for _ in 0..RUNS / 4 {
        let start = Instant::now();
        let [a, b, c, d, e, f, g] = BEFORE_RUNNING_TOTALS;
        tokio::try_join!(
            db.query(a, &[]),
            db.query(b, &[]),
            db.query(c, &[]),
            db.query(d, &[]),
            db.query(e, &[]),
            db.query(f, &[]),
            db.query(g, &[]),
        )
        .unwrap();
        from_tables.push(start.elapsed());
    }
    http.print_beside(&from_tables);

    // The overview: running totals for people and profiles, counts of projects and check-ins.
    let overview = measure_get(
        &app,
        &recruiter,
        "/api/v1/stats/overview",
        "GET /api/v1/stats/overview",
    )
    .await;
    let [totals, statuses] = stats::overview_sql();
    let mut overview_bare = Sample::new("bare SQL: the same 2 statements");
    for _ in 0..RUNS {
        let start = Instant::now();
        tokio::try_join!(db.query(&totals, &[]), db.query(&statuses, &[])).unwrap();
        overview_bare.push(start.elapsed());
    }
    overview.print_beside(&overview_bare);

    // The casting figures: running totals for profiles and attendance.
    let casting = measure_get(
        &app,
        &recruiter,
        "/api/v1/stats/cinema",
        "GET /api/v1/stats/cinema",
    )
    .await;
    let [a, b, c, d, e, f] = stats::cinema_stats_sql();
    let mut casting_bare = Sample::new("bare SQL: the same 6 statements");
    for _ in 0..RUNS {
        let start = Instant::now();
        tokio::try_join!(
            db.query(&a, &[]),
            db.query(&b, &[]),
            db.query(&c, &[]),
            db.query(&d, &[]),
            db.query(&e, &[]),
            db.query(&f, &[&stats::ATTENDANCE_PROJECTS]),
        )
        .unwrap();
        casting_bare.push(start.elapsed());
    }
    casting.print_beside(&casting_bare);
    let mut attendance_before = Sample::new("before V11: attendance from every check-in");
    for _ in 0..RUNS / 20 {
        let start = Instant::now();
        db.query(ATTENDANCE_BEFORE_RUNNING_TOTALS, &[])
            .await
            .unwrap();
        attendance_before.push(start.elapsed());
    }
    casting.print_beside(&attendance_before);

    // A day of single-person changes leaves deltas for every read to add up until the fold.
    let start = Instant::now();
    for n in 0..DAY_OF_CHANGES {
        db.execute(
            "UPDATE users SET gender = CASE WHEN gender = 'male' THEN 'female' ELSE 'male' END
              WHERE id = $1",
            &[&(1 + n * 37 % PEOPLE)],
        )
        .await
        .unwrap();
        db.execute(
            "INSERT INTO user_talents (user_id, talent_id)
             SELECT $1::bigint, id FROM talents ORDER BY id OFFSET ($1::bigint % 50) LIMIT 1
             ON CONFLICT DO NOTHING",
            &[&(1 + n * 53 % PEOPLE)],
        )
        .await
        .unwrap();
    }
    let deltas: i64 = db
        .query_one("SELECT count(*) FROM people_count_deltas", &[])
        .await
        .unwrap()
        .get(0);
    println!(
        "  [{} single-person changes in {:.1} s: {deltas} deltas pending]",
        DAY_OF_CHANGES * 2,
        start.elapsed().as_secs_f64()
    );
    let pending = measure_http(&app, &recruiter, "GET /api/v1/stats/users (a day pending)").await;
    pending.print_beside(&http.named("GET /api/v1/stats/users (folded)"));
    let start = Instant::now();
    let refreshed = stats::refresh_running_totals(&app.state.db).await.unwrap();
    println!(
        "  [check and fold: {:.0} ms, {} deltas folded, {} corrected]",
        start.elapsed().as_secs_f64() * 1000.0,
        refreshed.folded,
        refreshed.corrected
    );

    // What the triggers add to the writes: the same transactions with them switched off.
    let with = measure_writes(&db, "with the running totals", 1).await;
    db.batch_execute(
        "ALTER TABLE users DISABLE TRIGGER USER; ALTER TABLE user_talents DISABLE TRIGGER USER;
         ALTER TABLE attendances DISABLE TRIGGER USER;",
    )
    .await
    .unwrap();
    let without = measure_writes(&db, "without", 2).await;
    db.batch_execute(
        "ALTER TABLE users ENABLE TRIGGER USER; ALTER TABLE user_talents ENABLE TRIGGER USER;
         ALTER TABLE attendances ENABLE TRIGGER USER;",
    )
    .await
    .unwrap();
    for (with, without) in with.into_iter().zip(without) {
        with.print_beside(&without);
    }
}

async fn measure_http(app: &TestApp, reader: &Auth, label: &str) -> Sample {
    let response = app
        .call(Method::GET, "/api/v1/stats/users", None, Some(reader))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let body = response.json();
    println!(
        "  [{} people, {} talents listed, {} weeks]",
        body["total"],
        body["by_talent"].as_array().unwrap().len(),
        body["signups_per_week"].as_array().unwrap().len()
    );
    measure_get(app, reader, "/api/v1/stats/users", label).await
}

/// `RUNS` GETs of `path`, each answered 200.
async fn measure_get(app: &TestApp, reader: &Auth, path: &str, label: &str) -> Sample {
    let mut sample = Sample::new(label);
    for _ in 0..RUNS {
        let start = Instant::now();
        let response = app.call(Method::GET, path, None, Some(reader)).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        sample.push(start.elapsed());
    }
    sample
}

async fn measure_bare(db: &taalentio::db::Client, label: &str) -> Sample {
    let [a, b, c, d, e, f, g] = stats::user_stats_sql();
    let mut sample = Sample::new(label);
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
        sample.push(start.elapsed());
    }
    // Which read the time goes to.
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
        println!("    {label:<20} p50 {:>9}", format_duration(one.median()));
    }
    sample
}

/// A sign-up (an account and two talents, one transaction), a change of talents (the
/// replace `PUT /me/talents` does: delete the others, insert the new) and a check-in (on a
/// day of its own, `round` years ahead, so each round's rows are new), `WRITES` times each.
async fn measure_writes(db: &taalentio::db::Client, label: &str, round: i32) -> [Sample; 3] {
    let tag = round;
    let mut signup = Sample::new(&format!("sign-up, {label}"));
    let mut change = Sample::new(&format!("change of talents, {label}"));
    let mut check_in = Sample::new(&format!("check-in, {label}"));
    for n in 0..WRITES {
        let start = Instant::now();
        db.batch_execute(&format!(
            "BEGIN;
             WITH person AS (
                 INSERT INTO users (unique_code, first_name, last_name, email, gender, date_of_birth,
                                    country_id, email_confirmed_at)
                 VALUES (substr(translate(upper(encode(sha256('w{tag}{n}'::bytea), 'base64')),
                                          '+/=01IO', 'ABCDEFG'), 1, 8),
                         'Awa', 'Sow', 'w{tag}{n}@example.sn', 'female', DATE '1995-03-02',
                         (SELECT id FROM countries WHERE code = 'SN'), now())
                 RETURNING id)
             INSERT INTO user_talents (user_id, talent_id)
             SELECT person.id, t.id FROM person, talents t WHERE t.tag IN ('actor', 'singer');
             COMMIT;"
        ))
        .await
        .unwrap();
        signup.push(start.elapsed());

        let person = 1 + (n as i64) * 97 % PEOPLE;
        let start = Instant::now();
        db.batch_execute(&format!(
            "BEGIN;
             DELETE FROM user_talents WHERE user_id = {person}
                AND talent_id NOT IN (SELECT id FROM talents WHERE tag IN ('dancer', 'extra'));
             INSERT INTO user_talents (user_id, talent_id)
             SELECT {person}, id FROM talents WHERE tag IN ('dancer', 'extra') ON CONFLICT DO NOTHING;
             COMMIT;"
        ))
        .await
        .unwrap();
        change.push(start.elapsed());

        // One of the seeded assignments, checked in on a day nobody was.
        let start = Instant::now();
        db.execute(
            "INSERT INTO attendances (project_id, cinema_talent_code, date, check_in_time)
             SELECT pt.project_id, t.unique_code, current_date + 365 * $2::int + ($1::bigint % 40)::int, now()
               FROM project_talents pt JOIN cinema_talents t ON t.id = pt.cinema_talent_id
              ORDER BY pt.id OFFSET $1 LIMIT 1",
            &[&(n as i64), &round],
        )
        .await
        .unwrap();
        check_in.push(start.elapsed());
    }
    [signup, change, check_in]
}
