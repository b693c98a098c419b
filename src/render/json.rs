//! JSON: `{title, columns: [{key, header, n?}], rows: [{depth, cells: {key:
//! value}}], footnotes}`. Counts are numbers, case lists arrays.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use crate::table::{Cell, Table};

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Count(n) => json!(n),
        Cell::Percent(p) => json!((p * 10.0).round() / 10.0),
        Cell::CaseList(ids) | Cell::List(ids) => json!(ids),
        Cell::Statistic(Some(v)) => json!((v * 1000.0).round() / 1000.0 + 0.0),
        Cell::Suppressed(k) => json!(format!("<{k}")),
        Cell::Withheld => json!(crate::table::suppress::WITHHELD),
        Cell::Interval(Some((low, high))) => json!([
            (low * 1000.0).round() / 1000.0 + 0.0,
            (high * 1000.0).round() / 1000.0 + 0.0
        ]),
        Cell::Statistic(None) | Cell::Interval(None) | Cell::Empty => Value::Null,
    }
}

pub(super) fn render(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let columns: Vec<Value> = table
        .columns
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("key".into(), json!(c.key));
            m.insert("header".into(), json!(c.header));
            if let Some(n) = c.n {
                m.insert("n".into(), json!(n));
            }
            Value::Object(m)
        })
        .collect();
    let rows: Vec<Value> = table
        .rows
        .iter()
        .map(|r| {
            let cells: Map<String, Value> = table
                .columns
                .iter()
                .zip(&r.cells)
                .map(|(c, cell)| (c.key.clone(), value(cell)))
                .collect();
            json!({ "depth": r.depth, "cells": cells })
        })
        .collect();
    let doc = json!({
        "title": table.title,
        "columns": columns,
        "rows": rows,
        "footnotes": table.footnotes,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use crate::render::Format;
    use crate::render::tests::to_string;

    #[test]
    fn json_keeps_types_and_column_order() {
        let s = to_string(Format::Json, None);
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["rows"][0]["cells"]["n"], 9);
        assert_eq!(v["rows"][1]["cells"]["percent"], 66.7);
        assert_eq!(v["rows"][0]["cells"]["mentioned_by"][1], "F10");
        assert_eq!(v["rows"][1]["depth"], 1);
        assert!(s.find("\"code\"").unwrap() < s.find("\"mentioned_by\"").unwrap());
    }
}
