//! `qualcode check`: validate the project and report every problem.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::common::write_error;
use super::ui::Ui;
use crate::project::Project;
use crate::{Error, Result};

/// Validate the config, codebooks, transcripts and coders' files.
///
/// Validate the config, every codebook (each code's examples must be matched
/// by its own patterns, and none of its counterexamples; ids unique across
/// codebooks), every transcript
/// (speakers, cases, attributes) and coders' files. Lists what it found;
/// exits 2 if anything must be fixed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  qualcode check\n  qualcode --project examples/kent check\n  qualcode check --quiet    only the problems, no notes"
)]
pub(super) struct Args {}

pub(super) fn run(
    _args: &Args,
    project: Option<&Path>,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let project = Project::discover(project)?;
    let report = crate::check::run(&project);
    let mut w = |s: String| writeln!(out, "{s}").map_err(|e| write_error(&e));
    // --quiet: only the problems.
    if !ui.quiet() {
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
        return Ok(ExitCode::SUCCESS);
    }
    let n = report.errors.len();
    Err(Error::invalid(format!(
        "{n} problem{} to fix",
        if n == 1 { "" } else { "s" }
    )))
}
