use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::{accounts::Auth, spawn_app};

use super::{city_id, talent_id};

#[tokio::test]
async fn a_person_fills_in_their_profile_and_contact_fields_are_stored_encrypted() {
    let app = spawn_app().await;
    let (id, me) = app.user_with_role("aminata@example.sn", "user").await;
    let dakar = city_id(&app, "SN", "Dakar").await;
    let response = app
        .call(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({
                "first_name": "Aminata",
                "last_name": "Ndiaye",
                "gender": "female",
                "nationality": "sn",
                "country": "SN",
                "city_id": dakar,
                "phone": "+221 77 123 45 67",
                "whatsapp": "+221 70 000 11 22",
                "address": "12 rue Carnot, Plateau, Dakar",
                "preferred_language": "en",
                "profile_public": true,
            })),
            Some(&me),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let profile = response.json();
    assert_eq!(profile["last_name"], "Ndiaye");
    assert_eq!(profile["country"]["code"], "SN");
    assert_eq!(profile["city"]["name"], "Dakar");
    assert_eq!(profile["nationality"], "SN");
    assert_eq!(profile["phone"], "+221771234567");
    assert_eq!(profile["address"], "12 rue Carnot, Plateau, Dakar");
    assert_eq!(profile["preferred_language"], "en");

    // The raw row holds no plaintext phone, WhatsApp or address.
    let raw: String = app
        .db()
        .await
        .query_one(
            "SELECT row_to_json(u)::text FROM users u WHERE id = $1",
            &[&id],
        )
        .await
        .unwrap()
        .get(0);
    for secret in ["771234567", "70000112", "rue Carnot", "Plateau"] {
        assert!(!raw.contains(secret), "{secret} in {raw}");
    }
    // Absent fields stay; null clears.
    let cleared = app
        .call(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"address": null})),
            Some(&me),
        )
        .await
        .json();
    assert!(cleared["address"].is_null());
    assert_eq!(cleared["phone"], "+221771234567");
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&me))
            .await
            .json()["last_name"],
        "Ndiaye"
    );
}

#[tokio::test]
async fn each_bad_profile_field_is_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("kwame@example.gh", "user").await;
    let accra = city_id(&app, "GH", "Accra").await;
    let lagos = city_id(&app, "NG", "Lagos").await;
    let cases = [
        (json!({"first_name": ""}), "first_name", "required"),
        (json!({"gender": "robot"}), "gender", "not_allowed"),
        (json!({"nationality": "XX"}), "nationality", "unknown"),
        (json!({"country": "ZZ"}), "country", "unknown"),
        (
            json!({"country": "GH", "city_id": lagos}),
            "city_id",
            "mismatch",
        ),
        (json!({"city_id": accra}), "city_id", "mismatch"),
        (json!({"phone": "0244 123 456"}), "phone", "invalid_format"),
        (
            json!({"whatsapp": "+233 abc"}),
            "whatsapp",
            "invalid_format",
        ),
        (json!({"address": "x".repeat(301)}), "address", "too_long"),
        (
            json!({"date_of_birth": "2015-01-01"}),
            "date_of_birth",
            "too_young",
        ),
        (
            json!({"preferred_language": "tw"}),
            "preferred_language",
            "not_allowed",
        ),
        (json!({"role": "admin"}), "role", "read_only"),
        (
            json!({"account_active": false}),
            "account_active",
            "read_only",
        ),
        (json!({"email": "new@example.gh"}), "email", "not_allowed"),
    ];
    for (body, field, code) in cases {
        let response = app
            .call(Method::PATCH, "/api/v1/me", Some(body.clone()), Some(&me))
            .await;
        assert!(
            response.status == StatusCode::UNPROCESSABLE_ENTITY,
            "{body} answered {}: {:?}",
            response.status,
            response.body
        );
        let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            problem["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{body}, expected {field} {code}: {problem}"
        );
    }
    // One bad field among good ones: nothing is written.
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"first_name": "Kofi", "phone": "nope"})),
        Some(&me),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let profile = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json();
    assert_eq!(profile["first_name"], "Aminata");
    assert!(profile["country"].is_null() && profile["phone"].is_null());
}

#[tokio::test]
async fn talents_are_replaced_as_a_set_from_the_active_catalogue() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("thandi@example.za", "user").await;
    let actor = talent_id(&app, "actor").await;
    let singer = talent_id(&app, "singer").await;
    let dancer = talent_id(&app, "dancer").await;
    let set = |ids: serde_json::Value| json!({"talent_ids": ids});
    let profile = app
        .call(
            Method::PUT,
            "/api/v1/me/talents",
            Some(set(json!([actor, singer, actor]))),
            Some(&me),
        )
        .await
        .json();
    let mut tags: Vec<i64> = profile["talents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    tags.sort();
    let mut expected = vec![actor as i64, singer as i64];
    expected.sort();
    assert_eq!(tags, expected);
    let profile = app
        .call(
            Method::PUT,
            "/api/v1/me/talents",
            Some(set(json!([dancer]))),
            Some(&me),
        )
        .await
        .json();
    assert_eq!(profile["talents"].as_array().unwrap().len(), 1);
    assert_eq!(profile["talents"][0]["id"], dancer);

    // Unknown, inactive, too many: refused, and the set is unchanged.
    app.db()
        .await
        .execute(
            "UPDATE talents SET is_active = false WHERE id = $1",
            &[&singer],
        )
        .await
        .unwrap();
    for ids in [
        json!([dancer, 999999]),
        json!([singer]),
        json!((1..=21).collect::<Vec<i32>>()),
        json!("actor"),
    ] {
        let problem = app
            .call(
                Method::PUT,
                "/api/v1/me/talents",
                Some(set(ids.clone())),
                Some(&me),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            problem.to_string().contains("talent_ids"),
            "{ids}: {problem}"
        );
    }
    let profile = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json();
    assert_eq!(profile["talents"][0]["id"], dancer);
}

#[tokio::test]
async fn me_needs_a_login_and_csrf_for_changes() {
    let app = spawn_app().await;
    app.call(Method::GET, "/api/v1/me", None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);
    let (_, me) = app.user_with_role("kwame@example.gh", "user").await;
    let Auth::Session { .. } = &me else {
        unreachable!()
    };
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"first_name": "X"})),
        Some(&me.without_csrf()),
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);
    let actions: i64 = app
        .db()
        .await
        .query_one("SELECT count(*) FROM activity_logs", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(actions, 0);
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"first_name": "Kwame"})),
        Some(&me),
    )
    .await;
    let action: String = app
        .db()
        .await
        .query_one("SELECT action FROM activity_logs", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(action, "PATCH /api/v1/me");
}
