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
//! Selections are named `line:N` (N from 0) for `qc`. A project imported
//! from a `.qdpx` keeps a record in `refi/` ([`super::sidecar`]); its
//! objects are then written back as they came ([`super::kept`]).
//!
//! Import is in [`super::import`]; reading `project.qde` in [`super::qde`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;

use super::kept::{self, Kept};
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
    /// What an import kept (`refi/`): its objects are written back as they
    /// came, with their GUIDs.
    pub kept: Option<&'a Kept>,
    /// Coders' decisions that are not codings (rejections, acceptances),
    /// written in a note qualcode reads back (`--all-decisions`).
    pub decisions: &'a [crate::coding::ManualRow],
}

/// A built export: the `.qdpx` bytes and what a person should know.
pub struct Exported {
    /// The zip.
    pub bytes: Vec<u8>,
    /// What was left out or changed.
    pub notes: Vec<String>,
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
        users.extend(input.decisions.iter().map(|r| r.coder.as_str()));
        if needs_auto(input) {
            users.insert("auto");
        }
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

/// Whether the `auto` user is written: always, unless every source and
/// coding is an imported one's or a coder's.
fn needs_auto(input: &ExportInput<'_>) -> bool {
    let Some(k) = input.kept else { return true };
    input.codings.iter().any(|c| c.source == Source::Auto)
        || input
            .sources
            .iter()
            .any(|s| k.record.source(&s.path).is_none())
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
    build(input).map(|b| b.qde)
}

/// A project's `project.qde`, the files kept from an import, and notes.
struct Built {
    qde: String,
    files: Vec<(String, Vec<u8>)>,
    notes: Vec<String>,
}

/// The `<Project …>` start tag: an imported project's attributes as they
/// came (origin now qualcode), else qualcode's.
fn project_start(input: &ExportInput<'_>, shown: &Shown, out: &mut String) {
    let origin = format!("qualcode {}", env!("CARGO_PKG_VERSION"));
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{NAMESPACE}\""
    );
    if let Some(k) = input.kept.filter(|k| !k.record.project.is_empty()) {
        for (name, value) in &k.record.project {
            let v = match name.as_str() {
                "origin" => origin.clone(),
                "name" => input.redactor.apply(value),
                _ => value.clone(),
            };
            let _ = write!(out, " {name}=\"{}\"", escape(&v));
        }
        if !k.record.project.iter().any(|(n, _)| n == "origin") {
            let _ = write!(out, " origin=\"{origin}\"");
        }
        out.push_str(">\n");
        return;
    }
    let _ = writeln!(
        out,
        " name=\"{}\" origin=\"{origin}\" creatingUserGUID=\"{}\">",
        escape(&input.redactor.redact(input.name)),
        stable_guid("user", shown.user("auto"))
    );
}

/// The `<Users>`: an import's users as they came, then qualcode's coders
/// not among them.
fn write_users(input: &ExportInput<'_>, shown: &Shown, out: &mut String) {
    out.push_str("  <Users>\n");
    let mut filed: BTreeSet<&str> = BTreeSet::new();
    if let Some(k) = input.kept {
        for u in &k.record.users {
            filed.insert(&u.coder);
            let _ = writeln!(
                out,
                "    <User guid=\"{}\" name=\"{}\"/>",
                k.guid(&u.guid),
                escape(&input.redactor.apply(&u.name))
            );
        }
    }
    let users: BTreeSet<&str> = shown
        .users
        .iter()
        .filter(|(raw, _)| !filed.contains(raw.as_str()))
        .map(|(_, v)| v.as_str())
        .collect();
    for name in users {
        let _ = writeln!(
            out,
            "    <User guid=\"{}\" name=\"{}\"/>",
            stable_guid("user", name),
            escape(name)
        );
    }
    out.push_str("  </Users>\n");
}

