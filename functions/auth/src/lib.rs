//! `/api/v1/auth/*`: the HTTP shell over [`taalentio::accounts`].

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use taalentio::{
    AppState, Error,
    accounts::{
        self, Account,
        api_tokens::{self, ApiToken, CreatedApiToken},
        consent::{self, Consent, ConsentKind},
        flows::{self, Invitation, Registration},
        password::{self, Assessment},
        sessions,
    },
    audit::ClientInfo,
    error::{Problem, ProblemCode},
    http::{ApiRouter, CurrentUser, Json, Path, Query, auth::session_cookie},
    mail::preferences::{self, Unsubscribed},
};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

const TAG: &str = "auth";

pub fn api() -> ApiRouter {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(confirm))
        .routes(routes!(resend_confirmation))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
        .routes(routes!(change_password))
        .routes(routes!(check_password))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(invite))
        .routes(routes!(consent_versions))
        .routes(routes!(list_consents, grant_consent))
        .routes(routes!(withdraw_consent))
        .routes(routes!(unsubscribe))
        .routes(routes!(unsubscribe_one_click))
}

pub fn router(state: AppState) -> Router {
    taalentio::http::app(api(), state)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Accepted {
    /// What happens next, in words for the person.
    pub message: String,
}

fn accepted(message: &str) -> (StatusCode, Json<Accepted>) {
    (
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: message.into(),
        }),
    )
}

/// Create an account; a confirmation link is mailed. The answer is the same whether or not
/// the address already has an account.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = TAG, request_body = Registration,
    responses(
        (status = 202, body = Accepted),
        (status = 403, description = "Registration is closed (an admin setting)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, a weak password, under 18, terms not accepted, or an address the mail service refuses (nothing is kept)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The confirmation mail cannot be sent right now: nothing is kept, try again after Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
async fn register(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(form): Json<Registration>,
) -> Result<impl IntoResponse, Error> {
    flows::register(&state, form, &client).await?;
    Ok(accepted(
        "check your mailbox: we sent a link to confirm the address",
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenForm {
    /// The token from the mailed link.
    pub token: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccountBody {
    pub user: Account,
}

/// Confirm an email address with the mailed link's token.
#[utoipa::path(post, path = "/api/v1/auth/confirm", tag = TAG, request_body = TokenForm,
    responses(
        (status = 200, body = AccountBody),
        (status = 400, description = "Expired or already used link", body = Problem, content_type = "application/problem+json"),
    ))]
async fn confirm(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(form): Json<TokenForm>,
) -> Result<Json<AccountBody>, Error> {
    let user = flows::confirm(&state, &form.token, &client).await?;
    Ok(Json(AccountBody { user }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailForm {
    #[schema(schema_with = taalentio::http::schemas::email)]
    pub email: String,
}

/// Mail a new confirmation link (to an unconfirmed account only; the answer is the same).
#[utoipa::path(post, path = "/api/v1/auth/confirm/resend", tag = TAG, request_body = EmailForm,
    responses((status = 202, body = Accepted)))]
async fn resend_confirmation(
    State(state): State<AppState>,
    Json(form): Json<EmailForm>,
) -> Result<impl IntoResponse, Error> {
    flows::resend_confirmation(&state, &form.email).await?;
    Ok(accepted(
        "if this address has an unconfirmed account, a new link is on its way",
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginForm {
    #[schema(schema_with = taalentio::http::schemas::email)]
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionBody {
    pub user: Account,
    /// Echo it in `X-CSRF-Token` on every POST, PUT, PATCH and DELETE of this session.
    /// Absent when the caller uses an API token.
    pub csrf_token: Option<String>,
}

/// Log in: sets the session cookie (HttpOnly, Secure, SameSite=Lax).
#[utoipa::path(post, path = "/api/v1/auth/login", tag = TAG, request_body = LoginForm,
    responses(
        (status = 200, body = SessionBody, headers(("set-cookie" = String, description = "The session cookie"))),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Email not confirmed, or account deactivated", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failures: wait for Retry-After", body = Problem, content_type = "application/problem+json"),
    ))]
async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: ClientInfo,
    Json(form): Json<LoginForm>,
) -> Result<Response, Error> {
    let previous = session_cookie(&headers);
    let logged_in = flows::login(
        &state,
        &form.email,
        &form.password,
        previous.as_deref(),
        &client,
    )
    .await?;
    let body = SessionBody {
        user: logged_in.account,
        csrf_token: Some(logged_in.session.csrf_token),
    };
    Ok(with_cookie(
        Json(body),
        &sessions::cookie(&logged_in.session.token),
    ))
}

/// Log out: ends this session and clears its cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = TAG,
    responses((status = 204), (status = 401, body = Problem, content_type = "application/problem+json")))]
async fn logout(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
) -> Result<Response, Error> {
    flows::logout(&state, &principal, &client).await?;
    Ok(with_cookie(
        StatusCode::NO_CONTENT,
        &sessions::expired_cookie(),
    ))
}

/// The caller's account, and the session's CSRF token.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = TAG,
    responses((status = 200, body = SessionBody), (status = 401, body = Problem, content_type = "application/problem+json")))]
async fn me(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<Json<SessionBody>, Error> {
    Ok(Json(SessionBody {
        user: accounts::account(&state.db, principal.user_id).await?,
        csrf_token: principal.csrf_token().map(str::to_owned),
    }))
}

/// Mail a password reset link. The answer is the same whether or not the address is known.
#[utoipa::path(post, path = "/api/v1/auth/password/forgot", tag = TAG, request_body = EmailForm,
    responses((status = 202, body = Accepted)))]
