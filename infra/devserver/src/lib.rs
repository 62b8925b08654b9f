//! The local dev server: the same routers the Lambdas run, merged on one port, plus the
//! static front end (`web/`) and the local blob store's signed PUT and GET URLs.

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{any, get},
};
use taalentio::{
    AppState, Error,
    config::BlobConfig,
    error::ProblemCode,
    jobs,
    ports::blob::{BlobStore, LOCAL_BLOB_ROUTE, LocalBlobStore, LocalGrant, LocalSignature},
};

mod web;

/// The largest file the upload rules allow (a 10 MB CV) plus headroom; the signed length is
/// what is really enforced.
const MAX_LOCAL_UPLOAD_BYTES: usize = 11 * 1024 * 1024;

/// Demo data: idempotent, so every `make dev` can run it.
const DEMO_SEED: &str = include_str!("../seed/demo.sql");

pub async fn run() -> anyhow::Result<()> {
    let state = AppState::from_env().await?;
    let report = jobs::migrate::run(&state).await?;
    tracing::info!(applied = ?report.applied, admin = ?report.admin, "database ready");
    if std::env::var("SEED_DEMO").as_deref() != Ok("false") {
        state.db.get().await?.batch_execute(DEMO_SEED).await?;
        tracing::info!("demo data present");
    }
    let port: u16 = std::env::var("PORT")
        .ok()
        .map(|p| p.parse())
        .transpose()?
        .unwrap_or(3000);
    let web_dir = PathBuf::from(std::env::var("WEB_DIR").unwrap_or_else(|_| "web/build".into()));
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(address).await?;
    tracing::info!("taalentio is up at http://{address}");
    axum::serve(
        listener,
        app(state, web_dir).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("stopping");
}

/// Every route group, `web/` for other paths, and the local blob URLs when the store is local.
pub fn app(state: AppState, web_dir: PathBuf) -> Router {
    let site = Router::new()
        // Unknown API paths are API 404s (problem+json), not a missing static file.
        .route("/api/{*rest}", any(|| async { StatusCode::NOT_FOUND }))
        .merge(web::site(web_dir));
    let local_store = match &state.config.blobs {
        BlobConfig::Local { dir, signing_key } => Some(Arc::new(LocalBlobStore::new(
            dir.clone(),
            signing_key.expose().clone(),
            state.config.public_base_url.clone(),
        ))),
        BlobConfig::S3 { .. } => None,
    };
    let api = taalentio::http::app_with_fallback(taalentio_openapi::all_groups(), state, site);
    // API answers pass the shared layers (security headers, JSON compression) inside `api`,
    // as in Lambda; the web build brings its own .br and .gz files (`web.rs`).
    match local_store {
        Some(store) => local_blob_routes(store).merge(api),
        None => api,
    }
}

/// What S3 does for presigned URLs, for the local directory store.
fn local_blob_routes(store: Arc<LocalBlobStore>) -> Router {
    Router::new()
        .route(
            &format!("{LOCAL_BLOB_ROUTE}/{{*key}}"),
            get(download).put(upload),
        )
        .layer(DefaultBodyLimit::max(MAX_LOCAL_UPLOAD_BYTES))
        .with_state(store)
}

fn refused() -> Error {
    Error::forbidden(
        ProblemCode::SignedUrlInvalid,
        "the signed URL is invalid, expired, or for another request",
    )
}

async fn upload(
    State(store): State<Arc<LocalBlobStore>>,
    Path(key): Path<String>,
    Query(signature): Query<LocalSignature>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, Error> {
    let Some(LocalGrant::Put {
        key,
        content_type,
        content_length,
    }) = store.verify("PUT", &key, &signature)
    else {
        return Err(refused());
    };
    // S3 refuses a presigned PUT whose signed headers differ from the request's; so do we.
    let sent_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if sent_type != Some(content_type.as_str()) || body.len() as u64 != content_length {
        return Err(refused());
    }
    store.put(&key, body, &content_type).await?;
    Ok(StatusCode::OK)
}

async fn download(
    State(store): State<Arc<LocalBlobStore>>,
    Path(key): Path<String>,
    Query(signature): Query<LocalSignature>,
) -> Result<Response, Error> {
    let Some(LocalGrant::Get { key }) = store.verify("GET", &key, &signature) else {
        return Err(refused());
    };
    let blob = store.get(&key).await?.ok_or(Error::NotFound)?;
    Ok(([(header::CONTENT_TYPE, blob.content_type)], blob.bytes).into_response())
}
