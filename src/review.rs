//! The review of auto codings by a coder, without the terminal: which auto
//! codings to show (the items, with their segment's text redacted and the
//! matched words marked), where the coder is, and what each decision
//! writes to `codings/<coder>.csv` (at once, atomically, through
//! [`crate::coding::manual`]). A coder's accept or reject of an item is what takes
//! it off the queue, so a quit or a crash loses nothing and the next
//! session starts at the first item without one; skips are not recorded.
//!
//! The same review walks a coder's suggestions (`qualcode suggest`, see
//! [`crate::suggest`]): accepting one writes an `add` of its code to the
//! coder's file, rejecting one appends it to
//! `codings/suggestions/rejected/<coder>.csv`, so it is not suggested again.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::codebook::CodeSet;
use crate::coding::Coding;
use crate::coding::manual::{self, Decision};
use crate::coding::store::{Action, ManualRow};
use crate::ingest::{self, Corpus, Document};
use crate::matcher::Matcher;
use crate::project::Filter;
use crate::project::Project;
use crate::redact::Redactor;
use crate::{Error, Result};

/// Which auto codings to review.
#[derive(Debug, Clone, Default)]
pub struct ReviewOptions {
    /// A code id, codebook name or id prefix: that code and those below it.
    pub code: Option<String>,
    /// Which cases.
    pub filter: Filter,
}

/// One auto coding (or suggestion) to review, with what the screen shows
/// of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The auto coding (for a suggestion: the coding accepting it adds).
    pub coding: Coding,
    /// The segment's text, redacted.
    pub text: String,
    /// Byte ranges of `text` that the code's patterns matched (for a
    /// suggestion: the shared words), in order.
    pub highlights: Vec<(usize, usize)>,
    /// Why it is suggested, for a suggestion.
    pub suggestion: Option<Suggested>,
}

/// Why a segment is suggested, as `codings/suggestions/<coder>.csv` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggested {
    /// The score (cosine similarity), as written.
    pub score: String,
    /// The coded segments or examples it resembles most.
    pub resembles: String,
    /// The shared words and their share of the score.
    pub why: String,
}

/// Every auto coding (of `auto`, in canonical order) that `opts` selects,
/// with its text. Reads the transcripts that hold them.
pub fn items(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    auto: &[Coding],
    opts: &ReviewOptions,
) -> Result<Vec<Item>> {
    let scope = codes.require_scope(opts.code.as_deref())?;
    opts.filter.validate(corpus)?;
    let table = codes.table();
    let mut selected: Vec<&Coding> = auto
        .iter()
        .filter(|c| scope.contains(table.nearest(&c.code)))
        .filter(|c| {
            opts.filter.conditions.is_empty()
                || corpus
                    .cases
                    .get(&c.case)
                    .is_some_and(|case| opts.filter.accepts(case))
        })
        .collect();
    selected.sort_by(|a, b| crate::coding::canonical(a, b));
    let matcher = Matcher::compile(codes)?;
    let index: HashMap<&str, usize> = matcher
        .code_ids()
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let redactor = Redactor::for_project(project);
    // Codings in document order: one document in memory at a time.
    let mut documents = ingest::Documents::one_at_a_time(project)?;
    let mut out = Vec::with_capacity(selected.len());
    for c in selected {
        let turn = documents
            .turn(&c.document, c.segment)?
            .flatten()
            .filter(|t| t.line_start == c.line_start)
            .ok_or_else(|| stale(c))?;
        let code = index.get(c.code.as_str()).copied();
        let spans: Vec<(usize, usize)> = matcher
            .scan(&turn.text)
            .into_iter()
            .filter(|h| Some(h.code) == code)
            .map(|h| (h.start, h.end))
            .collect();
        let (text, highlights) = redact_marked(&redactor, &turn.text, &spans);
        out.push(Item {
            coding: c.clone(),
            text,
            highlights,
            suggestion: None,
        });
    }
    Ok(out)
}

