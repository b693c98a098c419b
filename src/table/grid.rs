//! The positive / negative grid (the shape of Kent NOW's Tables 7–9): for
//! each group of cases, one row per head of a codebook (personnel,
//! activities, other) and a column per polarity, each cell listing the
//! themes that at least one case of the group mentions.
//!
//! A head is a top-level code with a child whose last id segment is
//! `positive` or `negative`; the themes of a polarity are its children (or
//! the polarity code itself when it has none). Counts are of cases. This
//! module computes a [`Grid`], which lays itself out as a [`Table`], and
//! never formats.

use std::collections::{BTreeSet, HashMap};

use super::roles::{LeftOut, roles_of};
use super::{Cell, Column, Filter, Row, Table, group_names, groups, suppress};
use crate::codebook::{Code, CodeId, CodeIx, CodeSet, Codebook};
use crate::coding::Coding;
use crate::ingest::Corpus;
use crate::message::Note;
use crate::{Error, Result};

/// The polarities, in column order: (last id segment, header).
const POLARITIES: [(&str, &str); 2] = [("positive", "Positive"), ("negative", "Negative")];

/// What to lay out and how.
#[derive(Debug, Clone, Default)]
pub struct GridOptions {
    /// The codebook whose heads are the rows.
    pub codebook: String,
    /// One grid per value of this case attribute; all cases if none.
    pub by: Option<String>,
    /// Which cases count.
    pub filter: Filter,
    /// Follow each theme with its number of cases: `Skilled (3)`.
    pub counts: bool,
    /// Add the indicative-only footnote.
    pub footnote: bool,
    /// Disclosure control: counts and group n's from 1 to K-1 read `<K`.
    pub suppress: Option<usize>,
    /// Case roles: cases whose role the codebook does not apply to are left
    /// out.
    pub roles: crate::project::Roles,
    /// Display names and category order (`labels:`, `order:`).
    pub presentation: crate::project::Presentation,
}

/// A row of the grid: a top-level code and its themes per polarity.
struct Head<'a> {
    code: &'a Code,
    /// Per polarity (see [`POLARITIES`]): its themes, in codebook order.
    themes: [Vec<&'a Code>; 2],
}

/// The heads of `book` in codebook order, and the top-level codes
/// or head children that have no place in the grid.
fn heads(book: &Codebook) -> (Vec<Head<'_>>, Vec<&Code>) {
    let children = |id: &str| -> Vec<&Code> {
        book.codes
            .iter()
            .filter(|c| c.parent.as_deref() == Some(id))
            .collect()
    };
    let mut heads = Vec::new();
    let mut left_out = Vec::new();
    for top in book.codes.iter().filter(|c| c.depth == 0) {
        let mut head = Head {
            code: top,
            themes: [Vec::new(), Vec::new()],
        };
        let mut others = Vec::new();
        let mut polar = false;
        for child in children(&top.id) {
            let last = crate::id::leaf(&child.id);
            match POLARITIES.iter().position(|(p, _)| *p == last) {
                Some(i) => {
                    polar = true;
                    let themes = children(&child.id);
                    head.themes[i] = if themes.is_empty() {
                        vec![child]
                    } else {
                        themes
                    };
                }
                None => others.push(child),
            }
        }
        if polar {
            heads.push(head);
            left_out.extend(others);
        } else {
            left_out.push(top);
        }
    }
    (heads, left_out)
}

/// A theme mentioned by a group's cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridTheme {
    /// The theme's code id.
    pub code: CodeId,
    /// Its label.
    pub label: String,
    /// Cases of the group with it or a code below it (at least one).
    pub cases: usize,
}

/// A group of cases: a row block of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridGroup {
    /// The category as recorded (`All cases` without `by`).
    pub key: String,
    /// Its display name (`labels:`).
    pub label: String,
    /// Its n: every case of the group, coded or not.
    pub n: usize,
}

