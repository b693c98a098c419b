//! Cases left out of a table because of their role: a codebook about
//! clients' experience (`applies_to: [participant]`) counts and quotes
//! participants only, and personas classify participants only. Owns
//! which cases are left out and the note saying so.

use std::collections::{BTreeMap, BTreeSet};

use crate::codebook::{Code, DEFAULT_ROLE};
use crate::natural;
use crate::project::{Case, Cases, Roles};

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

/// The roles some codes apply to together: `None` when one of them applies
/// to every role.
pub fn roles_of<'a>(codes: impl IntoIterator<Item = &'a Code>) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        if code.applies_to.is_empty() {
            return None;
        }
        for role in &code.applies_to {
            if !out.contains(role) {
                out.push(role.clone());
            }
        }
    }
    Some(out)
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
    use crate::codebook::CodeSet;
    use crate::project::cases::Attribute;

    fn case(id: &str, cohort: &str) -> Case {
        let mut attributes = BTreeMap::new();
        attributes.insert(
            "cohort".to_owned(),
            Attribute {
                value: cohort.to_owned(),
                source: Location::file("cases.csv"),
            },
        );
        Case {
            id: id.to_owned(),
            attributes,
        }
    }

    #[test]
    fn staff_cases_are_left_out_of_participant_codes_with_a_note() {
        let book = CodeSet::parse(
            "codebook: o\napplies_to: [participant]\ncodes:\n  - id: a\n  - id: b\n    applies_to: [participant, staff]\n",
            "o.yaml",
        )
        .unwrap();
        let map = [("ICSM".to_owned(), "staff".to_owned())].into();
        let roles = Roles::parse(&map, std::path::Path::new("qualcode.yaml")).unwrap();
        let cases = [case("K10", "ICSM"), case("F1", "EB"), case("K9", "ICSM")];
        let kept = roles_of(&book.codes[..1]);
        let left = LeftOut::find(&cases, &roles, kept.as_deref());
        assert!(left.contains("K9") && !left.contains("F1"));
        assert_eq!(
            left.note("these codes apply").unwrap(),
            "Left out: 2 staff cases (K9, K10); these codes apply to participant cases only (see `applies_to` and `roles:`)."
        );
        assert_eq!(
            roles_of(&book.codes),
            Some(vec!["participant".to_owned(), "staff".to_owned()])
        );
        let open = CodeSet::parse("codebook: m\ncodes:\n  - id: a\n", "m.yaml").unwrap();
        assert_eq!(roles_of(&open.codes), None);
        let none = LeftOut::find(&cases, &roles, None);
        assert_eq!(none.note("x"), None);
    }
}
