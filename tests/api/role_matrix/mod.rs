//! The role × route matrix: every operation of the served OpenAPI document, called as
//! anonymous, a plain user, a presence user, a recruiter and an admin, and as the owner and a
//! non-owner of the path's record, each answer checked against the one table of who may do
//! what (`table.rs`): 401 for anonymous, 403 (or 404 where the record is hidden) for a role
//! that may not, 404 for another's record, and anything but those (a success, or a 4xx about
//! the request itself, never a 5xx) for who may.
//!
//! Requests are as valid as the document can make them: the required fields and parameters
//! of each operation, built from its schemas, so a role check that comes after the body's
//! checks is still reached. Records in paths are real (a fresh production, project, casting
//! profile and assignment for each call; the caller's own token, upload, watched name or
//! saved search where the table says the record is someone's).

mod table;

use std::collections::{BTreeSet, HashMap};

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use serde_json::{Map, Value, json};
use taalentio::accounts::Role;
use taalentio_tests::{
    TestApp, TestResponse,
    accounts::{Auth, GOOD_PASSWORD},
    fake_omdb,
};

use table::{Denied, Kind, May, Record, Rule, TABLE};

/// A signed-in person the matrix calls as.
#[derive(Clone)]
struct Persona {
    label: &'static str,
    role: Role,
    email: String,
    id: i64,
    auth: Auth,
}

struct Matrix {
    app: TestApp,
    document: Value,
    people: HashMap<&'static str, Persona>,
    made: usize,
}

/// Who a call is made as; `None` is anonymous.
type Caller = Option<&'static str>;

impl Matrix {
    async fn persona(&mut self, label: &'static str, role: Role) -> Persona {
        self.made += 1;
        let email = format!("matrix-{label}-{}@example.com", self.made);
        let (id, auth) = self.app.user_with_role(&email, role.as_str()).await;
        let persona = Persona {
            label,
            role,
            email,
            id,
            auth,
        };
        self.people.insert(label, persona.clone());
        persona
    }

