//! A project: the folder holding `qualcode.yaml`, and the settings read from
//! it. Owns finding the project (searching upward like git), reading the
//! config and expanding its globs. Knows nothing of transcripts' contents.

pub mod builtin;
pub mod cases;
pub mod init;
pub mod presentation;
pub mod report;
pub mod roles;
pub mod rules;
pub mod select;
pub mod tables;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod yaml;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::{Error, ErrorKind, Location, Result};

pub use cases::{Case, Cases, CasesFile};
pub use presentation::Presentation;
pub use report::{Placed, ReportConfig};
pub use roles::Roles;
pub use rules::FileRule;
pub use select::Filter;
pub use tables::TableDef;

/// The config file's name.
pub const CONFIG_FILE: &str = "qualcode.yaml";

/// The interviewer labels used when the config names none.
pub const DEFAULT_INTERVIEWERS: [&str; 5] = ["Interviewer", "I", "Q", "Facilitator", "Moderator"];

/// A speaker taken for an interviewer across the project: its label (as
/// first written) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurring {
    /// The label.
    pub label: String,
    /// Why it is taken for an interviewer.
    pub reason: String,
}

/// What `freq` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CountUnit {
    /// Participants: a case counts once however often it mentions a code.
    #[default]
    Case,
    /// Coded segments (turns).
    Segment,
    /// Transcripts.
    Document,
}

impl CountUnit {
    /// The unit's name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            CountUnit::Case => "case",
            CountUnit::Segment => "segment",
            CountUnit::Document => "document",
        }
    }

    /// Plural noun for headers.
    pub fn plural(self) -> &'static str {
        match self {
            CountUnit::Case => "cases",
            CountUnit::Segment => "segments",
            CountUnit::Document => "documents",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    transcripts: Vec<String>,
    #[serde(default)]
    codebooks: Vec<String>,
    cases: Option<String>,
    interviewers: Option<Vec<String>>,
    participants: Option<Vec<String>>,
    detect_interviewers: Option<bool>,
    #[serde(default)]
    speakers: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    redact: BTreeMap<String, String>,
    #[serde(default)]
    redact_match_case: Vec<String>,
    attribution: Option<String>,
    #[serde(default)]
    attributions: BTreeMap<String, String>,
    unit: Option<CountUnit>,
    encoding: Option<String>,
    personas: Option<String>,
    label_pattern: Option<String>,
    not_recorded: Option<String>,
    #[serde(default)]
    files: Vec<rules::RawRule>,
    columns: Option<Columns>,
    report: Option<report::RawReport>,
    #[serde(default)]
    roles: BTreeMap<String, String>,
    #[serde(rename = "final")]
    final_coders: Option<OneOrMany>,
    suppress_below: Option<usize>,
    #[serde(default)]
    labels: BTreeMap<String, presentation::RawLabel>,
    #[serde(default)]
    order: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    tables: BTreeMap<String, tables::RawTable>,
}

/// A YAML value that is one string or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// Whose decisions make the published counts (`final:` in qualcode.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FinalCoders {
    /// No `final:`: every coder with a file in `codings/` counts, none
    /// before another (a disagreement between them is a conflict).
    #[default]
    Every,
    /// `final: auto`: the auto-coding alone; no coder's decision counts.
    AutoOnly,
    /// `final: [a, b]`: these coders, in this order; on the same segment
    /// and code a later coder's decision wins.
    Listed(Vec<String>),
}

