//! Folding: the text patterns are matched against. Lower case, diacritics
//! and compatibility forms stripped (`whānau` → `whanau`), apostrophe and
//! quote variants unified, hyphens and dashes read as spaces, runs of white
//! space collapsed, zero-width characters dropped, square brackets read
//! as spaces (`[ICSM] helped me`). A map leads every folded byte back to
//! the original character it came from. The elided fold also drops an
//! editor's bracketed insertions and ellipses, so a phrase reads across
//! them (`no [driver's] licence`, `no … licence` → `no licence`).

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folded text and its map back to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// The map back to the original, piecewise: each piece starts at a
    /// folded offset and leads to an original offset. In a linear piece
    /// (ASCII kept or changed byte for byte) the offsets advance together;
    /// in a constant piece (the fold of one non-ASCII character) every
    /// folded byte leads to that character's start. Ordinary text needs a
    /// piece only where folding drops or expands something, so the map
    /// stays small and out of the way of the automaton's cache lines.
    pieces: Vec<MapPiece>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MapPiece {
    folded: u32,
    original: u32,
    linear: bool,
}

impl Folded {
    /// The original byte range of folded range `start..end`, given the
    /// original text.
    pub fn original(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let o_start = self.lead(start);
        let last = self.lead(end - 1);
        let o_end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        (o_start, o_end)
    }

    /// The original offset of the character folded byte `at` came from.
    fn lead(&self, at: usize) -> usize {
        let at = offset(at);
        let i = self.pieces.partition_point(|p| p.folded <= at) - 1;
        let piece = self.pieces[i];
        let delta = if piece.linear { at - piece.folded } else { 0 };
        (piece.original + delta) as usize
    }

    /// Note that the next folded byte comes from original offset `original`.
    #[inline]
    fn mark(&mut self, original: usize, linear: bool) {
        let folded = offset(self.text.len());
        let original = offset(original);
        if let Some(last) = self.pieces.last()
            && linear
            && last.linear
            && last.original + (folded - last.folded) == original
        {
            return; // the current piece goes on
        }
        self.pieces.push(MapPiece {
            folded,
            original,
            linear,
        });
    }
}

/// Fold `text`, keeping the offset map.
pub fn fold(text: &str) -> Folded {
    let mut out = Folded::default();
    fold_into(text, &mut out);
    out
}

/// Bytes that fold to themselves.
const KEEP: [bool; 256] = {
    let mut keep = [false; 256];
    let mut b: u8 = 0;
    while b < 128 {
        keep[b as usize] = fold_ascii(b) == b;
        b += 1;
    }
    keep
};

/// Bytes that fold to themselves and end no elision (not `.`).
const KEEP_ELIDED: [bool; 256] = {
    let mut keep = KEEP;
    keep[b'.' as usize] = false;
    keep
};

/// The longest bracketed insertion that is elided, in bytes.
pub(crate) const MAX_INSERTION: usize = 80;

/// Whether the elided fold of `text` may differ from its fold: it has a
/// square bracket or an ellipsis.
pub fn has_elisions(text: &str) -> bool {
    // One pass over the bytes for `[`, `.` and the lead byte of `…` (a
    // `contains` per form decoded every character: 6% of `code`).
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr3(b'[', b'.', 0xE2, &bytes[from..]) {
        let rest = &bytes[from + at..];
        if rest[0] == b'[' || rest.starts_with(b"...") || rest.starts_with("\u{2026}".as_bytes()) {
            return true;
        }
        from += at + 1;
    }
    false
}

/// Fold `text` into `out`, reusing its buffers (the matcher folds every
/// segment into one per-thread buffer).
pub fn fold_into(text: &str, out: &mut Folded) {
    fold_with::<false>(text, out);
}

/// Fold `text` into `out` with editorial insertions (`[driver's]`, a `[`
/// closed by `]` on the same line within 80 bytes) and
/// ellipses (`…`, three or more dots) read as a single space.
pub fn fold_elided_into(text: &str, out: &mut Folded) {
    fold_with::<true>(text, out);
}

/// The end of the elision starting at byte `i` of `bytes`, if one does.
fn elision_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes[i] {
        b'[' => {
            let window = &bytes[i + 1..bytes.len().min(i + 1 + MAX_INSERTION)];
            let close = window
                .iter()
                .position(|&b| matches!(b, b']' | b'[' | b'\n' | b'\r'))?;
            (window[close] == b']').then_some(i + close + 2)
        }
        b'.' if bytes[i..].starts_with(b"...") => {
            Some(i + bytes[i..].iter().take_while(|&&b| b == b'.').count())
        }
        _ => None,
    }
}

fn fold_with<const ELIDE: bool>(text: &str, out: &mut Folded) {
    let keep = if ELIDE { &KEEP_ELIDED } else { &KEEP };
    out.text.clear();
    out.pieces.clear();
    out.text.reserve(text.len());
    let bytes = text.as_bytes();
    // Whether the folded text is empty or ends with a space: a space is
    // then dropped, so runs collapse and the text never starts with one.
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, the bulk of most transcripts, without decoding a char.
        if b.is_ascii() {
            if ELIDE && let Some(end) = elision_end(bytes, i) {
                if !after_space {
                    out.mark(i, false);
                    out.text.push(' ');
                    after_space = true;
                }
                i = end;
                continue;
            }
            let f = fold_ascii(b);
            if f == b' ' && after_space {
                i += 1;
                continue;
            }
            out.mark(i, true);
            if f != b {
                out.text.push(char::from(f));
                after_space = f == b' ';
                i += 1;
                continue;
            }
            // A run of bytes that fold to themselves is copied whole.
            let start = i;
            let mut prev = b;
            i += 1;
            while let Some(&c) = bytes.get(i) {
                if !keep[usize::from(c)] || (c == b' ' && prev == b' ') {
                    break;
                }
                prev = c;
                i += 1;
            }
            out.text.push_str(&text[start..i]);
            after_space = prev == b' ';
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        let at = i;
        i += c.len_utf8();
        let mut marked = false;
        if ELIDE && c == '\u{2026}' {
            if !after_space {
                out.mark(at, false);
                out.text.push(' ');
                after_space = true;
            }
            continue;
        }
        fold_char(c, &mut |f| {
            if f == ' ' && after_space {
                return;
            }
            if !marked {
                out.mark(at, false);
                marked = true;
            }
            after_space = f == ' ';
            out.text.push(f);
        });
    }
}

