//! Generated files the API hands out (exports, badge PDFs): answered inline when small, else
//! stored under `exports/` in the exports store and answered with a `303 See Other` to a
//! short-lived link. A Lambda answer is at most 6 MB and base64 makes a binary body a third
//! larger, so about 4 MB is the most a body can safely be. A file written to disk (an export)
//! is read into memory only when it is answered inline; a stored one goes from disk to the
//! store as it is sent.

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

/// Where a generated file's bytes are.
#[derive(Debug)]
pub enum FileBody {
    Memory(Vec<u8>),
    /// A temporary file, deleted when dropped.
    Spooled(tempfile::NamedTempFile),
}

impl FileBody {
    pub fn size(&self) -> Result<u64, Error> {
        Ok(match self {
            FileBody::Memory(bytes) => bytes.len() as u64,
            FileBody::Spooled(file) => file
                .as_file()
                .metadata()
                .map_err(|e| Error::Internal(e.into()))?
                .len(),
        })
    }

    /// The bytes, read from disk if need be.
    pub async fn into_bytes(self) -> Result<Vec<u8>, Error> {
        match self {
            FileBody::Memory(bytes) => Ok(bytes),
            FileBody::Spooled(file) => tokio::fs::read(file.path())
                .await
                .map_err(|e| Error::Internal(e.into())),
        }
    }
}

/// A generated file.
#[derive(Debug)]
pub struct GeneratedFile {
    pub body: FileBody,
    pub content_type: &'static str,
    /// The name the browser saves it under (ASCII: it goes in a header and in the key).
    pub filename: String,
    /// `attachment` (saved) rather than `inline` (shown, as badge PDFs are).
    pub attachment: bool,
}

/// What the caller gets: the file itself, or where to fetch it.
#[derive(Debug)]
pub enum Download {
    Inline(InlineFile),
    Stored { url: String },
}

/// A file answered in the response body.
#[derive(Debug)]
pub struct InlineFile {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub filename: String,
    pub attachment: bool,
}

/// A stable address of a stored file (a photo), answered with a `302 Found` to a fresh
/// short-lived link; the browser may keep the redirect for 10 minutes of the link's 15.
#[derive(Debug)]
pub struct FileRedirect(pub String);

impl IntoResponse for FileRedirect {
    fn into_response(self) -> Response {
        (
            StatusCode::FOUND,
            [
                (header::LOCATION, self.0),
                (header::CACHE_CONTROL, "private, max-age=600".into()),
            ],
        )
            .into_response()
    }
}

impl Download {
    pub fn is_stored(&self) -> bool {
        matches!(self, Download::Stored { .. })
    }
}

/// The file inline when it is at most `EXPORT_INLINE_MAX_BYTES`, else stored under
/// `exports/<kind>/<random>/<filename>` (the exports bucket expires it) and linked.
pub async fn deliver(state: &AppState, kind: &str, file: GeneratedFile) -> Result<Download, Error> {
    let size = file.body.size()?;
    if size <= state.config.export_inline_max_bytes as u64 {
        return Ok(Download::Inline(InlineFile {
            bytes: file.body.into_bytes().await?,
            content_type: file.content_type,
            filename: file.filename,
            attachment: file.attachment,
        }));
    }
    let key = BlobKey::parse(&format!(
        "exports/{kind}/{}/{}",
        uuid::Uuid::new_v4().simple(),
        file.filename
    ))?;
    match file.body {
        FileBody::Memory(bytes) => {
            state
                .exports
                .put(&key, bytes::Bytes::from(bytes), file.content_type)
                .await?
        }
        FileBody::Spooled(spooled) => {
            state
                .exports
                .put_file(&key, spooled.path(), file.content_type)
                .await?
        }
    }
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
