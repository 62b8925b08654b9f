//! Scans sent twice, from several devices, in any order, at once; the desk's own scans.

use axum::http::{Method, StatusCode};
use serde_json::json;
use taalentio_tests::spawn_app;
use uuid::Uuid;

use super::*;
use crate::presence::shooting;

#[tokio::test]
async fn a_scan_id_sent_twice_records_once_in_a_batch_across_batches_and_devices() {
    let app = spawn_app().await;
    let (project, codes, _) = shooting(&app).await;
    let desk = desk(&app).await;
    let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
    let batch = [
        scan(first, &codes[0], "check_in", -180),
        scan(first, &codes[0], "check_in", -180),
        scan(second, &codes[1], "check_in", -120),
    ];
    let sent = results(&app, &desk, project, "tablet-a", &batch).await;
    assert_eq!(
        statuses(&sent),
        [("recorded", None), ("duplicate", None), ("recorded", None)]
    );
    assert_eq!(sent[0]["attendance"], sent[1]["attendance"]);
    assert_eq!(
        sent[0]["attendance"]["check_in_time"],
        batch[0]["scanned_at"]
    );

    // The batch again (its answer was lost), then the first scan from another device.
    let retried = results(&app, &desk, project, "tablet-a", &batch).await;
    assert_eq!(statuses(&retried), [("duplicate", None); 3]);
    assert!(
        retried[0]["message"]
            .as_str()
            .unwrap()
            .contains("received before and recorded"),
        "{}",
        retried[0]
    );
    assert_eq!(retried[0]["attendance"], sent[0]["attendance"]);
    let elsewhere = results(
        &app,
        &desk,
        project,
        "tablet-b",
        &[scan(first, &codes[0], "check_in", -240)],
    )
    .await;
    assert_eq!(statuses(&elsewhere), [("duplicate", None)]);
    // Changed nothing: not even by its earlier time.
    assert_eq!(elsewhere[0]["attendance"], sent[0]["attendance"]);

    assert_eq!(count(&app, "SELECT count(*) FROM attendances").await, 2);
    let kept = audit(&app, first).await;
    assert_eq!(kept.len(), 5, "every receipt is kept: {kept:?}");
    assert_eq!(kept[0].0, "recorded");
    assert!(kept[1..].iter().all(|row| row.0 == "duplicate"));
    assert_eq!(kept[4].2.as_deref(), Some("tablet-b"));
}

#[tokio::test]
async fn scans_from_two_devices_land_in_time_order_whatever_order_they_arrive_in() {
    let app = spawn_app().await;
    let (project, codes, cinema_codes) = shooting(&app).await;
    let desk = desk(&app).await;

    // Device A syncs first: Awa in at -120, out at -60.
    let a = results(
        &app,
        &desk,
        project,
        "tablet-a",
        &[
            scan(Uuid::new_v4(), &codes[0], "check_in", -120),
            scan(Uuid::new_v4(), &codes[0], "check_out", -60),
        ],
    )
    .await;
    assert_eq!(statuses(&a), [("recorded", None), ("recorded", None)]);

    // Device B saw her earlier and later, and once in between; it syncs after A.
    let b_batch = [
        scan(Uuid::new_v4(), &codes[0], "check_out", -30),
        scan(Uuid::new_v4(), &codes[0], "check_out", -90),
        scan(Uuid::new_v4(), &codes[0], "check_in", -180),
        scan(Uuid::new_v4(), &codes[0], "check_in", -100),
    ];
    let b = results(&app, &desk, project, "tablet-b", &b_batch).await;
    assert_eq!(
        statuses(&b),
        [
            ("recorded", None),
            ("already_recorded", None),
            ("recorded", None),
            ("already_recorded", None),
        ]
    );
    let day = &b[0]["attendance"];
    assert_eq!(
        parse(&day["check_in_time"]),
        parse(&b_batch[2]["scanned_at"])
    );
    assert_eq!(
        parse(&day["check_out_time"]),
        parse(&b_batch[0]["scanned_at"])
    );
    assert!(
        b.iter().all(|r| r["attendance"] == *day),
        "as it stands after the batch"
    );
    assert!(
        b[3]["message"]
            .as_str()
            .unwrap()
            .contains("already checked in"),
        "{}",
        b[3]
    );
    // The sheet tells which device's scans set the times, and that they were offline.
    assert_eq!(day["check_in_scan"]["device_id"], "tablet-b");
    assert_eq!(day["check_in_scan"]["offline"], true);
    assert_eq!(day["check_in_scan"]["scan_id"], b_batch[2]["scan_id"]);
    assert_eq!(day["check_out_scan"]["scan_id"], b_batch[0]["scan_id"]);

    // In one batch, a check-out sent before its check-in still lands after it.
    let yao = results(
        &app,
        &desk,
        project,
        "tablet-b",
        &[
            scan(Uuid::new_v4(), &cinema_codes[1], "check_out", -10),
            scan(Uuid::new_v4(), &codes[1], "check_in", -200),
        ],
    )
    .await;
    assert_eq!(statuses(&yao), [("recorded", None), ("recorded", None)]);
    let (check_in, check_out) = times(&yao[0]["attendance"]);
    assert!(check_out.unwrap() > check_in);

    let history = app
        .call(
            Method::GET,
            &format!("/api/v1/presence/talents/{}/history", cinema_codes[0]),
            None,
            Some(&desk),
        )
        .await
        .json();
    assert_eq!(history[0]["check_out_scan"]["device_id"], "tablet-b");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_syncing_at_once_do_not_double_record() {
    let app = spawn_app().await;
    let (project, codes, _) = shooting(&app).await;
    let desk = desk(&app).await;
    // The same 40 scans from both devices at once (a batch retried while still in flight),
    // and each device's own check-ins of the same two talents.
    let shared: Vec<Value> = (0..40)
        .map(|i| scan(Uuid::new_v4(), &codes[i % 2], "check_in", -300 + i as i64))
        .collect();
    let own = |offset: i64| -> Vec<Value> {
        let mut scans = shared.clone();
        scans.extend((0..20).map(|i| {
            scan(
                Uuid::new_v4(),
                &codes[i % 2],
                "check_in",
                -400 + offset + i as i64,
            )
        }));
        scans
    };
    let (a, b) = (own(0), own(50));
    let (from_a, from_b) = tokio::join!(
        results(&app, &desk, project, "tablet-a", &a),
        results(&app, &desk, project, "tablet-b", &b),
    );
    for i in 0..shared.len() {
        let pair = [
            from_a[i]["status"].as_str().unwrap(),
            from_b[i]["status"].as_str().unwrap(),
        ];
        assert_eq!(
            pair.iter().filter(|s| **s == "duplicate").count(),
            1,
            "scan {i} is applied by exactly one device: {pair:?}"
        );
    }
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM attendance_scans WHERE status <> 'duplicate'"
        )
        .await,
        80
    );
    assert_eq!(
        count(&app, "SELECT count(*) FROM attendance_scans").await,
        120
    );
    assert_eq!(count(&app, "SELECT count(*) FROM attendances").await, 2);
    // The earliest check-in of each talent counts: device A's first own scans.
    let earliest = app
        .db()
        .await
        .query(
            "SELECT check_in_time FROM attendances ORDER BY check_in_time",
            &[],
        )
        .await
        .unwrap();
    for (row, scan) in earliest.iter().zip(&a[40..42]) {
        assert_eq!(row.get::<_, OffsetDateTime>(0), parse(&scan["scanned_at"]));
    }
}