/// The `<CodeBook>`: an imported codebook's codes with their GUIDs and
/// descriptions as they came; codes with codings codable.
fn write_codebook(input: &ExportInput<'_>, out: &mut String) {
    out.push_str("  <CodeBook>\n    <Codes>\n");
    let books: Vec<&Codebook> = input.codes.codebooks.iter().collect();
    let mut how = qdc::CodeWriting {
        coded: input.codings.iter().map(|c| c.code.as_str()).collect(),
        ..qdc::CodeWriting::default()
    };
    let guids: Vec<String> = input
        .kept
        .map(|k| k.record.codes.iter().map(|c| k.guid(&c.guid)).collect())
        .unwrap_or_default();
    if let Some(k) = input.kept {
        how.imported = Some(k.record.codebook.as_str());
        for (c, guid) in k.record.codes.iter().zip(&guids) {
            how.known.insert(
                c.id.as_str(),
                qdc::Known {
                    guid,
                    codable: c.codable,
                    name: c.name.as_str(),
                    description: c.description.as_deref(),
                },
            );
        }
    }
    qdc::write_codes_with(&books, 3, books.len() > 1, &how, out);
    out.push_str("    </Codes>\n  </CodeBook>\n");
}

/// A variable's GUID and type: as imported, else qualcode's (text).
fn variable<'k>(input: &'k ExportInput<'_>, name: &str) -> (String, &'k str) {
    if let Some((k, v)) = input
        .kept
        .and_then(|k| Some((k, k.record.variables.iter().find(|v| v.name == name)?)))
    {
        return (k.guid(&v.guid), v.kind.as_str());
    }
    (
        stable_guid("variable", &input.redactor.redact(name)),
        "Text",
    )
}

/// The value element for a value of type `kind`: text when it does not
/// read as that type.
fn value_element(kind: &str, value: &str) -> &'static str {
    let v = value.trim();
    match kind {
        "Integer" if v.parse::<i64>().is_ok() => "IntegerValue",
        "Float" if v.parse::<f64>().is_ok() => "FloatValue",
        "Boolean" if matches!(v, "true" | "false" | "0" | "1") => "BooleanValue",
        "Date" if v.len() == 10 && v.as_bytes()[4] == b'-' => "DateValue",
        "DateTime" if v.contains('T') => "DateTimeValue",
        _ => "TextValue",
    }
}

/// The `<Variables>`: the attributes of the cases written, with an
/// import's GUIDs, types and descriptions.
fn write_variables(input: &ExportInput<'_>, out: &mut String) {
    let made = made_cases(input);
    let mut attributes = input.cases.attribute_names();
    if !made.is_empty() {
        // Only the attributes of the cases written.
        attributes.retain(|a| {
            input
                .cases
                .iter()
                .any(|c| !made.contains(c.id.as_str()) && c.attributes.contains_key(a))
        });
    }
    if !attributes.is_empty() {
        out.push_str("  <Variables>\n");
        for a in &attributes {
            let (guid, kind) = variable(input, a);
            let description = input.kept.and_then(|k| {
                k.record
                    .variables
                    .iter()
                    .find(|v| v.name == *a)?
                    .description
                    .as_deref()
            });
            let a = input.redactor.redact(a);
            let _ = write!(
                out,
                "    <Variable guid=\"{guid}\" name=\"{}\" typeOfVariable=\"{kind}\"",
                escape(&a)
            );
            match description {
                Some(d) => {
                    let _ = writeln!(
                        out,
                        ">\n      <Description>{}</Description>\n    </Variable>",
                        escape_text(&input.redactor.apply(d))
                    );
                }
                None => out.push_str("/>\n"),
            }
        }
        out.push_str("  </Variables>\n");
    }
}

