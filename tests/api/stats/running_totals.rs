//! `GET /stats/users` and the people figures of `/stats/overview` read running totals that
//! triggers keep (migration V10). Each test
//! changes people in every way the product (or an operator) can, and compares what the
//! dashboard answers with the same figures aggregated here, from the tables, by this test's own
//! SQL.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio::jobs::maintenance;
use taalentio_tests::{
    TestApp,
    accounts::{Auth, GOOD_PASSWORD},
    spawn_app,
};
use time::OffsetDateTime;

use super::{callers, seed_people};
use crate::profiles::talent_id as talent;

/// One breakdown as `key → count`, zeros left out.
type Figures = BTreeMap<String, i64>;

fn figures(breakdown: &Value) -> Figures {
    breakdown
        .as_array()
        .unwrap_or_else(|| panic!("not a breakdown: {breakdown}"))
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_owned(),
                c["count"].as_i64().unwrap(),
            )
        })
        .filter(|(_, n)| *n != 0)
        .collect()
}

/// The dashboard's people figures, as the endpoint answers them.
async fn dashboard(app: &TestApp, reader: &Auth) -> BTreeMap<&'static str, Figures> {
    let response = app
        .call(Method::GET, "/api/v1/stats/users", None, Some(reader))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let stats = response.json();
    let weeks = stats["signups_per_week"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["starts_on"].as_str().unwrap().to_owned(),
                w["count"].as_i64().unwrap(),
            )
        })
        .filter(|(_, n)| *n != 0)
        .collect();
    let response = app
        .call(Method::GET, "/api/v1/stats/overview", None, Some(reader))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let overview = response.json();
    let people = [
        "people",
        "active_confirmed",
        "recruiters",
        "signups_this_week",
    ]
    .map(|name| (name.to_owned(), overview[name].as_i64().unwrap()))
    .into_iter()
    .filter(|(_, n)| *n != 0)
    .collect();
    BTreeMap::from([
        ("overview", people),
        (
            "total",
            Figures::from([(String::new(), stats["total"].as_i64().unwrap())]),
        ),
        ("by_talent", figures(&stats["by_talent"])),
        ("by_talent_category", figures(&stats["by_talent_category"])),
        ("by_country", figures(&stats["by_country"])),
        ("by_gender", figures(&stats["by_gender"])),
        ("by_age_band", figures(&stats["by_age_band"])),
        ("signups_per_week", weeks),
    ])
}

/// The same figures aggregated from users and user_talents.
async fn from_tables(app: &TestApp) -> BTreeMap<&'static str, Figures> {
    let active = "FROM users u WHERE u.account_active";
    let queries = [
        (
            "overview",
            "SELECT 'people', count(*) FROM users
             UNION ALL SELECT 'active_confirmed', count(*) FROM users
                        WHERE account_active AND email_confirmed_at IS NOT NULL
             UNION ALL SELECT 'recruiters', count(*) FROM users
                        WHERE account_active AND role = 'recruiter'
             UNION ALL SELECT 'signups_this_week', count(*) FROM users
                        WHERE created_at >= date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
                .to_owned(),
        ),
        ("total", format!("SELECT '', count(*) {active}")),
        (
            "by_talent",
            "SELECT t.tag, count(*) FROM users u
               JOIN user_talents ut ON ut.user_id = u.id JOIN talents t ON t.id = ut.talent_id
              WHERE u.account_active GROUP BY t.tag"
                .to_owned(),
        ),
        (
            "by_talent_category",
            "SELECT t.category, count(DISTINCT u.id) FROM users u
               JOIN user_talents ut ON ut.user_id = u.id JOIN talents t ON t.id = ut.talent_id
              WHERE u.account_active GROUP BY t.category"
                .to_owned(),
        ),
        (
            "by_country",
            "SELECT coalesce(c.code::text, 'unknown'), count(*) FROM users u
               LEFT JOIN countries c ON c.id = u.country_id
              WHERE u.account_active GROUP BY 1"
                .to_owned(),
        ),
        (
            "by_gender",
            format!("SELECT coalesce(u.gender, 'unknown'), count(*) {active} GROUP BY 1"),
        ),
        (
            "by_age_band",
            "SELECT CASE WHEN u.date_of_birth IS NULL THEN 'unknown'
                             WHEN age(today, u.date_of_birth) < interval '25 years' THEN '18-24'
                             WHEN age(today, u.date_of_birth) < interval '35 years' THEN '25-34'
                             WHEN age(today, u.date_of_birth) < interval '45 years' THEN '35-44'
                             WHEN age(today, u.date_of_birth) < interval '55 years' THEN '45-54'
                             ELSE '55+' END, count(*)
                   FROM users u, (SELECT (now() AT TIME ZONE 'UTC')::date AS today) t
                  WHERE u.account_active GROUP BY 1"
                .to_owned(),
        ),
        (
            "signups_per_week",
            "SELECT to_char(date_trunc('week', u.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD'), count(*)
               FROM users u
              WHERE u.created_at >= (date_trunc('week', now() AT TIME ZONE 'UTC')
                                     - interval '11 weeks') AT TIME ZONE 'UTC'
              GROUP BY 1"
                .to_owned(),
        ),
    ];
    counted(app, &queries).await
}

