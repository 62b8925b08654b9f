//! The badges read back by independent readers (pdftotext, pdfimages, zbarimg, lopdf), and
//! their layout checked box by box. The helpers here make the photos, badges and readers.

mod photos;
mod sheet;
mod text;

use std::path::Path;
use std::process::Command;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, Rgb as Pixel, RgbImage};

use crate::cinema::badges::{
    Badge,
    fonts::{FACES, Faces},
};

pub(super) fn faces() -> &'static Faces {
    FACES.as_ref().expect("the built-in fonts parse")
}

/// A small photo, different for each `seed`, as the uploads' thumbnails are.
pub(super) fn photo(seed: u32, width: u32, height: u32) -> Vec<u8> {
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

pub(super) fn badge(name: &str, code: &str, photo_jpeg: Option<Vec<u8>>) -> Badge {
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

pub(super) fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} must be installed (poppler-utils, zbar-tools; stack.sh does it): {e}")
        });
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Objects of the PDF by kind: image XObjects, embedded font programs, pages.
pub(super) fn census(pdf: &[u8]) -> (lopdf::Document, usize, usize) {
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
