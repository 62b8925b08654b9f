use std::time::Duration;

use bytes::Bytes;
use taalentio::{AppState, ports::blob::BlobKey};
use taalentio_tests::{config_for, create_migrated_database};

use crate::{local_aws, unique};

/// The state the platform builds with `BLOB_STORE=s3`, on a fresh bucket.
async fn s3_state() -> (AppState, String) {
    let bucket = unique("uploads");
    let aws = local_aws().await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&aws)
            .force_path_style(true)
            .build(),
    );
    s3.create_bucket()
        .bucket(&bucket)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest1)
                .build(),
        )
        .send()
        .await
        .unwrap();
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
    assert_eq!(
        state.blobs.list("exports/").await.unwrap(),
        vec![key.clone()]
    );
    assert!(state.blobs.list("photos/").await.unwrap().is_empty());
    state.blobs.delete(&key).await.unwrap();
    state.blobs.delete(&key).await.unwrap();
    assert_eq!(state.blobs.get(&key).await.unwrap(), None);
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
    let http = reqwest::Client::new();
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
