//! Open Document text (`.odt`, from `LibreOffice` and Google Docs) to text: the
//! paragraphs and headings of `content.xml` in order, one line each, with
//! `<text:s/>` spaces, tabs and line breaks kept and comments skipped; then
//! read like a plain transcript. An `.odt` is a zip archive, like a `.docx`:
//! entry count and sizes are capped before anything is decompressed.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use crate::{Error, Location, Result};

/// Most entries an Open Document archive may hold.
const MAX_ENTRIES: usize = 10_000;
/// Largest `content.xml` read, decompressed.
const MAX_CONTENT_XML: u64 = 256 * 1024 * 1024;

/// The text of the Open Document text file in `bytes`.
pub fn text(bytes: &[u8], display: &Path) -> Result<String> {
    let not_odt = |why: &str| {
        Error::invalid(format!(
            "not an OpenDocument text ({why}): save it as .odt or .docx from LibreOffice or \
             Word, or export it as plain text (.txt)"
        ))
        .at(Location::file(display))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| not_odt("not a zip archive"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(not_odt(&format!(
            "{} entries in the archive",
            archive.len()
        )));
    }
    let entry = archive
        .by_name("content.xml")
        .map_err(|_| not_odt("no content.xml inside"))?;
    if entry.size() > MAX_CONTENT_XML {
        return Err(not_odt("its text is larger than 256 MB"));
    }
    let mut xml = Vec::new();
    entry
        .take(MAX_CONTENT_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|_| not_odt("its text cannot be decompressed"))?;
    if xml.len() as u64 > MAX_CONTENT_XML {
        return Err(not_odt("its text is larger than 256 MB"));
    }
    paragraphs(&xml).map_err(|why| {
        Error::invalid(format!("damaged OpenDocument file: {why}")).at(Location::file(display))
    })
}

/// The paragraphs of a `content.xml`, one per line.
fn paragraphs(xml: &[u8]) -> std::result::Result<String, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::with_capacity(xml.len() / 4);
    let mut buf = Vec::new();
    let mut in_body = false;
    // Depth inside paragraphs, and inside comments (never text).
    let mut in_paragraph = 0usize;
    let mut in_note = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("bad XML at byte {}: {e}", reader.buffer_position()))?;
        let text_here = in_body && in_paragraph > 0 && in_note == 0;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "body" => in_body = true,
                "p" | "h" if in_body => in_paragraph += 1,
                "annotation" | "note" => in_note += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "s" if text_here => {
                    let n = e
                        .try_get_attribute("text:c")
                        .ok()
                        .flatten()
                        .and_then(|a| a.value.parse::<usize>().ok())
                        .unwrap_or(1);
                    out.extend(std::iter::repeat_n(' ', n.min(100)));
                }
                "tab" if text_here => out.push(' '),
                "line-break" if text_here => out.push('\n'),
                "p" | "h" if in_body => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "body" => in_body = false,
                "p" | "h" if in_body => {
                    in_paragraph = in_paragraph.saturating_sub(1);
                    if in_paragraph == 0 {
                        out.push('\n');
                    }
                }
                "annotation" | "note" => in_note = in_note.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if text_here => out.push_str(&t.xml10_content()),
            Event::CData(t) if text_here => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if text_here => out.extend(super::docx::reference(&r)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn odt(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", options).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.text")
            .unwrap();
        zip.start_file("content.xml", options).unwrap();
        write!(
            zip,
            "<?xml version=\"1.0\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\
             <office:body><office:text>{body}</office:text></office:body>\
             </office:document-content>"
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_spaces_and_breaks_in_order_without_comments() {
        let bytes = odt(
            "<text:h>Interview 3</text:h><text:p>Interviewer:<text:s/>Why<text:s text:c=\"2\"/>\
             now?</text:p><text:p><text:span>P3: Money</text:span> &amp; time\
             <office:annotation><text:p>check this</text:p></office:annotation>\
             <text:line-break/>and more.</text:p><text:p/>",
        );
        assert_eq!(
            text(&bytes, Path::new("t.odt")).unwrap(),
            "Interview 3\nInterviewer: Why  now?\nP3: Money & time\nand more.\n\n"
        );
        let err = text(b"plain", Path::new("t.odt")).unwrap_err().to_string();
        assert!(
            err.starts_with("t.odt: not an OpenDocument text (not a zip archive)"),
            "{err}"
        );
    }
}
