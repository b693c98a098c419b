//! `qualcode check`: validate a whole project and report every problem found,
//! not just the first: config, codebooks and their examples, transcripts,
//! cases and coders' files. Returns a report; printing is the CLI's job.

use crate::Error;
use crate::codebook::{CodeSet, check};
use crate::coding::{merge, store};
use crate::ingest::{self, Corpus, Speaker};
use crate::matcher::Matcher;
use crate::natural::count;
use crate::persona::PersonaSet;
use crate::project::Project;

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Problems that make the project unusable until fixed.
    pub errors: Vec<Error>,
    /// Facts worth knowing (preambles skipped, speakers found, unused rows).
    pub notes: Vec<String>,
    /// One-line summaries of what passed.
    pub passed: Vec<String>,
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
                let problems = check::examples(codes, &matcher);
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
                    report.notes.push(format!(
                        "{} with patterns {} no examples to test them",
                        count(missing, "code"),
                        if missing == 1 { "has" } else { "have" }
                    ));
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
        report.notes.push(format!(
            "{}: roles: {key:?} matches no case's id or attribute value",
            crate::project::CONFIG_FILE
        ));
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
            report.notes.extend(notes);
            for p in set.personas.iter().filter(|p| p.rules.is_empty()) {
                report.notes.push(format!(
                    "{}: persona {} has no rules: it is only ever set by hand",
                    p.location, p.id
                ));
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
    let results = ingest::map_documents(project, &files, |doc| Ok(doc.outline()));
    // Collect every document's problem, not only the first.
    let outlines: Vec<_> = if let Ok(o) = results {
        o
    } else {
        for file in &files {
            if let Err(e) = ingest::read(project, file) {
                report.errors.push(e);
            }
        }
        return None;
    };
    for o in &outlines {
        if let Some((first, last, n)) = o.preamble {
            report.notes.push(format!(
                "{}:{first}-{last}: {} before the first turn {} not coded",
                o.path,
                count(n, "non-blank line"),
                if n == 1 { "is" } else { "are" }
            ));
        }
        let speakers: Vec<String> = o
            .speakers
            .iter()
            .map(|(label, speaker, turns)| match speaker {
                Speaker::Interviewer => format!("{label} (interviewer, {})", count(*turns, "turn")),
                Speaker::Case(id) if id == label => format!("{label} ({})", count(*turns, "turn")),
                Speaker::Case(id) => format!("{label} → case {id} ({})", count(*turns, "turn")),
            })
            .collect();
        report
            .notes
            .push(format!("{}: speakers {}", o.path, speakers.join(", ")));
        for notice in &o.notices {
            report.notes.push(format!("{}: {notice}", o.path));
        }
    }
    let cases = match ingest::build_cases(project, &outlines) {
        Ok(c) => c,
        Err(e) => {
            report.errors.push(e);
            return None;
        }
    };
    for (id, at) in &cases.unused_rows {
        report.notes.push(format!(
            "{at}: case {id} speaks in no transcript and is not counted"
        ));
    }
    let segments: usize = outlines.iter().map(|o| o.segments.len()).sum();
    report.passed.push(format!(
        "{}, {}, {}; attributes: {}",
        count(outlines.len(), "transcript"),
        count(cases.len(), "case"),
        count(segments, "participant segment"),
        cases.attribute_names().join(", ")
    ));
    Some(Corpus { outlines, cases })
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
    for (coder, path, display) in files {
        let merged = store::read_manual(&path, &display, &coder).and_then(|rows| {
            merge(auto.clone().unwrap_or_default(), &rows, corpus, codes).map(|e| (rows.len(), e))
        });
        match merged {
            Ok((n, effective)) => {
                report
                    .passed
                    .push(format!("{display}: {} by {coder}", count(n, "decision")));
                if auto.is_some() {
                    report.notes.extend(effective.unmatched_rejects);
                }
            }
            Err(e) => report.errors.push(e),
        }
    }
}
