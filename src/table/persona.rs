//! Persona tables: each case with its persona(s), how they were set and the
//! evidence; or persona × group counts with each group's n.

use std::collections::BTreeSet;

use super::{Cell, Column, Filter, Row, Table, group_names, groups};
use crate::Result;
use crate::ingest::Corpus;
use crate::message::Note;
use crate::natural::count;
use crate::persona::{Assignment, Evidence, PersonaSet, Ref, UNCLASSIFIED};

/// The indicative-only note of persona counts
/// ([`crate::message::Note::PersonaIndicative`]'s text).
pub use crate::message::PERSONA_INDICATIVE;

/// What to show.
#[derive(Debug, Clone, Default)]
pub struct PersonaOptions {
    /// Count personas by this case attribute instead of listing cases.
    pub by: Option<String>,
    /// Which cases.
    pub filter: Filter,
    /// Add the indicative-only footnote (counts only).
    pub footnote: bool,
    /// Display names and category order (`labels:`, `order:`).
    pub presentation: crate::project::Presentation,
}

/// One case of a persona list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonaCase {
    /// The case.
    pub case: String,
    /// Its personas' labels, in the set's order ([`UNCLASSIFIED`] alone
    /// when it has none).
    pub personas: Vec<String>,
    /// Set by hand in the persona column, not by the rules.
    pub by_hand: bool,
    /// The evidence: one line per persona (or why there is none).
    pub evidence: Vec<String>,
}

/// Each case with its persona(s), how they were set and the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonaList {
    /// Title.
    pub title: String,
    /// One per case, in the order assigned.
    pub cases: Vec<PersonaCase>,
    /// Notes.
    pub footnotes: Vec<Note>,
}

impl PersonaList {
    /// The table: case | persona | source | evidence.
    pub fn to_table(&self) -> Table {
        let rows = self
            .cases
            .iter()
            .map(|c| Row {
                depth: 0,
                cells: vec![
                    Cell::Text(c.case.clone()),
                    Cell::Text(c.personas.join("; ")),
                    Cell::Text(if c.by_hand { "set by hand" } else { "rules" }.to_owned()),
                    Cell::Text(c.evidence.join("\n")),
                ],
            })
            .collect();
        Table {
            title: self.title.clone(),
            columns: vec![
                Column::text("case", "Case"),
                Column::text("persona", "Persona"),
                Column::text("source", "Source"),
                Column::text("evidence", "Evidence"),
            ],
            rows,
            footnotes: self.footnotes.clone(),
        }
    }
}

/// One row of persona counts: a persona, or the unclassified cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonaCountRow {
    /// The persona's index in the set, `None` for the unclassified.
    pub persona: Option<usize>,
    /// Its id (empty for the unclassified).
    pub id: String,
    /// Its label.
    pub label: String,
    /// Cases per group, in the order of [`PersonaCounts::groups`].
    pub per_group: Vec<usize>,
    /// Cases in all.
    pub all: usize,
}

/// Persona × group counts with each group's n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonaCounts {
    /// Title.
    pub title: String,
    /// The attribute grouped by.
    pub by: String,
    /// The groups, in display order (key, label and n).
    pub groups: Vec<super::FreqGroup>,
    /// Cases classified in all.
    pub total: usize,
    /// One row per persona, then the unclassified.
    pub rows: Vec<PersonaCountRow>,
    /// Notes.
    pub footnotes: Vec<Note>,
}

impl PersonaCounts {
    /// The table: persona | one column per group | total | id.
    pub fn to_table(&self) -> Table {
        let mut columns = vec![Column::text("persona", "Persona")];
        columns.extend(
            self.groups
                .iter()
                .map(|g| Column::group_labelled(&g.key, &g.label, g.n)),
        );
        columns.push(Column::total(self.total));
        columns.push(Column::text("id", "Id").secondary());
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![Cell::Text(r.label.clone())];
                cells.extend(r.per_group.iter().map(|&n| Cell::Count(n)));
                cells.push(Cell::Count(r.all));
                cells.push(Cell::Text(r.id.clone()));
                Row { depth: 0, cells }
            })
            .collect();
        Table {
            title: self.title.clone(),
            columns,
            rows,
            footnotes: self.footnotes.clone(),
        }
    }
}

/// A persona table, typed: the list of cases, or the counts by a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Personas {
    /// Each case with its personas.
    List(PersonaList),
    /// Persona × group counts.
    Counts(PersonaCounts),
}

impl Personas {
    /// The table.
    pub fn to_table(&self) -> Table {
        match self {
            Personas::List(l) => l.to_table(),
            Personas::Counts(c) => c.to_table(),
        }
    }
}

