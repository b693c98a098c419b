//! `qualcode import dictionary`: turns a quanteda, LIWC or WordStat dictionary into a
//! codebook.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::super::common::write_error;
use super::super::ui::Ui;
use crate::cli::common::Session;
use crate::dictionary::{self, Format, ImportOptions};
use crate::fsutil::AtomicFile;
use crate::{Error, Result};

const EXAMPLES: &str = "\
Examples:
  qualcode import dictionary moral_foundations.dic
  qualcode import dictionary Laver_and_Garry_2000.cat --name laver_garry
  qualcode import dictionary sentiment.yml -o codebooks/sentiment.yaml --force
  qualcode import dictionary words.txt --format liwc -o - | less
  qualcode import dictionary categories.tsv --name empath

quanteda keys and nested keys, LIWC numbered categories (dotted names nest)
WordStat indented categories and tsv lines become codes; their words and globs become
patterns (`abandon*` a word-final wildcard, `*ness` or `wom?n` a regex).
Entries no pattern can express (LIWC conditional forms, WordStat rules) are
listed on stderr and in a comment at the top of the codebook.";

/// Turn a quanteda, LIWC, WordStat or tab-separated dictionary into a
/// codebook.
///
/// Categories become codes (ids slugged from their names, which stay as
/// labels) and entries become patterns. A summary goes to stderr, with
/// every entry that could not be expressed.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(super) struct Args {
    /// The dictionary file.
    file: PathBuf,
    /// Its format (tsv: one category a line, its name then its words,
    /// tab-separated, as Empath's). Default: from the extension
    /// (.yml/.yaml, .dic, .cat, .tsv), else from the content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<FormatArg>,
    /// The codebook's name, the first part of every code id. Default: the
    /// file name, slugged (`RID.CAT` → `rid`).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Where to write the codebook; `-` for stdout. Default:
    /// codebooks/NAME.yaml in the project folder (--project) or the
    /// current folder.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    force: bool,
    /// List every entry not imported and every note on stderr, not only
    /// the first ten.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Quanteda,
    Liwc,
    Wordstat,
    Tsv,
    Qualcoder,
}

/// Messages listed on stderr without `--verbose`.
const LIMIT: usize = 10;

pub(super) fn run(
    args: &Args,
    session: &Session,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.file).map_err(|e| Error::io(&args.file, "read", &e))?;
    let options = ImportOptions {
        format: args.format.map(|f| match f {
            FormatArg::Quanteda => Format::Quanteda,
            FormatArg::Liwc => Format::Liwc,
            FormatArg::Wordstat => Format::Wordstat,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::Qualcoder => Format::Qualcoder,
        }),
        name: args.name.clone(),
        encoding: session.overrides.encoding,
    };
    let import = dictionary::import(&bytes, &args.file, &options)?;
    let target = args.output.clone().unwrap_or_else(|| {
        // --project may name the folder or its qualcode.yaml.
        let root = session.dir().map_or(Path::new(""), |p| {
            if p.is_file() {
                p.parent().unwrap_or(Path::new(""))
            } else {
                p
            }
        });
        root.join("codebooks").join(format!("{}.yaml", import.name))
    });
    if target == Path::new("-") {
        import.write_yaml(out).map_err(|e| write_error(&e))?;
    } else {
        if target.exists() && !args.force {
            return Err(Error::usage(format!(
                "{} exists: pass --force to overwrite it, or -o to write elsewhere",
                target.display()
            )));
        }
        let mut file = AtomicFile::create(&target)?;
        import
            .write_yaml(&mut file)
            .map_err(|e| Error::io(&target, "write", &e))?;
        file.commit()?;
    }
    report(&import, &target, args.verbose, ui);
    if target != Path::new("-") {
        hint_unloaded(&target, session, ui);
    }
    Ok(ExitCode::SUCCESS)
}

/// A note when a project is found whose codebook globs do not match the
/// written file, which `check`, `code` and the tables would then not load.
fn hint_unloaded(target: &Path, session: &Session, ui: &Ui) {
    let Ok(project) = session.discover() else {
        return;
    };
    let Ok(written) = target.canonicalize() else {
        return;
    };
    let loaded = project.codebook_files().unwrap_or_default();
    if !loaded
        .iter()
        .any(|f| f.path.canonicalize().is_ok_and(|p| p == written))
    {
        ui.note(&format!(
            "{} is not among the codebooks the project loads: add it to `codebooks:` in qualcode.yaml",
            target.display()
        ));
    }
}

fn report(import: &dictionary::Import, target: &Path, verbose: bool, ui: &Ui) {
    if let Some(notice) = &import.encoding_notice {
        ui.note(&format!("{}: {notice}", import.source));
    }
    let limit = if verbose { usize::MAX } else { LIMIT };
    for s in import.skipped.iter().take(limit) {
        let category = s
            .category
            .as_deref()
            .map_or_else(String::new, |c| format!(" in {c}"));
        ui.note(&format!(
            "{}:{}: not imported: {:?}{category}: {}",
            import.source, s.line, s.entry, s.reason
        ));
    }
    for n in import
        .notes
        .iter()
        .take(limit.saturating_sub(import.skipped.len()))
    {
        ui.note(&format!("{}:{}: {}", import.source, n.line, n.message));
    }
    let shown = import.skipped.len().min(limit)
        + import
            .notes
            .len()
            .min(limit.saturating_sub(import.skipped.len()));
    let total = import.skipped.len() + import.notes.len();
    if shown < total {
        ui.note(&format!(
            "… and {} more, all listed at the top of {} (--verbose lists them here)",
            total - shown,
            target.display()
        ));
    }
    let written = if target == Path::new("-") {
        "stdout".to_owned()
    } else {
        target.display().to_string()
    };
    ui.status(&format!(
        "imported {} ({} dictionary) as codebook {} -> {written}: {} categories, {} patterns, {} entries not expressible, {} notes",
        import.source,
        import.format.name(),
        import.name,
        import.code_count(),
        import.pattern_count(),
        import.skipped.len(),
        import.notes.len()
    ));
}
