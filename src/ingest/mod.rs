//! Transcripts in: files to documents, turns, cases and segments.
//!
//! Owns decoding, front matter, turn splitting and resolving speakers to
//! cases. Knows nothing of codebooks or codings. Documents are read in
//! parallel and results collected in document order.

pub mod decode;
pub mod docx;
pub mod front_matter;
pub mod html;
pub mod json;
mod kind;
pub mod labels;
pub mod odt;
pub mod roles;
pub mod rtf;
pub mod table;
mod text;
pub mod timed;
pub mod turns;

use std::path::Path;

use rayon::prelude::*;

use crate::project::cases::{CasesBuilder, CasesFile};
use crate::project::{Cases, Project, ProjectFile};
use crate::{Error, Location, Result};
use kind::{Kind, kind, sniff_foreign, unsupported};

pub use front_matter::FrontMatter;
pub use text::Text;

/// Who speaks a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// An interviewer: never coded.
    Interviewer,
    /// A participant: the case id.
    Case(String),
    /// Several people, or a voice nobody can name (`Multiple Students`,
    /// `Audience`, `Unknown`): kept as text, but never attributed to a
    /// case, so never coded or counted.
    Group,
}

/// One speaker's contiguous speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// Label as written.
    pub label: String,
    /// Resolved speaker.
    pub speaker: Speaker,
    /// 1-based position among the document's turns: the segment number.
    pub ordinal: usize,
    /// First line.
    pub line_start: usize,
    /// Last non-blank line.
    pub line_end: usize,
    /// The speech (NFC, LF line endings).
    pub text: Text,
    /// When the turn starts, in milliseconds, in timed transcripts (WebVTT,
    /// SRT).
    pub start_ms: Option<u64>,
}

/// One transcript.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the project, `/`-separated: the document's name everywhere.
    pub path: String,
    /// Front matter.
    pub front_matter: FrontMatter,
    /// Non-blank lines before the first turn: (first, last, count).
    pub preamble: Option<(usize, usize, usize)>,
    /// Turns in order.
    pub turns: Vec<Turn>,
    /// Each label as written, its speaker and its number of turns, in
    /// order of first turn.
    pub speakers: Vec<(String, Speaker, usize)>,
    /// Things a person should know about how it was read (assumptions made).
    pub notices: Vec<String>,
    /// The speakers taken for interviewers by detection, and why.
    pub detected: Vec<roles::Detected>,
    /// The encoding the file was read as (`UTF-8` for Word documents).
    pub encoding: &'static str,
    /// The file as it was read (size, time, content hash); `None` for a
    /// document parsed from text in memory.
    pub stamp: Option<Stamp>,
}

/// What a transcript file was when it was read: enough to tell later,
/// from its metadata alone, that it is unchanged (see [`crate::index`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    /// Its size in bytes.
    pub size: u64,
    /// Its modification time, in nanoseconds since 1970 (0: unknown).
    pub modified_ns: u64,
    /// Its inode number (0 where there is none).
    pub inode: u64,
    /// The content hash of its bytes ([`crate::fsutil::hash64`], as in
    /// `codings/auto.sources.tsv`).
    pub hash: u64,
}

impl Stamp {
    /// The stamp of a file with metadata `meta` and content hash `hash`.
    pub fn new(meta: &std::fs::Metadata, hash: u64) -> Stamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Stamp {
            size: meta.len(),
            modified_ns,
            inode,
            hash,
        }
    }

    /// Whether a file with metadata `meta` now is, by its metadata, the
    /// file stamped (its content hash is then taken as unchanged).
    pub fn same_file(&self, meta: &std::fs::Metadata) -> bool {
        let now = Stamp::new(meta, self.hash);
        self.modified_ns != 0 && now == *self
    }
}

/// A coded unit: a participant's turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The turn's ordinal in its document.
    pub ordinal: usize,
    /// The case id.
    pub case: &'a str,
    /// First line.
    pub line_start: usize,
    /// Last line.
    pub line_end: usize,
    /// The text to code.
    pub text: &'a str,
}

impl Turn {
    /// The case whose turn it is, if a participant speaks it.
    pub fn case(&self) -> Option<&str> {
        match &self.speaker {
            Speaker::Case(case) => Some(case),
            Speaker::Interviewer | Speaker::Group => None,
        }
    }

    /// The turn as a segment, if a participant speaks it.
    pub fn segment(&self) -> Option<Segment<'_>> {
        self.case().map(|case| Segment {
            ordinal: self.ordinal,
            case,
            line_start: self.line_start,
            line_end: self.line_end,
            text: &self.text,
        })
    }
}

impl Document {
    /// Turn `ordinal` (1-based), if there is one.
    pub fn turn(&self, ordinal: usize) -> Option<&Turn> {
        // Turns are numbered in order from 1: look there first.
        match ordinal.checked_sub(1).and_then(|i| self.turns.get(i)) {
            Some(t) if t.ordinal == ordinal => Some(t),
            _ => self.turns.iter().find(|t| t.ordinal == ordinal),
        }
    }

    /// The participant turns, which are what gets coded.
    pub fn segments(&self) -> impl Iterator<Item = Segment<'_>> {
        self.turns.iter().filter_map(Turn::segment)
    }

    /// The text-free outline of this document.
    pub fn outline(&self) -> Outline {
        // The cases in order of first segment: of the speakers in order of
        // first turn. Neither these nor the segments' places read the
        // turns' text (a large document's is not in the cache).
        let mut cases: Vec<String> = Vec::new();
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for (_, speaker, _) in &self.speakers {
            if let Speaker::Case(case) = speaker
                && seen.insert(case)
            {
                cases.push(case.clone());
            }
        }
        Outline {
            path: self.path.clone(),
            cases,
            attributes: self.front_matter.attributes.clone(),
            segments: self
                .turns
                .iter()
                .filter_map(|t| {
                    t.case().map(|case| SegmentInfo {
                        ordinal: t.ordinal,
                        case: case.to_owned(),
                        line_start: t.line_start,
                        line_end: t.line_end,
                    })
                })
                .collect(),
            preamble: self.preamble,
            speakers: self.speakers.clone(),
            notices: self.notices.clone(),
            detected: self.detected.clone(),
            encoding: self.encoding,
            turns_hash: self.turns_hash(),
        }
    }

    /// A hash of the participant turns as read (place, case and text): what
    /// is coded, however the settings that read it changed.
    fn turns_hash(&self) -> u64 {
        use std::fmt::Write as _;
        // Hashed as formatted: the same hash as of the lines joined, without
        // a copy of the text (it was 6% of `code`).
        let mut all = crate::fsutil::Hasher64::new();
        for s in self.segments() {
            writeln!(
                all,
                "{}\t{}\t{}\t{}\t{}",
                s.ordinal, s.case, s.line_start, s.line_end, s.text
            )
            .expect("hashing cannot fail");
        }
        all.finish()
    }
}

/// A segment without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentInfo {
    /// Ordinal in the document.
    pub ordinal: usize,
    /// Case id.
    pub case: String,
    /// First line.
    pub line_start: usize,
    /// Last line.
    pub line_end: usize,
}

/// What later stages need of a document once its text is dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// Document path.
    pub path: String,
    /// Cases speaking in it, in order of first turn.
    pub cases: Vec<String>,
    /// Front-matter attributes (name, value, line).
    pub attributes: Vec<(String, String, usize)>,
    /// Participant segments.
    pub segments: Vec<SegmentInfo>,
    /// Preamble (first line, last line, non-blank lines).
    pub preamble: Option<(usize, usize, usize)>,
    /// Each label, whom it resolved to, and how many turns it has.
    pub speakers: Vec<(String, Speaker, usize)>,
    /// What the reader assumed in reading it.
    pub notices: Vec<String>,
    /// The speakers taken for interviewers by detection, and why.
    pub detected: Vec<roles::Detected>,
    /// The encoding the file was read as.
    pub encoding: &'static str,
    /// A hash of the participant turns as read, to tell stale codings.
    pub turns_hash: u64,
}

impl Outline {
    /// The segment of turn `ordinal`, if it is a participant's.
    pub fn segment(&self, ordinal: usize) -> Option<&SegmentInfo> {
        // Segments are in turn order: search, unless they were not.
        match self.segments.binary_search_by_key(&ordinal, |s| s.ordinal) {
            Ok(i) => Some(&self.segments[i]),
            Err(_) if self.segments.is_sorted_by_key(|s| s.ordinal) => None,
            Err(_) => self.segments.iter().find(|s| s.ordinal == ordinal),
        }
    }

    /// The segment holding `line`, if any.
    pub fn segment_at(&self, line: usize) -> Option<&SegmentInfo> {
        self.segments
            .iter()
            .find(|s| s.line_start <= line && line <= s.line_end)
    }
}

/// The transcript file extensions qualcode reads, lower case, without the
/// dot, in a fixed order: the one list that reading, `init`'s globs and
/// `check`'s list of files left unread all follow.
pub fn extensions() -> impl Iterator<Item = &'static str> {
    kind::READERS.iter().map(|(ext, _)| *ext)
}

