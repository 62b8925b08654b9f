//! The maintenance job: seeded dead and live rows and blob objects; after a run exactly the
//! dead ones are gone, the live ones intact; a second run purges nothing and says so.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use taalentio::{
    jobs::maintenance::{self, Purged},
    ports::blob::BlobKey,
};
use taalentio_tests::{TestApp, spawn_app};
use time::OffsetDateTime;
use uuid::Uuid;

async fn put_blob(app: &TestApp, key: &str, age: Duration) {
    let key = BlobKey::parse(key).unwrap();
    app.state
        .blobs
        .put(
            &key,
            Bytes::from_static(b"bytes"),
            "application/octet-stream",
        )
        .await
        .unwrap();
    // Written `age` ago, as the listing will see it.
    let path = app.files.path().join("blobs").join(key.as_str());
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(SystemTime::now() - age)
        .unwrap();
}

async fn stored_keys(app: &TestApp) -> Vec<String> {
    let mut keys: Vec<String> = app
        .state
        .blobs
        .list("")
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.key.as_str().to_owned())
        .collect();
    keys.sort();
    keys
}

const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

/// Rows and objects, dead and live; answers the ids of the rows that must survive.
async fn seed(app: &TestApp) -> i64 {
    let (user_id, _) = app
        .user_with_role("kept@maintenance.example.sn", "user")
        .await;
    let db = app.db().await;
    db.batch_execute(&format!(
        "-- sessions: idle-expired, absolute-expired, revoked 40 days ago (dead); revoked
         -- yesterday but not expired (kept 30 days); the login's (live)
         INSERT INTO sessions (user_id, token_hash, idle_expires_at, absolute_expires_at, revoked_at) VALUES
           ({user_id}, 'dead-idle', now() - interval '1 minute', now() + interval '6 days', NULL),
           ({user_id}, 'dead-abs', now() - interval '2 hours', now() - interval '1 hour', NULL),
           ({user_id}, 'dead-revoked', now() + interval '1 hour', now() + interval '2 hours', now() - interval '40 days'),
           ({user_id}, 'kept-revoked', now() + interval '1 hour', now() + interval '2 hours', now() - interval '1 day');
         -- tokens: expired or revoked 40 days ago (dead); expired yesterday (grace); live
         INSERT INTO api_tokens (user_id, name, token_prefix, token_hash, expires_at, revoked_at) VALUES
           ({user_id}, 'old', 'tlt_a', 'dead-expired', now() - interval '40 days', NULL),
           ({user_id}, 'revoked', 'tlt_b', 'dead-revoked', NULL, now() - interval '40 days'),
           ({user_id}, 'recent', 'tlt_c', 'kept-expired', now() - interval '1 day', NULL),
           ({user_id}, 'live', 'tlt_d', 'kept-live', now() + interval '30 days', NULL);
         -- links: the registration's used one (dead), an expired one (dead), a live one
         INSERT INTO email_confirmations (user_id, token_hash, expires_at) VALUES
           ({user_id}, 'dead-expired', now() - interval '1 minute'),
           ({user_id}, 'kept-live', now() + interval '1 day');
         INSERT INTO password_resets (user_id, token_hash, expires_at, used_at) VALUES
           ({user_id}, 'dead-used', now() + interval '1 hour', now()),
           ({user_id}, 'dead-expired', now() - interval '1 minute', NULL),
           ({user_id}, 'kept-live', now() + interval '1 hour', NULL);
         -- throttles: failures out of the window and no lock (dead); recent; an old one still locked
         INSERT INTO login_throttles (scope, key, failures, first_failure_at, locked_until) VALUES
           ('account', 'dead@example.sn', 3, now() - interval '1 hour', NULL),
           ('account', 'recent@example.sn', 3, now() - interval '1 minute', NULL),
           ('address', '196.25.1.9', 25, now() - interval '1 hour', now() + interval '10 minutes');"
    ))
    .await
    .unwrap();
    let photo = Uuid::new_v4();
    let uploads = [
        // (id, status, object key, thumbnail, created, processed)
        (
            Uuid::new_v4(),
            "pending",
            format!("incoming/{user_id}/old"),
            None,
            2 * DAY,
            None,
        ),
        (
            Uuid::new_v4(),
            "pending",
            format!("incoming/{user_id}/new"),
            None,
            HOUR,
            None,
        ),
        (
            Uuid::new_v4(),
            "rejected",
            format!("incoming/{user_id}/rejected-old"),
            None,
            9 * DAY,
            Some(8 * DAY),
        ),
        (
            Uuid::new_v4(),
            "rejected",
            format!("incoming/{user_id}/rejected-new"),
            None,
            2 * DAY,
            Some(DAY),
        ),
        (
            photo,
            "accepted",
            format!("photos/{user_id}/{photo}.jpg"),
            Some(format!("photos/{user_id}/{photo}-thumb.jpg")),
            30 * DAY,
            Some(30 * DAY),
        ),
    ];
    for (id, status, key, thumb, created, processed) in &uploads {
        let reason = (*status == "rejected").then_some("not a picture");
        let created = OffsetDateTime::now_utc() - *created;
        let processed = processed.map(|p| OffsetDateTime::now_utc() - p);
        db.execute(
            "INSERT INTO uploads (id, user_id, kind, object_key, content_type, declared_size, status,
                                  rejection_reason, thumbnail_key, created_at, processed_at)
             VALUES ($1, $2, 'photo', $3, 'image/jpeg', 5, $4, $5, $6, $7, $8)",
            &[id, &user_id, key, status, &reason, thumb, &created, &processed],
        )
        .await
        .unwrap();
    }
    db.execute(
        "UPDATE users SET photo_filename = $2 WHERE id = $1",
        &[&user_id, &uploads[4].2],
    )
    .await
    .unwrap();
    // A casting profile's gallery picture, referenced by the array only.
    db.execute(
        "INSERT INTO cinema_talents (unique_code, first_name, last_name, gallery_photos)
         VALUES ('55555552', 'Awa', 'Koné', ARRAY['cinema/1/gallery.jpg'])",
        &[],
    )
    .await
    .unwrap();
    drop(db);

    // Objects: the pending ones' bytes, the accepted photo and thumbnail, the gallery picture
    // (all old but referenced), orphans old and new, stored badges old and new, and an old
    // object under a prefix the core does not write.
    put_blob(app, &format!("incoming/{user_id}/old"), 2 * DAY).await;
    put_blob(app, &format!("incoming/{user_id}/new"), HOUR).await;
    put_blob(app, &uploads[4].2, 30 * DAY).await;
    put_blob(app, uploads[4].3.as_ref().unwrap(), 30 * DAY).await;
    put_blob(app, "cinema/1/gallery.jpg", 30 * DAY).await;
    put_blob(app, &format!("photos/{user_id}/orphan.jpg"), 2 * DAY).await;
    put_blob(app, &format!("cvs/{user_id}/being-written.pdf"), HOUR).await;
    put_blob(app, "exports/badges/1/old.pdf", DAY).await;
    put_blob(app, "exports/badges/1/new.pdf", Duration::from_secs(60)).await;
    put_blob(app, "elsewhere/kept.txt", 30 * DAY).await;
    user_id
}

