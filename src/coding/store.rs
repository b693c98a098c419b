//! The codings CSV files: `codings/auto.csv` (written by `code`, read by
//! everything else) and the coders' `codings/<coder>.csv`, which only people
//! write. Every error names the file and row.

use std::path::{Path, PathBuf};

use super::{AutoRow, Coding, Source};
use crate::codebook::CodeId;
use crate::{Error, Location, Result};

/// Columns of `auto.csv`.
pub const AUTO_HEADER: [&str; 11] = [
    "document",
    "case",
    "segment",
    "line_start",
    "line_end",
    "code",
    "source",
    "coder",
    "pattern",
    "match",
    "memo",
];

/// Columns of a manual file (`memo` may be left out).
pub const MANUAL_HEADER: [&str; 5] = ["document", "line", "code", "action", "memo"];

/// The auto codings file name.
pub const AUTO_FILE: &str = "auto.csv";

/// Serialise codings to CSV bytes.
pub fn to_csv(codings: &[Coding]) -> Vec<u8> {
    let mut w = AutoWriter::new();
    w.write(codings);
    w.into_inner()
}

/// Serialise auto codings to CSV rows without the header, to append to a
/// file begun with the header (`to_csv(&[])`).
pub fn auto_rows(rows: &[AutoRow<'_>]) -> Vec<u8> {
    let mut w = AutoWriter {
        out: Vec::with_capacity(rows.len() * 96),
    };
    for r in rows {
        w.record(
            [
                r.document,
                r.case,
                r.code,
                Source::Auto.as_str(),
                "",
                r.pattern,
                &r.matched,
                "",
            ],
            [r.segment, r.line_start, r.line_end],
        );
    }
    w.into_inner()
}

/// Writes `auto.csv` rows as they come: the header first, then batches of
/// codings in the order given. The CSV is the `csv` crate's (a field is
/// quoted when it holds a comma, a quote, a carriage return or a line
/// feed; quotes are doubled; rows end in `\n`), written directly: it was
/// a twentieth of `code`'s time through the crate's per-field state
/// machine (a test holds the two to the same bytes).
pub struct AutoWriter {
    out: Vec<u8>,
}

/// Writing CSV of strings fails only when the output does (a full disk).
pub(crate) fn csv_error(e: &csv::Error) -> Error {
    Error::new(crate::ErrorKind::Io, format!("cannot write CSV: {e}"))
}

impl Default for AutoWriter {
    fn default() -> Self {
        AutoWriter::new()
    }
}

impl AutoWriter {
    /// Start writing, with the header.
    pub fn new() -> Self {
        let mut out = AUTO_HEADER.join(",").into_bytes();
        out.push(b'\n');
        AutoWriter { out }
    }

    /// Write a batch of codings.
    pub fn write(&mut self, codings: &[Coding]) {
        for c in codings {
            self.record(
                [
                    &c.document,
                    &c.case,
                    &c.code,
                    c.source.as_str(),
                    c.coder.as_column(),
                    &c.pattern,
                    &c.matched,
                    &c.memo,
                ],
                [c.segment, c.line_start, c.line_end],
            );
        }
    }

    /// One row of [`AUTO_HEADER`]'s columns: the text fields (document,
    /// case, code, source, coder, pattern, match, memo) and the numbers
    /// (`segment`, `line_start`, `line_end`).
    fn record(&mut self, text: [&str; 8], numbers: [usize; 3]) {
        let [document, case, code, source, coder, pattern, matched, memo] = text;
        let out = &mut self.out;
        field(out, document);
        out.push(b',');
        field(out, case);
        let mut digits = itoa::Buffer::new();
        for n in numbers {
            out.push(b',');
            out.extend_from_slice(digits.format(n).as_bytes());
        }
        for text in [code, source, coder, pattern, matched, memo] {
            out.push(b',');
            field(out, text);
        }
        out.push(b'\n');
    }

    /// The CSV written.
    pub fn into_inner(self) -> Vec<u8> {
        self.out
    }
}

/// `text` as a CSV field: quoted, with its quotes doubled, when it holds a
/// comma, a quote, a carriage return or a line feed.
fn field(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    for piece in bytes.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(piece);
        if piece.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

fn reader(path: &Path, display: &str) -> Result<csv::Reader<std::fs::File>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(Path::new(display), "read", &e))?;
    Ok(csv::ReaderBuilder::new().from_reader(file))
}

/// A CSV file that cannot be read as rows: the reason, at its line.
pub(crate) fn row_error(err: &csv::Error, display: &str) -> Error {
    let line = err
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("row has {len} fields but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text".to_owned(),
        _ => "malformed CSV".to_owned(),
    };
    Error::invalid(message).at(if line > 0 {
        Location::line(display, line)
    } else {
        Location::file(display)
    })
}

