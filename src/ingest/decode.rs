//! Bytes to text: byte-order marks, UTF-8 validation, line endings and NFC.
//! Every offset and line number later on refers to the text this returns.

use std::borrow::Cow;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::{Error, Location, Result};

/// Decode a transcript's bytes: strip a UTF-8 BOM, decode UTF-16 with a BOM,
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
    if text.is_ascii() && !text.contains('\r') {
        return Ok(text); // ASCII is NFC and has no CR to convert
    }
    let text = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        text
    };
    Ok(match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => Cow::Owned(text.nfc().collect()),
    })
}

fn utf8<'a>(bytes: &'a [u8], display: &Path) -> Result<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid
                - bytes[..valid]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            Err(Error::invalid(format!(
                "not valid UTF-8 (byte 0x{:02X}): save the file as UTF-8; \
                 it may be Windows-1252 or another legacy encoding",
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

    #[test]
    fn boms_line_endings_and_nfc() {
        case(b"\xEF\xBB\xBFa\r\nb\rc\n", "a\nb\nc\n");
        case(b"\xFF\xFEh\0i\0", "hi");
        case(b"\xFE\xFF\0h\0i", "hi");
        // e + combining acute becomes one precomposed character.
        case("whe\u{301}nau".as_bytes(), "wh\u{e9}nau");
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
