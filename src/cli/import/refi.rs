//! `qualcode import qdc|qdpx`: codebooks and projects from other QDA
//! programs (REFI-QDA `.qdc` and `.qdpx`) into qualcode's files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::super::ui::Ui;
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
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// A REFI-QDA project (.qdpx) as transcripts, cases and a coder's codings.
    ///
    /// Text sources become transcripts/<name>.txt, cases and variables
    /// cases.csv, the codebook as codebooks/NAME.yaml and every
    /// coding as an `add` row of codings/CODER.csv at the line its selection
    /// starts on. A source without speaker labels becomes one case's speech,
    /// one segment per line (see docs/REFI.md).
    Qdpx {
        /// The `.qdpx` file (or a bare `project.qde`).
        file: PathBuf,
        /// The coder the imported codings are filed under.
        #[arg(long, value_name = "NAME")]
        coder: String,
        /// The project folder to write into (a `qualcode.yaml` is written if
        /// it has none) [default: this project, or the current folder].
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// The imported codebook's name [default: from the project's name].
        #[arg(long, value_name = "NAME")]
        codebook: Option<String>,
        /// Replace existing files.
        #[arg(long)]
        force: bool,
    },
}

fn read(file: &Path) -> Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| Error::io(file, "read", &e))
}

pub(super) fn run(
    sub: &Sub,
    project: Option<&Path>,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    match sub {
        Sub::Qdc {
            file,
            name,
            output,
            force,
        } => {
            let display = file.display().to_string();
            let bytes = read(file)?;
            refi::refuse_zip(&bytes, &display)?;
            let text = crate::ingest::decode::decode(&bytes, file)?;
            let book = qdc::read(&text, &display)?;
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            let name = name
                .clone()
                .unwrap_or_else(|| refi::slug(&stem, "imported"));
            let converted = qdc::to_yaml(&book, &name, None, &display)?;
            if output.as_ref().is_some_and(|o| o.as_os_str() == "-") {
                for n in &converted.notes {
                    ui.note(n);
                }
                out.write_all(converted.yaml.as_bytes())
                    .map_err(|e| super::super::common::write_error(&e))?;
                return Ok(ExitCode::SUCCESS);
            }
            let (root, rel) = match output {
                Some(o) => (PathBuf::from("."), o.display().to_string()),
                None => (root(project, None), format!("codebooks/{name}.yaml")),
            };
            refi::write_files(&root, &[(rel.clone(), converted.yaml.into_bytes())], *force)?;
            for n in &converted.notes {
                ui.note(n);
            }
            ui.note(&format!("wrote {}", root.join(rel).display()));
        }
        Sub::Qdpx {
            file,
            coder,
            into,
            codebook,
            force,
        } => {
            crate::codebook::parse::check_id(coder, "coder name").map_err(Error::usage)?;
            crate::coding::manual::check_coder(coder)?;
            let root = root(project, into.as_deref());
            let config = root.join(crate::project::CONFIG_FILE);
            let interviewers = if config.is_file() {
                Project::load(&config)?.interviewers
            } else {
                crate::project::DEFAULT_INTERVIEWERS
                    .map(str::to_owned)
                    .to_vec()
            };
            let opts = refi_import::ImportOptions {
                coder: coder.clone(),
                codebook: codebook.clone(),
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
            refi::write_files(&root, &imported.files, *force)?;
            for n in &imported.notes {
                ui.note(n);
            }
            ui.note(&format!(
                "wrote {} files into {}",
                imported.files.len(),
                root.display()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where imported files go: `into`, else the project's root, else here.
fn root(project: Option<&Path>, into: Option<&Path>) -> PathBuf {
    if let Some(dir) = into {
        return dir.to_path_buf();
    }
    Project::discover(project).map_or_else(|_| PathBuf::from("."), |p| p.root)
}
