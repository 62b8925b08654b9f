//! The one error type of the core, and its single mapping to RFC 9457 problem+json.
//!
//! Domain code returns [`Error`]; axum renders it through `IntoResponse` here, so every route
//! group answers problems the same way. Internal causes are logged, never sent.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

mod codes;
mod field;

pub use codes::ProblemCode;
pub use field::{
    FieldCode, FieldError, FieldFormat, FieldIssue, WireFieldError, social_links_problem,
};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Each client-facing variant carries its [`ProblemCode`]; the constructors
/// (`Error::bad_request`, `Error::conflict`, …) pick the generic one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{1}")]
    BadRequest(ProblemCode, String),
    #[error("{}", unauthorized_detail(*.0))]
    Unauthorized(ProblemCode),
    #[error("{1}")]
    Forbidden(ProblemCode, String),
    /// Also what a caller gets for a record they may not see (no IDOR oracle).
    #[error("not found")]
    NotFound,
    #[error("{1}")]
    Conflict(ProblemCode, String),
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("{detail}")]
    PayloadTooLarge { detail: String },
    #[error("{detail}")]
    UnsupportedMediaType { detail: String },
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// A dependency (database, blob store, mail) is down: worth retrying.
    #[error("{0}")]
    Unavailable(String),
    /// A remote provider (the AI provider, the film search) that is not configured, down,
    /// out of budget or answered badly: 502 or 503 with a specific code.
    #[error("{detail}")]
    Provider {
        status: StatusCode,
        code: ProblemCode,
        detail: String,
        retry_after_secs: Option<u64>,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

fn unauthorized_detail(code: ProblemCode) -> &'static str {
    match code {
        ProblemCode::InvalidCredentials => "wrong email or password",
        _ => "authentication required",
    }
}

/// RFC 9457 problem details, as every error of the API is sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What went wrong, for programs (the generic code of the status unless a specific case
    /// applies).
    pub code: ProblemCode,
    /// English, for people reading API answers.
    pub detail: String,
    /// The invalid fields of a `validation_failed` problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub errors: Option<Vec<FieldError>>,
}

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

