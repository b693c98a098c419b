//! Writing a coder's file `codings/<coder>.csv`: one decision appended, or
//! the last one taken back, each time by reading the whole file, checking
//! it, and writing it anew through a temporary file renamed over it, so a
//! crash leaves either the old file or the new one. Only a coder's explicit
//! command (`codings add|reject|accept|undo`, `review`) writes here; no
//! automatic step does. Rows already in the file are kept byte for byte.
//!
//! Two processes writing the same coder's file at once (two terminals, a
//! script's loop beside `review`) would each read the file, add their row
//! and rename theirs over the other's, losing one decision. So every
//! writer holds [`CoderLock`], an advisory lock on a lock file beside the
//! coder's file, from reading the file to renaming the new one in.

use std::path::{Path, PathBuf};

use super::Coding;
use super::store::{self, Action, MANUAL_HEADER, ManualRow};
use crate::codebook::CodeSet;
use crate::ingest::{Corpus, SegmentInfo};
use crate::project::Project;
use crate::{Error, Location, Result};

/// One decision a coder is about to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Document path, as the project names it (`transcripts/F1.txt`).
    pub document: String,
    /// Any line of the participant turn.
    pub line: usize,
    /// Code id.
    pub code: String,
    /// Add, accept or reject.
    pub action: Action,
    /// A note (may be empty).
    pub memo: String,
}

/// Check that `coder` can name a file `codings/<coder>.csv`: letters,
/// digits, `-`, `_` and `.` (not first), not ending in `.csv` (that would
/// write `codings/ana.csv.csv`), and not `auto`.
pub fn check_coder(coder: &str) -> Result<()> {
    let safe = !coder.is_empty()
        && !coder.starts_with('.')
        && coder
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !safe {
        return Err(Error::usage(format!(
            "coder name {coder:?} cannot name a file: use letters, digits, '-', '_' or '.' \
             (not first), as in --coder ana"
        )));
    }
    if let Some(stem) = coder
        .len()
        .checked_sub(4)
        .filter(|&at| coder.is_char_boundary(at) && coder[at..].eq_ignore_ascii_case(".csv"))
        .map(|at| &coder[..at])
        && !stem.eq_ignore_ascii_case("auto")
    {
        return Err(Error::usage(format!(
            "coder name {coder:?} ends in .csv, so the file would be codings/{coder}.csv: give \
             the name alone, as in --coder {stem}"
        )));
    }
    if coder.eq_ignore_ascii_case("auto") || coder.eq_ignore_ascii_case("auto.csv") {
        return Err(Error::usage(
            "coder name 'auto' is taken by codings/auto.csv (the auto codings): choose another",
        ));
    }
    Ok(())
}

/// The path of `coder`'s file and its name as shown (`codings/ana.csv`).
pub fn coder_file(project: &Project, coder: &str) -> (PathBuf, String) {
    (
        project.codings_dir().join(format!("{coder}.csv")),
        format!("codings/{coder}.csv"),
    )
}

/// An exclusive advisory lock on a coder's file, held from reading the
/// file to renaming its new version in, and released when dropped. The
/// coder's file itself is replaced by each write, so it cannot carry the
/// lock: on Unix the folder holding it (`codings/`) is locked, which leaves
/// nothing behind; elsewhere a hidden `codings/.<coder>.csv.lock`, left in
/// place. Another writer waits for it; readers do not take it.
#[derive(Debug)]
pub struct CoderLock {
    _file: std::fs::File,
}

impl CoderLock {
    /// Wait for, then take, the lock on the coder's file at `path`.
    pub fn acquire(path: &Path) -> Result<CoderLock> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create folder", &e))?;
        let file = Self::open(path, dir)?;
        file.lock().map_err(|e| Error::io(dir, "lock", &e))?;
        Ok(CoderLock { _file: file })
    }

    #[cfg(unix)]
    fn open(_path: &Path, dir: &Path) -> Result<std::fs::File> {
        std::fs::File::open(dir).map_err(|e| Error::io(dir, "lock", &e))
    }

    #[cfg(not(unix))]
    fn open(path: &Path, dir: &Path) -> Result<std::fs::File> {
        let name = path
            .file_name()
            .map_or_else(|| "codings.csv".into(), |n| n.to_string_lossy());
        let lock_path = dir.join(format!(".{name}.lock"));
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, "lock", &e))
    }
}

