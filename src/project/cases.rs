//! Cases (participants) and their attributes, merged from transcript front
//! matter and `cases.csv`. A value given twice must agree; a conflict is an
//! error naming both places.

use crate::{Error, Location, Result, natural};

/// An attribute value and where it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The value.
    pub value: String,
    /// Where it was set.
    pub source: Location,
}

/// A participant (or staff member) who speaks in at least one transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case id (`F4`).
    pub id: String,
    /// Attributes by name (`site` → `Folkestone`).
    pub attributes: Attributes,
}

/// A case's attributes, by name, in name order: a sorted list, since a
/// case has a handful (a map's node per case took a kilobyte, and a
/// corpus may have tens of thousands of cases).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes(Vec<(String, Attribute)>);

impl Attributes {
    /// The attribute `name`.
    pub fn get(&self, name: &str) -> Option<&Attribute> {
        self.0
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// Whether there is an attribute `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Set attribute `name`, replacing any value it had.
    pub fn insert(&mut self, name: String, attribute: Attribute) {
        match self.0.binary_search_by(|(n, _)| n.as_str().cmp(&name)) {
            Ok(i) => self.0[i].1 = attribute,
            Err(i) => self.0.insert(i, (name, attribute)),
        }
    }

    /// The names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(n, _)| n)
    }

    /// Names and attributes, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Attribute)> {
        self.0.iter().map(|(n, a)| (n, a))
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, Attribute)> for Attributes {
    fn from_iter<I: IntoIterator<Item = (String, Attribute)>>(items: I) -> Self {
        let mut attributes = Attributes::default();
        for (name, attribute) in items {
            attributes.insert(name, attribute);
        }
        attributes
    }
}

impl<'a> IntoIterator for &'a Attributes {
    type Item = (&'a String, &'a Attribute);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Attribute)>,
        fn(&'a (String, Attribute)) -> (&'a String, &'a Attribute),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, a)| (n, a))
    }
}

impl Case {
    /// The value of attribute `name`; `id` is the case id.
    pub fn get(&self, name: &str) -> Option<&str> {
        if name == "id" {
            return Some(&self.id);
        }
        self.attributes.get(name).map(|a| a.value.as_str())
    }
}

/// All cases of a project, in natural order of their ids.
#[derive(Debug, Clone, Default)]
pub struct Cases {
    cases: Vec<Case>,
    index: foldhash::HashMap<String, usize>,
    /// Ids in `cases.csv` that speak in no transcript.
    pub unused_rows: Vec<(String, Location)>,
    /// Cases that speak in a transcript but have no row in `cases.csv`
    /// (empty when the project has no cases file).
    pub unlisted: Vec<String>,
    /// The wording for an attribute with no value (`not_recorded:`);
    /// `None` is [`NOT_RECORDED`].
    pub not_recorded: Option<String>,
    /// [`Cases::attribute_names`], found once (the cases never change).
    names: std::sync::OnceLock<Vec<String>>,
}

/// The default wording for an attribute a case has no value for, the same
/// in every table.
pub const NOT_RECORDED: &str = "Not recorded";

impl Cases {
    /// The cases, in natural id order.
    pub fn iter(&self) -> impl Iterator<Item = &Case> {
        self.cases.iter()
    }

    /// The wording for an attribute with no value: `not_recorded:` in
    /// qualcode.yaml, else [`NOT_RECORDED`].
    pub fn not_recorded(&self) -> &str {
        self.not_recorded.as_deref().unwrap_or(NOT_RECORDED)
    }

    /// The value of attribute `attr` of `case`, or the wording for no value.
    pub fn value_or_not_recorded<'a>(&'a self, case: &'a Case, attr: &str) -> &'a str {
        case.get(attr).unwrap_or_else(|| self.not_recorded())
    }

