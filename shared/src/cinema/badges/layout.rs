//! Where everything of a sheet goes: the page and badge geometry, and each text placed in its
//! box (the badge's lines, the initials, the page footer).

use printpdf::Color;

use super::{
    BADGE_HEIGHT_MM, BADGE_WIDTH_MM, Badge, COLUMNS, ROWS,
    draw::grey,
    fit::{Fitted, fit, fit_lines},
    fonts::{CAP_HEIGHT, Faces, Weight},
};

pub(super) const PAGE_WIDTH_MM: f32 = 210.0;
pub(super) const PAGE_HEIGHT_MM: f32 = 297.0;
pub(super) const MARGIN_X_MM: f32 = (PAGE_WIDTH_MM - COLUMNS as f32 * BADGE_WIDTH_MM) / 2.0;
pub(super) const MARGIN_Y_MM: f32 = (PAGE_HEIGHT_MM - ROWS as f32 * BADGE_HEIGHT_MM) / 2.0;

/// Millimetres to PDF points; everything below is laid out in points.
pub(super) const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

// A badge's inside, in millimetres from its bottom-left corner.
/// What any text keeps from the cut.
pub(super) const PAD: f32 = 3.5;
/// The dark band with the project title (x, y, width, height).
pub(super) const BAND: [f32; 4] = [2.0, 41.5, BADGE_WIDTH_MM - 4.0, 10.0];
/// The photo frame, 4:5 (x, y, width, height).
pub(super) const PHOTO: [f32; 4] = [PAD, 7.0, 24.0, 30.0];
/// The text column right of the photo.
pub(super) const COLUMN_X: f32 = PHOTO[0] + PHOTO[2] + 3.0;
/// The QR symbol's side, quiet zone not included, and its bottom-left corner.
pub(super) const QR_SIDE: f32 = 16.5;
pub(super) const QR_X: f32 = BADGE_WIDTH_MM - PAD - QR_SIDE;
pub(super) const QR_Y: f32 = 9.0;
/// Text left of the QR code stops before its quiet zone (4 modules of a version 1 symbol).
pub(super) const BESIDE_QR: f32 = QR_X - QR_SIDE / 21.0 * 4.0 - 0.5;

/// A line of text where it goes, in points: `x` is its left end, `y` its baseline, and
/// `left..right` the box it was fitted to. `slot` says what it is.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) slot: &'static str,
    pub(super) weight: Weight,
    pub(super) fitted: Fitted,
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) color: Color,
}

enum Align {
    Left,
    Centre,
    /// Centred on the QR code when that fits the box, else right-aligned in it.
    UnderQr,
}

/// A one-line text box, in millimetres from the badge's bottom-left corner.
struct TextBox {
    pub(super) slot: &'static str,
    pub(super) weight: Weight,
    pub(super) left: f32,
    pub(super) right: f32,
    baseline: f32,
    pub(super) max_size: f32,
    pub(super) min_size: f32,
    align: Align,
    pub(super) color: Color,
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
    pub(super) slot: &'static str,
    pub(super) text: &'a str,
    pub(super) weight: Weight,
    pub(super) max_size: f32,
    pub(super) min_size: f32,
    pub(super) max_lines: usize,
    /// Space above it, in millimetres.
    gap: f32,
    pub(super) color: Color,
}

/// Line spacing, and the depth of descenders, in ems.
const LEADING: f32 = 1.2;
pub(super) const DESCENT: f32 = 0.24;
/// The top of the text column (caps of its first line), under the band.
const COLUMN_TOP: f32 = BAND[1] - 2.5;
/// The top of the QR code's quiet zone: text lower than this stays left of it.
pub(super) const QR_CLEAR_TOP: f32 = QR_Y + QR_SIDE + QR_SIDE / 21.0 * 4.0;

/// Points to millimetres.
fn in_mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

impl Block<'_> {
    pub(super) fn lines(&self, faces: &Faces, right: f32) -> Vec<Fitted> {
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
    pub(super) fn height(lines: &[Fitted]) -> f32 {
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

/// A badge's text, in points from its bottom-left corner; the initials only without a photo.
pub(super) struct BadgeText {
    pub(super) lines: Vec<Placed>,
    pub(super) initials: Option<Placed>,
}

/// Lays a badge's text out. Right of the photo: the name (up to two lines) and the role (up to
/// two) from the top, the dates and the production (up to two lines) from the bottom, left of
/// the QR code; the two groups run on from each other when they would meet.
pub(super) fn layout_badge(faces: &Faces, badge: &Badge, with_photo: bool) -> BadgeText {
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
pub(super) fn initials(full_name: &str) -> String {
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
pub(super) fn layout_footer(faces: &Faces, title: &str, page: usize, pages: usize) -> Placed {
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
