//! Per-file rules (`files:` in `qualcode.yaml`): a speaker-label rule, a
//! speaker map or an encoding for the transcripts one glob matches, so an
//! odd file gets its rule without changing how the others are read.
//!
//! Owns parsing and checking the rules and finding the rule of a file;
//! knows nothing of transcripts' contents.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::{Error, Location, Result};

/// A rule as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    glob: String,
    label_pattern: Option<String>,
    #[serde(default)]
    speakers: BTreeMap<String, String>,
    encoding: Option<String>,
}

/// One `files:` rule, checked.
#[derive(Debug, Clone)]
pub struct FileRule {
    /// The glob as written (relative to the project, like `transcripts:`).
    pub glob: String,
    matcher: globset::GlobMatcher,
    /// The label rule for these files, in place of the built-in forms.
    pub label_pattern: Option<regex::Regex>,
    /// Label → case id, for these files (a document's own `speakers:`
    /// entry wins over it, label by label).
    pub speakers: BTreeMap<String, String>,
    /// The encoding of these files when they are not UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl FileRule {
    /// Whether the rule applies to transcript `path` (as the project names it).
    pub fn matches(&self, path: &str) -> bool {
        self.matcher.is_match(path)
    }
}

/// Check the rules as written; `forced` is the encoding `--encoding` set,
/// which wins over a rule's.
pub(super) fn resolve(
    raw: Vec<RawRule>,
    config: &Path,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Vec<FileRule>> {
    raw.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let bad = |why: String| {
                Error::invalid(format!("files: rule {} ({:?}): {why}", i + 1, r.glob))
                    .at(Location::file(config))
            };
            let glob = super::clean(&r.glob);
            let matcher = globset::GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|e| bad(format!("bad glob: {}", e.kind())))?
                .compile_matcher();
            let label_pattern = r
                .label_pattern
                .as_deref()
                .map(label_pattern)
                .transpose()
                .map_err(|why| bad(format!("label_pattern: {why}")))?;
            let encoding = match (forced, &r.encoding) {
                (Some(_), _) | (None, None) => None,
                (None, Some(label)) => Some(
                    super::encoding_for(label)
                        .map_err(|e| bad(format!("encoding: {}", e.message())))?,
                ),
            };
            Ok(FileRule {
                glob,
                matcher,
                label_pattern,
                speakers: r.speakers,
                encoding,
            })
        })
        .collect()
}

/// A speaker-label regex, checked: it must compile and have a `label` group.
pub(super) fn label_pattern(source: &str) -> std::result::Result<regex::Regex, String> {
    let re = regex::Regex::new(source)
        .map_err(|e| format!("not a valid regex: {}", crate::matcher::regex_reason(&e)))?;
    if !re.capture_names().any(|n| n == Some("label")) {
        return Err("the regex needs a group named label, as in \
             '^(?P<label>[A-Z][A-Za-z ]+) > (?P<text>.*)$'"
            .to_owned());
    }
    Ok(re)
}

#[cfg(test)]
mod tests {
    use crate::project::Project;
    use std::path::Path;

    fn project(extra: &str) -> crate::Result<Project> {
        let yaml = format!("transcripts: [t/*.txt]\ncodebooks: [c.yaml]\n{extra}");
        Project::from_yaml(&yaml, Path::new("."), Path::new("qualcode.yaml"))
    }

    #[test]
    fn the_first_matching_rule_applies_and_a_document_map_wins_label_by_label() {
        let p = project(
            "speakers: {t/otter/a.txt: {Speaker 1: A1}}\n\
             files:\n\
             - {glob: 't/otter/*.txt', label_pattern: '^(?P<label>.+?)  \\d+:\\d+$', \
                speakers: {Speaker 1: X, Speaker 2: B2}, encoding: windows-1252}\n\
             - {glob: 't/**', speakers: {Ann: A}}\n",
        )
        .unwrap();
        assert!(p.label_pattern_for("t/otter/a.txt").is_some());
        assert!(p.label_pattern_for("t/b.txt").is_none());
        assert_eq!(
            p.encoding_of("t/otter/a.txt")
                .map(encoding_rs::Encoding::name),
            Some("windows-1252")
        );
        assert!(p.encoding_of("t/b.txt").is_none());
        let map = p.speaker_map("t/otter/a.txt").unwrap();
        assert_eq!(map.get("Speaker 1").map(String::as_str), Some("A1"));
        assert_eq!(map.get("Speaker 2").map(String::as_str), Some("B2"));
        assert_eq!(p.speaker_map("t/b.txt").unwrap().len(), 1);
        assert!(project("").unwrap().speaker_map("t/b.txt").is_none());
    }

    #[test]
    fn bad_rules_are_errors_naming_the_rule() {
        #[track_caller]
        fn case(rules: &str, want: &str) {
            let err = project(&format!("files:\n{rules}"))
                .unwrap_err()
                .to_string();
            assert_eq!(err, want);
        }
        case(
            "- {glob: 't/[.txt'}\n",
            "qualcode.yaml: files: rule 1 (\"t/[.txt\"): bad glob: unclosed character class; missing ']'",
        );
        case(
            "- {glob: 't/*.txt'}\n- {glob: 't/a.txt', label_pattern: '^(?P<who>\\w+):'}\n",
            "qualcode.yaml: files: rule 2 (\"t/a.txt\"): label_pattern: the regex needs a group \
             named label, as in '^(?P<label>[A-Z][A-Za-z ]+) > (?P<text>.*)$'",
        );
        case(
            "- {glob: 't/a.txt', encoding: klingon}\n",
            "qualcode.yaml: files: rule 1 (\"t/a.txt\"): encoding: unknown encoding 'klingon': \
             use a name such as utf-8, windows-1252, iso-8859-15, utf-16le or shift_jis",
        );
        let err = project("files:\n- {glob: 't/a.txt', speaker: {A: B}}\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `speaker`"), "{err}");
    }
}
