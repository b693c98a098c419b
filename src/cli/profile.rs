//! `qualcode profile`: the sample-profile table of case attributes.

use std::io::Write;
use std::process::ExitCode;

use super::common::Session;
use super::common::{CaseArgs, LayoutArgs, OutputArgs, SuppressArgs};
use super::ui::Ui;
use crate::Result;
use crate::project::Project;
use crate::table::{ProfileOptions, Table, profile};

const EXAMPLES: &str = "\
Examples:
  qualcode profile
  qualcode profile --attrs gender,age_group,site,cohort --format md
  qualcode profile --where cohort=EB --suppress-below 3";

/// The sample profile: how many cases fall in each category of each attribute.
///
/// The sample profile: for each case attribute, the number and percentage
/// of cases in each category (in natural order), cases with no value as
/// "Not recorded", and the total n. A value holding ';' (`NZ Māori;
/// Pacific`) counts as several, so that block may sum past n (a footnote
/// says so). Every case is profiled whatever its role; when the project
/// gives roles (`roles:` in qualcode.yaml), a `role` block counts them.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The attributes, comma-separated, one block each [default: all, in
    /// cases.csv column order, then those only in front matter].
    #[arg(long, value_name = "ATTR,…", value_delimiter = ',')]
    attrs: Option<Vec<String>>,
    #[command(flatten)]
    cases: CaseArgs,
    /// A block per attribute: the attribute's name as a heading row, its
    /// categories indented below (the shape of a published sample profile).
    #[arg(long)]
    blocks: bool,
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
    let corpus = super::common::load_corpus(project, ui)?;
    let attrs = match &args.attrs {
        Some(list) => {
            let attrs: Vec<String> = list.iter().filter(|a| !a.is_empty()).cloned().collect();
            if attrs.is_empty() {
                return Err(crate::Error::usage(
                    "--attrs names no attribute: name one or more, as in --attrs gender,site \
                     (or leave it out for every attribute)",
                ));
            }
            attrs
        }
        None => crate::table::profile::default_attributes(project, &corpus)?,
    };
    let opts = ProfileOptions {
        attrs,
        filter: args.cases.filter()?,
        roles: project.roles.clone(),
        presentation: project.presentation.clone(),
        blocks: args.blocks,
    };
    let mut t = profile(&corpus, &opts)?.to_table();
    args.suppress.apply(project, &mut t)?;
    args.layout.apply(t, None)
}
