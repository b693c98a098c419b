//! Arguments shared by several verbs, and their conversion to library options.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum;

use crate::fsutil::AtomicFile;
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
    /// Write to FILE instead of standard output: atomically (all of it or
    /// nothing), in the format its extension names (.csv, .md, .json,
    /// .docx, .xlsx) unless --format says. An existing file is kept unless --force;
    /// the folder must exist.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: replace FILE if it exists.
    #[arg(long, requires = "output")]
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

    /// The render options these arguments ask for, for a file or not.
    fn options(&self, file: bool) -> RenderOptions {
        let mut opts = Self::render_options();
        if file {
            opts.width = None;
            opts.terminal = false;
            opts.color = false;
        }
        opts.csv.bom = self.csv.bom || (file && !self.csv.no_bom);
        opts.word.show_source = self.word.show_source;
        opts.word.landscape = if self.word.landscape {
            Some(true)
        } else if self.word.portrait {
            Some(false)
        } else {
            None
        };
        opts
    }

    /// Render with `render` to standard output (`out`), or to the -o file.
    pub(super) fn write(
        &self,
        out: &mut dyn std::io::Write,
        render: impl FnOnce(Format, RenderOptions, &mut dyn std::io::Write) -> Result<()>,
    ) -> Result<()> {
        let Some(path) = &self.output else {
            return render(self.format(), self.options(false), out);
        };
        let format = match self.format {
            Some(_) => self.format(),
            None => format_of(path)?,
        };
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(Error::usage(format!(
                "-o {}: the folder {} does not exist (create it first)",
                path.display(),
                folder.display()
            )));
        }
        if !self.force && path.exists() {
            return Err(Error::usage(format!(
                "{} exists: use --force to replace it, or another name",
                path.display()
            )));
        }
        let opts = self.options(true);
        let mut file = AtomicFile::create(path)?;
        render(format, opts, &mut file)?;
        if self.force {
            file.commit()
        } else {
            file.commit_new()
        }
    }

    pub(super) fn format(&self) -> Format {
        let arg = self.format.unwrap_or(if std::io::stdout().is_terminal() {
            FormatArg::Table
        } else {
            FormatArg::Csv
        });
        match arg {
            FormatArg::Table => Format::Table,
            FormatArg::Csv => Format::Csv,
            FormatArg::Md => Format::Markdown,
            FormatArg::Json => Format::Json,
            FormatArg::Docx => Format::Docx,
            FormatArg::Xlsx => Format::Xlsx,
        }
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

/// The format an output file's extension names.
fn format_of(path: &Path) -> Result<Format> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("md" | "markdown") => Ok(Format::Markdown),
        Some("json") => Ok(Format::Json),
        Some("docx") => Ok(Format::Docx),
        Some("xlsx") => Ok(Format::Xlsx),
        Some("txt") => Ok(Format::Table),
        _ => Err(Error::usage(format!(
            "-o {}: name the format with --format, or use an extension qualcode knows \
             (.csv, .md, .json, .docx, .xlsx, .txt)",
            path.display()
        ))),
    }
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
    let redactor = crate::redact::Redactor::for_project(project);
    output.write(out, |format, mut opts, out| {
        opts.word.heading.clone_from(&project.report.title);
        crate::render::table(table, &redactor, format, &opts, out)
    })
}
