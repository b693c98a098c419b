//! REFI-QDA codebooks (`.qdc`, Codebook.xsd) to and from qualcode codebooks.
//!
//! Export writes each code's label as `name`, its colour, `isCodable`, and a
//! `Description` holding the description, the include and exclude notes
//! and, after a `-- qualcode --` line, the code's id, patterns, vetoes and
//! examples (qualcode's own; other tools keep them as text), so that a
//! codebook comes back from a round trip as it went out. GUIDs are
//! version-5 UUIDs of the code ids: the same on every run.
//!
//! Import reads the namespaces seen in real files (`urn:QDA-XML:codebook:1.0`,
//! ATLAS.ti's `…:0:4`, and `…:1:0`), GUIDs in any case with or without
//! braces, and ignores attributes it does not know. It rejects files that
//! are not well-formed (truncated), other namespaces and repeated GUIDs.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::xml::{self, Element, escape, escape_text};
use super::{parse_guid, slug, stable_guid, unique};
use crate::codebook::{Code, Codebook, PatternKind};
use crate::{Error, Location, Result};

/// The namespace qualcode writes.
pub const NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// Codebook namespaces read: the standard one, ATLAS.ti's older `0:4`, and
/// the `1:0` spelling some writers use.
const NAMESPACES: [&str; 3] = [
    NAMESPACE,
    "urn:QDA-XML:codebook:0:4",
    "urn:QDA-XML:codebook:1:0",
];

/// The line that starts qualcode's own part of a description.
const MARK: &str = "-- qualcode --";

/// A code as read from a REFI file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefiCode {
    /// Canonical GUID (upper case, no braces).
    pub guid: String,
    /// The name (qualcode's label).
    pub name: String,
    /// The description, trimmed, with LF line breaks.
    pub description: Option<String>,
    /// The `<Description>` exactly as written, if any.
    pub raw_description: Option<String>,
    /// `#rrggbb` or `#rgb`.
    pub color: Option<String>,
    /// `isCodable`.
    pub codable: bool,
    /// Codes below it.
    pub children: Vec<RefiCode>,
}

/// A codebook as read from a `.qdc` file or a project's `CodeBook`.
#[derive(Debug, Clone, Default)]
pub struct RefiCodebook {
    /// The writing program (`origin=`), if named.
    pub origin: Option<String>,
    /// Top-level codes.
    pub codes: Vec<RefiCode>,
    /// How many code sets (`<Set>`) were passed over.
    pub sets: usize,
}

impl RefiCodebook {
    /// Every code, parents before children.
    pub fn walk(&self) -> Vec<&RefiCode> {
        fn go<'a>(codes: &'a [RefiCode], out: &mut Vec<&'a RefiCode>) {
            for c in codes {
                out.push(c);
                go(&c.children, out);
            }
        }
        let mut out = Vec::new();
        go(&self.codes, &mut out);
        out
    }
}

/// Codes named with a hierarchy separator (`Coke::diet Coke`, as ATLAS.ti
/// writes them; `/` in some tools) nested below the code named by the
/// part before it (`Coke`), a sibling if there is one, else a new
/// non-codable code; the part after becomes the name. An empty `sep`
/// changes nothing. Returns how many codes were moved.
pub fn nest(codes: &mut Vec<RefiCode>, sep: &str) -> usize {
    if sep.is_empty() {
        return 0;
    }
    let mut moved = 0;
    let mut i = 0;
    while i < codes.len() {
        let split = codes[i]
            .name
            .split_once(sep)
            .map(|(p, r)| (p.trim().to_owned(), r.trim().to_owned()))
            .filter(|(p, r)| !p.is_empty() && !r.is_empty());
        let Some((parent, rest)) = split else {
            i += 1;
            continue;
        };
        let mut code = codes.remove(i);
        code.name = rest;
        moved += 1;
        let at = if let Some(at) = codes.iter().position(|c| c.name == parent) {
            at
        } else {
            codes.push(RefiCode {
                guid: stable_guid("code-group", &parent),
                name: parent,
                description: None,
                raw_description: None,
                color: None,
                codable: false,
                children: Vec::new(),
            });
            codes.len() - 1
        };
        codes[at].children.push(code);
        // `i` now holds the next code (or the same index shifted).
    }
    for c in codes.iter_mut() {
        moved += nest(&mut c.children, sep);
    }
    moved
}

