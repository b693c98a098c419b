//! Everything written to stderr: notes, errors and progress bars. Progress
//! shows only on a terminal; `--quiet` silences notes; `NO_COLOR` is honoured.
//! Every message is escaped and its overlong lines cut ([`inert`]): it may
//! quote a transcript, a file name or a 100,000-alternative pattern.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

use std::borrow::Cow;

use crate::Error;
use crate::redact::Redactor;
use crate::render::sanitize::message as inert;

pub(super) struct Ui {
    quiet: bool,
    color: bool,
    terminal: bool,
    /// The project's redaction list, once the project is known: every
    /// note, status line and error passes through it.
    redactor: std::sync::OnceLock<Redactor>,
}

impl Ui {
    pub(super) fn new(quiet: bool) -> Ui {
        let terminal = std::io::stderr().is_terminal();
        let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Ui {
            quiet,
            color,
            terminal,
            redactor: std::sync::OnceLock::new(),
        }
    }

    /// Redact everything written from now on with `redactor`.
    pub(super) fn set_redactor(&self, redactor: Redactor) {
        let _ = self.redactor.set(redactor);
    }

    /// `text` with the project's listed names replaced (unchanged before
    /// the project is known).
    pub(super) fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match self.redactor.get() {
            Some(r) => r.redact(text),
            None => Cow::Borrowed(text),
        }
    }

    /// Whether `--quiet` was given.
    pub(super) fn quiet(&self) -> bool {
        self.quiet
    }

    /// A note or warning, unless quiet.
    pub(super) fn note(&self, message: &str) {
        if !self.quiet {
            let message = self.redact(message);
            let _ = writeln!(
                std::io::stderr(),
                "{}{}",
                self.tag("note", "33"),
                inert(&message)
            );
        }
    }

    /// A line of a command's summary on stderr (stdout carrying results),
    /// unless quiet.
    pub(super) fn status(&self, message: &str) {
        if !self.quiet {
            let message = self.redact(message);
            let _ = writeln!(std::io::stderr(), "{}", inert(&message));
        }
    }

    /// A warning, printed even when quiet: something the user asked for
    /// that they must not overlook.
    pub(super) fn warning(&self, message: &str) {
        let message = self.redact(message);
        let _ = writeln!(
            std::io::stderr(),
            "{}{}",
            self.tag("warning", "33"),
            inert(&message)
        );
    }

    pub(super) fn error(&self, err: &Error) {
        let message = err.to_string();
        let message = self.redact(&message);
        let _ = writeln!(
            std::io::stderr(),
            "{}{}",
            self.tag("error", "31"),
            inert(&message)
        );
    }

    fn tag(&self, word: &str, color: &str) -> String {
        if self.color {
            format!("\x1b[1;{color}m{word}:\x1b[0m ")
        } else {
            format!("{word}: ")
        }
    }

    /// A byte-count progress bar, hidden unless stderr is a terminal; its
    /// `total` is worked out only for a bar that is shown.
    pub(super) fn progress(&self, total: impl FnOnce() -> u64, what: &str) -> ProgressBar {
        if self.quiet || !self.terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(total());
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(what.to_owned());
        bar
    }
}
