//! `qualcode suggest`: segments that resemble what a coder coded, written
//! to `codings/suggestions/NAME.csv` for `review --suggestions`.

use std::io::Write;
use std::process::ExitCode;

use super::common::OutputArgs;
use super::common::Session;
use super::ui::Ui;
use crate::Result;
use crate::suggest::SuggestOptions;

const EXAMPLES: &str = "\
Examples:
  qualcode suggest --from ana
  qualcode suggest --from ana --code barriers.childcare --top 20
  qualcode suggest --from ana --min-score 0.2 -f csv
  qualcode review --suggestions --coder ana      accept or reject them

For each code coder ana has coded (added, or accepted from the auto
coding), the participant segments that neither the auto-coding nor ana
gave it are ranked by their cosine similarity (stemmed tf-idf, English stop
words left out) with ana's segments of that code and the code's examples.
Each suggestion names the coded segments or examples it most resembles and
the shared words that drove its score. They are written to
codings/suggestions/ana.csv (replacing the last ones) and count nowhere
until ana accepts them; a rejected suggestion is not suggested again.
See docs/SUGGEST.md.";

/// Suggest uncoded segments that resemble those a coder coded.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The coder to learn from (codings/NAME.csv).
    #[arg(long, value_name = "NAME")]
    from: String,
    /// Only this code and the codes below it (a code id or codebook name).
    /// A single code with examples is suggested for even if NAME has not coded it.
    #[arg(long, value_name = "ID")]
    code: Option<String>,
    /// Leave out suggestions scoring below S (0 to 1).
    #[arg(long, value_name = "S", default_value_t = 0.1)]
    min_score: f64,
    /// At most K suggestions per code (1 to 1000).
    #[arg(long, value_name = "K", default_value_t = 10)]
    top: usize,
    #[command(flatten)]
    output: OutputArgs,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    crate::coding::manual::check_coder(&args.from)?;
    let opts = SuggestOptions {
        code: args.code.clone(),
        min_score: args.min_score,
        top: args.top,
    };
    opts.validate()?;
    let project = session.discover()?;
    let codes = crate::codebook::CodeSet::load(&project)?;
    let corpus = super::common::load_corpus(&project, ui)?;
    let (auto, notes) = crate::coding::load_auto(&project, &corpus, &codes)?;
    for n in &notes {
        ui.note(n);
    }
    let (rows, notes) = crate::suggest::run(&project, &corpus, &codes, &auto, &args.from, &opts)?;
    for n in &notes {
        ui.note(n);
    }
    let table = crate::suggest::suggestions_table(&args.from, &rows);
    super::common::render_table(session, &project, &table, &args.output, out)?;
    let (_, display) = crate::suggest::store::suggestions_file(&project, &args.from);
    ui.note(&format!(
        "wrote {} to {display}; `qualcode review --suggestions --coder {}` walks them",
        crate::natural::count(rows.len(), "suggestion"),
        args.from
    ));
    Ok(ExitCode::SUCCESS)
}
