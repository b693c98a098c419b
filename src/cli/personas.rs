//! `qualcode personas`: each case's persona(s) with the evidence, or
//! persona × group counts.

use std::io::Write;
use std::process::ExitCode;

use super::common::Session;
use super::common::{CaseArgs, LayoutArgs, OutputArgs, SuppressArgs};
use super::ui::Ui;
use crate::codebook::CodeSet;
use crate::persona::PersonaSet;
use crate::project::Project;
use crate::table::{PersonaOptions, Table};
use crate::{Result, coding, persona, table};

const EXAMPLES: &str = "\
Examples:
  qualcode personas                          each case, its persona(s) and the evidence
  qualcode personas --by cohort              persona x cohort counts with each cohort's n
  qualcode personas --where site=Porirua -f md
  qualcode --project examples/ics personas --by cohort -f csv
  qualcode personas --by site --suppress-below 3

The rules live in the file named by `personas:` in qualcode.yaml (see
codebooks/personas.yaml). A `persona` column in cases.csv (ids or labels,
several separated by ';', or Unclassified) overrides the rules for that case.";

/// Classify each case by persona, and count personas by group.
///
/// Classify each case by persona: a persona applies if any of its rules
/// holds over the case's codes (a code id counts if it or any code below it
/// was coded) and attributes. Lists every case — `Unclassified` if no rule
/// holds — with the first rule that holds for each persona and the codes
/// and lines behind it. With --by, persona × group counts with each group's
/// n and a Total column; a case may have several personas.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// Count personas by this case attribute (cohort, site, …).
    #[arg(long, value_name = "ATTR")]
    by: Option<String>,
    #[command(flatten)]
    cases: CaseArgs,
    /// Leave out the indicative-only footnote (with --by).
    #[arg(long)]
    no_footnote: bool,
    /// Disclosure control (with --by): show counts from 1 to K-1 and group
    /// n's as <K [default: `suppress_below:` in qualcode.yaml; 0 turns it
    /// off].
    #[arg(long, value_name = "K", requires = "by")]
    suppress_below: Option<usize>,
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
    let suppress = SuppressArgs {
        suppress_below: args.suppress_below,
    };
    suppress.check()?;
    // First, so a missing `personas:` key is reported before slower work.
    let set = PersonaSet::load(project)?;
    let codes = CodeSet::load(project)?;
    let corpus = super::common::load_corpus(project, ui)?;
    let mut notes = set.check(&codes, &corpus.cases)?;
    let (effective, coding_notes) = coding::load(project, &corpus, &codes)?;
    notes.extend(coding_notes);
    for n in &notes {
        ui.note(n);
    }
    let opts = PersonaOptions {
        by: args.by.clone(),
        filter: args.cases.filter()?,
        footnote: !args.no_footnote,
        presentation: project.presentation.clone(),
    };
    let mut assignments = persona::assign(&set, &codes, &effective.codings, &corpus.cases)?;
    let left_out = persona::participants_only(&mut assignments, &corpus.cases, &project.roles);
    let mut t = table::personas(&set, &assignments, &corpus, &opts)?.to_table();
    t.footnotes.extend(left_out.into_iter().map(Into::into));
    suppress.apply(project, &mut t)?;
    let corner = args
        .by
        .as_deref()
        .map(|b| super::common::attribute_heading(project, b));
    args.layout.apply(t, corner)
}
