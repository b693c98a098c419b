//! `qualcode sample`: draw a reproducible random sample of participant
//! segments for a coder to code blind (`review --sample`), the ground truth
//! `agree --coders auto,NAME` scores auto-coding on.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;

use super::common::OutputArgs;
use super::common::Session;
use super::ui::Ui;
use crate::sample::{self, SampleOptions, Stratify};
use crate::{Error, Result};

const EXAMPLES: &str = "\
Examples:
  qualcode sample --size 40 --seed 7 --coder ana --codebook motivators
  qualcode sample --size 60 --seed 1 --coder ben --stratify case
  qualcode review --coder ana --sample       code the sample blind
  qualcode agree --coders auto,ana           precision, recall, F1 with 95% CIs

The sample is written to codings/samples/NAME.csv (columns document, line,
case, stratum, codebook, seed, codes). Segments are grouped in strata (by the
first code auto-coding gave them, or (uncoded); or by case) and each stratum
gets a share proportional to its size, so every segment has about the same
chance of being drawn and uncoded segments, where misses hide, are in it.
The same seed on the same transcripts and codings gives the same sample in
every version of qualcode (SplitMix64). A sheet that already holds
decisions is never overwritten: move it away to draw a new one.
See docs/VALIDATION.md.";

/// `--stratify` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StratifyArg {
    /// By the first code auto-coding gave the segment, or (uncoded).
    Code,
    /// By case.
    Case,
}

/// Draw a random sample of segments for a coder to code blind.
///
/// A reproducible random sample of participant segments, coded and
/// uncoded, written as a blind coding sheet for `review --coder NAME
/// --sample`; a table of the strata is printed.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// How many segments to draw.
    #[arg(long, value_name = "N")]
    size: usize,
    /// The seed of the random draw: the same seed gives the same sample.
    #[arg(long, value_name = "S")]
    seed: u64,
    /// The coder who will code the sample: written to codings/samples/NAME.csv.
    #[arg(long, value_name = "NAME")]
    coder: String,
    /// Only this codebook's codes stratify, are offered and are scored.
    #[arg(long, value_name = "NAME")]
    codebook: Option<String>,
    /// How segments are grouped before drawing.
    #[arg(long, value_enum, default_value = "code")]
    stratify: StratifyArg,
    #[command(flatten)]
    output: OutputArgs,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    crate::coding::manual::check_coder(&args.coder)?;
    let project = session.discover()?;
    let codes = crate::codebook::CodeSet::load(&project)?;
    let opts = SampleOptions {
        size: args.size,
        seed: args.seed,
        codebook: args.codebook.clone(),
        stratify: match args.stratify {
            StratifyArg::Code => Stratify::Code,
            StratifyArg::Case => Stratify::Case,
        },
    };
    sample::validate(&codes, &opts)?;
    let corpus = super::common::load_corpus(&project, ui)?;
    if let Some(old) = sample::read(&project, &corpus, &codes, &args.coder)?
        && old.decided() > 0
    {
        let (_, display) = sample::sheet_path(&project, &args.coder);
        return Err(Error::usage(format!(
            "{display} already holds {}'s decisions on {} of its {} segments: move it away \
             (or finish it with `qualcode review --coder {} --sample`) before drawing a new sample",
            args.coder,
            old.decided(),
            old.rows.len(),
            args.coder
        )));
    }
    let (auto, notes) = crate::coding::load_auto(&project, &corpus, &codes)?;
    for n in &notes {
        ui.note(n);
    }
    let drawn = sample::draw(&corpus, &codes, &auto, &opts)?;
    sample::write(&project, &args.coder, &drawn.sheet)?;
    let t = sample::table(&drawn, &opts, &args.coder);
    super::common::render_table(session, &project, &t, &args.output, out)?;
    Ok(ExitCode::SUCCESS)
}
