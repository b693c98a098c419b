//! Quote extracts: the coded segments of a code (and the codes below it),
//! grouped by a case attribute, trimmed, redacted and attributed. Produces a
//! [`Table`] like every other computation.

pub mod attribute;
pub mod kwic;
pub mod trim;
pub mod uncoded;

use std::collections::{BTreeMap, HashMap};

use crate::codebook::CodeSet;
use crate::coding::Coding;
use crate::ingest::{self, Corpus};
use crate::natural;
use crate::project::Filter;
use crate::project::Project;
use crate::project::select::group_of;
use crate::redact::Redactor;
use crate::table::{Cell, Column, Row, Table};
use crate::{Error, Result};

/// Which quotes and how to show them.
#[derive(Debug, Clone, Default)]
pub struct QuoteOptions {
    /// The code (its children included).
    pub code: String,
    /// Group by this case attribute.
    pub by: Option<String>,
    /// Which cases.
    pub filter: Filter,
    /// Word limit (0: whole segments).
    pub max_words: usize,
    /// At most this many quotes per group.
    pub limit: Option<usize>,
    /// Attribution template (`({cohort})`).
    pub attribution: String,
}

struct Pick<'a> {
    coding: &'a Coding,
    codes: Vec<&'a str>,
}

/// One selected quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Its group (the `by` attribute's category), if grouped.
    pub group: Option<String>,
    /// Trimmed, redacted text.
    pub text: String,
    /// Attribution (`(EB)`).
    pub attribution: String,
    /// `document:lines`.
    pub source: String,
    /// The codes of the segment under the quoted code.
    pub codes: Vec<String>,
}

/// The quotes of a code, typed: what [`select`] lays out as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotes {
    /// Title.
    pub title: String,
    /// The attribute quotes are grouped by.
    pub by: Option<String>,
    /// The quotes, group by group.
    pub quotes: Vec<Quote>,
    /// Notes.
    pub footnotes: Vec<crate::message::Note>,
}

impl Quotes {
    /// The table: group (if grouped) | quote | attribution | source | codes.
    pub fn to_table(&self) -> Table {
        let mut columns = Vec::new();
        if let Some(by) = &self.by {
            columns.push(Column::text("group", by));
        }
        columns.extend([
            Column::text("quote", "Quote"),
            Column::text("attribution", "Attribution"),
            Column::text("source", "Source"),
            Column::text("codes", "Codes").secondary(),
        ]);
        let rows = self
            .quotes
            .iter()
            .map(|q| {
                let mut cells = Vec::with_capacity(5);
                if self.by.is_some() {
                    cells.push(Cell::Text(q.group.clone().unwrap_or_default()));
                }
                cells.push(Cell::Text(q.text.clone()));
                cells.push(Cell::Text(q.attribution.clone()));
                cells.push(Cell::Text(q.source.clone()));
                cells.push(Cell::Text(q.codes.join(" ")));
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

/// Select, trim, redact and attribute the quotes for `opts.code`: the table.
pub fn select(
    project: &Project,
    corpus: &Corpus,
    codings: &[Coding],
    codes: &CodeSet,
    redactor: &Redactor,
    opts: &QuoteOptions,
) -> Result<Table> {
    let mut documents = ingest::Documents::new(project)?;
    quotes_with(corpus, codings, codes, redactor, opts, &mut documents).map(|q| q.to_table())
}

/// Select, trim, redact and attribute the quotes for `opts.code`.
pub fn quotes(
    project: &Project,
    corpus: &Corpus,
    codings: &[Coding],
    codes: &CodeSet,
    redactor: &Redactor,
    opts: &QuoteOptions,
) -> Result<Quotes> {
    let mut documents = ingest::Documents::new(project)?;
    quotes_with(corpus, codings, codes, redactor, opts, &mut documents)
}

/// [`quotes`], reading the transcripts quoted through `documents` (so
/// several selections read each at most once).
pub fn quotes_with(
    corpus: &Corpus,
    codings: &[Coding],
    codes: &CodeSet,
    redactor: &Redactor,
    opts: &QuoteOptions,
    documents: &mut ingest::Documents<'_>,
) -> Result<Quotes> {
    quotes_among(corpus, codings.iter(), codes, redactor, opts, documents)
}

/// [`quotes_with`] over some codings (those of other codes are passed
/// over), so that a caller quoting many codes can hand each its own.
pub fn quotes_among<'c>(
    corpus: &Corpus,
    codings: impl IntoIterator<Item = &'c Coding>,
    codes: &CodeSet,
    redactor: &Redactor,
    opts: &QuoteOptions,
    documents: &mut ingest::Documents<'_>,
) -> Result<Quotes> {
    let project = documents.project();
    let (root, label) = codes.scope(&opts.code)?;
    opts.filter.validate(corpus)?;
    if let Some(by) = &opts.by {
        corpus.cases.check_attribute(by)?;
    }
    let template = attribute::Template::parse(&opts.attribution)?;
    template.validate(&corpus.cases)?;
    let left_out = left_out(project, corpus, codes, &root, opts);
    let (table, scope) = (codes.table(), codes.scope_of(Some(&root)));
    let codings = codings
        .into_iter()
        .filter(|c| scope.contains(table.nearest(&c.code)) && !left_out.contains(&c.case));
    let mut grouped = picks(corpus, codings, opts);
    let mut names: Vec<String> = grouped.keys().cloned().collect();
    natural::sort(&mut names);
    let mut quotes = Vec::new();
    for name in &names {
        let list = grouped.get_mut(name).expect("name from keys");
        // Picks are one per segment, so no two are equal in this order:
        // the first `limit` after a partial selection are those of a sort.
        let order = |a: &Pick<'_>, b: &Pick<'_>| {
            natural::cmp(&a.coding.case, &b.coding.case)
                .then(natural::cmp(&a.coding.document, &b.coding.document))
                .then(a.coding.segment.cmp(&b.coding.segment))
        };
        let limit = opts.limit.unwrap_or(usize::MAX).min(list.len());
        if limit > 0 && limit < list.len() {
            list.select_nth_unstable_by(limit - 1, order);
            list.truncate(limit);
        }
        list.sort_by(order);
        for p in list.iter() {
            let c = p.coding;
            let turn = documents
                .turn(&c.document, c.segment)?
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "codings name {} but it is not a transcript of this project: run `qualcode code`",
                        c.document
                    ))
                })?
                .ok_or_else(|| stale(c))?;
            // Same place, and the matched words still there (an edit inside a turn).
            // (auto.csv holds the match as redacted when it was written).
            if turn.line_start != c.line_start
                || !(turn.text.contains(c.matched.as_str())
                    || redactor.apply(&turn.text).contains(c.matched.as_str()))
            {
                return Err(stale(c));
            }
            let text = redactor.apply(&trim::normalise(&turn.text));
            let anchor = (!c.matched.is_empty()).then_some(c.matched.as_str());
            let quote = trim::trim(&text, anchor, opts.max_words);
            let case = corpus
                .cases
                .get(&c.case)
                .expect("filtered on existing cases");
            quotes.push(Quote {
                group: opts.by.as_ref().map(|_| name.clone()),
                text: quote,
                attribution: template.render(case),
                source: source(c, turn.start_ms),
                codes: p.codes.iter().map(|c| (*c).to_owned()).collect(),
            });
        }
    }
    let mut footnotes: Vec<crate::message::Note> = Vec::new();
    if opts.max_words > 0 {
        footnotes.push(
            format!(
                "Quotes are trimmed to about {} words at sentence boundaries; … marks left-out \
                 text.",
                opts.max_words
            )
            .into(),
        );
    }
    if !project.redact.is_empty() {
        footnotes.push(crate::message::Note::Redacted);
    }
    footnotes.extend(opts.filter.describe().into_iter().map(Into::into));
    footnotes.extend(
        left_out
            .note("these codes apply")
            .into_iter()
            .map(Into::into),
    );
    let title = match &opts.by {
        Some(by) => format!("Quotes: {label} ({root}), by {by}"),
        None => format!("Quotes: {label} ({root})"),
    };
    Ok(Quotes {
        title,
        by: opts.by.clone(),
        quotes,
        footnotes,
    })
}

