//! `qualcode import qdpx`: a REFI-QDA project into a qualcode project's
//! files (transcripts, cases.csv, a codebook, a coder's codings file).
//! Returns the files to write; it writes nothing itself.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Read as _;

use super::qdc;
use super::qde::{RefiCase, RefiProject, RefiSelection, RefiSource, read_project};
use super::sidecar::{self, Sidecar};
use super::{clip, slug, unique};
use crate::coding::store::Action;
use crate::{Error, Location, Result};

/// How to import a project.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The one coder whose file receives every coding (`--coder`); none:
    /// each REFI user becomes a coder of their own.
    pub coder: Option<String>,
    /// Put before each coder name made from a user's name.
    pub coders_prefix: String,
    /// User name → coder, taken before names are made (`--coder-map`).
    pub coder_map: Vec<(String, String)>,
    /// The codebook's name (default: from the project's name).
    pub codebook: Option<String>,
    /// Code names holding this are nested (`Coke::diet Coke` below
    /// `Coke`); empty: names are kept as they are.
    pub separator: String,
    /// Labels that are never coded (the project's interviewers).
    pub interviewers: Vec<String>,
}

/// What an import produced: files to write (relative paths), and what a
/// person should know.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Relative path → contents, in writing order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Notes: what was read, written, skipped and assumed.
    pub notes: Vec<String>,
    /// The project as read.
    pub counts: Counts,
    /// Speaker label → case maps by document, for `speakers:` in qualcode.yaml.
    pub speakers: BTreeMap<String, BTreeMap<String, String>>,
}

/// Counts of what was read and written, for the summary and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Users in the file.
    pub users: usize,
    /// Codes in the file.
    pub codes: usize,
    /// Text sources in the file.
    pub text_sources: usize,
    /// Text selections in the file.
    pub selections: usize,
    /// Codings on text selections in the file.
    pub codings: usize,
    /// Cases in the file.
    pub cases: usize,
    /// Transcripts written.
    pub transcripts: usize,
    /// Rows written to the coder's file.
    pub rows: usize,
}

/// The contents of a `.qdpx` (or a bare `.qde`) file: the project text,
/// and a way to fetch `internal://` sources.
struct Archive {
    qde: String,
    qde_name: String,
    entries: HashMap<String, Vec<u8>>,
    zipped: bool,
}

fn open_archive(bytes: &[u8], display: &str) -> Result<Archive> {
    if !bytes.starts_with(b"PK") {
        let looks_xml = bytes
            .iter()
            .find(|b| !(b.is_ascii_whitespace() || **b > 0x7f))
            .is_some_and(|&b| b == b'<');
        if looks_xml {
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                Error::invalid("the project XML is not UTF-8").at(Location::file(display))
            })?;
            return Ok(Archive {
                qde: text,
                qde_name: display.to_owned(),
                entries: HashMap::new(),
                zipped: false,
            });
        }
        return Err(Error::invalid(
            "not a REFI-QDA project: a .qdpx is a zip archive (or give the project.qde itself)",
        )
        .at(Location::file(display)));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::invalid(format!("not a readable zip archive ({e})")).at(Location::file(display))
    })?;
    let (qde_key, qde_bytes, entries) = read_entries(&mut zip, display, &Limits::DEFAULT)?;
    let qde = String::from_utf8(qde_bytes).map_err(|_| {
        Error::invalid(format!("{qde_key} is not UTF-8")).at(Location::file(display))
    })?;
    Ok(Archive {
        qde,
        qde_name: format!("{display}:{qde_key}"),
        entries,
        zipped: true,
    })
}

/// How much of an archive is read: a hostile `.qdpx` (a few megabytes
/// that expand to gigabytes) is refused before it can exhaust memory.
struct Limits {
    /// Most entries in the archive.
    entries: usize,
    /// Largest entry, decompressed.
    entry: u64,
    /// Most bytes decompressed from all the entries read.
    total: u64,
    /// Largest ratio of decompressed to compressed size of an entry...
    ratio: u64,
    /// ...once it is larger than this (small entries compress any way).
    ratio_from: u64,
}

impl Limits {
    const DEFAULT: Limits = Limits {
        entries: 100_000,
        entry: 256 << 20,
        total: 1 << 30,
        ratio: 200,
        ratio_from: 1 << 20,
    };
}

/// An entry's size in words: `256 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes >> 20)
}

/// Whether a `Sources/` entry is media, which qualcode never reads, so it
/// is not decompressed. Rich text (`.docx`, `.rtf`, `.odt`) is read, to be
/// kept for the way back.
fn is_media(lower_name: &str) -> bool {
    const SKIPPED: [&str; 18] = [
        "pdf", "mp3", "mp4", "m4a", "wav", "ogg", "webm", "mov", "avi", "mkv", "jpg", "jpeg",
        "png", "gif", "tif", "tiff", "bmp", "webp",
    ];
    lower_name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| SKIPPED.contains(&ext))
}

/// Entries read from an archive, by name.
type Entries = HashMap<String, Vec<u8>>;

/// The project (name and bytes) and the `Sources/` entries of a zipped
/// project, read within `limits`; entries qualcode does not read (media,
/// rich text) are not decompressed.
fn read_entries(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    display: &str,
    limits: &Limits,
) -> Result<(String, Vec<u8>, Entries)> {
    let refuse = |why: String| {
        Error::invalid(format!(
            "{why}: refused, as an archive built to exhaust memory would be"
        ))
        .at(Location::file(display))
    };
    if zip.len() > limits.entries {
        return Err(refuse(format!("{} entries in the archive", zip.len())));
    }
    let mut qde: Option<(String, Vec<u8>)> = None;
    let mut entries = HashMap::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|e| {
            Error::invalid(format!("a zip entry cannot be read ({e})")).at(Location::file(display))
        })?;
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        let lower = name.to_ascii_lowercase();
        let is_qde = !name.contains('/')
            && std::path::Path::new(&name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("qde"));
        if f.is_dir() || !(is_qde || lower.starts_with("sources/")) || is_media(&lower) {
            continue;
        }
        if let Some((first, _)) = &qde
            && is_qde
        {
            return Err(Error::invalid(format!(
                "two projects in one archive, {first} and {name}: a .qdpx holds one \
                 project.qde; which one to read is unclear, so neither is"
            ))
            .at(Location::file(display)));
        }
        // The declared size can lie: read no more than the caps either way.
        let compressed = f.compressed_size();
        let by_ratio = compressed
            .saturating_mul(limits.ratio)
            .max(limits.ratio_from);
        let cap = limits.entry.min(by_ratio).min(limits.total - total);
        let mut data = Vec::with_capacity(usize::try_from(f.size().min(cap)).unwrap_or(0));
        f.take(cap + 1).read_to_end(&mut data).map_err(|e| {
            Error::invalid(format!("zip entry {name} cannot be read ({e})"))
                .at(Location::file(display))
        })?;
        let read = data.len() as u64;
        if read > cap {
            return Err(refuse(if cap == limits.entry {
                format!(
                    "zip entry {name} is larger than {} decompressed",
                    megabytes(limits.entry)
                )
            } else if cap == by_ratio {
                format!(
                    "zip entry {name} expands more than {} times its compressed size ({} bytes)",
                    limits.ratio, compressed
                )
            } else {
                format!(
                    "the archive's entries up to {name} expand to more than {} in all",
                    megabytes(limits.total)
                )
            }));
        }
        total += read;
        if is_qde {
            qde = Some((name, data));
        } else {
            entries.insert(name, data);
        }
    }
    let (key, bytes) = qde.ok_or_else(|| {
        Error::invalid("the archive holds no project.qde: not a REFI-QDA project")
            .at(Location::file(display))
    })?;
    Ok((key, bytes, entries))
}

