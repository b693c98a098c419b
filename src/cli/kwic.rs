//! `qualcode kwic`: keyword in context over participant speech.

use std::io::Write;
use std::process::ExitCode;

use super::common::Session;
use super::common::{CaseArgs, OutputArgs};
use super::ui::Ui;
use crate::codebook::CodeSet;
use crate::quote::kwic::{self, KwicOptions, KwicQuery};
use crate::quote::uncoded::UncodedOptions;
use crate::redact::Redactor;
use crate::{Result, render};

const EXAMPLES: &str = "\
Examples:
  qualcode kwic money
  qualcode kwic 'pay* my bills' --width 5 --attrs site,cohort
  qualcode kwic 're:£\\s?\\d+' --where cohort=EB --format md
  qualcode kwic --code motivators.extrinsic.finance --hide-negated
  qualcode kwic --uncoded --codebook motivators --attrs site

PATTERN is written as in a codebook: whole words or a phrase, ignoring case,
diacritics, apostrophe styles and hyphens, `*` ending a word (pay* = pay,
pays, paying); `re:` then a regular expression (case-insensitive, on the
original text). The match is highlighted on a terminal unless NO_COLOR is set.

--uncoded lists instead the participant segments no code (of --codebook, else
of any codebook) touched, longest first, each shortened to 2×width+1 words.
See docs/VALIDATION.md.";

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
        required_unless_present_any = ["code", "uncoded"],
        conflicts_with_all = ["code", "uncoded"]
    )]
    pattern: Option<String>,
    /// The participant segments no code touched, longest first, instead
    /// of a pattern's hits.
    #[arg(long, conflicts_with = "code")]
    uncoded: bool,
    /// With --uncoded: only this codebook's codes count as touching.
    #[arg(long, value_name = "NAME", requires = "uncoded")]
    codebook: Option<String>,
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
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    if args.uncoded {
        return uncoded(args, session, ui, out);
    }
    let query = match (&args.pattern, &args.code) {
        (_, Some(code)) => KwicQuery::Code(code.clone()),
        (Some(p), None) => KwicQuery::Pattern(p.clone()),
        (None, None) => unreachable!("clap requires PATTERN, --code or --uncoded"),
    };
    if let KwicQuery::Pattern(p) = &query {
        // A bad pattern is reported before any file is read.
        kwic::parse_pattern(p)?;
    }
    let project = session.discover()?;
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
    args.output.write(session, out, |format, opts, out| {
        render::table(&t, &redactor, format, &opts, out)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `kwic --uncoded`: the segments no code touched, with the case's attributes.
fn uncoded(args: &Args, session: &Session, ui: &Ui, out: &mut dyn Write) -> Result<ExitCode> {
    let (project, coded) = super::common::open_coded(session, ui)?;
    let attrs = match &args.attrs {
        Some(a) => a.iter().filter(|s| !s.is_empty()).cloned().collect(),
        None => coded
            .corpus
            .cases
            .attribute_names()
            .into_iter()
            .filter(|a| a != "id")
            .collect(),
    };
    let opts = UncodedOptions {
        codebook: args.codebook.clone(),
        filter: args.cases.filter()?,
        max_words: 2 * args.width + 1,
        limit: None,
        attribution: None,
        attrs,
    };
    let redactor = Redactor::for_project(&project);
    let t = crate::quote::uncoded::uncoded(
        &project,
        &coded.corpus,
        &coded.effective.codings,
        &coded.codes,
        &redactor,
        &opts,
    )?;
    super::common::render_table(session, &project, &t, &args.output, out)?;
    Ok(ExitCode::SUCCESS)
}