/// Read the `.qdc` file `text`, named `path`.
pub fn read(text: &str, path: &str) -> Result<RefiCodebook> {
    let root = xml::parse(text, path)?;
    if root.name != "CodeBook" {
        return Err(Error::invalid(format!(
            "the root element is <{}>, not <CodeBook>: not a REFI-QDA codebook",
            root.name
        ))
        .at(root.location(path)));
    }
    let ns = root.attr("xmlns").unwrap_or("");
    if !NAMESPACES.contains(&ns) {
        return Err(Error::invalid(format!(
            "unknown namespace '{}': a REFI-QDA codebook uses {NAMESPACE} (or ATLAS.ti's \
             urn:QDA-XML:codebook:0:4)",
            super::clip(ns, 80)
        ))
        .at(root.location(path)));
    }
    let Some(codes) = root.child("Codes") else {
        return Err(Error::invalid("the codebook has no <Codes>").at(root.location(path)));
    };
    let mut seen = HashMap::new();
    Ok(RefiCodebook {
        origin: root.attr("origin").map(str::to_owned),
        codes: read_codes(codes, path, &mut seen)?,
        sets: root.child("Sets").map_or(0, |s| s.all("Set").count()),
    })
}

/// The `<Code>` children of `parent`, recursively. `seen` maps each GUID
/// to the line it was first seen on, to refuse repeats.
pub(crate) fn read_codes(
    parent: &Element,
    path: &str,
    seen: &mut HashMap<String, usize>,
) -> Result<Vec<RefiCode>> {
    let mut out = Vec::new();
    for el in parent.all("Code") {
        let at = el.location(path);
        let guid = parse_guid(required(el, "guid", path)?, &at)?;
        if let Some(first) = seen.insert(guid.clone(), el.line) {
            return Err(Error::invalid(format!(
                "GUID {guid} is used twice (first at line {first})"
            ))
            .at(at));
        }
        let name = required(el, "name", path)?.trim().to_owned();
        let codable = !matches!(el.attr("isCodable").map(str::trim), Some("false" | "0"));
        out.push(RefiCode {
            guid,
            name,
            description: el
                .child("Description")
                .map(|d| d.text.replace("\r\n", "\n").trim().to_owned())
                .filter(|d| !d.is_empty()),
            raw_description: el.child("Description").map(|d| d.text.clone()),
            color: el.attr("color").map(|c| c.trim().to_owned()),
            codable,
            children: read_codes(el, path, seen)?,
        });
    }
    Ok(out)
}

/// The attribute `name` of `el`, or an error saying it is missing.
pub(crate) fn required<'a>(el: &'a Element, name: &str, path: &str) -> Result<&'a str> {
    el.attr(name).ok_or_else(|| {
        Error::invalid(format!("<{}> has no {name}= attribute", el.name)).at(el.location(path))
    })
}

/// qualcode's codebook `name` from `book`: the YAML text, and each GUID's
/// code id.
pub struct Converted {
    /// The codebook YAML.
    pub yaml: String,
    /// GUID → full code id.
    pub ids: HashMap<String, String>,
    /// GUIDs of the codes with patterns (from a qualcode export).
    pub patterned: HashSet<String>,
    /// What a person should know (what was dropped or assumed).
    pub notes: Vec<String>,
}

