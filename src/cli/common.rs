//! Arguments shared by several verbs, and their conversion to library options.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::fsutil::AtomicFile;
use crate::project::CountUnit;
use crate::project::Filter;
use crate::render::{Format, RenderOptions};
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
    fn options(&self, session: &Session, file: bool) -> RenderOptions {
        let mut opts = session.render_options();
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
        session: &Session,
        out: &mut dyn std::io::Write,
        render: impl FnOnce(Format, RenderOptions, &mut dyn std::io::Write) -> Result<()>,
    ) -> Result<()> {
        let Some(path) = &self.output else {
            return render(self.format(), self.options(session, false), out);
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
        let opts = self.options(session, true);
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

    pub(super) fn render_options(raw_csv: bool) -> RenderOptions {
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
                raw: raw_csv,
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

/// What the global flags say for this run: where the project is, how to
/// read it (`--encoding`, `--allow-stale`) and how to write CSV
/// (`--raw-csv`). Built once by `cli::run` and handed to every verb, so no
/// flag lives in a process-global.
#[derive(Debug, Clone, Default)]
pub(super) struct Session {
    /// `--project`.
    pub dir: Option<std::path::PathBuf>,
    /// `--encoding` and `--allow-stale`.
    pub overrides: crate::project::Overrides,
    /// `--raw-csv`.
    pub raw_csv: bool,
}

impl Session {
    /// `--project`, if given.
    pub(super) fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_deref()
    }

    /// Find the project (see [`Project::discover`](crate::project::Project::discover)),
    /// read with this run's overrides.
    pub(super) fn discover(&self) -> Result<crate::project::Project> {
        crate::project::Project::discover_with(self.dir(), self.overrides)
    }

    /// Load the project whose config is `config`, with this run's overrides.
    pub(super) fn load(&self, config: &std::path::Path) -> Result<crate::project::Project> {
        crate::project::Project::load_with(config, self.overrides)
    }

    /// How to render output in this run.
    pub(super) fn render_options(&self) -> RenderOptions {
        OutputArgs::render_options(self.raw_csv)
    }
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

impl Coded {
    /// Leave the loaded corpus and codings to the process's end instead of
    /// freeing them one by one, when a verb's output is written and nothing
    /// follows: freeing a large corpus's codings and outlines took about a
    /// tenth of `freq`'s time (BENCHMARKS.md), and the exit returns the
    /// memory at once.
    pub(super) fn leave_to_exit(self) {
        std::mem::forget(self);
    }
}

/// Find the project ([`Session::discover`]) and load its [`Coded`].
pub(super) fn open_coded(
    session: &Session,
    ui: &super::ui::Ui,
) -> Result<(crate::project::Project, Coded)> {
    let project = session.discover()?;
    let coded = load_coded(&project, ui)?;
    Ok((project, coded))
}

/// Load [`Coded`] for `project`.
pub(super) fn load_coded(project: &crate::project::Project, ui: &super::ui::Ui) -> Result<Coded> {
    // The codings file and the codebooks are read while the corpus loads,
    // on a thread of their own (not rayon's: loading the corpus may wait on
    // the pool, which with `-j 1` has one worker), unless `-j 1` asks for one.
    let read = || {
        (
            crate::codebook::CodeSet::load(project),
            crate::coding::read_auto_file(project),
        )
    };
    let (loaded, (codes, auto)) = if rayon::current_num_threads() > 1 {
        std::thread::scope(|s| {
            let read = s.spawn(read);
            let loaded = crate::index::load(project);
            (
                loaded,
                read.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            )
        })
    } else {
        (crate::index::load(project), read())
    };
    let codes = codes?;
    let corpus = corpus_noted(loaded?, ui);
    let (effective, notes) = crate::coding::load_read(project, &corpus, &codes, auto)?;
    for n in &notes {
        ui.note(n);
    }
    Ok(Coded {
        codes,
        corpus,
        effective,
    })
}

/// The corpus of `project`, from the index `code` wrote when it is current
/// (else by reading the transcripts), noting each transcript that cannot
/// be read and is left out (every time, so a broken file is never
/// forgotten).
pub(super) fn load_corpus(
    project: &crate::project::Project,
    ui: &super::ui::Ui,
) -> Result<crate::ingest::Corpus> {
    Ok(corpus_noted(crate::index::load(project)?, ui))
}

/// The corpus loaded, with its notes said.
fn corpus_noted(loaded: crate::index::Loaded, ui: &super::ui::Ui) -> crate::ingest::Corpus {
    for n in &loaded.notes {
        ui.note(n);
    }
    for e in &loaded.skipped {
        ui.note(&crate::ingest::skipped_note(e));
    }
    loaded.corpus
}

/// Disclosure control, shared by the count tables.
#[derive(Debug, Clone, clap::Args)]
pub(super) struct SuppressArgs {
    /// Disclosure control: show counts from 1 to K-1 (and group n's) as <K
    /// and withhold the percentages and case ids that would reveal them
    /// [default: `suppress_below:` in qualcode.yaml; 0 turns it off].
    #[arg(long, value_name = "K")]
    pub suppress_below: Option<usize>,
}

impl SuppressArgs {
    /// Check the flag's value before any work (0 is off, 1 an error).
    pub(super) fn check(&self) -> Result<()> {
        match self.suppress_below {
            Some(0) | None => Ok(()),
            Some(k) => crate::table::suppress::check(k).map(drop),
        }
    }

    /// The threshold: the flag's (0: none), else the project's
    /// `suppress_below:`.
    pub(super) fn threshold(&self, project: &crate::project::Project) -> Result<Option<usize>> {
        match self.suppress_below {
            Some(0) => Ok(None),
            Some(k) => crate::table::suppress::check(k).map(Some),
            None => Ok(project.suppress_below),
        }
    }

    /// Apply the threshold, if any, to a finished table.
    pub(super) fn apply(
        &self,
        project: &crate::project::Project,
        table: &mut crate::table::Table,
    ) -> Result<()> {
        if let Some(k) = self.threshold(project)? {
            table.suppress(k);
        }
        Ok(())
    }
}

/// Render `table` in the format `output` asks for, redacted with
/// `project`'s list: the one way a table verb prints its result.
pub(super) fn render_table(
    session: &Session,
    project: &crate::project::Project,
    table: &crate::table::Table,
    output: &OutputArgs,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let redactor = crate::redact::Redactor::for_project(project);
    output.write(session, out, |format, mut opts, out| {
        opts.word.heading.clone_from(&project.report.title);
        crate::render::table(table, &redactor, format, &opts, out)
    })
}

/// Layout of a table verb's output (see docs/TABLES.md).
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Layout")]
pub(super) struct LayoutArgs {
    /// The columns to show, in this order, by key, each optionally renamed
    /// (`code=Factor,n=Frequency,mentioned_by`). An unknown key is an error
    /// that lists the table's keys.
    #[arg(long, value_name = "KEY[=HEADER],...", value_delimiter = ',')]
    pub columns: Vec<String>,
    /// Swap rows and columns: groups as rows, codes as columns, and a
    /// cross-tab's Total column as a Total row (applied before --columns,
    /// whose keys are then the code ids).
    #[arg(long)]
    pub transpose: bool,
    /// The table's title, in place of its own.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// A note to print under the table, after its own (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub footnote: Vec<String>,
}

impl LayoutArgs {
    /// The library's layout options; `corner` heads the first column of a
    /// transposed table (the grouping attribute's label).
    pub(super) fn options(&self, corner: Option<String>) -> Result<crate::table::LayoutOptions> {
        Ok(crate::table::LayoutOptions {
            columns: crate::table::ColumnChoice::parse_list(&self.columns.join(","))?,
            transpose: self.transpose,
            title: self.title.clone(),
            footnotes: self.footnote.clone(),
            corner,
        })
    }

    /// Lay out `table`.
    pub(super) fn apply(
        &self,
        table: crate::table::Table,
        corner: Option<String>,
    ) -> Result<crate::table::Table> {
        self.options(corner)?.apply(table)
    }
}

/// The heading of a column of attribute `attr`'s categories: its label
/// (`labels:`), else the id capitalised (`Site`).
pub(super) fn attribute_heading(project: &crate::project::Project, attr: &str) -> String {
    if project.presentation.has_attribute_label(attr) {
        return project.presentation.attribute(attr);
    }
    let mut c = attr.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