fn build(input: &ExportInput<'_>) -> Result<Built> {
    let shown = Shown::new(input);
    let mut out = String::new();
    project_start(input, &shown, &mut out);
    write_users(input, &shown, &mut out);
    write_codebook(input, &mut out);
    write_variables(input, &mut out);
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
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for source in input.sources {
        let segments = by_doc.get(source.path.as_str());
        if let Some((k, s)) = input
            .kept
            .and_then(|k| Some((k, k.record.source(&source.path)?)))
        {
            let user = |c: &Coding| match c.source {
                Source::Manual => k
                    .user_of(c.coder.as_column())
                    .unwrap_or_else(|| stable_guid("user", shown.user(c.coder.as_column()))),
                Source::Auto => stable_guid("user", shown.user("auto")),
            };
            let mut done = kept::write_source(k, s, segments, input.redactor, &user)?;
            out.push_str(&done.xml);
            files.append(&mut done.files);
            notes.append(&mut done.notes);
        } else {
            write_source(source, segments, input, &shown, &mut out)?;
            let guid = stable_guid("source", shown.doc(&source.path));
            files.push((
                format!("Sources/{guid}.txt"),
                input
                    .redactor
                    .redact_lines(&source.text)
                    .into_owned()
                    .into_bytes(),
            ));
        }
    }
    out.push_str("  </Sources>\n");
    write_decisions(input, &shown, &mut out);
    if let Some(d) = input.kept.and_then(|k| k.record.description.as_deref()) {
        let _ = writeln!(
            out,
            "  <Description>{}</Description>",
            escape_text(&input.redactor.apply(d))
        );
    }
    out.push_str("</Project>\n");
    Ok(Built {
        qde: out,
        files,
        notes,
    })
}

/// The coders' rejections and acceptances as a note (a table, one row a
/// line) that `qualcode import qdpx` reads back.
fn write_decisions(input: &ExportInput<'_>, shown: &Shown, out: &mut String) {
    let rows: Vec<&crate::coding::ManualRow> = input
        .decisions
        .iter()
        .filter(|r| r.action != crate::coding::store::Action::Add)
        .collect();
    if rows.is_empty() {
        return;
    }
    let user = |coder: &str| {
        input
            .kept
            .and_then(|k| k.user_of(coder))
            .unwrap_or_else(|| stable_guid("user", shown.user(coder)))
    };
    let mut table = format!("{}\n", super::qde::DECISIONS_HEADER);
    for r in rows {
        let memo = input
            .redactor
            .apply(&r.memo)
            .replace(['\t', '\n', '\r'], " ");
        let code = input
            .kept
            .and_then(|k| Some(k.guid(&k.record.code(&r.code)?.guid)))
            .unwrap_or_else(|| qdc::code_guid(&r.code));
        let _ = writeln!(
            table,
            "{}\t{}\t{code}\t{}\t{}\t{memo}",
            doc_guid(input, shown, &r.document),
            r.line,
            r.action.as_str(),
            user(&r.coder)
        );
    }
    let _ = writeln!(
        out,
        "  <Notes>\n    <Note guid=\"{}\" name=\"{}\">\n      \
         <Description>The coders' rejections and acceptances of auto codings, for qualcode \
         (`qualcode import qdpx` reads them back).</Description>\n      \
         <PlainTextContent>{}</PlainTextContent>\n    </Note>\n  </Notes>",
        stable_guid("note", "decisions"),
        super::qde::DECISIONS_NOTE,
        escape_text(&table)
    );
}