/// A whole number read from a CSV field, or an error at its place.
pub(crate) fn number(value: &str, what: &str, at: &Location) -> Result<usize> {
    value.trim().parse().map_err(|_| {
        Error::invalid(format!("{what} must be a whole number, not {value:?}")).at(at.clone())
    })
}

/// Read `auto.csv`.
pub fn read_auto(path: &Path, display: &str) -> Result<Vec<Coding>> {
    // Rows are at most lines: counted first (the file is read twice, from
    // the page cache), the list is allocated once, never grown.
    let lines = count_lines(path).map_err(|e| Error::io(Path::new(display), "read", &e))?;
    let mut r = reader(path, display)?;
    let headers = r
        .byte_headers()
        .map_err(|e| row_error(&e, display))?
        .clone();
    if headers.iter().ne(AUTO_HEADER.iter().map(|h| h.as_bytes())) {
        return Err(Error::invalid(format!(
            "unexpected header: expected {}; regenerate it with `qualcode code`",
            AUTO_HEADER.join(",")
        ))
        .at(Location::line(display, 1)));
    }
    let mut out = Vec::with_capacity(lines.saturating_sub(1));
    let mut record = csv::ByteRecord::new();
    while r
        .read_byte_record(&mut record)
        .map_err(|e| row_error(&e, display))?
    {
        let at = || {
            let line = record
                .position()
                .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
            Location::line(display, line)
        };
        let text = |i: usize| -> Result<&str> {
            std::str::from_utf8(record.get(i).unwrap_or_default())
                .map_err(|_| Error::invalid("not valid UTF-8 text").at(at()))
        };
        let whole = |i: usize, what: &str| -> Result<usize> {
            let value = text(i)?;
            value.trim().parse().map_err(|_| {
                Error::invalid(format!("{what} must be a whole number, not {value:?}")).at(at())
            })
        };
        out.push(Coding {
            document: text(0)?.to_owned(),
            case: text(1)?.to_owned(),
            segment: whole(2, "segment")?,
            line_start: whole(3, "line_start")?,
            line_end: whole(4, "line_end")?,
            code: CodeId::parse(text(5)?).map_err(|e| {
                Error::invalid(format!(
                    "not a code id: {e}; `qualcode code` writes this file anew"
                ))
                .at(at())
            })?,
            source: Source::Auto,
            coder: super::Coder::from_column(text(7)?),
            pattern: text(8)?.to_owned(),
            matched: text(9)?.to_owned(),
            memo: text(10)?.to_owned(),
        });
    }
    Ok(out)
}

/// The number of line feeds in a file.
fn count_lines(path: &Path) -> std::io::Result<usize> {
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    let mut lines = 0;
    loop {
        match std::io::Read::read(&mut file, &mut buf) {
            Ok(0) => return Ok(lines),
            Ok(n) => lines += buf[..n].iter().filter(|&&b| b == b'\n').count(),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// What a coder decided about one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Add the code to the segment.
    Add,
    /// Remove the auto coding of the code from the segment.
    Reject,
    /// Confirm the auto coding of the code in the segment (it stays; the
    /// row records that a person checked it, for `review` and `agree`).
    Accept,
}

impl Action {
    /// The word in the `action` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Reject => "reject",
            Action::Accept => "accept",
        }
    }
}

/// One row of a manual codings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualRow {
    /// The coder (the file's name).
    pub coder: String,
    /// Where the row is.
    pub location: Location,
    /// Document path.
    pub document: String,
    /// Any line of the segment.
    pub line: usize,
    /// Code id.
    pub code: String,
    /// Add, accept or reject.
    pub action: Action,
    /// A note.
    pub memo: String,
}

/// Read a coder's file `codings/<coder>.csv`.
pub fn read_manual(path: &Path, display: &str, coder: &str) -> Result<Vec<ManualRow>> {
    let mut r = reader(path, display)?;
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| row_error(&e, display))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(doc), Some(line), Some(code), Some(action)) =
        (col("document"), col("line"), col("code"), col("action"))
    else {
        return Err(Error::invalid(format!(
            "a manual codings file needs the columns {} (memo optional); this one has {}",
            MANUAL_HEADER.join(","),
            headers.join(",")
        ))
        .at(Location::line(display, 1)));
    };
    let memo = col("memo");
    let mut out = Vec::new();
    for record in r.records() {
        let record = record.map_err(|e| row_error(&e, display))?;
        let n = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let at = Location::line(display, n);
        let get = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        let action = match get(action).to_lowercase().as_str() {
            "add" => Action::Add,
            "reject" => Action::Reject,
            "accept" => Action::Accept,
            other => {
                return Err(Error::invalid(format!(
                    "action must be add, accept or reject, not {other:?}"
                ))
                .at(at));
            }
        };
        out.push(ManualRow {
            coder: coder.to_owned(),
            document: get(doc),
            line: number(&get(line), "line", &at)?,
            code: get(code),
            action,
            memo: memo.map(get).unwrap_or_default(),
            location: at,
        });
    }
    Ok(out)
}