#[tokio::test]
async fn the_desks_own_scans_are_kept_in_the_audit_too() {
    let app = spawn_app().await;
    let (project, codes, _) = shooting(&app).await;
    let desk = desk(&app).await;
    let offline = results(
        &app,
        &desk,
        project,
        "tablet-a",
        &[scan(Uuid::new_v4(), &codes[0], "check_in", -60)],
    )
    .await;
    assert_eq!(statuses(&offline), [("recorded", None)]);
    let unknown = "ZZZZ2222".to_owned();
    for (way, code, status) in [
        ("check-in", &codes[0], StatusCode::OK),
        ("check-out", &codes[0], StatusCode::OK),
        ("check-in", &unknown, StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let response = app
            .call(
                Method::POST,
                &format!("/api/v1/presence/projects/{project}/{way}"),
                Some(json!({"code": code, "date": today()})),
                Some(&desk),
            )
            .await;
        assert_eq!(response.status, status, "{way}: {:?}", response.body);
    }
    let rows = app
        .db()
        .await
        .query(
            "SELECT direction, status, reason, offline, recorded_by IS NOT NULL
               FROM attendance_scans WHERE device_id IS NULL ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    let rows: Vec<(String, String, Option<String>, bool, bool)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    let row = |direction: &str, status: &str, reason: Option<&str>| {
        (
            direction.to_owned(),
            status.to_owned(),
            reason.map(str::to_owned),
            false,
            true,
        )
    };
    assert_eq!(
        rows,
        [
            row("check_in", "already_recorded", None),
            row("check_out", "recorded", None),
            row("check_in", "refused", Some("not_on_project")),
        ]
    );
    // The sheet tells the offline check-in from the desk's check-out.
    let sheet = app
        .call(
            Method::GET,
            &format!("/api/v1/presence/projects/{project}/sheet"),
            None,
            Some(&desk),
        )
        .await
        .json();
    assert_eq!(sheet[0]["check_in_scan"]["device_id"], "tablet-a");
    assert_eq!(sheet[0]["check_in_scan"]["offline"], true);
    assert!(sheet[0]["check_out_scan"]["device_id"].is_null());
    assert_eq!(sheet[0]["check_out_scan"]["offline"], false);
    // An offline check-out older than the desk's does not move it back.
    let late = results(
        &app,
        &desk,
        project,
        "tablet-a",
        &[scan(Uuid::new_v4(), &codes[0], "check_out", -30)],
    )
    .await;
    assert_eq!(statuses(&late), [("already_recorded", None)]);
    assert!(
        late[0]["message"]
            .as_str()
            .unwrap()
            .contains("had already checked out")
    );
}
