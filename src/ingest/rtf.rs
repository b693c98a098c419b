//! Rich Text Format (`.rtf`) to plain text: paragraphs (`\par`) and line
//! breaks (`\line`) end lines, `\tab` is a space, `\'hh` bytes are read in
//! the document's code page (`\ansicpg`, Windows-1252 by default), `\uN`
//! is a Unicode character (its `\ucN` fallback skipped), and destinations
//! that are not body text (font and colour tables, style sheets, document
//! info, pictures, headers, footers, footnotes, `{\*…}`) are skipped. What
//! comes out is read like a plain transcript. One pass, linear in the
//! input; group nesting and size are bounded.

use std::path::Path;

use crate::{Error, Location, Result};

/// Largest RTF file read.
const MAX_RTF: usize = 256 * 1024 * 1024;
/// Deepest group nesting accepted.
const MAX_DEPTH: usize = 512;

/// Destinations whose text is not the document's body.
const SKIPPED: [&str; 20] = [
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "footnote",
    "object",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "xmlnstbl",
];

/// The state of one group: whether its text is skipped, and how many
/// fallback characters follow a `\u`.
#[derive(Clone, Copy)]
struct Group {
    skip: bool,
    uc: usize,
}

/// An RTF file refused for `why`, with how to convert it.
fn refused(why: &str, display: &Path) -> Error {
    Error::invalid(format!(
        "{why}: open it in Word or LibreOffice and save it as .docx, or export it as \
         plain text (.txt)"
    ))
    .at(Location::file(display))
}

/// The text of the RTF document `bytes`.
pub fn text(bytes: &[u8], display: &Path) -> Result<String> {
    let bad = |why: &str| refused(why, display);
    if !bytes.starts_with(b"{\\rtf") || bytes.len() > MAX_RTF {
        return Err(bad(if bytes.len() > MAX_RTF {
            "RTF file larger than 256 MB"
        } else {
            "not a Rich Text Format file (it does not start with `{\\rtf`)"
        }));
    }
    let mut encoding = encoding_rs::WINDOWS_1252;
    let mut out = String::with_capacity(bytes.len() / 2);
    // Bytes from `\'hh` waiting to be decoded together (multi-byte code pages).
    let mut pending: Vec<u8> = Vec::new();
    let mut stack: Vec<Group> = Vec::new();
    let mut group = Group { skip: false, uc: 1 };
    // Fallback characters still to skip after a `\u`.
    let mut to_skip = 0usize;
    let mut i = 0;
    let flush = |pending: &mut Vec<u8>, out: &mut String, enc: &'static encoding_rs::Encoding| {
        out.push_str(&enc.decode_without_bom_handling(pending).0);
        pending.clear();
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' => {
                flush(&mut pending, &mut out, encoding);
                if stack.len() >= MAX_DEPTH {
                    return Err(bad(&format!("groups nested more than {MAX_DEPTH} deep")));
                }
                stack.push(group);
                i += 1;
                if bytes[i..].starts_with(b"\\*") {
                    group.skip = true;
                }
            }
            b'}' => {
                flush(&mut pending, &mut out, encoding);
                group = stack.pop().unwrap_or(group);
                to_skip = 0;
                i += 1;
            }
            b'\\' => {
                let (word, param, next) = control(bytes, i + 1);
                i = next;
                if word.is_empty() {
                    // A control symbol: `\\`, `\{`, `\}`, `\~`, `\-`, `\'hh`.
                    let symbol = bytes.get(i).copied().unwrap_or(b' ');
                    i += 1;
                    if symbol == b'\'' {
                        let hex = bytes.get(i..i + 2).and_then(hex_byte);
                        i += 2;
                        if let Some(byte) = hex
                            && !group.skip
                        {
                            if to_skip > 0 {
                                to_skip -= 1;
                            } else {
                                pending.push(byte);
                            }
                        }
                        continue;
                    }
                    flush(&mut pending, &mut out, encoding);
                    if !group.skip {
                        out.extend(symbol_char(symbol));
                    }
                    continue;
                }
                flush(&mut pending, &mut out, encoding);
                control_word(
                    word,
                    param,
                    &mut group,
                    &mut out,
                    &mut encoding,
                    &mut to_skip,
                );
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                flush(&mut pending, &mut out, encoding);
                // Plain text runs to the next brace or backslash.
                let end = bytes[i..]
                    .iter()
                    .position(|b| matches!(b, b'{' | b'}' | b'\\' | b'\r' | b'\n'))
                    .map_or(bytes.len(), |p| i + p);
                if !group.skip {
                    let mut run = &bytes[i..end];
                    let skip = to_skip.min(run.len());
                    run = &run[skip..];
                    to_skip -= skip;
                    out.push_str(&encoding.decode_without_bom_handling(run).0);
                }
                i = end;
            }
        }
    }
    flush(&mut pending, &mut out, encoding);
    Ok(out)
}