impl FinalCoders {
    fn parse(raw: Option<OneOrMany>, at: &Location) -> Result<FinalCoders> {
        let names = match raw {
            None => return Ok(FinalCoders::Every),
            Some(OneOrMany::One(name)) => vec![name],
            Some(OneOrMany::Many(names)) => names,
        };
        let names: Vec<String> = names.iter().map(|n| n.trim().to_owned()).collect();
        if names.is_empty() || (names.len() == 1 && names[0].eq_ignore_ascii_case("auto")) {
            return Ok(FinalCoders::AutoOnly);
        }
        for (i, name) in names.iter().enumerate() {
            let bad = name.is_empty()
                || name.starts_with('.')
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if bad {
                return Err(Error::invalid(format!(
                    "final: {name:?} is not a coder name: name coders by their file in \
                     codings/ (ana for codings/ana.csv), or write `final: auto`"
                ))
                .at(at.clone()));
            }
            if name.eq_ignore_ascii_case("auto") {
                return Err(Error::invalid(
                    "final: `auto` stands alone (`final: auto` counts the auto-coding only); \
                     in a list, name only coders: the auto-coding is always the starting point",
                )
                .at(at.clone()));
            }
            if names[..i].contains(name) {
                return Err(
                    Error::invalid(format!("final: {name:?} is listed twice")).at(at.clone())
                );
            }
        }
        Ok(FinalCoders::Listed(names))
    }
}

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder.
    pub root: PathBuf,
    /// Transcript globs, relative to `root`.
    pub transcripts: Vec<String>,
    /// Codebook paths or globs, relative to `root`.
    pub codebooks: Vec<String>,
    /// The cases file, relative to `root`, if any.
    pub cases: Option<String>,
    /// Labels of turns that are never coded (compared case-insensitively):
    /// the `interviewers:` list, or [`DEFAULT_INTERVIEWERS`] without one.
    pub interviewers: Vec<String>,
    /// Whether `interviewers:` was given (its labels are then listed, not
    /// detected).
    pub interviewers_listed: bool,
    /// Labels that are participants whatever detection says
    /// (`participants:`).
    pub participants: Vec<String>,
    /// Whether interviewers are detected (`detect_interviewers:`, on by
    /// default); see [`crate::ingest::roles`].
    pub detect_interviewers: bool,
    /// The speakers detected as interviewers across the project (a speaker
    /// in most interviews), found once on first reading.
    pub recurring: std::sync::Arc<std::sync::OnceLock<Vec<Recurring>>>,
    /// Per-document speaker maps: document path → label → case id.
    pub speakers: BTreeMap<String, BTreeMap<String, String>>,
    /// Redaction list: name → replacement.
    pub redact: Vec<(String, String)>,
    /// Names of the redaction list matched only as written (`Aroha` but
    /// not the word `aroha`); the others match in any case.
    pub redact_match_case: Vec<String>,
    /// Default quote attribution template.
    pub attribution: String,
    /// Named attribution templates.
    pub attributions: BTreeMap<String, String>,
    /// Default counting unit.
    pub unit: CountUnit,
    /// The personas file, relative to `root`, if any.
    pub personas: Option<String>,
    /// The project's own speaker-label rule (`label_pattern:`): a regex with
    /// a `label` group and optionally a `text` group. `None`: the built-in
    /// forms (`Name: text`, `[Name] text`, `Name - text`).
    pub label_pattern: Option<regex::Regex>,
    /// The transcripts' encoding when they are not UTF-8 (`encoding:` or
    /// `--encoding`); `None` detects it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The speaker, text and time columns of `.csv`/`.tsv` transcripts
    /// (`columns:`); unset ones are found by their headers.
    pub columns: Columns,
    /// What `qualcode report` includes (`report:`); defaults when absent.
    pub report: ReportConfig,
    /// The wording for an attribute a case has no value for, in every
    /// table (`not_recorded:`); `None` is `Not recorded`.
    pub not_recorded: Option<String>,
    /// Use `codings/auto.csv` even when the transcripts or codebooks
    /// differ from those it was coded from (`--allow-stale`), with a note.
    pub allow_stale: bool,
    /// Per-file rules (`files:`): for the transcripts a glob matches, a
    /// label rule, a speaker map or an encoding. The first rule matching
    /// a file applies to it.
    pub files: Vec<FileRule>,
    /// Case roles from `roles:` (a case's own `role` attribute wins).
    pub roles: Roles,
    /// Whose decisions make the published counts (`final:`).
    pub final_coders: FinalCoders,
    /// Disclosure control for every table, chart and the report
    /// (`suppress_below:`); a command's `--suppress-below` overrides it.
    pub suppress_below: Option<usize>,
    /// Display names of attributes and categories, and category order
    /// (`labels:`, `order:`).
    pub presentation: Presentation,
    /// Named table definitions (`tables:`), by name.
    pub tables: Vec<TableDef>,
}

/// Column names for tables, set in `qualcode.yaml` (`columns:`); each
/// `None` is found by its header.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The speaker column's header.
    pub speaker: Option<String>,
    /// The text column's header.
    pub text: Option<String>,
    /// The time column's header.
    pub time: Option<String>,
}

