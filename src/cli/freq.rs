//! `qualcode freq`: case-level frequency tables and cross-tabs.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::{CaseArgs, OutputArgs, SuppressArgs, UnitArg};
use super::ui::Ui;
use crate::table::{FreqOptions, SortOrder};
use crate::{Result, table};

const EXAMPLES: &str = "\
Examples:
  qualcode freq --codebook motivators
  qualcode freq --code motivators.intrinsic --format md
  qualcode freq --codebook recruitment --by site
  qualcode freq --codebook motivators --where cohort=EB --unit segment
  qualcode freq --codebook recruitment --by site -f docx > table3.docx
  qualcode freq --codebook recruitment --by site -o table3.xlsx
  qualcode freq --codebook recruitment --by site -o table3.csv      (with a BOM, for Excel)
  qualcode freq --codebook service --by site -o t.docx --landscape --show-source
  qualcode freq --codebook recruitment --by site --suppress-below 3";

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
    /// Row order among siblings.
    #[arg(long, value_enum, default_value_t = SortArg::Count)]
    sort: SortArg,
    /// Leave out the indicative-only footnote.
    #[arg(long)]
    no_footnote: bool,
    #[command(flatten)]
    suppress: SuppressArgs,
    #[command(flatten)]
    output: OutputArgs,
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
    project: Option<&Path>,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    args.suppress.threshold()?;
    let (project, coded) = super::common::open_coded(project, ui)?;
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
    };
    let mut t = table::freq(&coded.effective.codings, &coded.corpus, &coded.codes, &opts)?;
    args.suppress.apply(&mut t)?;
    super::common::render_table(&project, &t, &args.output, out)?;
    Ok(ExitCode::SUCCESS)
}
