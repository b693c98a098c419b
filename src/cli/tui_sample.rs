//! The terminal of `qualcode review --sample`: the blind coding of a
//! validation sample. One screen per sampled segment, with its text and
//! no auto codes; the coder chooses codes of the sheet's codebook (all of
//! them listed) and saves. Every save goes through the library's
//! [`BlindSession`], which writes the sheet before the screen moves on.

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use super::tui::{Line, Prompted, Screen, paint, plain, prompt_key, size, term_error, wrap};
use crate::Result;
use crate::codebook::CodeSet;
use crate::redact::Redactor;
use crate::sample::blind::BlindSession;

/// Run the blind coding until the coder quits; a one-line summary. `codes`
/// are the codes offered (the sheet's codebook).
pub(super) fn run(
    session: &mut BlindSession<'_>,
    codes: &CodeSet,
    redactor: &Redactor,
    file: &str,
) -> Result<String> {
    let start = session.undecided();
    let screen = Screen::enter()?;
    let mut prompt: Option<String> = None;
    let mut status = format!("decisions are saved to {file} as you make them");
    loop {
        let lines = screen_lines(session, codes, prompt.as_deref(), &status, redactor);
        paint(&lines, size().0.max(20)).map_err(|e| term_error(&e))?;
        let Event::Key(key) = event::read().map_err(|e| term_error(&e))? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            break;
        }
        if let Some(input) = &mut prompt {
            match prompt_key(key, input, codes) {
                Prompted::Typing(message) => status = message,
                Prompted::Cancel => {
                    prompt = None;
                    "no code chosen".clone_into(&mut status);
                }
                Prompted::Add(id) => {
                    status = match session.toggle(&id) {
                        Ok(true) => format!("chosen {id}"),
                        Ok(false) => format!("un-chosen {id}"),
                        Err(e) => e.to_string(),
                    };
                    prompt = None;
                }
            }
            continue;
        }
        let here = session.current().is_some();
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => break,
            KeyCode::Char('c') if here => {
                prompt = Some(String::new());
                status = String::new();
            }
            KeyCode::Char('x') if here => {
                for code in session.chosen().to_vec() {
                    let _ = session.toggle(&code);
                }
                "cleared the codes chosen".clone_into(&mut status);
            }
            KeyCode::Enter if here => {
                let what = match session.chosen() {
                    [] => "no code".to_owned(),
                    chosen => chosen.join(", "),
                };
                status = match session.save() {
                    Ok(()) => format!("saved: {what}"),
                    Err(e) => e.to_string(),
                };
            }
            KeyCode::Char('s') if here => {
                session.skip();
                "skipped: not saved, it comes back next run".clone_into(&mut status);
            }
            KeyCode::Char('b') => {
                session.back();
                "back one segment: Enter saves it again".clone_into(&mut status);
            }
            _ => {}
        }
    }
    drop(screen);
    let done = start.saturating_sub(session.undecided());
    Ok(format!(
        "{file}: {} coded this session, {} still to code",
        crate::natural::count(done, "segment"),
        session.undecided()
    ))
}

/// The screen's lines: title, place, the segment's text (redacted by the
/// library), the codes chosen, every code offered, keys and status.
fn screen_lines(
    session: &BlindSession<'_>,
    codes: &CodeSet,
    prompt: Option<&str>,
    status: &str,
    redactor: &Redactor,
) -> Vec<Line> {
    let (width, height) = size();
    let width = width.max(20);
    let rule = plain("─".repeat(width));
    let (k, n) = session.position();
    let title = redactor.apply(&format!(
        "qualcode review --sample · {} · blind: no auto codes shown",
        session.coder()
    ));
    let mut top: Vec<Line> = Vec::new();
    let mut middle: Vec<Line> = Vec::new();
    let mut bottom: Vec<Line> = vec![rule.clone()];
    if let Some(item) = session.current() {
        top.push(vec![(
            format!(
                "{title} · segment {k} of {n} · {} to code",
                session.undecided()
            ),
            true,
        )]);
        let lines = if item.line_start == item.line_end {
            item.line_start.to_string()
        } else {
            format!("{}-{}", item.line_start, item.line_end)
        };
        let again = if session.was_decided() {
            "  (coded before: Enter keeps these codes)"
        } else {
            ""
        };
        top.push(plain(redactor.apply(&format!(
            "{}:{lines}  case {}{again}",
            item.document, item.case
        ))));
        top.push(rule.clone());
        middle = wrap(&item.text, &[], width - 2)
            .into_iter()
            .map(|mut l| {
                l.insert(0, ("  ".to_owned(), false));
                l
            })
            .collect();
        let chosen = match session.chosen() {
            [] => "none yet (Enter saves: no code applies)".to_owned(),
            c => c.join(", "),
        };
        bottom.push(vec![(format!("chosen: {chosen}"), true)]);
        let offered: Vec<String> = codes
            .codes()
            .map(|c| format!("{}  {}", c.id, c.label))
            .collect();
        let room = height.saturating_sub(top.len() + 12).max(2);
        for line in offered.iter().take(room) {
            bottom.push(plain(redactor.apply(line)));
        }
        if offered.len() > room {
            bottom.push(plain(format!(
                "… and {} more (c then Tab lists them)",
                offered.len() - room
            )));
        }
    } else {
        top.push(vec![(
            format!("{title} · {} to code", session.undecided()),
            true,
        )]);
        top.push(rule.clone());
        middle.push(plain(if session.undecided() == 0 {
            format!("All {n} segments of the sample are coded: `qualcode agree --coders auto,{}` scores auto-coding on them.", session.coder())
        } else {
            format!(
                "End of the sample: {} skipped come back next run.",
                session.undecided()
            )
        }));
    }
    bottom.push(rule);
    bottom.push(plain(match prompt {
        Some(input) => format!(
            "choose code (Tab completes, Enter chooses or un-chooses, Esc cancels): {input}▏"
        ),
        None if session.current().is_some() => {
            "c choose a code · x clear · Enter save and next · s skip · b back · q quit".to_owned()
        }
        None => "b back · q quit".to_owned(),
    }));
    bottom.push(plain(redactor.apply(status)));
    let room = height.saturating_sub(top.len() + bottom.len()).max(1);
    if middle.len() > room {
        middle.truncate(room.saturating_sub(1));
        middle.push(plain("  …"));
    }
    top.into_iter()
        .chain(middle)
        .chain(bottom)
        .take(height)
        .collect()
}
