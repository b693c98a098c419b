//! The report: one self-contained HTML file holding the project's tables
//! (sample profile, frequencies, cross-tabs, the grid, personas), bar
//! charts, quotes, a methods note and an appendix linking every count to its
//! cases.
//!
//! [`build`] collects the sections from the table and quote computations,
//! which it calls and never re-implements; [`html::write`] writes them.
//! Nothing here prints, reads the clock or depends on thread count.

pub mod evidence;
pub mod html;
pub mod settings;
pub mod xlsx;

use std::collections::BTreeMap;

use crate::codebook::{CodeIx, CodeSet};
use crate::coding::Coding;
use crate::ingest::Corpus;
use crate::message::Note;
use crate::natural::count;
use crate::persona::{self, PersonaSet};
use crate::project::{CountUnit, Project};
use crate::quote::{self, QuoteOptions};
use crate::redact::Redactor;
use crate::table::{
    self, Cell, FreqOptions, GridOptions, PersonaOptions, ProfileOptions, SortOrder, Table,
};
use crate::{Error, Result};

pub use evidence::Entry;
pub use settings::{Settings, has_grid_shape, validate};

/// Options of a report that are not in the project.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// A date (or any text) to print under the title. Reports carry no
    /// timestamp of their own, so that two runs give the same bytes.
    pub date: Option<String>,
    /// Measured precision and recall to add to the frequency tables.
    pub validity: Option<crate::agree::validity::Validity>,
    /// Whose decisions the codings use, for the methods note (see
    /// [`crate::coding::CountedCoders::describe`]).
    pub coding: Option<String>,
    /// Disclosure control (`suppress_below:` or `--suppress-below`): every
    /// table and chart shows counts from 1 to K-1 as <K, and the appendix
    /// withholds the case lists behind them.
    pub suppress_below: Option<usize>,
    /// Named tables (`report: tables:`), laid out, in order: a section
    /// each, after the computed sections.
    pub tables: Vec<NamedTable>,
}

/// A table defined under `tables:` in qualcode.yaml, made and laid out.
#[derive(Debug, Clone)]
pub struct NamedTable {
    /// Its name (the section's anchor).
    pub name: String,
    /// The section heading: the definition's description, else the
    /// table's title.
    pub heading: String,
    /// The table.
    pub table: Table,
}

/// A collected report, ready to write.
#[derive(Debug, Clone)]
pub struct Report {
    /// Title.
    pub title: String,
    /// Lines under the title: the date, what was read.
    pub facts: Vec<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// The appendix: the cases behind each count.
    pub appendix: Vec<Entry>,
    /// Applied to every piece of text written.
    pub redactor: Redactor,
}

/// A section of the report (`<section id=…>`).
#[derive(Debug, Clone)]
pub struct Section {
    /// Anchor.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Contents.
    pub blocks: Vec<Block>,
}

/// A piece of a section.
#[derive(Debug, Clone)]
pub enum Block {
    /// A subheading.
    Heading(String),
    /// A paragraph.
    Text(String),
    /// A table whose counts link to appendix entries.
    Table(LinkedTable),
    /// A bar chart.
    Chart(Chart),
    /// The quotes of one code.
    Quotes(QuoteList),
}

/// A table, with the appendix anchor of each linked cell (row, column).
#[derive(Debug, Clone)]
pub struct LinkedTable {
    /// The table as the table commands compute it.
    pub table: Table,
    /// (row, column) → anchor.
    pub links: BTreeMap<(usize, usize), String>,
}

/// A horizontal bar chart: per code, one bar per group, as a share of the
/// group's n.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// The groups: name and n.
    pub series: Vec<(String, usize)>,
    /// One entry per code.
    pub bars: Vec<Bar>,
    /// Disclosure control: counts (and group n's) from 1 to K-1 are drawn
    /// without a bar and written `<K`.
    pub suppress: Option<usize>,
}

/// One code's bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Code label.
    pub label: String,
    /// Depth in the code tree.
    pub depth: usize,
    /// Cases per group, in the order of the chart's series.
    pub counts: Vec<usize>,
}

