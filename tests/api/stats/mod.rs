//! Dashboard figures: seeded people and casting data whose breakdowns are known by
//! construction, checked count by count; who may read them.

mod running_totals;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, accounts::Auth, spawn_app};
use time::{Duration, OffsetDateTime};

/// The count of `key` in a breakdown (0 when it is absent).
fn count(breakdown: &Value, key: &str) -> i64 {
    breakdown
        .as_array()
        .unwrap_or_else(|| panic!("not a breakdown: {breakdown}"))
        .iter()
        .find(|c| c["key"] == key)
        .map(|c| c["count"].as_i64().unwrap())
        .unwrap_or(0)
}

fn keys(breakdown: &Value) -> Vec<String> {
    breakdown
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap().to_owned())
        .collect()
}

/// The four callers, with no place, gender, birth date or talent (so they only count as
/// `unknown`), and their ids.
async fn callers(app: &TestApp) -> [(i64, Auth); 4] {
    let mut out = Vec::new();
    for role in ["user", "presence", "recruiter", "admin"] {
        out.push(
            app.user_with_role(&format!("{role}@stats.example.sn"), role)
                .await,
        );
    }
    app.db()
        .await
        .execute(
            "UPDATE users SET date_of_birth = NULL, gender = NULL, country_id = NULL",
            &[],
        )
        .await
        .unwrap();
    out.try_into().unwrap()
}

/// One seeded person: (code suffix, country, gender, age in years or none, talents, active,
/// created this many days ago).
type Person = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<i64>,
    &'static [&'static str],
    bool,
    i64,
);

const PEOPLE: [Person; 8] = [
    (
        "22222222",
        Some("SN"),
        Some("female"),
        Some(20),
        &["actor"],
        true,
        0,
    ),
    (
        "22222223",
        Some("SN"),
        Some("female"),
        Some(24),
        &["actor", "extra"],
        true,
        21,
    ),
    (
        "22222224",
        Some("SN"),
        Some("female"),
        Some(30),
        &["singer"],
        true,
        21,
    ),
    (
        "22222225",
        Some("NG"),
        Some("male"),
        Some(40),
        &["dancer", "actor"],
        true,
        0,
    ),
    (
        "22222226",
        Some("NG"),
        Some("male"),
        Some(60),
        &["dancer"],
        true,
        100,
    ),
    (
        "22222227",
        Some("GH"),
        Some("non_binary"),
        Some(50),
        &[],
        true,
        0,
    ),
    ("22222228", None, None, None, &[], true, 0),
    // Inactive: in no breakdown of active people.
    (
        "22222229",
        Some("SN"),
        Some("female"),
        Some(20),
        &["actor"],
        false,
        0,
    ),
];

async fn seed_people(app: &TestApp) {
    let db = app.db().await;
    let today = OffsetDateTime::now_utc().date();
    for (code, country, gender, age, talents, active, days_ago) in PEOPLE {
        // Born `age` years and half a year ago: well inside the band whatever the day.
        let born = age.map(|a| today - Duration::days(a * 365 + a / 4 + 182));
        let id: i64 = db
            .query_one(
                "INSERT INTO users (unique_code, first_name, last_name, email, gender, date_of_birth,
                                    country_id, account_active, email_confirmed_at, created_at)
                 VALUES ($1, 'Seed', 'Person', lower($1) || '@seed.example.sn', $2, $3,
                         (SELECT id FROM countries WHERE code = $4), $5, now(),
                         now() - make_interval(days => $6::int))
                 RETURNING id",
                &[&code, &gender, &born, &country, &active, &(days_ago as i32)],
            )
            .await
            .unwrap()
            .get(0);
        for tag in talents {
            db.execute(
                "INSERT INTO user_talents (user_id, talent_id) SELECT $1, id FROM talents WHERE tag = $2",
                &[&id, tag],
            )
            .await
            .unwrap();
        }
    }
}

