//! The sample profile (the shape of the ICS report's Table 3.1): for each
//! case attribute, the number of cases in each category, with cases that
//! have no value counted as "Not recorded". A multi-valued attribute
//! (`NZ Māori; Pacific`) counts each of a case's values, so its block may
//! sum past n, which a footnote says. Every case is profiled whatever its
//! role; a project with roles gets a `role` block.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Cell, Column, Filter, Row, Table};
use crate::ingest::Corpus;
use crate::message::Note;
use crate::project::Project;
use crate::project::roles::ROLE_ATTRIBUTE;
use crate::{Error, Result};

/// The category of cases without a value.
pub use crate::project::cases::NOT_RECORDED;

/// What to profile.
#[derive(Debug, Clone, Default)]
pub struct ProfileOptions {
    /// The attributes, one block each, in this order.
    pub attrs: Vec<String>,
    /// Which cases.
    pub filter: Filter,
    /// Case roles: when the project gives any (`roles:`), a `role` block
    /// shows each case's role. Every case is profiled whatever its role.
    pub roles: crate::project::Roles,
    /// Display names and category order (`labels:`, `order:`).
    pub presentation: crate::project::Presentation,
    /// A block per attribute: a heading row with the attribute's name,
    /// then its categories indented below it (the shape of ICS Table 3.1),
    /// instead of an attribute column.
    pub blocks: bool,
}

/// The attributes of the cases in the order a person wrote them: the
/// cases file's columns, then any set only in front matter, sorted.
pub fn default_attributes(project: &Project, corpus: &Corpus) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    if let Some(file) = project.cases_file() {
        let display = Path::new(&file.display);
        let bytes = std::fs::read(&file.path).map_err(|e| Error::io(display, "read", &e))?;
        let text = crate::ingest::decode::decode(&bytes, display)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        if let Ok(headers) = reader.headers() {
            out.extend(headers.iter().map(|h| h.trim().to_owned()));
        }
    }
    for name in corpus.cases.attribute_names() {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out.retain(|a| !a.eq_ignore_ascii_case("id"));
    if project.personas.is_some() {
        // The hand-set persona override, not a trait of the sample.
        out.retain(|a| a != crate::persona::HAND_ATTRIBUTE);
    }
    Ok(out)
}

/// One category of an attribute and its cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileCategory {
    /// The category as shown (`labels:`), or the not-recorded label.
    pub label: String,
    /// Cases with it.
    pub n: usize,
}

/// One attribute's block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileBlock {
    /// The attribute as named in the cases.
    pub attribute: String,
    /// Its display name.
    pub name: String,
    /// Its categories, in display order, the not recorded last.
    pub categories: Vec<ProfileCategory>,
}

/// The sample profile, typed: per attribute, the cases in each category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Cases profiled.
    pub n: usize,
    /// One block per attribute, in the order asked.
    pub blocks: Vec<ProfileBlock>,
    /// Notes.
    pub footnotes: Vec<Note>,
    /// Lay out as blocks (a heading row per attribute, categories indented
    /// below it) instead of with an attribute column.
    pub as_blocks: bool,
}

impl Profile {
    /// The table: attribute | category | n | %, or, as blocks,
    /// characteristic | n | %; a Total row last.
    pub fn to_table(&self) -> Table {
        let mut rows = Vec::new();
        for block in &self.blocks {
            if self.as_blocks {
                rows.push(Row {
                    depth: 0,
                    cells: vec![Cell::Text(block.name.clone()), Cell::Empty, Cell::Empty],
                });
            }
            rows.extend(block.categories.iter().map(|c| {
                let mut cells = Vec::with_capacity(4);
                if !self.as_blocks {
                    cells.push(Cell::Text(block.name.clone()));
                }
                cells.push(Cell::Text(c.label.clone()));
                cells.push(Cell::Count(c.n));
                cells.push(Cell::Percent(100.0 * c.n as f64 / self.n as f64));
                Row {
                    depth: usize::from(self.as_blocks),
                    cells,
                }
            }));
        }
        let mut total = vec![Cell::Text("Total".to_owned())];
        if !self.as_blocks {
            total.push(Cell::Empty);
        }
        total.extend([Cell::Count(self.n), Cell::Empty]);
        rows.push(Row {
            depth: 0,
            cells: total,
        });
        Table {
            title: format!("Sample profile (n={})", self.n),
            columns: if self.as_blocks {
                vec![
                    Column::text("category", "Characteristic"),
                    Column::number("n", "Cases (n)"),
                    Column::number("percent", "% of cases"),
                ]
            } else {
                vec![
                    Column::text("attribute", "Attribute"),
                    Column::text("category", "Category"),
                    Column::number("n", "Cases (n)"),
                    Column::number("percent", "% of cases"),
                ]
            },
            rows,
            footnotes: self.footnotes.clone(),
        }
    }
}

