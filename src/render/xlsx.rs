//! Excel (`.xlsx`), written with `rust_xlsxwriter`: a sheet per table with
//! the title on top, a frozen header row of plain names, the groups' n in a
//! row of their own, the cells typed (counts and statistics as numbers,
//! percentages as fractions shown with a `%` format, text as text, never a
//! formula), cells withheld by disclosure control left blank with a grey
//! style and a note saying why, and the footnotes under the table. The
//! workbook's properties carry a fixed date, so the same tables give the
//! same bytes. See docs/SPREADSHEETS.md.

use std::collections::BTreeSet;
use std::io::{self, Write};

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format as Style, FormatAlign, FormatBorder, Note,
    Workbook, Worksheet, XlsxError,
};

use crate::table::{Cell, Table};

/// Longest text a cell holds (Excel's limit); longer text is cut with a
/// mark.
pub(super) const MAX_CELL_CHARS: usize = 32_767;
/// Rows a sheet holds (Excel's limit).
const MAX_ROWS: usize = 1_048_576;
/// Columns a sheet holds (Excel's limit).
const MAX_COLUMNS: usize = 16_384;
/// Longest sheet name (Excel's limit).
const MAX_SHEET_NAME: usize = 31;
/// Rows above the table: the title and a blank row.
const HEADER_ROW: u32 = 2;
/// Widest column, in characters.
const MAX_WIDTH: usize = 60;
/// Deepest indent Excel shows (its limit is 15).
const MAX_INDENT: usize = 15;

/// A table and the name of its sheet.
#[derive(Debug, Clone, Copy)]
pub struct Sheet<'a> {
    /// The sheet's name, as [`sheet_names`] makes it.
    pub name: &'a str,
    /// The table.
    pub table: &'a Table,
}

/// Write `table` as a one-sheet workbook to `out`.
pub(super) fn render(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let name = sheet_names(&[table.title.as_str()]).remove(0);
    let bytes = workbook(&[Sheet { name: &name, table }])
        .map_err(|e| io::Error::other(e.message().to_owned()))?;
    out.write_all(&bytes)
}

/// A workbook of `sheets`, in order, as bytes. The tables are written as
/// they are: redact them first (see [`crate::render::table`], which does).
pub fn workbook(sheets: &[Sheet<'_>]) -> crate::Result<Vec<u8>> {
    for sheet in sheets {
        fits(sheet.table)?;
    }
    let mut book = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| xlsx_error(&e))?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&date)
            .set_author("qualcode"),
    );
    let styles = Styles::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name).map_err(|e| xlsx_error(&e))?;
        write_sheet(ws, sheet.table, &styles).map_err(|e| xlsx_error(&e))?;
    }
    book.save_to_buffer().map_err(|e| xlsx_error(&e))
}

fn xlsx_error(e: &XlsxError) -> crate::Error {
    crate::Error::new(
        crate::ErrorKind::Io,
        format!("cannot write the Excel workbook: {e}"),
    )
}

/// Refuse a table larger than a sheet, naming the limit.
fn fits(table: &Table) -> crate::Result<()> {
    let rows = table.rows.len() + table.footnotes.len() + HEADER_ROW as usize + 3;
    if rows > MAX_ROWS {
        return Err(crate::Error::usage(format!(
            "{:?} has {} rows, more than an Excel sheet holds ({MAX_ROWS}): narrow it with \
             --where or write CSV",
            table.title,
            table.rows.len()
        )));
    }
    if table.columns.len() > MAX_COLUMNS {
        return Err(crate::Error::usage(format!(
            "{:?} has {} columns, more than an Excel sheet holds ({MAX_COLUMNS}): write CSV",
            table.title,
            table.columns.len()
        )));
    }
    Ok(())
}

