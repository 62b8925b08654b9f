//! The DOCX inspector: a bounded ZIP whose `word/document.xml` parses; its text is kept for
//! search.

use std::io::Cursor;
use std::io::Read;

use quick_xml::events::Event;

use super::{CV_TEXT_MAX_BYTES, MIB, guarded, text::tidy_text, verdict::Rejection};

/// A DOCX has a few dozen parts; a ZIP with more than this is not one worth opening.
pub(super) const DOCX_MAX_ENTRIES: usize = 5_000;
/// The most `word/document.xml` may inflate to.
pub(super) const DOCX_MAX_XML_BYTES: u64 = 50 * MIB as u64;

pub(super) struct DocxLimits {
    pub(super) max_entries: usize,
    pub(super) max_xml_bytes: u64,
}

impl DocxLimits {
    pub(super) const DEFAULT: DocxLimits = DocxLimits {
        max_entries: DOCX_MAX_ENTRIES,
        max_xml_bytes: DOCX_MAX_XML_BYTES,
    };
}

pub(super) fn docx_text(bytes: &[u8], limits: &DocxLimits) -> Result<String, Rejection> {
    guarded(Rejection::UnreadableDocx, || {
        let mut archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Rejection::UnreadableDocx)?;
        if archive.len() > limits.max_entries {
            return Err(Rejection::DocxTooLarge);
        }
        if archive.index_for_name("word/document.xml").is_none() {
            return Err(Rejection::NotDocx);
        }
        if archive.index_for_name("word/vbaProject.bin").is_some() {
            return Err(Rejection::DocxWithMacros);
        }
        let entry = archive
            .by_name("word/document.xml")
            .map_err(|_| Rejection::UnreadableDocx)?;
        if entry.size() > limits.max_xml_bytes {
            return Err(Rejection::DocxTooLarge);
        }
        // The header's size may lie: never inflate more than the limit, whatever it says.
        let mut xml = Vec::new();
        entry
            .take(limits.max_xml_bytes + 1)
            .read_to_end(&mut xml)
            .map_err(|_| Rejection::UnreadableDocx)?;
        if xml.len() as u64 > limits.max_xml_bytes {
            return Err(Rejection::DocxTooLarge);
        }
        let xml = std::str::from_utf8(&xml).map_err(|_| Rejection::UnreadableDocx)?;
        let text = wordprocessing_text(xml.trim_start_matches('\u{feff}'))?;
        Ok(tidy_text(&text, CV_TEXT_MAX_BYTES))
    })
}

/// The text of a WordprocessingML body: `w:t` runs, with tabs, line and paragraph breaks.
/// (DrawingML `a:t` and math `m:t` runs share the local name and are kept too.) quick-xml
/// never expands entities declared in a DTD, so an entity bomb stays inert.
fn wordprocessing_text(xml: &str) -> Result<String, Rejection> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    let mut in_text = false;
    while text.len() <= 4 * CV_TEXT_MAX_BYTES {
        match reader.read_event().map_err(|_| Rejection::UnreadableDocx)? {
            Event::Start(element) => in_text = element.local_name().as_ref() == "t",
            Event::End(element) => match element.local_name().as_ref() {
                "t" => in_text = false,
                "p" => text.push('\n'),
                _ => {}
            },
            Event::Empty(element) => match element.local_name().as_ref() {
                "tab" => text.push('\t'),
                "br" | "cr" | "p" => text.push('\n'),
                _ => {}
            },
            Event::Text(run) if in_text => text.push_str(&run.xml10_content()),
            Event::CData(run) if in_text => text.push_str(&run.xml10_content()),
            Event::GeneralRef(reference) if in_text => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&reference) {
                    text.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(text)
}
