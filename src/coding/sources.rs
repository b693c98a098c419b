//! What `codings/auto.csv` was coded from: a content hash of every
//! transcript and codebook, kept beside it in `codings/auto.sources.tsv`,
//! so staleness is judged by content, not by file times (`touch` changes
//! nothing; every edited, added or removed file is named).
//!
//! A sidecar file rather than new columns in `auto.csv`: the CSV's columns
//! stay as they were for every script and tool that reads them. The hash
//! is FNV-1a 64 over the file's bytes: stable across Rust versions and
//! platforms (unlike std's `DefaultHasher`), needs no dependency, and
//! hashes far faster than the transcripts are parsed. It detects edits; it
//! is not meant to resist anyone forging a collision.
//!
//! Owns the file's format and the comparison; prints nothing.

use std::fmt::Write as _;
use std::path::Path;

use crate::project::{Project, ProjectFile};
use crate::{Error, Location, Result};

/// The sidecar's file name, in the codings folder.
pub const SOURCES_FILE: &str = "auto.sources.tsv";

/// The sidecar's first line.
const HEADER: &str = "fnv1a64\tfile";

/// FNV-1a, 64 bits, of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// The content hash of each input file, by the name the project gives it,
/// in the project's order (transcripts, then codebooks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// (file, hash); a file that could not be read has no hash.
    pub files: Vec<(String, Option<u64>)>,
}

/// How a file differs from the one coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Its content differs.
    Changed,
    /// It was not there when coded.
    Added,
    /// It is no longer there.
    Removed,
}

impl Change {
    /// The word for it in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Changed => "changed",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

impl Sources {
    /// Hash the project's transcripts and codebooks as they are now.
    pub fn of_project(project: &Project) -> Result<Sources> {
        let mut inputs = project.transcript_files()?;
        inputs.extend(project.codebook_files()?);
        Ok(Sources::of_files(&inputs))
    }

    /// Hash `files`.
    pub fn of_files(files: &[ProjectFile]) -> Sources {
        let files = files
            .iter()
            .map(|f| {
                let hash = std::fs::read(&f.path).ok().map(|b| fnv1a64(&b));
                (f.display.clone(), hash)
            })
            .collect();
        Sources { files }
    }

    /// The sidecar's text.
    pub fn to_tsv(&self) -> String {
        let mut out = format!("{HEADER}\n");
        for (file, hash) in &self.files {
            match hash {
                Some(h) => writeln!(out, "{h:016x}\t{file}"),
                None => writeln!(out, "-\t{file}"),
            }
            .expect("writing to a String cannot fail");
        }
        out
    }

    /// Read the sidecar's `text`, named `display` in errors.
    pub fn parse(text: &str, display: &str) -> Result<Sources> {
        let mut lines = text.lines().enumerate();
        let bad = |line: usize, why: &str| {
            Error::invalid(format!("{why}: run `qualcode code` to write it again"))
                .at(Location::line(display, line))
        };
        match lines.next() {
            Some((_, h)) if h == HEADER => {}
            _ => return Err(bad(1, &format!("the first line must be `{HEADER}`"))),
        }
        let mut files = Vec::new();
        for (i, line) in lines {
            if line.is_empty() {
                continue;
            }
            let Some((hash, file)) = line.split_once('\t') else {
                return Err(bad(i + 1, "want a hash, a tab and a file name"));
            };
            let hash = if hash == "-" {
                None
            } else {
                Some(
                    u64::from_str_radix(hash, 16)
                        .map_err(|_| bad(i + 1, &format!("{hash:?} is not a hash")))?,
                )
            };
            files.push((file.to_owned(), hash));
        }
        Ok(Sources { files })
    }

    /// Read the sidecar beside `codings/auto.csv`; `None` if there is none
    /// (codings written by an older qualcode).
    pub fn read(codings_dir: &Path) -> Result<Option<Sources>> {
        let path = codings_dir.join(SOURCES_FILE);
        let display = format!("codings/{SOURCES_FILE}");
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    Error::invalid("not UTF-8: run `qualcode code` to write it again")
                        .at(Location::file(&display))
                })?;
                Sources::parse(&text, &display).map(Some)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(Path::new(&display), "read", &e)),
        }
    }

    /// How `now` differs from these sources (as coded): the changed
    /// files, then the added ones (both in `now`'s order), then the
    /// removed ones (in the coded order).
    pub fn changes(&self, now: &Sources) -> Vec<(String, Change)> {
        let coded: std::collections::HashMap<&str, Option<u64>> =
            self.files.iter().map(|(f, h)| (f.as_str(), *h)).collect();
        let current: std::collections::HashSet<&str> =
            now.files.iter().map(|(f, _)| f.as_str()).collect();
        let mut changed = Vec::new();
        let mut added = Vec::new();
        for (file, hash) in &now.files {
            match coded.get(file.as_str()) {
                None => added.push((file.clone(), Change::Added)),
                Some(was) if was != hash => changed.push((file.clone(), Change::Changed)),
                Some(_) => {}
            }
        }
        changed.append(&mut added);
        for (file, _) in &self.files {
            if !current.contains(file.as_str()) {
                changed.push((file.clone(), Change::Removed));
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        #[track_caller]
        fn case(input: &str, want: u64) {
            assert_eq!(fnv1a64(input.as_bytes()), want, "{input:?}");
        }
        case("", 0xcbf2_9ce4_8422_2325);
        case("a", 0xaf63_dc4c_8601_ec8c);
        case("foobar", 0x8594_4171_f739_67e8);
    }

    fn sources(files: &[(&str, Option<u64>)]) -> Sources {
        Sources {
            files: files.iter().map(|(f, h)| ((*f).to_owned(), *h)).collect(),
        }
    }

    #[test]
    fn sidecar_round_trips_and_bad_lines_name_their_place() {
        let s = sources(&[("t/a b.txt", Some(1)), ("c/x.yaml", None)]);
        let text = s.to_tsv();
        assert_eq!(
            text,
            "fnv1a64\tfile\n0000000000000001\tt/a b.txt\n-\tc/x.yaml\n"
        );
        assert_eq!(Sources::parse(&text, "s.tsv").unwrap(), s);
        let err = Sources::parse("fnv1a64\tfile\nzz\tt.txt\n", "s.tsv").unwrap_err();
        assert!(
            err.to_string().starts_with("s.tsv:2: \"zz\" is not a hash"),
            "{err}"
        );
        let err = Sources::parse("hash,file\n", "s.tsv").unwrap_err();
        assert!(err.to_string().starts_with("s.tsv:1: "), "{err}");
    }

    #[test]
    fn changes_name_every_changed_added_and_removed_file() {
        let coded = sources(&[("a", Some(1)), ("b", Some(2)), ("c", Some(3)), ("d", None)]);
        let now = sources(&[
            ("a", Some(1)),
            ("e", Some(5)),
            ("b", Some(9)),
            ("d", Some(4)),
        ]);
        let changes = coded.changes(&now);
        let got: Vec<(&str, &str)> = changes
            .iter()
            .map(|(f, c)| (f.as_str(), c.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("b", "changed"),
                ("d", "changed"),
                ("e", "added"),
                ("c", "removed")
            ]
        );
        // A file unreadable both times is not a change.
        assert_eq!(coded.changes(&coded.clone()), []);
    }
}