/// Convert `book`, read from `source`, to a qualcode codebook named `name`.
pub fn to_yaml(
    book: &RefiCodebook,
    name: &str,
    title: Option<&str>,
    source: &str,
) -> Result<Converted> {
    crate::codebook::parse::check_id(name, "codebook name").map_err(Error::usage)?;
    let mut yaml = String::new();
    let origin = book
        .origin
        .as_deref()
        .map_or_else(String::new, |o| format!(", written by {o}"));
    let _ = writeln!(
        yaml,
        "# Imported from {source} by `qualcode import`{origin}.\n\
         # REFI-QDA codebooks carry no patterns: a code without `patterns:` is never\n\
         # applied by `qualcode code`. Add patterns, or code by hand in codings/<coder>.csv.\n\
         # The comment after each id is the code's GUID in the file it came from."
    );
    let _ = writeln!(yaml, "codebook: {name}");
    if let Some(title) = title {
        let _ = writeln!(yaml, "title: {}", quote(title));
    }
    let _ = writeln!(
        yaml,
        "description: {}",
        quote(&format!("Imported from {source}{origin}"))
    );
    yaml.push_str("codes:\n");
    let mut converted = Converted {
        yaml,
        ids: HashMap::new(),
        patterned: HashSet::new(),
        notes: Vec::new(),
    };
    let mut counts = Counts::default();
    write_codes(&book.codes, name, 1, &mut converted, &mut counts);
    if book.codes.is_empty() {
        return Err(Error::invalid("the codebook has no codes").at(Location::file(source)));
    }
    let total = book.walk().len();
    let mut note = format!(
        "{total} codes imported into codebook {name}; {} with patterns from a qualcode export, \
         {} without patterns (qualcode code will not apply them)",
        counts.with_patterns,
        total - counts.with_patterns
    );
    if counts.not_codable > 0 {
        let _ = write!(
            note,
            "; {} marked not codable (qualcode has no such flag: they are plain codes)",
            counts.not_codable
        );
    }
    converted.notes.push(note);
    if book.sets > 0 {
        converted.notes.push(format!(
            "{} code sets (<Set>) passed over: qualcode has no code sets",
            book.sets
        ));
    }
    // The text written must be a codebook qualcode reads.
    crate::codebook::CodeSet::parse(&converted.yaml, source).map_err(|e| {
        Error::invalid(format!("the converted codebook does not read back: {e}"))
            .at(Location::file(source))
    })?;
    Ok(converted)
}

#[derive(Default)]
struct Counts {
    with_patterns: usize,
    not_codable: usize,
}

fn write_codes(
    codes: &[RefiCode],
    prefix: &str,
    depth: usize,
    out: &mut Converted,
    counts: &mut Counts,
) {
    let pad = "  ".repeat(depth - 1);
    let mut taken = HashSet::new();
    for code in codes {
        let parts = Description::parse(code.description.as_deref().unwrap_or(""));
        let wanted = parts
            .id
            .as_deref()
            .map(crate::id::leaf)
            .filter(|local| crate::id::check_part(local, "code id").is_ok())
            .map_or_else(|| slug(&code.name, "code"), str::to_owned);
        let local = unique(wanted, &mut taken);
        let id = format!("{prefix}.{local}");
        out.ids.insert(code.guid.clone(), id.clone());
        let y = &mut out.yaml;
        let _ = writeln!(y, "{pad}  - id: {local} # {}", code.guid);
        let _ = writeln!(y, "{pad}    label: {}", quote(&code.name));
        for (key, value) in [
            ("description", &parts.description),
            ("include", &parts.include),
            ("exclude", &parts.exclude),
        ] {
            if let Some(v) = value {
                let _ = writeln!(y, "{pad}    {key}: {}", quote(v));
            }
        }
        if let Some(color) = code.color.as_deref().filter(|c| is_rgb(c)) {
            let _ = writeln!(y, "{pad}    color: {}", quote(color));
        }
        for (key, value) in [
            ("patterns", &parts.patterns),
            ("not", &parts.not),
            ("examples", &parts.examples),
        ] {
            if let Some(v) = value {
                let _ = writeln!(y, "{pad}    {key}: {v}");
            }
        }
        if let Some(n) = parts.negation {
            let _ = writeln!(y, "{pad}    negation: {n}");
        }
        if let Some(roles) = &parts.applies_to {
            let _ = writeln!(y, "{pad}    applies_to: {roles}");
        }
        for (key, value) in [("mood", parts.mood), ("tense", parts.tense)] {
            if let Some(v) = value {
                let _ = writeln!(y, "{pad}    {key}: {v}");
            }
        }
        counts.with_patterns += usize::from(parts.patterns.is_some());
        if parts.patterns.is_some() {
            out.patterned.insert(code.guid.clone());
        }
        counts.not_codable += usize::from(!code.codable);
        if !code.children.is_empty() {
            let _ = writeln!(y, "{pad}    children:");
            write_codes(&code.children, &id, depth + 2, out, counts);
        }
    }
}

