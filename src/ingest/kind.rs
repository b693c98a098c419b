//! Which reader a transcript file needs: by extension, checked against
//! what its first bytes say (a PDF or legacy Word file renamed is refused
//! for what it is), and the message for a format qualcode does not read.

use super::timed;

/// The kinds of transcript file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `Label: text` turns (`.txt`, `.md`).
    Plain,
    /// A Word document, read as plain turns.
    Word,
    /// An Open Document text, read as plain turns.
    Odt,
    /// Rich Text Format, read as plain turns.
    Rtf,
    /// HTML (a Word document saved as a web page), read as plain turns.
    Html,
    /// Diarised segments in JSON (`WhisperX`).
    Json,
    /// A table of utterances, fields separated by this byte.
    Table(u8),
    /// Cues with times.
    Timed(timed::Format),
}

/// Every transcript file extension qualcode reads (lower case), and how:
/// the one list that reading, `init`'s globs and `check`'s list of files
/// left unread all follow.
pub(super) const READERS: [(&str, Kind); 16] = [
    ("txt", Kind::Plain),
    ("md", Kind::Plain),
    ("markdown", Kind::Plain),
    ("text", Kind::Plain),
    ("docx", Kind::Word),
    ("odt", Kind::Odt),
    ("rtf", Kind::Rtf),
    ("htm", Kind::Html),
    ("html", Kind::Html),
    ("xhtml", Kind::Html),
    ("json", Kind::Json),
    ("csv", Kind::Table(b',')),
    ("tsv", Kind::Table(b'\t')),
    ("tab", Kind::Table(b'\t')),
    ("vtt", Kind::Timed(timed::Format::Vtt)),
    ("srt", Kind::Timed(timed::Format::Srt)),
];

/// The reader for extension `ext` (lower case), or why there is none.
pub(super) fn kind(ext: &str) -> std::result::Result<Kind, String> {
    READERS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, kind)| *kind)
        .ok_or_else(|| unsupported(ext))
}

/// Why a file of extension `ext` is not read, and how to convert it.
pub(super) fn unsupported(ext: &str) -> String {
    let how = match ext {
        "doc" => {
            "a legacy Word document (.doc): open it in Word or LibreOffice and save it \
                  as .docx, or export it as plain text (.txt)"
        }
        "pdf" => {
            "a PDF: its text has no reliable paragraphs or speakers; export the \
                  transcript from the program that made it as .docx or .txt, or copy its \
                  text into a .txt file"
        }
        "pages" => "an Apple Pages document: export it as Word (.docx) or plain text (.txt)",
        "wpd" => "a WordPerfect document: save it as .docx or plain text (.txt)",
        _ => "",
    };
    let read = "qualcode reads .txt, .md, .docx (Word), .odt (OpenDocument), .rtf, .htm/.html, \
                .vtt (WebVTT), .srt (SubRip), .json (WhisperX segments) and .csv/.tsv \
                (one utterance per row) transcripts";
    if how.is_empty() {
        format!("unsupported transcript format '.{ext}': {read}")
    } else {
        format!("cannot read {how} ({read})")
    }
}

/// What the first bytes say a file is, when that is a format qualcode
/// does not read under the file's extension: a PDF, RTF or legacy Word
/// file renamed `.txt`, say. (RTF renamed `.txt` is read as RTF.)
pub(super) fn sniff_foreign(bytes: &[u8], kind: Kind) -> Option<&'static str> {
    let foreign = if bytes.starts_with(b"%PDF-") {
        "pdf"
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        "doc"
    } else {
        return None;
    };
    (kind != Kind::Word || foreign != "doc" || bytes.len() > 8).then_some(foreign)
}
