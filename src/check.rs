//! `qualcode check`: validate a whole project and report every problem found,
//! not just the first: config, codebooks and their examples, transcripts,
//! cases and coders' files. Returns a report; printing is the CLI's job.

pub mod examples;
pub mod json;

use crate::message::Note;

use crate::Error;
use crate::codebook::CodeSet;
use crate::coding::sources::Sources;
use crate::coding::{CountedCoders, merge, store};
use crate::ingest::{self, Corpus, Speaker};
use crate::matcher::Matcher;
use crate::natural::count;
use crate::persona::PersonaSet;
use crate::project::{Project, ProjectFile};

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Problems that make the project unusable until fixed.
    pub errors: Vec<Error>,
    /// Facts worth knowing (preambles skipped, speakers found, unused rows).
    pub notes: Vec<Note>,
    /// One-line summaries of what passed.
    pub passed: Vec<String>,
    /// Each transcript: how it was read and who speaks in it.
    pub documents: Vec<DocumentCheck>,
    /// The cases, with their attributes (empty if transcripts failed).
    pub cases: Vec<crate::project::Case>,
}

/// One transcript as `check` read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCheck {
    /// Path relative to the project.
    pub path: String,
    /// The reader used: `text`, `markdown`, `docx`, `webvtt`, `srt`, or the
    /// file's extension if no reader takes it.
    pub format: String,
    /// The encoding it was read as; `None` if it could not be read.
    pub encoding: Option<&'static str>,
    /// Its speakers, in order of first turn; empty if it could not be read.
    pub speakers: Vec<SpeakerCheck>,
    /// Notes on how it was read.
    pub notes: Vec<String>,
}

/// One speaker label of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerCheck {
    /// The label as written, without a trailing colon.
    pub label: String,
    /// The case its turns count for; `None` for an interviewer.
    pub case: Option<String>,
    /// Whether it is treated as an interviewer.
    pub interviewer: bool,
    /// Whether it is a group or an unknown voice, attributed to no case.
    pub group: bool,
    /// Whether detection (not the config) decided that it is one.
    pub detected: bool,
    /// Why it is an interviewer (or, if listed, a participant).
    pub reason: Option<String>,
    /// Its number of turns.
    pub turns: usize,
}

impl SpeakerCheck {
    /// Its role in words: `interviewer`, `participant` or `unattributed`.
    pub fn role(&self) -> &'static str {
        if self.interviewer {
            "interviewer"
        } else if self.group {
            "unattributed"
        } else {
            "participant"
        }
    }
}

/// Every document's speakers as a table (`check --format table`/`md`/`csv`),
/// with the project-wide notes under it.
pub fn speakers_table(report: &Report) -> crate::table::Table {
    use crate::table::{Cell, Column, Row, Table};
    let text = |s: &str| Cell::Text(s.to_owned());
    let mut rows = Vec::new();
    for d in &report.documents {
        if d.speakers.is_empty() {
            rows.push(Row {
                depth: 0,
                cells: vec![
                    text(&d.path),
                    text(&d.format),
                    text(d.encoding.unwrap_or("")),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    text(&d.notes.join("; ")),
                    Cell::Empty,
                ],
            });
        }
        for s in &d.speakers {
            rows.push(Row {
                depth: 0,
                cells: vec![
                    text(&d.path),
                    text(&d.format),
                    text(d.encoding.unwrap_or("")),
                    text(&s.label),
                    s.case.as_deref().map_or(Cell::Empty, text),
                    text(s.role()),
                    text(if s.detected { "yes" } else { "no" }),
                    s.reason.as_deref().map_or(Cell::Empty, text),
                    Cell::Count(s.turns),
                ],
            });
        }
    }
    Table {
        title: "Transcripts and their speakers".to_owned(),
        columns: vec![
            Column::text("path", "Document"),
            Column::text("format", "Format"),
            Column::text("encoding", "Encoding"),
            Column::text("label", "Speaker"),
            Column::text("case", "Case"),
            Column::text("role", "Role"),
            Column::text("detected", "Detected"),
            Column::text("reason", "Reason"),
            Column::number("turns", "Turns"),
        ],
        rows,
        footnotes: report.notes.clone(),
    }
}

