//! `qualcode report`: the whole project as one self-contained HTML file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::ui::Ui;
use crate::fsutil::AtomicFile;
use crate::report::{self, ReportOptions};
use crate::{Result, natural::count};

const EXAMPLES: &str = "\
Examples:
  qualcode report                              writes report.html
  qualcode report -o kent.html --date 'March 2026'
  qualcode report -o - > report.html
  qualcode report --xlsx tables.xlsx           writes only the workbook
  qualcode report -o report.html --xlsx tables.xlsx
  chromium --headless --print-to-pdf=report.pdf report.html

What goes in is set by the optional `report:` section of qualcode.yaml
(codebooks, by, grid, profile, quotes_per_code, quotes_by, max_words,
attribution, title; see docs/FORMATS.md). Without it: every codebook,
cross-tabs by each attribute with 2 to 8 values, a sample profile of those
and every other attribute some cases share, the grid of every grid-shaped
codebook, personas if configured, and 2 quotes per code and group.";

/// Write one self-contained HTML report: tables, charts, quotes, appendix.
///
/// Write one self-contained HTML report (no scripts, fonts or other files
/// needed; prints well): the sample profile; for each codebook the frequency table, cross-tabs
/// and bar charts by group; the positive / negative grid; the personas;
/// quotes per code by group (redacted); a methods note; and an appendix
/// where every count links to the cases and transcript lines behind it.
/// The same project gives the same bytes every time.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// Where to write the HTML report ('-' for standard output)
    /// [default: report.html, unless --xlsx is given alone].
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also (or, without -o, only) write the report's tables as an Excel
    /// workbook: a contents sheet, one sheet per table, and the quotes.
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
    /// A date (or any text) to print under the title; reports carry no
    /// timestamp of their own.
    #[arg(long, value_name = "TEXT")]
    date: Option<String>,
}

pub(super) fn run(
    args: &Args,
    project: Option<&Path>,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    if let Some(path) = &args.xlsx {
        if path.as_os_str() == "-" {
            return Err(crate::Error::usage(
                "--xlsx takes a file name: an Excel workbook is binary and not for standard \
                 output",
            ));
        }
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(folder) = folder
            && !folder.is_dir()
        {
            return Err(crate::Error::usage(format!(
                "--xlsx {}: the folder {} does not exist (create it first)",
                path.display(),
                folder.display()
            )));
        }
        if path.is_dir() {
            return Err(crate::Error::usage(format!(
                "--xlsx {}: a folder, not a file name",
                path.display()
            )));
        }
    }
    let (project, coded) = super::common::open_coded(project, ui)?;
    let opts = ReportOptions {
        date: args.date.clone(),
    };
    let r = report::build(
        &project,
        &coded.corpus,
        &coded.codes,
        &coded.effective.codings,
        &opts,
    )?;
    if let Some(path) = &args.xlsx {
        let (bytes, sheets) = report::xlsx::write(&r)?;
        crate::fsutil::write_atomic(path, &bytes)?;
        ui.note(&format!(
            "wrote {}: {}",
            path.display(),
            count(sheets, "sheet")
        ));
    }
    let html = match (&args.output, &args.xlsx) {
        (Some(path), _) => path.clone(),
        (None, None) => PathBuf::from("report.html"),
        (None, Some(_)) => return Ok(ExitCode::SUCCESS),
    };
    if html.as_os_str() == "-" {
        return report::html::write(&r, out).map(|()| ExitCode::SUCCESS);
    }
    let mut file = AtomicFile::create(&html)?;
    report::html::write(&r, &mut file)?;
    file.commit()?;
    ui.note(&format!(
        "wrote {}: {}, {} in the appendix",
        html.display(),
        count(r.sections.len(), "section"),
        count(r.appendix.len(), "count")
    ));
    Ok(ExitCode::SUCCESS)
}
