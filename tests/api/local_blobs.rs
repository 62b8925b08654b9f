//! The local blob store's presigned URLs, honoured by the dev server like S3 honours its own.

use std::time::Duration;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use bytes::Bytes;
use taalentio::ports::blob::BlobKey;
use taalentio_tests::spawn_app;

fn path_of(url: &str) -> &str {
    url.strip_prefix("http://127.0.0.1:3000")
        .expect("URLs point at the dev server")
}

#[tokio::test]
async fn a_presigned_put_then_get_round_trips_the_bytes() {
    let app = spawn_app().await;
    let key = BlobKey::parse("photos/7/portrait.png").unwrap();
    let bytes = Bytes::from_static(b"\x89PNG\r\n\x1a\n not really an image");
    let put = app
        .state
        .blobs
        .presign_put(
            &key,
            "image/png",
            bytes.len() as u64,
            Duration::from_secs(300),
        )
        .await
        .unwrap();
    assert_eq!(put.method, "PUT");

    let response = app
        .send_raw(Method::PUT, path_of(&put.url), "image/png", bytes.clone())
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);

    let get = app
        .state
        .blobs
        .presign_get(&key, Duration::from_secs(300))
        .await
        .unwrap();
    let response = app.get(path_of(&get.url)).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.content_type(), "image/png");
    assert_eq!(response.body, bytes);
}

#[tokio::test]
async fn a_put_that_differs_from_what_was_signed_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let key = BlobKey::parse("cvs/7/cv.pdf").unwrap();
    let put = app
        .state
        .blobs
        .presign_put(&key, "application/pdf", 8, Duration::from_secs(300))
        .await
        .unwrap();
    let path = path_of(&put.url);

    // Another content type, another length, another key, a forged signature.
    app.send_raw(Method::PUT, path, "text/html", "%PDF-1.7")
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    app.send_raw(
        Method::PUT,
        path,
        "application/pdf",
        "%PDF-1.7 and much more",
    )
    .await
    .assert_problem(StatusCode::FORBIDDEN);
    let other_key = path.replace("cvs/7/cv.pdf", "cvs/8/cv.pdf");
    app.send_raw(Method::PUT, &other_key, "application/pdf", "%PDF-1.7")
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    let forged = format!("{}&sig=00", &path[..path.find("&sig=").unwrap()]);
    app.send_raw(Method::PUT, &forged, "application/pdf", "%PDF-1.7")
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    // A signed PUT URL does not allow reading.
    app.request(Request::get(path).body(Body::empty()).unwrap())
        .await
        .assert_problem(StatusCode::FORBIDDEN);

    assert_eq!(app.state.blobs.get(&key).await.unwrap(), None);
    assert!(app.state.blobs.list("cvs/").await.unwrap().is_empty());
}
