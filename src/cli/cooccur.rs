//! `qualcode cooccur`: code × code co-occurrence within cases or segments.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::{CaseArgs, OutputArgs};
use super::ui::Ui;
use crate::table::{CooccurOptions, Measure, Within};
use crate::{Result, table};

const EXAMPLES: &str = "\
Examples:
  qualcode cooccur --codebook motivators
  qualcode cooccur --code barriers.ics --within segment --leaves
  qualcode cooccur --codebook motivators --measure jaccard --format md";

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
    output: OutputArgs,
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
    project: Option<&Path>,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let (project, coded) = super::common::open_coded(project, ui)?;
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
    let t = table::cooccur(&coded.effective.codings, &coded.corpus, &coded.codes, &opts)?;
    super::common::render_table(&project, &t, &args.output, out)?;
    Ok(ExitCode::SUCCESS)
}
