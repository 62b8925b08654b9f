//! Who is calling, for every route group: the principal from a session cookie or an API token,
//! the CSRF check on cookie-authenticated unsafe requests, the caller's address, and the
//! activity log of authenticated unsafe requests.

use std::{
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex},
};

use axum::{
    extract::{ConnectInfo, FromRequestParts, MatchedPath, OptionalFromRequestParts, Request},
    http::{HeaderMap, Method, header, request::Parts},
    middleware::Next,
    response::Response,
};
use subtle::ConstantTimeEq;

use crate::{
    AppState, Error,
    accounts::{Principal, api_tokens, sessions},
    audit::{self, Activity, ClientInfo, SecurityEvent},
    error::ProblemCode,
};

pub const CSRF_HEADER: &str = "x-csrf-token";

/// The caller: 401 without a live session or token, 403 when a cookie-authenticated unsafe
/// request lacks the session's CSRF token.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Principal);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let client = client_info(parts, state);
        let principal = if let Some(authorization) = parts.headers.get(header::AUTHORIZATION) {
            let secret = authorization
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or_else(Error::unauthorized)?;
            api_tokens::authenticate(&state.db, secret.trim(), &client)
                .await?
                .ok_or_else(Error::unauthorized)?
        } else {
            let token = session_cookie(&parts.headers).ok_or_else(Error::unauthorized)?;
            let principal = sessions::authenticate(&state.db, &token)
                .await?
                .ok_or_else(Error::unauthorized)?;
            if !is_safe(&parts.method) && !csrf_matches(&parts.headers, &principal) {
                audit::security(
                    &state.db,
                    SecurityEvent::CsrfRejected,
                    Some(principal.user_id),
                    &client,
                    serde_json::json!({"path": parts.uri.path()}),
                )
                .await?;
                return Err(Error::Forbidden(
                    ProblemCode::CsrfFailed,
                    format!(
                        "send the session's CSRF token (from login or GET /api/v1/auth/me) in the {CSRF_HEADER} header"
                    ),
                ));
            }
            principal
        };
        if let Some(slot) = parts.extensions.get::<AuditSlot>() {
            let route = parts
                .extensions
                .get::<MatchedPath>()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| parts.uri.path().to_owned());
            let resource_id = resource_id(&route, parts.uri.path());
            *slot.0.lock().expect("audit slot") = Some(Activity {
                user_id: principal.user_id,
                method: parts.method.to_string(),
                route,
                resource_id,
                status: 0,
                client,
            });
        }
        Ok(CurrentUser(principal))
    }
}

/// `Option<CurrentUser>` on public routes: `None` for an anonymous caller, or one whose
/// session or token is no longer valid; the caller is named when known.
impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Error> {
        match <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(user) => Ok(Some(user)),
            Err(Error::Unauthorized(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

impl FromRequestParts<AppState> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(client_info(parts, state))
    }
}

/// The session token the browser sent, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(sessions::token_from_cookie_header)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn csrf_matches(headers: &HeaderMap, principal: &Principal) -> bool {
    let (Some(sent), Some(expected)) = (
        headers.get(CSRF_HEADER).map(|v| v.as_bytes()),
        principal.csrf_token(),
    ) else {
        return false;
    };
    sent.ct_eq(expected.as_bytes()).into()
}

/// The caller's address: from `X-Forwarded-For` only as far as the configured proxies
/// (CloudFront) vouch for it, else API Gateway's `sourceIp`, else the TCP peer (dev server).
fn client_info(parts: &Parts, state: &AppState) -> ClientInfo {
    let hops = state.config.trusted_proxy_hops;
    let forwarded = (hops > 0)
        .then(|| {
            let chain: Vec<&str> = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .collect();
            // Each trusted proxy appends the address it saw: the client is `hops` from the end.
            chain
                .len()
                .checked_sub(hops)
                .and_then(|i| chain[i].parse::<IpAddr>().ok())
        })
        .flatten();
    let from_gateway = || {
        use lambda_http::request::RequestContext;
        match parts.extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(context)) => context
                .http
                .source_ip
                .as_deref()
                .and_then(|ip| ip.parse().ok()),
            _ => None,
        }
    };
    let from_peer = || {
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
    };
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(512).collect());
    ClientInfo {
        ip: forwarded.or_else(from_gateway).or_else(from_peer),
        user_agent,
    }
}

/// Filled by [`CurrentUser`] on unsafe requests, read by [`record_activity`] once the
/// response is known.
#[derive(Clone, Default)]
pub struct AuditSlot(Arc<Mutex<Option<Activity>>>);

/// Writes an activity log line for every authenticated unsafe request, with its outcome.
pub async fn record_activity(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if is_safe(request.method()) {
        return next.run(request).await;
    }
    let slot = AuditSlot::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let activity = slot.0.lock().expect("audit slot").take();
    if let Some(mut activity) = activity {
        activity.status = response.status().as_u16();
        if let Err(error) = audit::activity(&state.db, &activity).await {
            // The request itself is done; a lost log line must not turn it into an error.
            tracing::error!(%error, "activity log not written");
        }
    }
    response
}

/// The concrete values of a route's path parameters (`/tokens/{id}` + `/tokens/42` → `42`).
fn resource_id(route: &str, path: &str) -> Option<String> {
    let values: Vec<&str> = route
        .split('/')
        .zip(path.split('/'))
        .filter(|(template, _)| template.starts_with('{'))
        .map(|(_, value)| value)
        .collect();
    (!values.is_empty()).then(|| values.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_ids_come_from_path_parameters() {
        assert_eq!(
            resource_id("/api/v1/auth/tokens/{id}", "/api/v1/auth/tokens/42").as_deref(),
            Some("42")
        );
        assert_eq!(
            resource_id("/a/{x}/b/{y}", "/a/1/b/2").as_deref(),
            Some("1/2")
        );
        assert_eq!(
            resource_id("/api/v1/auth/logout", "/api/v1/auth/logout"),
            None
        );
    }
}
