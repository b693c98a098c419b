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
        fsutil::write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
