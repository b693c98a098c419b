//! `qualcode init`: a new, working project with a config, a cases file, two
//! sample transcripts and a sample codebook. Never overwrites a file.

use std::path::{Path, PathBuf};

use crate::{Error, Result, fsutil};

/// The sample codebook, also written by `init --from` when the project
/// has none.
pub const SAMPLE_CODEBOOK: &str = include_str!("template/motivators.yaml");

const FILES: [(&str, &str); 5] = [
    ("qualcode.yaml", include_str!("template/qualcode.yaml")),
    ("cases.csv", include_str!("template/cases.csv")),
    ("transcripts/P1.txt", include_str!("template/P1.txt")),
    ("transcripts/P2.txt", include_str!("template/P2.txt")),
    ("codebooks/motivators.yaml", SAMPLE_CODEBOOK),
];

/// The template's transcript globs: one per extension qualcode reads
/// (`"transcripts/*.txt", "transcripts/*.md", …`), so a new format joins
/// new projects as soon as it has a reader.
pub fn transcript_globs() -> String {
    let globs: Vec<String> = crate::ingest::extensions()
        .map(|e| format!("\"transcripts/*.{e}\""))
        .collect();
    globs.join(", ")
}

/// Create a project in `dir`; the files written, in order. With
/// `builtins` (shipped codebook names), the config names those
/// (`builtin:NAME`) instead of the sample codebook, which is not written.
pub fn create(dir: &Path, builtins: &[String]) -> Result<Vec<PathBuf>> {
    for name in builtins {
        if name == super::builtin::PERSONAS || super::builtin::text(name).is_none() {
            let known: Vec<&str> = super::builtin::codebooks().collect();
            return Err(Error::usage(format!(
                "--codebooks: no built-in codebook '{name}': the built-in ones are {}",
                known.join(", ")
            )));
        }
    }
    let files: Vec<(&str, &str)> = FILES
        .into_iter()
        .filter(|(name, _)| builtins.is_empty() || !name.starts_with("codebooks/"))
        .collect();
    for (name, _) in files.iter().copied() {
        let path = dir.join(name);
        if path.exists() {
            return Err(Error::usage(format!(
                "{} already exists: qualcode init never overwrites files",
                path.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        let text = if name == "qualcode.yaml" {
            let text = text.replace("TRANSCRIPT_GLOBS", &transcript_globs());
            if builtins.is_empty() {
                text
            } else {
                let named: Vec<String> = builtins
                    .iter()
                    .map(|b| format!("{}{b}", super::builtin::PREFIX))
                    .collect();
                text.replace(
                    "codebooks: [\"codebooks/*.yaml\"]",
                    &format!(
                        "# Codebooks shipped inside qualcode; `qualcode codebook copy NAME`\n\
                         # writes an editable copy to name here instead.\n\
                         codebooks: [{}]",
                        named.join(", ")
                    ),
                )
            }
        } else {
            text.to_owned()
        };
        fsutil::write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_globs_every_extension_and_loads() {
        let dir = tempfile::tempdir().unwrap();
        create(dir.path(), &[]).unwrap();
        let project = crate::project::Project::load(&dir.path().join("qualcode.yaml")).unwrap();
        for ext in crate::ingest::extensions() {
            let glob = format!("transcripts/*.{ext}");
            assert!(project.transcripts.contains(&glob), "{glob}");
        }
        let files = project.transcript_files().unwrap();
        assert_eq!(files.len(), 2);
    }

    #[test]
    fn with_builtins_the_config_names_them_and_no_sample_codebook_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["motivators".to_owned(), "barriers".to_owned()];
        create(dir.path(), &names).unwrap();
        assert!(!dir.path().join("codebooks").exists());
        let project = crate::project::Project::load(&dir.path().join("qualcode.yaml")).unwrap();
        assert_eq!(
            project.codebooks,
            ["builtin:motivators", "builtin:barriers"]
        );
        let codes = crate::codebook::CodeSet::load(&project).unwrap();
        let books: Vec<&str> = codes.codebooks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(books, ["motivators", "barriers"]);
        let err = create(
            tempfile::tempdir().unwrap().path(),
            &["personas".to_owned()],
        )
        .unwrap_err();
        assert!(
            err.message().contains("the built-in ones are barriers"),
            "{err}"
        );
    }
}
