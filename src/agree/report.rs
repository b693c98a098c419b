//! The agreement tables: per code statistics with pooled and mean overall
//! rows, and the list of disagreements with each segment's text (redacted
//! and shortened). Computes from a `Comparison`; formats nothing.

use super::interval::{MIN_N, RESAMPLES, SEED, Z95, bootstrap_f1, wilson};
use super::stats::{Confusion, mean_defined};
use super::{AgreeOptions, AgreeUnit, CoderCodings, Comparison};
use crate::codebook::{CodeSet, is_within};
use crate::ingest::{self, Corpus};
use crate::project::Project;
use crate::quote::trim;
use crate::redact::Redactor;
use crate::table::{Cell, Column, Row, Table};
use crate::{Error, Result};

/// Words of segment text shown per disagreement.
const TEXT_WORDS: usize = 40;

/// The agreement table: one row per code with units, what each coder
/// coded, percent agreement, Cohen's kappa and Krippendorff's alpha (and,
/// for auto against a person, precision, recall and F1), then the pooled
/// and the mean overall rows.
pub fn table(
    coders: &[CoderCodings; 2],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &AgreeOptions,
) -> Result<Table> {
    let cmp = Comparison::new(coders, corpus, codes, opts)?;
    let (auto, reference) = scored(coders);
    let base = cmp.codes.iter().map(|c| c.depth).min().unwrap_or(0);
    let mut rows = Vec::new();
    let mut pooled = Confusion::default();
    let mut per_code = Vec::new();
    for code in &cmp.codes {
        let t = cmp.confusion(&code.id);
        pooled = pooled.plus(t);
        per_code.push(t);
        let mut cells = vec![
            Cell::Text(code.label.clone()),
            Cell::Text(code.id.to_string()),
        ];
        cells.extend(counts(&t));
        let cases = auto.map(|_| cmp.by_case(&code.id));
        cells.extend(statistics(&t, auto, cases.as_deref()));
        rows.push(Row {
            depth: code.depth - base,
            cells,
        });
    }
    let mut cells = vec![Cell::Text("All codes, pooled".to_owned()), Cell::Empty];
    cells.extend(counts(&pooled));
    let pooled_cases = auto.map(|_| pooled_by_case(&cmp));
    cells.extend(statistics(&pooled, auto, pooled_cases.as_deref()));
    rows.push(Row { depth: 0, cells });
    let mean = |f: fn(&Confusion) -> Option<f64>| {
        Cell::Statistic(mean_defined(per_code.iter().map(f)).map(|(m, _)| m))
    };
    let mut cells = vec![
        Cell::Text("All codes, mean".to_owned()),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        mean_defined(per_code.iter().map(Confusion::agreement))
            .map_or(Cell::Statistic(None), |(m, _)| Cell::Percent(m * 100.0)),
        mean(Confusion::kappa),
        mean(Confusion::alpha),
    ];
    if auto.is_some() {
        cells.extend([
            mean(Confusion::precision),
            Cell::Empty,
            mean(Confusion::recall),
            Cell::Empty,
            mean(Confusion::f1),
            Cell::Empty,
        ]);
    }
    rows.push(Row { depth: 0, cells });

    let [a, b] = [&coders[0].name, &coders[1].name];
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
    if auto.is_some() {
        columns.extend([
            Column::number("precision", "Precision"),
            Column::number("precision_ci", "95% CI"),
            Column::number("recall", "Recall"),
            Column::number("recall_ci", "95% CI"),
            Column::number("f1", "F1"),
            Column::number("f1_ci", "95% CI"),
        ]);
    }
    let mut footnotes = footnotes(coders, &cmp, &per_code, opts, reference);
    if let Some(i) = auto {
        footnotes.extend(small_samples(&cmp, &per_code, i));
    }
    Ok(Table {
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
        columns,
        rows,
        footnotes,
    })
}

/// The pooled 2×2 table (all codes) per case, for the pooled row's F1.
fn pooled_by_case(cmp: &Comparison<'_>) -> Vec<Confusion> {
    let mut out: Vec<Confusion> = Vec::new();
    for code in &cmp.codes {
        let cases = cmp.by_case(&code.id);
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
    let cases = cmp
        .by_case(cmp.codes.first().map_or("", |c| c.id.as_str()))
        .len();
    let mut thin = Vec::new();
    for (code, t) in cmp.codes.iter().zip(per_code) {
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

fn counts(t: &Confusion) -> [Cell; 4] {
    [
        Cell::Count(t.units()),
        Cell::Count(t.first()),
        Cell::Count(t.second()),
        Cell::Count(t.both),
    ]
}

/// Agreement, kappa, alpha, and with `auto` (the index of the auto coder)
/// precision, recall and F1 of auto against the other coder, each with its
/// 95% interval: Wilson for precision and recall, the bootstrap over
/// `by_case` (the code's 2×2 table per case) for F1 (none without).
fn statistics(t: &Confusion, auto: Option<usize>, by_case: Option<&[Confusion]>) -> Vec<Cell> {
    let mut out = vec![
        t.agreement()
            .map_or(Cell::Statistic(None), |p| Cell::Percent(p * 100.0)),
        Cell::Statistic(t.kappa()),
        Cell::Statistic(t.alpha()),
    ];
    if let Some(i) = auto {
        // Precision and recall take the first coder as the one scored.
        let t = oriented(t, i);
        out.extend([
            Cell::Statistic(t.precision()),
            Cell::Interval(wilson(t.both, t.first(), Z95)),
            Cell::Statistic(t.recall()),
            Cell::Interval(wilson(t.both, t.second(), Z95)),
            Cell::Statistic(t.f1()),
            Cell::Interval(by_case.and_then(|cases| {
                let cases: Vec<Confusion> = cases.iter().map(|c| oriented(c, i)).collect();
                bootstrap_f1(&cases, RESAMPLES, SEED)
            })),
        ]);
    }
    out
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
    let mut books: Vec<&str> = cmp.codes.iter().map(|c| crate::id::book(&c.id)).collect();
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
        let differ: Vec<&str> = cmp
            .codes
            .iter()
            .map(|c| c.id.as_str())
            .filter(|c| cmp.has(0, u, c) != cmp.has(1, u, c))
            .collect();
        for &code in &differ {
            if differ.iter().any(|&d| d != code && is_within(d, code)) {
                continue;
            }
            count += 1;
            let by = usize::from(!cmp.has(0, u, code));
            let coder = &coders[by];
            for &(doc, seg) in &unit.segments {
                let applied = coder.applied.get(&(doc.to_owned(), seg.ordinal));
                if !applied.is_some_and(|a| a.iter().any(|c| is_within(c, code))) {
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
                        Cell::Text(code.to_owned()),
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
        footnotes,
    })
}
