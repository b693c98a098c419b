//! `qualcode quotes`: attributed, redacted quote extracts for a code.

use std::io::Write;
use std::process::ExitCode;

use super::common::Session;
use super::common::{CaseArgs, LayoutArgs, OutputArgs};
use super::ui::Ui;
use crate::Result;
use crate::quote::uncoded::{UncodedOptions, uncoded};
use crate::quote::{self, QuoteOptions};
use crate::redact::Redactor;

const EXAMPLES: &str = "\
Examples:
  qualcode quotes --code motivators.extrinsic.finance --by cohort --max-words 60
  qualcode quotes --code outcomes --attribution cohort --limit 2 --format md
  qualcode quotes --code barriers.housing --attribution 'Participant {id} ({site}).'
  qualcode quotes --code outcomes --by cohort --limit 3 -f docx > quotes.docx
  qualcode quotes --uncoded --codebook motivators --limit 20 --max-words 40

--uncoded lists the participant segments that no code (of --codebook, else
of any codebook) touched in the effective codings, longest first: where the
patterns may be missing. See docs/VALIDATION.md.";

/// Quotes for a code, grouped by a case attribute and attributed.
///
/// Quotes for a code (and the codes below it): the coded segments, grouped
/// by a case attribute, trimmed at sentence boundaries to a word limit,
/// with the project's redaction list applied and an attribution per quote.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The code id.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "uncoded",
        conflicts_with = "uncoded"
    )]
    code: Option<String>,
    /// The segments no code touched, longest first, instead of a code's.
    #[arg(long, conflicts_with = "by")]
    uncoded: bool,
    /// With --uncoded: only this codebook's codes count as touching.
    #[arg(long, value_name = "NAME", requires = "uncoded")]
    codebook: Option<String>,
    /// Group by this case attribute.
    #[arg(long, value_name = "ATTR")]
    by: Option<String>,
    #[command(flatten)]
    cases: CaseArgs,
    /// Trim each quote to about this many words (0: whole turns).
    #[arg(long, value_name = "N", default_value_t = 0)]
    max_words: usize,
    /// At most this many quotes per group (with --uncoded: in all).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// A named template from qualcode.yaml `attributions`, or a template
    /// such as '({cohort})' [default: the project's `attribution`].
    #[arg(long, value_name = "NAME|TEMPLATE")]
    attribution: Option<String>,
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

/// The laid-out table `args` ask for: quotes for a code, or (without
/// --code) the participant segments no code touched.
pub(super) fn table(
    args: &Args,
    project: &crate::project::Project,
    ui: &Ui,
) -> Result<crate::table::Table> {
    let coded = super::common::load_coded(project, ui)?;
    let attribution = match &args.attribution {
        Some(a) => project.attribution_template(a)?,
        None => project.attribution.clone(),
    };
    let redactor = Redactor::for_project(project);
    let Some(code) = &args.code else {
        let opts = UncodedOptions {
            codebook: args.codebook.clone(),
            filter: args.cases.filter()?,
            max_words: args.max_words,
            limit: args.limit,
            attribution: Some(attribution),
            attrs: Vec::new(),
        };
        let t = uncoded(
            project,
            &coded.corpus,
            &coded.effective.codings,
            &coded.codes,
            &redactor,
            &opts,
        )?;
        return args.layout.apply(t, None);
    };
    let opts = QuoteOptions {
        code: code.clone(),
        by: args.by.clone(),
        filter: args.cases.filter()?,
        max_words: args.max_words,
        limit: args.limit,
        attribution,
    };
    let t = quote::select(
        project,
        &coded.corpus,
        &coded.effective.codings,
        &coded.codes,
        &redactor,
        &opts,
    )?;
    let corner = args
        .by
        .as_deref()
        .map(|b| super::common::attribute_heading(project, b));
    args.layout.apply(t, corner)
}
