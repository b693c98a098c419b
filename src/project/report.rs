//! The optional `report:` section of `qualcode.yaml`: which codebooks,
//! cross-tabs, grid and quotes `qualcode report` includes. Parsed here with
//! the place of every name, so that `check` and `report` can point at
//! `qualcode.yaml:LINE:COL`; checked against the codebooks and cases by
//! `crate::report::validate`. Knows nothing of codebooks or cases itself.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::yaml;
use crate::Location;

/// `report:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReport {
    title: Option<String>,
    codebooks: Option<Vec<Spanned<String>>>,
    by: Option<Vec<Spanned<String>>>,
    grid: Option<Vec<Spanned<String>>>,
    profile: Option<Vec<Spanned<String>>>,
    quotes_per_code: Option<usize>,
    quotes_by: Option<Spanned<String>>,
    max_words: Option<usize>,
    attribution: Option<Spanned<String>>,
    tables: Option<Vec<Spanned<String>>>,
}

/// A name from the config and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The name.
    pub value: String,
    /// Where it is written in `qualcode.yaml`.
    pub at: Location,
}

/// The `report:` settings; `None` fields take the defaults described in
/// docs/FORMATS.md.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportConfig {
    /// The report's title.
    pub title: Option<String>,
    /// Codebooks with a frequency table, in this order.
    pub codebooks: Option<Vec<Placed>>,
    /// Case attributes to cross-tabulate by.
    pub by: Option<Vec<Placed>>,
    /// Codebooks laid out as a positive / negative grid.
    pub grid: Option<Vec<Placed>>,
    /// Case attributes of the sample-profile table, one block each.
    pub profile: Option<Vec<Placed>>,
    /// Quotes per code and group (0: no quotes).
    pub quotes_per_code: Option<usize>,
    /// The attribute quotes are grouped by.
    pub quotes_by: Option<Placed>,
    /// Word limit of a quote.
    pub max_words: Option<usize>,
    /// Attribution template or the name of one.
    pub attribution: Option<Placed>,
    /// Named tables (`tables:` of qualcode.yaml), a section each, after
    /// the computed sections.
    pub tables: Option<Vec<Placed>>,
}

impl RawReport {
    /// The settings, with each name's place in `config_path`.
    pub(crate) fn resolve(self, config_path: &Path) -> ReportConfig {
        let place = |s: Spanned<String>| Placed {
            at: yaml::location(config_path, &s.referenced, 0),
            value: s.value,
        };
        let list = |l: Option<Vec<Spanned<String>>>| l.map(|l| l.into_iter().map(place).collect());
        ReportConfig {
            title: self.title,
            codebooks: list(self.codebooks),
            by: list(self.by),
            grid: list(self.grid),
            profile: list(self.profile),
            quotes_per_code: self.quotes_per_code,
            quotes_by: self.quotes_by.map(place),
            max_words: self.max_words,
            attribution: self.attribution.map(place),
            tables: list(self.tables),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::Location;
    use crate::project::Project;

    #[test]
    fn report_names_keep_their_place_in_the_config() {
        let p = Project::from_yaml(
            "transcripts: [a]\ncodebooks: [b]\nreport:\n  by: [site, cohort]\n  grid: [service]\n  \
             quotes_per_code: 1\n",
            Path::new("."),
            Path::new("qualcode.yaml"),
        )
        .unwrap();
        let by = p.report.by.unwrap();
        assert_eq!(by[1].value, "cohort");
        assert_eq!(by[1].at, Location::at("qualcode.yaml", 4, 14));
        assert_eq!(p.report.grid.unwrap()[0].at.line, Some(5));
        assert_eq!(p.report.quotes_per_code, Some(1));
        assert!(p.report.codebooks.is_none());
    }
}
