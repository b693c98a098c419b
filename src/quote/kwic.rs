//! Keyword in context: every place a pattern (or a code's patterns) matches
//! in the speech auto-coding reads, with a few words either side, redacted.
//! Patterns compile through the same matcher as codebooks, so what kwic
//! shows is what a codebook pattern would catch; hits that auto-coding
//! drops as negated, or by a code's `mood:` or `tense:` guard, are kept
//! and marked. Produces a [`Table`].

use crate::codebook::{Code, CodeSet, Codebook, Mood, Pattern, PatternKind, Tense};
use crate::ingest::{self, Corpus, Document, Speaker};
use crate::matcher::{self, Matcher};
use crate::project::Filter;
use crate::project::Project;
use crate::redact::Redactor;
use crate::table::{Cell, Column, Row, Table};
use crate::{Error, Location, Result};

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KwicQuery {
    /// A pattern in codebook syntax: a phrase with `*` ending words, or
    /// `re:` and a regular expression.
    Pattern(String),
    /// The patterns of a code and of the codes below it, or of every code
    /// of a codebook.
    Code(String),
}

/// What to show.
#[derive(Debug, Clone)]
pub struct KwicOptions {
    /// The pattern or code.
    pub query: KwicQuery,
    /// Words of context either side.
    pub width: usize,
    /// Case attributes to show (`None`: all of them).
    pub attrs: Option<Vec<String>>,
    /// Which cases.
    pub filter: Filter,
    /// The negation window of a pattern query, in words (0: off); a code
    /// query uses each code's own.
    pub negation: usize,
    /// Leave out hits that are negated rather than mark them.
    pub hide_negated: bool,
    /// Interviewer turns too (not coded; they show with their label).
    pub all_speakers: bool,
}

/// Where a command-line pattern is said to be written.
const COMMAND_LINE: &str = "<command line>";

/// A pattern as written on the command line: `re:` starts a regex.
pub fn parse_pattern(source: &str) -> Result<PatternKind> {
    let kind = match source.strip_prefix("re:") {
        Some(re) => PatternKind::Regex(re.trim().to_owned()),
        None => PatternKind::Phrase(source.to_owned()),
    };
    kind.validate().map_err(|e| {
        let e = e.replace("{regex: …}", "re:REGEX");
        Error::usage(format!("invalid PATTERN: {e}"))
    })?;
    Ok(kind)
}

/// Per code: its `mood:` and `tense:` guards.
type Guards = Vec<(Mood, Option<Tense>)>;

/// The codes to search for, with negation and the mood and tense guards off
/// (hits are marked instead), each code's negation window and guards, and a
/// title.
fn search(codes: &CodeSet, opts: &KwicOptions) -> Result<(CodeSet, Vec<usize>, Guards, String)> {
    let (list, title): (Vec<Code>, String) = match &opts.query {
        KwicQuery::Pattern(source) => {
            let kind = parse_pattern(source)?;
            let code = Code {
                id: crate::id::CodeId::checked("kwic".to_owned()),
                label: source.clone(),
                description: None,
                include: None,
                exclude: None,
                examples: Vec::new(),
                counterexamples: Vec::new(),
                patterns: vec![Pattern {
                    kind,
                    location: Location::file(COMMAND_LINE),
                }],
                not: Vec::new(),
                negation: opts.negation,
                applies_to: Vec::new(),
                mood: Mood::Any,
                tense: None,
                color: None,
                depth: 0,
                parent: None,
                location: Location::file(COMMAND_LINE),
            };
            (vec![code], source.clone())
        }
        KwicQuery::Code(id) => {
            let (root, label) = codes.scope(id)?;
            let list: Vec<Code> = codes.subtree(&root).cloned().collect();
            (list, format!("{label} ({root})"))
        }
    };
    let windows = list.iter().map(|c| c.negation).collect();
    let guards = list.iter().map(|c| (c.mood, c.tense)).collect();
    let book = Codebook {
        name: "kwic".to_owned(),
        title: None,
        description: None,
        path: COMMAND_LINE.to_owned(),
        negation: 0,
        applies_to: Vec::new(),
        codes: list
            .into_iter()
            .map(|c| Code {
                negation: 0,
                mood: Mood::Any,
                tense: None,
                ..c
            })
            .collect(),
    };
    let mut set = CodeSet::default();
    set.add(book)?;
    Ok((set, windows, guards, title))
}

/// Everything one document contributes: its rows and the cases behind them.
struct Found {
    rows: Vec<Row>,
    cases: Vec<String>,
    negated: usize,
    guarded: usize,
}

