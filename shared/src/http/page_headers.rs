//! The headers of every HTML page we serve (the web app's files, the public profile page):
//! what a `<meta>` policy cannot say — each page carries SvelteKit's hashed script policy —
//! and the usual hardening. CloudFront's `SecurityHeadersPolicy` in template.yaml says the same.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};

pub const CONTENT_SECURITY_POLICY: &str =
    "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

pub fn insert(headers: &mut HeaderMap) {
    let pairs = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(self), microphone=(), geolocation=()",
        ),
    ];
    for (name, value) in pairs {
        headers.insert(name, HeaderValue::from_static(value));
    }
}