/// Runs each figure's SQL (rows of key and count) and gathers the answers, zeros left out.
async fn counted(
    app: &TestApp,
    queries: &[(&'static str, String)],
) -> BTreeMap<&'static str, Figures> {
    let db = app.db().await;
    let mut out = BTreeMap::new();
    for (name, sql) in queries {
        let rows = db.query(sql.as_str(), &[]).await.unwrap();
        out.insert(
            *name,
            rows.iter()
                .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1)))
                .filter(|(_, n)| *n != 0)
                .collect(),
        );
    }
    out
}

async fn assert_in_step(app: &TestApp, reader: &Auth, after: &str) {
    assert_eq!(
        dashboard(app, reader).await,
        from_tables(app).await,
        "the dashboard and the tables disagree after {after}"
    );
}

async fn person_id(app: &TestApp, code: &str) -> i64 {
    app.db()
        .await
        .query_one("SELECT id FROM users WHERE unique_code = $1", &[&code])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn the_dashboard_follows_every_change_to_people() {
    let app = spawn_app().await;
    let [(_, user), _, (_, recruiter), (_, admin)] = callers(&app).await;
    seed_people(&app).await;
    assert_in_step(&app, &recruiter, "seeding").await;

    let [actor, singer, dancer, extra] = [
        talent(&app, "actor").await,
        talent(&app, "singer").await,
        talent(&app, "dancer").await,
        talent(&app, "extra").await,
    ];
    // A person lists talents, then replaces them (leaving a category, entering another).
    for set in [json!([actor, singer, extra]), json!([dancer, extra])] {
        let response = app
            .call(
                Method::PUT,
                "/api/v1/me/talents",
                Some(json!({ "talent_ids": set })),
                Some(&user),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        assert_in_step(&app, &recruiter, &format!("setting talents {set}")).await;
    }
    // Place, gender and birth date change.
    let response = app
        .call(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"country": "GH", "gender": "male", "date_of_birth": "1990-06-15"})),
            Some(&user),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    assert_in_step(&app, &recruiter, "a profile change").await;

    // An admin deactivates a person with two talents of two categories, then reactivates them.
    let dancing_actor = person_id(&app, "22222225").await;
    for active in [false, true] {
        let response = app
            .call(
                Method::PUT,
                &format!("/api/v1/admin/users/{dancing_actor}/active"),
                Some(json!({ "active": active })),
                Some(&admin),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        assert_in_step(&app, &recruiter, &format!("setting active = {active}")).await;
    }

    // An admin makes them a recruiter, and an unconfirmed account appears.
    let response = app
        .call(
            Method::PUT,
            &format!("/api/v1/admin/users/{dancing_actor}/role"),
            Some(json!({ "role": "recruiter" })),
            Some(&admin),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let response = app.register("new@stats.example.sn", GOOD_PASSWORD).await;
    assert!(response.status.is_success(), "{:?}", response.body);
    assert_in_step(&app, &recruiter, "a role change and a registration").await;

    // An admin moves a talent to another category: singers now count in dance.
    let response = app
        .call(
            Method::PATCH,
            &format!("/api/v1/talents/{singer}"),
            Some(json!({"category": "dance"})),
            Some(&admin),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    assert_in_step(&app, &recruiter, "moving singer to dance").await;

    // A person erases their account (their talents go with it).
    let response = app
        .call(
            Method::DELETE,
            "/api/v1/me",
            Some(json!({ "password": GOOD_PASSWORD })),
            Some(&user),
        )
        .await;
    assert!(response.status.is_success(), "{:?}", response.body);
    assert_in_step(&app, &recruiter, "an erasure").await;

    // What an operator might do in SQL: many rows per statement, and a delete.
    let db = app.db().await;
    db.batch_execute(
        "UPDATE users SET account_active = NOT account_active WHERE unique_code LIKE '2222222%';
         DELETE FROM user_talents WHERE talent_id = (SELECT id FROM talents WHERE tag = 'actor');
         INSERT INTO user_talents (user_id, talent_id)
              SELECT u.id, t.id FROM users u, talents t
               WHERE u.unique_code LIKE '2222222%' AND t.tag IN ('actor', 'extra')
              ON CONFLICT DO NOTHING;
         DELETE FROM users WHERE unique_code = '22222223';",
    )
    .await
    .unwrap();
    assert_in_step(&app, &recruiter, "bulk statements").await;

    // Rows of user_talents are replaced, never rewritten: an update is refused, not miscounted.
    let refused = db
        .execute(
            "UPDATE user_talents SET talent_id = $1 WHERE talent_id = $2",
            &[&singer, &extra],
        )
        .await
        .unwrap_err();
    let message = refused.as_db_error().map(|e| e.message().to_owned());
    assert_eq!(
        message.as_deref(),
        Some("user_talents rows are inserted or deleted, not updated"),
        "{refused:?}"
    );
    assert_in_step(&app, &recruiter, "a refused update").await;
}

/// Two transactions add two talents of one category to the same person at once: the person
/// enters the category once.
#[tokio::test]
async fn concurrent_changes_to_one_persons_talents_count_once() {
    let app = spawn_app().await;
    let [_, _, (_, recruiter), _] = callers(&app).await;
    seed_people(&app).await;
    let person = person_id(&app, "22222227").await; // no talents yet
    let [actor, extra] = [talent(&app, "actor").await, talent(&app, "extra").await];

    let mut first = app.db().await;
    let mut second = app.db().await;
    let first_tx = first.transaction().await.unwrap();
    first_tx
        .execute(
            "INSERT INTO user_talents (user_id, talent_id) VALUES ($1, $2)",
            &[&person, &actor],
        )
        .await
        .unwrap();
    let racing = tokio::spawn(async move {
        let tx = second.transaction().await.unwrap();
        tx.execute(
            "INSERT INTO user_talents (user_id, talent_id) VALUES ($1, $2)",
            &[&person, &extra],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    });
    // Let the second insert reach the trigger (where it waits for the first), then commit.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!racing.is_finished(), "the second change did not wait");
    first_tx.commit().await.unwrap();
    racing.await.unwrap();
    assert_in_step(&app, &recruiter, "two concurrent talent changes").await;
}

/// A total written around the triggers (a restore, a manual fix) is wrong until the daily
/// maintenance compares every total with the tables; it then says what it corrected, and
/// folds the deltas away.
#[tokio::test]
async fn maintenance_corrects_drift_and_folds_the_deltas() {
    let app = spawn_app().await;
    let [_, _, (_, recruiter), _] = callers(&app).await;
    seed_people(&app).await;
    let db = app.db().await;
    db.batch_execute(
        "ALTER TABLE user_talents DISABLE TRIGGER people_counts_added;
         INSERT INTO user_talents (user_id, talent_id)
              SELECT u.id, t.id FROM users u, talents t
               WHERE u.unique_code = '22222228' AND t.tag = 'singer';
         ALTER TABLE user_talents ENABLE TRIGGER people_counts_added;",
    )
    .await
    .unwrap();
    let before = dashboard(&app, &recruiter).await;
    let tables = from_tables(&app).await;
    assert_ne!(before, tables, "the drift should show before maintenance");
    assert_eq!(
        tables["by_talent"]["singer"],
        before["by_talent"]["singer"] + 1
    );

    let report = maintenance::run(&app.state, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(report.ran, "{}", report.message);
    // singer, and music (the person had no talent of it).
    assert_eq!(report.people_counts.corrected, 2, "{report:?}");
    assert!(report.people_counts.folded > 0, "{report:?}");
    let left: i64 = db
        .query_one("SELECT count(*) FROM people_count_deltas", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    assert_in_step(&app, &recruiter, "maintenance").await;

    // Folded totals go on moving with the tables.
    db.execute(
        "UPDATE users SET account_active = false WHERE unique_code = '22222228'",
        &[],
    )
    .await
    .unwrap();
    assert_in_step(&app, &recruiter, "a change after folding").await;
}

/// The casting figures of `/stats/cinema` and of the overview, as the endpoints answer them.
async fn casting_dashboard(app: &TestApp, reader: &Auth) -> BTreeMap<&'static str, Figures> {
    let response = app
        .call(Method::GET, "/api/v1/stats/cinema", None, Some(reader))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let stats = response.json();
    let overview = app
        .call(Method::GET, "/api/v1/stats/overview", None, Some(reader))
        .await
        .json();
    BTreeMap::from([
        (
            "talents",
            [
                ("cinema".to_owned(), stats["talents"].as_i64().unwrap()),
                (
                    "overview".to_owned(),
                    overview["cinema_talents"].as_i64().unwrap(),
                ),
            ]
            .into_iter()
            .filter(|(_, n)| *n != 0)
            .collect(),
        ),
        ("talents_by_type", figures(&stats["talents_by_type"])),
        ("talents_by_gender", figures(&stats["talents_by_gender"])),
        ("talents_by_country", figures(&stats["talents_by_country"])),
    ])
}

/// The same figures counted from cinema_talents.
async fn casting_from_tables(app: &TestApp) -> BTreeMap<&'static str, Figures> {
    let queries = [
        (
            "talents",
            "SELECT 'cinema', count(*) FROM cinema_talents WHERE is_active
             UNION ALL SELECT 'overview', count(*) FROM cinema_talents WHERE is_active",
        ),
        (
            "talents_by_type",
            "SELECT t, count(*) FROM cinema_talents, unnest(talent_types) t
              WHERE is_active GROUP BY t",
        ),
        (
            "talents_by_gender",
            "SELECT coalesce(gender, 'unknown'), count(*) FROM cinema_talents
              WHERE is_active GROUP BY 1",
        ),
        (
            "talents_by_country",
            "SELECT coalesce(co.code::text, 'unknown'), count(*) FROM cinema_talents c
               LEFT JOIN countries co ON co.id = c.country_of_residence_id
              WHERE c.is_active GROUP BY 1",
        ),
    ];
    counted(app, &queries.map(|(name, sql)| (name, sql.to_owned()))).await
}

async fn assert_casting_in_step(app: &TestApp, reader: &Auth, after: &str) {
    assert_eq!(
        casting_dashboard(app, reader).await,
        casting_from_tables(app).await,
        "the casting dashboard and the table disagree after {after}"
    );
}

#[tokio::test]
async fn the_casting_dashboard_follows_every_change_to_profiles() {
    let app = spawn_app().await;
    let (_, staff) = app
        .user_with_role("casting@stats.example.sn", "recruiter")
        .await;
    assert_casting_in_step(&app, &staff, "nothing").await;
    let mut ids = Vec::new();
    for body in [
        json!({"first_name": "Awa", "last_name": "Sow", "gender": "female", "country": "SN",
               "talent_types": ["lead_actor", "dancer"]}),
        json!({"first_name": "Yao", "last_name": "Kouassi", "gender": "male", "country": "CI",
               "talent_types": ["extra"]}),
        json!({"first_name": "Nia", "last_name": "Otieno"}),
    ] {
        let response = app
            .call(
                Method::POST,
                "/api/v1/cinema/talents",
                Some(body),
                Some(&staff),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
        ids.push(response.json()["id"].as_i64().unwrap());
        assert_casting_in_step(&app, &staff, "a new profile").await;
    }
    let response = app
        .call(
            Method::PATCH,
            &format!("/api/v1/cinema/talents/{}", ids[0]),
            Some(json!({"talent_types": ["model"], "country": "GH", "gender": "non_binary"})),
            Some(&staff),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    assert_casting_in_step(&app, &staff, "a changed profile").await;
    let response = app
        .call(
            Method::DELETE,
            &format!("/api/v1/cinema/talents/{}", ids[1]),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert_casting_in_step(&app, &staff, "a removed profile").await;

    let db = app.db().await;
    db.batch_execute(
        "UPDATE cinema_talents SET is_active = NOT is_active;
         UPDATE cinema_talents SET talent_types = talent_types || '{extra}' WHERE is_active;
         DELETE FROM cinema_talents WHERE first_name = 'Nia';",
    )
    .await
    .unwrap();
    assert_casting_in_step(&app, &staff, "bulk statements").await;
}

/// Per project (id, days with a check-in, check-ins, talents present), and this week's
/// check-ins, as the endpoints answer them.
async fn attendance_dashboard(app: &TestApp, reader: &Auth) -> (Vec<[i64; 4]>, i64) {
    let stats = app
        .call(Method::GET, "/api/v1/stats/cinema", None, Some(reader))
        .await
        .json();
    let projects = stats["attendance_by_project"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            ["project_id", "days", "check_ins", "talents_present"].map(|k| p[k].as_i64().unwrap())
        })
        .collect();
    let overview = app
        .call(Method::GET, "/api/v1/stats/overview", None, Some(reader))
        .await
        .json();
    (
        projects,
        overview["attendances_this_week"].as_i64().unwrap(),
    )
}

/// The same, counted from attendances.
async fn attendance_from_tables(app: &TestApp) -> (Vec<[i64; 4]>, i64) {
    let db = app.db().await;
    let projects = db
        .query(
            "SELECT p.id, count(DISTINCT a.date), count(a.id), count(DISTINCT a.cinema_talent_code)
               FROM projects p LEFT JOIN attendances a ON a.project_id = p.id
              WHERE p.is_active GROUP BY p.id ORDER BY p.id DESC",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| [r.get(0), r.get(1), r.get(2), r.get(3)])
        .collect();
    let this_week: i64 = db
        .query_one(
            "SELECT count(*) FROM attendances
              WHERE date >= date_trunc('week', now() AT TIME ZONE 'UTC')::date",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    (projects, this_week)
}

async fn assert_attendance_in_step(app: &TestApp, reader: &Auth, after: &str) {
    assert_eq!(
        attendance_dashboard(app, reader).await,
        attendance_from_tables(app).await,
        "the attendance figures and the table disagree after {after}"
    );
}

/// Attendance figures read running totals too (migration V11): scans through the API (a
/// double scan and a check-out among them), then moves and deletes in SQL, and drift that the
/// maintenance check corrects.
#[tokio::test]
async fn attendance_figures_follow_every_check_in() {
    let app = spawn_app().await;
    let (_, desk) = app
        .user_with_role("desk@stats.example.ci", "presence")
        .await;
    let (_, reader) = app
        .user_with_role("reader@stats.example.ci", "recruiter")
        .await;
    let (project, codes, cinema_codes) = crate::presence::shooting(&app).await;
    assert_attendance_in_step(&app, &reader, "no scan").await;
    let today = OffsetDateTime::now_utc().date().to_string();
    for (way, code) in [
        ("check-in", &codes[0]),
        ("check-in", &codes[0]),
        ("check-in", &codes[1]),
        ("check-out", &codes[0]),
    ] {
        let response = app
            .call(
                Method::POST,
                &format!("/api/v1/presence/projects/{project}/{way}"),
                Some(json!({"code": code, "date": today})),
                Some(&desk),
            )
            .await;
        assert!(response.status.is_success(), "{way}: {:?}", response.body);
        assert_attendance_in_step(&app, &reader, &format!("a {way} of {code}")).await;
    }
    let db = app.db().await;
    db.execute(
        "INSERT INTO attendances (project_id, cinema_talent_code, date, check_in_time)
         VALUES ($1, $2, current_date - 8, now() - interval '8 days'),
                ($1, $2, current_date - 9, now() - interval '9 days')",
        &[&project, &cinema_codes[0]],
    )
    .await
    .unwrap();
    assert_attendance_in_step(&app, &reader, "two earlier days").await;
    db.batch_execute(
        "UPDATE attendances SET date = date - 20 WHERE date < current_date - 8;
         DELETE FROM attendances WHERE date = current_date - 8;",
    )
    .await
    .unwrap();
    assert_attendance_in_step(&app, &reader, "a moved and a deleted day").await;

    // Written around the trigger: wrong until the check corrects it.
    db.execute(
        "UPDATE attendance_day_counts SET check_ins = check_ins + 5 WHERE date = current_date",
        &[],
    )
    .await
    .unwrap();
    assert_ne!(
        attendance_dashboard(&app, &reader).await,
        attendance_from_tables(&app).await
    );
    let refreshed = taalentio::stats::refresh_running_totals(&app.state.db)
        .await
        .unwrap();
    assert_eq!(refreshed.corrected, 1, "{refreshed:?}");
    assert_attendance_in_step(&app, &reader, "the check").await;
}