/// What the command line says about reading a project, over what its
/// `qualcode.yaml` says: passed to [`Project::discover_with`] and
/// [`Project::load_with`], never kept in a process-global.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--encoding`: read every transcript that is not UTF-8 in this
    /// encoding, whatever `encoding:` and the `files:` rules say.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// `--allow-stale`: use `codings/auto.csv` even when it is stale.
    pub allow_stale: bool,
}

/// The encoding named `label` (`windows-1252`, `latin1`, `utf-16le`…:
/// the WHATWG labels).
pub fn encoding_for(label: &str) -> Result<&'static encoding_rs::Encoding> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        Error::usage(format!(
            "unknown encoding '{label}': use a name such as utf-8, windows-1252, \
             iso-8859-15, utf-16le or shift_jis"
        ))
    })
}

/// A file found by expanding a project glob: its real path and the name the
/// user sees (relative to the project, `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFile {
    /// Path to open.
    pub path: PathBuf,
    /// Path to show, relative to the project root.
    pub display: String,
}

impl ProjectFile {
    /// A shipped file (`builtin:motivators`), which lives in the binary.
    fn shipped(name: &str) -> ProjectFile {
        let display = format!("{}{name}", builtin::PREFIX);
        ProjectFile {
            path: PathBuf::from(&display),
            display,
        }
    }

    /// The embedded text, if this is a shipped file (`builtin:NAME`).
    pub fn builtin(&self) -> Option<&'static str> {
        if self.path.as_os_str() != self.display.as_str() {
            return None;
        }
        builtin::name_of(&self.display).and_then(builtin::text)
    }

    /// The file's bytes: from the binary for a shipped file, else from disk.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self.builtin() {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => std::fs::read(&self.path),
        }
    }

    /// Whether the file can be read: shipped, or a file on disk.
    pub fn exists(&self) -> bool {
        self.builtin().is_some() || self.path.is_file()
    }
}

impl Project {
    /// The attribution template `name_or_template` stands for: a named
    /// template from `attributions`, or a template with `{attribute}`s.
    pub fn attribution_template(&self, name_or_template: &str) -> Result<String> {
        if let Some(t) = self.attributions.get(name_or_template) {
            return Ok(t.clone());
        }
        if name_or_template.contains('{') {
            return Ok(name_or_template.to_owned());
        }
        let mut names: Vec<&str> = self.attributions.keys().map(String::as_str).collect();
        names.sort_unstable();
        let named = if names.is_empty() {
            "qualcode.yaml names none".to_owned()
        } else {
            format!("qualcode.yaml names {}", names.join(", "))
        };
        Err(Error::usage(format!(
            "unknown attribution template '{name_or_template}': {named}; \
             or give a template such as '({{cohort}})' or 'Participant {{id}}.'"
        )))
    }

    /// Find the project: `dir` if given (a folder holding `qualcode.yaml`, or
    /// the file itself), else the current folder or the nearest parent that
    /// holds one.
    pub fn discover(dir: Option<&Path>) -> Result<Project> {
        Project::discover_with(dir, Overrides::default())
    }

    /// [`Project::discover`], with the command line's `overrides`.
    pub fn discover_with(dir: Option<&Path>, overrides: Overrides) -> Result<Project> {
        if let Some(dir) = dir {
            let config = if dir.is_file() {
                dir.to_path_buf()
            } else {
                dir.join(CONFIG_FILE)
            };
            if !config.is_file() {
                return Err(Error::new(
                    ErrorKind::NoProject,
                    format!(
                        "no {CONFIG_FILE} in {}: create one with `qualcode init {}`",
                        dir.display(),
                        dir.display()
                    ),
                ));
            }
            return Project::load_with(&config, overrides);
        }
        let cwd = std::env::current_dir().map_err(|e| Error::io(Path::new("."), "read", &e))?;
        for candidate in cwd.ancestors() {
            let config = candidate.join(CONFIG_FILE);
            if config.is_file() {
                return Project::load_with(&config, overrides);
            }
        }
        Err(Error::new(
            ErrorKind::NoProject,
            format!(
                "no {CONFIG_FILE} in this folder or any parent: pass --project DIR, \
                 or create a project with `qualcode init DIR`"
            ),
        ))
    }