/// The cases whose role the codes under `root` do not apply to, and the
/// codings without theirs (`None`: no case is left out).
fn left_out(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    root: &str,
    opts: &QuoteOptions,
) -> crate::table::roles::LeftOut {
    crate::table::roles::LeftOut::find(
        corpus.cases.iter().filter(|c| opts.filter.accepts(c)),
        &project.roles,
        crate::table::roles::roles_of(codes.subtree(root)).as_deref(),
    )
}

/// One pick per coded segment among `codings`, in their order,
/// grouped by the `--by` attribute ("" when there is none).
fn picks<'a>(
    corpus: &Corpus,
    codings: impl Iterator<Item = &'a Coding>,
    opts: &QuoteOptions,
) -> BTreeMap<String, Vec<Pick<'a>>> {
    let mut picks: Vec<Pick<'a>> = Vec::new();
    let mut index: HashMap<(&str, usize), usize> = HashMap::new();
    for c in codings {
        let Some(case) = corpus.cases.get(&c.case) else {
            continue;
        };
        if !opts.filter.accepts(case) {
            continue;
        }
        if let Some(&i) = index.get(&(c.document.as_str(), c.segment)) {
            picks[i].codes.push(&c.code);
        } else {
            index.insert((&c.document, c.segment), picks.len());
            picks.push(Pick {
                coding: c,
                codes: vec![&c.code],
            });
        }
    }
    let mut grouped: BTreeMap<String, Vec<Pick<'a>>> = BTreeMap::new();
    for p in picks {
        let case = corpus
            .cases
            .get(&p.coding.case)
            .expect("filtered on existing cases");
        let g = opts
            .by
            .as_deref()
            .map_or_else(String::new, |b| group_of(&corpus.cases, case, b));
        grouped.entry(g).or_default().push(p);
    }
    grouped
}

fn stale(c: &Coding) -> Error {
    Error::invalid(format!(
        "codings are out of date for {}: turn {} at line {} has changed since it was coded: \
         run `qualcode code`",
        c.document, c.segment, c.line_start
    ))
}

/// Where a quote comes from: `document:line` or `document:first-last`, and
/// for a timed transcript the start of its turn in the recording
/// (`[00:12:31]`).
fn source(c: &Coding, start_ms: Option<u64>) -> String {
    let lines = if c.line_start == c.line_end {
        format!("{}:{}", c.document, c.line_start)
    } else {
        format!("{}:{}-{}", c.document, c.line_start, c.line_end)
    };
    match start_ms.map(|ms| ms / 1000) {
        Some(s) => format!("{lines} [{:02}:{:02}:{:02}]", s / 3600, s / 60 % 60, s % 60),
        None => lines,
    }
}
