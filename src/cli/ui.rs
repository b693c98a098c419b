//! Everything written to stderr: notes, errors and progress bars. Progress
//! shows only on a terminal; `--quiet` silences notes; `NO_COLOR` is honoured.
//! Every message is escaped and its overlong lines cut ([`inert`]): it may
//! quote a transcript, a file name or a 100,000-alternative pattern.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::Error;
use crate::render::sanitize::message as inert;

pub(super) struct Ui {
    quiet: bool,
    color: bool,
    terminal: bool,
}

impl Ui {
    pub(super) fn new(quiet: bool) -> Ui {
        let terminal = std::io::stderr().is_terminal();
        let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Ui {
            quiet,
            color,
            terminal,
        }
    }

    /// Whether `--quiet` was given.
    pub(super) fn quiet(&self) -> bool {
        self.quiet
    }

    /// A note or warning, unless quiet.
    pub(super) fn note(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(
                std::io::stderr(),
                "{}{}",
                self.tag("note", "33"),
                inert(message)
            );
        }
    }

    /// A line of a command's summary on stderr (stdout carrying results),
    /// unless quiet.
    pub(super) fn status(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{}", inert(message));
        }
    }

    pub(super) fn error(&self, err: &Error) {
        let message = err.to_string();
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

    /// A byte-count progress bar, hidden unless stderr is a terminal.
    pub(super) fn progress(&self, total: u64, what: &str) -> ProgressBar {
        if self.quiet || !self.terminal {
            return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        }
        let bar = ProgressBar::new(total);
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