/// The quotes of one code, by group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteList {
    /// The code's label and id.
    pub heading: String,
    /// Group name (`None` without grouping) and its quotes.
    pub groups: Vec<(Option<String>, Vec<Quote>)>,
}

/// One quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Trimmed, redacted text.
    pub text: String,
    /// Attribution (`(EB)`).
    pub attribution: String,
    /// `document:lines`.
    pub source: String,
}

/// Whether a table footnote is said once in the methods note instead:
/// the caveats every count table carries.
pub fn is_shared_note(note: &Note) -> bool {
    matches!(note, Note::Indicative | Note::PersonaIndicative)
}

/// Collect the report of `project`.
#[allow(clippy::too_many_lines)] // one section after another, in report order
pub fn build(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    codings: &[Coding],
    opts: &ReportOptions,
) -> Result<Report> {
    let settings = settings::resolve(project, codes, &corpus.cases)?;
    let mut appendix = evidence::Appendix::new(corpus, codes, codings);
    let mut notes: Vec<Note> = opts.coding.iter().map(|c| c.as_str().into()).collect();
    notes.push(Note::Indicative);
    let mut sections = Vec::new();

    sections.extend(profile_section(project, corpus, &settings)?);
    for name in &settings.codebooks {
        sections.push(codebook_section(
            name,
            &settings,
            corpus,
            codes,
            codings,
            &mut appendix,
            &mut notes,
        )?);
        // Only a codebook the validation sample covers gets the columns.
        if let Some(v) = opts
            .validity
            .as_ref()
            .filter(|v| v.codes.keys().any(|id| crate::id::book(id) == name))
            && let Some(Section { blocks, .. }) = sections.last_mut()
            && let Some(Block::Table(linked)) =
                blocks.iter_mut().find(|b| matches!(b, Block::Table(_)))
        {
            let before = linked.table.footnotes.len();
            crate::agree::validity::annotate(&mut linked.table, v);
            notes.extend(linked.table.footnotes[before..].iter().cloned());
        }
    }
    for name in &settings.grid {
        let t = table::grid(
            codings,
            corpus,
            codes,
            &GridOptions {
                codebook: name.clone(),
                by: settings.by.first().cloned(),
                counts: true,
                footnote: true,
                roles: settings.roles.clone(),
                suppress: opts.suppress_below,
                presentation: settings.presentation.clone(),
                ..GridOptions::default()
            },
        )?;
        notes.extend(t.footnotes.iter().cloned());
        let t = t.to_table();
        sections.push(Section {
            id: format!("grid-{}", slug(name)),
            title: format!("Positive and negative views: {}", book_title(codes, name)),
            blocks: vec![Block::Table(LinkedTable {
                table: t,
                links: BTreeMap::new(),
            })],
        });
    }
    if project.personas.is_some() {
        sections.push(persona_section(
            project,
            corpus,
            codes,
            codings,
            &settings,
            &mut appendix,
            &mut notes,
        )?);
    }
    if settings.quotes_per_code > 0 {
        // Each transcript quoted is read once, for every section.
        let mut documents = crate::ingest::Documents::new(project)?;
        for name in &settings.codebooks {
            let section = quote_section(
                name,
                &settings,
                (corpus, codes, codings),
                &mut documents,
                &mut notes,
            )?;
            sections.push(section);
        }
    }
    for t in &opts.tables {
        sections.push(Section {
            id: format!("table-{}", slug(&t.name)),
            title: t.heading.clone(),
            blocks: vec![Block::Table(LinkedTable {
                table: t.table.clone(),
                links: BTreeMap::new(),
            })],
        });
    }
    notes.push(
        "Every count links to the appendix, which lists the cases behind it and the transcript \
         lines (document:line) where each was coded."
            .into(),
    );
    let mut appendix = appendix.into_entries();
    if let Some(k) = opts.suppress_below {
        disclose(&mut sections, &mut appendix, k);
        notes.push(Note::Text(format!(
            "Disclosure control was applied with K = {k} (suppress_below): {} The appendix \
             withholds the cases behind any count under {k}, and charts draw no bar for one.",
            table::suppress::footnote(k)
        )));
        notes.retain(|n| *n != Note::Suppressed { k });
    }
    let mut seen = std::collections::HashSet::new();
    // The persona tables' caveat says again what the first note says.
    notes.retain(|n| seen.insert(n.to_string()) && *n != Note::PersonaIndicative);
    sections.insert(0, methods(project, corpus, codings, &settings, notes));
    let mut facts = Vec::new();
    facts.extend(opts.date.clone());
    facts.push(format!(
        "{} in {}; codebooks: {}.",
        count(corpus.cases.len(), "case"),
        count(corpus.outlines.len(), "transcript"),
        settings
            .codebooks
            .iter()
            .map(|n| book_title(codes, n))
            .collect::<Vec<_>>()
            .join("; ")
    ));
    Ok(Report {
        title: settings.title.clone(),
        facts,
        sections,
        appendix,
        redactor: Redactor::for_project(project),
    })
}

