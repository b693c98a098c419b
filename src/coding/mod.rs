//! Codings: segment × code, from auto-coding or a coder's decisions.
//!
//! Owns the coding model, auto-coding a document, the codings CSV files and
//! the merge of auto and manual codings into the effective codings.

pub mod adjudicate;
pub mod counted;
pub mod list;
pub mod manual;
pub mod merge;
pub mod sources;
pub mod store;
mod summary;

pub use summary::{BookSummary, Summary};

use crate::codebook::{CodeId, CodeSet};
use crate::ingest::Document;
use crate::matcher::Matcher;
use crate::redact::Redactor;

pub use counted::{Conflict, CountedCoders, counted_coders};
pub use merge::{Effective, merge, merge_counted};
pub use store::ManualRow;

/// Where a coding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// `qualcode code`.
    Auto,
    /// A coder's `add`.
    Manual,
}

impl Source {
    /// As written in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Auto => "auto",
            Source::Manual => "manual",
        }
    }
}

/// Who made a coding: the auto-coding, or a named coder (whose decisions
/// are in `codings/<name>.csv`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Coder {
    /// `qualcode code`.
    #[default]
    Auto,
    /// A person, by the name of their file.
    Named(String),
}

impl Coder {
    /// The name as written in the `coder` column of `auto.csv`: empty for
    /// the auto-coding.
    pub fn as_column(&self) -> &str {
        match self {
            Coder::Auto => "",
            Coder::Named(name) => name,
        }
    }

    /// The name as shown and as given on the command line (`auto` for the
    /// auto-coding).
    pub fn name(&self) -> &str {
        match self {
            Coder::Auto => "auto",
            Coder::Named(name) => name,
        }
    }

    /// The coder a `coder` column value stands for (empty: the auto-coding).
    pub fn from_column(value: &str) -> Coder {
        if value.is_empty() {
            Coder::Auto
        } else {
            Coder::Named(value.to_owned())
        }
    }
}

impl std::fmt::Display for Coder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One segment coded with one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    /// Document path.
    pub document: String,
    /// Case id.
    pub case: String,
    /// Segment (turn) number in the document.
    pub segment: usize,
    /// First line of the segment.
    pub line_start: usize,
    /// Last line of the segment.
    pub line_end: usize,
    /// Code id.
    pub code: crate::codebook::CodeId,
    /// Auto or manual.
    pub source: Source,
    /// Who coded it.
    pub coder: Coder,
    /// The pattern that matched first (auto).
    pub pattern: String,
    /// The text it matched (auto), redacted.
    pub matched: String,
    /// A note.
    pub memo: String,
}

/// What auto-coding needs of the codes, prepared once per run.
pub struct AutoCoder<'a> {
    matcher: &'a Matcher,
    ids: Vec<&'a str>,
    /// Each code's patterns as written, for the audit trail.
    sources: Vec<Vec<String>>,
    /// Each code's rank in the order of ids, the order of codings within
    /// a segment.
    rank: Vec<usize>,
    redactor: Redactor,
    /// Each code's `applies_to` roles (empty: every role).
    applies: Vec<&'a [String]>,
    /// How to tell a case's role, when some code applies to some roles only.
    roles: Option<RoleLookup>,
}

/// A case's role while coding, before the corpus's cases are built: from
/// the document's front matter, the `cases.csv` row and `roles:`.
struct RoleLookup {
    roles: crate::project::Roles,
    /// `cases.csv` attributes by case id.
    rows: std::collections::HashMap<String, Vec<(String, String)>>,
}

impl RoleLookup {
    fn load(project: &crate::project::Project) -> crate::Result<RoleLookup> {
        let mut rows = std::collections::HashMap::new();
        if let Some(file) = project.cases_file() {
            let display = std::path::Path::new(&file.display);
            let bytes =
                std::fs::read(&file.path).map_err(|e| crate::Error::io(display, "read", &e))?;
            let text = crate::ingest::decode::decode(&bytes, display)?;
            for row in crate::project::CasesFile::parse(&text, &file.display)?.rows {
                rows.insert(row.id, row.attributes);
            }
        }
        Ok(RoleLookup {
            roles: project.roles.clone(),
            rows,
        })
    }

