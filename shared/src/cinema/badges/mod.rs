//! Badges for the people on a film set: a print-ready A4 PDF of credit-card-size badges, each
//! with the person's photo (or their initials), name, role, project, production, dates and a QR
//! code of the project code, with the code printed under it.
//!
//! **Sheet.** A4 portrait, a grid of [`COLUMNS`] × [`ROWS`] badges of 85 × 54 mm (ISO/IEC 7810
//! ID-1, the size of a credit card and of standard badge holders): ten a page, butted together
//! so that each cut serves two badges, with 20 mm side margins and 13.5 mm top and bottom. Each
//! badge has a hairline grey border on its cut lines and the sheet has crop marks in its
//! margins on every cut line; everything printed stays 2 mm or more inside the cut, so a cut a
//! little off loses nothing. The footer names the sheet, the page, and asks for printing at
//! 100 %. The last page holds what is left; one badge makes one page with one badge.
//!
//! **Text.** DejaVu Sans Condensed, regular and bold (Bitstream Vera licence, see
//! `shared/assets/fonts/LICENSE-DejaVu.txt`), is built into the binary and subset into each PDF
//! to the glyphs the sheet uses, once per document: the Lambda needs no OS font, and accented
//! names (é, è, ç, ï, ô, œ...) print, search and copy as they are. Each text has its box: the
//! name, role and production wrap on two lines, then any text too wide for its box is shrunk
//! down to a minimum size, then cut with an ellipsis. Whitespace runs become one space; a
//! character the font does not have prints as `?`.
//!
//! **Photos** are expected as the JPEG thumbnails uploads make ([`crate::uploads`]: upright,
//! 320 px at most). Such a JPEG goes into the PDF as its own bytes, once per distinct photo; a
//! larger or unusual one (EXIF, CMYK, 12-bit, lossless) is re-encoded as such a thumbnail
//! first. A photo that does not decode gets the initials placeholder, and a warning in the log,
//! rather than failing the sheet. The photo fills its 4:5 frame, centred and cropped.
//!
//! **QR codes** are level M like [`crate::qr`]'s, drawn as vector paths with their quiet zone
//! left white.
//!
//! [`render`] is CPU-bound (about a tenth of a second for 300 badges, optimised): call it from
//! `spawn_blocking` in async code.

mod draw;
mod fit;
mod fonts;
mod layout;
mod pdf;
mod photo;
#[cfg(test)]
mod tests;

pub use pdf::render;

/// One person's badge. Text is printed as given, whitespace runs made one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub full_name: String,
    /// The role (`"Rôle : Aïcha (premier rôle)"`) or the talent type.
    pub role: String,
    pub project_title: String,
    pub production_name: String,
    /// Already formatted, e.g. `"12 → 30 janv. 2027"`.
    pub dates: String,
    /// What the QR code holds, also printed under it, e.g. `"PRJ7K3M9Q2-ABCD2345"`.
    pub project_code: String,
    /// A JPEG thumbnail, or `None` for a placeholder with the initials.
    pub photo_jpeg: Option<Vec<u8>>,
}

/// Badges across a page.
pub const COLUMNS: usize = 2;
/// Badges down a page.
pub const ROWS: usize = 5;
/// Badges on a full page.
pub const BADGES_PER_PAGE: usize = COLUMNS * ROWS;
/// A badge's width, in millimetres (ISO/IEC 7810 ID-1, rounded).
pub const BADGE_WIDTH_MM: f32 = 85.0;
/// A badge's height, in millimetres.
pub const BADGE_HEIGHT_MM: f32 = 54.0;
