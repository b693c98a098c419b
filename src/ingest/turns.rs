//! Speaker turns in plain-text and Markdown transcripts: a line `Label: text`
//! starts a turn and the lines after it continue it. Text before the first
//! turn is the preamble (titles, licence blocks) and is never coded.

/// A turn as written, before speakers are resolved to cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTurn {
    /// The speaker label as written (`MEL`, `F4`, `Interviewer`).
    pub label: String,
    /// First line (1-based, in the whole file).
    pub line_start: usize,
    /// Last non-blank line.
    pub line_end: usize,
    /// The speech: the text after the label and the continuation lines.
    pub text: String,
    /// When the turn starts, in milliseconds, in timed transcripts.
    pub start_ms: Option<u64>,
}

/// The body of a transcript split into a preamble and turns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// Non-blank lines before the first turn: (first line, last line, count).
    pub preamble: Option<(usize, usize, usize)>,
    /// Turns in order.
    pub turns: Vec<RawTurn>,
    /// Header lines before the first turn that name an interviewer
    /// (`Interviewer: Yasmine Hassan`), as written.
    pub interviewer_headers: Vec<String>,
}

/// Split `body` (starting at line `first_line`) into turns. `known` labels
/// are accepted in any letter case; other labels must look like names
/// (each word starting with a capital letter or a digit).
pub fn split(body: &str, first_line: usize, known: &[String]) -> Body {
    split_with(body, first_line, known, None)
}

/// [`split`], with the project's own label rule if it has one: a regex with
/// a `label` group (and optionally a `text` group, else the rest of the
/// line) that replaces the built-in forms.
pub fn split_with<'a>(
    body: &'a str,
    first_line: usize,
    known: &[String],
    rule: Option<&regex::Regex>,
) -> Body {
    let mut out = Body::default();
    // The turn being read, and the byte range of its text in `body`.
    let mut current: Option<(RawTurn, usize, usize)> = None;
    let mut offset = 0;
    let raws: Vec<&str> = body.split_inclusive('\n').collect();
    let line_of = |raw: &'a str| {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        line.strip_suffix('\r').unwrap_or(line)
    };
    let other_forms = OtherForms::of(raws.iter().map(|r| line_of(r)), known);
    let label_of = |line: &'a str, known: &[String]| match rule {
        Some(rule) => custom_label(rule, line),
        None => label_of(line, known).or_else(|| other_forms.label_of(line)),
    };
    for (i, raw) in raws.iter().enumerate() {
        let line_no = first_line + i;
        let line = line_of(raw);
        let line_end = offset + line.len();
        let labelled = label_of(line, known);
        // The next non-blank line's label, for a header block's first line.
        let next_is_key = || {
            raws[i + 1..]
                .iter()
                .map(|r| line_of(r))
                .find(|l| !is_blank(l))
                .and_then(|l| label_of(l, known))
                .is_some_and(|(label, _)| is_header_key(label))
        };
        if let Some((label, rest)) = labelled
            && current.is_none()
            && (is_header_key(label) || (names_interviewer(label, rest) && next_is_key()))
        {
            // A header block (interviewer, date, place) before the first
            // turn is not speech.
            if !is_header_key(label) {
                out.interviewer_headers.push(line.trim().to_owned());
            }
            let p = out.preamble.get_or_insert((line_no, line_no, 0));
            p.1 = line_no;
            p.2 += 1;
        } else if let Some((label, rest)) = labelled {
            if let Some(turn) = current.take() {
                out.turns.push(finish(turn, body));
            }
            let turn = RawTurn {
                label: label.to_owned(),
                line_start: line_no,
                line_end: line_no,
                text: String::new(),
                start_ms: None,
            };
            current = Some((turn, line_end - rest.len(), line_end));
        } else if let Some((turn, _, end)) = current.as_mut() {
            if !is_blank(line) {
                turn.line_end = line_no;
            }
            *end = line_end;
        } else if !is_blank(line) {
            let p = out.preamble.get_or_insert((line_no, line_no, 0));
            p.1 = line_no;
            p.2 += 1;
        }
        offset += raw.len();
    }
    if let Some(turn) = current.take() {
        out.turns.push(finish(turn, body));
    }
    out
}

/// The turn with its text: the rest of its first line and its continuation
/// lines, joined by line feeds, without the blank lines and spaces that end it.
fn finish((mut turn, start, end): (RawTurn, usize, usize), body: &str) -> RawTurn {
    let text = body[start..end].trim_end();
    turn.text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    };
    turn
}

/// Labels written in the less common forms, `[Name] text` (`QualCoder`'s
/// `[id1]`) and `Name - text` (`Teacher 4-` then a tab): accepted only when
/// the same label is written that way on two lines or more of the document,
/// or is a known label, since a single `[Laughs] yes` or `Well - it was
/// hard` is speech, not a speaker.
struct OtherForms {
    labels: std::collections::HashSet<String>,
}

