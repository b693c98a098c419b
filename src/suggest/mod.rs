//! Suggestions learnt from a coder's decisions, and the gaps in the
//! patterns they reveal.
//!
//! `suggest` ranks the participant segments that neither the auto-coding
//! nor coder NAME gave a code by their resemblance (stemmed tf-idf cosine)
//! to the segments NAME coded with it and the code's `examples:`; each
//! suggestion names the coded segments (or examples) it most resembles and
//! the shared words that drove its score. Suggestions are written to
//! `codings/suggestions/NAME.csv` and never count until NAME accepts one
//! (an `add` in `codings/NAME.csv`); a rejected suggestion is recorded in
//! `codings/suggestions/rejected/NAME.csv` and not suggested again.
//!
//! `gaps` lists the words and two-word phrases over-represented in NAME's
//! coded segments of a code (Dunning's log-likelihood G² against the other
//! participant segments) that none of the code's patterns mention, and the
//! patterns whose auto codings NAME mostly rejected.

pub mod gaps;
pub mod index;
pub mod store;
pub mod text;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::Result;
use crate::codebook::CodeSet;
use crate::coding::Coding;
use crate::coding::store::{Action, ManualRow};
use crate::ingest::Corpus;
use crate::project::Project;

pub use index::{SuggestOptions, Suggestion, suggest};
use text::{Token, Tokenizer};

/// Most participant segments read; the rest of a larger corpus is left out
/// (with a note), so memory and time stay bounded.
pub const MAX_SEGMENTS: usize = 1_000_000;

/// Most distinct stems kept; words first seen after the vocabulary is full
/// are left out (with a note).
pub const MAX_VOCABULARY: usize = 250_000;

/// Most surface forms remembered per stem (to show the commonest).
const MAX_SURFACES: usize = 8;

/// A document's segments as read on a worker: ordinal, case, lines, words.
type Read = Vec<(usize, String, usize, usize, Vec<Token>)>;

/// One participant segment, as term ids.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Document path.
    pub document: String,
    /// Case id.
    pub case: String,
    /// The turn's ordinal in its document.
    pub ordinal: usize,
    /// First line.
    pub line_start: usize,
    /// Last line.
    pub line_end: usize,
    /// The case's role (`participant` unless `roles:` says otherwise).
    pub role: String,
    /// Its content words, in order, as term ids.
    pub tokens: Vec<u32>,
}

/// The participant segments of a project as terms, with the vocabulary.
#[derive(Debug, Default)]
pub struct Texts {
    /// In document order, then turn order.
    pub segments: Vec<Segment>,
    /// Stem of each term id.
    stems: Vec<String>,
    /// Surface forms of each term id, with their counts.
    surfaces: Vec<Vec<(String, u32)>>,
    ids: HashMap<String, u32>,
    at: HashMap<(String, usize), usize>,
    /// What was left out, said once each.
    pub notes: Vec<String>,
    vocabulary_full: bool,
}

impl Texts {
    /// Read every participant segment of `project` (whose outlines and
    /// cases are `corpus`).
    pub fn read(project: &Project, corpus: &Corpus) -> Result<Texts> {
        let tokenizer = Tokenizer::new();
        let files = project.transcript_files()?;
        let mut texts = Texts::default();
        let mut cut = false;
        // Unreadable transcripts are already noted by the corpus's loading.
        let _skipped = crate::ingest::for_each_document(
            project,
            &files,
            |doc| -> Result<(String, Read)> {
                let read = doc
                    .segments()
                    .map(|s| {
                        (
                            s.ordinal,
                            s.case.to_owned(),
                            s.line_start,
                            s.line_end,
                            tokenizer.tokens(s.text),
                        )
                    })
                    .collect();
                Ok((doc.path.clone(), read))
            },
            |(document, read)| {
                for (ordinal, case, line_start, line_end, tokens) in read {
                    if texts.segments.len() == MAX_SEGMENTS {
                        cut = true;
                        break;
                    }
                    let role = corpus.cases.get(&case).map_or_else(
                        || crate::codebook::DEFAULT_ROLE.to_owned(),
                        |k| project.roles.of_case(k),
                    );
                    let tokens = texts.intern(tokens);
                    texts
                        .at
                        .insert((document.clone(), ordinal), texts.segments.len());
                    texts.segments.push(Segment {
                        document: document.clone(),
                        case,
                        ordinal,
                        line_start,
                        line_end,
                        role,
                        tokens,
                    });
                }
                Ok(())
            },
        )?;
        if cut {
            texts.notes.push(format!(
                "only the first {MAX_SEGMENTS} participant segments were read for suggestions"
            ));
        }
        Ok(texts)
    }

