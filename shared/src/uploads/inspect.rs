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

use std::borrow::Cow;
use std::fmt;
use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, FieldIssue};

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
/// The most the image decoder may allocate: 40 MP at 6 bytes a pixel (16-bit RGB) fits.
const MAX_DECODE_ALLOC: u64 = 256 * MIB as u64;
/// JPEG quality of a cleaned photo.
pub const PHOTO_JPEG_QUALITY: u8 = 85;
/// The thumbnail's long side, in pixels.
pub const THUMBNAIL_MAX_SIDE: u32 = 320;
const THUMBNAIL_JPEG_QUALITY: u8 = 80;
/// The content type of every thumbnail.
pub const THUMBNAIL_CONTENT_TYPE: &str = JPEG;

/// The most text kept from a CV, in bytes of UTF-8.
pub const CV_TEXT_MAX_BYTES: usize = 200 * 1024;
/// The most any one PDF stream (object stream, page content) may inflate to.
const PDF_MAX_STREAM_BYTES: usize = 64 * MIB;
/// A DOCX has a few dozen parts; a ZIP with more than this is not one worth opening.
const DOCX_MAX_ENTRIES: usize = 5_000;
/// The most `word/document.xml` may inflate to.
const DOCX_MAX_XML_BYTES: u64 = 50 * MIB as u64;

/// What a file is for: each kind has its own size limit and accepted types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UploadKind {
    Photo,
    Cv,
}

impl UploadKind {
    pub const ALL: [UploadKind; 2] = [UploadKind::Photo, UploadKind::Cv];

    /// The largest file accepted, in bytes: 5 MiB for a photo, 10 MiB for a CV.
    pub const fn max_bytes(self) -> usize {
        match self {
            UploadKind::Photo => 5 * MIB,
            UploadKind::Cv => 10 * MIB,
        }
    }

    /// The content types a file of this kind may be declared (and turn out to be).
    pub const fn allowed_content_types(self) -> &'static [&'static str] {
        match self {
            UploadKind::Photo => &[JPEG, PNG, WEBP],
            UploadKind::Cv => &[PDF, DOCX],
        }
    }

    /// Whether `content_type` (case and parameters ignored) is accepted for this kind.
    pub fn allows(self, content_type: &str) -> bool {
        let content_type = normalise_content_type(content_type);
        self.allowed_content_types()
            .contains(&content_type.as_str())
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            UploadKind::Photo => "photo",
            UploadKind::Cv => "cv",
        }
    }

    /// `"photo"` or `"cv"`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == s)
    }

    /// What to upload instead, in a sentence: "a JPEG, PNG or WebP image".
    pub const fn accepted(self) -> &'static str {
        match self {
            UploadKind::Photo => "a JPEG, PNG or WebP image",
            UploadKind::Cv => "a PDF or Word (DOCX) document",
        }
    }
}

impl fmt::Display for UploadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UploadKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
            .ok_or_else(|| Error::validation("kind", FieldIssue::not_allowed(&["photo", "cv"])))
    }
}

/// What the bytes really are, by their magic number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Jpeg,
    Png,
    Webp,
    Pdf,
    /// Any ZIP archive: a DOCX is one, but not every ZIP is a DOCX.
    Zip,
    /// An OLE compound file: a legacy `.doc`, or a password-protected Office document.
    OleCompound,
}

impl FileType {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(FileType::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if bytes.starts_with(b"PK\x03\x04") {
            Some(FileType::Zip)
        } else if bytes.starts_with(OLE) {
            Some(FileType::OleCompound)
        } else {
            None
        }
    }

    /// The content type such a file is declared as when it is what we accept (a ZIP: a DOCX).
    pub const fn content_type(self) -> Option<&'static str> {
        match self {
            FileType::Jpeg => Some(JPEG),
            FileType::Png => Some(PNG),
            FileType::Webp => Some(WEBP),
            FileType::Pdf => Some(PDF),
            FileType::Zip => Some(DOCX),
            FileType::OleCompound => None,
        }
    }

    const fn describe(self) -> &'static str {
        match self {
            FileType::Jpeg => "a JPEG image",
            FileType::Png => "a PNG image",
            FileType::Webp => "a WebP image",
            FileType::Pdf => "a PDF document",
            FileType::Zip => "a ZIP archive",
            FileType::OleCompound => "a legacy (.doc) or password-protected Office document",
        }
    }
}

