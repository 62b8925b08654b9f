use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, accounts::Auth, spawn_app};

use super::{city_id, talent_id};

/// A confirmed person with a profile, made through the API as they would make it.
async fn person(app: &TestApp, email: &str, profile: Value, talents: &[&str]) -> i64 {
    let (id, session) = app.user_with_role(email, "user").await;
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
    id
}

fn codes(page: &Value) -> Vec<String> {
    let mut names: Vec<String> = page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{page}"))
        .iter()
        .map(|p| p["last_name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// A birth date making someone `years` old today, their birthday at least 40 days past.
fn born(years: i32) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    // The first of a month exists in every year, unlike 29 February.
    let past = (today - time::Duration::days(40)).replace_day(1).unwrap();
    past.replace_year(past.year() - years).unwrap().to_string()
}

async fn seeded() -> (TestApp, Auth) {
    let app = spawn_app().await;
    let dakar = city_id(&app, "SN", "Dakar").await;
    let lagos = city_id(&app, "NG", "Lagos").await;
    person(
        &app,
        "a@example.sn",
        json!({"first_name": "Aïssatou", "last_name": "Sène", "gender": "female",
        "date_of_birth": born(31), "country": "SN", "city_id": dakar}),
        &["actor", "singer"],
    )
    .await;
    person(
        &app,
        "b@example.ng",
        json!({"first_name": "Chinedu", "last_name": "Okafor", "gender": "male",
        "date_of_birth": born(38), "country": "NG", "city_id": lagos}),
        &["actor"],
    )
    .await;
    person(
        &app,
        "c@example.ng",
        json!({"first_name": "Ngozi", "last_name": "Eze", "gender": "female",
        "date_of_birth": born(23), "country": "NG", "city_id": lagos}),
        &["dancer"],
    )
    .await;
    let (_, recruiter) = app
        .user_with_role("recruteur@example.ci", "recruiter")
        .await;
    // The recruiter stays out of the age filters below.
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"date_of_birth": null})),
        Some(&recruiter),
    )
    .await;
    (app, recruiter)
}

#[tokio::test]
async fn recruiters_search_the_directory_with_each_filter() {
    let (app, recruiter) = seeded().await;
    let actor = talent_id(&app, "actor").await;
    let lagos = city_id(&app, "NG", "Lagos").await;
    let get = |query: String| {
        let app = &app;
        let recruiter = &recruiter;
        async move {
            let response = app
                .call(
                    Method::GET,
                    &format!("/api/v1/users?{query}"),
                    None,
                    Some(recruiter),
                )
                .await;
            assert_eq!(
                response.status,
                StatusCode::OK,
                "{query}: {:?}",
                response.body
            );
            response.json()
        }
    };
    // The recruiter and the three people: only confirmed, active accounts are listed.
    assert_eq!(get(String::new()).await["total"], 4);
    assert_eq!(
        codes(&get(format!("talent_id={actor}")).await),
        ["Okafor", "Sène"]
    );
    assert_eq!(codes(&get("category=dance".into()).await), ["Eze"]);
    assert_eq!(codes(&get("country=ng".into()).await), ["Eze", "Okafor"]);
    assert_eq!(
        codes(&get(format!("city_id={lagos}&gender=female")).await),
        ["Eze"]
    );
    assert_eq!(codes(&get("age_min=30".into()).await), ["Okafor", "Sène"]);
    assert_eq!(
        codes(&get("age_min=20&age_max=31".into()).await),
        ["Eze", "Sène"]
    );
    // Names: accents and case do not matter; every word must match.
    assert_eq!(codes(&get("q=AISSATOU".into()).await), ["Sène"]);
    assert_eq!(codes(&get("q=sene".into()).await), ["Sène"]);
    assert_eq!(codes(&get("q=chin%20oka".into()).await), ["Okafor"]);
    assert_eq!(codes(&get("q=%25".into()).await), Vec::<String>::new());
    // Pages.
    let page = get("per_page=2&page=2".into()).await;
    assert_eq!(
        (
            page["page"].as_i64(),
            page["per_page"].as_i64(),
            page["total"].as_i64()
        ),
        (Some(2), Some(2), Some(4))
    );
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    // A person's list line has their talents and place, no contact fields.
    let line = &get("q=okafor".into()).await["items"][0];
    assert_eq!(line["city"]["name"], "Lagos");
    assert_eq!(line["talents"][0]["name_en"], "Actor");
    assert!(line.get("phone").is_none() && line.get("email").is_none());
    // The same directory by talent.
    let by_talent = app
        .call(
            Method::GET,
            &format!("/api/v1/talents/{actor}/users?country=SN"),
            None,
            Some(&recruiter),
        )
        .await
        .json();
    assert_eq!(codes(&by_talent), ["Sène"]);
}

