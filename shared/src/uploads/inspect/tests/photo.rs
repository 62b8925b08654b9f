//! Photos: cleaned and re-encoded, EXIF gone, bombs refused from their header.

use image::ImageFormat;

use super::{contains, jpeg, picture, png, png_claiming, rejection, webp_with_alpha, with_exif};
use crate::uploads::inspect::{
    JPEG, MAX_PIXELS, MAX_SIDE, PNG, inspect,
    kind::{FileType, UploadKind},
    photo::{ImageLimits, decode},
    verdict::{Inspected, Rejection},
};

#[test]
fn a_png_is_cleaned_into_a_png_with_a_jpeg_thumbnail() {
    let Inspected::Photo {
        content_type,
        width,
        height,
        cleaned,
        thumbnail,
    } = inspect(UploadKind::Photo, "image/png", &png(640, 400)).unwrap()
    else {
        panic!("not a photo");
    };
    assert_eq!((content_type, width, height), (PNG, 640, 400));
    let cleaned = image::load_from_memory_with_format(&cleaned, ImageFormat::Png).unwrap();
    assert_eq!((cleaned.width(), cleaned.height()), (640, 400));
    assert_eq!(cleaned.to_rgb8(), picture(640, 400), "PNG stays lossless");
    assert_eq!(FileType::sniff(&thumbnail), Some(FileType::Jpeg));
    let thumbnail = image::load_from_memory(&thumbnail).unwrap();
    assert_eq!((thumbnail.width(), thumbnail.height()), (320, 200));
}

#[test]
fn a_jpeg_is_cleaned_into_a_jpeg() {
    let inspected = inspect(UploadKind::Photo, "image/jpeg", &jpeg(200, 300)).unwrap();
    let Inspected::Photo {
        content_type,
        width,
        height,
        cleaned,
        thumbnail,
    } = inspected
    else {
        panic!("not a photo");
    };
    assert_eq!((content_type, width, height), (JPEG, 200, 300));
    assert_eq!(FileType::sniff(&cleaned), Some(FileType::Jpeg));
    // Smaller than a thumbnail already: kept at its size.
    let thumbnail = image::load_from_memory(&thumbnail).unwrap();
    assert_eq!((thumbnail.width(), thumbnail.height()), (200, 300));
}

#[test]
fn a_webp_becomes_a_jpeg_flattened_onto_white() {
    let inspected = inspect(UploadKind::Photo, "image/webp", &webp_with_alpha(50, 20)).unwrap();
    assert_eq!(inspected.content_type(), JPEG);
    let Inspected::Photo { cleaned, .. } = inspected else {
        panic!("not a photo");
    };
    let cleaned = image::load_from_memory_with_format(&cleaned, ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8();
    assert_eq!(cleaned.dimensions(), (50, 20));
    // x = 0 is fully transparent: white, give or take JPEG.
    assert!(cleaned.get_pixel(0, 10).0.iter().all(|&c| c > 235));
}

#[test]
fn exif_does_not_survive_and_its_orientation_is_applied() {
    let upload = with_exif(&jpeg(64, 32), 6, b"GPS-SECRET 48.8584N 2.2945E");
    assert!(contains(&upload, b"GPS-SECRET"));
    let Inspected::Photo {
        width,
        height,
        cleaned,
        thumbnail,
        ..
    } = inspect(UploadKind::Photo, "image/jpeg", &upload).unwrap()
    else {
        panic!("not a photo");
    };
    for bytes in [&cleaned, &thumbnail] {
        assert!(!contains(bytes, b"GPS-SECRET"));
        assert!(!contains(bytes, b"Exif\0\0"));
    }
    // Orientation 6 (rotate 90° clockwise): the 64×32 pixels stand upright as 32×64.
    assert_eq!((width, height), (32, 64));
    let cleaned = image::load_from_memory(&cleaned).unwrap();
    assert_eq!((cleaned.width(), cleaned.height()), (32, 64));
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    let bomb = png_claiming(50_000, 50_000);
    assert!(bomb.len() < 100);
    let refused = rejection(UploadKind::Photo, "image/png", &bomb);
    assert_eq!(
        refused,
        Rejection::TooManyPixels {
            width: 50_000,
            height: 50_000
        }
    );
    assert_eq!(
        refused.to_string(),
        "the image is 50000×50000 pixels; the limit is 40 megapixels"
    );
    // Few pixels, but one absurd side.
    assert_eq!(
        rejection(UploadKind::Photo, "image/png", &png_claiming(30_000, 10)),
        Rejection::TooLong {
            width: 30_000,
            height: 10
        }
    );
    // Within the limits, the same crafted file is merely unreadable (no pixel data).
    assert_eq!(
        rejection(UploadKind::Photo, "image/png", &png_claiming(100, 100)),
        Rejection::UnreadableImage
    );
}

#[test]
fn the_decoder_limits_are_a_second_guard() {
    // Header checks passed (generous pixel and side limits), allocation limit too small.
    let limits = ImageLimits {
        max_pixels: MAX_PIXELS,
        max_side: MAX_SIDE,
        max_alloc: 1_000,
    };
    assert_eq!(
        decode(&png(64, 64), ImageFormat::Png, &limits),
        Err(Rejection::ImageTooHeavy)
    );
    assert!(decode(&png(64, 64), ImageFormat::Png, &ImageLimits::DEFAULT).is_ok());
}

#[test]
fn truncated_images_are_refused() {
    // A JPEG cut inside its scan is decoded leniently, as browsers do (the rest is grey);
    // one cut before its frame header has no image at all.
    let whole = jpeg(64, 64);
    let refused = rejection(UploadKind::Photo, JPEG, &whole[..20]);
    assert_eq!(refused.to_string(), "the image cannot be read");
    let whole = png(64, 64);
    assert_eq!(
        rejection(UploadKind::Photo, PNG, &whole[..40]),
        Rejection::UnreadableImage
    );
}
