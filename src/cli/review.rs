//! `qualcode review`: a coder's interactive review of the auto codings at a
//! terminal, one at a time. The terminal is `cli::tui`'s; the queue and
//! every decision written are the library's (`review`).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use super::common::CaseArgs;
use super::common::Session;
use super::ui::Ui;
use crate::coding::manual;
use crate::project::Project;
use crate::review::{self, ReviewOptions};
use crate::{Error, Result};

const EXAMPLES: &str = "\
Examples:
  qualcode review --coder ana
  qualcode review --coder ana --code motivators.extrinsic --where site=Folkestone
  qualcode review --coder ana --suggestions
  qualcode review --coder ana --sample

Keys: a accept · r reject · c add another code to the turn (Tab completes) ·
s skip · u undo the last decision · q quit.

With --suggestions, the review walks codings/suggestions/<coder>.csv
(written by `qualcode suggest --from <coder>`), showing each suggestion's
score, shared words (marked in the text) and the coded segments it
resembles: a accepts it (an add of its code in codings/<coder>.csv), r
rejects it (recorded in codings/suggestions/rejected/<coder>.csv, so it is
not suggested again).

With --sample: the blind coding of the validation sample drawn by
`qualcode sample --coder NAME` (codings/samples/NAME.csv). Each sampled
segment is shown with no auto codes; c chooses a code of the sample's
codebook (again: un-chooses), x clears, Enter saves the codes chosen (none:
no code applies) to the sheet and moves on, s skips, b goes back. Then
`qualcode agree --coders auto,NAME` scores auto-coding on the segments
coded. See docs/VALIDATION.md.

Each accept, reject and add is written to codings/<coder>.csv at once, so a
quit or a crash loses nothing: the next run starts at the first auto coding
the coder has neither accepted nor rejected. Skips are not saved: a skipped
coding comes back next run. Names on the redaction list are replaced on
screen. Without a terminal use `qualcode codings add|reject|accept` and
`qualcode codings list`.";

/// Accept or reject the auto codings one by one at the terminal.
///
/// Each screen shows the turn's text with the matched words marked, and the
/// code's label, description and notes; accept or reject the coding, or
/// add another code to the turn.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The coder: decisions go to codings/NAME.csv.
    #[arg(long, value_name = "NAME")]
    coder: String,
    /// Only this code and the codes below it (a code id or codebook name).
    #[arg(long, value_name = "PREFIX")]
    code: Option<String>,
    /// Walk the coder's suggestions (from `qualcode suggest --from NAME`)
    /// instead of the auto codings.
    #[arg(long)]
    suggestions: bool,
    #[command(flatten)]
    cases: CaseArgs,
    /// Code the validation sample drawn by `qualcode sample` blind (no
    /// auto codes shown), saving to codings/samples/NAME.csv.
    #[arg(long, conflicts_with_all = ["code", "filters"])]
    sample: bool,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    _out: &mut dyn Write,
) -> Result<ExitCode> {
    manual::check_coder(&args.coder)?;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(Error::usage(
            "review needs an interactive terminal (stdin and stdout are not both one): \
             record decisions with `qualcode codings add|reject|accept` and see them with \
             `qualcode codings list`",
        ));
    }
    let project = session.discover()?;
    if args.sample {
        crate::sample::require(&project, &args.coder, "")?;
    }
    let codes = crate::codebook::CodeSet::load(&project)?;
    let corpus = super::common::load_corpus(&project, ui)?;
    if args.sample {
        return blind(&project, &corpus, &codes, &args.coder, ui);
    }
    let (auto, notes) = crate::coding::load_auto(&project, &corpus, &codes)?;
    for n in &notes {
        ui.note(n); // on stderr, seen after the review too
    }
    let opts = ReviewOptions {
        code: args.code.clone(),
        filter: args.cases.filter()?,
    };
    let mut review = if args.suggestions {
        suggestions_session(&project, &args.coder, &corpus, &codes, &auto, &opts)?
    } else {
        let items = review::items(&project, &corpus, &codes, &auto, &opts)?;
        review::Session::new(&project, &args.coder, &corpus, &codes, &auto, items)?
    };
    let redactor = crate::redact::Redactor::for_project(&project);
    let summary = super::tui::run(&mut review, &codes, &corpus, &notes, &redactor)?;
    ui.note(&summary);
    Ok(ExitCode::SUCCESS)
}

/// The review of `coder`'s suggestions file.
fn suggestions_session<'a>(
    project: &Project,
    coder: &str,
    corpus: &'a crate::ingest::Corpus,
    codes: &'a crate::codebook::CodeSet,
    auto: &'a [crate::coding::Coding],
    opts: &ReviewOptions,
) -> Result<review::Session<'a>> {
    let (path, display) = crate::suggest::store::suggestions_file(project, coder);
    if !path.is_file() {
        return Err(Error::usage(format!(
            "no {display}: `qualcode suggest --from {coder}` writes the suggestions to review"
        )));
    }
    let rows = crate::suggest::store::read_suggestions(&path, &display)?;
    let items = review::suggestion_items(project, corpus, codes, coder, &rows, &display, opts)?;
    review::Session::suggestions(project, coder, corpus, codes, auto, items)
}

/// `review --sample`: the blind coding of the coder's validation sample.
fn blind(
    project: &Project,
    corpus: &crate::ingest::Corpus,
    codes: &crate::codebook::CodeSet,
    coder: &str,
    ui: &Ui,
) -> Result<ExitCode> {
    let (_, file) = crate::sample::sheet_path(project, coder);
    let Some(sheet) = crate::sample::read(project, corpus, codes, coder)? else {
        return Err(Error::usage(format!(
            "{coder} has no validation sample ({file})"
        )));
    };
    let offered = crate::sample::offered(codes, sheet.codebook.as_deref())?;
    let mut session =
        crate::sample::blind::BlindSession::new(project, corpus, codes, coder, sheet)?;
    let redactor = crate::redact::Redactor::for_project(project);
    let summary = super::tui_sample::run(&mut session, &offered, &redactor, &file)?;
    ui.note(&summary);
    Ok(ExitCode::SUCCESS)
}
