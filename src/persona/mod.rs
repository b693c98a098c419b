//! Personas: case-level classes assigned by rules over a case's codes and
//! attributes, or set by hand in the `persona` column of `cases.csv`.
//!
//! Owns the model, loading the personas file (YAML in `parse.rs`), checking
//! it against the loaded codebooks and cases, and evaluating the rules
//! (`assign.rs`). Knows nothing of tables or output.

mod assign;
mod parse;

use std::path::Path;

use crate::codebook::CodeSet;
use crate::project::{Case, Cases, Project};
use crate::{Error, ErrorKind, Location, Result};

pub use assign::{
    Assignment, CaseCodes, Evidence, Ref, Resolved, assign, evaluate, participants_only, resolve,
};

/// The name of the case attribute that sets personas by hand.
pub const HAND_ATTRIBUTE: &str = "persona";

/// The hand-set value that means "no persona".
pub const UNCLASSIFIED: &str = "Unclassified";

/// A code id or codebook name in a rule, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRef {
    /// The id (`barriers.ics.health`) or codebook name (`outcomes`).
    pub id: String,
    /// Where it is written.
    pub location: Location,
}

/// `at_least: {under: PREFIX, n: N}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtLeast {
    /// The code or codebook the codes must lie under.
    pub under: CodeRef,
    /// How many distinct codes.
    pub n: usize,
}

/// `where: {attr: value or [values]}`: one attribute condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The case attribute.
    pub attribute: String,
    /// The values that satisfy it (compared ignoring case).
    pub values: Vec<String>,
    /// Where the attribute is written.
    pub location: Location,
}

/// One rule: every condition it has must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Optional name, shown with the evidence.
    pub name: Option<String>,
    /// Each of these applies to the case.
    pub all: Vec<CodeRef>,
    /// At least one of these applies.
    pub any: Vec<CodeRef>,
    /// None of these applies.
    pub none: Vec<CodeRef>,
    /// At least N distinct codes under a prefix.
    pub at_least: Option<AtLeast>,
    /// Attribute conditions.
    pub conditions: Vec<Condition>,
    /// Where the rule starts.
    pub location: Location,
}

impl Rule {
    /// Every code reference of the rule.
    pub fn code_refs(&self) -> impl Iterator<Item = &CodeRef> {
        self.all
            .iter()
            .chain(&self.any)
            .chain(&self.none)
            .chain(self.at_least.as_ref().map(|a| &a.under))
    }
}

/// One persona.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Persona {
    /// Id (`success_story`).
    pub id: String,
    /// Label as shown (`Success story`).
    pub label: String,
    /// What the persona means.
    pub description: Option<String>,
    /// The persona applies if any rule holds. None: set by hand only.
    pub rules: Vec<Rule>,
    /// Where its id is written.
    pub location: Location,
}

/// A personas file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonaSet {
    /// The scheme's name (`ics`).
    pub scheme: String,
    /// Title.
    pub title: Option<String>,
    /// What the scheme is for.
    pub description: Option<String>,
    /// The file as shown to the user.
    pub path: String,
    /// Personas in file order.
    pub personas: Vec<Persona>,
}

impl PersonaSet {
    /// Parse the YAML text of a personas file shown as `display`.
    pub fn parse(text: &str, display: &str) -> Result<PersonaSet> {
        parse::parse(text, display)
    }

    /// Read the project's personas file, or say how to configure one.
    pub fn load(project: &Project) -> Result<PersonaSet> {
        let Some(file) = project.personas_file() else {
            return Err(Error::usage(
                "no personas file configured: add `personas: personas.yaml` (a path relative \
                 to the project) to qualcode.yaml; codebooks/personas.yaml in the qualcode \
                 repository describes the six ICS personas",
            )
            .at(Location::file(crate::project::CONFIG_FILE)));
        };
        if let Some(name) = crate::project::builtin::name_of(&file.display)
            && file.builtin().is_none()
        {
            return Err(crate::project::builtin::unknown(name, "personas"));
        }
        if !file.exists() {
            return Err(Error::new(
                ErrorKind::Read,
                format!("cannot read personas file {}: no such file", file.display),
            )
            .at(Location::file(crate::project::CONFIG_FILE)));
        }
        let display = Path::new(&file.display);
        let bytes = file.read().map_err(|e| Error::io(display, "read", &e))?;
        let text = crate::ingest::decode::decode(&bytes, display)?;
        parse::parse(&text, &file.display)
    }