/// The reader a transcript's extension selects, by name.
pub fn format_name(path: &str) -> String {
    let ext = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => "text".to_owned(),
        "md" | "markdown" => "markdown".to_owned(),
        "vtt" => "webvtt".to_owned(),
        "htm" | "html" | "xhtml" => "html".to_owned(),
        "tsv" | "tab" => "tsv".to_owned(),
        _ => ext,
    }
}

/// A document's check entry from its outline.
fn document_check(project: &Project, o: &ingest::Outline, notes: Vec<String>) -> DocumentCheck {
    let speakers = o
        .speakers
        .iter()
        .map(|(label, speaker, turns)| {
            let (case, interviewer, detected, reason) = match speaker {
                Speaker::Interviewer => {
                    let (detected, reason) = ingest::roles::reason(project, &o.detected, label);
                    (None, true, detected, Some(reason))
                }
                Speaker::Case(id) => {
                    let reason = project
                        .is_listed_participant(label)
                        .then(|| "listed under `participants:`".to_owned());
                    (Some(id.clone()), false, false, reason)
                }
                Speaker::Group => (
                    None,
                    false,
                    true,
                    Some("several people or a voice nobody named".to_owned()),
                ),
            };
            SpeakerCheck {
                label: label.clone(),
                case,
                interviewer,
                group: *speaker == Speaker::Group,
                detected,
                reason,
                turns: *turns,
            }
        })
        .collect();
    DocumentCheck {
        path: o.path.clone(),
        format: format_name(&o.path),
        encoding: Some(o.encoding),
        speakers,
        notes,
    }
}

/// Check everything in `project`.
pub fn run(project: &Project) -> Report {
    let mut report = Report::default();
    let codes = match CodeSet::load(project) {
        Ok(codes) => Some(codes),
        Err(e) => {
            report.errors.push(e);
            None
        }
    };
    if let Some(codes) = &codes {
        match Matcher::compile(codes) {
            Ok(matcher) => {
                let problems = examples::examples(codes, &matcher);
                let examples: usize = codes.codes().map(|c| c.examples.len()).sum();
                let patterns: usize = codes.codes().map(|c| c.patterns.len()).sum();
                let counters: usize = codes.codes().map(|c| c.counterexamples.len()).sum();
                if problems.is_empty() {
                    let counters = if counters == 0 {
                        String::new()
                    } else {
                        format!(", none of {} coded", count(counters, "counterexample"))
                    };
                    report.passed.push(format!(
                        "{}, {}, {}; all {} matched by their codes{counters}",
                        count(codes.codebooks.len(), "codebook"),
                        count(codes.codes().count(), "code"),
                        count(patterns, "pattern"),
                        count(examples, "example"),
                    ));
                }
                let missing = codes
                    .codes()
                    .filter(|c| c.examples.is_empty() && !c.patterns.is_empty())
                    .count();
                if missing > 0 {
                    report.notes.push(Note::Text(format!(
                        "{} with patterns {} no examples to test them",
                        count(missing, "code"),
                        if missing == 1 { "has" } else { "have" }
                    )));
                }
                report.errors.extend(problems);
            }
            Err(e) => report.errors.push(e),
        }
    }
    let corpus = transcripts(project, &mut report);
    if let (Some(corpus), Some(codes)) = (&corpus, &codes) {
        coders(project, corpus, codes, &mut report);
        personas(project, corpus, codes, &mut report);
        roles(project, corpus, codes, &mut report);
        report
            .errors
            .extend(crate::report::validate(project, codes, &corpus.cases));
    } else if project.personas.is_some() {
        // Without codebooks and cases only the file itself can be checked.
        if let Err(e) = PersonaSet::load(project) {
            report.errors.push(e);
        }
    }
    report
}