impl Archive {
    /// The text of `internal://NAME`, looked up in `Sources/` ignoring case.
    fn source(&self, path: &str) -> Option<&[u8]> {
        let name = path.strip_prefix("internal://")?;
        let want = format!("sources/{}", name.to_ascii_lowercase());
        self.entries
            .iter()
            .find(|(k, _)| k.to_ascii_lowercase() == want)
            .map(|(_, v)| v.as_slice())
    }
}

/// The line (1-based) of character `pos` in `text`, counting `\r\n`, `\r`
/// and `\n` each as one line break, as qualcode reads transcripts.
fn line_of(text: &str, pos: usize) -> usize {
    let mut line = 1;
    let mut chars = text.chars().peekable();
    for _ in 0..pos {
        let Some(c) = chars.next() else { break };
        // A \r ends a line unless a \n follows: then the \n does.
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
        }
    }
    line
}

/// What a source's positions count: Unicode characters, as the standard
/// says, or UTF-16 code units, as NVivo (a .NET program) writes them. The
/// two differ only past a character beyond U+FFFF (most emoji).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// Unicode scalar values.
    Char,
    /// UTF-16 code units.
    Utf16,
}

/// Positions in one text, in either unit.
struct Positions {
    /// The characters.
    chars: Vec<char>,
    /// The UTF-16 offset of each character, then the text's UTF-16 length.
    units: Vec<usize>,
}

impl Positions {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut units = Vec::with_capacity(chars.len() + 1);
        let mut n = 0;
        for c in &chars {
            units.push(n);
            n += c.len_utf16();
        }
        units.push(n);
        Self { chars, units }
    }

    /// The text's length in `unit`.
    fn len(&self, unit: Unit) -> usize {
        match unit {
            Unit::Char => self.chars.len(),
            Unit::Utf16 => self.units[self.chars.len()],
        }
    }

    /// The character index of position `pos` in `unit` (the character a
    /// position inside a surrogate pair belongs to ends before it), or
    /// `None` past the end.
    fn char_index(&self, unit: Unit, pos: usize) -> Option<usize> {
        if pos > self.len(unit) {
            return None;
        }
        Some(match unit {
            Unit::Char => pos,
            Unit::Utf16 => self.units.partition_point(|&u| u < pos),
        })
    }

    /// The unit of the selections `(start, end)`. In a text with characters
    /// beyond U+FFFF, a selection ending past the text's length in
    /// characters can only count UTF-16 code units; else the unit under
    /// which more selections start a word or line wins (people select
    /// words, not halves of them); a tie keeps characters.
    fn unit_of(&self, selections: &[(usize, usize)]) -> Unit {
        if self.len(Unit::Utf16) == self.chars.len() {
            return Unit::Char;
        }
        if selections.iter().any(|&(_, end)| end > self.chars.len()) {
            return Unit::Utf16;
        }
        let score = |unit: Unit| {
            selections
                .iter()
                .filter(|&&(start, _)| {
                    self.char_index(unit, start)
                        .is_some_and(|i| i == 0 || !self.chars[i - 1].is_alphanumeric())
                })
                .count()
        };
        if score(Unit::Utf16) > score(Unit::Char) {
            Unit::Utf16
        } else {
            Unit::Char
        }
    }
}

/// Import a project from `.qdpx` `bytes` (or a bare `.qde`), named
/// `display`.
///
/// Each text source becomes `transcripts/<name>.txt`. A source whose first
/// line is a speaker turn (`Label: text`) is kept as it is: its labels
/// name its cases. Any other source (plain text as most tools export it) becomes the
/// speech of one case — the REFI case that holds it, else the source's
/// name — with front matter `id:` and each non-blank line labelled with
/// the case, so each line (paragraph) is a segment. Each coding becomes a
/// row `add` of the coder's file at the line its selection starts on.
pub fn import(bytes: &[u8], display: &str, opts: &ImportOptions) -> Result<Imported> {
    let archive = open_archive(bytes, display)?;
    let mut project = read_project(&archive.qde, &archive.qde_name)?;
    let names: HashMap<String, String> = project
        .codebook
        .walk()
        .into_iter()
        .map(|c| (c.guid.clone(), c.name.clone()))
        .collect();
    let nested = qdc::nest(&mut project.codebook.codes, &opts.separator);
    // Sets of sources named `name: value` become case attributes, not
    // code sets passed over.
    let attribute_sets = project
        .sets
        .iter()
        .filter(|s| set_attribute(&s.name).is_some() && !s.sources.is_empty())
        .count();
    project.codebook.sets = project.codebook.sets.saturating_sub(attribute_sets);
    let mut out = Imported {
        counts: Counts {
            users: project.users.len(),
            codes: project.codebook.walk().len(),
            text_sources: project.sources.len(),
            selections: project.selections(),
            codings: project.codings(),
            cases: project.cases.len(),
            ..Counts::default()
        },
        ..Imported::default()
    };
    out.notes
        .push(summary(&archive.qde_name, &project, &out.counts));
    if nested > 0 {
        out.notes.push(format!(
            "{nested} codes named with {:?} nested below the code the name starts with (a new, \
             not codable one where there was none)",
            opts.separator
        ));
    }
    if project.other_sources > 0 {
        out.notes.push(format!(
            "{} PDF, picture, audio or video sources skipped: qualcode reads text only",
            project.other_sources
        ));
    }
    let name = match &opts.codebook {
        Some(n) => n.clone(),
        None => slug(&project.name, "refi"),
    };
    let converted = if project.codebook.codes.is_empty() {
        None
    } else {
        let c = qdc::to_yaml(
            &project.codebook,
            &name,
            Some(&project.name),
            &archive.qde_name,
        )?;
        out.notes.extend(c.notes.iter().cloned());
        Some(c)
    };
    let (yaml, ids, patterned) = match converted {
        Some(c) => (Some(c.yaml), Some(c.ids), c.patterned),
        None => (None, None, HashSet::new()),
    };
    let mut b = Builder::new(&project, opts, ids.as_ref());
    b.patterned = patterned;
    b.names = names;
    for source in &project.sources {
        match read_text(&archive, source)? {
            Some((raw, original)) => b.add(&archive, source, &raw, &original, &mut out)?,
            None => b.missing.push(missing(&archive, source)),
        }
    }
    if out.counts.transcripts == 0 && !project.sources.is_empty() {
        return Err(Error::invalid(format!(
            "none of the {} text sources can be read: {}",
            project.sources.len(),
            b.missing.first().map_or("", String::as_str)
        ))
        .at(Location::file(display)));
    }
    b.source_notes(&mut out.notes);
    if let Some(yaml) = yaml {
        out.files
            .push((format!("codebooks/{name}.yaml"), yaml.into_bytes()));
    }
    let cases = b.cases_with_sets(&mut out.notes);
    if !cases.is_empty() {
        out.files.push(("cases.csv".to_owned(), cases_csv(&cases)?));
    }
    b.decisions()?;
    let record = b.record(display, &name);
    out.files.push((sidecar::FILE.to_owned(), record.to_json()));
    out.files.append(&mut b.kept);
    out.counts.rows = b.rows.len();
    coder_files(&b.rows, opts, &mut out)?;
    out.notes.extend(b.dropped_note());
    Ok(out)
}