/// Whether qualcode has a reader for files named like `path` (by its
/// extension, in any letter case).
pub fn readable(path: &str) -> bool {
    kind(&extension_of(path)).is_ok()
}

/// Why qualcode does not read files named like `path`, and how to convert
/// them (`None` when it does read them).
pub fn unreadable_reason(path: &str) -> Option<String> {
    kind(&extension_of(path)).err()
}

/// The extension of `path`, lower case, or empty.
fn extension_of(path: &str) -> String {
    Path::new(path)
        .extension()
        .map_or_else(String::new, |e| e.to_string_lossy().to_ascii_lowercase())
}

/// Read and parse one transcript.
pub fn read(project: &Project, file: &ProjectFile) -> Result<Document> {
    roles::prepare(project);
    read_unprepared(project, file)
}

/// [`read`], without first finding the project's recurring speakers.
fn read_unprepared(project: &Project, file: &ProjectFile) -> Result<Document> {
    let display = Path::new(&file.display);
    let format = kind(&extension_of(&file.display))
        .map_err(|why| Error::invalid(why).at(Location::file(display)))?;
    // One read buffer per thread, reused from file to file.
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    /// A buffer grown past this by a huge transcript is let go after it, so
    /// one such file does not hold its size in memory for the whole run.
    const KEEP: usize = 16 << 20;
    BUFFER.with(|buffer| {
        let mut fresh = Vec::new();
        let mut borrowed = buffer.try_borrow_mut();
        let bytes = match borrowed.as_deref_mut() {
            Ok(bytes) => bytes,
            Err(_) => &mut fresh, // only if a read ever ran inside another
        };
        bytes.clear();
        let doc = read_capped(&file.path, display, bytes).and_then(|meta| {
            // A large file is hashed on another worker while it is parsed,
            // and, when its bytes are its text, its turns share them.
            let (doc, hash) = if bytes.len() > PARALLEL_BYTES {
                match read_shared(project, file, format, std::mem::take(bytes)) {
                    Ok(read) => read,
                    Err(back) => {
                        *bytes = back;
                        let bytes: &[u8] = bytes;
                        rayon::join(
                            || read_bytes(project, file, format, bytes),
                            || crate::fsutil::hash64(bytes),
                        )
                    }
                }
            } else {
                let bytes: &[u8] = bytes;
                (
                    read_bytes(project, file, format, bytes),
                    crate::fsutil::hash64(bytes),
                )
            };
            let mut doc = doc?;
            doc.stamp = Some(Stamp::new(&meta, hash));
            Ok(doc)
        });
        if bytes.capacity() > KEEP {
            *bytes = Vec::new();
        }
        doc
    })
}

/// A large plain-text transcript whose bytes are its text as they are
/// (UTF-8, no byte-order mark, no encoding configured for it), read
/// without copying its text out: the document and the content hash of its
/// bytes. Its text is normalised as [`decode::decode`] does, and its turns
/// share it ([`Text`]). Any other file's bytes are given back, for
/// [`read_bytes`].
fn read_shared(
    project: &Project,
    file: &ProjectFile,
    format: Kind,
    bytes: Vec<u8>,
) -> std::result::Result<(Result<Document>, u64), Vec<u8>> {
    let as_they_are = reader_for(&bytes, format, Path::new(&file.display)).ok()
        == Some(Kind::Plain)
        && project.encoding_of(&file.display).is_none()
        && !decode::has_bom(&bytes);
    if !as_they_are {
        return Err(bytes);
    }
    let text = String::from_utf8(bytes).map_err(std::string::FromUtf8Error::into_bytes)?;
    // Text that line endings or NFC change is hashed as read, before it is.
    let (text, hash) = match decode::normalise(std::borrow::Cow::Borrowed(&text)) {
        std::borrow::Cow::Borrowed(_) => (text, None),
        std::borrow::Cow::Owned(changed) => (changed, Some(crate::fsutil::hash64(text.as_bytes()))),
    };
    let text = std::sync::Arc::new(text);
    let (doc, hash) = rayon::join(
        || parse_source(project, &file.display, &text, Some(&text)),
        || hash.unwrap_or_else(|| crate::fsutil::hash64(text.as_bytes())),
    );
    let doc = doc.map(|mut doc| {
        doc.encoding = encoding_rs::UTF_8.name();
        doc
    });
    Ok((doc, hash))
}

/// A transcript larger than this is hashed while it is parsed, and its
/// outline built while it is coded, each on another worker: one large file
/// is then not hashed on the same thread as everything else.
pub const PARALLEL_BYTES: usize = 1 << 20;

/// Largest transcript file read: 256 MB, some thousand times a long
/// interview's transcript. Coding one takes memory of about
/// [`MEMORY_PER_TRANSCRIPT_BYTE`] times its size (its bytes, its turns' text
/// and their places, its codings), so a larger one is refused rather than
/// read.
pub const MAX_TRANSCRIPT_BYTES: u64 = 256 << 20;

/// Peak memory of `code` on one large transcript, as a multiple of the
/// file's size, at most (measured on a generated 200 MB transcript: 1.9
/// when its turns share its text, 2.9 when it is decoded into other text;
/// BENCHMARKS.md).
pub const MEMORY_PER_TRANSCRIPT_BYTE: u64 = 3;

/// Longest turn coded: 16 MB of text. Folding and scanning need a few
/// times a turn's size; a longer one (an 889 MB one-line file once aborted
/// the run) is refused, naming its line.
pub const MAX_TURN_BYTES: usize = 16 << 20;

/// Read the file at `path` into `bytes`, refusing one larger than
/// [`MAX_TRANSCRIPT_BYTES`] (before reading it, and again if it grew);
/// the file's metadata as it was opened.
fn read_capped(path: &Path, display: &Path, bytes: &mut Vec<u8>) -> Result<std::fs::Metadata> {
    let too_big = |size: u64| {
        Error::invalid(format!(
            "transcript of {} MB: qualcode reads transcripts of up to {} MB (coding one takes \
             about {} times its size in memory); split it into several files",
            size.div_ceil(1 << 20),
            MAX_TRANSCRIPT_BYTES >> 20,
            MEMORY_PER_TRANSCRIPT_BYTE
        ))
        .at(Location::file(display))
    };
    opened(path);
    let file = std::fs::File::open(path).map_err(|e| Error::io(display, "read", &e))?;
    let meta = file
        .metadata()
        .map_err(|e| Error::io(display, "read", &e))?;
    if !meta.is_file() {
        return Err(Error::invalid(
            "not a regular file (a FIFO or a device): qualcode reads only files",
        )
        .at(Location::file(display)));
    }
    if meta.len() > MAX_TRANSCRIPT_BYTES {
        return Err(too_big(meta.len()));
    }
    // A large file: read in pieces on every worker into a buffer sized to
    // it as opened (grown by doubling, it would hold up to twice the
    // file), then whatever it grew by since. Small ones reuse the thread's
    // buffer as it grew (sized exactly, it was reallocated for each file a
    // little larger than the last).
    let size = usize::try_from(meta.len()).unwrap_or(0);
    if size > PARALLEL_BYTES {
        read_in_pieces(&file, size, bytes).map_err(|e| Error::io(display, "read", &e))?;
    }
    let rest = MAX_TRANSCRIPT_BYTES + 1 - bytes.len() as u64;
    std::io::Read::read_to_end(&mut std::io::Read::take(&file, rest), bytes)
        .map_err(|e| Error::io(display, "read", &e))?;
    if bytes.len() as u64 > MAX_TRANSCRIPT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(meta)
}

/// Read the first `size` bytes of `file` into `bytes` (emptied first),
/// a piece at a time on every worker; the file's position is left after
/// them. A file that shrank since its size was taken is an error (it is
/// being written to).
#[cfg(unix)]
fn read_in_pieces(file: &std::fs::File, size: usize, bytes: &mut Vec<u8>) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    const PIECE: usize = 4 << 20;
    // Fresh zeroed memory from the system is not written before it is
    // read into: its pages are first touched by the reads, on every worker.
    *bytes = vec![0; size];
    bytes
        .par_chunks_mut(PIECE)
        .with_max_len(1)
        .enumerate()
        .try_for_each(|(i, piece)| file.read_exact_at(piece, (i * PIECE) as u64))?;
    std::io::Seek::seek(&mut &*file, std::io::SeekFrom::Start(size as u64))?;
    Ok(())
}

/// [`read_in_pieces`] where files have no positioned reads: one piece.
#[cfg(not(unix))]
fn read_in_pieces(file: &std::fs::File, size: usize, bytes: &mut Vec<u8>) -> std::io::Result<()> {
    bytes.clear();
    bytes.reserve_exact(size);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, size as u64), bytes).map(|_| ())
}

/// The content hash ([`crate::fsutil::hash64`]) of the file at `path`,
/// `None` if it cannot be read.
pub fn hash_file(path: &Path) -> Option<u64> {
    opened(path);
    std::fs::read(path).ok().map(|b| crate::fsutil::hash64(&b))
}

