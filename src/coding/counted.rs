//! Whose coding counts: the coders whose decisions make the published
//! counts (`final:` in qualcode.yaml), and the conflicts between them.
//!
//! - `final: auto`: the auto-coding alone.
//! - `final: zoe` or `final: [ana, ben, adj]`: those coders, in that order;
//!   on the same segment and code a later coder's decision wins, so the
//!   order settles every disagreement (the last name is usually the one who
//!   adjudicates).
//! - no `final:`: every coder with a file in `codings/`, none before
//!   another. Where they disagree (one accepts or adds what another
//!   rejects), nobody's decision wins: the auto-coding stands, and every
//!   table says so in a note until `final:` is set or the conflicts are
//!   adjudicated.
//!
//! A coder's own decision on a segment and code is their last row on it.
//! Coders not counted (reliability coders) are read only by `agree`.

use crate::Result;
use crate::codebook::CodeId;
use crate::project::{FinalCoders, Project};

use super::store::{self, Action};

/// The coders whose decisions count, as the project says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountedCoders {
    /// The counted coders, in order (for an ordered list, later wins).
    pub coders: Vec<String>,
    /// Whether the order settles disagreements (`final:` given).
    pub ordered: bool,
    /// `final: auto`: no coder counts.
    pub auto_only: bool,
    /// The coders with a file in `codings/` who do not count.
    pub uncounted: Vec<String>,
    /// Counted coders named in `final:` who have no file yet.
    pub missing: Vec<String>,
}

impl CountedCoders {
    /// Resolve `final` against the coders with files (`present`, sorted).
    pub fn resolve(config: &FinalCoders, present: &[String]) -> CountedCoders {
        match config {
            FinalCoders::Every => CountedCoders {
                coders: present.to_vec(),
                ..CountedCoders::default()
            },
            FinalCoders::AutoOnly => CountedCoders {
                auto_only: true,
                uncounted: present.to_vec(),
                ..CountedCoders::default()
            },
            FinalCoders::Listed(names) => CountedCoders {
                coders: names.clone(),
                ordered: true,
                auto_only: false,
                uncounted: present
                    .iter()
                    .filter(|p| !names.contains(p))
                    .cloned()
                    .collect(),
                missing: names
                    .iter()
                    .filter(|n| !present.contains(n))
                    .cloned()
                    .collect(),
            },
        }
    }

    /// Whether `coder`'s decisions count.
    pub fn counts(&self, coder: &str) -> bool {
        self.coders.iter().any(|c| c == coder)
    }

    /// The rank of `coder` in the order (later wins), if counted.
    pub fn rank(&self, coder: &str) -> Option<usize> {
        self.coders.iter().position(|c| c == coder)
    }

    /// One sentence for a table's or report's methods note: whose
    /// decisions the counts use. `None` when there is nothing to say (no
    /// coder at all, and no `final:`).
    pub fn describe(&self) -> Option<String> {
        let not_counted = if self.uncounted.is_empty() {
            String::new()
        } else {
            format!(
                "; not counted (used by `agree` only): {}",
                self.uncounted.join(", ")
            )
        };
        if self.auto_only {
            return Some(format!(
                "Coding: the auto-coding alone (final: auto in qualcode.yaml){not_counted}."
            ));
        }
        let with_files: Vec<&str> = self
            .coders
            .iter()
            .filter(|c| !self.missing.contains(c))
            .map(String::as_str)
            .collect();
        if self.ordered {
            let decisions = if with_files.is_empty() {
                "no coder's decisions yet".to_owned()
            } else if with_files.len() == 1 {
                format!("the decisions of {}", with_files[0])
            } else {
                format!(
                    "the decisions of {} (in that order: a later coder's decision wins)",
                    with_files.join(", then ")
                )
            };
            return Some(format!(
                "Coding: the auto-coding with {decisions} (final: in qualcode.yaml){not_counted}."
            ));
        }
        match self.coders.as_slice() {
            [] => None,
            [one] => Some(format!(
                "Coding: the auto-coding with the decisions of {one}."
            )),
            many => Some(format!(
                "Coding: the auto-coding with the decisions of every coder ({}); where they \
                 disagree the auto-coding stands (set final: in qualcode.yaml to choose whose \
                 decisions count).",
                many.join(", ")
            )),
        }
    }
}

/// The coders whose decisions count in `project`, with those who have a
/// file in `codings/` but do not count.
pub fn counted_coders(project: &Project) -> Result<CountedCoders> {
    let present: Vec<String> = store::manual_files(&project.codings_dir(), "codings")?
        .into_iter()
        .map(|(c, _, _)| c)
        .collect();
    Ok(CountedCoders::resolve(&project.final_coders, &present))
}