/// The case ids an import made up for sources no case held: not exported.
fn made_cases<'k>(input: &ExportInput<'k>) -> BTreeSet<&'k str> {
    input
        .kept
        .map(|k| k.record.made_cases.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The GUID of document `doc`: its imported source's, else qualcode's.
fn doc_guid(input: &ExportInput<'_>, shown: &Shown, doc: &str) -> String {
    input
        .kept
        .and_then(|k| Some(k.guid(&k.record.source(doc)?.guid)))
        .unwrap_or_else(|| stable_guid("source", shown.doc(doc)))
}

/// The `<Cases>` element: each case with its attributes and sources.
fn write_cases(input: &ExportInput<'_>, shown: &Shown, out: &mut String) {
    if input.cases.is_empty() {
        return;
    }
    let made = made_cases(input);
    let cases: Vec<_> = input
        .cases
        .iter()
        .filter(|c| !made.contains(c.id.as_str()))
        .collect();
    if cases.is_empty() {
        return;
    }
    out.push_str("  <Cases>\n");
    for case in cases {
        let was = input.kept.and_then(|k| {
            let c = k
                .record
                .cases
                .iter()
                .find(|c| c.id.as_deref() == Some(case.id.as_str()))?;
            Some((k, c))
        });
        let (guid, name) = was.map_or_else(
            || {
                (
                    stable_guid("case", shown.case(&case.id)),
                    shown.case(&case.id).to_owned(),
                )
            },
            |(k, c)| (k.guid(&c.guid), input.redactor.apply(&c.name)),
        );
        let _ = writeln!(out, "    <Case guid=\"{guid}\" name=\"{}\">", escape(&name));
        if let Some(d) = was.and_then(|(_, c)| c.description.as_deref()) {
            let _ = writeln!(
                out,
                "      <Description>{}</Description>",
                escape_text(&input.redactor.apply(d))
            );
        }
        for (name, value) in &case.attributes {
            let (guid, kind) = variable(input, name);
            let element = value_element(kind, &value.value);
            let _ = writeln!(
                out,
                "      <VariableValue>\n        <VariableRef targetGUID=\"{guid}\"/>\n        \
                 <{element}>{}</{element}>\n      </VariableValue>",
                escape_text(&input.redactor.redact(&value.value))
            );
        }
        let mut refs: Vec<String> = was
            .map(|(k, c)| c.sources.iter().map(|g| k.guid(g)).collect())
            .unwrap_or_default();
        for (doc, cases) in input.case_documents {
            let guid = doc_guid(input, shown, doc);
            if cases.contains(&case.id) && !refs.contains(&guid) {
                refs.push(guid);
            }
        }
        for guid in refs {
            let _ = writeln!(out, "      <SourceRef targetGUID=\"{guid}\"/>");
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
            "      <PlainTextSelection guid=\"{}\" name=\"line:{} ({}, lines {a}-{b})\" \
             startPosition=\"{start}\" endPosition=\"{end}\" creatingUser=\"{}\">",
            stable_guid("selection", &key),
            a - 1,
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
pub fn export(input: &ExportInput<'_>) -> Result<Exported> {
    let built = build(input)?;
    let fail = |e: &dyn std::fmt::Display| {
        Error::new(crate::ErrorKind::Io, format!("cannot build the zip: {e}"))
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("project.qde", options)
        .map_err(|e| fail(&e))?;
    zip.write_all(built.qde.as_bytes()).map_err(|e| fail(&e))?;
    for (name, bytes) in built.files {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(Exported {
        bytes: cursor.into_inner(),
        notes: built.notes,
    })
}

/// The plain text of each of `project`'s transcripts named in `paths`, as
/// qualcode numbers its lines (decoded, NFC, LF; Word, `OpenDocument`, RTF
/// and HTML documents as their paragraphs: [`crate::ingest::read_text`]),
/// in the order of `paths`.
pub fn source_texts(project: &crate::project::Project, paths: &[&str]) -> Result<Vec<SourceText>> {
    let files: std::collections::HashMap<String, crate::project::ProjectFile> = project
        .transcript_files()?
        .into_iter()
        .map(|f| (f.display.clone(), f))
        .collect();
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let Some(file) = files.get(*path) else {
            return Err(Error::invalid(format!(
                "transcript {path} is no longer in the project"
            )));
        };
        out.push(SourceText {
            path: (*path).to_owned(),
            text: crate::ingest::read_text(project, file)?,
        });
    }
    Ok(out)
}