/// The persona table of `assignments` (from [`crate::persona::assign`]):
/// the counts by `opts.by`, or the list of cases without it.
pub fn personas(
    set: &PersonaSet,
    assignments: &[Assignment],
    corpus: &Corpus,
    opts: &PersonaOptions,
) -> Result<Personas> {
    match &opts.by {
        Some(by) => persona_counts(set, assignments, corpus, by, opts).map(Personas::Counts),
        None => persona_list(set, assignments, corpus, opts).map(Personas::List),
    }
}

/// The assignments of the cases `opts` selects, or an error if none.
fn chosen<'a>(
    assignments: &'a [Assignment],
    corpus: &Corpus,
    opts: &PersonaOptions,
) -> Result<Vec<&'a Assignment>> {
    opts.filter.validate(corpus)?;
    if let Some(by) = &opts.by {
        corpus.cases.check_attribute(by)?;
    }
    let chosen: Vec<&Assignment> = assignments
        .iter()
        .filter(|a| {
            corpus
                .cases
                .get(&a.case)
                .is_some_and(|c| opts.filter.accepts(c))
        })
        .collect();
    if chosen.is_empty() {
        return Err(opts.filter.no_cases("classify"));
    }
    Ok(chosen)
}

/// Each case `opts` selects with its persona(s) and the evidence.
pub fn persona_list(
    set: &PersonaSet,
    assignments: &[Assignment],
    corpus: &Corpus,
    opts: &PersonaOptions,
) -> Result<PersonaList> {
    let chosen = chosen(assignments, corpus, opts)?;
    let mut list = list(set, &chosen, corpus);
    list.footnotes
        .extend(opts.filter.describe().into_iter().map(Note::from));
    Ok(list)
}

/// The cases `opts` selects per persona and per group of `by`.
pub fn persona_counts(
    set: &PersonaSet,
    assignments: &[Assignment],
    corpus: &Corpus,
    by: &str,
    opts: &PersonaOptions,
) -> Result<PersonaCounts> {
    let opts = PersonaOptions {
        by: Some(by.to_owned()),
        ..opts.clone()
    };
    let chosen = chosen(assignments, corpus, &opts)?;
    let mut counts = crosstab(set, &chosen, corpus, by, &opts);
    counts
        .footnotes
        .extend(opts.filter.describe().into_iter().map(Note::from));
    Ok(counts)
}

fn list(set: &PersonaSet, chosen: &[&Assignment], corpus: &Corpus) -> PersonaList {
    let names = DocNames::new(corpus);
    let labels = |ps: &[usize]| -> Vec<String> {
        if ps.is_empty() {
            vec![UNCLASSIFIED.to_owned()]
        } else {
            ps.iter().map(|&p| set.personas[p].label.clone()).collect()
        }
    };
    let mut cases = Vec::new();
    for a in chosen {
        let evidence = if let Some(at) = &a.hand {
            let rules: Vec<usize> = a.evidence.iter().map(|e| e.persona).collect();
            vec![format!(
                "persona column at {at}; the rules give {}",
                labels(&rules).join("; ")
            )]
        } else if a.evidence.is_empty() {
            vec!["no rule holds".to_owned()]
        } else {
            a.evidence
                .iter()
                .map(|e| evidence_line(set, e, &names))
                .collect()
        };
        cases.push(PersonaCase {
            case: a.case.clone(),
            personas: labels(&a.personas),
            by_hand: a.hand.is_some(),
            evidence,
        });
    }
    let n = chosen.len();
    let by_hand = chosen.iter().filter(|a| a.hand.is_some()).count();
    let unclassified = chosen
        .iter()
        .filter(|a| a.hand.is_none() && a.personas.is_empty())
        .count();
    PersonaList {
        title: format!("{}: personas by case (n={n})", set.title()),
        cases,
        footnotes: vec![
            Note::Text(format!(
                "Personas follow the rules in {}: a persona applies if any of its rules holds, \
                 and a case may have several. The evidence is the first rule that holds for \
                 each persona and the codes that show it (the first mention of each id the \
                 rule names), with their transcript lines. A persona column in the cases file \
                 overrides the rules.",
                set.path
            )),
            Note::Text(format!(
                "{}: {} classified by the rules, {} set by hand, {} that no rule fits.",
                count(n, "case"),
                n - by_hand - unclassified,
                by_hand,
                unclassified
            )),
        ],
    }
}

/// `Success story, rule 1 (in work): outcomes.off_benefit (MAN1.txt:11); cohort = EB.`
fn evidence_line(set: &PersonaSet, e: &Evidence, names: &DocNames) -> String {
    let persona = &set.personas[e.persona];
    let head = match &persona.rules[e.rule].name {
        Some(name) => format!("{}, rule {} ({name})", persona.label, e.rule + 1),
        None => format!("{}, rule {}", persona.label, e.rule + 1),
    };
    let mut items: Vec<String> = e
        .codes
        .iter()
        .map(|(code, refs)| format!("{code} ({})", names.refs(refs)))
        .collect();
    items.extend(e.attributes.iter().map(|(a, v)| format!("{a} = {v}")));
    if !e.absent.is_empty() {
        items.push(format!("none of {}", e.absent.join(", ")));
    }
    // A full stop ends each persona's evidence, so that formats which
    // cannot show a line break (Markdown) still read as sentences.
    format!("{head}: {}.", items.join("; "))
}