/// Case roles: how many cases have each role when some case is not a
/// participant (with the codes that leave them out), and the `roles:`
/// keys that match no case.
fn roles(project: &Project, corpus: &Corpus, codes: &CodeSet, report: &mut Report) {
    for key in project.roles.unmatched(&corpus.cases) {
        report.notes.push(Note::Text(format!(
            "{}: roles: {key:?} matches no case's id or attribute value",
            crate::project::CONFIG_FILE
        )));
    }
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for case in corpus.cases.iter() {
        *counts.entry(project.roles.of_case(case)).or_default() += 1;
    }
    if counts.keys().any(|r| r != crate::codebook::DEFAULT_ROLE) {
        let parts: Vec<String> = counts
            .iter()
            .map(|(role, n)| format!("{n} {role}"))
            .collect();
        let books: Vec<&str> = codes
            .codebooks
            .iter()
            .filter(|b| !b.applies_to.is_empty())
            .map(|b| b.name.as_str())
            .collect();
        let left = if books.is_empty() {
            String::new()
        } else {
            format!(" ({} code only the roles they apply to)", books.join(", "))
        };
        report
            .passed
            .push(format!("case roles: {}{left}", parts.join(", ")));
    }
}

/// The personas file, if configured: its rules against the codebooks and
/// cases, and every hand-set persona.
fn personas(project: &Project, corpus: &Corpus, codes: &CodeSet, report: &mut Report) {
    if project.personas.is_none() {
        return;
    }
    let checked = PersonaSet::load(project)
        .and_then(|set| set.check(codes, &corpus.cases).map(|notes| (set, notes)));
    match checked {
        Ok((set, notes)) => {
            let rules: usize = set.personas.iter().map(|p| p.rules.len()).sum();
            let by_hand = corpus
                .cases
                .iter()
                .filter(|c| matches!(set.hand_set(c), Ok(Some(_))))
                .count();
            report.passed.push(format!(
                "{}: {}, {}; every code and attribute they name exists; {} set by hand",
                set.path,
                count(set.personas.len(), "persona"),
                count(rules, "rule"),
                count(by_hand, "case|cases"),
            ));
            report.notes.extend(notes.into_iter().map(Note::Text));
            for p in set.personas.iter().filter(|p| p.rules.is_empty()) {
                report.notes.push(Note::Text(format!(
                    "{}: persona {} has no rules: it is only ever set by hand",
                    p.location, p.id
                )));
            }
        }
        Err(e) => report.errors.push(e),
    }
}

fn transcripts(project: &Project, report: &mut Report) -> Option<Corpus> {
    let files = match project.transcript_files() {
        Ok(f) => f,
        Err(e) => {
            report.errors.push(e);
            return None;
        }
    };
    unread_files(project, &files, report);
    let results = ingest::map_documents(project, &files, |doc| Ok(doc.outline()));
    // Every broken transcript is a problem; the others are still checked.
    let outlines: Vec<_> = if let Ok((o, skipped)) = results {
        skipped_documents(skipped, report);
        o
    } else {
        for file in &files {
            match ingest::read(project, file) {
                Ok(doc) => {
                    let doc = document_check(project, &doc.outline(), Vec::new());
                    report.documents.push(doc);
                }
                Err(e) => {
                    report.documents.push(DocumentCheck {
                        path: file.display.clone(),
                        format: format_name(&file.display),
                        encoding: None,
                        speakers: Vec::new(),
                        notes: vec![e.message().to_owned()],
                    });
                    report.errors.push(e);
                }
            }
        }
        return None;
    };
    for o in &outlines {
        let mut doc_notes = Vec::new();
        if let Some((first, last, lines)) = o.preamble {
            report.notes.push(Note::Preamble {
                path: o.path.clone(),
                first,
                last,
                lines,
            });
            doc_notes.push(Note::preamble(first, last, lines));
        }
        doc_notes.extend(o.notices.iter().cloned());
        doc_notes.extend(
            o.detected
                .iter()
                .map(|d| format!("{} is taken for an interviewer: {}", d.label, d.reason)),
        );
        report.documents.push(document_check(project, o, doc_notes));
        let speakers: Vec<String> = o
            .speakers
            .iter()
            .map(|(label, speaker, turns)| match speaker {
                Speaker::Interviewer => format!("{label} (interviewer, {})", count(*turns, "turn")),
                Speaker::Group => format!("{label} (not attributed, {})", count(*turns, "turn")),
                Speaker::Case(id) if id == label => format!("{label} ({})", count(*turns, "turn")),
                Speaker::Case(id) => format!("{label} → case {id} ({})", count(*turns, "turn")),
            })
            .collect();
        report.notes.push(Note::Speakers {
            path: o.path.clone(),
            speakers,
        });
        for notice in &o.notices {
            report.notes.push(Note::Notice {
                path: o.path.clone(),
                text: notice.clone(),
            });
        }
    }
    report.notes.extend(detected_notes(project, &outlines));
    let cases = match ingest::build_cases(project, &outlines) {
        Ok(c) => c,
        Err(e) => {
            report.errors.push(e);
            return None;
        }
    };
    case_notes(project, &outlines, &cases, report);
    report.cases = cases.iter().cloned().collect();
    let segments: usize = outlines.iter().map(|o| o.segments.len()).sum();
    report.passed.push(format!(
        "{}, {}, {}; attributes: {}",
        count(outlines.len(), "transcript"),
        count(cases.len(), "case"),
        count(segments, "participant segment"),
        cases.attribute_names().join(", ")
    ));
    Some(Corpus::new(outlines, cases))
}

