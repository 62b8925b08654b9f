//! Uploads: the presigned PUT, the check of the real bytes, and what is (not) served.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, TestResponse, accounts::Auth, files::png, spawn_app};

/// A PNG whose header claims 30000 × 30000 pixels: a decompression bomb's first bytes (a valid
/// IHDR, an empty image stream, IEND). Only the header is there: the check must refuse it from
/// the header alone.
fn bomb_png() -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(kind);
        chunk.extend_from_slice(data);
        chunk.extend_from_slice(&crc32(&[&kind[..], data].concat()).to_be_bytes());
        chunk
    };
    let mut ihdr = 30000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    out.extend(chunk(b"IEND", &[]));
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Asks for an upload, sends `bytes` to the presigned URL as a browser would, and completes it.
async fn upload(
    app: &TestApp,
    who: &Auth,
    kind: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> (Value, TestResponse) {
    let ticket = app
        .call(
            Method::POST,
            "/api/v1/me/uploads",
            Some(json!({"kind": kind, "content_type": content_type, "size": bytes.len()})),
            Some(who),
        )
        .await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.body);
    let ticket = ticket.json();
    let put = send_presigned(app, &ticket["upload"], bytes).await;
    assert_eq!(put.status, StatusCode::OK, "{:?}", put.body);
    let complete_url = ticket["complete_url"].as_str().unwrap().to_owned();
    let done = app.call(Method::POST, &complete_url, None, Some(who)).await;
    (ticket, done)
}

/// Sends bytes to a presigned request of the local store, through the dev server's router.
async fn send_presigned(app: &TestApp, upload: &Value, bytes: Vec<u8>) -> TestResponse {
    let url = upload["url"].as_str().unwrap();
    let path = url.trim_start_matches("http://127.0.0.1:3000");
    let mut request = Request::builder()
        .method(upload["method"].as_str().unwrap())
        .uri(path);
    for pair in upload["headers"].as_array().unwrap() {
        request = request.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    app.request(request.body(Body::from(bytes)).unwrap()).await
}

#[tokio::test]
async fn a_photo_is_checked_cleaned_and_then_served() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("photo@example.sn", "user").await;
    let (ticket, done) = upload(&app, &me, "photo", "image/png", png(640, 480)).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.json()["status"], "accepted");
    let id = ticket["id"].as_str().unwrap();
    let status = app
        .call(
            Method::GET,
            &format!("/api/v1/me/uploads/{id}"),
            None,
            Some(&me),
        )
        .await
        .json();
    assert_eq!(status["status"], "accepted");
    // Completing again is harmless and says the same.
    let again = app
        .call(
            Method::POST,
            &format!("/api/v1/me/uploads/{id}/complete"),
            None,
            Some(&me),
        )
        .await;
    assert_eq!(again.json()["status"], "accepted");

    // The profile links to the cleaned photo, which an independent decoder reads as a JPEG.
    let profile = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json();
    let url = profile["photo_url"].as_str().expect("a photo link");
    let photo = app
        .get(url.trim_start_matches("http://127.0.0.1:3000"))
        .await;
    assert_eq!(photo.status, StatusCode::OK);
    // A PNG stays a PNG (lossless); an independent decoder reads it back at full size.
    assert_eq!(photo.content_type(), "image/png");
    let decoder = png::Decoder::new(std::io::Cursor::new(photo.body.to_vec()));
    let reader = decoder.read_info().expect("a readable PNG");
    assert_eq!((reader.info().width, reader.info().height), (640, 480));
    // The bytes as sent are gone from the store.
    let incoming: i64 = app
        .db()
        .await
        .query_one(
            "SELECT count(*) FROM uploads WHERE object_key LIKE 'incoming/%'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(incoming, 0);
}

