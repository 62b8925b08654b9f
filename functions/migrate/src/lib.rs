//! Migrate job: invoked after each deploy (and safe to invoke any time); the event is ignored.

use lambda_runtime::LambdaEvent;
use taalentio::{AppState, Error, jobs};

pub async fn handle(
    state: AppState,
    _event: LambdaEvent<serde_json::Value>,
) -> Result<serde_json::Value, Error> {
    let report = jobs::migrate::run(&state).await?;
    serde_json::to_value(report).map_err(|e| Error::Internal(e.into()))
}
