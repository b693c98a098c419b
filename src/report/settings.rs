//! The report's settings: the `report:` section of `qualcode.yaml` checked
//! against the loaded codebooks and cases, with the defaults filled in.
//! Every problem names the place in `qualcode.yaml`.

use crate::codebook::{CodeSet, Codebook};
use crate::project::{Cases, Placed, Project};
use crate::quote::attribute::Template;
use crate::{Error, Result};

/// Quotes per code and group when `quotes_per_code` is not set.
pub const DEFAULT_QUOTES_PER_CODE: usize = 2;
/// Word limit of a quote when `max_words` is not set.
pub const DEFAULT_MAX_WORDS: usize = 60;
/// The title when `title` is not set.
pub const DEFAULT_TITLE: &str = "Qualitative coding report";

/// What the report holds, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The report's title.
    pub title: String,
    /// Codebooks with a frequency table, in order.
    pub codebooks: Vec<String>,
    /// Attributes to cross-tabulate by.
    pub by: Vec<String>,
    /// Codebooks laid out as a positive / negative grid (by the first of `by`).
    pub grid: Vec<String>,
    /// Attributes of the sample-profile table, as configured (`None`: the
    /// default, which needs the cases file; see [`crate::report::build`]).
    pub profile: Option<Vec<String>>,
    /// Quotes per code and group (0: none).
    pub quotes_per_code: usize,
    /// The attribute quotes are grouped by.
    pub quotes_by: Option<String>,
    /// Word limit of a quote.
    pub max_words: usize,
    /// The attribution template.
    pub attribution: String,
    /// Case roles (`roles:`), for leaving staff out of client codebooks.
    pub roles: crate::project::Roles,
    /// Display names and category order (`labels:`, `order:`).
    pub presentation: crate::project::Presentation,
}

/// Every problem in the project's `report:` section, each with its place.
pub fn validate(project: &Project, codes: &CodeSet, cases: &Cases) -> Vec<Error> {
    let config = &project.report;
    let mut errors = Vec::new();
    for p in config.codebooks.iter().flatten() {
        if let Err(e) = codes.codebook(&p.value) {
            errors.push(placed("codebooks", &e, p));
        }
    }
    for p in config.by.iter().flatten() {
        if let Err(e) = cases.check_attribute(&p.value) {
            errors.push(placed("by", &e, p));
        }
    }
    if let Some(p) = &config.quotes_by
        && let Err(e) = cases.check_attribute(&p.value)
    {
        errors.push(placed("quotes_by", &e, p));
    }
    for p in config.profile.iter().flatten() {
        if let Err(e) = cases.check_attribute(&p.value) {
            errors.push(placed("profile", &e, p));
        }
    }
    for p in config.grid.iter().flatten() {
        match codes.codebook(&p.value) {
            Err(e) => errors.push(placed("grid", &e, p)),
            Ok(book) if !has_grid_shape(book) => errors.push(
                Error::invalid(format!(
                    "report: grid: codebook '{}' has no positive/negative heads: its ids \
                     must be shaped {}.<head>.positive.<theme>",
                    book.name, book.name
                ))
                .at(p.at.clone()),
            ),
            Ok(_) => {}
        }
    }
    if let Some(p) = &config.attribution
        && let Err(e) = project
            .attribution_template(&p.value)
            .and_then(|t| Template::parse(&t))
            .and_then(|t| t.validate(cases))
    {
        errors.push(placed("attribution", &e, p));
    }
    for p in config.tables.iter().flatten() {
        if !project.tables.iter().any(|t| t.name == p.value) {
            let names: Vec<&str> = project.tables.iter().map(|t| t.name.as_str()).collect();
            errors.push(
                Error::invalid(format!(
                    "report: tables: no table named '{}' under tables: ({})",
                    p.value,
                    if names.is_empty() {
                        "none is defined".to_owned()
                    } else {
                        format!("the tables are {}", names.join(", "))
                    }
                ))
                .at(p.at.clone()),
            );
        }
    }
    errors
}

fn placed(key: &str, e: &Error, p: &Placed) -> Error {
    Error::invalid(format!("report: {key}: {}", e.message())).at(p.at.clone())
}