impl fmt::Display for FileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Why a file is refused. Its `Display` is an English sentence fit to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {} MB", .limit_bytes / MIB)]
    TooLarge { limit_bytes: usize },
    #[error("files of type {declared} are not accepted for a {kind}; upload {}", .kind.accepted())]
    ContentTypeNotAllowed { kind: UploadKind, declared: String },
    #[error("the file is not {}", .kind.accepted())]
    Unrecognised { kind: UploadKind },
    #[error("the file is {actual} but was declared as {declared}")]
    Mismatch { actual: FileType, declared: String },
    #[error("the image is {width}×{height} pixels; the limit is {} megapixels", MAX_PIXELS / 1_000_000)]
    TooManyPixels { width: u32, height: u32 },
    #[error("the image is {width}×{height} pixels; the limit is {MAX_SIDE} pixels on a side")]
    TooLong { width: u32, height: u32 },
    #[error("the image needs too much memory to process; save it with fewer pixels")]
    ImageTooHeavy,
    #[error("the image cannot be read")]
    UnreadableImage,
    #[error("the PDF cannot be read")]
    UnreadablePdf,
    #[error("the PDF is password-protected; upload it without a password")]
    EncryptedPdf,
    #[error("the PDF has no pages")]
    EmptyPdf,
    #[error("the file is a ZIP archive but not a Word (DOCX) document")]
    NotDocx,
    #[error("the Word document cannot be read")]
    UnreadableDocx,
    #[error("the Word document contains macros; save it as a plain .docx")]
    DocxWithMacros,
    #[error("the Word document is too large to read")]
    DocxTooLarge,
}

impl Rejection {
    /// The field issue of a file that does not hold up; its sentence stays the message.
    fn issue(&self) -> FieldIssue {
        match self {
            Rejection::Empty | Rejection::EmptyPdf => FieldIssue::Required,
            Rejection::TooLarge { limit_bytes } => FieldIssue::TooLarge {
                max: *limit_bytes as i64,
            },
            Rejection::TooManyPixels { .. } => FieldIssue::TooLarge {
                max: MAX_PIXELS as i64,
            },
            Rejection::TooLong { .. } => FieldIssue::TooLarge {
                max: i64::from(MAX_SIDE),
            },
            Rejection::ContentTypeNotAllowed { kind, .. } | Rejection::Unrecognised { kind } => {
                FieldIssue::not_allowed(kind.allowed_content_types())
            }
            Rejection::Mismatch { .. } => FieldIssue::mismatch("content_type"),
            Rejection::ImageTooHeavy
            | Rejection::UnreadableImage
            | Rejection::UnreadablePdf
            | Rejection::EncryptedPdf
            | Rejection::NotDocx
            | Rejection::UnreadableDocx
            | Rejection::DocxWithMacros
            | Rejection::DocxTooLarge => FieldIssue::Invalid,
        }
    }

    /// A stable code for logs, storage and the app's translation, e.g. `type_mismatch`.
    pub const fn code(&self) -> RejectionCode {
        match self {
            Rejection::Empty => RejectionCode::Empty,
            Rejection::TooLarge { .. } => RejectionCode::TooLarge,
            Rejection::ContentTypeNotAllowed { .. } => RejectionCode::ContentTypeNotAllowed,
            Rejection::Unrecognised { .. } => RejectionCode::Unrecognised,
            Rejection::Mismatch { .. } => RejectionCode::TypeMismatch,
            Rejection::TooManyPixels { .. } => RejectionCode::TooManyPixels,
            Rejection::TooLong { .. } => RejectionCode::ImageTooLong,
            Rejection::ImageTooHeavy => RejectionCode::ImageTooHeavy,
            Rejection::UnreadableImage => RejectionCode::UnreadableImage,
            Rejection::UnreadablePdf => RejectionCode::UnreadablePdf,
            Rejection::EncryptedPdf => RejectionCode::EncryptedPdf,
            Rejection::EmptyPdf => RejectionCode::EmptyPdf,
            Rejection::NotDocx => RejectionCode::NotDocx,
            Rejection::UnreadableDocx => RejectionCode::UnreadableDocx,
            Rejection::DocxWithMacros => RejectionCode::DocxWithMacros,
            Rejection::DocxTooLarge => RejectionCode::DocxTooLarge,
        }
    }
}

/// Why an upload was refused, as a code the app translates (`rejection_code`); the English
/// sentence (`rejection_reason`) stays for API clients.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    Empty,
    TooLarge,
    ContentTypeNotAllowed,
    Unrecognised,
    TypeMismatch,
    TooManyPixels,
    ImageTooLong,
    ImageTooHeavy,
    UnreadableImage,
    UnreadablePdf,
    EncryptedPdf,
    EmptyPdf,
    NotDocx,
    UnreadableDocx,
    DocxWithMacros,
    DocxTooLarge,
    /// The stored file's length is not the one declared (and signed into the upload URL).
    SizeMismatch,
}

impl RejectionCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionCode::Empty => "empty",
            RejectionCode::TooLarge => "too_large",
            RejectionCode::ContentTypeNotAllowed => "content_type_not_allowed",
            RejectionCode::Unrecognised => "unrecognised",
            RejectionCode::TypeMismatch => "type_mismatch",
            RejectionCode::TooManyPixels => "too_many_pixels",
            RejectionCode::ImageTooLong => "image_too_long",
            RejectionCode::ImageTooHeavy => "image_too_heavy",
            RejectionCode::UnreadableImage => "unreadable_image",
            RejectionCode::UnreadablePdf => "unreadable_pdf",
            RejectionCode::EncryptedPdf => "encrypted_pdf",
            RejectionCode::EmptyPdf => "empty_pdf",
            RejectionCode::NotDocx => "not_docx",
            RejectionCode::UnreadableDocx => "unreadable_docx",
            RejectionCode::DocxWithMacros => "docx_with_macros",
            RejectionCode::DocxTooLarge => "docx_too_large",
            RejectionCode::SizeMismatch => "size_mismatch",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
    }
}

