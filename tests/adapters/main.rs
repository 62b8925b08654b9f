//! The AWS adapters through the real AWS SDK, against moto server on 127.0.0.1 (`make test`
//! starts it and exports `AWS_ENDPOINT_URL`; the SDK reads it as it would in any deployment).

mod s3;
mod secrets;
mod ses;

use aws_config::{BehaviorVersion, SdkConfig};

/// The SDK configuration from the environment, refusing anything but a local endpoint.
pub async fn local_aws() -> SdkConfig {
    let endpoint = std::env::var("AWS_ENDPOINT_URL")
        .expect("AWS_ENDPOINT_URL is not set: run the tests with `make test`");
    assert!(
        endpoint.starts_with("http://127.0.0.1:"),
        "adapter tests only run against a local server, not {endpoint}"
    );
    aws_config::load_defaults(BehaviorVersion::latest()).await
}

pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}