/// Bracketed notes that are never speakers.
const NOTES: [&str; 12] = [
    "laughs",
    "laughter",
    "laughing",
    "inaudible",
    "unintelligible",
    "crosstalk",
    "cross talk",
    "pause",
    "silence",
    "coughs",
    "music",
    "overlapping",
];

impl OtherForms {
    fn of<'a>(lines: impl Iterator<Item = &'a str>, known: &[String]) -> OtherForms {
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for line in lines {
            if let Some((label, _)) = bracket_label(line).or_else(|| dash_label(line)) {
                *seen.entry(label.to_owned()).or_default() += 1;
            }
        }
        let labels = seen
            .into_iter()
            .filter(|(label, n)| {
                *n >= 2
                    || known
                        .iter()
                        .any(|k| crate::natural::eq_ignore_case(k, label))
            })
            .map(|(label, _)| label)
            .collect();
        OtherForms { labels }
    }

    fn label_of<'a>(&self, line: &'a str) -> Option<(&'a str, &'a str)> {
        bracket_label(line)
            .or_else(|| dash_label(line))
            .filter(|(label, _)| self.labels.contains(*label))
    }
}

/// A line's label and text by the project's own rule.
fn custom_label<'a>(rule: &regex::Regex, line: &'a str) -> Option<(&'a str, &'a str)> {
    let caps = rule.captures(line)?;
    let label = caps.name("label")?.as_str().trim_matches(is_space);
    let text = match caps.name("text") {
        Some(text) => text.as_str(),
        None => &line[caps.get(0)?.end()..],
    };
    (!label.is_empty()).then(|| (label, text.trim_start_matches(is_space)))
}

/// `[Name] text`: a plausible label in brackets, then speech.
fn bracket_label(line: &str) -> Option<(&str, &str)> {
    let s = line.trim_start_matches(is_space).strip_prefix('[')?;
    let close = s.find(']')?;
    let label = s[..close].trim_matches(is_space);
    let rest = s[close + 1..].trim_start_matches(is_space);
    let note = NOTES.iter().any(|n| label.eq_ignore_ascii_case(n));
    (!rest.is_empty() && !note && plausible(label)).then_some((label, rest))
}

/// `Name - text` or `Name-` then a tab: a capitalised label, a hyphen and
/// white space.
fn dash_label(line: &str) -> Option<(&str, &str)> {
    let s = line.trim_start_matches(is_space);
    let dash = s.find('-')?;
    let after = &s[dash + 1..];
    if !after.starts_with(is_space) {
        return None;
    }
    let label = s[..dash].trim_matches(is_space);
    let capitalised = label
        .split(' ')
        .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric()));
    (plausible(label) && capitalised).then(|| (label, after.trim_start_matches(is_space)))
}

/// Whether `label`, before any turn, is a transcript header's key ("Date:
/// 16/10/2014", "Place: her office") rather than a speaker.
fn is_header_key(label: &str) -> bool {
    const KEYS: [&str; 29] = [
        "date",
        "time",
        "place",
        "location",
        "venue",
        "duration",
        "length",
        "interviewee",
        "narrator",
        "respondent",
        "transcriber",
        "transcribed",
        "transcription",
        "project",
        "recorded",
        "recording",
        "file",
        "audio",
        "study",
        "course",
        "prof",
        "professor",
        "supervisor",
        "topic",
        "subject",
        "language",
        "persons",
        "present",
        "attendees",
    ];
    let first = label
        .split(' ')
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_lowercase();
    KEYS.contains(&first.as_str())
}

/// Whether `label: rest` names the interviewer ("Interviewer: Yasmine
/// Hassan"); a header line only when a header key follows it.
/// Whether `label: rest` is a header line naming an interviewer
/// (`Interviewer: Yasmine Hassan`).
pub(crate) fn names_interviewer(label: &str, rest: &str) -> bool {
    let words = rest.split_whitespace().count();
    matches!(
        label.to_lowercase().as_str(),
        "interviewer" | "moderator" | "facilitator"
    ) && (1..=4).contains(&words)
        && !rest.contains(['?', '!', '.'])
        && rest
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase))
}

fn is_blank(line: &str) -> bool {
    line.chars().all(is_space)
}

/// White space, including no-break spaces, and zero-width characters.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// If `line` starts a turn, its label and the rest of the line.
pub fn label_of<'a>(line: &'a str, known: &[String]) -> Option<(&'a str, &'a str)> {
    let start = line.len() - line.trim_start_matches(is_space).len();
    let mut s = &line[start..];
    let bold = s.starts_with("**");
    if bold {
        s = &s[2..];
    }
    let colon = s.find(':')?;
    let raw = &s[..colon];
    let label = raw.strip_suffix("**").unwrap_or(raw).trim_matches(is_space);
    let mut rest = &s[colon + 1..];
    if bold {
        rest = rest.strip_prefix("**").unwrap_or(rest);
    }
    if !(rest.is_empty() || rest.starts_with(is_space)) {
        return None;
    }
    if !plausible(label) {
        return None;
    }
    let is_known = known
        .iter()
        .any(|k| crate::natural::eq_ignore_case(k, label));
    if !is_known
        && !label
            .split(' ')
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric()))
    {
        return None;
    }
    Some((label, rest.trim_start_matches(is_space)))
}