/// A coder's rows: (document, line, code, action) → memo.
type CoderRows<'r> = BTreeMap<(String, usize, String, &'r str), String>;

/// Each coder's file from `rows`, and a note counting them.
fn coder_files(
    rows: &BTreeMap<Key, String>,
    opts: &ImportOptions,
    out: &mut Imported,
) -> Result<()> {
    let mut by_coder: BTreeMap<&str, CoderRows<'_>> = BTreeMap::new();
    if let Some(coder) = &opts.coder {
        by_coder.entry(coder).or_default();
    }
    for ((coder, doc, line, code, action), memo) in rows {
        by_coder
            .entry(coder)
            .or_default()
            .insert((doc.clone(), *line, code.clone(), action), memo.clone());
    }
    let mut written = Vec::new();
    for (coder, rows) in &by_coder {
        out.files
            .push((format!("codings/{coder}.csv"), codings_csv(rows)?));
        written.push((rows.len(), format!("codings/{coder}.csv")));
    }
    let rows = match written.as_slice() {
        [(_, file)] => format!("rows of {file}"),
        _ => format!(
            "rows: {}",
            written
                .iter()
                .map(|(n, file)| format!("{n} of {file}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    out.notes.push(format!(
        "{} codings became {} {rows} (codings of one code starting on the same line are one row)",
        out.counts.codings, out.counts.rows
    ));
    Ok(())
}

fn summary(name: &str, project: &RefiProject, counts: &Counts) -> String {
    format!(
        "{name} holds {} users, {} codes, {} text sources ({} other sources), {} text \
         selections with {} codings, {} cases",
        counts.users,
        counts.codes,
        counts.text_sources,
        project.other_sources,
        counts.selections,
        counts.codings,
        counts.cases
    )
}

/// A source's text (decoded, LF) and its text as stored (line breaks as
/// written, which positions count), or none if it cannot be had.
fn read_text(archive: &Archive, source: &RefiSource) -> Result<Option<(String, String)>> {
    let raw = match (&source.content, &source.plain_path) {
        (Some(text), _) => Some(text.clone()),
        (None, Some(p)) => archive
            .source(p)
            .map(|b| crate::ingest::decode::decode(b, std::path::Path::new(p)))
            .transpose()?
            .map(std::borrow::Cow::into_owned),
        (None, None) => None,
    };
    Ok(raw.map(|raw| {
        let original = original_text(archive, source).unwrap_or_else(|| raw.clone());
        (raw, original)
    }))
}

/// Why `source` has no text, for the note.
fn missing(archive: &Archive, source: &RefiSource) -> String {
    match (&source.plain_path, &source.rich_path) {
        (Some(p), _) if archive.zipped => format!("{} ({p} is not in the archive)", source.name),
        (Some(p), _) => format!("{} ({p}: a bare .qde has no Sources/)", source.name),
        (None, Some(r)) => format!(
            "{} (rich text only, {r}: qualcode reads plain text)",
            source.name
        ),
        (None, None) => format!("{} (no text)", source.name),
    }
}

/// The state of an import, source by source.
struct Builder<'p> {
    project: &'p RefiProject,
    opts: &'p ImportOptions,
    ids: Option<&'p HashMap<String, String>>,
    /// The first case holding each source.
    case_of: HashMap<&'p str, &'p RefiCase>,
    taken_docs: HashSet<String>,
    taken_cases: HashSet<String>,
    case_ids: HashMap<String, String>,
    /// (coder, document, line, code, action) → memo.
    rows: BTreeMap<Key, String>,
    /// GUIDs of codes with patterns: a qualcode export's `auto` user's
    /// codings of them are made again by `qualcode code`, not imported.
    patterned: HashSet<String>,
    /// Codings of qualcode's `auto` user left to `qualcode code`.
    rederived: usize,
    /// Code GUID → name as written (before nesting).
    names: HashMap<String, String>,
    /// Source GUID → the case id whose speech it became.
    source_case: HashMap<String, String>,
    /// User GUID → coder.
    coders: HashMap<String, String>,
    /// The coder of codings that name no user.
    default_coder: String,
    /// The sources as they were, for `refi/project.json`.
    record: Vec<sidecar::Source>,
    /// Case ids made up for sources no case held.
    made_cases: Vec<String>,
    /// Files kept as they came: `refi/sources/…`.
    kept: Vec<(String, Vec<u8>)>,
    kept_names: HashSet<String>,
    /// Codings not imported (their code is unknown, or they start off any
    /// participant's turn).
    not_imported: usize,
    /// Case id → case, for cases.csv.
    cases: BTreeMap<String, &'p RefiCase>,
    missing: Vec<String>,
    off_turn: usize,
    /// Sources whose positions count UTF-16 code units.
    utf16_sources: Vec<String>,
}

impl<'p> Builder<'p> {
    fn new(
        project: &'p RefiProject,
        opts: &'p ImportOptions,
        ids: Option<&'p HashMap<String, String>>,
    ) -> Builder<'p> {
        let mut case_of = HashMap::new();
        for case in &project.cases {
            for s in &case.sources {
                case_of.entry(s.as_str()).or_insert(case);
            }
        }
        let (coders, default_coder) = coders(project, opts);
        Builder {
            project,
            opts,
            ids,
            case_of,
            taken_docs: HashSet::new(),
            taken_cases: HashSet::new(),
            case_ids: HashMap::new(),
            rows: BTreeMap::new(),
            patterned: HashSet::new(),
            rederived: 0,
            names: HashMap::new(),
            source_case: HashMap::new(),
            coders,
            default_coder,
            record: Vec::new(),
            made_cases: Vec::new(),
            kept: Vec::new(),
            kept_names: HashSet::new(),
            not_imported: 0,
            cases: BTreeMap::new(),
            missing: Vec::new(),
            off_turn: 0,
            utf16_sources: Vec::new(),
        }
    }

    /// Add `source` with its text `raw` (decoded) and `original` (as stored).
    fn add(
        &mut self,
        archive: &Archive,
        source: &'p RefiSource,
        raw: &str,
        original: &str,
        out: &mut Imported,
    ) -> Result<()> {
        let file_name = source
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&source.name);
        let stem = file_name
            .rsplit_once('.')
            .filter(|(_, ext)| ext.len() <= 4)
            .map_or(file_name, |(s, _)| s);
        let document = format!(
            "transcripts/{}.txt",
            unique(safe_id(stem, "source"), &mut self.taken_docs)
        );
        let (text, transcript) = self.transcript(source, stem, &document, raw);
        let mut record = sidecar::Source {
            guid: source.guid.clone(),
            document: document.clone(),
            attrs: source.attrs.clone(),
            description: source.description.clone(),
            content: source.content.clone(),
            offset: transcript.offset,
            ..sidecar::Source::default()
        };
        if source.content.is_none() {
            record.plain_file =
                self.keep(archive, source.plain_path.as_deref(), &source.guid, "txt");
        }
        record.rich_file = self.keep(archive, source.rich_path.as_deref(), &source.guid, "rich");
        self.codings(source, original, &document, &text, &transcript, &mut record)?;
        self.record.push(record);
        if let Some(map) = source.speakers() {
            out.speakers.insert(document.clone(), map);
        }
        out.files.push((document, text.into_bytes()));
        out.counts.transcripts += 1;
        Ok(())
    }

    /// The transcript written for `source`, and how its lines map.
    fn transcript(
        &mut self,
        source: &'p RefiSource,
        stem: &str,
        document: &str,
        raw: &str,
    ) -> (String, Transcript) {
        let case = self.case_of.get(source.guid.as_str()).copied();
        let mut known: Vec<String> = self.opts.interviewers.clone();
        known.extend(source.speakers().into_iter().flat_map(BTreeMap::into_keys));
        // A qualcode transcript (front matter, then `Label: text` turns) is
        // kept as it is; so is any source whose first line is a turn.
        let (front, body_start) =
            crate::ingest::front_matter::split(raw, std::path::Path::new(document)).unwrap_or_else(
                |_| {
                    let front = crate::ingest::FrontMatter {
                        body_line: 1,
                        ..Default::default()
                    };
                    (front, 0)
                },
            );
        known.extend(front.id.clone());
        let first_line = raw[body_start..]
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let turn = |l: &str| crate::ingest::turns::label_of(l, &known).is_some();
        // After front matter, a heading may come before the first turn
        // (a Markdown transcript): a turn anywhere in the body will do.
        if turn(first_line) || (body_start > 0 && raw[body_start..].lines().any(turn)) {
            // Every case holding the source (a focus group has several).
            for c in self
                .project
                .cases
                .iter()
                .filter(|c| c.sources.contains(&source.guid))
            {
                let first = case.is_some_and(|f| std::ptr::eq(f, c));
                let id = match (&front.id, first) {
                    (Some(id), true) => id.clone(),
                    _ => safe_id(&c.name, "case"),
                };
                self.cases.insert(id, c);
            }
            let t = Transcript {
                offset: 0,
                body_start,
                body_line: front.body_line,
                known,
            };
            return (raw.to_owned(), t);
        }
        let key = case.map_or(stem, |c| c.name.as_str());
        let taken = &mut self.taken_cases;
        let id = self
            .case_ids
            .entry(key.to_owned())
            .or_insert_with(|| unique(safe_id(key, "case"), taken))
            .clone();
        known.push(id.clone());
        self.source_case.insert(source.guid.clone(), id.clone());
        if let Some(c) = case {
            self.cases.insert(id.clone(), c);
        } else if !self.made_cases.contains(&id) {
            self.made_cases.push(id.clone());
        }
        let mut text = format!(
            "---\nid: {id}\n# REFI-QDA source: {}\n---\n",
            serde_json::to_string(&source.name).unwrap_or_default()
        );
        let body_start = text.len();
        for line in raw.lines() {
            if line.trim().is_empty() {
                text.push('\n');
            } else {
                let _ = writeln!(text, "{id}: {line}");
            }
        }
        let t = Transcript {
            offset: 4,
            body_start,
            body_line: 5,
            known,
        };
        (text, t)
    }

    /// Each coding of `source` as a row at the line its selection starts
    /// on; each selection as it was in `record`.
    fn codings(
        &mut self,
        source: &RefiSource,
        original: &str,
        document: &str,
        text: &str,
        t: &Transcript,
        record: &mut sidecar::Source,
    ) -> Result<()> {
        let positions = Positions::new(original);
        let spans: Vec<(usize, usize)> =
            source.selections.iter().map(|s| (s.start, s.end)).collect();
        let unit = positions.unit_of(&spans);
        if unit == Unit::Utf16 {
            self.utf16_sources.push(clip(&source.name, 60));
        }
        record.utf16 = unit == Unit::Utf16;
        let length = positions.len(unit);
        let body = crate::ingest::turns::split(&text[t.body_start..], t.body_line, &t.known);
        let interviewers = &self.opts.interviewers;
        let codable = |line: usize| {
            body.turns.iter().any(|turn| {
                turn.line_start <= line
                    && line <= turn.line_end
                    && !interviewers
                        .iter()
                        .any(|k| crate::natural::eq_ignore_case(k, &turn.label))
            })
        };
        let lines: Vec<&str> = text.lines().collect();
        for sel in &source.selections {
            if sel.start > sel.end || sel.end > length {
                return Err(Error::invalid(format!(
                    "selection {}-{} lies outside the text of source '{}' ({length} {})",
                    sel.start,
                    sel.end,
                    clip(&source.name, 60),
                    match unit {
                        Unit::Char => "characters",
                        Unit::Utf16 => "UTF-16 code units",
                    }
                ))
                .at(sel.location.clone()));
            }
            // The first non-blank line at or after the start, within the selection.
            let at = |pos: usize| positions.char_index(unit, pos).unwrap_or(pos);
            let mut line = line_of(original, at(sel.start)) + t.offset;
            let last = line_of(original, at(sel.end)) + t.offset;
            while line < last && lines.get(line - 1).is_none_or(|l| l.trim().is_empty()) {
                line += 1;
            }
            let memos = memos(sel, &self.project.users);
            let mut kept = sidecar::Selection {
                attrs: sel.attrs.clone(),
                description: sel.description.clone(),
                codings: Vec::new(),
            };
            for (i, (code, by)) in sel.codings.iter().enumerate() {
                let Some(id) = self.ids.and_then(|m| m.get(code)) else {
                    return Err(Error::invalid(format!(
                        "a coding refers to code {code}, which the project's codebook does not hold"
                    ))
                    .at(sel.location.clone()));
                };
                let mut coding = sidecar::CodingRecord {
                    attrs: sel.coding_attrs.get(i).cloned().unwrap_or_default(),
                    code: code.clone(),
                    row: None,
                };
                if codable(line) {
                    let user = by.as_deref().or_else(|| sel_user(sel));
                    // One coder for all (`--coder`) takes the auto user's too.
                    let auto = self.opts.coder.is_none()
                        && self.is_auto(user)
                        && self.patterned.contains(code);
                    let coder = if auto {
                        self.rederived += 1;
                        AUTO.to_owned()
                    } else {
                        self.coder_of(user)
                    };
                    coding.row = Some(sidecar::Row {
                        line,
                        code: id.clone(),
                        coder: coder.clone(),
                    });
                    if !auto {
                        self.rows
                            .entry((
                                coder,
                                document.to_owned(),
                                line,
                                id.clone(),
                                Action::Add.as_str(),
                            ))
                            .or_insert_with(|| memos[i].clone());
                    }
                } else {
                    self.off_turn += 1;
                    self.not_imported += 1;
                }
                kept.codings.push(coding);
            }
            record.selections.push(kept);
        }
        Ok(())
    }

    /// Whether `user` (a GUID) is qualcode's `auto` in a qualcode export.
    fn is_auto(&self, user: Option<&str>) -> bool {
        let qualcode = self
            .project
            .attrs
            .iter()
            .any(|(k, v)| k == "origin" && v.starts_with("qualcode"));
        qualcode
            && user.is_some_and(|u| {
                let u = canonical(u);
                self.project.users.get(&u).map(String::as_str) == Some(AUTO)
            })
    }

    /// qualcode's coders' rejections and acceptances, from its decisions
    /// note, as rows of their files.
    fn decisions(&mut self) -> Result<()> {
        for d in &self.project.decisions {
            let Some(document) = self
                .record
                .iter()
                .find(|s| s.guid == d.source)
                .map(|s| s.document.clone())
            else {
                self.not_imported += 1;
                continue;
            };
            let Some(code) = self.ids.and_then(|m| m.get(&d.code)).cloned() else {
                return Err(Error::invalid(format!(
                    "a decision in note '{}' refers to code {}, which the project's codebook \
                     does not hold",
                    super::qde::DECISIONS_NOTE,
                    d.code
                )));
            };
            let action = if d.action == "reject" {
                Action::Reject
            } else {
                Action::Accept
            };
            let coder = self.coder_of(Some(&d.user));
            self.rows.insert(
                (coder, document, d.line, code, action.as_str()),
                clip(&d.memo.replace(['\n', '\r'], " "), 200),
            );
        }
        Ok(())
    }

    /// The coder of a coding by `user` (a GUID).
    fn coder_of(&self, user: Option<&str>) -> String {
        if let Some(c) = &self.opts.coder {
            return c.clone();
        }
        user.and_then(|u| self.coders.get(&canonical(u)))
            .unwrap_or(&self.default_coder)
            .clone()
    }

    /// Keep the archive's file at `internal` (an `internal://` path) in
    /// `refi/sources/`; its name there.
    fn keep(
        &mut self,
        archive: &Archive,
        internal: Option<&str>,
        guid: &str,
        kind: &str,
    ) -> Option<String> {
        let path = internal?;
        let bytes = archive.source(path)?;
        let fallback = format!("{guid}.{kind}");
        let mut name = sidecar::file_name(path, &fallback);
        if !self.kept_names.insert(name.to_ascii_lowercase()) {
            name = fallback;
            self.kept_names.insert(name.to_ascii_lowercase());
        }
        self.kept
            .push((format!("{}/{name}", sidecar::SOURCES), bytes.to_vec()));
        Some(name)
    }

    /// The record of what was imported.
    fn record(&mut self, display: &str, codebook: &str) -> Sidecar {
        let project = self.project;
        let case_ids: HashMap<&str, &str> = self
            .cases
            .iter()
            .map(|(id, c)| (c.guid.as_str(), id.as_str()))
            .collect();
        let codes = project
            .codebook
            .walk()
            .into_iter()
            .filter_map(|c| {
                Some(sidecar::CodeRecord {
                    guid: c.guid.clone(),
                    id: self.ids?.get(&c.guid)?.clone(),
                    codable: c.codable,
                    name: self.names.get(&c.guid).cloned().unwrap_or_default(),
                    description: c.raw_description.clone(),
                })
            })
            .collect();
        Sidecar {
            format: sidecar::FORMAT,
            imported_from: display.to_owned(),
            project: project.attrs.clone(),
            description: project.description.clone(),
            codebook: codebook.to_owned(),
            users: project
                .user_order
                .iter()
                .map(|g| sidecar::User {
                    guid: g.clone(),
                    name: project.users.get(g).cloned().unwrap_or_default(),
                    coder: self.coder_of(Some(g)),
                })
                .collect(),
            codes,
            variables: project
                .variables
                .iter()
                .map(|v| sidecar::Variable {
                    guid: v.guid.clone(),
                    name: v.name.clone(),
                    kind: v.kind.clone(),
                    description: v.description.clone(),
                })
                .collect(),
            cases: project
                .cases
                .iter()
                .map(|c| sidecar::Case {
                    guid: c.guid.clone(),
                    name: c.name.clone(),
                    id: case_ids.get(c.guid.as_str()).map(|s| (*s).to_owned()),
                    description: c.description.clone(),
                    sources: c.sources.clone(),
                })
                .collect(),
            made_cases: std::mem::take(&mut self.made_cases),
            sources: std::mem::take(&mut self.record),
        }
    }

    /// The cases for cases.csv: the REFI cases, with the values of the
    /// sets (document groups) named `name: value` their sources are in,
    /// as attributes (a case made up for a source too); notes say which
    /// sets became attributes and which values clashed.
    fn cases_with_sets(&mut self, notes: &mut Vec<String>) -> BTreeMap<String, RefiCase> {
        let mut all: BTreeMap<String, RefiCase> = self
            .cases
            .iter()
            .map(|(id, c)| (id.clone(), (*c).clone()))
            .collect();
        let mut used = 0;
        let mut clashes = Vec::new();
        for set in &self.project.sets {
            let Some((name, value)) = set_attribute(&set.name) else {
                continue;
            };
            let mut any = false;
            for source in &set.sources {
                let Some(id) = self.source_case.get(source) else {
                    continue;
                };
                any = true;
                let case = all.entry(id.clone()).or_insert_with(|| RefiCase {
                    guid: String::new(),
                    name: id.clone(),
                    description: None,
                    values: Vec::new(),
                    sources: Vec::new(),
                });
                match case.values.iter().find(|(n, _)| n == name) {
                    Some((_, v)) if v != value => clashes.push(format!(
                        "{id}: {name} is {v:?} and {value:?} (the first kept)"
                    )),
                    Some(_) => {}
                    None => case.values.push((name.to_owned(), value.to_owned())),
                }
                self.made_cases.retain(|m| m != id);
            }
            used += usize::from(any);
        }
        if used > 0 {
            notes.push(format!(
                "{used} sets named `name: value` (document groups) became case attributes"
            ));
        }
        if !clashes.is_empty() {
            notes.push(format!(
                "sets give a case two values: {}",
                clashes.join("; ")
            ));
        }
        all
    }

    /// What reading the sources skipped or assumed.
    fn source_notes(&self, notes: &mut Vec<String>) {
        if !self.missing.is_empty() {
            notes.push(format!(
                "{} text sources skipped, with their codings: {}",
                self.missing.len(),
                self.missing.join("; ")
            ));
        }
        if !self.utf16_sources.is_empty() {
            notes.push(format!(
                "positions read as UTF-16 code units, as NVivo writes them, not characters (the \
                 selections start words that way; the texts hold emoji or other characters beyond \
                 U+FFFF): {}",
                self.utf16_sources.join(", ")
            ));
        }
        if self.off_turn > 0 {
            notes.push(format!(
                "{} codings start on an interviewer's line or outside any turn: skipped",
                self.off_turn
            ));
        }
    }

    /// What the import left behind, named, if anything.
    fn dropped_note(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .project
            .unread
            .iter()
            .filter(|(k, _)| k.as_str() != "Set")
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        if self.not_imported > 0 {
            parts.push(format!("{} codings off any turn", self.not_imported));
        }
        if self.rederived > 0 {
            parts.push(format!(
                "{} codings of qualcode's auto user (`qualcode code` makes them again from \
                 the codes' patterns)",
                self.rederived
            ));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "not imported (qualcode has no place for them): {}",
                parts.join(", ")
            )
        })
    }
}

