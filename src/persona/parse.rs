//! Personas YAML to the model. Unknown keys are errors; every error names
//! the file, line, column and, where known, the persona id. Whether the
//! codes and attributes exist is checked later, against the project
//! ([`super::PersonaSet::validate`]).

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::{AtLeast, CodeRef, Condition, Persona, PersonaSet, Rule, UNCLASSIFIED};
use crate::codebook::parse::{check_id, humanise};
use crate::project::yaml;
use crate::{Error, Location, Result};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    scheme: Spanned<String>,
    title: Option<String>,
    description: Option<String>,
    personas: Vec<RawPersona>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPersona {
    id: Spanned<String>,
    label: Option<String>,
    description: Option<String>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Option<String>,
    all: Option<Spanned<Vec<Spanned<String>>>>,
    any: Option<Spanned<Vec<Spanned<String>>>>,
    none: Option<Spanned<Vec<Spanned<String>>>>,
    at_least: Option<Spanned<RawAtLeast>>,
    #[serde(rename = "where")]
    conditions: Option<Spanned<Conditions>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAtLeast {
    under: Spanned<String>,
    n: usize,
}

/// `where:` as written: attribute → one value or a list, in file order.
struct Conditions(Vec<(Spanned<String>, Vec<String>)>);

impl<'de> Deserialize<'de> for Conditions {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_map(ConditionsVisitor)
    }
}

struct ConditionsVisitor;

impl<'de> Visitor<'de> for ConditionsVisitor {
    type Value = Conditions;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of attribute: value or [values]")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Conditions, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let Values(values) = map.next_value()?;
            out.push((key, values));
        }
        Ok(Conditions(out))
    }
}

/// An attribute value, or a list of them.
struct Values(Vec<String>);

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ValuesVisitor)
    }
}

struct ValuesVisitor;