/// Every transcript file opened, in tests: to show which commands open
/// none (see `crate::index`).
#[cfg(test)]
pub(crate) static OPENED: std::sync::Mutex<Vec<std::path::PathBuf>> =
    std::sync::Mutex::new(Vec::new());

/// Note that the file at `path` is opened (in tests only).
#[allow(clippy::missing_const_for_fn)]
fn opened(path: &Path) {
    #[cfg(test)]
    OPENED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(path.to_path_buf());
    #[cfg(not(test))]
    let _ = path;
}

/// Parse the bytes of transcript `file`.
fn read_bytes(
    project: &Project,
    file: &ProjectFile,
    format: Kind,
    bytes: &[u8],
) -> Result<Document> {
    let display = Path::new(&file.display);
    let (format, decoded) = text_of(project, file, format, bytes)?;
    let mut doc = match format {
        Kind::Timed(format) => parse_timed(project, &file.display, &decoded.text, format),
        Kind::Json => {
            refuse_empty(&decoded.text, display)?;
            let turns = json::parse(&decoded.text, display)?;
            raw_document(project, &file.display, turns, "segments")
        }
        Kind::Table(delimiter) => {
            refuse_empty(&decoded.text, display)?;
            let turns = table::parse(&decoded.text, delimiter, &project.columns, display)?;
            raw_document(project, &file.display, turns, "rows")
        }
        _ => parse(project, &file.display, &decoded.text),
    }?;
    doc.notices.extend(decoded.notice);
    doc.encoding = decoded.encoding;
    Ok(doc)
}

/// The text of transcript `file` whose lines qualcode numbers (decoded,
/// NFC, LF line endings; Word, `OpenDocument`, RTF and HTML files as their
/// paragraphs), with the kind of file it is: what [`read`] parses, and
/// what an export shows as the source.
fn text_of<'b>(
    project: &Project,
    file: &ProjectFile,
    format: Kind,
    bytes: &'b [u8],
) -> Result<(Kind, decode::Decoded<'b>)> {
    let display = Path::new(&file.display);
    let format = reader_for(bytes, format, display)?;
    if matches!(format, Kind::Word | Kind::Odt | Kind::Rtf) {
        let text = match format {
            Kind::Word => docx::text(bytes, display)?,
            Kind::Odt => odt::text(bytes, display)?,
            _ => rtf::text(bytes, display)?,
        };
        let text = decode::decode(text.as_bytes(), display)?.into_owned(); // NFC
        return Ok((
            format,
            decode::Decoded {
                text: std::borrow::Cow::Owned(text),
                notice: None,
                encoding: encoding_rs::UTF_8.name(),
            },
        ));
    }
    let mut decoded =
        decode::decode_transcript(bytes, display, project.encoding_of(&file.display))?;
    if format == Kind::Html {
        decoded.text = std::borrow::Cow::Owned(html::text(&decoded.text, display)?);
    }
    Ok((format, decoded))
}

/// The reader `bytes` need, named as `format`: refused if their content
/// says they are something else (a PDF renamed), RTF if they are RTF
/// named `.txt`.
fn reader_for(bytes: &[u8], format: Kind, display: &Path) -> Result<Kind> {
    if let Some(foreign) = sniff_foreign(bytes, format) {
        return Err(Error::invalid(format!(
            "this file's content is not what its name says: {}",
            unsupported(foreign)
        ))
        .at(Location::file(display)));
    }
    Ok(if format == Kind::Plain && bytes.starts_with(b"{\\rtf") {
        Kind::Rtf
    } else {
        format
    })
}

/// The text of transcript `file` whose lines qualcode numbers (see
/// `text_of`): for exports that show a transcript as qualcode reads it.
pub fn read_text(project: &Project, file: &ProjectFile) -> Result<String> {
    let display = Path::new(&file.display);
    let format = kind(&extension_of(&file.display))
        .map_err(|why| Error::invalid(why).at(Location::file(display)))?;
    let mut bytes = Vec::new();
    read_capped(&file.path, display, &mut bytes)?;
    let (_, decoded) = text_of(project, file, format, &bytes)?;
    Ok(decoded.text.into_owned())
}

/// Parse a timed transcript (WebVTT or SRT) `text` named `path`.
pub fn parse_timed(
    project: &Project,
    path: &str,
    text: &str,
    format: timed::Format,
) -> Result<Document> {
    let display = Path::new(path);
    refuse_empty(text, display)?;
    let map = project.speaker_map(path);
    let map = map.as_deref();
    let body = timed::parse(text, format, display, &known_labels(project, map))?;
    if body.turns.is_empty() {
        return Err(
            Error::invalid("no cue has any text: nothing to code").at(Location::file(display))
        );
    }
    raw_document(project, path, body.turns, "cues")
}

/// A document of turns read without front matter (timed, JSON, tables):
/// speech with no speaker named is one case named after the file, unless
/// the speaker map names it.
fn raw_document(
    project: &Project,
    path: &str,
    raw: Vec<turns::RawTurn>,
    units: &str,
) -> Result<Document> {
    let display = Path::new(path);
    let map = project.speaker_map(path);
    let map = map.as_deref();
    if raw.is_empty() {
        return Err(
            Error::invalid(format!("no {units} have any text: nothing to code"))
                .at(Location::file(display)),
        );
    }
    let mut raw = turns::Runs::from(raw);
    let labels = unify_labels(&mut raw);
    let stem = display
        .file_stem()
        .map_or_else(|| path.to_owned(), |s| s.to_string_lossy().into_owned());
    let mut notices = Vec::new();
    if labels.iter().any(|(l, _)| l == timed::UNNAMED)
        && map.is_none_or(|m| !m.contains_key(timed::UNNAMED))
    {
        notices.push(format!(
            "{units} without a speaker's name are read as case {stem} \
             (to name the speaker, map \"{}\" under `speakers:`)",
            timed::UNNAMED
        ));
    }
    let detected = detect(project, map, &raw, &labels, &[]);
    let resolved = resolve_turns(raw, &labels, |label| {
        let id = (label == timed::UNNAMED).then_some(stem.as_str());
        resolve(project, map, &detected, id, label, &stem)
    });
    notices.extend(speaker_notes(project, path, &resolved.speakers));
    finish_document(
        path,
        FrontMatter::default(),
        None,
        resolved,
        notices,
        detected,
    )
}

/// Parse transcript `text` named `path`.
pub fn parse(project: &Project, path: &str, text: &str) -> Result<Document> {
    parse_source(project, path, text, None)
}

/// [`parse`]; with `shared` (which is `text`), its turns share it.
fn parse_source(
    project: &Project,
    path: &str,
    text: &str,
    shared: Option<&std::sync::Arc<String>>,
) -> Result<Document> {
    let display = Path::new(path);
    refuse_empty(text, display)?;
    let (front_matter, body_start) = front_matter::split(text, display)?;
    let map = project.speaker_map(path);
    let map = map.as_deref();
    let mut known = known_labels(project, map);
    if let Some(id) = &front_matter.id {
        known.push(id.clone());
    }
    let source = match shared {
        Some(all) => turns::Source::shared(all, body_start),
        None => turns::Source::own(&text[body_start..]),
    };
    let mut body = turns::split_source(
        source,
        front_matter.body_line,
        &known,
        project.label_pattern_for(path),
    );
    let labels = unify_labels(&mut body.turns);
    if body.turns.is_empty() {
        // A label rule that matches nothing is a mistake in the rule, not a
        // document without speakers.
        if project.label_pattern_for(path).is_some() {
            let rule = if project
                .rule_for(path)
                .is_some_and(|r| r.label_pattern.is_some())
            {
                "the `label_pattern` of its rule under `files:`"
            } else {
                "`label_pattern`"
            };
            return Err(Error::invalid(format!(
                "no speaker turns: no line matches {rule} in qualcode.yaml"
            ))
            .at(Location::file(display)));
        }
        return one_speaker(project, path, text, body_start, front_matter);
    }
    let mut headers = body.interviewer_headers;
    headers.extend(
        front_matter
            .attributes
            .iter()
            .filter(|(key, _, _)| roles::role_word(key).is_some())
            .map(|(key, value, _)| format!("{key}: {value}")),
    );
    // A first line `Interviewer: Yasmine Hassan` read as a turn (no header
    // block after it) names the interviewer too.
    headers.extend(
        body.turns
            .first()
            .filter(|t| !t.text.contains('\n') && turns::names_interviewer(&t.label, &t.text))
            .map(|t| format!("{}: {}", t.label, t.text)),
    );
    let detected = detect(project, map, &body.turns, &labels, &headers);
    let stem = display
        .file_stem()
        .map_or_else(|| path.to_owned(), |s| s.to_string_lossy().into_owned());
    let resolved = resolve_turns(body.turns, &labels, |label| {
        resolve(
            project,
            map,
            &detected,
            front_matter.id.as_deref(),
            label,
            &stem,
        )
    });
    let notices = speaker_notes(project, path, &resolved.speakers);
    finish_document(
        path,
        front_matter,
        body.preamble,
        resolved,
        notices,
        detected,
    )
}

