//! REFI-QDA projects (`.qdpx`): a zip of `project.qde` (Project.xsd) and
//! `Sources/`, to and from a qualcode project.
//!
//! Export writes each transcript as a plain-text source (its text as
//! qualcode reads it: NFC, LF line endings), every effective coding as a
//! `PlainTextSelection` over the turn's lines with one `Coding` per code,
//! users (`auto` and each coder), cases with their attributes as variables
//! and the codebooks. Positions count characters (Unicode code points)
//! from 0, end exclusive. GUIDs are UUIDv5s of stable keys, and zip entries
//! have a fixed order and timestamp, so the file is the same on every run.
//!
//! Import reads the same back, from any tool: see [`import`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{Read as _, Write as _};

use super::qdc::{self, RefiCodebook};
use super::xml::{self, Element, escape, escape_text};
use super::{clip, parse_guid, slug, stable_guid, unique};
use crate::codebook::{CodeSet, Codebook};
use crate::coding::{Coding, Source};
use crate::project::Cases;
use crate::{Error, Location, Result};

/// The project namespace.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// One transcript to export: its document path and plain text (NFC, LF),
/// whose lines are the lines qualcode numbers.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Document path, as in the codings.
    pub path: String,
    /// The text.
    pub text: String,
}

/// What a project export holds.
pub struct ExportInput<'a> {
    /// The project's name.
    pub name: &'a str,
    /// All codebooks.
    pub codes: &'a CodeSet,
    /// The transcripts, in document order.
    pub sources: &'a [SourceText],
    /// Cases and their attributes.
    pub cases: &'a Cases,
    /// Which cases speak in which document: (document, cases).
    pub case_documents: &'a [(String, Vec<String>)],
    /// The effective codings.
    pub codings: &'a [Coding],
}

fn user_name(c: &Coding) -> &str {
    match c.source {
        Source::Auto => "auto",
        Source::Manual => &c.coder,
    }
}

/// Character offsets of each line's start in `text` (line 1 at index 0),
/// with the text's length in characters last.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut n = 0;
    for c in text.chars() {
        n += 1;
        if c == '\n' {
            starts.push(n);
        }
    }
    starts.push(n + 1); // so that the last line's end is len
    starts
}

