//! The agreement tables: per code statistics with pooled and mean overall
//! rows, and the list of disagreements with each segment's text (redacted
//! and shortened). Computes from a `Comparison` an [`Agreement`], which
//! lays itself out as a [`Table`]; formats nothing.

use super::interval::{MIN_N, RESAMPLES, SEED, Z95, bootstrap_f1, wilson};
use super::stats::{Confusion, mean_defined};
use super::{AgreeOptions, AgreeUnit, CoderCodings, Comparison};
use crate::codebook::{CodeIx, CodeSet};
use crate::ingest::{self, Corpus};
use crate::project::Project;
use crate::quote::trim;
use crate::redact::Redactor;
use crate::table::{Cell, Column, Row, Table};
use crate::{Error, Result};

/// Words of segment text shown per disagreement.
const TEXT_WORDS: usize = 40;

/// Precision, recall and F1 of auto against the reference coder, each
/// with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scored {
    /// Precision (`None` when undefined).
    pub precision: Option<f64>,
    /// Its Wilson interval.
    pub precision_ci: Option<(f64, f64)>,
    /// Recall.
    pub recall: Option<f64>,
    /// Its Wilson interval.
    pub recall_ci: Option<(f64, f64)>,
    /// F1.
    pub f1: Option<f64>,
    /// Its bootstrap interval over cases.
    pub f1_ci: Option<(f64, f64)>,
}

/// One code's agreement (or all codes pooled).
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementRow {
    /// The code's id (`None` for the pooled row).
    pub code: Option<String>,
    /// Its label.
    pub label: String,
    /// Depth below the shallowest code compared.
    pub depth: usize,
    /// Units compared.
    pub units: usize,
    /// Units the first coder coded.
    pub first: usize,
    /// Units the second coder coded.
    pub second: usize,
    /// Units both coded.
    pub both: usize,
    /// Percent agreement as a share (0–1).
    pub agreement: Option<f64>,
    /// Cohen's kappa.
    pub kappa: Option<f64>,
    /// Krippendorff's alpha.
    pub alpha: Option<f64>,
    /// With auto among the coders: auto scored against the other.
    pub scored: Option<Scored>,
}

/// The means over codes of the per-code figures that are defined.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AgreementMeans {
    /// Mean agreement as a share (0–1).
    pub agreement: Option<f64>,
    /// Mean kappa.
    pub kappa: Option<f64>,
    /// Mean alpha.
    pub alpha: Option<f64>,
    /// Mean precision (with auto among the coders).
    pub precision: Option<f64>,
    /// Mean recall.
    pub recall: Option<f64>,
    /// Mean F1.
    pub f1: Option<f64>,
}

/// Agreement between two coders, typed: per code, pooled and mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Title.
    pub title: String,
    /// The two coders compared, in the order given.
    pub coders: [String; 2],
    /// One row per code.
    pub rows: Vec<AgreementRow>,
    /// All codes, pooled.
    pub pooled: AgreementRow,
    /// All codes, mean.
    pub mean: AgreementMeans,
    /// Auto is among the coders: precision, recall and F1 are given.
    pub scored: bool,
    /// Notes.
    pub footnotes: Vec<crate::message::Note>,
}

impl Agreement {
    /// The table: code | id | units | each coder's codings | both |
    /// agreement | kappa | alpha (| precision, recall and F1 with their
    /// CIs), then the pooled and the mean rows.
    pub fn to_table(&self) -> Table {
        let mut rows: Vec<Row> = self.rows.iter().map(|r| self.row(r)).collect();
        rows.push(self.row(&self.pooled));
        let m = &self.mean;
        let mut cells = vec![
            Cell::Text("All codes, mean".to_owned()),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            percent(m.agreement),
            Cell::Statistic(m.kappa),
            Cell::Statistic(m.alpha),
        ];
        if self.scored {
            cells.extend([
                Cell::Statistic(m.precision),
                Cell::Empty,
                Cell::Statistic(m.recall),
                Cell::Empty,
                Cell::Statistic(m.f1),
                Cell::Empty,
            ]);
        }
        rows.push(Row { depth: 0, cells });
        let [a, b] = &self.coders;
        let mut columns = vec![
            Column::text("code", "Code"),
            Column::text("id", "Id").secondary(),
            Column::number("units", "Units"),
            Column::number(&format!("coded_{a}"), &format!("{a} coded")),
            Column::number(&format!("coded_{b}"), &format!("{b} coded")),
            Column::number("both", "Both"),
            Column::number("agreement", "Agreement"),
            Column::number("kappa", "Kappa"),
            Column::number("alpha", "Alpha"),
        ];
        if self.scored {
            columns.extend([
                Column::number("precision", "Precision"),
                Column::number("precision_ci", "95% CI"),
                Column::number("recall", "Recall"),
                Column::number("recall_ci", "95% CI"),
                Column::number("f1", "F1"),
                Column::number("f1_ci", "95% CI"),
            ]);
        }
        Table {
            title: self.title.clone(),
            columns,
            rows,
            footnotes: self.footnotes.clone(),
        }
    }