    fn role(&self, doc: &Document, case: &str) -> String {
        let mut attributes: Vec<(&str, &str)> = doc
            .front_matter
            .attributes
            .iter()
            .map(|(n, v, _)| (n.as_str(), v.as_str()))
            .collect();
        if let Some(row) = self.rows.get(case) {
            attributes.extend(row.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        }
        self.roles.role_of(case, &attributes)
    }
}

/// Whether a code applying to `roles` (empty: every role) codes `role`.
fn applies(roles: &[String], role: &str) -> bool {
    roles.is_empty() || roles.iter().any(|r| r == role)
}

/// Drop the auto codings whose code does not apply to their case's role
/// (`applies_to:`), as auto-coding does; for codings read from a file
/// written before the roles changed.
pub fn drop_other_roles(
    codings: &mut Vec<Coding>,
    corpus: &crate::ingest::Corpus,
    codes: &CodeSet,
    roles: &crate::project::Roles,
) {
    if codes.codes().all(|c| c.applies_to.is_empty()) {
        return;
    }
    let mut role_of: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    codings.retain(|c| {
        let Some(code) = codes.code(&c.code) else {
            return true;
        };
        if code.applies_to.is_empty() || c.source != Source::Auto {
            return true;
        }
        let role = role_of.entry(c.case.clone()).or_insert_with(|| {
            corpus.cases.get(&c.case).map_or_else(
                || crate::codebook::DEFAULT_ROLE.to_owned(),
                |k| roles.of_case(k),
            )
        });
        applies(&code.applies_to, role)
    });
}

impl<'a> AutoCoder<'a> {
    /// Prepare to auto-code with `matcher`, compiled from `codes`.
    pub fn new(codes: &'a CodeSet, matcher: &'a Matcher, redactor: Redactor) -> AutoCoder<'a> {
        let ids: Vec<&str> = codes.codes().map(|c| c.id.as_str()).collect();
        let mut by_id: Vec<usize> = (0..ids.len()).collect();
        by_id.sort_by_key(|&i| ids[i]);
        let mut rank = vec![0; ids.len()];
        for (r, &i) in by_id.iter().enumerate() {
            rank[i] = r;
        }
        AutoCoder {
            matcher,
            ids,
            rank,
            sources: codes
                .codes()
                .map(|c| c.patterns.iter().map(|p| p.kind.source()).collect())
                .collect(),
            redactor,
            applies: codes.codes().map(|c| c.applies_to.as_slice()).collect(),
            roles: None,
        }
    }

    /// Code each case only with the codes that apply to its role
    /// (`applies_to:`), reading roles as `project` gives them.
    pub fn with_roles(mut self, project: &crate::project::Project) -> crate::Result<Self> {
        if self.applies.iter().any(|a| !a.is_empty()) {
            self.roles = Some(RoleLookup::load(project)?);
        }
        Ok(self)
    }