/// What [`record`] wrote, said in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// `codings/ana.csv:3: reject m.money at transcripts/F1.txt:6 (case F1)`.
    pub summary: String,
    /// Notes on how the codings were read, and on the decision.
    pub notes: Vec<String>,
}

/// Check `decision` against `project` (see [`validate`]) and append it to
/// `coder`'s file: the whole of `codings add|reject|accept`.
pub fn record(project: &Project, coder: &str, decision: &Decision) -> Result<Recorded> {
    check_coder(coder)?;
    let (path, display) = coder_file(project, coder);
    let codes = CodeSet::load(project)?;
    let corpus = crate::ingest::load(project)?;
    let (auto, mut notes) = super::load_auto(project, &corpus, &codes)?;
    let _lock = CoderLock::acquire(&path)?;
    let mine = read_coder(&path, &display, coder)?;
    let (segment, more) = validate(decision, &corpus, &codes, &auto, &mine)?;
    notes.extend(more);
    let row = append(&path, &display, decision)?;
    Ok(Recorded {
        summary: format!(
            "{display}:{row}: {} {} at {}:{} (case {})",
            decision.action.as_str(),
            decision.code,
            decision.document,
            lines(segment.line_start, segment.line_end),
            segment.case
        ),
        notes,
    })
}

/// Remove `coder`'s last row (see [`undo_last`]); a line saying which, or
/// an error if there is none.
pub fn undo(project: &Project, coder: &str) -> Result<String> {
    check_coder(coder)?;
    let (path, display) = coder_file(project, coder);
    let _lock = CoderLock::acquire(&path)?;
    let Some(row) = undo_last(&path, &display, coder)? else {
        return Err(Error::usage(format!("{display} has no decision to undo")));
    };
    Ok(format!(
        "removed {}: {} {} at {}:{}",
        row.location,
        row.action.as_str(),
        row.code,
        row.document,
        row.line
    ))
}

/// `coder`'s rows, or none if the file does not exist yet.
pub fn read_coder(path: &Path, display: &str, coder: &str) -> Result<Vec<ManualRow>> {
    if path.is_file() {
        store::read_manual(path, display, coder)
    } else {
        Ok(Vec::new())
    }
}

/// `coder`'s rows; an error naming the coders who have a file if `coder`
/// has none.
pub fn read_existing_coder(project: &Project, coder: &str) -> Result<Vec<ManualRow>> {
    check_coder(coder)?;
    let (path, display) = coder_file(project, coder);
    if !path.is_file() {
        let coders: Vec<String> = store::manual_files(&project.codings_dir(), "codings")?
            .into_iter()
            .map(|(c, _, _)| c)
            .collect();
        return Err(Error::usage(if coders.is_empty() {
            format!(
                "no {display}: no coder has a file in codings/ yet; `qualcode codings add|reject` \
                 or `qualcode review` starts one"
            )
        } else {
            format!("no {display}: coders with a file are {}", coders.join(", "))
        }));
    }
    store::read_manual(&path, &display, coder)
}

