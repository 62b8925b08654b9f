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

#[tokio::test]
async fn every_route_the_router_serves_is_documented() {
    // The document is generated from the same routers: a route added without
    // `#[utoipa::path]` would still be served but missing here.
    let document: serde_json::Value = serde_json::from_str(meta::openapi_document()).unwrap();
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
