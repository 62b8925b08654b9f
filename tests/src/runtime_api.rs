//! A minimal Lambda Runtime API (the HTTP interface a function's runtime polls for events and
//! answers on), enough to start a function's binary as Lambda starts it and time its cold
//! start: `benches/cold_start.rs`.

use std::{
    path::Path,
    process::Stdio,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode},
    routing::{get, post},
};
use tokio::sync::{Mutex, mpsc};

/// How long a function may take to poll or answer before the run is failed.
const PATIENCE: Duration = Duration::from_secs(30);

/// One cold start, then one warm invocation of the same event.
pub struct ColdStart {
    /// exec → the runtime's first poll for an event: the function's own initialisation.
    pub init: Duration,
    /// exec → the answer to the first event.
    pub first_answer: Duration,
    /// The second event handed over → its answer.
    pub warm_answer: Duration,
    /// The invocation error either answer reported, if any (`None`: both answered a response).
    pub error: Option<String>,
}

enum Report {
    Polled(Instant),
    Answered { at: Instant, error: Option<String> },
    InitFailed(String),
}

#[derive(Clone)]
struct Api {
    reports: mpsc::UnboundedSender<Report>,
    events: Arc<Mutex<mpsc::UnboundedReceiver<Vec<u8>>>>,
}

async fn next(State(api): State<Api>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let _ = api.reports.send(Report::Polled(Instant::now()));
    let Some(event) = api.events.lock().await.recv().await else {
        return (StatusCode::GONE, HeaderMap::new(), Vec::new());
    };
    let deadline = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        + Duration::from_secs(60);
    let mut headers = HeaderMap::new();
    let id = uuid::Uuid::new_v4().to_string();
    let set = |headers: &mut HeaderMap, name: &'static str, value: String| {
        headers.insert(
            name,
            HeaderValue::from_str(&value).expect("an ASCII header"),
        );
    };
    set(&mut headers, "lambda-runtime-aws-request-id", id);
    set(
        &mut headers,
        "lambda-runtime-deadline-ms",
        deadline.as_millis().to_string(),
    );
    set(
        &mut headers,
        "lambda-runtime-invoked-function-arn",
        "arn:aws:lambda:eu-west-1:123456789012:function:bench".into(),
    );
    set(
        &mut headers,
        "lambda-runtime-trace-id",
        "Root=1-bench".into(),
    );
    (StatusCode::OK, headers, event)
}

async fn answered(State(api): State<Api>) -> StatusCode {
    let _ = api.reports.send(Report::Answered {
        at: Instant::now(),
        error: None,
    });
    StatusCode::ACCEPTED
}

async fn failed(State(api): State<Api>, body: Bytes) -> StatusCode {
    let _ = api.reports.send(Report::Answered {
        at: Instant::now(),
        error: Some(String::from_utf8_lossy(&body).into()),
    });
    StatusCode::ACCEPTED
}

async fn init_failed(State(api): State<Api>, body: Bytes) -> StatusCode {
    let _ = api
        .reports
        .send(Report::InitFailed(String::from_utf8_lossy(&body).into()));
    StatusCode::ACCEPTED
}

async fn wait(reports: &mut mpsc::UnboundedReceiver<Report>) -> anyhow::Result<Report> {
    match tokio::time::timeout(PATIENCE, reports.recv()).await {
        Ok(Some(Report::InitFailed(error))) => bail!("its initialisation failed: {error}"),
        Ok(Some(report)) => Ok(report),
        Ok(None) => bail!("the runtime API stopped"),
        Err(_) => bail!("no call to the runtime API within {PATIENCE:?}"),
    }
}

async fn polled(reports: &mut mpsc::UnboundedReceiver<Report>) -> anyhow::Result<Instant> {
    match wait(reports).await? {
        Report::Polled(at) => Ok(at),
        _ => bail!("an answer before any event was handed over"),
    }
}

async fn answer(
    reports: &mut mpsc::UnboundedReceiver<Report>,
) -> anyhow::Result<(Instant, Option<String>)> {
    match wait(reports).await? {
        Report::Answered { at, error } => Ok((at, error)),
        _ => bail!("a poll for the next event before answering this one"),
    }
}

impl ColdStart {
    /// Starts `binary` with `env` against a fresh runtime API, hands it `event` twice and
    /// stops it.
    pub async fn run(
        binary: &Path,
        env: &[(String, String)],
        event: &[u8],
    ) -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let (reports_tx, mut reports) = mpsc::unbounded_channel();
        let (events, events_rx) = mpsc::unbounded_channel();
        let api = Api {
            reports: reports_tx,
            events: Arc::new(Mutex::new(events_rx)),
        };
        let router = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(answered),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(failed))
            .route("/2018-06-01/runtime/init/error", post(init_failed))
            .with_state(api);
        let server = tokio::spawn(async move { axum::serve(listener, router).await });

        let started = Instant::now();
        let mut child = tokio::process::Command::new(binary)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let measured = async {
            let init = polled(&mut reports).await? - started;
            events.send(event.to_vec())?;
            let (first, first_error) = answer(&mut reports).await?;
            polled(&mut reports).await?;
            let handed = Instant::now();
            events.send(event.to_vec())?;
            let (warm, warm_error) = answer(&mut reports).await?;
            anyhow::Ok(ColdStart {
                init,
                first_answer: first - started,
                warm_answer: warm - handed,
                error: first_error.or(warm_error),
            })
        }
        .await;
        let _ = child.start_kill();
        let output = child.wait_with_output().await?;
        server.abort();
        measured.map_err(|e| {
            anyhow::anyhow!(
                "{e}; its stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
    }
}
