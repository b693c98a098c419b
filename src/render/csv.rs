//! CSV: a header row of plain column names (`Folkestone`), then, when the
//! table has groups, a row `n` holding each group's n (`<K` when
//! suppressed), then one record per row. Numbers are plain; percentages
//! have one decimal; case lists are comma-separated; the items of a list
//! cell are one per line within the field. A text cell a spreadsheet would
//! run as a formula is neutralised (a leading `'`) unless `--raw-csv`. A
//! UTF-8 byte-order mark comes first when asked (`--bom`, the default for
//! `-o FILE`). See docs/SPREADSHEETS.md.

use std::io::{self, Write};

use super::CsvOptions;
use super::sanitize::csv_cell;
use crate::table::{Cell, Table};

/// The UTF-8 byte-order mark.
const BOM: &[u8] = "\u{feff}".as_bytes();

pub(super) fn render(table: &Table, opts: CsvOptions, out: &mut dyn Write) -> io::Result<()> {
    if opts.bom {
        out.write_all(BOM)?;
    }
    // Text cells and headers are guarded; numbers are numbers already.
    let guard = |s: String| {
        if opts.raw {
            s
        } else {
            csv_cell(&s).into_owned()
        }
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    let parts: Vec<_> = table.columns.iter().map(super::header_parts).collect();
    w.write_record(parts.iter().map(|(label, _)| guard((*label).to_owned())))
        .map_err(io_error)?;
    if parts.iter().any(|(_, n)| n.is_some()) {
        w.write_record(parts.iter().enumerate().map(|(i, (_, n))| match n {
            Some(n) => super::text(n),
            None if i == 0 => "n".to_owned(),
            None => String::new(),
        }))
        .map_err(io_error)?;
    }
    for row in &table.rows {
        w.write_record(row.cells.iter().map(|cell| match cell {
            Cell::Percent(p) => crate::table::round_half_up(*p, 1),
            Cell::Count(_) | Cell::Statistic(_) => super::text(cell),
            other => guard(super::text(other)),
        }))
        .map_err(io_error)?;
    }
    w.flush()
}

/// The I/O error inside a CSV error, so that a closed pipe stays a closed
/// pipe (and exits quietly) rather than becoming an opaque error.
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use crate::render::tests::to_string;
    use crate::render::{CsvOptions, Format};
    use crate::table::{Cell, Column, Row, Table};

    #[test]
    fn csv_quotes_and_keeps_numbers_plain() {
        assert_eq!(
            to_string(Format::Csv, None),
            "Code,Cases (n),% of cases,Mentioned by\n\
             Extrinsic,9,75.0,\"F1, F10\"\n\
             \"Finance, \"\"money\"\" | pay\",8,66.7,\n"
        );
    }

    fn csv(t: &Table, opts: CsvOptions) -> String {
        let mut out = Vec::new();
        super::render(t, opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn cross_tab() -> Table {
        Table {
            title: "By site".into(),
            columns: vec![
                Column::text("code", "Code"),
                Column::group("Folkestone", 6),
                Column::group("Dover", 3),
                Column::total(9),
            ],
            rows: vec![Row {
                depth: 0,
                cells: vec![
                    Cell::Text("Finance".into()),
                    Cell::Count(5),
                    Cell::Count(2),
                    Cell::Count(7),
                ],
            }],
            footnotes: vec![],
        }
    }

    #[test]
    fn the_groups_n_is_a_row_of_its_own_not_in_the_header() {
        assert_eq!(
            csv(&cross_tab(), CsvOptions::default()),
            "Code,Folkestone,Dover,Total\nn,6,3,9\nFinance,5,2,7\n"
        );
        let mut t = cross_tab();
        t.suppress(5);
        assert_eq!(
            csv(&t, CsvOptions::default()),
            "Code,Folkestone,Dover,Total\nn,6,<5,9\nFinance,5,<5,7\n"
        );
    }

    #[test]
    fn a_byte_order_mark_comes_first_only_when_asked() {
        let with = csv(
            &cross_tab(),
            CsvOptions {
                bom: true,
                ..CsvOptions::default()
            },
        );
        assert!(with.starts_with("\u{feff}Code,"));
        assert_eq!(with.matches('\u{feff}').count(), 1);
        assert!(csv(&cross_tab(), CsvOptions::default()).starts_with("Code,"));
    }
}
