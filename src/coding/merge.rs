//! Auto + manual = effective codings. Each counted coder's own decision on
//! a segment and code is their last row on it: a `reject` removes the auto
//! coding, an `add` adds one, an `accept` confirms one and changes nothing.
//! Between counted coders, see [`super::counted`]: in `final:`'s order a
//! later coder wins; without an order a disagreement leaves the
//! auto-coding's answer and is reported as a conflict. Manual files are
//! only read here, never written.

use std::collections::{BTreeMap, HashSet};

use super::counted::{Conflict, CountedCoders, applies};
use super::store::{Action, ManualRow};
use super::{Coder, Coding, Source, sort};
use crate::codebook::CodeSet;
use crate::ingest::{Corpus, SegmentInfo};
use crate::{Error, Result};

/// The effective codings, with what the merge noticed.
#[derive(Debug, Clone, Default)]
pub struct Effective {
    /// Codings in canonical order.
    pub codings: Vec<Coding>,
    /// Rejects and accepts that matched no auto coding (the auto coding may
    /// have gone after a codebook change), as messages naming the row.
    pub unmatched_rejects: Vec<String>,
    /// Segments and codes on which counted coders decided differently, in
    /// canonical order.
    pub conflicts: Vec<Conflict>,
    /// Whose decisions were used.
    pub counted: CountedCoders,
}

/// Merge `auto` codings with the `manual` rows of every coder in them,
/// none before another (as without `final:`), resolving each row's line
/// to the segment that holds it.
pub fn merge(
    auto: Vec<Coding>,
    manual: &[ManualRow],
    corpus: &Corpus,
    codes: &CodeSet,
) -> Result<Effective> {
    let mut coders: Vec<String> = manual.iter().map(|r| r.coder.clone()).collect();
    coders.sort();
    coders.dedup();
    let counted = CountedCoders {
        coders,
        ..CountedCoders::default()
    };
    merge_counted(auto, manual, corpus, codes, &counted)
}

/// A segment and code: (document, segment ordinal, code).
type Key = (String, usize, crate::codebook::CodeId);

/// Merge `auto` codings with the rows of the `counted` coders in `manual`
/// (rows of other coders are passed over), resolving each row's line to
/// the segment that holds it.
pub fn merge_counted(
    auto: Vec<Coding>,
    manual: &[ManualRow],
    corpus: &Corpus,
    codes: &CodeSet,
    counted: &CountedCoders,
) -> Result<Effective> {
    // Per segment and code, each counted coder's last decision, by rank.
    let mut decided: BTreeMap<Key, BTreeMap<usize, (&ManualRow, &SegmentInfo)>> = BTreeMap::new();
    let mut checked_rows: Vec<(&ManualRow, Key)> = Vec::new();
    for row in manual {
        let Some(rank) = counted.rank(&row.coder) else {
            continue;
        };
        let segment = resolve(row, corpus, codes)?;
        let key = (
            row.document.clone(),
            segment.ordinal,
            codes.require(&row.code)?.id.clone(),
        );
        if row.action != Action::Add {
            checked_rows.push((row, key.clone()));
        }
        let mine = decided.entry(key).or_default();
        // An accept after the coder's own add confirms the add.
        let confirms = row.action == Action::Accept
            && mine
                .get(&rank)
                .is_some_and(|(r, _)| r.action == Action::Add);
        if !confirms {
            mine.insert(rank, (row, segment));
        }
    }
    // Without decisions (the common case of a table with no coders), no
    // key is built per auto coding.
    let present: HashSet<Key> = if decided.is_empty() {
        HashSet::new()
    } else {
        auto.iter()
            .map(|c| (c.document.clone(), c.segment, c.code.clone()))
            .collect()
    };
    let unmatched_rejects = checked_rows
        .iter()
        .filter(|(_, key)| !present.contains(key))
        .map(|(row, _)| {
            format!(
                "{}: {} of {} matches no auto coding",
                row.location,
                row.action.as_str(),
                row.code
            )
        })
        .collect();
    let mut rejects: HashSet<Key> = HashSet::new();
    let mut adds: Vec<Coding> = Vec::new();
    let mut conflicts = Vec::new();
    for (key, by_rank) in decided {
        let decisions: Vec<(&ManualRow, &SegmentInfo)> = by_rank.into_values().collect();
        let is_auto = present.contains(&key);
        match settle(&key, &decisions, is_auto, counted, &mut conflicts) {
            Outcome::Reject => {
                rejects.insert(key);
            }
            Outcome::Add(add) => adds.push(Coding {
                document: key.0,
                case: decisions[0].1.case.clone(),
                segment: key.1,
                line_start: decisions[0].1.line_start,
                line_end: decisions[0].1.line_end,
                code: key.2,
                source: Source::Manual,
                coder: Coder::Named(add.coder.clone()),
                pattern: String::new(),
                matched: String::new(),
                memo: add.memo.clone(),
            }),
            Outcome::Keep => {}
        }
    }
    let mut codings: Vec<Coding> = if rejects.is_empty() {
        auto
    } else {
        auto.into_iter()
            .filter(|c| !rejects.contains(&(c.document.clone(), c.segment, c.code.clone())))
            .collect()
    };
    codings.extend(adds);
    sort(&mut codings);
    conflicts.sort_by(|a, b| {
        crate::natural::cmp(&a.document, &b.document)
            .then(a.document.cmp(&b.document))
            .then(a.segment.cmp(&b.segment))
            .then(a.code.cmp(&b.code))
    });
    Ok(Effective {
        codings,
        unmatched_rejects,
        conflicts,
        counted: counted.clone(),
    })
}