impl Problem {
    pub fn new(status: StatusCode, code: ProblemCode, detail: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error");
        let slug = title.to_ascii_lowercase().replace([' ', '\''], "-");
        Self {
            kind: format!("https://taalentio.com/problems/{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            code,
            detail: detail.into(),
            errors: None,
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(self)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        response
    }
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest(..) => StatusCode::BAD_REQUEST,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(..) => StatusCode::FORBIDDEN,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Conflict(..) => StatusCode::CONFLICT,
            Error::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Provider { status, .. } => *status,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> ProblemCode {
        match self {
            Error::BadRequest(code, _)
            | Error::Unauthorized(code)
            | Error::Forbidden(code, _)
            | Error::Conflict(code, _) => *code,
            Error::NotFound => ProblemCode::NotFound,
            Error::Validation(_) => ProblemCode::ValidationFailed,
            Error::PayloadTooLarge { .. } => ProblemCode::PayloadTooLarge,
            Error::UnsupportedMediaType { .. } => ProblemCode::UnsupportedMediaType,
            Error::TooManyRequests { .. } => ProblemCode::TooManyRequests,
            Error::Unavailable(_) => ProblemCode::Unavailable,
            Error::Provider { code, .. } => *code,
            Error::Internal(_) => ProblemCode::Internal,
        }
    }

    /// A 422 with one invalid field.
    pub fn validation(field: impl Into<String>, issue: FieldIssue) -> Self {
        Error::Validation(vec![FieldError::new(field, issue)])
    }

    /// A 400 with the generic `bad_request` code.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Error::BadRequest(ProblemCode::BadRequest, detail.into())
    }

    /// A 401 with the generic `unauthorized` code.
    pub fn unauthorized() -> Self {
        Error::Unauthorized(ProblemCode::Unauthorized)
    }

    /// A 403 with a specific code.
    pub fn forbidden(code: ProblemCode, detail: impl Into<String>) -> Self {
        Error::Forbidden(code, detail.into())
    }

    /// A 409 with a specific code.
    pub fn conflict(code: ProblemCode, detail: impl Into<String>) -> Self {
        Error::Conflict(code, detail.into())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut problem = Problem::new(status, self.code(), self.to_string());
        match &self {
            Error::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                problem.detail = "An unexpected error occurred; it has been logged.".into();
            }
            Error::Unavailable(cause) => tracing::warn!(%cause, "dependency unavailable"),
            Error::Provider { code, detail, .. } => {
                tracing::warn!(?code, %detail, "remote provider failed")
            }
            Error::Validation(errors) => problem.errors = Some(errors.clone()),
            _ => {}
        }
        let mut response = problem.into_response();
        if let Error::TooManyRequests { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        if let Error::Provider {
            retry_after_secs: Some(secs),
            ..
        } = self
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Error::Unavailable(_) = self {
            // A dependency (the database) is down: a client may try again shortly.
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        if e.is_closed() || e.as_db_error().is_none() {
            Error::Unavailable("the database is unreachable".into())
        } else {
            Error::Internal(e.into())
        }
    }
}

impl From<deadpool_postgres::PoolError> for Error {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        tracing::warn!(error = %e, "no database connection");
        Error::Unavailable("the database is unreachable".into())
    }
}

/// A value that does not open is a key or data fault, never the caller's: a 500, logged.
impl From<crate::crypto::CryptoError> for Error {
    fn from(e: crate::crypto::CryptoError) -> Self {
        Error::Internal(e.into())
    }
}

impl From<crate::ports::blob::BlobError> for Error {
    fn from(e: crate::ports::blob::BlobError) -> Self {
        match e {
            crate::ports::blob::BlobError::InvalidKey(_) => Error::Internal(e.into()),
            crate::ports::blob::BlobError::Unavailable(_) => {
                Error::Unavailable("file storage is unavailable".into())
            }
        }
    }
}

impl Error {
    fn provider(status: StatusCode, code: ProblemCode, detail: String, retry: Option<u64>) -> Self {
        Error::Provider {
            status,
            code,
            detail,
            retry_after_secs: retry,
        }
    }
}

/// Whole seconds to wait, at least one.
fn retry_secs(wait: Option<std::time::Duration>) -> Option<u64> {
    wait.map(|w| w.as_secs_f64().ceil().max(1.0) as u64)
}

/// The AI provider's failures, as the API tells them; none is a 500.
impl From<crate::ai::AiError> for Error {
    fn from(e: crate::ai::AiError) -> Self {
        use crate::ai::AiError as A;
        let detail = e.to_string();
        match e {
            A::NotConfigured => Error::provider(
                StatusCode::SERVICE_UNAVAILABLE,
                ProblemCode::NotConfigured,
                "the AI provider is not configured here".into(),
                None,
            ),
            A::Unavailable { retry_after } => Error::provider(
                StatusCode::SERVICE_UNAVAILABLE,
                ProblemCode::ProviderUnavailable,
                "the AI provider is busy or unavailable; try again later".into(),
                retry_secs(retry_after).or(Some(30)),
            ),
            A::BudgetSpent(_) => Error::provider(
                StatusCode::SERVICE_UNAVAILABLE,
                ProblemCode::BudgetSpent,
                detail,
                None,
            ),
            A::InvalidAnswer(_) => Error::provider(
                StatusCode::BAD_GATEWAY,
                ProblemCode::ProviderInvalidAnswer,
                "the AI provider gave an answer that is not what was asked for".into(),
                None,
            ),
            A::Refused { .. } => Error::provider(
                StatusCode::BAD_GATEWAY,
                ProblemCode::ProviderRefused,
                detail,
                None,
            ),
        }
    }
}

/// The film search's failures; an unknown film is a 404 here (callers that read an id from a
/// request body say which field instead).
impl From<crate::ai::FilmError> for Error {
    fn from(e: crate::ai::FilmError) -> Self {
        use crate::ai::FilmError as F;
        match e {
            F::NotConfigured => Error::provider(
                StatusCode::SERVICE_UNAVAILABLE,
                ProblemCode::NotConfigured,
                "the film search is not configured here (no OMDB_API_KEY)".into(),
                None,
            ),
            F::Unavailable { retry_after } => Error::provider(
                StatusCode::SERVICE_UNAVAILABLE,
                ProblemCode::ProviderUnavailable,
                "the film search is busy or unavailable; try again later".into(),
                retry_secs(retry_after).or(Some(30)),
            ),
            F::NotFound => Error::NotFound,
            F::TooManyResults => Error::Validation(vec![FieldError::described(
                "query.q",
                FieldIssue::Invalid,
                "matches too many films: add words of the title",
            )]),
            F::Refused(_) => Error::provider(
                StatusCode::BAD_GATEWAY,
                ProblemCode::ProviderRefused,
                e.to_string(),
                None,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;
    use utoipa::PartialSchema;

    use super::*;

    async fn render(error: Error) -> (StatusCode, axum::http::HeaderMap, serde_json::Value) {
        let response = error.into_response();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (
            parts.status,
            parts.headers,
            serde_json::from_slice(&bytes).unwrap(),
        )
    }

    #[tokio::test]
    async fn validation_errors_list_each_field() {
        let (status, headers, body) = render(Error::validation(
            "email",
            FieldIssue::format(FieldFormat::Email),
        ))
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(headers[header::CONTENT_TYPE], PROBLEM_CONTENT_TYPE);
        assert_eq!(
            body["type"],
            "https://taalentio.com/problems/unprocessable-entity"
        );
        assert_eq!(body["status"], 422);
        assert_eq!(body["code"], "validation_failed");
        assert_eq!(body["errors"][0]["field"], "email");
        assert_eq!(body["errors"][0]["code"], "invalid_format");
        assert_eq!(body["errors"][0]["format"], "email");
        assert_eq!(body["errors"][0]["message"], "must be an email address");
        assert!(body["errors"][0].get("min").is_none());
    }

    #[tokio::test]
    async fn parameters_are_flattened_beside_the_code() {
        let (_, _, body) = render(Error::validation(
            "password",
            FieldIssue::TooShort { min: 10 },
        ))
        .await;
        assert_eq!(
            body["errors"][0],
            serde_json::json!({"field": "password", "code": "too_short", "min": 10,
                               "message": "must be at least 10 characters"})
        );
    }

    #[tokio::test]
    async fn specific_codes_keep_their_status() {
        let (status, _, body) = render(Error::conflict(ProblemCode::LastAdmin, "last")).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["code"], "last_admin");
        let (status, _, body) = render(Error::Unauthorized(ProblemCode::InvalidCredentials)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "invalid_credentials");
        assert_eq!(body["detail"], "wrong email or password");
        let (_, _, body) = render(Error::NotFound).await;
        assert_eq!(body["code"], "not_found");
    }

    /// The generated TypeScript knows the codes from the schemas' enums: they must list
    /// exactly the codes the Rust enums can produce.
    #[test]
    fn the_schemas_enumerate_every_code() {
        fn names<T: Serialize>(all: &[T]) -> Vec<serde_json::Value> {
            all.iter()
                .map(|c| serde_json::to_value(c).unwrap())
                .collect()
        }
        fn schema_enum<T: utoipa::PartialSchema>() -> Vec<serde_json::Value> {
            let schema = serde_json::to_value(T::schema()).unwrap();
            schema["enum"].as_array().cloned().unwrap_or_default()
        }
        assert_eq!(schema_enum::<ProblemCode>(), names(ProblemCode::ALL));
        assert_eq!(schema_enum::<FieldCode>(), names(FieldCode::ALL));
        assert!(names(ProblemCode::ALL).iter().all(|n| n.is_string()));
        // Each issue serializes the code its FieldCode names, with its parameters typed.
        let problem = serde_json::to_value(Problem::schema()).unwrap();
        assert!(
            problem["required"]
                .as_array()
                .unwrap()
                .contains(&"code".into()),
            "{problem}"
        );
        let field = serde_json::to_value(WireFieldError::schema()).unwrap();
        for param in ["field", "code", "message"] {
            assert!(
                field["required"]
                    .as_array()
                    .unwrap()
                    .contains(&param.into()),
                "{field}"
            );
        }
        for param in [
            "min",
            "max",
            "format",
            "allowed",
            "with",
            "min_score",
            "min_age",
            "current",
        ] {
            assert!(
                field["properties"][param].is_object(),
                "FieldError lacks {param}: {field}"
            );
        }
    }

    #[tokio::test]
    async fn internal_errors_hide_their_cause() {
        let (status, _, body) = render(Error::Internal(anyhow::anyhow!(
            "password=hunter2 at db.rs:12"
        )))
        .await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!body.to_string().contains("hunter2"));
        assert_eq!(body["title"], "Internal Server Error");
    }

    #[tokio::test]
    async fn throttling_says_when_to_come_back() {
        let (status, headers, body) = render(Error::TooManyRequests {
            retry_after_secs: 30,
        })
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(headers[header::RETRY_AFTER], "30");
        assert_eq!(body["status"], 429);
    }
}
