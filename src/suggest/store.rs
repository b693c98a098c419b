//! The suggestion files. `codings/suggestions/NAME.csv` holds the latest
//! suggestions for coder NAME (rewritten, atomically, by each `suggest`);
//! `codings/suggestions/rejected/NAME.csv` holds the suggestions NAME
//! rejected (appended to under the coder's lock), which are never
//! suggested again. Neither is a coder's file: nothing in them counts.

use std::path::{Path, PathBuf};

use super::Texts;
use super::index::{Exemplar, Suggestion};
use crate::coding::store::{csv_error, number, row_error};
use crate::project::Project;
use crate::redact::Redactor;
use crate::{Error, Location, Result};

/// Columns of a suggestions file.
pub const SUGGESTIONS_HEADER: [&str; 10] = [
    "code",
    "rank",
    "score",
    "document",
    "case",
    "segment",
    "line_start",
    "line_end",
    "resembles",
    "why",
];

/// Columns of a rejected-suggestions file.
pub const REJECTED_HEADER: [&str; 3] = ["document", "line", "code"];

/// Most rows read from a suggestions file.
pub const MAX_ROWS: usize = 100_000;

/// `codings/suggestions/NAME.csv`: path and name as shown.
pub fn suggestions_file(project: &Project, coder: &str) -> (PathBuf, String) {
    (
        project
            .codings_dir()
            .join("suggestions")
            .join(format!("{coder}.csv")),
        format!("codings/suggestions/{coder}.csv"),
    )
}

/// `codings/suggestions/rejected/NAME.csv`: path and name as shown.
pub fn rejected_file(project: &Project, coder: &str) -> (PathBuf, String) {
    (
        project
            .codings_dir()
            .join("suggestions")
            .join("rejected")
            .join(format!("{coder}.csv")),
        format!("codings/suggestions/rejected/{coder}.csv"),
    )
}

/// One row of a suggestions file, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionRow {
    /// Code id.
    pub code: String,
    /// Rank within the code.
    pub rank: usize,
    /// Score, as written.
    pub score: String,
    /// Document path.
    pub document: String,
    /// Case id.
    pub case: String,
    /// Turn ordinal.
    pub segment: usize,
    /// First line.
    pub line_start: usize,
    /// Last line.
    pub line_end: usize,
    /// What it resembles, as written.
    pub resembles: String,
    /// The shared words, as written.
    pub why: String,
}

/// `transcripts/F1.txt:6 (0.52); example 1 (0.31)`.
pub fn resembles_text(texts: &Texts, s: &Suggestion) -> String {
    s.resembles
        .iter()
        .map(|(e, score)| match e {
            Exemplar::Segment(i) => {
                let seg = &texts.segments[*i];
                format!("{}:{} ({score:.2})", seg.document, seg.line_start)
            }
            Exemplar::Example(k) => format!("example {} ({score:.2})", k + 1),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `childcare 62%, nursery 30%`: each shared word with its share of the
/// score, redacted.
pub fn why_text(texts: &Texts, s: &Suggestion, redactor: &Redactor) -> String {
    let words: Vec<String> = s
        .why
        .iter()
        .map(|&(t, share)| format!("{} {:.0}%", texts.surface(t), share * 100.0))
        .collect();
    redactor.apply(&words.join(", "))
}

/// The rows of a suggestions file for `suggestions`.
pub fn rows(texts: &Texts, suggestions: &[Suggestion], redactor: &Redactor) -> Vec<SuggestionRow> {
    suggestions
        .iter()
        .map(|s| {
            let seg = &texts.segments[s.segment];
            SuggestionRow {
                code: s.code.clone(),
                rank: s.rank,
                score: format!("{:.4}", s.score),
                document: seg.document.clone(),
                case: seg.case.clone(),
                segment: seg.ordinal,
                line_start: seg.line_start,
                line_end: seg.line_end,
                resembles: resembles_text(texts, s),
                why: why_text(texts, s, redactor),
            }
        })
        .collect()
}

/// Write `rows` to `path`, atomically (a crash leaves the old file).
pub fn write_suggestions(path: &Path, rows: &[SuggestionRow]) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(SUGGESTIONS_HEADER)
        .map_err(|e| csv_error(&e))?;
    for r in rows {
        w.write_record([
            r.code.as_str(),
            &r.rank.to_string(),
            &r.score,
            &r.document,
            &r.case,
            &r.segment.to_string(),
            &r.line_start.to_string(),
            &r.line_end.to_string(),
            &r.resembles,
            &r.why,
        ])
        .map_err(|e| csv_error(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| {
        Error::new(
            crate::ErrorKind::Io,
            format!("cannot write CSV: {}", e.error()),
        )
    })?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create folder", &e))?;
    }
    crate::fsutil::write_atomic(path, &bytes)
}

fn line_of(record: &csv::StringRecord) -> usize {
    record
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0))
}

fn open(
    path: &Path,
    display: &str,
    header: &[&str],
    remedy: &str,
) -> Result<csv::Reader<std::fs::File>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(Path::new(display), "read", &e))?;
    let mut r = csv::ReaderBuilder::new().from_reader(file);
    let found: Vec<String> = r
        .headers()
        .map_err(|e| row_error(&e, display))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if found != header {
        return Err(Error::invalid(format!(
            "unexpected header: expected {}; {remedy}",
            header.join(",")
        ))
        .at(Location::line(display, 1)));
    }
    Ok(r)
}

