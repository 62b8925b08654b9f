//! The drawing: a badge's band, photo, text and QR code, and the sheet's cut lines and crop
//! marks, as PDF operations.

use std::collections::HashMap;

use printpdf::{
    Color, CurTransMat, FontId, Greyscale, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon,
    PolygonRing, Pt, Rect, Rgb, TextItem, WindingOrder, XObjectId, XObjectTransform,
};
use qrcode::QrCode;

use super::{
    BADGE_HEIGHT_MM, BADGE_WIDTH_MM, COLUMNS,
    fonts::Weight,
    layout::{
        BAND, BadgeText, MARGIN_X_MM, MARGIN_Y_MM, PAGE_HEIGHT_MM, PHOTO, Placed, QR_SIDE, QR_X,
        QR_Y, mm,
    },
};

pub(super) fn grey(level: f32) -> Color {
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

/// A QR code's dark modules as rectangles (column, row from the top, width, height), runs of
/// a row merged and stacked with the same run of the rows below.
pub(super) fn qr_rectangles(code: &QrCode) -> Vec<[usize; 4]> {
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

pub(super) fn line(points: [(f32, f32); 2]) -> Op {
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

pub(super) fn text_ops(ops: &mut Vec<Op>, placed: &Placed, fonts: &[FontId; 2], dx: f32, dy: f32) {
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
pub(super) struct Prepared<'a> {
    pub(super) text: BadgeText,
    pub(super) qr: Vec<[usize; 4]>,
    pub(super) qr_width: usize,
    pub(super) photo: Option<&'a (XObjectId, u32, u32)>,
}

pub(super) fn badge_ops(
    ops: &mut Vec<Op>,
    badge: &Prepared<'_>,
    fonts: &[FontId; 2],
    x: f32,
    y: f32,
) {
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
pub(super) fn cut_ops(ops: &mut Vec<Op>, on_page: usize) {
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
