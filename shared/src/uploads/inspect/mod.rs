//! The check of an uploaded file's real bytes, before anything is served: pure, no I/O.
//!
//! Users put a profile photo or a CV straight into the blob store through a presigned URL, so
//! neither the declared content type nor the size can be trusted. [`inspect`] takes the bytes
//! that arrived and either refuses them with a [`Rejection`] whose text can be shown to the user,
//! or returns what may be stored and served ([`Inspected`]):
//!
//! - Size first: at most 5 MiB for a photo, 10 MiB for a CV.
//! - The real type, by magic number (JPEG `FF D8 FF`, the PNG signature, WebP `RIFF....WEBP`,
//!   PDF `%PDF-`, DOCX = ZIP `PK\x03\x04` holding `word/document.xml`), must be the declared one.
//! - Photos: the dimensions are read from the header before any pixel is decoded, and more than
//!   [`MAX_PIXELS`] (or [`MAX_SIDE`] on a side) is refused, so a decompression bomb never
//!   allocates; the decoder then runs under `image::Limits` as a second guard. The image is
//!   turned upright by its EXIF orientation and **re-encoded from its pixels**, which drops every
//!   metadata block (EXIF with GPS, XMP, IPTC, comments, ICC profiles): a PNG stays a PNG
//!   (lossless, alpha kept), JPEG and WebP become JPEG at quality [`PHOTO_JPEG_QUALITY`] (WebP
//!   alpha is flattened onto white). The thumbnail is a JPEG at most [`THUMBNAIL_MAX_SIDE`]
//!   pixels on its long side.
//! - CVs: a PDF must parse (lopdf, with its per-stream decompression bound) and not need a
//!   password; a DOCX must open as a ZIP (bounded entry count and inflated size) whose
//!   `word/document.xml` parses. Their text, for search, is tidied and capped at
//!   [`CV_TEXT_MAX_BYTES`]; it may be empty (a scanned PDF has no text layer: not a rejection).
//!   The CV itself is served as uploaded.
//!
//! Not accepted: HEIC/HEIF, GIF, AVIF, TIFF photos; legacy `.doc`, password-protected Office
//! files and macro-enabled documents as CVs.

mod docx;
mod kind;
mod pdf;
mod photo;
#[cfg(test)]
mod tests;
mod text;
mod verdict;

pub use kind::{FileType, UploadKind};
pub use verdict::{Inspected, Rejection, RejectionCode};

use std::panic::{AssertUnwindSafe, catch_unwind};

use self::{
    docx::{DocxLimits, docx_text},
    pdf::pdf_text,
    photo::inspect_photo,
};

const MIB: usize = 1024 * 1024;

pub const JPEG: &str = "image/jpeg";
pub const PNG: &str = "image/png";
pub const WEBP: &str = "image/webp";
pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The most pixels a photo may have: 40 megapixels.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The longest side a photo may have, in pixels.
pub const MAX_SIDE: u32 = 20_000;

/// JPEG quality of a cleaned photo.
pub const PHOTO_JPEG_QUALITY: u8 = 85;
/// The thumbnail's long side, in pixels.
pub const THUMBNAIL_MAX_SIDE: u32 = 320;

/// The content type of every thumbnail.
pub const THUMBNAIL_CONTENT_TYPE: &str = JPEG;

/// The most text kept from a CV, in bytes of UTF-8.
pub const CV_TEXT_MAX_BYTES: usize = 200 * 1024;

/// `"Image/JPEG; charset=binary"` → `"image/jpeg"`.
pub fn normalise_content_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Checks `bytes`, uploaded as a `kind` declared `declared_content_type`; see the module doc.
pub fn inspect(
    kind: UploadKind,
    declared_content_type: &str,
    bytes: &[u8],
) -> Result<Inspected, Rejection> {
    if bytes.len() > kind.max_bytes() {
        return Err(Rejection::TooLarge {
            limit_bytes: kind.max_bytes(),
        });
    }
    if bytes.is_empty() {
        return Err(Rejection::Empty);
    }
    let declared = normalise_content_type(declared_content_type);
    if !kind.allowed_content_types().contains(&declared.as_str()) {
        return Err(Rejection::ContentTypeNotAllowed {
            kind,
            declared: shown(&declared),
        });
    }
    let actual = FileType::sniff(bytes).ok_or(Rejection::Unrecognised { kind })?;
    if actual.content_type() != Some(declared.as_str()) {
        return Err(Rejection::Mismatch {
            actual,
            declared: shown(&declared),
        });
    }
    match actual {
        FileType::Jpeg | FileType::Png | FileType::Webp => inspect_photo(actual, bytes),
        FileType::Pdf => Ok(Inspected::Cv {
            content_type: PDF,
            text: pdf_text(bytes)?,
        }),
        FileType::Zip => Ok(Inspected::Cv {
            content_type: DOCX,
            text: docx_text(bytes, &DocxLimits::DEFAULT)?,
        }),
        // No accepted content type maps to it, so the mismatch check has refused it already.
        FileType::OleCompound => Err(Rejection::Unrecognised { kind }),
    }
}

/// A declared content type as echoed back to the user: never empty, never long.
fn shown(declared: &str) -> String {
    if declared.is_empty() {
        return "(none)".into();
    }
    let mut end = declared.len().min(100);
    while !declared.is_char_boundary(end) {
        end -= 1;
    }
    declared[..end].to_owned()
}

/// Runs a third-party parser over untrusted bytes: a panic in it refuses the file, not the process.
fn guarded<T>(
    on_panic: Rejection,
    parse: impl FnOnce() -> Result<T, Rejection>,
) -> Result<T, Rejection> {
    catch_unwind(AssertUnwindSafe(parse)).unwrap_or_else(|_| {
        tracing::warn!(
            rejection = on_panic.code().as_str(),
            "a parser panicked on an upload"
        );
        Err(on_panic)
    })
}