/// The project as `project.qde` text, valid against Project.xsd.
pub fn project_xml(input: &ExportInput<'_>) -> Result<String> {
    let mut users: BTreeSet<&str> = BTreeSet::new();
    users.insert("auto");
    for c in input.codings {
        users.insert(user_name(c));
    }
    let user = |name: &str| stable_guid("user", name);
    let source_guid = |path: &str| stable_guid("source", path);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{NAMESPACE}\" name=\"{}\" \
         origin=\"qualcode {}\" creatingUserGUID=\"{}\">",
        escape(input.name),
        env!("CARGO_PKG_VERSION"),
        user("auto")
    );
    out.push_str("  <Users>\n");
    for name in &users {
        let _ = writeln!(
            out,
            "    <User guid=\"{}\" name=\"{}\"/>",
            user(name),
            escape(name)
        );
    }
    out.push_str("  </Users>\n  <CodeBook>\n    <Codes>\n");
    let books: Vec<&Codebook> = input.codes.codebooks.iter().collect();
    qdc::write_codes_xml(&books, 3, books.len() > 1, &mut out);
    out.push_str("    </Codes>\n  </CodeBook>\n");
    let attributes = input.cases.attribute_names();
    if !attributes.is_empty() {
        out.push_str("  <Variables>\n");
        for a in &attributes {
            let _ = writeln!(
                out,
                "    <Variable guid=\"{}\" name=\"{}\" typeOfVariable=\"Text\"/>",
                stable_guid("variable", a),
                escape(a)
            );
        }
        out.push_str("  </Variables>\n");
    }
    if !input.cases.is_empty() {
        out.push_str("  <Cases>\n");
        for case in input.cases.iter() {
            let _ = writeln!(
                out,
                "    <Case guid=\"{}\" name=\"{}\">",
                stable_guid("case", &case.id),
                escape(&case.id)
            );
            for (name, value) in &case.attributes {
                let _ = writeln!(
                    out,
                    "      <VariableValue>\n        <VariableRef targetGUID=\"{}\"/>\n        \
                     <TextValue>{}</TextValue>\n      </VariableValue>",
                    stable_guid("variable", name),
                    escape_text(&value.value)
                );
            }
            for (doc, cases) in input.case_documents {
                if cases.contains(&case.id) {
                    let _ = writeln!(
                        out,
                        "      <SourceRef targetGUID=\"{}\"/>",
                        source_guid(doc)
                    );
                }
            }
            out.push_str("    </Case>\n");
        }
        out.push_str("  </Cases>\n");
    }
    // Codings by document, then segment.
    let mut by_doc: BTreeMap<&str, BTreeMap<usize, Vec<&Coding>>> = BTreeMap::new();
    for c in input.codings {
        by_doc
            .entry(&c.document)
            .or_default()
            .entry(c.segment)
            .or_default()
            .push(c);
    }
    out.push_str("  <Sources>\n");
    for source in input.sources {
        let guid = source_guid(&source.path);
        let _ = write!(
            out,
            "    <TextSource guid=\"{guid}\" name=\"{}\" plainTextPath=\"internal://{guid}.txt\" \
             creatingUser=\"{}\"",
            escape(&source.path),
            user("auto")
        );
        let segments = by_doc.get(source.path.as_str());
        if segments.is_none() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let starts = line_starts(&source.text);
        for (segment, codings) in segments.into_iter().flatten() {
            let first = codings[0];
            let (a, b) = (first.line_start, first.line_end);
            if a == 0 || b + 1 >= starts.len() || a > b {
                return Err(Error::invalid(format!(
                    "lines {a}-{b} are not in the text of {} (was it edited after coding?)",
                    source.path
                )));
            }
            let (start, end) = (starts[a - 1], starts[b] - 1);
            let key = format!("{}#{segment}", source.path);
            let _ = writeln!(
                out,
                "      <PlainTextSelection guid=\"{}\" name=\"{}, lines {a}-{b}\" \
                 startPosition=\"{start}\" endPosition=\"{end}\" creatingUser=\"{}\">",
                stable_guid("selection", &key),
                escape(&first.case),
                user(user_name(first))
            );
            let memos: Vec<String> = codings
                .iter()
                .filter(|c| !c.memo.is_empty())
                .map(|c| format!("{} ({}): {}", c.code, user_name(c), c.memo))
                .collect();
            if !memos.is_empty() {
                let _ = writeln!(
                    out,
                    "        <Description>{}</Description>",
                    escape_text(&memos.join("\n"))
                );
            }
            for c in codings {
                let who = user_name(c);
                let _ = writeln!(
                    out,
                    "        <Coding guid=\"{}\" creatingUser=\"{}\">\n          \
                     <CodeRef targetGUID=\"{}\"/>\n        </Coding>",
                    stable_guid("coding", &format!("{key}#{}#{who}", c.code)),
                    user(who),
                    qdc::code_guid(&c.code)
                );
            }
            out.push_str("      </PlainTextSelection>\n");
        }
        out.push_str("    </TextSource>\n");
    }
    out.push_str("  </Sources>\n</Project>\n");
    Ok(out)
}

