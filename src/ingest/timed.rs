//! Timed transcripts: WebVTT (Zoom and Microsoft Teams exports, captions)
//! and SubRip (`.srt`). Cues become turns: a speaker comes from a voice tag
//! (`<v Name>`, Teams) or a `Name: text` label (Zoom), consecutive cues of
//! one speaker merge into one turn, and each turn keeps the start time of
//! its first cue. Cues without a speaker continue the speaker before them;
//! a file with no speaker at all is one unnamed speaker.

use std::path::Path;

use super::turns::{Body, RawTurn, cue_label};
use crate::{Error, Location, Result};

/// The label given to speech with no speaker named in the file.
pub const UNNAMED: &str = "(unnamed)";

/// Which timed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// WebVTT.
    Vtt,
    /// SubRip.
    Srt,
}

/// One stretch of a cue's text with its speaker.
struct Piece {
    speaker: Option<String>,
    text: String,
    start_ms: u64,
    line_start: usize,
    line_end: usize,
}

/// Parse a timed transcript into turns. `known` labels are accepted in any
/// letter case as `Label: text` speakers, as in plain transcripts.
pub fn parse(text: &str, format: Format, display: &Path, known: &[String]) -> Result<Body> {
    let lines: Vec<&str> = text.lines().collect();
    let at = |line: usize| Location::at(display, line, 1);
    let mut i = 0;
    if format == Format::Vtt {
        let first = lines.first().copied().unwrap_or("");
        let rest = first.strip_prefix("WEBVTT");
        if !rest.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t'])) {
            return Err(Error::invalid(
                "not a WebVTT file: its first line must be `WEBVTT` \
                 (rename it if it is another format)",
            )
            .at(at(1)));
        }
        // The header runs to the first blank line.
        while i < lines.len() && !is_blank(lines[i]) {
            i += 1;
        }
    }
    let mut pieces: Vec<Piece> = Vec::new();
    while i < lines.len() {
        if is_blank(lines[i]) {
            i += 1;
            continue;
        }
        let block_start = i;
        while i < lines.len() && !is_blank(lines[i]) {
            i += 1;
        }
        let block = &lines[block_start..i];
        if format == Format::Vtt && is_vtt_comment(block[0]) {
            continue;
        }
        // An optional identifier (a cue number in SRT), then the timing.
        let timing_at = usize::from(!block[0].contains("-->"));
        let Some(timing) = block.get(timing_at).filter(|l| l.contains("-->")) else {
            // Point at the line meant as the timing: the first, unless it
            // reads as an identifier (a cue number, or text in WebVTT).
            let first = block[0].trim();
            let identifier = block.len() > 1
                && (first.bytes().all(|b| b.is_ascii_digit())
                    || (format == Format::Vtt && !first.starts_with(|c: char| c.is_ascii_digit())));
            let line = block_start + usize::from(identifier) + 1;
            return Err(Error::invalid(format!(
                "expected a cue timing line such as `{}`",
                example_timing(format)
            ))
            .at(at(line)));
        };
        let timing_line = block_start + timing_at + 1;
        let start_ms =
            parse_timing(timing, format).map_err(|why| Error::invalid(why).at(at(timing_line)))?;
        let payload = &block[timing_at + 1..];
        let first_payload_line = timing_line + 1;
        for (speaker, text, first, last) in cue_pieces(payload, format, known) {
            pieces.push(Piece {
                speaker,
                text,
                start_ms,
                line_start: first_payload_line + first,
                line_end: first_payload_line + last,
            });
        }
    }
    Ok(Body {
        turns: merge(pieces),
        ..Body::default()
    })
}

/// Consecutive pieces of one speaker as one turn; a piece without a
/// speaker continues the turn before it.
fn merge(pieces: Vec<Piece>) -> Vec<RawTurn> {
    let mut turns: Vec<RawTurn> = Vec::new();
    for p in pieces {
        if let Some(last) = turns.last_mut()
            && p.speaker.as_ref().is_none_or(|s| *s == last.label)
        {
            last.text.push('\n');
            last.text.push_str(&p.text);
            last.line_end = p.line_end;
            continue;
        }
        turns.push(RawTurn {
            label: p.speaker.unwrap_or_else(|| UNNAMED.to_owned()),
            line_start: p.line_start,
            line_end: p.line_end,
            text: p.text.into(),
            start_ms: Some(p.start_ms),
        });
    }
    turns
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn is_vtt_comment(first: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|k| {
        first
            .strip_prefix(k)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
    })
}

