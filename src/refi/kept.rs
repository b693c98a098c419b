//! Exporting an imported project as it came: the sources' files byte for
//! byte, their selections and codings with their GUIDs, users, cases and
//! variables, from the record `qualcode import qdpx` kept
//! ([`super::sidecar`]). Codings qualcode added are new selections over
//! their lines; imported codings no longer effective are left out.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use super::sidecar::{self, Sidecar};
use super::xml::{escape, escape_text};
use crate::coding::Coding;
use crate::redact::{Redaction, Redactor};
use crate::{Error, Result};

/// The record of an import and the files it kept.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// `refi/project.json`.
    pub record: Sidecar,
    /// `refi/sources/` files, by name.
    pub files: BTreeMap<String, Vec<u8>>,
    /// GUIDs are written in lower case (as NVivo writes them).
    pub lower: bool,
}

impl Kept {
    /// The record of the project at `root` and its files, if it has one.
    pub fn load(root: &Path) -> Result<Option<Kept>> {
        let Some(record) = Sidecar::read(root)? else {
            return Ok(None);
        };
        let mut files = BTreeMap::new();
        for s in &record.sources {
            for name in s.plain_file.iter().chain(&s.rich_file) {
                let rel = format!("{}/{name}", sidecar::SOURCES);
                if sidecar::file_name(name, "") != *name {
                    return Err(Error::invalid(format!("{name:?} is not a plain file name"))
                        .at(crate::Location::file(sidecar::FILE)));
                }
                let bytes = std::fs::read(root.join(&rel))
                    .map_err(|e| Error::io(Path::new(&rel), "read", &e))?;
                files.insert(name.clone(), bytes);
            }
        }
        let lower = record
            .project
            .iter()
            .chain(record.sources.iter().flat_map(|s| &s.attrs))
            .filter(|(k, _)| k.ends_with("GUID") || k == "guid")
            .any(|(_, v)| v.chars().any(|c| c.is_ascii_lowercase()));
        Ok(Some(Kept {
            record,
            files,
            lower,
        }))
    }

    /// A recorded GUID (canonical) as the project wrote them.
    pub fn guid(&self, canonical: &str) -> String {
        if self.lower {
            canonical.to_ascii_lowercase()
        } else {
            canonical.to_owned()
        }
    }

    /// The user GUID of `coder`: the first recorded user filed under it.
    pub fn user_of(&self, coder: &str) -> Option<String> {
        self.record
            .users
            .iter()
            .find(|u| u.coder == coder)
            .map(|u| self.guid(&u.guid))
    }

    /// The plain text of `source` (without a byte-order mark) and whether
    /// it had one.
    pub fn text(&self, source: &sidecar::Source) -> Result<(String, bool)> {
        if let Some(c) = &source.content {
            return Ok((c.clone(), false));
        }
        let name = source.plain_file.as_deref().unwrap_or("");
        let bytes = self.files.get(name).map_or(&[][..], Vec::as_slice);
        let text = std::str::from_utf8(bytes).map_err(|_| {
            Error::invalid(format!(
                "{}/{name} is not UTF-8 (was it edited?)",
                sidecar::SOURCES
            ))
        })?;
        Ok(match text.strip_prefix('\u{feff}') {
            Some(t) => (t.to_owned(), true),
            None => (text.to_owned(), false),
        })
    }
}

/// Offsets in a text in its positions' unit (characters or UTF-16 code
/// units) and in bytes, character by character.
struct Units {
    /// Unit offset of each character, then the text's length.
    units: Vec<usize>,
    /// Byte offset of each character, then the text's length.
    bytes: Vec<usize>,
}

impl Units {
    fn new(text: &str, utf16: bool) -> Units {
        let mut units = Vec::with_capacity(text.len() + 1);
        let mut bytes = Vec::with_capacity(text.len() + 1);
        let mut u = 0;
        for (b, c) in text.char_indices() {
            units.push(u);
            bytes.push(b);
            u += if utf16 { c.len_utf16() } else { 1 };
        }
        units.push(u);
        bytes.push(text.len());
        Units { units, bytes }
    }

