//! `qualcode report`: the whole project as one self-contained HTML file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::common::Session;
use super::ui::Ui;
use crate::fsutil::AtomicFile;
use crate::report::{self, ReportOptions};
use crate::{Result, natural::count};

const EXAMPLES: &str = "\
Examples:
  qualcode report                              writes report.html
  qualcode report -o kent.html --date 'March 2026'
  qualcode report --suppress-below 5           hide counts under 5 (0: none)
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
    /// Add each code's measured precision and recall (95% CI) to the
    /// frequency tables and the methods note, from NAME's blind coding of a
    /// validation sample (codings/samples/NAME.csv; docs/VALIDATION.md).
    #[arg(long, value_name = "NAME")]
    validity: Option<String>,
    #[command(flatten)]
    suppress: super::common::SuppressArgs,
}

pub(super) fn run(
    args: &Args,
    session: &Session,
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
    args.suppress.check()?;
    let project = session.discover()?;
    if let Some(coder) = &args.validity {
        crate::sample::require(&project, coder, &format!("--validity {coder}: "))?;
    }
    let coded = super::common::load_coded(&project, ui)?;
    let validity = match &args.validity {
        Some(coder) => Some(crate::agree::validity::measure(
            &project,
            &coded.corpus,
            &coded.codes,
            coder,
        )?),
        None => None,
    };
    let mut tables = Vec::new();
    for p in project.report.tables.iter().flatten() {
        let def = super::table::find(&project, &p.value).map_err(|e| e.at(p.at.clone()))?;
        let table = super::table::Verb::parse(def)?.table(&project, ui)?;
        tables.push(report::NamedTable {
            name: def.name.clone(),
            heading: def
                .description
                .clone()
                .unwrap_or_else(|| table.title.clone()),
            table,
        });
    }
    let opts = ReportOptions {
        date: args.date.clone(),
        tables,
        validity,
        coding: coded.effective.counted.describe(),
        suppress_below: args.suppress.threshold(&project)?,
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
