//! Transcripts in: files to documents, turns, cases and segments.
//!
//! Owns decoding, front matter, turn splitting and resolving speakers to
//! cases. Knows nothing of codebooks or codings. Documents are read in
//! parallel and results collected in document order.

pub mod decode;
pub mod docx;
pub mod front_matter;
pub mod timed;
pub mod turns;

use std::path::Path;

use rayon::prelude::*;

use crate::project::cases::{CasesBuilder, CasesFile};
use crate::project::{Cases, Project, ProjectFile};
use crate::{Error, Location, Result};

pub use front_matter::FrontMatter;

/// Who speaks a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// An interviewer: never coded.
    Interviewer,
    /// A participant: the case id.
    Case(String),
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
    pub text: String,
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
    /// Things a person should know about how it was read (assumptions made).
    pub notices: Vec<String>,
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

impl Document {
    /// The participant turns, which are what gets coded.
    pub fn segments(&self) -> impl Iterator<Item = Segment<'_>> {
        self.turns.iter().filter_map(|t| match &t.speaker {
            Speaker::Case(case) => Some(Segment {
                ordinal: t.ordinal,
                case,
                line_start: t.line_start,
                line_end: t.line_end,
                text: &t.text,
            }),
            Speaker::Interviewer => None,
        })
    }

    /// The text-free outline of this document.
    pub fn outline(&self) -> Outline {
        let mut cases: Vec<String> = Vec::new();
        for s in self.segments() {
            if !cases.iter().any(|c| c == s.case) {
                cases.push(s.case.to_owned());
            }
        }
        Outline {
            path: self.path.clone(),
            cases,
            attributes: self.front_matter.attributes.clone(),
            segments: self
                .segments()
                .map(|s| SegmentInfo {
                    ordinal: s.ordinal,
                    case: s.case.to_owned(),
                    line_start: s.line_start,
                    line_end: s.line_end,
                })
                .collect(),
            preamble: self.preamble,
            speakers: speakers(&self.turns),
            notices: self.notices.clone(),
        }
    }
}

fn speakers(turns: &[Turn]) -> Vec<(String, Speaker, usize)> {
    let mut out: Vec<(String, Speaker, usize)> = Vec::new();
    for t in turns {
        match out.iter_mut().find(|(l, _, _)| *l == t.label) {
            Some(entry) => entry.2 += 1,
            None => out.push((t.label.clone(), t.speaker.clone(), 1)),
        }
    }
    out
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
}

impl Outline {
    /// The segment holding `line`, if any.
    pub fn segment_at(&self, line: usize) -> Option<&SegmentInfo> {
        self.segments
            .iter()
            .find(|s| s.line_start <= line && line <= s.line_end)
    }
}

/// The kinds of transcript file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `Label: text` turns (`.txt`, `.md`).
    Plain,
    /// A Word document, read as plain turns.
    Word,
    /// Cues with times.
    Timed(timed::Format),
}

/// Read and parse one transcript.
pub fn read(project: &Project, file: &ProjectFile) -> Result<Document> {
    let display = Path::new(&file.display);
    let ext = display
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let format = match ext.as_str() {
        "txt" | "md" | "markdown" | "text" => Kind::Plain,
        "docx" => Kind::Word,
        "vtt" => Kind::Timed(timed::Format::Vtt),
        "srt" => Kind::Timed(timed::Format::Srt),
        _ => {
            return Err(Error::invalid(format!(
                "unsupported transcript format '.{ext}': qualcode reads .txt, .md, .docx \
                 (Word), .vtt (WebVTT) and .srt (SubRip) transcripts"
            ))
            .at(Location::file(display)));
        }
    };
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
        let doc = read_capped(&file.path, display, bytes)
            .and_then(|()| read_bytes(project, file, format, bytes));
        if bytes.capacity() > KEEP {
            *bytes = Vec::new();
        }
        doc
    })
}

/// Largest transcript file read: 64 MB, some hundred times a long
/// interview's transcript. Memory grows with the file (a few copies of its
/// text), so a larger one is refused rather than read.
pub const MAX_TRANSCRIPT_BYTES: u64 = 64 << 20;

/// Longest turn coded: 16 MB of text. Folding and scanning need a few
/// times a turn's size; a longer one (an 889 MB one-line file once aborted
/// the run) is refused, naming its line.
pub const MAX_TURN_BYTES: usize = 16 << 20;

