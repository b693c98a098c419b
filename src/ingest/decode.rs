//! Bytes to text: byte-order marks, UTF-8 validation, legacy encodings
//! (detected, or as configured), line endings and NFC. Every offset and
//! line number later on refers to the text this returns.

use std::borrow::Cow;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::{Error, Location, Result};

/// Text decoded from a transcript, and what was assumed to decode it.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text: NFC, LF line endings.
    pub text: Cow<'a, str>,
    /// Set when the bytes were not UTF-8 and an encoding was detected.
    pub notice: Option<String>,
    /// The encoding the bytes were read as (its WHATWG name: `UTF-8`,
    /// `UTF-16LE`, `windows-1252`…).
    pub encoding: &'static str,
}

/// Decode a transcript's bytes: a byte-order mark (UTF-8, UTF-16) decides;
/// else `encoding` if given; else UTF-8 if the bytes are valid UTF-8; else
/// the legacy encoding the bytes most look like (Windows-1252 for most
/// Western text), said in the notice. Bytes that the chosen encoding
/// cannot read are an error, never replaced silently.
pub fn decode_transcript<'a>(
    bytes: &'a [u8],
    display: &Path,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Decoded<'a>> {
    if has_bom(bytes) || encoding.is_some_and(|e| e == encoding_rs::UTF_8) {
        let encoding = if bytes.starts_with(b"\xFF\xFE") {
            encoding_rs::UTF_16LE
        } else if bytes.starts_with(b"\xFE\xFF") {
            encoding_rs::UTF_16BE
        } else {
            encoding_rs::UTF_8
        };
        return decode(bytes, display).map(|text| Decoded {
            text,
            notice: None,
            encoding: encoding.name(),
        });
    }
    if let Some(encoding) = encoding {
        let text = legacy(bytes, display, encoding)?;
        return Ok(Decoded {
            text: normalise(Cow::Owned(text)),
            notice: None,
            encoding: encoding.name(),
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: normalise(Cow::Borrowed(text)),
            notice: None,
            encoding: encoding_rs::UTF_8.name(),
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    let text = legacy(bytes, display, guess)?;
    Ok(Decoded {
        text: normalise(Cow::Owned(text)),
        notice: Some(format!(
            "not UTF-8: read as {} (detected); if letters look wrong in quotes, \
             set `encoding:` in qualcode.yaml or pass --encoding",
            guess.name()
        )),
        encoding: guess.name(),
    })
}

/// Whether `bytes` start with a byte-order mark (UTF-8 or UTF-16).
pub fn has_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
}

/// Decode `bytes` as `encoding`, refusing bytes it cannot read.
fn legacy(
    bytes: &[u8],
    display: &Path,
    encoding: &'static encoding_rs::Encoding,
) -> Result<String> {
    if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(text.into_owned());
    }
    // Find the first unreadable byte, for the message.
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    let at = match result {
        encoding_rs::DecoderResult::Malformed(len, _) => read.saturating_sub(usize::from(len)),
        _ => read,
    };
    let (line, column) = line_column(bytes, at);
    Err(Error::invalid(format!(
        "cannot be read as {} without losing text (byte 0x{:02X}): save the file \
         as UTF-8, or set `encoding:` in qualcode.yaml to the encoding it was saved in",
        encoding.name(),
        bytes.get(at).copied().unwrap_or(0)
    ))
    .at(Location::at(display, line, column)))
}

/// 1-based line and column (in bytes) of offset `at`.
fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(bytes.len());
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let column = at
        - bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, column)
}

/// Decode UTF-8 (or UTF-16 with a byte-order mark) bytes: strip a UTF-8 BOM,
/// refuse anything else that is not UTF-8, turn CRLF and CR into LF and
/// normalise to NFC. Borrows when the bytes are already all that (the
/// usual case), so a caller can reuse its read buffer.
pub fn decode<'a>(bytes: &'a [u8], display: &Path) -> Result<Cow<'a, str>> {
    let text: Cow<'a, str> = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Cow::Borrowed(utf8(rest, display)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Cow::Owned(utf16(rest, display, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Cow::Owned(utf16(rest, display, u16::from_be_bytes)?)
    } else {
        Cow::Borrowed(utf8(bytes, display)?)
    };
    Ok(normalise(text))
}

