//! Whole sheets: what the readers find, pages, speed and size, bad input, the QR paths.

use std::collections::BTreeMap;
use std::time::Instant;

use qrcode::{EcLevel, QrCode};

use crate::Error;

use super::{badge, census, photo, run};
use crate::cinema::badges::{BADGES_PER_PAGE, Badge, draw::qr_rectangles, pdf::render};

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

/// A sheet to look at: `cargo test -p taalentio --lib cinema::badges::tests::sheet::sample_sheet
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
