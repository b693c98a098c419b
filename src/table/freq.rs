//! Frequency tables: how many cases (or segments, or documents) have each
//! code, who they are, and the cross-tab by a case attribute with each
//! group's n. Parent codes roll up their children.

use foldhash::HashMap;

use super::roles::{LeftOut, roles_of};
use super::{Cell, Column, Filter, Row, Table, group_names, group_of, groups};
use crate::Result;
use crate::codebook::{Code, CodeId, CodeIx, CodeRange, CodeSet};
use crate::coding::Coding;
use crate::ingest::Corpus;
use crate::message::Note;
use crate::project::CountUnit;

/// Row order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Most frequent first among siblings, then codebook order.
    #[default]
    Count,
    /// Codebook order.
    Codebook,
}

/// What to count and how to show it.
#[derive(Debug, Clone, Default)]
pub struct FreqOptions {
    /// A codebook name, or a code id whose children are the rows.
    pub scope: String,
    /// What counts once.
    pub unit: CountUnit,
    /// Cross-tab by this case attribute.
    pub by: Option<String>,
    /// Which cases count.
    pub filter: Filter,
    /// Row order.
    pub sort: SortOrder,
    /// Add the indicative-only footnote.
    pub footnote: bool,
    /// Case roles: cases whose role the codes do not apply to are left out.
    pub roles: crate::project::Roles,
    /// Display names and category order (`labels:`, `order:`).
    pub presentation: crate::project::Presentation,
    /// With `by`: a percentage of the group's n after each group's count
    /// (and of the total after the total).
    pub group_percent: bool,
}

/// The codes a scope names, with their depth relative to it, and a title.
fn scope<'a>(codes: &'a CodeSet, scope: &str) -> Result<(Vec<(&'a Code, usize)>, String)> {
    let (root, title) = codes.scope(scope)?;
    let Some(code) = codes.code(&root) else {
        // A codebook: every code, at its own depth.
        return Ok((codes.subtree(&root).map(|c| (c, c.depth)).collect(), title));
    };
    let rows: Vec<(&Code, usize)> = codes
        .subtree(&root)
        .filter(|c| c.id != root)
        .map(|c| (c, c.depth - code.depth - 1))
        .collect();
    if rows.is_empty() {
        return Ok((vec![(code, 0)], title));
    }
    Ok((rows, title))
}

/// One group of a cross-tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreqGroup {
    /// The category as recorded (`North Kent`): the column's key.
    pub key: String,
    /// Its display name (`labels:`).
    pub label: String,
    /// Its n: every unit of the group, coded or not.
    pub n: usize,
}

/// One code's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreqRow {
    /// The code's id.
    pub code: CodeId,
    /// Its label.
    pub label: String,
    /// Depth below the scope (0 for its top codes).
    pub depth: usize,
    /// Units per group, in the order of [`FreqResult::groups`] (empty
    /// without `by`).
    pub per_group: Vec<usize>,
    /// Units in all.
    pub all: usize,
    /// The cases behind them, in natural order.
    pub cases: Vec<String>,
}

/// A frequency table, typed: what [`freq`] counts, before any layout.
#[derive(Debug, Clone, PartialEq)]
pub struct FreqResult {
    /// Title.
    pub title: String,
    /// What counts once.
    pub unit: CountUnit,
    /// The cross-tab's attribute, if any.
    pub by: Option<String>,
    /// The cross-tab's groups, in display order (empty without `by`).
    pub groups: Vec<FreqGroup>,
    /// Every unit of every case counted.
    pub total: usize,
    /// One row per code, in the order asked.
    pub rows: Vec<FreqRow>,
    /// Notes.
    pub footnotes: Vec<Note>,
    /// With `by`: a percentage column after each count column.
    pub group_percent: bool,
}

