//! Tables: the one seam between computation and rendering. A table holds
//! titles, columns, rows of typed cells, each group's n and footnotes, and
//! nothing about widths or colours.

pub mod cooccur;
pub mod freq;
pub mod grid;
pub mod layout;
pub mod persona;
pub mod profile;
pub mod roles;
pub mod suppress;

// Case selection lives in `project`; re-exported for the table verbs.
pub use crate::project::select::{Filter, group_names, group_of, groups};
pub use cooccur::{CooccurOptions, Measure, Within, cooccur};
pub use freq::{FreqGroup, FreqOptions, FreqResult, FreqRow, SortOrder, freq, freq_result};
pub use grid::{GridOptions, grid};
pub use layout::{ColumnChoice, LayoutOptions};
pub use persona::{PersonaOptions, personas};
pub use profile::{ProfileOptions, profile};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Count(usize),
    /// A percentage (0–100).
    Percent(f64),
    /// Case ids, in natural order.
    CaseList(Vec<String>),
    /// Items such as theme labels, in order. Labels may hold commas and
    /// semicolons, so text formats put one item per line (bulleted on a
    /// terminal, `<br>` in Markdown) and JSON gives an array.
    List(Vec<String>),
    /// A statistic such as Cohen's kappa or a proportion (shown with three
    /// decimals); `None` when it is undefined (a division by zero), shown as
    /// `undefined` and as `null` in JSON.
    Statistic(Option<f64>),
    /// A confidence interval (low, high) of a statistic, shown `0.409–0.929`
    /// and as a two-number array in JSON; `None` when it is undefined.
    Interval(Option<(f64, f64)>),
    /// A count from 1 to K-1 withheld by disclosure control, shown `<K`
    /// (see [`suppress`]).
    Suppressed(usize),
    /// A value withheld by disclosure control because it would reveal a
    /// suppressed count (a percentage, the cases behind it).
    Withheld,
    /// Nothing.
    Empty,
}

/// A percentage rounded to `decimals` places, half up: 12.5 is 13, so
/// 1 of 8 shows as 13% (as a reader rounding by hand would), not 12% as
/// round-half-to-even gives. Percentages are of counts, so a tie is exact
/// in binary and never mis-rounded by representation.
pub fn round_half_up(percent: f64, decimals: u8) -> String {
    let scale = 10f64.powi(i32::from(decimals));
    let rounded = (percent * scale).round() / scale;
    format!("{rounded:.prec$}", prec = usize::from(decimals))
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Machine name, for CSV and JSON keys.
    pub key: String,
    /// Header as shown (`Folkestone (n=6)`).
    pub header: String,
    /// The group's n, for group columns.
    pub n: Option<usize>,
    /// Right-align (numbers).
    pub numeric: bool,
    /// A reference column (code ids) that a narrow terminal may leave out;
    /// every file format keeps it.
    pub secondary: bool,
    /// The column people look at first (a keyword in context's match): a
    /// terminal highlights it when colour is on.
    pub emphasis: bool,
}

impl Column {
    /// A text column.
    pub fn text(key: &str, header: &str) -> Column {
        Column {
            key: key.to_owned(),
            header: header.to_owned(),
            n: None,
            numeric: false,
            secondary: false,
            emphasis: false,
        }
    }

    /// A numeric column.
    pub fn number(key: &str, header: &str) -> Column {
        Column {
            key: key.to_owned(),
            header: header.to_owned(),
            n: None,
            numeric: true,
            secondary: false,
            emphasis: false,
        }
    }

    /// A group's count column, headed with its n: `Folkestone (n=6)`.
    pub fn group(name: &str, n: usize) -> Column {
        Column {
            key: name.to_owned(),
            header: format!("{name} (n={n})"),
            n: Some(n),
            numeric: true,
            secondary: false,
            emphasis: false,
        }
    }