/// One row: a group and a head, with the themes of each polarity its
/// cases mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// The group's index in [`Grid::groups`].
    pub group: usize,
    /// The head's code id.
    pub head: CodeId,
    /// The head's label (the Area).
    pub label: String,
    /// Per polarity (positive, negative): the themes mentioned, in
    /// codebook order.
    pub themes: [Vec<GridTheme>; 2],
}

/// The positive / negative grid, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Title.
    pub title: String,
    /// The group column's key and header; `None` for a grid of the cases
    /// one filter selects, which has none.
    pub group_column: Option<(String, String)>,
    /// The groups, in display order.
    pub groups: Vec<GridGroup>,
    /// Per group, per head, in that order.
    pub rows: Vec<GridRow>,
    /// Follow each theme with its number of cases.
    pub counts: bool,
    /// Disclosure control: counts and group n's from 1 to K-1 read `<K`.
    pub suppress: Option<usize>,
    /// Notes.
    pub footnotes: Vec<Note>,
}

impl Grid {
    /// The table: group (n) | area | positive | negative, each polarity a
    /// list of themes.
    pub fn to_table(&self) -> Table {
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let mut cells = Vec::with_capacity(4);
                if self.group_column.is_some() {
                    let g = &self.groups[r.group];
                    cells.push(Cell::Text(format!(
                        "{} ({})",
                        g.label,
                        suppress::n_text(g.n, self.suppress)
                    )));
                }
                cells.push(Cell::Text(r.label.clone()));
                for themes in &r.themes {
                    cells.push(Cell::List(
                        themes
                            .iter()
                            .map(|t| {
                                if self.counts {
                                    format!(
                                        "{} ({})",
                                        t.label,
                                        suppress::count_text(t.cases, self.suppress)
                                    )
                                } else {
                                    t.label.clone()
                                }
                            })
                            .collect(),
                    ));
                }
                Row { depth: 0, cells }
            })
            .collect();
        let mut columns = Vec::with_capacity(4);
        if let Some((key, header)) = &self.group_column {
            columns.push(Column::text(key, header));
        }
        columns.push(Column::text("area", "Area"));
        columns.extend(
            POLARITIES
                .iter()
                .map(|(key, header)| Column::text(key, header)),
        );
        Table {
            title: self.title.clone(),
            columns,
            rows,
            footnotes: self.footnotes.clone(),
        }
    }
}

/// Lay out the positive / negative grid of `opts.codebook`.
pub fn grid(
    codings: &[Coding],
    corpus: &Corpus,
    codes: &CodeSet,
    opts: &GridOptions,
) -> Result<Grid> {
    let book = codes.codebook(&opts.codebook)?;
    let (heads, left_out) = heads(book);
    if heads.is_empty() {
        return Err(no_heads(book));
    }
    opts.filter.validate(corpus)?;
    if let Some(by) = &opts.by {
        corpus.cases.check_attribute(by)?;
    }
    let left = LeftOut::find(
        corpus.cases.iter().filter(|c| opts.filter.accepts(c)),
        &opts.roles,
        roles_of(&book.codes).as_deref(),
    );
    let mut groups = case_groups(corpus, opts);
    groups.retain_mut(|(_, ids)| {
        ids.retain(|id| !left.contains(id));
        !ids.is_empty()
    });
    let total: usize = groups.iter().map(|(_, ids)| ids.len()).sum();
    if total == 0 {
        return Err(opts.filter.no_cases("count"));
    }
    let group_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (_, ids))| ids.iter().map(move |id| (id.as_str(), g)))
        .collect();
    let index: HashMap<&str, usize> = heads
        .iter()
        .flat_map(|h| h.themes.iter().flatten())
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let cases = tally(codings, codes, &index, &group_of, groups.len());

    // A grid of the cases one filter selects (one site: Kent's Tables
    // 7-9) is titled by them and has no column repeating `All cases`.
    let single = opts.by.is_none() && !opts.filter.conditions.is_empty();
    let mut rows = Vec::with_capacity(groups.len() * heads.len());
    for (g, _) in groups.iter().enumerate() {
        for head in &heads {
            let themes = head.themes.each_ref().map(|themes| {
                themes
                    .iter()
                    .filter_map(|t| {
                        let n = cases[index[t.id.as_str()]][g].len();
                        (n > 0).then(|| GridTheme {
                            code: t.id.clone(),
                            label: t.label.clone(),
                            cases: n,
                        })
                    })
                    .collect()
            });
            rows.push(GridRow {
                group: g,
                head: head.code.id.clone(),
                label: head.code.label.clone(),
                themes,
            });
        }
    }
    let (title, group_column) = title_and_group_column(book, total, single, opts);
    Ok(Grid {
        title,
        group_column: (!single).then_some((group_column.key, group_column.header)),
        groups: groups
            .iter()
            .map(|(name, ids)| GridGroup {
                key: name.clone(),
                label: match &opts.by {
                    Some(by) => opts.presentation.value(by, name),
                    None => name.clone(),
                },
                n: ids.len(),
            })
            .collect(),
        rows,
        counts: opts.counts,
        suppress: opts.suppress,
        footnotes: footnotes(&left_out, &left, opts),
    })
}