async fn forgot_password(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(form): Json<EmailForm>,
) -> Result<impl IntoResponse, Error> {
    flows::forgot_password(&state, &form.email, &client).await?;
    Ok(accepted(
        "if this address has an account, a reset link is on its way",
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetForm {
    pub token: String,
    pub password: String,
}

/// Choose a new password with a reset or invitation link. Every session of the account ends.
#[utoipa::path(post, path = "/api/v1/auth/password/reset", tag = TAG, request_body = ResetForm,
    responses(
        (status = 204),
        (status = 400, description = "Expired or already used link", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Weak password", body = Problem, content_type = "application/problem+json"),
    ))]
async fn reset_password(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(form): Json<ResetForm>,
) -> Result<StatusCode, Error> {
    flows::reset_password(&state, &form.token, &form.password, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordForm {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PasswordChanged {
    /// How many other sessions were ended.
    pub sessions_ended: u64,
}

/// A password to assess, with what the person's account would hold (their name and email
/// count as known words, as at registration).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordCheckForm {
    pub password: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
}

/// How a password fares against the policy, before it is submitted: the web app's strength
/// meter asks this as the person types, so it accepts exactly what registration, reset and
/// change accept. Nothing is stored or logged.
#[utoipa::path(post, path = "/api/v1/auth/password/check", tag = TAG, request_body = PasswordCheckForm,
    responses((status = 200, body = Assessment)))]
async fn check_password(Json(form): Json<PasswordCheckForm>) -> Json<Assessment> {
    let personal: Vec<&str> = [&form.email, &form.first_name, &form.last_name]
        .into_iter()
        .filter_map(|value| value.as_deref())
        .collect();
    Json(password::assess(&form.password, &personal))
}

/// Change the caller's password; their other sessions end.
#[utoipa::path(post, path = "/api/v1/auth/password/change", tag = TAG, request_body = ChangePasswordForm,
    responses(
        (status = 200, body = PasswordChanged),
        (status = 422, description = "Wrong current password or weak new one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong current passwords: throttled like a login", body = Problem, content_type = "application/problem+json"),
    ))]
async fn change_password(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Json(form): Json<ChangePasswordForm>,
) -> Result<Json<PasswordChanged>, Error> {
    let sessions_ended = flows::change_password(
        &state,
        &principal,
        &form.current_password,
        &form.new_password,
        &client,
    )
    .await?;
    Ok(Json(PasswordChanged { sessions_ended }))
}

/// The caller's live API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/auth/tokens", tag = TAG,
    responses((status = 200, body = Vec<ApiToken>)))]
