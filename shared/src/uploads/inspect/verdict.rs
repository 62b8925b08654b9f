//! The verdict on a file: why it is refused ([`Rejection`], its stable [`RejectionCode`] and
//! its API error), or what may be stored and served ([`Inspected`]).

use crate::error::{Error, FieldError, FieldIssue};

use super::{
    MAX_PIXELS, MAX_SIDE, MIB,
    kind::{FileType, UploadKind},
};

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