    /// Load the project whose config file is `config`.
    pub fn load(config: &Path) -> Result<Project> {
        Project::load_with(config, Overrides::default())
    }

    /// [`Project::load`], with the command line's `overrides`.
    pub fn load_with(config: &Path, overrides: Overrides) -> Result<Project> {
        let text = std::fs::read_to_string(config).map_err(|e| Error::io(config, "read", &e))?;
        let root = match config.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Paths in messages are relative to the project, like every other.
        let display = config
            .file_name()
            .map_or_else(|| PathBuf::from(CONFIG_FILE), PathBuf::from);
        Project::from_yaml_with(&text, &root, &display, overrides)
    }

    /// Build a project from the text of its config.
    pub fn from_yaml(text: &str, root: &Path, config_path: &Path) -> Result<Project> {
        Project::from_yaml_with(text, root, config_path, Overrides::default())
    }

    /// [`Project::from_yaml`], with the command line's `overrides`.
    pub fn from_yaml_with(
        text: &str,
        root: &Path,
        config_path: &Path,
        overrides: Overrides,
    ) -> Result<Project> {
        let file: ConfigFile = yaml::parse(text, config_path, 0)?;
        let at = || Location::file(config_path);
        if file.transcripts.is_empty() {
            return Err(Error::invalid(
                "no transcripts: add `transcripts: [\"transcripts/*.txt\"]`",
            )
            .at(at()));
        }
        if file.codebooks.is_empty() {
            return Err(
                Error::invalid("no codebooks: add `codebooks: [\"codebooks/*.yaml\"]`").at(at()),
            );
        }
        for (name, replacement) in &file.redact {
            if name.trim().is_empty() {
                return Err(Error::invalid(format!(
                    "redact: an empty name cannot be redacted (replacement {replacement:?})"
                ))
                .at(at()));
            }
        }
        for name in &file.redact_match_case {
            if !file.redact.keys().any(|n| n.trim() == name.trim()) {
                return Err(Error::invalid(format!(
                    "redact_match_case: {name:?} is not a name under redact: \
                     add it there with its replacement, or take it off this list"
                ))
                .at(at()));
            }
        }
        let encoding = match (overrides.encoding, &file.encoding) {
            (Some(forced), _) => Some(forced),
            (None, Some(label)) => Some(
                encoding_for(label)
                    .map_err(|e| Error::invalid(format!("encoding: {}", e.message())).at(at()))?,
            ),
            (None, None) => None,
        };
        let label_pattern = file
            .label_pattern
            .as_deref()
            .map(rules::label_pattern)
            .transpose()
            .map_err(|why| Error::invalid(format!("label_pattern: {why}")).at(at()))?;
        let files = rules::resolve(file.files, config_path, overrides.encoding)?;
        if file
            .not_recorded
            .as_deref()
            .is_some_and(|w| w.trim().is_empty())
        {
            return Err(Error::invalid(
                "not_recorded: the wording for no value cannot be empty \
                 (leave the key out for `Not recorded`)",
            )
            .at(at()));
        }
        let participants = file.participants.unwrap_or_default();
        if let Some(listed) = &file.interviewers
            && let Some(both) = listed.iter().find(|l| {
                participants
                    .iter()
                    .any(|p| crate::natural::eq_ignore_case(p, l))
            })
        {
            return Err(Error::invalid(format!(
                "{both:?} is under both interviewers: and participants: keep it in one"
            ))
            .at(at()));
        }
        let roles = Roles::parse(&file.roles, config_path)?;
        let final_coders = FinalCoders::parse(file.final_coders, &at())?;
        if file.suppress_below == Some(1) {
            return Err(Error::invalid(
                "suppress_below: 1 hides nothing: give a threshold of 2 or more \
                 (counts from 1 to K-1 are hidden), or 0 for none",
            )
            .at(at()));
        }
        let presentation = Presentation::parse(file.labels, file.order, &at())?;
        let tables = tables::resolve(file.tables, config_path)?;
        let mut redact: Vec<(String, String)> = file.redact.into_iter().collect();
        // Longest first, so "Sarah Jones" is replaced before "Sarah".
        redact.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        Ok(Project {
            root: root.to_path_buf(),
            transcripts: file.transcripts,
            codebooks: file.codebooks,
            cases: file.cases,
            interviewers_listed: file.interviewers.is_some(),
            participants,
            detect_interviewers: file.detect_interviewers.unwrap_or(true),
            recurring: std::sync::Arc::default(),
            interviewers: file.interviewers.unwrap_or_else(|| {
                DEFAULT_INTERVIEWERS
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect()
            }),
            speakers: file.speakers,
            redact,
            redact_match_case: file.redact_match_case,
            attribution: file
                .attribution
                .unwrap_or_else(|| "Participant {id}.".to_owned()),
            attributions: file.attributions,
            unit: file.unit.unwrap_or_default(),
            encoding,
            personas: file.personas,
            label_pattern,
            columns: file.columns.unwrap_or_default(),
            report: file
                .report
                .map(|r| r.resolve(config_path))
                .unwrap_or_default(),
            not_recorded: file.not_recorded.map(|w| w.trim().to_owned()),
            allow_stale: overrides.allow_stale,
            files,
            roles,
            final_coders,
            suppress_below: file.suppress_below.filter(|&k| k > 0),
            presentation,
            tables,
        })
    }