    /// How many cases.
    pub fn len(&self) -> usize {
        self.cases.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// The case with `id`.
    pub fn get(&self, id: &str) -> Option<&Case> {
        self.index.get(id).map(|&i| &self.cases[i])
    }

    /// Every attribute name any case has, sorted, with `id` first.
    pub fn attribute_names(&self) -> Vec<String> {
        self.names().to_vec()
    }

    /// [`Cases::attribute_names`], borrowed.
    fn names(&self) -> &[String] {
        self.names.get_or_init(|| {
            let mut names: Vec<String> = self
                .cases
                .iter()
                .flat_map(|c| c.attributes.keys().cloned())
                .collect();
            names.sort();
            names.dedup();
            names.insert(0, "id".to_owned());
            names
        })
    }

    /// Check that `name` is an attribute some case has.
    pub fn check_attribute(&self, name: &str) -> Result<()> {
        let names = self.names();
        if names.iter().any(|n| n == name) {
            Ok(())
        } else {
            Err(Error::usage(format!(
                "unknown attribute '{name}': the cases have {}",
                names.join(", ")
            )))
        }
    }

    /// Check a list of attributes to show (`--attrs`): each one known, none
    /// named twice.
    pub fn check_attributes(&self, names: &[String]) -> Result<()> {
        for (i, name) in names.iter().enumerate() {
            self.check_attribute(name)?;
            if names[..i].contains(name) {
                return Err(Error::usage(format!(
                    "--attrs names '{name}' twice: name each attribute once"
                )));
            }
        }
        Ok(())
    }
}

/// Collects cases and attributes from documents and the cases file.
#[derive(Debug, Default)]
pub struct CasesBuilder {
    /// By id (in no order: [`CasesBuilder::build`] sorts them).
    cases: foldhash::HashMap<String, Case>,
    unlisted: Vec<String>,
}

impl CasesBuilder {
    /// Record that case `id` speaks somewhere.
    pub fn declare(&mut self, id: &str) {
        if !self.cases.contains_key(id) {
            self.cases.insert(
                id.to_owned(),
                Case {
                    id: id.to_owned(),
                    attributes: Attributes::default(),
                },
            );
        }
    }

    /// Set attribute `name` of case `id`, checking it agrees with any earlier value.
    pub fn set(&mut self, id: &str, name: &str, value: &str, source: Location) -> Result<()> {
        self.set_owned(id, name, value.to_owned(), source)
    }

    /// [`CasesBuilder::set`] with the value already owned.
    fn set_owned(&mut self, id: &str, name: &str, value: String, source: Location) -> Result<()> {
        self.declare(id);
        let case = self.cases.get_mut(id).expect("declared above");
        if let Some(old) = case.attributes.get(name) {
            if old.value != value {
                return Err(Error::invalid(format!(
                    "case {id}: attribute '{name}' is {:?} here but {:?} in {}",
                    value, old.value, old.source
                ))
                .at(source));
            }
            return Ok(());
        }
        case.attributes
            .insert(name.to_owned(), Attribute { value, source });
        Ok(())
    }

    /// Merge the rows of a cases file into the declared cases.
    pub fn merge_file(&mut self, file: CasesFile) -> Result<Vec<(String, Location)>> {
        let mut unused = Vec::new();
        let listed: foldhash::HashSet<&str> = file.rows.iter().map(|r| r.id.as_str()).collect();
        self.unlisted = self
            .cases
            .keys()
            .filter(|id| !listed.contains(id.as_str()))
            .cloned()
            .collect();
        drop(listed);
        natural::sort(&mut self.unlisted);
        for row in file.rows {
            if !self.cases.contains_key(&row.id) {
                unused.push((row.id, row.location));
                continue;
            }
            // The row's place is cloned for each value but the last.
            let last = row.attributes.len();
            let mut location = Some(row.location);
            for (i, (name, value)) in row.attributes.into_iter().enumerate() {
                let source = if i + 1 == last {
                    location.take()
                } else {
                    location.clone()
                };
                let source = source.expect("taken for the last value only");
                self.set_owned(&row.id, &name, value, source)?;
            }
        }
        Ok(unused)
    }

    /// The finished, naturally ordered set.
    pub fn build(self, unused_rows: Vec<(String, Location)>) -> Cases {
        let mut cases: Vec<Case> = self.cases.into_values().collect();
        cases.sort_by(|a, b| natural::cmp(&a.id, &b.id));
        let index = cases
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Cases {
            cases,
            index,
            unused_rows,
            unlisted: self.unlisted,
            not_recorded: None,
            names: std::sync::OnceLock::new(),
        }
    }
}

/// One row of `cases.csv`.
#[derive(Debug, Clone)]
pub struct CaseRow {
    /// The case id.
    pub id: String,
    /// Where the row is.
    pub location: Location,
    /// Non-empty attribute values.
    pub attributes: Vec<(String, String)>,
}

/// A parsed `cases.csv`.
#[derive(Debug, Clone, Default)]
pub struct CasesFile {
    /// Rows in file order.
    pub rows: Vec<CaseRow>,
}

impl CasesFile {
    /// Parse the text of a cases file shown to the user as `display`.
    pub fn parse(text: &str, display: &str) -> Result<CasesFile> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(&e, display))?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        let Some(id_col) = headers.iter().position(|h| h.eq_ignore_ascii_case("id")) else {
            return Err(Error::invalid(format!(
                "no 'id' column: the header has {}",
                headers.join(", ")
            ))
            .at(Location::line(display, 1)));
        };
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() {
                return Err(Error::invalid(format!("column {} has no name", i + 1))
                    .at(Location::line(display, 1)));
            }
            if headers[..i].contains(h) {
                return Err(Error::invalid(format!("column '{h}' appears twice"))
                    .at(Location::line(display, 1)));
            }
        }
        let mut rows: Vec<CaseRow> = Vec::new();
        // Row index by id, to find duplicates without a quadratic search.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(&e, display))?;
            let line = record
                .position()
                .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
            let location = Location::line(display, line);
            let id = record.get(id_col).unwrap_or("").trim().to_owned();
            if id.is_empty() {
                return Err(Error::invalid("row has no id").at(location));
            }
            if let Some(&first) = seen.get(id.as_str()) {
                let first: &CaseRow = &rows[first];
                return Err(Error::invalid(format!(
                    "duplicate case id '{id}' (first at line {})",
                    first.location.line.unwrap_or(0)
                ))
                .at(location));
            }
            seen.insert(id.clone(), rows.len());
            let attributes = headers
                .iter()
                .zip(record.iter())
                .enumerate()
                .filter(|(i, (_, v))| *i != id_col && !v.trim().is_empty())
                .map(|(_, (h, v))| (h.clone(), v.trim().to_owned()))
                .collect();
            rows.push(CaseRow {
                id,
                location,
                attributes,
            });
        }
        Ok(CasesFile { rows })
    }
}

