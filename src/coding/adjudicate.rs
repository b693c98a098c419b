//! Adjudication: the conflicts between some coders (one says a code
//! applies to a turn, another says it does not), each settled by a
//! decision written to the adjudicator's file (`--as final`:
//! `codings/final.csv`), at once and atomically under the coder-file lock.
//! Listing `final` last under `final:` in qualcode.yaml then makes those
//! decisions win. A conflict the adjudicator has already decided is not
//! asked again, so a quit loses nothing. Prints nothing.

use super::counted::{Conflict, CountedCoders};
use super::manual::{self, CoderLock, Decision};
use super::store::{self, Action, ManualRow};
use super::{Coding, merge_counted};
use crate::codebook::CodeSet;
use crate::ingest::Corpus;
use crate::project::Project;
use crate::{Error, Result};

/// Check `--coders` and `--as` before any work: two or more coders, each
/// with a file, and an adjudicator who is not one of them.
pub fn check_args(project: &Project, coders: &[String], judge: &str) -> Result<()> {
    manual::check_coder(judge)?;
    if coders.len() < 2 {
        return Err(Error::usage(
            "--coders needs two or more coders to find where they disagree, as in --coders ana,ben",
        ));
    }
    if coders.iter().any(|c| c == judge) {
        return Err(Error::usage(format!(
            "--as {judge} is one of --coders: the adjudicator's decisions go to a file of \
             their own (as in --as final)"
        )));
    }
    for coder in coders {
        manual::read_existing_coder(project, coder)?;
    }
    Ok(())
}

/// The conflicts between `coders` (see [`check_args`]) that `judge` has
/// not decided yet, in canonical order.
pub fn open_conflicts(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    auto: &[Coding],
    coders: &[String],
    judge: &str,
) -> Result<Vec<Conflict>> {
    check_args(project, coders, judge)?;
    let mut rows: Vec<ManualRow> = Vec::new();
    for coder in coders {
        rows.extend(manual::read_existing_coder(project, coder)?);
    }
    let counted = CountedCoders {
        coders: coders.to_vec(),
        ..CountedCoders::default()
    };
    let effective = merge_counted(auto.to_vec(), &rows, corpus, codes, &counted)?;
    let (path, display) = manual::coder_file(project, judge);
    let mine = manual::read_coder(&path, &display, judge)?;
    let decided = |c: &Conflict| {
        mine.iter().any(|r| {
            r.document == c.document
                && r.code == c.code
                && (c.line_start..=c.line_end).contains(&r.line)
        })
    };
    Ok(effective
        .conflicts
        .into_iter()
        .filter(|c| !decided(c))
        .collect())
}

/// The row that records "the code applies" (`applies`) or not for
/// `conflict`: accept or reject of an auto coding; add of another. A
/// conflict over a coding the auto-coding did not make (only hand-edited
/// files have one) is settled "no" by a reject row, which counts as the
/// adjudicator's decision although it matches no auto coding.
pub fn decision_for(conflict: &Conflict, applies: bool, memo: &str) -> Decision {
    let action = match (applies, conflict.auto) {
        (true, true) => Action::Accept,
        (true, false) => Action::Add,
        (false, _) => Action::Reject,
    };
    Decision {
        document: conflict.document.clone(),
        line: conflict.line_start,
        code: conflict.code.to_string(),
        action,
        memo: memo.to_owned(),
    }
}

/// Write `judge`'s decision on `conflict` to their file, under the lock;
/// the line saying what was written.
pub fn record(
    project: &Project,
    judge: &str,
    conflict: &Conflict,
    applies: bool,
    memo: &str,
) -> Result<String> {
    manual::check_coder(judge)?;
    let decision = decision_for(conflict, applies, memo);
    let (path, display) = manual::coder_file(project, judge);
    let _lock = CoderLock::acquire(&path)?;
    let row = manual::append(&path, &display, &decision)?;
    Ok(format!(
        "{display}:{row}: {} {} at {}:{} (case {})",
        decision.action.as_str(),
        decision.code,
        decision.document,
        manual::lines(conflict.line_start, conflict.line_end),
        conflict.case
    ))
}