    /// Build from segments given directly (for tests and examples).
    pub fn from_segments(segments: Vec<(Segment, &str)>) -> Texts {
        let tokenizer = Tokenizer::new();
        let mut texts = Texts::default();
        for (mut segment, text) in segments {
            segment.tokens = texts.intern(tokenizer.tokens(text));
            texts.at.insert(
                (segment.document.clone(), segment.ordinal),
                texts.segments.len(),
            );
            texts.segments.push(segment);
        }
        texts
    }

    /// Term ids of `tokens`, adding new stems while there is room.
    pub fn intern(&mut self, tokens: Vec<Token>) -> Vec<u32> {
        let mut out = Vec::with_capacity(tokens.len());
        for t in tokens {
            let id = if let Some(&id) = self.ids.get(&t.stem) {
                id
            } else if self.stems.len() < MAX_VOCABULARY {
                let id = u32::try_from(self.stems.len()).expect("vocabulary is capped");
                self.ids.insert(t.stem.clone(), id);
                self.stems.push(t.stem);
                self.surfaces.push(Vec::new());
                id
            } else {
                if !self.vocabulary_full {
                    self.vocabulary_full = true;
                    self.notes.push(format!(
                        "the vocabulary is capped at {MAX_VOCABULARY} stems: rarer words seen \
                         after that are left out of suggestions"
                    ));
                }
                continue;
            };
            let forms = &mut self.surfaces[id as usize];
            if let Some(f) = forms.iter_mut().find(|(s, _)| *s == t.surface) {
                f.1 += 1;
            } else if forms.len() < MAX_SURFACES {
                forms.push((t.surface, 1));
            }
            out.push(id);
        }
        out
    }

    /// Term ids of `text` (an example), interning new stems.
    pub fn intern_text(&mut self, text: &str) -> Vec<u32> {
        self.intern(Tokenizer::new().tokens(text))
    }

    /// The number of terms.
    pub fn vocabulary(&self) -> usize {
        self.stems.len()
    }

    /// A term as people wrote it: its commonest surface form (ties: the
    /// first in alphabetical order).
    pub fn surface(&self, term: u32) -> &str {
        self.surfaces[term as usize]
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map_or(self.stems[term as usize].as_str(), |(s, _)| s.as_str())
    }

    /// A term's stem.
    pub fn stem(&self, term: u32) -> &str {
        &self.stems[term as usize]
    }

    /// The segment of `document` with turn `ordinal`.
    pub fn find(&self, document: &str, ordinal: usize) -> Option<usize> {
        self.at.get(&(document.to_owned(), ordinal)).copied()
    }
}

/// What coder NAME and the auto-coding said, per code: the segments NAME
/// coded with it (added, or accepted from the auto coding), and those not
/// to suggest (coded already, or decided against).
#[derive(Debug, Default)]
pub struct Labels {
    /// Code id → segment indexes NAME coded with it, in segment order.
    pub coded: BTreeMap<String, Vec<usize>>,
    /// (segment, code) pairs that are not suggested.
    pub settled: HashSet<(usize, String)>,
}

impl Labels {
    /// NAME's rows `mine` (resolved through `corpus`), the auto codings
    /// `auto`, and the suggestions NAME rejected `rejected`.
    pub fn new(
        texts: &Texts,
        corpus: &Corpus,
        codes: &CodeSet,
        auto: &[Coding],
        mine: &[ManualRow],
        rejected: &[store::Rejected],
    ) -> Result<Labels> {
        let mut labels = Labels::default();
        for c in auto {
            if let Some(i) = texts.find(&c.document, c.segment) {
                labels.settled.insert((i, c.code.to_string()));
            }
        }
        for row in mine {
            let segment = crate::coding::merge::resolve(row, corpus, codes)?;
            let Some(i) = texts.find(&row.document, segment.ordinal) else {
                continue;
            };
            labels.settled.insert((i, row.code.clone()));
            if matches!(row.action, Action::Add | Action::Accept) {
                labels.coded.entry(row.code.clone()).or_default().push(i);
            }
        }
        for r in rejected {
            if let Some(outline) = corpus.outline(&r.document)
                && let Some(segment) = outline.segment_at(r.line)
                && let Some(i) = texts.find(&r.document, segment.ordinal)
            {
                labels.settled.insert((i, r.code.clone()));
            }
        }
        for list in labels.coded.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Ok(labels)
    }
}

/// What a coder's decisions and the auto codings give `suggest` and `gaps`.
pub struct Inputs {
    /// The segments as terms.
    pub texts: Texts,
    /// The coder's codings and what is settled.
    pub labels: Labels,
    /// The coder's rows.
    pub mine: Vec<ManualRow>,
    /// Notes on how the inputs were read.
    pub notes: Vec<String>,
}

