//! Photos: embedded once each, as their own bytes or re-encoded, initials when they fail.

use super::{badge, census, faces, photo};
use crate::cinema::badges::{
    Badge,
    layout::{initials, layout_badge},
    pdf::render,
    photo::{THUMBNAIL_MAX_SIDE, jpeg_header, prepare_photo},
};

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