#[tokio::test]
async fn each_bad_file_is_rejected_with_a_reason_and_deleted() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("bad@example.ng", "user").await;
    // (kind, declared type, bytes, words of the English reason, code the app translates)
    let cases: Vec<(&str, &str, Vec<u8>, &str, &str)> = vec![
        ("photo", "image/jpeg", png(32, 32), "PNG", "type_mismatch"),
        (
            "cv",
            "application/pdf",
            b"Bonjour, je suis un CV en texte".to_vec(),
            "",
            "unrecognised",
        ),
        (
            "photo",
            "image/png",
            bomb_png(),
            "pixels",
            "too_many_pixels",
        ),
        (
            "cv",
            "application/pdf",
            b"%PDF-1.7\n garbage that is not a PDF body \x00\x01".to_vec(),
            "PDF",
            "unreadable_pdf",
        ),
    ];
    for (kind, content_type, bytes, reason_mentions, code) in cases {
        let (ticket, done) = upload(&app, &me, kind, content_type, bytes).await;
        assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
        let status = done.json();
        assert_eq!(status["status"], "rejected", "{content_type}: {status}");
        let reason = status["rejection_reason"].as_str().unwrap();
        assert!(reason.contains(reason_mentions), "{reason}");
        assert_eq!(status["rejection_code"], code, "{status}");
        // Not kept, not served, not on the profile.
        let key: String = app
            .db()
            .await
            .query_one(
                "SELECT object_key FROM uploads WHERE id = $1::text::uuid",
                &[&ticket["id"].as_str().unwrap()],
            )
            .await
            .unwrap()
            .get(0);
        assert!(
            !app.files.path().join("blobs").join(&key).exists(),
            "{key} still stored"
        );
    }
    let profile = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json();
    assert!(profile["photo_url"].is_null() && profile["cv_url"].is_null());
}

#[tokio::test]
async fn bad_upload_requests_are_refused_before_any_url_is_given() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("req@example.ke", "user").await;
    for (body, field) in [
        (
            json!({"kind": "video", "content_type": "video/mp4", "size": 10}),
            "kind",
        ),
        (
            json!({"kind": "photo", "content_type": "image/gif", "size": 10}),
            "content_type",
        ),
        (
            json!({"kind": "photo", "content_type": "image/png", "size": 6 * 1024 * 1024}),
            "size",
        ),
        (
            json!({"kind": "cv", "content_type": "application/pdf", "size": 11 * 1024 * 1024}),
            "size",
        ),
        (
            json!({"kind": "cv", "content_type": "application/pdf", "size": 0}),
            "size",
        ),
    ] {
        let problem = app
            .call(
                Method::POST,
                "/api/v1/me/uploads",
                Some(body.clone()),
                Some(&me),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains(field), "{body}: {problem}");
    }
    let count: i64 = app
        .db()
        .await
        .query_one("SELECT count(*) FROM uploads", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 0);
    // The signed length holds: more bytes than declared are refused by the store.
    let ticket = app
        .call(
            Method::POST,
            "/api/v1/me/uploads",
            Some(json!({"kind": "photo", "content_type": "image/png", "size": 100})),
            Some(&me),
        )
        .await
        .json();
    let put = send_presigned(&app, &ticket["upload"], png(64, 64)).await;
    assert!(put.status.is_client_error(), "{}", put.status);
    // Completing before the file arrived says so.
    let id = ticket["id"].as_str().unwrap();
    app.call(
        Method::POST,
        &format!("/api/v1/me/uploads/{id}/complete"),
        None,
        Some(&me),
    )
    .await
    .assert_problem(StatusCode::CONFLICT);
}