/// 413 for size, 415 for the type, 422 (on the field `file`) for a file that does not hold up.
impl From<Rejection> for Error {
    fn from(rejection: Rejection) -> Self {
        let detail = rejection.to_string();
        match rejection {
            Rejection::TooLarge { .. } => Error::PayloadTooLarge { detail },
            Rejection::ContentTypeNotAllowed { .. }
            | Rejection::Unrecognised { .. }
            | Rejection::Mismatch { .. } => Error::UnsupportedMediaType { detail },
            other => Error::Validation(vec![FieldError::described("file", other.issue(), detail)]),
        }
    }
}

/// What may be stored and served once a file has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inspected {
    /// `cleaned` replaces the upload: no metadata, upright. Its type is `content_type` (PNG for a
    /// PNG, JPEG otherwise); `width` and `height` are its own. `thumbnail` is always a JPEG.
    Photo {
        content_type: &'static str,
        width: u32,
        height: u32,
        cleaned: Vec<u8>,
        thumbnail: Vec<u8>,
    },
    /// The upload is served as it is; `text` (possibly empty) is for search.
    Cv {
        content_type: &'static str,
        text: String,
    },
}

impl Inspected {
    pub fn content_type(&self) -> &'static str {
        match self {
            Inspected::Photo { content_type, .. } | Inspected::Cv { content_type, .. } => {
                content_type
            }
        }
    }
}

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

// ---------------------------------------------------------------------------------------------
// Photos

fn inspect_photo(actual: FileType, bytes: &[u8]) -> Result<Inspected, Rejection> {
    let format = match actual {
        FileType::Jpeg => ImageFormat::Jpeg,
        FileType::Png => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    let image = guarded(Rejection::UnreadableImage, || {
        decode(bytes, format, &ImageLimits::DEFAULT)
    })?;
    let (content_type, cleaned) = if actual == FileType::Png {
        (PNG, encode_png(&image)?)
    } else {
        (JPEG, encode_jpeg(&image, PHOTO_JPEG_QUALITY)?)
    };
    let thumbnail = if image.width().max(image.height()) > THUMBNAIL_MAX_SIDE {
        Cow::Owned(image.thumbnail(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE))
    } else {
        Cow::Borrowed(&image)
    };
    let thumbnail = encode_jpeg(&thumbnail, THUMBNAIL_JPEG_QUALITY)?;
    Ok(Inspected::Photo {
        content_type,
        width: image.width(),
        height: image.height(),
        cleaned,
        thumbnail,
    })
}

struct ImageLimits {
    max_pixels: u64,
    max_side: u32,
    max_alloc: u64,
}

impl ImageLimits {
    const DEFAULT: ImageLimits = ImageLimits {
        max_pixels: MAX_PIXELS,
        max_side: MAX_SIDE,
        max_alloc: MAX_DECODE_ALLOC,
    };
}

/// Decodes an image whose header has been checked first, then upright by its EXIF orientation.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    limits: &ImageLimits,
) -> Result<DynamicImage, Rejection> {
    // The header alone: dimensions, before any pixel buffer exists. No dimension limit yet, so
    // that the user is told the real size.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut header_limits = Limits::default();
    header_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(header_limits);
    let mut decoder = reader.into_decoder().map_err(image_rejection)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(Rejection::UnreadableImage);
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(Rejection::TooManyPixels { width, height });
    }
    if width.max(height) > limits.max_side {
        return Err(Rejection::TooLong { width, height });
    }

    // Second guard: the decoder's own limits, with the output buffer reserved against them.
    let mut strict = Limits::default();
    strict.max_image_width = Some(limits.max_side);
    strict.max_image_height = Some(limits.max_side);
    strict.max_alloc = Some(limits.max_alloc);
    strict
        .reserve(decoder.total_bytes())
        .map_err(image_rejection)?;
    decoder.set_limits(strict).map_err(image_rejection)?;

    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_rejection)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn image_rejection(error: ImageError) -> Rejection {
    match error {
        ImageError::Limits(_) => Rejection::ImageTooHeavy,
        _ => Rejection::UnreadableImage,
    }
}

fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, Rejection> {
    let mut out = Vec::new();
    image
        .write_with_encoder(PngEncoder::new(&mut out))
        .map_err(encode_failure)?;
    Ok(out)
}

