//! Agreement between two coders, or between auto-coding and a coder: which
//! codings each made, the sample of units both looked at, and per code the
//! 2×2 table of their yes/no decisions. The statistics live in [`stats`]
//! (pure functions); the tables built from them in [`report`]. Reads the
//! codings files, never writes them, and never prints.
//!
//! What a coder coded: a person's `add` and `accept` rows (the last row for
//! a segment and code wins, so a later `reject` takes an earlier `add`
//! back); for `auto`, the auto codings before any coder's decisions.
//!
//! The sample: for two people, the participant segments of the documents in
//! which both have at least one row; for `auto` and a person, those of the
//! documents in which the person has at least one row (auto coded every
//! document). A parent code counts a unit if it or any code below it
//! applies, as in `freq`.

pub mod report;
pub mod stats;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::codebook::{Code, CodeSet, is_within};
use crate::coding::store::{self, Action};
use crate::ingest::{Corpus, SegmentInfo};
use crate::project::Project;
use crate::table::Filter;
use crate::{Error, Location, Result};

pub use report::{disagreements, table};
pub use stats::Confusion;

/// The name that stands for the auto codings in `--coders`.
pub const AUTO: &str = "auto";

/// What one unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgreeUnit {
    /// One participant segment (turn).
    #[default]
    Segment,
    /// One case: coded if any of its segments in the sample is.
    Case,
}

impl AgreeUnit {
    /// The unit's name, singular.
    pub fn name(self) -> &'static str {
        match self {
            AgreeUnit::Segment => "segment",
            AgreeUnit::Case => "case",
        }
    }

    /// The unit's name, plural.
    pub fn plural(self) -> &'static str {
        match self {
            AgreeUnit::Segment => "segments",
            AgreeUnit::Case => "cases",
        }
    }
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct AgreeOptions {
    /// The unit of agreement.
    pub unit: AgreeUnit,
    /// Only the codes of this codebook.
    pub codebook: Option<String>,
    /// Only this code and the codes below it.
    pub code: Option<String>,
    /// Only segments of cases passing this filter.
    pub filter: Filter,
}

/// One coder's codings, resolved to segments.
#[derive(Debug, Clone, Default)]
pub struct CoderCodings {
    /// The coder's name (`auto` for the auto codings).
    pub name: String,
    /// The documents the coder looked at (has a row in); `None` for auto,
    /// which coded every document.
    pub documents: Option<BTreeSet<String>>,
    /// (document, segment ordinal) → the codes applied there.
    pub applied: HashMap<(String, usize), BTreeSet<String>>,
}

impl CoderCodings {
    /// Whether this is the auto codings.
    pub fn is_auto(&self) -> bool {
        self.documents.is_none()
    }
}

/// Check `names` names two different coders, and read their codings: a
/// person's file `codings/<name>.csv`, or the auto codings for `auto`
/// (with the notes on how they were read).
pub fn load_coders(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    names: &[String],
) -> Result<([CoderCodings; 2], Vec<String>)> {
    let [first, second] = names else {
        return Err(Error::usage(format!(
            "--coders takes two coders separated by a comma (ana,ben; or auto,ana to score \
             auto-coding against ana), not '{}'",
            names.join(",")
        )));
    };
    if first == second {
        return Err(Error::usage(format!(
            "--coders names '{first}' twice: name two different coders"
        )));
    }
    let files = store::manual_files(&project.codings_dir(), "codings")?;
    let mut notes = Vec::new();
    let mut read = |name: &str| -> Result<CoderCodings> {
        if name == AUTO {
            let (auto, n) = crate::coding::load_auto(project, corpus, codes)?;
            notes.extend(n);
            let mut applied: HashMap<(String, usize), BTreeSet<String>> = HashMap::new();
            for c in auto {
                applied
                    .entry((c.document, c.segment))
                    .or_default()
                    .insert(c.code);
            }
            return Ok(CoderCodings {
                name: AUTO.to_owned(),
                documents: None,
                applied,
            });
        }
        let Some((_, path, display)) = files.iter().find(|(coder, _, _)| coder == name) else {
            return Err(unknown_coder(name, &files));
        };
        person(
            &store::read_manual(path, display, name)?,
            display,
            corpus,
            codes,
        )
    };
    let first = read(first)?;
    let second = read(second)?;
    Ok(([first, second], notes))
}

fn unknown_coder(name: &str, files: &[(String, std::path::PathBuf, String)]) -> Error {
    if files.is_empty() {
        return Error::usage(format!(
            "unknown coder '{name}': there are no coders' files in codings/ yet; a coder's \
             decisions go in codings/<coder>.csv (columns document,line,code,action,memo), \
             and `auto` names the auto codings"
        ));
    }
    let known: Vec<&str> = files.iter().map(|(c, _, _)| c.as_str()).collect();
    Error::usage(format!(
        "unknown coder '{name}': the coders with files in codings/ are {}, and `auto` names \
         the auto codings",
        known.join(", ")
    ))
}

/// A person's codings from their rows: add and accept code, reject
/// uncodes; the last row for a segment and code wins.
fn person(
    rows: &[store::ManualRow],
    display: &str,
    corpus: &Corpus,
    codes: &CodeSet,
) -> Result<CoderCodings> {
    let Some(first) = rows.first() else {
        return Err(Error::invalid(
            "this coder's file has no rows, so there is nothing to compare: it needs at least \
             one add, accept or reject row",
        )
        .at(Location::file(display)));
    };
    let mut out = CoderCodings {
        name: first.coder.clone(),
        documents: Some(BTreeSet::new()),
        applied: HashMap::new(),
    };
    for row in rows {
        let segment = crate::coding::merge::resolve(row, corpus, codes)?;
        if let Some(docs) = &mut out.documents {
            docs.insert(row.document.clone());
        }
        let set = out
            .applied
            .entry((row.document.clone(), segment.ordinal))
            .or_default();
        match row.action {
            Action::Add | Action::Accept => set.insert(row.code.clone()),
            Action::Reject => set.remove(&row.code),
        };
    }
    Ok(out)
}