/// The attribute and value a set named `name: value` (an ATLAS.ti document
/// group carrying case data) gives its sources' cases.
fn set_attribute(name: &str) -> Option<(&str, &str)> {
    let (n, v) = name.split_once(':')?;
    let (n, v) = (n.trim(), v.trim());
    (!n.is_empty() && !v.is_empty() && !v.starts_with(':')).then_some((n, v))
}

/// qualcode's auto coder's user name.
const AUTO: &str = "auto";

/// A GUID as the project's maps key it: upper case, no braces.
fn canonical(guid: &str) -> String {
    guid.trim().trim_matches(['{', '}']).to_ascii_uppercase()
}

/// The user a selection names (`creatingUser`).
fn sel_user(sel: &RefiSelection) -> Option<&str> {
    sel.attrs
        .iter()
        .find(|(k, _)| k == "creatingUser")
        .map(|(_, v)| v.as_str())
}

/// Each REFI user's coder, by GUID (canonical), and the coder of codings
/// that name no user (the project's creating user's, else `refi`).
fn coders(project: &RefiProject, opts: &ImportOptions) -> (HashMap<String, String>, String) {
    let mut taken = HashSet::new();
    let mut out = HashMap::new();
    for guid in &project.user_order {
        let name = project.users.get(guid).map_or("", String::as_str);
        let coder = opts
            .coder_map
            .iter()
            .find(|(user, _)| user == name || user.eq_ignore_ascii_case(guid))
            .map_or_else(
                || {
                    let mut base = slug(name, "user");
                    if base == AUTO {
                        // codings/auto.csv holds the auto codings.
                        base.push_str("_user");
                    }
                    let base = format!("{}{base}", opts.coders_prefix);
                    unique(base, &mut taken)
                },
                |(_, coder)| coder.clone(),
            );
        out.insert(guid.to_ascii_uppercase(), coder);
    }
    let creator = project
        .attrs
        .iter()
        .find(|(k, _)| k == "creatingUserGUID")
        .and_then(|(_, g)| out.get(&g.to_ascii_uppercase()))
        .cloned();
    let fallback = creator.unwrap_or_else(|| format!("{}refi", opts.coders_prefix));
    (out, fallback)
}

