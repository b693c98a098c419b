//! Arguments shared by several verbs, and their conversion to library options.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;

use crate::project::CountUnit;
use crate::render::{Format, RenderOptions};
use crate::table::Filter;
use crate::{Error, ErrorKind, Result};

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FormatArg {
    /// A boxed table (the default on a terminal).
    Table,
    /// CSV (the default when output is piped or redirected).
    Csv,
    /// A Markdown table with title and notes.
    Md,
    /// JSON.
    Json,
    /// A Word document (binary: write it to a file).
    Docx,
    /// An Excel workbook (binary: write it to a file).
    Xlsx,
}

/// Output options.
#[derive(Debug, Clone, Default, clap::Args)]
pub(super) struct OutputArgs {
    /// Output format [default: from the -o file's extension; else table on
    /// a terminal, csv otherwise].
    #[arg(long, short, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Write to FILE (atomically; '-' for standard output) instead of
    /// standard output; the format follows its extension (.csv .md .json
    /// .docx .xlsx) unless -f says.
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub file: Option<std::path::PathBuf>,
    /// Replace the -o file if it exists.
    #[arg(long, requires = "file")]
    pub force: bool,
    #[command(flatten)]
    pub csv: CsvArgs,
    #[command(flatten)]
    pub word: WordArgs,
}

/// CSV output options.
#[derive(Debug, Clone, Default, clap::Args)]
pub(super) struct CsvArgs {
    /// CSV: start with a UTF-8 byte-order mark, so that Excel reads `…` and
    /// `ā` right [default: on with -o FILE, off on standard output].
    #[arg(long, overrides_with = "no_bom")]
    pub bom: bool,
    /// CSV: no byte-order mark, even with -o FILE.
    #[arg(long, overrides_with = "bom")]
    pub no_bom: bool,
}

/// Word output options.
#[derive(Debug, Clone, Default, clap::Args)]
pub(super) struct WordArgs {
    /// Word: keep code ids, and the source line under each quote.
    #[arg(long)]
    pub show_source: bool,
    /// Word: landscape pages [default: when the table is too wide for
    /// portrait].
    #[arg(long, overrides_with = "portrait")]
    pub landscape: bool,
    /// Word: portrait pages, however wide the table.
    #[arg(long, overrides_with = "landscape")]
    pub portrait: bool,
}

impl OutputArgs {
    /// Only the format (`codebook show`).
    pub(super) fn with_format(format: FormatArg) -> OutputArgs {
        OutputArgs {
            format: Some(format),
            ..OutputArgs::default()
        }
    }

    /// The -o file, unless it is `-` (standard output).
    fn path(&self) -> Option<&std::path::Path> {
        self.file.as_deref().filter(|p| p.as_os_str() != "-")
    }

    /// The format of the -o file, by its extension.
    fn format_of_file(&self) -> Option<FormatArg> {
        let ext = self.path()?.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => FormatArg::Csv,
            "md" | "markdown" => FormatArg::Md,
            "json" => FormatArg::Json,
            "docx" => FormatArg::Docx,
            "xlsx" => FormatArg::Xlsx,
            _ => return None,
        })
    }

    pub(super) fn format(&self) -> Format {
        let arg = self.format.or_else(|| self.format_of_file()).unwrap_or(
            if self.path().is_none() && std::io::stdout().is_terminal() {
                FormatArg::Table
            } else {
                FormatArg::Csv
            },
        );
        match arg {
            FormatArg::Table => Format::Table,
            FormatArg::Csv => Format::Csv,
            FormatArg::Md => Format::Markdown,
            FormatArg::Json => Format::Json,
            FormatArg::Docx => Format::Docx,
            FormatArg::Xlsx => Format::Xlsx,
        }
    }

    /// The render options these arguments ask for, `heading` (the
    /// project's title) above a Word table.
    fn options(&self, heading: Option<&str>) -> RenderOptions {
        let mut opts = OutputArgs::render_options();
        if self.path().is_some() {
            opts.terminal = false;
            opts.color = false;
        }
        opts.csv.bom = self.csv.bom || (self.path().is_some() && !self.csv.no_bom);
        opts.word = crate::render::WordOptions {
            show_source: self.word.show_source,
            landscape: if self.word.landscape {
                Some(true)
            } else if self.word.portrait {
                Some(false)
            } else {
                None
            },
            heading: heading.map(str::to_owned),
        };
        opts
    }

    /// Check the -o file may be written (see [`check_target`]): called
    /// first, before any work, so that a bad target fails at once.
    pub(super) fn check(&self) -> Result<()> {
        self.path()
            .map_or(Ok(()), |path| check_target(path, self.force))
    }

    /// Render `table` redacted with `redactor` to the -o file (atomically)
    /// or else to `out`.
    pub(super) fn emit(
        &self,
        table: &crate::table::Table,
        redactor: &crate::redact::Redactor,
        heading: Option<&str>,
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        let format = self.format();
        let opts = self.options(heading);
        let Some(path) = self.path() else {
            return crate::render::table(table, redactor, format, &opts, out);
        };
        check_target(path, self.force)?;
        let mut file = crate::fsutil::AtomicFile::create(path)?;
        crate::render::table(table, redactor, format, &opts, &mut file)?;
        file.commit()
    }

    pub(super) fn render_options() -> RenderOptions {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .or_else(terminal_width);
        let terminal = std::io::stdout().is_terminal();
        let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        RenderOptions {
            width,
            terminal,
            color,
            csv: crate::render::CsvOptions {
                raw: RAW_CSV.load(Ordering::Relaxed),
                bom: false,
            },
            word: crate::render::WordOptions::default(),
        }
    }
}

