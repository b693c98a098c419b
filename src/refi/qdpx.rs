//! REFI-QDA projects (`.qdpx`): a zip of `project.qde` (Project.xsd) and
//! `Sources/`, to and from a qualcode project.
//!
//! Export writes each transcript as a plain-text source (its text as
//! qualcode reads it: NFC, LF line endings), every effective coding as a
//! `PlainTextSelection` over the turn's lines with one `Coding` per code,
//! users (`auto` and each coder), cases with their attributes as variables
//! and the codebooks. Positions count characters (Unicode code points)
//! from 0, end exclusive. GUIDs are version-5 UUIDs of stable keys, and zip entries
//! have a fixed order and timestamp, so the file is the same on every run.
//!
//! Import is in [`super::import`]; reading `project.qde` in [`super::qde`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;

use super::qdc;
use super::stable_guid;
use super::xml::{escape, escape_text};
use crate::codebook::{CodeSet, Codebook};
use crate::coding::{Coding, Source};
use crate::project::Cases;
use crate::redact::Redactor;
use crate::{Error, Result};

pub use super::qde::NAMESPACE;

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
    /// Speaker label → case maps, by document (`speakers:` in qualcode.yaml).
    pub speakers: &'a BTreeMap<String, BTreeMap<String, String>>,
    /// The names to replace in everything written: source texts (keeping
    /// their line breaks), case ids, document and user names, attribute
    /// values, memos. GUIDs are made from the redacted keys, so no hash of
    /// a listed name leaves either. `Redactor::default()` exports as is.
    pub redactor: &'a Redactor,
}

/// What the export shows for each case id, document and user: redacted, and
/// kept apart (`[P1]_2`) where two would redact to the same text.
struct Shown {
    cases: BTreeMap<String, String>,
    docs: BTreeMap<String, String>,
    users: BTreeMap<String, String>,
}

impl Shown {
    fn new(input: &ExportInput<'_>) -> Shown {
        let shown = |raw: BTreeSet<&str>| {
            let mut taken = std::collections::HashSet::new();
            raw.into_iter()
                .map(|r| {
                    let v = super::unique(input.redactor.apply(r), &mut taken);
                    (r.to_owned(), v)
                })
                .collect::<BTreeMap<String, String>>()
        };
        let mut cases: BTreeSet<&str> = input.cases.iter().map(|c| c.id.as_str()).collect();
        cases.extend(input.codings.iter().map(|c| c.case.as_str()));
        let mut docs: BTreeSet<&str> = input.sources.iter().map(|s| s.path.as_str()).collect();
        docs.extend(input.codings.iter().map(|c| c.document.as_str()));
        let mut users: BTreeSet<&str> = input.codings.iter().map(user_name).collect();
        users.insert("auto");
        Shown {
            cases: shown(cases),
            docs: shown(docs),
            users: shown(users),
        }
    }

    fn get<'m>(map: &'m BTreeMap<String, String>, raw: &'m str) -> &'m str {
        map.get(raw).map_or(raw, String::as_str)
    }

    fn case<'m>(&'m self, raw: &'m str) -> &'m str {
        Shown::get(&self.cases, raw)
    }

    fn doc<'m>(&'m self, raw: &'m str) -> &'m str {
        Shown::get(&self.docs, raw)
    }

    fn user<'m>(&'m self, raw: &'m str) -> &'m str {
        Shown::get(&self.users, raw)
    }
}

fn user_name(c: &Coding) -> &str {
    match c.source {
        Source::Auto => "auto",
        Source::Manual => c.coder.name(),
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
    let shown = Shown::new(input);
    let user = |name: &str| stable_guid("user", name);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{NAMESPACE}\" name=\"{}\" \
         origin=\"qualcode {}\" creatingUserGUID=\"{}\">",
        escape(&input.redactor.redact(input.name)),
        env!("CARGO_PKG_VERSION"),
        user(shown.user("auto"))
    );
    out.push_str("  <Users>\n");
    let users: BTreeSet<&str> = shown.users.values().map(String::as_str).collect();
    for name in users {
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
            let a = input.redactor.redact(a);
            let _ = writeln!(
                out,
                "    <Variable guid=\"{}\" name=\"{}\" typeOfVariable=\"Text\"/>",
                stable_guid("variable", &a),
                escape(&a)
            );
        }
        out.push_str("  </Variables>\n");
    }
    write_cases(input, &shown, &mut out);
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
        write_source(
            source,
            by_doc.get(source.path.as_str()),
            input,
            &shown,
            &mut out,
        )?;
    }
    out.push_str("  </Sources>\n</Project>\n");
    Ok(out)
}