/// A document without speaker labels (a written response, a one-voice
/// note): its whole body is one turn of one case, named by the speaker map
/// (`(unnamed)`), the front matter's `id` or the file name, with a notice.
fn one_speaker(
    project: &Project,
    path: &str,
    text: &str,
    body_start: usize,
    front_matter: FrontMatter,
) -> Result<Document> {
    let display = Path::new(path);
    let body = &text[body_start..];
    let mut first = None;
    let mut last = 0;
    for (i, line) in body.lines().enumerate() {
        if !line.chars().all(turns::is_space) {
            first.get_or_insert(i);
            last = i;
        }
    }
    let Some(first) = first else {
        return Err(
            Error::invalid("no text after the front matter: nothing to code")
                .at(Location::file(display)),
        );
    };
    let stem = display
        .file_stem()
        .map_or_else(|| path.to_owned(), |s| s.to_string_lossy().into_owned());
    let map = project.speaker_map(path);
    let mapped = map.as_deref().and_then(|m| {
        m.iter()
            .find(|(k, _)| crate::natural::eq_ignore_case(k, timed::UNNAMED))
            .map(|(_, case)| case.clone())
    });
    let (case, source) = match (&mapped, &front_matter.id) {
        (Some(case), _) => (case.clone(), "its speaker map"),
        (None, Some(id)) => (id.clone(), "its front matter"),
        (None, None) => (stem, "its file name"),
    };
    let speakers = vec![(timed::UNNAMED.to_owned(), Speaker::Case(case.clone()), 1)];
    let turn = Turn {
        label: timed::UNNAMED.to_owned(),
        speaker: Speaker::Case(case.clone()),
        ordinal: 1,
        line_start: front_matter.body_line + first,
        line_end: front_matter.body_line + last,
        text: body.trim_matches(turns::is_space).into(),
        start_ms: None,
    };
    let notice = format!(
        "no speaker labels: the whole text is one turn of case {case}, named by {source} \
         (to name it, set `id:` in front matter or map \"{}\" under `speakers:`)",
        timed::UNNAMED
    );
    finish_document(
        path,
        front_matter,
        None,
        Resolved::of(vec![turn], speakers),
        vec![notice],
        Vec::new(),
    )
}

/// An empty (or all white-space) transcript is an error.
fn refuse_empty(text: &str, display: &Path) -> Result<()> {
    if text.chars().all(turns::is_space) {
        return Err(
            Error::invalid("empty transcript: the file has no text").at(Location::file(display))
        );
    }
    Ok(())
}

/// Labels accepted in any letter case: the interviewers and the document's
/// speaker map.
fn known_labels(
    project: &Project,
    map: Option<&std::collections::BTreeMap<String, String>>,
) -> Vec<String> {
    let mut known = project.interviewers.clone();
    if let Some(map) = map {
        known.extend(map.keys().cloned());
    }
    known
}

/// One label for each speaker written in several ways (`AMANDA`, `Amanda`;
/// see [`labels::unify`]): the labels then, each with its number of turns,
/// in order of first turn.
fn unify_labels(turns: &mut turns::Runs) -> Vec<(String, usize)> {
    // Each label counted once; only the turns whose label changes are
    // touched.
    let (changes, labels) = {
        let written = turns.labels();
        let forms = labels::forms(&written);
        let changes: foldhash::HashMap<String, String> = forms
            .iter()
            .zip(&written)
            .filter(|&(form, &(label, _))| *form != label)
            .map(|(form, (label, _))| ((*label).to_owned(), (*form).to_owned()))
            .collect();
        let labels =
            turns::counted_in_order(forms.into_iter().zip(&written).map(|(f, w)| (f, w.1)));
        let labels = labels.into_iter().map(|(l, n)| (l.to_owned(), n)).collect();
        (changes, labels)
    };
    if !changes.is_empty() {
        turns.relabel(&changes);
    }
    labels
}

/// A document's turns, and what is known of them as they are made.
struct Resolved {
    turns: Vec<Turn>,
    /// Each label as written, its speaker and its number of turns, in order
    /// of first turn.
    speakers: Vec<(String, Speaker, usize)>,
    /// The first turn longer than [`MAX_TURN_BYTES`].
    too_long: Option<usize>,
}

impl Resolved {
    /// `turns`, spoken as `speakers` says.
    fn of(turns: Vec<Turn>, speakers: Vec<(String, Speaker, usize)>) -> Self {
        let too_long = turns.iter().position(|t| t.text.len() > MAX_TURN_BYTES);
        Resolved {
            turns,
            speakers,
            too_long,
        }
    }
}

/// Raw turns numbered, with their speakers resolved by `speaker` (a
/// function of the label, called once for each of `labels`: the turns'
/// labels, each with its number of turns, in order of first turn).
fn resolve_turns(
    raw: turns::Runs,
    labels: &[(String, usize)],
    speaker: impl Fn(&str) -> Speaker,
) -> Resolved {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let speakers: Vec<(String, Speaker, usize)> = labels
        .iter()
        .map(|(label, n)| (label.clone(), speaker(label), *n))
        .collect();
    let at: foldhash::HashMap<&str, &Speaker> = speakers
        .iter()
        .map(|(label, who, _)| (label.as_str(), who))
        .collect();
    let place = Turn {
        label: String::new(),
        speaker: Speaker::Group,
        ordinal: 0,
        line_start: 0,
        line_end: 0,
        text: Text::default(),
        start_ms: None,
    };
    // Checked as they are made, not in another pass over many turns.
    let too_long = AtomicUsize::new(usize::MAX);
    let turns = raw.map_in_order(&place, |i, raw| {
        if raw.text.len() > MAX_TURN_BYTES {
            too_long.fetch_min(i, Ordering::Relaxed);
        }
        Turn {
            speaker: at
                .get(raw.label.as_str())
                .map_or(Speaker::Group, |&who| who.clone()),
            label: raw.label,
            ordinal: i + 1,
            line_start: raw.line_start,
            line_end: raw.line_end,
            text: raw.text,
            start_ms: raw.start_ms,
        }
    });
    let too_long = too_long.into_inner();
    Resolved {
        turns,
        speakers,
        too_long: (too_long < usize::MAX).then_some(too_long),
    }
}

/// A document with more turns than this has them made on every worker.
const PARALLEL_TURNS: usize = 1 << 16;

/// A document from its parts, refused if no participant speaks in it.
fn finish_document(
    path: &str,
    front_matter: FrontMatter,
    preamble: Option<(usize, usize, usize)>,
    resolved: Resolved,
    mut notices: Vec<String>,
    detected: Vec<roles::Detected>,
) -> Result<Document> {
    let display = Path::new(path);
    let Resolved {
        turns,
        speakers,
        too_long,
    } = resolved;
    notices.extend(group_notice(&speakers));
    if let Some(turn) = too_long.map(|i| &turns[i]) {
        return Err(Error::invalid(format!(
            "a turn of {} MB: qualcode codes turns of up to {} MB (a few hours of speech is \
             under 1 MB); break it with speaker labels, or split the file",
            turn.text.len().div_ceil(1 << 20),
            MAX_TURN_BYTES >> 20
        ))
        .at(Location::line(display, turn.line_start)));
    }
    if !speakers
        .iter()
        .any(|(_, s, _)| matches!(s, Speaker::Case(_)))
    {
        let message = if speakers.iter().any(|(_, s, _)| *s == Speaker::Group) {
            "every turn is an interviewer's or a group's: no participant speech to code \
             (check `interviewers` and `participants` in qualcode.yaml)"
        } else {
            "every turn is an interviewer's: no participant speech to code \
             (check `interviewers` in qualcode.yaml)"
        };
        return Err(Error::invalid(message).at(Location::file(display)));
    }
    Ok(Document {
        path: path.to_owned(),
        front_matter,
        preamble,
        turns,
        speakers,
        notices,
        detected,
        encoding: encoding_rs::UTF_8.name(),
        stamp: None,
    })
}

/// A doubtful speaker: in an interview (two main speakers, one of them an
/// interviewer) of at least [`DOUBTFUL_MIN_TURNS`] turns, a third voice
/// that speaks in under a tenth of the turns,
/// which the config does not settle. It is counted as a participant, but
/// it may be a captioner, a second interviewer or a passer-by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubtful {
    /// The label as written.
    pub label: String,
    /// The case its turns count for.
    pub case: String,
    /// Its turns.
    pub turns: usize,
    /// The document's turns.
    pub total: usize,
    /// The interview's interviewer.
    pub interviewer: String,
    /// The interview's participant.
    pub participant: String,
}

impl Doubtful {
    /// The note `check` prints for it.
    pub fn note(&self) -> String {
        let counted = if self.case == self.label {
            "counted as a participant".to_owned()
        } else {
            format!("counted as case {}", self.case)
        };
        format!(
            "{label} speaks {} of the {} turns of an interview of {} and {}: {counted}, but \
             may be on the research team (a captioner, a second interviewer); if so, list \
             {label} under `interviewers:`, else under `participants:`",
            self.turns,
            self.total,
            self.interviewer,
            self.participant,
            label = self.label
        )
    }
}

