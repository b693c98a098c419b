//! `codings list` as a [`Table`]: the effective codings, or one coder's
//! rows, filtered by code, document, source and case attributes. Computes
//! the table only; rendering is the renderers' job.

use super::store::ManualRow;
use super::{Coding, Source};
use crate::codebook::{CodeIx, CodeScope, CodeSet};
use crate::ingest::Corpus;
use crate::model::{Cell, Column, Row, Table};
use crate::project::Filter;
use crate::{Error, Result};

/// Which codings to list.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// A code id, codebook name or id prefix: that code and those below it.
    pub code: Option<String>,
    /// Only this document.
    pub document: Option<String>,
    /// Only auto or only manual codings (effective codings only).
    pub source: Option<Source>,
    /// Which cases.
    pub filter: Filter,
}

impl ListOptions {
    /// Check the options name a code, document and attributes that exist;
    /// the codes listed.
    pub fn validate(&self, corpus: &Corpus, codes: &CodeSet) -> Result<CodeScope> {
        let scope = codes.require_scope(self.code.as_deref())?;
        if let Some(doc) = &self.document
            && corpus.outline(doc).is_none()
        {
            let names: Vec<&str> = corpus.outlines.iter().map(|o| o.path.as_str()).collect();
            return Err(Error::usage(format!(
                "unknown document '{doc}': the project's transcripts are {}",
                names.join(", ")
            )));
        }
        self.filter.validate(corpus)?;
        Ok(scope)
    }

    /// Whether a coding of code number `code` (`None`: not loaded) in
    /// `document` for `case` is listed, `scope` being the codes listed
    /// ([`ListOptions::validate`]).
    pub fn accepts(
        &self,
        corpus: &Corpus,
        scope: CodeScope,
        (document, case): (&str, &str),
        code: Option<CodeIx>,
    ) -> bool {
        scope.contains(code)
            && self.document.as_deref().is_none_or(|d| d == document)
            && (self.filter.conditions.is_empty()
                || corpus
                    .cases
                    .get(case)
                    .is_some_and(|c| self.filter.accepts(c)))
    }
}

/// The effective `codings` that `opts` selects, one row each.
pub fn effective(
    codings: &[Coding],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &ListOptions,
) -> Result<Table> {
    let scope = opts.validate(corpus, codes)?;
    let table = codes.table();
    let rows: Vec<Row> = codings
        .iter()
        .filter(|c| opts.source.is_none_or(|s| s == c.source))
        .filter(|c| {
            opts.accepts(
                corpus,
                scope,
                (&c.document, &c.case),
                table.nearest(&c.code),
            )
        })
        .map(|c| Row {
            depth: 0,
            cells: vec![
                Cell::Text(c.document.clone()),
                Cell::Text(c.case.clone()),
                Cell::Count(c.segment),
                Cell::Count(c.line_start),
                Cell::Count(c.line_end),
                Cell::Text(c.code.to_string()),
                Cell::Text(label(codes, &c.code)),
                Cell::Text(c.source.as_str().to_owned()),
                Cell::Text(c.coder.as_column().to_owned()),
                Cell::Text(c.matched.clone()),
                Cell::Text(c.memo.clone()),
            ],
        })
        .collect();
    let columns = vec![
        Column::text("document", "document"),
        Column::text("case", "case"),
        Column::number("segment", "segment"),
        Column::number("line_start", "line_start"),
        Column::number("line_end", "line_end"),
        Column::text("code", "code"),
        Column::text("label", "label").secondary(),
        Column::text("source", "source"),
        Column::text("coder", "coder"),
        Column::text("match", "match"),
        Column::text("memo", "memo"),
    ];
    let mut footnotes = vec![format!(
        "{}: auto codings less coders' rejects, plus their adds.",
        crate::natural::count(rows.len(), "effective coding")
    )];
    footnotes.extend(opts.filter.describe());
    Ok(Table {
        title: "Codings".to_owned(),
        columns,
        rows,
        footnotes: footnotes.into_iter().map(Into::into).collect(),
    })
}

/// One coder's `rows` (already checked by the merge) that `opts` selects,
/// in file order, each with the participant turn its line falls in.
pub fn coder(
    coder: &str,
    rows: &[ManualRow],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &ListOptions,
) -> Result<Table> {
    let scope = opts.validate(corpus, codes)?;
    let mut out = Vec::new();
    for r in rows {
        let Some(segment) = corpus
            .outline(&r.document)
            .and_then(|o| o.segment_at(r.line))
        else {
            continue; // the merge has already refused such a row
        };
        if !opts.accepts(
            corpus,
            scope,
            (&r.document, &segment.case),
            codes.table().nearest(&r.code),
        ) {
            continue;
        }
        out.push(Row {
            depth: 0,
            cells: vec![
                Cell::Count(r.location.line.unwrap_or(0)),
                Cell::Text(r.document.clone()),
                Cell::Count(r.line),
                Cell::Text(segment.case.clone()),
                Cell::Count(segment.ordinal),
                Cell::Text(r.code.clone()),
                Cell::Text(label(codes, &r.code)),
                Cell::Text(r.action.as_str().to_owned()),
                Cell::Text(r.memo.clone()),
            ],
        });
    }
    let columns = vec![
        Column::number("row", "row"),
        Column::text("document", "document"),
        Column::number("line", "line"),
        Column::text("case", "case"),
        Column::number("segment", "segment"),
        Column::text("code", "code"),
        Column::text("label", "label").secondary(),
        Column::text("action", "action"),
        Column::text("memo", "memo"),
    ];
    let mut footnotes = vec![format!(
        "{} in codings/{coder}.csv (row: its line in the file).",
        crate::natural::count(out.len(), "decision")
    )];
    footnotes.extend(opts.filter.describe());
    Ok(Table {
        title: format!("Codings by {coder}"),
        columns,
        rows: out,
        footnotes: footnotes.into_iter().map(Into::into).collect(),
    })
}

fn label(codes: &CodeSet, id: &str) -> String {
    codes.code(id).map(|c| c.label.clone()).unwrap_or_default()
}