impl FreqResult {
    /// The table: code | n | % | mentioned by | id, or, with `by`, code |
    /// one column per group | total | id.
    pub fn to_table(&self) -> Table {
        let mut columns = vec![Column::text("code", "Code")];
        if self.by.is_none() {
            let unit = self.unit.plural();
            columns.push(Column::number("n", &format!("{} (n)", capitalise(unit))));
            columns.push(Column::number("percent", &format!("% of {unit}")));
            columns.push(Column::text("mentioned_by", "Mentioned by"));
        } else {
            for g in &self.groups {
                columns.push(Column::group_labelled(&g.key, &g.label, g.n));
                if self.group_percent {
                    columns.push(Column::number(&format!("{}_percent", g.key), "%"));
                }
            }
            columns.push(Column::total(self.total));
            if self.group_percent {
                columns.push(Column::number("total_percent", "%"));
            }
        }
        columns.push(Column::text("id", "Id").secondary());
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![Cell::Text(r.label.clone())];
                if self.by.is_none() {
                    cells.push(Cell::Count(r.all));
                    cells.push(Cell::Percent(percent(r.all, self.total)));
                    cells.push(Cell::CaseList(r.cases.clone()));
                } else {
                    for (g, &n) in self.groups.iter().zip(&r.per_group) {
                        cells.push(Cell::Count(n));
                        if self.group_percent {
                            cells.push(Cell::Percent(percent(n, g.n)));
                        }
                    }
                    cells.push(Cell::Count(r.all));
                    if self.group_percent {
                        cells.push(Cell::Percent(percent(r.all, self.total)));
                    }
                }
                cells.push(Cell::Text(r.code.to_string()));
                Row {
                    depth: r.depth,
                    cells,
                }
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

/// Count codes per unit, optionally by group: the table.
pub fn freq(
    codings: &[Coding],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &FreqOptions,
) -> Result<Table> {
    freq_result(codings, corpus, codes, opts).map(|r| r.to_table())
}

/// Count codes per unit, optionally by group.
pub fn freq_result(
    codings: &[Coding],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &FreqOptions,
) -> Result<FreqResult> {
    let (rows, scope_title) = scope(codes, &opts.scope)?;
    opts.filter.validate(corpus)?;
    if let Some(by) = &opts.by {
        corpus.cases.check_attribute(by)?;
    }
    let by = opts.by.as_deref();
    // The universe: every unit of every case that passes the filter, by group.
    let left_out = LeftOut::find(
        corpus.cases.iter().filter(|c| opts.filter.accepts(c)),
        &opts.roles,
        roles_of(rows.iter().map(|(c, _)| *c)).as_deref(),
    );
    let mut group_cases = groups(corpus, by.unwrap_or("id"), &opts.filter);
    group_cases.retain(|_, ids| {
        ids.retain(|id| !left_out.contains(id));
        !ids.is_empty()
    });
    let names = if by.is_some() {
        group_names(&group_cases, by.unwrap_or("id"), &opts.presentation)
    } else {
        Vec::new()
    };
    let mut units = Units::new(corpus, opts.unit, |case| {
        (opts.filter.accepts(case) && !left_out.contains(&case.id))
            .then(|| by.map_or_else(String::new, |b| group_of(&corpus.cases, case, b)))
    });
    let universe = units.count(corpus.outlines.iter().flat_map(|o| {
        o.segments
            .iter()
            .map(move |s| (o.path.as_str(), s.ordinal, s.case.as_str()))
    }));
    // Each coding's code resolved once; per code number, its codings. A row
    // counts those of every code within it: a run of numbers.
    let numbers = super::code_numbers(codes, codings);
    let mut by_code: Vec<Vec<&Coding>> = vec![Vec::new(); codes.table().len()];
    for (c, ix) in codings.iter().zip(&numbers) {
        if let Some(ix) = ix {
            by_code[ix.index()].push(c);
        }
    }
    let counts: Vec<Tally> = rows
        .iter()
        .map(|(code, _)| {
            let range = codes.range(&code.id).expect("a row is a loaded code");
            let within = range
                .iter()
                .flat_map(|ix| by_code[ix.index()].iter())
                .map(|c| (c.document.as_str(), c.segment, c.case.as_str()));
            units.count(within)
        })
        .collect();
    let order = order(
        &rows,
        &counts.iter().map(|c| c.all).collect::<Vec<_>>(),
        opts.sort,
    );
    let result_groups: Vec<FreqGroup> = by.map_or_else(Vec::new, |b| {
        names
            .iter()
            .map(|name| FreqGroup {
                key: name.clone(),
                label: opts.presentation.value(b, name),
                n: units.in_group(&universe, name),
            })
            .collect()
    });
    let result_rows = order
        .into_iter()
        .map(|i| freq_row(rows[i], &counts[i], &units, &names))
        .collect();
    let total = universe.all;
    let unit = opts.unit.plural();
    let title = match by {
        Some(b) => format!(
            "{scope_title}: {unit} by {}",
            opts.presentation.attribute_in_text(b)
        ),
        None => format!("{scope_title}: {unit} mentioning each code (n={total})"),
    };
    let mut footnotes = footnotes(codes, &rows, opts);
    footnotes.extend(
        left_out
            .note("these codes apply")
            .into_iter()
            .map(Note::from),
    );
    if opts.footnote {
        let uncoded = uncoded_note(corpus, (codings, &numbers), codes, opts, &units)?;
        footnotes.push(Note::Text(uncoded));
    }
    if total == 0 {
        return Err(opts.filter.no_cases("count"));
    }
    Ok(FreqResult {
        title,
        unit: opts.unit,
        by: opts.by.clone(),
        groups: result_groups,
        total,
        rows: result_rows,
        footnotes,
        group_percent: opts.group_percent && by.is_some(),
    })
}

/// How many of the counted participant segments and cases no code of the
/// scope touched, and where to see those segments.
fn uncoded_note(
    corpus: &Corpus,
    codings: (&[Coding], &[Option<CodeIx>]),
    codes: &CodeSet,
    opts: &FreqOptions,
    units: &Units<'_>,
) -> Result<String> {
    let (root, _) = codes.scope(&opts.scope)?;
    let scope = (root.as_str(), codes.range(&root));
    let (segments, of_segments, cases, of_cases) = untouched_counts(corpus, codings, scope, units);
    let list = if codes.code(&root).is_none() {
        format!("`qualcode quotes --uncoded --codebook {root}` lists the segments")
    } else {
        "`qualcode quotes --uncoded --codebook NAME` lists those of a codebook".to_owned()
    };
    // Every count as "(n=…)", so that disclosure control hides the small ones.
    Ok(format!(
        "Uncoded: participant segments no code here touched (n={segments}) of those counted \
         (n={of_segments}), and cases with none of these codes at all (n={cases}) of those \
         counted (n={of_cases}); {list}."
    ))
}

/// How many participant segments, and how many cases (of those with any
/// segment), no coding in `codings` (with their code numbers) under `root`
/// (with its range of numbers) touched, over the segments of the cases
/// that count in `units`: (segments, of segments, cases, of cases).
fn untouched_counts(
    corpus: &Corpus,
    (codings, numbers): (&[Coding], &[Option<CodeIx>]),
    (root, range): (&str, Option<CodeRange>),
    units: &Units<'_>,
) -> (usize, usize, usize, usize) {
    // Touched segments by document position; codings come by document, so
    // a document's position is looked up once per run of its codings.
    let mut touched: foldhash::HashSet<(usize, usize)> = foldhash::HashSet::default();
    let mut last: Option<(&str, Option<usize>)> = None;
    let within = |(c, ix): &(&Coding, &Option<CodeIx>)| match (ix, range) {
        (Some(ix), Some(range)) => range.contains(*ix),
        // A code with no loaded code above it, under a codebook's name.
        _ => crate::id::is_within(&c.code, root),
    };
    for (c, _) in codings.iter().zip(numbers).filter(within) {
        let position = match last {
            Some((document, position)) if document == c.document => position,
            _ => corpus.position(&c.document),
        };
        last = Some((&c.document, position));
        if let Some(position) = position {
            touched.insert((position, c.segment));
        }
    }
    let (mut segments, mut untouched) = (0, 0);
    // By case number: whether it has a counted segment, and a touched one.
    let mut cases = vec![(false, false); units.case_names.len()];
    for (position, o) in corpus.outlines.iter().enumerate() {
        for s in &o.segments {
            let Some((case, _)) = units.number(&s.case) else {
                continue;
            };
            segments += 1;
            let seen = &mut cases[case as usize];
            seen.0 = true;
            if touched.contains(&(position, s.ordinal)) {
                seen.1 = true;
            } else {
                untouched += 1;
            }
        }
    }
    let with_segments = cases.iter().filter(|(any, _)| *any).count();
    let coded = cases.iter().filter(|(_, touched)| *touched).count();
    (untouched, segments, with_segments - coded, with_segments)
}

/// The row of `code` at `depth`, from its tally, per group of `names`.
fn freq_row(
    (code, depth): (&Code, usize),
    tally: &Tally,
    units: &Units<'_>,
    names: &[String],
) -> FreqRow {
    // Cases are numbered in their natural order, so ascending numbers are
    // natural order.
    let ids: Vec<String> = tally
        .cases
        .iter()
        .map(|&i| units.case_names[i as usize].to_owned())
        .collect();
    FreqRow {
        code: code.id.clone(),
        label: code.label.clone(),
        depth,
        per_group: names
            .iter()
            .map(|name| units.in_group(tally, name))
            .collect(),
        all: tally.all,
        cases: ids,
    }
}

fn footnotes(codes: &CodeSet, rows: &[(&Code, usize)], opts: &FreqOptions) -> Vec<Note> {
    let unit = opts.unit.plural();
    let mut footnotes = Vec::new();
    if opts.footnote {
        footnotes.push(match opts.unit {
            CountUnit::Case => Note::Indicative,
            _ => Note::Text(format!(
                "Counts are of {unit}; a case may count more than once. Indicative only."
            )),
        });
    }
    if rows
        .iter()
        .any(|(c, _)| codes.subtree(&c.id).nth(1).is_some())
    {
        footnotes.push(Note::from(format!(
            "A parent code counts a {} once if any code below it applies.",
            opts.unit.name()
        )));
    }
    footnotes.extend(opts.filter.describe().into_iter().map(Note::from));
    footnotes
}

/// The units that have one code (or that exist), counted per group and
/// in all, and the cases behind them.
struct Tally {
    /// Distinct units per group number.
    per_group: Vec<usize>,
    /// Distinct units.
    all: usize,
    /// Case numbers ([`Units::case_names`]), ascending.
    cases: Vec<u32>,
}

/// The counted cases and their groups, numbered once, so that counting
/// units is sorting integers rather than building sets of strings.
struct Units<'a> {
    unit: CountUnit,
    /// Each counted case's number (in the natural order of ids, as
    /// [`crate::project::Cases::iter`] gives them) and group number; a case
    /// not here does not count (filtered out, or its role left out).
    cases: HashMap<&'a str, (u32, u32)>,
    case_names: Vec<&'a str>,
    /// Group names by number, and numbers by name.
    group_numbers: HashMap<String, u32>,
    /// Documents by path, numbered as met.
    documents: HashMap<&'a str, u32>,
}

impl<'a> Units<'a> {
    /// The cases of `corpus` that count, each in the group `group` gives
    /// (`None`: it does not count).
    fn new(
        corpus: &'a Corpus,
        unit: CountUnit,
        group: impl Fn(&crate::project::Case) -> Option<String>,
    ) -> Self {
        let mut units = Units {
            unit,
            cases: HashMap::default(),
            case_names: Vec::new(),
            group_numbers: HashMap::default(),
            documents: HashMap::default(),
        };
        for case in corpus.cases.iter() {
            let Some(g) = group(case) else { continue };
            let next = u32::try_from(units.group_numbers.len()).unwrap_or(u32::MAX);
            let g = *units.group_numbers.entry(g).or_insert(next);
            let n = u32::try_from(units.case_names.len()).unwrap_or(u32::MAX);
            units.cases.insert(case.id.as_str(), (n, g));
            units.case_names.push(case.id.as_str());
        }
        units
    }