/// Check `decision` before it is written: the document is a transcript of
/// the project, the line is inside a participant turn, the code exists; a
/// reject or accept names an auto coding (one of `auto`); and `mine` (the
/// coder's rows so far) does not already hold the same decision. Returns
/// the participant turn, and notes worth saying.
pub fn validate<'c>(
    decision: &Decision,
    corpus: &'c Corpus,
    codes: &CodeSet,
    auto: &[Coding],
    mine: &[ManualRow],
) -> Result<(&'c SegmentInfo, Vec<String>)> {
    // The rows already there must hold too (a hand edit, a transcript edit).
    super::merge(Vec::new(), mine, corpus, codes)?;
    let Some(outline) = corpus.outline(&decision.document) else {
        let mut names: Vec<&str> = corpus.outlines.iter().map(|o| o.path.as_str()).collect();
        let more = names.len().saturating_sub(8);
        names.truncate(8);
        return Err(Error::usage(format!(
            "unknown document '{}': the project's transcripts are {}{}",
            decision.document,
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )));
    };
    let Some(segment) = outline.segment_at(decision.line) else {
        let turns: Vec<String> = outline
            .segments
            .iter()
            .take(12)
            .map(|s| lines(s.line_start, s.line_end))
            .collect();
        return Err(Error::usage(format!(
            "line {} of {} is not in a participant turn: participant turns are at lines {}{}",
            decision.line,
            decision.document,
            turns.join(", "),
            if outline.segments.len() > 12 {
                ", …"
            } else {
                ""
            }
        )));
    };
    codes.require(&decision.code)?;
    let place = format!(
        "{}:{} (case {})",
        decision.document,
        lines(segment.line_start, segment.line_end),
        segment.case
    );
    let auto_coded = auto.iter().any(|c| {
        c.document == decision.document && c.segment == segment.ordinal && c.code == decision.code
    });
    let mut notes = Vec::new();
    match decision.action {
        Action::Reject | Action::Accept if !auto_coded => {
            return Err(Error::usage(format!(
                "{place} has no auto coding of {}: there is nothing to {}; \
                 `qualcode codings list --document {}` shows its codings",
                decision.code,
                decision.action.as_str(),
                decision.document
            )));
        }
        Action::Add if auto_coded => notes.push(format!(
            "{place} is already auto-coded {}: the add is recorded and counts once",
            decision.code
        )),
        _ => {}
    }
    let same_decision = |row: &ManualRow| {
        row.document == decision.document
            && row.code == decision.code
            && outline
                .segment_at(row.line)
                .is_some_and(|s| s.ordinal == segment.ordinal)
            && match decision.action {
                Action::Add => row.action == Action::Add,
                Action::Accept | Action::Reject => row.action != Action::Add,
            }
    };
    if let Some(row) = mine.iter().find(|r| same_decision(r)) {
        return Err(Error::usage(format!(
            "{place}: {} already {} {} at {}; `qualcode codings undo` takes back the last \
             decision, and an earlier one can be edited in the file",
            row.coder,
            past(row.action),
            decision.code,
            row.location
        )));
    }
    Ok((segment, notes))
}

fn past(action: Action) -> &'static str {
    match action {
        Action::Add => "added",
        Action::Reject => "rejected",
        Action::Accept => "accepted",
    }
}

/// `5` or `5-7`.
pub fn lines(start: usize, end: usize) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}-{end}")
    }
}

/// Append `decision` to the coder's file at `path` (shown as `display`),
/// creating it with the header if absent. The file is read and checked
/// first, its rows are kept as they are, and the new row follows the
/// file's own columns. Returns the new row's line number. The caller holds
/// the [`CoderLock`] from its own reading of the file to here.
pub fn append(path: &Path, display: &str, decision: &Decision) -> Result<usize> {
    append_all(path, display, std::slice::from_ref(decision))
}

/// Append `decisions` in one write (see [`append`]); the last row's line
/// number.
pub fn append_all(path: &Path, display: &str, decisions: &[Decision]) -> Result<usize> {
    let bytes = read_bytes(path, display)?;
    let (mut out, header) = if bytes.iter().all(u8::is_ascii_whitespace) {
        let mut out = Vec::new();
        push_record(&mut out, MANUAL_HEADER, b"\n")?;
        (out, MANUAL_HEADER.map(str::to_owned).to_vec())
    } else {
        store::read_manual(path, display, "")?; // every row is well formed
        (bytes, header(path, display)?)
    };
    let newline: &[u8] = if out.windows(2).any(|w| w == b"\r\n") {
        b"\r\n"
    } else {
        b"\n"
    };
    if !out.ends_with(b"\n") {
        out.extend_from_slice(newline);
    }
    for decision in decisions {
        if !decision.memo.is_empty() && !header.iter().any(|h| h == "memo") {
            return Err(Error::usage(
                "the header has no memo column: add one to it, or leave out --memo",
            )
            .at(Location::line(display, 1)));
        }
        let line = decision.line.to_string();
        let record: Vec<&str> = header
            .iter()
            .map(|h| match h.as_str() {
                "document" => decision.document.as_str(),
                "line" => line.as_str(),
                "code" => decision.code.as_str(),
                "action" => decision.action.as_str(),
                "memo" => decision.memo.as_str(),
                _ => "",
            })
            .collect();
        push_record(&mut out, record, newline)?;
    }
    crate::fsutil::write_atomic(path, &out)?;
    Ok(row_count(&out))
}

