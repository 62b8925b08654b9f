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

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;
use std::ops::Range;
use std::sync::LazyLock;

use anyhow::{Context, anyhow};
use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder};
use printpdf::{
    Color, CurTransMat, DateTime, DictItem, ExternalStream, ExternalXObject, FontId, Greyscale,
    LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Px, Rect, Rgb,
    TextItem, WindingOrder, XObjectId, XObjectTransform,
};
use qrcode::{EcLevel, QrCode};

use crate::{Error, Result, error::ProblemCode};

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

const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
const MARGIN_X_MM: f32 = (PAGE_WIDTH_MM - COLUMNS as f32 * BADGE_WIDTH_MM) / 2.0;
const MARGIN_Y_MM: f32 = (PAGE_HEIGHT_MM - ROWS as f32 * BADGE_HEIGHT_MM) / 2.0;

/// Millimetres to PDF points; everything below is laid out in points.
const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

// A badge's inside, in millimetres from its bottom-left corner.
/// What any text keeps from the cut.
const PAD: f32 = 3.5;
/// The dark band with the project title (x, y, width, height).
const BAND: [f32; 4] = [2.0, 41.5, BADGE_WIDTH_MM - 4.0, 10.0];
/// The photo frame, 4:5 (x, y, width, height).
const PHOTO: [f32; 4] = [PAD, 7.0, 24.0, 30.0];
/// The text column right of the photo.
const COLUMN_X: f32 = PHOTO[0] + PHOTO[2] + 3.0;
/// The QR symbol's side, quiet zone not included, and its bottom-left corner.
const QR_SIDE: f32 = 16.5;
const QR_X: f32 = BADGE_WIDTH_MM - PAD - QR_SIDE;
const QR_Y: f32 = 9.0;
/// Text left of the QR code stops before its quiet zone (4 modules of a version 1 symbol).
const BESIDE_QR: f32 = QR_X - QR_SIDE / 21.0 * 4.0 - 0.5;

/// Glyph box of DejaVu Sans, in ems: caps' height and descenders' depth.
const CAP_HEIGHT: f32 = 0.73;
const ELLIPSIS: char = '…';

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

/// Both faces, parsed once per process.
static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
    Some(Faces {
        regular: Face::parse(REGULAR_TTF)?,
        bold: Face::parse(BOLD_TTF)?,
    })
});

struct Faces {
    regular: Face,
    bold: Face,
}

impl Faces {
    fn get(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Weight {
    Regular,
    Bold,
}

/// A font's bytes and metrics: enough to measure text exactly as the PDF will set it (printpdf
/// applies no kerning).
struct Face {
    ttf: &'static [u8],
    font: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn parse(ttf: &'static [u8]) -> Option<Self> {
        let font = ParsedFont::from_bytes(ttf, 0, &mut Vec::new())?;
        let units_per_em = f32::from(font.units_per_em.max(1));
        Some(Self {
            ttf,
            font,
            units_per_em,
        })
    }

    fn glyph(&self, c: char) -> Option<u16> {
        self.font
            .lookup_glyph_index(u32::from(c))
            .filter(|gid| *gid != 0)
    }

    /// `c`'s advance, in ems.
    fn advance(&self, c: char) -> f32 {
        let gid = self.glyph(c).unwrap_or(0);
        f32::from(self.font.get_glyph_width(gid).unwrap_or(0)) / self.units_per_em
    }

    /// `text`'s width at `size` points, in points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// This face cut down to the glyphs of `chars` (and .notdef), parsed back: what the PDF
    /// embeds. Its own cmap maps the same characters to the renumbered glyphs.
    fn subset(&self, chars: &BTreeSet<char>) -> Result<ParsedFont> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};

        let glyphs: BTreeSet<u16> = chars.iter().filter_map(|c| self.glyph(*c)).collect();
        let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
        let file = ReadScope::new(self.ttf)
            .read::<FontData<'_>>()
            .map_err(|e| anyhow!("reading the badge font: {e:?}"))?;
        let provider = file
            .table_provider(0)
            .map_err(|e| anyhow!("reading the badge font's tables: {e:?}"))?;
        let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| anyhow!("subsetting the badge font: {e:?}"))?;
        Ok(ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
            .context("the badge font's subset does not parse")?)
    }
}

/// A line of text fitted to its box.
#[derive(Debug, Clone, PartialEq)]
struct Fitted {
    text: String,
    /// Font size, in points.
    size: f32,
    /// Width at that size, in points.
    width: f32,
}

/// `text` on one line: whitespace runs and control characters become one space, characters
/// the face lacks become `?`.
fn clean(face: &Face, text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !clean.is_empty() {
            clean.push(' ');
        }
        clean.extend(
            word.chars()
                .map(|c| if face.glyph(c).is_some() { c } else { '?' }),
        );
    }
    clean
}

/// Fits `text` on one line of `max_width` points: at `max_size` when it fits, else shrunk (to a
/// tenth of a point) down to `min_size`, else at `min_size` cut with an ellipsis.
fn fit(face: &Face, text: &str, max_width: f32, max_size: f32, min_size: f32) -> Fitted {
    fit_clean(face, clean(face, text), max_width, max_size, min_size)
}