    /// The title, else the scheme's name.
    pub fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.scheme)
    }

    /// Check that every code id and attribute the rules name exists. Returns
    /// notes on what may be a slip but is not an error: attribute values no
    /// case has.
    pub fn validate(&self, codes: &CodeSet, cases: &Cases) -> Result<Vec<String>> {
        let mut notes = Vec::new();
        for p in &self.personas {
            let fail = |message: String, at: &Location| {
                Error::invalid(format!("persona {}: {message}", p.id)).at(at.clone())
            };
            for rule in &p.rules {
                for r in rule.code_refs() {
                    // Code ids are dotted; a name without a dot is a codebook's.
                    let found = if r.id.contains('.') {
                        codes.require(&r.id).map(|_| ())
                    } else {
                        codes.codebook(&r.id).map(|_| ())
                    };
                    found.map_err(|e| fail(e.message().to_owned(), &r.location))?;
                }
                for c in &rule.conditions {
                    if crate::natural::eq_ignore_case(&c.attribute, HAND_ATTRIBUTE) {
                        return Err(fail(
                            format!(
                                "'{}' is the column that sets personas by hand; \
                                 a rule cannot depend on it",
                                c.attribute
                            ),
                            &c.location,
                        ));
                    }
                    cases
                        .check_attribute(&c.attribute)
                        .map_err(|e| fail(e.message().to_owned(), &c.location))?;
                    for v in &c.values {
                        let known = cases.iter().any(|case| {
                            case.get(&c.attribute)
                                .is_some_and(|x| crate::natural::eq_ignore_case(x, v))
                        });
                        if !known {
                            notes.push(format!(
                                "{}: persona {}: no case has {} = {v}",
                                c.location, p.id, c.attribute
                            ));
                        }
                    }
                }
            }
        }
        Ok(notes)
    }

    /// The personas set by hand for `case`: `None` if its `persona`
    /// attribute is empty or missing; an empty list for `Unclassified`.
    /// An unknown value is an error naming where it was set.
    pub fn hand_set(&self, case: &Case) -> Result<Option<(Vec<usize>, Location)>> {
        let Some(attr) = case
            .attributes
            .iter()
            .find(|(name, _)| crate::natural::eq_ignore_case(name, HAND_ATTRIBUTE))
            .map(|(_, a)| a)
        else {
            return Ok(None);
        };
        let mut found = Vec::new();
        let mut unclassified = false;
        for value in attr
            .value
            .split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            if crate::natural::eq_ignore_case(value, UNCLASSIFIED) {
                unclassified = true;
                continue;
            }
            let Some(i) = self.find(value) else {
                let known: Vec<String> = self
                    .personas
                    .iter()
                    .map(|p| format!("{} ({})", p.id, p.label))
                    .collect();
                return Err(Error::invalid(format!(
                    "case {}: unknown persona '{value}' in the {HAND_ATTRIBUTE} column: \
                     the personas of {} are {}, or {UNCLASSIFIED}; separate several with ';'",
                    case.id,
                    self.path,
                    known.join(", ")
                ))
                .at(attr.source.clone()));
            };
            if !found.contains(&i) {
                found.push(i);
            }
        }
        if unclassified && !found.is_empty() {
            return Err(Error::invalid(format!(
                "case {}: the {HAND_ATTRIBUTE} column says both {UNCLASSIFIED} and a persona",
                case.id
            ))
            .at(attr.source.clone()));
        }
        if !unclassified && found.is_empty() {
            return Ok(None);
        }
        found.sort_unstable();
        Ok(Some((found, attr.source.clone())))
    }

    /// [`PersonaSet::validate`], and every case's hand-set value.
    pub fn check(&self, codes: &CodeSet, cases: &Cases) -> Result<Vec<String>> {
        let notes = self.validate(codes, cases)?;
        for case in cases.iter() {
            self.hand_set(case)?;
        }
        Ok(notes)
    }

    /// The persona whose id or label is `name`, ignoring case.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.personas.iter().position(|p| {
            crate::natural::eq_ignore_case(&p.id, name)
                || crate::natural::eq_ignore_case(&p.label, name)
        })
    }
}
