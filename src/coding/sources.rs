//! What `codings/auto.csv` was coded from: a content hash of every
//! transcript and codebook, kept beside it in `codings/auto.sources.tsv`,
//! so staleness is judged by content, not by file times (`touch` changes
//! nothing; every edited, added or removed file is named).
//!
//! A sidecar file rather than new columns in `auto.csv`: the CSV's columns
//! stay as they were for every script and tool that reads them. The hash
//! is XXH3 64 over the file's bytes ([`hash64`]), named by the first line
//! (`xxh3`). A sidecar of FNV-1a hashes (first line `fnv1a64`, written
//! before the hash changed) is read, and its codings are out of date as a
//! whole: its hashes cannot be compared.
//!
//! Settings change which turns are coded without changing a file's bytes
//! (`interviewers:`, `participants:`, `speakers:`, `files:`,
//! `label_pattern:`, `encoding:`, `columns:`, `roles:`, `cases.csv`). So
//! the sidecar also records their outcome, taken from the loaded corpus:
//! whom each speaker label resolved to in each transcript, the encoding it
//! was read as, a hash of its participant turns as read (place, case and
//! text: for `columns:` or `label_pattern:` cutting other turns from the
//! same speakers), and each case's role when a code applies to some roles
//! only. The outcome rather than a hash of the settings: it is exact (a
//! change to `attribution:`, `redact:`, `report:` or a case attribute no
//! role reads leaves it alone, and a reworded rule with the same result is
//! not a change), it names what changed ("Facilitator is now a
//! participant"), and the table verbs load the corpus anyway. A sidecar
//! without these lines (an older qualcode) is compared by files only.
//!
//! Owns the file's format and the comparison; prints nothing.

use std::fmt::Write as _;
use std::path::Path;

use crate::codebook::CodeSet;
use crate::ingest::{Corpus, Speaker};
use crate::project::{Project, ProjectFile};
use crate::{Error, Location, Result};

/// The sidecar's file name, in the codings folder.
pub const SOURCES_FILE: &str = "auto.sources.tsv";

/// The sidecar's first line.
const HEADER: &str = "xxh3\tfile";

/// The first line of a sidecar whose hashes are FNV-1a 64 (an older
/// qualcode): read, but none of its hashes can be compared.
const OLDER_HEADER: &str = "fnv1a64\tfile";

use crate::fsutil::hash64;

/// Why codings whose sidecar has [older hashes](Sources::older_hashes)
/// are out of date.
const OLDER_CHANGE: &str =
    "coded by an older qualcode, whose content hashes (FNV-1a) this one does not compare";

/// The content hash of each input file, by the name the project gives it,
/// in the project's order (transcripts, then codebooks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// (file, hash); a file that could not be read has no hash.
    pub files: Vec<(String, Option<u64>)>,
    /// How the transcripts were read; `None` in a sidecar written by an
    /// older qualcode.
    pub setup: Option<Setup>,
    /// Its hashes are another kind than [`hash64`]'s (an older qualcode
    /// wrote it): nothing in it can be compared with the files now.
    pub older_hashes: bool,
}

/// What decides which turns are coded beyond the files' bytes, as it
/// turned out in the loaded corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setup {
    /// Each transcript read, in corpus order.
    pub documents: Vec<DocumentSetup>,
    /// (case, role) for every case, when some code applies to some roles
    /// only (`applies_to:`); otherwise empty, roles deciding nothing.
    pub roles: Vec<(String, String)>,
}

/// How one transcript was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentSetup {
    /// The transcript, as the project names it.
    pub path: String,
    /// The encoding it was read as.
    pub encoding: String,
    /// A hash of its participant turns as read (place, case and text).
    pub turns: u64,
    /// (label, whom it resolved to: `interviewer`, `not attributed` or
    /// `case ID`).
    pub speakers: Vec<(String, String)>,
}

/// The word for whom a label resolved to, in the sidecar.
const INTERVIEWER: &str = "interviewer";

/// The word for a label left unattributed (a group, an unknown voice).
const GROUP: &str = "not attributed";