    fn row(&self, r: &AgreementRow) -> Row {
        let mut cells = vec![
            Cell::Text(r.label.clone()),
            r.code.clone().map_or(Cell::Empty, Cell::Text),
            Cell::Count(r.units),
            Cell::Count(r.first),
            Cell::Count(r.second),
            Cell::Count(r.both),
            percent(r.agreement),
            Cell::Statistic(r.kappa),
            Cell::Statistic(r.alpha),
        ];
        if self.scored {
            let s = r.scored.unwrap_or_default();
            cells.extend([
                Cell::Statistic(s.precision),
                Cell::Interval(s.precision_ci),
                Cell::Statistic(s.recall),
                Cell::Interval(s.recall_ci),
                Cell::Statistic(s.f1),
                Cell::Interval(s.f1_ci),
            ]);
        }
        Row {
            depth: r.depth,
            cells,
        }
    }
}

/// A share as a percentage cell; undefined when `None`.
fn percent(share: Option<f64>) -> Cell {
    share.map_or(Cell::Statistic(None), |p| Cell::Percent(p * 100.0))
}

/// The agreement of two coders: one row per code with units, what each
/// coder coded, percent agreement, Cohen's kappa and Krippendorff's alpha
/// (and, for auto against a person, precision, recall and F1), then the
/// pooled and the mean overall figures.
pub fn agreement(
    coders: &[CoderCodings; 2],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &AgreeOptions,
) -> Result<Agreement> {
    let cmp = Comparison::new(coders, corpus, codes, opts)?;
    let (auto, reference) = scored(coders);
    let base = cmp.codes.iter().map(|(_, c)| c.depth).min().unwrap_or(0);
    let mut rows = Vec::new();
    let mut pooled = Confusion::default();
    let mut per_code = Vec::new();
    for &(ix, code) in &cmp.codes {
        let t = cmp.confusion(ix);
        pooled = pooled.plus(t);
        per_code.push(t);
        let cases = auto.map(|_| cmp.by_case(ix));
        rows.push(agreement_row(
            Some(code.id.to_string()),
            code.label.clone(),
            code.depth - base,
            &t,
            auto,
            cases.as_deref(),
        ));
    }
    let pooled_cases = auto.map(|_| pooled_by_case(&cmp));
    let pooled = agreement_row(
        None,
        "All codes, pooled".to_owned(),
        0,
        &pooled,
        auto,
        pooled_cases.as_deref(),
    );
    let mean =
        |f: fn(&Confusion) -> Option<f64>| mean_defined(per_code.iter().map(f)).map(|(m, _)| m);
    let scored_mean = |f: fn(&Confusion) -> Option<f64>| auto.and_then(|_| mean(f));
    let mean = AgreementMeans {
        agreement: mean(Confusion::agreement),
        kappa: mean(Confusion::kappa),
        alpha: mean(Confusion::alpha),
        precision: scored_mean(Confusion::precision),
        recall: scored_mean(Confusion::recall),
        f1: scored_mean(Confusion::f1),
    };
    let [a, b] = [&coders[0].name, &coders[1].name];
    let mut footnotes = footnotes(coders, &cmp, &per_code, opts, reference);
    if let Some(i) = auto {
        footnotes.extend(small_samples(&cmp, &per_code, i));
    }
    Ok(Agreement {
        title: format!(
            "Agreement: {a} vs {b}, per {} (sample: {} {} in {} {})",
            opts.unit.name(),
            cmp.units.len(),
            if cmp.units.len() == 1 {
                opts.unit.name()
            } else {
                opts.unit.plural()
            },
            cmp.documents,
            if cmp.documents == 1 {
                "document"
            } else {
                "documents"
            },
        ),
        coders: [a.clone(), b.clone()],
        rows,
        pooled,
        mean,
        scored: auto.is_some(),
        footnotes: footnotes.into_iter().map(Into::into).collect(),
    })
}