/// LF line endings and NFC.
pub(super) fn normalise(text: Cow<'_, str>) -> Cow<'_, str> {
    let (ascii, cr) = ascii_and_cr(text.as_bytes());
    if ascii && !cr {
        return text; // ASCII is NFC and has no CR to convert
    }
    let text = if cr {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    };
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Whether `bytes` are all ASCII, and whether they hold a carriage
/// return: a large text is looked at a piece at a time on every worker.
fn ascii_and_cr(bytes: &[u8]) -> (bool, bool) {
    use rayon::prelude::*;
    const PIECE: usize = 1 << 20;
    let one = |b: &[u8]| (b.is_ascii(), memchr::memchr(b'\r', b).is_some());
    if bytes.len() <= 2 * PIECE {
        return one(bytes);
    }
    bytes
        .par_chunks(PIECE)
        .map(one)
        .reduce(|| (true, false), |a, b| (a.0 && b.0, a.1 || b.1))
}

fn utf8<'a>(bytes: &'a [u8], display: &Path) -> Result<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.valid_up_to();
            let (line, column) = line_column(bytes, valid);
            Err(Error::invalid(format!(
                "not valid UTF-8 (byte 0x{:02X}): save the file as UTF-8, or set \
                 `encoding:` in qualcode.yaml if it is in a legacy encoding",
                bytes[valid]
            ))
            .at(Location::at(display, line, column)))
        }
    }
}

fn utf16(bytes: &[u8], display: &Path, unit: fn([u8; 2]) -> u16) -> Result<String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::invalid(
            "UTF-16 text with an odd number of bytes: the file is truncated",
        )
        .at(Location::file(display)));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| {
            Error::invalid("invalid UTF-16 text (an unpaired surrogate)")
                .at(Location::file(display))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(bytes: &[u8], want: &str) {
        assert_eq!(decode(bytes, Path::new("t.txt")).unwrap(), want);
    }

    /// A large text, looked at in pieces on every worker, is told ASCII or
    /// not, with a carriage return or not, wherever the one byte that
    /// decides it is.
    #[test]
    fn a_large_text_is_normalised_as_a_small_one() {
        let size = 5 << 20;
        for at in [0, (1 << 20) - 1, 1 << 20, 3 << 20, size - 1] {
            let mut text = "a".repeat(size);
            assert_eq!(ascii_and_cr(text.as_bytes()), (true, false));
            text.replace_range(at..=at, "\r");
            assert_eq!(ascii_and_cr(text.as_bytes()), (true, true), "{at}");
            let want = text.replace('\r', "\n");
            assert_eq!(normalise(Cow::Borrowed(&text)), want, "{at}");
            // e and a combining acute: one precomposed letter in NFC.
            text.replace_range(at..=at, "e\u{301}");
            assert_eq!(ascii_and_cr(text.as_bytes()), (false, false), "{at}");
            let nfc = normalise(Cow::Borrowed(&text));
            assert_eq!(nfc.len(), text.len() - 1, "{at}");
            assert_eq!(nfc[at..].chars().next(), Some('\u{e9}'), "{at}");
        }
    }

    #[test]
    fn boms_line_endings_and_nfc() {
        case(b"\xEF\xBB\xBFa\r\nb\rc\n", "a\nb\nc\n");
        case(b"\xFF\xFEh\0i\0", "hi");
        case(b"\xFE\xFF\0h\0i", "hi");
        // e + combining acute becomes one precomposed character.
        case("whe\u{301}nau".as_bytes(), "wh\u{e9}nau");
    }

    #[test]
    fn legacy_encodings_are_detected_and_said() {
        let bytes = b"Participant: the caf\xe9 job \x96 it\x92s money\r\n";
        let d = decode_transcript(bytes, Path::new("t.txt"), None).unwrap();
        assert_eq!(
            d.text,
            "Participant: the caf\u{e9} job \u{2013} it\u{2019}s money\n"
        );
        assert!(
            d.notice
                .unwrap()
                .starts_with("not UTF-8: read as windows-1252")
        );
        let utf8 = decode_transcript("caf\u{e9}".as_bytes(), Path::new("t.txt"), None).unwrap();
        assert_eq!((utf8.text.as_ref(), utf8.notice), ("caf\u{e9}", None));
    }

    #[test]
    fn a_configured_encoding_decides_and_unreadable_bytes_are_errors() {
        let latin9 = encoding_rs::Encoding::for_label(b"iso-8859-15").unwrap();
        let d = decode_transcript(b"\xa4 5", Path::new("t.txt"), Some(latin9)).unwrap();
        assert_eq!((d.text.as_ref(), d.notice), ("\u{20ac} 5", None));
        let err = decode_transcript(b"ok\nab\xe9c", Path::new("t.txt"), Some(encoding_rs::UTF_8))
            .unwrap_err();
        assert!(
            err.to_string().starts_with("t.txt:2:3: not valid UTF-8"),
            "{err}"
        );
        let err = decode_transcript(
            b"a\n\x82\xff",
            Path::new("t.txt"),
            Some(encoding_rs::SHIFT_JIS),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.txt:2:1: cannot be read as Shift_JIS without losing text"),
            "{err}"
        );
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode(b"ok\nab\xE9c\n", Path::new("t.txt")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.txt:2:3: not valid UTF-8 (byte 0xE9)"),
            "{err}"
        );
    }
}
