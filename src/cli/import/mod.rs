//! `qualcode import`: material made with other tools into a project: REFI-QDA
//! codebooks and projects, and word-list dictionaries.

mod dictionary;
mod refi;

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;

use super::ui::Ui;
use crate::Result;
use crate::cli::common::Session;

const EXAMPLES: &str = "\
Examples:
  qualcode import qdc atlas-export.qdc                   -> codebooks/atlas_export.yaml
  qualcode import qdc codes.qdc --name barriers -o codebooks/barriers.yaml
  qualcode import qdpx nvivo.qdpx --into imported/       each user a coder: codings/<user>.csv
  qualcode import qdpx nvivo.qdpx --coders-prefix nv_    codings/nv_<user>.csv
  qualcode import qdpx nvivo.qdpx --coder anna           all codings under one coder
  qualcode import qdpx atlas.qdpx --prefer import        case attributes clash: keep the file's
  qualcode import dictionary AFINN-111.txt               valence scores: positive/negative codes
  qualcode import dictionary moral_foundations.dic

REFI-QDA codebooks carry no patterns: imported codes are applied by hand
(codings/<coder>.csv) until you give them patterns. Nothing is replaced
without --force. `qualcode import dictionary --help` tells how dictionaries map to codebooks.";

/// Bring in material made with other tools: REFI-QDA files, dictionaries.
///
/// Bring material made with other tools into the project: a REFI-QDA
/// codebook or project (NVivo, ATLAS.ti, MAXQDA, QualCoder…), or a
/// quanteda, LIWC, WordStat or tab-separated dictionary.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    #[command(subcommand)]
    command: Import,
}

#[derive(Debug, Subcommand)]
enum Import {
    #[command(flatten)]
    Refi(refi::Sub),
    Dictionary(dictionary::Args),
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    match &args.command {
        Import::Refi(sub) => refi::run(sub, session, ui, out),
        Import::Dictionary(args) => dictionary::run(args, session, ui, out),
    }
}