/// The grid's title, and the header of its group column: the `by`
/// attribute's, or `Cases (n)`; a grid of the cases one filter selects
/// (`single`) is titled by the filter's values.
fn title_and_group_column(
    book: &Codebook,
    total: usize,
    single: bool,
    opts: &GridOptions,
) -> (String, Column) {
    let book_title = book.title.as_deref().unwrap_or(&book.name);
    match &opts.by {
        Some(by) => (
            format!(
                "{book_title}: positive and negative views by {}",
                opts.presentation.attribute_in_text(by)
            ),
            Column::text(
                by,
                &format!("{} (n)", capitalise(&opts.presentation.attribute(by))),
            ),
        ),
        None if single => {
            let values: Vec<String> = opts
                .filter
                .conditions
                .iter()
                .map(|(a, v)| opts.presentation.value(a, v))
                .collect();
            (
                format!(
                    "{}: {book_title}: positive and negative views ({})",
                    values.join(", "),
                    suppress::n_text(total, opts.suppress)
                ),
                Column::text("cases", "Cases (n)"),
            )
        }
        None => (
            format!(
                "{book_title}: positive and negative views ({})",
                suppress::n_text(total, opts.suppress)
            ),
            Column::text("cases", "Cases (n)"),
        ),
    }
}

/// Why `book` cannot make a grid, and the id shape it would need.
fn no_heads(book: &Codebook) -> Error {
    let tops: Vec<&str> = book
        .codes
        .iter()
        .filter(|c| c.depth == 0)
        .map(|c| c.id.as_str())
        .collect();
    Error::usage(format!(
        "codebook '{name}' has no positive/negative heads, so it cannot make a grid: its \
         top-level codes ({}) need children named positive or negative, ids shaped \
         {name}.<head>.positive.<theme> (as in service.personnel.positive)",
        tops.join(", "),
        name = book.name,
    ))
}

/// The groups of the cases that pass the filter, coded or not, in natural
/// order with their case ids; one group of all of them without `by`.
fn case_groups(corpus: &Corpus, opts: &GridOptions) -> Vec<(String, Vec<String>)> {
    let Some(by) = &opts.by else {
        let all = corpus.cases.iter().filter(|c| opts.filter.accepts(c));
        return vec![("All cases".to_owned(), all.map(|c| c.id.clone()).collect())];
    };
    let mut by_group = groups(corpus, by, &opts.filter);
    group_names(&by_group, by, &opts.presentation)
        .into_iter()
        .map(|name| {
            let ids = by_group.remove(&name).unwrap_or_default();
            (name, ids)
        })
        .collect()
}