fn fit_clean(face: &Face, text: String, max_width: f32, max_size: f32, min_size: f32) -> Fitted {
    let natural = face.width(&text, 1.0);
    if natural * max_size <= max_width {
        return Fitted {
            width: natural * max_size,
            size: max_size,
            text,
        };
    }
    let mut size = (max_width / natural * 10.0).floor() / 10.0;
    while size >= min_size && natural * size > max_width {
        size -= 0.1;
    }
    if size >= min_size {
        return Fitted {
            width: natural * size,
            size,
            text,
        };
    }
    let budget = max_width / min_size - face.advance(ELLIPSIS);
    let (mut used, mut end) = (0.0, 0);
    for (i, c) in text.char_indices() {
        used += face.advance(c);
        if used > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut cut = text[..end].trim_end().to_owned();
    cut.push(ELLIPSIS);
    let width = face.width(&cut, min_size);
    if width > max_width {
        // A box narrower than an ellipsis: nothing fits.
        return Fitted {
            text: String::new(),
            size: min_size,
            width: 0.0,
        };
    }
    Fitted {
        text: cut,
        size: min_size,
        width,
    }
}

/// Fits `text` on at most `max_lines` lines of `max_width` points, all of one size. One line
/// when it fits there at 80 % of `max_size` or more; else the largest size (by quarter points,
/// down to `min_size`) at which it wraps into `max_lines`, after spaces or else after hyphens
/// too; else, at `min_size`, wrapped with what does not fit cut with an ellipsis.
fn fit_lines(
    face: &Face,
    text: &str,
    max_width: f32,
    max_lines: usize,
    max_size: f32,
    min_size: f32,
) -> Vec<Fitted> {
    let text = clean(face, text);
    if text.is_empty() {
        return Vec::new();
    }
    let natural = face.width(&text, 1.0);
    if max_lines <= 1 || natural * (max_size * 0.8).max(min_size) <= max_width {
        return vec![fit_clean(face, text, max_width, max_size, min_size)];
    }
    let at_spaces = pieces(&text, false);
    let at_hyphens = pieces(&text, true);
    let steps = ((max_size - min_size) / 0.25).floor() as usize;
    let sizes = (0..=steps)
        .map(|i| max_size - i as f32 * 0.25)
        .chain([min_size]);
    for size in sizes {
        for pieces in [&at_spaces, &at_hyphens] {
            let lines: Vec<String> = wrap(face, pieces, max_width / size)
                .into_iter()
                .map(|range| joined(pieces, range))
                .collect();
            if lines.len() <= max_lines && lines.iter().all(|l| face.width(l, size) <= max_width) {
                return lines
                    .into_iter()
                    .map(|line| Fitted {
                        width: face.width(&line, size),
                        text: line,
                        size,
                    })
                    .collect();
            }
        }
    }
    // At the smallest size: the first lines as wrapped (a piece too wide alone cut), the rest
    // on the last one, cut.
    let mut ranges = wrap(face, &at_hyphens, max_width / min_size);
    if ranges.len() > max_lines {
        let rest = ranges[max_lines - 1].start..at_hyphens.len();
        ranges.truncate(max_lines - 1);
        ranges.push(rest);
    }
    ranges
        .into_iter()
        .map(|range| {
            fit_clean(
                face,
                joined(&at_hyphens, range),
                max_width,
                min_size,
                min_size,
            )
        })
        .filter(|line| !line.text.is_empty())
        .collect()
}

/// `text` in the pieces a line may end after: "Marie-Thérèse Ba" is "Marie-Thérèse ", "Ba", or
/// with `hyphens` "Marie-", "Thérèse ", "Ba".
fn pieces(text: &str, hyphens: bool) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == ' ' || (hyphens && c == '-') {
            pieces.push(&text[start..i + 1]);
            start = i + 1;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

fn joined(pieces: &[&str], range: Range<usize>) -> String {
    pieces[range].concat().trim_end().to_owned()
}

/// Greedy wrapping of `pieces` at `width` ems: each line's pieces. A piece wider than that
/// alone is a line of its own.
fn wrap(face: &Face, pieces: &[&str], width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in 1..pieces.len() {
        if face.width(&joined(pieces, start..end + 1), 1.0) > width {
            lines.push(start..end);
            start = end;
        }
    }
    lines.push(start..pieces.len());
    lines
}

/// A line of text where it goes, in points: `x` is its left end, `y` its baseline, and
/// `left..right` the box it was fitted to. `slot` says what it is.
#[derive(Debug, Clone)]
struct Placed {
    slot: &'static str,
    weight: Weight,
    fitted: Fitted,
    x: f32,
    y: f32,
    left: f32,
    right: f32,
    color: Color,
}

enum Align {
    Left,
    Centre,
    /// Centred on the QR code when that fits the box, else right-aligned in it.
    UnderQr,
}

/// A one-line text box, in millimetres from the badge's bottom-left corner.
struct TextBox {
    slot: &'static str,
    weight: Weight,
    left: f32,
    right: f32,
    baseline: f32,
    max_size: f32,
    min_size: f32,
    align: Align,
    color: Color,
}

impl TextBox {
    fn place(&self, faces: &Faces, text: &str) -> Placed {
        let (left, right) = (mm(self.left), mm(self.right));
        let fitted = fit(
            faces.get(self.weight),
            text,
            right - left,
            self.max_size,
            self.min_size,
        );
        let x = match self.align {
            Align::Left => left,
            Align::Centre => (left + right - fitted.width) / 2.0,
            Align::UnderQr => {
                (mm(QR_X + QR_SIDE / 2.0) - fitted.width / 2.0).min(right - fitted.width)
            }
        };
        Placed {
            slot: self.slot,
            weight: self.weight,
            fitted,
            x,
            y: mm(self.baseline),
            left,
            right,
            color: self.color.clone(),
        }
    }
}

/// A block of the text column right of the photo: up to `max_lines` lines of one size.
struct Block<'a> {
    slot: &'static str,
    text: &'a str,
    weight: Weight,
    max_size: f32,
    min_size: f32,
    max_lines: usize,
    /// Space above it, in millimetres.
    gap: f32,
    color: Color,
}

/// Line spacing, and the depth of descenders, in ems.
const LEADING: f32 = 1.2;
const DESCENT: f32 = 0.24;
/// The top of the text column (caps of its first line), under the band.
const COLUMN_TOP: f32 = BAND[1] - 2.5;
/// The top of the QR code's quiet zone: text lower than this stays left of it.
const QR_CLEAR_TOP: f32 = QR_Y + QR_SIDE + QR_SIDE / 21.0 * 4.0;

/// Points to millimetres.
fn in_mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

impl Block<'_> {
    fn lines(&self, faces: &Faces, right: f32) -> Vec<Fitted> {
        fit_lines(
            faces.get(self.weight),
            self.text,
            mm(right - COLUMN_X),
            self.max_lines,
            self.max_size,
            self.min_size,
        )
    }

    /// From the top of the caps of its first line to the bottom of its last, in millimetres.
    fn height(lines: &[Fitted]) -> f32 {
        lines.first().map_or(0.0, |line| {
            in_mm(line.size) * (CAP_HEIGHT + LEADING * (lines.len() - 1) as f32 + DESCENT)
        })
    }

    /// The lines placed down from `top` (mm), in the column up to `right` (mm).
    fn place(&self, lines: Vec<Fitted>, top: f32, right: f32) -> impl Iterator<Item = Placed> {
        let color = self.color.clone();
        let (slot, weight) = (self.slot, self.weight);
        lines.into_iter().enumerate().map(move |(i, fitted)| {
            let size = in_mm(fitted.size);
            Placed {
                slot,
                weight,
                x: mm(COLUMN_X),
                y: mm(top - size * (CAP_HEIGHT + LEADING * i as f32)),
                left: mm(COLUMN_X),
                right: mm(right),
                color: color.clone(),
                fitted,
            }
        })
    }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn band_color() -> Color {
    rgb(0.11, 0.15, 0.25)
}

/// A badge's text, in points from its bottom-left corner; the initials only without a photo.
struct BadgeText {
    lines: Vec<Placed>,
    initials: Option<Placed>,
}

/// Lays a badge's text out. Right of the photo: the name (up to two lines) and the role (up to
/// two) from the top, the dates and the production (up to two lines) from the bottom, left of
/// the QR code; the two groups run on from each other when they would meet.
fn layout_badge(faces: &Faces, badge: &Badge, with_photo: bool) -> BadgeText {
    let title_size = 10.5;
    let title = TextBox {
        slot: "title",
        weight: Weight::Bold,
        left: BAND[0] + 2.5,
        right: BAND[0] + BAND[2] - 2.5,
        // Caps centred in the band at the largest size.
        baseline: BAND[1] + BAND[3] / 2.0 - CAP_HEIGHT * in_mm(title_size) / 2.0,
        max_size: title_size,
        min_size: 7.0,
        align: Align::Left,
        color: grey(1.0),
    };
    let code = TextBox {
        slot: "code",
        weight: Weight::Regular,
        // Under the column's lowest line, the photo's bottom: it may be wider than the QR code.
        left: BADGE_WIDTH_MM - PAD - 24.0,
        right: BADGE_WIDTH_MM - PAD,
        baseline: 4.3,
        max_size: 6.5,
        min_size: 4.5,
        align: Align::UnderQr,
        color: grey(0.2),
    };
    let mut lines = vec![
        title.place(faces, &badge.project_title),
        code.place(faces, &badge.project_code),
    ];

    let top_group = [
        Block {
            slot: "name",
            text: &badge.full_name,
            weight: Weight::Bold,
            max_size: 12.0,
            min_size: 7.0,
            max_lines: 2,
            gap: 0.0,
            color: grey(0.08),
        },
        Block {
            slot: "role",
            text: &badge.role,
            weight: Weight::Regular,
            max_size: 8.5,
            min_size: 6.0,
            max_lines: 2,
            gap: 0.8,
            color: grey(0.15),
        },
    ];
    let mut top = COLUMN_TOP;
    for block in &top_group {
        // Full width while it clears the QR code, else beside it.
        let mut right = BADGE_WIDTH_MM - PAD;
        let mut fitted = block.lines(faces, right);
        if top - block.gap - Block::height(&fitted) < QR_CLEAR_TOP {
            right = BESIDE_QR;
            fitted = block.lines(faces, right);
        }
        if fitted.is_empty() {
            continue;
        }
        top -= block.gap;
        let height = Block::height(&fitted);
        lines.extend(block.place(fitted, top, right));
        top -= height;
    }

    let bottom_group = [
        Block {
            slot: "dates",
            text: &badge.dates,
            weight: Weight::Bold,
            max_size: 8.5,
            min_size: 6.0,
            max_lines: 1,
            gap: 2.2,
            color: grey(0.15),
        },
        Block {
            slot: "production",
            text: &badge.production_name,
            weight: Weight::Regular,
            max_size: 7.5,
            min_size: 5.5,
            max_lines: 2,
            gap: 0.8,
            color: grey(0.35),
        },
    ];
    let fitted: Vec<(&Block<'_>, Vec<Fitted>)> = bottom_group
        .iter()
        .map(|block| (block, block.lines(faces, BESIDE_QR)))
        .filter(|(_, fitted)| !fitted.is_empty())
        .collect();
    let height: f32 = fitted
        .iter()
        .enumerate()
        .map(|(i, (block, fitted))| Block::height(fitted) + if i > 0 { block.gap } else { 0.0 })
        .sum();
    // Level with the photo's bottom, or right under the top group if that is higher.
    let gap = fitted.first().map_or(0.0, |(block, _)| block.gap);
    let mut top = (PHOTO[1] + height).min(top - gap);
    for (i, (block, fitted)) in fitted.into_iter().enumerate() {
        if i > 0 {
            top -= block.gap;
        }
        let height = Block::height(&fitted);
        lines.extend(block.place(fitted, top, BESIDE_QR));
        top -= height;
    }
    lines.retain(|placed| !placed.fitted.text.is_empty());

    let initials = (!with_photo)
        .then(|| {
            let size = 26.0;
            TextBox {
                slot: "initials",
                weight: Weight::Bold,
                left: PHOTO[0] + 2.0,
                right: PHOTO[0] + PHOTO[2] - 2.0,
                baseline: PHOTO[1] + PHOTO[3] / 2.0 - CAP_HEIGHT * in_mm(size) / 2.0,
                max_size: size,
                min_size: 8.0,
                align: Align::Centre,
                color: grey(0.55),
            }
            .place(faces, &initials(&badge.full_name))
        })
        .filter(|placed| !placed.fitted.text.is_empty());
    BadgeText { lines, initials }
}

/// The first letter of the first and of the last word: "Aïssatou N'Diaye-Sène" is "AN".
fn initials(full_name: &str) -> String {
    let words: Vec<&str> = full_name.split_whitespace().collect();
    let first_letter = |word: &&str| word.chars().find(|c| c.is_alphanumeric());
    let first = words.first().and_then(first_letter);
    let last = words
        .get(1..)
        .and_then(|rest| rest.last())
        .and_then(first_letter);
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// The page footer: the sheet's title, the page, and how to print it.
fn layout_footer(faces: &Faces, title: &str, page: usize, pages: usize) -> Placed {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut text = format!("page {page}/{pages} · imprimer à 100 % (taille réelle)");
    if !title.is_empty() {
        text = format!("{title} · {text}");
    }
    TextBox {
        slot: "footer",
        weight: Weight::Regular,
        left: MARGIN_X_MM,
        right: PAGE_WIDTH_MM - MARGIN_X_MM,
        baseline: 4.0,
        max_size: 6.5,
        min_size: 5.0,
        align: Align::Centre,
        color: grey(0.4),
    }
    .place(faces, &text)
}

/// A photo ready for the PDF: a baseline or progressive 8-bit JPEG, grey or YCbCr.
struct Photo {
    jpeg: Vec<u8>,
    width: u32,
    height: u32,
    grey: bool,
}

/// A JPEG's frame header, and whether it carries EXIF (possibly an orientation).
struct JpegHeader {
    frame: u8,
    precision: u8,
    width: u16,
    height: u16,
    components: u8,
    exif: bool,
}

/// Reads the markers of a JPEG up to its frame header.
fn jpeg_header(bytes: &[u8]) -> Option<JpegHeader> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut exif = false;
    let mut i = 2;
    loop {
        if *bytes.get(i)? != 0xFF {
            return None;
        }
        while *bytes.get(i)? == 0xFF {
            i += 1;
        }
        let marker = bytes[i];
        i += 1;
        match marker {
            0x01 | 0xD0..=0xD8 => continue,
            0xD9 | 0xDA => return None,
            _ => {}
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(i)?, *bytes.get(i + 1)?]));
        let segment = bytes.get(i + 2..i + length.max(2))?;
        match marker {
            0xE1 if segment.starts_with(b"Exif\0") => exif = true,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let &[precision, h1, h2, w1, w2, components, ..] = segment else {
                    return None;
                };
                return Some(JpegHeader {
                    frame: marker,
                    precision,
                    height: u16::from_be_bytes([h1, h2]),
                    width: u16::from_be_bytes([w1, w2]),
                    components,
                    exif,
                });
            }
            _ => {}
        }
        i += length.max(2);
    }
}