/// `s` as a YAML double-quoted scalar (JSON string syntax, which YAML reads).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

fn is_rgb(c: &str) -> bool {
    c.strip_prefix('#')
        .is_some_and(|h| matches!(h.len(), 3 | 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A REFI description split into qualcode's fields.
#[derive(Debug, Default, PartialEq, Eq)]
struct Description {
    description: Option<String>,
    include: Option<String>,
    exclude: Option<String>,
    id: Option<String>,
    /// YAML flow sequences, checked.
    patterns: Option<String>,
    not: Option<String>,
    examples: Option<String>,
    negation: Option<usize>,
    /// A YAML flow sequence of role names.
    applies_to: Option<String>,
    mood: Option<&'static str>,
    tense: Option<&'static str>,
}

impl Description {
    fn parse(text: &str) -> Description {
        let (human, ours) = match text.find(MARK) {
            Some(i) if i == 0 || text[..i].ends_with('\n') => {
                (&text[..i], Some(&text[i + MARK.len()..]))
            }
            _ => (text, None),
        };
        let mut d = Description::default();
        let mut plain: Vec<&str> = Vec::new();
        for para in human.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            if let Some(v) = para.strip_prefix("Include:") {
                d.include = Some(v.trim().to_owned());
            } else if let Some(v) = para.strip_prefix("Exclude:") {
                d.exclude = Some(v.trim().to_owned());
            } else {
                plain.push(para);
            }
        }
        if !plain.is_empty() {
            d.description = Some(plain.join("\n\n"));
        }
        for line in ours.unwrap_or("").lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "id" => d.id = Some(value.to_owned()),
                "patterns" => d.patterns = flow(value),
                "not" => d.not = flow(value),
                "examples" => d.examples = flow(value),
                "negation" => d.negation = value.parse().ok(),
                "applies_to" => d.applies_to = flow(value),
                "mood" => d.mood = ["any", "actual"].into_iter().find(|m| *m == value),
                "tense" => d.tense = ["past", "present"].into_iter().find(|t| *t == value),
                _ => {}
            }
        }
        d
    }
}

/// A JSON array of patterns or examples as a YAML flow sequence, or none
/// if it is not one.
fn flow(json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value.is_array().then(|| yaml_flow(&value))
}

fn yaml_flow(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(yaml_flow).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", yaml_flow(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::String(s) => quote(s),
        other => other.to_string(),
    }
}

