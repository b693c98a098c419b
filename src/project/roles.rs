//! Case roles: who a case is (`participant`, `staff`…), so a codebook about
//! clients' experience codes clients only. A case's role comes from its
//! `role` attribute (front matter or `cases.csv`), else from the project's
//! `roles:` map, else it is `participant`. Owns the map and the lookup;
//! knows nothing of codes.

use std::collections::BTreeMap;
use std::path::Path;

use super::cases::Case;
use crate::{Error, Location, Result};

/// The role a case has when nothing gives it another.
pub const DEFAULT_ROLE: &str = "participant";

/// The case attribute that names a case's role.
pub const ROLE_ATTRIBUTE: &str = "role";

/// One entry of `roles:`: cases whose id or attribute value is `value`
/// (in attribute `attribute` only, when given) have `role`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RoleRule {
    /// The key as written.
    key: String,
    attribute: Option<String>,
    value: String,
    role: String,
}

impl RoleRule {
    fn matches(&self, id: &str, attributes: &[(&str, &str)]) -> bool {
        let eq = |a: &str, b: &str| crate::natural::eq_ignore_case(a.trim(), b);
        match &self.attribute {
            Some(attr) if attr == "id" => eq(id, &self.value),
            Some(attr) => attributes
                .iter()
                .any(|(name, value)| name == attr && eq(value, &self.value)),
            None => {
                eq(id, &self.value) || attributes.iter().any(|(_, value)| eq(value, &self.value))
            }
        }
    }
}

/// The project's `roles:` map, ready to look up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    /// `attribute=value` entries first, then bare values, each in key order.
    rules: Vec<RoleRule>,
}

impl Roles {
    /// Read `roles:` (key → role). A key `cohort=ICSM` matches the value of
    /// one attribute; a bare key `ICSM` matches the case id or the value of
    /// any attribute. Values compare ignoring case.
    pub(crate) fn parse(map: &BTreeMap<String, String>, config: &Path) -> Result<Roles> {
        let mut rules = Vec::with_capacity(map.len());
        for (key, role) in map {
            let bad =
                |why: String| Error::invalid(format!("roles: {why}")).at(Location::file(config));
            let role = role.trim().to_lowercase();
            crate::id::check_part(&role, "role").map_err(|m| bad(format!("{key:?}: {m}")))?;
            let (attribute, value) = match key.split_once('=') {
                Some((a, v)) => (Some(a.trim().to_owned()), v.trim()),
                None => (None, key.trim()),
            };
            if value.is_empty() || attribute.as_ref().is_some_and(String::is_empty) {
                return Err(bad(format!(
                    "{key:?} needs a value, as in `ICSM: staff` or `cohort=ICSM: staff`"
                )));
            }
            rules.push(RoleRule {
                key: key.clone(),
                attribute,
                value: value.to_owned(),
                role,
            });
        }
        rules.sort_by_key(|r| r.attribute.is_none());
        Ok(Roles { rules })
    }

    /// The role of a case with `id` and `attributes` (name, value), in
    /// lower case.
    pub fn role_of(&self, id: &str, attributes: &[(&str, &str)]) -> String {
        if let Some((_, role)) = attributes
            .iter()
            .find(|(name, value)| *name == ROLE_ATTRIBUTE && !value.trim().is_empty())
        {
            return role.trim().to_lowercase();
        }
        self.rules
            .iter()
            .find(|rule| rule.matches(id, attributes))
            .map_or_else(|| DEFAULT_ROLE.to_owned(), |rule| rule.role.clone())
    }

    /// The keys of `roles:` that match none of `cases`: likely misspelt.
    pub fn unmatched(&self, cases: &super::Cases) -> Vec<String> {
        self.rules
            .iter()
            .filter(|rule| {
                !cases.iter().any(|case| {
                    let attributes: Vec<(&str, &str)> = case
                        .attributes
                        .iter()
                        .map(|(name, a)| (name.as_str(), a.value.as_str()))
                        .collect();
                    rule.matches(&case.id, &attributes)
                })
            })
            .map(|rule| rule.key.clone())
            .collect()
    }

    /// The role of `case`.
    pub fn of_case(&self, case: &Case) -> String {
        let attributes: Vec<(&str, &str)> = case
            .attributes
            .iter()
            .map(|(name, a)| (name.as_str(), a.value.as_str()))
            .collect();
        self.role_of(&case.id, &attributes)
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(pairs: &[(&str, &str)]) -> Result<Roles> {
        let map = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Roles::parse(&map, Path::new("qualcode.yaml"))
    }

    #[track_caller]
    fn case(roles: &Roles, id: &str, attributes: &[(&str, &str)], want: &str) {
        assert_eq!(roles.role_of(id, attributes), want);
    }

    #[test]
    fn a_role_attribute_wins_then_qualified_keys_then_bare_keys() {
        let r = roles(&[("ICSM", "Staff"), ("site=Head office", "manager")]).unwrap();
        case(&r, "F4", &[("cohort", "EB")], "participant");
        case(&r, "ICSM", &[], "staff");
        case(&r, "K2", &[("cohort", "icsm")], "staff");
        case(
            &r,
            "K3",
            &[("cohort", "ICSM"), ("site", "Head Office")],
            "manager",
        );
        case(
            &r,
            "K4",
            &[("cohort", "ICSM"), ("role", "Participant")],
            "participant",
        );
        case(&Roles::default(), "ICSM", &[("role", "staff")], "staff");
        let by_id = roles(&[("id=ICSM", "staff")]).unwrap();
        case(&by_id, "icsm", &[], "staff");
        case(&by_id, "F1", &[("cohort", "ICSM")], "participant");
    }

    #[test]
    fn bad_entries_are_errors_naming_the_config() {
        let err = roles(&[("ICSM", "case manager")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "qualcode.yaml: roles: \"ICSM\": role 'case manager' may use only letters a-z, digits, '_' and '-' (dots join ids)"
        );
        let err = roles(&[("cohort=", "staff")]).unwrap_err();
        assert!(err.to_string().contains("needs a value"), "{err}");
    }
}
