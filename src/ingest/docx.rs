//! Word documents (`.docx`) to text: the paragraphs of `word/document.xml`
//! in order, one line each (table cells are paragraphs too, in reading
//! order), runs joined, a tab read as a space and a line break as a new
//! line. What comes out is read like a plain transcript, so a "line" of a
//! Word transcript is a paragraph (or a line inside one).
//!
//! A `.docx` is a zip archive: only Word documents are read, and sizes are
//! capped before anything is decompressed, so a hostile archive cannot
//! exhaust memory.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use crate::{Error, Location, Result};

/// Most entries a Word document's archive may hold.
const MAX_ENTRIES: usize = 10_000;
/// Largest `word/document.xml` read, decompressed.
const MAX_DOCUMENT_XML: u64 = 256 * 1024 * 1024;

/// The text of the Word document in `bytes`.
pub fn text(bytes: &[u8], display: &Path) -> Result<String> {
    let not_word = |why: &str| {
        Error::invalid(format!(
            "not a Word document ({why}): save it as .docx from Word, or export it as \
             plain text (.txt)"
        ))
        .at(Location::file(display))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| not_word("not a .docx archive"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(not_word(&format!(
            "{} entries in the archive",
            archive.len()
        )));
    }
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| not_word("no word/document.xml inside"))?;
    if entry.size() > MAX_DOCUMENT_XML {
        return Err(not_word("its text is larger than 256 MB"));
    }
    // The declared size can lie: read no more than the cap either way.
    let mut xml = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0).min(1 << 24));
    entry
        .take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|_| not_word("its text cannot be decompressed"))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(not_word("its text is larger than 256 MB"));
    }
    paragraphs(&xml).map_err(|why| {
        Error::invalid(format!("damaged Word document: {why}")).at(Location::file(display))
    })
}

/// The character an entity or character reference stands for (`&amp;`,
/// `&#8217;`); `None` for one XML does not predefine.
pub(super) fn reference(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => match &**r {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        },
    }
}

/// The paragraphs of a `document.xml`, one per line.
fn paragraphs(xml: &[u8]) -> std::result::Result<String, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::with_capacity(xml.len() / 4);
    let mut buf = Vec::new();
    // Inside <w:t> (text) or <w:instrText> (field codes, never text).
    let mut in_text = false;
    let mut in_body = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("bad XML at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "body" => in_body = true,
                "t" => in_text = in_body,
                "tab" if in_body => out.push(' '),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" | "ptab" if in_body => out.push(' '),
                // A line break, or an empty paragraph: still a line.
                "br" | "cr" | "p" if in_body => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" if in_body => out.push('\n'),
                "body" => in_body = false,
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => out.extend(reference(&r)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if out.trim().is_empty() && !xml.windows(6).any(|w| w == b"<w:bod" || w == b":body") {
        return Err("no document body".to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx holding `body` (the inside of `<w:body>`).
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", opts).unwrap();
        write!(
            zip,
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/\
             wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_runs_tabs_breaks_and_tables_in_order() {
        let body = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Mere:</w:t></w:r>\
                    <w:r><w:t xml:space=\"preserve\"> It was </w:t></w:r>\
                    <w:r><w:t>hard&amp;long</w:t><w:tab/><w:t>really.</w:t><w:br/>\
                    <w:t>Next line</w:t></w:r></w:p><w:p/>\
                    <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell 1</w:t></w:r></w:p></w:tc>\
                    <w:tc><w:p><w:r><w:t>cell &#8220;2&#8221;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
                    <w:p><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>";
        let text = text(&docx(body), Path::new("t.docx")).unwrap();
        assert_eq!(
            text,
            "Mere: It was hard&long really.\nNext line\n\ncell 1\ncell \u{201c}2\u{201d}\n\n"
        );
    }

    #[test]
    fn anything_but_a_word_document_is_refused() {
        let err = |bytes: &[u8]| text(bytes, Path::new("t.docx")).unwrap_err().to_string();
        assert_eq!(
            err(b"PK\x03\x04 not really"),
            "t.docx: not a Word document (not a .docx archive): save it as .docx from Word, \
             or export it as plain text (.txt)"
        );
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        let odt = zip.finish().unwrap().into_inner();
        assert!(err(&odt).contains("no word/document.xml inside"));
        assert!(
            err(&docx("<w:p><w:r><w:t>open")).starts_with("t.docx: damaged Word document"),
            "{}",
            err(&docx("<w:p><w:r><w:t>open"))
        );
    }
}