/// Per theme, per group: the cases with the theme or a code below it.
fn tally<'a>(
    codings: &'a [Coding],
    codes: &CodeSet,
    index: &HashMap<&str, usize>,
    group_of: &HashMap<&str, usize>,
    groups: usize,
) -> Vec<Vec<BTreeSet<&'a str>>> {
    // Per code number, its theme: the code itself or its nearest listed
    // ancestor (parents are numbered before their children).
    let table = codes.table();
    let mut theme_of: Vec<Option<usize>> = Vec::with_capacity(table.len());
    for ix in table.all().iter() {
        let theme = index
            .get(table.id(ix).as_str())
            .copied()
            .or_else(|| table.parent(ix).and_then(|p| theme_of[p.index()]));
        theme_of.push(theme);
    }
    let numbers: Vec<Option<CodeIx>> = super::code_numbers(codes, codings);
    let mut cases = vec![vec![BTreeSet::new(); groups]; index.len()];
    for (c, ix) in codings.iter().zip(numbers) {
        let Some(&g) = group_of.get(c.case.as_str()) else {
            continue;
        };
        if let Some(i) = ix.and_then(|ix| theme_of[ix.index()]) {
            cases[i][g].insert(c.case.as_str());
        }
    }
    cases
}

fn footnotes(left_out: &[&Code], roles: &LeftOut, opts: &GridOptions) -> Vec<Note> {
    let mut notes = Vec::new();
    if opts.footnote {
        notes.push(Note::Indicative);
    }
    notes.push(Note::from(if opts.counts {
        "A theme is listed when at least one case of the group mentions it or a code below it; \
         the number is of those cases, each counted once."
            .to_owned()
    } else {
        "A theme is listed when at least one case of the group mentions it or a code below it."
            .to_owned()
    }));
    if !left_out.is_empty() {
        let names: Vec<String> = left_out
            .iter()
            .map(|c| format!("{} ({})", c.label, c.id))
            .collect();
        notes.push(Note::from(format!(
            "Not in the grid, having no positive/negative split: {}.",
            names.join("; ")
        )));
    }
    notes.extend(roles.note("these codes apply").into_iter().map(Note::from));
    notes.extend(opts.filter.describe().into_iter().map(Note::from));
    notes.extend(opts.suppress.map(suppress::footnote));
    notes
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use crate::coding::Source;
    use crate::project::cases::CasesBuilder;

    const VIEWS: &str = "\
codebook: views
title: Views
codes:
  - id: staff
    label: Staff
    children:
      - id: positive
        label: Staff, positive
        children:
          - id: kind
            label: Kind
            children:
              - id: warm
                label: Warm
                patterns: [warm]
          - id: skilled
            label: Skilled
            patterns: [skilled]
      - id: negative
        label: Staff, negative
        patterns: [rude]
  - id: place
    label: Place
    children:
      - id: negative
        label: Place, negative
        children:
          - id: cold
            label: Cold
            patterns: [cold]
  - id: trust
    label: Trust
    patterns: [trust]
";

    /// Cases A1, A2 (site A) and B1, B2 (site B); B2 is never coded.
    fn corpus() -> Corpus {
        let mut b = CasesBuilder::default();
        for (id, site) in [("A1", "A"), ("A2", "A"), ("B1", "B"), ("B2", "B")] {
            b.set(id, "site", site, Location::file("cases.csv"))
                .unwrap();
        }
        Corpus::new(Vec::new(), b.build(Vec::new()))
    }

    fn codes() -> CodeSet {
        let mut set = CodeSet::default();
        set.add(CodeSet::parse(VIEWS, "views.yaml").unwrap())
            .unwrap();
        set
    }

    fn coding(case: &str, segment: usize, code: &str) -> Coding {
        Coding {
            document: format!("{case}.txt"),
            case: case.to_owned(),
            segment,
            line_start: segment,
            line_end: segment,
            code: CodeId::parse(&format!("views.{code}")).unwrap(),
            source: Source::Auto,
            coder: crate::coding::Coder::Auto,
            pattern: String::new(),
            matched: String::new(),
            memo: String::new(),
        }
    }

    fn options(by: Option<&str>, counts: bool) -> GridOptions {
        GridOptions {
            codebook: "views".to_owned(),
            by: by.map(str::to_owned),
            filter: Filter::default(),
            counts,
            footnote: true,
            suppress: None,
            roles: crate::project::Roles::default(),
            presentation: crate::project::Presentation::default(),
        }
    }

    /// The rows as (group, area, positive items, negative items).
    fn cells(t: &Table) -> Vec<(String, String, Vec<String>, Vec<String>)> {
        t.rows
            .iter()
            .map(|r| match &r.cells[..] {
                [
                    Cell::Text(group),
                    Cell::Text(area),
                    Cell::List(pos),
                    Cell::List(neg),
                ] => (group.clone(), area.clone(), pos.clone(), neg.clone()),
                other => panic!("unexpected row {other:?}"),
            })
            .collect()
    }

    #[track_caller]
    fn case(codings: &[Coding], by: Option<&str>, want: &[(&str, &str, &[&str], &[&str])]) {
        let t = grid(codings, &corpus(), &codes(), &options(by, true))
            .unwrap()
            .to_table();
        let want: Vec<(String, String, Vec<String>, Vec<String>)> = want
            .iter()
            .map(|(g, a, p, n)| {
                let list = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect();
                ((*g).to_owned(), (*a).to_owned(), list(p), list(n))
            })
            .collect();
        assert_eq!(cells(&t), want);
    }

    #[test]
    fn grid_counts_a_case_once_and_themes_through_descendants() {
        // A1 says "skilled" in two turns and "warm" (below kind) twice.
        let codings = [
            coding("A1", 1, "staff.positive.skilled"),
            coding("A1", 2, "staff.positive.skilled"),
            coding("A1", 2, "staff.positive.kind.warm"),
            coding("A1", 3, "staff.positive.kind.warm"),
            coding("A2", 1, "staff.positive.kind"),
            coding("B1", 1, "staff.negative"),
            coding("B1", 1, "place.negative.cold"),
            coding("B1", 2, "trust"),
        ];
        case(
            &codings,
            None,
            &[
                (
                    "All cases (n=4)",
                    "Staff",
                    &["Kind (2)", "Skilled (1)"],
                    &["Staff, negative (1)"],
                ),
                ("All cases (n=4)", "Place", &[], &["Cold (1)"]),
            ],
        );
        case(
            &codings,
            Some("site"),
            &[
                ("A (n=2)", "Staff", &["Kind (2)", "Skilled (1)"], &[]),
                ("A (n=2)", "Place", &[], &[]),
                ("B (n=2)", "Staff", &[], &["Staff, negative (1)"]),
                ("B (n=2)", "Place", &[], &["Cold (1)"]),
            ],
        );
    }

    /// A polarity's themes as (code, cases).
    type Themes<'a> = Vec<(&'a str, usize)>;

    #[test]
    fn the_grid_is_typed_by_group_head_and_theme() {
        let codings = [
            coding("A1", 1, "staff.positive.kind.warm"),
            coding("A2", 1, "staff.positive.kind"),
            coding("B1", 1, "place.negative.cold"),
        ];
        let g = grid(&codings, &corpus(), &codes(), &options(Some("site"), true)).unwrap();
        let groups: Vec<(&str, usize)> = g.groups.iter().map(|g| (g.key.as_str(), g.n)).collect();
        assert_eq!(groups, [("A", 2), ("B", 2)]);
        assert_eq!(
            g.group_column,
            Some(("site".to_owned(), "Site (n)".to_owned()))
        );
        let rows: Vec<(usize, &str, Themes, Themes)> = g
            .rows
            .iter()
            .map(|r| {
                let themes = |i: usize| -> Themes {
                    r.themes[i]
                        .iter()
                        .map(|t| (t.code.as_str(), t.cases))
                        .collect()
                };
                (r.group, r.head.as_str(), themes(0), themes(1))
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    0,
                    "views.staff",
                    vec![("views.staff.positive.kind", 2)],
                    vec![]
                ),
                (0, "views.place", vec![], vec![]),
                (1, "views.staff", vec![], vec![]),
                (
                    1,
                    "views.place",
                    vec![],
                    vec![("views.place.negative.cold", 1)]
                ),
            ]
        );
    }

    #[test]
    fn suppression_hides_small_counts_and_group_ns() {
        let codings = [
            coding("A1", 1, "staff.positive.skilled"),
            coding("A2", 1, "staff.positive.skilled"),
            coding("B1", 1, "staff.negative"),
        ];
        let mut opts = options(Some("site"), true);
        opts.suppress = Some(2);
        let t = grid(&codings, &corpus(), &codes(), &opts)
            .unwrap()
            .to_table();
        // n=2 and a count of 2 are shown; a count of 1 reads <2.
        assert_eq!(cells(&t)[0].2, ["Skilled (2)"]);
        assert_eq!(cells(&t)[2].3, ["Staff, negative (<2)"]);
        opts.suppress = Some(3);
        let t = grid(&codings, &corpus(), &codes(), &opts)
            .unwrap()
            .to_table();
        assert_eq!(cells(&t)[0].0, "A (n<3)");
        assert_eq!(cells(&t)[0].2, ["Skilled (<3)"]);
        assert_eq!(t.footnotes.last().unwrap(), &suppress::footnote(3));
    }

    #[test]
    fn group_n_includes_uncoded_cases() {
        // Only A1 is coded; every group still shows all its cases.
        case(
            &[coding("A1", 1, "staff.positive.skilled")],
            Some("site"),
            &[
                ("A (n=2)", "Staff", &["Skilled (1)"], &[]),
                ("A (n=2)", "Place", &[], &[]),
                ("B (n=2)", "Staff", &[], &[]),
                ("B (n=2)", "Place", &[], &[]),
            ],
        );
    }

    #[test]
    fn grid_without_counts_lists_labels_and_notes_what_is_left_out() {
        let codings = [coding("A1", 1, "staff.positive.skilled")];
        let t = grid(&codings, &corpus(), &codes(), &options(None, false))
            .unwrap()
            .to_table();
        assert_eq!(t.rows[0].cells[2], Cell::List(vec!["Skilled".to_owned()]));
        assert_eq!(t.title, "Views: positive and negative views (n=4)");
        assert_eq!(t.footnotes[0], Note::Indicative);
        assert!(
            t.footnotes.iter().any(|n| n
                .to_string()
                .contains("no positive/negative split: Trust (views.trust)")),
            "{:?}",
            t.footnotes
        );
        let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["cases", "area", "positive", "negative"]);
    }

    #[test]
    fn filter_keeps_only_matching_cases() {
        let mut opts = options(Some("site"), true);
        opts.filter = Filter::parse(&["site=B".to_owned()]).unwrap();
        let codings = [
            coding("A1", 1, "staff.positive.skilled"),
            coding("B1", 1, "staff.positive.skilled"),
        ];
        let t = grid(&codings, &corpus(), &codes(), &opts)
            .unwrap()
            .to_table();
        let rows = cells(&t);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, "B (n=2)");
        assert_eq!(rows[0].2, ["Skilled (1)"]);
        assert_eq!(
            t.footnotes.last().unwrap().to_string(),
            "Only cases where site = B."
        );
    }

    #[test]
    fn a_codebook_without_polarities_is_an_error_naming_the_shape() {
        let mut set = codes();
        let flat = "codebook: flat\ncodes:\n  - id: money\n    patterns: [money]\n";
        set.add(CodeSet::parse(flat, "flat.yaml").unwrap()).unwrap();
        let mut opts = options(None, false);
        opts.codebook = "flat".to_owned();
        let err = grid(&[], &corpus(), &set, &opts).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string().contains("flat.<head>.positive.<theme>"),
            "{err}"
        );
        opts.codebook = "nope".to_owned();
        let err = grid(&[], &corpus(), &set, &opts).unwrap_err();
        assert!(
            err.to_string().contains("loaded codebooks are views, flat"),
            "{err}"
        );
    }
}