/// The long side past which a photo is re-encoded, in pixels: twice a thumbnail's.
const PASS_THROUGH_MAX_SIDE: u16 = 640;
/// The most bytes a photo goes into the PDF as it is.
const PASS_THROUGH_MAX_BYTES: usize = 256 * 1024;
/// A re-encoded photo's long side and quality: an upload's thumbnail (about 250 dpi here).
const THUMBNAIL_MAX_SIDE: u32 = 320;
const THUMBNAIL_QUALITY: u8 = 80;

fn prepare_photo(jpeg: &[u8]) -> Result<Photo> {
    if let Some(header) = jpeg_header(jpeg)
        && matches!(header.frame, 0xC0..=0xC2)
        && header.precision == 8
        && matches!(header.components, 1 | 3)
        && header.width > 0
        && header.height > 0
        && header.width.max(header.height) <= PASS_THROUGH_MAX_SIDE
        && jpeg.len() <= PASS_THROUGH_MAX_BYTES
        && !header.exif
    {
        return Ok(Photo {
            jpeg: jpeg.to_vec(),
            width: u32::from(header.width),
            height: u32::from(header.height),
            grey: header.components == 1,
        });
    }
    let mut decoder = JpegDecoder::new(Cursor::new(jpeg)).context("not a JPEG")?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).context("the JPEG does not decode")?;
    image.apply_orientation(orientation);
    if image.width().max(image.height()) > THUMBNAIL_MAX_SIDE {
        image = image.thumbnail(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE);
    }
    let grey = !image.color().has_color();
    let image = if grey {
        DynamicImage::ImageLuma8(image.to_luma8())
    } else {
        DynamicImage::ImageRgb8(image.to_rgb8())
    };
    let mut out = Vec::new();
    image
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, THUMBNAIL_QUALITY))
        .context("re-encoding a badge photo")?;
    Ok(Photo {
        jpeg: out,
        width: image.width(),
        height: image.height(),
        grey,
    })
}