    fn byte_at(&self, pos: usize) -> usize {
        let i = self.units.partition_point(|&u| u < pos);
        self.bytes[i.min(self.bytes.len() - 1)]
    }

    fn unit_at(&self, byte: usize) -> usize {
        let i = self.bytes.partition_point(|&b| b < byte);
        self.units[i.min(self.units.len() - 1)]
    }
}

/// Each line's (start, end before its break) in `text`, in the unit, lines
/// broken at `\r\n`, `\r` or `\n` as the import counted them.
fn lines(text: &str, utf16: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut u = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let w = if utf16 { c.len_utf16() } else { 1 };
        if c == '\n' || c == '\r' {
            out.push((start, u));
            u += w;
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
                u += 1;
            }
            start = u;
        } else {
            u += w;
        }
    }
    out.push((start, u));
    out
}

/// Positions of the original text moved into its redacted text.
struct Moved {
    before: Units,
    after: Units,
    redaction: Redaction,
}

impl Moved {
    fn pos(&self, pos: usize, end: bool) -> usize {
        let b = self.before.byte_at(pos);
        self.after.unit_at(self.redaction.offset(b, end))
    }
}

/// One imported source, written back.
pub(crate) struct SourceOut {
    /// The `<TextSource>` element.
    pub(crate) xml: String,
    /// Zip entries (`Sources/…`) and their bytes.
    pub(crate) files: Vec<(String, Vec<u8>)>,
    /// What was left out, for a note.
    pub(crate) notes: Vec<String>,
}

/// How new codings' users are written: coder → user GUID.
pub(crate) type UserGuid<'a> = &'a dyn Fn(&Coding) -> String;

/// `source` as it came, with the imported selections still effective in
/// `segments` and new selections for the codings qualcode added.
pub(crate) fn write_source(
    kept: &Kept,
    source: &sidecar::Source,
    segments: Option<&BTreeMap<usize, Vec<&Coding>>>,
    redactor: &Redactor,
    user: UserGuid<'_>,
) -> Result<SourceOut> {
    let (text, bom) = kept.text(source)?;
    let redaction = (!redactor.is_empty())
        .then(|| redactor.redaction(&text))
        .filter(|r| !r.replaced.is_empty());
    let moved = redaction.map(|r| Moved {
        before: Units::new(&text, source.utf16),
        after: Units::new(&r.text, source.utf16),
        redaction: r,
    });
    let mut out = SourceOut {
        xml: String::new(),
        files: Vec::new(),
        notes: Vec::new(),
    };
    source_start(source, &text, moved.as_ref(), redactor, &mut out);
    let (used, new) = matched(source, segments);
    let out_xml = &mut out.xml;
    write_kept_selections(kept, source, &used, moved.as_ref(), redactor, out_xml);
    let how = New {
        kept,
        source,
        spans: lines(&text, source.utf16),
        moved: moved.as_ref(),
        redactor,
        user,
    };
    for (segment, codings) in &new {
        how.write(*segment, codings, out_xml)?;
    }
    out_xml.push_str("    </TextSource>\n");
    out.files = source_files(kept, source, moved.as_ref(), bom);
    Ok(out)
}

/// The `<TextSource>` start tag as it came, its description and inline text.
fn source_start(
    source: &sidecar::Source,
    text: &str,
    moved: Option<&Moved>,
    redactor: &Redactor,
    out: &mut SourceOut,
) {
    let xml = &mut out.xml;
    xml.push_str("    <TextSource");
    for (k, v) in &source.attrs {
        if k == "richTextPath" && moved.is_some() {
            out.notes.push(format!(
                "{}: its rich text is left out (names on the redaction list are in it)",
                source.document
            ));
            continue;
        }
        let v = if k == "name" {
            redactor.apply(v)
        } else {
            v.clone()
        };
        let _ = write!(xml, " {k}=\"{}\"", escape(&v));
    }
    xml.push_str(">\n");
    if let Some(d) = &source.description {
        let _ = writeln!(
            xml,
            "      <Description>{}</Description>",
            escape_text(&redactor.apply(d))
        );
    }
    if source.content.is_some() {
        let shown = moved.map_or(text, |m| &m.redaction.text);
        let _ = writeln!(
            xml,
            "      <PlainTextContent>{}</PlainTextContent>",
            escape_text(shown)
        );
    }
}

