//! Exports of the directory, the casting base and attendance: read back by openpyxl and
//! Python's `csv` module, filtered like their lists, for recruiters and admins only, stored
//! and linked when large, and logged.

use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};
use taalentio_tests::{
    TestApp, TestResponse,
    accounts::Auth,
    sheets::{read_csv, read_xlsx, xlsx_values},
    spawn_app, spawn_app_on,
};

use super::profiles::{city_id, talent_id};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const USER_HEADERS: [&str; 14] = [
    "unique_code",
    "first_name",
    "last_name",
    "email",
    "gender",
    "date_of_birth",
    "age",
    "nationality",
    "country_code",
    "country",
    "city",
    "talents",
    "preferred_language",
    "registered_at",
];

/// A confirmed person with a profile and talents, made through the API.
async fn person(app: &TestApp, email: &str, profile: Value, talents: &[&str]) {
    let (_, session) = app.user_with_role(email, "user").await;
    let response = app
        .call(Method::PATCH, "/api/v1/me", Some(profile), Some(&session))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let mut ids = Vec::new();
    for tag in talents {
        ids.push(talent_id(app, tag).await);
    }
    let response = app
        .call(
            Method::PUT,
            "/api/v1/me/talents",
            Some(json!({"talent_ids": ids})),
            Some(&session),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
}

/// Three people in three countries and a recruiter (no birth date, no country).
async fn directory(app: &TestApp) -> Auth {
    let dakar = city_id(app, "SN", "Dakar").await;
    let abidjan = city_id(app, "CI", "Abidjan").await;
    let lagos = city_id(app, "NG", "Lagos").await;
    person(
        app,
        "aissatou@example.sn",
        json!({"first_name": "Aïssatou", "last_name": "Ndiaye", "gender": "female",
        "date_of_birth": "1994-06-02", "country": "SN", "city_id": dakar,
        "phone": "+221 77 123 45 67", "address": "Rue 10, Médina"}),
        &["actor", "singer"],
    )
    .await;
    person(
        app,
        "benedicte@example.ci",
        json!({"first_name": "Bénédicte", "last_name": "Kouamé", "gender": "female",
        "date_of_birth": "1999-11-30", "country": "CI", "city_id": abidjan}),
        &["dancer"],
    )
    .await;
    person(
        app,
        "chinedu@example.ng",
        json!({"first_name": "Chinedu", "last_name": "Okafor", "gender": "male",
        "date_of_birth": "1988-01-15", "country": "NG", "city_id": lagos}),
        &["actor"],
    )
    .await;
    let (_, recruiter) = app
        .user_with_role("recruteur@example.ci", "recruiter")
        .await;
    recruiter
}

async fn export(app: &TestApp, who: &Auth, path: &str) -> TestResponse {
    let response = app.call(Method::GET, path, None, Some(who)).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&response.body)
    );
    response
}