/// Transcripts that could not be read: each still listed, with its error
/// as a note, and a problem.
fn skipped_documents(skipped: Vec<Error>, report: &mut Report) {
    for e in &skipped {
        let Some(path) = e
            .location()
            .map(|l| l.path.to_string_lossy().replace('\\', "/"))
        else {
            continue;
        };
        report.documents.push(DocumentCheck {
            format: format_name(&path),
            path,
            encoding: None,
            speakers: Vec::new(),
            notes: vec![e.message().to_owned()],
        });
    }
    report.errors.extend(skipped);
}

/// Notes on cases and `cases.csv` disagreeing: a row that never speaks, a
/// speaking case with no row.
fn case_notes(
    project: &Project,
    outlines: &[ingest::Outline],
    cases: &crate::project::Cases,
    report: &mut Report,
) {
    for (id, at) in &cases.unused_rows {
        report.notes.push(Note::Text(format!(
            "{at}: case {id} speaks in no transcript and is not counted"
        )));
    }
    if let Some(file) = project.cases_file() {
        for id in &cases.unlisted {
            let first = outlines
                .iter()
                .find(|o| o.cases.iter().any(|c| c == id))
                .map_or_else(String::new, |o| format!("{}: ", o.path));
            report.notes.push(Note::Text(format!(
                "{first}case {id} speaks but has no row in {}: its attributes \
                 come from front matter only",
                file.display
            )));
        }
    }
}

/// One note per interviewer detected, with its reason and its transcripts
/// (a speaker found by the same rule in several is named once).
fn detected_notes(project: &Project, outlines: &[ingest::Outline]) -> Vec<Note> {
    ingest::roles::summary(project, outlines)
        .into_iter()
        .filter(|s| s.detected)
        .map(|s| {
            let place = match s.documents.as_slice() {
                [one] => one.clone(),
                many => count(many.len(), "transcript"),
            };
            Note::InterviewerDetected {
                label: s.label,
                place,
                reason: s.reason,
            }
        })
        .collect()
}

/// A note when `codings/auto.csv` was coded from other transcripts or
/// codebooks than the project's now, or read them differently (the table
/// verbs refuse it).
fn stale_note(project: &Project, corpus: &Corpus, codes: &CodeSet, report: &mut Report) {
    let (changes, setup) = match Sources::read(&project.codings_dir()) {
        Ok(Some(coded)) => match Sources::of_project(project) {
            Ok(now) => {
                let now = now.with_setup(project, corpus, codes);
                let changes = coded.changes(&now);
                let setup = coded.setup_changes(&now, &changes);
                (changes, setup)
            }
            Err(_) => return, // reported with the transcripts or codebooks
        },
        Ok(None) => return,
        Err(e) => {
            report.errors.push(e);
            return;
        }
    };
    if changes.is_empty() && setup.is_empty() {
        return;
    }
    let list: Vec<String> = changes
        .iter()
        .map(|(file, change)| format!("{file} {}", change.as_str()))
        .chain(setup)
        .collect();
    report.notes.push(Note::Text(format!(
        "codings/auto.csv is out of date ({}): run `qualcode code` before the tables",
        list.join(", ")
    )));
}

