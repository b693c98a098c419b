//! `qualcode man`: manual pages in roff, generated from the command-line
//! definitions.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;

use crate::fsutil::AtomicFile;
use crate::{Error, Result};

/// Print the manual page (roff), or write one page per command.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  qualcode man | man -l -                 read it now
  qualcode man --dir ~/.local/share/man/man1   qualcode.1, qualcode-freq.1, …")]
pub(super) struct Args {
    /// Write `qualcode.1` and a page per command (`qualcode-freq.1`…) into
    /// this existing folder instead of printing the main page. Existing
    /// pages are replaced.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(super) fn run(args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let mut command = super::Cli::command();
    // Built: global options propagated to every command, and each
    // command's full name (`qualcode codings add`) set for its synopsis.
    command.build();
    let Some(dir) = &args.dir else {
        let page = render(command)?;
        out.write_all(&page)
            .map_err(|e| super::common::write_error(&e))?;
        return Ok(ExitCode::SUCCESS);
    };
    if !dir.is_dir() {
        return Err(Error::usage(format!(
            "{}: no such folder (create it first; qualcode does not create folders)",
            dir.display()
        )));
    }
    let mut written = 0;
    write_pages(&command, dir, &mut written)?;
    writeln!(out, "wrote {written} manual pages in {}", dir.display())
        .map_err(|e| super::common::write_error(&e))?;
    Ok(ExitCode::SUCCESS)
}

/// The command's page and, below it, one page per subcommand, named
/// `qualcode-sub-subsub.1` as git names its pages (clap's generated `help`
/// commands have none).
fn write_pages(command: &clap::Command, dir: &Path, written: &mut usize) -> Result<()> {
    let name = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned();
    let page = render(command.clone())?;
    let mut file = AtomicFile::create(&dir.join(format!("{name}.1")))?;
    file.write_all(&page)
        .map_err(|e| super::common::write_error(&e))?;
    file.commit()?;
    *written += 1;
    for sub in command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let sub = sub
            .clone()
            .display_name(format!("{name}-{}", sub.get_name()));
        write_pages(&sub, dir, written)?;
    }
    Ok(())
}

fn render(command: clap::Command) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| super::common::write_error(&e))?;
    Ok(page)
}