impl<'de> Visitor<'de> for ValuesVisitor {
    type Value = Values;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an attribute value or a list of values")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Values, E> {
        Ok(Values(vec![v.to_owned()]))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Values, E> {
        Ok(Values(vec![v.to_string()]))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Values, E> {
        Ok(Values(vec![v.to_string()]))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Values, E> {
        Ok(Values(vec![v.to_string()]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Values, A::Error> {
        let mut out = Vec::new();
        while let Some(Values(v)) = seq.next_element::<Values>()? {
            if v.len() != 1 {
                return Err(de::Error::custom(
                    "a list of attribute values cannot hold another list",
                ));
            }
            out.extend(v);
        }
        Ok(Values(out))
    }
}

pub(super) fn parse(text: &str, display: &str) -> Result<PersonaSet> {
    let path = Path::new(display);
    let raw: RawSet = yaml::parse(text, path, 0).map_err(|e| name_persona(e, text))?;
    let at = |s: &serde_saphyr::Location| yaml::location(path, s, 0);
    let scheme = raw.scheme.value.trim().to_owned();
    check_id(&scheme, "scheme name")
        .map_err(|m| Error::invalid(m).at(at(&raw.scheme.referenced)))?;
    if raw.personas.is_empty() {
        return Err(Error::invalid("the file defines no personas").at(Location::file(path)));
    }
    let mut personas: Vec<Persona> = Vec::new();
    for rp in raw.personas {
        let id = rp.id.value.trim().to_owned();
        let location = at(&rp.id.referenced);
        let fail = |m: String, l: Location| Error::invalid(format!("persona {id}: {m}")).at(l);
        check_id(&id, "persona id").map_err(|m| fail(m, location.clone()))?;
        let label = rp.label.unwrap_or_else(|| humanise(&id));
        // Hand-set values match ids and labels alike, so no two may share a name.
        let clash = |p: &Persona| {
            [&p.id, &p.label].iter().any(|a| {
                [&id, &label]
                    .iter()
                    .any(|b| crate::natural::eq_ignore_case(a, b))
            })
        };
        if let Some(other) = personas.iter().find(|p| clash(p)) {
            return Err(fail(
                format!(
                    "id or label used twice (first by {} at {})",
                    other.id, other.location
                ),
                location,
            ));
        }
        if [&id, &label]
            .iter()
            .any(|s| crate::natural::eq_ignore_case(s, UNCLASSIFIED))
        {
            return Err(fail(
                format!("'{UNCLASSIFIED}' is reserved for cases no persona fits"),
                location,
            ));
        }
        let mut rules = Vec::new();
        for r in rp.rules {
            rules.push(rule(r, path).map_err(|(m, l)| fail(m, l))?);
        }
        personas.push(Persona {
            id,
            label,
            description: rp.description,
            rules,
            location,
        });
    }
    Ok(PersonaSet {
        scheme,
        title: raw.title,
        description: raw.description,
        path: display.to_owned(),
        personas,
    })
}

fn rule(raw: Spanned<RawRule>, path: &Path) -> std::result::Result<Rule, (String, Location)> {
    let at = |s: &serde_saphyr::Location| yaml::location(path, s, 0);
    let location = at(&raw.referenced);
    let r = raw.value;
    let list = |key: &str, l: Option<Spanned<Vec<Spanned<String>>>>| {
        let Some(l) = l else {
            return Ok(Vec::new());
        };
        if l.value.is_empty() {
            return Err((
                format!("`{key}` lists no code ids: give at least one, or leave the key out"),
                at(&l.referenced),
            ));
        }
        Ok(l.value
            .into_iter()
            .map(|s| CodeRef {
                id: s.value.trim().to_owned(),
                location: at(&s.referenced),
            })
            .collect())
    };
    let all = list("all", r.all)?;
    let any = list("any", r.any)?;
    let none = list("none", r.none)?;
    let at_least = match r.at_least {
        Some(a) if a.value.n == 0 => {
            return Err((
                "at_least needs n of 1 or more".to_owned(),
                at(&a.referenced),
            ));
        }
        Some(a) => Some(AtLeast {
            under: CodeRef {
                id: a.value.under.value.trim().to_owned(),
                location: at(&a.value.under.referenced),
            },
            n: a.value.n,
        }),
        None => None,
    };
    let mut conditions = Vec::new();
    if let Some(w) = r.conditions {
        if w.value.0.is_empty() {
            return Err((
                "`where` names no attribute: give at least one, or leave the key out".to_owned(),
                at(&w.referenced),
            ));
        }
        for (key, values) in w.value.0 {
            let location = at(&key.referenced);
            if values.is_empty() {
                return Err((
                    format!("`where` gives no value for {}", key.value),
                    location,
                ));
            }
            conditions.push(Condition {
                attribute: key.value.trim().to_owned(),
                values: values.iter().map(|v| v.trim().to_owned()).collect(),
                location,
            });
        }
    }
    if all.is_empty()
        && any.is_empty()
        && none.is_empty()
        && at_least.is_none()
        && conditions.is_empty()
    {
        return Err((
            "a rule needs at least one of all, any, none, at_least, where".to_owned(),
            location,
        ));
    }
    Ok(Rule {
        name: r
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()),
        all,
        any,
        none,
        at_least,
        conditions,
        location,
    })
}

/// Name the persona a YAML error lies in, from the `id:` line above it.
fn name_persona(err: Error, text: &str) -> Error {
    let Some((line, column)) = err.location().and_then(|l| Some((l.line?, l.column?))) else {
        return err;
    };
    let Some(id) = yaml::enclosing_code_id(text, line, column) else {
        return err;
    };
    let location = err.location().cloned().expect("checked above");
    Error::invalid(format!("persona {id}: {}", err.message())).at(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SET: &str = "\
scheme: test
title: Test personas
personas:
  - id: working
    label: In work
    rules:
      - name: in work
        all: [outcomes.off_benefit]
        any: [barriers, motivators.money]
      - at_least: {under: outcomes, n: 2}
        where: {cohort: [EB, Older], site: North}
  - id: hand_only
";

    #[test]
    fn rules_keep_their_parts_and_places() {
        let set = parse(SET, "p.yaml").unwrap();
        assert_eq!(set.scheme, "test");
        assert_eq!(set.personas.len(), 2);
        let p = &set.personas[0];
        assert_eq!(p.label, "In work");
        assert_eq!(p.location, Location::at("p.yaml", 4, 9));
        let r = &p.rules[0];
        assert_eq!(r.name.as_deref(), Some("in work"));
        assert_eq!(r.all[0].id, "outcomes.off_benefit");
        assert_eq!(r.all[0].location, Location::at("p.yaml", 8, 15));
        assert_eq!(r.any.len(), 2);
        let r = &p.rules[1];
        assert_eq!(r.at_least.as_ref().unwrap().n, 2);
        assert_eq!(r.conditions[0].attribute, "cohort");
        assert_eq!(r.conditions[0].values, ["EB", "Older"]);
        assert_eq!(r.conditions[1].values, ["North"]);
        assert_eq!(r.conditions[1].location, Location::at("p.yaml", 11, 38));
        assert_eq!(set.personas[1].label, "Hand only");
        assert!(set.personas[1].rules.is_empty());
    }

    #[track_caller]
    fn error(yaml: &str, want: &str) {
        let err = parse(yaml, "p.yaml").unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn errors_name_place_and_persona() {
        error(
            "scheme: s\npersonas:\n  - id: a\n    rules:\n      - alll: [x]\n",
            "p.yaml:5:9: persona a: unknown field `alll`, expected one of name, all, any, none, at_least, where",
        );
        error(
            "scheme: s\npersonas:\n  - id: a\n    rules:\n      - name: empty\n",
            "p.yaml:5:9: persona a: a rule needs at least one of all, any, none, at_least, where",
        );
        error(
            "scheme: s\npersonas:\n  - id: a\n    rules:\n      - any: []\n",
            "p.yaml:5:14: persona a: `any` lists no code ids: give at least one, or leave the key out",
        );
        error(
            "scheme: s\npersonas:\n  - id: a\n    rules:\n      - at_least: {under: x, n: 0}\n",
            "p.yaml:5:19: persona a: at_least needs n of 1 or more",
        );
        error(
            "scheme: s\npersonas:\n  - id: a\n  - id: b\n    label: A\n",
            "p.yaml:4:9: persona b: id or label used twice (first by a at p.yaml:3:9)",
        );
        error(
            "scheme: s\npersonas:\n  - id: a\n    label: B\n  - id: b\n",
            "p.yaml:5:9: persona b: id or label used twice (first by a at p.yaml:3:9)",
        );
        error(
            "scheme: s\npersonas:\n  - id: unclassified\n",
            "p.yaml:3:9: persona unclassified: 'Unclassified' is reserved for cases no persona fits",
        );
        error(
            "scheme: s\npersonas: []\n",
            "p.yaml: the file defines no personas",
        );
        error(
            "scheme: s\npersonas:\n  - id: a\n    rules: [\n",
            "p.yaml:4:12: persona a: unclosed bracket '['",
        );
        error(
            "scheme: s\npersonas:\n  - id: a b\n",
            "p.yaml:3:9: persona a b: persona id 'a b' may use only letters a-z, digits, '_' and '-' (dots join ids)",
        );
    }
}
