//! The AWS adapters through the real AWS SDK, against moto server on 127.0.0.1 (`make test`
//! starts it and exports `AWS_ENDPOINT_URL`; the SDK reads it as it would in any deployment).

mod s3;
mod secrets;
mod ses;

pub use taalentio_tests::moto::{local_aws, unique};
