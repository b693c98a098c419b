//! `qualcode codings adjudicate`: settle the conflicts between coders at
//! the terminal (a line per answer, so it also runs under a script), or all
//! at once with `--non-interactive --prefer`.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use super::ui::Ui;
use crate::coding::Conflict;
use crate::coding::adjudicate::{self, Prefer};
use crate::project::Project;
use crate::{Result, natural::count};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  qualcode codings adjudicate --coders ana,ben --as final
  qualcode codings adjudicate --coders ana,ben --as final --non-interactive --prefer ben
  qualcode codings adjudicate --coders ana,ben --as final --list

At each conflict: y (the code applies), n (it does not), s (skip), q (quit).")]
pub(super) struct Args {
    /// The coders whose conflicts to settle (comma-separated, two or more).
    #[arg(long, value_name = "A,B", value_delimiter = ',', required = true)]
    coders: Vec<String>,
    /// The adjudicator: decisions go to codings/NAME.csv.
    #[arg(long = "as", value_name = "NAME")]
    judge: String,
    /// Only list the open conflicts; write nothing.
    #[arg(long, conflicts_with_all = ["non_interactive", "prefer"])]
    list: bool,
    /// Settle every conflict without asking, by --prefer.
    #[arg(long, requires = "prefer")]
    non_interactive: bool,
    /// With --non-interactive: take this coder's decision (a conflict they
    /// did not decide stays open), or `auto` for the auto-coding's answer.
    #[arg(long, value_name = "CODER|auto", requires = "non_interactive")]
    prefer: Option<String>,
}

pub(super) fn run(
    project: &Project,
    args: &Args,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let coders = adjudicate::parse_coders(&args.coders);
    adjudicate::check_args(project, &coders, &args.judge)?;
    let codes = crate::codebook::CodeSet::load(project)?;
    let corpus = super::common::load_corpus(project, ui)?;
    let (auto, notes) = crate::coding::load_auto(project, &corpus, &codes)?;
    for n in &notes {
        ui.note(n);
    }
    let conflicts =
        adjudicate::open_conflicts(project, &corpus, &codes, &auto, &coders, &args.judge)?;
    let say = |out: &mut dyn Write, line: &str| super::common::write_line(out, &ui.redact(line));
    if conflicts.is_empty() {
        say(
            out,
            &format!("no open conflict between {}", coders.join(", ")),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.list {
        for c in &conflicts {
            say(out, &c.describe())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(prefer) = &args.prefer {
        let prefer = if prefer == crate::agree::AUTO {
            Prefer::Auto
        } else {
            Prefer::Coder(prefer.clone())
        };
        let (written, open) = adjudicate::settle_all(project, &args.judge, &conflicts, &prefer)?;
        for line in &written {
            say(out, line)?;
        }
        if open > 0 {
            ui.note(&format!(
                "{} left open: --prefer's coder did not decide {}",
                count(open, "conflict"),
                if open == 1 { "it" } else { "them" }
            ));
        }
    } else {
        walk(project, args, &codes, &conflicts, ui, out)?;
    }
    if let Some(note) = adjudicate::final_note(project, &args.judge, &coders) {
        ui.note(&note);
    }
    Ok(ExitCode::SUCCESS)
}

/// Ask about each conflict in turn, reading one answer per line.
fn walk(
    project: &Project,
    args: &Args,
    codes: &crate::codebook::CodeSet,
    conflicts: &[Conflict],
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<()> {
    let say = |out: &mut dyn Write, line: &str| super::common::write_line(out, &ui.redact(line));
    let stdin = std::io::stdin();
    let mut answers = stdin.lock().lines();
    let mut decided = 0;
    'conflicts: for (i, c) in conflicts.iter().enumerate() {
        say(out, "")?;
        say(
            out,
            &format!(
                "conflict {} of {}: {}:{} (case {})",
                i + 1,
                conflicts.len(),
                c.document,
                crate::coding::manual::lines(c.line_start, c.line_end),
                c.case
            ),
        )?;
        let label = codes.code(&c.code).map_or("", |k| k.label.as_str());
        say(out, &format!("code: {} ({label})", c.code))?;
        let text = adjudicate::turn_text(project, c)?;
        for line in text.lines() {
            say(out, &format!("  | {line}"))?;
        }
        let (yes, no) = c.sides();
        say(
            out,
            &format!("applies: {}; does not: {}", yes.join(", "), no.join(", ")),
        )?;
        loop {
            write!(out, "[y] applies  [n] does not  [s] skip  [q] quit > ")
                .and_then(|()| out.flush())
                .map_err(|e| super::common::write_error(&e))?;
            let Some(answer) = answers.next() else {
                say(out, "")?;
                break 'conflicts;
            };
            let answer =
                answer.map_err(|e| crate::Error::io(std::path::Path::new("stdin"), "read", &e))?;
            let applies = match answer.trim() {
                "y" | "Y" => true,
                "n" | "N" => false,
                "s" | "S" => continue 'conflicts,
                "q" | "Q" => break 'conflicts,
                _ => continue,
            };
            say(
                out,
                &adjudicate::record(project, &args.judge, c, applies, "")?,
            )?;
            decided += 1;
            break;
        }
    }
    ui.note(&format!(
        "{} of {} decided",
        decided,
        count(conflicts.len(), "open conflict")
    ));
    Ok(())
}