    /// The `files:` rule for transcript `path`, if one matches it.
    pub fn rule_for(&self, path: &str) -> Option<&FileRule> {
        self.files.iter().find(|r| r.matches(path))
    }

    /// The speaker-label rule for transcript `path`: its `files:` rule's
    /// `label_pattern`, else the project's; `None` is the built-in forms.
    pub fn label_pattern_for(&self, path: &str) -> Option<&regex::Regex> {
        self.rule_for(path)
            .and_then(|r| r.label_pattern.as_ref())
            .or(self.label_pattern.as_ref())
    }

    /// The encoding to read transcript `path` in when it is not UTF-8: its
    /// `files:` rule's, else the project's (`--encoding` wins over both);
    /// `None` detects it.
    pub fn encoding_of(&self, path: &str) -> Option<&'static encoding_rs::Encoding> {
        self.rule_for(path)
            .and_then(|r| r.encoding)
            .or(self.encoding)
    }

    /// The speaker map of transcript `path`: its entry under `speakers:`,
    /// over its `files:` rule's `speakers` (label by label, ignoring case).
    pub fn speaker_map(
        &self,
        path: &str,
    ) -> Option<std::borrow::Cow<'_, BTreeMap<String, String>>> {
        let own = self.speakers.get(path);
        let rule = self
            .rule_for(path)
            .map(|r| &r.speakers)
            .filter(|m| !m.is_empty());
        match (own, rule) {
            (None, None) => None,
            (Some(map), None) | (None, Some(map)) => Some(std::borrow::Cow::Borrowed(map)),
            (Some(own), Some(rule)) => {
                let mut map: BTreeMap<String, String> = rule
                    .iter()
                    .filter(|(k, _)| !own.keys().any(|o| crate::natural::eq_ignore_case(o, k)))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                map.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
                Some(std::borrow::Cow::Owned(map))
            }
        }
    }

    /// Whether `label` is an interviewer label by the config: listed
    /// under `interviewers:`, or without that list one of
    /// [`DEFAULT_INTERVIEWERS`]. Detection adds more; see
    /// [`crate::ingest::roles`].
    pub fn is_interviewer(&self, label: &str) -> bool {
        self.interviewers
            .iter()
            .any(|i| crate::natural::eq_ignore_case(i, label))
    }

    /// Whether `label` is listed under `participants:`.
    pub fn is_listed_participant(&self, label: &str) -> bool {
        self.participants
            .iter()
            .any(|p| crate::natural::eq_ignore_case(p, label))
    }

    /// The transcript files, in natural order of their names.
    pub fn transcript_files(&self) -> Result<Vec<ProjectFile>> {
        expand(&self.root, &self.transcripts, "transcripts")
    }

    /// The files in the transcript folders that are not among `taken` (the
    /// transcripts the globs matched), nor the project's own config,
    /// cases, codebook or personas files: names relative to the project,
    /// in natural order. The transcript folders are those holding a
    /// transcript, and each glob's leading folder (`transcripts` for
    /// `transcripts/*.txt`) unless it is the project folder itself.
    /// Hidden files (`.DS_Store`, `.gitkeep`) are passed over.
    pub fn unread_files(&self, taken: &[ProjectFile]) -> Vec<String> {
        let mut folders: std::collections::BTreeSet<String> = taken
            .iter()
            .map(|f| {
                f.display
                    .rsplit_once('/')
                    .map_or("", |(dir, _)| dir)
                    .to_owned()
            })
            .collect();
        for pattern in &self.transcripts {
            let pattern = clean(pattern);
            let base: Vec<&str> = pattern
                .split('/')
                .take_while(|part| !part.contains(['*', '?', '[', '{']))
                .collect();
            // A plain path's own name is not a folder.
            let n = if base.len() == pattern.split('/').count() {
                base.len().saturating_sub(1)
            } else {
                base.len()
            };
            let base = base[..n].join("/");
            if !base.is_empty() {
                folders.insert(base);
            }
        }
        let mut own: std::collections::HashSet<String> =
            taken.iter().map(|f| f.display.clone()).collect();
        own.insert(CONFIG_FILE.to_owned());
        own.extend(self.cases_file().map(|f| f.display));
        own.extend(self.personas_file().map(|f| f.display));
        own.extend(
            self.codebook_files()
                .unwrap_or_default()
                .into_iter()
                .map(|f| f.display),
        );
        let mut out = Vec::new();
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(self.root.join(&folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') || !entry.path().is_file() {
                    continue;
                }
                let display = if folder.is_empty() {
                    name
                } else {
                    format!("{folder}/{name}")
                };
                if !own.contains(&display) {
                    out.push(display);
                }
            }
        }
        crate::natural::sort(&mut out);
        out
    }

    /// The files the codebook globs match, in the order the config lists
    /// them (a personas file among them is passed over by
    /// `CodeSet::load`).
    pub fn codebook_files(&self) -> Result<Vec<ProjectFile>> {
        let mut files = Vec::new();
        let mut paths = Vec::new();
        // Shipped ones (`builtin:NAME`) in their place among the others.
        for entry in &self.codebooks {
            match builtin::name_of(entry) {
                Some(name) => {
                    if !paths.is_empty() {
                        files.extend(expand(&self.root, &paths, "codebooks")?);
                        paths.clear();
                    }
                    if builtin::text(name).is_none() || name == builtin::PERSONAS {
                        return Err(builtin::unknown(name, "codebook"));
                    }
                    let file = ProjectFile::shipped(name);
                    if !files.contains(&file) {
                        files.push(file);
                    }
                }
                None => paths.push(entry.clone()),
            }
        }
        if !paths.is_empty() || files.is_empty() {
            for file in expand(&self.root, &paths, "codebooks")? {
                if !files.contains(&file) {
                    files.push(file);
                }
            }
        }
        Ok(files)
    }

    /// The personas file, if configured (`builtin:personas` is the shipped
    /// one).
    pub fn personas_file(&self) -> Option<ProjectFile> {
        self.personas.as_ref().map(|p| match builtin::name_of(p) {
            Some(name) => ProjectFile::shipped(name),
            None => ProjectFile {
                path: self.root.join(p),
                display: clean(p),
            },
        })
    }

    /// The cases file, if configured.
    pub fn cases_file(&self) -> Option<ProjectFile> {
        self.cases.as_ref().map(|c| ProjectFile {
            path: self.root.join(c),
            display: clean(c),
        })
    }

    /// The folder for codings files.
    pub fn codings_dir(&self) -> PathBuf {
        self.root.join("codings")
    }

    /// A document named on the command line as the project names it
    /// (`transcripts/F1.txt`): a name relative to the project is kept (less
    /// any leading `./`); otherwise a path to a file inside the project,
    /// absolute or relative to the current folder (as a shell completes
    /// it), is made relative to the project. Anything else comes back as
    /// given, for the caller's "unknown document" error.
    pub fn document_name(&self, given: &str) -> String {
        let mut name = given;
        while let Some(rest) = name.strip_prefix("./") {
            name = rest;
        }
        if Path::new(name).is_relative() && self.root.join(name).is_file() {
            return name.to_owned();
        }
        let inside = Path::new(given)
            .canonicalize()
            .ok()
            .zip(self.root.canonicalize().ok())
            .and_then(|(file, root)| {
                let rel = file.strip_prefix(&root).ok()?;
                let parts: Option<Vec<&str>> =
                    rel.components().map(|c| c.as_os_str().to_str()).collect();
                Some(parts?.join("/"))
            });
        match inside {
            Some(rel) if !rel.is_empty() => rel,
            _ => given.to_owned(),
        }
    }
}

