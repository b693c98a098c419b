//! Interviewers found, not assumed: which speakers of a document are
//! interviewers (moderators, hosts) when the config does not say.
//!
//! Owns the detection rules and their thresholds, and nothing else: the
//! config's own lists (`interviewers:`, `participants:`) are applied by
//! [`super::parse`], and they always win. The rules, in order:
//!
//! 1. **Role word.** The label is a role word (`Interviewer`, `Researcher`,
//!    `Experimenter`, `Moderator`,
//!    `Facilitator`, `Host`, `INT`, `Q`, `I`), a role word with a number
//!    or a name (`Interviewer 2`, `Moderator (Sue)`), or a name with a role
//!    in brackets (`Jane Doe (Host)`).
//! 2. **Header line.** A header before the first turn names the interviewer
//!    (`Interviewer: Yasmine Hassan`); a label made of consecutive words of
//!    that name (`Yasmine Hassan`, `Hassan`, `YASMINE`) is the interviewer.
//!    Front matter `interviewer: Yasmine Hassan` counts the same.
//! 3. **Across interviews.** Among the project's one-to-one interviews
//!    whose interviewer rules 1 and 2 do not find, a speaker who is one of
//!    the two in at least [`RECURRING_MIN_DOCUMENTS`] of them, each time
//!    with somebody else (at least two different people), and who speaks
//!    with more different people than anyone it shares an interview with.
//!    A participant interviewed in several rounds meets one interviewer; a
//!    project of one interview never has one; other kinds of transcript in
//!    the folder do not dilute it.
//!    **3b. Research team.** A label that speaks briefly in at least two
//!    interviews, never as a main speaker anywhere, with at least two
//!    different people besides whoever leads them all: a second
//!    interviewer, a captioner.
//! 4. **Introduction.** In a one-to-one conversation with no interviewer
//!    found otherwise, the speaker who opens it and names the other
//!    speaker, whose label is a name of two words or more, in that first
//!    turn (`And with me is Neil deGrasse Tyson`).
//! 5. **Questions.** With no interviewer found otherwise, the one speaker
//!    with at least [`QUESTIONS_MIN_TURNS`] turns, at least half of them
//!    holding a question mark, whose turns average at most half as many
//!    words as the other speakers' turns.
//! 6. **Moderator.** In a debate or panel (three main speakers or more)
//!    with no interviewer found otherwise, the one who asks the most
//!    questions, in short turns, to or from whom most changes of speaker
//!    go.
//!
//! "One-to-one" means exactly two speakers each hold at least a tenth of
//! the document's turns ([`MAIN_SPEAKER_SHARE`]): a transcriber who speaks
//! once does not make an interview a group.

use rayon::prelude::*;

use super::turns::{RawTurn, Runs};
use crate::natural::eq_ignore_case;
use crate::project::{Project, Recurring};

/// A speaker must be one of the two in at least this many one-to-one
/// interviews to be taken for their interviewer (rule 3).
pub const RECURRING_MIN_DOCUMENTS: usize = 2;

/// Rule 5: the fewest turns a speaker needs to be judged by its questions.
pub const QUESTIONS_MIN_TURNS: usize = 4;

/// A speaker is a main speaker of a document with at least 1 in this many
/// of its turns.
pub const MAIN_SPEAKER_SHARE: usize = 10;

/// The role words of rule 1, as shown in reasons.
const ROLE_WORDS: [&str; 9] = [
    "Interviewer",
    "Researcher",
    "Experimenter",
    "Moderator",
    "Facilitator",
    "Host",
    "INT",
    "Q",
    "I",
];

/// Which rule found an interviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The label is or holds a role word.
    RoleWord,
    /// A header line or front matter names the interviewer.
    Header,
    /// The speaker is in several interviews of the project, with different
    /// people.
    Recurring,
    /// The speaker opens the conversation introducing the other.
    Introduction,
    /// The speaker's turns are short questions.
    Questions,
    /// The speaker moderates a debate or a panel: most changes of speaker
    /// go through it, and it asks the most questions.
    Moderator,
}

/// A speaker of a document taken for an interviewer, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The label as written in the document.
    pub label: String,
    /// The rule that found it.
    pub rule: Rule,
    /// Why, in words, for `check` and the report's methods note.
    pub reason: String,
}

