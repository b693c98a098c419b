//! Layout of a finished table: which columns and in what order, under
//! which headers, rows and columns swapped, its title and its footnotes.
//! Applied after the computation (and after disclosure control), so it
//! changes what is shown and never what is counted.

use super::{Cell, Column, Row, Table};
use crate::{Error, Result};

/// The most columns `--columns` may name (a table has a few dozen at most).
const MAX_CHOICES: usize = 1_000;

/// One column asked for by `--columns`: its key, and a header to show
/// instead of the table's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnChoice {
    /// The column's key (`code`, `n`, `percent`, `mentioned_by`, a group
    /// name…), compared without regard to case.
    pub key: String,
    /// The header to show (`n=Frequency (n)`), if renamed.
    pub header: Option<String>,
}

impl ColumnChoice {
    /// Parse `key` or `key=Header`.
    pub fn parse(item: &str) -> Result<ColumnChoice> {
        let (key, header) = match item.split_once('=') {
            Some((k, h)) => (k.trim(), Some(h.trim().to_owned())),
            None => (item.trim(), None),
        };
        if key.is_empty() {
            return Err(Error::usage(format!(
                "--columns takes KEY or KEY=HEADER, not {item:?}"
            )));
        }
        Ok(ColumnChoice {
            key: key.to_owned(),
            header,
        })
    }

    /// Parse a comma-separated list (`code=Factor,n=Frequency,mentioned_by`).
    pub fn parse_list(list: &str) -> Result<Vec<ColumnChoice>> {
        let out: Vec<ColumnChoice> = list
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(ColumnChoice::parse)
            .collect::<Result<_>>()?;
        if out.len() > MAX_CHOICES {
            return Err(Error::usage(format!(
                "--columns names {} columns: at most {MAX_CHOICES}",
                out.len()
            )));
        }
        Ok(out)
    }
}

/// How to lay out a table (`--columns`, `--transpose`, `--title`,
/// `--footnote`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// The columns to keep, in this order; empty keeps them all.
    pub columns: Vec<ColumnChoice>,
    /// Swap rows and columns (see [`transpose`]).
    pub transpose: bool,
    /// A title in place of the table's own.
    pub title: Option<String>,
    /// Notes added under the table's own.
    pub footnotes: Vec<String>,
    /// The header of the first column of a transposed table (the
    /// attribute the groups are values of: `Site`); empty if `None`.
    pub corner: Option<String>,
}

impl LayoutOptions {
    /// Whether the layout leaves a table as it is.
    pub fn is_plain(&self) -> bool {
        self.columns.is_empty()
            && !self.transpose
            && self.title.is_none()
            && self.footnotes.is_empty()
    }

    /// Lay out `table`: transpose, then choose the columns, then set the
    /// title and add the footnotes.
    pub fn apply(&self, table: Table) -> Result<Table> {
        let mut table = if self.transpose {
            transpose(table, self.corner.as_deref().unwrap_or(""))?
        } else {
            table
        };
        if !self.columns.is_empty() {
            table = choose(table, &self.columns)?;
        }
        if let Some(title) = &self.title {
            table.title.clone_from(title);
        }
        table
            .footnotes
            .extend(self.footnotes.iter().map(|f| f.as_str().into()));
        Ok(table)
    }
}

/// Keep the columns `choices` names, in their order, renamed as asked.
fn choose(table: Table, choices: &[ColumnChoice]) -> Result<Table> {
    let mut picks = Vec::with_capacity(choices.len());
    for choice in choices {
        let Some(i) = table
            .columns
            .iter()
            .position(|c| c.key.eq_ignore_ascii_case(&choice.key))
        else {
            let keys: Vec<&str> = table.columns.iter().map(|c| c.key.as_str()).collect();
            return Err(Error::usage(format!(
                "--columns: the table has no column '{}': its columns are {}",
                choice.key,
                keys.join(", ")
            )));
        };
        if picks.iter().any(|(j, _)| *j == i) {
            return Err(Error::usage(format!(
                "--columns names column '{}' twice",
                choice.key
            )));
        }
        picks.push((i, choice.header.as_deref()));
    }
    let columns = picks
        .iter()
        .map(|&(i, header)| {
            let mut c = table.columns[i].clone();
            if let Some(h) = header {
                h.clone_into(&mut c.header);
                // A renamed column is shown as asked, wherever it was.
                c.secondary = false;
            }
            c
        })
        .collect();
    let rows = table
        .rows
        .into_iter()
        .map(|r| {
            // The depth indents the first cell: kept only if it stays first.
            let depth = if picks.first().is_some_and(|(i, _)| *i == 0) {
                r.depth
            } else {
                0
            };
            Row {
                depth,
                cells: picks
                    .iter()
                    .map(|&(i, _)| r.cells.get(i).cloned().unwrap_or(Cell::Empty))
                    .collect(),
            }
        })
        .collect();
    Ok(Table {
        columns,
        rows,
        ..table
    })
}

