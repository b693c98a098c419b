//! CSV: a header row of column headers, then one record per row. Numbers are
//! plain; percentages have one decimal; case lists are comma-separated;
//! the items of a list cell are one per line within the field. A text cell
//! a spreadsheet would run as a formula is neutralised (a leading `'`)
//! unless `--raw-csv`.

use std::io::{self, Write};

use super::RenderOptions;
use super::sanitize::csv_cell;
use crate::table::{Cell, Table};

pub(super) fn render(table: &Table, opts: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    // Text cells and headers are guarded; numbers are numbers already.
    let guard = |s: String| {
        if opts.raw_csv {
            s
        } else {
            csv_cell(&s).into_owned()
        }
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(table.columns.iter().map(|c| guard(c.header.clone())))
        .map_err(io_error)?;
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
    use crate::render::Format;
    use crate::render::tests::to_string;

    #[test]
    fn csv_quotes_and_keeps_numbers_plain() {
        assert_eq!(
            to_string(Format::Csv, None),
            "Code,Cases (n),% of cases,Mentioned by\n\
             Extrinsic,9,75.0,\"F1, F10\"\n\
             \"Finance, \"\"money\"\" | pay\",8,66.7,\n"
        );
    }
}
