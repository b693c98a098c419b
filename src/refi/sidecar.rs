//! What an imported REFI-QDA project was, kept in the qualcode project so
//! that `qualcode export qdpx` gives it back: `refi/project.json` (the
//! GUIDs of the project, its users, codes, variables, cases and sources;
//! each source's selections and codings as they were, each coding with
//! the row of qualcode's codings it became) and `refi/sources/` (each
//! source's files, byte for byte). See docs/REFI.md.
//!
//! Written by `qualcode import qdpx`, read by `qualcode export qdpx`;
//! never edited by hand (a broken file is an error naming it).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Location, Result};

/// Where the record is, relative to the project's root.
pub const FILE: &str = "refi/project.json";

/// The folder holding the sources' files.
pub const SOURCES: &str = "refi/sources";

/// The record's format version.
pub const FORMAT: u32 = 1;

/// Largest record read (a project with a million selections is ~500 MB;
/// this is a sanity bound against a file that is not ours).
const MAX_BYTES: u64 = 512 << 20;

/// An imported project, as it was.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Sidecar {
    /// Format version ([`FORMAT`]).
    pub format: u32,
    /// The file it was imported from.
    pub imported_from: String,
    /// `<Project>`'s attributes (name, creatingUserGUID, dates, …).
    pub project: Vec<(String, String)>,
    /// The project's `<Description>`, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The codebook the codes were imported into.
    pub codebook: String,
    /// Users, in the order written.
    pub users: Vec<User>,
    /// Codes: GUID and the qualcode id each became.
    pub codes: Vec<CodeRecord>,
    /// Variables, in the order written.
    pub variables: Vec<Variable>,
    /// Cases, in the order written.
    pub cases: Vec<Case>,
    /// Case ids the import made up for sources no case held (not exported).
    #[serde(default)]
    pub made_cases: Vec<String>,
    /// Text sources, in the order written.
    pub sources: Vec<Source>,
}

/// A user and the coder whose codings file holds their codings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct User {
    /// GUID as written.
    pub guid: String,
    /// Name as written.
    pub name: String,
    /// The qualcode coder.
    pub coder: String,
}

/// A code's identity.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeRecord {
    /// GUID as written.
    pub guid: String,
    /// The qualcode code id.
    pub id: String,
    /// The name as written (`Coke::diet Coke` before nesting).
    #[serde(default)]
    pub name: String,
    /// `isCodable` as written.
    pub codable: bool,
    /// The `<Description>` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A variable (case attribute).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Variable {
    /// GUID as written.
    pub guid: String,
    /// Name (the attribute's name in cases.csv).
    pub name: String,
    /// `typeOfVariable`.
    pub kind: String,
    /// The `<Description>` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A case.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Case {
    /// GUID as written.
    pub guid: String,
    /// Name as written.
    pub name: String,
    /// The qualcode case id (cases.csv), if it became one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `<Description>` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// GUIDs of the sources it holds.
    pub sources: Vec<String>,
}

/// A text source.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Source {
    /// GUID as written.
    pub guid: String,
    /// The transcript it became (`transcripts/….txt`).
    pub document: String,
    /// `<TextSource>`'s attributes as written.
    pub attrs: Vec<(String, String)>,
    /// The `<Description>` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The plain text's file in `refi/sources/`, if it came as a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain_file: Option<String>,
    /// The plain text, if it came inline (`<PlainTextContent>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The rich text's file in `refi/sources/`, if the archive held it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rich_file: Option<String>,
    /// Positions count UTF-16 code units (NVivo), not characters.
    #[serde(default)]
    pub utf16: bool,
    /// Lines the transcript has before the source's first line: line `n`
    /// of the source is line `n + offset` of the transcript.
    pub offset: usize,
    /// The selections, in the order written.
    pub selections: Vec<Selection>,
}

/// A text selection.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Selection {
    /// `<PlainTextSelection>`'s attributes as written.
    pub attrs: Vec<(String, String)>,
    /// The `<Description>` as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its codings.
    pub codings: Vec<CodingRecord>,
}

impl Selection {
    /// The attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }
}

/// A coding, and the row of qualcode's codings it became.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodingRecord {
    /// `<Coding>`'s attributes as written.
    pub attrs: Vec<(String, String)>,
    /// The code's GUID.
    pub code: String,
    /// The row: transcript line, code id, coder (none if not imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<Row>,
}

/// Where a coding went in qualcode's codings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Row {
    /// Line of the transcript.
    pub line: usize,
    /// Code id.
    pub code: String,
    /// Coder.
    pub coder: String,
}

/// The value of attribute `name` in `attrs`.
pub fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

impl Sidecar {
    /// The record as written: pretty JSON, the same for the same project.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Read the record of the project at `root`, if it has one.
    pub fn read(root: &Path) -> Result<Option<Sidecar>> {
        let path = root.join(FILE);
        let Ok(meta) = std::fs::metadata(&path) else {
            return Ok(None);
        };
        if meta.len() > MAX_BYTES {
            return Err(Error::invalid(format!(
                "{} bytes: larger than {MAX_BYTES}, not a record qualcode wrote",
                meta.len()
            ))
            .at(Location::file(FILE)));
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(Path::new(FILE), "read", &e))?;
        let record: Sidecar = serde_json::from_slice(&bytes).map_err(|e| {
            Error::invalid(format!(
                "not a record of an imported project ({e}); delete the refi/ folder to export \
                 without it"
            ))
            .at(Location::line(FILE, e.line()))
        })?;
        if record.format != FORMAT {
            return Err(Error::invalid(format!(
                "format {} is not one this qualcode reads ({FORMAT})",
                record.format
            ))
            .at(Location::file(FILE)));
        }
        Ok(Some(record))
    }

    /// The source recorded for `document`.
    pub fn source(&self, document: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.document == document)
    }

    /// The code recorded for code id `id`.
    pub fn code(&self, id: &str) -> Option<&CodeRecord> {
        self.codes.iter().find(|c| c.id == id)
    }
}

/// A file name for `refi/sources/` from an `internal://` path: its last
/// part, if it is a plain file name (no `..`, no separators), else `fallback`.
pub fn file_name(internal: &str, fallback: &str) -> String {
    let name = internal
        .strip_prefix("internal://")
        .unwrap_or(internal)
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("");
    let ok = !name.is_empty()
        && name.len() <= 120
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '{' | '}'));
    if ok {
        name.to_owned()
    } else {
        fallback.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_or_the_fallback() {
        assert_eq!(file_name("internal://AB-12.txt", "x"), "AB-12.txt");
        assert_eq!(file_name("internal://../../etc/passwd", "x"), "passwd");
        assert_eq!(file_name("internal://..", "x"), "x");
        assert_eq!(file_name("internal://a b.txt", "x"), "x");
        assert_eq!(file_name("C:\\docs\\a.txt", "x"), "a.txt");
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let dir = std::env::temp_dir().join(format!("qc-sidecar-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("refi")).unwrap();
        let s = Sidecar {
            format: FORMAT,
            codebook: "c".into(),
            users: vec![User {
                guid: "G".into(),
                name: "Anna".into(),
                coder: "anna".into(),
            }],
            ..Sidecar::default()
        };
        std::fs::write(dir.join(FILE), s.to_json()).unwrap();
        assert_eq!(Sidecar::read(&dir).unwrap(), Some(s));
        std::fs::write(dir.join(FILE), "{\"format\": 9}").unwrap();
        assert!(Sidecar::read(&dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(Sidecar::read(&dir).unwrap(), None);
    }
}