/// The role word `label` is or holds (rule 1), as shown in reasons.
pub fn role_word(label: &str) -> Option<&'static str> {
    let lower = label.trim().to_lowercase();
    let word = |w: &str| {
        ROLE_WORDS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(w))
            .copied()
    };
    // The whole label, or a long role word with a number (`Interviewer 2`).
    if let Some(r) = word(&lower) {
        return Some(r);
    }
    let numbered = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '_');
    if numbered.len() >= 3 && numbered.len() < lower.len() && word(numbered).is_some() {
        return word(numbered);
    }
    // A long role word first, then a name (`Moderator (Sue)`, `Host - Jo`).
    let first = lower
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | '-' | ',' | '[' | ':'))
        .next()
        .unwrap_or("");
    if first.len() >= 4
        && let Some(r) = word(first)
    {
        return Some(r);
    }
    // A role in brackets after a name (`Jane Doe (Host)`, `Sam [I]`).
    let inner = lower
        .rsplit_once(['(', '['])
        .map(|(_, rest)| rest.trim_end_matches([')', ']']).trim())?;
    word(inner)
}

/// Whether `label` is made of consecutive words of `name` (rule 2), ignoring
/// case: `Hassan`, `YASMINE` and `Yasmine Hassan` of `Yasmine Hassan`.
pub fn names(label: &str, name: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| w.trim_matches(['.', ',']).to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (label, name) = (words(label), words(name));
    if label.is_empty() || label.iter().all(|w| w.chars().count() < 2) {
        return false;
    }
    name.windows(label.len()).any(|w| w == label.as_slice())
}

/// The name a header line `Interviewer: Yasmine Hassan` gives.
fn header_name(line: &str) -> Option<&str> {
    line.split_once([':', '\t'])
        .map(|(_, name)| name.trim())
        .filter(|n| !n.is_empty())
}

/// The interviewers of one document that the config leaves open:
/// `configured` tells whether a label is settled by the config (listed
/// interviewer or participant, or mapped to a case); `headers` are the
/// header lines naming an interviewer.
pub(crate) fn detect(
    project: &Project,
    turns: &Runs,
    written: &[(String, usize)],
    headers: &[String],
    configured: &dyn Fn(&str) -> bool,
) -> Vec<Detected> {
    let labels = labels_counted(written.iter().map(|(l, n)| (l.as_str(), *n)));
    let mut out: Vec<Detected> = Vec::new();
    let open: Vec<&(String, usize)> = labels.iter().filter(|(l, _)| !configured(l)).collect();
    for (label, _) in &open {
        let found = if let Some(word) = role_word(label) {
            Some((Rule::RoleWord, format!("the label is the role word {word}")))
        } else if let Some(header) = headers
            .iter()
            .find(|h| header_name(h).is_some_and(|n| names(label, n)))
        {
            Some((
                Rule::Header,
                format!("the header line `{header}` names them"),
            ))
        } else {
            project
                .recurring
                .get()
                .and_then(|r| r.iter().find(|r| eq_ignore_case(&r.label, label)))
                .map(|r| (Rule::Recurring, r.reason.clone()))
        };
        if let Some((rule, reason)) = found {
            out.push(Detected {
                label: label.clone(),
                rule,
                reason,
            });
        }
    }
    let known = !out.is_empty()
        || labels
            .iter()
            .any(|(l, _)| configured(l) && project.is_interviewer(l));
    if !known
        && let Some(found) = introduction(turns, &labels)
            .or_else(|| questions(turns, &labels))
            .or_else(|| moderator(turns, &labels))
        && !configured(&found.label)
    {
        out.push(found);
    }
    out
}

/// Each label of `turns` (as first written, compared ignoring case) and its
/// number of turns, in order of first turn.
#[cfg(test)]
fn labels(turns: &Runs) -> Vec<(String, usize)> {
    labels_counted(turns.labels().into_iter())
}

/// Each label of turns labelled `turns` (as [`labels_counted`]).
#[cfg(test)]
fn labels_of<'a>(turns: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    labels_counted(turns.map(|label| (label, 1)))
}