/// Keyword in context for `opts.query` over the project's transcripts.
pub fn kwic(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    redactor: &Redactor,
    opts: &KwicOptions,
) -> Result<Table> {
    let (set, windows, guards, label) = search(codes, opts)?;
    let guarded = guards
        .iter()
        .any(|&(m, t)| m == Mood::Actual || t.is_some());
    opts.filter.validate(corpus)?;
    let attrs: Vec<String> = match &opts.attrs {
        Some(list) => {
            corpus.cases.check_attributes(list)?;
            list.clone()
        }
        None => corpus
            .cases
            .attribute_names()
            .into_iter()
            .filter(|a| a != "id")
            .collect(),
    };
    let matcher = Matcher::compile(&set)?;
    let ids: Vec<String> = matcher.code_ids().to_vec();
    let look = Look {
        corpus,
        redactor,
        opts,
        attrs: &attrs,
        matcher: &matcher,
        windows: &windows,
        guards: guarded.then_some(&guards[..]),
        ids: &ids,
    };
    let files = project.transcript_files()?;
    let (found, _skipped) = ingest::map_documents(project, &files, |doc| Ok(look.document(&doc)))?;
    let mut rows = Vec::new();
    let mut cases: Vec<String> = Vec::new();
    let (mut negated, mut vetoed) = (0, 0);
    for f in found {
        rows.extend(f.rows);
        cases.extend(f.cases);
        negated += f.negated;
        vetoed += f.guarded;
    }
    crate::natural::sort(&mut cases);
    cases.dedup();
    let code_query = matches!(opts.query, KwicQuery::Code(_));
    let mut columns = vec![
        Column::text("source", "Source"),
        Column::text("case", "Case"),
    ];
    columns.extend(attrs.iter().map(|a| Column::text(a, a)));
    columns.extend([
        Column::text("left", "Left").right_aligned(),
        Column::text("match", "Match").emphasis(),
        Column::text("right", "Right"),
    ]);
    if code_query {
        columns.push(Column::text("code", "Code").secondary());
    }
    columns.push(Column::text("negated", "Negated"));
    if guarded {
        columns.push(Column::text("guard", "Guard"));
    }
    let title = format!(
        "Keyword in context: {label} ({}, {})",
        crate::natural::count(rows.len(), "hit"),
        crate::natural::count(cases.len(), "case"),
    );
    Ok(Table {
        title,
        columns,
        rows,
        footnotes: footnotes(
            project,
            opts,
            &windows,
            negated,
            guarded.then_some(vetoed),
            code_query,
        )
        .into_iter()
        .map(Into::into)
        .collect(),
    })
}

fn footnotes(
    project: &Project,
    opts: &KwicOptions,
    windows: &[usize],
    negated: usize,
    guarded: Option<usize>,
    code_query: bool,
) -> Vec<String> {
    let mut notes = vec![format!(
        "Participant speech{}, in document and line order, with {} words of context either side.",
        match (opts.all_speakers, opts.filter.conditions.is_empty()) {
            (true, true) => " and interviewer turns",
            (true, false) =>
                " (interviewer turns are left out: they belong to no case for --where)",
            (false, _) => "",
        },
        opts.width
    )];
    if windows.iter().any(|&w| w > 0) {
        notes.push(if opts.hide_negated {
            "Negated hits (a negating word shortly before, or a denial such as \"isn't a \
             problem\" after) are left out, as auto-coding leaves them out."
                .to_owned()
        } else {
            format!(
                "Hits marked negated ({negated} here) have a negating word shortly before them, \
                 or a denial such as \"isn't a problem\" after: auto-coding does not code them."
            )
        });
    }
    if let Some(n) = guarded {
        notes.push(format!(
            "Hits with a guard ({n} here) go against their code's `mood:` or `tense:`: \
             auto-coding does not code them."
        ));
    }
    if code_query {
        notes.push(
            "Hits inside a match of the code's `not` patterns are left out, as auto-coding \
             leaves them out."
                .to_owned(),
        );
    }
    if !project.redact.is_empty() {
        notes.push(crate::message::Note::Redacted.to_string());
    }
    notes.extend(opts.filter.describe());
    notes
}

/// What looking through one document needs.
struct Look<'a> {
    corpus: &'a Corpus,
    redactor: &'a Redactor,
    opts: &'a KwicOptions,
    attrs: &'a [String],
    matcher: &'a Matcher,
    windows: &'a [usize],
    /// Per code, its guards, when any code has one.
    guards: Option<&'a [(Mood, Option<Tense>)]>,
    ids: &'a [String],
}