/// One unit of the sample: a segment, or a case with its segments.
#[derive(Debug, Clone)]
pub(crate) struct Unit<'c> {
    /// The case.
    pub(crate) case: &'c str,
    /// Its segments in the sample, as (document, segment).
    pub(crate) segments: Vec<(&'c str, &'c SegmentInfo)>,
}

/// The two coders' decisions over the sample.
pub(crate) struct Comparison<'a> {
    /// The codes compared, in codebook (tree) order.
    pub(crate) codes: Vec<&'a Code>,
    /// The sample's units, in document and segment order, or by case.
    pub(crate) units: Vec<Unit<'a>>,
    /// The documents of the sample.
    pub(crate) documents: usize,
    /// Per coder and unit, the codes that apply, parents rolled up.
    pub(crate) coded: [Vec<HashSet<&'a str>>; 2],
}

impl<'a> Comparison<'a> {
    /// Build the sample and each coder's rolled-up codes per unit.
    pub(crate) fn new(
        coders: &[CoderCodings; 2],
        corpus: &'a Corpus,
        codes: &'a CodeSet,
        opts: &AgreeOptions,
    ) -> Result<Comparison<'a>> {
        opts.filter.validate(corpus)?;
        let compared = universe(codes, opts)?;
        let looked =
            |c: &CoderCodings, doc: &str| c.documents.as_ref().is_none_or(|d| d.contains(doc));
        let sample: Vec<_> = corpus
            .outlines
            .iter()
            .filter(|o| coders.iter().all(|c| looked(c, &o.path)))
            .collect();
        if sample.is_empty() {
            return Err(Error::invalid(format!(
                "{} and {} have no document in common: agreement needs both to have at least \
                 one row in the same transcript",
                coders[0].name, coders[1].name
            )));
        }
        let mut segments = Vec::new();
        for o in &sample {
            for s in &o.segments {
                let case = corpus.cases.get(&s.case);
                if case.is_some_and(|c| opts.filter.accepts(c)) {
                    segments.push((o.path.as_str(), s));
                }
            }
        }
        if segments.is_empty() {
            return Err(Error::usage(
                "no participant segment of the sample's documents belongs to a case that \
                 passes --where: nothing to compare",
            ));
        }
        let units = match opts.unit {
            AgreeUnit::Segment => segments
                .into_iter()
                .map(|(d, s)| Unit {
                    case: &s.case,
                    segments: vec![(d, s)],
                })
                .collect(),
            AgreeUnit::Case => {
                let mut by_case: Vec<Unit<'a>> = Vec::new();
                for (d, s) in segments {
                    match by_case.iter_mut().find(|u| u.case == s.case) {
                        Some(u) => u.segments.push((d, s)),
                        None => by_case.push(Unit {
                            case: &s.case,
                            segments: vec![(d, s)],
                        }),
                    }
                }
                by_case
                    .sort_by(|a, b| crate::natural::cmp(a.case, b.case).then(a.case.cmp(b.case)));
                by_case
            }
        };
        let coded = [0, 1].map(|i| {
            units
                .iter()
                .map(|u| rolled_up(&coders[i], u, codes))
                .collect()
        });
        Ok(Comparison {
            codes: compared,
            units,
            documents: sample.len(),
            coded,
        })
    }

    /// Whether coder `i` coded `unit` with `code` (or a code below it).
    pub(crate) fn has(&self, i: usize, unit: usize, code: &str) -> bool {
        self.coded[i][unit].contains(code)
    }

    /// The 2×2 table of `code` over the sample.
    pub(crate) fn confusion(&self, code: &str) -> Confusion {
        let mut t = Confusion::default();
        for u in 0..self.units.len() {
            t.add(self.has(0, u, code), self.has(1, u, code));
        }
        t
    }
}

/// The codes compared: every code, or those of `--codebook` and under
/// `--code`.
fn universe<'a>(codes: &'a CodeSet, opts: &AgreeOptions) -> Result<Vec<&'a Code>> {
    if let Some(book) = &opts.codebook {
        codes.codebook(book)?;
    }
    let root = match &opts.code {
        Some(code) => Some(codes.require(code)?.id.clone()),
        None => None,
    };
    let out: Vec<&Code> = codes
        .codes()
        .filter(|c| opts.codebook.as_ref().is_none_or(|b| is_within(&c.id, b)))
        .filter(|c| root.as_ref().is_none_or(|r| is_within(&c.id, r)))
        .collect();
    if out.is_empty() {
        return Err(Error::usage(match (&opts.code, &opts.codebook) {
            (Some(code), Some(book)) => {
                format!("code {code} is not in codebook {book}: nothing to compare")
            }
            _ => "no codes to compare: the project's codebooks have none".to_owned(),
        }));
    }
    Ok(out)
}

/// The codes `coder` applied anywhere in `unit`, with every code above them.
fn rolled_up<'a>(coder: &CoderCodings, unit: &Unit<'_>, codes: &'a CodeSet) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for (doc, seg) in &unit.segments {
        let Some(applied) = coder.applied.get(&((*doc).to_owned(), seg.ordinal)) else {
            continue;
        };
        for id in applied {
            let mut code = codes.code(id);
            while let Some(c) = code {
                out.insert(c.id.as_str());
                code = c.parent.as_deref().and_then(|p| codes.code(p));
            }
        }
    }
    out
}
