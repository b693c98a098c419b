//! How attributes and their categories are shown in tables: display names
//! (`labels:` in `qualcode.yaml`) and category order (`order:`). Neither
//! changes what is counted; the ids stay the keys of CSV and JSON columns.
//!
//! The default category order, without `order:`, is natural (numbers as
//! numbers: `6 to 12` before `12 – 24`), with categories that read as an
//! open lower bound (`Less than 6`, `Under 18`, `<6`, `Up to 5`) first
//! and those that read as an open upper bound (`More than 24`, `Over 60`,
//! `>24`, `24+`, `65 and over`) last. Categories missing from an `order:`
//! list follow the listed ones, in the default order.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::{Error, Location, Result};

/// The most categories an `order:` list may name.
const MAX_ORDER: usize = 10_000;

/// `labels:` entry as written: a display name, or a name and value labels.
#[derive(Debug)]
pub(crate) enum RawLabel {
    /// `age_group: Age group`.
    Name(String),
    /// `age_group: {label: Age group, values: {"20-24": 20–24 years}}`.
    Full(RawFullLabel),
}

impl<'de> Deserialize<'de> for RawLabel {
    /// A string, or a mapping read as [`RawFullLabel`] (whose unknown keys
    /// are named in the error, as everywhere in the config).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawLabel;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a display name, or a mapping with label: and values:")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<RawLabel, E> {
                Ok(RawLabel::Name(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<RawLabel, A::Error> {
                RawFullLabel::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawLabel::Full)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The long form of a `labels:` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFullLabel {
    label: Option<String>,
    #[serde(default)]
    values: BTreeMap<String, String>,
}

/// Display names and category order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Presentation {
    /// Attribute id → display name.
    names: BTreeMap<String, String>,
    /// Attribute id → category → display name.
    values: BTreeMap<String, BTreeMap<String, String>>,
    /// Attribute id → categories in the order to show them.
    order: BTreeMap<String, Vec<String>>,
}

impl Presentation {
    /// Build from `labels:` and `order:` as written, checking them.
    pub(crate) fn parse(
        labels: BTreeMap<String, RawLabel>,
        order: BTreeMap<String, Vec<String>>,
        at: &Location,
    ) -> Result<Presentation> {
        let mut p = Presentation::default();
        for (attr, label) in labels {
            let attr = attr.trim().to_owned();
            if attr.is_empty() {
                return Err(
                    Error::invalid("labels: an attribute name cannot be empty").at(at.clone())
                );
            }
            let (name, values) = match label {
                RawLabel::Name(n) => (Some(n), BTreeMap::new()),
                RawLabel::Full(f) => (f.label, f.values),
            };
            if let Some(n) = name {
                if n.trim().is_empty() {
                    return Err(Error::invalid(format!(
                        "labels: {attr}: the display name cannot be empty (leave it out to show `{attr}`)"
                    ))
                    .at(at.clone()));
                }
                p.names.insert(attr.clone(), n.trim().to_owned());
            }
            if !values.is_empty() {
                p.values.insert(
                    attr,
                    values
                        .into_iter()
                        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                        .collect(),
                );
            }
        }
        for (attr, list) in order {
            if list.len() > MAX_ORDER {
                return Err(Error::invalid(format!(
                    "order: {attr}: {} categories, at most {MAX_ORDER}",
                    list.len()
                ))
                .at(at.clone()));
            }
            let mut seen: Vec<&str> = Vec::new();
            for v in &list {
                if seen
                    .iter()
                    .any(|s| crate::natural::eq_ignore_case(s, v.trim()))
                {
                    return Err(
                        Error::invalid(format!("order: {attr}: {v:?} is listed twice"))
                            .at(at.clone()),
                    );
                }
                seen.push(v.trim());
            }
            p.order.insert(
                attr.trim().to_owned(),
                list.iter().map(|v| v.trim().to_owned()).collect(),
            );
        }
        Ok(p)
    }

    /// The display name of attribute `attr`: its label, else the id.
    pub fn attribute(&self, attr: &str) -> String {
        self.names
            .get(attr)
            .cloned()
            .unwrap_or_else(|| attr.to_owned())
    }

    /// The display name of `attr` inside a sentence or title (`cases by
    /// age group`): its label with the first letter lower-cased, unless
    /// the label starts with an acronym (`EB`, `NZ region`).
    pub fn attribute_in_text(&self, attr: &str) -> String {
        let name = self.attribute(attr);
        let mut chars = name.chars();
        match (chars.next(), chars.next()) {
            (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
                first.to_lowercase().chain(name.chars().skip(1)).collect()
            }
            _ => name,
        }
    }

    /// Whether `attr` has a display name of its own.
    pub fn has_attribute_label(&self, attr: &str) -> bool {
        self.names.contains_key(attr)
    }

    /// The display name of category `value` of `attr`.
    pub fn value(&self, attr: &str, value: &str) -> String {
        self.values
            .get(attr)
            .and_then(|m| {
                m.get(value).or_else(|| {
                    m.iter()
                        .find(|(k, _)| crate::natural::eq_ignore_case(k, value))
                        .map(|(_, v)| v)
                })
            })
            .cloned()
            .unwrap_or_else(|| value.to_owned())
    }

    /// Compare two categories of `attr` in display order.
    pub fn cmp(&self, attr: &str, a: &str, b: &str) -> Ordering {
        if let Some(list) = self.order.get(attr) {
            let pos = |v: &str| {
                list.iter()
                    .position(|x| crate::natural::eq_ignore_case(x, v))
                    .unwrap_or(usize::MAX)
            };
            let ord = pos(a).cmp(&pos(b));
            if ord != Ordering::Equal {
                return ord;
            }
        }
        default_cmp(a, b)
    }

    /// Sort the categories of `attr` in display order.
    pub fn sort<S: AsRef<str>>(&self, attr: &str, values: &mut [S]) {
        values.sort_by(|a, b| self.cmp(attr, a.as_ref(), b.as_ref()));
    }

    /// The attributes that `labels:` and `order:` name (for `check`).
    pub fn attributes(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&str> = self
            .names
            .keys()
            .chain(self.values.keys())
            .chain(self.order.keys())
            .map(String::as_str)
            .collect();
        all.sort_unstable();
        all.dedup();
        all.into_iter()
    }
}

/// Wordings of an open lower bound (`Less than 6`).
const LOWER: [&str; 6] = ["less than", "under ", "below ", "fewer than", "up to", "<"];
/// Wordings of an open upper bound (`More than 24`).
const UPPER: [&str; 5] = ["more than", "over ", "above ", "greater than", ">"];

/// Where a category goes by its wording: 0 for an open lower bound, 2 for
/// an open upper bound, 1 otherwise.
fn bound_rank(value: &str) -> u8 {
    let v = value.trim().to_lowercase();
    if LOWER.iter().any(|p| v.starts_with(p)) {
        0
    } else if UPPER.iter().any(|p| v.starts_with(p))
        || v.ends_with('+')
        || v.ends_with(" and over")
        || v.ends_with(" or more")
        || v.ends_with(" and above")
    {
        2
    } else {
        1
    }
}

/// The default order: open lower bounds, then natural order, then open
/// upper bounds.
pub fn default_cmp(a: &str, b: &str) -> Ordering {
    bound_rank(a)
        .cmp(&bound_rank(b))
        .then_with(|| crate::natural::cmp(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_order_puts_open_bounds_at_the_ends() {
        let mut v = vec!["More than 24", "12 – 24", "Less than 6", "6 to 12"];
        Presentation::default().sort("time", &mut v);
        assert_eq!(v, ["Less than 6", "6 to 12", "12 – 24", "More than 24"]);
        let mut ages = vec!["65+", "25-34", "Under 25", "35-64"];
        Presentation::default().sort("age", &mut ages);
        assert_eq!(ages, ["Under 25", "25-34", "35-64", "65+"]);
    }

    #[test]
    fn order_lists_come_first_and_labels_rename() {
        let mut labels = BTreeMap::new();
        labels.insert("site".to_owned(), RawLabel::Name("Site".to_owned()));
        labels.insert(
            "cohort".to_owned(),
            RawLabel::Full(RawFullLabel {
                label: None,
                values: [("EB".to_owned(), "Entrenched".to_owned())].into(),
            }),
        );
        let order = [(
            "site".to_owned(),
            vec!["North Kent".to_owned(), "Folkestone".to_owned()],
        )]
        .into();
        let p = Presentation::parse(labels, order, &Location::file("qualcode.yaml")).unwrap();
        let mut sites = vec!["Maidstone", "Folkestone", "north kent"];
        p.sort("site", &mut sites);
        assert_eq!(sites, ["north kent", "Folkestone", "Maidstone"]);
        assert_eq!(p.attribute("site"), "Site");
        assert_eq!(p.attribute_in_text("site"), "site");
        assert_eq!(p.attribute("cohort"), "cohort");
        assert_eq!(p.value("cohort", "eb"), "Entrenched");
        assert_eq!(p.value("cohort", "EE"), "EE");
    }

    #[test]
    fn a_category_listed_twice_is_an_error() {
        let order = [("site".to_owned(), vec!["A".to_owned(), "a".to_owned()])].into();
        let e = Presentation::parse(BTreeMap::new(), order, &Location::file("qualcode.yaml"))
            .unwrap_err();
        assert!(e.to_string().contains("\"a\" is listed twice"), "{e}");
    }
}