/// Imported codings still held (selection, coding), and new codings by
/// segment.
type Matched<'c> = (HashSet<(usize, usize)>, BTreeMap<usize, Vec<&'c Coding>>);

/// Which imported codings (selection, coding) the effective codings in
/// `segments` still hold, and the codings with no imported counterpart, by
/// segment.
fn matched<'c>(
    source: &sidecar::Source,
    segments: Option<&BTreeMap<usize, Vec<&'c Coding>>>,
) -> Matched<'c> {
    // (line, code) → the imported codings that became that row.
    let mut rows: HashMap<(usize, &str), Vec<(usize, usize)>> = HashMap::new();
    for (i, sel) in source.selections.iter().enumerate() {
        for (j, c) in sel.codings.iter().enumerate() {
            if let Some(r) = &c.row {
                rows.entry((r.line, r.code.as_str()))
                    .or_default()
                    .push((i, j));
            }
        }
    }
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    let mut new: BTreeMap<usize, Vec<&Coding>> = BTreeMap::new();
    for (segment, codings) in segments.into_iter().flatten() {
        for c in codings {
            let mut found = false;
            for line in c.line_start..=c.line_end {
                if let Some(v) = rows.get(&(line, c.code.as_str())) {
                    used.extend(v.iter().copied());
                    found = true;
                }
            }
            if !found {
                new.entry(*segment).or_default().push(c);
            }
        }
    }
    (used, new)
}

/// The imported selections with a coding in `used`, as they came (only
/// those codings; positions moved into a redacted text).
fn write_kept_selections(
    kept: &Kept,
    source: &sidecar::Source,
    used: &HashSet<(usize, usize)>,
    moved: Option<&Moved>,
    redactor: &Redactor,
    xml: &mut String,
) {
    for (i, sel) in source.selections.iter().enumerate() {
        if !(0..sel.codings.len()).any(|j| used.contains(&(i, j))) {
            continue;
        }
        xml.push_str("      <PlainTextSelection");
        for (k, v) in &sel.attrs {
            let v = match (k.as_str(), moved) {
                ("name", _) => redactor.apply(v),
                ("startPosition" | "endPosition", Some(m)) => {
                    let p: usize = v.trim().parse().unwrap_or(0);
                    m.pos(p, k == "endPosition").to_string()
                }
                _ => v.clone(),
            };
            let _ = write!(xml, " {k}=\"{}\"", escape(&v));
        }
        xml.push_str(">\n");
        if let Some(d) = &sel.description {
            let _ = writeln!(
                xml,
                "        <Description>{}</Description>",
                escape_text(&redactor.apply(d))
            );
        }
        for (j, c) in sel.codings.iter().enumerate() {
            if !used.contains(&(i, j)) {
                continue;
            }
            xml.push_str("        <Coding");
            for (k, v) in &c.attrs {
                let _ = write!(xml, " {k}=\"{}\"", escape(v));
            }
            let _ = writeln!(
                xml,
                ">\n          <CodeRef targetGUID=\"{}\"/>\n        </Coding>",
                kept.guid(&c.code)
            );
        }
        xml.push_str("      </PlainTextSelection>\n");
    }
}

/// How codings qualcode added to an imported source are written.
struct New<'a> {
    kept: &'a Kept,
    source: &'a sidecar::Source,
    /// The source's lines, in its unit.
    spans: Vec<(usize, usize)>,
    moved: Option<&'a Moved>,
    redactor: &'a Redactor,
    user: UserGuid<'a>,
}

