//! `qualcode completions SHELL`: a completion script, generated from the
//! command-line definitions.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::Result;

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Install (the file names each shell looks for):
  qualcode completions bash > ~/.local/share/bash-completion/completions/qualcode
  qualcode completions zsh > ~/.zfunc/_qualcode      (with fpath+=~/.zfunc in .zshrc)
  qualcode completions fish > ~/.config/fish/completions/qualcode.fish
  qualcode completions powershell >> $PROFILE")]
pub(super) struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

pub(super) fn run(args: &Args, out: &mut dyn Write) -> Result<ExitCode> {
    let mut command = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "qualcode", &mut script);
    out.write_all(&script)
        .map_err(|e| super::common::write_error(&e))?;
    Ok(ExitCode::SUCCESS)
}
