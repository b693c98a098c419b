//! `qualcode kwic`: keyword in context over participant speech.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::common::{CaseArgs, OutputArgs};
use super::ui::Ui;
use crate::codebook::CodeSet;
use crate::project::Project;
use crate::quote::kwic::{self, KwicOptions, KwicQuery};
use crate::redact::Redactor;
use crate::{Result, render};

const EXAMPLES: &str = "\
Examples:
  qualcode kwic money
  qualcode kwic 'pay* my bills' --width 5 --attrs site,cohort
  qualcode kwic 're:£\\s?\\d+' --where cohort=EB --format md
  qualcode kwic --code motivators.extrinsic.finance --hide-negated

PATTERN is written as in a codebook: whole words or a phrase, ignoring case,
diacritics, apostrophe styles and hyphens, `*` ending a word (pay* = pay,
pays, paying); `re:` then a regular expression (case-insensitive, on the
original text). The match is highlighted on a terminal unless NO_COLOR is set.";

/// Keyword in context: a pattern's or a code's hits with the words around them.
///
/// Keyword in context: every place PATTERN (or the patterns of --code and
/// the codes below it) matches in participant speech — the turns
/// auto-coding reads — with document:line, case, case attributes and a few
/// words either side, in document and line order. Names on the redaction
/// list are replaced. Negated hits ("not bored"), which auto-coding does
/// not code, are shown and marked `negated`; --hide-negated leaves them
/// out. Hits that a code's `mood:` or `tense:` guard keeps auto-coding
/// from coding are shown with a Guard column saying why (`hypothetical`,
/// `marked past`, `marked present`). Hits inside a code's `not` patterns
/// are left out.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The pattern: a phrase (`*` may end a word) or `re:REGEX`.
    #[arg(
        value_name = "PATTERN",
        required_unless_present = "code",
        conflicts_with = "code"
    )]
    pattern: Option<String>,
    /// Show the hits of this code's patterns and of the codes below it (a
    /// codebook name: all its codes).
    #[arg(long, value_name = "ID")]
    code: Option<String>,
    /// Words of context either side of the match.
    #[arg(long, short, value_name = "N", default_value_t = 8)]
    width: usize,
    /// Case attributes to show, comma-separated [default: all; '' for none].
    #[arg(long, value_name = "ATTR,…", value_delimiter = ',')]
    attrs: Option<Vec<String>>,
    #[command(flatten)]
    cases: CaseArgs,
    /// Negation window of PATTERN in words, as a codebook's `negation:`
    /// (0: off). With --code, each code's own window applies.
    #[arg(long, value_name = "N", default_value_t = 3, conflicts_with = "code")]
    negation: usize,
    /// Leave out negated hits instead of marking them.
    #[arg(long)]
    hide_negated: bool,
    /// Search interviewer turns too (shown with their label as the case;
    /// left out with --where, as they belong to no case).
    #[arg(long)]
    all_speakers: bool,
    #[command(flatten)]
    output: OutputArgs,
}

pub(super) fn run(
    args: &Args,
    project: Option<&Path>,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let query = match (&args.pattern, &args.code) {
        (_, Some(code)) => KwicQuery::Code(code.clone()),
        (Some(p), None) => KwicQuery::Pattern(p.clone()),
        (None, None) => unreachable!("clap requires PATTERN or --code"),
    };
    if let KwicQuery::Pattern(p) = &query {
        // A bad pattern is reported before any file is read.
        kwic::parse_pattern(p)?;
    }
    let project = Project::discover(project)?;
    let codes = CodeSet::load(&project)?;
    let corpus = super::common::load_corpus(&project, ui)?;
    let opts = KwicOptions {
        query,
        width: args.width,
        attrs: args
            .attrs
            .as_ref()
            .map(|a| a.iter().filter(|s| !s.is_empty()).cloned().collect()),
        filter: args.cases.filter()?,
        negation: args.negation,
        hide_negated: args.hide_negated,
        all_speakers: args.all_speakers,
    };
    let redactor = Redactor::for_project(&project);
    let t = kwic::kwic(&project, &corpus, &codes, &redactor, &opts)?;
    args.output.write(out, |format, opts, out| {
        render::table(&t, &redactor, format, &opts, out)
    })?;
    Ok(ExitCode::SUCCESS)
}