/// Make `coder`'s file the whole coding of `project`: every auto coding
/// the coder has not added or accepted is rejected (with `memo`), in one
/// atomic write under the lock. For a project imported from another
/// program, whose codings the coder's file holds, so auto-coding brings
/// back nothing the other program had removed. Returns the rows written.
pub fn reject_the_rest(project: &Project, coder: &str, memo: &str) -> Result<usize> {
    check_coder(coder)?;
    let (path, display) = coder_file(project, coder);
    let codes = CodeSet::load(project)?;
    let corpus = crate::ingest::load(project)?;
    let (auto, _) = super::load_auto(project, &corpus, &codes)?;
    let _lock = CoderLock::acquire(&path)?;
    let mine = read_coder(&path, &display, coder)?;
    let mut kept = std::collections::HashSet::new();
    for row in &mine {
        let segment = super::merge::resolve(row, &corpus, &codes)?;
        kept.insert((row.document.as_str(), segment.ordinal, row.code.as_str()));
    }
    let rejects: Vec<Decision> = auto
        .iter()
        .filter(|c| !kept.contains(&(c.document.as_str(), c.segment, c.code.as_str())))
        .map(|c| Decision {
            document: c.document.clone(),
            line: c.line_start,
            code: c.code.to_string(),
            action: Action::Reject,
            memo: memo.to_owned(),
        })
        .collect();
    if !rejects.is_empty() {
        append_all(&path, &display, &rejects)?;
    }
    Ok(rejects.len())
}

/// Remove the last row of the coder's file at `path`, atomically, and give
/// it back; `None` if the file has no rows (or does not exist). The caller
/// holds the [`CoderLock`].
pub fn undo_last(path: &Path, display: &str, coder: &str) -> Result<Option<ManualRow>> {
    let rows = read_coder(path, display, coder)?;
    let Some(last) = rows.last().cloned() else {
        return Ok(None);
    };
    let bytes = read_bytes(path, display)?;
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
    let mut start = None;
    let mut record = csv::ByteRecord::new();
    loop {
        let at = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                // `at` may sit before blank lines skipped ahead of the record.
                start = Some(record.position().map_or(at, csv::Position::byte));
            }
            Ok(false) => break,
            Err(e) => {
                return Err(
                    Error::invalid(format!("malformed CSV: {e}")).at(Location::file(display))
                );
            }
        }
    }
    let start = usize::try_from(start.expect("a file with rows has a last record"))
        .expect("a byte offset into a file read into memory fits usize");
    crate::fsutil::write_atomic(path, &bytes[..start])?;
    Ok(Some(last))
}

fn read_bytes(path: &Path, display: &str) -> Result<Vec<u8>> {
    match std::fs::read(path) {
        Ok(b) => Ok(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::io(Path::new(display), "read", &e)),
    }
}

fn header(path: &Path, display: &str) -> Result<Vec<String>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(Path::new(display), "read", &e))?;
    let mut r = csv::ReaderBuilder::new().from_reader(file);
    let header = r.headers().map_err(|e| {
        Error::invalid(format!("malformed CSV header: {e}")).at(Location::line(display, 1))
    })?;
    Ok(header.iter().map(|h| h.trim().to_owned()).collect())
}

fn push_record<I, T>(out: &mut Vec<u8>, record: I, newline: &[u8]) -> Result<()>
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(record)
        .map_err(|e| Error::new(crate::ErrorKind::Io, format!("cannot write CSV: {e}")))?;
    let mut bytes = w.into_inner().map_err(|e| {
        Error::new(
            crate::ErrorKind::Io,
            format!("cannot write CSV: {}", e.error()),
        )
    })?;
    bytes.pop(); // the '\n'
    out.extend_from_slice(&bytes);
    out.extend_from_slice(newline);
    Ok(())
}