#[tokio::test]
async fn a_run_purges_exactly_the_dead_and_a_second_purges_nothing() {
    let app = spawn_app().await;
    let user_id = seed(&app).await;
    let report = maintenance::run(&app.state, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(report.ran);
    assert_eq!(
        report.purged,
        Purged {
            sessions: 3,
            api_tokens: 2,
            email_confirmations: 2,
            password_resets: 2,
            login_throttles: 1,
            rejected_uploads: 1,
            abandoned_uploads: 1,
            orphan_blobs: 1,
            expired_stored_files: 1,
        }
    );
    assert!(
        report.message.contains("14 items purged"),
        "{}",
        report.message
    );

    let db = app.db().await;
    let texts = |sql: &'static str| {
        let db = &db;
        async move {
            let mut out: Vec<String> = db
                .query(sql, &[])
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            out.sort();
            out
        }
    };
    // The login's session (hash of a real token) and the recently revoked one stay.
    let sessions = texts("SELECT encode(token_hash, 'escape') FROM sessions").await;
    assert_eq!(sessions.len(), 2, "{sessions:?}");
    assert!(sessions.contains(&"kept-revoked".to_owned()));
    assert_eq!(
        texts("SELECT encode(token_hash, 'escape') FROM api_tokens").await,
        ["kept-expired", "kept-live"]
    );
    assert_eq!(
        texts("SELECT encode(token_hash, 'escape') FROM email_confirmations").await,
        ["kept-live"]
    );
    assert_eq!(
        texts("SELECT encode(token_hash, 'escape') FROM password_resets").await,
        ["kept-live"]
    );
    assert_eq!(
        texts("SELECT key FROM login_throttles").await,
        ["196.25.1.9", "recent@example.sn"]
    );
    let uploads = texts("SELECT object_key FROM uploads").await;
    assert_eq!(
        uploads
            .iter()
            .map(|k| k.rsplit('/').next().unwrap())
            .filter(|k| !k.ends_with(".jpg"))
            .collect::<Vec<_>>(),
        ["new", "rejected-new"]
    );
    assert_eq!(uploads.len(), 3, "{uploads:?}");
    let photo: String = db
        .query_one(
            "SELECT photo_filename FROM users WHERE id = $1",
            &[&user_id],
        )
        .await
        .unwrap()
        .get(0);
    drop(db);

    let mut expected = vec![
        "cinema/1/gallery.jpg".to_owned(),
        format!("cvs/{user_id}/being-written.pdf"),
        "elsewhere/kept.txt".to_owned(),
        "exports/badges/1/new.pdf".to_owned(),
        format!("incoming/{user_id}/new"),
        photo.clone(),
        photo.replace(".jpg", "-thumb.jpg"),
    ];
    expected.sort();
    assert_eq!(stored_keys(&app).await, expected);
    // The files read back whole.
    let kept = app
        .state
        .blobs
        .get(&BlobKey::parse(&photo).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.bytes.as_ref(), b"bytes");

    // The same day again: nothing done, and it says so; the day's record holds the first
    // run's figures.
    let again = maintenance::run(&app.state, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(!again.ran);
    assert_eq!(again.purged, Purged::default());
    assert!(again.message.contains("already run"), "{}", again.message);
    let row = app
        .db()
        .await
        .query_one(
            "SELECT run_key, status, stats FROM job_runs WHERE job_name = 'maintenance'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        row.get::<_, String>(0),
        OffsetDateTime::now_utc().date().to_string()
    );
    assert_eq!(row.get::<_, String>(1), "succeeded");
    assert_eq!(row.get::<_, serde_json::Value>(2)["purged"]["sessions"], 3);

    // Purging again (as tomorrow's run would, before anything new dies) finds nothing.
    let second = maintenance::purge(&app.state, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(second, Purged::default());
    assert_eq!(stored_keys(&app).await, expected);
}

#[tokio::test]
async fn a_failed_run_is_recorded_and_the_day_can_run_again() {
    let app = spawn_app().await;
    let today = OffsetDateTime::now_utc().date().to_string();
    app.db()
        .await
        .execute(
            "INSERT INTO job_runs (job_name, run_key, status, error, finished_at)
             VALUES ('maintenance', $1, 'failed', 'blob store unavailable', now())",
            &[&today],
        )
        .await
        .unwrap();
    let report = maintenance::run(&app.state, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(report.ran, "a failed day runs again");
    assert!(
        report.message.contains("nothing to purge"),
        "{}",
        report.message
    );
    let (status, error): (String, Option<String>) = {
        let row = app
            .db()
            .await
            .query_one(
                "SELECT status, error FROM job_runs WHERE job_name = 'maintenance'",
                &[],
            )
            .await
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!((status.as_str(), error), ("succeeded", None));
}