    /// The persona, signed in again (or made anew) when the last call ended its session or
    /// erased its account.
    async fn alive(&mut self, label: &'static str) -> Persona {
        let persona = self.people[label].clone();
        let me = self
            .app
            .call(Method::GET, "/api/v1/auth/me", None, Some(&persona.auth))
            .await;
        if me.status == StatusCode::OK {
            return persona;
        }
        let login = self
            .app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                Some(json!({"email": persona.email, "password": GOOD_PASSWORD})),
                None,
            )
            .await;
        if login.status == StatusCode::OK {
            let persona = Persona {
                auth: taalentio_tests::accounts::session_from(&login),
                ..persona
            };
            self.people.insert(label, persona.clone());
            return persona;
        }
        self.persona(label, persona.role).await
    }

    async fn post(&self, who: &Auth, path: &str, body: Value) -> Value {
        let response = self
            .app
            .call(Method::POST, path, Some(body), Some(who))
            .await;
        assert!(
            response.status.is_success(),
            "fixture {path}: {} {}",
            response.status,
            String::from_utf8_lossy(&response.body)
        );
        response.json()
    }

    /// A record of `kind` that `owner` owns.
    async fn owned(&self, kind: Kind, owner: &Persona) -> String {
        let made = match kind {
            Kind::Account => return owner.id.to_string(),
            Kind::ApiToken => {
                self.post(&owner.auth, "/api/v1/auth/tokens", json!({"name": "matrix"}))
                    .await
            }
            Kind::Upload => {
                self.post(
                    &owner.auth,
                    "/api/v1/me/uploads",
                    json!({"kind": "photo", "content_type": "image/jpeg", "size": 1000}),
                )
                .await
            }
            Kind::WatchedName => {
                self.post(
                    &owner.auth,
                    "/api/v1/watchlist/names",
                    // One watch per name and watcher: a fresh name of letters each time.
                    json!({"last_name": uuid::Uuid::new_v4()
                        .simple()
                        .to_string()
                        .chars()
                        .map(|c| char::from(b'a' + c.to_digit(16).unwrap() as u8))
                        .collect::<String>()}),
                )
                .await
            }
            Kind::SavedSearch => {
                self.post(
                    &owner.auth,
                    "/api/v1/cinema/searches",
                    json!({"name": format!("matrix {}", uuid::Uuid::new_v4()), "query": "gender=female"}),
                )
                .await
            }
        };
        match &made["id"] {
            Value::String(id) => id.clone(),
            id => id.as_i64().expect("an id").to_string(),
        }
    }

    /// Fresh shared records for one call: what the path's placeholders name.
    async fn shared_records(&mut self, path: &str) -> HashMap<&'static str, String> {
        let mut records = HashMap::new();
        if path.starts_with("/api/v1/users/") || path.starts_with("/api/v1/admin/users/") {
            self.made += 1;
            let victim = format!("matrix-victim-{}@example.com", self.made);
            records.insert("victim", self.app.confirmed_user(&victim).await.to_string());
        }
        if path.starts_with("/api/v1/profiles/") {
            let user = self.people["user"].id;
            let code: String = self
                .app
                .db()
                .await
                .query_one("SELECT unique_code FROM users WHERE id = $1", &[&user])
                .await
                .unwrap()
                .get(0);
            records.insert("unique_code", code);
        }
        if !["/cinema/", "/presence/", "/exports/projects/"]
            .iter()
            .any(|p| path.contains(p))
        {
            return records;
        }
        let admin = self.alive("admin").await.auth;
        let production = self
            .post(
                &admin,
                "/api/v1/cinema/productions",
                json!({"name": format!("Matrix {}", uuid::Uuid::new_v4()), "country": "SN"}),
            )
            .await;
        let project = self
            .post(
                &admin,
                "/api/v1/cinema/projects",
                json!({"name": "Matrix", "production_type": "feature_film",
                       "production_company_id": production["id"]}),
            )
            .await;
        let talent = self
            .post(
                &admin,
                "/api/v1/cinema/talents",
                json!({"first_name": "Awa", "last_name": "Matrix"}),
            )
            .await;
        let assignment = self
            .post(
                &admin,
                &format!("/api/v1/cinema/projects/{}/talents", project["id"]),
                json!({"cinema_talent_id": talent["id"], "talent_type": "lead_actor"}),
            )
            .await;
        records.extend([
            ("production", production["id"].to_string()),
            ("project", project["id"].to_string()),
            ("cinema_talent", talent["id"].to_string()),
            ("assignment", assignment["id"].to_string()),
            (
                "project_code",
                assignment["project_code"].as_str().unwrap().to_owned(),
            ),
        ]);
        records
    }

    /// The operation's path with each placeholder filled, and whether one of them names a
    /// record that does not exist (so a 404 says nothing about the caller).
    fn fill_path(
        &self,
        rule: &Rule,
        operation: &Value,
        records: &HashMap<&'static str, String>,
        owned: Option<&str>,
    ) -> (String, bool) {
        let mut path = rule.path.to_owned();
        let mut placeholder = false;
        for parameter in parameters(operation, "path") {
            let name = parameter["name"].as_str().unwrap();
            let value = match (name, owned) {
                ("id", Some(owned)) => owned.to_owned(),
                _ => match shared_record(rule.path, name) {
                    Some(key) => records[key].clone(),
                    None => {
                        placeholder = true;
                        scalar(&example(&self.document, &parameter["schema"]))
                    }
                },
            };
            path = path.replace(&format!("{{{name}}}"), &value);
        }
        let query: Vec<(String, String)> = parameters(operation, "query")
            .filter(|p| p["required"] == true)
            .map(|p| {
                (
                    p["name"].as_str().unwrap().to_owned(),
                    scalar(&example(&self.document, &p["schema"])),
                )
            })
            .collect();
        if !query.is_empty() {
            path = format!("{path}?{}", serde_urlencoded::to_string(query).unwrap());
        }
        // The fixtures' casting profiles have no photo: a 404 is what the photo answers anyone.
        placeholder |= rule.path.ends_with("/photo");
        (path, placeholder)
    }

    async fn call(
        &self,
        rule: &Rule,
        operation: &Value,
        path: &str,
        caller: Option<&Persona>,
    ) -> TestResponse {
        let mut request = Request::builder()
            .method(Method::from_bytes(rule.method.as_bytes()).unwrap())
            .uri(path);
        let content = &operation["requestBody"]["content"];
        let body = if let Some(json) = content.get("application/json") {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(example(&self.document, &json["schema"]).to_string())
        } else if let Some((content_type, _)) = content.as_object().and_then(|c| c.iter().next()) {
            request = request.header(header::CONTENT_TYPE, content_type.as_str());
            Body::empty()
        } else {
            Body::empty()
        };
        match caller.map(|p| &p.auth) {
            Some(Auth::Session { cookie, csrf }) => {
                request = request
                    .header(header::COOKIE, cookie)
                    .header("x-csrf-token", csrf);
            }
            Some(Auth::Bearer(token)) => {
                request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
            }
            None => {}
        }
        self.app.request(request.body(body).unwrap()).await
    }
}