impl Inputs {
    /// Read `coder`'s file (which must exist), its rejected suggestions, the
    /// auto codings and the transcripts' participant segments.
    pub fn read(
        project: &Project,
        corpus: &Corpus,
        codes: &CodeSet,
        auto: &[Coding],
        coder: &str,
    ) -> Result<Inputs> {
        let mine = crate::coding::manual::read_existing_coder(project, coder)?;
        let (path, display) = store::rejected_file(project, coder);
        let rejected = store::read_rejected(&path, &display)?;
        let texts = Texts::read(project, corpus)?;
        let labels = Labels::new(&texts, corpus, codes, auto, &mine, &rejected)?;
        let notes = texts.notes.clone();
        Ok(Inputs {
            texts,
            labels,
            mine,
            notes,
        })
    }

    /// An error if `coder` coded no code in `scope` (and `scope` names no
    /// code with examples).
    fn require_coded(&self, codes: &CodeSet, coder: &str, scope: Option<&str>) -> Result<()> {
        let (table, within) = (codes.table(), codes.scope_of(scope));
        let coded = self
            .labels
            .coded
            .keys()
            .any(|c| within.contains(table.nearest(c)));
        let examples = scope
            .and_then(|p| codes.code(p))
            .is_some_and(|c| !c.examples.is_empty());
        if coded || examples {
            return Ok(());
        }
        Err(crate::Error::usage(format!(
            "codings/{coder}.csv codes nothing{}: {coder} must add or accept a code \
             (`qualcode codings add`, `qualcode review`) before there is anything to learn from",
            scope.map(|s| format!(" under {s}")).unwrap_or_default()
        )))
    }
}

/// `qualcode suggest`: rank, write `codings/suggestions/NAME.csv`
/// (atomically, under the coder's lock), and give the rows written.
pub fn run(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    auto: &[Coding],
    coder: &str,
    opts: &SuggestOptions,
) -> Result<(Vec<store::SuggestionRow>, Vec<String>)> {
    crate::coding::manual::check_coder(coder)?;
    codes.require_scope(opts.code.as_deref())?;
    opts.validate()?;
    let mut inputs = Inputs::read(project, corpus, codes, auto, coder)?;
    inputs.require_coded(codes, coder, opts.code.as_deref())?;
    let found = suggest(&mut inputs.texts, codes, &inputs.labels, opts);
    let redactor = crate::redact::Redactor::for_project(project);
    let rows = store::rows(&inputs.texts, &found, &redactor);
    let (path, _) = store::suggestions_file(project, coder);
    let (coder_path, _) = crate::coding::manual::coder_file(project, coder);
    let _lock = crate::coding::manual::CoderLock::acquire(&coder_path)?;
    store::write_suggestions(&path, &rows)?;
    Ok((rows, inputs.notes))
}

/// `qualcode codebook gaps`: the table.
pub fn gaps_table(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    auto: &[Coding],
    coder: &str,
    opts: &gaps::GapOptions,
) -> Result<(crate::table::Table, Vec<String>)> {
    crate::coding::manual::check_coder(coder)?;
    let scope = codes.require_scope(opts.code.as_deref())?;
    let inputs = Inputs::read(project, corpus, codes, auto, coder)?;
    let terms = gaps::terms(&inputs.texts, codes, &inputs.labels, opts);
    let verdicts = gaps::verdicts(auto, &inputs.mine, corpus, codes, scope)?;
    Ok((gaps::table(coder, codes, &terms, &verdicts), inputs.notes))
}

/// The table `suggest` prints: one row per suggestion.
pub fn suggestions_table(coder: &str, rows: &[store::SuggestionRow]) -> crate::table::Table {
    use crate::table::{Cell, Column, Row, Table};
    Table {
        title: format!("Suggestions for {coder}"),
        columns: vec![
            Column::text("code", "Code"),
            Column::number("rank", "Rank"),
            Column::number("score", "Score"),
            Column::text("place", "Where"),
            Column::text("case", "Case"),
            Column::text("why", "Shared words"),
            Column::text("resembles", "Resembles").secondary(),
        ],
        rows: rows
            .iter()
            .map(|r| Row {
                depth: 0,
                cells: vec![
                    Cell::Text(r.code.clone()),
                    Cell::Count(r.rank),
                    Cell::Statistic(r.score.parse().ok()),
                    Cell::Text(format!(
                        "{}:{}",
                        r.document,
                        crate::coding::manual::lines(r.line_start, r.line_end)
                    )),
                    Cell::Text(r.case.clone()),
                    Cell::Text(r.why.clone()),
                    Cell::Text(r.resembles.clone()),
                ],
            })
            .collect(),
        footnotes: vec![crate::message::Note::Text(format!(
            "Score: cosine similarity (stemmed tf-idf) with the segments {coder} coded with the \
             code and the code's examples. Suggestions do not count until {coder} accepts them \
             (`qualcode review --suggestions --coder {coder}`)."
        ))],
    }
}