/// The text of `conflict`'s turn, redacted with the project's list.
pub fn turn_text(project: &Project, conflict: &Conflict) -> Result<String> {
    let files = project.transcript_files()?;
    let stale = || {
        Error::invalid(format!(
            "{} no longer has turn {} at line {}: run `qualcode code`",
            conflict.document, conflict.segment, conflict.line_start
        ))
    };
    let file = files
        .iter()
        .find(|f| f.display == conflict.document)
        .ok_or_else(stale)?;
    let doc = crate::ingest::read(project, file)?;
    let turn = doc
        .turns
        .iter()
        .find(|t| t.ordinal == conflict.segment)
        .ok_or_else(stale)?;
    Ok(crate::redact::Redactor::for_project(project).apply(&turn.text))
}

/// How `--non-interactive` settles each conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prefer {
    /// This coder's decision (a conflict they did not decide is left open).
    Coder(String),
    /// The auto-coding's answer.
    Auto,
}

impl Prefer {
    /// Whether the code applies by this preference; `None`: no answer.
    pub fn applies(&self, conflict: &Conflict) -> Option<bool> {
        match self {
            Prefer::Auto => Some(conflict.auto),
            Prefer::Coder(name) => conflict
                .decisions
                .iter()
                .find(|(c, _)| c == name)
                .map(|(_, a)| super::counted::applies(*a)),
        }
    }
}

/// Settle every conflict by `prefer`, in one pass under the lock: the lines
/// written, and how many conflicts were left open.
pub fn settle_all(
    project: &Project,
    judge: &str,
    conflicts: &[Conflict],
    prefer: &Prefer,
) -> Result<(Vec<String>, usize)> {
    let mut written = Vec::new();
    let mut open = 0;
    let memo = match prefer {
        Prefer::Auto => "adjudicated: as the auto-coding".to_owned(),
        Prefer::Coder(c) => format!("adjudicated: as {c}"),
    };
    for conflict in conflicts {
        match prefer.applies(conflict) {
            Some(applies) => written.push(record(project, judge, conflict, applies, &memo)?),
            None => open += 1,
        }
    }
    Ok((written, open))
}

/// The coders `--coders` names, split on commas, each with a file.
pub fn parse_coders(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in list.iter().flat_map(|l| l.split(',')).map(str::trim) {
        if !name.is_empty() && !out.iter().any(|o| o == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// Whether `project`'s `final:` makes `judge`'s decisions count over the
/// coders': a note saying how to make it so when it does not.
pub fn final_note(project: &Project, judge: &str, coders: &[String]) -> Option<String> {
    let present: Vec<String> = store::manual_files(&project.codings_dir(), "codings")
        .ok()?
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    let counted = CountedCoders::resolve(&project.final_coders, &present);
    if counted.ordered && counted.coders.last().is_some_and(|l| l == judge) {
        return None;
    }
    Some(format!(
        "for these decisions to make the counts, list {judge} last under final: in \
         qualcode.yaml, as in `final: [{}, {judge}]`",
        coders.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conflict(auto: bool) -> Conflict {
        Conflict {
            document: "t/F1.txt".into(),
            case: "F1".into(),
            segment: 2,
            line_start: 11,
            line_end: 12,
            code: crate::codebook::CodeId::parse("m.finance").unwrap(),
            auto,
            decisions: vec![
                ("ana".into(), Action::Accept),
                ("zoe".into(), Action::Reject),
            ],
            winner: None,
        }
    }

    #[test]
    fn the_row_written_follows_the_answer_and_the_auto_coding() {
        #[track_caller]
        fn case(auto: bool, applies: bool, want: Action) {
            assert_eq!(decision_for(&conflict(auto), applies, "").action, want);
        }
        case(true, true, Action::Accept);
        case(true, false, Action::Reject);
        case(false, true, Action::Add);
        case(false, false, Action::Reject);
        assert_eq!(decision_for(&conflict(true), true, "").line, 11);
    }

    #[test]
    fn prefer_takes_a_coders_answer_or_the_auto_codings() {
        let c = conflict(true);
        assert_eq!(Prefer::Coder("zoe".into()).applies(&c), Some(false));
        assert_eq!(Prefer::Coder("ana".into()).applies(&c), Some(true));
        assert_eq!(Prefer::Coder("ben".into()).applies(&c), None);
        assert_eq!(Prefer::Auto.applies(&c), Some(true));
        assert_eq!(
            parse_coders(&["ana, ben".into(), "ana".into()]),
            ["ana", "ben"]
        );
    }
}