/// An image XObject of the JPEG's own bytes.
fn photo_xobject(photo: Photo) -> ExternalXObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let color_space = if photo.grey {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    let dict = [
        ("Type", name("XObject")),
        ("Subtype", name("Image")),
        ("Width", DictItem::Int(i64::from(photo.width))),
        ("Height", DictItem::Int(i64::from(photo.height))),
        ("ColorSpace", name(color_space)),
        ("BitsPerComponent", DictItem::Int(8)),
        ("Filter", name("DCTDecode")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: photo.jpeg,
            compress: false,
        },
        width: Some(Px(photo.width as usize)),
        height: Some(Px(photo.height as usize)),
        dpi: None,
    }
}

/// A QR code's dark modules as rectangles (column, row from the top, width, height), runs of
/// a row merged and stacked with the same run of the rows below.
fn qr_rectangles(code: &QrCode) -> Vec<[usize; 4]> {
    let n = code.width();
    let colors = code.to_colors();
    let mut rects: Vec<[usize; 4]> = Vec::new();
    let mut open: HashMap<(usize, usize), usize> = HashMap::new();
    for row in 0..n {
        let mut next = HashMap::new();
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != qrcode::Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == qrcode::Color::Dark {
                col += 1;
            }
            let run = (start, col - start);
            let index = match open.get(&run) {
                Some(&index) => {
                    rects[index][3] += 1;
                    index
                }
                None => {
                    rects.push([start, row, run.1, 1]);
                    rects.len() - 1
                }
            };
            next.insert(run, index);
        }
        open = next;
    }
    rects
}

/// Rounds to a hundredth of a point: shorter content streams, far below what prints.
fn r(v: f32) -> Pt {
    Pt((v * 100.0).round() / 100.0)
}

fn rect(x: f32, y: f32, width: f32, height: f32, mode: PaintMode) -> Op {
    let winding_order = (mode == PaintMode::Clip).then_some(WindingOrder::NonZero);
    Op::DrawRectangle {
        rectangle: Rect {
            x: r(x),
            y: r(y),
            width: r(width),
            height: r(height),
            mode: Some(mode),
            winding_order,
        },
    }
}

fn line(points: [(f32, f32); 2]) -> Op {
    Op::DrawLine {
        line: printpdf::Line {
            points: points
                .iter()
                .map(|&(x, y)| LinePoint {
                    p: Point { x: r(x), y: r(y) },
                    bezier: false,
                })
                .collect(),
            is_closed: false,
        },
    }
}

fn text_ops(ops: &mut Vec<Op>, placed: &Placed, fonts: &[FontId; 2], dx: f32, dy: f32) {
    debug_assert!(
        placed.x >= placed.left - 0.01 && placed.x + placed.fitted.width <= placed.right + 0.01,
        "{} out of its box: {placed:?}",
        placed.slot
    );
    let font = match placed.weight {
        Weight::Regular => &fonts[0],
        Weight::Bold => &fonts[1],
    };
    ops.extend([
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(font.clone()),
            size: Pt(placed.fitted.size),
        },
        Op::SetFillColor {
            col: placed.color.clone(),
        },
        Op::SetTextCursor {
            pos: Point {
                x: r(placed.x + dx),
                y: r(placed.y + dy),
            },
        },
        Op::ShowText {
            items: vec![TextItem::Text(placed.fitted.text.clone())],
        },
        Op::EndTextSection,
    ]);
}

/// Everything of one badge laid out, ready to draw.
struct Prepared<'a> {
    text: BadgeText,
    qr: Vec<[usize; 4]>,
    qr_width: usize,
    photo: Option<&'a (XObjectId, u32, u32)>,
}

