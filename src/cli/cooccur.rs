//! `qualcode cooccur`: code × code co-occurrence within cases or segments.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::Session;
use super::common::{CaseArgs, LayoutArgs, OutputArgs, SuppressArgs};
use super::ui::Ui;
use crate::project::Project;
use crate::table::{CooccurOptions, Measure, Table, Within};
use crate::{Result, table};

const EXAMPLES: &str = "\
Examples:
  qualcode cooccur --codebook motivators
  qualcode cooccur --code barriers.ics --within segment --leaves
  qualcode cooccur --codebook motivators --measure jaccard --format md
  qualcode cooccur --codebook motivators --suppress-below 3";

/// Which codes go together: a code × code table of cases or segments.
///
/// Which codes go together: a code × code table whose cells count the cases (or
/// segments) that have both codes, or give the Jaccard index (both as a % of
/// either).
///
/// The diagonal counts the cases (or segments) with the code. Uses the
/// effective codings (auto and manual). A parent code has a case if any code
/// below it applies, as in freq; --leaves keeps only the codes without
/// children. Cases whose role the codes do not apply to (`applies_to:`)
/// are left out, with a note, as in freq.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// Rows and columns: every code of this codebook.
    #[arg(
        long,
        value_name = "NAME",
        required_unless_present = "code",
        conflicts_with = "code"
    )]
    codebook: Option<String>,
    /// Rows and columns: the codes below this code id.
    #[arg(long, value_name = "ID")]
    code: Option<String>,
    /// The unit two codes must share.
    #[arg(long, value_enum, default_value_t = WithinArg::Case)]
    within: WithinArg,
    /// What each cell shows.
    #[arg(long, value_enum, default_value_t = MeasureArg::Count)]
    measure: MeasureArg,
    /// Only codes without children.
    #[arg(long)]
    leaves: bool,
    #[command(flatten)]
    cases: CaseArgs,
    /// Leave out the indicative-only footnote.
    #[arg(long)]
    no_footnote: bool,
    #[command(flatten)]
    pub(super) suppress: SuppressArgs,
    #[command(flatten)]
    pub(super) output: OutputArgs,
    #[command(flatten)]
    pub(super) layout: LayoutArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum WithinArg {
    /// The same participant, anywhere in their speech.
    Case,
    /// The same turn.
    Segment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MeasureArg {
    /// Cases (or segments) with both codes.
    Count,
    /// With both as a percentage of with either.
    Jaccard,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    args.suppress.check()?;
    let project = session.discover()?;
    let t = table(args, &project, ui)?;
    super::common::render_table(session, &project, &t, &args.output, out)?;
    Ok(ExitCode::SUCCESS)
}

/// The laid-out table `args` ask for.
pub(super) fn table(args: &Args, project: &Project, ui: &Ui) -> Result<Table> {
    let coded = super::common::load_coded(project, ui)?;
    let opts = CooccurOptions {
        scope: args
            .codebook
            .clone()
            .or_else(|| args.code.clone())
            .unwrap_or_default(),
        within: match args.within {
            WithinArg::Case => Within::Case,
            WithinArg::Segment => Within::Segment,
        },
        measure: match args.measure {
            MeasureArg::Count => Measure::Count,
            MeasureArg::Jaccard => Measure::Jaccard,
        },
        leaves: args.leaves,
        filter: args.cases.filter()?,
        footnote: !args.no_footnote,
        roles: project.roles.clone(),
    };
    let mut t =
        table::cooccur(&coded.effective.codings, &coded.corpus, &coded.codes, &opts)?.to_table();
    args.suppress.apply(project, &mut t)?;
    args.layout.apply(t, None)
}