/// Swap rows and columns: each column but the first becomes a row headed
/// by the column's header (a cross-tab's groups, and its Total column
/// becomes a Total row), and each row becomes a column headed by its first
/// cell (the code). Reference columns (code ids) give the new columns
/// their keys and are not shown; without one a column's key is its header.
pub fn transpose(table: Table, corner: &str) -> Result<Table> {
    if table.columns.len() < 2 {
        return Err(Error::usage(
            "--transpose: the table has a single column, nothing to swap",
        ));
    }
    let key_column = table
        .columns
        .iter()
        .position(|c| c.secondary && c.key.eq_ignore_ascii_case("id"));
    let mut columns = vec![Column::text("group", corner)];
    for row in &table.rows {
        let header = row.cells.first().map(label).unwrap_or_default();
        let key = key_column
            .and_then(|k| row.cells.get(k))
            .map_or_else(|| header.clone(), label);
        columns.push(Column {
            key,
            header,
            n: None,
            numeric: true,
            secondary: false,
            emphasis: false,
        });
    }
    let mut rows = Vec::new();
    for (i, column) in table.columns.iter().enumerate().skip(1) {
        if Some(i) == key_column || column.secondary {
            continue;
        }
        let mut cells = vec![Cell::Text(column.header.clone())];
        cells.extend(
            table
                .rows
                .iter()
                .map(|r| r.cells.get(i).cloned().unwrap_or(Cell::Empty)),
        );
        rows.push(Row { depth: 0, cells });
    }
    // A column is numeric when none of its cells is text.
    for (j, column) in columns.iter_mut().enumerate().skip(1) {
        column.numeric = rows.iter().all(|r| {
            matches!(
                r.cells.get(j),
                Some(
                    Cell::Count(_)
                        | Cell::Percent(_)
                        | Cell::Statistic(_)
                        | Cell::Suppressed(_)
                        | Cell::Withheld
                        | Cell::Empty
                )
            )
        });
    }
    Ok(Table {
        columns,
        rows,
        ..table
    })
}

/// A cell as a header or key: its text (first columns and ids are text).
fn label(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Count(n) => n.to_string(),
        Cell::CaseList(items) | Cell::List(items) => items.join(", "),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crosstab() -> Table {
        let row = |label: &str, a: usize, b: usize, id: &str| Row {
            depth: 0,
            cells: vec![
                Cell::Text(label.to_owned()),
                Cell::Count(a),
                Cell::Count(b),
                Cell::Count(a + b),
                Cell::Text(id.to_owned()),
            ],
        };
        Table {
            title: "Recruitment by site".to_owned(),
            columns: vec![
                Column::text("code", "Code"),
                Column::group("Folkestone", 6),
                Column::group("Maidstone", 3),
                Column::total(9),
                Column::text("id", "Id").secondary(),
            ],
            rows: vec![
                row("Leaflet", 2, 1, "r.leaflet"),
                row("Poster", 1, 0, "r.poster"),
            ],
            footnotes: vec!["Indicative.".into()],
        }
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(crate::render::text).collect())
            .collect()
    }

    #[test]
    fn transpose_makes_groups_rows_and_the_total_a_row() {
        let t = transpose(crosstab(), "Site").unwrap();
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, ["Site", "Leaflet", "Poster"]);
        let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["group", "r.leaflet", "r.poster"]);
        assert_eq!(
            texts(&t),
            [
                ["Folkestone (n=6)", "2", "1"],
                ["Maidstone (n=3)", "1", "0"],
                ["Total (n=9)", "3", "1"],
            ]
        );
        assert!(t.columns[1].numeric);
        assert_eq!(t.footnotes, ["Indicative."]);
    }

    #[test]
    fn columns_choose_order_and_rename() {
        let layout = LayoutOptions {
            columns: ColumnChoice::parse_list("code=Factor, total ,Folkestone").unwrap(),
            title: Some("Table 3".to_owned()),
            footnotes: vec!["Mine.".to_owned()],
            ..LayoutOptions::default()
        };
        let t = layout.apply(crosstab()).unwrap();
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, ["Factor", "Total (n=9)", "Folkestone (n=6)"]);
        assert_eq!(texts(&t)[0], ["Leaflet", "3", "2"]);
        assert_eq!(t.title, "Table 3");
        assert_eq!(t.footnotes, ["Indicative.", "Mine."]);
    }

    #[test]
    fn an_unknown_or_repeated_column_is_a_usage_error_naming_the_keys() {
        let bad = LayoutOptions {
            columns: ColumnChoice::parse_list("code,count").unwrap(),
            ..LayoutOptions::default()
        };
        let e = bad.apply(crosstab()).unwrap_err().to_string();
        assert!(e.contains("no column 'count'"), "{e}");
        assert!(e.contains("code, Folkestone, Maidstone, total, id"), "{e}");
        let twice = LayoutOptions {
            columns: ColumnChoice::parse_list("code,CODE").unwrap(),
            ..LayoutOptions::default()
        };
        assert!(twice.apply(crosstab()).is_err());
        assert!(ColumnChoice::parse_list("=Header").is_err());
    }

    #[test]
    fn transposing_then_choosing_picks_codes_by_id() {
        let layout = LayoutOptions {
            transpose: true,
            columns: ColumnChoice::parse_list("group=Site,r.poster,r.leaflet").unwrap(),
            ..LayoutOptions::default()
        };
        let t = layout.apply(crosstab()).unwrap();
        assert_eq!(texts(&t)[2], ["Total (n=9)", "1", "3"]);
        assert_eq!(t.columns[0].header, "Site");
    }

    #[test]
    fn percentages_round_half_up() {
        use crate::table::round_half_up;
        assert_eq!(round_half_up(100.0 / 8.0, 0), "13");
        assert_eq!(round_half_up(100.0 * 3.0 / 8.0, 0), "38");
        assert_eq!(round_half_up(100.0 / 16.0, 1), "6.3");
        assert_eq!(round_half_up(100.0 / 3.0, 0), "33");
        assert_eq!(round_half_up(0.0, 1), "0.0");
    }
}