/// The project as `.qdpx` bytes: `project.qde`, then `Sources/<guid>.txt`
/// in document order, all with the same fixed timestamp.
pub fn export(input: &ExportInput<'_>) -> Result<Vec<u8>> {
    let qde = project_xml(input)?;
    let fail = |e: &dyn std::fmt::Display| {
        Error::new(crate::ErrorKind::Io, format!("cannot build the zip: {e}"))
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut entries: Vec<(String, &str)> = vec![("project.qde".to_owned(), qde.as_str())];
    for s in input.sources {
        let guid = stable_guid("source", &s.path);
        entries.push((format!("Sources/{guid}.txt"), s.text.as_str()));
    }
    for (name, text) in entries {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

// --- import ------------------------------------------------------------------

/// A text selection with its codings, as read.
#[derive(Debug, Clone)]
pub struct RefiSelection {
    /// Start, in characters from 0.
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
    /// Code GUIDs applied, with the coding's `creatingUser` GUID.
    pub codings: Vec<(String, Option<String>)>,
    /// The selection's description (a memo).
    pub memo: Option<String>,
    /// Where it is written.
    pub location: Location,
}

/// A text source, as read.
#[derive(Debug, Clone)]
pub struct RefiSource {
    /// Canonical GUID.
    pub guid: String,
    /// Its name.
    pub name: String,
    /// `plainTextPath`, if set.
    pub plain_path: Option<String>,
    /// `richTextPath`, if set.
    pub rich_path: Option<String>,
    /// Inline `PlainTextContent`, if any.
    pub content: Option<String>,
    /// Its selections.
    pub selections: Vec<RefiSelection>,
    /// Where it is written.
    pub location: Location,
}

/// A case, as read.
#[derive(Debug, Clone)]
pub struct RefiCase {
    /// Its name (or GUID if it has none).
    pub name: String,
    /// Variable name → value.
    pub values: Vec<(String, String)>,
    /// GUIDs of the sources it holds.
    pub sources: Vec<String>,
}

/// A project, as read from `project.qde`.
#[derive(Debug, Clone, Default)]
pub struct RefiProject {
    /// The project's name.
    pub name: String,
    /// Users: GUID → name.
    pub users: BTreeMap<String, String>,
    /// The codebook.
    pub codebook: RefiCodebook,
    /// Text sources.
    pub sources: Vec<RefiSource>,
    /// Sources of other kinds (PDF, picture, audio, video), which qualcode
    /// cannot read: their count.
    pub other_sources: usize,
    /// Cases.
    pub cases: Vec<RefiCase>,
}

impl RefiProject {
    /// The number of text selections.
    pub fn selections(&self) -> usize {
        self.sources.iter().map(|s| s.selections.len()).sum()
    }

    /// The number of codings on text selections.
    pub fn codings(&self) -> usize {
        self.sources
            .iter()
            .flat_map(|s| &s.selections)
            .map(|s| s.codings.len())
            .sum()
    }
}

fn number(el: &Element, name: &str, path: &str) -> Result<usize> {
    let raw = qdc::required(el, name, path)?;
    raw.trim().parse().map_err(|_| {
        Error::invalid(format!(
            "{name}=\"{}\" is not a position (a whole number from 0)",
            clip(raw, 20)
        ))
        .at(el.location(path))
    })
}

/// Read `project.qde` text, named `path`.
pub fn read_project(text: &str, path: &str) -> Result<RefiProject> {
    let root = xml::parse(text, path)?;
    if root.name != "Project" {
        return Err(Error::invalid(format!(
            "the root element is <{}>, not <Project>: not a REFI-QDA project",
            root.name
        ))
        .at(root.location(path)));
    }
    let ns = root.attr("xmlns").unwrap_or("");
    if ns != NAMESPACE {
        return Err(Error::invalid(format!(
            "unknown namespace '{}': a REFI-QDA project uses {NAMESPACE}",
            clip(ns, 80)
        ))
        .at(root.location(path)));
    }
    let mut guids: HashMap<String, usize> = HashMap::new();
    let mut project = RefiProject {
        name: root.attr("name").unwrap_or("").trim().to_owned(),
        ..RefiProject::default()
    };
    for u in root.child("Users").into_iter().flat_map(|u| u.all("User")) {
        let guid = parse_guid(qdc::required(u, "guid", path)?, &u.location(path))?;
        project
            .users
            .insert(guid, u.attr("name").unwrap_or("").to_owned());
    }
    if let Some(codes) = root.child("CodeBook").and_then(|b| b.child("Codes")) {
        project.codebook = RefiCodebook {
            origin: root.attr("origin").map(str::to_owned),
            codes: qdc::read_codes(codes, path, &mut guids)?,
            sets: root.child("Sets").map_or(0, |s| s.all("Set").count()),
        };
    }
    let mut variables: HashMap<String, String> = HashMap::new();
    for v in root
        .child("Variables")
        .into_iter()
        .flat_map(|v| v.all("Variable"))
    {
        let guid = parse_guid(qdc::required(v, "guid", path)?, &v.location(path))?;
        variables.insert(guid, qdc::required(v, "name", path)?.trim().to_owned());
    }
    for c in root.child("Cases").into_iter().flat_map(|c| c.all("Case")) {
        let guid = parse_guid(qdc::required(c, "guid", path)?, &c.location(path))?;
        let mut case = RefiCase {
            name: c.attr("name").map_or(guid, |n| n.trim().to_owned()),
            values: Vec::new(),
            sources: Vec::new(),
        };
        for vv in c.all("VariableValue") {
            let Some(target) = vv.child("VariableRef").and_then(|r| r.attr("targetGUID")) else {
                continue;
            };
            let target = parse_guid(target, &vv.location(path))?;
            let name = variables.get(&target).cloned().unwrap_or(target);
            let value = vv
                .children
                .iter()
                .find(|e| e.name.ends_with("Value") && e.name != "VariableValue")
                .map(|e| e.text.trim().to_owned())
                .unwrap_or_default();
            case.values.push((name, value));
        }
        for r in c.all("SourceRef") {
            case.sources.push(parse_guid(
                qdc::required(r, "targetGUID", path)?,
                &r.location(path),
            )?);
        }
        project.cases.push(case);
    }
    for s in root.child("Sources").into_iter().flat_map(|s| &s.children) {
        if s.name != "TextSource" {
            project.other_sources += 1;
            continue;
        }
        let at = s.location(path);
        let guid = parse_guid(qdc::required(s, "guid", path)?, &at)?;
        if let Some(first) = guids.insert(guid.clone(), s.line) {
            return Err(Error::invalid(format!(
                "GUID {guid} is used twice (first at line {first})"
            ))
            .at(at));
        }
        let mut source = RefiSource {
            name: s.attr("name").unwrap_or(&guid).trim().to_owned(),
            guid,
            plain_path: s.attr("plainTextPath").map(str::to_owned),
            rich_path: s.attr("richTextPath").map(str::to_owned),
            content: s.child("PlainTextContent").map(|c| c.text.clone()),
            selections: Vec::new(),
            location: at,
        };
        for sel in s.all("PlainTextSelection") {
            let start = number(sel, "startPosition", path)?;
            let end = number(sel, "endPosition", path)?;
            let mut codings = Vec::new();
            for c in sel.all("Coding") {
                let Some(r) = c.child("CodeRef") else {
                    return Err(Error::invalid("<Coding> has no <CodeRef>").at(c.location(path)));
                };
                let code = parse_guid(qdc::required(r, "targetGUID", path)?, &r.location(path))?;
                let by = c
                    .attr("creatingUser")
                    .map(|u| parse_guid(u, &c.location(path)))
                    .transpose()?;
                codings.push((code, by));
            }
            source.selections.push(RefiSelection {
                start,
                end,
                codings,
                memo: sel
                    .child("Description")
                    .map(|d| d.text.trim().to_owned())
                    .filter(|d| !d.is_empty()),
                location: sel.location(path),
            });
        }
        project.sources.push(source);
    }
    Ok(project)
}

/// How to import a project.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The coder whose file receives the codings.
    pub coder: String,
    /// The codebook's name (default: from the project's name).
    pub codebook: Option<String>,
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
            .skip_while(|b| b.is_ascii_whitespace() || **b > 0x7f)
            .next()
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
    let mut entries = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| {
            Error::invalid(format!("a zip entry cannot be read ({e})")).at(Location::file(display))
        })?;
        if f.is_dir() {
            continue;
        }
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| {
            Error::invalid(format!("zip entry {name} cannot be read ({e})"))
                .at(Location::file(display))
        })?;
        entries.insert(name, data);
    }
    let qde_key = entries
        .keys()
        .filter(|k| !k.contains('/') && k.to_ascii_lowercase().ends_with(".qde"))
        .min()
        .cloned()
        .ok_or_else(|| {
            Error::invalid("the archive holds no project.qde: not a REFI-QDA project")
                .at(Location::file(display))
        })?;
    let qde_bytes = entries.remove(&qde_key).unwrap_or_default();
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
    let mut chars = text.chars().take(pos).peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
        }
    }
    line
}

