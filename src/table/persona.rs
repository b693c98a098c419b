//! Persona tables: each case with its persona(s), how they were set and the
//! evidence; or persona × group counts with each group's n.

use std::collections::BTreeSet;

use super::{Cell, Column, Filter, Row, Table, group_names, groups};
use crate::Result;
use crate::ingest::Corpus;
use crate::natural::count;
use crate::persona::{Assignment, Evidence, PersonaSet, Ref, UNCLASSIFIED};

/// The indicative-only note of persona counts.
pub const PERSONA_INDICATIVE: &str = "Counts are of cases (participants). Qualitative samples \
are small and purposive: treat these counts as indicative only, not as estimates for a \
population.";

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

/// The persona table of `assignments` (from [`crate::persona::assign`]).
pub fn personas(
    set: &PersonaSet,
    assignments: &[Assignment],
    corpus: &Corpus,
    opts: &PersonaOptions,
) -> Result<Table> {
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
    let mut table = match &opts.by {
        Some(by) => crosstab(set, &chosen, corpus, by, opts),
        None => list(set, &chosen, corpus),
    };
    table.footnotes.extend(opts.filter.describe());
    Ok(table)
}

fn list(set: &PersonaSet, chosen: &[&Assignment], corpus: &Corpus) -> Table {
    let names = DocNames::new(corpus);
    let labels = |ps: &[usize]| {
        if ps.is_empty() {
            UNCLASSIFIED.to_owned()
        } else {
            ps.iter()
                .map(|&p| set.personas[p].label.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    let mut rows = Vec::new();
    for a in chosen {
        let (source, evidence) = if let Some(at) = &a.hand {
            let rules: Vec<usize> = a.evidence.iter().map(|e| e.persona).collect();
            (
                "set by hand",
                format!("persona column at {at}; the rules give {}", labels(&rules)),
            )
        } else if a.evidence.is_empty() {
            ("rules", "no rule holds".to_owned())
        } else {
            let lines: Vec<String> = a
                .evidence
                .iter()
                .map(|e| evidence_line(set, e, &names))
                .collect();
            ("rules", lines.join("\n"))
        };
        rows.push(Row {
            depth: 0,
            cells: vec![
                Cell::Text(a.case.clone()),
                Cell::Text(labels(&a.personas)),
                Cell::Text(source.to_owned()),
                Cell::Text(evidence),
            ],
        });
    }
    let n = chosen.len();
    let by_hand = chosen.iter().filter(|a| a.hand.is_some()).count();
    let unclassified = chosen
        .iter()
        .filter(|a| a.hand.is_none() && a.personas.is_empty())
        .count();
    Table {
        title: format!("{}: personas by case (n={n})", set.title()),
        columns: vec![
            Column::text("case", "Case"),
            Column::text("persona", "Persona"),
            Column::text("source", "Source"),
            Column::text("evidence", "Evidence"),
        ],
        rows,
        footnotes: vec![
            format!(
                "Personas follow the rules in {}: a persona applies if any of its rules holds, \
                 and a case may have several. The evidence is the first rule that holds for \
                 each persona and the codes that show it (the first mention of each id the \
                 rule names), with their transcript lines. A persona column in the cases file \
                 overrides the rules.",
                set.path
            ),
            format!(
                "{}: {} classified by the rules, {} set by hand, {} that no rule fits.",
                count(n, "case"),
                n - by_hand - unclassified,
                by_hand,
                unclassified
            ),
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
) -> Table {
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
    let total = chosen.len();
    let mut columns = vec![Column::text("persona", "Persona")];
    for name in &names {
        columns.push(Column::group_labelled(
            name,
            &opts.presentation.value(by, name),
            group_cases.get(name).map_or(0, Vec::len),
        ));
    }
    columns.push(Column::total(total));
    columns.push(Column::text("id", "Id").secondary());
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
            let (label, id) = set
                .personas
                .get(r)
                .map_or((UNCLASSIFIED, ""), |p| (p.label.as_str(), p.id.as_str()));
            let mut row = vec![Cell::Text(label.to_owned())];
            row.extend(per_group.iter().map(|s| Cell::Count(s.len())));
            row.push(Cell::Count(per_group.iter().map(BTreeSet::len).sum()));
            row.push(Cell::Text(id.to_owned()));
            Row {
                depth: 0,
                cells: row,
            }
        })
        .collect();
    let mut footnotes = vec![
        "A case may have several personas, so a column can sum to more than its n.".to_owned(),
    ];
    if opts.footnote {
        footnotes.push(PERSONA_INDICATIVE.to_owned());
    }
    let by_hand = chosen.iter().filter(|a| a.hand.is_some()).count();
    if by_hand > 0 {
        footnotes.push(format!(
            "{} set by hand in the persona column; the rest follow the rules in {}.",
            count(by_hand, "case"),
            set.path
        ));
    } else {
        footnotes.push(format!("Personas follow the rules in {}.", set.path));
    }
    Table {
        title: format!(
            "{}: cases by {}",
            set.title(),
            opts.presentation.attribute_in_text(by)
        ),
        columns,
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