/// The line number of the last record in `bytes` (1 is the header).
fn row_count(bytes: &[u8]) -> usize {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let mut line = 1;
    for record in reader.byte_records().flatten() {
        line = record
            .position()
            .map_or(line, |p| usize::try_from(p.line()).unwrap_or(line));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(action: Action, memo: &str) -> Decision {
        Decision {
            document: "transcripts/F1.txt".into(),
            line: 6,
            code: "motives.money".into(),
            action,
            memo: memo.into(),
        }
    }

    #[test]
    fn coder_names_must_be_safe_file_stems() {
        #[track_caller]
        fn case(name: &str, ok: bool) {
            assert_eq!(check_coder(name).is_ok(), ok, "{name}");
        }
        case("ana", true);
        case("José_2", true);
        case("a.b-c", true);
        case("", false);
        case("auto", false);
        case("AUTO", false);
        case("../x", false);
        case("a/b", false);
        case("a\\b", false);
        case(".hidden", false);
        case("a b", false);
        case("ana.csv", false);
        case("ana.CSV", false);
        case("ana.csv2", true);
    }

    #[test]
    fn append_creates_then_appends_keeping_rows_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("codings/ana.csv");
        assert_eq!(
            append(&path, "codings/ana.csv", &decision(Action::Reject, "")).unwrap(),
            2
        );
        assert_eq!(
            append(
                &path,
                "codings/ana.csv",
                &decision(Action::Add, "says \"bills\", twice")
            )
            .unwrap(),
            3
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "document,line,code,action,memo\n\
             transcripts/F1.txt,6,motives.money,reject,\n\
             transcripts/F1.txt,6,motives.money,add,\"says \"\"bills\"\", twice\"\n"
        );
        let rows = store::read_manual(&path, "codings/ana.csv", "ana").unwrap();
        assert_eq!(rows[1].memo, "says \"bills\", twice");
    }

    #[test]
    fn append_follows_a_hand_edited_files_columns_and_line_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ana.csv");
        std::fs::write(
            &path,
            "action,code,line,document\r\nadd,motives.x,4,t/N1.txt",
        )
        .unwrap();
        append(&path, "codings/ana.csv", &decision(Action::Accept, "")).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "action,code,line,document\r\nadd,motives.x,4,t/N1.txt\r\n\
             accept,motives.money,6,transcripts/F1.txt\r\n"
        );
        let err = append(&path, "codings/ana.csv", &decision(Action::Add, "a note")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "codings/ana.csv:1: the header has no memo column: add one to it, or leave out --memo"
        );
    }

    #[test]
    fn append_refuses_to_write_over_a_malformed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ana.csv");
        let bad = "document,line,code,action\nt/F1.txt,six,m.a,add\n";
        std::fs::write(&path, bad).unwrap();
        let err = append(&path, "codings/ana.csv", &decision(Action::Add, "")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("codings/ana.csv:2: line must be"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
    }

    #[test]
    fn undo_removes_only_the_last_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ana.csv");
        assert_eq!(undo_last(&path, "codings/ana.csv", "ana").unwrap(), None);
        std::fs::write(
            &path,
            "document,line,code,action,memo\nt/F1.txt,6,m.a,add,\"two\nlines\"\n\nt/F1.txt,7,m.b,reject,\n",
        )
        .unwrap();
        let last = undo_last(&path, "codings/ana.csv", "ana").unwrap().unwrap();
        assert_eq!((last.code.as_str(), last.action), ("m.b", Action::Reject));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "document,line,code,action,memo\nt/F1.txt,6,m.a,add,\"two\nlines\"\n"
        );
        let last = undo_last(&path, "codings/ana.csv", "ana").unwrap().unwrap();
        assert_eq!(last.memo, "two\nlines");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "document,line,code,action,memo\n"
        );
        assert_eq!(undo_last(&path, "codings/ana.csv", "ana").unwrap(), None);
    }
}
