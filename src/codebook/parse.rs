//! Codebook YAML to the model. Unknown keys are errors; every error names
//! the file, line, column and, where known, the code id.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Code, Codebook, Example, Mood, Pattern, PatternKind, Tense};
use crate::project::yaml;
use crate::{Error, Location, Result};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodebook {
    codebook: Spanned<String>,
    title: Option<String>,
    description: Option<String>,
    negation: Option<usize>,
    applies_to: Option<Spanned<Vec<String>>>,
    mood: Option<Mood>,
    tense: Option<Tense>,
    codes: Vec<RawCode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    id: Spanned<String>,
    label: Option<String>,
    description: Option<String>,
    include: Option<String>,
    exclude: Option<String>,
    #[serde(default)]
    examples: Vec<Spanned<String>>,
    #[serde(default)]
    counterexamples: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<PatternSpec>>,
    #[serde(default)]
    not: Vec<Spanned<PatternSpec>>,
    negation: Option<usize>,
    applies_to: Option<Spanned<Vec<String>>>,
    mood: Option<Mood>,
    tense: Option<Tense>,
    color: Option<String>,
    #[serde(default)]
    children: Vec<RawCode>,
}

/// A pattern as written: a string, `{regex: …}` or `{near: [a, b], within: N}`.
struct PatternSpec(PatternKind);

impl<'de> Deserialize<'de> for PatternSpec {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(SpecVisitor)
    }
}

struct SpecVisitor;

const PATTERN_FORMS: &str =
    "a pattern is a word or phrase, {regex: …} or {near: [a, b], within: N}";