    /// Case `id`'s number and group number, if it counts.
    fn number(&self, id: &str) -> Option<(u32, u32)> {
        self.cases.get(id).copied()
    }

    /// Count the distinct units among `(document, segment, case)` triples,
    /// per group and in all, over the cases that count.
    fn count(&mut self, items: impl Iterator<Item = (&'a str, usize, &'a str)>) -> Tally {
        let mut keys: Vec<(u64, u32)> = Vec::new();
        let mut cases: Vec<u32> = Vec::new();
        // Items come by document and case: each is looked up once per run.
        let mut last_case: Option<(&str, Option<(u32, u32)>)> = None;
        let mut last_document: Option<(&str, u32)> = None;
        for (document, segment, case) in items {
            let number = match last_case {
                Some((id, number)) if id == case => number,
                _ => self.number(case),
            };
            last_case = Some((case, number));
            let Some((case, group)) = number else {
                continue;
            };
            let key = if self.unit == CountUnit::Case {
                u64::from(case)
            } else {
                let n = match last_document {
                    Some((path, n)) if path == document => n,
                    _ => self.document(document),
                };
                last_document = Some((document, n));
                if self.unit == CountUnit::Document {
                    u64::from(n)
                } else {
                    (u64::from(n) << 32) | u64::try_from(segment).unwrap_or(u64::MAX) & 0xFFFF_FFFF
                }
            };
            keys.push((key, group));
            cases.push(case);
        }
        keys.sort_unstable();
        keys.dedup();
        cases.sort_unstable();
        cases.dedup();
        let mut per_group = vec![0; self.group_numbers.len()];
        let mut all = 0;
        let mut last = None;
        for &(key, group) in &keys {
            per_group[group as usize] += 1;
            if last != Some(key) {
                all += 1;
                last = Some(key);
            }
        }
        Tally {
            per_group,
            all,
            cases,
        }
    }

    fn document(&mut self, path: &'a str) -> u32 {
        let next = u32::try_from(self.documents.len()).unwrap_or(u32::MAX);
        *self.documents.entry(path).or_insert(next)
    }

    /// A tally's count in the group named `name` (0 for a group with no
    /// counted case).
    fn in_group(&self, tally: &Tally, name: &str) -> usize {
        self.group_numbers
            .get(name)
            .and_then(|&g| tally.per_group.get(g as usize))
            .copied()
            .unwrap_or(0)
    }
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Tree order, siblings sorted by count (then codebook order) if asked.
fn order(rows: &[(&Code, usize)], totals: &[usize], sort: SortOrder) -> Vec<usize> {
    let index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (c.id.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
    let mut roots = Vec::new();
    for (i, (code, _)) in rows.iter().enumerate() {
        match code.parent.as_deref().and_then(|p| index.get(p)) {
            Some(&p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    let key = |list: &mut Vec<usize>| {
        if sort == SortOrder::Count {
            list.sort_by(|&a, &b| totals[b].cmp(&totals[a]).then(a.cmp(&b)));
        }
    };
    key(&mut roots);
    for list in &mut children {
        key(list);
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        out.push(i);
        stack.extend(children[i].iter().rev());
    }
    out
}