impl Setup {
    /// How `corpus` was read, with the roles `codes` care about.
    pub fn of_corpus(project: &Project, corpus: &Corpus, codes: &CodeSet) -> Setup {
        let documents = corpus
            .outlines
            .iter()
            .map(|o| DocumentSetup {
                path: o.path.clone(),
                encoding: o.encoding.to_owned(),
                turns: o.turns_hash,
                speakers: o
                    .speakers
                    .iter()
                    .map(|(label, speaker, _)| {
                        let who = match speaker {
                            Speaker::Interviewer => INTERVIEWER.to_owned(),
                            Speaker::Case(id) => format!("case {id}"),
                            Speaker::Group => GROUP.to_owned(),
                        };
                        (label.clone(), who)
                    })
                    .collect(),
            })
            .collect();
        let roles = if codes.codes().any(|c| !c.applies_to.is_empty()) {
            corpus
                .cases
                .iter()
                .map(|c| (c.id.clone(), project.roles.of_case(c)))
                .collect()
        } else {
            Vec::new()
        };
        Setup { documents, roles }
    }

    /// In words, how `now` reads the transcripts differently from these
    /// (as coded), leaving out the transcripts in `skip` (whose own change
    /// is named already).
    pub fn changes(&self, now: &Setup, skip: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        // By path: linear in the number of transcripts.
        let coded: foldhash::HashMap<&str, &DocumentSetup> = self
            .documents
            .iter()
            .map(|d| (d.path.as_str(), d))
            .collect();
        let skip: foldhash::HashSet<&str> = skip.iter().copied().collect();
        for doc in &now.documents {
            let Some(was) = coded.get(doc.path.as_str()) else {
                continue;
            };
            if skip.contains(doc.path.as_str()) {
                continue;
            }
            if was.encoding != doc.encoding {
                out.push(format!(
                    "{} is now read as {}, not {}",
                    doc.path, doc.encoding, was.encoding
                ));
            }
            let parts = speaker_changes(&was.speakers, &doc.speakers);
            if !parts.is_empty() {
                out.push(format!(
                    "speaker roles changed in {} ({})",
                    doc.path,
                    parts.join("; ")
                ));
            } else if was.turns != doc.turns && was.encoding == doc.encoding {
                // Same speakers, other turns: the turns are cut or taken
                // from other columns.
                out.push(format!(
                    "{} is now read into other participant turns \
                     (`columns:`, `label_pattern:` or `files:` in qualcode.yaml)",
                    doc.path
                ));
            }
        }
        let coded: foldhash::HashMap<&str, &str> = self
            .roles
            .iter()
            .map(|(c, r)| (c.as_str(), r.as_str()))
            .collect();
        let parts: Vec<String> = now
            .roles
            .iter()
            .filter_map(|(case, role)| {
                let was = coded.get(case.as_str())?;
                (was != role).then(|| format!("{case} is now {role}, not {was}"))
            })
            .collect();
        if !parts.is_empty() {
            out.push(format!("case roles changed ({})", parts.join("; ")));
        }
        out
    }
}