/// The memo of each of `sel`'s codings: the line `CODE (USER): memo` of its
/// description that names it (as qualcode writes them: the code's id,
/// whose GUID is the coding's, and its user's name), else the whole
/// description on the first coding only, never copied onto the others.
fn memos(sel: &RefiSelection, users: &BTreeMap<String, String>) -> Vec<String> {
    let flat = |m: &str| clip(&m.replace(['\n', '\r'], " "), 200);
    let mut out = vec![String::new(); sel.codings.len()];
    let Some(memo) = sel.memo.as_deref() else {
        return out;
    };
    // (code GUID, user name, memo) of each line written the qualcode way.
    let lines: Vec<(String, &str, &str)> = memo
        .lines()
        .filter_map(|l| {
            let (code, rest) = l.split_once(" (")?;
            let (user, text) = rest.split_once("): ")?;
            Some((super::qdc::code_guid(code.trim()), user, text))
        })
        .collect();
    let mut found = false;
    for (i, (code, by)) in sel.codings.iter().enumerate() {
        let user = by.as_deref().and_then(|u| users.get(u)).map(String::as_str);
        let mine = lines
            .iter()
            .find(|(c, u, _)| c == code && Some(*u) == user)
            .or_else(|| lines.iter().find(|(c, _, _)| c == code));
        if let Some((_, _, text)) = mine {
            out[i] = flat(text);
            found = true;
        }
    }
    if !found && let Some(first) = out.first_mut() {
        *first = flat(memo);
    }
    out
}

