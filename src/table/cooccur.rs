//! Code co-occurrence: for each pair of codes, the cases (or segments) that
//! have both, as a count or as a Jaccard index. Parent codes roll up the
//! codes below them as in `freq`; `leaves` keeps only codes without
//! children. Computes a [`Cooccurrence`], which lays itself out as a
//! [`Table`], and never formats.

use std::collections::BTreeSet;

use super::roles::{LeftOut, roles_of};
use super::{Cell, Column, Filter, Row, Table};
use crate::codebook::{Code, CodeId, CodeSet};
use crate::coding::Coding;
use crate::ingest::Corpus;
use crate::message::Note;
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
    /// Case roles: cases whose role the codes do not apply to are left out.
    pub roles: crate::project::Roles,
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

/// One code of a co-occurrence matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CooccurCode {
    /// The code's id.
    pub code: CodeId,
    /// Its label.
    pub label: String,
    /// Depth below the scope (0 for its top codes, and for every code
    /// with `leaves`).
    pub depth: usize,
}

/// Co-occurrence, typed: per pair of codes, the units that have both.
#[derive(Debug, Clone, PartialEq)]
pub struct Cooccurrence {
    /// Title.
    pub title: String,
    /// The shared unit.
    pub within: Within,
    /// What each off-diagonal cell shows.
    pub measure: Measure,
    /// Units counted in all.
    pub n: usize,
    /// The codes, rows and columns alike, in codebook order.
    pub codes: Vec<CooccurCode>,
    /// `both[i][j]`: units with codes `i` and `j` (the diagonal: with `i`).
    pub both: Vec<Vec<usize>>,
    /// Notes.
    pub footnotes: Vec<Note>,
}

impl Cooccurrence {
    /// Units with both codes as a percentage of units with either (0 when
    /// neither has any).
    pub fn jaccard(&self, i: usize, j: usize) -> f64 {
        let both = self.both[i][j];
        let either = self.both[i][i] + self.both[j][j] - both;
        if either == 0 {
            0.0
        } else {
            100.0 * both as f64 / either as f64
        }
    }

    /// The table: code | one column per code | id.
    pub fn to_table(&self) -> Table {
        let rows = self
            .codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let mut cells = vec![Cell::Text(code.label.clone())];
                cells.extend((0..self.codes.len()).map(|j| {
                    if i == j || self.measure == Measure::Count {
                        Cell::Count(self.both[i][j])
                    } else {
                        Cell::Percent(self.jaccard(i, j))
                    }
                }));
                cells.push(Cell::Text(code.code.to_string()));
                Row {
                    depth: code.depth,
                    cells,
                }
            })
            .collect();
        let mut columns = vec![Column::text("code", "Code")];
        columns.extend(self.codes.iter().map(|c| Column::number(&c.code, &c.label)));
        columns.push(Column::text("id", "Id").secondary());
        Table {
            title: self.title.clone(),
            columns,
            rows,
            footnotes: self.footnotes.clone(),
        }
    }
}

/// Co-occurrence of the codes of `opts.scope`.
pub fn cooccur(
    codings: &[Coding],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &CooccurOptions,
) -> Result<Cooccurrence> {
    let (rows, scope_title) = scoped(codes, opts)?;
    opts.filter.validate(corpus)?;
    let key = |document: &str, segment: usize, case: &str| match opts.within {
        Within::Case => case.to_owned(),
        Within::Segment => format!("{document}#{segment}"),
    };
    let left_out = LeftOut::find(
        corpus.cases.iter().filter(|c| opts.filter.accepts(c)),
        &opts.roles,
        roles_of(rows.iter().map(|(c, _)| *c)).as_deref(),
    );
    let accepts = |case: &str| {
        !left_out.contains(case)
            && corpus
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
        return Err(opts.filter.no_cases("count"));
    }
    // Per code number, its row, if it is one.
    let table = codes.table();
    let mut row_of: Vec<Option<usize>> = vec![None; table.len()];
    for (i, (c, _)) in rows.iter().enumerate() {
        if let Some(ix) = table.index_of(&c.id) {
            row_of[ix.index()] = Some(i);
        }
    }
    let numbers = super::code_numbers(codes, codings);
    let mut units: Vec<BTreeSet<String>> = vec![BTreeSet::new(); rows.len()];
    for (c, &ix) in codings
        .iter()
        .zip(&numbers)
        .filter(|(c, _)| accepts(&c.case))
    {
        // The code and each code above it that is a row (roll-up).
        let mut at = ix;
        while let Some(ix) = at {
            if let Some(i) = row_of[ix.index()] {
                units[i].insert(key(&c.document, c.segment, &c.case));
            }
            at = table.parent(ix);
        }
    }
    let both = (0..rows.len())
        .map(|i| {
            (0..rows.len())
                .map(|j| units[i].intersection(&units[j]).count())
                .collect()
        })
        .collect();
    let unit = match opts.within {
        Within::Case => "cases",
        Within::Segment => "segments",
    };
    let mut footnotes = footnotes(codes, &rows, unit, opts);
    footnotes.extend(
        left_out
            .note("these codes apply")
            .into_iter()
            .map(Note::from),
    );
    Ok(Cooccurrence {
        title: format!(
            "{scope_title}: co-occurrence of codes within {unit} (n={})",
            universe.len()
        ),
        within: opts.within,
        measure: opts.measure,
        n: universe.len(),
        codes: rows
            .iter()
            .map(|(c, depth)| CooccurCode {
                code: c.id.clone(),
                label: c.label.clone(),
                depth: *depth,
            })
            .collect(),
        both,
        footnotes,
    })
}

