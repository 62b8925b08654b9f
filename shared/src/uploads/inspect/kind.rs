//! What a file is for ([`UploadKind`]: its size limit and accepted types) and what its bytes
//! really are ([`FileType`], by magic number).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldIssue};

use super::{DOCX, JPEG, MIB, PDF, PNG, WEBP, normalise_content_type};

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