/// Expand globs or plain paths relative to `root`. A plain path must exist;
/// a glob may match nothing only if another entry matches something.
fn expand(root: &Path, patterns: &[String], what: &str) -> Result<Vec<ProjectFile>> {
    let mut files: Vec<ProjectFile> = Vec::new();
    // What is listed already: two globs may match the same file.
    let mut listed: foldhash::HashSet<String> = foldhash::HashSet::default();
    // A matched FIFO, device or socket, refused once the walk is done.
    let mut special: Option<(String, &str)> = None;
    for pattern in patterns {
        let pattern = clean(pattern);
        let is_glob = pattern.contains(['*', '?', '[', '{']);
        if !is_glob {
            let path = plain_file(root, &pattern, what)?;
            if listed.insert(pattern.clone()) {
                files.push(ProjectFile {
                    path,
                    display: pattern,
                });
            }
            continue;
        }
        // Walk from the longest leading part without glob characters.
        let base: Vec<&str> = pattern
            .split('/')
            .take_while(|part| !part.contains(['*', '?', '[', '{']))
            .collect();
        let base = base.join("/");
        let matcher = globset::GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                Error::invalid(format!("bad {what} glob {pattern:?}: {}", e.kind()))
                    .at(Location::file(CONFIG_FILE))
            })?
            .compile_matcher();
        let walk_root = root.join(&base);
        let walk = walkdir::WalkDir::new(&walk_root).follow_links(true);
        // Transcripts are sorted below, so they are walked as the folder
        // lists them (sorting each folder's entries by name parses every
        // path again at each comparison); other files keep the walk's order.
        let walk = if what == "transcripts" {
            walk
        } else {
            walk.sort_by_file_name()
        };
        for entry in walk {
            // An entry that cannot be followed (a dangling link, a folder
            // without permission) is kept if it matches, so reading it
            // reports the problem instead of the file silently missing.
            let path = match entry {
                Ok(entry) if entry.file_type().is_file() => entry.into_path(),
                Ok(entry) if !entry.file_type().is_dir() => {
                    // A FIFO or a device (or a link to one): reading it
                    // would wait forever or never end. Refused if matched.
                    let rel = entry
                        .path()
                        .strip_prefix(&walk_root)
                        .unwrap_or(entry.path());
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    let display = if base.is_empty() {
                        rel
                    } else {
                        format!("{base}/{rel}")
                    };
                    if matcher.is_match(&display) {
                        let kind =
                            special_file(entry.path()).unwrap_or("neither a file nor a folder");
                        // The first in name order, whatever the walk's order.
                        if special.as_ref().is_none_or(|(d, _)| display < *d) {
                            special = Some((display, kind));
                        }
                    }
                    continue;
                }
                Ok(_) => continue,
                Err(e) => match e.path() {
                    Some(p) => p.to_path_buf(),
                    None => continue,
                },
            };
            let Ok(rel) = path.strip_prefix(&walk_root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let display = if base.is_empty() {
                rel
            } else {
                format!("{base}/{rel}")
            };
            if matcher.is_match(&display) && listed.insert(display.clone()) {
                files.push(ProjectFile { path, display });
            }
        }
    }
    if let Some((display, kind)) = special {
        return Err(not_regular(&display, kind));
    }
    if what == "transcripts" {
        // The same order as sorted codings: natural, then byte order.
        files.sort_by(|a, b| {
            crate::natural::cmp(&a.display, &b.display).then(a.display.cmp(&b.display))
        });
    }
    if files.is_empty() {
        return Err(Error::invalid(format!(
            "no {what} found: the globs {} match no file",
            patterns.join(", ")
        ))
        .at(Location::file(CONFIG_FILE)));
    }
    Ok(files)
}

