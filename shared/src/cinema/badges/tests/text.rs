//! Text in its boxes: shrunk, wrapped, cut, never out of its box.

use super::{census, faces};
use crate::cinema::badges::{
    BADGE_WIDTH_MM, Badge,
    fit::{fit, fit_lines},
    fonts::{CAP_HEIGHT, ELLIPSIS},
    layout::{
        BAND, BESIDE_QR, COLUMN_X, DESCENT, PAD, PHOTO, Placed, QR_CLEAR_TOP, QR_Y, layout_badge,
        mm,
    },
    pdf::render,
};

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