/// Whether `book` has a top-level code with a `positive` or `negative`
/// child, the shape `qualcode grid` lays out.
pub fn has_grid_shape(book: &Codebook) -> bool {
    book.codes
        .iter()
        .any(|c| c.depth == 1 && matches!(crate::id::leaf(&c.id), "positive" | "negative"))
}

/// The settings for `project`: its `report:` section, checked, with the
/// defaults for what it leaves out. The first problem is the error.
pub fn resolve(project: &Project, codes: &CodeSet, cases: &Cases) -> Result<Settings> {
    if let Some(e) = validate(project, codes, cases).into_iter().next() {
        return Err(e);
    }
    let config = &project.report;
    let names = |l: &Vec<Placed>| l.iter().map(|p| p.value.clone()).collect::<Vec<_>>();
    let codebooks = config.codebooks.as_ref().map_or_else(
        || codes.codebooks.iter().map(|b| b.name.clone()).collect(),
        names,
    );
    let by = config.by.as_ref().map_or_else(|| default_by(cases), names);
    let grid = config.grid.as_ref().map_or_else(
        || {
            codebooks
                .iter()
                .filter(|n| codes.codebook(n).is_ok_and(has_grid_shape))
                .cloned()
                .collect()
        },
        names,
    );
    let attribution = match &config.attribution {
        Some(p) => project.attribution_template(&p.value)?,
        None => project.attribution.clone(),
    };
    Ok(Settings {
        title: config
            .title
            .clone()
            .unwrap_or_else(|| DEFAULT_TITLE.to_owned()),
        codebooks,
        quotes_by: config
            .quotes_by
            .as_ref()
            .map(|p| p.value.clone())
            .or_else(|| by.first().cloned()),
        by,
        grid,
        profile: config.profile.as_ref().map(names),
        quotes_per_code: config.quotes_per_code.unwrap_or(DEFAULT_QUOTES_PER_CODE),
        max_words: config.max_words.unwrap_or(DEFAULT_MAX_WORDS),
        attribution,
        roles: project.roles.clone(),
        presentation: project.presentation.clone(),
    })
}

/// The attributes that group cases: those with 2 to 8 values, fewer values
/// than cases, other than the id and the hand-set persona.
fn default_by(cases: &Cases) -> Vec<String> {
    cases
        .attribute_names()
        .into_iter()
        .filter(|a| a != "id" && a != crate::persona::HAND_ATTRIBUTE)
        .filter(|a| {
            let mut values: Vec<&str> = cases.iter().filter_map(|c| c.get(a)).collect();
            values.sort_unstable();
            values.dedup();
            (2..=8).contains(&values.len()) && values.len() < cases.len()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use crate::project::cases::CasesBuilder;

    fn cases(rows: &[(&str, &[(&str, &str)])]) -> Cases {
        let mut b = CasesBuilder::default();
        for (id, attrs) in rows {
            b.declare(id);
            for (name, value) in *attrs {
                b.set(id, name, value, Location::file("cases.csv")).unwrap();
            }
        }
        b.build(Vec::new())
    }

    #[test]
    fn default_by_takes_attributes_that_group_cases() {
        let c = cases(&[
            (
                "A",
                &[
                    ("site", "N"),
                    ("name", "Ann"),
                    ("persona", "x"),
                    ("all", "1"),
                ],
            ),
            (
                "B",
                &[
                    ("site", "S"),
                    ("name", "Ben"),
                    ("persona", "y"),
                    ("all", "1"),
                ],
            ),
            (
                "C",
                &[
                    ("site", "S"),
                    ("name", "Cy"),
                    ("persona", "x"),
                    ("all", "1"),
                ],
            ),
        ]);
        // name: a value per case; persona: hand-set; all: one value.
        assert_eq!(default_by(&c), ["site"]);
    }

    #[test]
    fn grid_shape_needs_a_polarity_under_a_top_level_code() {
        let book = |codes: &str| {
            crate::codebook::CodeSet::parse(&format!("codebook: s\ncodes:\n{codes}"), "s.yaml")
                .unwrap()
        };
        assert!(has_grid_shape(&book(
            "  - id: staff\n    children:\n      - id: positive\n        children:\n          \
             - id: kind\n            patterns: [kind]\n"
        )));
        assert!(!has_grid_shape(&book(
            "  - id: positive\n    patterns: [good]\n  - id: money\n    children:\n      \
             - id: pay\n        children:\n          - id: positive\n            patterns: [x]\n"
        )));
    }
}