/// A row of figures from the 2×2 table `t`: see [`statistics`].
fn agreement_row(
    code: Option<String>,
    label: String,
    depth: usize,
    t: &Confusion,
    auto: Option<usize>,
    by_case: Option<&[Confusion]>,
) -> AgreementRow {
    AgreementRow {
        code,
        label,
        depth,
        units: t.units(),
        first: t.first(),
        second: t.second(),
        both: t.both,
        agreement: t.agreement(),
        kappa: t.kappa(),
        alpha: t.alpha(),
        scored: auto.map(|i| statistics(t, i, by_case)),
    }
}

/// The pooled 2×2 table (all codes) per case, for the pooled row's F1.
fn pooled_by_case(cmp: &Comparison<'_>) -> Vec<Confusion> {
    let mut out: Vec<Confusion> = Vec::new();
    for &(ix, _) in &cmp.codes {
        let cases = cmp.by_case(ix);
        if out.is_empty() {
            out = cases;
        } else {
            for (o, c) in out.iter_mut().zip(cases) {
                *o = o.plus(c);
            }
        }
    }
    out
}

/// The notes on the intervals, and which figures rest on fewer than
/// [`MIN_N`] units (or cases, for F1).
fn small_samples(cmp: &Comparison<'_>, per_code: &[Confusion], auto: usize) -> Vec<String> {
    let cases = cmp.cases();
    let mut thin = Vec::new();
    for ((_, code), t) in cmp.codes.iter().zip(per_code) {
        let t = oriented(t, auto);
        let mut what = Vec::new();
        if t.first() < MIN_N {
            what.push(format!("precision n={}", t.first()));
        }
        if t.second() < MIN_N {
            what.push(format!("recall n={}", t.second()));
        }
        if !what.is_empty() {
            thin.push(format!("{} ({})", code.id, what.join(", ")));
        }
    }
    let mut out = vec![format!(
        "95% CI: Wilson score intervals for precision (n: the units auto coded) and recall \
         (n: the units the reference coded); for F1, the 2.5th–97.5th percentiles of \
         {RESAMPLES} bootstrap resamples of the {cases} cases (seeded, so the same every run). \
         The pooled row's Wilson intervals treat every unit × code pair as independent."
    )];
    if cases < MIN_N {
        out.push(format!(
            "too few to say much: F1's interval rests on {cases} cases (fewer than {MIN_N})."
        ));
    }
    if !thin.is_empty() {
        out.push(format!(
            "too few to say much (fewer than {MIN_N} units behind the figure; its interval is \
             wide): {}.",
            thin.join("; ")
        ));
    }
    out
}

/// With auto among the coders: (index of auto, name of the reference).
fn scored(coders: &[CoderCodings; 2]) -> (Option<usize>, Option<&str>) {
    match coders.iter().position(CoderCodings::is_auto) {
        Some(i) => (Some(i), Some(coders[1 - i].name.as_str())),
        None => (None, None),
    }
}

/// Precision, recall and F1 of auto (the coder at index `auto`) against
/// the other coder, each with its 95% interval: Wilson for precision and
/// recall, the bootstrap over `by_case` (the code's 2×2 table per case) for
/// F1 (none without).
fn statistics(t: &Confusion, auto: usize, by_case: Option<&[Confusion]>) -> Scored {
    // Precision and recall take the first coder as the one scored.
    let t = oriented(t, auto);
    Scored {
        precision: t.precision(),
        precision_ci: wilson(t.both, t.first(), Z95),
        recall: t.recall(),
        recall_ci: wilson(t.both, t.second(), Z95),
        f1: t.f1(),
        f1_ci: by_case.and_then(|cases| {
            let cases: Vec<Confusion> = cases.iter().map(|c| oriented(c, auto)).collect();
            bootstrap_f1(&cases, RESAMPLES, SEED)
        }),
    }
}

/// `t` with the coder at index `auto` first.
fn oriented(t: &Confusion, auto: usize) -> Confusion {
    if auto == 0 {
        *t
    } else {
        Confusion {
            first_only: t.second_only,
            second_only: t.first_only,
            ..*t
        }
    }
}