/// Count the filtered cases by each attribute of `opts.attrs`.
pub fn profile(corpus: &Corpus, opts: &ProfileOptions) -> Result<Profile> {
    opts.filter.validate(corpus)?;
    corpus.cases.check_attributes(&opts.attrs)?;
    if opts.attrs.is_empty() {
        return Err(Error::usage(
            "the cases have no attributes to profile: add columns to cases.csv or front matter",
        ));
    }
    let cases: Vec<_> = corpus
        .cases
        .iter()
        .filter(|c| opts.filter.accepts(c))
        .collect();
    let n = cases.len();
    if n == 0 {
        return Err(opts.filter.no_cases("profile"));
    }
    let mut blocks = Vec::new();
    let mut multi = Vec::new();
    let mut attrs = opts.attrs.clone();
    let with_roles = !opts.roles.is_empty();
    if with_roles && !attrs.iter().any(|a| a == ROLE_ATTRIBUTE) {
        attrs.push(ROLE_ATTRIBUTE.to_owned());
    }
    for attr in &attrs {
        let (counts, missing, several) = count_values(&cases, attr, with_roles, opts);
        if several {
            multi.push(attr.clone());
        }
        let mut names: Vec<&String> = counts.keys().collect();
        opts.presentation.sort(attr, &mut names);
        let mut categories: Vec<ProfileCategory> = names
            .into_iter()
            .map(|k| ProfileCategory {
                label: opts.presentation.value(attr, k),
                n: counts[k],
            })
            .collect();
        if missing > 0 {
            categories.push(ProfileCategory {
                label: corpus.cases.not_recorded().to_owned(),
                n: missing,
            });
        }
        blocks.push(ProfileBlock {
            attribute: attr.clone(),
            name: opts.presentation.attribute(attr),
            categories,
        });
    }
    let mut footnotes = footnotes(corpus, n, &multi, with_roles);
    footnotes.extend(opts.filter.describe().into_iter().map(Note::from));
    Ok(Profile {
        n,
        blocks,
        footnotes,
        as_blocks: opts.blocks,
    })
}

/// The cases per value of `attr` (each of a case's `;`-separated values
/// counted), the cases with none, and whether some case has several.
fn count_values(
    cases: &[&crate::project::Case],
    attr: &str,
    with_roles: bool,
    opts: &ProfileOptions,
) -> (BTreeMap<String, usize>, usize, bool) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut missing = 0;
    let mut several = false;
    for case in cases {
        let role = (with_roles && attr == ROLE_ATTRIBUTE).then(|| opts.roles.of_case(case));
        let mut values: Vec<&str> = role
            .as_deref()
            .or_else(|| case.get(attr))
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        values.sort_unstable();
        values.dedup();
        several |= values.len() > 1;
        if values.is_empty() {
            missing += 1;
        }
        for v in values {
            *counts.entry(v.to_owned()).or_default() += 1;
        }
    }
    (counts, missing, several)
}

