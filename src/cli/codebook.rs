//! `qualcode codebook`: read the loaded codebooks.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;

use super::common::{FormatArg, OutputArgs};
use super::ui::Ui;
use crate::codebook::CodeSet;
use crate::project::Project;
use crate::{Result, render};

/// List the codebooks, or show one as a tree.
///
/// Read the project's codebooks: list them, or show one as a tree with
/// definitions, include/exclude notes, patterns and examples.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  qualcode codebook list\n  qualcode codebook show motivators\n  qualcode codebook show motivators.extrinsic --format md\n  qualcode codebook show motivators --format csv > motivators-codes.csv"
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
    /// A codebook (or a code and the codes below it) as a readable tree;
    /// `--format csv|json` gives one row per code instead.
    Show {
        /// Codebook name or code id.
        name: String,
        /// Output format: `table` is an indented plain-text tree, `md` a
        /// Markdown document, `csv` and `json` one row per code.
        #[arg(
            long,
            short,
            value_enum,
            value_name = "FORMAT",
            default_value = "table"
        )]
        format: FormatArg,
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
            let redactor = crate::redact::Redactor::for_project(&project);
            output.write(out, |format, opts, out| {
                render::table(&t, &redactor, format, &opts, out)
            })?;
        }
        Sub::Show { name, format } => {
            let list: Vec<&crate::codebook::Code> =
                match codes.codebooks.iter().find(|b| &b.name == name) {
                    Some(book) => book.codes.iter().collect(),
                    None => codes.subtree(&codes.require(name)?.id).collect(),
                };
            let book = codes
                .codebooks
                .iter()
                .find(|b| name == &b.name || name.starts_with(&format!("{}.", b.name)));
            match format {
                FormatArg::Table => render::codebook(book, &list, false, out)?,
                FormatArg::Md => render::codebook(book, &list, true, out)?,
                FormatArg::Csv | FormatArg::Json | FormatArg::Docx | FormatArg::Xlsx => {
                    let title = book.map_or_else(
                        || name.clone(),
                        |b| b.title.clone().unwrap_or_else(|| b.name.clone()),
                    );
                    let t = crate::table::code_list(&title, &list);
                    let output = OutputArgs::with_format(*format);
                    render::table(
                        &t,
                        &crate::redact::Redactor::for_project(&project),
                        output.format(),
                        &OutputArgs::render_options(),
                        out,
                    )?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
