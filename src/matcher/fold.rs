//! Folding: the text patterns are matched against. Lower case, diacritics
//! and compatibility forms stripped (`whānau` → `whanau`), apostrophe and
//! quote variants unified, hyphens and dashes read as spaces, runs of white
//! space collapsed, zero-width characters dropped. A map leads every folded
//! byte back to the original character it came from.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folded text and its map back to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the byte offset in the original of the
    /// character it came from.
    map: Vec<u32>,
}

impl Folded {
    /// The original byte range of folded range `start..end`, given the
    /// original text.
    pub fn original(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let o_start = self.map[start] as usize;
        let last = self.map[end - 1] as usize;
        let o_end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        (o_start, o_end)
    }
}

/// Fold `text`, keeping the offset map.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        map: Vec::with_capacity(text.len()),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let offset = u32::try_from(i).unwrap_or(u32::MAX);
        // ASCII, the bulk of most transcripts, without decoding a char.
        if b.is_ascii() {
            i += 1;
            let f = match b {
                b'A'..=b'Z' => b.to_ascii_lowercase(),
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'-' => b' ',
                b'`' => b'\'',
                _ => b,
            };
            if f == b' ' && (out.text.is_empty() || out.text.ends_with(' ')) {
                continue;
            }
            out.text.push(char::from(f));
            out.map.push(offset);
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        i += c.len_utf8();
        fold_char(c, &mut |f| {
            if f == ' ' && (out.text.is_empty() || out.text.ends_with(' ')) {
                return;
            }
            out.text.push(f);
            for _ in 0..f.len_utf8() {
                out.map.push(offset);
            }
        });
    }
    out
}

/// Fold a pattern: as [`fold`], trimmed, without the map.
pub fn fold_pattern(pattern: &str) -> String {
    fold(pattern).text.trim_matches(' ').to_owned()
}

/// Whether `c` is part of a word for boundary checks.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

#[inline]
fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        match c {
            'A'..='Z' => emit(c.to_ascii_lowercase()),
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '-' => emit(' '),
            '`' => emit('\''),
            _ => emit(c),
        }
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => emit('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => {
            emit('"');
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => emit(' '),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        c if c.is_whitespace() => emit(' '),
        c => {
            for lower in c.to_lowercase() {
                decompose_compatible(lower, |d| {
                    if !is_combining_mark(d) {
                        if d.is_ascii_uppercase() {
                            emit(d.to_ascii_lowercase());
                        } else if d.is_whitespace() {
                            emit(' ');
                        } else {
                            emit(d);
                        }
                    }
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, want: &str) {
        assert_eq!(fold(text).text, want);
    }

    #[test]
    fn folding_unifies_case_diacritics_quotes_hyphens_and_space() {
        case("Whānau", "whanau");
        case("DON’T", "don't");
        case("don`t", "don't");
        case("“Quoted”", "\"quoted\"");
        case("self-worth", "self worth");
        case("self\u{2013}worth", "self worth");
        case("a  \t\n b", "a b");
        case("a\u{a0}b", "a b");
        case("zero\u{200B}width", "zerowidth");
        case("ﬁne café", "fine cafe");
        case("İstanbul", "istanbul");
        case("ÉCOLE", "ecole");
    }

    #[test]
    fn map_leads_back_to_original_characters() {
        let original = "Te  Whānau’s";
        let f = fold(original);
        assert_eq!(f.text, "te whanau's");
        let start = f.text.find("whanau").unwrap();
        let (s, e) = f.original(original, start, start + "whanau".len());
        assert_eq!(&original[s..e], "Whānau");
        let (s, e) = f.original(original, 0, f.text.len());
        assert_eq!(&original[s..e], original);
    }

    #[test]
    fn fold_pattern_trims() {
        assert_eq!(fold_pattern("  Pay* my BILLS "), "pay* my bills");
    }
}