fn plausible(label: &str) -> bool {
    let ok_chars = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '\u{2019}' | '-' | '_'));
    ok_chars
        && label.chars().count() <= 40
        && label.starts_with(char::is_alphanumeric)
        && label.chars().any(char::is_alphabetic)
        && label.split(' ').filter(|w| !w.is_empty()).count() <= 4
        && !label.contains("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn label(line: &str, want: Option<&str>) {
        let known = vec!["mel".to_owned()];
        assert_eq!(label_of(line, &known).map(|(l, _)| l), want, "{line:?}");
    }

    #[test]
    fn labels_that_start_turns() {
        label("Interviewer: What made you?", Some("Interviewer"));
        label("F4: money", Some("F4"));
        label("MEL: Okay.", Some("MEL"));
        label("mel: lower case known label", Some("mel"));
        label("**NAOMI:** bold", Some("NAOMI"));
        label("**NAOMI**: bold label only", Some("NAOMI"));
        label("  Participant 2:   indented", Some("Participant 2"));
        label("\u{a0}Anna Smith:\u{a0}no-break space", Some("Anna Smith"));
        label("F4:", Some("F4"));
    }

    #[test]
    fn lines_that_do_not_start_turns() {
        label("So the first one is: this", None);
        label("> NAOMI: quoted excerpt", None);
        label("see http://example.org", None);
        label("12:30 we met", None);
        label("10: numbers only", None);
        label("I, Donald, hereby release: this", None);
        label("Note:continues without a space", None);
        label("A Very Long Label With Five: words", None);
    }

    #[test]
    fn a_header_block_before_the_first_turn_is_not_speech() {
        let body = "Interviewer: Yasmine Hassan\nNarrator: Ahmad Abd Rabou\nDate: 16/10/2014\n\
                    Place: Narrator's office\n\nHassan: Where were you born?\n\
                    Abd Rabou: In Cairo.\nDate: later, a date is speech\n";
        let b = split(body, 1, &["Hassan".to_owned()]);
        assert_eq!(b.preamble, Some((1, 4, 4)));
        let labels: Vec<&str> = b.turns.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Hassan", "Abd Rabou", "Date"]);
        // An interviewer's question is a turn, not a header.
        let b = split("Interviewer: What made you apply?\nF4: Money.\n", 1, &[]);
        assert_eq!(b.turns.len(), 2);
    }

    #[test]
    fn bracket_and_dash_labels_count_when_a_document_uses_them() {
        let body = "[id1] hello, I like the course.\n\n[id2] I am struggling.\n\
                    [Laughs] and then\n[id1] yes.\n[id2] Hmm.\n";
        let labels: Vec<String> = split(body, 1, &[])
            .turns
            .into_iter()
            .map(|t| t.label)
            .collect();
        assert_eq!(labels, ["id1", "id2", "id1", "id2"]);
        let body = "Teacher 4-\tStudents, time to learn.\n[Cross Talk 3:00]\n\
                    Multiple Students-\tYes.\nTeacher 4-\tGood.\nWell - one more\n";
        let b = split(body, 1, &["Multiple Students".to_owned()]);
        let labels: Vec<&str> = b.turns.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Teacher 4", "Multiple Students", "Teacher 4"]);
        assert_eq!(b.turns[2].text, "Good.\nWell - one more");
    }

    #[test]
    fn a_project_label_rule_replaces_the_built_in_forms() {
        let rule = regex::Regex::new(r"^(?P<label>[A-Z]+) > (?P<text>.*)$").unwrap();
        let body = "MEL > Hello.\nJO > Hi: there\nstill Jo\nMel: not a label now\n";
        let b = split_with(body, 1, &[], Some(&rule));
        let turns: Vec<(&str, &str)> = b
            .turns
            .iter()
            .map(|t| (t.label.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [
                ("MEL", "Hello."),
                ("JO", "Hi: there\nstill Jo\nMel: not a label now")
            ]
        );
    }

    #[test]
    fn continuation_lines_and_preamble() {
        let body =
            "# Title\nlicence text\n\nI: Question?\nF4: First line\n\ncontinued\n\nI: Next\n";
        let b = split(body, 10, &["I".to_owned()]);
        assert_eq!(b.preamble, Some((10, 11, 2)));
        assert_eq!(b.turns.len(), 3);
        assert_eq!(b.turns[1].label, "F4");
        assert_eq!(b.turns[1].text, "First line\n\ncontinued");
        assert_eq!((b.turns[1].line_start, b.turns[1].line_end), (14, 16));
    }
}
