//! `qualcode check --format json`: the check report as one JSON object,
//! in the schema docs/FORMATS.md gives. Computes nothing.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::{DocumentCheck, Report};

/// Write `report` as JSON to `out`.
pub fn json(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let documents: Vec<Value> = report.documents.iter().map(document).collect();
    let cases: Vec<Value> = report
        .cases
        .iter()
        .map(|c| {
            let attributes: Map<String, Value> = c
                .attributes
                .iter()
                .map(|(name, a)| (name.clone(), Value::String(a.value.clone())))
                .collect();
            json!({"id": c.id, "attributes": attributes})
        })
        .collect();
    let problems: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let at = e.location();
            json!({
                "file": at.map(|l| l.path.to_string_lossy().replace('\\', "/")),
                "line": at.and_then(|l| l.line),
                "column": at.and_then(|l| l.column),
                "code": e.code(),
                "message": e.message(),
            })
        })
        .collect();
    let value = json!({
        "documents": documents,
        "cases": cases,
        "problems": problems,
        "notes": report.notes.iter().filter(|n| !n.is_about_a_document()).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}

fn document(d: &DocumentCheck) -> Value {
    let speakers: Vec<Value> = d
        .speakers
        .iter()
        .map(|s| {
            json!({
                "label": s.label,
                "case": s.case,
                "role": s.role(),
                "detected": s.detected,
                "reason": s.reason,
                "turns": s.turns,
            })
        })
        .collect();
    json!({
        "path": d.path,
        "format": d.format,
        "encoding": d.encoding,
        "speakers": speakers,
        "notes": d.notes,
    })
}