fn csv_error(err: &csv::Error, display: &str) -> Error {
    let line = err
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("row has {len} fields but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text".to_owned(),
        _ => "malformed CSV".to_owned(),
    };
    let location = if line > 0 {
        Location::line(display, line)
    } else {
        Location::file(display)
    };
    Error::invalid(message).at(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_keep_name_order_and_replace_a_value_set_again() {
        let at = |value: &str| Attribute {
            value: value.to_owned(),
            source: Location::line("cases.csv", 2),
        };
        let mut a = Attributes::default();
        for (name, value) in [("site", "Dover"), ("cohort", "EB"), ("gender", "f")] {
            a.insert(name.to_owned(), at(value));
        }
        a.insert("site".to_owned(), at("Folkestone"));
        assert_eq!(
            a.keys().map(String::as_str).collect::<Vec<_>>(),
            ["cohort", "gender", "site"]
        );
        assert_eq!(a.get("site").map(|v| v.value.as_str()), Some("Folkestone"));
        assert!(a.contains_key("gender") && !a.contains_key("age"));
        assert_eq!(a.len(), 3);
        assert_eq!((&a).into_iter().count(), 3);
    }

    #[test]
    fn cases_file_reads_attributes_and_skips_empty_cells() {
        let f = CasesFile::parse(
            "\u{feff}id,site,cohort\nF1,Folkestone,\nM2,Maidstone,EB\n",
            "c.csv",
        )
        .unwrap();
        assert_eq!(f.rows.len(), 2);
        assert_eq!(
            f.rows[0].attributes,
            vec![("site".to_owned(), "Folkestone".to_owned())]
        );
        assert_eq!(f.rows[1].location.line, Some(3));
    }

    #[test]
    fn duplicate_ids_and_missing_id_column_are_errors() {
        let err = CasesFile::parse("id,site\nF1,a\nF1,b\n", "c.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.csv:3: duplicate case id 'F1' (first at line 2)"
        );
        let err = CasesFile::parse("name,site\nF1,a\n", "c.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.csv:1: no 'id' column: the header has name, site"
        );
        let err = CasesFile::parse("id,site\nF1,a,b\n", "c.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.csv:2: row has 3 fields but the header has 2"
        );
    }

    #[test]
    fn conflicting_values_name_both_places() {
        let mut b = CasesBuilder::default();
        b.set("F4", "site", "Folkestone", Location::line("t/F4.txt", 3))
            .unwrap();
        let file = CasesFile::parse("id,site\nF4,Maidstone\nX9,Dover\n", "cases.csv").unwrap();
        let err = b.merge_file(file).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cases.csv:2: case F4: attribute 'site' is \"Maidstone\" here but \"Folkestone\" in t/F4.txt:3"
        );
    }

    #[test]
    fn rows_without_a_transcript_are_reported_not_counted() {
        let mut b = CasesBuilder::default();
        b.declare("F10");
        b.declare("F2");
        let file = CasesFile::parse("id,site\nF2,Folkestone\nX9,Dover\n", "cases.csv").unwrap();
        let unused = b.merge_file(file).unwrap();
        let cases = b.build(unused);
        assert_eq!(
            cases.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["F2", "F10"]
        );
        assert_eq!(cases.unused_rows[0].0, "X9");
        assert_eq!(cases.get("F2").unwrap().get("site"), Some("Folkestone"));
        assert!(
            cases
                .check_attribute("cohort")
                .unwrap_err()
                .message()
                .contains("id, site")
        );
    }
}