/// How a written transcript's lines relate to its source's.
struct Transcript {
    /// Lines added before the source's first line (front matter).
    offset: usize,
    /// Byte offset of the body (after front matter).
    body_start: usize,
    /// Line number of the body's first line.
    body_line: usize,
    /// Labels known to start turns.
    known: Vec<String>,
}

/// `name` if it is usable as it is as a file stem, case id and speaker
/// label (letters, digits, `_`, `-`; at most 40), else its slug.
fn safe_id(name: &str, fallback: &str) -> String {
    let ok = !name.is_empty()
        && name.len() <= 40
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        name.to_owned()
    } else {
        slug(name, fallback)
    }
}

/// The source's text as stored, without a byte-order mark and with its
/// line breaks as written (positions count them).
fn original_text(archive: &Archive, source: &RefiSource) -> Option<String> {
    if let Some(c) = &source.content {
        return Some(c.clone());
    }
    let bytes = archive.source(source.plain_path.as_deref()?)?;
    let text = std::str::from_utf8(bytes).ok()?;
    Some(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned())
}

fn cases_csv(cases: &BTreeMap<String, RefiCase>) -> Result<Vec<u8>> {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for c in cases.values() {
        for (n, _) in &c.values {
            names.insert(n);
        }
    }
    let with_name = cases.iter().any(|(id, c)| *id != c.name);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id"];
    if with_name {
        header.push("name");
    }
    header.extend(names.iter().copied());
    let fail = |e: csv::Error| Error::new(crate::ErrorKind::Io, format!("cannot write CSV: {e}"));
    w.write_record(&header).map_err(fail)?;
    for (id, c) in cases {
        let mut row = vec![id.as_str()];
        if with_name {
            row.push(&c.name);
        }
        for n in &names {
            row.push(c.values.iter().find(|(k, _)| k == n).map_or("", |(_, v)| v));
        }
        w.write_record(&row).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::new(crate::ErrorKind::Io, e.to_string()))
}

