//! The built front end (`web/build`), served as S3 + CloudFront serve it in AWS: prerendered
//! pages by their path (`/login` → `login.html`), hashed assets cached for a year, every
//! other path the SPA shell (`200.html`), brotli or gzip files when the browser takes them,
//! and the security headers of the CloudFront response headers policy ([`page_headers`]).

use std::path::{Path, PathBuf};

use axum::{
    Router,
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use taalentio::http::page_headers;
use tower::ServiceExt;
use tower_http::services::ServeFile;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// The SPA shell: adapter-static's fallback page.
const SHELL: &str = "200.html";

pub fn site(web_dir: PathBuf) -> Router {
    Router::new()
        .fallback(get(serve).head(serve))
        .with_state(web_dir)
}

async fn serve(State(web_dir): State<PathBuf>, request: Request) -> Response {
    let Some(file) = resolve(&web_dir, request.uri().path()) else {
        return not_found(&web_dir);
    };
    let immutable = request.uri().path().starts_with("/_app/immutable/");
    let mut response = match ServeFile::new(&file)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(request)
        .await
    {
        Ok(response) => response.map(Body::new),
        Err(error) => match error {},
    };
    let cache = if immutable { IMMUTABLE } else { REVALIDATE };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    page_headers::insert(headers);
    response
}

/// The file a path names: itself, its prerendered `.html`, or the shell for an app route.
/// Paths with `..` or an extension that is not there get none (a 404, not the shell).
fn resolve(web_dir: &Path, path: &str) -> Option<PathBuf> {
    let relative = path.trim_start_matches('/');
    if relative
        .split('/')
        .any(|part| part == ".." || part.starts_with('.'))
    {
        return None;
    }
    if relative.is_empty() {
        return existing(web_dir.join("index.html"));
    }
    let candidate = web_dir.join(relative);
    if candidate.is_file() {
        return Some(candidate);
    }
    if let Some(page) = existing(web_dir.join(format!("{}.html", relative.trim_end_matches('/')))) {
        return Some(page);
    }
    let last = relative.rsplit('/').next().unwrap_or_default();
    if last.contains('.') || relative.starts_with("_app/") {
        return None;
    }
    existing(web_dir.join(SHELL))
}

fn existing(path: PathBuf) -> Option<PathBuf> {
    path.is_file().then_some(path)
}

fn not_found(web_dir: &Path) -> Response {
    let body = if web_dir.join(SHELL).is_file() {
        "not found"
    } else {
        "the web app is not built: run `make dev` (or infra/local/web.sh build)"
    };
    let mut response = (StatusCode::NOT_FOUND, body).into_response();
    page_headers::insert(response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in ["index.html", "200.html", "login.html", "favicon.svg"] {
            std::fs::write(dir.path().join(file), file).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("_app/immutable")).unwrap();
        std::fs::write(dir.path().join("_app/immutable/a.js"), "js").unwrap();
        dir
    }

    #[test]
    fn paths_resolve_as_cloudfront_serves_them() {
        let dir = build();
        let name = |path: &str| {
            resolve(dir.path(), path).map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        };
        assert_eq!(name("/").as_deref(), Some("index.html"));
        assert_eq!(name("/login").as_deref(), Some("login.html"));
        assert_eq!(name("/favicon.svg").as_deref(), Some("favicon.svg"));
        assert_eq!(name("/_app/immutable/a.js").as_deref(), Some("a.js"));
        // App routes get the shell; missing files and escapes do not.
        assert_eq!(name("/me/security").as_deref(), Some("200.html"));
        assert_eq!(name("/p/ABC123").as_deref(), Some("200.html"));
        assert_eq!(name("/missing.png"), None);
        assert_eq!(name("/_app/immutable/gone.js"), None);
        assert_eq!(name("/../Cargo.toml"), None);
        assert_eq!(name("/.env"), None);
    }
}
