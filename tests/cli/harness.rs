//! The harness: a fixture project copied into a temporary folder, and the
//! binary run on it with a fixed environment (no colour, 100 columns).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// A throwaway copy of `tests/fixtures/<name>`.
pub(crate) struct Project {
    _dir: TempDir,
    root: PathBuf,
}

/// What one run printed, and how it ended.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) code: i32,
}

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copy a fixture project (without any `codings/` left from a manual run).
pub(crate) fn fixture(name: &str) -> Project {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(name);
    copy_dir(&fixtures().join(name), &root);
    Project { _dir: dir, root }
}

/// A copy of `examples/<name>` laid out as in the repository, beside a copy
/// of the shipped `codebooks/` its config points to (`../../codebooks/…`).
pub(crate) fn example(name: &str) -> Project {
    in_repo_layout(&Path::new("examples").join(name))
}

/// A copy of `tests/fixtures/<name>` laid out as in the repository, beside
/// a copy of the shipped `codebooks/` its config points to
/// (`../../../codebooks/…`).
pub(crate) fn fixture_in_repo_layout(name: &str) -> Project {
    in_repo_layout(&Path::new("tests/fixtures").join(name))
}

/// A new project folder `project/` beside a copy of the shipped
/// `codebooks/`, loading them all (`../codebooks/*.yaml`); transcripts are
/// the caller's to write.
pub(crate) fn with_shipped_codebooks() -> Project {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("codebooks"), &dir.path().join("codebooks"));
    let root = dir.path().join("project");
    fs::create_dir(&root).unwrap();
    fs::write(
        root.join("qualcode.yaml"),
        "transcripts: [\"transcripts/*.txt\"]\ncodebooks: [\"../codebooks/*.yaml\"]\n",
    )
    .unwrap();
    Project { _dir: dir, root }
}

/// A copy of the repository folder `rel` at the same place in a temporary
/// folder, with the shipped `codebooks/` at the root as in the repository.
fn in_repo_layout(rel: &Path) -> Project {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = dir.path().join(rel);
    copy_dir(&repo.join(rel), &root);
    copy_dir(&repo.join("codebooks"), &dir.path().join("codebooks"));
    Project { _dir: dir, root }
}

/// An empty folder, for `init` and for "no project here".
pub(crate) fn empty() -> Project {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("empty");
    fs::create_dir(&root).unwrap();
    Project { _dir: dir, root }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("codings") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The binary with a fixed environment, run in `dir`.
pub(crate) fn qualcode(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("qualcode"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("RAYON_NUM_THREADS");
    cmd
}

impl Project {
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Run `qualcode ARGS` inside the project.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        run(qualcode(&self.root).args(args))
    }

    /// Run and require success; the stdout.
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "qualcode {args:?} failed:\n{}", r.stderr);
        r.stdout
    }

    /// Run and require exit code 2 (bad input) without a panic; the stderr.
    pub(crate) fn bad(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 2, "qualcode {args:?}: want exit 2, got {r:?}");
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
        r.stderr
    }

    /// `qualcode code`, quietly.
    pub(crate) fn code(&self) {
        self.ok(&["-q", "code"]);
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    pub(crate) fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// Replace `from` (which must occur) with `to` in a file.
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }
}

pub(crate) fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    Run {
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
        code: status.code().unwrap_or(-1),
    }
}