/// Which shared record a path placeholder names.
fn shared_record(path: &str, name: &str) -> Option<&'static str> {
    Some(match name {
        "assignment" => "assignment",
        "id" if path.starts_with("/api/v1/cinema/talents/") => "cinema_talent",
        "id" if path.starts_with("/api/v1/cinema/productions/") => "production",
        "id" if path.starts_with("/api/v1/cinema/projects/")
            || path.starts_with("/api/v1/presence/projects/")
            || path.starts_with("/api/v1/exports/projects/") =>
        {
            "project"
        }
        "id" if path.starts_with("/api/v1/users/") || path.starts_with("/api/v1/admin/users/") => {
            "victim"
        }
        "code" if path.starts_with("/api/v1/profiles/") => "unique_code",
        "code" if path.starts_with("/api/v1/presence/talents/") => "project_code",
        _ => return None,
    })
}

fn parameters<'a>(operation: &'a Value, location: &'a str) -> impl Iterator<Item = &'a Value> {
    operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |p| p["in"] == location)
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The smallest value `schema` allows that the matrix can build: required properties only,
/// the first of an enum, lower bounds of numbers and lengths.
fn example(document: &Value, schema: &Value) -> Value {
    if let Some(target) = schema["$ref"].as_str() {
        let target = document
            .pointer(target.trim_start_matches('#'))
            .cloned()
            .unwrap_or_else(|| panic!("unresolved $ref {target}"));
        return example(document, &target);
    }
    if let Some(first) = schema["enum"]
        .as_array()
        .and_then(|e| e.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    for combinator in ["oneOf", "anyOf"] {
        if let Some(variants) = schema[combinator].as_array() {
            let variant = variants
                .iter()
                .find(|v| v["type"] != "null")
                .unwrap_or(&variants[0]);
            return example(document, variant);
        }
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(fields) = example(document, part) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds
            .iter()
            .find(|k| *k != "null")
            .cloned()
            .unwrap_or_default(),
        kind => kind.clone(),
    };
    match kind.as_str() {
        Some("object") => {
            let required: BTreeSet<&str> = schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let mut fields = Map::new();
            if let Some(properties) = schema["properties"].as_object() {
                for (name, property) in properties {
                    if required.contains(name.as_str()) {
                        fields.insert(name.clone(), example(document, property));
                    }
                }
            }
            Value::Object(fields)
        }
        Some("array") => {
            let n = schema["minItems"].as_u64().unwrap_or(0) as usize;
            Value::Array(vec![example(document, &schema["items"]); n])
        }
        Some("integer") => json!(schema["minimum"].as_i64().unwrap_or(1).max(1)),
        Some("number") => json!(schema["minimum"].as_f64().unwrap_or(1.0).max(1.0)),
        Some("boolean") => json!(true),
        Some("string") => json!(match schema["format"].as_str() {
            Some("email") => "matrix@example.com".to_owned(),
            Some("date") => "2000-01-01".to_owned(),
            Some("date-time") => "2026-01-01T00:00:00Z".to_owned(),
            Some("uuid") => "00000000-0000-4000-8000-000000000000".to_owned(),
            Some("uri") => "https://example.com/".to_owned(),
            _ => "x".repeat(schema["minLength"].as_u64().unwrap_or(1).max(1) as usize),
        }),
        _ => json!({}),
    }
}

/// What a caller should get: `Ok` means "got past authorization".
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Allowed,
    Status(StatusCode),
}

