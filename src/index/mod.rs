//! The corpus index: what reading the transcripts gave, kept beside
//! `codings/auto.csv` so that later commands need not read them again.
//!
//! `qualcode code` writes `codings/corpus.index` as it codes: per
//! transcript its path, size, time and content hash (XXH3 64, as in
//! `codings/auto.sources.tsv`) and its outline (cases, attributes,
//! speakers and roles, participant segments with their lines), with the
//! project's recurring speakers and a fingerprint of the settings that
//! decide how transcripts are read. The table verbs then build the corpus
//! from it: a transcript whose size, time and inode are those recorded is
//! taken as unchanged without opening it (as git's index does; one
//! modified within two seconds before the run started is hashed anyway);
//! any other is hashed, and if any hash, the set of transcripts or the
//! settings differ, the index is not used and the transcripts are read as
//! before, so every message about stale codings stays as it was. The index
//! is derived and always rebuildable: a missing one is passed over, a
//! damaged one is noted and passed over, and `code` rewrites it.
//!
//! See docs/INDEX.md for the format. Owns the file; prints nothing.

mod format;

use std::path::Path;

use rayon::prelude::*;

use crate::ingest::{Corpus, Outline, Stamp};
use crate::project::{Project, ProjectFile};
use crate::{Error, Result};

/// The index's file name, in the codings folder.
pub const INDEX_FILE: &str = "corpus.index";

/// A transcript modified less than this before the run that wrote the
/// index started is hashed, not trusted by its time: file times are coarse
/// (a clock tick on Linux, two seconds on FAT), so an edit right after the
/// run read it could leave size and time as they were.
const RACY_NS: u64 = 2_000_000_000;

/// A hash of everything in `project` that decides how transcripts are read
/// (with this qualcode's version and the index format): an index written
/// under other settings is not used. Taken from the whole loaded project,
/// but its folder and `--allow-stale`, so a setting added later is never
/// forgotten; a change that reads nothing differently (`redact:`,
/// `report:`) only costs one reading of the transcripts.
pub fn fingerprint(project: &Project) -> u64 {
    let mut p = project.clone();
    p.root = std::path::PathBuf::new();
    p.allow_stale = false;
    p.recurring = std::sync::Arc::default();
    let text = format!(
        "qualcode {} index {}\n{p:?}",
        env!("CARGO_PKG_VERSION"),
        format::VERSION
    );
    crate::fsutil::hash64(text.as_bytes())
}

/// Now, in nanoseconds since 1970.
pub fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Writes the index as documents are read, in document order, so memory
/// does not grow with the corpus; only a finished index replaces the old.
pub struct Writer {
    file: crate::fsutil::AtomicFile,
    encoder: format::Encoder,
}

impl Writer {
    /// Start the index of `project`, for a run that started at
    /// `started_ns` (see [`now_ns`]), before any transcript is read. Call
    /// after the project's recurring speakers are found (reading starts
    /// with that).
    pub fn create(project: &Project, started_ns: u64) -> Result<Writer> {
        let path = project.codings_dir().join(INDEX_FILE);
        let file = crate::fsutil::AtomicFile::create(&path)?;
        crate::ingest::roles::prepare(project);
        let recurring = project
            .detect_interviewers
            .then(|| project.recurring.get().map(Vec::as_slice))
            .flatten();
        Ok(Writer {
            file,
            encoder: format::Encoder::new(fingerprint(project), started_ns, recurring),
        })
    }

    /// Add a document read: its outline, with its segments, and its stamp.
    pub fn document(&mut self, stamp: &Stamp, outline: &Outline) -> Result<()> {
        self.encoder.document(stamp, outline);
        self.flush()
    }

    /// Add a transcript that could not be read, `error` saying why, and
    /// the hash of its bytes if they could be read.
    pub fn skipped(&mut self, path: &str, hash: Option<u64>, error: &Error) -> Result<()> {
        self.encoder.skipped(&format::SkippedEntry {
            path: path.to_owned(),
            hash,
            kind: error.kind(),
            message: error.message().to_owned(),
            location: error.location().cloned(),
        });
        self.flush()
    }

    /// Finish the index and put it in place.
    pub fn commit(self) -> Result<()> {
        let Writer { mut file, encoder } = self;
        let tail = encoder.finish();
        write_to(&mut file, &tail)?;
        file.commit()
    }

    fn flush(&mut self) -> Result<()> {
        let bytes = self.encoder.take();
        write_to(&mut self.file, &bytes)
    }
}

