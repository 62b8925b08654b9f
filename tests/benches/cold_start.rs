//! `make bench` — each function's cold start, measured against a minimal local Lambda Runtime
//! API (`tests/src/runtime_api.rs`), and the size of its release bootstrap. For each function
//! the binary is started as Lambda starts it, with the S3, SES and Postgres adapters configured
//! as in the cloud (S3 and SES on moto server) but no network call of the cloud (secrets come from the environment, as
//! without `SECRETS_ID`); then timed:
//! - init: exec → its first `GET …/invocation/next` (the state built once per cold start);
//! - first answer: exec → the answer to the sample event of `events/<function>.json`;
//! - warm answer: the same event handed to the warm process → its answer.
//!
//! Budgets (issue 16): every bootstrap ≤ 10 MB, init ≤ 30 ms. `infra/local/bench.sh` builds the
//! binaries it starts (host target, the bench profile: the release profile without link-time
//! optimisation); the sizes are those of `make release`'s arm64 bootstraps, which Lambda runs,
//! when they are built.

use std::{path::PathBuf, time::Duration};

use taalentio_tests::{
    TEST_SIGNING_KEY,
    bench::{Sample, format_duration, report_header},
    create_migrated_database,
    moto::new_bucket,
    runtime_api::ColdStart,
};

const COLD_STARTS: usize = 9;
const SIZE_BUDGET_BYTES: u64 = 10_000_000;
const INIT_BUDGET: Duration = Duration::from_millis(30);

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where `infra/local/bench.sh` built them (`FUNCTIONS_DIR`), else the default target.
fn functions_dir() -> PathBuf {
    std::env::var_os("FUNCTIONS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/release"))
}

/// The size of `make release`'s bootstrap of `function`, when it was built.
fn bootstrap_size(function: &str) -> Option<u64> {
    let dir = std::env::var_os("BOOTSTRAPS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/lambda"));
    Some(
        std::fs::metadata(dir.join(function).join("bootstrap"))
            .ok()?
            .len(),
    )
}

fn functions() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace().join("functions"))
        .expect("functions/")
        .filter_map(|entry| Some(entry.ok()?.file_name().to_str()?.to_owned()))
        .collect();
    names.sort();
    names
}

/// The adapters of the cloud (S3 on moto's bucket, SES) with everything they read from the
/// environment: building their clients needs no network.
fn environment(database_url: &str, bucket: &str, function: &str) -> Vec<(String, String)> {
    let endpoint = std::env::var("AWS_ENDPOINT_URL").expect("moto server's AWS_ENDPOINT_URL");
    [
        ("DATABASE_URL", database_url.to_owned()),
        ("ENCRYPTION_KEYS", format!("bench-1:{TEST_SIGNING_KEY}")),
        ("BLIND_INDEX_KEY", TEST_SIGNING_KEY.into()),
        ("BLOB_STORE", "s3".into()),
        ("UPLOADS_BUCKET", bucket.to_owned()),
        ("S3_FORCE_PATH_STYLE", "true".into()),
        ("MAILER", "ses".into()),
        ("MAIL_FROM", "taalentio <no-reply@taalentio.local>".into()),
        ("PUBLIC_BASE_URL", "https://taalentio.local".into()),
        ("AWS_REGION", "eu-west-1".into()),
        ("AWS_ACCESS_KEY_ID", "bench".into()),
        ("AWS_SECRET_ACCESS_KEY", "bench".into()),
        ("AWS_ENDPOINT_URL", endpoint),
        ("AWS_LAMBDA_FUNCTION_NAME", format!("taalentio-{function}")),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024".into()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
        (
            "AWS_LAMBDA_LOG_GROUP_NAME",
            format!("/aws/lambda/taalentio-{function}"),
        ),
        ("AWS_LAMBDA_LOG_STREAM_NAME", "bench".into()),
        ("RUST_LOG", "warn".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

#[tokio::main]
async fn main() {
    report_header("release bootstraps: size and cold start (local Lambda Runtime API)");
    let binaries = functions_dir();
    let database_url = create_migrated_database().await;
    let bucket = new_bucket().await;
    println!(
        "{:<18} {:>9} {:>11} {:>13} {:>12}   budgets: ≤ 10 MB, init ≤ 30 ms",
        "function", "bootstrap", "init p50", "1st answer", "warm answer"
    );
    let mut over_budget = Vec::new();
    for function in functions() {
        let binary = binaries.join(&function);
        if !binary.exists() {
            println!("{function:<18} no binary at {}", binary.display());
            over_budget.push(format!("{function}: not built"));
            continue;
        }
        let event = std::fs::read(workspace().join(format!("events/{function}.json")))
            .unwrap_or_else(|e| panic!("events/{function}.json: {e}"));
        let env = environment(&database_url, &bucket, &function);
        let (mut init, mut first, mut warm) = (
            Sample::new("init"),
            Sample::new("first answer"),
            Sample::new("warm answer"),
        );
        let mut errors = (0, None);
        for _ in 0..COLD_STARTS {
            let run = ColdStart::run(&binary, &env, &event)
                .await
                .unwrap_or_else(|e| panic!("{function}: {e}"));
            if let Some(error) = run.error {
                errors = (errors.0 + 1, Some(error));
            }
            init.push(run.init);
            first.push(run.first_answer);
            warm.push(run.warm_answer);
        }
        let size = bootstrap_size(&function);
        println!(
            "{function:<18} {:>9} {:>11} {:>13} {:>12}{}",
            size.map_or("—".to_owned(), |s| format!("{:.1} MB", s as f64 / 1e6)),
            format_duration(init.median()),
            format_duration(first.median()),
            format_duration(warm.median()),
            match errors {
                (count, Some(error)) => format!(
                    "   (the sample event answered an error {count}/{COLD_STARTS} times: {error})"
                ),
                _ => String::new(),
            }
        );
        if let Some(size) = size.filter(|s| *s > SIZE_BUDGET_BYTES) {
            over_budget.push(format!("{function}: {:.1} MB", size as f64 / 1e6));
        }
        if init.median() > INIT_BUDGET {
            over_budget.push(format!(
                "{function}: init {}",
                format_duration(init.median())
            ));
        }
    }
    if bootstrap_size("meta").is_none() {
        println!("(bootstrap sizes: run `make release` first)");
    }
    if over_budget.is_empty() {
        println!("every function within its budgets");
    } else {
        println!("over budget: {}", over_budget.join(", "));
    }
}
