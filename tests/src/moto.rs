//! moto server, the local stand-in for S3, SES and Secrets Manager (`make test` starts it and
//! exports `AWS_ENDPOINT_URL`; the SDK reads it as it would in any deployment).

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

/// A fresh bucket on moto server.
pub async fn new_bucket() -> String {
    let bucket = unique("uploads");
    let aws = local_aws().await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&aws)
            .force_path_style(true)
            .build(),
    );
    s3.create_bucket()
        .bucket(&bucket)
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest1)
                .build(),
        )
        .send()
        .await
        .unwrap();
    bucket
}
