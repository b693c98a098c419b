//! The `Table` model: the one seam between computation and rendering. A
//! table holds titles, columns, rows of typed cells, each group's n and
//! footnotes, and nothing about widths or colours. Computations return
//! typed results (see [`crate::table`]) whose `to_table()` builds one; only
//! renderers read it. It sits low so that every module that builds or
//! redacts a table (`redact`, `coding::list`) may use it.

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
    /// (see [`crate::table::suppress`]).
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
    /// Notes printed under the table: typed where a consumer tells one
    /// from another (the report says the shared ones once), each shown as
    /// its sentence.
    pub footnotes: Vec<crate::message::Note>,
}
