//! `qualcode init`: create a working sample project.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::ui::Ui;
use crate::Result;

/// Create a new project with sample files, or for a folder of transcripts.
///
/// Create a new project: qualcode.yaml, cases.csv, two sample transcripts
/// and a sample codebook. Existing files are never overwritten. The config
/// globs every kind of transcript qualcode reads (.txt, .md, .docx, .vtt,
/// .srt…) in transcripts/.
///
/// With --from DIR, look at the transcripts in DIR (and its subfolders)
/// instead and write a commented qualcode.yaml for them: globs for the
/// formats found, the interviewers qualcode detects and why, the attribute
/// sources (front matter keys, a cases.csv) and what it could not read; and
/// the sample codebook if the project has none. An existing qualcode.yaml
/// is replaced only with --force.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  qualcode init evaluation\n  qualcode init evaluation --codebooks motivators,barriers\n  cd evaluation && qualcode check && qualcode code && qualcode freq --codebook motivators\n  qualcode init --from transcripts          a config for the transcripts already here\n  qualcode init study --from ~/Downloads/interviews"
)]
pub(super) struct Args {
    /// Folder to create the project in.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write a config for the transcripts in this folder instead of sample files.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// With --from: replace an existing qualcode.yaml.
    #[arg(long, requires = "from")]
    force: bool,
    /// Start from these shipped codebooks (comma-separated; see `qualcode
    /// codebook list --builtin`), named as builtin:NAME, instead of the
    /// sample codebook.
    #[arg(
        long,
        value_name = "NAMES",
        value_delimiter = ',',
        conflicts_with = "from"
    )]
    codebooks: Vec<String>,
}

pub(super) fn run(args: &Args, _ui: &Ui, out: &mut dyn Write) -> Result<ExitCode> {
    let w = |out: &mut dyn Write, s: String| super::common::write_line(out, &s);
    if let Some(from) = &args.from {
        let survey = crate::survey::init_from(&args.dir, from, args.force)?;
        for path in &survey.written {
            w(out, format!("wrote {}", path.display()))?;
        }
        let found: usize = survey.formats.values().sum();
        w(
            out,
            format!(
                "{} found, {} read; {} not read (listed in qualcode.yaml)",
                crate::natural::count(found, "transcript"),
                survey.read,
                crate::natural::count(survey.unread.len(), "problem"),
            ),
        )?;
        let cd = if args.dir == std::path::Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", args.dir.display())
        };
        w(out, format!("\nNext: {cd}qualcode check"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let written = crate::project::init::create(&args.dir, &args.codebooks)?;
    for path in &written {
        w(out, format!("created {}", path.display()))?;
    }
    w(
        out,
        format!(
            "\nNext: cd {} && qualcode check && qualcode code && qualcode freq --codebook {}",
            args.dir.display(),
            args.codebooks.first().map_or("motivators", String::as_str)
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}