/// A row of a coder's file: (coder, document, line, code, action).
type Key = (String, String, usize, String, &'static str);

fn codings_csv(rows: &CoderRows<'_>) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::new(crate::ErrorKind::Io, format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["document", "line", "code", "action", "memo"])
        .map_err(fail)?;
    for ((doc, line, code, action), memo) in rows {
        w.write_record([doc.as_str(), &line.to_string(), code, action, memo])
            .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::new(crate::ErrorKind::Io, e.to_string()))
}

/// Which side wins when a case attribute has two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    /// The imported project's value.
    Import,
    /// The existing project's value.
    Project,
}

/// A cases table: header, then rows, each keyed by its `id`.
type Table = (Vec<String>, Vec<Vec<String>>);

fn read_table(bytes: &[u8], display: &str) -> Result<Table> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes));
    let fail = |e: &csv::Error| {
        Error::invalid(format!("cannot read the cases table ({e})")).at(Location::file(display))
    };
    let header: Vec<String> = r
        .headers()
        .map_err(|e| fail(&e))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if header.first().map(String::as_str) != Some("id") {
        return Err(Error::invalid("the cases table's first column is not `id`")
            .at(Location::line(display, 1)));
    }
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| fail(&e))?;
        rows.push(rec.iter().map(|f| f.trim().to_owned()).collect());
    }
    Ok((header, rows))
}

/// The project's cases table (`project`, read from `display`) with the
/// imported one's cases and attributes merged in: new cases added, new
/// attributes added as columns, a value the project lacks filled in. Two
/// different values of one attribute are an error naming both, unless
/// `prefer` says which to keep.
pub fn merge_cases(
    project: &[u8],
    imported: &[u8],
    prefer: Option<Prefer>,
    display: &str,
) -> Result<Vec<u8>> {
    let (mut header, mut rows) = read_table(project, display)?;
    let (theirs, their_rows) = read_table(imported, "the imported cases")?;
    for h in &theirs {
        if !header.contains(h) {
            header.push(h.clone());
        }
    }
    for row in &mut rows {
        row.resize(header.len(), String::new());
    }
    for their in their_rows {
        let id = their.first().cloned().unwrap_or_default();
        let at = if let Some(i) = rows.iter().position(|r| r[0] == id) {
            i
        } else {
            let mut row = vec![String::new(); header.len()];
            row[0].clone_from(&id);
            rows.push(row);
            rows.len() - 1
        };
        for (j, value) in their.iter().enumerate().skip(1) {
            let Some(col) = theirs
                .get(j)
                .and_then(|h| header.iter().position(|x| x == h))
            else {
                continue;
            };
            let mine = &mut rows[at][col];
            if value.is_empty() || mine == value {
                continue;
            }
            if mine.is_empty() || prefer == Some(Prefer::Import) {
                mine.clone_from(value);
            } else if prefer.is_none() {
                return Err(Error::invalid(format!(
                    "case {id}: {} is {mine:?} in the project and {value:?} in the import: \
                     --prefer project or --prefer import says which to keep",
                    header[col]
                ))
                .at(Location::file(display)));
            }
        }
    }
    let fail = |e: csv::Error| Error::new(crate::ErrorKind::Io, format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).map_err(fail)?;
    for row in &rows {
        w.write_record(row).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::new(crate::ErrorKind::Io, e.to_string()))
}

