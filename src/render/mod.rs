//! Renderers: a [`Table`] to a terminal table, CSV, Markdown, JSON, Word or
//! Excel. They format and never compute; every format carries the same
//! content (CSV leaves out the title and footnotes, which have no place in a
//! data file). See docs/SPREADSHEETS.md for the CSV and Excel conventions.

mod codebook;
mod csv;
mod docx;
mod json;
mod markdown;
pub mod sanitize;
mod terminal;
mod xlsx;

pub use xlsx::{Sheet, sheet_names, workbook};

use std::io::Write;

use crate::redact::Redactor;
use crate::table::{Cell, Column, Table};
use crate::{Error, ErrorKind, Result};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A boxed table for people at a terminal.
    Table,
    /// CSV with a header row.
    Csv,
    /// A Markdown (GitHub) table with title and notes.
    Markdown,
    /// JSON: title, columns, rows, footnotes.
    Json,
    /// A Word document (binary): the table as a Word table, or quotes as
    /// paragraphs, with the title as a heading and the notes.
    Docx,
    /// An Excel workbook (binary): one sheet with the title, a header row,
    /// the groups' n in a row of their own, typed cells and the notes.
    Xlsx,
}

impl Format {
    /// Whether the format is binary, and so refused on a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx)
    }
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Width of the terminal, for wrapping.
    pub width: Option<u16>,
    /// The output is a terminal: binary formats (docx) are refused.
    pub terminal: bool,
    /// Highlight emphasised columns (terminal only): set when stdout is a
    /// terminal and `NO_COLOR` is unset.
    pub color: bool,
    /// CSV options.
    pub csv: CsvOptions,
    /// Word options.
    pub word: WordOptions,
}

/// How to write CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// Write cells as they are (`--raw-csv`), without the guard that keeps
    /// a cell starting with `=`, `+`, `-` or `@` from running as a
    /// spreadsheet formula (see [`sanitize::csv_cell`]).
    pub raw: bool,
    /// Start with a UTF-8 byte-order mark, so that Excel reads the file as
    /// UTF-8 (`…`, `ā`) rather than in the computer's legacy code page.
    pub bom: bool,
}

/// How to write a Word document.
#[derive(Debug, Clone, Default)]
pub struct WordOptions {
    /// Keep reference detail (code id columns, a quote's source line and
    /// the code id in its title), which a report leaves out.
    pub show_source: bool,
    /// Landscape pages (`None`: landscape when the table is too wide for a
    /// portrait page, see `docx`).
    pub landscape: Option<bool>,
    /// A heading above the table's own title (the project's title).
    pub heading: Option<String>,
}

/// Render `table` as `format` to `out`, with the names on `redactor`'s
/// list replaced in every text it holds (title, headers, cells, notes).
///
/// This is the door every table, quote set, keyword-in-context list and
/// list of codings leaves the library by, so redaction happens here, once,
/// on the typed cells, before any renderer sees them (and before terminal
/// or spreadsheet neutralisation, which renderers do). Pass
/// `&Redactor::default()` only for text that holds no case data (a
/// codebook).
pub fn table(
    table: &Table,
    redactor: &Redactor,
    format: Format,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> Result<()> {
    if format.is_binary() && opts.terminal {
        return Err(Error::usage(if format == Format::Docx {
            "a Word document is binary and not for a terminal: write it to a file, as in \
             `qualcode freq --codebook motivators -f docx -o table.docx`"
        } else {
            "an Excel workbook is binary and not for a terminal: write it to a file, as in \
             `qualcode freq --codebook motivators -o table.xlsx`"
        }));
    }
    let redacted;
    let table = if redactor.is_empty() {
        table
    } else {
        redacted = redactor.table(table);
        &redacted
    };
    let result = match format {
        Format::Table => terminal::render(table, opts, out),
        Format::Docx => docx::render(table, &opts.word, out),
        Format::Xlsx => xlsx::render(table, out),
        Format::Csv => csv::render(table, opts.csv, out),
        Format::Markdown => markdown::render(table, out),
        Format::Json => json::render(table, out),
    };
    result.map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::new(ErrorKind::BrokenPipe, "output closed")
        } else {
            Error::new(ErrorKind::Io, format!("cannot write output: {e}"))
        }
    })
}

