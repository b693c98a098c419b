//! The command line: argument parsing (clap), one thin module per verb, and
//! the one place errors are printed. Nothing outside `cli` imports from it.

mod adjudicate;
mod agree;
mod check;
mod code;
mod codebook;
mod codings;
mod common;
mod completions;
mod cooccur;
mod export;
mod freq;
mod grid;
mod import;
mod init;
mod kwic;
mod man;
mod personas;
mod profile;
mod quotes;
mod report;
mod review;
mod sample;
mod suggest;
mod table;
mod tui;
mod tui_sample;
mod ui;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::{ErrorKind, Result};

const AFTER_HELP: &str = "\
Quick start:
  qualcode init myproject && cd myproject
  qualcode check                        validate config, codebooks, transcripts
  qualcode code                         auto-code participant speech -> codings/auto.csv
  qualcode kwic 'pay* my bills'         a pattern's hits in context (or --code ID)

Tables and quotes (-f table|csv|md|json|docx):
  qualcode freq --codebook motivators   cases mentioning each code
  qualcode freq --codebook recruitment --by site --suppress-below 5   hide counts under 5
  qualcode cooccur --codebook motivators
  qualcode profile --attrs gender,age_group,site,cohort
  qualcode grid --codebook service --by site
  qualcode quotes --code motivators.extrinsic.finance --by cohort --max-words 60
  qualcode personas --by cohort         persona x cohort (needs `personas:` in qualcode.yaml)
  qualcode freq --codebook recruitment --by site --transpose   sites as rows, a Total row
  qualcode table kent-3                 a table defined under `tables:` in qualcode.yaml
  qualcode freq --codebook motivators -f docx > table.docx
  qualcode report -o report.html        all of it in one HTML file, every count linked

CSV cells starting with = + - @ get a leading ' so spreadsheets do not run
them as formulas (--raw-csv: as they are). Terminal output shows control and
bidi characters escaped (\\x1b, \\u{202e}).

Coders:
  qualcode review --coder ana           accept or reject auto codings at the terminal
  qualcode codings reject --coder ana --document D --line N --code ID
  qualcode codings list --coder ana     a coder's decisions (codings/ana.csv)
  qualcode agree --coders ana,ben       inter-coder agreement (kappa, alpha) per code
  qualcode agree --coders auto,ana      auto-coding against ana: precision, recall, F1
  qualcode suggest --from ana           uncoded turns resembling ana's codings
  qualcode review --suggestions --coder ana   accept or reject them
  qualcode codebook gaps --from ana     words ana's codings share that no pattern has
  qualcode sample --size 40 --seed 7 --coder ana   a random sample for ana to code blind
  qualcode review --coder ana --sample  code it; then agree --coders auto,ana gives 95% CIs

Other tools:
  qualcode export qdpx -o project.qdpx  REFI-QDA project for ATLAS.ti, NVivo, MAXQDA…
  qualcode export qdc --codebook motivators
  qualcode import qdc codes.qdc         a REFI-QDA codebook -> codebooks/codes.yaml
  qualcode import qdpx other.qdpx --coder anna   sources, cases, codes, codings
  qualcode import dictionary mfd.dic    a LIWC, WordStat, quanteda dictionary -> codebook

Shell completions and manual pages:
  qualcode completions bash > ~/.local/share/bash-completion/completions/qualcode
  qualcode man | man -l -

Exit codes: 0 ok, 1 runtime error, 2 usage or invalid input.";