/// The notes under the profile: what percentages are of, which attributes
/// hold several values, and that every role is profiled.
fn footnotes(corpus: &Corpus, n: usize, multi: &[String], with_roles: bool) -> Vec<Note> {
    let mut footnotes = vec![Note::Text(format!(
        "Percentages are of all cases (n={n}); cases with no value are counted as {}.",
        corpus.cases.not_recorded()
    ))];
    if !multi.is_empty() {
        footnotes.push(Note::from(format!(
            "A case may have several values of {} (separated by ';'), each counted, so those \
             blocks may sum to more than n.",
            multi.join(", ")
        )));
    }
    if with_roles {
        footnotes.push(Note::from(
            "Every case is profiled, whatever its role; tables of codes that apply to some \
             roles only leave the others out (see `applies_to` and `roles:`)."
                .to_owned(),
        ));
    }
    footnotes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use crate::project::cases::CasesBuilder;

    fn corpus(cases: &[(&str, &[(&str, &str)])]) -> Corpus {
        let mut b = CasesBuilder::default();
        for (id, attrs) in cases {
            b.declare(id);
            for (k, v) in *attrs {
                b.set(id, k, v, Location::file("cases.csv")).unwrap();
            }
        }
        Corpus::new(Vec::new(), b.build(Vec::new()))
    }

    fn rows(t: &Table) -> Vec<(String, String, String)> {
        t.rows
            .iter()
            .map(|r| {
                let text = |c: &Cell| crate::render::text(c);
                (text(&r.cells[0]), text(&r.cells[1]), text(&r.cells[2]))
            })
            .collect()
    }

    #[track_caller]
    fn case(attrs: &[&str], want: &[(&str, &str, &str)]) {
        let c = corpus(&[
            (
                "A1",
                &[("age", "25-29"), ("ethnicity", "NZ Māori; Pacific")],
            ),
            ("A2", &[("age", "9-14"), ("ethnicity", "Pacific")]),
            ("A10", &[("age", "25-29")]),
        ]);
        let opts = ProfileOptions {
            attrs: attrs.iter().map(|a| (*a).to_owned()).collect(),
            filter: Filter::default(),
            ..ProfileOptions::default()
        };
        let t = profile(&c, &opts).unwrap().to_table();
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
            .collect();
        assert_eq!(rows(&t), want);
    }

    #[test]
    fn categories_sort_naturally_with_not_recorded_last() {
        case(
            &["age", "ethnicity"],
            &[
                ("age", "9-14", "1"),
                ("age", "25-29", "2"),
                ("ethnicity", "NZ Māori", "1"),
                ("ethnicity", "Pacific", "2"),
                ("ethnicity", NOT_RECORDED, "1"),
                ("Total", "", "3"),
            ],
        );
    }

    #[test]
    fn the_profile_is_typed_by_attribute_and_laid_out_either_way() {
        let c = corpus(&[
            ("A1", &[("age", "25-29")]),
            ("A2", &[("age", "9-14")]),
            ("A3", &[]),
        ]);
        let mut opts = ProfileOptions {
            attrs: vec!["age".into()],
            ..ProfileOptions::default()
        };
        let p = profile(&c, &opts).unwrap();
        assert_eq!(p.n, 3);
        let block = &p.blocks[0];
        assert_eq!(block.attribute, "age");
        let categories: Vec<(&str, usize)> = block
            .categories
            .iter()
            .map(|c| (c.label.as_str(), c.n))
            .collect();
        assert_eq!(categories, [("9-14", 1), ("25-29", 1), (NOT_RECORDED, 1)]);
        // The same result as rows under an attribute column, or as blocks.
        let flat = p.to_table();
        opts.blocks = true;
        let blocks = profile(&c, &opts).unwrap().to_table();
        let n = |t: &Table, row: usize| {
            let at = t.columns.iter().position(|c| c.key == "n").unwrap();
            t.rows[row].cells[at].clone()
        };
        for (i, category) in block.categories.iter().enumerate() {
            assert_eq!(n(&flat, i), Cell::Count(category.n));
            assert_eq!(n(&blocks, i + 1), Cell::Count(category.n));
        }
        assert_eq!(blocks.rows[0].cells[0], Cell::Text("age".to_owned()));
        assert_eq!(n(&blocks, 4), Cell::Count(3));
    }

    #[test]
    fn several_values_each_count_and_are_footnoted() {
        let c = corpus(&[("A1", &[("e", "X; Y; X")]), ("A2", &[("e", "Y")])]);
        let opts = ProfileOptions {
            attrs: vec!["e".into()],
            filter: Filter::default(),
            ..ProfileOptions::default()
        };
        let t = profile(&c, &opts).unwrap().to_table();
        assert_eq!(t.rows[1].cells[2], Cell::Count(2));
        assert_eq!(t.rows[1].cells[3], Cell::Percent(100.0));
        assert!(
            t.footnotes[1].to_string().contains("several values of e"),
            "{:?}",
            t.footnotes
        );
        assert_eq!(t.title, "Sample profile (n=2)");
    }
}
