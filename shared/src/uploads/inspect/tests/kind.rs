//! Kinds and types: limits, sniffing, refused types and sizes, and the API errors.

use crate::error::{Error, FieldError, FieldIssue};

use super::{docx, jpeg, pdf, png, rejection, webp_with_alpha};
use crate::uploads::inspect::{
    DOCX, JPEG, MIB, PDF, PNG, WEBP,
    kind::{FileType, UploadKind},
    verdict::Rejection,
};

#[test]
fn kinds_have_their_limits_and_names() {
    assert_eq!(UploadKind::Photo.max_bytes(), 5 * 1024 * 1024);
    assert_eq!(UploadKind::Cv.max_bytes(), 10 * 1024 * 1024);
    for kind in UploadKind::ALL {
        assert_eq!(UploadKind::parse(kind.as_str()), Some(kind));
        assert_eq!(kind.as_str().parse::<UploadKind>().unwrap(), kind);
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
    assert_eq!(UploadKind::parse("avatar"), None);
    assert!("Photo".parse::<UploadKind>().is_err());
    assert_eq!(UploadKind::Photo.allowed_content_types(), [JPEG, PNG, WEBP]);
    assert_eq!(UploadKind::Cv.allowed_content_types(), [PDF, DOCX]);
    assert!(UploadKind::Photo.allows("Image/JPEG; charset=binary"));
    assert!(!UploadKind::Photo.allows("image/gif"));
    assert!(!UploadKind::Cv.allows("image/png"));
}

#[test]
fn sniffs_by_magic_number() {
    assert_eq!(FileType::sniff(&jpeg(4, 4)), Some(FileType::Jpeg));
    assert_eq!(FileType::sniff(&png(4, 4)), Some(FileType::Png));
    assert_eq!(
        FileType::sniff(&webp_with_alpha(4, 4)),
        Some(FileType::Webp)
    );
    assert_eq!(FileType::sniff(b"%PDF-1.7\n"), Some(FileType::Pdf));
    assert_eq!(FileType::sniff(&docx("")), Some(FileType::Zip));
    assert_eq!(FileType::sniff(b"RIFF\0\0\0\0WAVEfmt "), None);
    assert_eq!(FileType::sniff(b"GIF89a"), None);
    assert_eq!(FileType::sniff(b""), None);
}

#[test]
fn bytes_of_another_type_behind_an_allowed_content_type_are_refused() {
    let refused = rejection(UploadKind::Photo, "image/jpeg", &png(8, 8));
    assert_eq!(
        refused,
        Rejection::Mismatch {
            actual: FileType::Png,
            declared: JPEG.into()
        }
    );
    assert_eq!(
        refused.to_string(),
        "the file is a PNG image but was declared as image/jpeg"
    );
    assert_eq!(
        rejection(UploadKind::Photo, "image/png", &pdf(&["x"])).to_string(),
        "the file is a PDF document but was declared as image/png"
    );
    let refused = rejection(UploadKind::Photo, "image/png", b"<svg xmlns='...'/>");
    assert_eq!(
        refused.to_string(),
        "the file is not a JPEG, PNG or WebP image"
    );
}

#[test]
fn content_types_not_accepted_for_the_kind_are_refused() {
    let refused = rejection(UploadKind::Photo, "image/heic", b"\0\0\0\x18ftypheic");
    assert_eq!(
        refused.to_string(),
        "files of type image/heic are not accepted for a photo; upload a JPEG, PNG or WebP image"
    );
    assert_eq!(refused.code().as_str(), "content_type_not_allowed");
    assert!(matches!(
        rejection(UploadKind::Cv, "image/png", &png(4, 4)),
        Rejection::ContentTypeNotAllowed { .. }
    ));
    assert!(
        rejection(UploadKind::Photo, "", &png(4, 4))
            .to_string()
            .contains("(none)")
    );
    let long = format!("image/{}", "x".repeat(500));
    assert!(
        rejection(UploadKind::Photo, &long, &png(4, 4))
            .to_string()
            .len()
            < 200
    );
}

#[test]
fn oversize_and_empty_files_are_refused() {
    let mut big = png(4, 4);
    big.resize(5 * 1024 * 1024 + 1, 0);
    let refused = rejection(UploadKind::Photo, "image/png", &big);
    assert_eq!(refused.to_string(), "the file is larger than 5 MB");

    let mut big_pdf = b"%PDF-1.7\n".to_vec();
    big_pdf.resize(10 * 1024 * 1024 + 1, b' ');
    assert_eq!(
        rejection(UploadKind::Cv, "application/pdf", &big_pdf).to_string(),
        "the file is larger than 10 MB"
    );
    assert_eq!(rejection(UploadKind::Cv, PDF, b""), Rejection::Empty);
}

#[test]
fn rejections_map_onto_api_errors() {
    use axum::http::StatusCode;
    let status = |r: Rejection| Error::from(r).status();
    assert_eq!(
        status(Rejection::TooLarge {
            limit_bytes: 5 * MIB
        }),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        status(Rejection::Unrecognised {
            kind: UploadKind::Photo
        }),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        status(Rejection::UnreadablePdf),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let Error::Validation(fields) = Error::from(Rejection::EmptyPdf) else {
        panic!("not a validation error");
    };
    assert_eq!(
        fields,
        [FieldError::described(
            "file",
            FieldIssue::Required,
            "the PDF has no pages"
        )]
    );
}