/// Write codebook `book` (or the `codes` of a subtree) as a readable tree.
pub fn codebook(
    book: Option<&crate::codebook::Codebook>,
    codes: &[&crate::codebook::Code],
    md: bool,
    out: &mut dyn Write,
) -> Result<()> {
    // Labels and descriptions are the codebook author's text: escaped as
    // any terminal text is.
    let mut buffer = Vec::new();
    codebook::render(book, codes, md, &mut buffer)
        .and_then(|()| {
            out.write_all(sanitize::terminal(&String::from_utf8_lossy(&buffer)).as_bytes())
        })
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Error::new(ErrorKind::BrokenPipe, "output closed")
            } else {
                Error::new(ErrorKind::Io, format!("cannot write output: {e}"))
            }
        })
}

/// A cell as text for text formats.
pub(crate) fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Count(n) => n.to_string(),
        Cell::Percent(p) => format!("{}%", crate::table::round_half_up(*p, 0)),
        Cell::CaseList(ids) => ids.join(", "),
        Cell::List(items) => items.join("\n"),
        Cell::Statistic(Some(v)) => statistic(*v),
        Cell::Statistic(None) | Cell::Interval(None) => "undefined".to_owned(),
        Cell::Interval(Some((low, high))) => format!("{}–{}", statistic(*low), statistic(*high)),
        Cell::Suppressed(k) => format!("<{k}"),
        Cell::Withheld => crate::table::suppress::WITHHELD.to_owned(),
        Cell::Empty => String::new(),
    }
}

/// A column's header without its group's n (`Folkestone`), and that n as
/// a cell: a count, or [`Cell::Suppressed`] for a group n hidden by
/// disclosure control (`Folkestone (n<5)`). Spreadsheets put the n in a
/// row of its own, so that the header is a plain name.
pub(crate) fn header_parts(column: &Column) -> (&str, Option<Cell>) {
    if let Some(n) = column.n {
        let label = column
            .header
            .strip_suffix(&format!(" (n={n})"))
            .unwrap_or(&column.header);
        return (label, Some(Cell::Count(n)));
    }
    if column.numeric
        && let Some(rest) = column.header.strip_suffix(')')
        && let Some(at) = rest.rfind(" (n<")
        && let Ok(k) = rest[at + 4..].parse::<usize>()
    {
        return (&column.header[..at], Some(Cell::Suppressed(k)));
    }
    (&column.header, None)
}