/// Each label (as first written, compared ignoring case) and its number of
/// turns, in order of first turn, from `written`: labels as written, each
/// with a number of turns, in order of first turn.
fn labels_counted<'a>(labels: impl Iterator<Item = (&'a str, usize)>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    // A group or an unknown voice is nobody's role; each label is judged
    // once.
    let mut groups: foldhash::HashSet<&str> = foldhash::HashSet::default();
    // Each label as written, and each label's letters in lower case (equal
    // exactly when `eq_ignore_case` says the labels are), with its entry in
    // `out`: however many labels, each turn is one or two lookups.
    let mut written: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    let mut folded: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    for (label, n) in labels {
        if let Some(&i) = written.get(label) {
            out[i].1 += n;
            continue;
        }
        let key: String = label.chars().flat_map(char::to_lowercase).collect();
        if let Some(&i) = folded.get(&key) {
            out[i].1 += n;
            written.insert(label, i);
        } else if !groups.contains(label) {
            if super::labels::is_group(label) {
                groups.insert(label);
            } else {
                folded.insert(key, out.len());
                written.insert(label, out.len());
                out.push((label.to_owned(), n));
            }
        }
    }
    out
}

/// Rule 6: the share of the changes of speaker, in percent, that must go
/// to or from a moderator.
pub const MODERATOR_SHARE_PERCENT: usize = 75;

/// The labels holding at least a tenth of the turns.
fn main_speakers(labels: &[(String, usize)]) -> Vec<&str> {
    let total: usize = labels.iter().map(|(_, n)| n).sum();
    labels
        .iter()
        .filter(|(_, n)| n * MAIN_SPEAKER_SHARE >= total)
        .map(|(l, _)| l.as_str())
        .collect()
}

/// Rule 4.
fn introduction(turns: &Runs, labels: &[(String, usize)]) -> Option<Detected> {
    let main = main_speakers(labels);
    let [a, b] = main.as_slice() else {
        return None;
    };
    let first = turns.first()?;
    let other = if eq_ignore_case(&first.label, a) {
        b
    } else if eq_ignore_case(&first.label, b) {
        a
    } else {
        return None;
    };
    let text = first.text.to_lowercase();
    (other.split_whitespace().count() >= 2 && text.contains(&other.to_lowercase())).then(|| {
        Detected {
            label: first.label.clone(),
            rule: Rule::Introduction,
            reason: format!("opens the conversation and introduces {other} by name"),
        }
    })
}

/// Rule 5.
fn questions(turns: &Runs, labels: &[(String, usize)]) -> Option<Detected> {
    let main = main_speakers(labels);
    if main.len() < 2 {
        return None;
    }
    let words = |t: &RawTurn| t.text.split_whitespace().count();
    let mut found: Vec<Detected> = Vec::new();
    for label in &main {
        let (mine, others): (Vec<&RawTurn>, Vec<&RawTurn>) =
            turns.iter().partition(|t| eq_ignore_case(&t.label, label));
        let asked = mine.iter().filter(|t| t.text.contains('?')).count();
        if mine.len() < QUESTIONS_MIN_TURNS || asked * 2 < mine.len() || others.is_empty() {
            continue;
        }
        let my_words: usize = mine.iter().map(|t| words(t)).sum();
        let their_words: usize = others.iter().map(|t| words(t)).sum();
        // Mean words per turn at most half the others': mine/|mine| ≤
        // theirs/|others| / 2, in whole numbers.
        if my_words * others.len() * 2 <= their_words * mine.len() {
            found.push(Detected {
                label: (*label).to_owned(),
                rule: Rule::Questions,
                reason: format!(
                    "asks questions in {asked} of its {} turns, of {} words on average \
                     against {} for the others",
                    mine.len(),
                    my_words / mine.len(),
                    their_words / others.len()
                ),
            });
        }
    }
    // Only an unambiguous answer.
    (found.len() == 1).then(|| found.remove(0))
}

