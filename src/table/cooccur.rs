//! Code co-occurrence: for each pair of codes, the cases (or segments) that
//! have both, as a count or as a Jaccard index. Parent codes roll up the
//! codes below them as in `freq`; `leaves` keeps only codes without
//! children. Computes a [`Table`] and never formats.

use std::collections::{BTreeSet, HashMap};

use super::{Cell, Column, Filter, INDICATIVE, Row, Table};
use crate::codebook::{Code, CodeSet};
use crate::coding::Coding;
use crate::ingest::Corpus;
use crate::{Error, Result};

/// The unit two codes must share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Within {
    /// The same case (participant), anywhere in their speech.
    #[default]
    Case,
    /// The same segment (turn).
    Segment,
}

/// What each cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Units with both codes.
    #[default]
    Count,
    /// Units with both as a percentage of units with either (Jaccard).
    Jaccard,
}

/// What to tabulate.
#[derive(Debug, Clone, Default)]
pub struct CooccurOptions {
    /// A codebook name or a code id: its codes are the rows and columns.
    pub scope: String,
    /// The shared unit.
    pub within: Within,
    /// The cell measure.
    pub measure: Measure,
    /// Only codes with no children (no roll-up needed).
    pub leaves: bool,
    /// Which cases count.
    pub filter: Filter,
    /// Add the indicative-only footnote.
    pub footnote: bool,
}

/// The codes of a scope with their depth relative to it, and a title.
fn scoped<'a>(
    codes: &'a CodeSet,
    opts: &CooccurOptions,
) -> Result<(Vec<(&'a Code, usize)>, String)> {
    let (root, title) = codes.scope(&opts.scope)?;
    let base = codes.code(&root).map(|c| (c.id.clone(), c.depth + 1));
    let mut rows: Vec<(&Code, usize)> = codes
        .subtree(&root)
        .filter(|c| base.as_ref().is_none_or(|(id, _)| *id != c.id))
        .map(|c| (c, c.depth - base.as_ref().map_or(0, |(_, d)| *d)))
        .collect();
    if opts.leaves {
        rows.retain(|(c, _)| codes.subtree(&c.id).nth(1).is_none());
        for row in &mut rows {
            row.1 = 0;
        }
    }
    if rows.is_empty() {
        return Err(Error::usage(format!(
            "{} has no codes below it to cross: name its parent or codebook",
            opts.scope
        )));
    }
    Ok((rows, title))
}

/// Co-occurrence of the codes of `opts.scope`.
pub fn cooccur(
    codings: &[Coding],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &CooccurOptions,
) -> Result<Table> {
    let (rows, scope_title) = scoped(codes, opts)?;
    opts.filter.validate(corpus)?;
    let key = |document: &str, segment: usize, case: &str| match opts.within {
        Within::Case => case.to_owned(),
        Within::Segment => format!("{document}#{segment}"),
    };
    let accepts = |case: &str| {
        corpus
            .cases
            .get(case)
            .is_some_and(|c| opts.filter.accepts(c))
    };
    let mut universe: BTreeSet<String> = BTreeSet::new();
    for o in &corpus.outlines {
        for s in o.segments.iter().filter(|s| accepts(&s.case)) {
            universe.insert(key(&o.path, s.ordinal, &s.case));
        }
    }
    if universe.is_empty() {
        return Err(Error::usage(match opts.filter.describe() {
            Some(f) => format!("no cases to count: {f}"),
            None => "no cases to count".to_owned(),
        }));
    }
    let index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (c.id.as_str(), i))
        .collect();
    let mut units: Vec<BTreeSet<String>> = vec![BTreeSet::new(); rows.len()];
    for c in codings.iter().filter(|c| accepts(&c.case)) {
        // The code and each code above it that is a row (roll-up).
        let mut id = c.code.as_str();
        loop {
            if let Some(&i) = index.get(id) {
                units[i].insert(key(&c.document, c.segment, &c.case));
            }
            match id.rsplit_once('.') {
                Some((parent, _)) => id = parent,
                None => break,
            }
        }
    }
    let mut table_rows = Vec::with_capacity(rows.len());
    for (i, (code, depth)) in rows.iter().enumerate() {
        let mut cells = vec![Cell::Text(code.label.clone())];
        for j in 0..rows.len() {
            let both = units[i].intersection(&units[j]).count();
            cells.push(if i == j || opts.measure == Measure::Count {
                Cell::Count(both)
            } else {
                let either = units[i].union(&units[j]).count();
                Cell::Percent(if either == 0 {
                    0.0
                } else {
                    100.0 * both as f64 / either as f64
                })
            });
        }
        cells.push(Cell::Text(code.id.clone()));
        table_rows.push(Row {
            depth: *depth,
            cells,
        });
    }
    let unit = match opts.within {
        Within::Case => "cases",
        Within::Segment => "segments",
    };
    let mut columns = vec![Column::text("code", "Code")];
    columns.extend(rows.iter().map(|(c, _)| Column::number(&c.id, &c.label)));
    columns.push(Column::text("id", "Id").secondary());
    let footnotes = footnotes(codes, &rows, unit, opts);
    Ok(Table {
        title: format!(
            "{scope_title}: co-occurrence of codes within {unit} (n={})",
            universe.len()
        ),
        columns,
        rows: table_rows,
        footnotes,
    })
}

fn footnotes(
    codes: &CodeSet,
    rows: &[(&Code, usize)],
    unit: &str,
    opts: &CooccurOptions,
) -> Vec<String> {
    let mut footnotes = vec![match opts.measure {
        Measure::Count => format!(
            "Each cell counts the {unit} that have both codes; the diagonal, the {unit} that \
             have the code."
        ),
        Measure::Jaccard => format!(
            "Each cell is the Jaccard index: {unit} with both codes as a percentage of {unit} \
             with either; the diagonal counts the {unit} that have the code."
        ),
    }];
    if !opts.leaves
        && rows
            .iter()
            .any(|(c, _)| codes.subtree(&c.id).nth(1).is_some())
    {
        footnotes.push(format!(
            "A parent code has a {} if any code below it applies.",
            &unit[..unit.len() - 1]
        ));
    }
    if opts.footnote {
        footnotes.push(INDICATIVE.to_owned());
    }
    footnotes.extend(opts.filter.describe());
    footnotes
}
