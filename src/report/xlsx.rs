//! The report as an Excel workbook (`qualcode report --xlsx FILE`): a
//! `Contents` sheet (the title, what was read, and which sheet holds which
//! table), one sheet per table of the report in its order, and a `Quotes`
//! sheet with every quote (code, group, quote, attribution, source). Each
//! sheet is written as `-f xlsx` writes a table (see
//! [`crate::render::workbook`]); every text is redacted first. The charts
//! and the appendix stay in the HTML report.

use super::{Block, Report};
use crate::Result;
use crate::table::{Cell, Column, Row, Table};

/// The tables of `report`, in order, as the workbook holds them: the
/// contents first, then each table, then the quotes (if any); redacted.
pub fn tables(report: &Report) -> Vec<(String, Table)> {
    let mut tables: Vec<Table> = Vec::new();
    let mut quotes = Vec::new();
    for section in &report.sections {
        for block in &section.blocks {
            match block {
                Block::Table(t) => tables.push(t.table.clone()),
                Block::Quotes(list) => {
                    for (group, items) in &list.groups {
                        for q in items {
                            quotes.push(Row {
                                depth: 0,
                                cells: vec![
                                    Cell::Text(list.heading.clone()),
                                    Cell::Text(group.clone().unwrap_or_default()),
                                    Cell::Text(q.text.clone()),
                                    Cell::Text(q.attribution.clone()),
                                    Cell::Text(q.source.clone()),
                                ],
                            });
                        }
                    }
                }
                Block::Heading(_) | Block::Text(_) | Block::Chart(_) => {}
            }
        }
    }
    let mut titles: Vec<String> = vec!["Contents".to_owned()];
    titles.extend(
        tables
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{} {}", i + 1, t.title)),
    );
    if !quotes.is_empty() {
        titles.push("Quotes".to_owned());
        tables.push(Table {
            title: format!("{}: quotes", report.title),
            columns: vec![
                Column::text("code", "Code"),
                Column::text("group", "Group"),
                Column::text("quote", "Quote"),
                Column::text("attribution", "Attribution"),
                Column::text("source", "Source"),
            ],
            rows: quotes,
            footnotes: Vec::new(),
        });
    }
    let names = crate::render::sheet_names(&titles.iter().map(String::as_str).collect::<Vec<_>>());
    let contents = Table {
        title: report.title.clone(),
        columns: vec![
            Column::text("sheet", "Sheet"),
            Column::text("table", "Table"),
        ],
        rows: names[1..]
            .iter()
            .zip(&tables)
            .map(|(name, t)| Row {
                depth: 0,
                cells: vec![Cell::Text(name.clone()), Cell::Text(t.title.clone())],
            })
            .collect(),
        footnotes: report.facts.iter().map(|f| f.as_str().into()).collect(),
    };
    std::iter::once(contents)
        .chain(tables)
        .zip(names)
        .map(|(t, name)| (name, report.redactor.table(&t)))
        .collect()
}

/// The workbook of `report`, as bytes, and its number of sheets.
pub fn write(report: &Report) -> Result<(Vec<u8>, usize)> {
    let tables = tables(report);
    let sheets: Vec<crate::render::Sheet<'_>> = tables
        .iter()
        .map(|(name, table)| crate::render::Sheet { name, table })
        .collect();
    Ok((crate::render::workbook(&sheets)?, sheets.len()))
}