/// Reproducible qualitative interview coding: transcripts to case-level
/// frequency tables and attributed quotes.
#[derive(Debug, Parser)]
#[command(name = "qualcode", version, about, after_help = AFTER_HELP, max_term_width = 100)]
struct Cli {
    /// The project folder (holding qualcode.yaml). Default: the current
    /// folder or the nearest parent with a qualcode.yaml.
    #[arg(
        help_heading = "Global options",
        long,
        global = true,
        value_name = "DIR"
    )]
    project: Option<std::path::PathBuf>,

    /// Print no progress or notes on stderr (errors still print).
    #[arg(help_heading = "Global options", long, short, global = true)]
    quiet: bool,

    /// Worker threads (default: one per core). Output is the same whatever the number.
    #[arg(
        help_heading = "Global options",
        long,
        short = 'j',
        global = true,
        value_name = "N"
    )]
    threads: Option<usize>,

    /// Read transcripts (and imported dictionaries) that are not UTF-8 in
    /// this encoding (windows-1252, iso-8859-15, utf-16le…), overriding
    /// `encoding:` in qualcode.yaml.
    /// Default: detect it, and say which was assumed.
    #[arg(
        help_heading = "Global options",
        long,
        global = true,
        value_name = "NAME"
    )]
    encoding: Option<String>,

    /// Write CSV cells exactly as they are. By default a text cell that
    /// starts with =, +, -, @, tab or carriage return gets a leading ' so
    /// that a spreadsheet shows it rather than running it as a formula
    /// (plain numbers are left alone). For scripts that read the CSV.
    #[arg(help_heading = "Global options", long, global = true)]
    raw_csv: bool,

    /// Use codings/auto.csv even if a transcript or codebook changed (or
    /// was added or removed) since `qualcode code` wrote it, or the
    /// transcripts are read differently (speaker roles, encodings, columns,
    /// case roles); a note names them. Without it, stale codings are
    /// refused (exit 2).
    #[arg(help_heading = "Global options", long, global = true)]
    allow_stale: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Init(init::Args),
    Check(check::Args),
    Code(code::Args),
    Kwic(kwic::Args),
    Freq(freq::Args),
    Cooccur(cooccur::Args),
    Profile(profile::Args),
    Grid(grid::Args),
    Quotes(quotes::Args),
    Personas(personas::Args),
    Table(table::Args),
    Codebook(codebook::Args),
    Report(report::Args),
    Review(review::Args),
    Suggest(suggest::Args),
    Sample(sample::Args),
    Codings(codings::Args),
    Agree(agree::Args),
    Export(export::Args),
    Import(import::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// Run the command line `args`; the process exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let stdout = std::io::stdout();
    main_to(args, &mut stdout.lock())
}

/// [`main`], writing the output to `out`.
pub(crate) fn main_to(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // The message may quote an argument: escaped, as every error.
            let message = e.render().to_string();
            let _ = write!(
                std::io::stderr(),
                "{}",
                crate::render::sanitize::message(&message)
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    crate::fsutil::survive_file_size_limit();
    let ui = ui::Ui::new(cli.quiet);
    match run(cli, &ui, out) {
        Ok(code) => code,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            ui.error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli, ui: &ui::Ui, out: &mut dyn Write) -> Result<ExitCode> {
    if let Some(n) = cli.threads {
        // Only fails if a pool exists already, in which case it is kept.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let session = common::Session {
        overrides: crate::project::Overrides {
            encoding: cli
                .encoding
                .as_deref()
                .map(crate::project::encoding_for)
                .transpose()?,
            allow_stale: cli.allow_stale,
        },
        raw_csv: cli.raw_csv,
        dir: cli.project,
    };
    let session = &session;
    // Notes and errors are redacted with the project's list from here on,
    // whichever command reads the project (and however it fails).
    if !matches!(
        cli.command,
        Command::Init(_) | Command::Completions(_) | Command::Man(_)
    ) && let Ok(p) = session.discover()
    {
        ui.set_redactor(crate::redact::Redactor::for_project(&p));
    }
    let code = match cli.command {
        Command::Init(args) => init::run(&args, ui, out),
        Command::Check(args) => check::run(&args, session, ui, out),
        Command::Code(args) => code::run(&args, session, ui, out),
        Command::Freq(args) => freq::run(&args, session, ui, out),
        Command::Grid(args) => grid::run(&args, session, ui, out),
        Command::Quotes(args) => quotes::run(&args, session, ui, out),
        Command::Kwic(args) => kwic::run(&args, session, ui, out),
        Command::Cooccur(args) => cooccur::run(&args, session, ui, out),
        Command::Profile(args) => profile::run(&args, session, ui, out),
        Command::Personas(args) => personas::run(&args, session, ui, out),
        Command::Table(args) => table::run(&args, session, ui, out),
        Command::Codebook(args) => codebook::run(&args, session, ui, out),
        Command::Agree(args) => agree::run(&args, session, ui, out),
        Command::Codings(args) => codings::run(&args, session, ui, out),
        Command::Review(args) => review::run(&args, session, ui, out),
        Command::Suggest(args) => suggest::run(&args, session, ui, out),
        Command::Sample(args) => sample::run(&args, session, ui, out),
        Command::Import(args) => import::run(&args, session, ui, out),
        Command::Report(args) => report::run(&args, session, ui, out),
        Command::Export(args) => export::run(&args, session, ui, out),
        Command::Completions(args) => completions::run(&args, out),
        Command::Man(args) => man::run(&args, out),
    }?;
    out.flush().map_err(|e| common::write_error(&e))?;
    Ok(code)
}