    /// Auto-code the participant segments of `doc` (one coding per segment
    /// and code, naming the first hit, in canonical order, see [`sort`],
    /// borrowed from `doc` and the codebooks) and hand them to `each` a
    /// piece at a time: a long document's pieces are coded and handed to
    /// `each` on every worker, so its rows are never gathered in one list.
    /// The results come in document order, the same whatever the number of
    /// threads.
    pub fn each_piece<'d, R: Send>(
        &'d self,
        doc: &'d Document,
        each: &(dyn Fn(&[AutoRow<'_>]) -> crate::Result<R> + Sync),
    ) -> crate::Result<Vec<R>> {
        let turns = participant_turns(doc);
        in_pieces(
            &turns,
            |t| t.text.len(),
            |piece| vec![self.code_piece(doc, piece, each)],
        )
        .into_iter()
        .collect()
    }

    /// [`AutoCoder::each_piece`], each piece's result handed to `send` with
    /// its number (from 0) as soon as it is made: the workers take the
    /// pieces in order, so the first ones come first, and whoever takes
    /// them in order (writing them, say) need not wait for the last.
    pub fn send_pieces<'d, R: Send>(
        &'d self,
        doc: &'d Document,
        each: &(dyn Fn(&[AutoRow<'_>]) -> crate::Result<R> + Sync),
        send: &(dyn Fn(usize, crate::Result<R>) + Sync),
    ) {
        let turns = participant_turns(doc);
        let pieces = pieces_of(&turns, |t| t.text.len());
        let next = std::sync::atomic::AtomicUsize::new(0);
        let take = || {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(piece) = pieces.get(i) else { break };
                send(i, self.code_piece(doc, piece, each));
            }
        };
        rayon::scope(|scope| {
            for _ in 0..rayon::current_num_threads().min(pieces.len()) {
                scope.spawn(|_| take());
            }
        });
    }

    /// `each` of the rows of a piece of `doc`'s participant turns (made
    /// segments here: a large document's text is first read here, on the
    /// workers).
    fn code_piece<R>(
        &self,
        doc: &Document,
        piece: &[&crate::ingest::Turn],
        each: &(dyn Fn(&[AutoRow<'_>]) -> crate::Result<R> + Sync),
    ) -> crate::Result<R> {
        let segments: Vec<_> = piece.iter().filter_map(|t| t.segment()).collect();
        let rows = self.rows_of(doc, &segments);
        debug_assert!(rows.is_sorted_by_key(|r| (r.segment, r.code)));
        each(&rows)
    }

    /// The rows of `segments`, some of `doc`'s.
    fn rows_of<'d>(
        &'d self,
        doc: &'d Document,
        segments: &[crate::ingest::Segment<'d>],
    ) -> Vec<AutoRow<'d>> {
        let mut out = Vec::new();
        let texts: Vec<&str> = segments.iter().map(|s| s.text).collect();
        let found = self.matcher.scan_first_each(&texts);
        let mut roles: Vec<(&str, String)> = Vec::new();
        for (seg, mut hits) in segments.iter().zip(found) {
            if let Some(lookup) = &self.roles {
                let i = roles
                    .iter()
                    .position(|(c, _)| *c == seg.case)
                    .unwrap_or_else(|| {
                        roles.push((seg.case, lookup.role(doc, seg.case)));
                        roles.len() - 1
                    });
                let role = &roles[i].1;
                hits.retain(|h| applies(self.applies[h.code], role));
            }
            hits.sort_unstable_by_key(|h| self.rank[h.code]);
            for hit in hits {
                out.push(AutoRow {
                    document: &doc.path,
                    case: seg.case,
                    segment: seg.ordinal,
                    line_start: seg.line_start,
                    line_end: seg.line_end,
                    code: self.ids[hit.code],
                    pattern: &self.sources[hit.code][hit.pattern],
                    matched: self.redactor.redact(&seg.text[hit.start..hit.end]),
                });
            }
        }
        out
    }
}

/// A document with more participant text than this is scanned in pieces of
/// about this size on every worker, so one large transcript codes as fast
/// per MB as many small ones.
const PIECE_BYTES: usize = 256 << 10;

/// `f` of `items`, in order: when their lengths (`len`) add up to more
/// than two pieces, `f` runs on pieces of about [`PIECE_BYTES`] on every
/// worker (a long document's segments are split among the workers: the
/// result is the same, in the same order, whatever the number of threads).
fn in_pieces<T: Sync, R: Send>(
    items: &[T],
    len: impl Fn(&T) -> usize,
    f: impl Fn(&[T]) -> Vec<R> + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    match &pieces_of(items, len)[..] {
        [one] => f(one),
        pieces => pieces
            .par_iter()
            .map(|p| f(p))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect(),
    }
}

/// `items` in pieces of about [`PIECE_BYTES`] (by their lengths, `len`);
/// one piece when they add up to at most two.
fn pieces_of<T>(items: &[T], len: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let total: usize = items.iter().map(len).sum();
    if total <= 2 * PIECE_BYTES || items.len() < 2 {
        return vec![items];
    }
    let per_piece = (items.len() * PIECE_BYTES / total).max(1);
    items.chunks(per_piece).collect()
}

/// The participant turns of `doc`.
fn participant_turns(doc: &Document) -> Vec<&crate::ingest::Turn> {
    doc.turns.iter().filter(|t| t.case().is_some()).collect()
}

/// An auto coding borrowed from the document and codebooks it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoRow<'a> {
    /// Document path.
    pub document: &'a str,
    /// Case id.
    pub case: &'a str,
    /// Segment (turn) number in the document.
    pub segment: usize,
    /// First line of the segment.
    pub line_start: usize,
    /// Last line of the segment.
    pub line_end: usize,
    /// Code id.
    pub code: &'a str,
    /// The pattern that matched first.
    pub pattern: &'a str,
    /// The text it matched, redacted.
    pub matched: std::borrow::Cow<'a, str>,
}

impl AutoRow<'_> {
    /// As an owned coding.
    pub fn to_coding(&self) -> Coding {
        Coding {
            document: self.document.to_owned(),
            case: self.case.to_owned(),
            segment: self.segment,
            line_start: self.line_start,
            line_end: self.line_end,
            // The matcher's ids are the loaded codes', checked when parsed.
            code: CodeId::checked(self.code.to_owned()),
            source: Source::Auto,
            coder: Coder::Auto,
            pattern: self.pattern.to_owned(),
            matched: self.matched.clone().into_owned(),
            memo: String::new(),
        }
    }
}

/// Sort codings into their canonical order: document (natural), segment,
/// code, source, coder.
pub fn sort(codings: &mut [Coding]) {
    codings.sort_by(canonical);
}

/// The canonical order of codings.
pub fn canonical(a: &Coding, b: &Coding) -> std::cmp::Ordering {
    let document = if a.document == b.document {
        std::cmp::Ordering::Equal // the usual case: one document's codings
    } else {
        crate::natural::cmp(&a.document, &b.document).then(a.document.cmp(&b.document))
    };
    document
        .then(a.segment.cmp(&b.segment))
        .then(a.code.cmp(&b.code))
        .then(a.source.cmp(&b.source))
        .then(a.coder.cmp(&b.coder))
}

/// What an auto-coding run read.
#[derive(Debug, Clone)]
pub struct CodeRun {
    /// The corpus it coded, its outlines without their segments (so memory
    /// does not grow with the number of turns).
    pub corpus: crate::ingest::Corpus,
    /// Participant segments coded.
    pub segments: usize,
    /// Bytes of transcript read.
    pub bytes: u64,
    /// The transcripts that could not be read, and were not coded.
    pub skipped: Vec<crate::Error>,
    /// Every transcript with the hash of its bytes as coded (`None`:
    /// unreadable), in the project's order.
    pub files: Vec<(String, Option<u64>)>,
}

/// A document read by [`run`]'s workers: coded there, or, if large, to be
/// coded where its results are taken.
enum Read<R> {
    Coded {
        outline: crate::ingest::Outline,
        stamp: Option<crate::ingest::Stamp>,
        results: Vec<R>,
        bytes: u64,
    },
    Large(Document, u64),
}

/// Code large document `doc` on every worker, handing each piece's result
/// to `sink` in order as soon as it and those before it are made (its rows
/// are written while the rest is coded, and never all held at once); its
/// outline is built, and added to `index`, meanwhile. Its turns are let go
/// on the workers.
fn code_large<R: Send>(
    coder: &AutoCoder<'_>,
    doc: Document,
    each: &(dyn Fn(&[AutoRow<'_>]) -> crate::Result<R> + Sync),
    sink: &mut dyn FnMut(R) -> crate::Result<()>,
    index: Option<&mut crate::index::Writer>,
) -> crate::Result<crate::ingest::Outline> {
    let (tx, rx) = std::sync::mpsc::channel::<(usize, crate::Result<R>)>();
    std::thread::scope(|scope| {
        let coding = scope.spawn(move || {
            let ((), outline) = rayon::join(
                || {
                    coder.send_pieces(&doc, each, &|i, r| {
                        // The taker has stopped only after an error.
                        let _ = tx.send((i, r));
                    });
                },
                || {
                    let outline = doc.outline();
                    match (&doc.stamp, index) {
                        (Some(stamp), Some(index)) => {
                            index.document(stamp, &outline).map(|()| outline)
                        }
                        _ => Ok(outline),
                    }
                },
            );
            rayon::spawn(move || {
                use rayon::prelude::*;
                doc.turns.into_par_iter().for_each(drop);
            });
            outline
        });
        let sunk = take_in_order(rx, sink);
        let outline = coding
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        sunk.and(outline)
    })
}

/// Results numbered from 0, received in any order, handed to `sink` in
/// order: each kept until those before it came. After an error (a
/// result's, or `sink`'s) the rest are received and let go, and the error
/// is returned.
fn take_in_order<R>(
    results: impl IntoIterator<Item = (usize, crate::Result<R>)>,
    sink: &mut dyn FnMut(R) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut waiting = std::collections::BTreeMap::new();
    let mut next = 0;
    let mut sunk: crate::Result<()> = Ok(());
    for (i, r) in results {
        if sunk.is_err() {
            continue;
        }
        waiting.insert(i, r);
        while let Some(r) = waiting.remove(&next) {
            next += 1;
            sunk = r.and_then(&mut *sink);
            if sunk.is_err() {
                break;
            }
        }
    }
    sunk
}

/// Auto-code every transcript of `project`: `each` turns a document's
/// codings (in canonical order; a long document's a piece at a time, see
/// [`AutoCoder::each_piece`]) into a result on a worker thread (say, CSV
/// rows and counts, so nothing is copied out of the document), and
/// `sink` takes the results in document order, so the whole corpus is never
/// held in memory. `progress` is called with the bytes of each document as
/// it finishes (from worker threads). With `index`, each document read (and
/// each skipped) is added to it, in document order.
#[allow(clippy::too_many_arguments)] // the coding run's one entry point
pub fn run<R: Send>(
    project: &crate::project::Project,
    files: &[crate::project::ProjectFile],
    codes: &CodeSet,
    matcher: &Matcher,
    progress: &(dyn Fn(u64) + Sync),
    each: &(dyn Fn(&[AutoRow<'_>]) -> crate::Result<R> + Sync),
    sink: &mut dyn FnMut(R) -> crate::Result<()>,
    mut index: Option<&mut crate::index::Writer>,
) -> crate::Result<CodeRun> {
    let coder =
        AutoCoder::new(codes, matcher, Redactor::for_project(project)).with_roles(project)?;
    let mut outlines = Vec::with_capacity(files.len());
    let mut hashes = std::collections::HashMap::new();
    let mut total = 0;
    let mut segments = 0;
    let skipped = crate::ingest::for_each_document(
        project,
        files,
        |doc| {
            let bytes: u64 = doc.turns.iter().map(|t| t.text.len() as u64).sum();
            if bytes > crate::ingest::PARALLEL_BYTES as u64 {
                // Coded where its results are taken, as they are made.
                return Ok(Read::Large(doc, bytes));
            }
            let results = coder.each_piece(&doc, each)?;
            progress(bytes);
            Ok(Read::Coded {
                outline: doc.outline(),
                stamp: doc.stamp,
                results,
                bytes,
            })
        },
        |read| {
            let (mut outline, stamp, bytes) = match read {
                Read::Coded {
                    outline,
                    stamp,
                    results,
                    bytes,
                } => {
                    if let (Some(stamp), Some(index)) = (&stamp, index.as_deref_mut()) {
                        index.document(stamp, &outline)?;
                    }
                    results.into_iter().try_for_each(&mut *sink)?;
                    (outline, stamp, bytes)
                }
                Read::Large(doc, bytes) => {
                    let stamp = doc.stamp;
                    let outline = code_large(&coder, doc, each, sink, index.as_deref_mut())?;
                    progress(bytes);
                    (outline, stamp, bytes)
                }
            };
            segments += outline.segments.len();
            if let Some(stamp) = &stamp {
                hashes.insert(outline.path.clone(), stamp.hash);
            }
            // Its segments are in the index; the run keeps the rest.
            outline.segments = Vec::new();
            outlines.push(outline);
            total += bytes;
            Ok(())
        },
    )?;
    // The files not read are those skipped, in the same (file) order.
    let mut errors = skipped.iter();
    let files: Vec<(String, Option<u64>)> = files
        .iter()
        .map(|f| {
            if let Some(&h) = hashes.get(&f.display) {
                return Ok((f.display.clone(), Some(h)));
            }
            let hash = crate::ingest::hash_file(&f.path);
            if let (Some(index), Some(e)) = (index.as_deref_mut(), errors.next()) {
                index.skipped(&f.display, hash, e)?;
            }
            Ok((f.display.clone(), hash))
        })
        .collect::<crate::Result<_>>()?;
    let cases = crate::ingest::build_cases(project, &outlines)?;
    Ok(CodeRun {
        corpus: crate::ingest::Corpus::new(outlines, cases),
        segments,
        bytes: total,
        skipped,
        files,
    })
}

/// Auto-code every transcript and keep the codings, in canonical order.
pub fn run_in_memory(
    project: &crate::project::Project,
    codes: &CodeSet,
    matcher: &Matcher,
) -> crate::Result<Vec<Coding>> {
    let mut all = Vec::new();
    let to_codings = |rows: &[AutoRow<'_>]| Ok(rows.iter().map(AutoRow::to_coding).collect());
    run(
        project,
        &project.transcript_files()?,
        codes,
        matcher,
        &|_| {},
        &to_codings,
        &mut |mut c: Vec<Coding>| {
            all.append(&mut c);
            Ok(())
        },
        None,
    )?;
    Ok(all)
}

/// Read `codings/auto.csv` and the counted coders' files (see
/// [`counted`]) and merge them, checking `auto.csv` is not older than the
/// transcripts and codebooks. Without an `auto.csv`, auto-code in memory
/// (writing nothing) and say so in a note. Unresolved conflicts between
/// counted coders are a note.
pub fn load(
    project: &crate::project::Project,
    corpus: &crate::ingest::Corpus,
    codes: &CodeSet,
) -> crate::Result<(Effective, Vec<String>)> {
    load_read(project, corpus, codes, read_auto_file(project))
}

/// `codings/auto.csv` and its sources file as read ahead of [`load_read`]
/// (so that they can be read while the corpus loads). Errors are kept for
/// [`load_read`] to give in their turn (a stale file is reported as stale
/// before its rows are found unreadable).
pub struct AutoRead {
    /// The rows; `None` if there is no `auto.csv`.
    rows: Option<crate::Result<Vec<Coding>>>,
    /// The sources it was coded from; `Ok(None)` if there is no sources
    /// file (written by an older qualcode).
    sources: crate::Result<Option<sources::Sources>>,
}

/// Read `codings/auto.csv` and its sources file, if there is one (see
/// [`AutoRead`]).
pub fn read_auto_file(project: &crate::project::Project) -> AutoRead {
    let dir = project.codings_dir();
    let path = dir.join(store::AUTO_FILE);
    if !path.is_file() {
        return AutoRead {
            rows: None,
            sources: Ok(None),
        };
    }
    let rows = store::read_auto(&path, "codings/auto.csv");
    let sources = sources::Sources::read(&dir);
    AutoRead {
        rows: Some(rows),
        sources,
    }
}

/// [`load`] with `codings/auto.csv` already read by [`read_auto_file`].
pub fn load_read(
    project: &crate::project::Project,
    corpus: &crate::ingest::Corpus,
    codes: &CodeSet,
    auto: AutoRead,
) -> crate::Result<(Effective, Vec<String>)> {
    let (auto, mut notes) = load_auto_read(project, corpus, codes, auto)?;
    let counted = counted_coders(project)?;
    let manual = read_manual_files(&project.codings_dir(), &counted)?;
    let effective = merge_counted(auto, &manual, corpus, codes, &counted)?;
    notes.extend(effective.unmatched_rejects.iter().cloned());
    notes.extend(counted::conflicts_note(&effective.conflicts));
    Ok((effective, notes))
}

/// The effective codings of the counted coders alone (for exports):
/// [`load`] without its notes.
pub fn effective(
    project: &crate::project::Project,
    corpus: &crate::ingest::Corpus,
    codes: &CodeSet,
) -> crate::Result<Effective> {
    load(project, corpus, codes).map(|(e, _)| e)
}

/// The auto codings alone, in canonical order: `codings/auto.csv`, checked
/// against the transcripts and codebooks, or without one, the transcripts
/// auto-coded in memory (writing nothing); with notes saying which.
pub fn load_auto(
    project: &crate::project::Project,
    corpus: &crate::ingest::Corpus,
    codes: &CodeSet,
) -> crate::Result<(Vec<Coding>, Vec<String>)> {
    load_auto_read(project, corpus, codes, read_auto_file(project))
}

/// [`load_auto`] with `codings/auto.csv` already read.
fn load_auto_read(
    project: &crate::project::Project,
    corpus: &crate::ingest::Corpus,
    codes: &CodeSet,
    read: AutoRead,
) -> crate::Result<(Vec<Coding>, Vec<String>)> {
    let dir = project.codings_dir();
    let auto_path = dir.join(store::AUTO_FILE);
    let mut notes = Vec::new();
    let Some(rows) = read.rows else {
        // No saved codings: code in memory, so one command gives a table.
        let matcher = Matcher::compile(codes)?;
        let auto = run_in_memory(project, codes, &matcher)?;
        notes.push(
            "no codings/auto.csv yet: coded the transcripts in memory; \
             run `qualcode code` to save the audit trail"
                .to_owned(),
        );
        return Ok((auto, notes));
    };
    match read.sources? {
        Some(coded) => {
            let now =
                sources::Sources::of_corpus(project, corpus)?.with_setup(project, corpus, codes);
            let changes = coded.changes(&now);
            let setup = coded.setup_changes(&now, &changes);
            if !changes.is_empty() || !setup.is_empty() {
                stale(project, &changes, &setup, coded.older_hashes, &mut notes)?;
            }
        }
        // Written by an older qualcode: only file times to go by.
        None => {
            if let Some(newer) = newer_input(project, &auto_path) {
                notes.push(format!(
                    "{newer} changed after codings/auto.csv was written: run `qualcode code` to bring the codings up to date"
                ));
            }
        }
    }
    let mut auto = rows?;
    // A transcript that cannot be read now is left out (its note says so),
    // and so are its codings.
    let names: Vec<String> = match &corpus.files {
        // Every file has its outline: none is left out.
        Some(files) if files.len() == corpus.outlines.len() => Vec::new(),
        Some(files) => files.iter().map(|(name, _)| name.clone()).collect(),
        None => project
            .transcript_files()?
            .into_iter()
            .map(|f| f.display)
            .collect(),
    };
    let skipped: std::collections::HashSet<String> = names
        .into_iter()
        .filter(|d| corpus.outline(d).is_none())
        .collect();
    if !skipped.is_empty() {
        auto.retain(|c| !skipped.contains(&c.document));
    }
    // With --allow-stale, codings that no longer fit the transcripts or
    // codebooks are left out (and counted in a note); otherwise they are
    // an error.
    let mut unfit = 0;
    let mut problem = None;
    // Codings come by document: its outline is looked up once per run of them.
    let mut outline: Option<&crate::ingest::Outline> = None;
    auto.retain(|c| {
        if outline.is_none_or(|o| o.path != c.document) {
            outline = corpus.outline(&c.document);
        }
        match unfit_coding(c, outline, codes) {
            None => true,
            Some(_) if project.allow_stale => {
                unfit += 1;
                false
            }
            Some(e) => {
                problem.get_or_insert(e);
                true
            }
        }
    });
    if let Some(e) = problem {
        return Err(e);
    }
    if unfit > 0 {
        notes.push(format!(
            "{} of codings/auto.csv no longer {} the transcripts or codebooks and {} left out \
             (--allow-stale): run `qualcode code`",
            crate::natural::count(unfit, "coding"),
            if unfit == 1 { "fits" } else { "fit" },
            if unfit == 1 { "is" } else { "are" },
        ));
    }
    drop_other_roles(&mut auto, corpus, codes, &project.roles);
    Ok((auto, notes))
}

/// Why auto coding `c` no longer fits its document's `outline` (`None`:
/// the corpus has no such document) and the codes, if it does not.
fn unfit_coding(
    c: &Coding,
    outline: Option<&crate::ingest::Outline>,
    codes: &CodeSet,
) -> Option<crate::Error> {
    if codes.code(&c.code).is_none() || outline.is_none() {
        return Some(crate::Error::invalid(format!(
            "codings/auto.csv names {} in {}, which the project no longer has: run `qualcode code`",
            c.code, c.document
        )));
    }
    // The transcript must still have this participant turn where it was.
    let same = outline.and_then(|o| o.segment(c.segment));
    if same.is_some_and(|s| {
        s.case == c.case && s.line_start == c.line_start && s.line_end == c.line_end
    }) {
        return None;
    }
    Some(crate::Error::invalid(format!(
        "codings/auto.csv is out of date: {} no longer has turn {} of case {} at lines {}-{} \
         (the transcript was edited): run `qualcode code`",
        c.document, c.segment, c.case, c.line_start, c.line_end
    )))
}

/// Stale codings: refused, naming every file that differs and every
/// change in how the transcripts are read (`setup`), or with
/// `--allow-stale` a note saying so.
fn stale(
    project: &crate::project::Project,
    changes: &[(String, sources::Change)],
    setup: &[String],
    older_hashes: bool,
    notes: &mut Vec<String>,
) -> crate::Result<()> {
    if project.allow_stale {
        let list: Vec<String> = changes
            .iter()
            .map(|(file, change)| format!("{file} {}", change.as_str()))
            .chain(setup.iter().cloned())
            .collect();
        notes.push(format!(
            "codings/auto.csv is out of date: {}; used as they are (--allow-stale)",
            list.join(", ")
        ));
        return Ok(());
    }
    let mut message = if older_hashes {
        "codings/auto.csv is out of date:".to_owned()
    } else if changes.is_empty() {
        "codings/auto.csv is out of date: qualcode.yaml or cases.csv now decides \
         differently which turns are coded:"
            .to_owned()
    } else {
        format!(
            "codings/auto.csv is out of date: {} from those it was coded from:",
            crate::natural::count(changes.len(), "file differs|files differ")
        )
    };
    for (file, change) in changes {
        message.push_str("\n  ");
        message.push_str(change.as_str());
        message.push_str(": ");
        message.push_str(file);
    }
    for change in setup {
        message.push_str("\n  ");
        message.push_str(change);
    }
    message.push_str(
        "\nrun `qualcode code` to bring the codings up to date \
         (or pass --allow-stale to use them as they are)",
    );
    Err(crate::Error::invalid(message))
}

/// The counted coders' rows, coder by coder.
fn read_manual_files(
    dir: &std::path::Path,
    counted: &CountedCoders,
) -> crate::Result<Vec<store::ManualRow>> {
    let mut manual = Vec::new();
    for (coder, path, display) in store::manual_files(dir, "codings")? {
        if counted.counts(&coder) {
            manual.extend(store::read_manual(&path, &display, &coder)?);
        }
    }
    Ok(manual)
}

/// The first transcript or codebook modified after `output`.
fn newer_input(project: &crate::project::Project, output: &std::path::Path) -> Option<String> {
    let written = std::fs::metadata(output).and_then(|m| m.modified()).ok()?;
    let mut inputs = project.transcript_files().ok()?;
    inputs.extend(project.codebook_files().ok()?);
    inputs.into_iter().find_map(|f| {
        let modified = std::fs::metadata(&f.path).and_then(|m| m.modified()).ok()?;
        (modified > written).then_some(f.display)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codebook `m`: `pay` (money, wages) and `kin` (my kids), compiled.
    fn pay_and_kin() -> (CodeSet, Matcher) {
        let mut codes = CodeSet::default();
        codes
            .add(
                CodeSet::parse(
                    "codebook: m\ncodes:\n  - id: pay\n    patterns: [money, wage*]\n  \
                     - id: kin\n    patterns: [my kids]\n",
                    "m.yaml",
                )
                .unwrap(),
            )
            .unwrap();
        let matcher = Matcher::compile(&codes).unwrap();
        (codes, matcher)
    }

    #[test]
    fn a_long_document_split_among_workers_codes_as_one_piece() {
        let (_, matcher) = pay_and_kin();
        // Enough text for several pieces, with hits at every piece's edges.
        let words = ["money", "filler words here", "my kids", "wages", "nothing"];
        let texts: Vec<String> = (0..40_000)
            .map(|i| format!("{} and {}", words[i % 5], words[(i / 7) % 5]))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert!(texts.iter().map(|t| t.len()).sum::<usize>() > 2 * PIECE_BYTES);
        let whole = matcher.scan_first_each(&texts);
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let pieces =
                pool.install(|| in_pieces(&texts, |t| t.len(), |p| matcher.scan_first_each(p)));
            assert_eq!(pieces, whole, "{threads}");
        }
    }

    /// A project, and an interview of 60,000 turns of three speakers in
    /// it: long enough to be coded in pieces.
    fn long_interview() -> (crate::project::Project, Document) {
        let project = crate::project::Project::from_yaml(
            "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\n",
            std::path::Path::new("."),
            std::path::Path::new("qualcode.yaml"),
        )
        .unwrap();
        let words = ["money", "filler words here", "my kids", "wages", "nothing"];
        let mut text = String::new();
        for i in 0..60_000 {
            let who = ["Interviewer", "P1", "P2"][i % 3];
            text.extend([who, ": ", words[i % 5], " and ", words[(i / 7) % 5], "\n"]);
        }
        let doc = crate::ingest::parse(&project, "t/a.txt", &text).unwrap();
        (project, doc)
    }

    /// A long document's rows, handed over a piece at a time on every
    /// worker, are its rows in one list, in order, on any number of threads.
    #[test]
    fn a_long_document_coded_a_piece_at_a_time_is_coded_as_one() {
        let (codes, matcher) = pay_and_kin();
        let (project, doc) = long_interview();
        let coder = AutoCoder::new(&codes, &matcher, Redactor::for_project(&project));
        let segments: Vec<_> = doc.segments().collect();
        assert!(segments.iter().map(|s| s.text.len()).sum::<usize>() > 2 * PIECE_BYTES);
        let whole = coder.rows_of(&doc, &segments);
        let owned = |rows: &[AutoRow<'_>]| Ok(rows.iter().map(AutoRow::to_coding).collect());
        let whole: Vec<Coding> = owned(&whole).unwrap();
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let pieces: Vec<Vec<Coding>> = pool.install(|| coder.each_piece(&doc, &owned)).unwrap();
            assert!(pieces.len() > 1, "{threads} threads: one piece");
            assert!(pieces.concat() == whole, "{threads} threads");
        }
    }

    /// Results made out of order are taken in order; the first failure in
    /// order (a result's or the taker's) stops the taking and is returned.
    #[test]
    fn results_are_taken_in_order_until_one_fails() {
        let made = [3, 0, 2, 5, 1, 4].map(|i| (i, Ok(i)));
        let mut taken = Vec::new();
        take_in_order(made, &mut |i| {
            taken.push(i);
            Ok(())
        })
        .unwrap();
        assert_eq!(taken, [0, 1, 2, 3, 4, 5]);
        let failed = |i: usize| crate::Error::invalid(format!("piece {i}"));
        let made = [
            (2, Ok(2)),
            (1, Err(failed(1))),
            (0, Ok(0)),
            (3, Err(failed(3))),
        ];
        let mut taken = Vec::new();
        let e = take_in_order(made, &mut |i| {
            taken.push(i);
            Ok(())
        })
        .unwrap_err();
        assert_eq!((taken, e.to_string()), (vec![0], "piece 1".to_owned()));
        let mut taken = Vec::new();
        let e = take_in_order([1, 0, 2].map(|i| (i, Ok(i))), &mut |i| {
            taken.push(i);
            if i == 1 { Err(failed(i)) } else { Ok(()) }
        })
        .unwrap_err();
        assert_eq!((taken, e.to_string()), (vec![0, 1], "piece 1".to_owned()));
    }

    /// A large document coded where its results are taken gives them in
    /// order, as coding it in one place does, with its outline.
    #[test]
    fn a_large_document_coded_as_its_results_are_taken_is_coded_as_one() {
        let (codes, matcher) = pay_and_kin();
        let (project, doc) = long_interview();
        let coder = AutoCoder::new(&codes, &matcher, Redactor::for_project(&project));
        let owned = |rows: &[AutoRow<'_>]| Ok(rows.iter().map(AutoRow::to_coding).collect());
        let whole: Vec<Vec<Coding>> = coder.each_piece(&doc, &owned).unwrap();
        assert!(whole.len() > 2);
        let mut taken: Vec<Vec<Coding>> = Vec::new();
        let outline = code_large(
            &coder,
            doc.clone(),
            &owned,
            &mut |r| {
                taken.push(r);
                Ok(())
            },
            None,
        )
        .unwrap();
        assert!(taken == whole);
        assert_eq!(outline, doc.outline());
    }

    #[test]
    fn a_long_document_rows_are_written_in_pieces_as_one() {
        let mut codes = CodeSet::default();
        codes
            .add(
                CodeSet::parse(
                    "codebook: m\ncodes:\n  - id: pay\n    patterns: [money]\n  \
                     - id: kin\n    patterns: [kids]\n",
                    "m.yaml",
                )
                .unwrap(),
            )
            .unwrap();
        let cases: Vec<String> = (0..30).map(|i| format!("P{i:02}")).collect();
        let rows: Vec<AutoRow<'_>> = (0..20_000)
            .map(|i| AutoRow {
                document: "t/a.txt",
                case: &cases[(i / 700) % cases.len()],
                segment: i + 1,
                line_start: 2 * i + 1,
                line_end: 2 * i + 2,
                code: if i % 3 == 0 { "m.kin" } else { "m.pay" },
                pattern: "money",
                matched: std::borrow::Cow::Borrowed(if i % 5 == 0 {
                    "a, \"quoted\""
                } else {
                    "money"
                }),
            })
            .collect();
        let want = store::auto_rows(&rows);
        let mut counts = Summary::new(&codes);
        counts.add_auto(&rows);
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let (csv, got) = pool.install(|| Summary::auto_rows_counted(&codes, &rows));
            assert!(csv.concat() == want, "{threads} threads: other CSV");
            assert!(csv.len() > 1, "{threads} threads: one piece");
            assert_eq!(got.codings, counts.codings);
            for (g, w) in got.books.iter().zip(&counts.books) {
                assert_eq!(
                    (g.codings, &g.codes, &g.cases),
                    (w.codings, &w.codes, &w.cases)
                );
            }
        }
    }
}
