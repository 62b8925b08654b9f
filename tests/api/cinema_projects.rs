//! Productions, projects with their status rules, and assignments with project codes.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use taalentio_tests::{TestApp, accounts::Auth, spawn_app};

async fn setup() -> (TestApp, Auth, i64, i64) {
    let app = spawn_app().await;
    let (_, staff) = app.user_with_role("prod@example.ng", "recruiter").await;
    let production = app
        .created(
            &staff,
            "/api/v1/cinema/productions",
            json!({
                "name": "Nollywood Lumière Studios", "country": "NG", "city": "Lagos",
                "email": "Contact@Lumiere.NG", "founded_year": 2009, "awards": ["AMVCA 2021"],
                "social_links": {"instagram": "https://instagram.com/lumiere"}
            }),
        )
        .await;
    assert_eq!(production["email"], "contact@lumiere.ng");
    assert_eq!(production["is_verified"], false);
    let production_id = production["id"].as_i64().unwrap();
    let project = app.created(&staff, "/api/v1/cinema/projects", json!({
        "name": "Les Lumières de Lagos", "production_type": "feature_film",
        "production_company_id": production_id, "origin_country": "NG",
        "shooting_locations": ["Lagos", "Abeokuta"], "start_date": "2027-01-12", "end_date": "2027-03-30"
    })).await;
    assert_eq!(project["status"], "planned");
    (app, staff, production_id, project["id"].as_i64().unwrap())
}

#[tokio::test]
async fn project_status_moves_only_along_allowed_transitions() {
    let (app, staff, _, project) = setup().await;
    let path = format!("/api/v1/cinema/projects/{project}");
    let step = |status: &'static str| json!({"status": status});
    for (status, ok) in [
        ("completed", false),
        ("pre_production", true),
        ("shooting", true),
        ("planned", false),
        ("post_production", true),
        ("shooting", false),
        ("completed", true),
        ("cancelled", false),
    ] {
        let response = app
            .call(Method::PATCH, &path, Some(step(status)), Some(&staff))
            .await;
        if ok {
            assert_eq!(
                response.status,
                StatusCode::OK,
                "{status}: {:?}",
                response.body
            );
            assert_eq!(response.json()["status"], status);
        } else {
            let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(
                problem["errors"][0]["code"], "not_allowed",
                "{status}: {problem}"
            );
            assert!(
                problem["errors"][0]["allowed"].is_array(),
                "{status}: {problem}"
            );
        }
    }
    let problem = app
        .call(
            Method::PATCH,
            &path,
            Some(json!({"end_date": "2026-01-01"})),
            Some(&staff),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.to_string().contains("end_date"));
}

/// The moves a project offers are exactly those the server accepts: at each step of its life,
/// every status outside `allowed_transitions` is refused with that same list.
#[tokio::test]
async fn a_project_lists_the_moves_it_allows() {
    let (app, staff, _, project) = setup().await;
    let path = format!("/api/v1/cinema/projects/{project}");
    let all = [
        "planned",
        "pre_production",
        "shooting",
        "post_production",
        "completed",
        "cancelled",
    ];
    for (status, allowed, then) in [
        (
            "planned",
            &["pre_production", "shooting", "cancelled"][..],
            Some("shooting"),
        ),
        (
            "shooting",
            &["pre_production", "post_production", "cancelled"][..],
            Some("post_production"),
        ),
        (
            "post_production",
            &["completed", "cancelled"][..],
            Some("cancelled"),
        ),
        ("cancelled", &[][..], None),
    ] {
        let current = app
            .call(Method::GET, &path, None, Some(&staff))
            .await
            .json();
        assert_eq!(current["status"], status);
        assert_eq!(current["allowed_transitions"], json!(allowed), "{status}");
        for refused in all.iter().filter(|s| **s != status && !allowed.contains(s)) {
            let problem = app
                .call(
                    Method::PATCH,
                    &path,
                    Some(json!({"status": refused})),
                    Some(&staff),
                )
                .await
                .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(problem["errors"][0]["field"], "status", "{problem}");
            assert_eq!(
                problem["errors"][0]["allowed"],
                json!(allowed),
                "{status} → {refused}"
            );
        }
        if let Some(next) = then {
            let moved = app
                .call(
                    Method::PATCH,
                    &path,
                    Some(json!({"status": next})),
                    Some(&staff),
                )
                .await;
            assert_eq!(moved.status, StatusCode::OK, "{next}: {:?}", moved.body);
            assert_eq!(moved.json()["status"], next);
        }
    }
    // The lists carry the same answer, and filter by status.
    let listed = app
        .call(
            Method::GET,
            "/api/v1/cinema/projects?status=cancelled",
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["allowed_transitions"], json!([]));
    let problem = app
        .call(
            Method::GET,
            "/api/v1/cinema/projects?status=wrapped",
            None,
            Some(&staff),
        )
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "query.status", "{problem}");
}

