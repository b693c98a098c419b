//! `project.qde` (Project.xsd) read into a small model: users, the
//! codebook, text sources with their selections and codings, cases and
//! their variables. Sources of other kinds are only counted. It checks
//! GUIDs, namespaces and positions are well formed; what they mean is for
//! the importer.

use std::collections::{BTreeMap, HashMap};

use super::qdc::{self, RefiCodebook};
use super::xml::{self, Element};
use super::{clip, parse_guid};
use crate::{Error, Location, Result};

/// The project namespace.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// The attributes of `<Project>` (Project.xsd) kept for the way back.
const PROJECT_ATTRS: [&str; 7] = [
    "name",
    "origin",
    "creatingUserGUID",
    "creationDateTime",
    "modifyingUserGUID",
    "modifiedDateTime",
    "basePath",
];

/// A text selection with its codings, as read.
#[derive(Debug, Clone)]
pub struct RefiSelection {
    /// Start, in characters from 0.
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
    /// Code GUIDs applied, with the coding's `creatingUser` GUID.
    pub codings: Vec<(String, Option<String>)>,
    /// The selection's description (a memo), trimmed; none if empty.
    pub memo: Option<String>,
    /// The `<Description>` as written (kept for the way back), if any.
    pub description: Option<String>,
    /// The element's attributes as written (GUID, name, positions, users,
    /// dates), for writing it back as it came.
    pub attrs: Vec<(String, String)>,
    /// Each coding's attributes as written, in the order of `codings`.
    pub coding_attrs: Vec<Vec<(String, String)>>,
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
    /// Its description.
    pub description: Option<String>,
    /// The element's attributes as written.
    pub attrs: Vec<(String, String)>,
    /// Where it is written.
    pub location: Location,
}

impl RefiSource {
    /// The speaker label → case map qualcode wrote in the description.
    pub(crate) fn speakers(&self) -> Option<BTreeMap<String, String>> {
        let d = self.description.as_deref()?;
        let line = d.lines().find_map(|l| l.strip_prefix("speakers:"))?;
        serde_json::from_str(line.trim()).ok()
    }
}

/// A case, as read.
#[derive(Debug, Clone)]
pub struct RefiCase {
    /// Canonical GUID.
    pub guid: String,
    /// Its name (or GUID if it has none).
    pub name: String,
    /// Its description, as written.
    pub description: Option<String>,
    /// Variable name → value.
    pub values: Vec<(String, String)>,
    /// GUIDs of the sources it holds.
    pub sources: Vec<String>,
}

/// The name of the note in which qualcode writes its coders' decisions
/// that are not codings (rejections, acceptances) with `--all-decisions`.
pub const DECISIONS_NOTE: &str = "qualcode decisions";

/// The header of that note's table (tab-separated).
pub const DECISIONS_HEADER: &str = "source\tline\tcode\taction\tuser\tmemo";

/// A coder's decision read back from qualcode's decisions note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefiDecision {
    /// Source GUID (canonical).
    pub source: String,
    /// Line of the transcript.
    pub line: usize,
    /// Code GUID (canonical).
    pub code: String,
    /// `reject` or `accept`.
    pub action: String,
    /// User GUID (canonical).
    pub user: String,
    /// The memo.
    pub memo: String,
}

/// A set of sources or codes (`<Set>`), as read.
#[derive(Debug, Clone)]
pub struct RefiSet {
    /// Its name (ATLAS.ti names document groups that carry case data
    /// `name: value`).
    pub name: String,
    /// GUIDs (canonical) of its member sources.
    pub sources: Vec<String>,
}

/// A variable (a case attribute), as read.
#[derive(Debug, Clone)]
pub struct RefiVariable {
    /// Canonical GUID.
    pub guid: String,
    /// Its name.
    pub name: String,
    /// `typeOfVariable`: `Text`, `Boolean`, `Integer`, `Float`, `Date` or `DateTime`.
    pub kind: String,
    /// Its description, as written.
    pub description: Option<String>,
}

