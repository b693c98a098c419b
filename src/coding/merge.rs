//! Auto + manual = effective codings. A coder's `reject` removes the auto
//! coding of that code from that segment; an `add` adds one; an `accept`
//! confirms one and changes nothing. Manual files
//! are only read here, never written.

use std::collections::HashSet;

use super::store::{Action, ManualRow};
use super::{Coding, Source, sort};
use crate::codebook::CodeSet;
use crate::ingest::Corpus;
use crate::{Error, Result};

/// The effective codings, with what the merge noticed.
#[derive(Debug, Clone, Default)]
pub struct Effective {
    /// Codings in canonical order.
    pub codings: Vec<Coding>,
    /// Rejects and accepts that matched no auto coding (the auto coding may
    /// have gone after a codebook change), as messages naming the row.
    pub unmatched_rejects: Vec<String>,
}

/// Merge `auto` codings with coders' `manual` rows, resolving each row's
/// line to the segment that holds it.
pub fn merge(
    auto: Vec<Coding>,
    manual: &[ManualRow],
    corpus: &Corpus,
    codes: &CodeSet,
) -> Result<Effective> {
    // Keys borrow from the rows and codings: nothing is copied per coding.
    let mut rejects: HashSet<(&str, usize, &str)> = HashSet::new();
    let mut adds: Vec<Coding> = Vec::new();
    let mut checked_rows: Vec<(&ManualRow, usize)> = Vec::new();
    for row in manual {
        let segment = resolve(row, corpus, codes)?;
        match row.action {
            Action::Reject => {
                rejects.insert((&row.document, segment.ordinal, &row.code));
                checked_rows.push((row, segment.ordinal));
            }
            Action::Accept => checked_rows.push((row, segment.ordinal)),
            Action::Add => adds.push(Coding {
                document: row.document.clone(),
                case: segment.case.clone(),
                segment: segment.ordinal,
                line_start: segment.line_start,
                line_end: segment.line_end,
                code: row.code.clone(),
                source: Source::Manual,
                coder: row.coder.clone(),
                pattern: String::new(),
                matched: String::new(),
                memo: row.memo.clone(),
            }),
        }
    }
    let unmatched_rejects = if checked_rows.is_empty() {
        Vec::new()
    } else {
        let present: HashSet<(&str, usize, &str)> = auto.iter().map(key).collect();
        checked_rows
            .iter()
            .filter(|(row, seg)| {
                !present.contains(&(row.document.as_str(), *seg, row.code.as_str()))
            })
            .map(|(row, _)| {
                format!(
                    "{}: {} of {} matches no auto coding",
                    row.location,
                    row.action.as_str(),
                    row.code
                )
            })
            .collect()
    };
    let mut codings: Vec<Coding> = if rejects.is_empty() {
        auto
    } else {
        auto.into_iter()
            .filter(|c| !rejects.contains(&key(c)))
            .collect()
    };
    if !adds.is_empty() {
        // An add of a coding already there (or added before) is one coding.
        let keep: Vec<bool> = {
            let mut seen: HashSet<(&str, usize, &str)> = codings.iter().map(key).collect();
            adds.iter().map(|a| seen.insert(key(a))).collect()
        };
        codings.extend(
            adds.into_iter()
                .zip(keep)
                .filter_map(|(a, k)| k.then_some(a)),
        );
    }
    sort(&mut codings);
    Ok(Effective {
        codings,
        unmatched_rejects,
    })
}

/// A coding's place and code, borrowed.
fn key(c: &Coding) -> (&str, usize, &str) {
    (c.document.as_str(), c.segment, c.code.as_str())
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
            code: code.into(),
            source: Source::Auto,
            coder: String::new(),
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
        assert_eq!(eff.codings[1].coder, "ana");
        assert_eq!(
            eff.unmatched_rejects,
            [
                "codings/ana.csv:2: reject of m.b matches no auto coding",
                "codings/ana.csv:2: accept of m.b matches no auto coding"
            ]
        );
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