/// Read a suggestions file; errors name the file and line.
pub fn read_suggestions(path: &Path, display: &str) -> Result<Vec<SuggestionRow>> {
    let mut r = open(
        path,
        display,
        &SUGGESTIONS_HEADER,
        "write it anew with `qualcode suggest`",
    )?;
    let mut out = Vec::new();
    for record in r.records() {
        let record = record.map_err(|e| row_error(&e, display))?;
        let at = Location::line(display, line_of(&record));
        if out.len() == MAX_ROWS {
            return Err(Error::invalid(format!(
                "more than {MAX_ROWS} suggestions: write fewer with `qualcode suggest --top`"
            ))
            .at(at));
        }
        let f = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        out.push(SuggestionRow {
            code: f(0),
            rank: number(&f(1), "rank", &at)?,
            score: f(2),
            document: f(3),
            case: f(4),
            segment: number(&f(5), "segment", &at)?,
            line_start: number(&f(6), "line_start", &at)?,
            line_end: number(&f(7), "line_end", &at)?,
            resembles: f(8),
            why: f(9),
        });
    }
    Ok(out)
}

/// A suggestion the coder rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Document path.
    pub document: String,
    /// A line of the segment.
    pub line: usize,
    /// Code id.
    pub code: String,
}

/// The rejected suggestions at `path`, none if there is no file.
pub fn read_rejected(path: &Path, display: &str) -> Result<Vec<Rejected>> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let mut r = open(
        path,
        display,
        &REJECTED_HEADER,
        "it is written by `qualcode review --suggestions`",
    )?;
    let mut out = Vec::new();
    for record in r.records() {
        let record = record.map_err(|e| row_error(&e, display))?;
        let at = Location::line(display, line_of(&record));
        let f = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        out.push(Rejected {
            document: f(0),
            line: number(&f(1), "line", &at)?,
            code: f(2),
        });
    }
    Ok(out)
}

fn rejected_bytes(rows: &[Rejected]) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(REJECTED_HEADER).map_err(|e| csv_error(&e))?;
    for r in rows {
        w.write_record([r.document.as_str(), &r.line.to_string(), &r.code])
            .map_err(|e| csv_error(&e))?;
    }
    w.into_inner().map_err(|e| {
        Error::new(
            crate::ErrorKind::Io,
            format!("cannot write CSV: {}", e.error()),
        )
    })
}

/// Append `row` to the rejected file at `path` (read, checked and written
/// anew atomically). The caller holds the coder's lock.
pub fn append_rejected(path: &Path, display: &str, row: Rejected) -> Result<()> {
    let mut rows = read_rejected(path, display)?;
    rows.push(row);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create folder", &e))?;
    }
    crate::fsutil::write_atomic(path, &rejected_bytes(&rows)?)
}

/// Remove the last row of the rejected file at `path`, atomically; the
/// row removed, if any. The caller holds the coder's lock.
pub fn undo_rejected(path: &Path, display: &str) -> Result<Option<Rejected>> {
    let mut rows = read_rejected(path, display)?;
    let last = rows.pop();
    if last.is_some() {
        crate::fsutil::write_atomic(path, &rejected_bytes(&rows)?)?;
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_and_rejections_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s/ana.csv");
        let row = SuggestionRow {
            code: "m.care".into(),
            rank: 1,
            score: "0.5123".into(),
            document: "t/F1.txt".into(),
            case: "F1".into(),
            segment: 3,
            line_start: 7,
            line_end: 8,
            resembles: "t/F2.txt:4 (0.50); example 1 (0.20)".into(),
            why: "childcare 60%, nursery 40%".into(),
        };
        write_suggestions(&path, std::slice::from_ref(&row)).unwrap();
        assert_eq!(read_suggestions(&path, "s/ana.csv").unwrap(), [row]);
        let rejected = dir.path().join("r/ana.csv");
        assert!(read_rejected(&rejected, "r/ana.csv").unwrap().is_empty());
        let r = Rejected {
            document: "t/F1.txt".into(),
            line: 7,
            code: "m.care".into(),
        };
        append_rejected(&rejected, "r/ana.csv", r.clone()).unwrap();
        assert_eq!(
            read_rejected(&rejected, "r/ana.csv").unwrap(),
            std::slice::from_ref(&r)
        );
        assert_eq!(undo_rejected(&rejected, "r/ana.csv").unwrap(), Some(r));
        assert!(read_rejected(&rejected, "r/ana.csv").unwrap().is_empty());
        std::fs::write(&path, "code,rank\n").unwrap();
        let err = read_suggestions(&path, "s/ana.csv").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("s/ana.csv:1: unexpected header"),
            "{err}"
        );
    }
}