impl New<'_> {
    /// One selection over the lines of `segment`, with its codings.
    fn write(&self, segment: usize, codings: &[&Coding], xml: &mut String) -> Result<()> {
        let (kept, source) = (self.kept, self.source);
        let first = codings[0];
        let span = |line: usize| {
            line.checked_sub(source.offset + 1)
                .and_then(|i| self.spans.get(i))
                .copied()
        };
        let (Some((start, _)), Some((_, end))) = (span(first.line_start), span(first.line_end))
        else {
            return Err(Error::invalid(format!(
                "lines {}-{} of {} are not in the source it was imported from (was it edited?)",
                first.line_start, first.line_end, source.document
            )));
        };
        let pos = |p: usize, end: bool| self.moved.map_or(p, |m| m.pos(p, end));
        let key = format!("{}#{segment}", source.guid);
        let _ = writeln!(
            xml,
            "      <PlainTextSelection guid=\"{}\" name=\"line:{}\" startPosition=\"{}\" \
             endPosition=\"{}\" creatingUser=\"{}\">",
            kept.guid(&super::stable_guid("selection", &key)),
            // qc's line: from 0, in the source's own lines.
            first.line_start - source.offset - 1,
            pos(start, false),
            pos(end, true),
            (self.user)(first)
        );
        let memos: Vec<String> = codings
            .iter()
            .filter(|c| !c.memo.is_empty())
            .map(|c| {
                self.redactor
                    .apply(&format!("{} ({}): {}", c.code, c.coder, c.memo))
            })
            .collect();
        if !memos.is_empty() {
            let _ = writeln!(
                xml,
                "        <Description>{}</Description>",
                escape_text(&memos.join("\n"))
            );
        }
        for c in codings {
            let code = kept
                .record
                .code(&c.code)
                .map_or_else(|| super::qdc::code_guid(&c.code), |r| kept.guid(&r.guid));
            let _ = writeln!(
                xml,
                "        <Coding guid=\"{}\" creatingUser=\"{}\">\n          \
                 <CodeRef targetGUID=\"{code}\"/>\n        </Coding>",
                kept.guid(&super::stable_guid(
                    "coding",
                    &format!("{key}#{}#{}", c.code, c.coder)
                )),
                (self.user)(c)
            );
        }
        xml.push_str("      </PlainTextSelection>\n");
        Ok(())
    }
}

/// The source's files for `Sources/`, named as its paths say: the plain
/// text byte for byte (redacted if names are in it), the rich text unless
/// the plain text needed redacting.
fn source_files(
    kept: &Kept,
    source: &sidecar::Source,
    moved: Option<&Moved>,
    bom: bool,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let attr = |k: &str| sidecar::attr(&source.attrs, k);
    let entry = |path: &str| {
        format!(
            "Sources/{}",
            path.strip_prefix("internal://").unwrap_or(path)
        )
    };
    if let (Some(name), Some(path)) = (&source.plain_file, attr("plainTextPath")) {
        let bytes = match moved {
            None => kept.files.get(name).cloned().unwrap_or_default(),
            Some(m) => {
                let mut b = if bom {
                    "\u{feff}".as_bytes().to_vec()
                } else {
                    Vec::new()
                };
                b.extend_from_slice(m.redaction.text.as_bytes());
                b
            }
        };
        files.push((entry(path), bytes));
    }
    if let (Some(name), Some(path), None) = (&source.rich_file, attr("richTextPath"), moved) {
        files.push((
            entry(path),
            kept.files.get(name).cloned().unwrap_or_default(),
        ));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_crlf_cr_and_lf_in_either_unit() {
        assert_eq!(
            lines("ab\r\ncd\ref\ng", false),
            [(0, 2), (4, 6), (7, 9), (10, 11)]
        );
        // 🙂 is two UTF-16 units.
        assert_eq!(lines("🙂a\r\nb", true), [(0, 3), (5, 6)]);
        assert_eq!(lines("🙂a\r\nb", false), [(0, 2), (4, 5)]);
    }

    #[test]
    fn positions_move_into_the_redacted_text() {
        let text = "I met Anna Kovács 🙂 today";
        let r = Redactor::new(&[("Anna Kovács".into(), "[P1]".into())]);
        let redaction = r.redaction(text);
        let m = Moved {
            before: Units::new(text, true),
            after: Units::new(&redaction.text, true),
            redaction,
        };
        // "today" starts at unit 21 (the emoji is two units), 14 after.
        assert_eq!(m.pos(21, false), 14);
        assert_eq!(m.pos(6, false), 6);
        assert_eq!(m.pos(17, true), 10);
    }
}