#[tokio::test]
async fn bad_productions_and_projects_are_refused() {
    let (app, staff, production, _) = setup().await;
    app.call(
        Method::POST,
        "/api/v1/cinema/productions",
        Some(json!({"name": "nollywood lumiere studios"})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::CONFLICT);
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (json!({"name": "X", "founded_year": 1700}), "founded_year"),
        (json!({"name": "X", "country": "ZZ"}), "country"),
        (json!({"name": "X", "email": "nope"}), "email"),
        (json!({"name": "X", "is_verified": true}), "is_verified"),
    ] {
        let problem = app
            .call(
                Method::POST,
                "/api/v1/cinema/productions",
                Some(body.clone()),
                Some(&staff),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains(field), "{body}: {problem}");
    }
    for (body, field) in [
        (
            json!({"name": "P", "production_type": "opera", "production_company_id": production}),
            "production_type",
        ),
        (
            json!({"name": "P", "production_type": "series", "production_company_id": 999999}),
            "production_company_id",
        ),
        (
            json!({"name": "P", "production_type": "series"}),
            "production_company_id",
        ),
        (
            json!({"name": "P", "production_type": "series", "production_company_id": production,
                "start_date": "2027-05-01", "end_date": "2027-04-01"}),
            "end_date",
        ),
    ] {
        let problem = app
            .call(
                Method::POST,
                "/api/v1/cinema/projects",
                Some(body.clone()),
                Some(&staff),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains(field), "{body}: {problem}");
    }
    // Admins verify productions.
    let (_, admin) = app.user_with_role("admin@example.ng", "admin").await;
    let verified = app
        .call(
            Method::PATCH,
            &format!("/api/v1/cinema/productions/{production}"),
            Some(json!({"is_verified": true})),
            Some(&admin),
        )
        .await
        .json();
    assert_eq!(verified["is_verified"], true);
}