fn badge_ops(ops: &mut Vec<Op>, badge: &Prepared<'_>, fonts: &[FontId; 2], x: f32, y: f32) {
    // The band.
    ops.push(Op::SetFillColor { col: band_color() });
    ops.push(rect(
        x + mm(BAND[0]),
        y + mm(BAND[1]),
        mm(BAND[2]),
        mm(BAND[3]),
        PaintMode::Fill,
    ));
    // The photo, filling its frame, or a neutral box with the initials.
    let [px, py, pw, ph] = PHOTO.map(mm);
    let (px, py) = (x + px, y + py);
    match badge.photo {
        Some((id, width, height)) => {
            let (width, height) = (*width as f32, *height as f32);
            let scale = (pw / width).max(ph / height);
            let (dw, dh) = (width * scale, height * scale);
            ops.extend([
                Op::SaveGraphicsState,
                rect(px, py, pw, ph, PaintMode::Clip),
                Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([
                        dw,
                        0.0,
                        0.0,
                        dh,
                        px + (pw - dw) / 2.0,
                        py + (ph - dh) / 2.0,
                    ]),
                },
                Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        no_auto_scale: true,
                        ..Default::default()
                    },
                },
                Op::RestoreGraphicsState,
            ]);
        }
        None => {
            ops.push(Op::SetFillColor { col: grey(0.9) });
            ops.push(rect(px, py, pw, ph, PaintMode::Fill));
        }
    }
    // The QR code: one path in module units, y up.
    let n = badge.qr_width;
    let module = mm(QR_SIDE) / n as f32;
    let rings = badge
        .qr
        .iter()
        .map(|&[col, row, w, h]| {
            let (x0, x1) = (col as f32, (col + w) as f32);
            let (y0, y1) = ((n - row - h) as f32, (n - row) as f32);
            PolygonRing {
                points: [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                    .into_iter()
                    .map(|(x, y)| LinePoint {
                        p: Point { x: Pt(x), y: Pt(y) },
                        bezier: false,
                    })
                    .collect(),
            }
        })
        .collect();
    ops.extend([
        Op::SaveGraphicsState,
        Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([
                module,
                0.0,
                0.0,
                module,
                r(x + mm(QR_X)).0,
                r(y + mm(QR_Y)).0,
            ]),
        },
        Op::SetFillColor { col: grey(0.0) },
        Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        },
        Op::RestoreGraphicsState,
    ]);
    for placed in badge.text.lines.iter().chain(&badge.text.initials) {
        text_ops(ops, placed, fonts, x, y);
    }
}

/// Hairline borders round each badge of the page and crop marks on every cut line.
fn cut_ops(ops: &mut Vec<Op>, on_page: usize) {
    let (w, h) = (mm(BADGE_WIDTH_MM), mm(BADGE_HEIGHT_MM));
    let left = mm(MARGIN_X_MM);
    let top = mm(PAGE_HEIGHT_MM - MARGIN_Y_MM);
    ops.push(Op::SetOutlineThickness { pt: Pt(0.3) });
    ops.push(Op::SetOutlineColor { col: grey(0.75) });
    for slot in 0..on_page {
        let (col, row) = (slot % COLUMNS, slot / COLUMNS);
        let (x, y) = (left + col as f32 * w, top - (row + 1) as f32 * h);
        ops.push(rect(x, y, w, h, PaintMode::Stroke));
    }
    let columns = on_page.min(COLUMNS);
    let rows = on_page.div_ceil(COLUMNS);
    let (right, bottom) = (left + columns as f32 * w, top - rows as f32 * h);
    let (near, far) = (mm(2.0), mm(6.0));
    ops.push(Op::SetOutlineThickness { pt: Pt(0.25) });
    ops.push(Op::SetOutlineColor { col: grey(0.0) });
    for i in 0..=columns {
        let x = left + i as f32 * w;
        ops.push(line([(x, top + near), (x, top + far)]));
        ops.push(line([(x, bottom - near), (x, bottom - far)]));
    }
    for j in 0..=rows {
        let y = top - j as f32 * h;
        ops.push(line([(left - near, y), (left - far, y)]));
        ops.push(line([(right + near, y), (right + far, y)]));
    }
}