fn footnotes(
    codes: &CodeSet,
    rows: &[(&Code, usize)],
    unit: &str,
    opts: &CooccurOptions,
) -> Vec<Note> {
    let mut footnotes = vec![Note::Text(match opts.measure {
        Measure::Count => format!(
            "Each cell counts the {unit} that have both codes; the diagonal, the {unit} that \
             have the code."
        ),
        Measure::Jaccard => format!(
            "Each cell is the Jaccard index: {unit} with both codes as a percentage of {unit} \
             with either; the diagonal counts the {unit} that have the code."
        ),
    })];
    if !opts.leaves
        && rows
            .iter()
            .any(|(c, _)| codes.subtree(&c.id).nth(1).is_some())
    {
        footnotes.push(Note::from(format!(
            "A parent code has a {} if any code below it applies.",
            &unit[..unit.len() - 1]
        )));
    }
    if opts.footnote {
        footnotes.push(Note::Indicative);
    }
    footnotes.extend(opts.filter.describe().into_iter().map(Note::from));
    footnotes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use crate::coding::Source;
    use crate::ingest::{Outline, SegmentInfo};
    use crate::project::cases::CasesBuilder;

    const BOOK: &str = "codebook: b\ncodes:\n  - id: p\n    children:\n      - id: xs\n        \
                        patterns: [xs]\n      - id: ys\n        patterns: [ys]\n  - id: zs\n    \
                        patterns: [zs]\n";

    /// Codebook `b` ([`BOOK`]) loaded.
    fn book() -> CodeSet {
        let mut codes = CodeSet::default();
        codes.add(CodeSet::parse(BOOK, "b.yaml").unwrap()).unwrap();
        codes
    }

    /// Cases A (two turns), B and C (one turn each).
    fn corpus() -> Corpus {
        let mut b = CasesBuilder::default();
        let mut outlines = Vec::new();
        for (id, turns) in [("A", 2), ("B", 1), ("C", 1)] {
            b.set(id, "site", "s", Location::file("cases.csv")).unwrap();
            outlines.push(Outline {
                path: format!("{id}.txt"),
                cases: vec![id.to_owned()],
                attributes: Vec::new(),
                segments: (1..=turns)
                    .map(|t| SegmentInfo {
                        ordinal: t,
                        case: id.to_owned(),
                        line_start: t,
                        line_end: t,
                    })
                    .collect(),
                preamble: None,
                speakers: Vec::new(),
                notices: Vec::new(),
                detected: Vec::new(),
                encoding: "UTF-8",
                turns_hash: 0,
            });
        }
        Corpus::new(outlines, b.build(Vec::new()))
    }

    fn coding(case: &str, segment: usize, code: &str) -> Coding {
        Coding {
            document: format!("{case}.txt"),
            case: case.to_owned(),
            segment,
            line_start: segment,
            line_end: segment,
            code: CodeId::parse(&format!("b.{code}")).unwrap(),
            source: Source::Auto,
            coder: crate::coding::Coder::Auto,
            pattern: String::new(),
            matched: String::new(),
            memo: String::new(),
        }
    }

    #[track_caller]
    fn case(within: Within, measure: Measure, leaves: bool, want: &[&[&str]]) {
        let codes = book();
        // A: xs in turn 1, ys and zs in turn 2; B: xs and zs; C: ys.
        let codings = [
            coding("A", 1, "p.xs"),
            coding("A", 2, "p.ys"),
            coding("A", 2, "zs"),
            coding("B", 1, "p.xs"),
            coding("B", 1, "zs"),
            coding("C", 1, "p.ys"),
        ];
        let opts = CooccurOptions {
            scope: "b".to_owned(),
            within,
            measure,
            leaves,
            filter: Filter::default(),
            footnote: false,
            roles: crate::project::Roles::default(),
        };
        let t = cooccur(&codings, &corpus(), &codes, &opts)
            .unwrap()
            .to_table();
        let got: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| {
                r.cells[1..r.cells.len() - 1]
                    .iter()
                    .map(crate::render::text)
                    .collect()
            })
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn counts_by_case_with_parents_rolled_up() {
        // Rows p, xs, ys, zs. p = {A, B, C}; xs = {A, B}; ys = {A, C}; zs = {A, B}.
        case(
            Within::Case,
            Measure::Count,
            false,
            &[
                &["3", "2", "2", "2"],
                &["2", "2", "1", "2"],
                &["2", "1", "2", "1"],
                &["2", "2", "1", "2"],
            ],
        );
    }

    #[test]
    fn the_result_is_typed_and_its_table_shows_each_pair_under_the_codes_key() {
        let codes = book();
        let codings = [
            coding("A", 1, "p.xs"),
            coding("A", 2, "zs"),
            coding("B", 1, "p.ys"),
            coding("C", 1, "zs"),
        ];
        let opts = CooccurOptions {
            scope: "b".to_owned(),
            measure: Measure::Jaccard,
            ..CooccurOptions::default()
        };
        let c = cooccur(&codings, &corpus(), &codes, &opts).unwrap();
        let ids: Vec<&str> = c.codes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(ids, ["b.p", "b.p.xs", "b.p.ys", "b.zs"]);
        assert_eq!(c.n, 3);
        // p = {A, B}, zs = {A, C}: both A; either A, B, C.
        assert_eq!(c.both[0][3], 1);
        assert!((c.jaccard(0, 3) - 100.0 / 3.0).abs() < 1e-9);
        let t = c.to_table();
        for (i, row) in t.rows.iter().enumerate() {
            let id = t.columns.iter().position(|k| k.key == "id").unwrap();
            assert_eq!(row.cells[id], Cell::Text(c.codes[i].code.to_string()));
            for (j, code) in c.codes.iter().enumerate() {
                let at = t.columns.iter().position(|k| k.key == code.code).unwrap();
                let want = if i == j {
                    Cell::Count(c.both[i][j])
                } else {
                    Cell::Percent(c.jaccard(i, j))
                };
                assert_eq!(row.cells[at], want, "{i}, {j}");
            }
        }
    }

    #[test]
    fn segments_need_the_same_turn_and_jaccard_is_both_over_either() {
        // Turns: xs = {A1, B1}; ys = {A2, C1}; zs = {A2, B1}.
        case(
            Within::Segment,
            Measure::Count,
            true,
            &[&["2", "0", "1"], &["0", "2", "1"], &["1", "1", "2"]],
        );
        case(
            Within::Segment,
            Measure::Jaccard,
            true,
            &[
                &["2", "0%", "33%"],
                &["0%", "2", "33%"],
                &["33%", "33%", "2"],
            ],
        );
    }

    #[test]
    fn a_code_not_loaded_rolls_up_to_its_loaded_ancestors_by_whole_parts() {
        let codes = book();
        // B's `p.xsy` is under p, not xs; C's `pz` is under no loaded code.
        let codings = [
            coding("A", 1, "p.xs"),
            coding("B", 1, "p.xsy"),
            coding("C", 1, "pz"),
        ];
        let opts = CooccurOptions {
            scope: "b".to_owned(),
            ..CooccurOptions::default()
        };
        let c = cooccur(&codings, &corpus(), &codes, &opts).unwrap();
        assert_eq!(
            c.both,
            [[2, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
        );
    }
}
