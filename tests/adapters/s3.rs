use std::time::Duration;

use bytes::Bytes;
use taalentio::{AppState, ports::blob::BlobKey};
use taalentio_tests::{config_for, create_migrated_database, moto::new_bucket};

/// The state the platform builds with `BLOB_STORE=s3`, on a fresh bucket.
async fn s3_state() -> (AppState, String) {
    let bucket = new_bucket().await;
    let config = config_for(
        &create_migrated_database().await,
        &[
            ("BLOB_STORE", "s3"),
            ("UPLOADS_BUCKET", &bucket),
            ("S3_FORCE_PATH_STYLE", "true"),
        ],
    );
    (AppState::build(config).await.unwrap(), bucket)
}

#[tokio::test]
async fn put_get_list_delete() {
    let (state, _) = s3_state().await;
    let key = BlobKey::parse("exports/1/users.csv").unwrap();
    state
        .blobs
        .put(
            &key,
            Bytes::from_static("nom;ville\nAwa;Abidjan\n".as_bytes()),
            "text/csv",
        )
        .await
        .unwrap();
    let blob = state.blobs.get(&key).await.unwrap().expect("stored");
    assert_eq!(blob.bytes.as_ref(), b"nom;ville\nAwa;Abidjan\n");
    assert_eq!(blob.content_type, "text/csv");
    let listed = state.blobs.list("exports/").await.unwrap();
    assert_eq!(
        listed.iter().map(|b| &b.key).collect::<Vec<_>>(),
        vec![&key]
    );
    // moto keeps S3's last-modified time: the maintenance sweep's grace period rests on it.
    let age = time::OffsetDateTime::now_utc() - listed[0].last_modified;
    assert!(age.whole_seconds().abs() < 120, "{age}");
    assert!(state.blobs.list("photos/").await.unwrap().is_empty());
    state.blobs.delete(&key).await.unwrap();
    state.blobs.delete(&key).await.unwrap();
    assert_eq!(state.blobs.get(&key).await.unwrap(), None);
}

