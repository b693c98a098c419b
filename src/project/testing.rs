//! Test support: a fixture project copied into a temporary folder.

use super::Project;

/// A copy of `tests/fixtures/NAME`, loaded; the folder lives as long as
/// the `TempDir`.
pub(crate) fn fixture(name: &str) -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let project = Project::load(&dir.path().join("qualcode.yaml")).unwrap();
    (dir, project)
}
