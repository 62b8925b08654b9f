//! Migrations apply to an empty database, are a no-op the second time, and never race.

use taalentio::{
    accounts::{self, AdminOutcome},
    db,
};
use taalentio_tests::{config_for, create_empty_database, spawn_app};

fn pool_for(url: &str) -> db::Pool {
    db::pool(&config_for(url, &[]).database).unwrap()
}

#[tokio::test]
async fn migrations_apply_once_then_are_a_no_op() {
    let pool = pool_for(&create_empty_database().await);
    let first = db::migrate(&pool).await.unwrap();
    assert!(first.iter().any(|m| m.starts_with("V1__")), "{first:?}");
    assert!(first.iter().any(|m| m.starts_with("V2__")), "{first:?}");
    let second = db::migrate(&pool).await.unwrap();
    assert!(second.is_empty(), "second run applied {second:?}");
}

#[tokio::test]
async fn concurrent_runners_apply_each_migration_once() {
    let url = create_empty_database().await;
    let (a, b) = (pool_for(&url), pool_for(&url));
    let (ra, rb) = tokio::join!(db::migrate(&a), db::migrate(&b));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    // One runner did the work, the other waited for the lock and found nothing to do.
    assert!(ra.is_empty() != rb.is_empty(), "{ra:?} / {rb:?}");
    let client = a.get().await.unwrap();
    let applied: i64 = client
        .query_one("SELECT count(*) FROM refinery_schema_history", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(applied as usize, ra.len() + rb.len());
}

#[tokio::test]
async fn reference_data_is_complete() {
    let app = spawn_app().await;
    let db = app.db().await;
    let countries: i64 = db
        .query_one("SELECT count(*) FROM countries", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(countries, 54);
    let without_capital: i64 = db
        .query_one("SELECT count(*) FROM countries c WHERE NOT EXISTS (SELECT 1 FROM cities WHERE country_id = c.id AND is_capital)", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(without_capital, 0);
    let row = db
        .query_one(
            "SELECT name_fr, name_en, dial_code FROM countries WHERE code = 'CI'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            row.get::<_, &str>(0),
            row.get::<_, &str>(1),
            row.get::<_, &str>(2)
        ),
        ("Côte d'Ivoire", "Côte d'Ivoire", "+225")
    );
    let talents: i64 = db
        .query_one("SELECT count(*) FROM talents", &[])
        .await
        .unwrap()
        .get(0);
    assert!(talents >= 80, "{talents} talents");
    let actor: String = db
        .query_one("SELECT name FROM talents WHERE tag = 'actor'", &[])
        .await
        .unwrap()
        .get(0);
    assert!(actor.starts_with("Acteur"), "{actor}");
}

#[tokio::test]
async fn constraints_hold_what_the_code_relies_on() {
    let app = spawn_app().await;
    let db = app.db().await;
    let insert =
        "INSERT INTO users (unique_code, first_name, last_name, email, country_id, city_id)
                  VALUES ($1, 'Ada', 'Obi', $2, (SELECT id FROM countries WHERE code = $3),
                          (SELECT id FROM cities WHERE name = $4))";
    db.execute(insert, &[&"ADA2NB3K", &"ada@example.ng", &"NG", &"Lagos"])
        .await
        .unwrap();
    // Ambiguous symbols in a code, a duplicate email, a city of another country: each is
    // refused by the constraint meant for it.
    let refused_by = |result: Result<u64, tokio_postgres::Error>| {
        result
            .expect_err("the row was accepted")
            .as_db_error()
            .and_then(|e| e.constraint().map(str::to_owned))
            .unwrap_or_default()
    };
    assert_eq!(
        refused_by(
            db.execute(insert, &[&"ADA0OBIK", &"ada2@example.ng", &"NG", &"Lagos"])
                .await
        ),
        "users_unique_code_check"
    );
    assert_eq!(
        refused_by(
            db.execute(insert, &[&"ADA3NB4K", &"ada@example.ng", &"NG", &"Lagos"])
                .await
        ),
        "users_email_key"
    );
    assert!(
        refused_by(
            db.execute(insert, &[&"ADA4NB5K", &"ada3@example.ng", &"GH", &"Lagos"])
                .await
        )
        .contains("city"),
    );
    // is_admin follows the role.
    let is_admin: bool = db
        .query_one(
            "UPDATE users SET role = 'admin' WHERE email = 'ada@example.ng' RETURNING is_admin",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(is_admin);
}

#[tokio::test]
async fn the_first_admin_is_created_once_and_can_be_verified() {
    let app = spawn_app().await;
    let first = accounts::ensure_admin(
        &app.state.db,
        "Root@Taalentio.test",
        "a long enough password",
    )
    .await
    .unwrap();
    let second = accounts::ensure_admin(&app.state.db, "root@taalentio.test", "another password")
        .await
        .unwrap();
    assert_eq!(
        (first, second),
        (AdminOutcome::Created, AdminOutcome::AlreadyPresent)
    );
    let db = app.db().await;
    let rows = db.query("SELECT role, password_hash, unique_code FROM users WHERE email = 'root@taalentio.test'", &[]).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<_, &str>(0), "admin");
    // The second call did not overwrite the password.
    assert!(
        accounts::password::verify("a long enough password", rows[0].get(1))
            .await
            .unwrap()
    );
    assert!(taalentio::codes::normalize(rows[0].get(2)).is_some());
}

#[tokio::test]
async fn the_migrate_function_migrates_and_ensures_the_admin() {
    let url = create_empty_database().await;
    let config = config_for(
        &url,
        &[
            ("ADMIN_EMAIL", "ops@taalentio.test"),
            ("ADMIN_PASSWORD", "deploy-time secret"),
        ],
    );
    let state = taalentio::AppState::build(config).await.unwrap();
    let event =
        lambda_runtime::LambdaEvent::new(serde_json::json!({}), lambda_runtime::Context::default());
    let first = migrate::handle(state.clone(), event.clone()).await.unwrap();
    assert_eq!(first["admin"], "created");
    assert!(!first["applied"].as_array().unwrap().is_empty());
    let second = migrate::handle(state, event).await.unwrap();
    assert_eq!(
        second,
        serde_json::json!({"applied": [], "admin": "already_present"})
    );
}
