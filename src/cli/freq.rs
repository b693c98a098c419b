//! `qualcode freq`: case-level frequency tables and cross-tabs.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::Session;
use super::common::{CaseArgs, LayoutArgs, OutputArgs, SuppressArgs, UnitArg};
use super::ui::Ui;
use crate::table::{FreqOptions, SortOrder, Table};
use crate::{Result, table};

const EXAMPLES: &str = "\
Examples:
  qualcode freq --codebook motivators
  qualcode freq --code motivators.intrinsic --format md
  qualcode freq --codebook recruitment --by site
  qualcode freq --codebook motivators --where cohort=EB --unit segment
  qualcode freq --codebook recruitment --by site -f docx > table3.docx
  qualcode freq --codebook recruitment --by site --suppress-below 3
  qualcode freq --codebook recruitment --by site -o table3.xlsx
  qualcode freq --codebook recruitment --by site -o table3.csv      (with a BOM, for Excel)
  qualcode freq --codebook service --by site -o t.docx --landscape --show-source
  qualcode freq --codebook motivators --validity ana
  qualcode freq --codebook recruitment --by site --percent     with each site's %
  qualcode freq --codebook recruitment --by site --transpose   sites as rows, a Total row
  qualcode freq --code motivators.intrinsic --columns 'code=Factor,n=Frequency (n),mentioned_by'

--validity NAME adds each code's precision and recall of auto-coding with
95% CIs, measured on NAME's blind coding of a validation sample (`qualcode
sample`, `qualcode review --sample`; see docs/VALIDATION.md).";

/// How many cases mention each code: code | cases (n) | % | mentioned by.
///
/// A case counts once however often it mentions a code; a parent code counts a
/// case if any code below it applies. With --by, a cross-tab with each group's
/// n (all its cases, coded or not) and a Total column.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// Rows: every code of this codebook.
    #[arg(
        long,
        value_name = "NAME",
        required_unless_present = "code",
        conflicts_with = "code"
    )]
    codebook: Option<String>,
    /// Rows: the codes below this code id.
    #[arg(long, value_name = "ID")]
    code: Option<String>,
    /// Cross-tab by this case attribute (site, cohort, …).
    #[arg(long, value_name = "ATTR")]
    by: Option<String>,
    #[command(flatten)]
    cases: CaseArgs,
    /// What counts once [default: the project's unit, else case].
    #[arg(long, value_enum)]
    unit: Option<UnitArg>,
    /// With --by: a % column after each group's count, of that group's n
    /// (and after the total, of all cases).
    #[arg(long, requires = "by")]
    percent: bool,
    /// Row order among siblings.
    #[arg(long, value_enum, default_value_t = SortArg::Count)]
    sort: SortArg,
    /// Leave out the standard notes: the indicative-only caveat, the count
    /// of segments no code touched and whose decisions were counted (for a
    /// published table that carries its own footnote).
    #[arg(long)]
    no_footnote: bool,
    #[command(flatten)]
    suppress: SuppressArgs,
    /// Add each code's measured precision and recall (95% CI) from NAME's
    /// blind coding of a validation sample (codings/samples/NAME.csv).
    #[arg(long, value_name = "NAME")]
    validity: Option<String>,
    #[command(flatten)]
    pub(super) output: OutputArgs,
    #[command(flatten)]
    pub(super) layout: LayoutArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SortArg {
    /// Most frequent first, ties in codebook order.
    Count,
    /// Codebook order.
    Codebook,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let project = session.discover()?;
    check(args, &project)?;
    let coded = super::common::load_coded(&project, ui)?;
    let t = table_of(args, &project, &coded)?;
    super::common::render_table(session, &project, &t, &args.output, out)?;
    coded.leave_to_exit();
    Ok(ExitCode::SUCCESS)
}

/// The laid-out table `args` ask for.
pub(super) fn table(args: &Args, project: &crate::project::Project, ui: &Ui) -> Result<Table> {
    check(args, project)?;
    let coded = super::common::load_coded(project, ui)?;
    table_of(args, project, &coded)
}

/// What is checked of `args` before any work.
fn check(args: &Args, project: &crate::project::Project) -> Result<()> {
    args.suppress.check()?;
    if let Some(coder) = &args.validity {
        crate::sample::require(project, coder, &format!("--validity {coder}: "))?;
    }
    Ok(())
}

/// [`table`] of the codings already loaded.
fn table_of(
    args: &Args,
    project: &crate::project::Project,
    coded: &super::common::Coded,
) -> Result<Table> {
    let opts = FreqOptions {
        scope: args
            .codebook
            .clone()
            .or_else(|| args.code.clone())
            .unwrap_or_default(),
        unit: args.unit.map_or(project.unit, Into::into),
        by: args.by.clone(),
        filter: args.cases.filter()?,
        sort: if args.sort == SortArg::Count {
            SortOrder::Count
        } else {
            SortOrder::Codebook
        },
        footnote: !args.no_footnote,
        roles: project.roles.clone(),
        presentation: project.presentation.clone(),
        group_percent: args.percent,
    };
    let mut t = table::freq(&coded.effective.codings, &coded.corpus, &coded.codes, &opts)?;
    if !args.no_footnote {
        t.footnotes
            .extend(coded.effective.counted.describe().map(Into::into));
    }
    args.suppress.apply(project, &mut t)?;
    if let Some(coder) = &args.validity {
        let v = crate::agree::validity::measure(project, &coded.corpus, &coded.codes, coder)?;
        crate::agree::validity::annotate(&mut t, &v);
    }
    let corner = args
        .by
        .as_deref()
        .map(|b| super::common::attribute_heading(project, b));
    args.layout.apply(t, corner)
}