/// The sample-profile table, unless it has no attributes.
fn profile_section(
    project: &Project,
    corpus: &Corpus,
    settings: &Settings,
) -> Result<Option<Section>> {
    let attrs = match &settings.profile {
        Some(list) => list.clone(),
        None => profile_attributes(project, corpus, settings)?,
    };
    if attrs.is_empty() {
        return Ok(None);
    }
    let t = table::profile(
        corpus,
        &ProfileOptions {
            attrs,
            roles: settings.roles.clone(),
            presentation: settings.presentation.clone(),
            ..ProfileOptions::default()
        },
    )?;
    Ok(Some(Section {
        id: "profile".to_owned(),
        title: "Sample profile".to_owned(),
        blocks: vec![Block::Table(LinkedTable {
            table: t.to_table(),
            links: BTreeMap::new(),
        })],
    }))
}

/// The sample profile's attributes when `report: profile:` is not set: the
/// `by` attributes, then every other case attribute (in `qualcode profile`'s
/// order) that some cases share, leaving out those with a value per case
/// (names, ids), which would make a row per case.
fn profile_attributes(
    project: &Project,
    corpus: &Corpus,
    settings: &Settings,
) -> Result<Vec<String>> {
    let mut attrs = settings.by.clone();
    for a in table::profile::default_attributes(project, corpus)? {
        if attrs.contains(&a) {
            continue;
        }
        let mut values: Vec<&str> = corpus
            .cases
            .iter()
            .filter_map(|c| c.get(&a))
            .flat_map(|v| v.split(';'))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        values.sort_unstable();
        values.dedup();
        if values.len() < corpus.cases.len() {
            attrs.push(a);
        }
    }
    Ok(attrs)
}

fn book_title(codes: &CodeSet, name: &str) -> String {
    codes
        .codebook(name)
        .ok()
        .and_then(|b| b.title.clone())
        .unwrap_or_else(|| name.to_owned())
}

/// Disclosure control with threshold `k` over the finished sections: every
/// table suppressed (the grids are built suppressed), each link from a
/// hidden count dropped, charts' bars under `k` not drawn, and the appendix
/// entries of fewer than `k` cases withheld.
fn disclose(sections: &mut [Section], appendix: &mut Vec<Entry>, k: usize) {
    let withheld: std::collections::HashSet<String> = appendix
        .iter()
        .filter(|e| table::suppress::hides(e.cases.len(), k))
        .map(|e| e.anchor.clone())
        .collect();
    appendix.retain(|e| !withheld.contains(&e.anchor));
    for section in sections.iter_mut() {
        let grid = section.id.starts_with("grid-");
        for block in &mut section.blocks {
            match block {
                Block::Table(linked) => {
                    if !grid {
                        linked.table.suppress(k);
                    }
                    let t = &linked.table;
                    linked.links.retain(|&(r, c), anchor| {
                        !withheld.contains(anchor)
                            && t.rows
                                .get(r)
                                .and_then(|row| row.cells.get(c))
                                .is_some_and(|cell| matches!(cell, Cell::Count(_)))
                    });
                }
                Block::Chart(chart) => chart.suppress = Some(k),
                Block::Heading(_) | Block::Text(_) | Block::Quotes(_) => {}
            }
        }
    }
}

