//! A boxed, wrapped table for people at a terminal (comfy-table).

use std::io::{self, Write};

use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, Table as Comfy, Width, presets,
};

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
    // Never break a word (a case id, a file:line, a code id) across lines,
    // unless it is too long to be read as a word anyway.
    for (i, width) in longest_words(table).into_iter().enumerate() {
        if let Some(column) = t.column_mut(i) {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
        }
    }
    writeln!(out, "{}", table.title)?;
    writeln!(out, "{t}")?;
    for note in &table.footnotes {
        writeln!(out, "Note: {note}")?;
    }
    Ok(())
}

/// Per column, the display width of its longest word, capped at 32.
fn longest_words(table: &Table) -> Vec<u16> {
    let mut widths: Vec<usize> = table
        .columns
        .iter()
        .map(|c| {
            c.header
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &table.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            let indent = if i == 0 { 2 * row.depth } else { 0 };
            let longest = text(cell)
                .split_whitespace()
                .map(|w| w.chars().count())
                .max();
            widths[i] = widths[i].max(indent + longest.unwrap_or(0));
        }
    }
    // comfy-table counts the one-space padding on each side.
    widths
        .into_iter()
        .map(|w| u16::try_from(w.min(32) + 2).unwrap_or(34))
        .collect()
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
