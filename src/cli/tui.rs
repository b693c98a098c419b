//! The terminal of `qualcode review`: raw mode and the alternate screen
//! (restored on exit, on error and on panic), one screen per item, keys
//! read one at a time. Every decision goes through the library's
//! [`Session`], which writes it before the screen moves on.

use std::io::Write;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, Print, SetAttribute};
use crossterm::{cursor, queue, terminal};

use crate::codebook::CodeSet;
use crate::coding::manual::lines;
use crate::coding::store::Action;
use crate::ingest::Corpus;
use crate::redact::Redactor;
use crate::review::{Item, Session};
use crate::{Error, ErrorKind, Result};

/// Raw mode and the alternate screen while alive; both undone on drop,
/// and by a panic hook if a panic comes first.
pub(super) struct Screen;

impl Screen {
    pub(super) fn enter() -> Result<Screen> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        terminal::enable_raw_mode().map_err(|e| term_error(&e))?;
        let screen = Screen; // from here on, dropping restores
        crossterm::execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide
        )
        .map_err(|e| term_error(&e))?;
        Ok(screen)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

fn restore() {
    let _ = crossterm::execute!(
        std::io::stdout(),
        SetAttribute(Attribute::Reset),
        cursor::Show,
        terminal::LeaveAlternateScreen
    );
    let _ = terminal::disable_raw_mode();
}

pub(super) fn term_error(e: &std::io::Error) -> Error {
    Error::new(ErrorKind::Io, format!("terminal: {e}"))
}

/// What the bottom lines show.
enum Mode {
    /// Waiting for a key on the item.
    Keys,
    /// Typing a code id to add.
    Prompt(String),
}

/// Run the review until the coder quits; a one-line summary.
/// `notes` (how the codings were read) show on the first screen.
pub(super) fn run(
    session: &mut Session<'_>,
    codes: &CodeSet,
    corpus: &Corpus,
    notes: &[String],
    redactor: &Redactor,
) -> Result<String> {
    let start = session.undecided();
    let screen = Screen::enter()?;
    let mut mode = Mode::Keys;
    let mut status = if notes.is_empty() {
        format!("decisions are saved to {} as you make them", session.file())
    } else {
        format!("note: {}", notes.join("; "))
    };
    loop {
        draw(session, codes, corpus, &mode, &status, redactor).map_err(|e| term_error(&e))?;
        let Event::Key(key) = event::read().map_err(|e| term_error(&e))? else {
            continue; // a resize: draw again
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            break;
        }
        match &mut mode {
            Mode::Keys => match key.code {
                KeyCode::Char('q') | KeyCode::Esc => break,
                KeyCode::Char('a') if session.current().is_some() => {
                    status = decided(session, Action::Accept);
                }
                KeyCode::Char('r') if session.current().is_some() => {
                    status = decided(session, Action::Reject);
                }
                KeyCode::Char('s') if session.current().is_some() => {
                    session.skip();
                    "skipped: not saved, it comes back next run".clone_into(&mut status);
                }
                KeyCode::Char('c') if session.current().is_some() => {
                    mode = Mode::Prompt(String::new());
                    status = String::new();
                }
                KeyCode::Char('u') => {
                    status = match session.undo() {
                        Ok(Some(row)) => format!(
                            "undone: {} of {} at {}:{}",
                            row.action.as_str(),
                            row.code,
                            row.document,
                            row.line
                        ),
                        Ok(None) => "nothing to undo".to_owned(),
                        Err(e) => e.to_string(),
                    };
                }
                _ => {}
            },
            Mode::Prompt(input) => match prompt_key(key, input, codes) {
                Prompted::Typing(message) => status = message,
                Prompted::Cancel => {
                    mode = Mode::Keys;
                    "no code added".clone_into(&mut status);
                }
                Prompted::Add(id) => {
                    status = match session.add(&id) {
                        Ok(notes) if notes.is_empty() => format!("added {id}"),
                        Ok(notes) => format!("added {id}: {}", notes.join("; ")),
                        Err(e) => e.to_string(),
                    };
                    mode = Mode::Keys;
                }
            },
        }
    }
    drop(screen);
    let done = start.saturating_sub(session.undecided());
    Ok(format!(
        "{}: {} decided this session, {} still to review",
        session.file(),
        crate::natural::count(
            done,
            if session.is_suggestions() {
                "suggestion"
            } else {
                "coding"
            }
        ),
        session.undecided()
    ))
}

fn decided(session: &mut Session<'_>, action: Action) -> String {
    let what = session
        .current()
        .map(|i| format!("{} {}", past(action), i.coding.code))
        .unwrap_or_default();
    match session.decide(action) {
        Ok(()) => format!("{what}: saved"),
        Err(e) => e.to_string(),
    }
}