/// The suggestions of `rows` (read from `display`, the coder's
/// suggestions file) that `opts` selects, in the file's order, with their
/// text and their shared words marked. Reads the transcripts that hold them.
pub fn suggestion_items(
    project: &Project,
    corpus: &Corpus,
    codes: &CodeSet,
    coder: &str,
    rows: &[crate::suggest::store::SuggestionRow],
    display: &str,
    opts: &ReviewOptions,
) -> Result<Vec<Item>> {
    let scope = codes.require_scope(opts.code.as_deref())?;
    opts.filter.validate(corpus)?;
    let tokenizer = crate::suggest::text::Tokenizer::new();
    let redactor = Redactor::for_project(project);
    let files = project.transcript_files()?;
    let mut docs: HashMap<String, Document> = HashMap::new();
    let mut out = Vec::new();
    for r in rows {
        let stale = || {
            Error::invalid(format!(
                "{display} is out of date: {} has no participant turn {} at line {} (or no code \
                 {}): run `qualcode suggest --from {coder}` again",
                r.document, r.segment, r.line_start, r.code
            ))
        };
        let Some(ix) = codes.table().index_of(&r.code) else {
            return Err(stale());
        };
        if !scope.contains(Some(ix))
            || !(opts.filter.conditions.is_empty()
                || corpus
                    .cases
                    .get(&r.case)
                    .is_some_and(|case| opts.filter.accepts(case)))
        {
            continue;
        }
        if !docs.contains_key(&r.document) {
            let file = files
                .iter()
                .find(|f| f.display == r.document)
                .ok_or_else(stale)?;
            docs.insert(r.document.clone(), ingest::read(project, file)?);
        }
        let turn = docs[&r.document]
            .segments()
            .find(|t| t.ordinal == r.segment && t.line_start == r.line_start)
            .ok_or_else(stale)?;
        // The shared words, wherever their stem occurs in the turn.
        let shared: Vec<String> = r
            .why
            .split(", ")
            .filter_map(|w| w.rsplit_once(' ').map(|(word, _)| word))
            .flat_map(|w| tokenizer.tokens(w))
            .map(|t| t.stem)
            .collect();
        let spans: Vec<(usize, usize)> =
            unicode_segmentation::UnicodeSegmentation::unicode_word_indices(turn.text)
                .filter(|(_, w)| {
                    tokenizer
                        .tokens(w)
                        .first()
                        .is_some_and(|t| shared.contains(&t.stem))
                })
                .map(|(at, w)| (at, at + w.len()))
                .collect();
        let (text, highlights) = redact_marked(&redactor, turn.text, &spans);
        out.push(Item {
            coding: Coding {
                document: r.document.clone(),
                case: turn.case.to_owned(),
                segment: turn.ordinal,
                line_start: turn.line_start,
                line_end: turn.line_end,
                code: codes.table().id(ix).clone(),
                source: crate::coding::Source::Manual,
                coder: crate::coding::Coder::Named(coder.to_owned()),
                pattern: String::new(),
                matched: String::new(),
                memo: String::new(),
            },
            text,
            highlights,
            suggestion: Some(Suggested {
                score: r.score.clone(),
                resembles: r.resembles.clone(),
                why: r.why.clone(),
            }),
        });
    }
    Ok(out)
}

fn stale(c: &Coding) -> Error {
    Error::invalid(format!(
        "codings/auto.csv is out of date: {} no longer has turn {} at line {}: run `qualcode code`",
        c.document, c.segment, c.line_start
    ))
}

/// `text` redacted, with `spans` (byte ranges of `text`, overlapping or
/// not) merged and moved to where they fall in the redacted text. The whole
/// text is redacted first, so a listed name that a span covers only in part
/// (`Quenby Marsh`, matched by `marsh`) is still replaced whole, and the
/// span then covers its replacement.
fn redact_marked(
    redactor: &Redactor,
    text: &str,
    spans: &[(usize, usize)],
) -> (String, Vec<(usize, usize)>) {
    let redaction = redactor.redaction(text);
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut sorted: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(s, e)| (redaction.offset(s, false), redaction.offset(e, true)))
        .collect();
    sorted.sort_unstable();
    for (s, e) in sorted {
        match marks.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => marks.push((s, e)),
        }
    }
    (redaction.text, marks)
}