/// Import a project from `.qdpx` `bytes` (or a bare `.qde`), named
/// `display`.
///
/// Each text source becomes `transcripts/<name>.txt`. A source whose first
/// line is a speaker turn (`Label: text`) is kept as it is: its labels
/// name its cases. Any other source (NVivo's plain text, say) becomes the
/// speech of one case — the REFI case that holds it, else the source's
/// name — with front matter `id:` and each non-blank line labelled with
/// the case, so each line (paragraph) is a segment. Each coding becomes a
/// row `add` of the coder's file at the line its selection starts on.
pub fn import(bytes: &[u8], display: &str, opts: &ImportOptions) -> Result<Imported> {
    let archive = open_archive(bytes, display)?;
    let project = read_project(&archive.qde, &archive.qde_name)?;
    let mut out = Imported::default();
    let counts = &mut out.counts;
    counts.users = project.users.len();
    counts.codes = project.codebook.walk().len();
    counts.text_sources = project.sources.len();
    counts.selections = project.selections();
    counts.codings = project.codings();
    counts.cases = project.cases.len();
    out.notes.push(format!(
        "{} holds {} users, {} codes, {} text sources ({} other sources), {} text selections \
         with {} codings, {} cases",
        archive.qde_name,
        counts.users,
        counts.codes,
        counts.text_sources,
        project.other_sources,
        counts.selections,
        counts.codings,
        counts.cases
    ));
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
    let ids = converted.as_ref().map(|c| &c.ids);
    // The case of each source.
    let mut case_of: HashMap<&str, &RefiCase> = HashMap::new();
    for case in &project.cases {
        for s in &case.sources {
            case_of.entry(s.as_str()).or_insert(case);
        }
    }
    let mut taken_docs = HashSet::new();
    let mut case_ids: HashMap<String, String> = HashMap::new();
    let mut taken_cases = HashSet::new();
    let mut rows: BTreeMap<(String, usize, String), String> = BTreeMap::new();
    let mut written_cases: BTreeMap<String, &RefiCase> = BTreeMap::new();
    let (mut missing, mut off_turn) = (Vec::new(), 0usize);
    for source in &project.sources {
        let raw = match (&source.content, &source.plain_path) {
            (Some(text), _) => Some(text.clone()),
            (None, Some(p)) => archive
                .source(p)
                .map(|b| crate::ingest::decode::decode(b, std::path::Path::new(p)))
                .transpose()?
                .map(|t| t.into_owned()),
            (None, None) => None,
        };
        let Some(raw) = raw else {
            missing.push(match (&source.plain_path, &source.rich_path) {
                (Some(p), _) if archive.zipped => {
                    format!("{} ({p} is not in the archive)", source.name)
                }
                (Some(p), _) => format!("{} ({p}: a bare .qde has no Sources/)", source.name),
                (None, Some(r)) => format!(
                    "{} (rich text only, {r}: qualcode reads plain text)",
                    source.name
                ),
                (None, None) => format!("{} (no text)", source.name),
            });
            continue;
        };
        // Positions refer to the text as the tool wrote it, but decoding
        // has normalised line breaks: recount on a copy with \r kept.
        let original = original_text(&archive, source).unwrap_or_else(|| raw.clone());
        let length = original.chars().count();
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
            unique(safe_id(stem, "source"), &mut taken_docs)
        );
        let case = case_of.get(source.guid.as_str()).copied();
        let mut known: Vec<String> = opts.interviewers.clone();
        // A qualcode transcript (front matter, then `Label: text` turns) is
        // kept as it is; so is any source whose first line is a turn.
        let display = std::path::Path::new(&document);
        let (front, body_start) = crate::ingest::front_matter::split(&raw, display).unwrap_or((
            crate::ingest::FrontMatter {
                body_line: 1,
                ..Default::default()
            },
            0,
        ));
        known.extend(front.id.clone());
        let first_line = raw[body_start..]
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let labelled = crate::ingest::turns::label_of(first_line, &known).is_some();
        let (text, offset, body_start, body_line) = if labelled {
            if let Some(c) = case {
                let id = front.id.clone().unwrap_or_else(|| safe_id(&c.name, "case"));
                written_cases.insert(id, c);
            }
            (raw.clone(), 0, body_start, front.body_line)
        } else {
            let key = case.map_or(stem, |c| c.name.as_str());
            let id = case_ids
                .entry(key.to_owned())
                .or_insert_with(|| unique(safe_id(key, "case"), &mut taken_cases))
                .clone();
            known.push(id.clone());
            if let Some(c) = case {
                written_cases.insert(id.clone(), c);
            }
            let mut t = format!(
                "---\nid: {id}\n# REFI-QDA source: {}\n---\n",
                serde_json::to_string(&source.name).unwrap_or_default()
            );
            let start = t.len();
            for line in raw.lines() {
                if line.trim().is_empty() {
                    t.push('\n');
                } else {
                    let _ = writeln!(t, "{id}: {line}");
                }
            }
            (t, 4, start, 5)
        };
        // Which lines are in a participant's turn.
        let body = crate::ingest::turns::split(&text[body_start..], body_line, &known);
        let interviewer = |label: &str| {
            opts.interviewers
                .iter()
                .any(|k| crate::natural::eq_ignore_case(k, label))
        };
        let codable = |line: usize| {
            body.turns
                .iter()
                .any(|t| t.line_start <= line && line <= t.line_end && !interviewer(&t.label))
        };
        let lines: Vec<&str> = text.lines().collect();
        for sel in &source.selections {
            if sel.start > sel.end || sel.end > length {
                return Err(Error::invalid(format!(
                    "selection {}-{} lies outside the text of source '{}' ({length} characters)",
                    sel.start,
                    sel.end,
                    clip(&source.name, 60)
                ))
                .at(sel.location.clone()));
            }
            // The first non-blank line at or after the start, within the selection.
            let mut line = line_of(&original, sel.start) + offset;
            let last = line_of(&original, sel.end) + offset;
            while line < last && lines.get(line - 1).is_none_or(|l| l.trim().is_empty()) {
                line += 1;
            }
            for (code, _) in &sel.codings {
                let Some(id) = ids.and_then(|m| m.get(code)) else {
                    return Err(Error::invalid(format!(
                        "a coding refers to code {code}, which the project's codebook does not hold"
                    ))
                    .at(sel.location.clone()));
                };
                if !codable(line) {
                    off_turn += 1;
                    continue;
                }
                let memo = sel
                    .memo
                    .as_deref()
                    .map(|m| clip(&m.replace(['\n', '\r'], " "), 200))
                    .unwrap_or_default();
                rows.entry((document.clone(), line, id.clone()))
                    .or_insert(memo);
            }
        }
        out.files.push((document, text.into_bytes()));
        out.counts.transcripts += 1;
    }
    if out.counts.transcripts == 0 && !project.sources.is_empty() {
        return Err(Error::invalid(format!(
            "none of the {} text sources can be read: {}",
            project.sources.len(),
            missing.first().map_or("", String::as_str)
        ))
        .at(Location::file(display)));
    }
    if !missing.is_empty() {
        out.notes.push(format!(
            "{} text sources skipped, with their codings: {}",
            missing.len(),
            missing.join("; ")
        ));
    }
    if off_turn > 0 {
        out.notes.push(format!(
            "{off_turn} codings start on an interviewer's line or outside any turn: skipped"
        ));
    }
    if let Some(c) = converted {
        out.files
            .push((format!("codebooks/{name}.yaml"), c.yaml.into_bytes()));
    }
    if !written_cases.is_empty() {
        out.files
            .push(("cases.csv".to_owned(), cases_csv(&written_cases)?));
    }
    let coded = codings_csv(&rows)?;
    out.counts.rows = rows.len();
    out.files
        .push((format!("codings/{}.csv", opts.coder), coded));
    out.notes.push(format!(
        "{} codings became {} rows of codings/{}.csv (codings of one code starting on the same line are one row)",
        out.counts.codings, out.counts.rows, opts.coder
    ));
    Ok(out)
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