fn write_to(file: &mut crate::fsutil::AtomicFile, bytes: &[u8]) -> Result<()> {
    std::io::Write::write_all(file, bytes)
        .map_err(|e| Error::io(Path::new(&format!("codings/{INDEX_FILE}")), "write", &e))
}

/// The corpus as loaded, and how.
#[derive(Debug)]
pub struct Loaded {
    /// The corpus, with [`Corpus::files`] known.
    pub corpus: Corpus,
    /// The transcripts that could not be read, and were left out.
    pub skipped: Vec<Error>,
    /// Whether it came from the index (no transcript was parsed).
    pub from_index: bool,
    /// What to tell the user about the index (a damaged one).
    pub notes: Vec<String>,
}

/// The corpus of `project`: from the index when it is current, else by
/// reading every transcript (see the module's documentation).
pub fn load(project: &Project) -> Result<Loaded> {
    // The index is read and decoded while the transcripts are listed.
    let (files, index) = both(|| project.transcript_files(), || read_index(project));
    let files = files?;
    let mut notes = Vec::new();
    match index.map(|index| current(project, &files, index)) {
        Ok(Some((corpus, skipped))) => {
            return Ok(Loaded {
                corpus,
                skipped,
                from_index: true,
                notes,
            });
        }
        Ok(None) => {}
        Err(why) => notes.push(format!(
            "codings/{INDEX_FILE} cannot be used ({why}): read the transcripts instead; \
             `qualcode code` writes it again"
        )),
    }
    let (corpus, skipped) = crate::ingest::load_skipping(project)?;
    Ok(Loaded {
        corpus,
        skipped,
        from_index: false,
        notes,
    })
}

/// Before the transcripts are read again (`code`): when the index is
/// current, take the project's recurring speakers from it, so that they
/// are not found by reading every transcript one time more. Whether it
/// was. `files`: the project's transcripts.
pub fn reuse_recurring(project: &Project, files: &[ProjectFile]) -> Result<bool> {
    // Only whether every file is as recorded: no corpus is built.
    let Ok(Some(index)) = read_index(project) else {
        return Ok(false);
    };
    if unchanged(project, files, &index).is_none() {
        return Ok(false);
    }
    if let Some(recurring) = index.recurring {
        let _ = project.recurring.set(recurring);
    }
    Ok(true)
}

/// `a()` and `b()`, the second on a thread of its own unless `-j 1` asks
/// for one thread (a plain thread, not the pool's: what runs here may wait
/// on the pool).
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    if rayon::current_num_threads() > 1 {
        std::thread::scope(|s| {
            let b = s.spawn(b);
            let a = a();
            (a, b.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        })
    } else {
        (a(), b())
    }
}

/// The index file decoded, `None` if there is none; `Err` (why, in words)
/// if it cannot be read.
fn read_index(project: &Project) -> std::result::Result<Option<format::Index>, String> {
    let path = project.codings_dir().join(INDEX_FILE);
    match read_bounded(&path)? {
        Some(bytes) => Ok(Some(format::decode(&bytes)?)),
        None => Ok(None),
    }
}

/// A file's place in the index: the `i`th document as `Ok(i)`, the `i`th
/// skipped file as `Err(i)`.
type Place = std::result::Result<usize, usize>;

/// Each file's [`Place`] in `index` and its hash, if the index is of these
/// settings and every file is as it recorded (by its metadata, else by its
/// hash).
fn unchanged(
    project: &Project,
    files: &[ProjectFile],
    index: &format::Index,
) -> Option<(Vec<Place>, Vec<Option<u64>>)> {
    if index.fingerprint != fingerprint(project)
        || index.documents.len() + index.skipped.len() != files.len()
    {
        return None;
    }
    let mut by_path: std::collections::HashMap<&str, Place> = index
        .documents
        .iter()
        .enumerate()
        .map(|(i, (_, o))| (o.path.as_str(), Ok(i)))
        .collect();
    by_path.extend(
        index
            .skipped
            .iter()
            .enumerate()
            .map(|(i, s)| (s.path.as_str(), Err(i))),
    );
    let mut places = Vec::with_capacity(files.len());
    for f in files {
        places.push(by_path.remove(f.display.as_str())?);
    }
    drop(by_path);
    let racy = index.started_ns.saturating_sub(RACY_NS);
    let hashes = files
        .par_iter()
        .zip(&places)
        .map(|(f, place)| {
            let (recorded, stamp) = match *place {
                Ok(i) => (Some(index.documents[i].0.hash), Some(index.documents[i].0)),
                Err(i) => (index.skipped[i].hash, None),
            };
            if let Some(stamp) = stamp
                && stamp.modified_ns < racy
                && std::fs::metadata(&f.path).is_ok_and(|m| stamp.same_file(&m))
            {
                return Some(recorded);
            }
            let now = crate::ingest::hash_file(&f.path);
            (now == recorded).then_some(now)
        })
        .collect::<Option<Vec<_>>>()?;
    Some((places, hashes))
}

