//! The blind coding of a validation sample, without the terminal: the
//! sheet's segments with their text (redacted, no auto codes anywhere),
//! where the coder is, the codes chosen for the current segment, and each
//! segment's decision written to the sheet at once (atomically), so a quit
//! or a crash loses nothing and the next session starts at the first
//! segment not yet coded.

use std::collections::HashMap;

use super::{Sheet, SheetRow};
use crate::codebook::CodeSet;
use crate::ingest::{self, Corpus};
use crate::project::Project;
use crate::redact::Redactor;
use crate::{Error, Result};

/// One segment of the sample, as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlindItem {
    /// The segment's place: document, first and last line.
    pub document: String,
    /// First line.
    pub line_start: usize,
    /// Last line.
    pub line_end: usize,
    /// The case.
    pub case: String,
    /// The segment's text, redacted.
    pub text: String,
}

/// A coder's blind coding of their sample.
pub struct BlindSession<'a> {
    project: &'a Project,
    codes: &'a CodeSet,
    coder: String,
    sheet: Sheet,
    items: Vec<BlindItem>,
    cursor: usize,
    chosen: Vec<String>,
}

impl<'a> BlindSession<'a> {
    /// Start `coder`'s session on their sheet (from [`super::read`]), at
    /// the first segment not yet coded.
    pub fn new(
        project: &'a Project,
        corpus: &Corpus,
        codes: &'a CodeSet,
        coder: &str,
        sheet: Sheet,
    ) -> Result<BlindSession<'a>> {
        let redactor = Redactor::for_project(project);
        let files = project.transcript_files()?;
        let mut texts: HashMap<(String, usize), (usize, String)> = HashMap::new();
        let mut docs: Vec<&str> = sheet.rows.iter().map(|r| r.document.as_str()).collect();
        docs.dedup();
        for doc in docs {
            let file = files.iter().find(|f| f.display == doc).ok_or_else(|| {
                Error::invalid(format!("{doc} is not a transcript of this project"))
            })?;
            let document = ingest::read(project, file)?;
            let outline = corpus.outline(doc);
            for t in &document.turns {
                let participant = outline.and_then(|o| o.segment_at(t.line_start));
                if participant.is_some_and(|s| s.ordinal == t.ordinal) {
                    texts.insert(
                        (doc.to_owned(), t.line_start),
                        (t.line_end, redactor.apply(&t.text)),
                    );
                }
            }
        }
        let items = sheet
            .rows
            .iter()
            .map(|r| {
                let (line_end, text) = texts
                    .get(&(r.document.clone(), r.line))
                    .cloned()
                    .unwrap_or((r.line, String::new()));
                BlindItem {
                    document: r.document.clone(),
                    line_start: r.line,
                    line_end,
                    case: r.case.clone(),
                    text,
                }
            })
            .collect();
        let mut session = BlindSession {
            project,
            codes,
            coder: coder.to_owned(),
            sheet,
            items,
            cursor: 0,
            chosen: Vec::new(),
        };
        session.cursor = session.next_from(0);
        session.load_chosen();
        Ok(session)
    }

    /// The coder.
    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// The codebook offered (`None`: every codebook).
    pub fn codebook(&self) -> Option<&str> {
        self.sheet.codebook.as_deref()
    }

    /// The segment being coded, or `None` past the last.
    pub fn current(&self) -> Option<&BlindItem> {
        self.items.get(self.cursor)
    }

    /// (1-based position, number of segments).
    pub fn position(&self) -> (usize, usize) {
        (self.cursor + 1, self.items.len())
    }

    /// How many segments are not coded yet.
    pub fn undecided(&self) -> usize {
        self.sheet.rows.len() - self.sheet.decided()
    }

    /// The codes chosen so far for the current segment.
    pub fn chosen(&self) -> &[String] {
        &self.chosen
    }

    /// Whether the current segment was coded before (its codes are shown
    /// chosen, to change or keep).
    pub fn was_decided(&self) -> bool {
        self.sheet
            .rows
            .get(self.cursor)
            .is_some_and(|r| r.codes.is_some())
    }

    /// Choose `code` for the current segment, or un-choose it if chosen.
    /// It must be a code of the sheet's codebook. Whether it is now chosen.
    pub fn toggle(&mut self, code: &str) -> Result<bool> {
        let id = &self.codes.require(code)?.id;
        if let Some(book) = self.codebook()
            && id.book() != book
        {
            return Err(Error::usage(format!(
                "{code} is not in codebook {book}, the codebook this sample is coded with"
            )));
        }
        if let Some(i) = self.chosen.iter().position(|c| c == code) {
            self.chosen.remove(i);
            return Ok(false);
        }
        self.chosen.push(code.to_owned());
        Ok(true)
    }

    /// Save the chosen codes (none: no code applies) as the current
    /// segment's decision, write the sheet, and move to the next segment
    /// not yet coded.
    pub fn save(&mut self) -> Result<()> {
        let Some(row) = self.sheet.rows.get_mut(self.cursor) else {
            return Ok(());
        };
        let previous = row.codes.replace(self.chosen.clone());
        if let Err(e) = super::write(self.project, &self.coder, &self.sheet) {
            self.sheet.rows[self.cursor].codes = previous;
            return Err(e);
        }
        self.cursor = self.next_from(self.cursor + 1);
        self.load_chosen();
        Ok(())
    }

    /// Pass over the current segment without a decision.
    pub fn skip(&mut self) {
        if self.cursor < self.items.len() {
            self.cursor = self.next_from(self.cursor + 1);
            self.load_chosen();
        }
    }

    /// Go back to the segment before the current one (coded or not), with
    /// its saved codes chosen; nothing before the first.
    pub fn back(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.load_chosen();
        }
    }

    /// The sheet's row for the current segment.
    pub fn row(&self) -> Option<&SheetRow> {
        self.sheet.rows.get(self.cursor)
    }

    fn load_chosen(&mut self) {
        self.chosen = self
            .sheet
            .rows
            .get(self.cursor)
            .and_then(|r| r.codes.clone())
            .unwrap_or_default();
    }

    fn next_from(&self, from: usize) -> usize {
        (from..self.sheet.rows.len())
            .find(|&i| self.sheet.rows[i].codes.is_none())
            .unwrap_or(self.sheet.rows.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{SampleOptions, draw, read, write};

    /// A copy of the `mini` fixture, loaded.
    fn mini() -> (tempfile::TempDir, Project) {
        crate::project::testing::fixture("mini")
    }

    #[test]
    fn a_blind_session_saves_each_decision_and_resumes() {
        let (_dir, project) = mini();
        let codes = CodeSet::load(&project).unwrap();
        let corpus = ingest::load(&project).unwrap();
        let (auto, _) = crate::coding::load_auto(&project, &corpus, &codes).unwrap();
        let opts = SampleOptions {
            size: 4,
            seed: 3,
            codebook: Some("motives".into()),
            ..SampleOptions::default()
        };
        let sheet = draw(&corpus, &codes, &auto, &opts).unwrap().sheet;
        write(&project, "ana", &sheet).unwrap();
        let mut s = BlindSession::new(&project, &corpus, &codes, "ana", sheet).unwrap();
        assert_eq!((s.position(), s.undecided()), ((1, 4), 4));
        assert!(!s.current().unwrap().text.is_empty());
        assert!(s.toggle("motives.money").unwrap());
        assert!(s.toggle("motives.boredom").unwrap());
        assert!(!s.toggle("motives.boredom").unwrap());
        assert!(s.toggle("nope").is_err());
        s.save().unwrap();
        s.skip();
        s.save().unwrap(); // the third: no code applies
        assert_eq!((s.position(), s.undecided()), ((4, 4), 2));
        let on_disk = read(&project, &corpus, &codes, "ana").unwrap().unwrap();
        let decided: Vec<Option<Vec<String>>> =
            on_disk.rows.iter().map(|r| r.codes.clone()).collect();
        assert_eq!(
            decided,
            [
                Some(vec!["motives.money".to_owned()]),
                None,
                Some(vec![]),
                None
            ]
        );
        // A new session starts at the first segment not coded.
        let mut s = BlindSession::new(&project, &corpus, &codes, "ana", on_disk).unwrap();
        assert_eq!(s.position(), (2, 4));
        s.back();
        assert_eq!(
            (s.position(), s.chosen()),
            ((1, 4), &["motives.money".to_owned()][..])
        );
        assert!(s.was_decided());
    }
}