/// An HTML id made of `name`'s letters and digits.
fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The methods note.
fn methods(
    project: &Project,
    corpus: &Corpus,
    codings: &[Coding],
    settings: &Settings,
    notes: Vec<Note>,
) -> Section {
    let manual = codings
        .iter()
        .filter(|c| c.source == crate::coding::Source::Manual)
        .count();
    let mut blocks = vec![Block::Text(format!(
        "The transcripts of {} were coded against the codebooks listed at the top: automatically, \
         by each code's patterns (codings/auto.csv){}. A participant's speech is coded; \
         interviewers' turns are not. Counts are of cases: a participant who mentions a code \
         several times counts once.",
        count(corpus.cases.len(), "case"),
        if manual > 0 {
            format!(", with {} added by coders", count(manual, "coding"))
        } else {
            ", with coders' decisions merged on top where there are any".to_owned()
        }
    ))];
    blocks.extend(interviewers_note(project, corpus).map(Block::Text));
    if !settings.by.is_empty() {
        blocks.push(Block::Text(format!(
            "Cross-tabulations are by {}; each group's n counts all its cases, coded or not.",
            settings.by.join(" and ")
        )));
    }
    let mut notes = notes;
    if !project.redact.is_empty() {
        // Said here for the whole report, not only of quotes.
        notes.retain(|n| *n != Note::Redacted);
        blocks.push(Block::Text(
            "Names on the project's redaction list are replaced throughout this report.".to_owned(),
        ));
    }
    blocks.extend(notes.iter().map(|n| Block::Text(n.to_string())));
    Section {
        id: "methods".to_owned(),
        title: "Methods and caveats".to_owned(),
        blocks,
    }
}

/// Which speakers were treated as interviewers, and why.
fn interviewers_note(project: &Project, corpus: &Corpus) -> Option<String> {
    let found = crate::ingest::roles::summary(project, &corpus.outlines);
    if found.is_empty() {
        return None;
    }
    let all = corpus.outlines.len();
    let parts: Vec<String> = found
        .iter()
        .map(|s| {
            let place = match s.documents.as_slice() {
                [one] if all > 1 => format!(" in {one}"),
                many if many.len() < all => format!(" in {}", count(many.len(), "transcript")),
                _ => String::new(),
            };
            let how = if s.detected { "detected: " } else { "" };
            format!("{}{place} ({how}{})", s.label, s.reason)
        })
        .collect();
    Some(format!(
        "Speakers treated as interviewers, whose turns are not coded: {}.",
        parts.join("; ")
    ))
}