fn cases_csv(cases: &BTreeMap<String, &RefiCase>) -> Result<Vec<u8>> {
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

fn codings_csv(rows: &BTreeMap<(String, usize, String), String>) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::new(crate::ErrorKind::Io, format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["document", "line", "code", "action", "memo"])
        .map_err(fail)?;
    for ((doc, line, code), memo) in rows {
        w.write_record([doc.as_str(), &line.to_string(), code, "add", memo])
            .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::new(crate::ErrorKind::Io, e.to_string()))
}

/// The plain text of each of `project`'s transcripts named in `paths`, as
/// qualcode numbers its lines (decoded, NFC, LF; Word documents as their
/// paragraphs), in the order of `paths`.
pub fn source_texts(project: &crate::project::Project, paths: &[&str]) -> Result<Vec<SourceText>> {
    let files = project.transcript_files()?;
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let Some(file) = files.iter().find(|f| f.display == *path) else {
            return Err(Error::invalid(format!(
                "transcript {path} is no longer in the project"
            )));
        };
        let display = std::path::Path::new(&file.display);
        let bytes = std::fs::read(&file.path).map_err(|e| Error::io(display, "read", &e))?;
        let is_word = display
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
        let text = if is_word {
            let raw = crate::ingest::docx::text(&bytes, display)?;
            crate::ingest::decode::decode(raw.as_bytes(), display)?.into_owned()
        } else {
            crate::ingest::decode::decode_transcript(&bytes, display, project.encoding)?
                .text
                .into_owned()
        };
        out.push(SourceText {
            path: (*path).to_owned(),
            text,
        });
    }
    Ok(out)
}

/// A `qualcode.yaml` for a project made by importing `source`.
pub fn config_yaml(source: &str, cases: bool) -> String {
    let mut out = format!(
        "# qualcode project settings, written by `qualcode import qdpx {source}`.\n\
         # See `qualcode --help` and docs/FORMATS.md.\n\
         transcripts: [\"transcripts/*.txt\"]\n\
         codebooks: [\"codebooks/*.yaml\"]\n"
    );
    if cases {
        out.push_str("cases: cases.csv\n");
    }
    out
}
