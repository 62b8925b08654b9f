//! The casting base: profiles with sensitive-category consents, every search filter, roles.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, accounts::Auth, spawn_app};

/// A birth date making someone `years` old today (birthday at least 40 days past).
fn born(years: i32) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    let past = (today - time::Duration::days(40)).replace_day(1).unwrap();
    past.replace_year(past.year() - years).unwrap().to_string()
}

async fn create(app: &TestApp, staff: &Auth, body: Value) -> Value {
    let response = app
        .call(
            Method::POST,
            "/api/v1/cinema/talents",
            Some(body),
            Some(staff),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    response.json()
}

/// A casting profile as `staff` reads it.
async fn read(app: &TestApp, staff: &Auth, id: i64) -> Value {
    app.call(
        Method::GET,
        &format!("/api/v1/cinema/talents/{id}"),
        None,
        Some(staff),
    )
    .await
    .json()
}

#[tokio::test]
async fn a_casting_profile_keeps_every_field_with_contact_and_id_encrypted() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    let dakar: i32 = app
        .db()
        .await
        .query_one("SELECT ci.id FROM cities ci JOIN countries co ON co.id = ci.country_id WHERE co.code = 'SN' AND ci.name = 'Dakar'", &[])
        .await
        .unwrap()
        .get(0);
    let talent = create(&app, &staff, json!({
        "first_name": "Fatou", "last_name": "Ndiaye", "gender": "female", "date_of_birth": born(27),
        "consents": ["id_document", "ethnicity", "skin_tone"],
        "id_document_type": "passport", "id_document_number": "a12 345 678", "ethnicities": ["Wolof"],
        "nationality": "SN", "country": "SN", "city_id": dakar, "languages_spoken": ["wo", "fr", "en"],
        "years_of_experience": 6, "talent_types": ["lead_actor", "dancer"], "other_talents": "Sabar",
        "eye_color": "dark_brown", "hair_color": "black", "hair_type": "braids", "height": 172,
        "skin_tone": "dark", "build": "athletic", "email": "Fatou@Example.SN",
        "phone": "+221 77 765 43 21", "whatsapp": "+221 78 111 22 33",
        "social_links": {"instagram": "https://instagram.com/fatou.actrice"}
    })).await;
    assert_eq!(talent["age"], 27);
    assert_eq!(talent["id_document_number"], "A12345678");
    assert_eq!(talent["city"]["name"], "Dakar");
    assert_eq!(talent["languages_spoken"], json!(["en", "fr", "wo"]));
    assert_eq!(talent["email"], "fatou@example.sn");
    assert_eq!(
        talent["social_links"]["instagram"],
        "https://instagram.com/fatou.actrice"
    );
    assert_eq!(
        talent["consents"],
        json!(["ethnicity", "id_document", "skin_tone"])
    );
    // Each live consent says which wording was agreed to, when, and who recorded it.
    let records = talent["consent_records"].as_array().unwrap();
    assert_eq!(records.len(), 3);
    for (record, kind) in records
        .iter()
        .zip(["ethnicity", "id_document", "skin_tone"])
    {
        assert_eq!(record["kind"], kind);
        assert_eq!(record["version"], "2026-11");
        assert_eq!(record["recorded_by"], "Aminata Diallo");
        let granted = time::OffsetDateTime::parse(
            record["granted_at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        assert!((time::OffsetDateTime::now_utc() - granted).whole_minutes() < 5);
    }
    assert!(talent["unique_code"].as_str().unwrap().len() == 8);
    let id = talent["id"].as_i64().unwrap();
    let raw: String = app
        .db()
        .await
        .query_one(
            "SELECT row_to_json(c)::text FROM cinema_talents c WHERE id = $1",
            &[&id],
        )
        .await
        .unwrap()
        .get(0);
    for secret in ["12345678", "777654321", "781112233", "fatou.actrice"] {
        assert!(!raw.contains(secret), "{secret} in {raw}");
    }
    let read = read(&app, &staff, id).await;
    assert_eq!(read, talent);
}

#[tokio::test]
async fn sensitive_fields_need_consent_and_withdrawing_it_erases_them() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.ng", "recruiter").await;
    for (field, value) in [
        ("skin_tone", json!("dark")),
        ("ethnicities", json!(["Igbo"])),
        ("id_document_number", json!("B9876543")),
        ("id_document_type", json!("passport")),
    ] {
        let mut body = json!({"first_name": "Chidi", "last_name": "Okeke"});
        body[field] = value;
        let problem = app
            .call(
                Method::POST,
                "/api/v1/cinema/talents",
                Some(body),
                Some(&staff),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains("consent"), "{problem}");
    }
    let count: i64 = app
        .db()
        .await
        .query_one("SELECT count(*) FROM cinema_talents", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 0, "a refused profile leaves nothing behind");

    let talent = create(
        &app,
        &staff,
        json!({"first_name": "Chidi", "last_name": "Okeke",
        "consents": ["skin_tone", "id_document"], "skin_tone": "dark",
        "id_document_type": "passport", "id_document_number": "B9876543"}),
    )
    .await;
    let id = talent["id"].as_i64().unwrap();
    let withdrawn = app
        .call(
            Method::DELETE,
            &format!("/api/v1/cinema/talents/{id}/consents/id_document"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    let after = read(&app, &staff, id).await;
    assert!(after["id_document_number"].is_null() && after["id_document_type"].is_null());
    assert_eq!(after["skin_tone"], "dark");
    assert_eq!(after["consents"], json!(["skin_tone"]));
    assert_eq!(after["consent_records"].as_array().unwrap().len(), 1);
    assert_eq!(after["consent_records"][0]["kind"], "skin_tone");
    let blind: Option<Vec<u8>> = app
        .db()
        .await
        .query_one(
            "SELECT id_document_number_blind_index FROM cinema_talents WHERE id = $1",
            &[&id],
        )
        .await
        .unwrap()
        .get(0);
    assert!(blind.is_none());
    app.call(
        Method::DELETE,
        &format!("/api/v1/cinema/talents/{id}/consents/id_document"),
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    // Without the consent, the number cannot come back.
    app.call(
        Method::PATCH,
        &format!("/api/v1/cinema/talents/{id}"),
        Some(json!({"id_document_number": "B9876543"})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn bad_casting_fields_are_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.ke", "recruiter").await;
    let talent = create(
        &app,
        &staff,
        json!({"first_name": "Wanjiru", "last_name": "Kamau"}),
    )
    .await;
    let id = talent["id"].as_i64().unwrap();
    for (body, field) in [
        (json!({"eye_color": "purple"}), "eye_color"),
        (json!({"hair_type": "mohawk"}), "hair_type"),
        (json!({"build": "giant"}), "build"),
        (
            json!({"languages_spoken": ["sw", "klingon"]}),
            "languages_spoken",
        ),
        (json!({"talent_types": ["astronaut"]}), "talent_types"),
        (json!({"height": 300}), "height"),
        (json!({"years_of_experience": -1}), "years_of_experience"),
        (json!({"date_of_birth": "2099-01-01"}), "date_of_birth"),
        (json!({"phone": "0722 000 000"}), "phone"),
        (json!({"email": "not-an-email"}), "email"),
        (
            json!({"social_links": {"x": "http://insecure.example"}}),
            "social_links",
        ),
        (json!({"country": "ZZ"}), "country"),
        (json!({"first_name": ""}), "first_name"),
        (json!({"first_name": "Ok", "unknown": 1}), "unknown"),
    ] {
        let problem = app
            .call(
                Method::PATCH,
                &format!("/api/v1/cinema/talents/{id}"),
                Some(body.clone()),
                Some(&staff),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains(field), "{body}: {problem}");
    }
    app.call(
        Method::POST,
        "/api/v1/cinema/talents",
        Some(json!({"last_name": "Kamau"})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let read = read(&app, &staff, id).await;
    assert_eq!(read["first_name"], "Wanjiru");
    assert!(read["eye_color"].is_null() && read["height"].is_null());
}

#[tokio::test]
async fn every_casting_filter_finds_exactly_its_talents() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.ci", "recruiter").await;
    let (_, admin) = app.user_with_role("admin@example.ci", "admin").await;
    let base = |first: &str, last: &str| json!({"first_name": first, "last_name": last});
    let mut awa = base("Awa", "Koné");
    awa.as_object_mut().unwrap().extend(
        json!({"gender": "female", "date_of_birth": born(24), "height": 168,
        "eye_color": "black", "hair_color": "black", "hair_type": "braids", "build": "slim",
        "consents": ["skin_tone", "ethnicity"], "skin_tone": "dark", "ethnicities": ["Sénoufo"],
        "languages_spoken": ["fr", "dyu"], "talent_types": ["lead_actor"], "country": "CI",
        "years_of_experience": 3})
        .as_object()
        .unwrap()
        .clone(),
    );
    let mut yao = base("Yao", "Kouassi");
    yao.as_object_mut().unwrap().extend(json!({"gender": "male", "date_of_birth": born(41), "height": 185,
        "eye_color": "dark_brown", "hair_color": "salt_and_pepper", "hair_type": "shaved", "build": "muscular",
        "consents": ["skin_tone"], "skin_tone": "medium_dark",
        "languages_spoken": ["fr", "en"], "talent_types": ["supporting_actor", "stunt_performer"],
        "country": "CI", "years_of_experience": 15}).as_object().unwrap().clone());
    let mut amara = base("Amara", "Diabaté");
    amara.as_object_mut().unwrap().extend(json!({"gender": "female", "date_of_birth": born(33), "height": 160,
        "eye_color": "black", "hair_color": "black", "hair_type": "afro", "build": "curvy",
        "languages_spoken": ["fr", "bm", "en"], "talent_types": ["singer", "dancer"], "country": "ML",
        "years_of_experience": 9}).as_object().unwrap().clone());
    for body in [awa, yao, amara] {
        create(&app, &staff, body).await;
    }
    let gone = create(&app, &staff, base("Retired", "Talent")).await;
    let gone_id = gone["id"].as_i64().unwrap();
    let deleted = app
        .call(
            Method::DELETE,
            &format!("/api/v1/cinema/talents/{gone_id}"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);

    let names = |page: &Value| -> Vec<String> {
        let mut names: Vec<String> = page["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{page}"))
            .iter()
            .map(|t| t["first_name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };
    let cases: &[(&str, &[&str])] = &[
        ("", &["Amara", "Awa", "Yao"]),
        ("gender=female", &["Amara", "Awa"]),
        ("age_min=30", &["Amara", "Yao"]),
        ("age_min=20&age_max=30", &["Awa"]),
        ("height_min=165&height_max=180", &["Awa"]),
        ("eye_color=black", &["Amara", "Awa"]),
        ("hair_color=salt_and_pepper", &["Yao"]),
        ("hair_type=afro", &["Amara"]),
        ("skin_tone=dark", &["Awa"]),
        ("build=muscular", &["Yao"]),
        ("ethnicity=S%C3%A9noufo", &["Awa"]),
        ("languages=fr,en", &["Amara", "Yao"]),
        ("languages=dyu", &["Awa"]),
        ("talent_types=dancer,stunt_performer", &["Amara", "Yao"]),
        ("country=ci", &["Awa", "Yao"]),
        ("min_experience=9", &["Amara", "Yao"]),
        ("q=KONE", &["Awa"]),
        ("q=diabate", &["Amara"]),
        ("q=Kouasi", &["Yao"]),
        (
            "gender=female&languages=fr&min_experience=5&height_max=170&talent_types=singer",
            &["Amara"],
        ),
    ];
    for (query, expected) in cases {
        let response = app
            .call(
                Method::GET,
                &format!("/api/v1/cinema/talents?{query}"),
                None,
                Some(&staff),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{query}: {:?}",
            response.body
        );
        assert_eq!(names(&response.json()), *expected, "{query}");
    }
    // Sorted and paginated.
    let by_height = app
        .call(
            Method::GET,
            "/api/v1/cinema/talents?sort=height&per_page=2",
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(by_height["total"], 3);
    assert_eq!(by_height["items"][0]["first_name"], "Amara");
    assert_eq!(by_height["items"][1]["first_name"], "Awa");
    // The deactivated profile: out of searches, still there for admins.
    let all = app
        .call(
            Method::GET,
            "/api/v1/cinema/talents?include_inactive=true",
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(all["total"], 4);
    app.call(
        Method::GET,
        &format!("/api/v1/cinema/talents/{gone_id}"),
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    for (query, field) in [
        ("age_min=50&age_max=20", "age_min"),
        ("height_min=190&height_max=150", "height_min"),
        ("sort=shoe_size", "sort"),
        ("gender=other", "gender"),
        ("include_inactive=true", ""),
    ] {
        let response = app
            .call(
                Method::GET,
                &format!("/api/v1/cinema/talents?{query}"),
                None,
                Some(&staff),
            )
            .await;
        assert!(
            response.status.is_client_error(),
            "{query}: {}",
            response.status
        );
        assert!(response.json().to_string().contains(field), "{query}");
    }
}

#[tokio::test]
async fn only_casting_staff_reach_the_casting_base() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.gh", "recruiter").await;
    let id = create(
        &app,
        &staff,
        json!({"first_name": "Kojo", "last_name": "Asante"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    app.call(Method::GET, "/api/v1/cinema/talents", None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    for role in ["user", "presence"] {
        let (_, who) = app
            .user_with_role(&format!("{role}@example.gh"), role)
            .await;
        app.call(Method::GET, "/api/v1/cinema/talents", None, Some(&who))
            .await
            .assert_problem(StatusCode::FORBIDDEN);
        app.call(
            Method::POST,
            "/api/v1/cinema/talents",
            Some(json!({"first_name": "A", "last_name": "B"})),
            Some(&who),
        )
        .await
        .assert_problem(StatusCode::FORBIDDEN);
        for method in [Method::GET, Method::PATCH, Method::DELETE] {
            let body = (method == Method::PATCH).then(|| json!({"height": 170}));
            app.call(
                method.clone(),
                &format!("/api/v1/cinema/talents/{id}"),
                body,
                Some(&who),
            )
            .await
            .assert_problem(StatusCode::NOT_FOUND);
        }
        // The vocabulary is reference data any signed-in person may read.
        let vocabulary = app
            .call(Method::GET, "/api/v1/cinema/vocabulary", None, Some(&who))
            .await
            .json();
        assert!(
            vocabulary["language"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["code"] == "wo")
        );
    }
    let untouched = read(&app, &staff, id).await;
    assert!(untouched["height"].is_null() && untouched["is_active"] == true);
}

#[tokio::test]
async fn recruiters_save_casting_searches_and_run_them_again() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    let (_, other) = app.user_with_role("other@example.sn", "recruiter").await;
    create(
        &app,
        &staff,
        json!({"first_name": "Fatou", "last_name": "Sow", "gender": "female",
        "languages_spoken": ["wo", "fr"]}),
    )
    .await;
    create(
        &app,
        &staff,
        json!({"first_name": "Modou", "last_name": "Fall", "gender": "male",
        "languages_spoken": ["wo"]}),
    )
    .await;
    let saved = app
        .call(
            Method::POST,
            "/api/v1/cinema/searches",
            Some(json!({"name": "Wolof, femmes", "query": "gender=female&languages=wo"})),
            Some(&staff),
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{:?}", saved.body);
    let id = saved.json()["id"].as_i64().unwrap();
    let results = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/searches/{id}/results"),
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(results["total"], 1);
    assert_eq!(results["items"][0]["first_name"], "Fatou");

    // Same name again, a query the search would refuse, an unknown filter.
    app.call(
        Method::POST,
        "/api/v1/cinema/searches",
        Some(json!({"name": "Wolof, femmes", "query": "gender=male"})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::CONFLICT);
    for query in ["age_min=50&age_max=20", "colour=blue", "gender=robot"] {
        let problem = app
            .call(
                Method::POST,
                "/api/v1/cinema/searches",
                Some(json!({"name": query, "query": query})),
                Some(&staff),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains("query"), "{query}: {problem}");
    }
    // Someone else's saved search does not exist for them.
    assert_eq!(
        app.call(Method::GET, "/api/v1/cinema/searches", None, Some(&other))
            .await
            .json(),
        json!([])
    );
    app.call(
        Method::GET,
        &format!("/api/v1/cinema/searches/{id}/results"),
        None,
        Some(&other),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    app.call(
        Method::DELETE,
        &format!("/api/v1/cinema/searches/{id}"),
        None,
        Some(&other),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    let deleted = app
        .call(
            Method::DELETE,
            &format!("/api/v1/cinema/searches/{id}"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.call(Method::GET, "/api/v1/cinema/searches", None, Some(&staff))
            .await
            .json(),
        json!([])
    );
}

/// The id of a city of a country, by names.
async fn city(app: &TestApp, country: &str, name: &str) -> i32 {
    app.db()
        .await
        .query_one(
            "SELECT ci.id FROM cities ci JOIN countries co ON co.id = ci.country_id
              WHERE co.code = $1 AND ci.name = $2",
            &[&country, &name],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn a_city_of_another_country_is_a_field_error_and_nothing_is_written() {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("casting@example.sn", "recruiter").await;
    let dakar = city(&app, "SN", "Dakar").await;
    let abidjan = city(&app, "CI", "Abidjan").await;
    let count = || async {
        app.db()
            .await
            .query_one("SELECT count(*) FROM cinema_talents", &[])
            .await
            .unwrap()
            .get::<_, i64>(0)
    };
    let assert_city_mismatch = |problem: Value| {
        let errors = problem["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{problem}");
        assert_eq!(errors[0]["field"], "city_id", "{problem}");
        assert_eq!(errors[0]["code"], "mismatch", "{problem}");
    };

    // Created with a country and a city of another.
    let before = count().await;
    let problem = app
        .call(
            Method::POST,
            "/api/v1/cinema/talents",
            Some(json!({"first_name": "Awa", "last_name": "Sow", "country": "SN", "city_id": abidjan})),
            Some(&staff),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_city_mismatch(problem);
    assert_eq!(count().await, before);

    // Changed to a city of another country than the profile's, the city alone.
    let talent = create(
        &app,
        &staff,
        json!({"first_name": "Awa", "last_name": "Sow", "country": "SN", "city_id": dakar}),
    )
    .await;
    let id = talent["id"].as_i64().unwrap();
    let problem = app
        .call(
            Method::PATCH,
            &format!("/api/v1/cinema/talents/{id}"),
            Some(json!({"city_id": abidjan})),
            Some(&staff),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_city_mismatch(problem);
    let read = read(&app, &staff, id).await;
    assert_eq!(read["city"]["name"], "Dakar", "{read}");
    assert_eq!(read["country"], talent["country"]);
}