/// Sheet names for tables titled `titles`, in order: at most 31
/// characters, none of `[ ] : * ? / \`, not starting or ending with `'`,
/// not Excel's reserved `History`, and unique (ignoring case; a repeated
/// name gets ` (2)`, ` (3)`…).
pub fn sheet_names(titles: &[&str]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    titles
        .iter()
        .map(|title| {
            let cleaned: String = title
                .chars()
                .map(|c| {
                    if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            let words = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut base = shorten(words.trim_matches('\''));
            base = base.trim_end().trim_end_matches('\'').to_owned();
            if base.is_empty() || base.eq_ignore_ascii_case("history") {
                "Table".clone_into(&mut base);
            }
            let mut name = base.clone();
            let mut i = 2;
            while taken.contains(&name.to_lowercase()) {
                let suffix = format!(" ({i})");
                let keep = MAX_SHEET_NAME - suffix.chars().count();
                let head: String = base.chars().take(keep).collect();
                name = format!("{}{suffix}", head.trim_end());
                i += 1;
            }
            taken.insert(name.to_lowercase());
            name
        })
        .collect()
}

/// `title` in at most [`MAX_SHEET_NAME`] characters: as it is if it fits;
/// else without a trailing `(n=12)`, its first words and its last words
/// around a `…` (`Motivating… cases by site`), so that the tables of one
/// codebook keep apart; else cut.
fn shorten(title: &str) -> String {
    let fits = |s: &str| s.chars().count() <= MAX_SHEET_NAME;
    if fits(title) {
        return title.to_owned();
    }
    let title = match title.rfind(" (n") {
        Some(at) if title.ends_with(')') => &title[..at],
        _ => title,
    };
    if fits(title) {
        return title.to_owned();
    }
    let words: Vec<&str> = title.split(' ').collect();
    let len = |ws: &[&str]| ws.iter().map(|w| w.chars().count() + 1).sum::<usize>();
    // The first words, up to half the room, then as many last words as fit.
    let mut head = 0;
    while head < words.len() && len(&words[..=head]) <= MAX_SHEET_NAME / 2 {
        head += 1;
    }
    let mut tail = words.len();
    while tail > head + 1 && len(&words[..head]) + 1 + len(&words[tail - 1..]) <= MAX_SHEET_NAME {
        tail -= 1;
    }
    if head > 0 && tail < words.len() {
        let head = words[..head].join(" ");
        let head = head.trim_end_matches([':', ',', ';', '-', '–']);
        format!("{head}… {}", words[tail..].join(" "))
    } else {
        title.chars().take(MAX_SHEET_NAME).collect()
    }
}

/// The styles a sheet uses, made once.
struct Styles {
    title: Style,
    header: Style,
    header_number: Style,
    n_label: Style,
    n: Style,
    count: Style,
    percent: Style,
    statistic: Style,
    /// Text at each indent level.
    text: Vec<Style>,
    suppressed: Style,
    note: Style,
}

impl Styles {
    fn new() -> Styles {
        let grey = Color::RGB(0x00E7_E6E6);
        let header = Style::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(grey)
            .set_border_bottom(FormatBorder::Thin);
        let top = || Style::new().set_align(FormatAlign::Top);
        Styles {
            title: Style::new().set_bold().set_font_size(13),
            header_number: header.clone().set_align(FormatAlign::Right),
            header,
            n_label: Style::new().set_italic(),
            n: Style::new().set_italic().set_num_format("\"n=\"0"),
            count: top().set_num_format("0"),
            percent: top().set_num_format("0%"),
            statistic: top().set_num_format("0.000"),
            text: (0..=MAX_INDENT)
                .map(|depth| {
                    let style = top().set_text_wrap();
                    if depth == 0 {
                        style
                    } else {
                        style.set_indent(u8::try_from(depth).unwrap_or(u8::MAX))
                    }
                })
                .collect(),
            suppressed: top()
                .set_italic()
                .set_font_color(Color::RGB(0x0059_5959))
                .set_background_color(Color::RGB(0x00D9_D9D9))
                .set_align(FormatAlign::Right),
            note: Style::new().set_italic().set_font_size(9),
        }
    }
}

/// `s` cut to what a cell holds, with a mark where it was cut.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = " … [cut: longer than an Excel cell holds]";
    if s.len() <= MAX_CELL_CHARS || s.chars().count() <= MAX_CELL_CHARS {
        return s.into();
    }
    let keep = MAX_CELL_CHARS - MARK.chars().count();
    let mut out: String = s.chars().take(keep).collect();
    out.push_str(MARK);
    out.into()
}

fn note(text: String) -> Note {
    Note::new(text)
        .set_author("qualcode")
        .add_author_prefix(false)
}

/// The note under a table with suppressed cells, which this format leaves
/// blank rather than writing `<K` among numbers.
const SUPPRESSED_NOTE: &str =
    "In this workbook, suppressed numbers are blank grey cells; each cell's note says why.";

/// Whether `table` has a number written as a blank suppressed cell.
fn has_blank_suppressed(table: &Table, parts: &[(&str, Option<Cell>)]) -> bool {
    parts
        .iter()
        .any(|(_, n)| matches!(n, Some(Cell::Suppressed(_))))
        || table.rows.iter().any(|r| {
            r.cells.iter().zip(&table.columns).any(|(cell, column)| {
                matches!(cell, Cell::Suppressed(_))
                    || (column.numeric && matches!(cell, Cell::Withheld))
            })
        })
}

/// What a blank cell withheld by disclosure control says in its note.
fn suppressed_note(cell: &Cell) -> String {
    match cell {
        Cell::Suppressed(k) => format!(
            "Suppressed (<{k}): a count from 1 to {}, withheld by disclosure control so that \
             small groups of participants cannot be identified.",
            k.saturating_sub(1)
        ),
        _ => format!(
            "{}: withheld by disclosure control, as it would reveal a suppressed count.",
            crate::table::suppress::WITHHELD
        ),
    }
}

fn write_sheet(ws: &mut Worksheet, table: &Table, s: &Styles) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, fit(&table.title).as_ref(), &s.title)?;
    let parts: Vec<_> = table.columns.iter().map(super::header_parts).collect();
    let mut row = HEADER_ROW;
    for (c, (column, (label, _))) in table.columns.iter().zip(&parts).enumerate() {
        let style = if column.numeric {
            &s.header_number
        } else {
            &s.header
        };
        ws.write_string_with_format(row, col(c), fit(label).as_ref(), style)?;
    }
    row += 1;
    if parts.iter().any(|(_, n)| n.is_some()) {
        if parts.first().is_some_and(|(_, n)| n.is_none()) {
            ws.write_string_with_format(row, 0, "n", &s.n_label)?;
        }
        for (c, (_, n)) in parts.iter().enumerate() {
            match n {
                Some(Cell::Count(n)) => {
                    ws.write_number_with_format(row, col(c), *n as f64, &s.n)?;
                }
                Some(hidden) => {
                    ws.write_blank(row, col(c), &s.suppressed)?;
                    ws.insert_note(row, col(c), &note(suppressed_note(hidden)))?;
                }
                None => {}
            }
        }
        row += 1;
    }
    ws.set_freeze_panes(row, 0)?;
    ws.set_repeat_rows(HEADER_ROW, row - 1)?;
    for r in &table.rows {
        for (c, cell) in r.cells.iter().enumerate() {
            let depth = if c == 0 { r.depth.min(MAX_INDENT) } else { 0 };
            let numeric = table.columns.get(c).is_some_and(|c| c.numeric);
            write_cell(ws, (row, col(c)), cell, depth, numeric, s)?;
        }
        row += 1;
    }
    row += 1;
    for footnote in &table.footnotes {
        ws.write_string_with_format(row, 0, fit(&footnote.to_string()).as_ref(), &s.note)?;
        row += 1;
    }
    if has_blank_suppressed(table, &parts) {
        ws.write_string_with_format(row, 0, SUPPRESSED_NOTE, &s.note)?;
    }
    for (c, width) in widths(table).into_iter().enumerate() {
        ws.set_column_width(col(c), width as f64)?;
    }
    if table.columns.len() > 6 {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    (row, c): (u32, u16),
    cell: &Cell,
    depth: usize,
    numeric: bool,
    s: &Styles,
) -> Result<(), XlsxError> {
    let text = |ws: &mut Worksheet, value: &str| {
        // A string cell: text starting with `=` stays text, never a formula.
        ws.write_string_with_format(row, c, fit(value).as_ref(), &s.text[depth])
            .map(|_| ())
    };
    match cell {
        Cell::Count(n) => {
            ws.write_number_with_format(row, c, *n as f64, &s.count)?;
        }
        Cell::Percent(p) => {
            ws.write_number_with_format(row, c, p / 100.0, &s.percent)?;
        }
        Cell::Statistic(Some(v)) => {
            ws.write_number_with_format(row, c, *v, &s.statistic)?;
        }
        Cell::Interval(_) => text(ws, &super::text(cell))?,
        Cell::Suppressed(_) => {
            ws.write_blank(row, c, &s.suppressed)?;
            ws.insert_note(row, c, &note(suppressed_note(cell)))?;
        }
        Cell::Withheld if numeric => {
            ws.write_blank(row, c, &s.suppressed)?;
            ws.insert_note(row, c, &note(suppressed_note(cell)))?;
        }
        Cell::Withheld => {
            ws.write_string_with_format(row, c, crate::table::suppress::WITHHELD, &s.suppressed)?;
        }
        Cell::Empty => {}
        Cell::Text(_) | Cell::CaseList(_) | Cell::List(_) | Cell::Statistic(None) => {
            text(ws, &super::text(cell))?;
        }
    }
    Ok(())
}

