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

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    BadRequest(String),
    #[error("authentication required")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    /// Also what a caller gets for a record they may not see (no IDOR oracle).
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
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
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// One invalid field of a request, named by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// RFC 9457 problem details, as every error of the API is sent.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error");
        let slug = title.to_ascii_lowercase().replace([' ', '\''], "-");
        Self {
            kind: format!("https://taalentio.com/problems/{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
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
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, message)])
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut problem = Problem::new(status, self.to_string());
        match &self {
            Error::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                problem.detail = "An unexpected error occurred; it has been logged.".into();
            }
            Error::Unavailable(cause) => tracing::warn!(%cause, "dependency unavailable"),
            Error::Validation(errors) => problem.errors = Some(errors.clone()),
            _ => {}
        }
        let mut response = problem.into_response();
        if let Error::TooManyRequests { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
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

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

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
        let (status, headers, body) =
            render(Error::validation("email", "must be an email address")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(headers[header::CONTENT_TYPE], PROBLEM_CONTENT_TYPE);
        assert_eq!(
            body["type"],
            "https://taalentio.com/problems/unprocessable-entity"
        );
        assert_eq!(body["status"], 422);
        assert_eq!(body["errors"][0]["field"], "email");
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