/// A print-ready A4 PDF of `badges`, [`BADGES_PER_PAGE`] a page in their order, titled `title`
/// (the document's title, and each page's footer).
///
/// Fails with [`Error::BadRequest`] for an empty list (there is no sheet to print: a PDF must
/// have a page), and for a badge whose project code is empty or too long for any QR code.
/// A photo that is not a usable JPEG does not fail: that badge gets its initials instead.
pub fn render(badges: &[Badge], title: &str) -> Result<Vec<u8>> {
    if badges.is_empty() {
        return Err(Error::BadRequest(
            ProblemCode::BadgeUnprintable,
            "no badge to print".into(),
        ));
    }
    let faces = FACES
        .as_ref()
        .context("the built-in badge fonts do not parse")?;

    let mut qr_codes = Vec::with_capacity(badges.len());
    for (i, badge) in badges.iter().enumerate() {
        if badge.project_code.trim().is_empty() {
            return Err(Error::BadRequest(
                ProblemCode::BadgeUnprintable,
                format!("badge {}: no project code", i + 1),
            ));
        }
        let code = QrCode::with_error_correction_level(badge.project_code.as_bytes(), EcLevel::M)
            .map_err(|_| {
            Error::BadRequest(
                ProblemCode::BadgeUnprintable,
                format!(
                    "badge {}: the project code is too long for a QR code",
                    i + 1
                ),
            )
        })?;
        qr_codes.push(code);
    }

    let mut doc = PdfDocument::new(title);
    doc.metadata.info.creator = "taalentio".into();
    doc.metadata.info.creation_date = DateTime::now();
    doc.metadata.info.modification_date = doc.metadata.info.creation_date;

    // Each distinct photo once.
    let mut photos: HashMap<&[u8], Option<(XObjectId, u32, u32)>> = HashMap::new();
    for (i, badge) in badges.iter().enumerate() {
        let Some(jpeg) = badge.photo_jpeg.as_deref() else {
            continue;
        };
        if photos.contains_key(jpeg) {
            continue;
        }
        let placed = match prepare_photo(jpeg) {
            Ok(photo) => {
                let size = (photo.width, photo.height);
                Some((doc.add_xobject(&photo_xobject(photo)), size.0, size.1))
            }
            Err(error) => {
                tracing::warn!(badge = i + 1, %error, "badge photo left out: initials instead");
                None
            }
        };
        photos.insert(jpeg, placed);
    }

    let prepared: Vec<Prepared<'_>> = badges
        .iter()
        .zip(&qr_codes)
        .map(|(badge, code)| {
            let photo = badge
                .photo_jpeg
                .as_deref()
                .and_then(|jpeg| photos.get(jpeg))
                .and_then(Option::as_ref);
            Prepared {
                text: layout_badge(faces, badge, photo.is_some()),
                qr: qr_rectangles(code),
                qr_width: code.width(),
                photo,
            }
        })
        .collect();
    let pages = badges.len().div_ceil(BADGES_PER_PAGE);
    let footers: Vec<Placed> = (1..=pages)
        .map(|page| layout_footer(faces, title, page, pages))
        .collect();

    // The fonts, cut down to what the sheet prints.
    let mut used = [BTreeSet::new(), BTreeSet::new()];
    let all_text = prepared
        .iter()
        .flat_map(|p| p.text.lines.iter().chain(&p.text.initials))
        .chain(&footers);
    for placed in all_text {
        let set = &mut used[usize::from(placed.weight == Weight::Bold)];
        set.extend(placed.fitted.text.chars());
    }
    let fonts = [
        doc.add_font(&faces.regular.subset(&used[0])?),
        doc.add_font(&faces.bold.subset(&used[1])?),
    ];

    let (w, h) = (mm(BADGE_WIDTH_MM), mm(BADGE_HEIGHT_MM));
    let (left, top) = (mm(MARGIN_X_MM), mm(PAGE_HEIGHT_MM - MARGIN_Y_MM));
    let pdf_pages = prepared
        .chunks(BADGES_PER_PAGE)
        .zip(&footers)
        .map(|(chunk, footer)| {
            let mut ops = Vec::new();
            for (slot, badge) in chunk.iter().enumerate() {
                let (col, row) = (slot % COLUMNS, slot / COLUMNS);
                let (x, y) = (left + col as f32 * w, top - (row + 1) as f32 * h);
                badge_ops(&mut ops, badge, &fonts, x, y);
            }
            cut_ops(&mut ops, chunk.len());
            text_ops(&mut ops, footer, &fonts, 0.0, 0.0);
            PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops)
        })
        .collect();
    doc.with_pages(pdf_pages);

    let options = PdfSaveOptions {
        optimize: true,
        // Done above: printpdf subsets only with its HTML layout stack.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let pdf = doc.save(&options, &mut warnings);
    for warning in warnings
        .iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        tracing::warn!(message = %warning.msg, "badge PDF");
    }
    Ok(pdf)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::process::Command;
    use std::time::Instant;

    use image::{Rgb as Pixel, RgbImage};

    use super::*;

    fn faces() -> &'static Faces {
        FACES.as_ref().expect("the built-in fonts parse")
    }

    /// A small photo, different for each `seed`, as the uploads' thumbnails are.
    fn photo(seed: u32, width: u32, height: u32) -> Vec<u8> {
        // Smooth shades with a few edges, like a portrait more than like noise.
        let image = RgbImage::from_fn(width, height, |x, y| {
            let (cx, cy) = (width as i64 / 2, height as i64 * 2 / 5);
            let (dx, dy) = (x as i64 - cx, y as i64 - cy);
            let face = dx * dx * 3 + dy * dy * 2 < (width as i64 * width as i64) / 2;
            let shade = |base: u32| ((base + x / 2 + y / 3) % 256) as u8;
            if face {
                Pixel([shade(150 + seed % 60), shade(110 + seed / 60 % 40), 90])
            } else {
                Pixel([
                    shade(seed * 37),
                    shade(seed * 11 + 80),
                    shade(seed * 3 + 160),
                ])
            }
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 80))
            .unwrap();
        out
    }

    fn badge(name: &str, code: &str, photo_jpeg: Option<Vec<u8>>) -> Badge {
        Badge {
            full_name: name.into(),
            role: "Rôle : Aïcha (premier rôle)".into(),
            project_title: "Le Cœur des Îles".into(),
            production_name: "Productions Sène & Fils".into(),
            dates: "12 → 30 janv. 2027".into(),
            project_code: code.into(),
            photo_jpeg,
        }
    }

    fn run(program: &str, args: &[&str], dir: &Path) -> String {
        let output = Command::new(program)
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "{program} must be installed (poppler-utils, zbar-tools; stack.sh does it): {e}"
                )
            });
        assert!(
            output.status.success(),
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Objects of the PDF by kind: image XObjects, embedded font programs, pages.
    fn census(pdf: &[u8]) -> (lopdf::Document, usize, usize) {
        let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
        let mut images = 0;
        let mut font_files = 0;
        for object in doc.objects.values() {
            let dict = match object {
                lopdf::Object::Stream(stream) => &stream.dict,
                lopdf::Object::Dictionary(dict) => dict,
                _ => continue,
            };
            if dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Image") {
                images += 1;
            }
            if dict.has(b"FontFile2") {
                font_files += 1;
            }
        }
        (doc, images, font_files)
    }

    #[test]
    fn three_badges_are_read_back_by_independent_readers() {
        let badges = [
            badge(
                "Aïssatou N'Diaye-Sène",
                "PRJ7K3M9Q2-ABCD2345",
                Some(photo(1, 256, 320)),
            ),
            badge("François Lefèvre", "PRJ7K3M9Q2-EFGH6789", None),
            badge(
                "Zoë Bœuf-Maïté",
                "PRJ7K3M9Q2-JKMN2345",
                Some(photo(2, 320, 240)),
            ),
        ];
        let pdf = render(&badges, "Badges · Le Cœur des Îles").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("badges.pdf"), &pdf).unwrap();
        run(
            "pdftoppm",
            &[
                "-r",
                "200",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                "badges.pdf",
                "page",
            ],
            dir.path(),
        );
        let decoded = run("zbarimg", &["--raw", "-q", "page.png"], dir.path());
        let mut codes: Vec<&str> = decoded.lines().filter(|l| !l.is_empty()).collect();
        codes.sort_unstable();
        let mut expected: Vec<&str> = badges.iter().map(|b| b.project_code.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(codes, expected);

        let text = run(
            "pdftotext",
            &["-enc", "UTF-8", "badges.pdf", "-"],
            dir.path(),
        );
        for wanted in [
            "Aïssatou N'Diaye-Sène",
            "François Lefèvre",
            "Zoë Bœuf-Maïté",
            "Le Cœur des Îles",
            "Rôle : Aïcha (premier rôle)",
            "Productions Sène & Fils",
            "12 → 30 janv. 2027",
            "PRJ7K3M9Q2-JKMN2345",
            "page 1/1",
        ] {
            assert!(text.contains(wanted), "{wanted:?} not in the text:\n{text}");
        }

        let (doc, images, font_files) = census(&pdf);
        assert_eq!(doc.get_pages().len(), 1);
        assert_eq!(images, 2, "two photos, one placeholder");
        assert_eq!(font_files, 2, "regular and bold, once each");
    }

    /// A sheet to look at: `cargo test -p taalentio --lib cinema::badges::tests::sample_sheet
    /// -- --ignored` writes badges-sample.pdf to $BADGES_SAMPLE_DIR (default: the temp dir).
    #[test]
    #[ignore = "writes a sample sheet to look at"]
    fn sample_sheet() {
        let mut badges = vec![
            badge(
                "Aïssatou N'Diaye-Sène",
                "PRJ7K3M9Q2-ABCD2345",
                Some(photo(1, 256, 320)),
            ),
            badge("François Lefèvre", "PRJ7K3M9Q2-EFGH6789", None),
            badge(
                "Marie-Thérèse Aïssatou N'Diaye-Sène de la Rochefoucauld",
                "PRJ7K3M9Q2-JKMN2345",
                Some(photo(2, 320, 240)),
            ),
        ];
        badges[1].role = "Figurant".into();
        badges[2].role =
            "Rôle : Marie-Thérèse de la Rochefoucauld-Montbazon (second rôle, doublure)".into();
        badges[2].production_name = "Les Films du Fleuve Sénégal & Coproductions Œuvre".into();
        badges[2].project_title =
            "Le Cœur des Îles : chronique d'une traversée entre Dakar et Gorée".into();
        let pdf = render(&badges, "Badges · Le Cœur des Îles").unwrap();
        let dir = std::env::var_os("BADGES_SAMPLE_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        let path = dir.join("badges-sample.pdf");
        std::fs::write(&path, pdf).unwrap();
        println!("{}", path.display());
    }

    #[test]
    fn three_hundred_badges_render_fast_and_small() {
        let started = Instant::now();
        let badges: Vec<Badge> = (0..300)
            .map(|i| {
                badge(
                    &format!("Aïssatou N'Diaye-Sène {i}"),
                    &format!("PRJ7K3M9Q2-{i:08}"),
                    Some(photo(i, 160, 200)),
                )
            })
            .collect();
        let photos = started.elapsed();

        let started = Instant::now();
        let pdf = render(&badges, "Le Cœur des Îles").unwrap();
        let elapsed = started.elapsed();
        let photo_bytes: usize = badges
            .iter()
            .flat_map(|b| &b.photo_jpeg)
            .map(Vec::len)
            .sum();
        println!(
            "300 badges: {} pages, {} bytes ({} of them photos) in {elapsed:?} ({} build; photos made in {photos:?})",
            300usize.div_ceil(BADGES_PER_PAGE),
            pdf.len(),
            photo_bytes,
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            },
        );

        let (doc, images, font_files) = census(&pdf);
        assert_eq!(doc.get_pages().len(), 300usize.div_ceil(BADGES_PER_PAGE));
        assert_eq!(doc.get_pages().len(), 30);
        assert_eq!(images, 300, "each photo once");
        assert_eq!(font_files, 2, "each font once");
    }

    #[test]
    fn a_partial_last_page_and_a_single_badge() {
        let badges: Vec<Badge> = (0..11)
            .map(|i| badge("Sène", &format!("PRJ-{i}"), None))
            .collect();
        let (doc, images, _) = census(&render(&badges, "x").unwrap());
        assert_eq!(doc.get_pages().len(), 2);
        assert_eq!(images, 0);
        let (doc, _, _) = census(&render(&badges[..1], "").unwrap());
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn the_same_photo_is_embedded_once() {
        let jpeg = photo(7, 200, 250);
        let badges: Vec<Badge> = (0..12)
            .map(|i| badge("Sène", &format!("PRJ-{i}"), Some(jpeg.clone())))
            .collect();
        let (_, images, _) = census(&render(&badges, "x").unwrap());
        assert_eq!(images, 1);
    }

    #[test]
    fn an_empty_list_is_a_bad_request() {
        assert!(matches!(render(&[], "x"), Err(Error::BadRequest(..))));
    }

    #[test]
    fn a_missing_or_oversized_project_code_is_a_bad_request() {
        for code in ["", "  ", &"X".repeat(5_000)] {
            let badges = [badge("Sène", "PRJ-1", None), badge("Sène", code, None)];
            match render(&badges, "x") {
                Err(Error::BadRequest(_, message)) => assert!(message.starts_with("badge 2:")),
                other => panic!("{code:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_bad_photo_gets_the_initials_and_a_large_one_is_reencoded() {
        let large = photo(3, 1200, 900);
        let badges = [
            badge(
                "Aïssatou N'Diaye-Sène",
                "PRJ-1",
                Some(b"not a jpeg".to_vec()),
            ),
            badge("Sène", "PRJ-2", Some(large.clone())),
        ];
        let pdf = render(&badges, "x").unwrap();
        let (doc, images, _) = census(&pdf);
        assert_eq!(images, 1);
        let width = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .find(|s| s.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Image"))
            .and_then(|s| s.dict.get(b"Width").ok()?.as_i64().ok())
            .unwrap();
        assert_eq!(width, i64::from(THUMBNAIL_MAX_SIDE));

        let placeholder = layout_badge(faces(), &badges[0], false);
        assert_eq!(placeholder.initials.unwrap().fitted.text, "AN");
        assert_eq!(initials("  "), "");
        assert_eq!(initials("Œdipe"), "Œ");
        assert_eq!(initials("'Ndeye fall"), "NF");
    }

    #[test]
    fn a_thumbnail_goes_in_as_its_own_bytes() {
        let jpeg = photo(4, 256, 320);
        let header = jpeg_header(&jpeg).unwrap();
        assert_eq!(
            (header.width, header.height, header.components),
            (256, 320, 3)
        );
        let prepared = prepare_photo(&jpeg).unwrap();
        assert_eq!(prepared.jpeg, jpeg);
        assert!(jpeg_header(b"\xFF\xD8\xFF").is_none());
        assert!(jpeg_header(b"GIF89a").is_none());
    }

    #[test]
    fn short_text_keeps_its_size_longer_shrinks_then_is_cut() {
        let face = &faces().bold;
        let short = fit(face, "Sène", mm(50.0), 12.0, 7.0);
        assert_eq!((short.text.as_str(), short.size), ("Sène", 12.0));

        let medium = "Aïssatou N'Diaye-Sène Ba";
        let shrunk = fit(face, medium, mm(50.0), 12.0, 7.0);
        assert_eq!(shrunk.text, medium);
        assert!(shrunk.size < 12.0 && shrunk.size >= 7.0, "{shrunk:?}");
        assert!(shrunk.width <= mm(50.0));

        let long = "Aïssatou ".repeat(40);
        let cut = fit(face, &long, mm(50.0), 12.0, 7.0);
        assert_eq!(cut.size, 7.0);
        assert!(cut.text.starts_with("Aïssatou Aïssatou") && cut.text.ends_with(ELLIPSIS));
        assert!(cut.width <= mm(50.0));
        assert!(cut.width > mm(45.0), "the cut uses the room: {cut:?}");

        let messy = fit(face, "  Zoë\n\tBœuf \u{7} 李 ", mm(50.0), 12.0, 7.0);
        assert_eq!(messy.text, "Zoë Bœuf ?");
        let nothing = fit(face, "Aïssatou", 1.0, 12.0, 7.0);
        assert_eq!(nothing.text, "");
    }

    #[test]
    fn names_wrap_on_two_lines_before_they_shrink_much() {
        let face = &faces().bold;
        let width = mm(BADGE_WIDTH_MM - PAD - COLUMN_X);
        let one = fit_lines(face, "Aïssatou N'Diaye-Sène", width, 2, 12.0, 7.0);
        assert_eq!(one.len(), 1, "{one:?}");
        assert!(one[0].size >= 12.0 * 0.8);

        let two = fit_lines(
            face,
            "Marie-Thérèse Aïssatou N'Diaye-Sène Ba",
            width,
            2,
            12.0,
            7.0,
        );
        let texts: Vec<&str> = two.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Marie-Thérèse Aïssatou", "N'Diaye-Sène Ba"]);

        // After a hyphen when no space allows the same size.
        let hyphen = fit_lines(
            face,
            "Marie-Thérèse N'Diaye-Sène Rochefoucauld",
            width,
            2,
            12.0,
            7.0,
        );
        let texts: Vec<&str> = hyphen.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Marie-Thérèse N'Diaye-", "Sène Rochefoucauld"]);
        assert!(hyphen.iter().all(|l| l.size == 12.0 && l.width <= width));
        assert!(two.iter().all(|l| l.size == 12.0 && l.width <= width));

        // After a hyphen too.
        let hyphens = fit_lines(face, &"Sène-".repeat(7), width, 2, 12.0, 7.0);
        assert_eq!(hyphens.len(), 2);
        assert!(hyphens[0].text.ends_with('-'));

        let cut = fit_lines(face, &"Aïssatou ".repeat(40), width, 2, 12.0, 7.0);
        assert_eq!(cut.len(), 2);
        assert!(cut.iter().all(|l| l.size == 7.0 && l.width <= width));
        assert!(!cut[0].text.ends_with(ELLIPSIS));
        assert!(cut[1].text.ends_with(ELLIPSIS));

        assert!(fit_lines(face, " \n ", width, 2, 12.0, 7.0).is_empty());
    }

    #[test]
    fn very_long_texts_stay_in_their_boxes() {
        let long = "Marie-Thérèse Aïssatou N'Diaye-Sène de la Rochefoucauld ".repeat(8);
        let huge = Badge {
            full_name: long.clone(),
            role: long.clone(),
            project_title: long.clone(),
            production_name: long.clone(),
            dates: long.clone(),
            project_code: format!("PRJ7K3M9Q2-{}", "A".repeat(150)),
            photo_jpeg: None,
        };
        let layout = layout_badge(faces(), &huge, false);
        let slots: Vec<&str> = layout.lines.iter().map(|p| p.slot).collect();
        assert_eq!(
            slots,
            [
                "title",
                "code",
                "name",
                "name",
                "role",
                "role",
                "dates",
                "production",
                "production"
            ]
        );
        for placed in layout.lines.iter().chain(&layout.initials) {
            let size = placed.fitted.size;
            assert!(size >= 4.5, "{placed:?}");
            let measured = faces().get(placed.weight).width(&placed.fitted.text, size);
            assert!((measured - placed.fitted.width).abs() < 0.01);
            // Across: inside its box, and its box inside the badge.
            assert!(placed.x >= placed.left - 0.01, "{placed:?}");
            assert!(
                placed.x + placed.fitted.width <= placed.right + 0.01,
                "{placed:?}"
            );
            assert!(placed.left >= mm(2.0) && placed.right <= mm(BADGE_WIDTH_MM - 2.0));
            // Down: inside the badge, under the band, clear of the QR code.
            let (top, bottom) = (placed.y + size * CAP_HEIGHT, placed.y - size * DESCENT);
            assert!(bottom >= mm(PAD) - 0.01, "{placed:?}");
            if placed.slot != "title" {
                assert!(top <= mm(BAND[1]), "{placed:?}");
            }
            if !matches!(placed.slot, "title" | "code" | "initials") {
                assert!(bottom >= mm(PHOTO[1]) - 0.01, "over the code: {placed:?}");
                if placed.right > mm(BESIDE_QR) + 0.01 {
                    assert!(bottom >= mm(QR_CLEAR_TOP), "{placed:?}");
                }
            }
            if placed.slot == "code" {
                assert!(top < mm(PHOTO[1]) && top < mm(QR_Y), "{placed:?}");
            }
        }
        let name: Vec<&Placed> = layout.lines.iter().filter(|p| p.slot == "name").collect();
        assert!(name[1].fitted.text.ends_with(ELLIPSIS));
        assert_eq!(name[1].fitted.size, 7.0);
        // Lines of a block do not overlap.
        for pair in layout.lines.windows(2) {
            if pair[0].slot == pair[1].slot {
                let (a, b) = (&pair[0], &pair[1]);
                assert!(a.y - a.fitted.size * DESCENT >= b.y + b.fitted.size * CAP_HEIGHT);
            }
        }

        // And the whole badge renders.
        let (doc, _, _) = census(&render(&[huge], &long).unwrap());
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn qr_rectangles_cover_exactly_the_dark_modules() {
        let code = QrCode::with_error_correction_level(b"PRJ7K3M9Q2-ABCD2345", EcLevel::M).unwrap();
        let n = code.width();
        let mut painted = BTreeMap::new();
        for [col, row, w, h] in qr_rectangles(&code) {
            for y in row..row + h {
                for x in col..col + w {
                    assert!(painted.insert((x, y), ()).is_none(), "overlap at {x},{y}");
                }
            }
        }
        let colors = code.to_colors();
        for y in 0..n {
            for x in 0..n {
                let dark = colors[y * n + x] == qrcode::Color::Dark;
                assert_eq!(painted.contains_key(&(x, y)), dark, "module {x},{y}");
            }
        }
    }
}