/// A two-person interview in which no one was found to be the
/// interviewer: of at least [`DOUBTFUL_MIN_TURNS`] turns, its two main
/// speakers are both counted as participants, no speaker is an
/// interviewer, and the config settles neither. Usually the interviewer is
/// one of them, under a name no rule recognises (`MEL` in a lone FOSSRIT
/// interview); it is counted, never silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoInterviewer {
    /// The two main speakers' labels, in order of their first turn.
    pub speakers: [String; 2],
    /// The document's turns.
    pub total: usize,
}

impl NoInterviewer {
    /// The note `check` prints for it.
    pub fn note(&self) -> String {
        let [a, b] = &self.speakers;
        format!(
            "{a} and {b} hold the turns of this interview of {} turns and neither was \
             found to be the interviewer, so both are counted as participants: list the \
             interviewer under `interviewers:` (or both under `participants:` if both are)",
            self.total
        )
    }
}

/// The notes on a document's speakers: its doubtful voices, and a
/// two-person interview without an interviewer.
pub fn speaker_notes(
    project: &Project,
    path: &str,
    speakers: &[(String, Speaker, usize)],
) -> Vec<String> {
    let mut notes: Vec<String> = doubtful(project, path, speakers)
        .iter()
        .map(Doubtful::note)
        .collect();
    notes.extend(no_interviewer(project, path, speakers).map(|n| n.note()));
    notes
}

/// Whether a document is a two-person interview without an interviewer
/// ([`NoInterviewer`]), from its speakers (label, role, turns; see
/// [`Outline::speakers`]).
pub fn no_interviewer(
    project: &Project,
    path: &str,
    speakers: &[(String, Speaker, usize)],
) -> Option<NoInterviewer> {
    let total: usize = speakers.iter().map(|s| s.2).sum();
    if total < DOUBTFUL_MIN_TURNS || speakers.iter().any(|s| s.1 == Speaker::Interviewer) {
        return None;
    }
    let is_main = |n: usize| n * roles::MAIN_SPEAKER_SHARE >= total;
    let main: Vec<&(String, Speaker, usize)> = speakers.iter().filter(|s| is_main(s.2)).collect();
    let [a, b] = main.as_slice() else {
        return None;
    };
    if !matches!((&a.1, &b.1), (Speaker::Case(_), Speaker::Case(_))) {
        return None;
    }
    let map = project.speaker_map(path);
    let settled = |label: &str| {
        project.is_listed_participant(label)
            || map
                .as_deref()
                .is_some_and(|m| m.keys().any(|k| crate::natural::eq_ignore_case(k, label)))
    };
    if settled(&a.0) || settled(&b.0) {
        return None;
    }
    Some(NoInterviewer {
        speakers: [a.0.clone(), b.0.clone()],
        total,
    })
}

/// The fewest turns of an interview in which a rare voice is doubtful: in
/// a short exchange one turn says too little.
pub const DOUBTFUL_MIN_TURNS: usize = 20;