/// The description qualcode writes for `code` (below `parent`): its
/// description, include and exclude notes, then its own part after
/// [`MARK`].
fn describe(code: &Code, parent: Option<&Code>) -> String {
    use serde_json::{Value, json};
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = code
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        parts.push(d.to_owned());
    }
    if let Some(i) = &code.include {
        parts.push(format!("Include: {}", i.trim()));
    }
    if let Some(e) = &code.exclude {
        parts.push(format!("Exclude: {}", e.trim()));
    }
    let pattern = |k: &PatternKind| match k {
        PatternKind::Phrase(p) => json!(p),
        PatternKind::Regex(r) => json!({ "regex": r }),
        PatternKind::Near { a, b, within } => json!({ "near": [a, b], "within": within }),
    };
    let mut ours = format!("{MARK}\nid: {}", code.id);
    let list = |v: Vec<Value>| Value::Array(v).to_string();
    if !code.patterns.is_empty() {
        let v = code.patterns.iter().map(|p| pattern(&p.kind)).collect();
        let _ = write!(ours, "\npatterns: {}", list(v));
    }
    if !code.not.is_empty() {
        let v = code.not.iter().map(|p| pattern(&p.kind)).collect();
        let _ = write!(ours, "\nnot: {}", list(v));
    }
    if !code.examples.is_empty() {
        let v = code.examples.iter().map(|e| json!(e.text)).collect();
        let _ = write!(ours, "\nexamples: {}", list(v));
    }
    // Always written: children inherit their parent's window otherwise.
    let _ = write!(ours, "\nnegation: {}", code.negation);
    // Written when set, or when unset below a parent that sets it (which
    // the code would otherwise inherit on import).
    let differs = |f: &dyn Fn(&Code) -> bool| f(code) || parent.is_some_and(f);
    if differs(&|c| !c.applies_to.is_empty()) {
        let v = code.applies_to.iter().map(|r| json!(r)).collect();
        let _ = write!(ours, "\napplies_to: {}", list(v));
    }
    if differs(&|c| c.mood == crate::codebook::Mood::Actual) {
        let mood = match code.mood {
            crate::codebook::Mood::Actual => "actual",
            crate::codebook::Mood::Any => "any",
        };
        let _ = write!(ours, "\nmood: {mood}");
    }
    if let Some(tense) = code.tense {
        let tense = match tense {
            crate::codebook::Tense::Past => "past",
            crate::codebook::Tense::Present => "present",
        };
        let _ = write!(ours, "\ntense: {tense}");
    }
    parts.push(ours);
    parts.join("\n\n")
}

/// Whether `code` holds anything only qualcode reads (patterns, vetoes,
/// examples, roles, mood, tense).
fn has_own_fields(code: &Code) -> bool {
    !code.patterns.is_empty()
        || !code.not.is_empty()
        || !code.examples.is_empty()
        || !code.applies_to.is_empty()
        || code.mood == crate::codebook::Mood::Actual
        || code.tense.is_some()
}

/// The GUID of code `id`.
pub fn code_guid(id: &str) -> String {
    stable_guid("code", id)
}

/// A code's identity from an imported project, written back as it came.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known<'a> {
    /// The GUID to write.
    pub(crate) guid: &'a str,
    /// `isCodable` as it was.
    pub(crate) codable: bool,
    /// The name as it was (before nesting), if known.
    pub(crate) name: &'a str,
    /// The description as it was.
    pub(crate) description: Option<&'a str>,
}

/// How codes are written: identities kept from an import, and which codes
/// have codings (those are always codable).
#[derive(Default)]
pub(crate) struct CodeWriting<'a> {
    /// The imported codebook: not wrapped, its codes as they were.
    pub(crate) imported: Option<&'a str>,
    /// Code id → what it was.
    pub(crate) known: HashMap<&'a str, Known<'a>>,
    /// Code ids with codings.
    pub(crate) coded: HashSet<&'a str>,
}

/// Write `codes` (one or more codebooks' codes in tree order) as nested
/// `<Code>` elements, each line indented by `indent` levels. `wrap` puts
/// each codebook under a non-codable code named after it (for projects
/// holding several codebooks), except an imported one.
pub(crate) fn write_codes_xml(books: &[&Codebook], indent: usize, wrap: bool, out: &mut String) {
    write_codes_with(books, indent, wrap, &CodeWriting::default(), out);
}

/// [`write_codes_xml`], with identities and codings.
pub(crate) fn write_codes_with(
    books: &[&Codebook],
    indent: usize,
    wrap: bool,
    how: &CodeWriting<'_>,
    out: &mut String,
) {
    for book in books {
        let wrap = wrap && how.imported != Some(book.name.as_str());
        let mut children: HashMap<Option<&str>, Vec<&Code>> = HashMap::new();
        for code in &book.codes {
            children
                .entry(code.parent.as_deref())
                .or_default()
                .push(code);
        }
        if wrap {
            let pad = "  ".repeat(indent);
            let label = book.title.as_deref().unwrap_or(&book.name);
            let _ = writeln!(
                out,
                "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"false\">",
                stable_guid("codebook", &book.name),
                escape(label)
            );
            let mut text = format!("{MARK}\ncodebook: {}", book.name);
            if let Some(d) = &book.description {
                text = format!("{}\n\n{text}", d.trim());
            }
            let _ = writeln!(
                out,
                "{pad}  <Description>{}</Description>",
                escape_text(&text)
            );
            write_tree(&children, None, indent + 1, how, out);
            let _ = writeln!(out, "{pad}</Code>");
        } else {
            write_tree(&children, None, indent, how, out);
        }
    }
}