/// A coder's review: the items, which have a decision, and where the coder
/// is. Every decision is written to the coder's file before it counts.
pub struct Session<'a> {
    coder: String,
    path: PathBuf,
    display: String,
    corpus: &'a Corpus,
    codes: &'a CodeSet,
    auto: &'a [Coding],
    items: Vec<Item>,
    decided: Vec<bool>,
    cursor: usize,
    /// For each row written in this session, the item it was written on
    /// and whether it decided that item.
    history: Vec<(usize, bool)>,
    /// Reviewing suggestions: the rejected-suggestions file (path, as
    /// shown), and for each row of `history`, whether it went there.
    suggestions: Option<(PathBuf, String, Vec<bool>)>,
}

impl<'a> Session<'a> {
    /// Start `coder`'s review of `items` (from [`items`]), at the first
    /// item the coder has not accepted or rejected.
    pub fn new(
        project: &Project,
        coder: &str,
        corpus: &'a Corpus,
        codes: &'a CodeSet,
        auto: &'a [Coding],
        items: Vec<Item>,
    ) -> Result<Session<'a>> {
        manual::check_coder(coder)?;
        let (path, display) = manual::coder_file(project, coder);
        let mut session = Session {
            coder: coder.to_owned(),
            path,
            display,
            corpus,
            codes,
            auto,
            decided: vec![false; items.len()],
            items,
            cursor: 0,
            history: Vec::new(),
            suggestions: None,
        };
        let rows = session.rows()?;
        crate::coding::merge(Vec::new(), &rows, corpus, codes)?; // each row names a real turn and code
        for row in rows {
            if let Some(i) = session.item_of(&row) {
                session.decided[i] = true;
            }
        }
        session.cursor = session.next_from(0);
        Ok(session)
    }

    /// Start `coder`'s review of their suggestions `items` (from
    /// [`suggestion_items`]), at the first one neither added to the coder's
    /// file nor rejected.
    pub fn suggestions(
        project: &Project,
        coder: &str,
        corpus: &'a Corpus,
        codes: &'a CodeSet,
        auto: &'a [Coding],
        items: Vec<Item>,
    ) -> Result<Session<'a>> {
        let mut session = Session::new(project, coder, corpus, codes, auto, Vec::new())?;
        session.decided = vec![false; items.len()];
        session.items = items;
        let (path, display) = crate::suggest::store::rejected_file(project, coder);
        for r in crate::suggest::store::read_rejected(&path, &display)? {
            let row = ManualRow {
                coder: coder.to_owned(),
                location: crate::Location::file(&display),
                document: r.document,
                line: r.line,
                code: r.code,
                action: Action::Add,
                memo: String::new(),
            };
            if let Some(i) = session.suggestion_of(&row) {
                session.decided[i] = true;
            }
        }
        session.suggestions = Some((path, display, Vec::new()));
        for row in session.rows()? {
            if let Some(i) = session.item_of(&row) {
                session.decided[i] = true;
            }
        }
        session.cursor = session.next_from(0);
        Ok(session)
    }

    /// Whether this is a review of suggestions.
    pub fn is_suggestions(&self) -> bool {
        self.suggestions.is_some()
    }

    /// The coder.
    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// The coder's file as shown (`codings/ana.csv`).
    pub fn file(&self) -> &str {
        &self.display
    }

    /// The item to decide, or `None` when every item is decided or passed.
    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.cursor)
    }

    /// (1-based position of the current item, number of items).
    pub fn position(&self) -> (usize, usize) {
        (self.cursor + 1, self.items.len())
    }

    /// How many items have no decision yet.
    pub fn undecided(&self) -> usize {
        self.decided.iter().filter(|d| !**d).count()
    }

    /// Accept or reject the current item (an add is [`Session::add`]),
    /// write it, and move on.
    pub fn decide(&mut self, action: Action) -> Result<()> {
        let Some(item) = self.current() else {
            return Ok(());
        };
        if self.suggestions.is_some() {
            return self.decide_suggestion(action);
        }
        let decision = Decision {
            document: item.coding.document.clone(),
            line: item.coding.line_start,
            code: item.coding.code.to_string(),
            action,
            memo: String::new(),
        };
        self.write(&decision)?;
        self.decided[self.cursor] = true;
        self.history.push((self.cursor, true));
        self.cursor = self.next_from(self.cursor + 1);
        Ok(())
    }

    /// Accept (an `add` in the coder's file) or reject (a row of the
    /// rejected-suggestions file) the current suggestion, and move on.
    fn decide_suggestion(&mut self, action: Action) -> Result<()> {
        let Some(item) = self.current() else {
            return Ok(());
        };
        let to_rejected = action == Action::Reject;
        if to_rejected {
            let row = crate::suggest::store::Rejected {
                document: item.coding.document.clone(),
                line: item.coding.line_start,
                code: item.coding.code.to_string(),
            };
            let _lock = manual::CoderLock::acquire(&self.path)?;
            let (path, display, _) = self.suggestions.as_ref().expect("reviewing suggestions");
            crate::suggest::store::append_rejected(path, display, row)?;
        } else {
            let decision = Decision {
                document: item.coding.document.clone(),
                line: item.coding.line_start,
                code: item.coding.code.to_string(),
                action: Action::Add,
                memo: String::new(),
            };
            self.write(&decision)?;
        }
        if let Some((_, _, log)) = &mut self.suggestions {
            log.push(to_rejected);
        }
        self.decided[self.cursor] = true;
        self.history.push((self.cursor, true));
        self.cursor = self.next_from(self.cursor + 1);
        Ok(())
    }

    /// Add `code` to the current item's segment and write it; the item
    /// stays current. Returns notes (an add the auto coding already has).
    pub fn add(&mut self, code: &str) -> Result<Vec<String>> {
        let Some(item) = self.current() else {
            return Ok(Vec::new());
        };
        let decision = Decision {
            document: item.coding.document.clone(),
            line: item.coding.line_start,
            code: code.to_owned(),
            action: Action::Add,
            memo: String::new(),
        };
        let notes = self.write(&decision)?;
        self.history.push((self.cursor, false));
        if let Some((_, _, log)) = &mut self.suggestions {
            log.push(false);
        }
        Ok(notes)
    }

    /// Pass over the current item without a decision (it comes back in the
    /// next session).
    pub fn skip(&mut self) {
        if self.cursor < self.items.len() {
            self.cursor = self.next_from(self.cursor + 1);
        }
    }

    /// Remove the coder's last row from the file and go back to the item
    /// it was about. The row removed, if there was one.
    pub fn undo(&mut self) -> Result<Option<ManualRow>> {
        if let Some((path, display, log)) = &mut self.suggestions
            && log.last() == Some(&true)
        {
            let lock = manual::CoderLock::acquire(&self.path)?;
            let Some(r) = crate::suggest::store::undo_rejected(path, display)? else {
                return Ok(None);
            };
            drop(lock);
            log.pop();
            if let Some((i, _)) = self.history.pop() {
                self.decided[i] = false;
                self.cursor = i;
            }
            return Ok(Some(ManualRow {
                coder: self.coder.clone(),
                location: crate::Location::file(display.as_str()),
                document: r.document,
                line: r.line,
                code: r.code,
                action: Action::Reject,
                memo: String::new(),
            }));
        }
        if let Some((_, _, log)) = &mut self.suggestions {
            log.pop();
        }
        let lock = manual::CoderLock::acquire(&self.path)?;
        let Some(row) = manual::undo_last(&self.path, &self.display, &self.coder)? else {
            return Ok(None);
        };
        drop(lock);
        let item = match self.history.pop() {
            Some((i, decided)) => {
                if decided {
                    self.decided[i] = false;
                }
                Some(i)
            }
            None => self.item_of(&row).inspect(|&i| self.decided[i] = false),
        };
        if let Some(i) = item {
            self.cursor = i;
        }
        Ok(Some(row))
    }

    fn write(&self, decision: &Decision) -> Result<Vec<String>> {
        let _lock = manual::CoderLock::acquire(&self.path)?;
        let mine = self.rows()?;
        let (_, notes) = manual::validate(decision, self.corpus, self.codes, self.auto, &mine)?;
        manual::append(&self.path, &self.display, decision)?;
        Ok(notes)
    }

    fn rows(&self) -> Result<Vec<ManualRow>> {
        manual::read_coder(&self.path, &self.display, &self.coder)
    }

    /// The item an accept or reject row decides (reviewing suggestions:
    /// an add row).
    fn item_of(&self, row: &ManualRow) -> Option<usize> {
        if self.suggestions.is_some() {
            return (row.action == Action::Add)
                .then(|| self.suggestion_of(row))
                .flatten();
        }
        if row.action == Action::Add {
            return None;
        }
        let segment = self.corpus.outline(&row.document)?.segment_at(row.line)?;
        self.items.iter().position(|i| {
            i.coding.document == row.document
                && i.coding.segment == segment.ordinal
                && i.coding.code == row.code
        })
    }

    /// The suggestion of the row's segment and code.
    fn suggestion_of(&self, row: &ManualRow) -> Option<usize> {
        let segment = self.corpus.outline(&row.document)?.segment_at(row.line)?;
        self.items.iter().position(|i| {
            i.coding.document == row.document
                && i.coding.segment == segment.ordinal
                && i.coding.code == row.code
        })
    }

    /// The first undecided item at or after `from` (or the end).
    fn next_from(&self, from: usize) -> usize {
        (from..self.items.len())
            .find(|&i| !self.decided[i])
            .unwrap_or(self.items.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the `mini` fixture, loaded.
    fn mini() -> (tempfile::TempDir, Project) {
        crate::project::testing::fixture("mini")
    }

    #[test]
    fn a_session_saves_decisions_resumes_after_them_and_undoes() {
        let (_dir, project) = mini();
        let codes = CodeSet::load(&project).unwrap();
        let corpus = ingest::load(&project).unwrap();
        let (auto, _) = crate::coding::load_auto(&project, &corpus, &codes).unwrap();
        let opts = ReviewOptions::default();
        let start = |auto| {
            let items = items(&project, &corpus, &codes, auto, &opts).unwrap();
            Session::new(&project, "ana", &corpus, &codes, auto, items).unwrap()
        };
        let mut s = start(&auto);
        assert_eq!(s.position(), (1, 9));
        let first = s.current().unwrap();
        assert_eq!(first.coding.code, "motives.money");
        let marked: Vec<&str> = first
            .highlights
            .iter()
            .map(|&(a, b)| &first.text[a..b])
            .collect();
        assert_eq!(marked, ["money", "pay my bills"]);
        s.decide(Action::Accept).unwrap();
        s.skip();
        s.decide(Action::Reject).unwrap();
        assert_eq!((s.position(), s.undecided()), ((4, 9), 7));
        let file = project.codings_dir().join("ana.csv");
        let rows = crate::coding::store::read_manual(&file, "codings/ana.csv", "ana").unwrap();
        assert_eq!(rows.len(), 2);
        // A new session starts at the skipped item and passes the decided.
        let mut s = start(&auto);
        assert_eq!(s.position(), (2, 9));
        s.decide(Action::Accept).unwrap();
        assert_eq!(s.position(), (4, 9));
        // Undo goes back to the item the last row decided.
        let undone = s.undo().unwrap().unwrap();
        assert_eq!(undone.action, Action::Accept);
        assert_eq!(s.position(), (2, 9));
        // And past the session's start, to the earlier session's rows.
        s.undo().unwrap();
        assert_eq!(s.position(), (3, 9));
        s.undo().unwrap();
        assert_eq!((s.position(), s.undecided()), ((1, 9), 9));
        assert!(s.undo().unwrap().is_none());
        // Redaction applies to the text shown.
        let kids = s.items.iter().find(|i| i.coding.line_start == 8).unwrap();
        assert!(kids.text.contains("[ICSM] has been great"), "{}", kids.text);
    }

    #[test]
    fn a_review_of_suggestions_adds_accepted_and_records_rejected_ones() {
        use crate::suggest::{SuggestOptions, store};
        let (_dir, project) = crate::project::testing::fixture("care");
        let codes = CodeSet::load(&project).unwrap();
        let corpus = ingest::load(&project).unwrap();
        let (auto, _) = crate::coding::load_auto(&project, &corpus, &codes).unwrap();
        let (ana, _) = manual::coder_file(&project, "ana");
        std::fs::create_dir_all(ana.parent().unwrap()).unwrap();
        std::fs::write(
            &ana,
            "document,line,code,action\ntranscripts/P1.txt,5,care.childcare,add\n\
             transcripts/P2.txt,5,care.childcare,add\n",
        )
        .unwrap();
        let opts = SuggestOptions::default();
        let suggest = || {
            crate::suggest::run(&project, &corpus, &codes, &auto, "ana", &opts)
                .unwrap()
                .0
        };
        let rows = suggest();
        let (_, display) = store::suggestions_file(&project, "ana");
        let review = ReviewOptions::default();
        let start = |rows: &[store::SuggestionRow]| {
            let items = suggestion_items(&project, &corpus, &codes, "ana", rows, &display, &review)
                .unwrap();
            Session::suggestions(&project, "ana", &corpus, &codes, &auto, items).unwrap()
        };
        let mut s = start(&rows);
        assert!(s.is_suggestions());
        let first = s.current().unwrap();
        assert_eq!(
            (first.coding.document.as_str(), first.coding.line_start),
            ("transcripts/P3.txt", 5)
        );
        let marked: Vec<&str> = first
            .highlights
            .iter()
            .map(|&(a, b)| &first.text[a..b])
            .collect();
        assert_eq!(marked, ["nursery", "fees", "looking"]);
        assert!(
            first
                .suggestion
                .as_ref()
                .unwrap()
                .why
                .starts_with("nursery")
        );
        s.decide(Action::Accept).unwrap();
        s.decide(Action::Reject).unwrap();
        // Undo takes back the rejection (from its own file), and it is decided anew.
        let undone = s.undo().unwrap().unwrap();
        assert_eq!(undone.action, Action::Reject);
        assert_eq!(s.position(), (2, rows.len()));
        s.decide(Action::Reject).unwrap();
        let mine = std::fs::read_to_string(&ana).unwrap();
        assert!(
            mine.ends_with("transcripts/P3.txt,5,care.childcare,add\n"),
            "{mine}"
        );
        let (rejected, shown) = store::rejected_file(&project, "ana");
        let second = rows[1].clone();
        assert_eq!(
            store::read_rejected(&rejected, &shown).unwrap(),
            [store::Rejected {
                document: second.document.clone(),
                line: second.line_start,
                code: second.code.clone()
            }]
        );
        // A new session passes both.
        let s = start(&rows);
        assert_eq!(s.undecided(), rows.len() - 2);
        // Suggested again: neither the accepted nor the rejected one.
        let again = suggest();
        assert!(
            again
                .iter()
                .all(|r| r.document != "transcripts/P3.txt" && r.document != second.document),
            "{again:?}"
        );
    }

    #[test]
    fn marks_follow_the_text_through_redaction() {
        let r = Redactor::new(&[("Sarah Jones".into(), "[ICSM]".into())]);
        let text = "Sarah Jones pays my bills, money money";
        let (out, marks) = redact_marked(&r, text, &[(33, 38), (12, 25), (27, 32), (20, 25)]);
        assert_eq!(out, "[ICSM] pays my bills, money money");
        let marked: Vec<&str> = marks.iter().map(|&(s, e)| &out[s..e]).collect();
        assert_eq!(marked, ["pays my bills", "money", "money"]);
    }

    #[test]
    fn a_name_half_matched_by_a_pattern_is_redacted_whole() {
        let r = Redactor::new(&[("Quenby Marsh".into(), "[P3]".into())]);
        let text = "Quenby Marsh rang about money";
        let marsh = text.find("Marsh").unwrap();
        let money = text.find("money").unwrap();
        let (out, marks) = redact_marked(&r, text, &[(marsh, marsh + 5), (money, money + 5)]);
        assert_eq!(out, "[P3] rang about money");
        let marked: Vec<&str> = marks.iter().map(|&(s, e)| &out[s..e]).collect();
        assert_eq!(marked, ["[P3]", "money"]);
    }
}