#[tokio::test]
async fn someone_elses_upload_does_not_exist_for_you() {
    let app = spawn_app().await;
    let (_, owner) = app.user_with_role("owner@example.za", "user").await;
    let (_, other) = app.user_with_role("other@example.za", "admin").await;
    let (ticket, _) = upload(&app, &owner, "photo", "image/png", png(16, 16)).await;
    let id = ticket["id"].as_str().unwrap();
    app.call(
        Method::GET,
        &format!("/api/v1/me/uploads/{id}"),
        None,
        Some(&other),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    app.call(
        Method::POST,
        &format!("/api/v1/me/uploads/{id}/complete"),
        None,
        Some(&other),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    app.call(
        Method::GET,
        "/api/v1/me/uploads/not-a-uuid",
        None,
        Some(&owner),
    )
    .await
    .assert_problem(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_qr_code_decodes_to_the_public_profile_url() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("qr@example.gh", "user").await;
    let code = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json()["unique_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let png = app
        .call(Method::GET, "/api/v1/me/qr", None, Some(&me))
        .await;
    assert_eq!(png.status, StatusCode::OK);
    assert_eq!(png.content_type(), "image/png");
    let file = app.files.path().join("qr.png");
    std::fs::write(&file, &png.body).unwrap();
    // zbarimg (zbar-tools, installed by the local stack) is the independent reader.
    let output = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&file)
        .output()
        .expect("zbarimg is installed by infra/local/stack.sh");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("http://127.0.0.1:3000/p/{code}")
    );
    let svg = app
        .call(Method::GET, "/api/v1/me/qr?format=svg", None, Some(&me))
        .await;
    assert_eq!(svg.content_type(), "image/svg+xml");
    assert!(String::from_utf8_lossy(&svg.body).contains("<svg"));
    app.call(Method::GET, "/api/v1/me/qr?format=gif", None, Some(&me))
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

/// A JPEG carrying an EXIF segment with a GPS position, as phones write them.
fn jpeg_with_exif() -> Vec<u8> {
    let pixels =
        image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut encoded = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut encoded, 90)
        .encode_image(&pixels)
        .unwrap();
    let payload = b"Exif\0\0GPS-SECRET 14.6937N 17.4441W";
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    app1.extend_from_slice(payload);
    // Right after the SOI marker, where cameras put it.
    [&encoded[..2], &app1[..], &encoded[2..]].concat()
}

#[tokio::test]
async fn a_jpeg_loses_its_location_metadata_before_it_is_served() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("gps@example.sn", "user").await;
    let original = jpeg_with_exif();
    assert!(original.windows(10).any(|w| w == b"GPS-SECRET"));
    let (_, done) = upload(&app, &me, "photo", "image/jpeg", original).await;
    assert_eq!(done.json()["status"], "accepted", "{:?}", done.body);
    let profile = app
        .call(Method::GET, "/api/v1/me", None, Some(&me))
        .await
        .json();
    let url = profile["photo_url"].as_str().unwrap();
    let photo = app
        .get(url.trim_start_matches("http://127.0.0.1:3000"))
        .await;
    assert_eq!(photo.content_type(), "image/jpeg");
    assert!(!photo.body.windows(10).any(|w| w == b"GPS-SECRET"));
    let mut decoder = jpeg_decoder::Decoder::new(&photo.body[..]);
    decoder.decode().expect("an independent decoder reads it");
    let info = decoder.info().unwrap();
    assert_eq!((info.width, info.height), (64, 48));
}

#[tokio::test]
async fn the_directory_shows_the_thumbnail_and_the_profile_the_photo() {
    let app = spawn_app().await;
    let (_, me) = app.user_with_role("thumb@example.sn", "user").await;
    let (_, recruiter) = app.user_with_role("rec@example.sn", "recruiter").await;
    let (_, done) = upload(&app, &me, "photo", "image/png", png(800, 600)).await;
    assert_eq!(done.json()["status"], "accepted");
    let line = app
        .call(
            Method::GET,
            "/api/v1/users?q=aminata&per_page=100",
            None,
            Some(&recruiter),
        )
        .await
        .json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| !p["photo_url"].is_null())
        .cloned()
        .expect("a line with a photo");
    let thumb = app
        .get(
            line["photo_url"]
                .as_str()
                .unwrap()
                .trim_start_matches("http://127.0.0.1:3000"),
        )
        .await;
    let mut decoder = jpeg_decoder::Decoder::new(&thumb.body[..]);
    decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    assert_eq!((info.width, info.height), (320, 240));

    // The whole profile links both: the photo, and its thumbnail for a small picture.
    let id = line["id"].as_i64().unwrap();
    let profile = app
        .call(
            Method::GET,
            &format!("/api/v1/users/{id}"),
            None,
            Some(&recruiter),
        )
        .await
        .json();
    let size_of = |body: &[u8]| {
        let mut decoder = jpeg_decoder::Decoder::new(body);
        decoder.decode().unwrap();
        let info = decoder.info().unwrap();
        (info.width, info.height)
    };
    let link = |field: &str| {
        profile[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field} in {profile}"))
            .trim_start_matches("http://127.0.0.1:3000")
            .to_owned()
    };
    let small = app.get(&link("photo_thumbnail_url")).await;
    assert_eq!(size_of(&small.body), (320, 240));
    let whole = app.get(&link("photo_url")).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert!(
        whole.body.len() > small.body.len(),
        "{} vs {}",
        whole.body.len(),
        small.body.len()
    );
}