/// A statistic with three decimals, never `-0.000`.
fn statistic(v: f64) -> String {
    let s = format!("{v:.3}");
    if s == "-0.000" { "0.000".to_owned() } else { s }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::table::{Column, Row};

    /// A small table exercising every cell kind and a nested row.
    pub(crate) fn sample() -> Table {
        Table {
            title: "Motivators: cases mentioning each code (n=12)".into(),
            columns: vec![
                Column::text("code", "Code"),
                Column::number("n", "Cases (n)"),
                Column::number("percent", "% of cases"),
                Column::text("mentioned_by", "Mentioned by"),
            ],
            rows: vec![
                Row {
                    depth: 0,
                    cells: vec![
                        Cell::Text("Extrinsic".into()),
                        Cell::Count(9),
                        Cell::Percent(75.0),
                        Cell::CaseList(vec!["F1".into(), "F10".into()]),
                    ],
                },
                Row {
                    depth: 1,
                    cells: vec![
                        Cell::Text("Finance, \"money\" | pay".into()),
                        Cell::Count(8),
                        Cell::Percent(200.0 / 3.0),
                        Cell::Empty,
                    ],
                },
            ],
            footnotes: vec!["Indicative only.".into()],
        }
    }

    #[test]
    fn list_cells_keep_items_apart_in_every_format() {
        // A label may hold a comma or a semicolon: items go one per line.
        let t = Table {
            title: "Grid".into(),
            columns: vec![
                Column::text("area", "Area"),
                Column::text("positive", "Positive"),
            ],
            rows: vec![Row {
                depth: 0,
                cells: vec![
                    Cell::Text("Personnel".into()),
                    Cell::List(vec![
                        "Skilled, patient (2)".into(),
                        "Honesty; trust (1)".into(),
                    ]),
                ],
            }],
            footnotes: Vec::new(),
        };
        let render = |format| {
            let mut out = Vec::new();
            table(
                &t,
                &Redactor::default(),
                format,
                &RenderOptions {
                    width: Some(60),
                    ..RenderOptions::default()
                },
                &mut out,
            )
            .unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            render(Format::Csv),
            "Area,Positive\nPersonnel,\"Skilled, patient (2)\nHonesty; trust (1)\"\n"
        );
        assert!(
            render(Format::Markdown)
                .contains("| Personnel | Skilled, patient (2)<br>Honesty; trust (1) |")
        );
        let json: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(
            json["rows"][0]["cells"]["positive"][1],
            "Honesty; trust (1)"
        );
        let terminal = render(Format::Table);
        assert!(
            terminal.contains("┆ • Skilled, patient (2) │"),
            "{terminal}"
        );
        assert!(
            terminal.contains("┆ • Honesty; trust (1)   │"),
            "{terminal}"
        );
    }

    #[test]
    fn binary_formats_are_refused_on_a_terminal() {
        for (format, magic) in [(Format::Docx, "Word"), (Format::Xlsx, "Excel")] {
            let opts = RenderOptions {
                terminal: true,
                ..RenderOptions::default()
            };
            let mut out = Vec::new();
            let err = table(&sample(), &Redactor::default(), format, &opts, &mut out).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage);
            assert!(
                err.message().contains("write it to a file"),
                "{}",
                err.message()
            );
            assert!(err.message().contains(magic), "{}", err.message());
            assert!(out.is_empty());
            table(
                &sample(),
                &Redactor::default(),
                format,
                &RenderOptions::default(),
                &mut out,
            )
            .unwrap();
            assert!(out.starts_with(b"PK"));
        }
    }

    #[test]
    fn headers_split_into_a_plain_name_and_the_groups_n() {
        use crate::table::Column;
        let group = Column::group("Folkestone", 6);
        assert_eq!(header_parts(&group), ("Folkestone", Some(Cell::Count(6))));
        let total = Column::total(9);
        assert_eq!(header_parts(&total), ("Total", Some(Cell::Count(9))));
        let mut t = Table {
            title: "T".into(),
            columns: vec![
                Column::text("code", "Code (n=3)"),
                Column::group("Dover", 3),
            ],
            rows: vec![],
            footnotes: vec![],
        };
        t.suppress(5);
        assert_eq!(
            header_parts(&t.columns[1]),
            ("Dover", Some(Cell::Suppressed(5)))
        );
        // A text column keeps its header as written.
        assert_eq!(header_parts(&t.columns[0]), ("Code (n=3)", None));
        let odd = Column::number("x", "Score (n<x)");
        assert_eq!(header_parts(&odd), ("Score (n<x)", None));
    }

    pub(crate) fn to_string(format: Format, width: Option<u16>) -> String {
        let mut out = Vec::new();
        table(
            &sample(),
            &Redactor::default(),
            format,
            &RenderOptions {
                width,
                ..RenderOptions::default()
            },
            &mut out,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn statistics_show_three_decimals_and_undefined_never_nan() {
        assert_eq!(text(&Cell::Statistic(Some(0.4))), "0.400");
        assert_eq!(text(&Cell::Statistic(Some(-0.0001))), "0.000");
        assert_eq!(text(&Cell::Statistic(None)), "undefined");
        assert_eq!(text(&Cell::Interval(Some((0.4, 0.92851)))), "0.400–0.929");
        assert_eq!(text(&Cell::Interval(None)), "undefined");
        let t = Table {
            title: "t".into(),
            columns: vec![Column::number("k", "Kappa"), Column::number("a", "Alpha")],
            rows: vec![Row {
                depth: 0,
                cells: vec![Cell::Statistic(Some(0.123_456)), Cell::Statistic(None)],
            }],
            footnotes: vec![],
        };
        let mut out = Vec::new();
        table(
            &t,
            &Redactor::default(),
            Format::Json,
            &RenderOptions::default(),
            &mut out,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["rows"][0]["cells"]["k"], 0.123);
        assert!(v["rows"][0]["cells"]["a"].is_null());
    }
}