/// What the counted coders' decisions on one segment and code do.
enum Outcome<'r> {
    /// Leave the auto-coding's answer.
    Keep,
    /// Remove the auto coding.
    Reject,
    /// Add a coding, by this row's coder.
    Add(&'r ManualRow),
}

/// Settle one segment and code from each deciding coder's own decision
/// (in counted order): the last in order, or without an order the one
/// they all agree on; a disagreement is pushed to `conflicts`.
fn settle<'r>(
    key: &Key,
    decisions: &[(&'r ManualRow, &SegmentInfo)],
    is_auto: bool,
    counted: &CountedCoders,
    conflicts: &mut Vec<Conflict>,
) -> Outcome<'r> {
    let yes = decisions.iter().any(|(r, _)| applies(r.action));
    let no = decisions.iter().any(|(r, _)| !applies(r.action));
    let last = decisions.last().map(|(r, _)| *r);
    let winner = if yes && no {
        let segment = decisions[0].1;
        conflicts.push(Conflict {
            document: key.0.clone(),
            case: segment.case.clone(),
            segment: key.1,
            line_start: segment.line_start,
            line_end: segment.line_end,
            code: key.2.clone(),
            auto: is_auto,
            decisions: decisions
                .iter()
                .map(|(r, _)| (r.coder.clone(), r.action))
                .collect(),
            winner: last.filter(|_| counted.ordered).map(|r| r.coder.clone()),
        });
        last.filter(|_| counted.ordered)
    } else {
        last
    };
    let Some(row) = winner else {
        return Outcome::Keep;
    };
    if !applies(row.action) {
        return Outcome::Reject;
    }
    if is_auto {
        return Outcome::Keep;
    }
    // Applies but not auto-coded: an add (by the winner, or by the first
    // who added it when they all agree); an accept alone matches nothing
    // and adds nothing.
    if row.action == Action::Add {
        return Outcome::Add(row);
    }
    decisions
        .iter()
        .map(|(r, _)| *r)
        .find(|r| r.action == Action::Add)
        .map_or(Outcome::Keep, Outcome::Add)
}