/// The corpus from `index`, if there is one and it is current for `files`.
fn current(
    project: &Project,
    files: &[ProjectFile],
    index: Option<format::Index>,
) -> Option<(Corpus, Vec<Error>)> {
    let index = index?;
    // Of other settings: no need to gather its cases (`unchanged` says so
    // too, but only after they are gathered beside it).
    if index.fingerprint != fingerprint(project) {
        return None;
    }
    // Every document of the index is used if it is current, so the cases
    // are gathered from them while the files are checked.
    let (unchanged, cases) = both(
        || unchanged(project, files, &index),
        || crate::ingest::build_cases(project, index.documents.iter().map(|(_, o)| o)),
    );
    let (places, hashes) = unchanged?;
    if let Some(recurring) = &index.recurring {
        // Reading a document later (for its text) then reads no other.
        let _ = project.recurring.set(recurring.clone());
    }
    // The outlines move out of the index, in the project's file order.
    let mut documents: Vec<Option<Outline>> =
        index.documents.into_iter().map(|(_, o)| Some(o)).collect();
    let mut outlines = Vec::with_capacity(documents.len());
    let mut skipped = Vec::new();
    for place in places {
        match place {
            Ok(i) => outlines.extend(documents[i].take()),
            Err(i) => skipped.push(index.skipped[i].error()),
        }
    }
    drop(documents);
    if !files.is_empty() && skipped.len() == files.len() {
        return None; // as reading them would: the first one's error
    }
    let Ok(cases) = cases else {
        return None; // reading them says what is wrong
    };
    let mut corpus = Corpus::new(outlines, cases);
    corpus.files = Some(
        files
            .iter()
            .zip(hashes)
            .map(|(f, h)| (f.display.clone(), h))
            .collect(),
    );
    Some((corpus, skipped))
}