fn write_tree(
    children: &HashMap<Option<&str>, Vec<&Code>>,
    parent: Option<&Code>,
    indent: usize,
    how: &CodeWriting<'_>,
    out: &mut String,
) {
    let pad = "  ".repeat(indent);
    for code in children
        .get(&parent.map(|p| p.id.as_str()))
        .into_iter()
        .flatten()
    {
        let below = children.get(&Some(code.id.as_str()));
        let known = how.known.get(code.id.as_str());
        // A parent with no patterns of its own only groups its children,
        // unless it has codings.
        let coded = how.coded.contains(code.id.as_str());
        let codable =
            coded || known.map_or(below.is_none() || !code.patterns.is_empty(), |k| k.codable);
        let guid = known.map_or_else(|| code_guid(&code.id), |k| k.guid.to_owned());
        // The name as it came (`Coke::diet Coke`), unless renamed since.
        let name = known
            .map(|k| k.name)
            .filter(|n| n.ends_with(code.label.as_str()))
            .unwrap_or(&code.label);
        let _ = write!(
            out,
            "{pad}<Code guid=\"{guid}\" name=\"{}\" isCodable=\"{codable}\"",
            escape(name)
        );
        if let Some(c) = code.color.as_deref().filter(|c| is_rgb(c)) {
            let _ = write!(out, " color=\"{c}\"");
        }
        out.push_str(">\n");
        match known {
            // Imported and given nothing of qualcode's own: as it came.
            Some(k) if !has_own_fields(code) => {
                let was = k
                    .description
                    .map(|d| d.replace("\r\n", "\n").trim().to_owned());
                let now = code.description.as_deref().map(str::trim);
                // Edited in qualcode: the description as it is now.
                let text = if was.as_deref().filter(|d| !d.is_empty()) == now {
                    k.description.map(Cow::Borrowed)
                } else {
                    now.map(|d| Cow::Owned(d.to_owned()))
                };
                if let Some(d) = text {
                    let _ = writeln!(out, "{pad}  <Description>{}</Description>", escape_text(&d));
                }
            }
            _ => {
                let _ = writeln!(
                    out,
                    "{pad}  <Description>{}</Description>",
                    escape_text(&describe(code, parent))
                );
            }
        }
        write_tree(children, Some(code), indent + 1, how, out);
        let _ = writeln!(out, "{pad}</Code>");
    }
}

