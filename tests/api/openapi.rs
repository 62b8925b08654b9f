use axum::http::StatusCode;
use taalentio_tests::spawn_app;

#[tokio::test]
async fn the_api_document_is_openapi_3_1_and_describes_each_route() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status, StatusCode::OK);
    let document = response.json();
    assert!(
        document["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        document["openapi"]
    );
    assert_eq!(document["info"]["title"], "taalentio API");
    let health = &document["paths"]["/api/v1/health"]["get"];
    assert!(
        health["responses"]["200"].is_object() && health["responses"]["503"].is_object(),
        "{health}"
    );
    assert!(document["paths"]["/api/v1/openapi.json"]["get"].is_object());
    let problem = &document["components"]["schemas"]["Problem"]["properties"];
    for field in ["type", "title", "status", "detail"] {
        assert!(problem[field].is_object(), "Problem schema lacks {field}");
    }
}

#[test]
fn the_served_document_is_the_one_the_code_generates() {
    // `meta` serves functions/meta/openapi.json as written at build time: a route or schema
    // changed without regenerating it would be served wrong and generate wrong web types.
    assert!(
        meta::OPENAPI_DOCUMENT == taalentio_openapi::document(),
        "functions/meta/openapi.json is stale: run `infra/local/web.sh schema` and commit it"
    );
}

#[tokio::test]
async fn every_route_the_router_serves_is_documented() {
    // The document is generated from the same routers: a route added without
    // `#[utoipa::path]` would still be served but missing here.
    let document: serde_json::Value = serde_json::from_str(&taalentio_openapi::document()).unwrap();
    let paths = document["paths"].as_object().unwrap();
    let app = spawn_app().await;
    for path in paths.keys() {
        // Placeholders stay literal (`/talents/{id}`): a handler may answer that its resource is
        // not found, but the router must not answer "no such route".
        let response = app.get(path).await;
        let unrouted = response.status == StatusCode::NOT_FOUND
            && response.json()["detail"] == "no such route";
        assert!(!unrouted, "{path} is documented but not served");
    }
}

/// Every `$ref` in `value`, with where it was found.
fn refs<'a>(value: &'a serde_json::Value, at: String, found: &mut Vec<(String, &'a str)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", serde_json::Value::String(target)) => found.push((at.clone(), target)),
                    _ => refs(inner, format!("{at}/{key}"), found),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                refs(inner, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_in_the_document_resolves() {
    // The front end's types are generated from this document: a dangling `$ref` breaks them.
    let document: serde_json::Value = serde_json::from_str(&taalentio_openapi::document()).unwrap();
    let mut found = Vec::new();
    refs(&document, String::new(), &mut found);
    assert!(found.len() > 50, "too few $refs found: {}", found.len());
    let dangling: Vec<_> = found
        .iter()
        .filter(|(_, target)| {
            // Local JSON pointers only (`#/components/schemas/Name`, `~1` and `~0` escaped).
            target
                .strip_prefix('#')
                .is_none_or(|pointer| document.pointer(pointer).is_none())
        })
        .collect();
    assert!(dangling.is_empty(), "unresolved $refs: {dangling:#?}");
}

#[test]
fn the_error_schemas_enumerate_their_codes() {
    let document: serde_json::Value = serde_json::from_str(&taalentio_openapi::document()).unwrap();
    let schemas = &document["components"]["schemas"];
    let names = |schema: &serde_json::Value| -> Vec<String> {
        schema["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("not an enum: {schema}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let problem_codes = names(&schemas["ProblemCode"]);
    for code in [
        "invalid_credentials",
        "email_unconfirmed",
        "link_invalid",
        "email_taken",
        "validation_failed",
    ] {
        assert!(problem_codes.contains(&code.to_owned()), "{code} missing");
    }
    let field_codes = names(&schemas["FieldCode"]);
    for code in [
        "required",
        "too_short",
        "weak_password",
        "not_allowed",
        "outdated_version",
    ] {
        assert!(field_codes.contains(&code.to_owned()), "{code} missing");
    }
    assert_eq!(
        schemas["Problem"]["properties"]["code"]["$ref"],
        "#/components/schemas/ProblemCode"
    );
    let field_error = &schemas["FieldError"];
    assert_eq!(
        field_error["properties"]["code"]["$ref"],
        "#/components/schemas/FieldCode"
    );
    for param in [
        "min",
        "max",
        "format",
        "allowed",
        "with",
        "min_score",
        "min_age",
        "current",
    ] {
        assert!(
            field_error["properties"][param].is_object(),
            "FieldError lacks {param}"
        );
    }
    let formats = names(&schemas["FieldFormat"]);
    assert!(formats.contains(&"email".to_owned()), "{formats:?}");
    assert_eq!(names(&schemas["Format"]), ["excel", "csv"]);
}

/// A generated client names each operation by its id: two operations with one id get one
/// function, with the parameters of whichever came last.
#[test]
fn every_operation_id_is_unique() {
    let document: serde_json::Value = serde_json::from_str(&taalentio_openapi::document()).unwrap();
    let mut seen = std::collections::HashMap::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let Some(id) = operation.get("operationId").and_then(|v| v.as_str()) else {
                continue;
            };
            if let Some(other) = seen.insert(id.to_owned(), format!("{method} {path}")) {
                panic!("operationId `{id}` is used by {other} and {method} {path}");
            }
        }
    }
    assert!(seen.len() > 50, "{} operations", seen.len());
}
