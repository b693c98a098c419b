//! `qualcode init`: create a working sample project.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::common::write_error;
use super::ui::Ui;
use crate::Result;

/// Create a new project with sample files.
///
/// Create a new project: qualcode.yaml, cases.csv, two sample transcripts
/// and a sample codebook. Existing files are never overwritten. The config
/// globs every kind of transcript qualcode reads (.txt, .md, .docx, .vtt,
/// .srt…) in transcripts/.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  qualcode init evaluation\n  cd evaluation && qualcode check && qualcode code && qualcode freq --codebook motivators"
)]
pub(super) struct Args {
    /// Folder to create the project in.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub(super) fn run(args: &Args, _ui: &Ui, out: &mut dyn Write) -> Result<ExitCode> {
    let written = crate::project::init::create(&args.dir)?;
    let w = |out: &mut dyn Write, s: String| writeln!(out, "{s}").map_err(|e| write_error(&e));
    for path in &written {
        w(out, format!("created {}", path.display()))?;
    }
    w(
        out,
        format!(
            "\nNext: cd {} && qualcode check && qualcode code && qualcode freq --codebook motivators",
            args.dir.display()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}
