//! Atomic file writes: a temporary file in the target's folder, synced, then
//! renamed over the target, so a crash or a full disk never leaves a
//! half-written file where the user's data was.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

/// A file being written atomically: a temporary file beside the target,
/// renamed over it by [`AtomicFile::commit`]. Dropped without a commit, the
/// temporary file is removed and the target is untouched.
#[derive(Debug)]
pub struct AtomicFile {
    path: std::path::PathBuf,
    tmp: std::path::PathBuf,
    file: Option<std::io::BufWriter<fs::File>>,
}

impl AtomicFile {
    /// Start writing `path`, creating parent folders as needed.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create folder", &e))?;
        let name = path
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy());
        remove_stale_temps(dir, &name);
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = fs::File::create(&tmp).map_err(|e| Error::io(path, "write", &e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: Some(std::io::BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// Flush, sync and rename over the target. On failure (a full disk
    /// shows itself here, when the buffer is flushed) the temporary file is
    /// removed and the target is untouched.
    pub fn commit(mut self) -> Result<()> {
        let result = self
            .finish()
            .and_then(|()| fs::rename(&self.tmp, &self.path));
        if result.is_err() {
            let _ = fs::remove_file(&self.tmp);
        }
        result.map_err(|e| Error::io(&self.path, "write", &e))
    }

    /// As [`AtomicFile::commit`], but never replace an existing file: the
    /// finished file is linked into place, which fails if the target exists
    /// (also when it appeared while this one was written). Where the file
    /// system has no hard links, the target is checked and then renamed over.
    pub fn commit_new(mut self) -> Result<()> {
        let result = self
            .finish()
            .and_then(|()| match fs::hard_link(&self.tmp, &self.path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                Err(_) if self.path.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
                Err(_) => fs::rename(&self.tmp, &self.path),
            });
        let _ = fs::remove_file(&self.tmp);
        result.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::usage(format!(
                    "{} exists: use --force to replace it, or another name",
                    self.path.display()
                ))
            } else {
                Error::io(&self.path, "write", &e)
            }
        })
    }

    /// Flush the buffer and sync the temporary file to disk.
    fn finish(&mut self) -> std::io::Result<()> {
        let file = self.file.take().expect("committed once");
        let file = file
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("not committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Make a write past the file-size limit (`ulimit -f`, `RLIMIT_FSIZE`) an
/// ordinary write error (`EFBIG`), reported and cleaned up like a full
/// disk, instead of the `SIGXFSZ` that kills the process and leaves its
/// temporary file. A handler that only sets a flag is registered, through
/// signal-hook's safe `flag` API (the crate forbids `unsafe`); a caught
/// `SIGXFSZ` makes the write fail instead. Call once, early in `main`.
pub fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        use std::sync::{Arc, atomic::AtomicBool};
        let _ = signal_hook::flag::register(
            signal_hook::consts::SIGXFSZ,
            Arc::new(AtomicBool::new(false)),
        );
    }
}

/// Remove temporary files that an earlier, killed run left beside `name`
/// (`.auto.csv.tmp-PID` whose process is gone). Only where the process
/// table can be read (`/proc`); elsewhere they are left alone, since they
/// might belong to a run still going.
fn remove_stale_temps(dir: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Write `bytes` to `path` atomically, creating parent folders as needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(|e| Error::io(path, "write", &e))?;
    file.commit()
}

/// The content hash of `bytes`: XXH3, 64 bits (`xxhash-rust`). Stable
/// across Rust versions and platforms (unlike std's `DefaultHasher`), and
/// at several GB/s per core it costs nothing beside parsing (FNV-1a, a
/// byte at a time, was 16% of `code`). It detects edits; it is not meant
/// to resist anyone forging a collision.
pub fn hash64(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// [`hash64`] fed piece by piece: the hash of the pieces' bytes one after
/// the other, without joining them first. As a [`std::fmt::Write`], it
/// hashes what is formatted into it.
#[derive(Clone, Default)]
pub struct Hasher64(xxhash_rust::xxh3::Xxh3Default);

impl Hasher64 {
    /// The hash of nothing yet.
    pub fn new() -> Hasher64 {
        Hasher64::default()
    }

    /// Hash `bytes` after those already hashed.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The hash of everything so far.
    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl std::fmt::Debug for Hasher64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Hasher64").field(&self.finish()).finish()
    }
}

impl std::fmt::Write for Hasher64 {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.update(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_fed_in_pieces_or_formatted_is_the_hash_of_the_whole() {
        use std::fmt::Write as _;
        let whole = "1\tP01\t3\t4\tsome text, caf\u{e9}\n2\tP01\t5\t5\tmore\n";
        let mut pieces = Hasher64::new();
        for piece in whole.split_inclusive('\t') {
            pieces.update(piece.as_bytes());
        }
        assert_eq!(pieces.finish(), hash64(whole.as_bytes()));
        let mut formatted = Hasher64::default();
        for (n, case, a, b, text) in [
            (1, "P01", 3, 4, "some text, caf\u{e9}"),
            (2, "P01", 5, 5, "more"),
        ] {
            writeln!(formatted, "{n}\t{case}\t{a}\t{b}\t{text}").unwrap();
        }
        assert_eq!(formatted.finish(), hash64(whole.as_bytes()));
        assert_eq!(Hasher64::new().finish(), hash64(b""));
    }

    #[test]
    fn atomic_file_commits_or_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("auto.csv");
        fs::write(&target, "old").unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"half").unwrap();
            // Dropped without commit: an error part way.
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_atomic_replaces_content_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/out.csv");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(target.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
