//! The photo inspector (JPEG, PNG, WebP): dimensions checked from the header, decoded under
//! limits, turned upright, re-encoded from its pixels, and a JPEG thumbnail.

use image::ImageDecoder;
use std::borrow::Cow;
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageError, ImageFormat, ImageReader, Limits, RgbImage};

use super::{
    JPEG, MAX_PIXELS, MAX_SIDE, MIB, PHOTO_JPEG_QUALITY, PNG, THUMBNAIL_MAX_SIDE, guarded,
    kind::FileType,
    verdict::{Inspected, Rejection},
};

/// The most the image decoder may allocate: 40 MP at 6 bytes a pixel (16-bit RGB) fits.
const MAX_DECODE_ALLOC: u64 = 256 * MIB as u64;

const THUMBNAIL_JPEG_QUALITY: u8 = 80;

pub(super) fn inspect_photo(actual: FileType, bytes: &[u8]) -> Result<Inspected, Rejection> {
    let format = match actual {
        FileType::Jpeg => ImageFormat::Jpeg,
        FileType::Png => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    let image = guarded(Rejection::UnreadableImage, || {
        decode(bytes, format, &ImageLimits::DEFAULT)
    })?;
    let (content_type, cleaned) = if actual == FileType::Png {
        (PNG, encode_png(&image)?)
    } else {
        (JPEG, encode_jpeg(&image, PHOTO_JPEG_QUALITY)?)
    };
    let thumbnail = if image.width().max(image.height()) > THUMBNAIL_MAX_SIDE {
        Cow::Owned(image.thumbnail(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE))
    } else {
        Cow::Borrowed(&image)
    };
    let thumbnail = encode_jpeg(&thumbnail, THUMBNAIL_JPEG_QUALITY)?;
    Ok(Inspected::Photo {
        content_type,
        width: image.width(),
        height: image.height(),
        cleaned,
        thumbnail,
    })
}

pub(super) struct ImageLimits {
    pub(super) max_pixels: u64,
    pub(super) max_side: u32,
    pub(super) max_alloc: u64,
}

impl ImageLimits {
    pub(super) const DEFAULT: ImageLimits = ImageLimits {
        max_pixels: MAX_PIXELS,
        max_side: MAX_SIDE,
        max_alloc: MAX_DECODE_ALLOC,
    };
}

/// Decodes an image whose header has been checked first, then upright by its EXIF orientation.
pub(super) fn decode(
    bytes: &[u8],
    format: ImageFormat,
    limits: &ImageLimits,
) -> Result<DynamicImage, Rejection> {
    // The header alone: dimensions, before any pixel buffer exists. No dimension limit yet, so
    // that the user is told the real size.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut header_limits = Limits::default();
    header_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(header_limits);
    let mut decoder = reader.into_decoder().map_err(image_rejection)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(Rejection::UnreadableImage);
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(Rejection::TooManyPixels { width, height });
    }
    if width.max(height) > limits.max_side {
        return Err(Rejection::TooLong { width, height });
    }

    // Second guard: the decoder's own limits, with the output buffer reserved against them.
    let mut strict = Limits::default();
    strict.max_image_width = Some(limits.max_side);
    strict.max_image_height = Some(limits.max_side);
    strict.max_alloc = Some(limits.max_alloc);
    strict
        .reserve(decoder.total_bytes())
        .map_err(image_rejection)?;
    decoder.set_limits(strict).map_err(image_rejection)?;

    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_rejection)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn image_rejection(error: ImageError) -> Rejection {
    match error {
        ImageError::Limits(_) => Rejection::ImageTooHeavy,
        _ => Rejection::UnreadableImage,
    }
}

fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, Rejection> {
    let mut out = Vec::new();
    image
        .write_with_encoder(PngEncoder::new(&mut out))
        .map_err(encode_failure)?;
    Ok(out)
}

/// JPEG has no alpha: a transparent image is flattened onto white.
fn encode_jpeg(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, Rejection> {
    let opaque = if image.color().has_alpha() {
        DynamicImage::ImageRgb8(flatten_on_white(image))
    } else if image.color().has_color() {
        DynamicImage::ImageRgb8(image.to_rgb8())
    } else {
        DynamicImage::ImageLuma8(image.to_luma8())
    };
    let mut out = Vec::new();
    opaque
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
        .map_err(encode_failure)?;
    Ok(out)
}

fn flatten_on_white(image: &DynamicImage) -> RgbImage {
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| {
            let (c, a) = (u32::from(c), u32::from(a));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

/// Encoding decoded pixels into memory does not fail on user input: log it, refuse the file.
fn encode_failure(error: ImageError) -> Rejection {
    tracing::warn!(%error, "re-encoding an uploaded image failed");
    Rejection::UnreadableImage
}
