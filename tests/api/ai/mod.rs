//! The AI group: the OpenRouter and OMDB adapters over real HTTP against local servers that
//! speak their protocols (tests/src/fake_*.rs), each failure included; the film routes and the
//! production filmography with every role.

mod films;
mod matching;
mod omdb;
mod openrouter;

use taalentio_tests::{TestApp, fake_http::FakeServer, spawn_app_on};

/// An app whose remote adapters are the given fake servers, with `extra` settings.
pub async fn app_with(servers: &[Vec<(&'static str, String)>], extra: &[(&str, &str)]) -> TestApp {
    let mut settings: Vec<(&str, &str)> = servers
        .iter()
        .flatten()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    settings.extend_from_slice(extra);
    spawn_app_on(taalentio_tests::create_migrated_database().await, &settings).await
}

pub async fn omdb_app(server: &FakeServer) -> TestApp {
    app_with(&[taalentio_tests::fake_omdb::settings(server)], &[]).await
}

/// Turns `features.ai` on or off.
pub async fn set_ai(app: &TestApp, on: bool) {
    app.db()
        .await
        .execute(
            "UPDATE app_settings SET value = $1 WHERE key = 'features.ai'",
            &[&serde_json::json!(on)],
        )
        .await
        .unwrap();
}