/// A project, as read from `project.qde`.
#[derive(Debug, Clone, Default)]
pub struct RefiProject {
    /// The project's name.
    pub name: String,
    /// The root element's attributes as written (namespaces left out).
    pub attrs: Vec<(String, String)>,
    /// The project's `<Description>`, as written.
    pub description: Option<String>,
    /// Users: GUID → name.
    pub users: BTreeMap<String, String>,
    /// Users' GUIDs in the order written.
    pub user_order: Vec<String>,
    /// Variables, in the order written.
    pub variables: Vec<RefiVariable>,
    /// Sets (ATLAS.ti's document and code groups), in the order written.
    pub sets: Vec<RefiSet>,
    /// qualcode's coders' decisions (from its decisions note).
    pub decisions: Vec<RefiDecision>,
    /// Elements qualcode does not read, counted by name (`Note`, `Link`,
    /// `Set`, `Graph`, project `NoteRef`): what an import leaves behind.
    pub unread: BTreeMap<String, usize>,
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
        attrs: root
            .attrs
            .iter()
            .filter(|(k, _)| PROJECT_ATTRS.contains(&k.as_str()))
            .cloned()
            .collect(),
        description: root.child("Description").map(|d| d.text.clone()),
        ..RefiProject::default()
    };
    for note in root.child("Notes").into_iter().flat_map(|n| n.all("Note")) {
        if note.attr("name") == Some(DECISIONS_NOTE) {
            let text = note
                .child("PlainTextContent")
                .map_or("", |c| c.text.as_str());
            project.decisions = read_decisions(text, &note.location(path))?;
        } else {
            *project.unread.entry("Note".to_owned()).or_default() += 1;
        }
    }
    for (list, item) in [("Links", "Link"), ("Sets", "Set"), ("Graphs", "Graph")] {
        let n = root.child(list).map_or(0, |l| l.all(item).count());
        if n > 0 {
            project.unread.insert(item.to_owned(), n);
        }
    }
    for set in root.child("Sets").into_iter().flat_map(|s| s.all("Set")) {
        let mut sources = Vec::new();
        for m in set.all("MemberSource") {
            sources.push(parse_guid(
                qdc::required(m, "targetGUID", path)?,
                &m.location(path),
            )?);
        }
        project.sets.push(RefiSet {
            name: set.attr("name").unwrap_or("").trim().to_owned(),
            sources,
        });
    }
    let refs = root.all("NoteRef").count();
    if refs > 0 {
        project.unread.insert("NoteRef".to_owned(), refs);
    }
    for u in root.child("Users").into_iter().flat_map(|u| u.all("User")) {
        let guid = parse_guid(qdc::required(u, "guid", path)?, &u.location(path))?;
        project.user_order.push(guid.clone());
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
        let name = qdc::required(v, "name", path)?.trim().to_owned();
        variables.insert(guid.clone(), name.clone());
        project.variables.push(RefiVariable {
            guid,
            name,
            kind: v.attr("typeOfVariable").unwrap_or("Text").trim().to_owned(),
            description: v.child("Description").map(|d| d.text.clone()),
        });
    }
    project.cases = read_cases(&root, path, &variables)?;
    read_sources(&root, path, &mut guids, &mut project)?;
    Ok(project)
}

/// The rows of qualcode's decisions note.
fn read_decisions(text: &str, at: &Location) -> Result<Vec<RefiDecision>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.splitn(6, '\t').collect();
        let bad = || {
            Error::invalid(format!(
                "line {} of note '{DECISIONS_NOTE}' is not {DECISIONS_HEADER:?}: {:?}",
                i + 1,
                clip(line, 80)
            ))
            .at(at.clone())
        };
        if f.len() < 5 || !matches!(f[3], "reject" | "accept") {
            return Err(bad());
        }
        out.push(RefiDecision {
            source: parse_guid(f[0], at)?,
            line: f[1].trim().parse().map_err(|_| bad())?,
            code: parse_guid(f[2], at)?,
            action: f[3].to_owned(),
            user: parse_guid(f[4], at)?,
            memo: f.get(5).unwrap_or(&"").to_string(),
        });
    }
    Ok(out)
}

fn read_cases(
    root: &Element,
    path: &str,
    variables: &HashMap<String, String>,
) -> Result<Vec<RefiCase>> {
    let mut cases = Vec::new();
    for c in root.child("Cases").into_iter().flat_map(|c| c.all("Case")) {
        let guid = parse_guid(qdc::required(c, "guid", path)?, &c.location(path))?;
        let mut case = RefiCase {
            name: c
                .attr("name")
                .map_or_else(|| guid.clone(), |n| n.trim().to_owned()),
            guid,
            description: c.child("Description").map(|d| d.text.clone()),
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
        cases.push(case);
    }
    Ok(cases)
}

fn read_sources(
    root: &Element,
    path: &str,
    guids: &mut HashMap<String, usize>,
    project: &mut RefiProject,
) -> Result<()> {
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
            description: s.child("Description").map(|d| d.text.clone()),
            attrs: s.attrs.clone(),
            location: at,
        };
        for sel in s.all("PlainTextSelection") {
            let start = number(sel, "startPosition", path)?;
            let end = number(sel, "endPosition", path)?;
            let mut codings = Vec::new();
            let mut coding_attrs = Vec::new();
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
                coding_attrs.push(c.attrs.clone());
            }
            source.selections.push(RefiSelection {
                start,
                end,
                codings,
                memo: sel
                    .child("Description")
                    .map(|d| d.text.trim().to_owned())
                    .filter(|d| !d.is_empty()),
                description: sel.child("Description").map(|d| d.text.clone()),
                attrs: sel.attrs.clone(),
                coding_attrs,
                location: sel.location(path),
            });
        }
        project.sources.push(source);
    }
    Ok(())
}