/// A large export goes from its temporary file to S3 as it is read, and arrives whole.
#[tokio::test]
async fn put_file_sends_a_file_from_disk() {
    let (state, _) = s3_state().await;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    // 6 MiB of varied bytes: more than one read buffer, and not one repeated block.
    let bytes: Vec<u8> = (0..6 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::io::Write::write_all(&mut file, &bytes).unwrap();
    let key = BlobKey::parse("exports/users/big.xlsx").unwrap();
    state
        .exports
        .put_file(&key, file.path(), "application/vnd.ms-excel")
        .await
        .unwrap();
    let blob = state.exports.get(&key).await.unwrap().expect("stored");
    assert_eq!(blob.bytes.len(), bytes.len());
    assert!(blob.bytes.as_ref() == bytes.as_slice(), "the bytes differ");
    assert_eq!(blob.content_type, "application/vnd.ms-excel");
    // A file that is not there is an error, not an empty object.
    let missing = state
        .exports
        .put_file(
            &BlobKey::parse("exports/users/none.xlsx").unwrap(),
            std::path::Path::new("/nonexistent/export.xlsx"),
            "text/csv",
        )
        .await;
    assert!(missing.is_err());
    assert!(
        state
            .exports
            .get(&BlobKey::parse("exports/users/none.xlsx").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn presigned_put_signs_type_and_length_and_presigned_get_reads_back() {
    let (state, bucket) = s3_state().await;
    let key = BlobKey::parse("photos/9/portrait.jpg").unwrap();
    let bytes = b"\xff\xd8\xff\xe0 jpeg-ish bytes".to_vec();
    let put = state
        .blobs
        .presign_put(
            &key,
            "image/jpeg",
            bytes.len() as u64,
            Duration::from_secs(300),
        )
        .await
        .unwrap();
    assert!(put.url.contains(&bucket), "{}", put.url);
    let signed_headers = put
        .url
        .split("X-Amz-SignedHeaders=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let signed_headers = signed_headers.replace("%3B", ";");
    assert!(
        signed_headers.split(';').any(|h| h == "content-type"),
        "{signed_headers}"
    );
    assert!(
        signed_headers.split(';').any(|h| h == "content-length"),
        "{signed_headers}"
    );

    // The browser's request: the URL and exactly the headers it was given.
    let http = taalentio_tests::http_client();
    let mut request = http.put(&put.url).body(bytes.clone());
    for (name, value) in &put.headers {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{:?}",
        response.text().await
    );

    let get = state
        .blobs
        .presign_get(&key, Duration::from_secs(300))
        .await
        .unwrap();
    let response = http.get(&get.url).send().await.unwrap();
    assert!(response.status().is_success());
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
}

#[tokio::test]
async fn a_missing_bucket_is_unavailable_not_a_crash() {
    let config = config_for(
        &create_migrated_database().await,
        &[
            ("BLOB_STORE", "s3"),
            ("UPLOADS_BUCKET", "no-such-bucket-here"),
            ("S3_FORCE_PATH_STYLE", "true"),
        ],
    );
    let state = AppState::build(config).await.unwrap();
    let key = BlobKey::parse("a/b").unwrap();
    let error = state
        .blobs
        .put(&key, Bytes::from_static(b"x"), "text/plain")
        .await
        .unwrap_err();
    assert!(
        matches!(error, taalentio::ports::blob::BlobError::Unavailable(_)),
        "{error:?}"
    );
}

/// The whole upload flow on S3: the presigned PUT (content type and length signed) sent
/// straight to the store, the check, and the presigned GET of the verified photo.
#[tokio::test]
async fn a_photo_goes_to_s3_by_presigned_put_and_back_by_presigned_get() {
    let bucket = new_bucket().await;
    let app = taalentio_tests::spawn_app_on(
        create_migrated_database().await,
        &[
            ("BLOB_STORE", "s3"),
            ("UPLOADS_BUCKET", &bucket),
            ("S3_FORCE_PATH_STYLE", "true"),
        ],
    )
    .await;
    let (_, me) = app.user_with_role("s3@example.sn", "user").await;
    let mut photo = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut photo, 40, 30);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[128u8; 40 * 30]).unwrap();
    }
    let ticket = app
        .call(
            axum::http::Method::POST,
            "/api/v1/me/uploads",
            Some(serde_json::json!({"kind": "photo", "content_type": "image/png", "size": photo.len()})),
            Some(&me),
        )
        .await
        .json();
    let upload = &ticket["upload"];
    assert!(
        upload["url"].as_str().unwrap().contains(&bucket),
        "{upload}"
    );
    let http = taalentio_tests::http_client();
    let mut put = http.put(upload["url"].as_str().unwrap());
    for pair in upload["headers"].as_array().unwrap() {
        put = put.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    let sent = put.body(photo.clone()).send().await.unwrap();
    assert!(sent.status().is_success(), "{:?}", sent.text().await);

    let done = app
        .call(
            axum::http::Method::POST,
            ticket["complete_url"].as_str().unwrap(),
            None,
            Some(&me),
        )
        .await;
    assert_eq!(done.json()["status"], "accepted", "{:?}", done.body);
    let profile = app
        .call(axum::http::Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json();
    let served = http
        .get(profile["photo_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert!(served.status().is_success());
    let bytes = served.bytes().await.unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (40, 30));
}

/// The maintenance sweep through the S3 listing: objects no row points to go once older than
/// the grace period (by S3's own last-modified time), referenced ones stay.
#[tokio::test]
async fn maintenance_sweeps_orphans_from_the_bucket_listing() {
    let (state, _) = s3_state().await;
    state
        .db
        .get()
        .await
        .unwrap()
        .execute(
            "INSERT INTO users (unique_code, first_name, last_name, email, photo_filename)
             VALUES ('66666662', 'Awa', 'Koné', 'awa@example.ci', 'photos/1/live.jpg')",
            &[],
        )
        .await
        .unwrap();
    for key in [
        "photos/1/live.jpg",
        "photos/1/orphan.jpg",
        "exports/badges/1/old.pdf",
        "elsewhere/kept.txt",
    ] {
        state
            .blobs
            .put(
                &BlobKey::parse(key).unwrap(),
                Bytes::from_static(b"bytes"),
                "application/octet-stream",
            )
            .await
            .unwrap();
    }
    let keys = |state: AppState| async move {
        let mut keys: Vec<String> = state
            .blobs
            .list("")
            .await
            .unwrap()
            .into_iter()
            .map(|b| b.key.as_str().to_owned())
            .collect();
        keys.sort();
        keys
    };
    // Just written: inside the grace period, nothing goes.
    let now = time::OffsetDateTime::now_utc();
    let purged = taalentio::jobs::maintenance::purge(&state, now)
        .await
        .unwrap();
    assert_eq!((purged.orphan_blobs, purged.expired_stored_files), (0, 0));
    assert_eq!(keys(state.clone()).await.len(), 4);
    // Seven hours later the orphan and the stored badge are past it.
    let later = now + time::Duration::hours(7);
    let purged = taalentio::jobs::maintenance::purge(&state, later)
        .await
        .unwrap();
    assert_eq!((purged.orphan_blobs, purged.expired_stored_files), (1, 1));
    assert_eq!(
        keys(state.clone()).await,
        ["elsewhere/kept.txt", "photos/1/live.jpg"]
    );
}
