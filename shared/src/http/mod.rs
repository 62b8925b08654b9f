//! The HTTP shell shared by every route group: extractors, the layers every response passes
//! through, and the fallbacks that keep even unknown routes answering problem+json.

pub mod auth;
pub mod extract;
pub mod page_headers;
pub mod schemas;

use std::convert::Infallible;

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tower::Service;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{
        CompressionLayer,
        predicate::{Predicate, SizeAbove},
    },
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};
use utoipa_axum::router::OpenApiRouter;

pub use auth::CurrentUser;
pub use extract::{Json, JsonKeepingNul, Path, Query};

use crate::{
    error::{PROBLEM_CONTENT_TYPE, Problem, ProblemCode},
    state::AppState,
};

/// A route group's routes with their OpenAPI descriptions, before state is attached.
pub type ApiRouter = OpenApiRouter<AppState>;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Builds the service a route group runs as: its routes, the shared layers, and a
/// problem+json 404 for anything else.
pub fn app(api: ApiRouter, state: AppState) -> Router {
    app_with_fallback(api, state, axum::routing::any(not_found).with_state(()))
}

/// As [`app`], with another fallback for unknown paths (the dev server serves `web/` there).
pub fn app_with_fallback<F>(api: ApiRouter, state: AppState, fallback: F) -> Router
where
    F: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
    F::Response: IntoResponse,
    F::Future: Send + 'static,
{
    let max_body = state.config.max_body_bytes;
    let (router, _openapi) = api.split_for_parts();
    router
        .fallback_service(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state.clone())
        .layer(middleware::from_fn_with_state(state, auth::record_activity))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(CatchPanicLayer::new())
        // Outside the limit and panic layers, so their bare responses become problem+json too.
        .layer(middleware::from_fn(problem_for_bare_errors))
        // Outside them, so every answer (problems included) gets its headers and compression.
        .layer(middleware::from_fn(security_headers))
        .layer(json_compression())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let request_id = request.headers().get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
                    // The path only: query strings may carry signatures or tokens.
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
                })
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(LambdaAwareRequestId))
}

/// JSON answers smaller than this are sent as they are: compressing them saves nothing.
pub const COMPRESS_MIN_BYTES: u16 = 1024;

/// gzip or brotli for the client that asks (`Accept-Encoding`), JSON answers only: files and
/// exports are already compressed or streamed, and an answer that already has a
/// `Content-Encoding` (the web build's .br and .gz files) is left alone.
fn json_compression() -> CompressionLayer<impl Predicate> {
    fn is_json(
        _: StatusCode,
        _: http::Version,
        headers: &http::HeaderMap,
        _: &http::Extensions,
    ) -> bool {
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v == "application/json" || v.ends_with("+json")
            })
    }
    CompressionLayer::new()
        .gzip(true)
        .br(true)
        .no_deflate()
        .no_zstd()
        .compress_when(SizeAbove::new(COMPRESS_MIN_BYTES).and(is_json))
}

/// The hardening headers of every answer: `nosniff` and a referrer policy, and `no-store` on
/// answers to an authenticated request (a session cookie or a bearer token) unless the
/// handler chose its own caching (a photo link's `private, max-age=600`, a file's).
async fn security_headers(request: Request, next: Next) -> Response {
    let authenticated = request.headers().contains_key(header::AUTHORIZATION)
        || auth::session_cookie(request.headers()).is_some();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    if authenticated {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    response
}

/// Request ids: the caller's `x-request-id` is kept (SetRequestId does that), else API Gateway's
/// own request id when running in Lambda, so a log line leads to the API Gateway access log.
#[derive(Clone, Copy, Default)]
struct LambdaAwareRequestId;

impl MakeRequestId for LambdaAwareRequestId {
    fn make_request_id<B>(&mut self, request: &http::Request<B>) -> Option<RequestId> {
        use lambda_http::request::RequestContext;
        let from_gateway = request
            .extensions()
            .get::<RequestContext>()
            .and_then(|context| match context {
                RequestContext::ApiGatewayV2(context) => context.request_id.clone(),
                _ => None,
            });
        let id = from_gateway.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

async fn not_found() -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        ProblemCode::NotFound,
        "no such route",
    )
}

async fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ProblemCode::MethodNotAllowed,
        "this route does not accept that method",
    )
}

/// Error responses made outside our handlers (tower layers, static files, panics) get the
/// same problem+json body as ours. An HTML page is left as it is: a page answering 404 (the
/// public profile page of a private profile) is meant for a browser.
async fn problem_for_bare_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == PROBLEM_CONTENT_TYPE.as_bytes());
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem || is_page {
        return response;
    }
    let detail = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is larger than this endpoint accepts",
        StatusCode::NOT_FOUND => "no such resource",
        StatusCode::INTERNAL_SERVER_ERROR => "An unexpected error occurred; it has been logged.",
        _ => status.canonical_reason().unwrap_or("error"),
    };
    let (mut parts, _) = response.into_parts();
    let problem = Problem::new(status, ProblemCode::for_status(status), detail).into_response();
    // Keep headers such as Allow, Retry-After and x-request-id; the body and its type change.
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    Response::from_parts(parts, problem.into_body())
}
