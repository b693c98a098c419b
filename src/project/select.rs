//! Case selection: which cases a table, quote list or review covers
//! (`--where attr=value`), and how they group by an attribute (`--by`).
//! Every verb that selects cases uses this, so it lives with the cases.

use std::collections::{BTreeMap, BTreeSet};

use super::roles::DEFAULT_ROLE;
use super::{Case, Cases, Roles};
use crate::natural;
use crate::{Error, Result};

impl AsRef<Cases> for Cases {
    fn as_ref(&self) -> &Cases {
        self
    }
}

/// Case filters (`--where attr=value`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// (attribute, value) pairs; a case must match all.
    pub conditions: Vec<(String, String)>,
}

impl Filter {
    /// Parse `attr=value` strings.
    pub fn parse(items: &[String]) -> Result<Filter> {
        let conditions = items
            .iter()
            .map(|item| {
                item.split_once('=')
                    .map(|(a, v)| (a.trim().to_owned(), v.trim().to_owned()))
                    .filter(|(a, _)| !a.is_empty())
                    .ok_or_else(|| Error::usage(format!("--where takes attr=value, not {item:?}")))
            })
            .collect::<Result<_>>()?;
        Ok(Filter { conditions })
    }

    /// Check every attribute exists and every value is some case's (`cases`
    /// is the [`Cases`] or anything holding them, such as a corpus).
    pub fn validate(&self, cases: &impl AsRef<Cases>) -> Result<()> {
        let cases = cases.as_ref();
        for (attr, value) in &self.conditions {
            cases.check_attribute(attr)?;
            let mut values: Vec<&str> = cases.iter().filter_map(|c| c.get(attr)).collect();
            if !values.iter().any(|v| v.eq_ignore_ascii_case(value)) {
                crate::natural::sort(&mut values);
                values.dedup();
                return Err(Error::usage(format!(
                    "no case has {attr} = {value}: the values of {attr} are {}",
                    values.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// Whether `case` passes.
    pub fn accepts(&self, case: &Case) -> bool {
        self.conditions
            .iter()
            .all(|(a, v)| case.get(a).is_some_and(|x| x.eq_ignore_ascii_case(v)))
    }

    /// The error for a filter that leaves no cases to `what` ("count",
    /// "profile"…), naming the filter.
    pub fn no_cases(&self, what: &str) -> Error {
        Error::usage(match self.describe() {
            Some(f) => format!("no cases to {what}: {f}"),
            None => format!("no cases to {what}"),
        })
    }

    /// A footnote describing the filter, if any.
    pub fn describe(&self) -> Option<String> {
        if self.conditions.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .conditions
            .iter()
            .map(|(a, v)| format!("{a} = {v}"))
            .collect();
        Some(format!("Only cases where {}.", parts.join(" and ")))
    }
}

/// The value of attribute `attr` used to group `case` of `cases`: the
/// project's wording for no value (`Not recorded`) when it has none.
pub fn group_of(cases: &Cases, case: &Case, attr: &str) -> String {
    cases.value_or_not_recorded(case, attr).to_owned()
}

/// Groups of the filtered cases by `attr`, in natural order, with their case ids.
pub fn groups(
    cases: &impl AsRef<Cases>,
    attr: &str,
    filter: &Filter,
) -> BTreeMap<String, Vec<String>> {
    let cases = cases.as_ref();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for case in cases.iter().filter(|c| filter.accepts(c)) {
        out.entry(group_of(cases, case, attr))
            .or_default()
            .push(case.id.clone());
    }
    out
}

/// Group names of attribute `attr` in display order (`order:`, else
/// natural order with open bounds at the ends: see
/// [`Presentation`](crate::project::Presentation)).
pub fn group_names(
    groups: &BTreeMap<String, Vec<String>>,
    attr: &str,
    presentation: &crate::project::Presentation,
) -> Vec<String> {
    let mut names: Vec<String> = groups.keys().cloned().collect();
    presentation.sort(attr, &mut names);
    names
}

/// Cases left out because of their role, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Ids of the cases left out.
    pub cases: BTreeSet<String>,
    /// Their ids by role, in natural order.
    by_role: BTreeMap<String, Vec<String>>,
    /// The roles kept.
    kept: Vec<String>,
}

impl LeftOut {
    /// The cases among `cases` accepted by `accepts` whose role is not in
    /// `kept` (`None`: every role is kept).
    pub fn find<'a>(
        cases: impl IntoIterator<Item = &'a Case>,
        roles: &Roles,
        kept: Option<&[String]>,
    ) -> LeftOut {
        let Some(kept) = kept else {
            return LeftOut::default();
        };
        let mut out = LeftOut {
            kept: kept.to_vec(),
            ..LeftOut::default()
        };
        for case in cases {
            let role = roles.of_case(case);
            if !kept.contains(&role) {
                out.cases.insert(case.id.clone());
                out.by_role.entry(role).or_default().push(case.id.clone());
            }
        }
        for ids in out.by_role.values_mut() {
            natural::sort(ids);
        }
        out
    }

    /// The non-participant cases of `cases`, for personas.
    pub fn non_participants(cases: &Cases, roles: &Roles) -> LeftOut {
        LeftOut::find(cases.iter(), roles, Some(&[DEFAULT_ROLE.to_owned()]))
    }

    /// Whether case `id` is left out.
    pub fn contains(&self, id: &str) -> bool {
        self.cases.contains(id)
    }

    /// The note saying who was left out and why (`what` applies to the kept
    /// roles: "these codes apply", "personas apply"), if anyone was.
    pub fn note(&self, what: &str) -> Option<String> {
        if self.cases.is_empty() {
            return None;
        }
        let groups: Vec<String> = self
            .by_role
            .iter()
            .map(|(role, ids)| {
                let s = if ids.len() == 1 { "" } else { "s" };
                format!("{} {role} case{s} ({})", ids.len(), ids.join(", "))
            })
            .collect();
        Some(format!(
            "Left out: {}; {what} to {} cases only (see `applies_to` and `roles:`).",
            groups.join(", "),
            self.kept.join(" and ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use crate::project::cases::CasesBuilder;

    fn cases() -> Cases {
        let mut b = CasesBuilder::default();
        for (id, site) in [("P1", Some("north")), ("P2", Some("South")), ("P3", None)] {
            b.declare(id);
            if let Some(site) = site {
                b.set(id, "site", site, Location::file("cases.csv"))
                    .unwrap();
            }
            b.set(id, "cohort", "A", Location::file("cases.csv"))
                .unwrap();
        }
        b.build(Vec::new())
    }

    #[test]
    fn a_filter_selects_and_groups_cases_without_a_corpus() {
        let cases = cases();
        let all = Filter::default();
        let groups = groups(&cases, "site", &all);
        let names = group_names(&groups, "site", &crate::project::Presentation::default());
        assert_eq!(names, ["Not recorded", "north", "South"]);
        assert_eq!(groups["Not recorded"], ["P3"]);
        let south = Filter::parse(&["site=south".to_owned()]).unwrap();
        south.validate(&cases).unwrap();
        assert_eq!(groups_of(&cases, &south), ["P2"]);
        assert_eq!(
            south.describe().as_deref(),
            Some("Only cases where site = south.")
        );
        let err = Filter::parse(&["site=west".to_owned()])
            .unwrap()
            .validate(&cases)
            .unwrap_err();
        assert!(err.message().contains("the values of site are"), "{err}");
        assert!(Filter::parse(&["=x".to_owned()]).is_err());
    }

    fn groups_of(cases: &Cases, filter: &Filter) -> Vec<String> {
        groups(cases, "cohort", filter)
            .into_values()
            .flatten()
            .collect()
    }
}
