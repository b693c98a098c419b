//! `qualcode codebook`: read the loaded codebooks.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;

use super::common::OutputArgs;
use super::ui::Ui;
use crate::codebook::CodeSet;
use crate::project::Project;
use crate::{Result, render};

/// Read the project's codebooks: list them, or show one as a tree with
/// definitions, include/exclude notes, patterns and examples.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  qualcode codebook list\n  qualcode codebook show motivators\n  qualcode codebook show motivators.extrinsic --format md"
)]
pub(super) struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, Subcommand)]
enum Sub {
    /// Every loaded codebook with its file and number of codes.
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// A codebook (or a code and the codes below it) as a readable tree.
    Show {
        /// Codebook name or code id.
        name: String,
        /// Markdown instead of plain text.
        #[arg(long)]
        md: bool,
    },
}

pub(super) fn run(
    args: &Args,
    project: Option<&Path>,
    _ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let project = Project::discover(project)?;
    let codes = CodeSet::load(&project)?;
    match &args.command {
        Sub::List { output } => {
            let t = crate::table::codebooks(&codes);
            render::table(&t, output.format(), OutputArgs::render_options(), out)?;
        }
        Sub::Show { name, md } => {
            let list: Vec<&crate::codebook::Code> =
                match codes.codebooks.iter().find(|b| &b.name == name) {
                    Some(book) => book.codes.iter().collect(),
                    None => codes.subtree(&codes.require(name)?.id).collect(),
                };
            let book = codes
                .codebooks
                .iter()
                .find(|b| name == &b.name || name.starts_with(&format!("{}.", b.name)));
            render::codebook(book, &list, *md, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
