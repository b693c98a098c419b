//! `qualcode import qdc|qdpx`: codebooks and projects from other QDA
//! programs (REFI-QDA `.qdc` and `.qdpx`) into qualcode's files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::super::ui::Ui;
use crate::cli::common::Session;
use crate::project::Project;
use crate::refi::{self, import as refi_import, qdc};
use crate::{Error, Result};

/// Import from REFI-QDA: a codebook (`.qdc`) as a qualcode codebook, or a
/// project (`.qdpx`) as transcripts, cases, a codebook and a coder's file.
#[derive(Debug, Subcommand)]
pub(super) enum Sub {
    /// A REFI-QDA codebook (.qdc) as a qualcode codebook.
    ///
    /// Writes a codebook YAML: ids from names (slugs, dotted by hierarchy),
    /// labels, descriptions, colours; each code's GUID in a comment.
    Qdc {
        /// The `.qdc` file.
        file: PathBuf,
        /// The codebook's name, first part of every id [default: from the file name].
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Where to write (`-` for stdout) [default: codebooks/NAME.yaml in
        /// the project, or here].
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Nest codes whose name holds SEP below the code named by the
        /// part before it (`Coke::diet Coke` below `Coke`); `''` keeps
        /// names as they are.
        #[arg(long, value_name = "SEP", default_value = "::")]
        hierarchy_separator: String,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// A REFI-QDA project (.qdpx) as transcripts, cases and coders' codings.
    ///
    /// Text sources become transcripts/<name>.txt, cases and variables
    /// cases.csv (merged into an existing one), the codebook
    /// codebooks/NAME.yaml, and every coding an `add` row of its user's
    /// codings/<coder>.csv at the line its selection starts on. A source
    /// without speaker labels becomes one case's speech, one segment per
    /// line. What the project was (GUIDs, sources byte for byte, selections)
    /// is kept in refi/, so `export qdpx` gives it back (docs/REFI.md).
    Qdpx {
        /// The `.qdpx` file (or a bare `project.qde`).
        file: PathBuf,
        /// File every coding under this one coder [default: each REFI user
        /// becomes a coder named after them: `Gergo` → `codings/gergo.csv`].
        #[arg(long, value_name = "NAME", conflicts_with_all = ["coders_prefix", "coder_map"])]
        coder: Option<String>,
        /// Put PREFIX before each coder name made from a user's name
        /// (`--coders-prefix nv_`: `Gergo` → `codings/nv_gergo.csv`).
        #[arg(long, value_name = "PREFIX", default_value = "")]
        coders_prefix: String,
        /// The coder of a user, by the user's name or GUID: `--coder-map
        /// Gergo=gergely` (repeat for more users; the others are named as
        /// by default).
        #[arg(long, value_name = "USER=CODER", value_parser = user_coder)]
        coder_map: Vec<(String, String)>,
        /// The project folder to write into (a `qualcode.yaml` is written if
        /// it has none) [default: this project, or the current folder].
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// The imported codebook's name [default: from the project's name].
        #[arg(long, value_name = "NAME")]
        codebook: Option<String>,
        /// Nest codes whose name holds SEP below the code named by the
        /// part before it (`Coke::diet Coke` below `Coke`; `/` for tools
        /// that write paths); `''` keeps names as they are.
        #[arg(long, value_name = "SEP", default_value = "::")]
        hierarchy_separator: String,
        /// When a case attribute has a value in the project's cases table
        /// and another in the import: keep the project's or the import's
        /// (without it, such a clash is an error naming both values).
        #[arg(long, value_name = "SIDE")]
        prefer: Option<PreferArg>,
        /// Replace existing files (the cases table is always merged).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum PreferArg {
    Import,
    Project,
}

/// `USER=CODER` for `--coder-map`.
fn user_coder(raw: &str) -> std::result::Result<(String, String), String> {
    match raw.split_once('=') {
        Some((user, coder)) if !user.trim().is_empty() && !coder.trim().is_empty() => {
            Ok((user.trim().to_owned(), coder.trim().to_owned()))
        }
        _ => Err(format!("{raw:?} is not USER=CODER")),
    }
}

fn read(file: &Path) -> Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| Error::io(file, "read", &e))
}

pub(super) fn run(sub: &Sub, session: &Session, ui: &Ui, out: &mut dyn Write) -> Result<ExitCode> {
    match sub {
        Sub::Qdc {
            file,
            name,
            output,
            hierarchy_separator,
            force,
        } => qdc_import(
            file,
            name.as_deref(),
            output.as_deref(),
            hierarchy_separator,
            *force,
            session,
            ui,
            out,
        )?,
        Sub::Qdpx {
            file,
            coder,
            coders_prefix,
            coder_map,
            into,
            codebook,
            hierarchy_separator,
            prefer,
            force,
        } => {
            check_coders(coder.as_ref(), coder_map, coders_prefix)?;
            let root = root(session, into.as_deref());
            let config = root.join(crate::project::CONFIG_FILE);
            let fresh = !config.is_file();
            let interviewers = if config.is_file() {
                session.load(&config)?.interviewers
            } else {
                crate::project::DEFAULT_INTERVIEWERS
                    .map(str::to_owned)
                    .to_vec()
            };
            let opts = refi_import::ImportOptions {
                coder: coder.clone(),
                coders_prefix: coders_prefix.clone(),
                coder_map: coder_map.clone(),
                codebook: codebook.clone(),
                separator: hierarchy_separator.clone(),
                interviewers,
            };
            let mut imported =
                refi_import::import(&read(file)?, &file.display().to_string(), &opts)?;
            if config.is_file() {
                if !imported.speakers.is_empty() {
                    ui.note(&format!(
                        "the sources name which speaker is which case: add `speakers:` for {} to qualcode.yaml",
                        imported.speakers.keys().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
            } else {
                let yaml = refi_import::config_yaml(&file.display().to_string(), &imported);
                imported
                    .files
                    .push((crate::project::CONFIG_FILE.to_owned(), yaml.into_bytes()));
            }
            let merged = merge_cases(&root, &config, &mut imported.files, *prefer)?;
            refi::write_files(&root, &imported.files, *force)?;
            if let Some((cases_path, bytes)) = merged {
                crate::fsutil::write_atomic(&cases_path, &bytes)?;
                ui.note(&format!(
                    "cases and attributes merged into {}",
                    cases_path.display()
                ));
            }
            for n in &imported.notes {
                ui.note(n);
            }
            ui.note(&format!(
                "wrote {} files into {}",
                imported.files.len(),
                root.display()
            ));
            if fresh && let Some(coder) = coder {
                reject_not_imported(session, &config, coder, ui)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `import qdc`.
#[allow(clippy::too_many_arguments)] // the subcommand's options, one by one
fn qdc_import(
    file: &Path,
    name: Option<&str>,
    output: Option<&Path>,
    hierarchy_separator: &str,
    force: bool,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<()> {
    let display = file.display().to_string();
    let bytes = read(file)?;
    refi::refuse_zip(&bytes, &display)?;
    let text = crate::ingest::decode::decode(&bytes, file)?;
    let mut book = qdc::read(&text, &display)?;
    let nested = qdc::nest(&mut book.codes, hierarchy_separator);
    if nested > 0 {
        ui.note(&format!(
            "{nested} codes named with {hierarchy_separator:?} nested below the code the \
             name starts with"
        ));
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let name = name.map_or_else(|| refi::slug(&stem, "imported"), str::to_owned);
    let converted = qdc::to_yaml(&book, &name, None, &display)?;
    if output.is_some_and(|o| o.as_os_str() == "-") {
        for n in &converted.notes {
            ui.note(n);
        }
        out.write_all(converted.yaml.as_bytes())
            .map_err(|e| super::super::common::write_error(&e))?;
        return Ok(());
    }
    let (root, rel) = match output {
        Some(o) => (PathBuf::from("."), o.display().to_string()),
        None => (root(session, None), format!("codebooks/{name}.yaml")),
    };
    refi::write_files(&root, &[(rel.clone(), converted.yaml.into_bytes())], force)?;
    for n in &converted.notes {
        ui.note(n);
    }
    ui.note(&format!("wrote {}", root.join(rel).display()));
    Ok(())
}

/// Coder names and the prefix can name files `codings/<coder>.csv`.
fn check_coders(
    coder: Option<&String>,
    coder_map: &[(String, String)],
    coders_prefix: &str,
) -> Result<()> {
    for c in coder.into_iter().chain(coder_map.iter().map(|(_, c)| c)) {
        crate::codebook::parse::check_id(c, "coder name").map_err(Error::usage)?;
        crate::coding::manual::check_coder(c)?;
    }
    let probe = format!("{coders_prefix}user");
    if crate::codebook::parse::check_id(&probe, "coder").is_err() {
        return Err(Error::usage(format!(
            "--coders-prefix {coders_prefix:?}: coder names are letters a-z, digits, \
             '_' and '-', so the prefix is too"
        )));
    }
    Ok(())
}

/// The project's cases table with the imported cases merged in (the
/// imported `cases.csv` taken out of `files`), if both exist: its path and
/// bytes.
fn merge_cases(
    root: &Path,
    config: &Path,
    files: &mut Vec<(String, Vec<u8>)>,
    prefer: Option<PreferArg>,
) -> Result<Option<(PathBuf, Vec<u8>)>> {
    // An existing cases table is merged into, never replaced.
    let cases_path = root.join(if config.is_file() {
        Project::load(config)?
            .cases
            .unwrap_or_else(|| "cases.csv".to_owned())
    } else {
        "cases.csv".to_owned()
    });
    let mut merged = None;
    if let Some(at) = files.iter().position(|(p, _)| p == "cases.csv")
        && cases_path.is_file()
    {
        let (_, theirs) = files.remove(at);
        let mine = read(&cases_path)?;
        let prefer = prefer.map(|p| match p {
            PreferArg::Import => refi_import::Prefer::Import,
            PreferArg::Project => refi_import::Prefer::Project,
        });
        let here = std::env::current_dir().unwrap_or_default();
        let display = cases_path
            .strip_prefix(&here)
            .unwrap_or(&cases_path)
            .display()
            .to_string();
        merged = Some(refi_import::merge_cases(&mine, &theirs, prefer, &display)?);
    }
    Ok(merged.map(|m| (cases_path, m)))
}

/// The .qdpx holds the whole coding: in the new project at `config`, the
/// auto-coding must not bring back what was rejected before the export.
fn reject_not_imported(session: &Session, config: &Path, coder: &str, ui: &Ui) -> Result<()> {
    let project = session.load(config)?;
    let n =
        crate::coding::manual::reject_the_rest(&project, coder, "not coded in the imported .qdpx")?;
    if n > 0 {
        ui.note(&format!(
            "codings/{coder}.csv: {} of auto codings the .qdpx does not hold",
            crate::natural::count(n, "reject")
        ));
    }
    Ok(())
}

/// Where imported files go: `into`, else the project's root, else here.
fn root(session: &Session, into: Option<&Path>) -> PathBuf {
    if let Some(dir) = into {
        return dir.to_path_buf();
    }
    session
        .discover()
        .map_or_else(|_| PathBuf::from("."), |p| p.root)
}
