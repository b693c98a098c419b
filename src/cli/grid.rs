//! `qualcode grid`: the positive / negative grid of a service-evaluation
//! codebook, per group of cases.

use std::io::Write;
use std::process::ExitCode;

use super::common::Session;
use super::common::{CaseArgs, LayoutArgs, OutputArgs, SuppressArgs};
use super::ui::Ui;
use crate::project::Project;
use crate::table::{GridOptions, Table};
use crate::{Result, table};

const EXAMPLES: &str = "\
Examples:
  qualcode grid --codebook service --by site
  qualcode grid --codebook service --by site --counts --format md
  qualcode grid --codebook service --where cohort=EB
  qualcode grid --codebook service --by site --counts --suppress-below 3

The codebook's ids must be shaped <codebook>.<head>.<polarity>.<theme>, with
polarity positive or negative (service.personnel.positive.skilled).";

/// The positive / negative grid of a service-evaluation codebook.
///
/// The positive / negative grid: per group of cases, rows for the
/// codebook's heads (personnel, activities, other) by columns Positive and
/// Negative, each cell listing the themes that at least one case of the
/// group mentions. A theme counts a case if it or any code below it applies;
/// top-level codes with no positive or negative child are left out. Each
/// group's n counts all its cases, coded or not, except cases whose role
/// the codebook does not apply to (`applies_to:`), left out with a note.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The codebook whose heads are the rows.
    #[arg(long, value_name = "NAME")]
    codebook: String,
    /// One grid per value of this case attribute (site, cohort, …); without
    /// it, one grid over all cases.
    #[arg(long, value_name = "ATTR")]
    by: Option<String>,
    #[command(flatten)]
    cases: CaseArgs,
    /// Follow each theme with the number of cases that mention it.
    #[arg(long)]
    counts: bool,
    /// Leave out the indicative-only footnote.
    #[arg(long)]
    no_footnote: bool,
    #[command(flatten)]
    suppress: SuppressArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
    #[command(flatten)]
    pub(super) layout: LayoutArgs,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let project = session.discover()?;
    let t = table(args, &project, ui)?;
    super::common::render_table(session, &project, &t, &args.output, out)?;
    Ok(ExitCode::SUCCESS)
}

/// The laid-out table `args` ask for.
pub(super) fn table(args: &Args, project: &Project, ui: &Ui) -> Result<Table> {
    args.suppress.check()?;
    let suppress = args.suppress.threshold(project)?;
    let coded = super::common::load_coded(project, ui)?;
    let opts = GridOptions {
        codebook: args.codebook.clone(),
        by: args.by.clone(),
        filter: args.cases.filter()?,
        counts: args.counts,
        footnote: !args.no_footnote,
        suppress,
        roles: project.roles.clone(),
        presentation: project.presentation.clone(),
    };
    let t = table::grid(&coded.effective.codings, &coded.corpus, &coded.codes, &opts)?.to_table();
    let corner = args
        .by
        .as_deref()
        .map(|b| super::common::attribute_heading(project, b));
    args.layout.apply(t, corner)
}