    /// A group's count column keyed by its category and headed with its
    /// display name and n: `North Kent (n=3)`.
    pub fn group_labelled(key: &str, label: &str, n: usize) -> Column {
        Column {
            header: format!("{label} (n={n})"),
            ..Column::group(key, n)
        }
    }

    /// The Total column of a cross-tab: `Total (n=12)`.
    pub fn total(n: usize) -> Column {
        Column {
            header: format!("Total (n={n})"),
            ..Column::group("total", n)
        }
    }

    /// A highlighted column: see [`Column::emphasis`].
    #[must_use]
    pub fn emphasis(mut self) -> Column {
        self.emphasis = true;
        self
    }

    /// A right-aligned text column (the left context of a keyword in
    /// context, which reads towards the match).
    #[must_use]
    pub fn right_aligned(mut self) -> Column {
        self.numeric = true;
        self
    }

    /// A reference column: see [`Column::secondary`].
    #[must_use]
    pub fn secondary(mut self) -> Column {
        self.secondary = true;
        self
    }
}

/// A row, with its depth in the code tree (0 for flat tables).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Indentation level of the first cell.
    pub depth: usize,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// A computed table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Title.
    pub title: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Notes printed under the table.
    pub footnotes: Vec<String>,
}

/// The footnote every count table carries unless asked not to.
pub const INDICATIVE: &str = "Counts are of cases (participants) who mentioned a code, not of \
mentions. Qualitative samples are small and purposive: treat these counts as indicative only, \
not as estimates for a population.";

/// The loaded codebooks: name, title, file, number of codes.
pub fn codebooks(codes: &crate::codebook::CodeSet) -> Table {
    let rows = codes
        .codebooks
        .iter()
        .map(|b| Row {
            depth: 0,
            cells: vec![
                Cell::Text(b.name.clone()),
                Cell::Text(b.title.clone().unwrap_or_default()),
                Cell::Count(b.codes.len()),
                Cell::Count(b.codes.iter().map(|c| c.patterns.len()).sum()),
                Cell::Text(b.path.clone()),
            ],
        })
        .collect();
    Table {
        title: "Codebooks".to_owned(),
        columns: vec![
            Column::text("codebook", "Codebook"),
            Column::text("title", "Title"),
            Column::number("codes", "Codes"),
            Column::number("patterns", "Patterns"),
            Column::text("file", "File"),
        ],
        rows,
        footnotes: Vec::new(),
    }
}

/// One row per code: its definition, patterns and examples, for `codebook
/// show --format csv|json`. Depth is relative to the first code.
pub fn code_list(title: &str, codes: &[&crate::codebook::Code]) -> Table {
    let base = codes.first().map_or(0, |c| c.depth);
    let text = |s: &Option<String>| Cell::Text(s.clone().unwrap_or_default());
    let sources = |p: &[crate::codebook::Pattern]| {
        Cell::Text(
            p.iter()
                .map(|p| p.kind.source())
                .collect::<Vec<_>>()
                .join("; "),
        )
    };
    let rows = codes
        .iter()
        .map(|c| Row {
            depth: c.depth.saturating_sub(base),
            cells: vec![
                Cell::Text(c.label.clone()),
                Cell::Text(c.id.to_string()),
                text(&c.description),
                text(&c.include),
                text(&c.exclude),
                sources(&c.patterns),
                sources(&c.not),
                Cell::Text(
                    c.examples
                        .iter()
                        .map(|e| e.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
            ],
        })
        .collect();
    Table {
        title: title.to_owned(),
        columns: vec![
            Column::text("code", "Code"),
            Column::text("id", "Id"),
            Column::text("description", "Description"),
            Column::text("include", "Include"),
            Column::text("exclude", "Exclude"),
            Column::text("patterns", "Patterns"),
            Column::text("not", "Not"),
            Column::text("examples", "Examples"),
        ],
        rows,
        footnotes: Vec::new(),
    }
}