/// Counted coders deciding differently on one segment and code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Document path.
    pub document: String,
    /// Case id.
    pub case: String,
    /// Segment (turn) number.
    pub segment: usize,
    /// First line of the segment.
    pub line_start: usize,
    /// Last line of the segment.
    pub line_end: usize,
    /// Code id.
    pub code: CodeId,
    /// Whether the auto-coding coded it.
    pub auto: bool,
    /// Each deciding coder's own (last) decision, in the counted order.
    pub decisions: Vec<(String, Action)>,
    /// The coder whose decision wins by the order of `final:`; `None`:
    /// unresolved, the auto-coding stands.
    pub winner: Option<String>,
}

impl Conflict {
    /// The coders who say the code applies, and those who say it does not.
    pub fn sides(&self) -> (Vec<&str>, Vec<&str>) {
        let mut yes = Vec::new();
        let mut no = Vec::new();
        for (coder, action) in &self.decisions {
            if applies(*action) {
                yes.push(coder.as_str());
            } else {
                no.push(coder.as_str());
            }
        }
        (yes, no)
    }

    /// One line: where, what, who said what, and the outcome.
    pub fn describe(&self) -> String {
        let said: Vec<String> = self
            .decisions
            .iter()
            .map(|(c, a)| format!("{c} {}s", a.as_str()))
            .collect();
        let lines = if self.line_start == self.line_end {
            self.line_start.to_string()
        } else {
            format!("{}-{}", self.line_start, self.line_end)
        };
        let outcome = match &self.winner {
            Some(w) => format!("{w}'s decision counts (later in final:)"),
            None if self.auto => "unresolved: the auto coding stands".to_owned(),
            None => "unresolved: not coded, as by the auto-coding".to_owned(),
        };
        format!(
            "conflict at {}:{lines} (case {}) on {}: {}; {outcome}",
            self.document,
            self.case,
            self.code,
            said.join(", ")
        )
    }
}

/// Whether `action` says the code applies to the segment.
pub fn applies(action: Action) -> bool {
    matches!(action, Action::Add | Action::Accept)
}

/// The note every table verb gives for unresolved conflicts, if any.
pub fn conflicts_note(conflicts: &[Conflict]) -> Option<String> {
    let open: Vec<&Conflict> = conflicts.iter().filter(|c| c.winner.is_none()).collect();
    if open.is_empty() {
        return None;
    }
    let mut coders: Vec<&str> = open
        .iter()
        .flat_map(|c| c.decisions.iter().map(|(n, _)| n.as_str()))
        .collect();
    coders.sort_unstable();
    coders.dedup();
    Some(format!(
        "{} between coders {} on the same turn and code: the auto coding stands for {}; \
         `qualcode check` lists {}. Set final: in qualcode.yaml, or run \
         `qualcode codings adjudicate --coders {} --as final`",
        crate::natural::count(open.len(), "unresolved conflict"),
        coders.join(", "),
        if open.len() == 1 { "it" } else { "each" },
        if open.len() == 1 { "it" } else { "them" },
        coders.join(","),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn describe_names_whose_decisions_count() {
        #[track_caller]
        fn case(config: &FinalCoders, present: &[&str], want: Option<&str>) {
            let c = CountedCoders::resolve(config, &names(present));
            assert_eq!(c.describe().as_deref(), want);
        }
        case(&FinalCoders::Every, &[], None);
        case(
            &FinalCoders::Every,
            &["zoe"],
            Some("Coding: the auto-coding with the decisions of zoe."),
        );
        case(
            &FinalCoders::AutoOnly,
            &["ana", "ben"],
            Some(
                "Coding: the auto-coding alone (final: auto in qualcode.yaml); not counted \
                 (used by `agree` only): ana, ben.",
            ),
        );
        case(
            &FinalCoders::Listed(names(&["ana", "adj"])),
            &["adj", "ana", "ben"],
            Some(
                "Coding: the auto-coding with the decisions of ana, then adj (in that order: a \
                 later coder's decision wins) (final: in qualcode.yaml); not counted (used by \
                 `agree` only): ben.",
            ),
        );
        case(
            &FinalCoders::Listed(names(&["final"])),
            &[],
            Some(
                "Coding: the auto-coding with no coder's decisions yet (final: in qualcode.yaml).",
            ),
        );
    }
}