/// What control word `word` (with `param`) does to the group, the output,
/// the code page and the characters to skip.
fn control_word(
    word: &str,
    param: Option<i64>,
    group: &mut Group,
    out: &mut String,
    encoding: &mut &'static encoding_rs::Encoding,
    to_skip: &mut usize,
) {
    match word {
        "ansicpg" => {
            let page = param.and_then(|p| u16::try_from(p).ok());
            if let Some(enc) = page.and_then(codepage::to_encoding) {
                *encoding = enc;
            }
        }
        "uc" => group.uc = param.and_then(|p| usize::try_from(p).ok()).unwrap_or(1),
        "u" if !group.skip => {
            let n = param.unwrap_or(0);
            let n = if n < 0 { n + 65_536 } else { n };
            if let Some(c) = u32::try_from(n).ok().and_then(char::from_u32) {
                out.push(c);
            }
            *to_skip = group.uc;
        }
        "par" | "line" | "row" | "sect" | "page" if !group.skip => out.push('\n'),
        "tab" | "cell" if !group.skip => out.push(' '),
        "emdash" if !group.skip => out.push('\u{2014}'),
        "endash" if !group.skip => out.push('\u{2013}'),
        "lquote" if !group.skip => out.push('\u{2018}'),
        "rquote" if !group.skip => out.push('\u{2019}'),
        "ldblquote" if !group.skip => out.push('\u{201C}'),
        "rdblquote" if !group.skip => out.push('\u{201D}'),
        w if SKIPPED.contains(&w) => group.skip = true,
        _ => {}
    }
}

/// The byte written as two hex digits.
fn hex_byte(hex: &[u8]) -> Option<u8> {
    u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

/// The character of control symbol `\symbol`, if it has one.
fn symbol_char(symbol: u8) -> Option<char> {
    match symbol {
        b'\\' | b'{' | b'}' => Some(char::from(symbol)),
        b'~' => Some('\u{a0}'),
        b'\n' | b'\r' => Some('\n'),
        _ => None,
    }
}

/// A control word at `at` (after the backslash): its letters, its numeric
/// parameter, and where the text after it starts (one space delimiter
/// is part of the control word).
fn control(bytes: &[u8], at: usize) -> (&str, Option<i64>, usize) {
    let mut i = at;
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() && i - at < 32 {
        i += 1;
    }
    let word = std::str::from_utf8(&bytes[at..i]).unwrap_or("");
    if word.is_empty() {
        return ("", None, at);
    }
    let start = i;
    if i < bytes.len() && bytes[i] == b'-' {
        i += 1;
    }
    while i < bytes.len() && bytes[i].is_ascii_digit() && i - start < 10 {
        i += 1;
    }
    let param = std::str::from_utf8(&bytes[start..i])
        .ok()
        .and_then(|p| p.parse::<i64>().ok());
    if i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    (word, param, i)
}

/// Windows code pages named by `\ansicpg`.
mod codepage {
    /// The encoding of Windows code page `page`, if known.
    pub(super) fn to_encoding(page: u16) -> Option<&'static encoding_rs::Encoding> {
        let label: &[u8] = match page {
            874 => b"windows-874",
            932 => b"shift_jis",
            936 => b"gbk",
            949 => b"euc-kr",
            950 => b"big5",
            1250..=1258 => {
                return encoding_rs::Encoding::for_label(format!("windows-{page}").as_bytes());
            }
            65001 => b"utf-8",
            _ => return None,
        };
        encoding_rs::Encoding::for_label(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(rtf: &[u8], want: &str) {
        assert_eq!(text(rtf, Path::new("t.rtf")).unwrap(), want);
    }

    #[test]
    fn body_text_paragraphs_and_characters() {
        case(
            b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times;}}\
              {\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator Word;}{\\info{\\title T}}\n\
              \\pard\\plain\\f0 {\\b Interviewer:} Where were you born?\\par\n\
              F4: In Leeds \\'96 caf\\'e9\\tab \\u8217?s {\\i edge}\\line more\\par}",
            "Interviewer: Where were you born?\nF4: In Leeds \u{2013} caf\u{e9} \u{2019}s edge\nmore\n",
        );
        case(b"{\\rtf1 a\\\\b\\{c\\}}", "a\\b{c}");
        case(b"{\\rtf1\\uc2 x\\u20320\\'c4\\'e3y}", "x\u{4f60}y");
    }

    #[test]
    fn other_files_and_deep_nesting_are_refused() {
        let err = text(b"plain", Path::new("t.rtf")).unwrap_err();
        assert!(
            err.message().starts_with("not a Rich Text Format file"),
            "{err}"
        );
        let mut deep = b"{\\rtf1".to_vec();
        deep.extend(std::iter::repeat_n(b'{', 10_000));
        let err = text(&deep, Path::new("t.rtf")).unwrap_err();
        assert!(
            err.message().starts_with("groups nested more than 512"),
            "{err}"
        );
    }
}
