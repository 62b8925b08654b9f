//! Maintenance job (EventBridge Scheduler, daily): the shell over
//! [`taalentio::jobs::maintenance`]. The schedule's input is ignored; the run is for the
//! current UTC day, and a second invocation the same day purges nothing and says so.

use lambda_runtime::LambdaEvent;
use taalentio::{AppState, Error, jobs::maintenance};
use time::OffsetDateTime;

pub async fn handle(
    state: AppState,
    _event: LambdaEvent<serde_json::Value>,
) -> Result<serde_json::Value, Error> {
    let report = maintenance::run(&state, OffsetDateTime::now_utc()).await?;
    serde_json::to_value(report).map_err(|e| Error::Internal(e.into()))
}