/// A codebook's frequency table, its cross-tabs and their charts, read
/// from the typed results (never from a table's cells or column order).
fn codebook_section(
    name: &str,
    settings: &Settings,
    corpus: &Corpus,
    codes: &CodeSet,
    codings: &[Coding],
    appendix: &mut evidence::Appendix<'_>,
    notes: &mut Vec<Note>,
) -> Result<Section> {
    let freq = |by: Option<&String>| {
        table::freq_result(
            codings,
            corpus,
            codes,
            &FreqOptions {
                scope: name.to_owned(),
                unit: CountUnit::Case,
                by: by.cloned(),
                sort: SortOrder::Count,
                footnote: true,
                roles: settings.roles.clone(),
                presentation: settings.presentation.clone(),
                ..FreqOptions::default()
            },
        )
    };
    let mut blocks = Vec::new();
    let result = freq(None)?;
    notes.extend(result.footnotes.iter().cloned());
    let t = result.to_table();
    let n_column = column(&t, "n")?;
    let mut links = BTreeMap::new();
    for (r, row) in result.rows.iter().enumerate() {
        if let Some(a) = appendix.code(row_code(codes, &row.code)?, None) {
            links.insert((r, n_column), a);
        }
    }
    if settings.by.is_empty() {
        blocks.push(Block::Chart(chart(
            &result,
            &[("All cases".to_owned(), corpus.cases.len())],
        )));
    }
    blocks.push(Block::Table(LinkedTable { table: t, links }));
    for by in &settings.by {
        let result = freq(Some(by))?;
        let t = result.to_table();
        let group_columns: Vec<usize> = result
            .groups
            .iter()
            .map(|g| column(&t, &g.key))
            .collect::<Result<_>>()?;
        let total_column = column(&t, "total")?;
        let mut links = BTreeMap::new();
        for (r, row) in result.rows.iter().enumerate() {
            let code = row_code(codes, &row.code)?;
            for (g, &c) in result.groups.iter().zip(&group_columns) {
                if let Some(a) = appendix.code(code, Some((by.as_str(), g.key.as_str()))) {
                    links.insert((r, c), a);
                }
            }
            if let Some(a) = appendix.code(code, None) {
                links.insert((r, total_column), a);
            }
        }
        blocks.push(Block::Heading(format!("By {by}")));
        let series: Vec<(String, usize)> =
            result.groups.iter().map(|g| (g.key.clone(), g.n)).collect();
        blocks.push(Block::Chart(chart(&result, &series)));
        blocks.push(Block::Table(LinkedTable { table: t, links }));
    }
    Ok(Section {
        id: format!("codebook-{}", slug(name)),
        title: book_title(codes, name),
        blocks,
    })
}

/// The index of the column keyed `key` in `t`.
fn column(t: &Table, key: &str) -> Result<usize> {
    t.columns
        .iter()
        .position(|c| c.key == key)
        .ok_or_else(|| Error::invalid(format!("a table without a column '{key}'")))
}

/// The number of the code a frequency row counts.
fn row_code(codes: &CodeSet, id: &str) -> Result<CodeIx> {
    codes
        .table()
        .index_of(id)
        .ok_or_else(|| Error::invalid(format!("unknown code {id} in a frequency table")))
}

/// A chart of the rows of `result` down to depth 1: per series (a group,
/// or all cases without groups), the group's count.
fn chart(result: &table::FreqResult, series: &[(String, usize)]) -> Chart {
    let bars = result
        .rows
        .iter()
        .filter(|r| r.depth <= 1)
        .map(|r| Bar {
            label: r.label.clone(),
            depth: r.depth,
            counts: if result.groups.is_empty() {
                vec![r.all]
            } else {
                r.per_group.clone()
            },
        })
        .collect();
    Chart {
        title: result.title.clone(),
        series: series.to_vec(),
        bars,
        suppress: None,
    }
}

/// The personas: each case with the evidence, and counts by each group.
fn persona_section(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    codings: &[Coding],
    settings: &Settings,
    appendix: &mut evidence::Appendix<'_>,
    notes: &mut Vec<Note>,
) -> Result<Section> {
    let set = PersonaSet::load(project)?;
    set.check(codes, &corpus.cases)?;
    let mut assignments = persona::assign(&set, codes, codings, &corpus.cases)?;
    notes.extend(
        persona::participants_only(&mut assignments, &corpus.cases, &project.roles)
            .into_iter()
            .map(Note::from),
    );
    let mut blocks = Vec::new();
    for by in &settings.by {
        let opts = PersonaOptions {
            by: Some(by.clone()),
            footnote: true,
            presentation: settings.presentation.clone(),
            ..PersonaOptions::default()
        };
        let counts = table::persona_counts(&set, &assignments, corpus, by, &opts)?;
        notes.extend(counts.footnotes.iter().cloned());
        let t = counts.to_table();
        let group_columns: Vec<usize> = counts
            .groups
            .iter()
            .map(|g| column(&t, &g.key))
            .collect::<Result<_>>()?;
        let total_column = column(&t, "total")?;
        let mut links = BTreeMap::new();
        for (r, row) in counts.rows.iter().enumerate() {
            // The appendix knows a persona by its index; the unclassified
            // come after the last.
            let persona = row.persona.unwrap_or(set.personas.len());
            for (g, &c) in counts.groups.iter().zip(&group_columns) {
                let group = Some((by.as_str(), g.key.as_str()));
                if let Some(a) = appendix.persona(&set, &assignments, persona, group) {
                    links.insert((r, c), a);
                }
            }
            if let Some(a) = appendix.persona(&set, &assignments, persona, None) {
                links.insert((r, total_column), a);
            }
        }
        blocks.push(Block::Table(LinkedTable { table: t, links }));
    }
    let list = table::persona_list(&set, &assignments, corpus, &PersonaOptions::default())?;
    blocks.push(Block::Table(LinkedTable {
        table: list.to_table(),
        links: BTreeMap::new(),
    }));
    Ok(Section {
        id: "personas".to_owned(),
        title: format!("Personas: {}", set.title()),
        blocks,
    })
}