fn footnotes(
    coders: &[CoderCodings; 2],
    cmp: &Comparison<'_>,
    per_code: &[Confusion],
    opts: &AgreeOptions,
    reference: Option<&str>,
) -> Vec<String> {
    let [a, b] = [&coders[0].name, &coders[1].name];
    let units = opts.unit.plural();
    let mut out = vec![sample_note(coders, cmp, opts)];
    out.extend(cmp.left_out.note("these codes apply"));
    out.extend(unmarked_codebooks(coders, cmp));
    let auto_note = if reference.is_some() {
        " auto is the auto codings before any coder's decisions."
    } else {
        ""
    };
    out.push(format!(
        "A coder coded a segment with a code if they added or accepted it there; their \
         rejects, and whatever they left unmarked, count as not coded.{auto_note} A parent \
         code counts a {unit} if it or any code below it applies.",
        unit = opts.unit.name(),
    ));
    if opts.unit == AgreeUnit::Case {
        out.push(
            "A case counts as coded if any of its segments in the sample is coded.".to_owned(),
        );
    }
    out.push(format!(
        "Agreement: the share of {units} that {a} and {b} both coded or both left uncoded. \
         Kappa: Cohen's kappa. Alpha: Krippendorff's alpha (nominal). Both are 1 for perfect \
         agreement and about 0 for agreement no better than chance. Pooled: one 2×2 table over \
         every {} × code pair (all codes, pooled); mean: the average of the per-code values \
         that are defined (all codes, mean).",
        opts.unit.name()
    ));
    if let Some(reference) = reference {
        out.push(format!(
            "Precision, recall and F1 score auto against {reference} as the reference: \
             precision is the share of auto's codings that {reference} made too, recall the \
             share of {reference}'s codings that auto made."
        ));
    }
    let undefined =
        |f: fn(&Confusion) -> Option<f64>| per_code.iter().filter(|t| f(t).is_none()).count();
    let (kappa, precision, recall) = (
        undefined(Confusion::kappa),
        undefined(Confusion::precision),
        undefined(Confusion::recall),
    );
    if kappa > 0 {
        out.push(format!(
            "undefined: kappa and alpha divide by zero when both coders gave every {} the same \
             answer, as for a code neither used in the sample ({kappa} of {} codes); the means \
             leave them out.",
            opts.unit.name(),
            per_code.len()
        ));
    }
    if let Some(reference) = reference.filter(|_| precision > 0 || recall > 0) {
        out.push(format!(
            "undefined: precision when auto coded no {} with the code ({precision} codes), recall \
             when {reference} coded none ({recall} codes), F1 when neither did; the means leave them out.",
            opts.unit.name()
        ));
    }
    out.extend(opts.filter.describe());
    out
}

/// A note for each person with no row at all in a codebook compared: for
/// its codes, "not coded" may only mean "not looked at".
fn unmarked_codebooks(coders: &[CoderCodings; 2], cmp: &Comparison<'_>) -> Vec<String> {
    let mut books: Vec<&str> = cmp.codes.iter().map(|(_, c)| c.id.book()).collect();
    books.dedup();
    coders
        .iter()
        .filter(|c| !c.is_auto())
        .filter_map(|c| {
            let missing: Vec<&str> = books
                .iter()
                .copied()
                .filter(|b| !c.codebooks.contains(*b))
                .collect();
            (!missing.is_empty()).then(|| {
                let (book, its) = if missing.len() == 1 {
                    ("codebook", "its")
                } else {
                    ("codebooks", "their")
                };
                format!(
                    "{name} has no row in {book} {}: for {its} codes, everything counts as not \
                     coded by {name}; --codebook limits the comparison to what both coded.",
                    missing.join(", "),
                    name = c.name,
                )
            })
        })
        .collect()
}

fn sample_note(coders: &[CoderCodings; 2], cmp: &Comparison<'_>, opts: &AgreeOptions) -> String {
    let [a, b] = [&coders[0].name, &coders[1].name];
    let docs = if cmp.documents == 1 {
        "the 1 document".to_owned()
    } else {
        format!("the {} documents", cmp.documents)
    };
    let what = match opts.unit {
        AgreeUnit::Segment => "participant segments",
        AgreeUnit::Case => "cases speaking in participant segments",
    };
    if let Some(s) = coders.iter().find_map(|c| c.sampled.as_ref()) {
        let person = coders
            .iter()
            .find(|c| c.sampled.is_some())
            .map_or("", |c| c.name.as_str());
        let of = match opts.unit {
            AgreeUnit::Segment => format!("{person} has coded"),
            AgreeUnit::Case => format!("that {person} has coded"),
        };
        return format!(
            "Sample: the {} {what} {of} of the {} drawn at random (seed {}) in {}{}; \
             {person}'s codes there are those of the sheet, coded blind.",
            cmp.units.len(),
            s.drawn,
            s.seed,
            s.display,
            s.codebook
                .as_ref()
                .map(|b| format!(" for codebook {b}"))
                .unwrap_or_default()
        );
    }
    let rule = match coders.iter().find(|c| !c.is_auto()) {
        Some(person) if coders.iter().any(CoderCodings::is_auto) => format!(
            "{docs} in which {} has at least one row in codings/{}.csv (auto coded every \
             document)",
            person.name, person.name
        ),
        _ => {
            format!("{docs} in which both {a} and {b} have at least one row in their codings file")
        }
    };
    format!("Sample: the {} {what} of {rule}.", cmp.units.len())
}

