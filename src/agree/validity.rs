//! Measured validity for the tables: each code's precision and recall of
//! auto-coding, with 95% Wilson intervals, from a coder's blind coding of
//! a validation sample (`qualcode sample`, `review --sample`), as extra
//! columns of a frequency table and a note saying how far to trust each
//! row. Reads; never writes or prints.

use std::collections::BTreeMap;

use super::interval::{MIN_N, Z95, wilson};
use super::{AUTO, AgreeOptions, Comparison, load_coders};
use crate::Result;
use crate::codebook::{CodeId, CodeSet};
use crate::ingest::Corpus;
use crate::project::Project;
use crate::table::{Cell, Column, Table};

/// One code's measured precision and recall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// Precision: of the sampled segments auto gave the code, the share
    /// the coder gave it too.
    pub precision: Option<f64>,
    /// Its 95% Wilson interval.
    pub precision_ci: Option<(f64, f64)>,
    /// The segments behind precision (auto coded).
    pub precision_n: usize,
    /// Recall: of the sampled segments the coder gave the code, the share
    /// auto gave it too.
    pub recall: Option<f64>,
    /// Its 95% Wilson interval.
    pub recall_ci: Option<(f64, f64)>,
    /// The segments behind recall (the coder coded).
    pub recall_n: usize,
}

/// A coder's validation of auto-coding, per code.
#[derive(Debug, Clone, PartialEq)]
pub struct Validity {
    /// The coder.
    pub coder: String,
    /// Their sheet as shown.
    pub display: String,
    /// Segments they coded.
    pub decided: usize,
    /// Segments drawn.
    pub drawn: usize,
    /// The seed drawn with.
    pub seed: u64,
    /// Code id → measured figures, for every code of the sample's codebook.
    pub codes: BTreeMap<CodeId, Measured>,
}

/// Measure auto-coding against `coder`'s blind coding of their sample.
pub fn measure(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    coder: &str,
) -> Result<Validity> {
    let (_, display) = crate::sample::sheet_path(project, coder);
    crate::sample::require(project, coder, &format!("--validity {coder}: "))?;
    let (coders, _) = load_coders(project, corpus, codes, &[AUTO.to_owned(), coder.to_owned()])?;
    let opts = AgreeOptions {
        roles: project.roles.clone(),
        ..AgreeOptions::default()
    };
    let cmp = Comparison::new(&coders, corpus, codes, &opts)?;
    let sampled = coders[1]
        .sampled
        .as_ref()
        .expect("read from the sheet, which exists");
    let mut out = Validity {
        coder: coder.to_owned(),
        display,
        decided: cmp.units.len(),
        drawn: sampled.drawn,
        seed: sampled.seed,
        codes: BTreeMap::new(),
    };
    for &(ix, code) in &cmp.codes {
        let t = cmp.confusion(ix);
        out.codes.insert(
            code.id.clone(),
            Measured {
                precision: t.precision(),
                precision_ci: wilson(t.both, t.first(), Z95),
                precision_n: t.first(),
                recall: t.recall(),
                recall_ci: wilson(t.both, t.second(), Z95),
                recall_n: t.second(),
            },
        );
    }
    Ok(out)
}

/// Add precision and recall columns (each with its 95% CI) to a table
/// with an `id` column of code ids, before that column, and the notes
/// that say what they are, which rest on too few segments and which codes
/// have no validation data.
pub fn annotate(table: &mut Table, v: &Validity) {
    let Some(at) = table.columns.iter().position(|c| c.key == "id") else {
        return;
    };
    table.columns.splice(
        at..at,
        [
            Column::number("precision", "Precision"),
            Column::number("precision_ci", "95% CI"),
            Column::number("recall", "Recall"),
            Column::number("recall_ci", "95% CI"),
        ],
    );
    let (mut missing, mut thin) = (Vec::new(), Vec::new());
    for row in &mut table.rows {
        let id = match row.cells.get(at) {
            Some(Cell::Text(id)) => id.clone(),
            _ => continue,
        };
        let cells = if let Some(m) = v.codes.get(id.as_str()) {
            if m.precision_n < MIN_N || m.recall_n < MIN_N {
                thin.push(format!(
                    "{id} (precision n={}, recall n={})",
                    m.precision_n, m.recall_n
                ));
            }
            [
                Cell::Statistic(m.precision),
                Cell::Interval(m.precision_ci),
                Cell::Statistic(m.recall),
                Cell::Interval(m.recall_ci),
            ]
        } else {
            missing.push(id);
            [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]
        };
        row.cells.splice(at..at, cells);
    }
    table.footnotes.push(note(v).into());
    if !thin.is_empty() {
        table.footnotes.push(
            format!(
                "too few to say much (fewer than {MIN_N} sampled segments behind the figure; \
                 its interval is wide): {}.",
                thin.join("; ")
            )
            .into(),
        );
    }
    if !missing.is_empty() {
        table.footnotes.push(
            format!(
                "No validation data (not in the sample's codebook): {}.",
                missing.join(", ")
            )
            .into(),
        );
    }
}

/// What the precision and recall columns are, for a table's notes and the
/// methods note.
pub fn note(v: &Validity) -> String {
    format!(
        "Precision and recall measure auto-coding against {coder}'s blind coding of {} of the \
         {} segments of a random sample ({}, seed {}), with 95% Wilson intervals: precision is \
         the share of the sampled segments auto-coding gave a code that {coder} gave it too, \
         recall the share of those {coder} gave it that auto-coding found. They describe \
         auto-coding alone; the counts also hold coders' decisions. See `qualcode agree \
         --coders auto,{coder}`.",
        v.decided,
        v.drawn,
        v.display,
        v.seed,
        coder = v.coder,
    )
}
