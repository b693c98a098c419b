//! `qualcode codebook`: read the loaded codebooks.

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;

use super::common::Session;
use super::common::{FormatArg, OutputArgs};
use super::ui::Ui;
use crate::codebook::CodeSet;
use crate::{Result, render};

/// List the codebooks, or show one as a tree.
///
/// Read the project's codebooks: list them, or show one as a tree with
/// definitions, include/exclude notes, patterns and examples.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  qualcode codebook list\n  qualcode codebook list --builtin\n  qualcode codebook copy motivators            -> codebooks/motivators.yaml\n  qualcode codebook copy personas --to . --force\n  qualcode codebook show motivators\n  qualcode codebook show motivators.extrinsic --format md\n  qualcode codebook show motivators --format csv > motivators-codes.csv\n  qualcode codebook gaps --from ana"
)]
pub(super) struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, Subcommand)]
enum Sub {
    /// Every loaded codebook with its file and number of codes.
    List {
        /// The codebooks shipped inside qualcode instead (name them as
        /// `builtin:NAME` under `codebooks:` in qualcode.yaml; the personas
        /// as `personas: builtin:personas`). Needs no project.
        #[arg(long)]
        builtin: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write an editable copy of a shipped codebook (or `personas`) as
    /// NAME.yaml, to change it for this project.
    ///
    /// Then name the copy under `codebooks:` in qualcode.yaml
    /// (`codebooks/NAME.yaml`) instead of `builtin:NAME`.
    Copy {
        /// The shipped codebook (see `codebook list --builtin`) or `personas`.
        name: String,
        /// The folder to write to (created if missing) [default: the
        /// project's codebooks/ folder, or ./codebooks outside a project].
        #[arg(long, value_name = "DIR")]
        to: Option<std::path::PathBuf>,
        /// Replace an existing file of that name.
        #[arg(long)]
        force: bool,
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
    /// What a coder's decisions say the patterns miss: words and phrases
    /// frequent in the segments the coder coded with a code that none of
    /// its patterns mention (by log-likelihood G²), and the patterns whose
    /// auto codings the coder mostly rejected.
    #[command(after_help = GAPS_EXAMPLES)]
    Gaps {
        /// The coder whose decisions to read (codings/NAME.csv).
        #[arg(long, value_name = "NAME")]
        from: String,
        /// Only this code and the codes below it (a code id or codebook name).
        #[arg(long, value_name = "ID")]
        code: Option<String>,
        /// At most N words and phrases per code.
        #[arg(long, value_name = "N", default_value_t = 15)]
        top: usize,
        #[command(flatten)]
        output: OutputArgs,
    },
}

const GAPS_EXAMPLES: &str = "\
Examples:
  qualcode codebook gaps --from ana
  qualcode codebook gaps --from ana --code barriers.childcare -f csv

Words are stemmed (nursery, nurseries) and shown as most often written;
phrases are two adjacent content words (stop words left out). A word is
listed when it occurs at least twice in ana's coded segments of the code,
more often there than in the other participant segments, with G² of at
least 3.84 (p < 0.05), and no pattern of the code mentions it. See
docs/SUGGEST.md.";

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    match &args.command {
        Sub::List {
            builtin: true,
            output,
        } => {
            let t = crate::table::codebooks(&CodeSet::builtin()?);
            let redactor = crate::redact::Redactor::default();
            output.write(session, out, |format, opts, out| {
                render::table(&t, &redactor, format, &opts, out)
            })?;
            return Ok(ExitCode::SUCCESS);
        }
        Sub::Copy { name, to, force } => {
            let dir = match to {
                Some(dir) => dir.clone(),
                None => session
                    .discover()
                    .map_or_else(|_| "codebooks".into(), |p| p.root.join("codebooks")),
            };
            let (path, created) = crate::project::builtin::copy(name, &dir, *force)?;
            if created {
                ui.note(&format!("created {}", dir.display()));
            }
            super::common::write_line(
                out,
                &format!(
                    "wrote {}: name it in qualcode.yaml instead of builtin:{name}",
                    path.display()
                ),
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let project = session.discover()?;
    let codes = CodeSet::load(&project)?;
    match &args.command {
        Sub::Copy { .. } => unreachable!("handled above"),
        Sub::Gaps {
            from,
            code,
            top,
            output,
        } => {
            crate::coding::manual::check_coder(from)?;
            let corpus = super::common::load_corpus(&project, ui)?;
            let (auto, notes) = crate::coding::load_auto(&project, &corpus, &codes)?;
            for n in &notes {
                ui.note(n);
            }
            let opts = crate::suggest::gaps::GapOptions {
                code: code.clone(),
                top: *top,
            };
            let (t, notes) =
                crate::suggest::gaps_table(&project, &corpus, &codes, &auto, from, &opts)?;
            for n in &notes {
                ui.note(n);
            }
            super::common::render_table(session, &project, &t, output, out)?;
        }
        Sub::List { output, .. } => {
            let t = crate::table::codebooks(&codes);
            let redactor = crate::redact::Redactor::for_project(&project);
            output.write(session, out, |format, opts, out| {
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
                .find(|b| crate::id::book(name) == b.name);
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
                        &session.render_options(),
                        out,
                    )?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