async fn list_tokens(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<Json<Vec<ApiToken>>, Error> {
    Ok(Json(api_tokens::list(&state.db, principal.user_id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenForm {
    /// What the token is for, e.g. "casting spreadsheet sync".
    pub name: String,
    /// 1 to 365 days; no expiry when absent.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

/// Create a personal API token. Its secret is in this answer only. Tokens are made from a
/// signed-in browser session, so a leaked token cannot mint others.
#[utoipa::path(post, path = "/api/v1/auth/tokens", tag = TAG, request_body = NewTokenForm,
    responses(
        (status = 201, body = CreatedApiToken),
        (status = 403, description = "Called with an API token", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_token(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Json(form): Json<NewTokenForm>,
) -> Result<(StatusCode, Json<CreatedApiToken>), Error> {
    if principal.session_id().is_none() {
        return Err(Error::Forbidden(
            ProblemCode::SessionRequired,
            "API tokens are created from a signed-in session, not with another token".into(),
        ));
    }
    let created = api_tokens::create(
        &state.db,
        &principal,
        &form.name,
        form.expires_in_days,
        &client,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revoke one of the caller's API tokens.
#[utoipa::path(delete, path = "/api/v1/auth/tokens/{id}", tag = TAG,
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn revoke_token(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    api_tokens::revoke(&state.db, &principal, id, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Admin: create an account for someone; they get a link to choose their password.
#[utoipa::path(post, path = "/api/v1/auth/invitations", tag = TAG, request_body = Invitation,
    responses(
        (status = 201, body = AccountBody),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address already has an account", body = Problem, content_type = "application/problem+json"),
    ))]
async fn invite(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Json(form): Json<Invitation>,
) -> Result<(StatusCode, Json<AccountBody>), Error> {
    let user = flows::invite(&state, &principal, form, &client).await?;
    Ok((StatusCode::CREATED, Json(AccountBody { user })))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConsentVersions {
    /// Send this as `accepted_terms_version` when registering.
    pub terms: String,
    pub privacy: String,
    pub sensitive_categories: String,
}

/// The versions of the terms, privacy policy and sensitive-category consents in force.
#[utoipa::path(get, path = "/api/v1/auth/consents/versions", tag = TAG,
    responses((status = 200, body = ConsentVersions)))]
async fn consent_versions() -> Json<ConsentVersions> {
    Json(ConsentVersions {
        terms: consent::TERMS_VERSION.into(),
        privacy: consent::PRIVACY_VERSION.into(),
        sensitive_categories: consent::SENSITIVE_VERSION.into(),
    })
}

/// Everything the caller agreed to and withdrew, newest first.
#[utoipa::path(get, path = "/api/v1/auth/consents", tag = TAG,
    responses((status = 200, body = Vec<Consent>)))]
async fn list_consents(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
) -> Result<Json<Vec<Consent>>, Error> {
    Ok(Json(consent::history(&state.db, principal.user_id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentForm {
    pub kind: ConsentKind,
}

/// Give a consent (at its current version).
#[utoipa::path(post, path = "/api/v1/auth/consents", tag = TAG, request_body = ConsentForm,
    responses((status = 204)))]
async fn grant_consent(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Json(form): Json<ConsentForm>,
) -> Result<StatusCode, Error> {
    consent::grant(&state.db, principal.user_id, form.kind, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw a sensitive-category consent; the processing it allowed stops.
#[utoipa::path(delete, path = "/api/v1/auth/consents/{kind}", tag = TAG,
    params(("kind" = ConsentKind, Path)),
    responses(
        (status = 204),
        (status = 404, description = "No live consent of this kind", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Terms and privacy: delete the account instead", body = Problem, content_type = "application/problem+json"),
    ))]
async fn withdraw_consent(
    State(state): State<AppState>,
    CurrentUser(principal): CurrentUser,
    client: ClientInfo,
    Path(kind): Path<String>,
) -> Result<StatusCode, Error> {
    let kind = ConsentKind::parse(&kind).ok_or(Error::NotFound)?;
    consent::withdraw(&state.db, principal.user_id, kind, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop one kind of scheduled mail with the token of the link in its footer (no login needed:
/// the token is signed for that person and kind).
#[utoipa::path(post, path = "/api/v1/auth/unsubscribe", tag = TAG, request_body = TokenForm,
    responses(
        (status = 200, body = Unsubscribed),
        (status = 400, description = "A forged or malformed token", body = Problem, content_type = "application/problem+json"),
    ))]
async fn unsubscribe(
    State(state): State<AppState>,
    Json(form): Json<TokenForm>,
) -> Result<Json<Unsubscribed>, Error> {
    Ok(Json(preferences::unsubscribe(&state, &form.token).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    pub token: String,
}

/// RFC 8058 one-click unsubscribe: the `List-Unsubscribe` header's link, which mail clients
/// POST to (body `List-Unsubscribe=One-Click`, ignored).
#[utoipa::path(post, path = "/api/v1/auth/unsubscribe/one-click", tag = TAG, params(TokenQuery),
    responses(
        (status = 200, body = Unsubscribed),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ))]
async fn unsubscribe_one_click(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
) -> Result<Json<Unsubscribed>, Error> {
    Ok(Json(preferences::unsubscribe(&state, &query.token).await?))
}

fn with_cookie(response: impl IntoResponse, cookie: &str) -> Response {
    let mut response = response.into_response();
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    // Answers that carry or clear a session are never cached.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