/// Rule 6: in a conversation of three main speakers or more (a debate, a
/// panel), the one speaker with at least [`QUESTIONS_MIN_TURNS`] turns
/// who asks questions in more of them than anyone else, whose turns
/// average at most half as many words as the others', and to or from whom
/// at least [`MODERATOR_SHARE_PERCENT`] % of the changes of speaker go.
fn moderator(turns: &Runs, labels: &[(String, usize)]) -> Option<Detected> {
    let main = main_speakers(labels);
    if main.len() < 3 {
        return None;
    }
    let words = |t: &RawTurn| t.text.split_whitespace().count();
    let asked = |label: &str| {
        turns
            .iter()
            .filter(|t| eq_ignore_case(&t.label, label) && t.text.contains('?'))
            .count()
    };
    // The one who asks the most questions, strictly.
    let mut by_questions: Vec<(usize, &str)> =
        labels.iter().map(|(l, _)| (asked(l), l.as_str())).collect();
    by_questions.sort_by_key(|q| std::cmp::Reverse(q.0));
    let (most, label) = *by_questions.first()?;
    if most == 0 || by_questions.get(1).is_some_and(|(n, _)| *n == most) {
        return None;
    }
    let (mine, others): (Vec<&RawTurn>, Vec<&RawTurn>) =
        turns.iter().partition(|t| eq_ignore_case(&t.label, label));
    if mine.len() < QUESTIONS_MIN_TURNS || others.is_empty() {
        return None;
    }
    let my_words: usize = mine.iter().map(|t| words(t)).sum();
    let their_words: usize = others.iter().map(|t| words(t)).sum();
    if my_words * others.len() * 2 > their_words * mine.len() {
        return None;
    }
    let mut changes = 0;
    let mut through = 0;
    for (a, b) in turns.iter().zip(turns.iter().skip(1)) {
        let (a, b) = (&a.label, &b.label);
        if eq_ignore_case(a, b) {
            continue;
        }
        changes += 1;
        if eq_ignore_case(a, label) || eq_ignore_case(b, label) {
            through += 1;
        }
    }
    (changes > 0 && through * 100 >= changes * MODERATOR_SHARE_PERCENT).then(|| Detected {
        label: label.to_owned(),
        rule: Rule::Moderator,
        reason: format!(
            "moderates: {through} of the {changes} changes of speaker go to or from them, and \
             they ask questions in {most} of their {} turns (more than anyone), of {} words on \
             average against {} for the others",
            mine.len(),
            my_words / mine.len(),
            their_words / others.len()
        ),
    })
}

/// One document as rule 3 sees it: its labels with turn counts, and
/// whether its interviewer is known by the config or rules 1–2.
#[derive(Clone)]
pub(crate) struct Seen {
    labels: Vec<(String, usize)>,
    known: bool,
}

impl Seen {
    /// What rule 3 needs of `doc`.
    pub(crate) fn of(doc: &super::Document) -> Seen {
        let detected = |label: &str| {
            doc.detected
                .iter()
                .find(|d| eq_ignore_case(&d.label, label))
        };
        let known = doc
            .speakers
            .iter()
            .any(|(label, speaker, _)| match detected(label) {
                Some(d) => matches!(d.rule, Rule::RoleWord | Rule::Header),
                None => matches!(speaker, super::Speaker::Interviewer),
            });
        Seen {
            labels: labels_counted(doc.speakers.iter().map(|(l, _, n)| (l.as_str(), *n))),
            known,
        }
    }
}

/// Rule 3 over the project's documents, then rule 3b ([`team`]).
pub(crate) fn recurring(project: &Project, seen: &[Seen]) -> Vec<Recurring> {
    let mut out = recurring_main(project, seen);
    for found in team(project, seen) {
        if !out.iter().any(|r| eq_ignore_case(&r.label, &found.label)) {
            out.push(found);
        }
    }
    out
}

/// Rule 3b: a voice of the research team (a second interviewer, a
/// captioner, a note-taker). Over the project's interviews (documents of
/// one or two main speakers): a label that speaks in at least
/// [`RECURRING_MIN_DOCUMENTS`] of them but is never a main speaker in
/// any document, in interviews with at least two different people besides
/// whoever is a main speaker in all of them. A participant speaks in their
/// own interviews; a team member drops into other people's.
fn team(project: &Project, seen: &[Seen]) -> Vec<Recurring> {
    let mains: Vec<Vec<&str>> = seen.iter().map(|s| main_speakers(&s.labels)).collect();
    let is_main_anywhere = |label: &str| mains.iter().flatten().any(|m| eq_ignore_case(m, label));
    // Each minor voice: its turns and the interviews it speaks in.
    let mut voices: Vec<(&str, usize, Vec<usize>)> = Vec::new();
    for (i, s) in seen.iter().enumerate() {
        if !(1..=2).contains(&mains[i].len()) {
            continue;
        }
        for (label, n) in &s.labels {
            if mains[i].iter().any(|m| eq_ignore_case(m, label))
                || project.is_listed_participant(label)
                || super::labels::is_generic(label)
                || is_main_anywhere(label)
            {
                continue;
            }
            match voices.iter_mut().find(|(l, _, _)| eq_ignore_case(l, label)) {
                Some(v) => {
                    v.1 += n;
                    v.2.push(i);
                }
                None => voices.push((label, *n, vec![i])),
            }
        }
    }
    voices
        .into_iter()
        .filter(|(_, _, docs)| docs.len() >= RECURRING_MIN_DOCUMENTS)
        .filter_map(|(label, turns, docs)| {
            // The people it meets, less whoever leads every one of them.
            let mut people: Vec<&str> = Vec::new();
            for &d in &docs {
                for m in &mains[d] {
                    let everywhere = docs
                        .iter()
                        .all(|&e| mains[e].iter().any(|x| eq_ignore_case(x, m)));
                    if !everywhere && !people.iter().any(|p| eq_ignore_case(p, m)) {
                        people.push(m);
                    }
                }
            }
            (people.len() >= 2).then(|| Recurring {
                label: label.to_owned(),
                reason: format!(
                    "speaks briefly ({}) in {} interviews with {} different people ({}) and is \
                     never a main speaker: a member of the research team",
                    crate::natural::count(turns, "turn"),
                    docs.len(),
                    people.len(),
                    people.join(", ")
                ),
            })
        })
        .collect()
}