/// The path of `pattern`, a listed file (no glob), which must be a regular file.
fn plain_file(root: &Path, pattern: &str, what: &str) -> Result<PathBuf> {
    let path = root.join(pattern);
    if let Some(kind) = special_file(&path) {
        return Err(not_regular(pattern, kind));
    }
    if !path.is_file() {
        return Err(Error::new(
            ErrorKind::Read,
            format!("cannot read {what} file {pattern}: no such file"),
        )
        .at(Location::file(CONFIG_FILE)));
    }
    Ok(path)
}

/// What a path that is neither a file nor a folder is (following links):
/// `a FIFO`, `a device`, `a socket`; `None` for a file, a folder or a path
/// that cannot be read.
fn special_file(path: &Path) -> Option<&'static str> {
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("neither a file nor a folder")
}

/// The error for a listed path that is a FIFO, device or socket.
fn not_regular(display: &str, kind: &str) -> Error {
    Error::invalid(format!(
        "{display} is {kind}, not a regular file: reading it could wait forever or never \
         end; remove it, or narrow the glob so it does not match"
    ))
    .at(Location::file(CONFIG_FILE))
}

/// Normalise a configured path: `/` separators, no `./` parts.
fn clean(path: &str) -> String {
    let path = path.replace('\\', "/");
    let parts: Vec<String> = Path::new(&path)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if path.starts_with('/') {
        format!("/{}", parts[1..].join("/"))
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(yaml: &str) -> Result<Project> {
        Project::from_yaml(yaml, Path::new("."), Path::new("qualcode.yaml"))
    }

    #[test]
    fn overrides_are_per_project_read_not_process_wide() {
        let yaml = "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\nencoding: windows-1252\n\
                    files:\n  - glob: t/a*.txt\n    encoding: utf-16le\n";
        let latin9 = encoding_for("iso-8859-15").unwrap();
        let forced = Overrides {
            encoding: Some(latin9),
            allow_stale: true,
        };
        let p = Project::from_yaml_with(yaml, Path::new("."), Path::new("qualcode.yaml"), forced)
            .unwrap();
        assert_eq!(p.encoding_of("t/a1.txt"), Some(latin9));
        assert_eq!(p.encoding_of("t/b1.txt"), Some(latin9));
        assert!(p.allow_stale);
        // A project read afterwards without them is as its config says.
        let plain = project(yaml).unwrap();
        assert_eq!(plain.encoding_of("t/a1.txt"), Some(encoding_rs::UTF_16LE));
        assert_eq!(
            plain.encoding_of("t/b1.txt"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert!(!plain.allow_stale);
    }

    #[test]
    fn defaults_fill_what_the_config_leaves_out() {
        let p = project("transcripts: [t/*.txt]\ncodebooks: [c.yaml]\n").unwrap();
        assert_eq!(p.interviewers.len(), 5);
        assert!(p.is_interviewer("interviewer"));
        assert!(!p.is_interviewer("F4"));
        assert_eq!(p.unit, CountUnit::Case);
    }

    #[test]
    fn unknown_key_is_reported_with_its_place() {
        let err = project("transcripts: [a]\ncodebooks: [b]\ncodebook: x\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("qualcode.yaml:3:1: unknown field `codebook`"),
            "{err}"
        );
    }

    #[test]
    fn redaction_names_are_ordered_longest_first() {
        let p = project(
            "transcripts: [a]\ncodebooks: [b]\nredact: {Sarah: '[X]', Sarah Jones: '[X]'}\n",
        )
        .unwrap();
        assert_eq!(p.redact[0].0, "Sarah Jones");
    }

    #[test]
    fn globs_expand_relative_to_root_and_sort_naturally() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["F10.txt", "F2.txt", "notes.md"] {
            std::fs::create_dir_all(dir.path().join("t")).unwrap();
            std::fs::write(dir.path().join("t").join(name), "x").unwrap();
        }
        let files = expand(dir.path(), &["./t/*.txt".to_owned()], "transcripts").unwrap();
        let names: Vec<_> = files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(names, ["t/F2.txt", "t/F10.txt"]);
        let err = expand(dir.path(), &["t/*.docx".to_owned()], "transcripts").unwrap_err();
        assert!(err.message().contains("match no file"));
    }

    #[test]
    fn clean_normalises_separators() {
        assert_eq!(clean("./a\\b/./c.yaml"), "a/b/c.yaml");
        assert_eq!(clean("../../codebooks/m.yaml"), "../../codebooks/m.yaml");
    }
}