impl<'de> Visitor<'de> for SpecVisitor {
    type Value = PatternSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PATTERN_FORMS)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<PatternSpec, E> {
        Ok(PatternSpec(PatternKind::Phrase(v.to_owned())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<PatternSpec, E> {
        Ok(PatternSpec(PatternKind::Phrase(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<PatternSpec, E> {
        Ok(PatternSpec(PatternKind::Phrase(v.to_string())))
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<PatternSpec, A::Error> {
        let (mut regex, mut near, mut within) =
            (None::<String>, None::<Vec<String>>, None::<usize>);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "regex" => regex = Some(map.next_value()?),
                "near" => near = Some(map.next_value()?),
                "within" => within = Some(map.next_value()?),
                other => {
                    return Err(de::Error::custom(format!(
                        "unknown pattern key '{other}': {PATTERN_FORMS}"
                    )));
                }
            }
        }
        match (regex, near, within) {
            (Some(r), None, None) => Ok(PatternSpec(PatternKind::Regex(r))),
            (None, Some(words), within) => {
                let [a, b] = <[String; 2]>::try_from(words).map_err(|w| {
                    de::Error::custom(format!("near takes exactly two phrases, not {}", w.len()))
                })?;
                Ok(PatternSpec(PatternKind::Near {
                    a,
                    b,
                    within: within.unwrap_or(5),
                }))
            }
            _ => Err(de::Error::custom(PATTERN_FORMS)),
        }
    }
}

pub(super) fn parse(text: &str, display: &str) -> Result<Codebook> {
    let path = Path::new(display);
    let raw: RawCodebook = yaml::parse(text, path, 0).map_err(|e| name_code(e, text))?;
    let name = raw.codebook.value.trim().to_owned();
    check_id(&name, "codebook name")
        .map_err(|m| Error::invalid(m).at(yaml::location(path, &raw.codebook.referenced, 0)))?;
    let mut codes = Vec::new();
    let inherited = Inherited {
        negation: raw.negation.unwrap_or(0),
        applies_to: roles(raw.applies_to, path, None)?.unwrap_or_default(),
        mood: raw.mood.unwrap_or_default(),
        tense: raw.tense,
    };
    for code in raw.codes {
        flatten(code, &name, None, 0, &inherited, path, &mut codes)?;
    }
    if codes.is_empty() {
        return Err(Error::invalid("the codebook has no codes").at(Location::file(path)));
    }
    Ok(Codebook {
        name,
        title: raw.title,
        description: raw.description,
        path: display.to_owned(),
        negation: inherited.negation,
        applies_to: inherited.applies_to,
        codes,
    })
}

/// Name the code a YAML error lies in, from the `id:` lines above it.
fn name_code(err: Error, text: &str) -> Error {
    let Some((line, column)) = err.location().and_then(|l| Some((l.line?, l.column?))) else {
        return err;
    };
    let Some(local) = yaml::enclosing_code_id(text, line, column) else {
        return err;
    };
    let book = text
        .lines()
        .find_map(|l| l.strip_prefix("codebook:"))
        .map(|n| n.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|n| !n.is_empty());
    match book {
        Some(book) => err.with_code(format!("{book}.{local}")),
        None => err.with_code(local),
    }
}

/// What a code takes from its codebook or parent unless it says otherwise.
struct Inherited {
    negation: usize,
    applies_to: Vec<String>,
    mood: Mood,
    tense: Option<Tense>,
}

/// An `applies_to:` list of role names, checked and in lower case.
fn roles(
    raw: Option<Spanned<Vec<String>>>,
    path: &Path,
    code: Option<&str>,
) -> Result<Option<Vec<String>>> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let bad = |m: String| {
        let e = Error::invalid(m).at(yaml::location(path, &raw.referenced, 0));
        match code {
            Some(id) => e.with_code(id),
            None => e,
        }
    };
    if raw.value.is_empty() {
        return Err(bad(
            "applies_to: name at least one role, such as [participant]".to_owned(),
        ));
    }
    let mut out = Vec::with_capacity(raw.value.len());
    for role in &raw.value {
        let role = role.trim().to_lowercase();
        check_id(&role, "role").map_err(|m| bad(format!("applies_to: {m}")))?;
        if !out.contains(&role) {
            out.push(role);
        }
    }
    Ok(Some(out))
}

fn flatten(
    raw: RawCode,
    prefix: &str,
    parent: Option<&str>,
    depth: usize,
    inherited: &Inherited,
    path: &Path,
    out: &mut Vec<Code>,
) -> Result<()> {
    let local = raw.id.value.trim().to_owned();
    let location = yaml::location(path, &raw.id.referenced, 0);
    let id = format!("{prefix}.{local}");
    check_id(&local, "code id")
        .map_err(|m| Error::invalid(m).at(location.clone()).with_code(&id))?;
    let convert = |specs: Vec<Spanned<PatternSpec>>| -> Result<Vec<Pattern>> {
        specs
            .into_iter()
            .map(|s| {
                let location = yaml::location(path, &s.referenced, 0);
                let kind = s.value.0;
                kind.validate()
                    .map_err(|m| Error::invalid(m).at(location.clone()).with_code(&id))?;
                Ok(Pattern { kind, location })
            })
            .collect()
    };
    let patterns = convert(raw.patterns)?;
    let not = convert(raw.not)?;
    let own = Inherited {
        negation: raw.negation.unwrap_or(inherited.negation),
        applies_to: roles(raw.applies_to, path, Some(&id))?
            .unwrap_or_else(|| inherited.applies_to.clone()),
        mood: raw.mood.unwrap_or(inherited.mood),
        tense: raw.tense.or(inherited.tense),
    };
    let sentences = |list: Vec<Spanned<String>>| -> Vec<Example> {
        list.into_iter()
            .map(|e| Example {
                text: e.value,
                location: yaml::location(path, &e.referenced, 0),
            })
            .collect()
    };
    let examples = sentences(raw.examples);
    let counterexamples = sentences(raw.counterexamples);
    let label = raw.label.unwrap_or_else(|| humanise(&local));
    out.push(Code {
        id: crate::id::CodeId::checked(id.clone()),
        label,
        description: raw.description,
        include: raw.include,
        exclude: raw.exclude,
        examples,
        counterexamples,
        patterns,
        not,
        negation: own.negation,
        applies_to: own.applies_to.clone(),
        mood: own.mood,
        tense: own.tense,
        color: raw.color,
        depth,
        parent: parent.map(str::to_owned),
        location,
    });
    for child in raw.children {
        flatten(child, &id, Some(&id), depth + 1, &own, path, out)?;
    }
    Ok(())
}

pub(crate) use crate::id::check_part as check_id;

/// A label from an id: `innate_desire` → `Innate desire`.
pub(crate) fn humanise(local: &str) -> String {
    let spaced = local.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = "\
codebook: motivators
title: Motivating factors
negation: 3
codes:
  - id: extrinsic
    children:
      - id: finance
        label: Finance
        patterns: [money, {regex: '£\\d+'}, {near: [pay, bills], within: 4}]
        not: [money for nothing]
        negation: 0
        examples: [It is the money]
      - id: family
        patterns: [kids]
";

    #[test]
    fn codes_flatten_in_tree_order_with_dotted_ids() {
        let book = parse(BOOK, "m.yaml").unwrap();
        let ids: Vec<_> = book.codes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "motivators.extrinsic",
                "motivators.extrinsic.finance",
                "motivators.extrinsic.family"
            ]
        );
        let finance = &book.codes[1];
        assert_eq!(finance.patterns.len(), 3);
        assert_eq!(finance.patterns[0].location, Location::at("m.yaml", 9, 20));
        assert_eq!(finance.negation, 0);
        assert_eq!(book.codes[2].negation, 3);
        assert_eq!(book.codes[0].label, "Extrinsic");
        assert_eq!(finance.parent.as_deref(), Some("motivators.extrinsic"));
    }

    #[test]
    fn roles_mood_and_tense_pass_from_codebook_to_parent_to_child() {
        let book = parse(
            "codebook: o\napplies_to: [Participant]\nmood: actual\ncodes:\n  \
             - id: before\n    tense: past\n    children:\n      - id: jail\n  \
             - id: staff_view\n    applies_to: [staff, participant]\n    mood: any\n    \
             tense: present\n",
            "o.yaml",
        )
        .unwrap();
        assert_eq!(book.applies_to, ["participant"]);
        let [before, jail, staff] = &book.codes[..] else {
            panic!("three codes");
        };
        assert_eq!(before.applies_to, ["participant"]);
        assert_eq!((jail.mood, jail.tense), (Mood::Actual, Some(Tense::Past)));
        assert!(jail.applies_to_role("participant") && !jail.applies_to_role("staff"));
        assert_eq!(staff.applies_to, ["staff", "participant"]);
        assert_eq!((staff.mood, staff.tense), (Mood::Any, Some(Tense::Present)));
        let open = parse("codebook: m\ncodes:\n  - id: a\n", "m.yaml").unwrap();
        assert!(open.codes[0].applies_to_role("staff"));
        assert_eq!((open.codes[0].mood, open.codes[0].tense), (Mood::Any, None));
    }

    #[track_caller]
    fn error(yaml: &str, want: &str) {
        let err = parse(yaml, "m.yaml").unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn errors_name_place_and_code() {
        error(
            "codebook: m\ncodes:\n  - id: a\n    children:\n      - id: b\n        regx: 1\n",
            "m.yaml:6:9: code m.a.b: unknown field `regx`, expected one of id, label, description, include, exclude, examples, counterexamples, patterns, not, negation, applies_to, mood, tense, color, children",
        );
        error(
            "codebook: m\ncodes:\n  - id: a\n    patterns: [x, {regex: '(a'}]\n",
            "m.yaml:4:19: code m.a: bad regex `(a`: unclosed group",
        );
        error(
            "codebook: m\ncodes:\n  - id: a\n    patterns: [{regexx: 'a'}]\n",
            "m.yaml:4:16: code m.a: unknown pattern key 'regexx': a pattern is a word or phrase, {regex: …} or {near: [a, b], within: N}",
        );
        error(
            "codebook: m\ncodes:\n  - id: a.b\n",
            "m.yaml:3:9: code m.a.b: code id 'a.b' may use only letters a-z, digits, '_' and '-' (dots join ids)",
        );
        error(
            "codebook: m\ncodes: []\n",
            "m.yaml: the codebook has no codes",
        );
        error(
            "codebook: m\ncodes:\n  - id: a\n    applies_to: []\n",
            "m.yaml:4:17: code m.a: applies_to: name at least one role, such as [participant]",
        );
        error(
            "codebook: m\napplies_to: [client staff]\ncodes:\n  - id: a\n",
            "m.yaml:2:13: applies_to: role 'client staff' may use only letters a-z, digits, '_' and '-' (dots join ids)",
        );
        error(
            "codebook: m\ncodes:\n  - id: a\n    mood: real\n",
            "m.yaml:4:11: code m.a: unknown variant `real`, expected one of any, actual",
        );
        error(
            "codebook: m\ncodes: [\n",
            "m.yaml:2:8: unclosed bracket '['",
        );
    }
}