/// Quotes for each code of codebook `name` with no codes below it that
/// has codings, by the quotes attribute.
fn quote_section(
    name: &str,
    settings: &Settings,
    (corpus, codes, codings): (&Corpus, &CodeSet, &[Coding]),
    documents: &mut crate::ingest::Documents<'_>,
    notes: &mut Vec<Note>,
) -> Result<Section> {
    let redactor = Redactor::for_project(documents.project());
    // Each code's codings (of cases of the corpus) by number, in one pass.
    let table = codes.table();
    let scope = codes.range(name).unwrap_or_default();
    let mut coded: Vec<Vec<&Coding>> = vec![Vec::new(); table.len()];
    for c in codings
        .iter()
        .filter(|c| corpus.cases.get(&c.case).is_some())
    {
        if let Some(ix) = table.nearest(&c.code).filter(|&ix| scope.contains(ix)) {
            coded[ix.index()].push(c);
        }
    }
    let mut blocks = Vec::new();
    for ix in scope.iter() {
        let own = &coded[ix.index()];
        // Only a code with no codes below it is quoted.
        if own.is_empty() || table.subtree(ix).len() > 1 {
            continue;
        }
        let code = codes.code_at(ix);
        let opts = QuoteOptions {
            code: code.id.to_string(),
            by: settings.quotes_by.clone(),
            max_words: settings.max_words,
            limit: Some(settings.quotes_per_code),
            attribution: settings.attribution.clone(),
            ..QuoteOptions::default()
        };
        let selected = quote::quotes_among(
            corpus,
            own.iter().copied(),
            codes,
            &redactor,
            &opts,
            documents,
        )?;
        notes.extend(selected.footnotes.iter().cloned());
        let mut groups: Vec<(Option<String>, Vec<Quote>)> = Vec::new();
        for found in selected.quotes {
            let group = found.group;
            let q = Quote {
                text: found.text,
                attribution: found.attribution,
                source: found.source,
            };
            match groups.last_mut() {
                Some((g, list)) if *g == group => list.push(q),
                _ => groups.push((group, vec![q])),
            }
        }
        if !groups.is_empty() {
            blocks.push(Block::Quotes(QuoteList {
                heading: format!("{} ({})", code.label, code.id),
                groups,
            }));
        }
    }
    let by = settings
        .quotes_by
        .as_ref()
        .map_or_else(String::new, |b| format!(" by {b}"));
    if blocks.is_empty() {
        blocks.push(Block::Text("No coded segments to quote.".to_owned()));
    }
    Ok(Section {
        id: format!("quotes-{}", slug(name)),
        title: format!("Quotes{by}: {}", book_title(codes, name)),
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_notes_are_told_by_their_kind_not_their_wording() {
        assert!(is_shared_note(&Note::Indicative));
        assert!(is_shared_note(&Note::PersonaIndicative));
        assert!(!is_shared_note(&Note::Suppressed { k: 5 }));
        // The same words as a note of its own (a definition's footnote)
        // are that table's, printed under it.
        assert!(!is_shared_note(&Note::Text(
            crate::message::INDICATIVE.to_owned()
        )));
    }
}