/// Column `i` as Excel numbers it (checked against the limit by [`fits`]).
fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Column widths in characters: the longest line of the column's cells or
/// the longest word of its header, at least 6 and at most [`MAX_WIDTH`]
/// (longer text wraps).
fn widths(table: &Table) -> Vec<usize> {
    (0..table.columns.len())
        .map(|i| {
            let (label, _) = super::header_parts(&table.columns[i]);
            let header = label
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            let cells = table
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i).map(|c| (r.depth, c)))
                .map(|(depth, c)| {
                    let indent = if i == 0 { 2 * depth } else { 0 };
                    indent
                        + super::text(c)
                            .lines()
                            .map(|l| l.chars().count())
                            .max()
                            .unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            header.max(cells).clamp(6, MAX_WIDTH) + 2
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::render::tests::sample;
    use crate::table::{Column, Row};

    fn bytes(t: &Table) -> Vec<u8> {
        let mut out = Vec::new();
        render(t, &mut out).unwrap();
        out
    }

    fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
    }

    /// The text of one part of the workbook (its zip entry).
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// A cross-tab by site with two groups, one too small to show.
    fn cross_tab() -> Table {
        Table {
            title: "Motivators by site (n=9)".into(),
            columns: vec![
                Column::text("code", "Code"),
                Column::group("Folkestone", 6),
                Column::group("Dover", 3),
                Column::total(9),
                Column::number("percent", "% of cases"),
            ],
            rows: vec![
                Row {
                    depth: 0,
                    cells: vec![
                        Cell::Text("Finance".into()),
                        Cell::Count(5),
                        Cell::Count(2),
                        Cell::Count(7),
                        Cell::Percent(700.0 / 9.0),
                    ],
                },
                Row {
                    depth: 1,
                    cells: vec![
                        Cell::Text("=HYPERLINK(\"http://x\",\"pay\")".into()),
                        Cell::Count(6),
                        Cell::Count(0),
                        Cell::Count(6),
                        Cell::Percent(200.0 / 3.0),
                    ],
                },
            ],
            footnotes: vec!["Counts are of cases.".into()],
        }
    }

    #[test]
    fn cells_are_typed_and_the_layout_is_title_header_n_rows_notes() {
        let book = bytes(&cross_tab());
        let mut x = open(&book);
        assert_eq!(x.sheet_names(), ["Motivators by site (n=9)"]);
        let grid = x.worksheet_range("Motivators by site (n=9)").unwrap();
        let at = |r, c| grid.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(at(0, 0), Data::String("Motivators by site (n=9)".into()));
        assert_eq!(at(1, 0), Data::Empty);
        // Plain names in the header, the n in a row of its own.
        let header: Vec<Data> = (0..5).map(|c| at(2, c)).collect();
        assert_eq!(
            header,
            ["Code", "Folkestone", "Dover", "Total", "% of cases"].map(|s| Data::String(s.into()))
        );
        assert_eq!(at(3, 0), Data::String("n".into()));
        assert_eq!(at(3, 1), Data::Float(6.0));
        assert_eq!(at(3, 3), Data::Float(9.0));
        assert_eq!(at(3, 4), Data::Empty);
        // Numbers are numbers; a percentage is a fraction.
        assert_eq!(at(4, 1), Data::Float(5.0));
        let Data::Float(share) = at(4, 4) else {
            panic!("not a number")
        };
        assert!((share - 7.0 / 9.0).abs() < 1e-12);
        assert_eq!(at(7, 0), Data::String("Counts are of cases.".into()));
        let styles = x.worksheet_style("Motivators by site (n=9)").unwrap();
        let format = |r, c| {
            styles
                .get((r, c))
                .and_then(|s| s.number_format.clone())
                .map(|f| f.format_code)
        };
        assert_eq!(format(4, 4).as_deref(), Some("0%"));
        assert_eq!(format(4, 1).as_deref(), Some("0"));
        let header_font = styles.get((2, 1)).and_then(|s| s.font.clone()).unwrap();
        assert!(header_font.is_bold());
        let sheet = part(&book, "xl/worksheets/sheet1.xml");
        // The frozen header and the indented child row.
        assert!(
            sheet.contains("<pane ySplit=\"4\" topLeftCell=\"A5\""),
            "{sheet}"
        );
        let indent = styles
            .get((5, 0))
            .and_then(|s| s.alignment.clone())
            .unwrap();
        assert_eq!(indent.indent, Some(1));
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        let book = bytes(&cross_tab());
        let mut x = open(&book);
        let name = "Motivators by site (n=9)";
        let grid = x.worksheet_range(name).unwrap();
        assert_eq!(
            grid.get_value((5, 0)),
            Some(&Data::String("=HYPERLINK(\"http://x\",\"pay\")".into()))
        );
        let formulas = x.worksheet_formula(name).unwrap();
        assert!(formulas.used_cells().next().is_none());
        assert!(!part(&book, "xl/worksheets/sheet1.xml").contains("<f>"));
    }

    #[test]
    fn suppressed_cells_are_blank_grey_and_say_why_in_a_note() {
        let mut t = cross_tab();
        t.suppress(5);
        let book = bytes(&t);
        let mut x = open(&book);
        let name = x.sheet_names()[0].clone();
        let grid = x.worksheet_range(&name).unwrap();
        let at = |r, c| grid.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        // Dover's n of 3 and its count of 2 are hidden, with the percentage
        // beside the 2; no "<5" string sits among the numbers.
        assert_eq!(at(2, 2), Data::String("Dover".into()));
        assert_eq!(at(3, 2), Data::Empty);
        assert_eq!(at(4, 2), Data::Empty);
        assert_eq!(at(4, 4), Data::Empty);
        assert_eq!(at(4, 1), Data::Float(5.0));
        assert_eq!(at(5, 2), Data::Float(0.0));
        let styles = x.worksheet_style(&name).unwrap();
        for (r, c) in [(3, 2), (4, 2), (4, 4)] {
            let fill = styles.get((r, c)).and_then(|s| s.fill.clone());
            assert!(fill.is_some_and(|f| f.is_visible()), "({r}, {c})");
        }
        assert!(
            styles
                .get((4, 1))
                .and_then(|s| s.fill.clone())
                .is_none_or(|f| !f.is_visible())
        );
        let notes = part(&book, "xl/comments1.xml");
        assert_eq!(notes.matches("<comment ref=").count(), 3, "{notes}");
        assert!(notes.contains("ref=\"C4\""));
        assert!(notes.contains("Suppressed (&lt;5): a count from 1 to 4"));
        assert!(notes.contains("(suppressed): withheld by disclosure control"));
        let footnotes: Vec<Data> = (7..10).map(|r| at(r, 0)).collect();
        assert!(
            matches!(&footnotes[1], Data::String(s) if s.starts_with("Disclosure control")),
            "{footnotes:?}"
        );
        assert_eq!(footnotes[2], Data::String(SUPPRESSED_NOTE.into()));
    }

    #[test]
    fn statistics_lists_and_case_lists_are_written_as_read() {
        let mut x = open(&bytes(&sample()));
        let name = x.sheet_names()[0].clone();
        let grid = x.worksheet_range(&name).unwrap();
        assert_eq!(
            grid.get_value((3, 3)),
            Some(&Data::String("F1, F10".into()))
        );
        // No group: no n row, data straight under the header.
        assert_eq!(grid.get_value((3, 1)), Some(&Data::Float(9.0)));
        let t = Table {
            title: "Agreement".into(),
            columns: vec![Column::number("k", "Kappa"), Column::text("l", "Items")],
            rows: vec![Row {
                depth: 0,
                cells: vec![
                    Cell::Statistic(Some(0.4)),
                    Cell::List(vec!["a, b".into(), "c".into()]),
                ],
            }],
            footnotes: vec![],
        };
        let mut x = open(&bytes(&t));
        let grid = x.worksheet_range("Agreement").unwrap();
        assert_eq!(grid.get_value((3, 0)), Some(&Data::Float(0.4)));
        assert_eq!(
            grid.get_value((3, 1)),
            Some(&Data::String("a, b\nc".into()))
        );
    }

    #[test]
    fn the_same_table_gives_the_same_bytes() {
        assert_eq!(bytes(&cross_tab()), bytes(&cross_tab()));
    }

    #[test]
    fn text_longer_than_a_cell_holds_is_cut_with_a_mark() {
        let long = "é".repeat(MAX_CELL_CHARS + 10);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with("longer than an Excel cell holds]"));
        assert_eq!(fit("short"), "short");
        let t = Table {
            title: "Long".into(),
            columns: vec![Column::text("q", "Quote")],
            rows: vec![Row {
                depth: 0,
                cells: vec![Cell::Text(long)],
            }],
            footnotes: vec![],
        };
        let mut x = open(&bytes(&t));
        let grid = x.worksheet_range("Long").unwrap();
        let Some(Data::String(s)) = grid.get_value((3, 0)) else {
            panic!("no text")
        };
        assert_eq!(s.chars().count(), MAX_CELL_CHARS);
    }

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let long = "Motivating factors for returning to work: cases mentioning each code";
        let names = sheet_names(&[
            long,
            long,
            "a/b\\c[d]e:f*g?h",
            "'quoted'",
            "",
            "History",
            "TABLE",
        ]);
        assert_eq!(names[0], "Motivating… each code");
        assert_eq!(names[1], "Motivating… each code (2)");
        assert_eq!(names[2], "a b c d e f g h");
        assert_eq!(names[3], "quoted");
        assert_eq!(names[4], "Table");
        assert_eq!(names[5], "Table (2)");
        assert_eq!(names[6], "TABLE (3)");
        for n in &names {
            assert!(n.chars().count() <= 31, "{n}");
        }
        assert_eq!(
            sheet_names(&[
                "3 Methods of recruitment: cases by site",
                "Sample profile (n=12)",
                "Service evaluations and the client–case manager relationship: cases by site (n=12)",
                &"x".repeat(40),
            ]),
            [
                "3 Methods of… cases by site",
                "Sample profile (n=12)",
                "Service… cases by site",
                &"x".repeat(31),
            ]
        );
        // Excel accepts every one.
        let t = sample();
        let sheets: Vec<Sheet<'_>> = names.iter().map(|name| Sheet { name, table: &t }).collect();
        let book = workbook(&sheets).unwrap();
        assert_eq!(open(&book).sheet_names(), names);
    }
}