/// Read the file at `path` into `bytes`, refusing one larger than
/// [`MAX_TRANSCRIPT_BYTES`] (before reading it, and again if it grew).
fn read_capped(path: &Path, display: &Path, bytes: &mut Vec<u8>) -> Result<()> {
    let too_big = |size: u64| {
        Error::invalid(format!(
            "transcript of {} MB: qualcode reads transcripts of up to {} MB; split it into \
             several files",
            size.div_ceil(1 << 20),
            MAX_TRANSCRIPT_BYTES >> 20
        ))
        .at(Location::file(display))
    };
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
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_TRANSCRIPT_BYTES + 1),
        bytes,
    )
    .map_err(|e| Error::io(display, "read", &e))?;
    if bytes.len() as u64 > MAX_TRANSCRIPT_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(())
}

/// Parse the bytes of transcript `file`.
fn read_bytes(
    project: &Project,
    file: &ProjectFile,
    format: Kind,
    bytes: &[u8],
) -> Result<Document> {
    let display = Path::new(&file.display);
    if format == Kind::Word {
        let text = docx::text(bytes, display)?;
        let text = decode::decode(text.as_bytes(), display)?; // NFC
        return parse(project, &file.display, &text);
    }
    let decoded = decode::decode_transcript(bytes, display, project.encoding)?;
    let mut doc = match format {
        Kind::Timed(format) => parse_timed(project, &file.display, &decoded.text, format),
        _ => parse(project, &file.display, &decoded.text),
    }?;
    doc.notices.extend(decoded.notice);
    Ok(doc)
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
    let map = project.speakers.get(path);
    let body = timed::parse(text, format, display, &known_labels(project, map))?;
    if body.turns.is_empty() {
        return Err(
            Error::invalid("no cue has any text: nothing to code").at(Location::file(display))
        );
    }
    // Speech with no speaker named is one case named after the file,
    // unless the speaker map names it.
    let stem = display
        .file_stem()
        .map_or_else(|| path.to_owned(), |s| s.to_string_lossy().into_owned());
    let mut notices = Vec::new();
    if body.turns.iter().any(|t| t.label == timed::UNNAMED)
        && map.is_none_or(|m| !m.contains_key(timed::UNNAMED))
    {
        notices.push(format!(
            "cues without a speaker's name are read as case {stem} \
             (to name the speaker, map \"{}\" under `speakers:`)",
            timed::UNNAMED
        ));
    }
    let turns = resolve_turns(body.turns, |label| {
        let id = (label == timed::UNNAMED).then_some(stem.as_str());
        resolve(project, map, id, label)
    });
    finish_document(path, FrontMatter::default(), None, turns, notices)
}