/// The rows of an exported file (header first) as strings, whichever the format.
fn table(response: &TestResponse) -> Vec<Vec<String>> {
    if response.content_type() == XLSX {
        xlsx_values(&read_xlsx(&response.body))
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|v| match v {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect()
    } else {
        serde_json::from_value(read_csv(&response.body)["rows"].clone()).unwrap()
    }
}

/// The values of one column of a table, header excluded, sorted.
fn column(table: &[Vec<String>], name: &str) -> Vec<String> {
    let i = table[0].iter().position(|h| h == name).unwrap();
    let mut values: Vec<String> = table[1..].iter().map(|r| r[i].clone()).collect();
    values.sort();
    values
}

#[tokio::test]
async fn the_directory_exports_as_typed_xlsx_that_openpyxl_reads() {
    let app = spawn_app().await;
    let recruiter = directory(&app).await;
    let response = export(&app, &recruiter, "/api/v1/exports/users/excel").await;
    assert_eq!(response.content_type(), XLSX);
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(
        response.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"taalentio-users-{today}.xlsx\"")
    );
    let sheet = read_xlsx(&response.body);
    let rows = sheet["rows"].as_array().unwrap();
    // The three people and the recruiter: everyone the directory lists.
    assert_eq!(rows.len(), 5, "{sheet}");
    let headers: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(headers, USER_HEADERS);
    assert_eq!(sheet["header_bold"], true);
    assert_eq!(sheet["freeze_panes"], "A2");
    assert_eq!(sheet["auto_filter"], "A1:N5");
    assert!(sheet["widths"]["D"].as_f64().unwrap() > 20.0, "{sheet}");

    let aissatou = rows
        .iter()
        .find(|r| r[1]["value"] == "Aïssatou")
        .expect("Aïssatou's row");
    assert_eq!(aissatou[2]["value"], "Ndiaye");
    assert_eq!(aissatou[2]["type"], "s");
    assert_eq!(aissatou[3]["value"], "aissatou@example.sn");
    // A date cell holds a date, shown with a date format.
    assert_eq!(aissatou[5]["is_date"], true, "{aissatou:?}");
    assert_eq!(aissatou[5]["value"], "1994-06-02T00:00:00");
    assert_eq!(aissatou[5]["format"], "yyyy-mm-dd");
    // Age is a number.
    assert_eq!(aissatou[6]["type"], "n");
    let age = taalentio::age::age_on(time::macros::date!(1994 - 06 - 02), today);
    assert_eq!(aissatou[6]["value"], age);
    assert_eq!(aissatou[8]["value"], "SN");
    assert_eq!(aissatou[9]["value"], "Sénégal");
    assert_eq!(aissatou[10]["value"], "Dakar");
    assert!(aissatou[11]["value"].as_str().unwrap().contains(", "));
    assert_eq!(aissatou[13]["is_date"], true);
    let names: Vec<&Value> = rows[1..].iter().map(|r| &r[1]["value"]).collect();
    assert!(names.contains(&&json!("Bénédicte")), "{names:?}");
    assert!(rows.iter().any(|r| r[2]["value"] == "Kouamé"));

    // Sealed contact fields stay out, even as text somewhere in the file.
    let everything = sheet["rows"].to_string();
    assert!(!everything.contains("77 123"), "{everything}");
    assert!(!everything.contains("Médina"), "{everything}");
}

#[tokio::test]
async fn the_directory_exports_as_csv_with_bom_crlf_and_accents() {
    let app = spawn_app().await;
    let recruiter = directory(&app).await;
    let response = export(&app, &recruiter, "/api/v1/exports/users/csv").await;
    assert_eq!(response.content_type(), "text/csv; charset=utf-8");
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(
        response.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"taalentio-users-{today}.csv\"")
    );
    let csv = read_csv(&response.body);
    assert_eq!(csv["bom"], true);
    assert_eq!(csv["crlf"], true);
    let rows: Vec<Vec<String>> = serde_json::from_value(csv["rows"].clone()).unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0], USER_HEADERS);
    let benedicte = rows.iter().find(|r| r[1] == "Bénédicte").unwrap();
    assert_eq!(benedicte[2], "Kouamé");
    assert_eq!(benedicte[5], "1999-11-30");
    assert_eq!(benedicte[9], "Côte d'Ivoire");
    assert!(rows.iter().any(|r| r[1] == "Aïssatou" && r[2] == "Ndiaye"));
    // Each person's talents, sorted by name as the database sorts them; none is empty.
    let db = app.db().await;
    for row in &rows[1..] {
        let talents: Option<String> = db
            .query_one(
                "SELECT string_agg(t.name, ', ' ORDER BY t.name)
                   FROM users u JOIN user_talents ut ON ut.user_id = u.id
                   JOIN talents t ON t.id = ut.talent_id
                  WHERE u.unique_code = $1",
                &[&row[0]],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(row[11], talents.unwrap_or_default(), "{row:?}");
    }
    let aissatou = rows.iter().find(|r| r[1] == "Aïssatou").unwrap();
    assert!(aissatou[11].contains(", "), "{aissatou:?}");
}