/// How each label resolves differently, in words.
fn speaker_changes(was: &[(String, String)], now: &[(String, String)]) -> Vec<String> {
    let describe = |who: &str| match who.strip_prefix("case ") {
        Some(id) => format!("case {id}"),
        None if who == GROUP => "not attributed to anyone".to_owned(),
        None => "an interviewer".to_owned(),
    };
    let mut parts = Vec::new();
    for (label, who) in now {
        match was.iter().find(|(l, _)| l == label) {
            None => parts.push(format!("{label} is now a speaker")),
            Some((_, before)) if before == who => {}
            Some((_, before)) if before == INTERVIEWER => {
                parts.push(format!("{label} is now a participant"));
            }
            Some((_, before)) => parts.push(format!(
                "{label} is now {}, not {}",
                describe(who),
                describe(before)
            )),
        }
    }
    for (label, _) in was {
        if !now.iter().any(|(l, _)| l == label) {
            parts.push(format!("{label} is no longer a speaker"));
        }
    }
    parts
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

    /// The project's transcripts with the hashes `corpus` read them with
    /// (when it knows them: else they are read and hashed), then its
    /// codebooks, hashed now.
    pub fn of_corpus(project: &Project, corpus: &Corpus) -> Result<Sources> {
        let Some(files) = &corpus.files else {
            return Sources::of_project(project);
        };
        let mut sources = Sources::of_files(&project.codebook_files()?);
        let mut all = files.clone();
        all.append(&mut sources.files);
        sources.files = all;
        Ok(sources)
    }

    /// Hash `files`.
    pub fn of_files(files: &[ProjectFile]) -> Sources {
        let files = files
            .iter()
            .map(|f| {
                let hash = f.read().ok().map(|b| hash64(&b));
                (f.display.clone(), hash)
            })
            .collect();
        Sources {
            files,
            setup: None,
            older_hashes: false,
        }
    }

    /// These sources, with how `corpus` was read.
    #[must_use]
    pub fn with_setup(mut self, project: &Project, corpus: &Corpus, codes: &CodeSet) -> Sources {
        self.setup = Some(Setup::of_corpus(project, corpus, codes));
        self
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
        if let Some(setup) = &self.setup {
            // Tabs and line breaks separate fields and lines: never in a value.
            let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
            for doc in &setup.documents {
                let mut line = format!(
                    "speakers\t{}\t{}\t{:016x}",
                    clean(&doc.path),
                    clean(&doc.encoding),
                    doc.turns
                );
                for (label, who) in &doc.speakers {
                    write!(line, "\t{}\t{}", clean(label), clean(who))
                        .expect("writing to a String cannot fail");
                }
                writeln!(out, "{line}").expect("writing to a String cannot fail");
            }
            for (case, role) in &setup.roles {
                writeln!(out, "role\t{}\t{}", clean(case), clean(role))
                    .expect("writing to a String cannot fail");
            }
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
        let older_hashes = match lines.next() {
            Some((_, h)) if h == HEADER => false,
            Some((_, h)) if h == OLDER_HEADER => true,
            _ => return Err(bad(1, &format!("the first line must be `{HEADER}`"))),
        };
        let mut files = Vec::new();
        let mut setup: Option<Setup> = None;
        for (i, line) in lines {
            if line.is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix("speakers\t") {
                let mut fields = rest.split('\t');
                let (Some(path), Some(encoding), Some(turns)) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    return Err(bad(
                        i + 1,
                        "want `speakers`, a file, an encoding and a hash",
                    ));
                };
                let turns = u64::from_str_radix(turns, 16)
                    .map_err(|_| bad(i + 1, &format!("{turns:?} is not a hash")))?;
                let fields: Vec<&str> = fields.collect();
                if !fields.len().is_multiple_of(2) {
                    return Err(bad(i + 1, "want each speaker label with whom it is"));
                }
                setup.get_or_insert_default().documents.push(DocumentSetup {
                    path: path.to_owned(),
                    encoding: encoding.to_owned(),
                    turns,
                    speakers: fields
                        .chunks(2)
                        .map(|p| (p[0].to_owned(), p[1].to_owned()))
                        .collect(),
                });
                continue;
            }
            if let Some(rest) = line.strip_prefix("role\t") {
                let Some((case, role)) = rest.split_once('\t') else {
                    return Err(bad(i + 1, "want `role`, a case and its role"));
                };
                let setup = setup.get_or_insert_default();
                setup.roles.push((case.to_owned(), role.to_owned()));
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
        Ok(Sources {
            files,
            setup,
            older_hashes,
        })
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
    /// Nothing when this sidecar's hashes are of [another
    /// kind](Sources::older_hashes): see [`Sources::setup_changes`].
    pub fn changes(&self, now: &Sources) -> Vec<(String, Change)> {
        if self.older_hashes {
            return Vec::new();
        }
        let coded: foldhash::HashMap<&str, Option<u64>> =
            self.files.iter().map(|(f, h)| (f.as_str(), *h)).collect();
        let current: foldhash::HashSet<&str> = now.files.iter().map(|(f, _)| f.as_str()).collect();
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

    /// In words, how `now` reads the transcripts differently from these
    /// sources (as coded), beyond the files in `files` (the file changes);
    /// nothing when either was written without how it read them. A sidecar
    /// of [older hashes](Sources::older_hashes) is one change in itself.
    pub fn setup_changes(&self, now: &Sources, files: &[(String, Change)]) -> Vec<String> {
        if self.older_hashes {
            return vec![OLDER_CHANGE.to_owned()];
        }
        let (Some(coded), Some(current)) = (&self.setup, &now.setup) else {
            return Vec::new();
        };
        let skip: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        coded.changes(current, &skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash64_is_xxh3_64() {
        // The reference implementation's hash of nothing (xxhash's
        // `XXH3_64bits("", 0)`): the sidecar's hashes are its, not a
        // lookalike's.
        assert_eq!(hash64(b""), 0x2d06_8005_38d3_94c2);
        assert_ne!(hash64(b"a"), hash64(b"b"));
    }

    fn sources(files: &[(&str, Option<u64>)]) -> Sources {
        Sources {
            files: files.iter().map(|(f, h)| ((*f).to_owned(), *h)).collect(),
            setup: None,
            older_hashes: false,
        }
    }

    #[test]
    fn sidecar_round_trips_and_bad_lines_name_their_place() {
        let s = sources(&[("t/a b.txt", Some(1)), ("c/x.yaml", None)]);
        let text = s.to_tsv();
        assert_eq!(
            text,
            "xxh3\tfile\n0000000000000001\tt/a b.txt\n-\tc/x.yaml\n"
        );
        assert_eq!(Sources::parse(&text, "s.tsv").unwrap(), s);
        let err = Sources::parse("xxh3\tfile\nzz\tt.txt\n", "s.tsv").unwrap_err();
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

    fn setup(speakers: &[(&str, &str)], roles: &[(&str, &str)]) -> Setup {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect()
        };
        Setup {
            documents: vec![DocumentSetup {
                path: "t/a.txt".to_owned(),
                encoding: "UTF-8".to_owned(),
                turns: 7,
                speakers: pairs(speakers),
            }],
            roles: pairs(roles),
        }
    }

    #[test]
    fn setup_round_trips_and_an_old_sidecar_has_none() {
        let mut s = sources(&[("t/a.txt", Some(1))]);
        s.setup = Some(setup(
            &[("I", "interviewer"), ("MEL", "case M1")],
            &[("M1", "staff")],
        ));
        let text = s.to_tsv();
        assert!(
            text.ends_with(
                "speakers\tt/a.txt\tUTF-8\t0000000000000007\tI\tinterviewer\tMEL\tcase M1\nrole\tM1\tstaff\n"
            ),
            "{text}"
        );
        assert_eq!(Sources::parse(&text, "s.tsv").unwrap(), s);
        let old = Sources::parse("xxh3\tfile\n0000000000000001\tt/a.txt\n", "s.tsv").unwrap();
        assert_eq!(old.setup, None);
        // Nothing to compare with: no setup change.
        assert_eq!(old.setup_changes(&s, &[]), Vec::<String>::new());
        // FNV-1a hashes (before index format 3): out of date as a whole,
        // not file by file.
        let fnv = Sources::parse("fnv1a64\tfile\n0000000000000001\tt/a.txt\n", "s.tsv").unwrap();
        assert!(fnv.older_hashes);
        assert_eq!(fnv.changes(&s), Vec::new());
        assert_eq!(fnv.setup_changes(&s, &[]), [OLDER_CHANGE]);
    }

    #[test]
    fn setup_changes_say_what_each_speaker_and_case_now_is() {
        #[track_caller]
        fn case(was: &Setup, now: &Setup, want: &[&str]) {
            assert_eq!(was.changes(now, &[]), want);
        }
        let was = setup(
            &[
                ("I", "interviewer"),
                ("MEL", "interviewer"),
                ("A", "case A"),
            ],
            &[("A", "participant")],
        );
        case(&was, &was, &[]);
        case(
            &was,
            &setup(
                &[("I", "case I"), ("MEL", "case M1"), ("B", "case B")],
                &[("A", "staff")],
            ),
            &[
                "speaker roles changed in t/a.txt (I is now a participant; \
                 MEL is now a participant; B is now a speaker; A is no longer a speaker)",
                "case roles changed (A is now staff, not participant)",
            ],
        );
        case(
            &setup(&[("A", "case A")], &[]),
            &setup(&[("A", "interviewer")], &[]),
            &["speaker roles changed in t/a.txt (A is now an interviewer, not case A)"],
        );
        let mut cut = setup(&[("A", "case A")], &[]);
        cut.documents[0].turns = 8;
        case(
            &setup(&[("A", "case A")], &[]),
            &cut,
            &["t/a.txt is now read into other participant turns \
               (`columns:`, `label_pattern:` or `files:` in qualcode.yaml)"],
        );
        // A transcript whose own bytes changed is named as a file already.
        let now = setup(&[("A", "interviewer")], &[]);
        assert!(
            setup(&[("A", "case A")], &[])
                .changes(&now, &["t/a.txt"])
                .is_empty()
        );
    }
}
