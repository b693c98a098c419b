//! `qualcode check`: validate the project and report every problem.

use std::io::Write;
use std::process::ExitCode;

use super::common::Session;
use super::common::write_error;
use super::ui::Ui;
use crate::render::Format;
use crate::{Error, Result};

/// Validate the config, codebooks, transcripts and coders' files.
///
/// Validate the config, every codebook (each code's examples must be matched
/// by its own patterns, and none of its counterexamples; ids unique across
/// codebooks), every transcript
/// (speakers, cases, attributes) and coders' files. Lists what it found;
/// exits 2 if anything must be fixed. Notes name every file in the
/// transcript folders that is not read (no glob takes it, or qualcode has
/// no reader for it), every case that speaks but has no row in cases.csv
/// (and every row that never speaks), and stale codings.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  qualcode check\n  qualcode --project examples/kent check\n  qualcode check --quiet    the problems and a one-line summary, no notes\n  qualcode check -f json    documents, speakers and roles, cases, problems for scripts\n  qualcode check -f md      every document's speakers as a table"
)]
pub(super) struct Args {
    /// Output format: `text` (the default: ok and note lines), `json`
    /// (documents, speakers with roles and reasons, cases, problems; see
    /// docs/FORMATS.md), or `table`, `md` and `csv` (every document's
    /// speakers).
    #[arg(long, short, value_enum, value_name = "FORMAT", default_value = "text")]
    format: CheckFormat,
}

/// `check --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CheckFormat {
    /// `ok:` and `note:` lines.
    Text,
    /// One JSON object (schema in docs/FORMATS.md).
    Json,
    /// A table of every document's speakers.
    Table,
    /// The speakers table in Markdown.
    Md,
    /// The speakers table as CSV.
    Csv,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let project = session.discover()?;
    let mut report = crate::check::run(&project);
    // Named tables are checked as their verbs check their arguments.
    let before = report.errors.len();
    for def in &project.tables {
        if let Err(e) = super::table::Verb::parse(def) {
            report.errors.push(e);
        }
    }
    if !project.tables.is_empty() && report.errors.len() == before {
        report.passed.push(crate::natural::count(
            project.tables.len(),
            "table definition",
        ));
    }
    let format = match args.format {
        CheckFormat::Text => None,
        CheckFormat::Json => {
            // Rendered whole, then redacted as all output (a replacement
            // holds no quote or backslash, so the JSON stays valid).
            let mut json = Vec::new();
            crate::check::json::json(&report, &mut json).map_err(|e| write_error(&e))?;
            let json = String::from_utf8_lossy(&json);
            out.write_all(ui.redact(&json).as_bytes())
                .map_err(|e| write_error(&e))?;
            None
        }
        CheckFormat::Table => Some(Format::Table),
        CheckFormat::Md => Some(Format::Markdown),
        CheckFormat::Csv => Some(Format::Csv),
    };
    if let Some(format) = format {
        let opts = session.render_options();
        let table = crate::check::speakers_table(&report);
        let redactor = crate::redact::Redactor::for_project(&project);
        crate::render::table(&table, &redactor, format, &opts, &mut *out)?;
    }
    // Notes name files, cases and attribute values: redacted as all output.
    let mut w = |s: String| super::common::write_line(out, &ui.redact(&s));
    // --quiet: only the problems.
    if !ui.quiet() && args.format == CheckFormat::Text {
        for line in &report.passed {
            w(format!("ok: {line}"))?;
        }
        for note in &report.notes {
            w(format!("note: {note}"))?;
        }
    }
    for err in &report.errors {
        ui.error(err);
    }
    if report.errors.is_empty() {
        // The one line `--quiet` keeps: what was checked, and that it passed.
        if args.format == CheckFormat::Text {
            w(summary(&report, ui.quiet()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let n = report.errors.len();
    Err(Error::invalid(format!(
        "{n} problem{} to fix",
        if n == 1 { "" } else { "s" }
    )))
}

/// `passed: 12 transcripts, 12 cases; no problems (22 notes)`.
fn summary(report: &crate::check::Report, quiet: bool) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let notes = match report.notes.len() {
        0 => String::new(),
        n if quiet => format!(" ({}; without --quiet they are listed)", plural(n, "note")),
        n => format!(" ({} above)", plural(n, "note")),
    };
    format!(
        "passed: {}, {}; no problems{notes}",
        plural(report.documents.len(), "transcript"),
        plural(report.cases.len(), "case"),
    )
}