#[tokio::test]
async fn exports_apply_the_directory_filters() {
    let app = spawn_app().await;
    let recruiter = directory(&app).await;
    let actor = talent_id(&app, "actor").await;
    for (query, expected) in [
        ("country=SN", vec!["Ndiaye"]),
        ("country=ci&gender=female", vec!["Kouamé"]),
        (
            &format!("talent_id={actor}") as &str,
            vec!["Ndiaye", "Okafor"],
        ),
        ("category=dance", vec!["Kouamé"]),
        ("q=aissatou", vec!["Ndiaye"]),
        ("age_min=30&gender=female", vec!["Ndiaye"]),
        // Page and size are ignored: the export is the whole result.
        ("gender=female&page=2&per_page=1", vec!["Kouamé", "Ndiaye"]),
    ] {
        for format in ["excel", "csv"] {
            let path = format!("/api/v1/exports/users/{format}?{query}");
            let rows = table(&export(&app, &recruiter, &path).await);
            assert_eq!(column(&rows, "last_name"), expected, "{path}");
        }
    }
}

#[tokio::test]
async fn exports_are_for_recruiters_and_admins_only() {
    let app = spawn_app().await;
    let recruiter = directory(&app).await;
    let (project, _, _) = super::presence::shooting(&app).await;
    let (_, user) = app.user_with_role("someone@example.sn", "user").await;
    let (_, presence) = app.user_with_role("plateau@example.sn", "presence").await;
    let (_, admin) = app.user_with_role("admin@example.sn", "admin").await;
    let paths = [
        "/api/v1/exports/users/excel".to_owned(),
        "/api/v1/exports/users/csv".to_owned(),
        "/api/v1/exports/cinema/excel".to_owned(),
        "/api/v1/exports/cinema/csv".to_owned(),
        format!("/api/v1/exports/projects/{project}/attendance/excel"),
        format!("/api/v1/exports/projects/{project}/attendance/csv"),
    ];
    for path in &paths {
        app.call(Method::GET, path, None, None)
            .await
            .assert_problem(StatusCode::UNAUTHORIZED);
        for refused in [&user, &presence] {
            app.call(Method::GET, path, None, Some(refused))
                .await
                .assert_problem(StatusCode::FORBIDDEN);
        }
        for allowed in [&recruiter, &admin] {
            let response = export(&app, allowed, path).await;
            assert!(!response.body.is_empty());
        }
    }
    // Deactivated casting profiles: admins only.
    app.call(
        Method::GET,
        "/api/v1/exports/cinema/csv?include_inactive=true",
        None,
        Some(&recruiter),
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);
    export(
        &app,
        &admin,
        "/api/v1/exports/cinema/csv?include_inactive=true",
    )
    .await;
}

#[tokio::test]
async fn bad_filters_are_named_and_nothing_is_exported_or_logged() {
    let app = spawn_app().await;
    let recruiter = directory(&app).await;
    for (path, field) in [
        ("/api/v1/exports/users/excel?age_min=200", "query.age_min"),
        (
            "/api/v1/exports/users/csv?age_min=40&age_max=30",
            "query.age_min",
        ),
        ("/api/v1/exports/users/csv?gender=robot", "gender"),
        ("/api/v1/exports/users/csv?city_id=lagos", "city_id"),
        ("/api/v1/exports/cinema/excel?sort=shoe_size", "query.sort"),
        (
            "/api/v1/exports/cinema/csv?height_min=190&height_max=150",
            "query.height_min",
        ),
        (
            "/api/v1/exports/projects/1/attendance/csv?from=2026-13-01",
            "from",
        ),
    ] {
        let response = app.call(Method::GET, path, None, Some(&recruiter)).await;
        let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{path}: {problem}"))
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.iter().any(|f| f.contains(field)),
            "{path}: {problem}"
        );
    }
    let (project, _, _) = super::presence::shooting(&app).await;
    let response = app
        .call(
            Method::GET,
            &format!(
                "/api/v1/exports/projects/{project}/attendance/excel?from=2026-05-02&to=2026-05-01"
            ),
            None,
            Some(&recruiter),
        )
        .await;
    let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "query.from");
    // An unknown format or project is a resource that does not exist.
    for path in [
        "/api/v1/exports/users/pdf".to_owned(),
        "/api/v1/exports/projects/999999/attendance/excel".to_owned(),
    ] {
        app.call(Method::GET, &path, None, Some(&recruiter))
            .await
            .assert_problem(StatusCode::NOT_FOUND);
    }
    assert_eq!(app.traced_exports().await, 0);
}