/// Rule 3: speakers in several one-to-one interviews.
fn recurring_main(project: &Project, seen: &[Seen]) -> Vec<Recurring> {
    let open: Vec<Vec<&str>> = seen
        .iter()
        .filter(|s| !s.known)
        .map(|s| main_speakers(&s.labels))
        .filter(|m| m.len() == 2)
        .collect();
    // Each label's interviews, and the people it speaks with in them.
    let mut tally: Vec<(&str, usize, Vec<&str>)> = Vec::new();
    for main in &open {
        for (k, label) in main.iter().enumerate() {
            // A tool's `SPEAKER_00` is a different voice in every file.
            if project.is_listed_participant(label) || super::labels::is_generic(label) {
                continue;
            }
            let other = main[1 - k];
            let i = if let Some(i) = tally.iter().position(|(l, _, _)| eq_ignore_case(l, label)) {
                i
            } else {
                tally.push((label, 0, Vec::new()));
                tally.len() - 1
            };
            let entry = &mut tally[i];
            entry.1 += 1;
            if !entry.2.iter().any(|o| eq_ignore_case(o, other)) {
                entry.2.push(other);
            }
        }
    }
    let partners = |label: &str| {
        tally
            .iter()
            .find(|(l, _, _)| eq_ignore_case(l, label))
            .map_or(0, |(_, _, with)| with.len())
    };
    // The interviewer speaks with different people in different
    // interviews; a participant interviewed in several rounds speaks with
    // the same interviewer each time.
    tally
        .iter()
        .filter(|(_, n, with)| *n >= RECURRING_MIN_DOCUMENTS && with.len() >= 2)
        .filter(|(label, _, _)| {
            // Whoever speaks with at least as many different people in one
            // of its interviews leaves it undecided.
            !open.iter().any(|main| {
                main.iter().any(|l| eq_ignore_case(l, label))
                    && main
                        .iter()
                        .any(|l| !eq_ignore_case(l, label) && partners(l) >= partners(label))
            })
        })
        .map(|(label, n, with)| Recurring {
            label: (*label).to_owned(),
            reason: format!(
                "speaks in {n} one-to-one interviews, with {} different people, whose \
                 interviewer is not otherwise known",
                with.len()
            ),
        })
        .collect()
}

/// A speaker treated as an interviewer somewhere in the project, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The label as first written.
    pub label: String,
    /// Whether detection found it (else the config named it).
    pub detected: bool,
    /// Why it is an interviewer.
    pub reason: String,
    /// The documents where it is, in project order.
    pub documents: Vec<String>,
}

/// Why `label` of a document is an interviewer: detection's reason, or
/// the config's.
pub fn reason(project: &Project, detected: &[Detected], label: &str) -> (bool, String) {
    match detected.iter().find(|d| eq_ignore_case(&d.label, label)) {
        Some(d) => (true, d.reason.clone()),
        None if project.interviewers_listed => (false, "listed under `interviewers:`".to_owned()),
        None => (false, "a default interviewer label".to_owned()),
    }
}

/// Every speaker treated as an interviewer in `outlines`, one entry per
/// label and reason, in order of first appearance.
pub fn summary(project: &Project, outlines: &[super::Outline]) -> Vec<Summary> {
    let mut out: Vec<Summary> = Vec::new();
    for o in outlines {
        for (label, speaker, _) in &o.speakers {
            if *speaker != super::Speaker::Interviewer {
                continue;
            }
            let (detected, reason) = reason(project, &o.detected, label);
            match out
                .iter_mut()
                .find(|s| eq_ignore_case(&s.label, label) && s.reason == reason)
            {
                Some(s) => s.documents.push(o.path.clone()),
                None => out.push(Summary {
                    label: label.clone(),
                    detected,
                    reason,
                    documents: vec![o.path.clone()],
                }),
            }
        }
    }
    out
}