#[tokio::test]
async fn bad_directory_queries_are_refused_with_the_parameter_named() {
    let (app, recruiter) = seeded().await;
    for (query, field) in [
        ("age_min=-1", "age_min"),
        ("age_min=40&age_max=30", "age_min"),
        ("gender=robot", "gender"),
        ("per_page=500", "per_page"),
        ("page=0", "page"),
        ("talent_id=abc", "talent_id"),
        ("colour=blue", "colour"),
    ] {
        let problem = app
            .call(
                Method::GET,
                &format!("/api/v1/users?{query}"),
                None,
                Some(&recruiter),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains(field), "{query}: {problem}");
    }
}

#[tokio::test]
async fn each_role_sees_what_it_may_and_no_more() {
    let (app, recruiter) = seeded().await;
    let (my_id, user) = app.user_with_role("someone@example.ke", "user").await;
    let (_, presence) = app.user_with_role("presence@example.ke", "presence").await;
    let (_, admin) = app.user_with_role("admin@example.ke", "admin").await;
    let other: i64 = app
        .db()
        .await
        .query_one("SELECT id FROM users WHERE email = 'b@example.ng'", &[])
        .await
        .unwrap()
        .get(0);

    for who in [&user, &presence] {
        app.call(Method::GET, "/api/v1/users", None, Some(who))
            .await
            .assert_problem(StatusCode::FORBIDDEN);
        // Another person's record does not exist for them.
        app.call(
            Method::GET,
            &format!("/api/v1/users/{other}"),
            None,
            Some(who),
        )
        .await
        .assert_problem(StatusCode::NOT_FOUND);
        app.call(
            Method::PUT,
            &format!("/api/v1/users/{other}"),
            Some(json!({"first_name": "X"})),
            Some(who),
        )
        .await
        .assert_problem(StatusCode::NOT_FOUND);
        app.call(
            Method::DELETE,
            &format!("/api/v1/users/{other}"),
            None,
            Some(who),
        )
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    }
    // Their own record they can read.
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/v1/users/{my_id}"),
            None,
            Some(&user)
        )
        .await
        .status,
        StatusCode::OK
    );
    // Recruiters read whole profiles, contact details included, but change nothing.
    let profile = app
        .call(
            Method::GET,
            &format!("/api/v1/users/{other}"),
            None,
            Some(&recruiter),
        )
        .await;
    assert_eq!(profile.status, StatusCode::OK);
    assert_eq!(profile.json()["email"], "b@example.ng");
    app.call(
        Method::PUT,
        &format!("/api/v1/users/{other}"),
        Some(json!({"first_name": "X"})),
        Some(&recruiter),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    app.call(Method::GET, "/api/v1/users/999999", None, Some(&recruiter))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    // Admins change roles and deactivate; a deactivated person's sessions end.
    let (victim, victim_session) = app.user_with_role("victim@example.ke", "user").await;
    let before = listed_aminatas(&app, &recruiter).await;
    let changed = app
        .call(
            Method::PUT,
            &format!("/api/v1/users/{victim}"),
            Some(json!({"role": "recruiter", "account_active": false})),
            Some(&admin),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.json()["role"], "recruiter");
    app.call(Method::GET, "/api/v1/me", None, Some(&victim_session))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    // Deactivated accounts leave the directory.
    assert_eq!(listed_aminatas(&app, &recruiter).await, before - 1);
}

async fn listed_aminatas(app: &TestApp, recruiter: &Auth) -> i64 {
    app.call(
        Method::GET,
        "/api/v1/users?q=aminata",
        None,
        Some(recruiter),
    )
    .await
    .json()["total"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_public_profile_shows_only_what_its_owner_opened() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("amani@example.tz", "user").await;
    let code = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json()["unique_code"]
        .as_str()
        .unwrap()
        .to_owned();
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"phone": "+255 712 345 678", "country": "TZ"})),
        Some(&me),
    )
    .await;
    // Private by default.
    app.call(Method::GET, &format!("/api/v1/profiles/{code}"), None, None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"profile_public": true})),
        Some(&me),
    )
    .await;
    let public = app
        .call(
            Method::GET,
            &format!("/api/v1/profiles/{}", code.to_lowercase()),
            None,
            None,
        )
        .await;
    assert_eq!(public.status, StatusCode::OK);
    let body = public.json();
    assert_eq!(body["first_name"], "Aminata");
    assert_eq!(body["last_initial"], "D.");
    assert_eq!(body["country"]["code"], "TZ");
    for private in ["712345678", "amani@example.tz", "Diallo"] {
        assert!(!body.to_string().contains(private), "{private} in {body}");
    }
    app.call(Method::GET, "/api/v1/profiles/NOTACODE", None, None)
        .await
        .assert_problem(StatusCode::NOT_FOUND);
}