/// Check that `path` may be written: its folder exists (none is made
/// silently), it is not a folder, and it exists only if `force`.
pub(super) fn check_target(path: &std::path::Path, force: bool) -> Result<()> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Error::usage(format!(
            "{shown} is a folder: give a file name to write to"
        )));
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(Error::usage(format!(
            "cannot write {shown}: the folder {} does not exist (create it first)",
            parent.display()
        )));
    }
    if !force && path.exists() {
        return Err(Error::usage(format!(
            "{shown} exists: add --force to replace it"
        )));
    }
    Ok(())
}

/// `--raw-csv`, global: set once by `cli::run` before any verb runs.
static RAW_CSV: AtomicBool = AtomicBool::new(false);

/// Turn the CSV formula guard off (`--raw-csv`).
pub(super) fn set_raw_csv(raw: bool) {
    RAW_CSV.store(raw, Ordering::Relaxed);
}

/// Write `line` and a newline to a terminal-bound stream, its control and
/// bidi characters escaped and an overlong line cut.
pub(super) fn write_line(out: &mut dyn std::io::Write, line: &str) -> Result<()> {
    writeln!(out, "{}", crate::render::sanitize::message(line)).map_err(|e| write_error(&e))
}

fn terminal_width() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    comfy_table::Table::new().width()
}

/// `--unit` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum UnitArg {
    /// Participants: each counts once.
    Case,
    /// Coded turns.
    Segment,
    /// Transcripts.
    Document,
}

impl From<UnitArg> for CountUnit {
    fn from(u: UnitArg) -> CountUnit {
        match u {
            UnitArg::Case => CountUnit::Case,
            UnitArg::Segment => CountUnit::Segment,
            UnitArg::Document => CountUnit::Document,
        }
    }
}

/// Case selection shared by table and quote verbs.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct CaseArgs {
    /// Only cases with this attribute value (repeatable; all must hold).
    #[arg(long = "where", value_name = "ATTR=VALUE")]
    pub filters: Vec<String>,
}

impl CaseArgs {
    pub(super) fn filter(&self) -> Result<Filter> {
        Filter::parse(&self.filters)
    }
}

pub(super) fn write_error(e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::new(ErrorKind::BrokenPipe, "output closed")
    } else {
        Error::new(ErrorKind::Io, format!("cannot write output: {e}"))
    }
}

/// What the table commands read: the project's codes, its corpus and the
/// effective codings (auto and coders' merged), with the notes on how they
/// were read said on the way.
pub(super) struct Coded {
    pub(super) codes: crate::codebook::CodeSet,
    pub(super) corpus: crate::ingest::Corpus,
    pub(super) effective: crate::coding::Effective,
}

/// Find the project (see [`Project::discover`](crate::project::Project::discover))
/// and load its [`Coded`].
pub(super) fn open_coded(
    project: Option<&std::path::Path>,
    ui: &super::ui::Ui,
) -> Result<(crate::project::Project, Coded)> {
    let project = crate::project::Project::discover(project)?;
    let coded = load_coded(&project, ui)?;
    Ok((project, coded))
}

/// Load [`Coded`] for `project`.
pub(super) fn load_coded(project: &crate::project::Project, ui: &super::ui::Ui) -> Result<Coded> {
    let codes = crate::codebook::CodeSet::load(project)?;
    let corpus = load_corpus(project, ui)?;
    let (effective, notes) = crate::coding::load(project, &corpus, &codes)?;
    for n in &notes {
        ui.note(n);
    }
    Ok(Coded {
        codes,
        corpus,
        effective,
    })
}

/// Read the transcripts of `project`, noting each one that cannot be read
/// and is left out (every time, so a broken file is never forgotten).
pub(super) fn load_corpus(
    project: &crate::project::Project,
    ui: &super::ui::Ui,
) -> Result<crate::ingest::Corpus> {
    let (corpus, skipped) = crate::ingest::load_skipping(project)?;
    for e in &skipped {
        ui.note(&crate::ingest::skipped_note(e));
    }
    Ok(corpus)
}

/// Disclosure control, shared by the count tables.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct SuppressArgs {
    /// Disclosure control: show counts from 1 to K-1 (and group n's) as <K
    /// and withhold the percentages and case ids that would reveal them.
    #[arg(long, value_name = "K")]
    pub suppress_below: Option<usize>,
}

impl SuppressArgs {
    /// The threshold, checked.
    pub(super) fn threshold(&self) -> Result<Option<usize>> {
        self.suppress_below
            .map(crate::table::suppress::check)
            .transpose()
    }

    /// Apply the threshold, if any, to a finished table.
    pub(super) fn apply(&self, table: &mut crate::table::Table) -> Result<()> {
        if let Some(k) = self.threshold()? {
            table.suppress(k);
        }
        Ok(())
    }
}

/// Render `table` in the format `output` asks for, redacted with
/// `project`'s list: the one way a table verb prints its result.
pub(super) fn render_table(
    project: &crate::project::Project,
    table: &crate::table::Table,
    output: &OutputArgs,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    output.emit(
        table,
        &crate::redact::Redactor::for_project(project),
        project.report.title.as_deref(),
        out,
    )
}
