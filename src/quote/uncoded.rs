//! What the codebooks miss: the participant segments that no code (of a
//! codebook) touched in the effective codings, longest first, so a coder
//! sees where patterns are missing. Shared by `quotes --uncoded` and `kwic
//! --uncoded`; produces a [`Table`]. Text is redacted and trimmed.

use std::collections::HashSet;

use super::{attribute, trim};
use crate::Result;
use crate::codebook::CodeSet;
use crate::coding::Coding;
use crate::ingest::{self, Corpus, Speaker};
use crate::project::Project;
use crate::redact::Redactor;
use crate::table::{Cell, Column, Filter, Row, Table};

/// Which segments, and how to show them.
#[derive(Debug, Clone, Default)]
pub struct UncodedOptions {
    /// Only this codebook's codes count as touching (`None`: every code).
    pub codebook: Option<String>,
    /// Which cases.
    pub filter: Filter,
    /// Trim each segment to about this many words (0: whole).
    pub max_words: usize,
    /// At most this many segments (the longest).
    pub limit: Option<usize>,
    /// An attribution template: adds an Attribution column (quotes).
    pub attribution: Option<String>,
    /// Case attributes to show as columns (kwic).
    pub attrs: Vec<String>,
}

/// One uncoded segment found.
struct Found {
    document: String,
    line_start: usize,
    line_end: usize,
    case: String,
    words: usize,
    text: String,
}

/// The participant segments no code of `opts.codebook` touched in
/// `codings` (the effective codings), longest (in words) first, ties in
/// document and line order.
pub fn uncoded(
    project: &Project,
    corpus: &Corpus,
    codings: &[Coding],
    codes: &CodeSet,
    redactor: &Redactor,
    opts: &UncodedOptions,
) -> Result<Table> {
    if let Some(book) = &opts.codebook {
        codes.codebook(book)?;
    }
    opts.filter.validate(corpus)?;
    corpus.cases.check_attributes(&opts.attrs)?;
    let template = match &opts.attribution {
        Some(t) => {
            let t = attribute::Template::parse(t)?;
            t.validate(&corpus.cases)?;
            Some(t)
        }
        None => None,
    };
    let touched = touched(codings, codes, opts.codebook.as_deref());
    let files = project.transcript_files()?;
    let (per_doc, _skipped) = ingest::map_documents(project, &files, |doc| {
        let outline = corpus.outline(&doc.path);
        let mut out = Vec::new();
        for t in &doc.turns {
            let Speaker::Case(id) = &t.speaker else {
                continue;
            };
            let participant = outline
                .and_then(|o| o.segment_at(t.line_start))
                .is_some_and(|s| s.ordinal == t.ordinal);
            let passes = corpus.cases.get(id).is_some_and(|c| opts.filter.accepts(c));
            if !participant || !passes || touched.contains(&(doc.path.as_str(), t.ordinal)) {
                continue;
            }
            let text = redactor.apply(&trim::normalise(&t.text));
            out.push(Found {
                document: doc.path.clone(),
                line_start: t.line_start,
                line_end: t.line_end,
                case: id.clone(),
                words: text.split_whitespace().count(),
                text: trim::trim(&text, None, opts.max_words),
            });
        }
        Ok(out)
    })?;
    let mut found: Vec<Found> = per_doc.into_iter().flatten().collect();
    let total_segments: usize = corpus
        .outlines
        .iter()
        .flat_map(|o| &o.segments)
        .filter(|s| {
            corpus
                .cases
                .get(&s.case)
                .is_some_and(|c| opts.filter.accepts(c))
        })
        .count();
    let all = found.len();
    let cases: HashSet<&str> = found.iter().map(|f| f.case.as_str()).collect();
    let cases = cases.len();
    // Stable: ties keep document and line order.
    found.sort_by_key(|f| std::cmp::Reverse(f.words));
    found.truncate(opts.limit.unwrap_or(usize::MAX));
    let (columns, rows) = layout(corpus, found, template.as_ref(), &opts.attrs);
    let of = opts.codebook.as_ref().map_or_else(
        || "no code".to_owned(),
        |b| format!("no code of codebook {b}"),
    );
    let mut footnotes = vec![format!(
        "{all} of the {total_segments} participant segments ({cases} {}) have {of} in the \
         effective codings (auto codings with the coders' decisions), longest first: where \
         patterns may be missing.",
        if cases == 1 { "case" } else { "cases" }
    )];
    if opts.limit.is_some_and(|l| l < all) {
        footnotes.push(format!(
            "Only the {} longest are listed (--limit).",
            rows.len()
        ));
    }
    if opts.max_words > 0 {
        footnotes.push(format!(
            "Text is trimmed to about {} words; Words counts the whole segment.",
            opts.max_words
        ));
    }
    if !project.redact.is_empty() {
        footnotes.push("Names on the project's redaction list are replaced.".to_owned());
    }
    footnotes.extend(opts.filter.describe());
    Ok(Table {
        title: format!(
            "Uncoded segments: {} with {of}",
            crate::natural::count(all, "participant segment")
        ),
        columns,
        rows,
        footnotes: footnotes.into_iter().map(Into::into).collect(),
    })
}

/// The segments, as (document, ordinal), that a coding of `codebook` (any
/// code of `codes` without one) touches.
pub fn touched<'c>(
    codings: &'c [Coding],
    codes: &CodeSet,
    codebook: Option<&str>,
) -> HashSet<(&'c str, usize)> {
    let (table, scope) = (codes.table(), codes.scope_of(codebook));
    codings
        .iter()
        .filter(|c| scope.contains(table.nearest(&c.code)))
        .map(|c| (c.document.as_str(), c.segment))
        .collect()
}

/// The columns and rows of the uncoded segments `found`.
fn layout(
    corpus: &Corpus,
    found: Vec<Found>,
    template: Option<&attribute::Template>,
    attrs: &[String],
) -> (Vec<Column>, Vec<Row>) {
    let mut columns = vec![
        Column::text("source", "Source"),
        Column::text("case", "Case"),
    ];
    columns.extend(attrs.iter().map(|a| Column::text(a, a)));
    columns.extend([
        Column::number("words", "Words"),
        Column::text("text", "Text"),
    ]);
    if template.is_some() {
        columns.push(Column::text("attribution", "Attribution"));
    }
    let rows: Vec<Row> = found
        .into_iter()
        .map(|f| {
            let case = corpus.cases.get(&f.case);
            let lines = if f.line_start == f.line_end {
                format!("{}:{}", f.document, f.line_start)
            } else {
                format!("{}:{}-{}", f.document, f.line_start, f.line_end)
            };
            let mut cells = vec![Cell::Text(lines), Cell::Text(f.case.clone())];
            for a in attrs {
                cells.push(Cell::Text(
                    case.and_then(|c| c.get(a)).unwrap_or_default().to_owned(),
                ));
            }
            cells.push(Cell::Count(f.words));
            cells.push(Cell::Text(f.text));
            if let Some(t) = template {
                cells.push(Cell::Text(case.map(|c| t.render(c)).unwrap_or_default()));
            }
            Row { depth: 0, cells }
        })
        .collect();
    (columns, rows)
}
