//! PDF CVs: accepted with their text, or refused when they do not parse.

use super::{pdf, rejection};
use crate::uploads::inspect::{
    PDF, inspect,
    kind::UploadKind,
    verdict::{Inspected, Rejection},
};

#[test]
fn a_pdf_is_accepted_with_its_text() {
    let upload = pdf(&["Jane Doe", "Actress, dancer (ballet)"]);
    let Inspected::Cv { content_type, text } =
        inspect(UploadKind::Cv, "application/pdf", &upload).unwrap()
    else {
        panic!("not a CV");
    };
    assert_eq!(content_type, PDF);
    assert!(text.contains("Jane Doe"), "{text:?}");
    assert!(text.contains("Actress, dancer (ballet)"), "{text:?}");
}

#[test]
fn a_pdf_without_text_is_accepted_with_none() {
    let Inspected::Cv { text, .. } = inspect(UploadKind::Cv, PDF, &pdf(&[])).unwrap() else {
        panic!("not a CV");
    };
    assert_eq!(text, "");
}

#[test]
fn a_pdf_that_does_not_parse_is_refused() {
    let refused = rejection(
        UploadKind::Cv,
        "application/pdf",
        b"%PDF-1.7\n\x00\x01garbage that is no PDF at all \xff\xfe",
    );
    assert_eq!(refused, Rejection::UnreadablePdf);
    let whole = pdf(&["Jane Doe"]);
    let refused = rejection(UploadKind::Cv, PDF, &whole[..whole.len() / 2]);
    assert_eq!(refused, Rejection::UnreadablePdf);
    assert_eq!(
        Rejection::UnreadablePdf.to_string(),
        "the PDF cannot be read"
    );
}

#[test]
fn a_text_file_declared_as_pdf_is_refused() {
    let refused = rejection(UploadKind::Cv, "application/pdf", b"Jane Doe\nActress\n");
    assert_eq!(
        refused,
        Rejection::Unrecognised {
            kind: UploadKind::Cv
        }
    );
    assert_eq!(
        refused.to_string(),
        "the file is not a PDF or Word (DOCX) document"
    );
}
