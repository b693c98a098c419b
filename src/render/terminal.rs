//! A boxed, wrapped table for people at a terminal (comfy-table). Every
//! piece of text is escaped ([`super::sanitize::terminal`]) before it is
//! measured or drawn.

use std::io::{self, Write};

use comfy_table::{
    Attribute, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table as Comfy, Width,
    presets,
};

use super::sanitize::terminal as inert;
use super::{RenderOptions, text};
use crate::table::{Cell, Table};

pub(super) fn render(table: &Table, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let width = opts.width.unwrap_or(100);
    // Leave out reference columns (code ids) when the table would not fit.
    let keep: Vec<usize> = if natural_width(table) > usize::from(width) {
        (0..table.columns.len())
            .filter(|&i| !table.columns[i].secondary)
            .collect()
    } else {
        (0..table.columns.len()).collect()
    };
    let mut t = Comfy::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(width);
    if opts.color {
        t.enforce_styling();
    }
    t.set_header(
        keep.iter()
            .map(|&i| inert(&table.columns[i].header).into_owned()),
    );
    for row in &table.rows {
        let cells = keep.iter().map(|&i| {
            let mut s = shown(&row.cells[i]);
            if i == 0 && row.depth > 0 {
                // No-break spaces: comfy-table wraps at ' ' and would drop
                // an ordinary indent when a long label wraps.
                s = format!("{}{s}", "\u{a0}\u{a0}".repeat(row.depth));
            }
            let mut c = comfy_table::Cell::new(s);
            if table.columns[i].numeric {
                c = c.set_alignment(CellAlignment::Right);
            }
            if opts.color && table.columns[i].emphasis {
                c = c.fg(Color::Red).add_attribute(Attribute::Bold);
            }
            c
        });
        t.add_row(cells);
    }
    // Never break a word (a case id, a file:line, a code id) across lines,
    // unless it is too long to be read as a word anyway.
    let words = longest_words(table);
    for (k, &i) in keep.iter().enumerate() {
        if let Some(column) = t.column_mut(k) {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(words[i])));
        }
    }
    writeln!(out, "{}", inert(&table.title))?;
    writeln!(out, "{t}")?;
    for note in &table.footnotes {
        writeln!(out, "Note: {}", inert(&note.to_string()))?;
    }
    if keep.len() < table.columns.len() {
        let hidden: Vec<std::borrow::Cow<str>> = (0..table.columns.len())
            .filter(|i| !keep.contains(i))
            .map(|i| inert(&table.columns[i].header))
            .collect();
        writeln!(
            out,
            "Note: {} column left out to fit {width} columns; --format csv or a wider terminal shows it.",
            hidden.join(", ")
        )?;
    }
    Ok(())
}

/// A cell as shown: the items of a list one per line, each after a bullet
/// so that a wrapped item still reads as one; control characters escaped.
fn shown(cell: &Cell) -> String {
    let s = match cell {
        Cell::List(items) => items
            .iter()
            .map(|s| format!("• {s}"))
            .collect::<Vec<_>>()
            .join("\n"),
        other => text(other),
    };
    inert(&s).into_owned()
}

/// The width the table needs with no wrapping at all.
fn natural_width(table: &Table) -> usize {
    let mut widths: Vec<usize> = table
        .columns
        .iter()
        .map(|c| inert(&c.header).chars().count())
        .collect();
    for row in &table.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            let indent = if i == 0 { 2 * row.depth } else { 0 };
            let longest = shown(cell).lines().map(|l| l.chars().count()).max();
            widths[i] = widths[i].max(indent + longest.unwrap_or(0));
        }
    }
    widths.iter().map(|w| w + 3).sum::<usize>() + 1
}

/// Per column, the display width of its longest word, capped at 48.
fn longest_words(table: &Table) -> Vec<u16> {
    let mut widths: Vec<usize> = table
        .columns
        .iter()
        .map(|c| {
            inert(&c.header)
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &table.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            let indent = if i == 0 { 2 * row.depth } else { 0 };
            let longest = shown(cell)
                .split_whitespace()
                .map(|w| w.chars().count())
                .max();
            widths[i] = widths[i].max(indent + longest.unwrap_or(0));
        }
    }
    // comfy-table counts the one-space padding on each side.
    widths
        .into_iter()
        .map(|w| u16::try_from(w.min(48) + 2).unwrap_or(50))
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
        assert!(s.contains("│ \u{a0}\u{a0}Finance"), "{s}");
        assert!(s.contains("┆        67% ┆"), "{s}");
        assert!(s.ends_with("Note: Indicative only.\n"), "{s}");
        assert!(s.lines().all(|l| l.chars().count() <= 80), "{s}");
    }

    #[test]
    fn emphasis_is_highlighted_only_with_colour() {
        let mut t = crate::render::tests::sample();
        t.columns[0] = t.columns[0].clone().emphasis();
        let render = |color| {
            let mut out = Vec::new();
            super::render(
                &t,
                &crate::render::RenderOptions {
                    width: Some(100),
                    color,
                    ..Default::default()
                },
                &mut out,
            )
            .unwrap();
            String::from_utf8(out).unwrap()
        };
        let plain = render(false);
        assert!(!plain.contains('\x1b'), "{plain}");
        let coloured = render(true);
        assert!(coloured.contains("\x1b[1m"), "{coloured:?}");
        assert!(coloured.contains("Extrinsic"), "{coloured}");
    }

    #[test]
    fn narrow_terminal_keeps_indent_of_wrapped_labels_and_drops_ids() {
        let mut t = crate::render::tests::sample();
        t.columns
            .push(crate::table::Column::text("id", "Id").secondary());
        t.rows[0]
            .cells
            .push(crate::table::Cell::Text("m.extrinsic".into()));
        t.rows[1].cells[0] = crate::table::Cell::Text("Family or significant others".into());
        t.rows[1]
            .cells
            .push(crate::table::Cell::Text("m.extrinsic.family".into()));
        let mut out = Vec::new();
        super::render(
            &t,
            &crate::render::RenderOptions {
                width: Some(50),
                ..Default::default()
            },
            &mut out,
        )
        .unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("│ \u{a0}\u{a0}Family"), "{s}");
        assert!(!s.contains("m.extrinsic"), "{s}");
        assert!(
            s.contains("Note: Id column left out to fit 50 columns"),
            "{s}"
        );
        // Wide enough: the ids stay.
        let mut out = Vec::new();
        super::render(
            &t,
            &crate::render::RenderOptions {
                width: Some(120),
                ..Default::default()
            },
            &mut out,
        )
        .unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("m.extrinsic.family")
        );
    }
}