fn example_timing(format: Format) -> &'static str {
    match format {
        Format::Vtt => "00:00:01.000 --> 00:00:04.000",
        Format::Srt => "00:00:01,000 --> 00:00:04,000",
    }
}

/// The start of a `start --> end [settings]` line, in milliseconds.
fn parse_timing(line: &str, format: Format) -> std::result::Result<u64, String> {
    let (start, rest) = line
        .split_once("-->")
        .ok_or_else(|| format!("expected `{}`", example_timing(format)))?;
    let end = rest.split_whitespace().next().unwrap_or("");
    let start_ms = timestamp(start.trim(), format)?;
    timestamp(end, format)?;
    Ok(start_ms)
}

/// `[h:]m:s.fff` (WebVTT; Teams writes `0:0:0.210`) or `h:m:s,fff` (SRT).
fn timestamp(s: &str, format: Format) -> std::result::Result<u64, String> {
    let (sep, other) = match format {
        Format::Vtt => ('.', ','),
        Format::Srt => (',', '.'),
    };
    let bad = || {
        format!(
            "bad timestamp `{s}`: expected a time like `{}`",
            example_timing(format).split(' ').next().unwrap_or("")
        )
    };
    if s.contains(other) && !s.contains(sep) {
        let name = if format == Format::Srt {
            "SRT"
        } else {
            "WebVTT"
        };
        return Err(format!(
            "bad timestamp `{s}`: {name} writes `{sep}` before the milliseconds, not `{other}`"
        ));
    }
    let (clock, frac) = s.split_once(sep).ok_or_else(bad)?;
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || frac.is_empty()
        || frac.len() > 3
        || !parts
            .iter()
            .chain([&frac])
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let number = |p: &str| p.parse::<u64>().map_err(|_| bad());
    let mut secs = 0;
    for p in &parts {
        secs = secs * 60 + number(p)?;
    }
    let millis = number(frac)? * 10u64.pow(3 - u32::try_from(frac.len()).unwrap_or(3));
    Ok(secs * 1000 + millis)
}

/// A cue's payload split by speaker: (speaker, text, first line, last line),
/// lines counted from the payload's first.
fn cue_pieces(
    payload: &[&str],
    format: Format,
    known: &[String],
) -> Vec<(Option<String>, String, usize, usize)> {
    let mut out: Vec<(Option<String>, String, usize, usize)> = Vec::new();
    for (n, raw) in payload.iter().enumerate() {
        let voices = if format == Format::Vtt {
            voice_spans(raw)
        } else {
            vec![(None, (*raw).to_owned())]
        };
        for (voice, markup) in voices {
            let text = plain(&markup);
            let (speaker, text) = match voice {
                Some(v) => (Some(v), text),
                None => match cue_label(&text, known) {
                    Some((label, rest)) => (Some(label.to_owned()), rest.to_owned()),
                    None => (None, text.trim().to_owned()),
                },
            };
            if text.trim().is_empty() && speaker.is_none() {
                continue;
            }
            match out.last_mut() {
                // A line of the same cue with no new speaker goes on.
                Some(last) if speaker.is_none() || speaker == last.0 => {
                    if !text.is_empty() {
                        if !last.1.is_empty() {
                            last.1.push('\n');
                        }
                        last.1.push_str(text.trim());
                    }
                    last.3 = n;
                }
                _ => out.push((speaker, text.trim().to_owned(), n, n)),
            }
        }
    }
    out.retain(|p| !p.1.is_empty());
    out
}

/// Split a WebVTT payload line at voice tags: `<v Name>` (with optional
/// classes, `<v.loud Name>`) starts a speaker's span.
fn voice_spans(line: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut rest = line;
    let mut current: (Option<String>, String) = (None, String::new());
    while let Some(open) = rest.find("<v") {
        let after = &rest[open + 2..];
        if !after.starts_with([' ', '\t', '.']) {
            current.1.push_str(&rest[..open + 2]);
            rest = after;
            continue;
        }
        current.1.push_str(&rest[..open]);
        if !current.1.trim().is_empty() || current.0.is_some() {
            out.push(std::mem::take(&mut current));
        }
        // The annotation runs to `>`, or to the end if the tag is unclosed.
        let close = after.find('>').unwrap_or(after.len());
        let tag = &after[..close];
        let name = tag
            .trim_start_matches(|c: char| c != ' ' && c != '\t')
            .trim();
        current = ((!name.is_empty()).then(|| name.to_owned()), String::new());
        rest = after.get(close + 1..).unwrap_or("");
    }
    current.1.push_str(rest);
    if !current.1.trim().is_empty() || current.0.is_some() {
        out.push(current);
    }
    out
}