#[tokio::test]
async fn every_export_is_logged_with_its_filters_and_row_count() {
    let app = spawn_app().await;
    let recruiter = directory(&app).await;
    let recruiter_id: i64 = app
        .db()
        .await
        .query_one(
            "SELECT id FROM users WHERE email = 'recruteur@example.ci'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    export(
        &app,
        &recruiter,
        "/api/v1/exports/users/excel?gender=female&q=k",
    )
    .await;
    export(&app, &recruiter, "/api/v1/exports/users/csv").await;
    let rows = app
        .db()
        .await
        .query(
            "SELECT user_id, action, method, path, status, details FROM activity_logs
              WHERE resource_type = 'export' ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let (user_id, action, method, path, status, details): (
        Option<i64>,
        String,
        String,
        String,
        i16,
        Value,
    ) = (
        rows[0].get(0),
        rows[0].get(1),
        rows[0].get(2),
        rows[0].get(3),
        rows[0].get(4),
        rows[0].get(5),
    );
    assert_eq!(user_id, Some(recruiter_id));
    assert_eq!(action, "GET /api/v1/exports/users/{format}");
    assert_eq!(
        (method.as_str(), path.as_str(), status),
        ("GET", "/api/v1/exports/users/{format}", 200)
    );
    assert_eq!(details["kind"], "users");
    assert_eq!(details["format"], "xlsx");
    assert_eq!(details["filters"], json!({"gender": "female", "q": "k"}));
    // Bénédicte Kouamé only.
    assert_eq!(details["rows"], 1);
    assert_eq!(details["stored"], false);
    let details: Value = rows[1].get(5);
    assert_eq!(details["format"], "csv");
    assert_eq!(details["rows"], 4);
}

#[tokio::test]
async fn a_large_export_is_stored_and_linked_for_fifteen_minutes() {
    // The threshold forced low: every file is "large".
    let app = spawn_app_on(
        taalentio_tests::create_migrated_database().await,
        &[("EXPORT_INLINE_MAX_BYTES", "100")],
    )
    .await;
    let recruiter = directory(&app).await;
    for (format, content_type) in [("excel", XLSX), ("csv", "text/csv; charset=utf-8")] {
        let response = app
            .call(
                Method::GET,
                &format!("/api/v1/exports/users/{format}?country=SN"),
                None,
                Some(&recruiter),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "{:?}",
            response.body
        );
        let location = response.headers[header::LOCATION].to_str().unwrap();
        let path = location
            .strip_prefix("http://127.0.0.1:3000")
            .unwrap_or_else(|| panic!("{location}"));
        assert!(path.contains("/exports/users/"), "{path}");
        let expires: i64 = path
            .split_once("exp=")
            .and_then(|(_, rest)| rest.split('&').next())
            .and_then(|exp| exp.parse().ok())
            .unwrap_or_else(|| panic!("{path}"));
        let left = expires - time::OffsetDateTime::now_utc().unix_timestamp();
        assert!((890..=900).contains(&left), "{left} s left");
        // The link downloads the file, with no session: the signature is the credential.
        let file = app.get(path).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.content_type(), content_type);
        let rows = table(&file);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0], USER_HEADERS);
        assert_eq!(
            (rows[1][1].as_str(), rows[1][2].as_str()),
            ("Aïssatou", "Ndiaye")
        );
    }
    let stored: Vec<bool> = app
        .db()
        .await
        .query(
            "SELECT (details->>'stored')::boolean FROM activity_logs WHERE resource_type = 'export'",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(stored, [true, true]);
    let status: Vec<i16> = app
        .db()
        .await
        .query(
            "SELECT status FROM activity_logs WHERE resource_type = 'export'",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(status, [303, 303]);
}

#[tokio::test]
async fn formula_looking_names_are_never_formulas() {
    let app = spawn_app().await;
    let recruiter = directory(&app).await;
    app.db()
        .await
        .execute(
            "UPDATE users SET first_name = '=HYPERLINK(\"http://evil\")', last_name = '+1-1'
              WHERE email = 'chinedu@example.ng'",
            &[],
        )
        .await
        .unwrap();
    let xlsx = read_xlsx(
        &export(&app, &recruiter, "/api/v1/exports/users/excel?country=NG")
            .await
            .body,
    );
    let cells = &xlsx["rows"][1];
    assert_eq!(cells[1]["value"], "=HYPERLINK(\"http://evil\")");
    assert_eq!(cells[1]["type"], "s", "{xlsx}");
    assert_eq!(cells[2]["value"], "+1-1");
    assert_eq!(cells[2]["type"], "s");
    let csv = table(&export(&app, &recruiter, "/api/v1/exports/users/csv?country=NG").await);
    assert_eq!(csv[1][1], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(csv[1][2], "'+1-1");
}

#[tokio::test]
async fn the_casting_base_exports_with_the_casting_filters() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    let dakar = city_id(&app, "SN", "Dakar").await;
    for body in [
        json!({"first_name": "Aïssatou", "last_name": "Ndiaye", "gender": "female",
            "date_of_birth": "1995-04-12", "height": 172, "country": "SN", "city_id": dakar,
            "languages_spoken": ["wo", "fr"], "talent_types": ["lead_actor", "dancer"],
            "years_of_experience": 6, "email": "aissatou.casting@example.sn",
            "phone": "+221 77 765 43 21", "social_links": {"instagram": "https://instagram.com/aissatou"}}),
        json!({"first_name": "Bénédicte", "last_name": "Kouamé", "gender": "female",
            "height": 160, "country": "CI", "languages_spoken": ["fr"],
            "talent_types": ["singer"]}),
        json!({"first_name": "Kofi", "last_name": "Mensah", "gender": "male", "height": 185,
            "country": "GH", "languages_spoken": ["en", "ak"], "talent_types": ["stunt_performer"]}),
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
    }
    let all = export(&app, &staff, "/api/v1/exports/cinema/excel").await;
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(
        all.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"taalentio-cinema-talents-{today}.xlsx\"")
    );
    let sheet = read_xlsx(&all.body);
    let rows = sheet["rows"].as_array().unwrap();
    // Sorted by name like the search: Kouamé, Mensah, Ndiaye.
    let last_names: Vec<&Value> = rows[1..].iter().map(|r| &r[2]["value"]).collect();
    assert_eq!(
        last_names,
        [&json!("Kouamé"), &json!("Mensah"), &json!("Ndiaye")]
    );
    let headers: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    for sealed in [
        "phone",
        "whatsapp",
        "social_links",
        "id_document_number",
        "ethnicities",
        "skin_tone",
    ] {
        assert!(!headers.contains(&sealed), "{headers:?}");
    }
    let ndiaye = &rows[3];
    assert_eq!(ndiaye[1]["value"], "Aïssatou");
    assert_eq!(ndiaye[3]["value"], "aissatou.casting@example.sn");
    assert_eq!(ndiaye[5]["is_date"], true);
    let height = headers.iter().position(|h| *h == "height_cm").unwrap();
    assert_eq!(ndiaye[height]["value"], 172);
    assert_eq!(ndiaye[height]["type"], "n");
    let types = headers.iter().position(|h| *h == "talent_types").unwrap();
    assert_eq!(ndiaye[types]["value"], "dancer, lead_actor");
    let everything = sheet.to_string();
    assert!(!everything.contains("765 43") && !everything.contains("instagram"));

    for (query, expected) in [
        ("talent_types=dancer,singer", vec!["Kouamé", "Ndiaye"]),
        ("languages=fr,wo", vec!["Ndiaye"]),
        ("country=GH", vec!["Mensah"]),
        ("gender=female&height_min=165", vec!["Ndiaye"]),
        ("q=benedicte", vec!["Kouamé"]),
    ] {
        for format in ["excel", "csv"] {
            let path = format!("/api/v1/exports/cinema/{format}?{query}");
            let rows = table(&export(&app, &staff, &path).await);
            assert_eq!(column(&rows, "last_name"), expected, "{path}");
        }
    }
    let csv = read_csv(
        &export(&app, &staff, "/api/v1/exports/cinema/csv?country=CI")
            .await
            .body,
    );
    assert_eq!(csv["bom"], true);
    assert_eq!(csv["rows"][1][1], "Bénédicte");
}

