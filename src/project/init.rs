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

/// Create a project in `dir`; the files written, in order.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>> {
    for (name, _) in FILES {
        let path = dir.join(name);
        if path.exists() {
            return Err(Error::usage(format!(
                "{} already exists: qualcode init never overwrites files",
                path.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        let text = if name == "qualcode.yaml" {
            text.replace("TRANSCRIPT_GLOBS", &transcript_globs())
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
        create(dir.path()).unwrap();
        let project = crate::project::Project::load(&dir.path().join("qualcode.yaml")).unwrap();
        for ext in crate::ingest::extensions() {
            let glob = format!("transcripts/*.{ext}");
            assert!(project.transcripts.contains(&glob), "{glob}");
        }
        let files = project.transcript_files().unwrap();
        assert_eq!(files.len(), 2);
    }
}