/// The participant segment a coder's row points at, checking its document,
/// line and code exist; errors name the row.
pub fn resolve<'c>(
    row: &ManualRow,
    corpus: &'c Corpus,
    codes: &CodeSet,
) -> Result<&'c crate::ingest::SegmentInfo> {
    let Some(outline) = corpus.outline(&row.document) else {
        return Err(Error::invalid(format!(
            "unknown document '{}': it is not among the project's transcripts",
            row.document
        ))
        .at(row.location.clone()));
    };
    let Some(segment) = outline.segment_at(row.line) else {
        return Err(Error::invalid(format!(
            "line {} of {} is not in a participant turn (was the transcript edited?)",
            row.line, row.document
        ))
        .at(row.location.clone()));
    };
    if let Err(e) = codes.require(&row.code) {
        return Err(e.at(row.location.clone()));
    }
    Ok(segment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use crate::ingest::{Outline, SegmentInfo};
    use crate::project::Cases;

    fn corpus() -> Corpus {
        let seg = |ordinal, case: &str, a, b| SegmentInfo {
            ordinal,
            case: case.into(),
            line_start: a,
            line_end: b,
        };
        Corpus::new(
            vec![Outline {
                path: "t/F4.txt".into(),
                cases: vec!["F4".into()],
                attributes: vec![],
                segments: vec![seg(2, "F4", 5, 7), seg(4, "F4", 9, 9)],
                preamble: None,
                speakers: vec![],
                notices: vec![],
                detected: vec![],
                encoding: "UTF-8",
                turns_hash: 0,
            }],
            Cases::default(),
        )
    }

    fn codes() -> CodeSet {
        let mut set = CodeSet::default();
        set.add(CodeSet::parse("codebook: m\ncodes:\n  - id: a\n  - id: b\n", "m.yaml").unwrap())
            .unwrap();
        set
    }

    fn auto(segment: usize, code: &str) -> Coding {
        Coding {
            document: "t/F4.txt".into(),
            case: "F4".into(),
            segment,
            line_start: 5,
            line_end: 7,
            code: crate::codebook::CodeId::parse(code).unwrap(),
            source: Source::Auto,
            coder: crate::coding::Coder::Auto,
            pattern: "p".into(),
            matched: "p".into(),
            memo: String::new(),
        }
    }

    fn row(line: usize, code: &str, action: Action) -> ManualRow {
        ManualRow {
            coder: "ana".into(),
            location: Location::line("codings/ana.csv", 2),
            document: "t/F4.txt".into(),
            line,
            code: code.into(),
            action,
            memo: String::new(),
        }
    }

    #[test]
    fn reject_removes_and_add_adds_within_the_segment_holding_the_line() {
        let manual = [
            row(6, "m.a", Action::Reject),
            row(9, "m.b", Action::Add),
            row(7, "m.b", Action::Reject),
            row(9, "m.a", Action::Accept),
            row(9, "m.b", Action::Accept),
        ];
        let eff = merge(
            vec![auto(2, "m.a"), auto(4, "m.a")],
            &manual,
            &corpus(),
            &codes(),
        )
        .unwrap();
        let got: Vec<_> = eff
            .codings
            .iter()
            .map(|c| (c.segment, c.code.as_str(), c.source))
            .collect();
        assert_eq!(got, [(4, "m.a", Source::Auto), (4, "m.b", Source::Manual)]);
        assert_eq!(eff.codings[1].coder.name(), "ana");
        assert_eq!(
            eff.unmatched_rejects,
            [
                "codings/ana.csv:2: reject of m.b matches no auto coding",
                "codings/ana.csv:2: accept of m.b matches no auto coding"
            ]
        );
    }

    fn by(coder: &str, mut r: ManualRow) -> ManualRow {
        r.coder = coder.into();
        r.location = Location::line(format!("codings/{coder}.csv"), 2);
        r
    }

    fn counted(coders: &[&str], ordered: bool) -> CountedCoders {
        CountedCoders {
            coders: coders.iter().map(|c| (*c).to_owned()).collect(),
            ordered,
            ..CountedCoders::default()
        }
    }

    fn coded(eff: &Effective) -> Vec<(usize, &str, &str)> {
        eff.codings
            .iter()
            .map(|c| (c.segment, c.code.as_str(), c.coder.name()))
            .collect()
    }

    #[test]
    fn without_an_order_a_disagreement_leaves_the_auto_coding_and_is_a_conflict() {
        let manual = [
            by("ana", row(6, "m.a", Action::Accept)),
            by("zoe", row(6, "m.a", Action::Reject)),
            by("ana", row(9, "m.b", Action::Add)),
            by("zoe", row(9, "m.b", Action::Reject)),
        ];
        let eff = merge_counted(
            vec![auto(2, "m.a")],
            &manual,
            &corpus(),
            &codes(),
            &counted(&["ana", "zoe"], false),
        )
        .unwrap();
        assert_eq!(coded(&eff), [(2, "m.a", "auto")]);
        assert_eq!(eff.conflicts.len(), 2);
        assert_eq!(
            eff.conflicts[0].describe(),
            "conflict at t/F4.txt:5-7 (case F4) on m.a: ana accepts, zoe rejects; \
             unresolved: the auto coding stands"
        );
        assert_eq!(
            eff.conflicts[1].describe(),
            "conflict at t/F4.txt:9 (case F4) on m.b: ana adds, zoe rejects; \
             unresolved: not coded, as by the auto-coding"
        );
        let note = super::super::counted::conflicts_note(&eff.conflicts).unwrap();
        assert!(
            note.starts_with("2 unresolved conflicts between coders ana, zoe"),
            "{note}"
        );
    }

    #[test]
    fn in_final_order_the_later_coder_wins_and_others_are_not_counted() {
        let manual = [
            by("zoe", row(6, "m.a", Action::Reject)),
            by("ana", row(6, "m.a", Action::Accept)),
            by("ana", row(9, "m.b", Action::Add)),
            by("zoe", row(9, "m.b", Action::Reject)),
            by("ben", row(6, "m.b", Action::Add)),
        ];
        let eff = merge_counted(
            vec![auto(2, "m.a")],
            &manual,
            &corpus(),
            &codes(),
            &counted(&["zoe", "ana"], true),
        )
        .unwrap();
        // ana (later) keeps m.a in segment 2 and adds m.b in 4; ben does not count.
        assert_eq!(coded(&eff), [(2, "m.a", "auto"), (4, "m.b", "ana")]);
        assert!(
            eff.conflicts
                .iter()
                .all(|c| c.winner.as_deref() == Some("ana"))
        );
        assert_eq!(super::super::counted::conflicts_note(&eff.conflicts), None);
        let eff = merge_counted(
            vec![auto(2, "m.a")],
            &manual,
            &corpus(),
            &codes(),
            &counted(&["ana", "zoe"], true),
        )
        .unwrap();
        assert!(coded(&eff).is_empty());
    }

    #[test]
    fn a_coders_last_row_on_a_segment_and_code_is_their_decision() {
        let manual = [row(9, "m.b", Action::Add), row(9, "m.b", Action::Reject)];
        let eff = merge(vec![], &manual, &corpus(), &codes()).unwrap();
        assert!(eff.codings.is_empty());
        assert!(eff.conflicts.is_empty());
    }

    #[test]
    fn an_add_duplicating_an_auto_coding_counts_once() {
        let eff = merge(
            vec![auto(2, "m.a")],
            &[row(5, "m.a", Action::Add)],
            &corpus(),
            &codes(),
        )
        .unwrap();
        assert_eq!(eff.codings.len(), 1);
    }

    #[test]
    fn rows_naming_missing_lines_documents_or_codes_are_errors() {
        let err = merge(vec![], &[row(8, "m.a", Action::Add)], &corpus(), &codes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "codings/ana.csv:2: line 8 of t/F4.txt is not in a participant turn (was the transcript edited?)"
        );
        let err = merge(vec![], &[row(5, "m.zz", Action::Add)], &corpus(), &codes()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("codings/ana.csv:2: unknown code 'm.zz'"),
            "{err}"
        );
        let mut r = row(5, "m.a", Action::Add);
        r.document = "t/X.txt".into();
        let err = merge(vec![], &[r], &corpus(), &codes()).unwrap_err();
        assert!(err.message().starts_with("unknown document 't/X.txt'"));
    }
}