impl Look<'_> {
    fn document(&self, doc: &Document) -> Found {
        let mut found = Found {
            rows: Vec::new(),
            cases: Vec::new(),
            negated: 0,
            guarded: 0,
        };
        for turn in &doc.turns {
            let case = match &turn.speaker {
                Speaker::Case(id) => {
                    let Some(case) = self.corpus.cases.get(id) else {
                        continue;
                    };
                    if !self.opts.filter.accepts(case) {
                        continue;
                    }
                    Some(case)
                }
                Speaker::Interviewer | Speaker::Group if self.opts.all_speakers => {
                    if !self.opts.filter.conditions.is_empty() {
                        continue;
                    }
                    None
                }
                Speaker::Interviewer | Speaker::Group => continue,
            };
            let text = turn.text.as_str();
            let mut hits = self.matcher.scan(text);
            hits.sort_by_key(|h| (h.start, h.end, h.code));
            hits.dedup_by_key(|h| (h.start, h.end, h.code));
            for hit in hits {
                let negated = matcher::is_negated(text, hit.start, hit.end, self.windows[hit.code]);
                if negated && self.opts.hide_negated {
                    continue;
                }
                found.negated += usize::from(negated);
                let line = (turn.line_start + text[..hit.start].matches('\n').count())
                    .min(turn.line_end.max(turn.line_start));
                let mut cells = vec![
                    Cell::Text(format!("{}:{line}", doc.path)),
                    Cell::Text(case.map_or_else(|| turn.label.clone(), |c| c.id.clone())),
                ];
                for a in self.attrs {
                    cells.push(Cell::Text(
                        case.and_then(|c| c.get(a)).unwrap_or_default().to_owned(),
                    ));
                }
                let (left, matched, right) =
                    context(self.redactor, text, hit.start, hit.end, self.opts.width);
                cells.extend([Cell::Text(left), Cell::Text(matched), Cell::Text(right)]);
                if matches!(self.opts.query, KwicQuery::Code(_)) {
                    cells.push(Cell::Text(self.ids[hit.code].clone()));
                }
                cells.push(if negated {
                    Cell::Text("negated".to_owned())
                } else {
                    Cell::Empty
                });
                if let Some(guards) = self.guards {
                    let (mood, tense) = guards[hit.code];
                    let veto = matcher::guard_veto(text, hit.start, hit.end, mood, tense);
                    found.guarded += usize::from(veto.is_some());
                    cells.push(veto.map_or(Cell::Empty, |v| Cell::Text(v.to_owned())));
                }
                found.rows.push(Row { depth: 0, cells });
                if let Some(c) = case {
                    found.cases.push(c.id.clone());
                }
            }
        }
        found
    }
}

/// Left context, match and right context, each redacted (the context
/// before it is cut to width, so a name is never cut in half first)
/// and with white space runs made single spaces.
fn context(
    redactor: &Redactor,
    text: &str,
    start: usize,
    end: usize,
    width: usize,
) -> (String, String, String) {
    // A listed name across an edge of the match joins the match, so
    // that neither half of it shows unredacted ("Sarah" | "Jones").
    let (mut start, mut end) = (start, end);
    for (s, e) in redactor.spans(text) {
        if s < end && start < e {
            start = start.min(s);
            end = end.max(e);
        }
    }
    let left = redactor.redact(&text[..start]);
    let words: Vec<&str> = left.split_whitespace().collect();
    let cut = words.len().saturating_sub(width);
    let mut l = words[cut..].join(" ");
    if cut > 0 {
        l.insert_str(0, "… ");
    }
    let matched = redactor.redact(&text[start..end]);
    let m = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    let right = redactor.redact(&text[end..]);
    let words: Vec<&str> = right.split_whitespace().collect();
    let mut r = words[..width.min(words.len())].join(" ");
    if words.len() > width {
        r.push_str(" …");
    }
    (l, m, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, word: &str, width: usize, want: (&str, &str, &str)) {
        let redactor = Redactor::new(&[
            ("Sarah".into(), "[ICSM]".into()),
            ("Sarah Jones".into(), "[ICSM]".into()),
        ]);
        let start = text.find(word).unwrap();
        let got = context(&redactor, text, start, start + word.len(), width);
        assert_eq!(
            got,
            (want.0.to_owned(), want.1.to_owned(), want.2.to_owned())
        );
    }

    #[test]
    fn context_cuts_at_width_marks_cuts_and_redacts() {
        case(
            "one two three money four five six",
            "money",
            2,
            ("… two three", "money", "four five …"),
        );
        case("money", "money", 8, ("", "money", ""));
        // Line breaks and runs of spaces read as one space.
        case("a\n  b money\nc", "money", 8, ("a b", "money", "c"));
        // A name in the context is replaced; one across the edge of the
        // match joins it, so its surname never shows.
        case("Sarah said money", "money", 8, ("[ICSM] said", "money", ""));
        case(
            "then Sarah Jones said",
            "Sarah",
            8,
            ("then", "[ICSM]", "said"),
        );
    }

    #[test]
    fn command_line_patterns_use_codebook_syntax() {
        assert_eq!(
            parse_pattern("pay* my bills").unwrap(),
            PatternKind::Phrase("pay* my bills".into())
        );
        assert_eq!(
            parse_pattern(r"re: £\d+").unwrap(),
            PatternKind::Regex(r"£\d+".into())
        );
        let err = parse_pattern("re:(x").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            err.to_string(),
            "invalid PATTERN: bad regex `(x`: unclosed group"
        );
        let err = parse_pattern("*work").unwrap_err().to_string();
        assert!(err.contains("use re:REGEX"), "{err}");
    }
}