/// The `<Cases>` element: each case with its attributes and sources.
fn write_cases(input: &ExportInput<'_>, shown: &Shown, out: &mut String) {
    if input.cases.is_empty() {
        return;
    }
    out.push_str("  <Cases>\n");
    for case in input.cases.iter() {
        let _ = writeln!(
            out,
            "    <Case guid=\"{}\" name=\"{}\">",
            stable_guid("case", shown.case(&case.id)),
            escape(shown.case(&case.id))
        );
        for (name, value) in &case.attributes {
            let redact = |s| input.redactor.redact(s).into_owned();
            let _ = writeln!(
                out,
                "      <VariableValue>\n        <VariableRef targetGUID=\"{}\"/>\n        \
                 <TextValue>{}</TextValue>\n      </VariableValue>",
                stable_guid("variable", &redact(name)),
                escape_text(&redact(&value.value))
            );
        }
        for (doc, cases) in input.case_documents {
            if cases.contains(&case.id) {
                let _ = writeln!(
                    out,
                    "      <SourceRef targetGUID=\"{}\"/>",
                    stable_guid("source", shown.doc(doc))
                );
            }
        }
        out.push_str("    </Case>\n");
    }
    out.push_str("  </Cases>\n");
}

/// One `<TextSource>` with a selection per coded segment.
fn write_source(
    source: &SourceText,
    segments: Option<&BTreeMap<usize, Vec<&Coding>>>,
    input: &ExportInput<'_>,
    shown: &Shown,
    out: &mut String,
) -> Result<()> {
    let user = |name: &str| stable_guid("user", shown.user(name));
    let path = shown.doc(&source.path);
    let guid = stable_guid("source", path);
    let _ = write!(
        out,
        "    <TextSource guid=\"{guid}\" name=\"{}\" plainTextPath=\"internal://{guid}.txt\" \
         creatingUser=\"{}\"",
        escape(path.rsplit('/').next().unwrap_or(path)),
        user("auto")
    );
    let speakers = input.speakers.get(&source.path);
    if segments.is_none() && speakers.is_none() {
        out.push_str("/>\n");
        return Ok(());
    }
    out.push_str(">\n");
    if let Some(map) = speakers {
        // Which label is which case: qualcode's own, for the way back.
        let json = serde_json::to_string(map).unwrap_or_default();
        let _ = writeln!(
            out,
            "      <Description>{}</Description>",
            escape_text(
                &input
                    .redactor
                    .redact(&format!("-- qualcode --\nspeakers: {json}"))
            )
        );
    }
    let text = input.redactor.redact_lines(&source.text);
    let starts = line_starts(&text);
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
        let key = format!("{path}#{segment}");
        let _ = writeln!(
            out,
            "      <PlainTextSelection guid=\"{}\" name=\"{}, lines {a}-{b}\" \
             startPosition=\"{start}\" endPosition=\"{end}\" creatingUser=\"{}\">",
            stable_guid("selection", &key),
            escape(shown.case(&first.case)),
            user(user_name(first))
        );
        let memos: Vec<String> = codings
            .iter()
            .filter(|c| !c.memo.is_empty())
            .map(|c| {
                let memo = format!("{} ({}): {}", c.code, shown.user(user_name(c)), c.memo);
                input.redactor.apply(&memo)
            })
            .collect();
        if !memos.is_empty() {
            let _ = writeln!(
                out,
                "        <Description>{}</Description>",
                escape_text(&memos.join("\n"))
            );
        }
        for c in codings {
            let who = shown.user(user_name(c));
            let _ = writeln!(
                out,
                "        <Coding guid=\"{}\" creatingUser=\"{}\">\n          \
                 <CodeRef targetGUID=\"{}\"/>\n        </Coding>",
                stable_guid("coding", &format!("{key}#{}#{who}", c.code)),
                stable_guid("user", who),
                qdc::code_guid(&c.code)
            );
        }
        out.push_str("      </PlainTextSelection>\n");
    }
    out.push_str("    </TextSource>\n");
    Ok(())
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
    let shown = Shown::new(input);
    let mut entries: Vec<(String, std::borrow::Cow<'_, str>)> =
        vec![("project.qde".to_owned(), qde.as_str().into())];
    for s in input.sources {
        let guid = stable_guid("source", shown.doc(&s.path));
        entries.push((
            format!("Sources/{guid}.txt"),
            input.redactor.redact_lines(&s.text),
        ));
    }
    for (name, text) in entries {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
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
            crate::ingest::decode::decode_transcript(&bytes, display, project.encoding_of(path))?
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
