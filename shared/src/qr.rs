//! QR codes for links (a public profile, a check-in): PNG and SVG, error correction level M
//! (about 15% of the symbol may be damaged), with the standard 4-module quiet zone around it.

use anyhow::Context;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Luma};
use qrcode::{EcLevel, QrCode};

use crate::Result;

/// The largest module size [`png`] draws, in pixels: a full version 40 symbol is then under
/// 6,000 pixels a side.
pub const MAX_SCALE: u32 = 32;

/// Pixels per module in [`svg`]'s natural size; the `viewBox` lets it scale freely anyway.
const SVG_MODULE: u32 = 8;

fn encode(text: &str) -> Result<QrCode> {
    Ok(
        QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .with_context(|| format!("no QR code holds {} bytes at level M", text.len()))?,
    )
}

/// A black-on-white 8-bit greyscale PNG of `text`, each module `scale` pixels square
/// (clamped to 1..=[`MAX_SCALE`]). Fails only when `text` is too long for any QR code.
pub fn png(text: &str, scale: u32) -> Result<Vec<u8>> {
    let scale = scale.clamp(1, MAX_SCALE);
    let image = encode(text)?
        .render::<Luma<u8>>()
        .quiet_zone(true)
        .module_dimensions(scale, scale)
        .build();
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::L8,
        )
        .context("encoding a QR code as PNG")?;
    Ok(out)
}

/// A standalone SVG document of `text`, with a `viewBox` so that CSS can size it.
pub fn svg(text: &str) -> Result<String> {
    Ok(encode(text)?
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(SVG_MODULE, SVG_MODULE)
        .build())
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::process::Command;

    use quick_xml::events::Event;

    use super::*;

    const LINK: &str = "https://taalentio.example/p/ABCD2345";

    /// Decodes a PNG with an independent reader: zbarimg (Debian's zbar-tools, installed by
    /// infra/local/stack.sh).
    fn zbarimg(png: &[u8]) -> String {
        let mut file = tempfile::Builder::new().suffix(".png").tempfile().unwrap();
        file.write_all(png).unwrap();
        file.flush().unwrap();
        let output = Command::new("zbarimg")
            .args(["--raw", "-q"])
            .arg(file.path())
            .output()
            .expect("zbarimg must be installed (apt-get install zbar-tools; stack.sh does it)");
        assert!(
            output.status.success(),
            "zbarimg found no code: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    #[test]
    fn png_round_trips_through_an_independent_decoder() {
        let png = png(LINK, 4).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(zbarimg(&png).trim_end_matches('\n'), LINK);
    }

    #[test]
    fn png_has_a_quiet_zone_and_scales() {
        let small = image::load_from_memory(&png(LINK, 1).unwrap())
            .unwrap()
            .to_luma8();
        let large = image::load_from_memory(&png(LINK, 5).unwrap())
            .unwrap()
            .to_luma8();
        assert_eq!(large.width(), small.width() * 5);
        assert_eq!(small.width(), small.height());
        // 4 modules of white all round: a version 3 symbol (29 modules) plus 8.
        assert_eq!(small.width(), 29 + 8);
        for i in 0..small.width() {
            for border in [0, 1, 2, 3] {
                assert_eq!(small.get_pixel(i, border).0, [255]);
                assert_eq!(small.get_pixel(border, i).0, [255]);
            }
        }
        // The top-left finder pattern starts right inside the quiet zone.
        assert_eq!(small.get_pixel(4, 4).0, [0]);
        // An absurd scale is clamped, not honoured.
        let clamped = image::load_from_memory(&png("x", 10_000).unwrap()).unwrap();
        assert_eq!(clamped.width(), (21 + 8) * MAX_SCALE);
    }

    #[test]
    fn svg_is_an_svg_document_with_a_view_box() {
        let svg = svg(LINK).unwrap();
        let mut reader = quick_xml::Reader::from_str(&svg);
        let mut root = None;
        let mut elements = 0;
        loop {
            match reader.read_event().expect("the SVG is well-formed XML") {
                Event::Start(element) | Event::Empty(element) => {
                    elements += 1;
                    if root.is_none() {
                        let view_box = element.try_get_attribute("viewBox").unwrap().map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned()
                        });
                        root = Some((element.name().as_ref().to_owned(), view_box));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        let (name, view_box) = root.expect("a root element");
        assert_eq!(name, "svg");
        let side = (29 + 8) * SVG_MODULE;
        assert_eq!(
            view_box.as_deref(),
            Some(format!("0 0 {side} {side}").as_str())
        );
        assert!(elements >= 3, "svg, background rect and modules path");
    }

    #[test]
    fn text_too_long_for_any_qr_code_is_an_error() {
        let long = "x".repeat(5_000);
        assert!(png(&long, 4).is_err());
        assert!(svg(&long).is_err());
    }
}
