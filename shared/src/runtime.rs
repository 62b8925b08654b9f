//! Lambda entry points, so each function's `main` is a few lines.

use std::future::Future;

use axum::Router;
use lambda_runtime::{LambdaEvent, service_fn};

use crate::{state::AppState, telemetry};

/// Runs an HTTP route group: state built once per cold start, then every request.
pub async fn run_http(router: fn(AppState) -> Router) -> Result<(), lambda_http::Error> {
    telemetry::init();
    let state = AppState::from_env().await?;
    lambda_http::run(router(state)).await
}

/// Runs a job (scheduled or event-driven) with state built once per cold start.
pub async fn run_job<F, Fut>(handler: F) -> Result<(), lambda_runtime::Error>
where
    F: Fn(AppState, LambdaEvent<serde_json::Value>) -> Fut,
    Fut: Future<Output = Result<serde_json::Value, crate::Error>>,
{
    telemetry::init();
    let state = AppState::from_env().await?;
    lambda_runtime::run(service_fn(|event| {
        let run = handler(state.clone(), event);
        async move { run.await.map_err(lambda_runtime::Error::from) }
    }))
    .await
}
