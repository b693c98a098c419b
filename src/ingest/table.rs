//! Oral-history tables (`.csv`, `.tsv`): one row per utterance, with a
//! speaker column, a text column and optionally a time column. Columns are
//! found by their header (`Speaker`, `Text`, `Timecode`…) or named in
//! `qualcode.yaml` (`columns:`). Consecutive rows of one speaker are one
//! turn; a row's line is its line in the file. Rows and cells are bounded.

use std::path::Path;

use super::labels;
use super::turns::RawTurn;
use crate::{Error, Location, Result};

/// Most rows read from one table.
const MAX_ROWS: usize = 1_000_000;

pub use crate::project::Columns;

/// Headers recognised without configuration, compared ignoring case, spaces
/// and underscores.
const SPEAKER: [&str; 9] = [
    "speaker",
    "speakername",
    "speakerlabel",
    "name",
    "who",
    "participant",
    "person",
    "role",
    "narrator",
];
const TEXT: [&str; 10] = [
    "text",
    "transcript",
    "transcription",
    "utterance",
    "content",
    "message",
    "dialogue",
    "speech",
    "words",
    "comment",
];
const TIME: [&str; 8] = [
    "time",
    "timestamp",
    "timecode",
    "start",
    "starttime",
    "begin",
    "in",
    "tcin",
];

fn key(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The turns of a table `text` with fields separated by `delimiter`.
pub fn parse(text: &str, delimiter: u8, columns: &Columns, display: &Path) -> Result<Vec<RawTurn>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let at = |line: u64| Location::at(display, usize::try_from(line).unwrap_or(usize::MAX), 1);
    let headers = reader
        .headers()
        .map_err(|e| Error::invalid(format!("bad table header: {e}")).at(at(1)))?
        .clone();
    let find = |set: &Option<String>, names: &[&str], what: &str| -> Result<Option<usize>> {
        match set {
            Some(name) => headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
                .map(Some)
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "no column '{name}' (set as the {what} column under `columns:` in \
                         qualcode.yaml); the header is: {}",
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ))
                    .at(at(1))
                }),
            None => Ok(names
                .iter()
                .find_map(|n| headers.iter().position(|h| key(h) == key(n)))),
        }
    };
    let speaker = find(&columns.speaker, &SPEAKER, "speaker")?;
    let time = find(&columns.time, &TIME, "time")?;
    let Some(text_at) = find(&columns.text, &TEXT, "text")? else {
        return Err(Error::invalid(format!(
            "no text column: name it under `columns: {{text: …}}` in qualcode.yaml \
             (headers found: {}; recognised: Text, Transcript, Utterance, Message…)",
            headers.iter().collect::<Vec<_>>().join(", ")
        ))
        .at(at(1)));
    };
    let mut turns: Vec<RawTurn> = Vec::new();
    for (n, record) in reader.records().enumerate() {
        if n >= MAX_ROWS {
            return Err(Error::invalid(format!("more than {MAX_ROWS} rows")).at(at(1)));
        }
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, csv::Position::line);
            Error::invalid(format!("bad table row: {e}")).at(at(line))
        })?;
        let line =
            usize::try_from(record.position().map_or(1, csv::Position::line)).unwrap_or(usize::MAX);
        let said = record.get(text_at).unwrap_or("").trim();
        if said.is_empty() {
            continue;
        }
        let who = speaker
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_end_matches(':').to_owned());
        let start_ms = time.and_then(|i| record.get(i)).and_then(labels::time_ms);
        let line_end = line + said.matches('\n').count();
        if let Some(last) = turns.last_mut()
            && who.as_ref().is_none_or(|w| *w == last.label)
        {
            last.text.push('\n');
            last.text.push_str(said);
            last.line_end = line_end;
            continue;
        }
        turns.push(RawTurn {
            label: who.unwrap_or_else(|| super::timed::UNNAMED.to_owned()),
            line_start: line,
            line_end,
            text: said.into(),
            start_ms,
        });
    }
    Ok(turns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(
        text: &str,
        delimiter: u8,
        columns: &Columns,
    ) -> Vec<(String, String, usize, Option<u64>)> {
        parse(text, delimiter, columns, Path::new("t.csv"))
            .unwrap()
            .into_iter()
            .map(|t| (t.label, t.text.into_string(), t.line_start, t.start_ms))
            .collect()
    }

    #[test]
    fn headers_are_recognised_and_rows_of_one_speaker_merge() {
        let csv = "Timecode,Speaker,Transcript\n00:00:01,Interviewer,Where were you born?\n\
                   00:00:04,Ann Lee,\"In Leeds, in 1950.\"\n00:00:09,Ann Lee,Then York.\n\
                   00:00:12,,\n";
        assert_eq!(
            turns(csv, b',', &Columns::default()),
            [
                (
                    "Interviewer".into(),
                    "Where were you born?".into(),
                    2,
                    Some(1_000)
                ),
                (
                    "Ann Lee".into(),
                    "In Leeds, in 1950.\nThen York.".into(),
                    3,
                    Some(4_000)
                ),
            ]
        );
        let tsv = "start_time\tspeaker_name\tutterance\n3.5\tQ\tWhy?\n";
        assert_eq!(
            turns(tsv, b'\t', &Columns::default()),
            [("Q".into(), "Why?".into(), 2, Some(3_500))]
        );
    }

    #[test]
    fn configured_columns_win_and_a_missing_one_is_named() {
        let columns = Columns {
            speaker: Some("Voice".into()),
            text: Some("Said".into()),
            time: None,
        };
        assert_eq!(
            turns("Voice,Said,Text\nAnn,yes,no\n", b',', &columns),
            [("Ann".into(), "yes".into(), 2, None)]
        );
        let err = parse("A,B\nx,y\n", b',', &Columns::default(), Path::new("t.csv")).unwrap_err();
        assert!(
            err.to_string().starts_with("t.csv:1:1: no text column"),
            "{err}"
        );
        let columns = Columns {
            text: Some("Words said".into()),
            ..Columns::default()
        };
        let err = parse("A,B\nx,y\n", b',', &columns, Path::new("t.csv")).unwrap_err();
        assert!(err.message().contains("no column 'Words said'"), "{err}");
    }
}
