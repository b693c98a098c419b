//! Inert output. Text read from transcripts, case files, file names and
//! codebooks is untrusted: shown at a terminal, its control characters
//! (ESC, OSC, NUL, carriage return…) and bidirectional overrides must not
//! act, and written to CSV, a cell must not run as a spreadsheet formula.
//!
//! This module only rewrites strings; it never decides where output goes.
//! Terminal text (the boxed table, Markdown, the codebook tree, notes and
//! errors, the review screen) goes through [`terminal`] or
//! [`terminal_line`]; CSV cells through [`csv_cell`] unless `--raw-csv`;
//! JSON, HTML, Word and the project's own files keep the text as it is
//! (their own escaping applies).
//!
//! Notation: a character below U+0080 is shown as `\xNN` (ESC as `\x1b`,
//! NUL as `\x00`), any other as `\u{NNNN}` (U+202E as `\u{202e}`), in
//! lower-case hex, as Rust and ripgrep's `--debug` write them.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is escaped at a terminal: C0 controls and DEL, C1 controls,
/// and the invisible characters that reorder or break lines (the bidi
/// embeddings, overrides, isolates and marks; line and paragraph
/// separators; interlinear annotation marks). Tab and newline are left to
/// the caller.
fn acts(c: char) -> bool {
    matches!(c,
        '\0'..='\x1f' | '\x7f'..='\u{9f}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{fff9}'..='\u{fffb}')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| acts(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if acts(c) && !keep(c) {
            if u32::from(c) < 0x80 {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            } else {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` safe to print at a terminal: control and bidi characters escaped,
/// tab and newline kept (layout needs them).
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\n' || c == '\t')
}

/// `s` safe to print as part of one terminal line: as [`terminal`], with
/// tab and newline escaped too.
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    escape(s, |_| false)
}

/// Longest line of a message shown whole, in characters.
pub const MESSAGE_LINE: usize = 1000;

/// A message (an error, a note) for a terminal: escaped as [`terminal`],
/// and each line longer than [`MESSAGE_LINE`] characters cut in the middle
/// (a rejected 100,000-alternative regex would otherwise fill the screen),
/// keeping its start (the `file:line:column` and code id) and its end (the reason).
pub fn message(s: &str) -> String {
    let escaped = terminal(s);
    if escaped.lines().all(|l| l.chars().count() <= MESSAGE_LINE) {
        return escaped.into_owned();
    }
    let lines: Vec<String> = escaped.split('\n').map(cut_line).collect();
    lines.join("\n")
}

fn cut_line(line: &str) -> String {
    const HEAD: usize = 600;
    const TAIL: usize = 200;
    let n = line.chars().count();
    if n <= MESSAGE_LINE {
        return line.to_owned();
    }
    let head: String = line.chars().take(HEAD).collect();
    let tail: String = line.chars().skip(n - TAIL).collect();
    format!("{head} … [{} characters cut] … {tail}", n - HEAD - TAIL)
}

/// A CSV cell a spreadsheet will show and not run: text starting with `=`,
/// `+`, `-`, `@`, tab or carriage return gets a leading `'`, as OWASP
/// recommends against formula injection. Plain numbers (`-3`, `+1.5e3`)
/// and a lone `-` (a "no value" mark) are left as they are.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || s == "-" || plain_number(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(format!("'{s}"))
    }
}

/// A signed decimal number with an optional fraction and exponent, and
/// nothing else.
fn plain_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction);
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn shown(input: &str, want: &str) {
        assert_eq!(terminal(input), want, "{input:?}");
    }

    #[test]
    fn terminal_escapes_controls_and_bidi_and_keeps_layout() {
        shown("plain text, ā and 😀", "plain text, ā and 😀");
        shown("\x1b[2Jclear", "\\x1b[2Jclear");
        shown(
            "\x1b]8;;http://evil\x07link\x1b]8;;\x07",
            "\\x1b]8;;http://evil\\x07link\\x1b]8;;\\x07",
        );
        shown("nul\0here", "nul\\x00here");
        shown("over\rwrite", "over\\x0dwrite");
        shown("del\x7f c1\u{9b}", "del\\x7f c1\\u{9b}");
        shown("abc\u{202e}fed", "abc\\u{202e}fed");
        shown(
            "\u{2066}iso\u{2069} \u{200f}",
            "\\u{2066}iso\\u{2069} \\u{200f}",
        );
        shown("line\u{2028}sep", "line\\u{2028}sep");
        shown("tab\tand\nnewline", "tab\tand\nnewline");
        // Joiners shape scripts and emoji: kept.
        shown("👩\u{200d}💻 \u{200c}", "👩\u{200d}💻 \u{200c}");
        assert_eq!(terminal_line("a\tb\nc\x1b"), "a\\x09b\\x0ac\\x1b");
        assert!(matches!(terminal("clean"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_message_lines_are_cut_in_the_middle_and_short_ones_kept() {
        let pattern = vec!["w1"; 5000].join("|");
        let long = format!("a.yaml:3:9: code a.b: bad regex `{pattern}`: too big\nsecond line");
        let shown = message(&long);
        assert!(
            shown.starts_with("a.yaml:3:9: code a.b: bad regex `w1|w1"),
            "{shown}"
        );
        assert!(shown.ends_with("w1|w1`: too big\nsecond line"), "{shown}");
        let n = long.lines().next().unwrap().chars().count();
        let mark = format!(" … [{} characters cut] … ", n - 800);
        assert!(shown.contains(&mark), "{shown}");
        assert!(
            shown
                .lines()
                .all(|l| l.chars().count() <= MESSAGE_LINE + 40)
        );
        assert_eq!(message("short\x1b line\nok"), "short\\x1b line\nok");
        let exact = "é".repeat(MESSAGE_LINE);
        assert_eq!(message(&exact), exact);
    }

    #[track_caller]
    fn cell(input: &str, want: &str) {
        assert_eq!(csv_cell(input), want, "{input:?}");
    }

    #[test]
    fn csv_cells_that_would_run_get_a_quote_and_numbers_stay() {
        cell(
            "=HYPERLINK(\"http://x\",\"y\")",
            "'=HYPERLINK(\"http://x\",\"y\")",
        );
        cell("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0");
        cell("-2+3", "'-2+3");
        cell("@SUM(A1)", "'@SUM(A1)");
        cell("\t=1", "'\t=1");
        cell("\r=1", "'\r=1");
        cell("-- I don't know", "'-- I don't know");
        cell("a = b", "a = b");
        cell("", "");
        for number in ["-3", "+4", "-1.5", "-.5", "2e10", "-1E-3", "+0.0"] {
            cell(number, number);
        }
        cell("-", "-");
        for text in ["-e3", "+.", "-1.2.3", "-1e", "+", "=", "-x"] {
            cell(text, &format!("'{text}"));
        }
    }
}
