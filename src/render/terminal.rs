//! A boxed, wrapped table for people at a terminal (comfy-table).

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table as Comfy, presets};

use super::{RenderOptions, text};
use crate::table::Table;

pub(super) fn render(table: &Table, opts: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut t = Comfy::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(opts.width.unwrap_or(100));
    t.set_header(table.columns.iter().map(|c| c.header.clone()));
    for row in &table.rows {
        let cells = row.cells.iter().enumerate().map(|(i, cell)| {
            let mut s = text(cell);
            if i == 0 && row.depth > 0 {
                s = format!("{}{s}", "  ".repeat(row.depth));
            }
            let mut c = comfy_table::Cell::new(s);
            if table.columns[i].numeric {
                c = c.set_alignment(CellAlignment::Right);
            }
            c
        });
        t.add_row(cells);
    }
    writeln!(out, "{}", table.title)?;
    writeln!(out, "{t}")?;
    for note in &table.footnotes {
        writeln!(out, "Note: {note}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::render::Format;
    use crate::render::tests::to_string;

    #[test]
    fn terminal_table_has_title_indent_and_notes() {
        let s = to_string(Format::Table, Some(80));
        assert!(
            s.starts_with("Motivators: cases mentioning each code (n=12)\n┌"),
            "{s}"
        );
        assert!(s.contains("│   Finance"), "{s}");
        assert!(s.contains("┆        67% ┆"), "{s}");
        assert!(s.ends_with("Note: Indicative only.\n"), "{s}");
        assert!(s.lines().all(|l| l.chars().count() <= 80), "{s}");
    }
}