/// Cue text without tags (`<i>`, `<c.x>`, `</v>`, `<00:17.500>`) and with
/// character references decoded.
fn plain(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = match rest[open..].find('>') {
            Some(close) => &rest[open + close + 1..],
            None => "", // an unclosed tag runs to the end of the line
        };
    }
    out.push_str(rest);
    if !out.contains('&') {
        return out;
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(text: &str, format: Format) -> Vec<(String, String, usize, usize, Option<u64>)> {
        parse(text, format, Path::new("t"), &["Interviewer".to_owned()])
            .unwrap()
            .turns
            .into_iter()
            .map(crate::ingest::turns::RawTurn::parts)
            .collect()
    }

    fn err(text: &str, format: Format) -> String {
        parse(text, format, Path::new("t.vtt"), &[])
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn teams_voices_merge_and_keep_start_times() {
        let vtt = "WEBVTT\n\n0:0:0.0 --> 0:0:0.570\n<v Yuri B>There you go.</v>\n\n\
                   0:0:0.210 --> 0:0:1.130\n<v Yuri B>Hello.</v>\n\n\
                   00:01:02.5 --> 00:01:04.000\n<v.loud Ann Lee>Hi &amp; bye</v>\n";
        assert_eq!(
            turns(vtt, Format::Vtt),
            [
                (
                    "Yuri B".into(),
                    "There you go.\nHello.".into(),
                    4,
                    7,
                    Some(0)
                ),
                ("Ann Lee".into(), "Hi & bye".into(), 10, 10, Some(62_500)),
            ]
        );
    }

    #[test]
    fn zoom_labels_identifiers_notes_and_cue_tags() {
        let vtt = "WEBVTT\nKind: captions\n\nNOTE a comment\nspanning lines\n\n\
                   1\n00:00:00.050 --> 00:00:01.790\nSri G: Hi!\n\n\
                   2\n00:00:02.070 --> 00:00:04.050\nConor H: Get <00:03.000><c.x>started</c>.\n";
        assert_eq!(
            turns(vtt, Format::Vtt),
            [
                ("Sri G".into(), "Hi!".into(), 9, 9, Some(50)),
                ("Conor H".into(), "Get started.".into(), 13, 13, Some(2070)),
            ]
        );
    }

    #[test]
    fn two_voices_in_one_cue_and_captions_without_speakers() {
        let vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>One</v> <v B>Two\n\n\
                   00:02.000 --> 00:03.000\nand more\n";
        let got = turns(vtt, Format::Vtt);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[1].0.as_str(), got[1].1.as_str()),
            ("B", "Two\nand more")
        );
        let plain = "WEBVTT\n\n00:01.000 --> 00:02.000\nfirst\n\n00:02.000 --> 00:03.000\nsecond\n";
        assert_eq!(
            turns(plain, Format::Vtt),
            [(UNNAMED.into(), "first\nsecond".into(), 4, 7, Some(1000))]
        );
    }

    #[test]
    fn srt_cues_with_labels_and_empty_text() {
        let srt = "1\n00:00:00,500 --> 00:00:07,000\nInterviewer: How was it?\n\n\
                   2\n00:00:07,000 --> 00:00:11,890\n\n\n3\n00:00:11,890 --> 00:00:16,320\n\
                   Mere: Good.\nReally good.\n";
        assert_eq!(
            turns(srt, Format::Srt),
            [
                ("Interviewer".into(), "How was it?".into(), 3, 3, Some(500)),
                (
                    "Mere".into(),
                    "Good.\nReally good.".into(),
                    11,
                    12,
                    Some(11_890)
                ),
            ]
        );
    }

    #[test]
    fn malformed_files_name_the_line() {
        assert_eq!(
            err("1\n00:00:00,500 --> 00:00:07.000\nx\n", Format::Srt),
            "t.vtt:2:1: bad timestamp `00:00:07.000`: SRT writes `,` before the milliseconds, not `.`"
        );
        assert_eq!(
            err("hello\n", Format::Vtt),
            "t.vtt:1:1: not a WebVTT file: its first line must be `WEBVTT` (rename it if it is another format)"
        );
        assert_eq!(
            err("WEBVTT\n\n00:01.000 -> 00:02.000\ntext\n", Format::Vtt),
            "t.vtt:3:1: expected a cue timing line such as `00:00:01.000 --> 00:00:04.000`"
        );
        assert_eq!(
            err("WEBVTT\n\n00:01.000 --> 00:0x.000\ntext\n", Format::Vtt),
            "t.vtt:3:1: bad timestamp `00:0x.000`: expected a time like `00:00:01.000`"
        );
    }
}
