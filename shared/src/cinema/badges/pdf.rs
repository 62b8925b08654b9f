//! The PDF assembly: fonts subset once, photos embedded once each, pages of badges.

use anyhow::Context;
use std::collections::{BTreeSet, HashMap};

use printpdf::{
    DateTime, Mm, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, XObjectId,
};
use qrcode::{EcLevel, QrCode};

use crate::error::ProblemCode;
use crate::{Error, Result};

use super::{
    BADGE_HEIGHT_MM, BADGE_WIDTH_MM, BADGES_PER_PAGE, Badge, COLUMNS,
    draw::{Prepared, badge_ops, cut_ops, qr_rectangles, text_ops},
    fonts::{FACES, Weight},
    layout::{
        MARGIN_X_MM, MARGIN_Y_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, Placed, layout_badge,
        layout_footer, mm,
    },
    photo::{photo_xobject, prepare_photo},
};

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