/// The coders' files in `dir`, sorted by coder name: (coder, path, display).
pub fn manual_files(dir: &Path, display_dir: &str) -> Result<Vec<(String, PathBuf, String)>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name == AUTO_FILE || name.starts_with('.') {
            continue;
        }
        if let Some(coder) = name.strip_suffix(".csv") {
            out.push((
                coder.to_owned(),
                path.clone(),
                format!("{display_dir}/{name}"),
            ));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The rows written by hand are the `csv` crate's, byte for byte,
        /// whatever the fields hold (quotes, commas, line breaks, none).
        #[test]
        fn auto_rows_are_the_csv_crates(
            fields in proptest::collection::vec("[a-z\",\r\n \u{e9}\u{2019}]{0,6}", 6),
            numbers in proptest::array::uniform3(0usize..100_000),
        ) {
            let row = AutoRow {
                document: &fields[0],
                case: &fields[1],
                segment: numbers[0],
                line_start: numbers[1],
                line_end: numbers[2],
                code: &fields[2],
                pattern: &fields[3],
                matched: fields[4].clone().into(),
            };
            let mut want = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            want.write_record(AUTO_HEADER).unwrap();
            let [a, b, c] = numbers.map(|n| n.to_string());
            let rows = [
                [
                    row.document, row.case, &a, &b, &c, row.code, "auto", "", row.pattern,
                    &row.matched, "",
                ],
                [
                    &fields[5], row.case, &a, &b, &c, row.code, "manual", &fields[4],
                    row.pattern, "", &fields[0],
                ],
            ];
            for r in rows {
                want.write_record(r).unwrap();
            }
            let want = want.into_inner().unwrap();
            let mut got = to_csv(&[]);
            got.extend(auto_rows(std::slice::from_ref(&row)));
            let mut w = AutoWriter { out: Vec::new() };
            w.record(
                [&fields[5], row.case, row.code, "manual", &fields[4], row.pattern, "", &fields[0]],
                numbers,
            );
            got.extend(w.into_inner());
            proptest::prop_assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want));
        }
    }

    fn coding() -> Coding {
        Coding {
            document: "t/F4.txt".into(),
            case: "F4".into(),
            segment: 2,
            line_start: 8,
            line_end: 9,
            code: CodeId::parse("m.finance").unwrap(),
            source: Source::Auto,
            coder: crate::coding::Coder::Auto,
            pattern: "pay* my bills".into(),
            matched: "paying my bills, \"quoted\"".into(),
            memo: String::new(),
        }
    }

    #[test]
    fn auto_csv_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auto.csv");
        let bytes = to_csv(&[coding()]);
        assert!(String::from_utf8_lossy(&bytes).starts_with(&AUTO_HEADER.join(",")));
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(read_auto(&path, "auto.csv").unwrap(), vec![coding()]);
    }

    #[test]
    fn a_code_id_out_of_grammar_in_auto_csv_is_an_error_at_its_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auto.csv");
        let mut bytes = to_csv(&[coding(), coding()]);
        let text = String::from_utf8(bytes).unwrap();
        // The second row's code, edited by hand.
        let at = text.rfind("m.finance").unwrap();
        bytes = format!("{}m finance{}", &text[..at], &text[at + 9..]).into_bytes();
        std::fs::write(&path, bytes).unwrap();
        let err = read_auto(&path, "codings/auto.csv").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("codings/auto.csv:3: not a code id: codebook name 'm finance'"),
            "{err}"
        );
        assert_eq!(err.kind(), crate::ErrorKind::Invalid);
    }

    #[test]
    fn manual_rows_are_validated_with_their_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ana.csv");
        std::fs::write(
            &path,
            "document,line,code,action\nt/F4.txt,8,m.x,add\nt/F4.txt,8,m.x,delete\n",
        )
        .unwrap();
        let err = read_manual(&path, "codings/ana.csv", "ana").unwrap_err();
        assert_eq!(
            err.to_string(),
            "codings/ana.csv:3: action must be add, accept or reject, not \"delete\""
        );
        std::fs::write(&path, "document,code\n").unwrap();
        let err = read_manual(&path, "codings/ana.csv", "ana").unwrap_err();
        assert!(
            err.message().starts_with("a manual codings file needs"),
            "{err}"
        );
    }

    #[test]
    fn manual_files_skip_auto_and_sort_by_coder() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["auto.csv", "zoe.csv", "ana.csv", "notes.txt"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let files = manual_files(dir.path(), "codings").unwrap();
        let coders: Vec<_> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(coders, ["ana", "zoe"]);
        assert_eq!(files[0].2, "codings/ana.csv");
    }
}
