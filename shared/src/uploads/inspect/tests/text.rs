//! A CV's text, tidied and capped.

use super::docx;
use crate::uploads::inspect::{
    CV_TEXT_MAX_BYTES, DOCX, inspect, kind::UploadKind, text::tidy_text, verdict::Inspected,
};

#[test]
fn cv_text_is_tidied_and_capped() {
    assert_eq!(
        tidy_text("\n\n  Jane\0 Doe  \r\n\n\n\nActress\u{7}\n\n", 100),
        "Jane Doe\n\nActress"
    );
    let long = "é".repeat(1_000);
    let capped = tidy_text(&long, 101);
    assert_eq!(capped.len(), 100);
    assert!(capped.chars().all(|c| c == 'é'));
    let body = "<w:p><w:r><w:t>lorem ipsum dolor sit amet</w:t></w:r></w:p>".repeat(20_000);
    let Inspected::Cv { text, .. } = inspect(UploadKind::Cv, DOCX, &docx(&body)).unwrap() else {
        panic!("not a CV");
    };
    assert!(text.len() <= CV_TEXT_MAX_BYTES);
    assert!(text.len() > CV_TEXT_MAX_BYTES - 100);
}