/// The disagreements: each unit and code on which one coder coded and the
/// other did not, listing only the most specific code (a parent that
/// disagrees only because a child does is left out), with the segment's
/// place, case and text, redacted and shortened. For case units, one row per
/// segment in which the coder who coded the case did so.
pub fn disagreements(
    project: &Project,
    coders: &[CoderCodings; 2],
    corpus: &Corpus,
    codes: &CodeSet,
    redactor: &Redactor,
    opts: &AgreeOptions,
) -> Result<Table> {
    let cmp = Comparison::new(coders, corpus, codes, opts)?;
    let mut documents = ingest::Documents::new(project)?;
    let mut rows = Vec::new();
    let mut count = 0;
    for (u, unit) in cmp.units.iter().enumerate() {
        let differ: Vec<CodeIx> = cmp
            .codes
            .iter()
            .map(|&(ix, _)| ix)
            .filter(|&ix| cmp.has(0, u, ix) != cmp.has(1, u, ix))
            .collect();
        for &code in &differ {
            if differ
                .iter()
                .any(|&d| d != code && cmp.table.is_within(d, code))
            {
                continue;
            }
            count += 1;
            let by = usize::from(!cmp.has(0, u, code));
            let coder = &coders[by];
            for &(doc, seg) in &unit.segments {
                let applied = coder.applied.get(&(doc.to_owned(), seg.ordinal));
                if !applied.is_some_and(|a| a.iter().any(|&c| cmp.table.is_within(c, code))) {
                    continue;
                }
                let text = documents
                    .turn(doc, seg.ordinal)?
                    .ok_or_else(|| {
                        Error::invalid(format!("{doc} is not a transcript of this project"))
                    })?
                    .map(|t| {
                        trim::trim(&redactor.apply(&trim::normalise(&t.text)), None, TEXT_WORDS)
                    })
                    .unwrap_or_default();
                let lines = if seg.line_start == seg.line_end {
                    format!("{doc}:{}", seg.line_start)
                } else {
                    format!("{doc}:{}-{}", seg.line_start, seg.line_end)
                };
                rows.push(Row {
                    depth: 0,
                    cells: vec![
                        Cell::Text(lines),
                        Cell::Text(unit.case.to_owned()),
                        Cell::Text(cmp.table.id(code).to_string()),
                        Cell::Text(coder.name.clone()),
                        Cell::Text(coders[1 - by].name.clone()),
                        Cell::Text(text),
                    ],
                });
            }
        }
    }
    let [a, b] = [&coders[0].name, &coders[1].name];
    let mut footnotes = vec![sample_note(coders, &cmp, opts)];
    footnotes.extend(cmp.left_out.note("these codes apply"));
    footnotes.extend([
        format!(
            "{count} disagreements. Only the most specific code of a disagreement is listed: a \
             parent code that differs only because a code below it does is left out."
        ),
        format!(
            "Text is the segment's, shortened to about {TEXT_WORDS} words; names on the \
             project's redaction list are replaced."
        ),
    ]);
    if opts.unit == AgreeUnit::Case {
        footnotes.push(
            "Per case: one row for each segment in which the coder who coded the case applied \
             the code."
                .to_owned(),
        );
    }
    footnotes.extend(opts.filter.describe());
    Ok(Table {
        title: format!("Disagreements: {a} vs {b}, per {}", opts.unit.name()),
        columns: vec![
            Column::text("source", "Source"),
            Column::text("case", "Case"),
            Column::text("code", "Code"),
            Column::text("coded_by", "Coded by"),
            Column::text("not_coded_by", "Not by"),
            Column::text("text", "Text"),
        ],
        rows,
        footnotes: footnotes.into_iter().map(Into::into).collect(),
    })
}
