//! The one library error type: a kind, an optional place in a file and an
//! optional code id. It owns how errors read; `cli::main` is the one place
//! that prints them.

use std::fmt;
use std::path::{Path, PathBuf};

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in a file an error was found. Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user would name it (relative to the project where possible).
    pub path: PathBuf,
    /// Line, if known.
    pub line: Option<usize>,
    /// Column, if known (only with a line).
    pub column: Option<usize>,
}

impl Location {
    /// A whole file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// A line of a file.
    pub fn line(path: impl Into<PathBuf>, line: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: None,
        }
    }

    /// A line and column of a file.
    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad command-line usage (unknown attribute, unknown code, bad option value).
    Usage,
    /// A user file is invalid (YAML, CSV, transcript, codebook, regex).
    Invalid,
    /// An input file could not be read (missing, unreadable, not text):
    /// bad input, like an invalid one.
    Read,
    /// Writing (or locking, or creating a folder) failed: a runtime error.
    Io,
    /// No project was found.
    NoProject,
    /// The reader of our output went away (`qualcode freq | head`): not a failure.
    BrokenPipe,
}

/// The library error: a kind, a message, and where it happened.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    location: Option<Location>,
    code: Option<String>,
}

impl Error {
    /// A new error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            location: None,
            code: None,
        }
    }

    /// Invalid input.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Invalid, message)
    }

    /// Bad usage.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage, message)
    }

    /// An I/O failure on `path` while doing `action` (`"read"`, `"write"`,
    /// `"lock"`, `"create folder"`…): [`ErrorKind::Read`] for reading or
    /// opening, else [`ErrorKind::Io`].
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        let kind = match action {
            "read" | "open" => ErrorKind::Read,
            _ => ErrorKind::Io,
        };
        Error::new(kind, format!("cannot {action}: {}", io_reason(err))).at(Location::file(path))
    }

    /// Attach a location.
    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attach a code id.
    #[must_use]
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message without location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The location, if any.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// The code id, if any.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The process exit code: 2 for usage or bad input (invalid or
    /// unreadable), 1 for a runtime failure, 0 for a closed pipe. Decided by
    /// the kind alone, never by the wording of the message.
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Usage | ErrorKind::Invalid | ErrorKind::Read | ErrorKind::NoProject => 2,
            ErrorKind::BrokenPipe => 0,
            ErrorKind::Io => 1,
        }
    }
}

fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match err.kind() {
        K::NotFound => "no such file or directory".to_owned(),
        K::PermissionDenied => "permission denied".to_owned(),
        K::InvalidData => "not valid UTF-8 text".to_owned(),
        _ => err.to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        if let Some(code) = &self.code {
            write!(f, "code {code}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_and_code() {
        let err = Error::invalid("unknown key 'regx'")
            .at(Location::at("codebooks/motivators.yaml", 14, 9))
            .with_code("motivators.extrinsic.finance");
        assert_eq!(
            err.to_string(),
            "codebooks/motivators.yaml:14:9: code motivators.extrinsic.finance: unknown key 'regx'"
        );
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn failed_write_exits_1_and_failed_read_exits_2() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(Error::io(Path::new("x"), "write", &e).exit_code(), 1);
        assert_eq!(Error::io(Path::new("x"), "read", &e).exit_code(), 2);
        assert_eq!(
            Error::io(Path::new("x"), "read", &e).kind(),
            ErrorKind::Read
        );
    }

    #[test]
    fn exit_code_follows_the_kind_not_the_wording() {
        // A runtime failure whose message happens to start like a read error.
        let write = Error::new(ErrorKind::Io, "cannot read back what was written");
        assert_eq!(write.exit_code(), 1);
        let read = Error::new(ErrorKind::Read, "personas file p.yaml: no such file");
        assert_eq!(read.exit_code(), 2);
    }
}
