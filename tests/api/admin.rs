//! Administration: settings with per-key checks (and registration closing), roles and
//! activation with their guards, and the filtered logs; who may reach any of it.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio::settings;
use taalentio_tests::{
    TestApp,
    accounts::{Auth, GOOD_PASSWORD},
    spawn_app,
};

async fn put(app: &TestApp, who: &Auth, path: &str, body: Value) -> taalentio_tests::TestResponse {
    app.call(Method::PUT, path, Some(body), Some(who)).await
}

/// (admin id, admin), (user id, user), recruiter, presence.
async fn staff(app: &TestApp) -> ((i64, Auth), (i64, Auth), Auth, Auth) {
    let admin = app.user_with_role("admin@admin.example.sn", "admin").await;
    let user = app.user_with_role("user@admin.example.sn", "user").await;
    let (_, recruiter) = app
        .user_with_role("recruiter@admin.example.sn", "recruiter")
        .await;
    let (_, presence) = app
        .user_with_role("presence@admin.example.sn", "presence")
        .await;
    (admin, user, recruiter, presence)
}

#[tokio::test]
async fn only_admins_reach_the_admin_routes() {
    let app = spawn_app().await;
    let ((_, admin), (user_id, user), recruiter, presence) = staff(&app).await;
    let reads = [
        "/api/v1/admin/settings",
        "/api/v1/admin/logs/activity",
        "/api/v1/admin/logs/security",
        "/api/v1/admin/logs/email",
    ];
    let writes = [
        (
            "/api/v1/admin/settings/site_name".to_owned(),
            json!({"value": "Taalentio"}),
        ),
        (
            format!("/api/v1/admin/users/{user_id}/role"),
            json!({"role": "recruiter"}),
        ),
        (
            format!("/api/v1/admin/users/{user_id}/active"),
            json!({"active": false}),
        ),
    ];
    for path in reads {
        app.call(Method::GET, path, None, None)
            .await
            .assert_problem(StatusCode::UNAUTHORIZED);
        for who in [&user, &recruiter, &presence] {
            app.call(Method::GET, path, None, Some(who))
                .await
                .assert_problem(StatusCode::FORBIDDEN);
        }
        let response = app.call(Method::GET, path, None, Some(&admin)).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{path}: {:?}",
            response.body
        );
    }
    for (path, body) in &writes {
        app.call(Method::PUT, path, Some(body.clone()), None)
            .await
            .assert_problem(StatusCode::UNAUTHORIZED);
        for who in [&user, &recruiter, &presence] {
            put(&app, who, path, body.clone())
                .await
                .assert_problem(StatusCode::FORBIDDEN);
        }
    }
    // Nothing was changed by the refused calls.
    let row = app
        .db()
        .await
        .query_one(
            "SELECT role, account_active FROM users WHERE id = $1",
            &[&user_id],
        )
        .await
        .unwrap();
    assert_eq!(
        (row.get::<_, String>(0), row.get::<_, bool>(1)),
        ("user".into(), true)
    );
    assert_eq!(
        settings::load(&app.state.db).await.unwrap().site_name,
        "taalentio"
    );
    // An unknown account is 404 for an admin.
    put(
        &app,
        &admin,
        "/api/v1/admin/users/999999/role",
        json!({"role": "user"}),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    put(
        &app,
        &admin,
        "/api/v1/admin/users/999999/active",
        json!({"active": false}),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn settings_are_checked_key_by_key_recorded_and_read_back_typed() {
    let app = spawn_app().await;
    let ((admin_id, admin), _, _, _) = staff(&app).await;
    let listed = app
        .call(Method::GET, "/api/v1/admin/settings", None, Some(&admin))
        .await
        .json();
    let keys: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "ai.daily_cap_usd",
            "features.ai",
            "features.registration",
            "mail.sender",
            "site_name"
        ]
    );

    for (key, value, field_hint, code) in [
        ("site_name", json!(""), "required", "required"),
        (
            "site_name",
            json!("x".repeat(101)),
            "at most 100",
            "too_long",
        ),
        ("site_name", json!(42), "required", "required"),
        (
            "mail.sender",
            json!("taalentio"),
            "mailbox",
            "invalid_format",
        ),
        (
            "mail.sender",
            json!("taalentio <no-reply>"),
            "mailbox",
            "invalid_format",
        ),
        (
            "mail.sender",
            json!("a <b@c.d>\r\nBcc: x@y.z"),
            "mailbox",
            "invalid_format",
        ),
        ("features.ai", json!("yes"), "`true`", "not_allowed"),
        ("features.registration", json!(1), "`false`", "not_allowed"),
        ("ai.daily_cap_usd", json!(-1), "at least 0", "too_small"),
        (
            "ai.daily_cap_usd",
            json!(10_001),
            "at most 10000",
            "too_large",
        ),
        ("ai.daily_cap_usd", json!("5"), "two decimals", "invalid"),
        ("ai.daily_cap_usd", json!(0.125), "two decimals", "invalid"),
    ] {
        let body = put(
            &app,
            &admin,
            &format!("/api/v1/admin/settings/{key}"),
            json!({"value": value}),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "value", "{body}");
        assert_eq!(body["errors"][0]["code"], code, "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(field_hint),
            "{body}"
        );
    }
    put(
        &app,
        &admin,
        "/api/v1/admin/settings/features.unknown",
        json!({"value": true}),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    put(
        &app,
        &admin,
        "/api/v1/admin/settings/site_name",
        json!({"valeur": "x"}),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing was written by the refused values.
    assert_eq!(
        settings::load(&app.state.db).await.unwrap(),
        settings::Settings::default()
    );

    for (key, value) in [
        ("site_name", json!("  Taalentio Sénégal ")),
        ("mail.sender", json!("Casting Dakar <casting@taalentio.sn>")),
        ("features.ai", json!(true)),
        ("ai.daily_cap_usd", json!(12.5)),
    ] {
        let response = put(
            &app,
            &admin,
            &format!("/api/v1/admin/settings/{key}"),
            json!({"value": value}),
        )
        .await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        assert_eq!(response.json()["updated_by"], admin_id);
    }
    let loaded = settings::load(&app.state.db).await.unwrap();
    assert_eq!(
        loaded,
        settings::Settings {
            site_name: "Taalentio Sénégal".into(),
            mail_sender: Some("Casting Dakar <casting@taalentio.sn>".into()),
            feature_ai: true,
            registration_open: true,
            ai_daily_cap_usd: 12.5,
        }
    );
    assert_eq!(
        settings::mail_sender(&app.state.db)
            .await
            .unwrap()
            .as_deref(),
        Some("Casting Dakar <casting@taalentio.sn>")
    );
    // Each change is in the security log, by whom, with the old and new value.
    let rows = app
        .db()
        .await
        .query(
            "SELECT user_id, details FROM security_logs WHERE event_type = 'setting_changed' ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].get::<_, Option<i64>>(0), Some(admin_id));
    assert_eq!(
        rows[0].get::<_, Value>(1),
        json!({"key": "site_name", "from": "taalentio", "to": "Taalentio Sénégal"})
    );
}

#[tokio::test]
async fn mail_leaves_from_the_sender_an_admin_chose_and_null_hands_it_back() {
    let app = spawn_app().await;
    let (_, admin) = app.user_with_role("admin@sender.example.sn", "admin").await;
    app.confirmed_user("person@sender.example.sn").await;
    let forgot = || async {
        let response = app
            .call(
                Method::POST,
                "/api/v1/auth/password/forgot",
                Some(json!({"email": "person@sender.example.sn"})),
                None,
            )
            .await;
        assert!(response.status.is_success(), "{response:?}");
        // Read back as a mail reader would: display name and address, whatever the quoting.
        let from = app.last_mail_to("person@sender.example.sn").from;
        match mailparse::addrparse(&from).unwrap().extract_single_info() {
            Some(info) => (info.display_name, info.addr),
            None => panic!("not a single mailbox: {from}"),
        }
    };
    let mailbox = |name: &str, addr: &str| (Some(name.to_owned()), addr.to_owned());
    // Until an admin chooses, mail goes from the MAIL_FROM setting.
    let configured = mailbox("taalentio", "no-reply@taalentio.local");
    assert_eq!(
        app.state.config.mail.from,
        "taalentio <no-reply@taalentio.local>"
    );
    assert_eq!(forgot().await, configured);

    let chosen = "Casting Dakar <casting@taalentio.sn>";
    let response = put(
        &app,
        &admin,
        "/api/v1/admin/settings/mail.sender",
        json!({"value": chosen}),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{response:?}");
    assert_eq!(
        forgot().await,
        mailbox("Casting Dakar", "casting@taalentio.sn")
    );

    let response = put(
        &app,
        &admin,
        "/api/v1/admin/settings/mail.sender",
        json!({"value": null}),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{response:?}");
    assert_eq!(forgot().await, configured);
}

#[tokio::test]
async fn closing_registration_refuses_new_accounts_with_a_clear_reason() {
    let app = spawn_app().await;
    let ((_, admin), _, _, _) = staff(&app).await;
    let response = put(
        &app,
        &admin,
        "/api/v1/admin/settings/features.registration",
        json!({"value": false}),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    assert!(
        !settings::load(&app.state.db)
            .await
            .unwrap()
            .registration_open
    );
    let body = app
        .register("newcomer@example.sn", GOOD_PASSWORD)
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("registration is closed"),
        "{body}"
    );
    let created: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM users WHERE email = 'newcomer@example.sn'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(created, 0);
    assert!(app.outbox().iter().all(|m| !m.to.contains("newcomer")));

    put(
        &app,
        &admin,
        "/api/v1/admin/settings/features.registration",
        json!({"value": true}),
    )
    .await;
    assert_eq!(
        app.register("newcomer@example.sn", GOOD_PASSWORD)
            .await
            .status,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn roles_change_with_a_log_line_and_admins_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let ((admin_id, admin), (user_id, user), _, _) = staff(&app).await;
    let response = put(
        &app,
        &admin,
        &format!("/api/v1/admin/users/{user_id}/role"),
        json!({"role": "recruiter"}),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    assert_eq!(response.json()["role"], "recruiter");
    // The person acts with the new role at once.
    let dashboard = app
        .call(Method::GET, "/api/v1/stats/overview", None, Some(&user))
        .await;
    assert_eq!(dashboard.status, StatusCode::OK);
    let details: Value = app
        .db()
        .await
        .query_one(
            "SELECT details FROM security_logs WHERE event_type = 'role_changed' AND user_id = $1",
            &[&user_id],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        details,
        json!({"from": "user", "to": "recruiter", "by": admin_id})
    );

    put(
        &app,
        &admin,
        &format!("/api/v1/admin/users/{user_id}/role"),
        json!({"role": "boss"}),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);

    // Self-demotion and self-deactivation: 409, with the reason; nothing changes.
    for (path, body, reason) in [
        ("role", json!({"role": "user"}), "own admin role"),
        ("active", json!({"active": false}), "deactivate their own"),
    ] {
        let problem = put(
            &app,
            &admin,
            &format!("/api/v1/admin/users/{admin_id}/{path}"),
            body,
        )
        .await
        .assert_problem(StatusCode::CONFLICT);
        assert!(
            problem["detail"].as_str().unwrap().contains(reason),
            "{problem}"
        );
    }
    // The same guard holds through PUT /api/v1/users/{id}, and nothing else is written.
    let problem = put(
        &app,
        &admin,
        &format!("/api/v1/users/{admin_id}"),
        json!({"first_name": "Changed", "role": "user"}),
    )
    .await
    .assert_problem(StatusCode::CONFLICT);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("own admin role")
    );
    let row = app
        .db()
        .await
        .query_one(
            "SELECT role, account_active, first_name FROM users WHERE id = $1",
            &[&admin_id],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            row.get::<_, String>(0),
            row.get::<_, bool>(1),
            row.get::<_, String>(2)
        ),
        ("admin".into(), true, "Aminata".into())
    );

    // A second admin may demote the first; then the second is the last one.
    let (_, second) = app
        .user_with_role("second-admin@admin.example.sn", "admin")
        .await;
    let response = put(
        &app,
        &second,
        &format!("/api/v1/admin/users/{admin_id}/role"),
        json!({"role": "recruiter"}),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let admins: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM users WHERE role = 'admin' AND account_active",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(admins, 1);
    // The demoted admin no longer reaches the admin routes.
    app.call(Method::GET, "/api/v1/admin/settings", None, Some(&admin))
        .await
        .assert_problem(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_last_active_admin_cannot_be_removed_by_anyone() {
    let app = spawn_app().await;
    let ((admin_id, admin), _, _, _) = staff(&app).await;
    let (other_id, _) = app
        .user_with_role("inactive-admin@admin.example.sn", "admin")
        .await;
    // The other admin is deactivated: the first is now the only active one.
    let response = put(
        &app,
        &admin,
        &format!("/api/v1/admin/users/{other_id}/active"),
        json!({"active": false}),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    // Reached without the self-check (an API token of a now-inactive admin cannot call):
    // the core refuses removing the last active admin whoever asks.
    let client = taalentio::audit::ClientInfo::default();
    let mut db = app.state.db.get().await.unwrap();
    let tx = db.transaction().await.unwrap();
    let refused = taalentio::accounts::access::apply(
        &tx,
        admin_id,
        taalentio::accounts::access::AccessChange {
            role: Some(taalentio::accounts::Role::User),
            active: None,
        },
        other_id,
        &client,
    )
    .await;
    match refused {
        Err(taalentio::Error::Conflict(_, reason)) => {
            assert!(reason.contains("last active admin"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn deactivating_ends_sessions_and_tokens_and_reactivating_logs_it() {
    let app = spawn_app().await;
    let ((admin_id, admin), (user_id, user), _, _) = staff(&app).await;
    let token = app
        .call(
            Method::POST,
            "/api/v1/auth/tokens",
            Some(json!({"name": "script"})),
            Some(&user),
        )
        .await
        .json()["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let bearer = Auth::Bearer(token);
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&bearer))
            .await
            .status,
        StatusCode::OK
    );
    let response = put(
        &app,
        &admin,
        &format!("/api/v1/admin/users/{user_id}/active"),
        json!({"active": false}),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    assert_eq!(response.json()["account_active"], false);
    // The old cookie and the token no longer work.
    for who in [&user, &bearer] {
        app.call(Method::GET, "/api/v1/me", None, Some(who))
            .await
            .assert_problem(StatusCode::UNAUTHORIZED);
    }
    let (live_sessions, live_tokens): (i64, i64) = {
        let row = app
            .db()
            .await
            .query_one(
                "SELECT (SELECT count(*) FROM sessions WHERE user_id = $1 AND revoked_at IS NULL),
                        (SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL)",
                &[&user_id],
            )
            .await
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!((live_sessions, live_tokens), (0, 0));

    put(
        &app,
        &admin,
        &format!("/api/v1/admin/users/{user_id}/active"),
        json!({"active": "no"}),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let response = put(
        &app,
        &admin,
        &format!("/api/v1/admin/users/{user_id}/active"),
        json!({"active": true}),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    // The person logs in again; the revoked token stays revoked.
    let again = app.login("user@admin.example.sn", GOOD_PASSWORD).await;
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&again))
            .await
            .status,
        StatusCode::OK
    );
    app.call(Method::GET, "/api/v1/me", None, Some(&bearer))
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);

    // Both changes are in the security log, by the admin, found with its filters.
    let page = app
        .call(
            Method::GET,
            &format!("/api/v1/admin/logs/security?user_id={user_id}&severity=warning"),
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["event_type"], "account_deactivated");
    assert_eq!(page["items"][0]["details"]["by"], admin_id);
    assert_eq!(page["items"][0]["details"]["sessions_ended"], 1);
    assert_eq!(page["items"][0]["details"]["tokens_revoked"], 1);
    let page = app
        .call(
            Method::GET,
            &format!(
                "/api/v1/admin/logs/security?user_id={user_id}&event_type=account_reactivated"
            ),
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page["total"], 1, "{page}");
}

#[tokio::test]
async fn logs_are_filtered_newest_first_and_bad_filters_are_named() {
    let app = spawn_app().await;
    let ((admin_id, admin), (user_id, user), _, _) = staff(&app).await;
    // Activity: two changes by the user, one refused.
    for name in ["Awa", "Binta"] {
        app.call(
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"first_name": name})),
            Some(&user),
        )
        .await;
    }
    app.call(
        Method::PATCH,
        "/api/v1/me",
        Some(json!({"first_name": ""})),
        Some(&user),
    )
    .await;
    let page = app
        .call(
            Method::GET,
            &format!("/api/v1/admin/logs/activity?user_id={user_id}&action=PATCH%20/api/v1/me"),
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page["total"], 3, "{page}");
    let statuses: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_i64().unwrap())
        .collect();
    assert_eq!(statuses, [422, 200, 200], "newest first");
    let page = app
        .call(
            Method::GET,
            &format!("/api/v1/admin/logs/activity?user_id={user_id}&status=422"),
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page["total"], 1);
    let page = app
        .call(
            Method::GET,
            &format!("/api/v1/admin/logs/activity?user_id={user_id}&per_page=2&page=2"),
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(
        (
            page["total"].as_i64(),
            page["items"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );

    // Security: the admin's login; by date, today finds it and yesterday does not.
    let today = time::OffsetDateTime::now_utc().date();
    let yesterday = today.previous_day().unwrap();
    let login = |from: time::Date, to: time::Date| {
        format!(
            "/api/v1/admin/logs/security?user_id={admin_id}&event_type=login_succeeded&from={from}&to={to}"
        )
    };
    let page = app
        .call(Method::GET, &login(today, today), None, Some(&admin))
        .await
        .json();
    assert_eq!(page["total"], 1, "{page}");
    let page = app
        .call(
            Method::GET,
            &login(yesterday, yesterday),
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page["total"], 0, "{page}");

    // Mail: the confirmation mails; part of the address, any case; the status filter.
    let page = app
        .call(
            Method::GET,
            "/api/v1/admin/logs/email?recipient=USER@ADMIN&email_type=confirm_email",
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["recipient"], "user@admin.example.sn");
    let page = app
        .call(
            Method::GET,
            "/api/v1/admin/logs/email?recipient=%25",
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page["total"], 0, "a % is matched literally: {page}");
    let page = app
        .call(
            Method::GET,
            "/api/v1/admin/logs/email?status=failed",
            None,
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(page["total"], 0);

    for (path, field) in [
        (
            "/api/v1/admin/logs/security?severity=loud",
            "query.severity",
        ),
        ("/api/v1/admin/logs/email?status=lost", "query.status"),
        ("/api/v1/admin/logs/activity?from=2026-02-30", "query.from"),
        (
            "/api/v1/admin/logs/activity?from=2026-03-02&to=2026-03-01",
            "query.from",
        ),
        ("/api/v1/admin/logs/activity?user_id=abc", "query.user_id"),
        ("/api/v1/admin/logs/activity?user_id=0", "query.user_id"),
        ("/api/v1/admin/logs/activity?status=700", "query.status"),
        ("/api/v1/admin/logs/email?recipient=", "query.recipient"),
        ("/api/v1/admin/logs/security?per_page=500", "query.per_page"),
        ("/api/v1/admin/logs/security?colour=red", "query"),
    ] {
        let body = app
            .call(Method::GET, path, None, Some(&admin))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.iter().any(|f| f.starts_with(field)),
            "{path}: {body}"
        );
    }
}
