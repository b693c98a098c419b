//! The appendix: for each count in the report, the cases behind it and the
//! transcript lines where each was coded. Entries are made once per code
//! (or persona) and group, numbered in the order the report first links to
//! them, so the same count in two tables links to one entry.
//!
//! Codings are grouped by their code's number once ([`CodeIx`]); a code's
//! entry gathers the codings of its run of numbers (it and every code
//! below it), not of the ids that start with its id.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::codebook::{CodeIx, CodeSet};
use crate::coding::Coding;
use crate::ingest::Corpus;
use crate::natural;
use crate::persona::{Assignment, PersonaSet};
use crate::project::select::group_of;

/// One appendix entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The HTML anchor (`e12`).
    pub anchor: String,
    /// What is counted, and in which group.
    pub title: String,
    /// Each case, in natural order, with its references (`F1.txt:11-12`).
    pub cases: Vec<(String, Vec<String>)>,
}

/// A group of cases: attribute and value; `None` for all cases.
pub type Group<'g> = Option<(&'g str, &'g str)>;

/// Builds the appendix as the report links to it.
pub struct Appendix<'a> {
    corpus: &'a Corpus,
    codes: &'a CodeSet,
    /// Per code number, the codings of that code.
    by_code: Vec<Vec<&'a Coding>>,
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
    /// Each code's cases and references ([`Appendix::all_cases`]).
    by_code_cases: HashMap<CodeIx, Vec<(String, Vec<String>)>>,
}

impl<'a> Appendix<'a> {
    /// An empty appendix over `codings` of `codes`. A coding whose code is
    /// not loaded counts under its nearest loaded ancestor, as in the
    /// tables ([`crate::codebook::CodeTable::nearest`]).
    pub fn new(corpus: &'a Corpus, codes: &'a CodeSet, codings: &'a [Coding]) -> Appendix<'a> {
        let table = codes.table();
        let mut by_code: Vec<Vec<&Coding>> = vec![Vec::new(); table.len()];
        for c in codings {
            if let Some(ix) = table.nearest(&c.code) {
                by_code[ix.index()].push(c);
            }
        }
        Appendix {
            corpus,
            codes,
            by_code,
            entries: Vec::new(),
            index: HashMap::new(),
            by_code_cases: HashMap::new(),
        }
    }

    /// The entries, in the order they were made.
    pub fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    fn in_group(&self, case: &str, group: Group<'_>) -> bool {
        in_group(self.corpus, case, group)
    }

    /// The anchor of the entry for `code` (it or any code below it) in
    /// `group`; `None` when no case has it there.
    pub fn code(&mut self, ix: CodeIx, group: Group<'_>) -> Option<String> {
        let code = self.codes.code_at(ix);
        let key = format!("code\u{0}{}\u{0}{group:?}", code.id);
        if let Some(&i) = self.index.get(&key) {
            return Some(self.entries[i].anchor.clone());
        }
        // A group's cases are those of all cases in the group: the codings
        // are gone through once per code, whatever the groups.
        let corpus = self.corpus;
        let cases: Vec<(String, Vec<String>)> = self
            .all_cases(ix)
            .iter()
            .filter(|(case, _)| group.is_none() || in_group(corpus, case, group))
            .cloned()
            .collect();
        let title = format!("{} ({}), {}", code.label, code.id, describe(group));
        self.add(key, title, cases)
    }

    /// Every case with `code` (or a code below it), in natural order, with
    /// its references; worked out once per code.
    fn all_cases(&mut self, code: CodeIx) -> &[(String, Vec<String>)] {
        if !self.by_code_cases.contains_key(&code) {
            let mut refs: BTreeMap<&str, BTreeSet<(&str, usize, usize)>> = BTreeMap::new();
            for ix in self.codes.table().subtree(code).iter() {
                for c in &self.by_code[ix.index()] {
                    if self.in_group(&c.case, None) {
                        refs.entry(&c.case).or_default().insert((
                            &c.document,
                            c.line_start,
                            c.line_end,
                        ));
                    }
                }
            }
            let mut cases: Vec<(String, Vec<String>)> = refs
                .into_iter()
                .map(|(case, places)| {
                    let mut places: Vec<_> = places.into_iter().collect();
                    places.sort_by(|a, b| {
                        natural::cmp(a.0, b.0)
                            .then(a.0.cmp(b.0))
                            .then((a.1, a.2).cmp(&(b.1, b.2)))
                    });
                    let shown = places
                        .into_iter()
                        .map(|(doc, start, end)| {
                            if start == end {
                                format!("{doc}:{start}")
                            } else {
                                format!("{doc}:{start}-{end}")
                            }
                        })
                        .collect();
                    (case.to_owned(), shown)
                })
                .collect();
            sort_cases(&mut cases);
            self.by_code_cases.insert(code, cases);
        }
        &self.by_code_cases[&code]
    }

    /// The anchor of the entry for persona `row` of `set` (the row after
    /// the last persona: unclassified) in `group`.
    pub fn persona(
        &mut self,
        set: &PersonaSet,
        assignments: &[Assignment],
        row: usize,
        group: Group<'_>,
    ) -> Option<String> {
        let key = format!("persona\u{0}{row}\u{0}{group:?}");
        if let Some(&i) = self.index.get(&key) {
            return Some(self.entries[i].anchor.clone());
        }
        let label = set
            .personas
            .get(row)
            .map_or(crate::persona::UNCLASSIFIED, |p| p.label.as_str());
        let cases = assignments
            .iter()
            .filter(|a| self.in_group(&a.case, group))
            .filter(|a| {
                if row < set.personas.len() {
                    a.personas.contains(&row)
                } else {
                    a.personas.is_empty()
                }
            })
            .map(|a| {
                let why = if let Some(at) = &a.hand {
                    vec![format!("set by hand at {at}")]
                } else {
                    a.evidence
                        .iter()
                        .filter(|e| e.persona == row)
                        .map(|e| {
                            let rule = &set.personas[e.persona].rules[e.rule];
                            match &rule.name {
                                Some(name) => format!("rule {} ({name})", e.rule + 1),
                                None => format!("rule {}", e.rule + 1),
                            }
                        })
                        .collect()
                };
                (a.case.clone(), why)
            })
            .collect();
        let title = format!("Persona: {label}, {}", describe(group));
        self.add(key, title, cases)
    }

    fn add(
        &mut self,
        key: String,
        title: String,
        mut cases: Vec<(String, Vec<String>)>,
    ) -> Option<String> {
        if cases.is_empty() {
            return None;
        }
        sort_cases(&mut cases);
        let anchor = format!("e{}", self.entries.len() + 1);
        self.index.insert(key, self.entries.len());
        self.entries.push(Entry {
            anchor: anchor.clone(),
            title,
            cases,
        });
        Some(anchor)
    }
}

/// Whether `case` is a case of `corpus` in `group`.
fn in_group(corpus: &Corpus, case: &str, group: Group<'_>) -> bool {
    let Some(c) = corpus.cases.get(case) else {
        return false;
    };
    group.is_none_or(|(attr, value)| group_of(&corpus.cases, c, attr) == value)
}

/// Cases in natural order of their ids (ties in byte order). Sorting
/// sorted cases again is linear.
fn sort_cases(cases: &mut [(String, Vec<String>)]) {
    cases.sort_by(|a, b| natural::cmp(&a.0, &b.0).then(a.0.cmp(&b.0)));
}

fn describe(group: Group<'_>) -> String {
    match group {
        Some((attr, value)) => format!("{attr} = {value}"),
        None => "all cases".to_owned(),
    }
}
