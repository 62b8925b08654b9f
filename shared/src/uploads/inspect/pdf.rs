//! The PDF inspector: it must parse, with a bound on each stream, and need no password; its
//! text is kept for search.

use super::{CV_TEXT_MAX_BYTES, MIB, guarded, text::tidy_text, verdict::Rejection};

/// The most any one PDF stream (object stream, page content) may inflate to.
const PDF_MAX_STREAM_BYTES: usize = 64 * MIB;

pub(super) fn pdf_text(bytes: &[u8]) -> Result<String, Rejection> {
    guarded(Rejection::UnreadablePdf, || {
        let options = lopdf::LoadOptions::with_max_decompressed_size(PDF_MAX_STREAM_BYTES);
        let document = lopdf::Document::load_mem_with_options(bytes, options).map_err(|error| {
            tracing::debug!(%error, "an uploaded PDF does not parse");
            Rejection::UnreadablePdf
        })?;
        // lopdf opens a PDF encrypted with an empty user password itself; any other is locked.
        if document.is_encrypted() && document.encryption_state.is_none() {
            return Err(Rejection::EncryptedPdf);
        }
        let pages = document.get_pages();
        if pages.is_empty() {
            return Err(Rejection::EmptyPdf);
        }
        // Page by page: a page whose text cannot be read is skipped, and reading stops once
        // there is more than can be kept.
        let mut text = String::new();
        for page in pages.keys() {
            if text.len() > CV_TEXT_MAX_BYTES {
                break;
            }
            if let Ok(page_text) = document.extract_text_with_limit(&[*page], PDF_MAX_STREAM_BYTES)
            {
                text.push_str(&page_text);
                text.push('\n');
            }
        }
        Ok(tidy_text(&text, CV_TEXT_MAX_BYTES))
    })
}
