//! `qualcode codings add|reject|accept|undo|list`: a coder's decisions
//! recorded one at a time in `codings/<coder>.csv`, and the codings listed.

use std::io::Write;
use std::process::ExitCode;

use super::common::Session;
use super::common::{CaseArgs, OutputArgs};
use super::ui::Ui;
use crate::coding::Source;
use crate::coding::list::{self, ListOptions};
use crate::coding::manual::{self, Decision};
use crate::coding::store::Action;
use crate::project::Project;
use crate::{Result, render};

const EXAMPLES: &str = "\
Examples:
  qualcode codings reject --coder ana --document transcripts/F1.txt --line 6 \\
      --code motivators.extrinsic.finance
  qualcode codings add --coder ana --document transcripts/F1.txt --line 8 \\
      --code motivators.extrinsic.family --memo 'her kids'
  qualcode codings undo --coder ana
  qualcode codings list --coder ana
  qualcode codings list --code motivators --where cohort=EB --source manual --format csv

A coder's decisions go to codings/<coder>.csv, one row each, written at once
and atomically; `qualcode code` never touches these files. `qualcode review`
makes the same decisions at an interactive terminal.";

/// Record a coder's decisions about codings, or list codings.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Code a participant turn with a code the auto coding did not give it.
    Add(DecideArgs),
    /// Remove an auto coding from a participant turn.
    Reject(DecideArgs),
    /// Confirm an auto coding (it stays; the row records that it was checked).
    Accept(DecideArgs),
    /// Take back a coder's last decision (the last row of their file).
    Undo(UndoArgs),
    /// List the effective codings (auto and coders' merged), or one coder's rows.
    List(ListArgs),
    /// Settle where coders disagree: each conflict's decision goes to the
    /// adjudicator's file.
    ///
    /// Walks the turns where the coders decided differently on a code (one
    /// accepts or adds it, another rejects it), showing the turn and each
    /// coder's decision, and writes the answer to codings/<AS>.csv at once
    /// (accept or reject of an auto coding, add of another), atomically
    /// under the coder-file lock. Conflicts already decided there are not
    /// asked again. List the adjudicator last under `final:` in
    /// qualcode.yaml so these decisions win (docs/CODERS.md).
    Adjudicate(super::adjudicate::Args),
}

#[derive(Debug, clap::Args)]
struct DecideArgs {
    /// The coder: their decisions go to codings/NAME.csv.
    #[arg(long, value_name = "NAME")]
    coder: String,
    /// The transcript, as the project names it (transcripts/F1.txt).
    #[arg(long, value_name = "PATH")]
    document: String,
    /// Any line of the participant turn.
    #[arg(long, value_name = "N")]
    line: usize,
    /// The code id.
    #[arg(long, value_name = "ID")]
    code: String,
    /// A note kept with the decision.
    #[arg(long, value_name = "TEXT", default_value = "")]
    memo: String,
}

#[derive(Debug, clap::Args)]
struct UndoArgs {
    /// The coder whose last row is removed.
    #[arg(long, value_name = "NAME")]
    coder: String,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// List this coder's rows (their file, in order) instead of the effective codings.
    #[arg(long, value_name = "NAME", conflicts_with = "source")]
    coder: Option<String>,
    /// Only this code and the codes below it (a code id or codebook name).
    #[arg(long, value_name = "PREFIX")]
    code: Option<String>,
    /// Only this transcript.
    #[arg(long, value_name = "PATH")]
    document: Option<String>,
    /// Only auto codings, or only coders' adds.
    #[arg(long, value_enum)]
    source: Option<SourceArg>,
    #[command(flatten)]
    cases: CaseArgs,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SourceArg {
    Auto,
    Manual,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let project = session.discover()?;
    let line = match &args.command {
        Command::Add(a) => decide(&project, a, Action::Add, ui)?,
        Command::Reject(a) => decide(&project, a, Action::Reject, ui)?,
        Command::Accept(a) => decide(&project, a, Action::Accept, ui)?,
        Command::Undo(a) => manual::undo(&project, &a.coder)?,
        Command::List(a) => return list(session, &project, a, ui, out),
        Command::Adjudicate(a) => return super::adjudicate::run(&project, a, ui, out),
    };
    // The line names the file and case: redacted, as all output.
    super::common::write_line(out, &ui.redact(&line))?;
    Ok(ExitCode::SUCCESS)
}

/// Record one decision; the line saying what was written.
fn decide(project: &Project, args: &DecideArgs, action: Action, ui: &Ui) -> Result<String> {
    let decision = Decision {
        document: project.document_name(&args.document),
        line: args.line,
        code: args.code.clone(),
        action,
        memo: args.memo.clone(),
    };
    let recorded = manual::record(project, &args.coder, &decision)?;
    for n in &recorded.notes {
        ui.note(n);
    }
    Ok(recorded.summary)
}

fn list(
    session: &Session,
    project: &Project,
    args: &ListArgs,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let super::common::Coded {
        codes,
        corpus,
        effective,
    } = super::common::load_coded(project, ui)?;
    let opts = ListOptions {
        code: args.code.clone(),
        document: args.document.as_deref().map(|d| project.document_name(d)),
        source: args.source.map(|s| match s {
            SourceArg::Auto => Source::Auto,
            SourceArg::Manual => Source::Manual,
        }),
        filter: args.cases.filter()?,
    };
    let table = if let Some(coder) = &args.coder {
        let rows = manual::read_existing_coder(project, coder)?;
        list::coder(coder, &rows, &corpus, &codes, &opts)?
    } else {
        list::effective(&effective.codings, &corpus, &codes, &opts)?
    };
    let redactor = crate::redact::Redactor::for_project(project);
    args.output.write(session, out, |format, opts, out| {
        render::table(&table, &redactor, format, &opts, out)
    })?;
    Ok(ExitCode::SUCCESS)
}
