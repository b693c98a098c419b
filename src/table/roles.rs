//! Cases left out of a table because of their role: a codebook about
//! clients' experience (`applies_to: [participant]`) counts and quotes
//! participants only, and personas classify participants only. Owns the
//! roles a set of codes applies to; which cases that leaves out, and the
//! note saying so, is [`LeftOut`] (case selection, in `project`).

use crate::codebook::Code;
// Which cases a role leaves out is case selection, in `project`.
pub use crate::project::select::LeftOut;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use crate::codebook::CodeSet;
    use crate::project::cases::{Attribute, Attributes};
    use crate::project::{Case, Roles};

    fn case(id: &str, cohort: &str) -> Case {
        let mut attributes = Attributes::default();
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