/// `book` as a `.qdc` file, valid against Codebook.xsd.
pub fn write(book: &Codebook) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"{NAMESPACE}\" \
         origin=\"qualcode {}\">\n  <Codes>",
        env!("CARGO_PKG_VERSION")
    );
    write_codes_xml(&[book], 2, false, &mut out);
    out.push_str("  </Codes>\n</CodeBook>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = "\
codebook: motivators
title: Motivating factors
codes:
  - id: extrinsic
    label: Extrinsic <factors> & \"more\"
    children:
      - id: finance
        label: Finance
        description: Money as such.
        include: Talk of pay.
        exclude: Money for others.
        color: \"#AA00cc\"
        patterns: [money, {regex: '£\\s?\\d+'}, {near: [pay, bills], within: 4}]
        not: [money for nothing]
        examples: [It is the money]
  - id: self_worth
    label: Self worth
    patterns: [self-respect]
";

    fn book() -> Codebook {
        crate::codebook::CodeSet::parse(BOOK, "m.yaml").unwrap()
    }

    #[test]
    fn export_is_stable_and_marks_grouping_parents_not_codable() {
        let xml = write(&book());
        assert_eq!(xml, write(&book()));
        assert!(xml.contains(&format!(
            "<Code guid=\"{}\" name=\"Extrinsic &lt;factors&gt; &amp; &quot;more&quot;\" isCodable=\"false\">",
            code_guid("motivators.extrinsic")
        )));
        assert!(xml.contains("isCodable=\"true\" color=\"#AA00cc\">"));
        assert!(xml.contains("Money as such.\n\nInclude: Talk of pay.\n\nExclude: Money for others.\n\n-- qualcode --\nid: motivators.extrinsic.finance\npatterns: [\"money\",{\"regex\":\"£\\\\s?\\\\d+\"},"));
    }

    #[test]
    fn a_qualcode_codebook_comes_back_the_same() {
        let original = book();
        let refi = read(&write(&original), "m.qdc").unwrap();
        let back = to_yaml(&refi, "motivators", Some("Motivating factors"), "m.qdc").unwrap();
        let again = crate::codebook::CodeSet::parse(&back.yaml, "m.yaml").unwrap();
        let strip = |b: &Codebook| -> Vec<_> {
            b.codes
                .iter()
                .map(|c| {
                    let p: Vec<_> = c.patterns.iter().map(|p| p.kind.clone()).collect();
                    let n: Vec<_> = c.not.iter().map(|p| p.kind.clone()).collect();
                    let e: Vec<_> = c.examples.iter().map(|e| e.text.clone()).collect();
                    let d = (c.description.clone(), c.include.clone(), c.exclude.clone());
                    let guards = (c.applies_to.clone(), c.mood, c.tense);
                    (
                        guards,
                        c.id.clone(),
                        c.label.clone(),
                        d,
                        c.color.clone(),
                        p,
                        n,
                        e,
                        c.parent.clone(),
                    )
                })
                .collect()
        };
        assert_eq!(strip(&again), strip(&original));
        assert_eq!(
            back.ids[&code_guid("motivators.extrinsic.finance")],
            "motivators.extrinsic.finance"
        );
    }

    #[test]
    fn roles_mood_and_tense_survive_a_round_trip() {
        let yaml = "codebook: o\napplies_to: [participant]\ncodes:\n  - id: a\n    mood: actual\n    \
                    patterns: [xx]\n    children:\n      - id: b\n        mood: any\n        \
                    tense: past\n        applies_to: [staff]\n        patterns: [yy]\n      - id: c\n        \
                    patterns: [zz]\n";
        let original = crate::codebook::CodeSet::parse(yaml, "o.yaml").unwrap();
        let refi = read(&write(&original), "o.qdc").unwrap();
        let back = to_yaml(&refi, "o", None, "o.qdc").unwrap();
        let again = crate::codebook::CodeSet::parse(&back.yaml, "o.yaml").unwrap();
        let guards = |b: &Codebook| -> Vec<_> {
            b.codes
                .iter()
                .map(|c| (c.id.clone(), c.applies_to.clone(), c.mood, c.tense))
                .collect()
        };
        assert_eq!(guards(&again), guards(&original));
    }

    #[test]
    fn separated_names_nest_below_their_parent() {
        let code = |name: &str| RefiCode {
            guid: stable_guid("t", name),
            name: name.into(),
            description: None,
            raw_description: None,
            color: None,
            codable: true,
            children: Vec::new(),
        };
        let mut codes = vec![
            code("Coke::full-fat Coke"),
            code("Coke::diet Coke"),
            code("Coke"),
            code("Tea::green::sencha"),
            code("milk"),
        ];
        assert_eq!(nest(&mut codes, "::"), 4);
        let names = |cs: &[RefiCode]| cs.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&codes), ["Coke", "milk", "Tea"]);
        assert_eq!(names(&codes[0].children), ["full-fat Coke", "diet Coke"]);
        assert!(!codes[2].codable);
        assert_eq!(names(&codes[2].children), ["green"]);
        assert_eq!(names(&codes[2].children[0].children), ["sencha"]);
        let mut flat = vec![code("a::b")];
        assert_eq!(nest(&mut flat, ""), 0);
    }

    #[test]
    fn foreign_codes_get_slug_ids_and_no_patterns() {
        let qdc = "<CodeBook xmlns=\"urn:QDA-XML:codebook:0:4\"><Codes>\
            <Code guid=\"{1ff58b12-6f6f-4b0c-8be5-bbdc91f55294}\" name=\"Oltás típusa\" isCodable=\"true\" extra=\"x\">\
              <Description>COVID vagy nem</Description>\
              <Code guid=\"B52FB733-B6AF-4B31-BB78-3E733135171A\" name=\"Oltás típusa\" isCodable=\"false\"/>\
              <Code guid=\"51191CEE-BF78-4E92-9DF8-3AE66721E038\" name=\"oltás-típusa\" isCodable=\"true\"/>\
            </Code></Codes><Sets><Set guid=\"ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0\" name=\"s\"/></Sets></CodeBook>";
        let refi = read(qdc, "a.qdc").unwrap();
        assert_eq!(refi.walk().len(), 3);
        assert_eq!(refi.sets, 1);
        let out = to_yaml(&refi, "atlas", None, "a.qdc").unwrap();
        let book = crate::codebook::CodeSet::parse(&out.yaml, "atlas.yaml").unwrap();
        let ids: Vec<_> = book.codes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "atlas.oltas_tipusa",
                "atlas.oltas_tipusa.oltas_tipusa",
                "atlas.oltas_tipusa.oltas_tipusa_2"
            ]
        );
        assert!(book.codes.iter().all(|c| c.patterns.is_empty()));
        assert_eq!(
            out.ids["1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"],
            "atlas.oltas_tipusa"
        );
        assert!(
            out.notes[0].contains("1 marked not codable"),
            "{:?}",
            out.notes
        );
    }

    #[track_caller]
    fn bad(qdc: &str, want: &str) {
        let err = read(qdc, "f.qdc").unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn bad_codebooks_are_refused_with_their_place() {
        bad(
            "<CodeBook xmlns=\"urn:other\"><Codes/></CodeBook>",
            "f.qdc:1:1: unknown namespace 'urn:other': a REFI-QDA codebook uses urn:QDA-XML:codebook:1.0 (or ATLAS.ti's urn:QDA-XML:codebook:0:4)",
        );
        bad(
            "<Project xmlns=\"urn:QDA-XML:project:1.0\"/>",
            "f.qdc:1:1: the root element is <Project>, not <CodeBook>: not a REFI-QDA codebook",
        );
        let a = "guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\"";
        bad(
            &format!(
                "<CodeBook xmlns=\"{NAMESPACE}\"><Codes>\n<Code {a} name=\"a\" isCodable=\"true\"/>\n<Code {a} name=\"b\" isCodable=\"true\"/></Codes></CodeBook>"
            ),
            "f.qdc:3:1: GUID 1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294 is used twice (first at line 2)",
        );
        bad(
            &format!(
                "<CodeBook xmlns=\"{NAMESPACE}\"><Codes><Code guid=\"x\" name=\"a\" isCodable=\"true\"/></Codes></CodeBook>"
            ),
            "f.qdc:1:51: 'x' is not a GUID (want 8-4-4-4-12 hexadecimal digits)",
        );
        bad(
            &format!(
                "<CodeBook xmlns=\"{NAMESPACE}\"><Codes><Code {a} isCodable=\"true\"/></Codes></CodeBook>"
            ),
            "f.qdc:1:51: <Code> has no name= attribute",
        );
    }

    #[test]
    fn descriptions_split_into_fields() {
        let d = Description::parse(
            "Plain.\n\nMore.\n\nInclude: a\n\nExclude: b\n\n-- qualcode --\nid: m.x\npatterns: [\"p\", {\"regex\": \"a\\\\d\"}]\nnot: nonsense\nnegation: 3",
        );
        assert_eq!(d.description.as_deref(), Some("Plain.\n\nMore."));
        assert_eq!(d.include.as_deref(), Some("a"));
        assert_eq!(d.exclude.as_deref(), Some("b"));
        assert_eq!(d.id.as_deref(), Some("m.x"));
        assert_eq!(d.patterns.as_deref(), Some("[\"p\", {regex: \"a\\\\d\"}]"));
        assert_eq!(d.not, None);
        assert_eq!(d.negation, Some(3));
    }
}