/// JPEG has no alpha: a transparent image is flattened onto white.
fn encode_jpeg(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, Rejection> {
    let opaque = if image.color().has_alpha() {
        DynamicImage::ImageRgb8(flatten_on_white(image))
    } else if image.color().has_color() {
        DynamicImage::ImageRgb8(image.to_rgb8())
    } else {
        DynamicImage::ImageLuma8(image.to_luma8())
    };
    let mut out = Vec::new();
    opaque
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
        .map_err(encode_failure)?;
    Ok(out)
}

fn flatten_on_white(image: &DynamicImage) -> RgbImage {
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| {
            let (c, a) = (u32::from(c), u32::from(a));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

/// Encoding decoded pixels into memory does not fail on user input: log it, refuse the file.
fn encode_failure(error: ImageError) -> Rejection {
    tracing::warn!(%error, "re-encoding an uploaded image failed");
    Rejection::UnreadableImage
}

// ---------------------------------------------------------------------------------------------
// CVs

fn pdf_text(bytes: &[u8]) -> Result<String, Rejection> {
    guarded(Rejection::UnreadablePdf, || {
        let options = lopdf::LoadOptions::with_max_decompressed_size(PDF_MAX_STREAM_BYTES);
        let document = lopdf::Document::load_mem_with_options(bytes, options).map_err(|error| {
            tracing::debug!(%error, "an uploaded PDF does not parse");
            Rejection::UnreadablePdf
        })?;
        // lopdf opens a PDF encrypted with an empty user password itself; any other is locked.
        if document.is_encrypted() && document.encryption_state.is_none() {
            return Err(Rejection::EncryptedPdf);
        }
        let pages = document.get_pages();
        if pages.is_empty() {
            return Err(Rejection::EmptyPdf);
        }
        // Page by page: a page whose text cannot be read is skipped, and reading stops once
        // there is more than can be kept.
        let mut text = String::new();
        for page in pages.keys() {
            if text.len() > CV_TEXT_MAX_BYTES {
                break;
            }
            if let Ok(page_text) = document.extract_text_with_limit(&[*page], PDF_MAX_STREAM_BYTES)
            {
                text.push_str(&page_text);
                text.push('\n');
            }
        }
        Ok(tidy_text(&text, CV_TEXT_MAX_BYTES))
    })
}

struct DocxLimits {
    max_entries: usize,
    max_xml_bytes: u64,
}

impl DocxLimits {
    const DEFAULT: DocxLimits = DocxLimits {
        max_entries: DOCX_MAX_ENTRIES,
        max_xml_bytes: DOCX_MAX_XML_BYTES,
    };
}

fn docx_text(bytes: &[u8], limits: &DocxLimits) -> Result<String, Rejection> {
    guarded(Rejection::UnreadableDocx, || {
        let mut archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Rejection::UnreadableDocx)?;
        if archive.len() > limits.max_entries {
            return Err(Rejection::DocxTooLarge);
        }
        if archive.index_for_name("word/document.xml").is_none() {
            return Err(Rejection::NotDocx);
        }
        if archive.index_for_name("word/vbaProject.bin").is_some() {
            return Err(Rejection::DocxWithMacros);
        }
        let entry = archive
            .by_name("word/document.xml")
            .map_err(|_| Rejection::UnreadableDocx)?;
        if entry.size() > limits.max_xml_bytes {
            return Err(Rejection::DocxTooLarge);
        }
        // The header's size may lie: never inflate more than the limit, whatever it says.
        let mut xml = Vec::new();
        entry
            .take(limits.max_xml_bytes + 1)
            .read_to_end(&mut xml)
            .map_err(|_| Rejection::UnreadableDocx)?;
        if xml.len() as u64 > limits.max_xml_bytes {
            return Err(Rejection::DocxTooLarge);
        }
        let xml = std::str::from_utf8(&xml).map_err(|_| Rejection::UnreadableDocx)?;
        let text = wordprocessing_text(xml.trim_start_matches('\u{feff}'))?;
        Ok(tidy_text(&text, CV_TEXT_MAX_BYTES))
    })
}

/// The text of a WordprocessingML body: `w:t` runs, with tabs, line and paragraph breaks.
/// (DrawingML `a:t` and math `m:t` runs share the local name and are kept too.) quick-xml
/// never expands entities declared in a DTD, so an entity bomb stays inert.
fn wordprocessing_text(xml: &str) -> Result<String, Rejection> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    let mut in_text = false;
    while text.len() <= 4 * CV_TEXT_MAX_BYTES {
        match reader.read_event().map_err(|_| Rejection::UnreadableDocx)? {
            Event::Start(element) => in_text = element.local_name().as_ref() == "t",
            Event::End(element) => match element.local_name().as_ref() {
                "t" => in_text = false,
                "p" => text.push('\n'),
                _ => {}
            },
            Event::Empty(element) => match element.local_name().as_ref() {
                "tab" => text.push('\t'),
                "br" | "cr" | "p" => text.push('\n'),
                _ => {}
            },
            Event::Text(run) if in_text => text.push_str(&run.xml10_content()),
            Event::CData(run) if in_text => text.push_str(&run.xml10_content()),
            Event::GeneralRef(reference) if in_text => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&reference) {
                    text.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(text)
}

/// Text fit for search and for a Postgres `text` column: no control characters (NUL above all)
/// but tabs and newlines, no trailing spaces, at most one blank line in a row, trimmed, and at
/// most `max_bytes` long (cut on a character boundary).
fn tidy_text(raw: &str, max_bytes: usize) -> String {
    let mut out = String::new();
    let mut blank_lines = 0;
    for line in raw.lines() {
        let line: String = line
            .chars()
            .filter(|c| *c == '\t' || !c.is_control())
            .collect();
        let line = line.trim_end();
        if line.is_empty() {
            blank_lines += 1;
            if blank_lines > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_lines = 0;
        }
        out.push_str(line);
        out.push('\n');
        if out.len() > max_bytes {
            break;
        }
    }
    let mut out = out.trim().to_owned();
    if out.len() > max_bytes {
        let mut end = max_bytes;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.truncate(out.trim_end().len());
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use image::codecs::webp::WebPEncoder;
    use image::{ImageEncoder, RgbaImage};
    use lopdf::content::{Content, Operation};
    use lopdf::{Object, Stream, dictionary};

    use super::*;

    // --- inputs, made here -------------------------------------------------------------------

    fn picture(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8])
        })
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(picture(width, height))
            .write_with_encoder(PngEncoder::new(&mut out))
            .unwrap();
        out
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(picture(width, height))
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
            .unwrap();
        out
    }

    fn webp_with_alpha(width: u32, height: u32) -> Vec<u8> {
        let image = RgbaImage::from_fn(width, height, |x, _| image::Rgba([200, 10, 10, x as u8]));
        let mut out = Vec::new();
        WebPEncoder::new_lossless(&mut out)
            .write_image(&image, width, height, image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    /// A JPEG with an APP1 Exif segment right after SOI: big-endian TIFF, one IFD entry
    /// (Orientation), then `note` as stray bytes, as a GPS block would be.
    fn with_exif(jpeg: &[u8], orientation: u16, note: &[u8]) -> Vec<u8> {
        let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
        tiff.extend(1u16.to_be_bytes());
        tiff.extend(0x0112u16.to_be_bytes()); // Orientation
        tiff.extend(3u16.to_be_bytes()); // SHORT
        tiff.extend(1u32.to_be_bytes()); // one value
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0]);
        tiff.extend(0u32.to_be_bytes()); // no next IFD
        tiff.extend(note);
        let mut payload = b"Exif\x00\x00".to_vec();
        payload.extend(tiff);
        let mut segment = vec![0xFF, 0xE1];
        segment.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
        segment.extend(payload);
        [&jpeg[..2], &segment[..], &jpeg[2..]].concat()
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut chunk = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        chunk.extend(kind);
        chunk.extend(data);
        chunk.extend(crc32(&[&kind[..], data].concat()).to_be_bytes());
        chunk
    }

    /// A valid, tiny PNG whose header claims `width`×`height` RGB pixels: what a decompression
    /// bomb looks like before its pixels are inflated.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
        let mut file = b"\x89PNG\r\n\x1a\n".to_vec();
        file.extend(png_chunk(b"IHDR", &ihdr));
        file.extend(png_chunk(
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        ));
        file.extend(png_chunk(b"IEND", &[]));
        file
    }

    fn pdf(lines: &[&str]) -> Vec<u8> {
        let mut document = lopdf::Document::with_version("1.5");
        let pages_id = document.new_object_id();
        let font_id = document.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Courier",
        });
        let resources_id = document.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 14.into()]),
            Operation::new("Td", vec![72.into(), 760.into()]),
        ];
        for line in lines {
            operations.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
            operations.push(Operation::new("Td", vec![0.into(), (-18).into()]));
        }
        operations.push(Operation::new("ET", vec![]));
        let content = Content { operations };
        let content_id =
            document.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = document.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        document.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page_id.into()],
                "Count" => 1,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            }),
        );
        let catalog_id = document.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
        });
        document.trailer.set("Root", catalog_id);
        document.compress();
        let mut out = Vec::new();
        document.save_to(&mut out).unwrap();
        out
    }

    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    fn document_xml(body: &str) -> Vec<u8> {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
        .into_bytes()
    }

    fn docx(body: &str) -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", &document_xml(body)),
        ])
    }

    fn rejection(kind: UploadKind, content_type: &str, bytes: &[u8]) -> Rejection {
        inspect(kind, content_type, bytes).expect_err("the file should be refused")
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    // --- kinds and types ---------------------------------------------------------------------

    #[test]
    fn kinds_have_their_limits_and_names() {
        assert_eq!(UploadKind::Photo.max_bytes(), 5 * 1024 * 1024);
        assert_eq!(UploadKind::Cv.max_bytes(), 10 * 1024 * 1024);
        for kind in UploadKind::ALL {
            assert_eq!(UploadKind::parse(kind.as_str()), Some(kind));
            assert_eq!(kind.as_str().parse::<UploadKind>().unwrap(), kind);
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert_eq!(UploadKind::parse("avatar"), None);
        assert!("Photo".parse::<UploadKind>().is_err());
        assert_eq!(UploadKind::Photo.allowed_content_types(), [JPEG, PNG, WEBP]);
        assert_eq!(UploadKind::Cv.allowed_content_types(), [PDF, DOCX]);
        assert!(UploadKind::Photo.allows("Image/JPEG; charset=binary"));
        assert!(!UploadKind::Photo.allows("image/gif"));
        assert!(!UploadKind::Cv.allows("image/png"));
    }

    #[test]
    fn sniffs_by_magic_number() {
        assert_eq!(FileType::sniff(&jpeg(4, 4)), Some(FileType::Jpeg));
        assert_eq!(FileType::sniff(&png(4, 4)), Some(FileType::Png));
        assert_eq!(
            FileType::sniff(&webp_with_alpha(4, 4)),
            Some(FileType::Webp)
        );
        assert_eq!(FileType::sniff(b"%PDF-1.7\n"), Some(FileType::Pdf));
        assert_eq!(FileType::sniff(&docx("")), Some(FileType::Zip));
        assert_eq!(FileType::sniff(b"RIFF\0\0\0\0WAVEfmt "), None);
        assert_eq!(FileType::sniff(b"GIF89a"), None);
        assert_eq!(FileType::sniff(b""), None);
    }

    // --- photos --------------------------------------------------------------------------------

    #[test]
    fn a_png_is_cleaned_into_a_png_with_a_jpeg_thumbnail() {
        let Inspected::Photo {
            content_type,
            width,
            height,
            cleaned,
            thumbnail,
        } = inspect(UploadKind::Photo, "image/png", &png(640, 400)).unwrap()
        else {
            panic!("not a photo");
        };
        assert_eq!((content_type, width, height), (PNG, 640, 400));
        let cleaned = image::load_from_memory_with_format(&cleaned, ImageFormat::Png).unwrap();
        assert_eq!((cleaned.width(), cleaned.height()), (640, 400));
        assert_eq!(cleaned.to_rgb8(), picture(640, 400), "PNG stays lossless");
        assert_eq!(FileType::sniff(&thumbnail), Some(FileType::Jpeg));
        let thumbnail = image::load_from_memory(&thumbnail).unwrap();
        assert_eq!((thumbnail.width(), thumbnail.height()), (320, 200));
    }

    #[test]
    fn a_jpeg_is_cleaned_into_a_jpeg() {
        let inspected = inspect(UploadKind::Photo, "image/jpeg", &jpeg(200, 300)).unwrap();
        let Inspected::Photo {
            content_type,
            width,
            height,
            cleaned,
            thumbnail,
        } = inspected
        else {
            panic!("not a photo");
        };
        assert_eq!((content_type, width, height), (JPEG, 200, 300));
        assert_eq!(FileType::sniff(&cleaned), Some(FileType::Jpeg));
        // Smaller than a thumbnail already: kept at its size.
        let thumbnail = image::load_from_memory(&thumbnail).unwrap();
        assert_eq!((thumbnail.width(), thumbnail.height()), (200, 300));
    }

    #[test]
    fn a_webp_becomes_a_jpeg_flattened_onto_white() {
        let inspected = inspect(UploadKind::Photo, "image/webp", &webp_with_alpha(50, 20)).unwrap();
        assert_eq!(inspected.content_type(), JPEG);
        let Inspected::Photo { cleaned, .. } = inspected else {
            panic!("not a photo");
        };
        let cleaned = image::load_from_memory_with_format(&cleaned, ImageFormat::Jpeg)
            .unwrap()
            .to_rgb8();
        assert_eq!(cleaned.dimensions(), (50, 20));
        // x = 0 is fully transparent: white, give or take JPEG.
        assert!(cleaned.get_pixel(0, 10).0.iter().all(|&c| c > 235));
    }

    #[test]
    fn exif_does_not_survive_and_its_orientation_is_applied() {
        let upload = with_exif(&jpeg(64, 32), 6, b"GPS-SECRET 48.8584N 2.2945E");
        assert!(contains(&upload, b"GPS-SECRET"));
        let Inspected::Photo {
            width,
            height,
            cleaned,
            thumbnail,
            ..
        } = inspect(UploadKind::Photo, "image/jpeg", &upload).unwrap()
        else {
            panic!("not a photo");
        };
        for bytes in [&cleaned, &thumbnail] {
            assert!(!contains(bytes, b"GPS-SECRET"));
            assert!(!contains(bytes, b"Exif\0\0"));
        }
        // Orientation 6 (rotate 90° clockwise): the 64×32 pixels stand upright as 32×64.
        assert_eq!((width, height), (32, 64));
        let cleaned = image::load_from_memory(&cleaned).unwrap();
        assert_eq!((cleaned.width(), cleaned.height()), (32, 64));
    }

    #[test]
    fn bytes_of_another_type_behind_an_allowed_content_type_are_refused() {
        let refused = rejection(UploadKind::Photo, "image/jpeg", &png(8, 8));
        assert_eq!(
            refused,
            Rejection::Mismatch {
                actual: FileType::Png,
                declared: JPEG.into()
            }
        );
        assert_eq!(
            refused.to_string(),
            "the file is a PNG image but was declared as image/jpeg"
        );
        assert_eq!(
            rejection(UploadKind::Photo, "image/png", &pdf(&["x"])).to_string(),
            "the file is a PDF document but was declared as image/png"
        );
        let refused = rejection(UploadKind::Photo, "image/png", b"<svg xmlns='...'/>");
        assert_eq!(
            refused.to_string(),
            "the file is not a JPEG, PNG or WebP image"
        );
    }

    #[test]
    fn content_types_not_accepted_for_the_kind_are_refused() {
        let refused = rejection(UploadKind::Photo, "image/heic", b"\0\0\0\x18ftypheic");
        assert_eq!(
            refused.to_string(),
            "files of type image/heic are not accepted for a photo; upload a JPEG, PNG or WebP image"
        );
        assert_eq!(refused.code().as_str(), "content_type_not_allowed");
        assert!(matches!(
            rejection(UploadKind::Cv, "image/png", &png(4, 4)),
            Rejection::ContentTypeNotAllowed { .. }
        ));
        assert!(
            rejection(UploadKind::Photo, "", &png(4, 4))
                .to_string()
                .contains("(none)")
        );
        let long = format!("image/{}", "x".repeat(500));
        assert!(
            rejection(UploadKind::Photo, &long, &png(4, 4))
                .to_string()
                .len()
                < 200
        );
    }

    #[test]
    fn oversize_and_empty_files_are_refused() {
        let mut big = png(4, 4);
        big.resize(5 * 1024 * 1024 + 1, 0);
        let refused = rejection(UploadKind::Photo, "image/png", &big);
        assert_eq!(refused.to_string(), "the file is larger than 5 MB");

        let mut big_pdf = b"%PDF-1.7\n".to_vec();
        big_pdf.resize(10 * 1024 * 1024 + 1, b' ');
        assert_eq!(
            rejection(UploadKind::Cv, "application/pdf", &big_pdf).to_string(),
            "the file is larger than 10 MB"
        );
        assert_eq!(rejection(UploadKind::Cv, PDF, b""), Rejection::Empty);
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let bomb = png_claiming(50_000, 50_000);
        assert!(bomb.len() < 100);
        let refused = rejection(UploadKind::Photo, "image/png", &bomb);
        assert_eq!(
            refused,
            Rejection::TooManyPixels {
                width: 50_000,
                height: 50_000
            }
        );
        assert_eq!(
            refused.to_string(),
            "the image is 50000×50000 pixels; the limit is 40 megapixels"
        );
        // Few pixels, but one absurd side.
        assert_eq!(
            rejection(UploadKind::Photo, "image/png", &png_claiming(30_000, 10)),
            Rejection::TooLong {
                width: 30_000,
                height: 10
            }
        );
        // Within the limits, the same crafted file is merely unreadable (no pixel data).
        assert_eq!(
            rejection(UploadKind::Photo, "image/png", &png_claiming(100, 100)),
            Rejection::UnreadableImage
        );
    }

    #[test]
    fn the_decoder_limits_are_a_second_guard() {
        // Header checks passed (generous pixel and side limits), allocation limit too small.
        let limits = ImageLimits {
            max_pixels: MAX_PIXELS,
            max_side: MAX_SIDE,
            max_alloc: 1_000,
        };
        assert_eq!(
            decode(&png(64, 64), ImageFormat::Png, &limits),
            Err(Rejection::ImageTooHeavy)
        );
        assert!(decode(&png(64, 64), ImageFormat::Png, &ImageLimits::DEFAULT).is_ok());
    }

    #[test]
    fn truncated_images_are_refused() {
        // A JPEG cut inside its scan is decoded leniently, as browsers do (the rest is grey);
        // one cut before its frame header has no image at all.
        let whole = jpeg(64, 64);
        let refused = rejection(UploadKind::Photo, JPEG, &whole[..20]);
        assert_eq!(refused.to_string(), "the image cannot be read");
        let whole = png(64, 64);
        assert_eq!(
            rejection(UploadKind::Photo, PNG, &whole[..40]),
            Rejection::UnreadableImage
        );
    }

    // --- CVs -----------------------------------------------------------------------------------

    #[test]
    fn a_pdf_is_accepted_with_its_text() {
        let upload = pdf(&["Jane Doe", "Actress, dancer (ballet)"]);
        let Inspected::Cv { content_type, text } =
            inspect(UploadKind::Cv, "application/pdf", &upload).unwrap()
        else {
            panic!("not a CV");
        };
        assert_eq!(content_type, PDF);
        assert!(text.contains("Jane Doe"), "{text:?}");
        assert!(text.contains("Actress, dancer (ballet)"), "{text:?}");
    }

    #[test]
    fn a_pdf_without_text_is_accepted_with_none() {
        let Inspected::Cv { text, .. } = inspect(UploadKind::Cv, PDF, &pdf(&[])).unwrap() else {
            panic!("not a CV");
        };
        assert_eq!(text, "");
    }

    #[test]
    fn a_pdf_that_does_not_parse_is_refused() {
        let refused = rejection(
            UploadKind::Cv,
            "application/pdf",
            b"%PDF-1.7\n\x00\x01garbage that is no PDF at all \xff\xfe",
        );
        assert_eq!(refused, Rejection::UnreadablePdf);
        let whole = pdf(&["Jane Doe"]);
        let refused = rejection(UploadKind::Cv, PDF, &whole[..whole.len() / 2]);
        assert_eq!(refused, Rejection::UnreadablePdf);
        assert_eq!(
            Rejection::UnreadablePdf.to_string(),
            "the PDF cannot be read"
        );
    }

    #[test]
    fn a_text_file_declared_as_pdf_is_refused() {
        let refused = rejection(UploadKind::Cv, "application/pdf", b"Jane Doe\nActress\n");
        assert_eq!(
            refused,
            Rejection::Unrecognised {
                kind: UploadKind::Cv
            }
        );
        assert_eq!(
            refused.to_string(),
            "the file is not a PDF or Word (DOCX) document"
        );
    }

    #[test]
    fn a_docx_is_accepted_with_its_text() {
        let upload = docx(concat!(
            r#"<w:p><w:r><w:t>Jane</w:t></w:r><w:r><w:t xml:space="preserve"> Doe</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>Song &amp; dance</w:t><w:tab/><w:t>&#233;t&#xE9;</w:t></w:r></w:p>"#,
            r#"<w:p/><w:p/><w:p><w:r><w:instrText>PAGE</w:instrText><w:t>2019</w:t><w:br/><w:t>2020</w:t></w:r></w:p>"#,
        ));
        let Inspected::Cv { content_type, text } = inspect(UploadKind::Cv, DOCX, &upload).unwrap()
        else {
            panic!("not a CV");
        };
        assert_eq!(content_type, DOCX);
        assert_eq!(text, "Jane Doe\nSong & dance\tété\n\n2019\n2020");
    }

    #[test]
    fn a_zip_that_is_not_a_docx_is_refused() {
        let upload = zip(&[
            ("notes.txt", b"hello"),
            ("[Content_Types].xml", CONTENT_TYPES),
        ]);
        let refused = rejection(UploadKind::Cv, DOCX, &upload);
        assert_eq!(refused, Rejection::NotDocx);
        assert_eq!(
            refused.to_string(),
            "the file is a ZIP archive but not a Word (DOCX) document"
        );
        assert_eq!(
            rejection(UploadKind::Cv, PDF, &upload).to_string(),
            format!("the file is a ZIP archive but was declared as {PDF}")
        );
        // A ZIP header and nothing after it.
        assert_eq!(
            rejection(UploadKind::Cv, DOCX, b"PK\x03\x04 not really"),
            Rejection::UnreadableDocx
        );
        // A legacy .doc (or an encrypted .docx) is an OLE compound file.
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(
            rejection(UploadKind::Cv, DOCX, &ole).to_string(),
            format!(
                "the file is a legacy (.doc) or password-protected Office document but was declared as {DOCX}"
            )
        );
    }

    #[test]
    fn docx_with_macros_or_malformed_xml_is_refused() {
        let upload = zip(&[
            ("word/document.xml", &document_xml("<w:p/>")),
            ("word/vbaProject.bin", b"\0\0"),
        ]);
        assert_eq!(
            rejection(UploadKind::Cv, DOCX, &upload),
            Rejection::DocxWithMacros
        );
        let upload = zip(&[("word/document.xml", b"<w:document><w:body></w:document>")]);
        assert_eq!(
            rejection(UploadKind::Cv, DOCX, &upload),
            Rejection::UnreadableDocx
        );
    }

    #[test]
    fn zip_bombs_are_bounded() {
        let body = "<w:p><w:r><w:t>lorem ipsum</w:t></w:r></w:p>".repeat(1_000);
        let upload = docx(&body);
        let small = DocxLimits {
            max_entries: DOCX_MAX_ENTRIES,
            max_xml_bytes: 10_000,
        };
        assert_eq!(docx_text(&upload, &small), Err(Rejection::DocxTooLarge));
        let few = DocxLimits {
            max_entries: 1,
            max_xml_bytes: DOCX_MAX_XML_BYTES,
        };
        assert_eq!(docx_text(&upload, &few), Err(Rejection::DocxTooLarge));
        assert!(docx_text(&upload, &DocxLimits::DEFAULT).is_ok());
    }

    #[test]
    fn cv_text_is_tidied_and_capped() {
        assert_eq!(
            tidy_text("\n\n  Jane\0 Doe  \r\n\n\n\nActress\u{7}\n\n", 100),
            "Jane Doe\n\nActress"
        );
        let long = "é".repeat(1_000);
        let capped = tidy_text(&long, 101);
        assert_eq!(capped.len(), 100);
        assert!(capped.chars().all(|c| c == 'é'));
        let body = "<w:p><w:r><w:t>lorem ipsum dolor sit amet</w:t></w:r></w:p>".repeat(20_000);
        let Inspected::Cv { text, .. } = inspect(UploadKind::Cv, DOCX, &docx(&body)).unwrap()
        else {
            panic!("not a CV");
        };
        assert!(text.len() <= CV_TEXT_MAX_BYTES);
        assert!(text.len() > CV_TEXT_MAX_BYTES - 100);
    }

    // --- errors --------------------------------------------------------------------------------

    #[test]
    fn rejections_map_onto_api_errors() {
        use axum::http::StatusCode;
        let status = |r: Rejection| Error::from(r).status();
        assert_eq!(
            status(Rejection::TooLarge {
                limit_bytes: 5 * MIB
            }),
            StatusCode::PAYLOAD_TOO_LARGE
        );
        assert_eq!(
            status(Rejection::Unrecognised {
                kind: UploadKind::Photo
            }),
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        assert_eq!(
            status(Rejection::UnreadablePdf),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let Error::Validation(fields) = Error::from(Rejection::EmptyPdf) else {
            panic!("not a validation error");
        };
        assert_eq!(
            fields,
            [FieldError::described(
                "file",
                FieldIssue::Required,
                "the PDF has no pages"
            )]
        );
    }
}