fn expected(rule: &Rule, caller: Option<&Persona>, owner: Option<&Persona>) -> Expect {
    let Some(caller) = caller else {
        return match rule.may {
            May::Anyone => Expect::Allowed,
            _ => Expect::Status(StatusCode::UNAUTHORIZED),
        };
    };
    let passes = |roles: &[Role]| caller.role == Role::Admin || roles.contains(&caller.role);
    if let May::Roles(roles, denied) = &rule.may
        && !passes(roles)
    {
        return Expect::Status(match denied {
            Denied::Forbidden => StatusCode::FORBIDDEN,
            Denied::Hidden => StatusCode::NOT_FOUND,
        });
    }
    let is_owner = owner.is_some_and(|o| o.id == caller.id);
    match &rule.record {
        Record::Shared => Expect::Allowed,
        Record::Own(_) if is_owner => Expect::Allowed,
        Record::OwnOr(_, roles) if is_owner || passes(roles) => Expect::Allowed,
        Record::Own(_) | Record::OwnOr(..) => Expect::Status(StatusCode::NOT_FOUND),
    }
}

fn operations(document: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in [
            "get", "put", "post", "delete", "patch", "head", "options", "trace",
        ] {
            if item.get(method).is_some() {
                found.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    found
}

#[test]
fn every_operation_of_the_document_has_one_row_and_every_row_an_operation() {
    let document: Value = serde_json::from_str(&taalentio_openapi::document()).unwrap();
    let documented = operations(&document);
    let mut rows = BTreeSet::new();
    for rule in TABLE {
        assert!(
            rows.insert((rule.method.to_owned(), rule.path.to_owned())),
            "two rows for {} {}",
            rule.method,
            rule.path
        );
    }
    let unlisted: Vec<_> = documented.difference(&rows).collect();
    assert!(
        unlisted.is_empty(),
        "operations without a row in tests/api/role_matrix/table.rs (say who may call them): {unlisted:#?}"
    );
    let stale: Vec<_> = rows.difference(&documented).collect();
    assert!(
        stale.is_empty(),
        "rows for operations the document no longer has: {stale:#?}"
    );
    // The document says which operations need a signed-in caller (`security` without the
    // empty requirement, and a 401); it must say what the table says.
    for rule in TABLE {
        let operation = &document["paths"][rule.path][rule.method.to_lowercase()];
        let requirements = operation["security"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let anonymous_allowed =
            requirements.is_empty() || requirements.iter().any(|r| r == &json!({}));
        assert_eq!(
            anonymous_allowed,
            matches!(rule.may, May::Anyone),
            "{} {}: the document's security {requirements:?} disagrees with the table",
            rule.method,
            rule.path
        );
        if !matches!(rule.may, May::Anyone) {
            assert!(
                operation["responses"]["401"].is_object(),
                "{} {} documents no 401",
                rule.method,
                rule.path
            );
        }
    }
}

#[tokio::test]
async fn every_operation_answers_each_role_and_owner_as_the_table_says() {
    // The film search answers from a local OMDB with the AI features on, so that who may call
    // it gets past the feature switch and the missing-key 503 (both tested in tests/api/ai).
    let omdb = fake_omdb::start().await;
    let app = crate::ai::omdb_app(&omdb).await;
    crate::ai::set_ai(&app, true).await;
    let served = app.get("/api/v1/openapi.json").await;
    assert_eq!(served.status, StatusCode::OK);
    let document = served.json();
    let mut matrix = Matrix {
        app,
        document,
        people: HashMap::new(),
        made: 0,
    };
    for (label, role) in [
        ("user", Role::User),
        ("user2", Role::User),
        ("presence", Role::Presence),
        ("recruiter", Role::Recruiter),
        ("recruiter2", Role::Recruiter),
        ("admin", Role::Admin),
    ] {
        matrix.persona(label, role).await;
    }

    let documented = operations(&matrix.document);
    let mut wrong = Vec::new();
    let mut calls = 0;
    for rule in TABLE {
        if !documented.contains(&(rule.method.to_owned(), rule.path.to_owned())) {
            continue; // the test above names it
        }
        let operation = matrix.document["paths"][rule.path][rule.method.to_lowercase()].clone();
        // The owner holds the row's first role; a non-owner holds the same role.
        let (owner_label, other_label) = match &rule.may {
            May::Roles(roles, _) if roles.contains(&Role::Recruiter) => ("recruiter", "recruiter2"),
            May::Roles(roles, _) if roles.contains(&Role::Presence) => ("presence", "presence"),
            May::Roles(..) => ("admin", "admin"),
            _ => ("user", "user2"),
        };
        let kind = match &rule.record {
            Record::Shared => None,
            Record::Own(kind) | Record::OwnOr(kind, _) => Some(*kind),
        };
        let mut callers: Vec<Caller> = vec![
            None,
            Some("user"),
            Some("presence"),
            Some("recruiter"),
            Some("admin"),
        ];
        if kind.is_some() {
            // Non-owners first: the owner's call may delete the record.
            callers.retain(|c| *c != Some(owner_label));
            callers.push(Some(other_label));
            callers.dedup();
            callers.push(Some(owner_label));
        }
        for caller in callers {
            let records = matrix.shared_records(rule.path).await;
            let owner = matrix.alive(owner_label).await;
            let owned = match kind {
                Some(kind) => Some(matrix.owned(kind, &owner).await),
                None => None,
            };
            let persona = match caller {
                Some(label) => Some(matrix.alive(label).await),
                None => None,
            };
            let (path, placeholder) =
                matrix.fill_path(rule, &operation, &records, owned.as_deref());
            let response = matrix.call(rule, &operation, &path, persona.as_ref()).await;
            calls += 1;
            let expect = expected(rule, persona.as_ref(), kind.map(|_| &owner));
            let status = response.status;
            let right = match expect {
                Expect::Status(want) => status == want,
                Expect::Allowed => {
                    let hidden =
                        matches!(rule.may, May::Roles(_, Denied::Hidden)) || kind.is_some();
                    !status.is_server_error()
                        && status != StatusCode::UNAUTHORIZED
                        && status != StatusCode::FORBIDDEN
                        && !(status == StatusCode::NOT_FOUND && hidden && !placeholder)
                }
            };
            if !right {
                wrong.push(format!(
                    "{} {} as {}: {} (expected {:?}) {}",
                    rule.method,
                    path,
                    persona.as_ref().map_or("anonymous", |p| p.label),
                    status,
                    expect,
                    String::from_utf8_lossy(&response.body)
                        .chars()
                        .take(200)
                        .collect::<String>()
                ));
            }
        }
    }
    assert!(calls > 5 * TABLE.len(), "only {calls} calls");
    assert!(
        wrong.is_empty(),
        "{} of {calls} answers are not what table.rs says:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