fn crosstab(
    set: &PersonaSet,
    chosen: &[&Assignment],
    corpus: &Corpus,
    by: &str,
    opts: &PersonaOptions,
) -> PersonaCounts {
    // Only the cases classified (personas leave staff out).
    let classified: std::collections::HashSet<&str> =
        chosen.iter().map(|a| a.case.as_str()).collect();
    let mut group_cases = groups(corpus, by, &opts.filter);
    group_cases.retain(|_, ids| {
        ids.retain(|id| classified.contains(id.as_str()));
        !ids.is_empty()
    });
    let names = group_names(&group_cases, by, &opts.presentation);
    let group_of_case = |id: &str| {
        group_cases
            .iter()
            .find(|(_, ids)| ids.iter().any(|c| c == id))
            .map(|(g, _)| g.clone())
    };
    let groups_out = names
        .iter()
        .map(|name| super::FreqGroup {
            key: name.clone(),
            label: opts.presentation.value(by, name),
            n: group_cases.get(name).map_or(0, Vec::len),
        })
        .collect();
    // Per row (personas, then Unclassified): the cases in each group.
    let row_count = set.personas.len() + 1;
    let mut cells: Vec<Vec<BTreeSet<&str>>> = vec![vec![BTreeSet::new(); names.len()]; row_count];
    for a in chosen {
        let Some(g) = group_of_case(&a.case) else {
            continue;
        };
        let gi = names.iter().position(|n| *n == g).expect("a known group");
        let rows: Vec<usize> = if a.personas.is_empty() {
            vec![set.personas.len()]
        } else {
            a.personas.clone()
        };
        for r in rows {
            cells[r][gi].insert(a.case.as_str());
        }
    }
    let rows = cells
        .iter()
        .enumerate()
        .map(|(r, per_group)| {
            let persona = set.personas.get(r);
            let (label, id) =
                persona.map_or((UNCLASSIFIED, ""), |p| (p.label.as_str(), p.id.as_str()));
            PersonaCountRow {
                persona: persona.map(|_| r),
                id: id.to_owned(),
                label: label.to_owned(),
                per_group: per_group.iter().map(BTreeSet::len).collect(),
                all: per_group.iter().map(BTreeSet::len).sum(),
            }
        })
        .collect();
    let mut footnotes = vec![Note::from(
        "A case may have several personas, so a column can sum to more than its n.",
    )];
    if opts.footnote {
        footnotes.push(Note::PersonaIndicative);
    }
    let by_hand = chosen.iter().filter(|a| a.hand.is_some()).count();
    if by_hand > 0 {
        footnotes.push(Note::from(format!(
            "{} set by hand in the persona column; the rest follow the rules in {}.",
            count(by_hand, "case"),
            set.path
        )));
    } else {
        footnotes.push(Note::from(format!(
            "Personas follow the rules in {}.",
            set.path
        )));
    }
    PersonaCounts {
        title: format!(
            "{}: cases by {}",
            set.title(),
            opts.presentation.attribute_in_text(by)
        ),
        by: by.to_owned(),
        groups: groups_out,
        total: chosen.len(),
        rows,
        footnotes,
    }
}

/// Short names for documents in evidence: the file name, or the whole path
/// where two documents share a file name.
struct DocNames {
    ambiguous: BTreeSet<String>,
}

impl DocNames {
    fn new(corpus: &Corpus) -> DocNames {
        let mut seen = BTreeSet::new();
        let mut ambiguous = BTreeSet::new();
        for o in &corpus.outlines {
            let name = file_name(&o.path);
            if !seen.insert(name.to_owned()) {
                ambiguous.insert(name.to_owned());
            }
        }
        DocNames { ambiguous }
    }

    fn name<'a>(&self, path: &'a str) -> &'a str {
        let name = file_name(path);
        if self.ambiguous.contains(name) {
            path
        } else {
            name
        }
    }

    /// `NAE1.txt:5, 8-9`: lines grouped under their document.
    fn refs(&self, refs: &[Ref]) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(refs.len());
        let mut last: Option<&str> = None;
        for r in refs {
            let lines = if r.line_end > r.line_start {
                format!("{}-{}", r.line_start, r.line_end)
            } else {
                r.line_start.to_string()
            };
            if last == Some(r.document.as_str()) {
                parts.push(lines);
            } else {
                parts.push(format!("{}:{lines}", self.name(&r.document)));
                last = Some(&r.document);
            }
        }
        parts.join(", ")
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