/// Find the project's recurring speakers (rule 3) once, before documents
/// are read for use: every transcript is read once more for it. Call on
/// the thread that then reads the documents, before any parallel work.
pub(crate) fn prepare(project: &Project) {
    if !project.detect_interviewers {
        return;
    }
    project.recurring.get_or_init(|| {
        let Ok(files) = project.transcript_files() else {
            return Vec::new();
        };
        if files.len() < RECURRING_MIN_DOCUMENTS {
            return Vec::new();
        }
        // A file that cannot be read is reported when it is read for use.
        let seen: Vec<Seen> = files
            .par_iter()
            .filter_map(|f| super::read_unprepared(project, f).ok())
            .map(|doc| Seen::of(&doc))
            .collect();
        recurring(project, &seen)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `labels_of` as it was first written: each turn's label looked for
    /// among those counted so far, ignoring letter case.
    fn labels_by_search<'a>(turns: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        let mut groups: Vec<&str> = Vec::new();
        for label in turns {
            if let Some(entry) = out.iter_mut().find(|(l, _)| eq_ignore_case(l, label)) {
                entry.1 += 1;
            } else if !groups.contains(&label) {
                if super::super::labels::is_group(label) {
                    groups.push(label);
                } else {
                    out.push((label.to_owned(), 1));
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// Counting labels by lookups counts as searching did, letter case,
        /// groups and letters whose lower case is longer included.
        #[test]
        fn labels_are_counted_as_by_searching(
            picks in proptest::collection::vec(0usize..12, 0..40),
        ) {
            const LABELS: [&str; 12] = [
                "AMANDA", "Amanda", "amanda", "Nick", "NICK", "Audience", "AUDIENCE",
                "Multiple Students", "\u{130}lker", "i\u{307}lker", "\u{c9}mile", "\u{e9}MILE",
            ];
            let turns: Vec<&str> = picks.iter().map(|&i| LABELS[i]).collect();
            proptest::prop_assert_eq!(
                labels_of(turns.iter().copied()),
                labels_by_search(turns.iter().copied())
            );
        }
    }

    /// Many different labels (a hostile file, or a transcript of names)
    /// are counted in one pass: 60,000 labels, each twice in two letter
    /// cases.
    #[test]
    fn many_labels_are_counted_each_with_its_other_case() {
        let labels: Vec<String> = (0..60_000).map(|i| format!("Person {i}")).collect();
        let upper: Vec<String> = labels.iter().map(|l| l.to_uppercase()).collect();
        let turns = labels.iter().chain(&upper).map(String::as_str);
        let counted = labels_of(turns);
        assert_eq!(counted.len(), labels.len());
        assert!(
            counted
                .iter()
                .zip(&labels)
                .all(|((l, n), want)| l == want && *n == 2)
        );
    }

    #[track_caller]
    fn role(label: &str, expected: Option<&str>) {
        assert_eq!(role_word(label), expected, "{label}");
    }

    #[test]
    fn role_words_alone_numbered_named_or_in_brackets() {
        role("Interviewer", Some("Interviewer"));
        role("INTERVIEWER 2", Some("Interviewer"));
        role("Int", Some("INT"));
        role("i", Some("I"));
        role("Q", Some("Q"));
        role("Moderator (Sue)", Some("Moderator"));
        role("Host - Jo", Some("Host"));
        role("Researcher 2", Some("Researcher"));
        // Zoom captions of a study's session: `[Experimenter] 19:00:25`.
        role("Experimenter", Some("Experimenter"));
        role("Jane Doe (Host)", Some("Host"));
        role("Sam [I]", Some("I"));
        role("Ivan", None);
        role("Q1", None);
        role("Hostess", None);
        role("Inter", None);
        role("P1 (female, 34)", None);
    }

    #[track_caller]
    fn named(label: &str, name: &str, expected: bool) {
        assert_eq!(names(label, name), expected, "{label} / {name}");
    }

    #[test]
    fn labels_made_of_words_of_the_header_name() {
        named("Hassan", "Yasmine Hassan", true);
        named("YASMINE", "Yasmine Hassan", true);
        named("Yasmine Hassan", "Yasmine Hassan", true);
        named("Abd Rabou", "Yasmine Hassan", false);
        named("Hassan Yasmine", "Yasmine Hassan", false);
        named("Y", "Y Hassan", false);
    }

    fn turns(spec: &[(&str, &str)]) -> Runs {
        let turns: Vec<RawTurn> = spec
            .iter()
            .enumerate()
            .map(|(i, (label, text))| RawTurn {
                label: (*label).to_owned(),
                line_start: i + 1,
                line_end: i + 1,
                text: (*text).into(),
                start_ms: None,
            })
            .collect();
        Runs::from(turns)
    }

    #[test]
    fn short_questions_make_an_interviewer_only_when_unambiguous() {
        let long = "well it was a long time ago and I had to think about it a great deal \
                    before I went back to any kind of work at all";
        let spec: Vec<(&str, &str)> = (0..4)
            .flat_map(|_| [("Ana", "And why was that?"), ("Bo", long)])
            .collect();
        let t = turns(&spec);
        let found = questions(&t, &labels(&t)).unwrap();
        assert_eq!(found.label, "Ana");
        assert_eq!(found.rule, Rule::Questions);
        // Three turns are too few to judge.
        let t = turns(&spec[..6]);
        assert!(questions(&t, &labels(&t)).is_none());
        // Both asking questions of the same length: no answer.
        let spec: Vec<(&str, &str)> = (0..4)
            .flat_map(|_| [("Ana", "Why so?"), ("Bo", "Why not?")])
            .collect();
        let t = turns(&spec);
        assert!(questions(&t, &labels(&t)).is_none());
    }

    fn seen(labels: &[(&str, usize)], known: bool) -> Seen {
        Seen {
            labels: labels.iter().map(|(l, n)| ((*l).to_owned(), *n)).collect(),
            known,
        }
    }

    fn project() -> Project {
        Project::from_yaml(
            "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\n",
            std::path::Path::new("."),
            std::path::Path::new("qualcode.yaml"),
        )
        .unwrap()
    }

    #[test]
    fn a_speaker_in_most_one_to_one_interviews_is_their_interviewer() {
        let p = project();
        let labels =
            |found: Vec<Recurring>| -> Vec<String> { found.into_iter().map(|r| r.label).collect() };
        // Mel in three of four; a transcriber with one turn does not count.
        let docs = [
            seen(&[("MEL", 40), ("NAOMI", 40), ("MIRABAI", 1)], false),
            seen(&[("Mel", 20), ("NICK", 20)], false),
            seen(&[("MEL", 30), ("TERRI", 30)], false),
            seen(&[("ANA", 30), ("BO", 30)], false),
        ];
        assert_eq!(labels(recurring(&p, &docs)), ["MEL"]);
        // One interview alone never makes one.
        assert!(recurring(&p, &docs[..1]).is_empty());
        // Other conversations in the folder do not dilute it.
        let mixed = [
            seen(&[("MEL", 40), ("NAOMI", 40)], false),
            seen(&[("MEL", 40), ("NICK", 40)], false),
            seen(&[("ANA", 30), ("BO", 30)], false),
            seen(&[("CY", 30), ("DI", 30)], false),
            seen(&[("EV", 30), ("FO", 30)], false),
        ];
        assert_eq!(labels(recurring(&p, &mixed)), ["MEL"]);
        // A participant in three rounds meets one interviewer: only the
        // interviewer speaks with different people.
        let rounds = [
            seen(&[("MEL", 40), ("NAOMI", 40)], false),
            seen(&[("MEL", 40), ("NAOMI", 40)], false),
            seen(&[("MEL", 40), ("NICK", 40)], false),
        ];
        assert_eq!(labels(recurring(&p, &rounds)), ["MEL"]);
        // The same person twice, with the same other person: undecided.
        let same = [
            seen(&[("MEL", 40), ("NAOMI", 40)], false),
            seen(&[("MEL", 40), ("NAOMI", 40)], false),
        ];
        assert!(recurring(&p, &same).is_empty());
        // Documents whose interviewer is known already are left out.
        let known = [
            seen(&[("MEL", 40), ("NAOMI", 40)], false),
            seen(&[("MEL", 40), ("NICK", 40)], false),
            seen(&[("Interviewer", 30), ("P1", 30)], true),
            seen(&[("Interviewer", 30), ("P2", 30)], true),
        ];
        assert_eq!(labels(recurring(&p, &known)), ["MEL"]);
        // The same two labels in every file decide nothing.
        let pairs = [
            seen(&[("Yasmine", 40), ("Participant", 40)], false),
            seen(&[("Yasmine", 40), ("Participant", 40)], false),
        ];
        assert!(recurring(&p, &pairs).is_empty());
        // A listed participant is never a candidate.
        let p = Project::from_yaml(
            "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\nparticipants: [mel]\n",
            std::path::Path::new("."),
            std::path::Path::new("qualcode.yaml"),
        )
        .unwrap();
        assert!(recurring(&p, &docs).is_empty());
    }

    #[test]
    fn a_debate_moderator_holds_the_changes_of_speaker_and_asks_most() {
        let long = "my plan will create twelve million jobs and it will do so by cutting \
                    taxes for the middle class and growing the economy as a whole";
        let mut spec: Vec<(&str, &str)> = Vec::new();
        for _ in 0..4 {
            spec.extend([
                ("LEHRER", "What is your plan?"),
                ("ROMNEY", long),
                ("LEHRER", "Two minutes. And yours?"),
                ("OBAMA", long),
                ("OBAMA", long),
            ]);
        }
        let t = turns(&spec);
        let found = moderator(&t, &labels(&t)).unwrap();
        assert_eq!(found.label, "LEHRER");
        assert_eq!(found.rule, Rule::Moderator);
        assert!(
            found.reason.starts_with("moderates: 15 of the 15 changes"),
            "{}",
            found.reason
        );
        // Two speakers are an interview, not a debate.
        let two: Vec<(&str, &str)> = spec
            .iter()
            .filter(|(l, _)| *l != "OBAMA")
            .copied()
            .collect();
        let t = turns(&two);
        assert!(moderator(&t, &labels(&t)).is_none());
        // Speakers who talk to each other more than through anyone: none.
        let open: Vec<(&str, &str)> = (0..6)
            .flat_map(|_| [("ANA", "Why?"), ("BO", long), ("CY", long), ("BO", long)])
            .collect();
        let t = turns(&open);
        assert!(moderator(&t, &labels(&t)).is_none());
    }

    #[test]
    fn a_brief_voice_in_other_peoples_interviews_is_on_the_team() {
        let p = project();
        let names =
            |found: Vec<Recurring>| -> Vec<String> { found.into_iter().map(|r| r.label).collect() };
        let docs = [
            seen(&[("MEL", 40), ("DONALD", 40), ("MIRABAI", 1)], false),
            seen(&[("MEL", 40), ("ERNEST", 40), ("MIRABAI", 1)], false),
            seen(&[("MEL", 40), ("NAOMI", 40), ("MIRABAI", 4)], false),
        ];
        assert_eq!(names(team(&p, &docs)), ["MIRABAI"]);
        // One interview only: doubtful, not decided here.
        assert!(team(&p, &docs[..1]).is_empty());
        // The same participant's rounds, with a relative dropping in: no.
        let rounds = [
            seen(&[("MEL", 40), ("NAOMI", 40), ("DAN", 1)], false),
            seen(&[("MEL", 40), ("NAOMI", 40), ("DAN", 2)], false),
        ];
        assert!(team(&p, &rounds).is_empty());
        // A main speaker elsewhere is somebody's participant.
        let mut main_elsewhere = docs.to_vec();
        main_elsewhere.push(seen(&[("MEL", 40), ("MIRABAI", 40)], false));
        assert!(team(&p, &main_elsewhere).is_empty());
        // Focus groups (three main speakers or more) are not interviews.
        let groups = [
            seen(&[("A", 10), ("B", 10), ("C", 10), ("Q", 1)], false),
            seen(&[("D", 10), ("E", 10), ("F", 10), ("Q", 1)], false),
        ];
        assert!(team(&p, &groups).is_empty());
    }

    #[test]
    fn the_opener_who_names_the_other_speaker_is_the_host() {
        let t = turns(&[
            ("Roger Bingham", "And with me is Neil deGrasse Tyson"),
            ("Neil deGrasse Tyson", "Hello"),
        ]);
        assert_eq!(
            introduction(&t, &labels(&t)).unwrap().label,
            "Roger Bingham"
        );
        // A one-word label is too easily said in passing.
        let t = turns(&[("Ana", "I met Bo there"), ("Bo", "Yes")]);
        assert!(introduction(&t, &labels(&t)).is_none());
    }
}
