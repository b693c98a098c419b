//! The review of auto codings by a coder, without the terminal: which auto
//! codings to show (the items, with their segment's text redacted and the
//! matched words marked), where the coder is, and what each decision
//! writes to `codings/<coder>.csv` (at once, atomically, through
//! [`super::manual`]). A coder's accept or reject of an item is what takes
//! it off the queue, so a quit or a crash loses nothing and the next
//! session starts at the first item without one; skips are not recorded.

use std::collections::HashMap;
use std::path::PathBuf;

use super::Coding;
use super::manual::{self, Decision};
use super::store::{Action, ManualRow};
use crate::codebook::{CodeSet, is_within};
use crate::ingest::{self, Corpus};
use crate::matcher::Matcher;
use crate::project::Project;
use crate::redact::Redactor;
use crate::table::Filter;
use crate::{Error, Result};

/// Which auto codings to review.
#[derive(Debug, Clone, Default)]
pub struct ReviewOptions {
    /// A code id, codebook name or id prefix: that code and those below it.
    pub code: Option<String>,
    /// Which cases.
    pub filter: Filter,
}

/// One auto coding to review, with what the screen shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The auto coding.
    pub coding: Coding,
    /// The segment's text, redacted.
    pub text: String,
    /// Byte ranges of `text` that the code's patterns matched, in order.
    pub highlights: Vec<(usize, usize)>,
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
    if let Some(code) = &opts.code
        && !codes.codes().any(|c| is_within(&c.id, code))
    {
        codes.require(code)?;
    }
    opts.filter.validate(corpus)?;
    let mut selected: Vec<&Coding> = auto
        .iter()
        .filter(|c| opts.code.as_deref().is_none_or(|p| is_within(&c.code, p)))
        .filter(|c| {
            opts.filter.conditions.is_empty()
                || corpus
                    .cases
                    .get(&c.case)
                    .is_some_and(|case| opts.filter.accepts(case))
        })
        .collect();
    selected.sort_by(|a, b| super::canonical(a, b));
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
        };
        let rows = session.rows()?;
        super::merge(Vec::new(), &rows, corpus, codes)?; // each row names a real turn and code
        for row in rows {
            if let Some(i) = session.item_of(&row) {
                session.decided[i] = true;
            }
        }
        session.cursor = session.next_from(0);
        Ok(session)
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
        let decision = Decision {
            document: item.coding.document.clone(),
            line: item.coding.line_start,
            code: item.coding.code.clone(),
            action,
            memo: String::new(),
        };
        self.write(&decision)?;
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

    /// The item an accept or reject row decides.
    fn item_of(&self, row: &ManualRow) -> Option<usize> {
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
        let dir = tempfile::tempdir().unwrap();
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let project = Project::load(&dir.path().join("qualcode.yaml")).unwrap();
        (dir, project)
    }

    #[test]
    fn a_session_saves_decisions_resumes_after_them_and_undoes() {
        let (_dir, project) = mini();
        let codes = CodeSet::load(&project).unwrap();
        let corpus = ingest::load(&project).unwrap();
        let (auto, _) = super::super::load_auto(&project, &corpus, &codes).unwrap();
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
        let rows = super::super::store::read_manual(&file, "codings/ana.csv", "ana").unwrap();
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
