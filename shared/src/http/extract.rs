//! Extractors that answer bad input with problem+json instead of axum's plain-text rejections.

use axum::{
    extract::{FromRequest, FromRequestParts, Request, rejection::BytesRejection},
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use bytes::Bytes;
use serde::{Serialize, de::DeserializeOwned};

use crate::error::{Error, FieldError, FieldIssue};

/// A JSON body: 415 without a JSON content type, 413 above the body limit, 400 for malformed
/// JSON, 422 naming the field for JSON of the wrong shape. Also a JSON response.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        parse_json(&bytes).map(Json)
    }
}

/// A JSON body like [`Json`], except that NUL characters reach the handler: for a scanning
/// device's batch, whose handler strips control characters from each scanned code, so that one
/// garbled code is refused on its own while the rest of the batch lands.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonKeepingNul<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonKeepingNul<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let bytes = json_bytes(req, state).await?;
        deserialize_json(&bytes).map(JsonKeepingNul)
    }
}

/// The body of a request that says it is JSON: 415 otherwise, 413 above the limit.
async fn json_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Error> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime_type::Mime>().ok())
        .is_some_and(|m| m.is_json());
    if !is_json {
        return Err(Error::UnsupportedMediaType {
            detail: "send the body as JSON with `Content-Type: application/json`".into(),
        });
    }
    Bytes::from_request(req, state).await.map_err(body_error)
}

/// Parses a JSON document, naming the offending field when its shape is wrong.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    // Postgres text cannot hold NUL (JSON writes it `\u0000`): refused before any field is
    // read, rather than failing the statement that would store it (a 500).
    if has_escaped_nul(bytes) {
        return Err(Error::Validation(vec![FieldError::described(
            "body",
            FieldIssue::Invalid,
            "must not contain a NUL character (\\u0000)",
        )]));
    }
    deserialize_json(bytes)
}

/// Whether a JSON text holds the escape `\u0000` (an escaped backslash before `u0000` is not one).
fn has_escaped_nul(bytes: &[u8]) -> bool {
    let mut backslashes = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\\' {
            backslashes += 1;
            continue;
        }
        if backslashes % 2 == 1
            && b == b'u'
            && bytes
                .get(i + 1..i + 5)
                .is_some_and(|hex| hex.iter().all(|&h| h == b'0'))
        {
            return true;
        }
        backslashes = 0;
    }
    false
}

/// [`parse_json`] without the NUL check.
fn deserialize_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let malformed =
        |e: &serde_json::Error| Error::bad_request(format!("the body is not valid JSON: {e}"));
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| malformed(&e))?;
    integral_floats_as_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let field = match e.path().to_string() {
            p if p == "." => "body".to_owned(),
            p => p,
        };
        Error::Validation(vec![parse_problem(
            field,
            strip_position(&e.inner().to_string()),
        )])
    })
}

/// `5.0` becomes `5`: JSON has one number type and JSON Schema counts a number without a
/// fraction as an integer, so a client (or a JavaScript `Number`) may send either.
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            // Within ±2^53 every integer is exact in an f64.
            if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

