//! `qualcode export`: the project or a codebook in an exchange format
//! (REFI-QDA `.qdc` and `.qdpx`) for other QDA programs.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::common::Session;
use super::ui::Ui;
use crate::codebook::CodeSet;
use crate::project::Project;
use crate::redact::Redactor;
use crate::refi::{qdc, qdpx};
use crate::{Result, fsutil};

const EXAMPLES: &str = "\
Examples:
  qualcode export qdc --codebook motivators              -> motivators.qdc
  qualcode export qdc --codebook motivators -o - > m.qdc
  qualcode export qdpx                                   -> <project folder>.qdpx
  qualcode export qdpx -o kent.qdpx
  qualcode export qdpx --no-redact -o raw.qdpx          names as they are (warned)
  qualcode export qdpx --all-decisions -o full.qdpx     every coder's decisions too
  qualcode export taguette --codebook motivators        -> motivators-taguette.csv

REFI-QDA files open in ATLAS.ti, NVivo, MAXQDA, QualCoder and others. An
existing output file is replaced (atomically). A .qdpx is redacted with the
project's list unless --no-redact is given.";

/// Export a codebook or the whole project for other QDA programs.
///
/// Export to REFI-QDA: a codebook (`.qdc`) or the whole project with its
/// transcripts, cases and effective codings (`.qdpx`).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, Subcommand)]
enum Sub {
    /// A codebook as a REFI-QDA codebook (.qdc).
    ///
    /// Valid against Codebook.xsd: hierarchy, labels, colours; descriptions hold the
    /// include/exclude notes and, after `-- qualcode --`, the id, patterns
    /// and examples. GUIDs are derived from code ids: the same every run.
    Qdc {
        /// The codebook to export.
        #[arg(long, value_name = "NAME")]
        codebook: String,
        /// Where to write (`-` for stdout) [default: NAME.qdc in the current folder].
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The project as a REFI-QDA project (.qdpx), redacted.
    ///
    /// Valid against Project.xsd: each transcript as a plain-text source, every effective
    /// coding (auto and manual) as a selection of its turn's lines, users
    /// (`auto` and each coder), cases with their attributes, the codebooks.
    /// The same project gives the same bytes every run.
    ///
    /// Names on the project's redaction list are replaced everywhere in it:
    /// the transcripts' text, case ids, file names, attribute values, coder
    /// names and memos (the codebooks are written as they are).
    Qdpx {
        /// Where to write (`-` for stdout) [default: <project folder>.qdpx in the current folder].
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write the names on the redaction list as they are (a warning
        /// says so): for moving the project to another QDA program, never
        /// for sharing.
        #[arg(long)]
        no_redact: bool,
        /// Write every coder's decisions, not only the effective codings: a
        /// coder's `add` of a code the auto-coding also gave the segment is
        /// written as their coding too, and rejections and acceptances go in
        /// a note `qualcode import qdpx` reads back (so a project comes back
        /// decision for decision).
        #[arg(long)]
        all_decisions: bool,
    },
    /// Codebooks as Taguette's codebook CSV (tag, description, number of
    /// highlights), which Taguette's "Import codebook" reads.
    ///
    /// Each code is a tag named by its id (dots are Taguette's hierarchy);
    /// the description holds the label, description and include/exclude
    /// notes; the number of highlights is the code's effective codings.
    Taguette {
        /// The codebook to export [default: every codebook].
        #[arg(long, value_name = "NAME")]
        codebook: Option<String>,
        /// Where to write (`-` for stdout) [default: NAME-taguette.csv, or
        /// codebooks-taguette.csv for every codebook].
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let project = session.discover()?;
    let (bytes, default) = match &args.command {
        Sub::Qdc { codebook, output } => {
            let codes = CodeSet::load(&project)?;
            let book = codes.codebook(codebook)?;
            let xml = qdc::write(book).into_bytes();
            ui.note(&format!(
                "{} codes of codebook {codebook}",
                book.codes.len()
            ));
            (
                xml,
                output
                    .clone()
                    .unwrap_or_else(|| format!("{codebook}.qdc").into()),
            )
        }
        Sub::Taguette { codebook, output } => {
            taguette(&project, codebook.as_deref(), output.as_ref(), ui)?
        }
        Sub::Qdpx {
            output,
            no_redact,
            all_decisions,
        } => qdpx_export(&project, output.as_ref(), *no_redact, *all_decisions, ui)?,
    };
    if default.as_os_str() == "-" {
        out.write_all(&bytes)
            .map_err(|e| super::common::write_error(&e))?;
    } else {
        fsutil::write_atomic(&default, &bytes)?;
        ui.note(&format!("wrote {}", default.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// `export taguette`: the bytes and the default file name.
fn taguette(
    project: &Project,
    codebook: Option<&str>,
    output: Option<&PathBuf>,
    ui: &Ui,
) -> Result<(Vec<u8>, PathBuf)> {
    let coded = super::common::load_coded(project, ui)?;
    let books: Vec<&crate::codebook::Codebook> = match codebook {
        Some(name) => vec![coded.codes.codebook(name)?],
        None => coded.codes.codebooks.iter().collect(),
    };
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for c in &coded.effective.codings {
        *counts.entry(c.code.as_str()).or_default() += 1;
    }
    let csv = crate::refi::taguette::codebook_csv(&books, &counts)?;
    let n: usize = books.iter().map(|b| b.codes.len()).sum();
    ui.note(&format!("{n} codes as Taguette tags"));
    let default = format!("{}-taguette.csv", codebook.unwrap_or("codebooks"));
    Ok((csv, output.cloned().unwrap_or_else(|| default.into())))
}

/// `export qdpx`: the bytes and the default file name.
fn qdpx_export(
    project: &Project,
    output: Option<&PathBuf>,
    no_redact: bool,
    all_decisions: bool,
    ui: &Ui,
) -> Result<(Vec<u8>, PathBuf)> {
    // The record of an import first: a broken one stops here.
    let kept = crate::refi::kept::Kept::load(&project.root)?;
    let coded = super::common::load_coded(project, ui)?;
    let decisions = if all_decisions {
        manual_rows(project)?
    } else {
        Vec::new()
    };
    let codings = exported_codings(&coded, &decisions)?;
    let paths: Vec<&str> = coded
        .corpus
        .outlines
        .iter()
        .map(|o| o.path.as_str())
        .collect();
    let sources = qdpx::source_texts(project, &paths)?;
    let case_documents: Vec<(String, Vec<String>)> = coded
        .corpus
        .outlines
        .iter()
        .map(|o| (o.path.clone(), o.cases.clone()))
        .collect();
    let name = project_name(project);
    let redactor = if no_redact {
        if !project.redact.is_empty() {
            ui.warning(&format!(
                "--no-redact: the {} names on the redaction list are written as they \
                 are (text, case ids, file names, attributes, memos)",
                project.redact.len()
            ));
        }
        Redactor::default()
    } else {
        Redactor::for_project(project)
    };
    // Each document's speaker map as read: its own and its
    // `files:` rule's.
    let speakers: std::collections::BTreeMap<_, _> = paths
        .iter()
        .filter_map(|p| Some(((*p).to_owned(), project.speaker_map(p)?.into_owned())))
        .collect();
    let input = qdpx::ExportInput {
        name: &name,
        codes: &coded.codes,
        sources: &sources,
        cases: &coded.corpus.cases,
        case_documents: &case_documents,
        codings: &codings,
        speakers: &speakers,
        redactor: &redactor,
        kept: kept.as_ref(),
        decisions: &decisions,
    };
    let exported = qdpx::export(&input)?;
    for n in &exported.notes {
        ui.note(n);
    }
    let zip = exported.bytes;
    ui.note(&format!(
        "{} transcripts, {} cases, {} codings",
        sources.len(),
        coded.corpus.cases.len(),
        codings.len()
    ));
    Ok((
        zip,
        output
            .cloned()
            .unwrap_or_else(|| format!("{name}.qdpx").into()),
    ))
}

/// Every coder's rows, coder by coder.
fn manual_rows(project: &Project) -> Result<Vec<crate::coding::ManualRow>> {
    let mut rows = Vec::new();
    for (coder, path, display) in
        crate::coding::store::manual_files(&project.codings_dir(), "codings")?
    {
        rows.extend(crate::coding::store::read_manual(&path, &display, &coder)?);
    }
    Ok(rows)
}

/// The codings a `.qdpx` holds: the effective codings (the one place that
/// chooses them) and, with every decision (`decisions` not empty), each
/// coder's `add` the merge folded into an auto coding of the same code and
/// segment.
fn exported_codings(
    coded: &super::common::Coded,
    decisions: &[crate::coding::ManualRow],
) -> Result<Vec<crate::coding::Coding>> {
    let mut codings = coded.effective.codings.clone();
    for row in decisions {
        if row.action != crate::coding::store::Action::Add {
            continue;
        }
        let segment = crate::coding::merge::resolve(row, &coded.corpus, &coded.codes)?;
        let mine = |c: &crate::coding::Coding| {
            c.document == row.document
                && c.segment == segment.ordinal
                && c.code == row.code
                && c.source == crate::coding::Source::Manual
                && c.coder.as_column() == row.coder
        };
        if !codings.iter().any(mine) {
            codings.push(crate::coding::Coding {
                document: row.document.clone(),
                case: segment.case.clone(),
                segment: segment.ordinal,
                line_start: segment.line_start,
                line_end: segment.line_end,
                code: coded.codes.require(&row.code)?.id.clone(),
                source: crate::coding::Source::Manual,
                coder: crate::coding::Coder::Named(row.coder.clone()),
                pattern: String::new(),
                matched: String::new(),
                memo: row.memo.clone(),
            });
        }
    }
    crate::coding::sort(&mut codings);
    Ok(codings)
}

/// The project's name: its folder's name.
fn project_name(project: &Project) -> String {
    let root = std::fs::canonicalize(&project.root).unwrap_or_else(|_| project.root.clone());
    root.file_name().map_or_else(
        || "project".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}
