//! `qualcode quotes`: attributed, redacted quote extracts for a code.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::common::{CaseArgs, OutputArgs};
use super::ui::Ui;
use crate::quote::{self, QuoteOptions};
use crate::redact::Redactor;
use crate::{Result, render};

const EXAMPLES: &str = "\
Examples:
  qualcode quotes --code motivators.extrinsic.finance --by cohort --max-words 60
  qualcode quotes --code outcomes --attribution cohort --limit 2 --format md
  qualcode quotes --code barriers.housing --attribution 'Participant {id} ({site}).'
  qualcode quotes --code outcomes --by cohort --limit 3 -f docx > quotes.docx";

/// Quotes for a code, grouped by a case attribute and attributed.
///
/// Quotes for a code (and the codes below it): the coded segments, grouped
/// by a case attribute, trimmed at sentence boundaries to a word limit,
/// with the project's redaction list applied and an attribution per quote.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The code id.
    #[arg(long, value_name = "ID")]
    code: String,
    /// Group by this case attribute.
    #[arg(long, value_name = "ATTR")]
    by: Option<String>,
    #[command(flatten)]
    cases: CaseArgs,
    /// Trim each quote to about this many words (0: whole turns).
    #[arg(long, value_name = "N", default_value_t = 0)]
    max_words: usize,
    /// At most this many quotes per group.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// A named template from qualcode.yaml `attributions`, or a template
    /// such as '({cohort})' [default: the project's `attribution`].
    #[arg(long, value_name = "NAME|TEMPLATE")]
    attribution: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

pub(super) fn run(
    args: &Args,
    project: Option<&Path>,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let (project, coded) = super::common::open_coded(project, ui)?;
    let attribution = match &args.attribution {
        Some(a) => project.attribution_template(a)?,
        None => project.attribution.clone(),
    };
    let opts = QuoteOptions {
        code: args.code.clone(),
        by: args.by.clone(),
        filter: args.cases.filter()?,
        max_words: args.max_words,
        limit: args.limit,
        attribution,
    };
    let redactor = Redactor::for_project(&project);
    let t = quote::select(
        &project,
        &coded.corpus,
        &coded.effective.codings,
        &coded.codes,
        &redactor,
        &opts,
    )?;
    args.output.write(out, |format, mut opts, out| {
        opts.word.heading.clone_from(&project.report.title);
        render::table(&t, &redactor, format, &opts, out)
    })?;
    Ok(ExitCode::SUCCESS)
}