/// Parse transcript `text` named `path`.
pub fn parse(project: &Project, path: &str, text: &str) -> Result<Document> {
    let display = Path::new(path);
    refuse_empty(text, display)?;
    let (front_matter, body_start) = front_matter::split(text, display)?;
    let map = project.speakers.get(path);
    let mut known = known_labels(project, map);
    if let Some(id) = &front_matter.id {
        known.push(id.clone());
    }
    let body = turns::split_with(
        &text[body_start..],
        front_matter.body_line,
        &known,
        project.label_pattern.as_ref(),
    );
    if body.turns.is_empty() {
        let rule = if project.label_pattern.is_some() {
            "no line matches `label_pattern` in qualcode.yaml"
        } else {
            "no line of the form `Label: text` (e.g. `Interviewer: …`, `F4: …`), \
             `[Label] text` or `Label - text`"
        };
        return Err(Error::invalid(format!("no speaker turns: {rule}")).at(Location::file(display)));
    }
    let turns = resolve_turns(body.turns, |label| {
        resolve(project, map, front_matter.id.as_deref(), label)
    });
    finish_document(path, front_matter, body.preamble, turns, Vec::new())
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

/// Raw turns numbered, with their speakers resolved by `speaker`.
fn resolve_turns(raw: Vec<turns::RawTurn>, speaker: impl Fn(&str) -> Speaker) -> Vec<Turn> {
    raw.into_iter()
        .enumerate()
        .map(|(i, raw)| Turn {
            speaker: speaker(&raw.label),
            label: raw.label,
            ordinal: i + 1,
            line_start: raw.line_start,
            line_end: raw.line_end,
            text: raw.text,
            start_ms: raw.start_ms,
        })
        .collect()
}

/// A document from its parts, refused if no participant speaks in it.
fn finish_document(
    path: &str,
    front_matter: FrontMatter,
    preamble: Option<(usize, usize, usize)>,
    turns: Vec<Turn>,
    notices: Vec<String>,
) -> Result<Document> {
    let display = Path::new(path);
    if let Some(turn) = turns.iter().find(|t| t.text.len() > MAX_TURN_BYTES) {
        return Err(Error::invalid(format!(
            "a turn of {} MB: qualcode codes turns of up to {} MB (a few hours of speech is \
             under 1 MB); break it with speaker labels, or split the file",
            turn.text.len().div_ceil(1 << 20),
            MAX_TURN_BYTES >> 20
        ))
        .at(Location::line(display, turn.line_start)));
    }
    if !turns.iter().any(|t| matches!(t.speaker, Speaker::Case(_))) {
        return Err(Error::invalid(
            "every turn is an interviewer's: no participant speech to code \
             (check `interviewers` in qualcode.yaml)",
        )
        .at(Location::file(display)));
    }
    Ok(Document {
        path: path.to_owned(),
        front_matter,
        preamble,
        turns,
        notices,
    })
}

fn resolve(
    project: &Project,
    map: Option<&std::collections::BTreeMap<String, String>>,
    id: Option<&str>,
    label: &str,
) -> Speaker {
    if let Some(map) = map
        && let Some((_, case)) = map
            .iter()
            .find(|(k, _)| crate::natural::eq_ignore_case(k, label))
    {
        return Speaker::Case(case.clone());
    }
    if project.is_interviewer(label) {
        return Speaker::Interviewer;
    }
    Speaker::Case(id.unwrap_or(label).to_owned())
}

/// Run `f` on every transcript in parallel; results come back in document
/// order, and the first error in document order wins.
pub fn map_documents<R, F>(project: &Project, files: &[ProjectFile], f: F) -> Result<Vec<R>>
where
    R: Send,
    F: Fn(Document) -> Result<R> + Sync + Send,
{
    let mut out = Vec::with_capacity(files.len());
    for_each_document(project, files, f, |r| {
        out.push(r);
        Ok(())
    })?;
    Ok(out)
}

/// Read and process documents in parallel, handing each result to `sink`
/// in file order. Documents go to the workers in windows; `sink` runs on
/// the calling thread while the workers process the next window, and at
/// most two windows wait for it, so memory depends on the largest
/// documents, not on the corpus. After an error from `sink` no new window
/// is started.
pub fn for_each_document<R, F, S>(
    project: &Project,
    files: &[ProjectFile],
    f: F,
    mut sink: S,
) -> Result<()>
where
    R: Send,
    F: Fn(Document) -> Result<R> + Sync + Send,
    S: FnMut(R) -> Result<()>,
{
    let window = 64 * rayon::current_num_threads().max(1);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<R>>>(1);
        let f = &f;
        scope.spawn(move || {
            for chunk in files.chunks(window) {
                let results: Vec<Result<R>> = chunk
                    .par_iter()
                    .map(|file| read(project, file).and_then(f))
                    .collect();
                if tx.send(results).is_err() {
                    break; // the sink stopped at an error
                }
            }
        });
        for results in rx {
            for r in results {
                sink(r?)?;
            }
        }
        Ok(())
    })
}

/// The project's documents in outline, and its cases.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// One outline per transcript, in natural path order.
    pub outlines: Vec<Outline>,
    /// The cases who speak in them, with merged attributes.
    pub cases: Cases,
}

impl Corpus {
    /// The outline of document `path`.
    pub fn outline(&self, path: &str) -> Option<&Outline> {
        self.outlines.iter().find(|o| o.path == path)
    }
}

/// Read every transcript into outlines and build the cases.
pub fn load(project: &Project) -> Result<Corpus> {
    let files = project.transcript_files()?;
    let outlines = map_documents(project, &files, |doc| Ok(doc.outline()))?;
    let cases = build_cases(project, &outlines)?;
    Ok(Corpus { outlines, cases })
}

/// Cases from outlines (front matter) merged with the cases file.
pub fn build_cases(project: &Project, outlines: &[Outline]) -> Result<Cases> {
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
            builder.merge_file(&CasesFile::parse(&text, &file.display)?)?
        }
        None => Vec::new(),
    };
    Ok(builder.build(unused))
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
                if let Ok(d) = decode::decode_transcript(&bytes, display, None) {
                    let _ = match name.rsplit('.').next() {
                        Some("vtt") => parse_timed(&p, name, &d.text, timed::Format::Vtt),
                        Some("srt") => parse_timed(&p, name, &d.text, timed::Format::Srt),
                        _ => parse(&p, name, &d.text),
                    };
                }
            }
        }
    }

    fn project(extra: &str) -> Project {
        let yaml = format!("transcripts: [t/*.txt]\ncodebooks: [c.yaml]\n{extra}");
        Project::from_yaml(&yaml, Path::new("."), Path::new("qualcode.yaml")).unwrap()
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
    fn empty_and_turnless_transcripts_are_errors() {
        let p = project("");
        let err = parse(&p, "t/e.txt", " \n\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t/e.txt: empty transcript: the file has no text"
        );
        let err = parse(&p, "t/e.txt", "just some notes\n").unwrap_err();
        assert!(err.message().starts_with("no speaker turns"));
        let err = parse(&p, "t/e.txt", "Interviewer: only me\n").unwrap_err();
        assert!(err.message().starts_with("every turn is an interviewer's"));
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
