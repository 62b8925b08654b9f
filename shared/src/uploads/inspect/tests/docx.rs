//! DOCX CVs: accepted with their text; other ZIPs, macros and bombs refused.

use super::{CONTENT_TYPES, document_xml, docx, rejection, zip};
use crate::uploads::inspect::{
    DOCX, PDF,
    docx::{DOCX_MAX_ENTRIES, DOCX_MAX_XML_BYTES, DocxLimits, docx_text},
    inspect,
    kind::UploadKind,
    verdict::{Inspected, Rejection},
};

#[test]
fn a_docx_is_accepted_with_its_text() {
    let upload = docx(concat!(
        r#"<w:p><w:r><w:t>Jane</w:t></w:r><w:r><w:t xml:space="preserve"> Doe</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>Song &amp; dance</w:t><w:tab/><w:t>&#233;t&#xE9;</w:t></w:r></w:p>"#,
        r#"<w:p/><w:p/><w:p><w:r><w:instrText>PAGE</w:instrText><w:t>2019</w:t><w:br/><w:t>2020</w:t></w:r></w:p>"#,
    ));
    let Inspected::Cv { content_type, text } = inspect(UploadKind::Cv, DOCX, &upload).unwrap()
    else {
        panic!("not a CV");
    };
    assert_eq!(content_type, DOCX);
    assert_eq!(text, "Jane Doe\nSong & dance\tété\n\n2019\n2020");
}

#[test]
fn a_zip_that_is_not_a_docx_is_refused() {
    let upload = zip(&[
        ("notes.txt", b"hello"),
        ("[Content_Types].xml", CONTENT_TYPES),
    ]);
    let refused = rejection(UploadKind::Cv, DOCX, &upload);
    assert_eq!(refused, Rejection::NotDocx);
    assert_eq!(
        refused.to_string(),
        "the file is a ZIP archive but not a Word (DOCX) document"
    );
    assert_eq!(
        rejection(UploadKind::Cv, PDF, &upload).to_string(),
        format!("the file is a ZIP archive but was declared as {PDF}")
    );
    // A ZIP header and nothing after it.
    assert_eq!(
        rejection(UploadKind::Cv, DOCX, b"PK\x03\x04 not really"),
        Rejection::UnreadableDocx
    );
    // A legacy .doc (or an encrypted .docx) is an OLE compound file.
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert_eq!(
        rejection(UploadKind::Cv, DOCX, &ole).to_string(),
        format!(
            "the file is a legacy (.doc) or password-protected Office document but was declared as {DOCX}"
        )
    );
}

#[test]
fn docx_with_macros_or_malformed_xml_is_refused() {
    let upload = zip(&[
        ("word/document.xml", &document_xml("<w:p/>")),
        ("word/vbaProject.bin", b"\0\0"),
    ]);
    assert_eq!(
        rejection(UploadKind::Cv, DOCX, &upload),
        Rejection::DocxWithMacros
    );
    let upload = zip(&[("word/document.xml", b"<w:document><w:body></w:document>")]);
    assert_eq!(
        rejection(UploadKind::Cv, DOCX, &upload),
        Rejection::UnreadableDocx
    );
}

#[test]
fn zip_bombs_are_bounded() {
    let body = "<w:p><w:r><w:t>lorem ipsum</w:t></w:r></w:p>".repeat(1_000);
    let upload = docx(&body);
    let small = DocxLimits {
        max_entries: DOCX_MAX_ENTRIES,
        max_xml_bytes: 10_000,
    };
    assert_eq!(docx_text(&upload, &small), Err(Rejection::DocxTooLarge));
    let few = DocxLimits {
        max_entries: 1,
        max_xml_bytes: DOCX_MAX_XML_BYTES,
    };
    assert_eq!(docx_text(&upload, &few), Err(Rejection::DocxTooLarge));
    assert!(docx_text(&upload, &DocxLimits::DEFAULT).is_ok());
}