fn past(action: Action) -> &'static str {
    match action {
        Action::Accept => "accepted",
        Action::Reject => "rejected",
        Action::Add => "added",
    }
}

pub(super) enum Prompted {
    Typing(String),
    Cancel,
    Add(String),
}

/// One key typed at the add-a-code prompt.
pub(super) fn prompt_key(key: KeyEvent, input: &mut String, codes: &CodeSet) -> Prompted {
    let matching = |input: &str| -> Vec<String> {
        codes
            .codes()
            .filter(|c| c.id.starts_with(input))
            .map(|c| c.id.to_string())
            .collect()
    };
    match key.code {
        KeyCode::Esc => Prompted::Cancel,
        KeyCode::Backspace => {
            input.pop();
            Prompted::Typing(String::new())
        }
        KeyCode::Char(c) if !c.is_control() => {
            input.push(c);
            Prompted::Typing(String::new())
        }
        KeyCode::Tab => {
            let found = matching(input);
            if let Some(first) = found.first() {
                let common = found.iter().fold(first.clone(), |acc, id| {
                    acc.chars()
                        .zip(id.chars())
                        .take_while(|(a, b)| a == b)
                        .map(|(a, _)| a)
                        .collect()
                });
                *input = common;
            }
            Prompted::Typing(match found.len() {
                0 => format!("no code starts with {input}"),
                1 => String::new(),
                _ => candidates(&found, input),
            })
        }
        KeyCode::Enter => {
            if codes.code(input).is_some() {
                return Prompted::Add(input.clone());
            }
            let found = matching(input);
            if let [one] = found.as_slice() {
                return Prompted::Add(one.clone());
            }
            Prompted::Typing(match codes.require(input) {
                Err(e) if found.is_empty() => e.message().to_owned(),
                _ => candidates(&found, input),
            })
        }
        _ => Prompted::Typing(String::new()),
    }
}

/// `3 codes start with m.f: m.family, m.family.kids, m.family.kin`, the
/// list cut after six (`type a code id: …` before anything is typed).
fn candidates(found: &[String], input: &str) -> String {
    let shown: Vec<&str> = found.iter().take(6).map(String::as_str).collect();
    let which = if input.is_empty() {
        "type a code id:".to_owned()
    } else {
        format!("{} codes start with {input}:", found.len())
    };
    format!(
        "{which} {}{}",
        shown.join(", "),
        if found.len() > shown.len() {
            ", …"
        } else {
            ""
        }
    )
}

/// The terminal's size, or 80×24 where it does not say (a bare pty).
pub(super) fn size() -> (usize, usize) {
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n| n > 0)
            .unwrap_or(default)
    };
    match terminal::size() {
        Ok((w, h)) if w > 0 && h > 0 => (usize::from(w), usize::from(h)),
        _ => (env("COLUMNS", 80), env("LINES", 24)),
    }
}

/// One piece of a screen line: text, and whether it is marked.
pub(super) type Line = Vec<(String, bool)>;

pub(super) fn plain(text: impl Into<String>) -> Line {
    vec![(text.into(), false)]
}

fn draw(
    session: &Session<'_>,
    codes: &CodeSet,
    corpus: &Corpus,
    mode: &Mode,
    status: &str,
    redactor: &Redactor,
) -> std::io::Result<()> {
    let (width, height) = size();
    let width = width.max(20);
    let view = View {
        session,
        codes,
        corpus,
        redactor,
    };
    let lines = view.lines(mode, status, width, height);
    paint(&lines, width)
}

/// Clear the screen and show `lines`, each cut to `width`, marked pieces
/// in reverse video.
pub(super) fn paint(lines: &[Line], width: usize) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    queue!(out, terminal::Clear(terminal::ClearType::All))?;
    for (row, line) in lines.iter().enumerate() {
        queue!(
            out,
            cursor::MoveTo(0, u16::try_from(row).unwrap_or(u16::MAX))
        )?;
        let mut used = 0;
        for (text, marked) in line {
            // Transcript text, case attributes and file names may hold
            // control or bidi characters: shown escaped, never acted on.
            let text: String = crate::render::sanitize::terminal_line(text)
                .chars()
                .take(width.saturating_sub(used))
                .collect();
            used += text.chars().count();
            if *marked {
                queue!(
                    out,
                    SetAttribute(Attribute::Reverse),
                    Print(text),
                    SetAttribute(Attribute::Reset)
                )?;
            } else {
                queue!(out, Print(text))?;
            }
        }
    }
    out.flush()
}

/// What one review screen shows.
struct View<'s, 'a> {
    session: &'s Session<'a>,
    codes: &'s CodeSet,
    corpus: &'s Corpus,
    redactor: &'s Redactor,
}

