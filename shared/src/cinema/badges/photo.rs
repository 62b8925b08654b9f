//! Photos ready for the PDF: a thumbnail JPEG goes in as its own bytes, anything else is
//! re-encoded as one first.

use anyhow::Context;
use std::io::Cursor;

use image::DynamicImage;
use image::ImageDecoder;
use image::codecs::jpeg::{JpegDecoder, JpegEncoder};
use image::metadata::Orientation;
use printpdf::{DictItem, ExternalStream, ExternalXObject, Px};

use crate::Result;

/// A photo ready for the PDF: a baseline or progressive 8-bit JPEG, grey or YCbCr.
pub(super) struct Photo {
    pub(super) jpeg: Vec<u8>,
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) grey: bool,
}

/// A JPEG's frame header, and whether it carries EXIF (possibly an orientation).
pub(super) struct JpegHeader {
    pub(super) frame: u8,
    pub(super) precision: u8,
    pub(super) width: u16,
    pub(super) height: u16,
    pub(super) components: u8,
    pub(super) exif: bool,
}

/// Reads the markers of a JPEG up to its frame header.
pub(super) fn jpeg_header(bytes: &[u8]) -> Option<JpegHeader> {
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
pub(super) const THUMBNAIL_MAX_SIDE: u32 = 320;
const THUMBNAIL_QUALITY: u8 = 80;

pub(super) fn prepare_photo(jpeg: &[u8]) -> Result<Photo> {
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
pub(super) fn photo_xobject(photo: Photo) -> ExternalXObject {
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
