//! `qualcode agree`: agreement between two coders, or between auto-coding
//! and a coder, per code.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::Session;
use super::common::{CaseArgs, LayoutArgs, OutputArgs};
use super::ui::Ui;
use crate::Result;
use crate::agree::{self, AgreeOptions, AgreeUnit};
use crate::project::Project;
use crate::redact::Redactor;

const EXAMPLES: &str = "\
Examples:
  qualcode agree --coders ana,ben
  qualcode agree --coders auto,ana --codebook motivators
  qualcode agree --coders ana,ben --unit case --format md
  qualcode agree --coders ana,ben --disagreements

The sample: for two coders, the participant segments of the transcripts in
which both have at least one row in codings/<coder>.csv; for auto and a
coder, those of the transcripts in which the coder has at least one row.
A coder coded a segment with a code if they added or accepted it there;
their rejects and whatever they left unmarked count as not coded. A parent
code counts a segment (or case) if it or any code below it applies.

Kappa (Cohen) and alpha (Krippendorff, nominal) are 1 for perfect agreement
and about 0 for agreement no better than chance; 'undefined' means a
division by zero, as for a code neither coder used in the sample.";

/// `--unit` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum UnitArg {
    /// Each participant segment (turn) is one unit.
    Segment,
    /// Each case is one unit: coded if any of its segments is.
    Case,
}

/// Agreement between two coders, or of auto-coding against a coder.
///
/// Agreement per code between two coders (percent agreement, Cohen's
/// kappa, Krippendorff's alpha), or of auto-coding against a coder (with
/// precision, recall and F1), over the units both looked at, with pooled
/// and mean overall figures. Cases whose role the compared codes do not
/// apply to (`applies_to:`) are left out of the sample, with a note.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The two coders, by file name in codings/ (ana for codings/ana.csv),
    /// or auto for the auto codings.
    #[arg(long, value_name = "A,B", value_delimiter = ',', required = true)]
    coders: Vec<String>,
    /// The unit of agreement.
    #[arg(long, value_enum, default_value = "segment")]
    unit: UnitArg,
    /// Only the codes of this codebook.
    #[arg(long, value_name = "NAME")]
    codebook: Option<String>,
    /// Only this code and the codes below it.
    #[arg(long, value_name = "ID")]
    code: Option<String>,
    #[command(flatten)]
    cases: CaseArgs,
    /// List each disagreement (place, case, code, who coded it, the
    /// segment's text, redacted) instead of the statistics.
    #[arg(long)]
    disagreements: bool,
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
pub(super) fn table(args: &Args, project: &Project, ui: &Ui) -> Result<crate::table::Table> {
    let codes = crate::codebook::CodeSet::load(project)?;
    let corpus = super::common::load_corpus(project, ui)?;
    let names: Vec<String> = args.coders.iter().map(|c| c.trim().to_owned()).collect();
    let (coders, notes) = agree::load_coders(project, &corpus, &codes, &names)?;
    for n in &notes {
        ui.note(n);
    }
    let opts = AgreeOptions {
        unit: match args.unit {
            UnitArg::Segment => AgreeUnit::Segment,
            UnitArg::Case => AgreeUnit::Case,
        },
        codebook: args.codebook.clone(),
        code: args.code.clone(),
        filter: args.cases.filter()?,
        roles: project.roles.clone(),
    };
    let t = if args.disagreements {
        let redactor = Redactor::for_project(project);
        agree::disagreements(project, &coders, &corpus, &codes, &redactor, &opts)?
    } else {
        agree::agreement(&coders, &corpus, &codes, &opts)?.to_table()
    };
    args.layout.apply(t, None)
}
