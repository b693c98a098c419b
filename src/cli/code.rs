//! `qualcode code`: auto-code every transcript into codings/auto.csv.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use super::common::Session;
use super::common::write_error;
use super::ui::Ui;
use crate::codebook::CodeSet;
use crate::coding::{self, store};
use crate::matcher::Matcher;
use crate::natural::count;
use crate::{Result, fsutil};

/// Auto-code participant speech into codings/auto.csv.
///
/// Auto-code the participant turns of every transcript with every loaded
/// codebook and write codings/auto.csv (atomically; coders' files in
/// codings/ are never touched), and beside it codings/auto.sources.tsv, a
/// hash of every transcript and codebook coded from and how the transcripts
/// were read (whom each speaker label is, encodings, case roles), by which
/// the other verbs tell stale codings. A transcript that cannot be read is left out
/// with a note. Prints a summary per codebook.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  qualcode code\n  qualcode --project examples/kent code --quiet"
)]
pub(super) struct Args {}

pub(super) fn run(
    _args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let start = Instant::now();
    let started_ns = crate::index::now_ns();
    let project = session.discover()?;
    let codes = CodeSet::load(&project)?;
    // The patterns compile while the transcripts are listed and the index
    // of the last run is read (a few dozen milliseconds that the workers
    // would otherwise wait for).
    let (matcher, files) = std::thread::scope(|s| {
        let matcher = s.spawn(|| Matcher::compile(&codes));
        let files = project.transcript_files().and_then(|files| {
            // Transcripts unchanged since the last run: their recurring
            // speakers are known, and each transcript is read once, not twice.
            crate::index::reuse_recurring(&project, &files)?;
            Ok(files)
        });
        let matcher = matcher
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        // The codebooks' error first, as when one ran after the other.
        Ok::<_, crate::Error>((matcher?, files?))
    })?;
    // Codebooks are hashed before coding, transcripts as they are read:
    // a file edited during the run is then stale.
    let codebooks = coding::sources::Sources::of_files(&project.codebook_files()?);
    let bar = ui.progress(
        || {
            files
                .iter()
                .filter_map(|f| std::fs::metadata(&f.path).ok())
                .map(|m| m.len())
                .sum()
        },
        "coding",
    );
    let path = project.codings_dir().join(store::AUTO_FILE);
    let mut file = fsutil::AtomicFile::create(&path)?;
    let cannot = |e: &std::io::Error| crate::Error::io(Path::new("codings/auto.csv"), "write", e);
    file.write_all(&store::to_csv(&[]))
        .map_err(|e| cannot(&e))?;
    let mut index = crate::index::Writer::create(&project, started_ns)?;
    let mut tally = coding::Summary::new(&codes);
    // Workers turn each document's codings into CSV rows and counts; this
    // thread appends them in document order.
    let run = coding::run(
        &project,
        &files,
        &codes,
        &matcher,
        &|bytes| bar.inc(bytes),
        &|rows| Ok(coding::Summary::auto_rows_counted(&codes, rows)),
        &mut |(pieces, counts): (Vec<Vec<u8>>, _)| {
            tally.merge(counts);
            pieces
                .iter()
                .try_for_each(|rows| file.write_all(rows).map_err(|e| cannot(&e)))
        },
        Some(&mut index),
    )?;
    bar.finish_and_clear();
    // Only a complete run replaces auto.csv; what it was coded from is
    // written after it, so a failure here leaves it looking stale, never
    // looking fresh.
    file.commit()?;
    // How the transcripts were read (speakers, encodings, case roles)
    // comes from the corpus just coded.
    let mut sources = coding::sources::Sources {
        files: run.files.clone(),
        setup: None,
        older_hashes: false,
    };
    sources.files.extend(codebooks.files);
    let sources = sources.with_setup(&project, &run.corpus, &codes);
    fsutil::write_atomic(
        &project.codings_dir().join(coding::sources::SOURCES_FILE),
        sources.to_tsv().as_bytes(),
    )?;
    // The index of what was read, last: it is derived, and only used when
    // every transcript is as it records.
    index.commit()?;
    for e in &run.skipped {
        ui.note(&crate::ingest::skipped_note(e));
    }
    let corpus = &run.corpus;
    if let Some(note) = crate::ingest::unattributed_note(&corpus.outlines) {
        ui.note(&note);
    }
    let mut w = |s: String| super::common::write_line(out, &s);
    w(format!(
        "coded {}: {}, {}",
        count(corpus.outlines.len(), "transcript"),
        count(corpus.cases.len(), "case"),
        count(run.segments, "participant segment")
    ))?;
    w(format!(
        "wrote codings/auto.csv: {}",
        count(tally.codings, "coding")
    ))?;
    for (book, t) in codes.codebooks.iter().zip(&tally.books) {
        w(format!(
            "  {}: {}, {} of {} used, {} coded",
            book.name,
            count(t.codings, "coding"),
            t.codes.len(),
            count(book.codes.len(), "code"),
            count(t.cases.len(), "case")
        ))?;
    }
    out.flush().map_err(|e| write_error(&e))?;
    let secs = start.elapsed().as_secs_f64();
    ui.note(&format!("{:.1} MB in {secs:.2} s", run.bytes as f64 / 1e6));
    Ok(ExitCode::SUCCESS)
}
