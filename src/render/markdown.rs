//! Markdown: a bold title, a GitHub table and the notes, ready to paste
//! into a report. Nested rows are indented with no-break spaces; the items
//! of a list cell are separated by `<br>`.

use std::io::{self, Write};

use crate::table::{Cell, Table};

fn escape(s: &str) -> String {
    super::sanitize::terminal(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

pub(super) fn render(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "**{}**\n", escape(&table.title))?;
    let headers: Vec<String> = table.columns.iter().map(|c| escape(&c.header)).collect();
    writeln!(out, "| {} |", headers.join(" | "))?;
    let rule: Vec<&str> = table
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for row in &table.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let s = match cell {
                    // One item per line: a table cell cannot hold a newline.
                    Cell::List(items) => items
                        .iter()
                        .map(|s| escape(s))
                        .collect::<Vec<_>>()
                        .join("<br>"),
                    _ => escape(&super::text(cell)),
                };
                if i == 0 && row.depth > 0 {
                    format!("{}{s}", "\u{a0}\u{a0}".repeat(row.depth))
                } else {
                    s
                }
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    for note in &table.footnotes {
        writeln!(out, "\n_Note: {}_", escape(&note.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::render::Format;
    use crate::render::tests::to_string;

    #[test]
    fn markdown_escapes_pipes_and_right_aligns_numbers() {
        assert_eq!(
            to_string(Format::Markdown, None),
            "**Motivators: cases mentioning each code (n=12)**\n\n\
             | Code | Cases (n) | % of cases | Mentioned by |\n\
             | --- | ---: | ---: | --- |\n\
             | Extrinsic | 9 | 75% | F1, F10 |\n\
             | \u{a0}\u{a0}Finance, \"money\" \\| pay | 8 | 67% |  |\n\
             \n_Note: Indicative only._\n"
        );
    }
}