#[tokio::test]
async fn a_projects_attendance_exports_with_times_and_hours() {
    let app = spawn_app().await;
    let (project, project_codes, cinema_codes) = super::presence::shooting(&app).await;
    let (_, presence) = app.user_with_role("plateau@example.ci", "presence").await;
    let (_, recruiter) = app.user_with_role("rh@example.ci", "recruiter").await;
    let day = |d: &str| d.to_owned();
    for (code, date) in [
        (&project_codes[0], day("2026-05-01")),
        (&project_codes[1], day("2026-05-01")),
        (&project_codes[0], day("2026-05-02")),
    ] {
        let response = app
            .call(
                Method::POST,
                &format!("/api/v1/presence/projects/{project}/check-in"),
                Some(json!({"code": code, "date": date})),
                Some(&presence),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    }
    // Awa Koné left after 8 h 30 on the first day.
    app.db()
        .await
        .execute(
            "UPDATE attendances SET check_in_time = '2026-05-01 07:00:00+00',
                    check_out_time = '2026-05-01 15:30:00+00'
              WHERE cinema_talent_code = $1 AND date = '2026-05-01'",
            &[&cinema_codes[0]],
        )
        .await
        .unwrap();
    let path = format!("/api/v1/exports/projects/{project}/attendance/excel");
    let sheet = read_xlsx(&export(&app, &recruiter, &path).await.body);
    let rows = sheet["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "{sheet}");
    let headers: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        headers,
        [
            "date",
            "cinema_talent_code",
            "first_name",
            "last_name",
            "talent_type",
            "role_description",
            "check_in_utc",
            "check_out_utc",
            "hours"
        ]
    );
    let awa = &rows[1];
    assert_eq!(awa[0]["value"], "2026-05-01T00:00:00");
    assert_eq!(awa[0]["is_date"], true);
    assert_eq!(awa[1]["value"], cinema_codes[0].as_str());
    assert_eq!(awa[3]["value"], "Koné");
    assert_eq!(awa[4]["value"], "lead_actor");
    assert_eq!(awa[6]["value"], "2026-05-01T07:00:00");
    assert_eq!(awa[6]["is_date"], true);
    assert_eq!(awa[7]["value"], "2026-05-01T15:30:00");
    assert_eq!(awa[8]["value"], 8.5);
    assert_eq!(awa[8]["type"], "n");
    // Yao has not left: no time, no hours.
    assert_eq!(rows[2][3]["value"], "Kouassi");
    assert_eq!(rows[2][7]["value"], Value::Null);
    assert_eq!(rows[2][8]["value"], Value::Null);

    let csv = read_csv(
        &export(
            &app,
            &recruiter,
            &format!(
                "/api/v1/exports/projects/{project}/attendance/csv?from=2026-05-02&to=2026-05-02"
            ),
        )
        .await
        .body,
    );
    let rows: Vec<Vec<String>> = serde_json::from_value(csv["rows"].clone()).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], "2026-05-02");
    assert_eq!(rows[1][2], "Awa");
    assert_eq!(rows[1][3], "Koné");
    let only_first: Vec<Vec<String>> = table(
        &export(
            &app,
            &recruiter,
            &format!("/api/v1/exports/projects/{project}/attendance/csv?to=2026-05-01"),
        )
        .await,
    );
    assert_eq!(only_first.len(), 3);
    assert_eq!(only_first[1][7], "2026-05-01 15:30:00");
    assert_eq!(only_first[1][8], "8.5");
}

#[tokio::test]
async fn large_badge_pdfs_take_the_same_stored_link() {
    let app = spawn_app_on(
        taalentio_tests::create_migrated_database().await,
        &[("EXPORT_INLINE_MAX_BYTES", "100")],
    )
    .await;
    let (project, _, _) = super::presence::shooting(&app).await;
    let (_, recruiter) = app.user_with_role("rh@example.ci", "recruiter").await;
    let response = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/projects/{project}/badges.pdf"),
            None,
            Some(&recruiter),
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::SEE_OTHER,
        "{:?}",
        response.body
    );
    let location = response.headers[header::LOCATION].to_str().unwrap();
    let path = location.strip_prefix("http://127.0.0.1:3000").unwrap();
    assert!(
        path.contains(&format!("/exports/badges/{project}/")),
        "{path}"
    );
    let file = app.get(path).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.content_type(), "application/pdf");
    assert!(file.body.starts_with(b"%PDF-"));
}