/// The doubtful speakers of a document, from its speakers (label, role,
/// turns; see [`Outline::speakers`]).
pub fn doubtful(
    project: &Project,
    path: &str,
    speakers: &[(String, Speaker, usize)],
) -> Vec<Doubtful> {
    let total: usize = speakers.iter().map(|s| s.2).sum();
    if total < DOUBTFUL_MIN_TURNS {
        return Vec::new();
    }
    let is_main = |n: usize| n * roles::MAIN_SPEAKER_SHARE >= total;
    let main: Vec<&(String, Speaker, usize)> = speakers.iter().filter(|s| is_main(s.2)).collect();
    let [a, b] = main.as_slice() else {
        return Vec::new();
    };
    let (interviewer, participant) = match (&a.1, &b.1) {
        (Speaker::Interviewer, Speaker::Case(_)) => (&a.0, &b.0),
        (Speaker::Case(_), Speaker::Interviewer) => (&b.0, &a.0),
        _ => return Vec::new(),
    };
    let map = project.speaker_map(path);
    let settled = |label: &str| {
        project.is_listed_participant(label)
            || map
                .as_deref()
                .is_some_and(|m| m.keys().any(|k| crate::natural::eq_ignore_case(k, label)))
    };
    speakers
        .iter()
        .filter(|(label, _, n)| !is_main(*n) && !settled(label) && !labels::is_generic(label))
        .filter_map(|(label, speaker, n)| match speaker {
            Speaker::Case(case) => Some(Doubtful {
                label: label.clone(),
                case: case.clone(),
                turns: *n,
                total,
                interviewer: interviewer.clone(),
                participant: participant.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// The note saying how many turns are left unattributed, and whose: the
/// turns of group labels and unknown voices.
fn group_notice(speakers: &[(String, Speaker, usize)]) -> Option<String> {
    let groups = || speakers.iter().filter(|(_, s, _)| *s == Speaker::Group);
    let n: usize = groups().map(|(_, _, n)| n).sum();
    let labels: Vec<&str> = groups().map(|(l, _, _)| l.as_str()).collect();
    (n > 0).then(|| {
        format!(
            "{} of {} left out of coding and counts: several people or a voice \
             nobody named, so not attributable to a case (kept as text; to count \
             them, map the label to a case under `speakers:` or list it under \
             `participants:`)",
            crate::natural::count(n, "turn"),
            labels.join(", ")
        )
    })
}

/// The interviewers detection finds among `turns`, when it is on.
fn detect(
    project: &Project,
    map: Option<&std::collections::BTreeMap<String, String>>,
    turns: &turns::Runs,
    labels: &[(String, usize)],
    headers: &[String],
) -> Vec<roles::Detected> {
    if !project.detect_interviewers {
        return Vec::new();
    }
    let configured = |label: &str| {
        map.is_some_and(|m| m.keys().any(|k| crate::natural::eq_ignore_case(k, label)))
            || (project.interviewers_listed && project.is_interviewer(label))
            || project.is_listed_participant(label)
    };
    roles::detect(project, turns, labels, headers, &configured)
}

/// Whom `label` stands for: the speaker map's case, a listed interviewer,
/// a listed participant, a detected interviewer, else the case `id` (the
/// front matter's) or the label itself.
fn resolve(
    project: &Project,
    map: Option<&std::collections::BTreeMap<String, String>>,
    detected: &[roles::Detected],
    id: Option<&str>,
    label: &str,
    stem: &str,
) -> Speaker {
    if let Some(map) = map
        && let Some((_, case)) = map
            .iter()
            .find(|(k, _)| crate::natural::eq_ignore_case(k, label))
    {
        return Speaker::Case(case.clone());
    }
    let listed = project.interviewers_listed || !project.detect_interviewers;
    if listed && project.is_interviewer(label) {
        return Speaker::Interviewer;
    }
    let participant = project.is_listed_participant(label);
    if !participant
        && detected
            .iter()
            .any(|d| crate::natural::eq_ignore_case(&d.label, label))
    {
        return Speaker::Interviewer;
    }
    if !participant && labels::is_group(label) {
        return Speaker::Group;
    }
    match id {
        Some(id) => Speaker::Case(id.to_owned()),
        // `SPEAKER_01` in two files is two people: the file names the case.
        None if labels::is_generic(label) => Speaker::Case(format!("{stem} {label}")),
        None => Speaker::Case(label.to_owned()),
    }
}

/// Run `f` on every transcript in parallel; results come back in document
/// order, with the errors of the transcripts that could not be read (which
/// are skipped). The first error of `f`, in document order, wins; so does
/// the first transcript's error when none can be read.
pub fn map_documents<R, F>(
    project: &Project,
    files: &[ProjectFile],
    f: F,
) -> Result<(Vec<R>, Vec<Error>)>
where
    R: Send,
    F: Fn(Document) -> Result<R> + Sync + Send,
{
    let mut out = Vec::with_capacity(files.len());
    let skipped = for_each_document(project, files, f, |r| {
        out.push(r);
        Ok(())
    })?;
    Ok((out, skipped))
}

/// Read and process documents in parallel, handing each result to `sink`
/// in file order. Documents go to the workers in windows; `sink` runs on
/// the calling thread while the workers process the next window, and at
/// most two windows wait for it, so memory depends on the largest
/// documents, not on the corpus. After an error from `f` or `sink` no new
/// window is started.
///
/// A transcript that cannot be read (a broken file, one in an unknown
/// format) does not stop the others: it is skipped, and its error is
/// among those returned, in file order, for the caller to report. If no
/// transcript can be read, the first one's error is returned instead.
pub fn for_each_document<R, F, S>(
    project: &Project,
    files: &[ProjectFile],
    f: F,
    mut sink: S,
) -> Result<Vec<Error>>
where
    R: Send,
    F: Fn(Document) -> Result<R> + Sync + Send,
    S: FnMut(R) -> Result<()>,
{
    /// A document's outcome: read and processed, or not readable.
    enum Outcome<R> {
        Done(Result<R>),
        Skipped(Error),
    }
    roles::prepare(project);
    let window = 64 * rayon::current_num_threads().max(1);
    let mut skipped = Vec::new();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Outcome<R>>>(1);
        let f = &f;
        scope.spawn(move || {
            for chunk in files.chunks(window) {
                let results: Vec<Outcome<R>> = chunk
                    .par_iter()
                    .map(|file| match read_unprepared(project, file) {
                        Ok(doc) => Outcome::Done(f(doc)),
                        Err(e) => Outcome::Skipped(e),
                    })
                    .collect();
                if tx.send(results).is_err() {
                    break; // the sink stopped at an error
                }
            }
        });
        for results in rx {
            for r in results {
                match r {
                    Outcome::Done(r) => sink(r?)?,
                    Outcome::Skipped(e) => skipped.push(e),
                }
            }
        }
        Ok::<(), Error>(())
    })?;
    if !files.is_empty() && skipped.len() == files.len() {
        return Err(skipped.swap_remove(0));
    }
    Ok(skipped)
}

/// A note saying how many turns of `outlines` no case speaks (groups and
/// unknown voices, see [`labels::is_group`]) and so were left out, if any.
pub fn unattributed_note(outlines: &[Outline]) -> Option<String> {
    let mut labels: Vec<&str> = Vec::new();
    let (mut turns, mut documents) = (0, 0);
    for o in outlines {
        let before = turns;
        for (label, speaker, n) in &o.speakers {
            if *speaker == Speaker::Group {
                turns += n;
                if !labels
                    .iter()
                    .any(|l| crate::natural::eq_ignore_case(l, label))
                {
                    labels.push(label);
                }
            }
        }
        documents += usize::from(turns > before);
    }
    (turns > 0).then(|| {
        format!(
            "left out {} in {} spoken by {}: several people or a voice nobody named, not \
             attributable to a case (`qualcode check` lists them; map a label under \
             `speakers:` to count it)",
            crate::natural::count(turns, "turn"),
            crate::natural::count(documents, "transcript"),
            labels.join(", ")
        )
    })
}

/// A note saying that transcript problem `e` kept a transcript out.
pub fn skipped_note(e: &Error) -> String {
    format!(
        "skipped {e} (this transcript is left out of every count until it is fixed; `qualcode check` lists it)"
    )
}

/// The project's documents in outline, and its cases.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// One outline per transcript, in natural path order.
    pub outlines: Vec<Outline>,
    /// The cases who speak in them, with merged attributes.
    pub cases: Cases,
    /// Every transcript file with the hash of its bytes as read (`None`:
    /// unreadable), in the project's order; `None` when not known, and the
    /// staleness check then reads the files to hash them.
    pub files: Option<Vec<(String, Option<u64>)>>,
    /// Each outline's position by path (checked on use, so a changed
    /// `outlines` is never misread).
    by_path: foldhash::HashMap<String, usize>,
}

/// A corpus selects cases by its cases (`Filter::validate(&corpus)`).
impl AsRef<Cases> for Corpus {
    fn as_ref(&self) -> &Cases {
        &self.cases
    }
}

impl Corpus {
    /// A corpus of `outlines` and `cases`.
    pub fn new(outlines: Vec<Outline>, cases: Cases) -> Corpus {
        let by_path = outlines
            .iter()
            .enumerate()
            .map(|(i, o)| (o.path.clone(), i))
            .collect();
        Corpus {
            outlines,
            cases,
            files: None,
            by_path,
        }
    }

    /// The position in `outlines` of the transcript at `path`.
    pub fn position(&self, path: &str) -> Option<usize> {
        match self.by_path.get(path) {
            Some(&i) if self.outlines.get(i).is_some_and(|o| o.path == path) => Some(i),
            _ => self.outlines.iter().position(|o| o.path == path),
        }
    }

    /// The outline of document `path`.
    pub fn outline(&self, path: &str) -> Option<&Outline> {
        match self.by_path.get(path).and_then(|&i| self.outlines.get(i)) {
            Some(o) if o.path == path => Some(o),
            // Not indexed (or `outlines` changed since): look for it.
            _ => self.outlines.iter().find(|o| o.path == path),
        }
    }
}

/// Transcripts read for their text, each at most once, found by path: for
/// the commands that show text (quotes, review, report), which read only
/// the documents they show.
#[derive(Debug)]
pub struct Documents<'p> {
    project: &'p Project,
    files: std::collections::HashMap<String, ProjectFile>,
    read: std::collections::HashMap<String, Document>,
    /// Keep only the last document read (for a pass in document order).
    one_at_a_time: bool,
}

impl<'p> Documents<'p> {
    /// No document read yet, of `project`'s transcripts; each read is kept.
    pub fn new(project: &'p Project) -> Result<Documents<'p>> {
        let files = project
            .transcript_files()?
            .into_iter()
            .map(|f| (f.display.clone(), f))
            .collect();
        Ok(Documents {
            project,
            files,
            read: std::collections::HashMap::new(),
            one_at_a_time: false,
        })
    }

    /// Like [`Documents::new`], keeping only the last document read: for a
    /// pass over codings in document order, in the memory of one document.
    pub fn one_at_a_time(project: &'p Project) -> Result<Documents<'p>> {
        let mut docs = Documents::new(project)?;
        docs.one_at_a_time = true;
        Ok(docs)
    }

    /// The project the documents are read from.
    pub fn project(&self) -> &'p Project {
        self.project
    }

    /// Document `path`, read on first use; `None` if the project has no
    /// such transcript.
    pub fn get(&mut self, path: &str) -> Result<Option<&Document>> {
        let Some(file) = self.files.get(path) else {
            return Ok(None);
        };
        if !self.read.contains_key(path) {
            let doc = read(self.project, file)?;
            if self.one_at_a_time {
                self.read.clear();
            }
            self.read.insert(path.to_owned(), doc);
        }
        Ok(self.read.get(path))
    }

    /// Turn `ordinal` of document `path`: `Ok(None)` if the project has no
    /// such transcript, `Ok(Some(None))` if it has no such turn.
    pub fn turn(&mut self, path: &str, ordinal: usize) -> Result<Option<Option<&Turn>>> {
        Ok(self.get(path)?.map(|doc| doc.turn(ordinal)))
    }
}

/// Read every transcript into outlines and build the cases, skipping the
/// transcripts that cannot be read (see [`load_skipping`]).
pub fn load(project: &Project) -> Result<Corpus> {
    load_skipping(project).map(|(corpus, _)| corpus)
}

/// Read every transcript into outlines and build the cases; with the
/// errors of the transcripts that could not be read and were skipped, for
/// the caller to note. Every file is read once; its hash, taken as it is
/// read, is kept in [`Corpus::files`].
pub fn load_skipping(project: &Project) -> Result<(Corpus, Vec<Error>)> {
    let files = project.transcript_files()?;
    let (read, skipped) = map_documents(project, &files, |doc| Ok((doc.outline(), doc.stamp)))?;
    let mut hashes: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut outlines = Vec::with_capacity(read.len());
    for (outline, stamp) in read {
        if let Some(stamp) = stamp {
            hashes.insert(outline.path.clone(), stamp.hash);
        }
        outlines.push(outline);
    }
    let cases = build_cases(project, &outlines)?;
    let mut corpus = Corpus::new(outlines, cases);
    corpus.files = Some(
        files
            .iter()
            .map(|f| {
                // A skipped file is hashed on its own (it was not parsed).
                let hash = hashes
                    .get(&f.display)
                    .copied()
                    .or_else(|| hash_file(&f.path));
                (f.display.clone(), hash)
            })
            .collect(),
    );
    Ok((corpus, skipped))
}

/// Cases from outlines (front matter) merged with the cases file.
pub fn build_cases<'a>(
    project: &Project,
    outlines: impl IntoIterator<Item = &'a Outline>,
) -> Result<Cases> {
    let mut builder = CasesBuilder::default();
    for o in outlines {
        for case in &o.cases {
            builder.declare(case);
            for (name, value, line) in &o.attributes {
                builder.set(case, name, value, Location::line(&o.path, *line))?;
            }
        }
    }
    let unused = match project.cases_file() {
        Some(file) => {
            let bytes = std::fs::read(&file.path)
                .map_err(|e| Error::io(Path::new(&file.display), "read", &e))?;
            let text = decode::decode(&bytes, Path::new(&file.display))?;
            builder.merge_file(CasesFile::parse(&text, &file.display)?)?
        }
        None => Vec::new(),
    };
    let mut cases = builder.build(unused);
    cases.not_recorded.clone_from(&project.not_recorded);
    Ok(cases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes that look a little like each format, and a lot like garbage.
    fn transcript_bytes() -> impl Strategy<Value = Vec<u8>> {
        let pieces = prop::sample::select(vec![
            b"Interviewer: ".to_vec(),
            b"F4: ".to_vec(),
            b"---\nid: F4\n---\n".to_vec(),
            b"---\n".to_vec(),
            b"WEBVTT\n\n".to_vec(),
            b"00:00:01.000 --> 00:00:02.000\n".to_vec(),
            b"1\n00:00:01,000 --> 00:00:02,000\n".to_vec(),
            b"<v Ann>".to_vec(),
            b"</v>".to_vec(),
            b"[id1] ".to_vec(),
            b"Name - ".to_vec(),
            b"Date: today\n".to_vec(),
            b"money\n".to_vec(),
            b"\n".to_vec(),
            b"\r".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            b"\xFF\xFE".to_vec(),
            b"\xe9\x92\x96".to_vec(),
            "wh\u{101}nau \u{200B}\u{a0}".as_bytes().to_vec(),
            b"PK\x03\x04".to_vec(),
            b"Speaker 1  0:03\n".to_vec(),
            b"[00:00:01] ".to_vec(),
            b"[0.00 - 3.21] SPEAKER_00 - ".to_vec(),
            b"12:03:41\tFrom Ann to Everyone:\t".to_vec(),
            b"P1 (female, 34): ".to_vec(),
            b"(01:23)\n".to_vec(),
            b"<p><b>".to_vec(),
            b"&#8217;&amp".to_vec(),
            b"<!--".to_vec(),
            b"{\"segments\": [{\"text\": \"a\", \"speaker\": 1, \"start\": 1e300}".to_vec(),
            b"Speaker,Text\n".to_vec(),
            b",\"".to_vec(),
            b"{\\rtf1 ".to_vec(),
            b"\\'e9\\u-3?\\par ".to_vec(),
            b"{\\*".to_vec(),
        ]);
        (
            prop::collection::vec(pieces, 0..24),
            prop::collection::vec(any::<u8>(), 0..16),
        )
            .prop_map(|(pieces, noise)| {
                let mut bytes = pieces.concat();
                bytes.extend(noise);
                bytes
            })
    }

    proptest! {
        /// Whatever the bytes, reading them as a transcript of any kind gives
        /// a document or an error, never a panic.
        #[test]
        fn any_bytes_read_to_a_document_or_an_error(bytes in transcript_bytes()) {
            let p = project("");
            for name in ["t/a.txt", "t/a.vtt", "t/a.srt", "t/a.docx"] {
                let display = Path::new(name);
                if display.extension().is_some_and(|e| e == "docx") {
                    let _ = docx::text(&bytes, display);
                    continue;
                }
                let _ = rtf::text(&bytes, display);
                let _ = odt::text(&bytes, display);
                if let Ok(d) = decode::decode_transcript(&bytes, display, None) {
                    let _ = html::text(&d.text, display).map(|t| parse(&p, name, &t));
                    let _ = json::parse(&d.text, display);
                    let _ = table::parse(&d.text, b',', &table::Columns::default(), display);
                    let doc = match name.rsplit('.').next() {
                        Some("vtt") => parse_timed(&p, name, &d.text, timed::Format::Vtt),
                        Some("srt") => parse_timed(&p, name, &d.text, timed::Format::Srt),
                        _ => parse(&p, name, &d.text),
                    };
                    if let Ok(doc) = doc {
                        prop_assert_eq!(&doc.speakers, &speakers_by_search(&doc.turns));
                    }
                }
            }
        }
    }

    /// Each label of `turns`, its speaker and its number of turns, in order
    /// of first turn, found by searching: what a document's `speakers` are
    /// (a label with two speakers would be there twice).
    fn speakers_by_search(turns: &[Turn]) -> Vec<(String, Speaker, usize)> {
        turns::counted_by_search(turns.iter().map(|t| (&t.label, &t.speaker)))
            .into_iter()
            .map(|((label, speaker), n)| (label.clone(), speaker.clone(), n))
            .collect()
    }

    fn project(extra: &str) -> Project {
        let yaml = format!("transcripts: [t/*.txt]\ncodebooks: [c.yaml]\n{extra}");
        Project::from_yaml(&yaml, Path::new("."), Path::new("qualcode.yaml")).unwrap()
    }

    /// A transcript large enough to be read in pieces, split in windows and
    /// have its turns made on every worker reads, on any number of threads,
    /// as it was written: every turn's label, speaker, lines and text. Its
    /// turns share its text unless it has to be decoded into another
    /// (here: after a byte-order mark).
    #[test]
    fn a_large_transcript_read_on_workers_is_read_as_written() {
        for (ending, bom) in [("\n", ""), ("\r\n", ""), ("\n", "\u{feff}")] {
            large_transcript_read_as_written(ending, bom);
        }
    }

    fn large_transcript_read_as_written(ending: &str, bom: &str) {
        use std::fmt::Write;
        const TURNS: usize = PARALLEL_TURNS + 4_000;
        let mut text = format!("{bom}---\nid: P1\n---\nA title line\n\n");
        let mut want = Vec::new();
        let mut line = 6;
        for i in 0..TURNS {
            let (label, speech) = if i % 2 == 0 {
                (
                    "Interviewer",
                    format!("and how did the work go for you and yours, in week {i}?"),
                )
            } else {
                // A continuation line, a blank line now and then, and a
                // letter that is not ASCII.
                (
                    "P1",
                    format!("my wh\u{101}nau helped with it, {i}{ending}and the money {i}"),
                )
            };
            write!(text, "{label}: {speech}{ending}").unwrap();
            let lines = 1 + speech.matches('\n').count();
            want.push((label, line, line + lines - 1, speech.replace('\r', "")));
            line += lines;
            if i % 1000 == 999 {
                text.push_str(ending);
                line += 1;
            }
        }
        assert!(text.len() > 4 * PARALLEL_BYTES, "{}", text.len());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, &text).unwrap();
        let p = project("");
        let file = ProjectFile {
            path,
            display: "t/big.txt".to_owned(),
        };
        let case = format!("{ending:?}, {bom:?}");
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let doc = pool.install(|| read(&p, &file)).unwrap();
            assert_eq!(doc.turns.len(), TURNS, "{case}: {threads} threads");
            for (i, (turn, (label, start, end, speech))) in doc.turns.iter().zip(&want).enumerate()
            {
                let at = format!("{case}: {threads} threads, turn {i}");
                assert_eq!(
                    (
                        turn.label.as_str(),
                        turn.ordinal,
                        turn.line_start,
                        turn.line_end
                    ),
                    (*label, i + 1, *start, *end),
                    "{at}"
                );
                assert_eq!(&turn.text, speech, "{at}");
                assert_eq!(turn.text.is_shared(), bom.is_empty(), "{at}");
                let speaker = if *label == "P1" {
                    Speaker::Case("P1".to_owned())
                } else {
                    Speaker::Interviewer
                };
                assert_eq!(turn.speaker, speaker, "{at}");
            }
            assert_eq!(doc.speakers, speakers_by_search(&doc.turns), "{case}");
            assert_eq!(doc.speakers.len(), 2, "{case}");
            let stamp = doc.stamp.expect("a file read has a stamp");
            assert_eq!(stamp.hash, crate::fsutil::hash64(text.as_bytes()), "{case}");
        }
    }

    /// A turn too long to code is found as the turns are made, the first
    /// of them, however many turns and runs there are.
    #[test]
    fn the_first_turn_too_long_is_found_as_turns_are_made() {
        let turn = |i: usize, text: Text| turns::RawTurn {
            label: "P1".to_owned(),
            line_start: i + 1,
            line_end: i + 1,
            text,
            start_ms: None,
        };
        let long = Text::from("x".repeat(MAX_TURN_BYTES + 1));
        for (total, runs) in [(10, 1), (PARALLEL_TURNS + 10, 1), (PARALLEL_TURNS + 10, 3)] {
            let mut all: Vec<turns::RawTurn> =
                (0..total).map(|i| turn(i, Text::from("short"))).collect();
            for at in [total - 3, total / 2] {
                all[at] = turn(at, long.clone());
            }
            let runs: turns::Runs = if runs == 1 {
                turns::Runs::from(all)
            } else {
                let rest = all.split_off(total / 3);
                turns::Runs::of_runs(vec![all, Vec::new(), rest])
            };
            let labels = [("P1".to_owned(), total)];
            let resolved = resolve_turns(runs, &labels, |_| Speaker::Case("P1".to_owned()));
            assert_eq!(resolved.too_long, Some(total / 2), "{total} turns");
            assert_eq!(resolved.turns.len(), total);
            assert_eq!(
                Resolved::of(resolved.turns, Vec::new()).too_long,
                Some(total / 2)
            );
        }
    }

    /// A transcript in which every turn has a label of its own (a hostile
    /// file; once quadratic: 50,000 labels took 28 s) is read with each
    /// label resolved, counted and made a case by lookups, not searches.
    #[test]
    fn a_transcript_of_many_speakers_is_read_in_one_pass() {
        const SPEAKERS: usize = 40_000;
        let mut text = String::new();
        for i in 0..SPEAKERS {
            text.extend(["Person ", &i.to_string(), ": the money\n"]);
        }
        let doc = parse(&project(""), "t/many.txt", &text).unwrap();
        assert_eq!(doc.turns.len(), SPEAKERS);
        let outline = doc.outline();
        assert_eq!(outline.cases.len(), SPEAKERS);
        assert_eq!(outline.speakers.len(), SPEAKERS);
        assert!(outline.speakers.iter().all(|(_, _, turns)| *turns == 1));
        assert_eq!(
            outline.cases[SPEAKERS - 1],
            format!("Person {}", SPEAKERS - 1)
        );
    }

    proptest! {
        /// Turns' labels are unified as [`labels::unify`] unifies them.
        #[test]
        fn turns_labels_are_unified_as_labels_are(
            picks in prop::collection::vec(0usize..8, 0..30),
        ) {
            const LABELS: [&str; 8] =
                ["AMANDA", "Amanda", "Nick", "NICK", "nick", "Dr. Ko", "Dr Ko", "Ann"];
            let labels: Vec<&str> = picks.iter().map(|&i| LABELS[i]).collect();
            let turns: Vec<turns::RawTurn> = labels
                .iter()
                .map(|l| turns::RawTurn {
                    label: (*l).to_owned(),
                    line_start: 1,
                    line_end: 1,
                    text: Text::default(),
                    start_ms: None,
                })
                .collect();
            let mut turns = turns::Runs::from(turns);
            let counted = unify_labels(&mut turns);
            let got: Vec<&str> = turns.iter().map(|t| t.label.as_str()).collect();
            let want = labels::unify(&labels);
            prop_assert_eq!(&got, &want);
            // The labels then, counted in order of first turn.
            let by_search: Vec<(String, usize)> = turns::counted_by_search(want.iter().copied())
                .into_iter()
                .map(|(l, n)| (l.to_owned(), n))
                .collect();
            prop_assert_eq!(counted, by_search);
        }
    }

    #[test]
    fn every_listed_extension_has_a_reader_in_any_letter_case() {
        for ext in extensions() {
            assert!(readable(&format!("t/a.{ext}")), "{ext}");
            assert!(readable(&format!("t/a.{}", ext.to_uppercase())), "{ext}");
        }
        for name in ["t/a.pdf", "t/a", "t/.txt.bak", "t/a.txt~"] {
            assert!(!readable(name), "{name}");
        }
        let p = project("");
        let read_err = |name: &str| {
            let file = ProjectFile {
                path: name.into(),
                display: name.to_owned(),
            };
            read(&p, &file).unwrap_err().to_string()
        };
        let err = read_err("t/a.m4a");
        assert!(
            err.starts_with(
                "t/a.m4a: unsupported transcript format '.m4a': qualcode reads .txt, .md"
            ),
            "{err}"
        );
        // A refused format says how to convert it.
        let err = read_err("t/a.pdf");
        assert!(err.starts_with("t/a.pdf: cannot read a PDF"), "{err}");
        assert!(err.contains(".docx or .txt"), "{err}");
    }

    #[test]
    fn one_to_one_interview_maps_participant_turns_to_front_matter_id() {
        let p = project("");
        let doc = parse(
            &p,
            "t/a.txt",
            "---\nid: F4\n---\nInterviewer: Hi\nParticipant: Money.\n",
        )
        .unwrap();
        let segs: Vec<_> = doc.segments().collect();
        assert_eq!(segs.len(), 1);
        assert_eq!(
            (segs[0].case, segs[0].ordinal, segs[0].line_start),
            ("F4", 2, 5)
        );
    }

    #[test]
    fn focus_group_labels_are_cases_and_speaker_maps_rename_them() {
        let p = project("speakers: {t/g.txt: {anna: F1}}\n");
        let doc = parse(
            &p,
            "t/g.txt",
            "Facilitator: Hi\nAnna: one\nF2: two\ninterviewer: q\n",
        )
        .unwrap();
        let o = doc.outline();
        assert_eq!(o.cases, ["F1", "F2"]);
        assert_eq!(o.segment_at(3).unwrap().case, "F2");
        assert!(o.segment_at(4).is_none());
    }

    #[test]
    fn a_first_line_naming_the_interviewer_makes_their_turns_interviewers() {
        let p = project("");
        let doc = parse(
            &p,
            "t/a.txt",
            "Interviewer: Yasmine Hassan\nYASMINE: How did it start?\nAhmad: Slowly.\n",
        )
        .unwrap();
        assert_eq!(doc.turns[1].speaker, Speaker::Interviewer);
        assert_eq!(doc.turns[2].speaker, Speaker::Case("Ahmad".to_owned()));
        assert_eq!(doc.detected[1].rule, roles::Rule::Header);
        // Front matter names the interviewer the same way; a listed
        // participant is never detected.
        let text = "---\ninterviewer: Yasmine Hassan\n---\nHassan: Why?\nAhmad: Because.\n";
        let doc = parse(&p, "t/b.txt", text).unwrap();
        assert_eq!(doc.turns[0].speaker, Speaker::Interviewer);
        let p = project("participants: [hassan]\n");
        let doc = parse(&p, "t/b.txt", text).unwrap();
        assert_eq!(doc.turns[0].speaker, Speaker::Case("Hassan".to_owned()));
        assert!(doc.detected.is_empty());
    }

    #[test]
    fn empty_and_turnless_transcripts_are_errors() {
        let p = project("");
        let err = parse(&p, "t/e.txt", " \n\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t/e.txt: empty transcript: the file has no text"
        );
        let err = parse(&p, "t/e.txt", "---\nid: X\n---\n\n").unwrap_err();
        assert!(err.message().starts_with("no text after the front matter"));
        let err = parse(&p, "t/e.txt", "Interviewer: only me\n").unwrap_err();
        assert!(err.message().starts_with("every turn is an interviewer's"));
    }

    #[test]
    fn a_document_without_labels_is_one_turn_of_one_case() {
        let p = project("");
        let doc = parse(&p, "t/resp-7.txt", "\njust some notes\n\nabout money\n\n").unwrap();
        assert_eq!(doc.outline().cases, ["resp-7"]);
        let t = &doc.turns[0];
        assert_eq!((t.line_start, t.line_end), (2, 4));
        assert_eq!(t.text, "just some notes\n\nabout money");
        assert!(doc.notices[0].contains("case resp-7, named by its file name"));
        let doc = parse(&p, "t/a.txt", "---\nid: F9\n---\nnotes\n").unwrap();
        assert_eq!(
            (doc.outline().cases[0].as_str(), doc.turns[0].line_start),
            ("F9", 4)
        );
        let p = project("speakers: {t/a.txt: {(unnamed): F2}}\n");
        let doc = parse(&p, "t/a.txt", "---\nid: F9\n---\nnotes\n").unwrap();
        assert_eq!(doc.outline().cases, ["F2"]);
        // With a project label rule, a file it does not match is an error.
        let p = project("label_pattern: '^(?P<label>[A-Z]+) > '\n");
        let err = parse(&p, "t/a.txt", "notes\n").unwrap_err();
        assert!(err.message().starts_with("no speaker turns"));
    }

    /// Real interviews (tests/fixtures/fossrit): upper-case names as labels,
    /// a licence preamble, a transcriber who speaks once, and block quotes of
    /// other interviews inside the interviewer's turns.
    fn fossrit(name: &str) -> Document {
        let p = project("interviewers: [MEL, MIRABAI]\n");
        let path = format!(
            "{}/tests/fixtures/fossrit/transcripts/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        parse(&p, &format!("transcripts/{name}"), &text).unwrap()
    }

    #[test]
    fn fossrit_donald_turns_cases_and_preamble() {
        let doc = fossrit("donald-1-full.md");
        // Copyright and licence blocks, up to `# BEGIN TRANSCRIPT`, are not coded.
        assert_eq!(doc.preamble, Some((1, 9, 5)));
        let first = &doc.turns[0];
        assert_eq!((first.label.as_str(), first.line_start), ("MEL", 11));
        assert_eq!(first.speaker, Speaker::Interviewer);
        let o = doc.outline();
        assert_eq!(o.cases, ["DONALD"]);
        assert_eq!(o.segments.len(), 56);
        let last = doc.turns.last().unwrap();
        assert_eq!(
            (last.label.as_str(), &last.speaker),
            ("MIRABAI", &Speaker::Interviewer)
        );
        assert!(last.text.starts_with("My pleasure"));
        // Turn text keeps the original characters (curly apostrophes).
        assert_eq!(doc.turns[1].text, "Yep. Whenever you’re ready is fine.");
        assert_eq!(doc.turns[1].line_start, 13);
    }

    #[test]
    fn fossrit_naomi_block_quotes_stay_in_the_interviewers_turn() {
        let doc = fossrit("naomi-2-full.md");
        let o = doc.outline();
        assert_eq!(o.cases, ["NAOMI"]);
        assert_eq!(o.segments.len(), 48);
        // Lines 17-23 are `> NAOMI: ...` quoted from round 1 inside MEL's turn
        // that starts on line 15: they are not Naomi speaking now.
        let mel = doc.turns.iter().find(|t| t.line_start == 15).unwrap();
        assert_eq!(mel.speaker, Speaker::Interviewer);
        assert_eq!(mel.line_end, 23);
        for line in 15..=23 {
            assert!(
                o.segment_at(line).is_none(),
                "line {line} is in a participant segment"
            );
        }
        // Quoted `> DONALD:` and `> MEL:` lines (35-41) make no turns either.
        assert!(doc.turns.iter().all(|t| t.label != "DONALD"));
        assert_eq!(o.segment_at(27).unwrap().case, "NAOMI");
    }
}