/// A note for every file in the transcript folders that no glob took, or
/// that no reader can read: nothing there is passed over silently.
fn unread_files(project: &Project, taken: &[ProjectFile], report: &mut Report) {
    for (i, rule) in project.files.iter().enumerate() {
        if !taken.iter().any(|f| rule.matches(&f.display)) {
            report.notes.push(Note::Text(format!(
                "qualcode.yaml: files: rule {} ({:?}) matches no transcript",
                i + 1,
                rule.glob
            )));
        }
    }
    let unread = project.unread_files(taken);
    if unread.is_empty() {
        return;
    }
    let reads: Vec<String> = ingest::extensions().map(|e| format!(".{e}")).collect();
    for file in &unread {
        report.notes.push(Note::Text(if ingest::readable(file) {
            format!("{file}: not read: no glob under `transcripts:` in qualcode.yaml takes it")
        } else {
            format!(
                "{file}: not read: qualcode has no reader for this kind of file \
                 (it reads {})",
                reads.join(", ")
            )
        }));
    }
    report.notes.push(Note::Text(format!(
        "{} in the transcript folders {} not read",
        count(unread.len(), "file"),
        if unread.len() == 1 { "is" } else { "are" }
    )));
}

fn coders(project: &Project, corpus: &Corpus, codes: &CodeSet, report: &mut Report) {
    let files = match store::manual_files(&project.codings_dir(), "codings") {
        Ok(f) => f,
        Err(e) => {
            report.errors.push(e);
            return;
        }
    };
    // Rejects and accepts are checked against the saved auto codings, when
    // there are some (without them every one would look unmatched).
    let auto_path = project.codings_dir().join(store::AUTO_FILE);
    if auto_path.is_file() {
        stale_note(project, corpus, codes, report);
    }
    let auto = if auto_path.is_file() {
        match store::read_auto(&auto_path, "codings/auto.csv") {
            Ok(auto) => Some(auto),
            Err(e) => {
                report.errors.push(e);
                None
            }
        }
    } else {
        None
    };
    let present: Vec<String> = files.iter().map(|(c, _, _)| c.clone()).collect();
    let counted = CountedCoders::resolve(&project.final_coders, &present);
    let mut counted_rows = Vec::new();
    let mut all_read = true;
    for (coder, path, display) in files {
        let merged = store::read_manual(&path, &display, &coder).and_then(|rows| {
            merge(auto.clone().unwrap_or_default(), &rows, corpus, codes).map(|e| (rows, e))
        });
        match merged {
            Ok((rows, effective)) => {
                report.passed.push(format!(
                    "{display}: {} by {coder}",
                    count(rows.len(), "decision")
                ));
                if auto.is_some() {
                    report
                        .notes
                        .extend(effective.unmatched_rejects.into_iter().map(Note::Text));
                }
                if counted.counts(&coder) {
                    counted_rows.extend(rows);
                }
            }
            Err(e) => {
                all_read = false;
                report.errors.push(e);
            }
        }
    }
    for coder in &counted.missing {
        report.notes.push(Note::Text(format!(
            "{}: final: names {coder}, who has no codings/{coder}.csv yet",
            crate::project::CONFIG_FILE
        )));
    }
    report.notes.extend(counted.describe().map(Note::Text));
    // Conflicts between the counted coders, judged against the auto
    // codings (saved, or coded in memory as the tables would).
    if !all_read || counted.coders.len() < 2 {
        return;
    }
    let auto = match auto {
        Some(a) => Some(a),
        None => crate::coding::load_auto(project, corpus, codes)
            .ok()
            .map(|(a, _)| a),
    };
    if let Some(auto) = auto
        && let Ok(effective) =
            crate::coding::merge_counted(auto, &counted_rows, corpus, codes, &counted)
    {
        report
            .notes
            .extend(effective.conflicts.iter().map(|c| Note::Text(c.describe())));
    }
}