#[tokio::test]
async fn people_breakdowns_count_exactly_what_was_seeded() {
    let app = spawn_app().await;
    let [_, _, (_, recruiter), _] = callers(&app).await;
    seed_people(&app).await;
    let response = app
        .call(Method::GET, "/api/v1/stats/users", None, Some(&recruiter))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let stats = response.json();
    // 7 active seeded people and the 4 callers.
    assert_eq!(stats["total"], 11, "{stats}");
    let by_talent = &stats["by_talent"];
    assert_eq!(
        (
            count(by_talent, "actor"),
            count(by_talent, "dancer"),
            count(by_talent, "extra"),
            count(by_talent, "singer")
        ),
        (3, 2, 1, 1),
        "{by_talent}"
    );
    // Only talents someone lists, most listed first; with French and English names.
    assert_eq!(keys(by_talent)[0], "actor");
    assert_eq!(by_talent.as_array().unwrap().len(), 4);
    assert_eq!(by_talent[0]["name_en"], "Actor");
    // The person with actor and extra counts once in performing arts.
    let by_category = &stats["by_talent_category"];
    assert_eq!(
        (
            count(by_category, "performing_arts"),
            count(by_category, "dance"),
            count(by_category, "music")
        ),
        (3, 2, 1),
        "{by_category}"
    );
    let by_country = &stats["by_country"];
    assert_eq!(
        (
            count(by_country, "SN"),
            count(by_country, "NG"),
            count(by_country, "GH"),
            count(by_country, "unknown")
        ),
        (3, 2, 1, 5),
        "{by_country}"
    );
    assert_eq!(
        by_country
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == "SN")
            .unwrap()["name_fr"],
        "Sénégal"
    );
    let by_gender = &stats["by_gender"];
    assert_eq!(
        (
            count(by_gender, "female"),
            count(by_gender, "male"),
            count(by_gender, "non_binary"),
            count(by_gender, "unknown")
        ),
        (3, 2, 1, 5),
        "{by_gender}"
    );
    // Every band, in order, zeros included.
    let bands: Vec<(String, i64)> = stats["by_age_band"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["key"].as_str().unwrap().to_owned(),
                b["count"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, i64)> = [
        ("18-24", 2),
        ("25-34", 1),
        ("35-44", 1),
        ("45-54", 1),
        ("55+", 1),
        ("unknown", 5),
    ]
    .iter()
    .map(|(k, n)| (k.to_string(), *n))
    .collect();
    assert_eq!(bands, expected);

    // Twelve ISO weeks ending with this one, empty weeks as 0; the person of 100 days ago is
    // outside them, the inactive one counts (sign-ups are accounts created).
    let weeks = stats["signups_per_week"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    let today = OffsetDateTime::now_utc().date();
    let monday = today - Duration::days(today.weekday().number_days_from_monday().into());
    assert_eq!(weeks[11]["starts_on"], monday.to_string());
    assert_eq!(
        weeks[0]["starts_on"],
        (monday - Duration::weeks(11)).to_string()
    );
    let (year, week, _) = monday.to_iso_week_date();
    assert_eq!(weeks[11]["week"], format!("{year}-W{week:02}"));
    let counts: Vec<i64> = weeks.iter().map(|w| w["count"].as_i64().unwrap()).collect();
    // This week: 4 callers + 5 seeded today (the inactive one included); 3 weeks back: 2.
    let mut expected = vec![0; 12];
    expected[11] = 9;
    expected[8] = 2;
    assert_eq!(counts, expected);
}

async fn seed_cinema(app: &TestApp) -> (i64, i64) {
    let db = app.db().await;
    for (code, gender, country, types, active) in [
        (
            "33333332",
            Some("female"),
            Some("CI"),
            vec!["lead_actor", "dancer"],
            true,
        ),
        ("33333333", Some("female"), Some("CI"), vec!["extra"], true),
        ("33333334", Some("male"), Some("SN"), vec!["extra"], true),
        ("33333335", None, None, vec!["extra", "lead_actor"], true),
        ("33333336", Some("male"), Some("SN"), vec!["extra"], false),
    ] {
        db.execute(
            "INSERT INTO cinema_talents (unique_code, first_name, last_name, gender,
                                         country_of_residence_id, talent_types, is_active)
             VALUES ($1, 'Seed', 'Talent', $2, (SELECT id FROM countries WHERE code = $3), $4, $5)",
            &[&code, &gender, &country, &types, &active],
        )
        .await
        .unwrap();
    }
    let production: i64 = db
        .query_one(
            "INSERT INTO productions (name) VALUES ('Dakar Films') RETURNING id",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let mut projects = Vec::new();
    for (name, status) in [
        ("Le Maquis", "shooting"),
        ("Saison 2", "shooting"),
        ("Pilote", "planned"),
        ("Ancien", "completed"),
    ] {
        let id: i64 = db
            .query_one(
                "INSERT INTO projects (name, production_type, production_company_id, status)
                 VALUES ($1, 'series', $2, $3) RETURNING id",
                &[&name, &production, &status],
            )
            .await
            .unwrap()
            .get(0);
        projects.push(id);
    }
    // Le Maquis: three talents assigned; two came on the first day, one on the second.
    let maquis = projects[0];
    for (i, code) in ["33333332", "33333333", "33333334"].iter().enumerate() {
        db.execute(
            "INSERT INTO project_talents (project_id, cinema_talent_id, talent_type, project_code)
             SELECT $1, id, 'extra', $2 FROM cinema_talents WHERE unique_code = $3",
            &[&maquis, &format!("4444444{}", i + 2), code],
        )
        .await
        .unwrap();
    }
    let today = OffsetDateTime::now_utc().date();
    for (code, day) in [
        ("33333332", today),
        ("33333333", today),
        ("33333332", today - Duration::days(1)),
    ] {
        db.execute(
            "INSERT INTO attendances (project_id, cinema_talent_code, date, check_in_time)
             VALUES ($1, $2, $3, now())",
            &[&maquis, &code, &day],
        )
        .await
        .unwrap();
    }
    (maquis, projects[1])
}

#[tokio::test]
async fn cinema_breakdowns_count_exactly_what_was_seeded() {
    let app = spawn_app().await;
    let [_, _, (_, recruiter), _] = callers(&app).await;
    let (maquis, saison) = seed_cinema(&app).await;
    let response = app
        .call(Method::GET, "/api/v1/stats/cinema", None, Some(&recruiter))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let stats = response.json();
    assert_eq!(stats["talents"], 4, "{stats}");
    let by_type = &stats["talents_by_type"];
    assert_eq!(
        (
            count(by_type, "extra"),
            count(by_type, "lead_actor"),
            count(by_type, "dancer")
        ),
        (3, 2, 1),
        "{by_type}"
    );
    assert_eq!(by_type[0]["name_en"], "Extra");
    let by_gender = &stats["talents_by_gender"];
    assert_eq!(
        (
            count(by_gender, "female"),
            count(by_gender, "male"),
            count(by_gender, "unknown")
        ),
        (2, 1, 1)
    );
    let by_country = &stats["talents_by_country"];
    assert_eq!(
        (
            count(by_country, "CI"),
            count(by_country, "SN"),
            count(by_country, "unknown")
        ),
        (2, 1, 1)
    );
    let statuses = &stats["projects_by_status"];
    assert_eq!(
        keys(statuses),
        [
            "planned",
            "pre_production",
            "shooting",
            "post_production",
            "completed",
            "cancelled"
        ]
    );
    assert_eq!(
        statuses
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["count"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [1, 0, 2, 0, 1, 0]
    );
    let attendance = stats["attendance_by_project"].as_array().unwrap();
    assert_eq!(attendance.len(), 4);
    let line = |id: i64| attendance.iter().find(|p| p["project_id"] == id).unwrap();
    let maquis = line(maquis);
    assert_eq!(
        (
            &maquis["talents_assigned"],
            &maquis["days"],
            &maquis["check_ins"],
            &maquis["talents_present"]
        ),
        (&json!(3), &json!(2), &json!(3), &json!(2)),
        "{maquis}"
    );
    let saison = line(saison);
    assert_eq!(
        (
            &saison["days"],
            &saison["check_ins"],
            &saison["talents_present"]
        ),
        (&json!(0), &json!(0), &json!(0))
    );
}

#[tokio::test]
async fn the_overview_counts_people_casting_and_this_weeks_check_ins() {
    let app = spawn_app().await;
    let [_, _, _, (_, admin)] = callers(&app).await;
    seed_people(&app).await;
    seed_cinema(&app).await;
    let response = app
        .call(Method::GET, "/api/v1/stats/overview", None, Some(&admin))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let overview = response.json();
    assert_eq!(overview["people"], 12, "{overview}");
    assert_eq!(overview["active_confirmed"], 11);
    assert_eq!(overview["recruiters"], 1);
    assert_eq!(overview["signups_this_week"], 9);
    assert_eq!(overview["cinema_talents"], 4);
    assert_eq!(overview["productions"], 1);
    assert_eq!(overview["projects"], 4);
    assert_eq!(count(&overview["projects_by_status"], "shooting"), 2);
    // Today's two check-ins are this week's; yesterday's is too unless today is Monday.
    let today = OffsetDateTime::now_utc().date();
    let expected = if today.weekday() == time::Weekday::Monday {
        2
    } else {
        3
    };
    assert_eq!(overview["attendances_this_week"], expected);
}

#[tokio::test]
async fn only_recruiters_and_admins_read_the_dashboard() {
    let app = spawn_app().await;
    let [(_, user), (_, presence), (_, recruiter), (_, admin)] = callers(&app).await;
    for path in [
        "/api/v1/stats/overview",
        "/api/v1/stats/users",
        "/api/v1/stats/cinema",
    ] {
        app.call(Method::GET, path, None, None)
            .await
            .assert_problem(StatusCode::UNAUTHORIZED);
        for who in [&user, &presence] {
            let body = app
                .call(Method::GET, path, None, Some(who))
                .await
                .assert_problem(StatusCode::FORBIDDEN);
            assert!(
                body["detail"].as_str().unwrap().contains("recruiter"),
                "{body}"
            );
        }
        for who in [&recruiter, &admin] {
            let response = app.call(Method::GET, path, None, Some(who)).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
        }
    }
}
