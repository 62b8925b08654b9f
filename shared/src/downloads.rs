//! Generated files the API hands out (exports, badge PDFs): answered inline when small, else
//! stored under `exports/` in the exports store and answered with a `303 See Other` to a
//! short-lived link. A Lambda answer is at most 6 MB and base64 makes a binary body a third
//! larger, so about 4 MB is the most a body can safely be.

use std::time::Duration;

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::{AppState, Error, ports::blob::BlobKey};

/// The default of `EXPORT_INLINE_MAX_BYTES`: files above it are stored and linked.
pub const DEFAULT_INLINE_MAX_BYTES: usize = 4 * 1024 * 1024;

/// How long the link to a stored file stays valid.
pub const LINK_TTL: Duration = Duration::from_secs(15 * 60);

/// A generated file.
#[derive(Debug)]
pub struct GeneratedFile {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// The name the browser saves it under (ASCII: it goes in a header and in the key).
    pub filename: String,
    /// `attachment` (saved) rather than `inline` (shown, as badge PDFs are).
    pub attachment: bool,
}

/// What the caller gets: the file itself, or where to fetch it.
#[derive(Debug)]
pub enum Download {
    Inline(GeneratedFile),
    Stored { url: String },
}

impl Download {
    pub fn is_stored(&self) -> bool {
        matches!(self, Download::Stored { .. })
    }
}

/// The file inline when it is at most `EXPORT_INLINE_MAX_BYTES`, else stored under
/// `exports/<kind>/<random>/<filename>` (the exports bucket expires it) and linked.
pub async fn deliver(state: &AppState, kind: &str, file: GeneratedFile) -> Result<Download, Error> {
    if file.bytes.len() <= state.config.export_inline_max_bytes {
        return Ok(Download::Inline(file));
    }
    let key = BlobKey::parse(&format!(
        "exports/{kind}/{}/{}",
        uuid::Uuid::new_v4().simple(),
        file.filename
    ))?;
    state
        .exports
        .put(&key, bytes::Bytes::from(file.bytes), file.content_type)
        .await?;
    let link = state.exports.presign_get(&key, LINK_TTL).await?;
    Ok(Download::Stored { url: link.url })
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        match self {
            Download::Inline(file) => {
                let disposition = format!(
                    "{}; filename=\"{}\"",
                    if file.attachment {
                        "attachment"
                    } else {
                        "inline"
                    },
                    file.filename
                );
                let mut response = (
                    [
                        (header::CONTENT_TYPE, file.content_type.to_owned()),
                        (header::CONTENT_DISPOSITION, disposition),
                    ],
                    file.bytes,
                )
                    .into_response();
                // Personal data: no shared cache keeps a copy.
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                response
            }
            Download::Stored { url } => {
                (StatusCode::SEE_OTHER, [(header::LOCATION, url)]).into_response()
            }
        }
    }
}