fn offset(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The fold of an ASCII byte.
#[inline]
const fn fold_ascii(b: u8) -> u8 {
    match b {
        b'A'..=b'Z' => b.to_ascii_lowercase(),
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'-' | b'[' | b']' => b' ',
        b'`' => b'\'',
        _ => b,
    }
}

/// Fold a pattern: as [`fold`], trimmed, without the map.
pub fn fold_pattern(pattern: &str) -> String {
    fold(pattern).text.trim_matches(' ').to_owned()
}

/// Whether folding turns `c` into (or into something holding) a space.
pub(crate) fn folds_to_space(c: char) -> bool {
    let mut space = false;
    fold_char(c, &mut |f| space |= f == ' ');
    space
}

/// Whether `c` is part of a word for boundary checks.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

#[inline]
fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    if let Ok(b) = u8::try_from(c)
        && b.is_ascii()
    {
        emit(char::from(fold_ascii(b)));
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
    fn elisions_are_a_bracket_an_ellipsis_or_three_dots() {
        for (text, want) in [
            ("", false),
            ("plain text. Two sentences.", false),
            ("two dots.. only", false),
            (". . . spaced", false),
            (
                "\u{2025} two-dot leader, \u{2014} dash, \u{20AC} euro",
                false,
            ),
            ("a [b", true),
            ("end]", false),
            ("and then\u{2026}", true),
            ("\u{2026}", true),
            ("so...", true),
            ("..x...", true),
            ("....", true),
            ("caf\u{e9} [x]", true),
        ] {
            let reference = text.contains(['[', '\u{2026}']) || text.contains("...");
            assert_eq!(reference, want, "{text:?}");
            assert_eq!(has_elisions(text), want, "{text:?}");
        }
    }

    #[track_caller]
    fn elided(text: &str, want: &str) {
        let mut out = Folded::default();
        fold_elided_into(text, &mut out);
        assert_eq!(out.text, want);
        if out.text != fold(text).text {
            assert!(has_elisions(text));
        }
    }

    #[test]
    fn brackets_fold_to_spaces_and_elided_folds_drop_insertions_and_ellipses() {
        case("[ICSM] helped me", "icsm helped me");
        case("no [driver's] licence", "no driver's licence");
        case("and then\u{2026} the job", "and then... the job");
        elided("no [driver's] licence", "no licence");
        elided("[ICSM] helped me", "helped me");
        elided(
            "bills in place \u{2026} automatic payments",
            "bills in place automatic payments",
        );
        elided("bills in place...automatic", "bills in place automatic");
        elided("I don't know.... Really", "i don't know really");
        // Not an insertion: unclosed, across a line, or too long.
        elided("no [driver's licence", "no driver's licence");
        elided("no [driver's\n] licence", "no driver's licence");
        let long = format!("a [{}] b", "x".repeat(MAX_INSERTION));
        elided(&long, &fold(&long).text);
        // Two dots and a single dot are not an ellipsis.
        elided("end.. then. more", "end.. then. more");
    }

    #[test]
    fn elided_map_spans_the_insertion() {
        let original = "No [driver’s] licence";
        let mut f = Folded::default();
        fold_elided_into(original, &mut f);
        assert_eq!(f.text, "no licence");
        let (s, e) = f.original(original, 0, f.text.len());
        assert_eq!(&original[s..e], original);
        let at = f.text.find("licence").unwrap();
        let (s, e) = f.original(original, at, at + "licence".len());
        assert_eq!(&original[s..e], "licence");
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

    /// The reference: fold character by character, dropping a space after
    /// a space or at the start.
    fn reference(text: &str) -> (String, Vec<u32>) {
        let (mut folded, mut map) = (String::new(), Vec::new());
        for (i, c) in text.char_indices() {
            fold_char(c, &mut |f| {
                if f == ' ' && (folded.is_empty() || folded.ends_with(' ')) {
                    return;
                }
                folded.push(f);
                map.extend(std::iter::repeat_n(offset(i), f.len_utf8()));
            });
        }
        (folded, map)
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_the_character_reference(
            text in "[a-zA-Z \t\n\\-`'.,0-9é’ﬁ\u{200B}\u{a0}Ā-ſ]{0,40}"
        ) {
            let got = fold(&text);
            let (want, map) = reference(&text);
            proptest::prop_assert_eq!(&got.text, &want);
            let leads: Vec<u32> = (0..got.text.len()).map(|i| offset(got.lead(i))).collect();
            proptest::prop_assert_eq!(leads, map);
        }
    }

    #[test]
    fn fold_pattern_trims() {
        assert_eq!(fold_pattern("  Pay* my BILLS "), "pay* my bills");
    }
}