#[tokio::test]
async fn assigning_a_talent_makes_a_project_code_and_mails_them() {
    let (app, staff, _, project) = setup().await;
    let talent = app
        .created(
            &staff,
            "/api/v1/cinema/talents",
            json!({
                "first_name": "Adaeze", "last_name": "Obi", "email": "adaeze@example.ng"
            }),
        )
        .await;
    let talent_id = talent["id"].as_i64().unwrap();
    let path = format!("/api/v1/cinema/projects/{project}/talents");
    let assignment = app.created(&staff, &path, json!({
        "cinema_talent_id": talent_id, "talent_type": "lead_actor", "role_description": "Ifeoma, l'héroïne"
    })).await;
    let code = assignment["project_code"].as_str().unwrap();
    assert_eq!(code.len(), 8);
    assert!(
        code.chars()
            .all(|c| "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".contains(c))
    );
    let mail = app.last_mail_to("adaeze@example.ng");
    assert!(
        mail.subject.contains("Les Lumières de Lagos"),
        "{}",
        mail.subject
    );
    assert!(mail.text.contains("Nollywood Lumière Studios") && mail.text.contains("Ifeoma"));
    // No account has this address: French, and a link to the front end's home page.
    assert!(mail.subject.contains("retenu"), "{}", mail.subject);
    assert!(
        mail.text.contains("http://127.0.0.1:3000/"),
        "{}",
        mail.text
    );
    assert!(
        !mail.text.contains("/api/") && !mail.text.contains("/me/projects"),
        "{}",
        mail.text
    );

    // A casting profile whose address is an English account's: English, to their projects.
    app.confirmed_user("kwame@example.gh").await;
    app.db()
        .await
        .execute(
            "UPDATE users SET preferred_language = 'en' WHERE email = 'kwame@example.gh'",
            &[],
        )
        .await
        .unwrap();
    let kwame = app
        .created(
            &staff,
            "/api/v1/cinema/talents",
            json!({"first_name": "Kwame", "last_name": "Mensah", "email": "kwame@example.gh"}),
        )
        .await;
    app.created(
        &staff,
        &path,
        json!({"cinema_talent_id": kwame["id"], "talent_type": "extra"}),
    )
    .await;
    let mail = app.last_mail_to("kwame@example.gh");
    assert!(
        mail.subject.starts_with("You were selected"),
        "{}",
        mail.subject
    );
    assert!(
        mail.text.contains("http://127.0.0.1:3000/me/projects"),
        "{}",
        mail.text
    );

    app.call(
        Method::POST,
        &path,
        Some(json!({"cinema_talent_id": talent_id, "talent_type": "extra"})),
        Some(&staff),
    )
    .await
    .assert_code(StatusCode::CONFLICT, "duplicate");
    for (body, field) in [
        (
            json!({"cinema_talent_id": 999999, "talent_type": "extra"}),
            "cinema_talent_id",
        ),
        (
            json!({"cinema_talent_id": talent_id, "talent_type": "wizard"}),
            "talent_type",
        ),
        (json!({"talent_type": "extra"}), "cinema_talent_id"),
    ] {
        let problem = app
            .call(Method::POST, &path, Some(body.clone()), Some(&staff))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem.to_string().contains(field), "{body}: {problem}");
    }
    let listed = app
        .call(Method::GET, &path, None, Some(&staff))
        .await
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let project_view = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/projects/{project}"),
            None,
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(project_view["talent_count"], 2);

    let id = assignment["id"].as_i64().unwrap();
    let changed = app
        .call(
            Method::PATCH,
            &format!("{path}/{id}"),
            Some(json!({"talent_type": "supporting_actor"})),
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(changed["talent_type"], "supporting_actor");
    assert_eq!(changed["project_code"], code, "the code does not change");
    assert_eq!(
        changed["role_description"], "Ifeoma, l'héroïne",
        "absent: kept"
    );
    let cleared = app
        .call(
            Method::PATCH,
            &format!("{path}/{id}"),
            Some(json!({"role_description": "  "})),
            Some(&staff),
        )
        .await
        .json();
    assert_eq!(cleared["role_description"], Value::Null, "blank: cleared");
    assert_eq!(cleared["talent_type"], "supporting_actor");
    // An assignment id under another project does not exist there.
    let other = app.created(&staff, "/api/v1/cinema/projects", json!({
        "name": "Autre", "production_type": "short_film", "production_company_id": project_view["production_company_id"]
    })).await["id"].as_i64().unwrap();
    app.call(
        Method::GET,
        &format!("/api/v1/cinema/projects/{other}/talents/{id}"),
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    let removed = app
        .call(Method::DELETE, &format!("{path}/{id}"), None, Some(&staff))
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    app.call(Method::DELETE, &format!("{path}/{id}"), None, Some(&staff))
        .await
        .assert_problem(StatusCode::NOT_FOUND);

    // Someone without the role sees none of it.
    let (_, user) = app.user_with_role("user@example.ng", "user").await;
    app.call(Method::GET, "/api/v1/cinema/projects", None, Some(&user))
        .await
        .assert_problem(StatusCode::FORBIDDEN);
    app.call(
        Method::GET,
        &format!("/api/v1/cinema/projects/{project}"),
        None,
        Some(&user),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    app.call(Method::GET, &path, None, Some(&user))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
}

/// Rasterises page 1 of a PDF with poppler and reads every QR code on it with zbar: two
/// independent readers, neither of them the code that wrote the file.
fn qr_codes_in_pdf(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("badges.pdf");
    std::fs::write(&path, pdf).unwrap();
    let raster = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-f", "1", "-l", "1"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm (poppler-utils) is installed by infra/local/stack.sh");
    assert!(raster.success());
    let page = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("a rendered page");
    let output = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&page)
        .output()
        .expect("zbarimg (zbar-tools) is installed by infra/local/stack.sh");
    let mut codes: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn badges_carry_a_qr_code_of_each_project_code() {
    let (app, staff, _, project) = setup().await;
    let path = format!("/api/v1/cinema/projects/{project}/talents");
    app.call(
        Method::GET,
        &format!("/api/v1/cinema/projects/{project}/badges.pdf"),
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::CONFLICT);
    let mut expected = Vec::new();
    let mut first_assignment = 0;
    for (first, last) in [
        ("Chiamaka", "Eze"),
        ("Émeka", "N'Diaye"),
        ("Aïssatou", "Sène"),
    ] {
        let talent = app
            .created(
                &staff,
                "/api/v1/cinema/talents",
                json!({"first_name": first, "last_name": last}),
            )
            .await;
        let assignment = app
            .created(
                &staff,
                &path,
                json!({"cinema_talent_id": talent["id"], "talent_type": "extra"}),
            )
            .await;
        if first_assignment == 0 {
            first_assignment = assignment["id"].as_i64().unwrap();
        }
        expected.push(assignment["project_code"].as_str().unwrap().to_owned());
    }
    expected.sort();

    let all = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/projects/{project}/badges.pdf"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.content_type(), "application/pdf");
    assert_eq!(qr_codes_in_pdf(&all.body), expected);

    let one = app
        .call(
            Method::GET,
            &format!("{path}/{first_assignment}/badge.pdf"),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(qr_codes_in_pdf(&one.body).len(), 1);
    app.call(
        Method::GET,
        &format!("{path}/999999/badge.pdf"),
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    let (_, user) = app.user_with_role("nobody@example.ng", "user").await;
    app.call(
        Method::GET,
        &format!("/api/v1/cinema/projects/{project}/badges.pdf"),
        None,
        Some(&user),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
}

/// Uploads a JPEG as a casting profile's photo through the upload check; answers the ticket.
pub(crate) async fn upload_casting_photo(app: &TestApp, staff: &Auth, id: i64) -> Value {
    let photo = {
        let pixels = image::RgbImage::from_fn(300, 400, |x, y| {
            image::Rgb([(x % 255) as u8, (y % 255) as u8, 120])
        });
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
            .encode_image(&pixels)
            .unwrap();
        bytes
    };
    let ticket = app
        .created(
            staff,
            &format!("/api/v1/cinema/talents/{id}/uploads"),
            json!({"kind": "photo", "content_type": "image/jpeg", "size": photo.len()}),
        )
        .await;
    let upload = &ticket["upload"];
    let mut put = axum::http::Request::builder()
        .method(upload["method"].as_str().unwrap())
        .uri(
            upload["url"]
                .as_str()
                .unwrap()
                .trim_start_matches("http://127.0.0.1:3000"),
        );
    for pair in upload["headers"].as_array().unwrap() {
        put = put.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
    }
    assert_eq!(
        app.request(put.body(photo.into()).unwrap()).await.status,
        StatusCode::OK
    );
    let done = app
        .call(
            Method::POST,
            ticket["complete_url"].as_str().unwrap(),
            None,
            Some(staff),
        )
        .await;
    assert_eq!(done.json()["status"], "accepted", "{:?}", done.body);
    ticket
}

#[tokio::test]
async fn a_casting_photo_goes_through_the_upload_check_and_onto_the_badge() {
    let (app, staff, _, project) = setup().await;
    let talent = app
        .created(
            &staff,
            "/api/v1/cinema/talents",
            json!({"first_name": "Nneka", "last_name": "Obi"}),
        )
        .await;
    let id = talent["id"].as_i64().unwrap();
    let ticket = upload_casting_photo(&app, &staff, id).await;
    let read = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/talents/{id}"),
            None,
            Some(&staff),
        )
        .await
        .json();
    assert!(read["profile_photo_url"].is_string(), "{read}");
    // Wrong kind, someone else's profile, an upload of another profile.
    app.call(
        Method::POST,
        &format!("/api/v1/cinema/talents/{id}/uploads"),
        Some(json!({"kind": "cv", "content_type": "application/pdf", "size": 10})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    app.call(
        Method::POST,
        "/api/v1/cinema/talents/999999/uploads",
        Some(json!({"kind": "photo", "content_type": "image/jpeg", "size": 10})),
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);
    let upload_id = ticket["id"].as_str().unwrap();
    let other = app
        .created(
            &staff,
            "/api/v1/cinema/talents",
            json!({"first_name": "X", "last_name": "Y"}),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    app.call(
        Method::POST,
        &format!("/api/v1/cinema/talents/{other}/uploads/{upload_id}/complete"),
        None,
        Some(&staff),
    )
    .await
    .assert_problem(StatusCode::NOT_FOUND);

    // The badge prints the photo: poppler lists one image in the PDF.
    app.created(
        &staff,
        &format!("/api/v1/cinema/projects/{project}/talents"),
        json!({"cinema_talent_id": id, "talent_type": "lead_actor"}),
    )
    .await;
    let pdf = app
        .call(
            Method::GET,
            &format!("/api/v1/cinema/projects/{project}/badges.pdf"),
            None,
            Some(&staff),
        )
        .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("badge.pdf");
    std::fs::write(&path, &pdf.body).unwrap();
    let listing = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    let images = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .skip(2)
        .count();
    assert_eq!(images, 1, "{}", String::from_utf8_lossy(&listing.stdout));
}

/// `/me/projects`: the projects a person is on, found as the selection mail finds them (an
/// active casting profile with their account's address), and nobody else's.
#[tokio::test]
async fn a_person_sees_the_projects_they_are_on_and_only_theirs() {
    let (app, staff, production, project) = setup().await;
    app.call(Method::GET, "/api/v1/me/projects", None, None)
        .await
        .assert_problem(StatusCode::UNAUTHORIZED);

    let (_, adaeze) = app.user_with_role("adaeze@example.ng", "user").await;
    let (_, other) = app.user_with_role("other@example.ng", "user").await;
    let none = app
        .call(Method::GET, "/api/v1/me/projects", None, Some(&adaeze))
        .await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(none.json(), json!([]));

    // Her casting profile has her address (the recruiter typed it in capitals); another
    // profile has someone else's, and a third none.
    let hers = app
        .created(
            &staff,
            "/api/v1/cinema/talents",
            json!({"first_name": "Adaeze", "last_name": "Obi", "email": "Adaeze@Example.NG"}),
        )
        .await;
    let someone = app
        .created(
            &staff,
            "/api/v1/cinema/talents",
            json!({"first_name": "Kwame", "last_name": "Mensah", "email": "kwame@example.gh"}),
        )
        .await;
    let nameless = app
        .created(
            &staff,
            "/api/v1/cinema/talents",
            json!({"first_name": "Sans", "last_name": "Adresse"}),
        )
        .await;
    let path = format!("/api/v1/cinema/projects/{project}/talents");
    let assignment = app.created(&staff, &path, json!({
        "cinema_talent_id": hers["id"], "talent_type": "lead_actor", "role_description": "Ifeoma"
    }))
    .await;
    for talent in [&someone, &nameless] {
        app.created(
            &staff,
            &path,
            json!({"cinema_talent_id": talent["id"], "talent_type": "extra"}),
        )
        .await;
    }
    // The mail she got links to this list.
    let mail = app.last_mail_to("adaeze@example.ng");
    assert!(
        mail.text.contains("http://127.0.0.1:3000/me/projects"),
        "{}",
        mail.text
    );

    let mine = app
        .call(Method::GET, "/api/v1/me/projects", None, Some(&adaeze))
        .await
        .json();
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    let entry = &mine[0];
    assert_eq!(entry["assignment_id"], assignment["id"]);
    assert_eq!(entry["project_id"], project);
    assert_eq!(entry["project_name"], "Les Lumières de Lagos");
    assert_eq!(
        entry["production_company_name"],
        "Nollywood Lumière Studios"
    );
    assert_eq!(entry["production_type"], "feature_film");
    assert_eq!(entry["status"], "planned");
    assert_eq!(entry["start_date"], "2027-01-12");
    assert_eq!(entry["end_date"], "2027-03-30");
    assert_eq!(entry["shooting_locations"], json!(["Lagos", "Abeokuta"]));
    assert_eq!(
        entry["talent_type"],
        json!({"code": "lead_actor", "label_fr": "Rôle principal", "label_en": "Lead actor"})
    );
    assert_eq!(entry["role_description"], "Ifeoma");
    assert_eq!(entry["project_code"], assignment["project_code"]);

    // Someone else sees none of it, with no way to ask for hers.
    let theirs = app
        .call(Method::GET, "/api/v1/me/projects", None, Some(&other))
        .await
        .json();
    assert_eq!(theirs, json!([]));

    // A second project, newest shoot first; a deactivated project leaves the list.
    let later = app.created(&staff,
        "/api/v1/cinema/projects",
        json!({
            "name": "Saison 2", "production_type": "series", "production_company_id": production,
            "start_date": "2028-02-01"
        }),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    app.created(
        &staff,
        &format!("/api/v1/cinema/projects/{later}/talents"),
        json!({"cinema_talent_id": hers["id"], "talent_type": "extra"}),
    )
    .await;
    let names = |list: &serde_json::Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|p| p["project_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let mine = app
        .call(Method::GET, "/api/v1/me/projects", None, Some(&adaeze))
        .await
        .json();
    assert_eq!(names(&mine), ["Saison 2", "Les Lumières de Lagos"]);
    app.db()
        .await
        .execute(
            "UPDATE projects SET is_active = false WHERE id = $1",
            &[&later],
        )
        .await
        .unwrap();
    let mine = app
        .call(Method::GET, "/api/v1/me/projects", None, Some(&adaeze))
        .await
        .json();
    assert_eq!(names(&mine), ["Les Lumières de Lagos"]);

    // A deactivated casting profile is no longer hers to see.
    let deactivated = app
        .call(
            Method::DELETE,
            &format!("/api/v1/cinema/talents/{}", hers["id"]),
            None,
            Some(&staff),
        )
        .await;
    assert_eq!(deactivated.status, StatusCode::NO_CONTENT);
    let mine = app
        .call(Method::GET, "/api/v1/me/projects", None, Some(&adaeze))
        .await
        .json();
    assert_eq!(mine, json!([]));
}
