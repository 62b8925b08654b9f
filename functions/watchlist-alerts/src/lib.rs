//! Watchlist alerts job: run by an EventBridge schedule whose input carries the scheduled time
//! (`{"scheduled_time": "<aws.scheduler.scheduled-time>"}`), which names the run, so a retried
//! or doubled event sends nothing twice.

use lambda_runtime::LambdaEvent;
use taalentio::{AppState, Error, jobs};

pub async fn handle(
    state: AppState,
    event: LambdaEvent<serde_json::Value>,
) -> Result<serde_json::Value, Error> {
    let scheduled = jobs::runs::scheduled_time(&event.payload)?;
    jobs::watchlist_alerts::run(&state, scheduled).await
}