impl View<'_, '_> {
    /// The screen's lines, at most `height`. The segment's text comes
    /// redacted (and its highlights placed) from the library; every other
    /// line is redacted whole here.
    fn lines(&self, mode: &Mode, status: &str, width: usize, height: usize) -> Vec<Line> {
        let (session, codes, corpus, redactor) =
            (self.session, self.codes, self.corpus, self.redactor);
        let rule = plain("─".repeat(width));
        let (k, n) = session.position();
        let mut top: Vec<Line> = Vec::new();
        let mut bottom: Vec<Line> = vec![rule.clone()];
        let mut middle: Vec<Line> = Vec::new();
        let (title, what) = if session.is_suggestions() {
            (
                format!("qualcode review · {} · suggestions", session.coder()),
                "suggestions",
            )
        } else {
            (
                format!("qualcode review · {}", session.coder()),
                "auto codings",
            )
        };
        let title = redactor.apply(&title);
        let left = format!("{} to review", session.undecided());
        if let Some(item) = session.current() {
            top.push(vec![(format!("{title} · item {k} of {n} · {left}"), true)]);
            top.push(plain(redactor.apply(&place(item, corpus))));
            top.push(rule.clone());
            middle = wrap(&item.text, &item.highlights, width - 2)
                .into_iter()
                .map(|mut l| {
                    l.insert(0, ("  ".to_owned(), false));
                    l
                })
                .collect();
            bottom.extend(code_lines(item, codes, width, redactor));
        } else {
            top.push(vec![(format!("{title} · {left}"), true)]);
            top.push(rule.clone());
            middle.push(plain(if n == 0 {
                format!("No {what} to review here.")
            } else if session.undecided() == 0 {
                format!("All {n} {what} are reviewed.")
            } else {
                format!(
                    "End of the list: {} skipped come back next run.",
                    session.undecided()
                )
            }));
        }
        bottom.push(rule);
        match mode {
            Mode::Keys if session.is_suggestions() && session.current().is_some() => {
                bottom.push(plain(
                    "a accept (adds the code) · r reject · c add a code · s skip · u undo · q quit",
                ));
            }
            Mode::Keys if session.current().is_some() => bottom.push(plain(
                "a accept · r reject · c add a code · s skip · u undo · q quit",
            )),
            Mode::Keys => bottom.push(plain("u undo · q quit")),
            Mode::Prompt(input) => bottom.push(plain(format!(
                "add code (Tab completes, Enter adds, Esc cancels): {input}▏"
            ))),
        }
        bottom.push(plain(redactor.apply(status)));
        // The text gets the rows the rest leaves, cut with … if it must be.
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
}

/// `transcripts/F1.txt:6  case F1 (cohort Younger)`.
fn place(item: &Item, corpus: &Corpus) -> String {
    let c = &item.coding;
    let attributes: Vec<String> = corpus
        .cases
        .get(&c.case)
        .map(|case| {
            case.attributes
                .iter()
                .map(|(k, v)| format!("{k} {}", v.value))
                .collect()
        })
        .unwrap_or_default();
    let place = format!(
        "{}:{}  case {}",
        c.document,
        lines(c.line_start, c.line_end),
        c.case
    );
    if attributes.is_empty() {
        place
    } else {
        format!("{place} ({})", attributes.join(", "))
    }
}

/// The code's id, label, description, short include/exclude notes and
/// what matched.
fn code_lines(item: &Item, codes: &CodeSet, width: usize, redactor: &Redactor) -> Vec<Line> {
    let c = &item.coding;
    let mut out = Vec::new();
    let Some(code) = codes.code(&c.code) else {
        return vec![plain(c.code.clone())];
    };
    out.push(vec![(format!("{}  {}", code.id, code.label), true)]);
    let mut note = |prefix: &str, text: &str, max: usize| {
        let all = wrap(&redactor.apply(&format!("{prefix}{text}")), &[], width);
        if all.len() <= max {
            out.extend(all);
        }
    };
    if let Some(d) = &code.description {
        note("", d, 3);
    }
    if let Some(i) = &code.include {
        note("include: ", i, 2);
    }
    if let Some(e) = &code.exclude {
        note("exclude: ", e, 2);
    }
    if !c.pattern.is_empty() {
        note("matched by: ", &c.pattern, 1);
    }
    if let Some(s) = &item.suggestion {
        note(
            "suggested: ",
            &format!("score {} · shared words {}", s.score, s.why),
            2,
        );
        note("resembles: ", &s.resembles, 2);
    }
    out
}

/// `text` wrapped at word boundaries to `width` characters, words that
/// overlap a highlight marked. Words longer than a line are cut.
pub(super) fn wrap(text: &str, highlights: &[(usize, usize)], width: usize) -> Vec<Line> {
    let width = width.max(1);
    let mut lines: Vec<Line> = Vec::new();
    let mut line: Line = Vec::new();
    let mut used = 0;
    let mut at = 0;
    for word in text.split_whitespace() {
        let start = at + text[at..].find(word).expect("a word of the text");
        let end = start + word.len();
        at = end;
        let marked = highlights.iter().any(|&(s, e)| s < end && start < e);
        let mut word = word.to_owned();
        loop {
            let len = word.chars().count();
            if used > 0 && used + 1 + len > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push((" ".to_owned(), false));
                used += 1;
            }
            if len <= width {
                line.push((word, marked));
                used += len;
                break;
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            line.push((head, marked));
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_review_screen_is_redacted() {
        let dir = tempfile::tempdir().unwrap();
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        // The case id and file name (F1), an attribute value, the coder.
        let yaml = dir.path().join("qualcode.yaml");
        let text = std::fs::read_to_string(&yaml).unwrap().replace(
            "  Sarah: \"[ICSM]\"\n",
            "  Sarah: \"[ICSM]\"\n  F1: \"[P1]\"\n  Younger: \"[Y]\"\n  Quenby: \"[C]\"\n",
        );
        std::fs::write(&yaml, text).unwrap();
        let project = crate::project::Project::load(&yaml).unwrap();
        let codes = CodeSet::load(&project).unwrap();
        let corpus = crate::ingest::load(&project).unwrap();
        let (auto, _) = crate::coding::load_auto(&project, &corpus, &codes).unwrap();
        let opts = crate::review::ReviewOptions::default();
        let items = crate::review::items(&project, &corpus, &codes, &auto, &opts).unwrap();
        let session = Session::new(&project, "quenby", &corpus, &codes, &auto, items).unwrap();
        let redactor = Redactor::for_project(&project);
        let view = View {
            session: &session,
            codes: &codes,
            corpus: &corpus,
            redactor: &redactor,
        };
        let status = format!("decisions are saved to {}", session.file());
        let shown = show(&view.lines(&Mode::Keys, &status, 80, 40)).join("\n");
        for stand_in in ["[P1]", "[Y]", "[C]"] {
            assert!(shown.contains(stand_in), "{stand_in} in\n{shown}");
        }
        for raw in ["F1", "Younger", "quenby"] {
            assert!(!shown.contains(raw), "{raw} in\n{shown}");
        }
    }

    fn show(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.iter()
                    .map(|(t, m)| if *m { format!("[{t}]") } else { t.clone() })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_add_prompt_completes_prefixes_and_refuses_unknown_codes() {
        let mut codes = CodeSet::default();
        let yaml = "codebook: m\ncodes:\n  - id: money\n  - id: family\n    children:\n      \
                    - id: kids\n      - id: kin\n";
        codes.add(CodeSet::parse(yaml, "m.yaml").unwrap()).unwrap();
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let mut input = String::new();
        for c in "m.fa".chars() {
            prompt_key(key(KeyCode::Char(c)), &mut input, &codes);
        }
        prompt_key(key(KeyCode::Tab), &mut input, &codes);
        assert_eq!(input, "m.family");
        prompt_key(key(KeyCode::Char('.')), &mut input, &codes);
        let Prompted::Typing(message) = prompt_key(key(KeyCode::Tab), &mut input, &codes) else {
            panic!("still typing");
        };
        assert_eq!(
            (input.as_str(), message.as_str()),
            (
                "m.family.ki",
                "2 codes start with m.family.ki: m.family.kids, m.family.kin"
            )
        );
        assert_eq!(candidates(&["a.b".to_owned()], ""), "type a code id: a.b");
        prompt_key(key(KeyCode::Char('d')), &mut input, &codes);
        assert!(
            matches!(prompt_key(key(KeyCode::Enter), &mut input, &codes), Prompted::Add(id) if id == "m.family.kids")
        );
        input = "m.mon".to_owned();
        assert!(
            matches!(prompt_key(key(KeyCode::Enter), &mut input, &codes), Prompted::Add(id) if id == "m.money")
        );
        input = "m.zzz".to_owned();
        let Prompted::Typing(message) = prompt_key(key(KeyCode::Enter), &mut input, &codes) else {
            panic!("refused");
        };
        assert!(message.starts_with("unknown code 'm.zzz'"), "{message}");
        assert!(matches!(
            prompt_key(key(KeyCode::Esc), &mut input, &codes),
            Prompted::Cancel
        ));
    }

    #[test]
    fn wrap_breaks_at_words_and_marks_matched_words() {
        let text = "Honestly it's the money.\nI want to pay my bills.";
        let money = text.find("money").unwrap();
        let lines = wrap(text, &[(money, money + 5)], 16);
        assert_eq!(
            show(&lines),
            [
                "Honestly it's",
                "the [money.] I",
                "want to pay my",
                "bills."
            ]
        );
        assert_eq!(show(&wrap("abcdefghij", &[], 4)), ["abcd", "efgh", "ij"]);
        assert_eq!(show(&wrap("", &[], 4)), [""]);
    }
}