/// A `qualcode.yaml` for a project made by importing `source`.
pub fn config_yaml(source: &str, imported: &Imported) -> String {
    let cases = imported.files.iter().any(|(p, _)| p == "cases.csv");
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = format!(
        "# qualcode project settings, written by `qualcode import qdpx {source}`.\n\
         # See `qualcode --help` and docs/FORMATS.md.\n\
         transcripts: [\"transcripts/*.txt\"]\n\
         codebooks: [\"codebooks/*.yaml\"]\n"
    );
    if cases {
        out.push_str("cases: cases.csv\n");
    }
    if !imported.speakers.is_empty() {
        out.push_str("speakers:\n");
        for (doc, map) in &imported.speakers {
            let _ = writeln!(out, "  {}:", quote(doc));
            for (label, case) in map {
                let _ = writeln!(out, "    {}: {}", quote(label), quote(case));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of (name, text) entries, stored uncompressed or deflated.
    fn zip_of(entries: &[(&str, &str)], deflate: bool) -> Vec<u8> {
        use std::io::Write as _;
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[track_caller]
    fn limited(entries: &[(&str, &str)], deflate: bool, limits: &Limits) -> Result<usize> {
        let bytes = zip_of(entries, deflate);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
        read_entries(&mut zip, "p.qdpx", limits).map(|(_, _, e)| e.len())
    }

    #[test]
    fn archives_are_read_within_entry_total_and_ratio_caps() {
        let limits = Limits {
            entries: 4,
            entry: 100,
            total: 250,
            ratio: 10,
            ratio_from: 50,
        };
        let text = "x".repeat(90);
        let ok = [("project.qde", "<P/>"), ("Sources/a.txt", text.as_str())];
        assert_eq!(limited(&ok, false, &limits).unwrap(), 1);
        let err = |entries: &[(&str, &str)], deflate| {
            limited(entries, deflate, &limits).unwrap_err().to_string()
        };
        let big = "x".repeat(101);
        assert_eq!(
            err(&[("project.qde", "<P/>"), ("Sources/a.txt", &big)], false),
            "p.qdpx: zip entry Sources/a.txt is larger than 0 MB decompressed: refused, as an \
             archive built to exhaust memory would be"
        );
        let three = [
            ("project.qde", "<P/>"),
            ("Sources/a.txt", text.as_str()),
            ("Sources/b.txt", text.as_str()),
            ("Sources/c.txt", text.as_str()),
        ];
        assert!(err(&three, false).starts_with(
            "p.qdpx: the archive's entries up to Sources/c.txt expand to more than 0 MB in all"
        ));
        assert!(
            err(&three[..2], true).starts_with(
                "p.qdpx: zip entry Sources/a.txt expands more than 10 times its compressed size"
            ),
            "{}",
            err(&three[..2], true)
        );
        let five = [
            ("a.qde", ""),
            ("Sources/1", ""),
            ("Sources/2", ""),
            ("Sources/3", ""),
            ("Sources/4", ""),
        ];
        assert!(err(&five, false).starts_with("p.qdpx: 5 entries in the archive"));
        // Entries qualcode does not read are not decompressed.
        let media = [
            ("project.qde", "<P/>"),
            ("Sources/a.txt", "t"),
            ("media/a", &big),
            ("Sources/b.MP4", &big),
        ];
        assert_eq!(limited(&media, false, &limits).unwrap(), 1);
    }

    #[test]
    fn positions_map_to_lines_counting_crlf_cr_and_lf_as_one_break() {
        let text = "ab\r\nçd\re🙂\nf";
        // a b \r \n ç d \r e 🙂 \n f: characters 0..=10
        for (pos, line) in [
            (0, 1),
            (2, 1),
            (3, 1),
            (4, 2),
            (6, 2),
            (7, 3),
            (8, 3),
            (10, 4),
        ] {
            assert_eq!(line_of(text, pos), line, "position {pos}");
        }
    }

    #[test]
    fn positions_count_utf16_units_when_selections_start_words_that_way() {
        // 🙂 is one character, two UTF-16 units.
        let text = "🙂🙂 one\r\nZwei 🙂 drei\r\nfour";
        let p = Positions::new(text);
        assert_eq!(p.len(Unit::Char), 25);
        assert_eq!(p.len(Unit::Utf16), 28);
        // "one" at character 3 = unit 5; "drei" at 15 = unit 18 (after 3 emoji);
        // "four" at 21 = unit 24.
        assert_eq!(p.char_index(Unit::Utf16, 5), Some(3));
        assert_eq!(p.char_index(Unit::Utf16, 24), Some(21));
        assert_eq!(p.char_index(Unit::Utf16, 28), Some(25));
        assert_eq!(p.char_index(Unit::Utf16, 29), None);
        assert_eq!(p.unit_of(&[(5, 8), (18, 22), (24, 28)]), Unit::Utf16);
        assert_eq!(p.unit_of(&[(3, 6), (15, 19), (21, 25)]), Unit::Char);
        // Ending past the text in characters: only UTF-16 can be meant.
        assert_eq!(p.unit_of(&[(0, 27)]), Unit::Utf16);
        // A text without characters beyond U+FFFF: the units agree.
        assert_eq!(Positions::new("ça va").unit_of(&[(1, 2)]), Unit::Char);
    }

    #[test]
    fn an_nvivo_source_with_emoji_maps_its_utf16_positions_to_lines() {
        let qde = "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"P\" origin=\"NVivo\">\
            <CodeBook><Codes><Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"C\" isCodable=\"true\"/></Codes></CodeBook>\
            <Sources><TextSource guid=\"51191CEE-BF78-4E92-9DF8-3AE66721E038\" name=\"s\">\
              <PlainTextContent>🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 great\r\n5\r\nsecond 👍\r\n2</PlainTextContent>\
              <PlainTextSelection guid=\"9FCD0F84-AA08-4765-B1B1-57A39966042A\" startPosition=\"21\" endPosition=\"26\">\
                <Coding guid=\"ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0\"><CodeRef targetGUID=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\"/></Coding>\
              </PlainTextSelection>\
              <PlainTextSelection guid=\"9FCD0F84-AA08-4765-B1B1-57A39966042B\" startPosition=\"31\" endPosition=\"37\">\
                <Coding guid=\"ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F1\"><CodeRef targetGUID=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\"/></Coding>\
              </PlainTextSelection></TextSource></Sources></Project>";
        let opts = ImportOptions {
            coder: Some("nv".into()),
            ..ImportOptions::default()
        };
        let out = import(qde.as_bytes(), "p.qde", &opts).unwrap();
        let (_, csv) = out
            .files
            .iter()
            .find(|(n, _)| n == "codings/nv.csv")
            .unwrap();
        // Lines 5 ("great") and 7 ("second"), not 6 and 8 (the numbers).
        assert_eq!(
            String::from_utf8(csv.clone()).unwrap(),
            "document,line,code,action,memo\ntranscripts/s.txt,5,p.c,add,\n\
             transcripts/s.txt,7,p.c,add,\n"
        );
        assert!(
            out.notes
                .iter()
                .any(|n| n.contains("UTF-16 code units") && n.ends_with(": s"))
        );
    }

    #[test]
    fn cases_merge_adding_cases_and_attributes_and_refusing_clashes() {
        let project = b"id,site,cohort\nP1,Northtown,Older\nP2,Southvale,\n";
        let imported = b"id,cohort,age\nP2,Younger,31\nMabel,,25\n";
        let merged = merge_cases(project, imported, None, "cases.csv").unwrap();
        assert_eq!(
            String::from_utf8(merged).unwrap(),
            "id,site,cohort,age\nP1,Northtown,Older,\nP2,Southvale,Younger,31\nMabel,,,25\n"
        );
        let clash = b"id,cohort\nP1,Younger\n";
        let err = merge_cases(project, clash, None, "cases.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cases.csv: case P1: cohort is \"Older\" in the project and \"Younger\" in the \
             import: --prefer project or --prefer import says which to keep"
        );
        let keep = |p| {
            String::from_utf8(merge_cases(project, clash, Some(p), "cases.csv").unwrap()).unwrap()
        };
        assert!(keep(Prefer::Project).contains("P1,Northtown,Older"));
        assert!(keep(Prefer::Import).contains("P1,Northtown,Younger"));
    }

    #[test]
    fn safe_ids_keep_plain_names_and_slug_the_rest() {
        assert_eq!(safe_id("F1", "case"), "F1");
        assert_eq!(safe_id("videos_10-selected", "case"), "videos_10-selected");
        assert_eq!(safe_id("Mabêl 2ième", "case"), "mabel_2ieme");
        assert_eq!(safe_id("", "case"), "case");
    }

    #[test]
    fn unlabelled_sources_become_one_case_one_segment_per_line() {
        let qde = "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"P\">\
            <CodeBook><Codes><Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"Pénz\" isCodable=\"true\"/></Codes></CodeBook>\
            <Cases><Case guid=\"B52FB733-B6AF-4B31-BB78-3E733135171A\" name=\"Anna K\">\
              <SourceRef targetGUID=\"51191CEE-BF78-4E92-9DF8-3AE66721E038\"/></Case></Cases>\
            <Sources><TextSource guid=\"51191CEE-BF78-4E92-9DF8-3AE66721E038\" name=\"interview.docx\">\
              <PlainTextContent>Első sor.\r\n\r\nMásodik: sor a pénzről.</PlainTextContent>\
              <PlainTextSelection guid=\"9FCD0F84-AA08-4765-B1B1-57A39966042A\" startPosition=\"11\" endPosition=\"34\">\
                <Coding guid=\"ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0\"><CodeRef targetGUID=\"1ff58b12-6f6f-4b0c-8be5-bbdc91f55294\"/></Coding>\
              </PlainTextSelection></TextSource></Sources></Project>";
        let opts = ImportOptions {
            coder: Some("anna".into()),
            interviewers: vec!["Interviewer".into()],
            ..ImportOptions::default()
        };
        let out = import(qde.as_bytes(), "p.qde", &opts).unwrap();
        let file = |name: &str| {
            let (_, bytes) = out.files.iter().find(|(n, _)| n == name).unwrap();
            String::from_utf8(bytes.clone()).unwrap()
        };
        assert_eq!(
            file("transcripts/interview.txt"),
            "---\nid: anna_k\n# REFI-QDA source: \"interview.docx\"\n---\n\
             anna_k: Első sor.\n\nanna_k: Második: sor a pénzről.\n"
        );
        assert_eq!(
            file("codings/anna.csv"),
            "document,line,code,action,memo\ntranscripts/interview.txt,7,p.penz,add,\n"
        );
        assert_eq!(file("cases.csv"), "id,name\nanna_k,Anna K\n");
    }
}