/// A deserializer's complaint about `field` as a field error: its words stay the message, the
/// code says what kind of complaint it is (serde's wording is stable).
fn parse_problem(field: String, message: String) -> FieldError {
    let named = |rest: &str| rest.split('`').nth(1).map(str::to_owned);
    let allowed = |rest: &str| -> Vec<String> {
        rest.split_once("expected")
            .map(|(_, list)| {
                list.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    // The path names the container for some complaints and the field itself for others.
    let child = |name: Option<String>| match (field.as_str(), name) {
        (_, None) => field.clone(),
        (path, Some(name)) if path == name || path.ends_with(&format!(".{name}")) => field.clone(),
        ("body", Some(name)) => name,
        (parent, Some(name)) if parent.ends_with('.') => format!("{parent}{name}"),
        (parent, Some(name)) => format!("{parent}.{name}"),
    };
    let (at, issue) = if let Some(rest) = message.strip_prefix("missing field") {
        // serde names the first missing field only.
        (child(named(rest)), FieldIssue::Required)
    } else if let Some(rest) = message.strip_prefix("unknown field") {
        (
            child(named(rest)),
            FieldIssue::NotAllowed { allowed: vec![] },
        )
    } else if let Some(rest) = message.strip_prefix("unknown variant") {
        let allowed = allowed(rest);
        let allowed = if allowed.len() <= 12 { allowed } else { vec![] };
        (field.clone(), FieldIssue::NotAllowed { allowed })
    } else if message.starts_with("duplicate field") {
        (child(named(&message)), FieldIssue::Duplicate)
    } else {
        (field.clone(), FieldIssue::Invalid)
    };
    FieldError::described(at, issue, message)
}

fn strip_position(message: &str) -> String {
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned()
}

fn body_error(rejection: BytesRejection) -> Error {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Error::PayloadTooLarge {
            detail: "the request body is larger than this endpoint accepts".into(),
        }
    } else {
        Error::bad_request(rejection.body_text())
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Query parameters; a malformed or mistyped one is a 400 naming it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Error> {
        let query = parts.uri.query().unwrap_or_default();
        // Postgres text cannot hold NUL: refuse it here rather than fail the statement (a 500).
        if let Some((name, _)) = form_urlencoded::parse(query.as_bytes())
            .find(|(k, v)| k.contains('\0') || v.contains('\0'))
        {
            return Err(Error::Validation(vec![FieldError::described(
                format!("query.{name}"),
                FieldIssue::Invalid,
                "must not contain a NUL character",
            )]));
        }
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(Query)
            .map_err(|e| {
                Error::Validation(vec![parse_problem(
                    format!("query.{}", e.path()),
                    e.inner().to_string(),
                )])
            })
    }
}

/// Path parameters; a mistyped one (`/users/abc`) is a 400.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|rejection| Error::bad_request(rejection.body_text()))
    }
}

mod mime_type {
    /// Just enough of a media type to tell JSON (`application/json`, `application/*+json`).
    pub struct Mime(String);

    impl std::str::FromStr for Mime {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            let essence = s
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if essence.contains('/') {
                Ok(Mime(essence))
            } else {
                Err(())
            }
        }
    }

    impl Mime {
        pub fn is_json(&self) -> bool {
            self.0 == "application/json"
                || (self.0.starts_with("application/") && self.0.ends_with("+json"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Signup {
        email: String,
        age: u8,
        tags: Vec<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Colour {
        Red,
        Green,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        name: String,
        colour: Option<Colour>,
    }

    fn first_issue(body: &[u8]) -> (String, FieldIssue) {
        match parse_json::<Strict>(body) {
            Err(Error::Validation(errors)) => (errors[0].field.clone(), errors[0].issue.clone()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn integers_written_with_a_zero_fraction_are_integers() {
        let signup: Signup = parse_json(br#"{"email":"a@b.c","age":3.0,"tags":[]}"#).unwrap();
        assert_eq!(signup.age, 3);
        let err = parse_json::<Signup>(br#"{"email":"a@b.c","age":3.5,"tags":[]}"#).unwrap_err();
        assert!(
            matches!(&err, Error::Validation(f) if f[0].field == "age"),
            "{err:?}"
        );
        let err = parse_json::<Signup>(br#"{"email":"a@b.c","age":300.0,"tags":[]}"#).unwrap_err();
        assert!(matches!(err, Error::Validation(_)), "{err:?}");
    }

    #[test]
    fn nul_escapes_are_refused_and_escaped_backslashes_are_not_nul() {
        let refused = |body: &str| {
            matches!(
                parse_json::<serde_json::Value>(body.as_bytes()),
                Err(Error::Validation(_))
            )
        };
        assert!(refused(r#"{"name":"a\u0000b"}"#));
        assert!(refused(r#"{"name":"a\\\u0000"}"#));
        assert!(!refused(r#"{"name":"C:\\u0000"}"#));
        assert!(!refused(r#"{"name":"\u00e9"}"#));
        let kept: serde_json::Value = deserialize_json(br#"{"code":"a\u0000b"}"#).unwrap();
        assert_eq!(kept["code"], "a\u{0}b");
    }

    #[test]
    fn parse_errors_carry_codes() {
        assert_eq!(first_issue(br#"{}"#), ("name".into(), FieldIssue::Required));
        assert_eq!(
            first_issue(br#"{"name":"a","size":1}"#),
            ("size".into(), FieldIssue::NotAllowed { allowed: vec![] })
        );
        assert_eq!(
            first_issue(br#"{"name":"a","colour":"blue"}"#),
            ("colour".into(), FieldIssue::not_allowed(&["red", "green"]))
        );
        assert_eq!(
            first_issue(br#"{"name":1}"#),
            ("name".into(), FieldIssue::Invalid)
        );
    }

    #[test]
    fn wrong_types_name_the_field() {
        let err = parse_json::<Signup>(br#"{"email":"a@b.c","age":"old","tags":[]}"#).unwrap_err();
        let Error::Validation(errors) = err else {
            panic!("{err:?}")
        };
        assert_eq!(errors[0].field, "age");
        assert!(
            errors[0].message.contains("invalid type"),
            "{}",
            errors[0].message
        );

        let Error::Validation(errors) =
            parse_json::<Signup>(br#"{"email":"a@b.c","age":3,"tags":[1]}"#).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(errors[0].field, "tags[0]");
        let Error::Validation(errors) =
            parse_json::<Signup>(br#"{"age":3,"tags":[]}"#).unwrap_err()
        else {
            panic!()
        };
        assert!(errors[0].message.contains("missing field `email`"));
    }

    #[test]
    fn malformed_json_and_trailing_garbage_are_bad_requests() {
        assert!(matches!(
            parse_json::<Signup>(br#"{"email": "#),
            Err(Error::BadRequest(..))
        ));
        assert!(matches!(
            parse_json::<Signup>(br#"{"email":"a","age":1,"tags":[]} x"#),
            Err(Error::BadRequest(..))
        ));
    }
}