/// The index file's bytes, `None` if there is none, refusing one larger
/// than the format allows.
fn read_bounded(path: &Path) -> std::result::Result<Option<Vec<u8>>, String> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, format::MAX_INDEX_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > format::MAX_INDEX_BYTES {
        return Err(format!("larger than {} MB", format::MAX_INDEX_BYTES >> 20));
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy_dir(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }

    /// The `mini` fixture in a temporary folder, its transcripts last
    /// modified an hour ago (as a corpus being analysed is).
    fn mini() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("mini");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        copy_dir(&fixtures.join("mini"), &root);
        std::fs::create_dir_all(root.join("codings")).unwrap();
        std::fs::copy(
            fixtures.join("mini-coders/ana.csv"),
            root.join("codings/ana.csv"),
        )
        .unwrap();
        // A codebook of positive and negative views, for `grid`.
        std::fs::write(
            root.join("codebooks/views.yaml"),
            "codebook: views\ncodes:\n  - id: work\n    label: Work\n    children:\n\
             \x20     - id: positive\n        label: Positive\n        children:\n\
             \x20         - id: pay\n            label: Pay\n            patterns: [money]\n\
             \x20     - id: negative\n        label: Negative\n        children:\n\
             \x20         - id: bills\n            label: Bills\n            patterns: [bills]\n",
        )
        .unwrap();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for e in std::fs::read_dir(root.join("transcripts")).unwrap() {
            let f = std::fs::File::options()
                .write(true)
                .open(e.unwrap().path())
                .unwrap();
            f.set_modified(hour_ago).unwrap();
        }
        (dir, root)
    }

    /// Run qualcode in `root`; its output.
    fn run(root: &Path, args: &[&str]) -> String {
        let mut all = vec!["qualcode", "-q", "--project", root.to_str().unwrap()];
        all.extend(args);
        let mut out = Vec::new();
        let code = crate::cli::main_to(all.iter().map(Into::into), &mut out);
        assert_eq!(code, std::process::ExitCode::SUCCESS, "{args:?}");
        String::from_utf8(out).unwrap()
    }

    /// The transcripts under `root` opened since the last call.
    fn opened(root: &Path) -> Vec<PathBuf> {
        let transcripts = root.join("transcripts");
        let mut all = crate::ingest::OPENED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mine: Vec<PathBuf> = all
            .iter()
            .filter(|p| p.starts_with(&transcripts))
            .cloned()
            .collect();
        all.retain(|p| !p.starts_with(&transcripts));
        mine
    }

    const TABLE_VERBS: &[&[&str]] = &[
        &["freq", "--codebook", "motives", "-f", "csv"],
        &[
            "freq",
            "--codebook",
            "motives",
            "--by",
            "cohort",
            "-f",
            "csv",
        ],
        &["cooccur", "--codebook", "motives", "-f", "csv"],
        &["grid", "--codebook", "views", "--by", "cohort", "-f", "csv"],
        &["profile", "--attrs", "cohort", "-f", "csv"],
        &["personas", "-f", "csv"],
        &["agree", "--coders", "auto,ana", "-f", "csv"],
    ];

    #[test]
    fn after_code_the_table_verbs_open_no_transcript_and_print_the_same() {
        let (_dir, root) = mini();
        run(&root, &["code"]);
        assert!(root.join("codings").join(super::INDEX_FILE).is_file());
        assert!(!opened(&root).is_empty(), "code reads the transcripts");
        let mut from_index = Vec::new();
        for args in TABLE_VERBS {
            from_index.push(run(&root, args));
            assert_eq!(opened(&root), Vec::<PathBuf>::new(), "{args:?}");
        }
        // Without the index they read every transcript, and print the same.
        std::fs::remove_file(root.join("codings").join(super::INDEX_FILE)).unwrap();
        for (args, want) in TABLE_VERBS.iter().zip(&from_index) {
            assert_eq!(run(&root, args), *want, "{args:?}");
            assert!(!opened(&root).is_empty(), "{args:?}");
        }
    }

    #[test]
    fn a_transcript_touched_or_edited_after_code_is_hashed() {
        let (_dir, root) = mini();
        run(&root, &["code"]);
        opened(&root);
        let f1 = root.join("transcripts/F1.txt");
        // Touched: its time changed, its bytes did not; hashed, and the
        // index still holds.
        std::fs::File::options()
            .write(true)
            .open(&f1)
            .unwrap()
            .set_modified(std::time::SystemTime::now())
            .unwrap();
        let project = crate::project::Project::discover(Some(&root)).unwrap();
        let loaded = super::load(&project).unwrap();
        assert!(loaded.from_index);
        assert_eq!(opened(&root), std::slice::from_ref(&f1));
        // Edited: the index is not used, every transcript is read.
        let text = std::fs::read_to_string(&f1).unwrap();
        std::fs::write(&f1, text.replace("money", "honey")).unwrap();
        let project = crate::project::Project::discover(Some(&root)).unwrap();
        let loaded = super::load(&project).unwrap();
        assert!(!loaded.from_index);
        assert!(opened(&root).len() > 1);
    }

    #[test]
    fn code_again_on_unchanged_transcripts_reads_each_once() {
        let (_dir, root) = mini();
        let count = |opened: &[PathBuf]| {
            let f1 = root.join("transcripts/F1.txt");
            opened.iter().filter(|p| **p == f1).count()
        };
        run(&root, &["code"]);
        // Once to find the recurring speakers, once to code.
        assert_eq!(count(&opened(&root)), 2);
        let first = std::fs::read(root.join("codings/auto.csv")).unwrap();
        run(&root, &["code"]);
        assert_eq!(count(&opened(&root)), 1);
        assert_eq!(std::fs::read(root.join("codings/auto.csv")).unwrap(), first);
    }

    #[test]
    fn a_damaged_index_is_noted_and_passed_over() {
        let (_dir, root) = mini();
        run(&root, &["code"]);
        let path = root.join("codings").join(super::INDEX_FILE);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let project = crate::project::Project::discover(Some(&root)).unwrap();
        let loaded = super::load(&project).unwrap();
        assert!(!loaded.from_index);
        assert_eq!(
            loaded.notes,
            [
                "codings/corpus.index cannot be used (its checksum does not match \
              (cut short or altered)): read the transcripts instead; \
              `qualcode code` writes it again"
            ]
        );
        // Another setting that reads transcripts: not used, nothing noted.
        std::fs::write(&path, &bytes).unwrap();
        let yaml = root.join("qualcode.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap();
        std::fs::write(&yaml, text.replace("Ben: G2", "Ben: G3")).unwrap();
        let project = crate::project::Project::discover(Some(&root)).unwrap();
        let loaded = super::load(&project).unwrap();
        assert!(!loaded.from_index && loaded.notes.is_empty());
    }
}
