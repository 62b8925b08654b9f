//! The S3 `ObjectCreated` shell over [`taalentio::uploads::process_object`]: every new object
//! under `incoming/` is verified, then accepted or rejected.

use aws_lambda_events::event::s3::S3Event;
use lambda_runtime::LambdaEvent;
use serde_json::{Value, json};
use taalentio::{AppState, Error, uploads};

pub async fn handle(state: AppState, event: LambdaEvent<Value>) -> Result<Value, Error> {
    let event: S3Event = serde_json::from_value(event.payload)
        .map_err(|e| Error::bad_request(format!("not an S3 event: {e}")))?;
    let mut outcomes = Vec::new();
    for record in event.records {
        let Some(raw_key) = record.s3.object.key else {
            continue;
        };
        // S3 event keys are URL-encoded, with `+` for spaces.
        let key = urlencoding::decode(&raw_key.replace('+', " "))
            .map_err(|e| Error::bad_request(format!("object key {raw_key}: {e}")))?
            .into_owned();
        if !key.starts_with("incoming/") {
            continue;
        }
        let outcome = uploads::process_object(&state, &key).await?;
        outcomes.push(json!({
            "key": key,
            "status": outcome.as_ref().map(|s| s.status.as_str()),
            "rejection_code": outcome.as_ref().and_then(|s| s.rejection_code),
            "rejection_reason": outcome.and_then(|s| s.rejection_reason),
        }));
    }
    Ok(json!({ "processed": outcomes }))
}
