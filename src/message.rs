//! Notes as values: what `check` (and, as they gain variants, the other
//! verbs) has to say that is not an error, as an enum its consumers match
//! on, never by the wording. Each displays as the sentence users read, and
//! serialises as that same sentence, so the text, Markdown and JSON outputs
//! say the same thing. New kinds of note get a variant; [`Note::Text`] holds
//! the ones not yet given theirs.

use std::fmt;

use crate::natural::count;

/// The text of [`Note::Indicative`].
pub const INDICATIVE: &str = "Counts are of cases (participants) who mentioned a code, not of \
mentions. Qualitative samples are small and purposive: treat these counts as indicative only, \
not as estimates for a population.";

/// The text of [`Note::PersonaIndicative`].
pub const PERSONA_INDICATIVE: &str = "Counts are of cases (participants). Qualitative samples \
are small and purposive: treat these counts as indicative only, not as estimates for a \
population.";

/// A note.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// Lines before a transcript's first turn, which are not coded.
    Preamble {
        /// The transcript.
        path: String,
        /// First line of the preamble (1-based).
        first: usize,
        /// Last line.
        last: usize,
        /// Its non-blank lines.
        lines: usize,
    },
    /// The speakers of a transcript, each described (`Ana (3 turns)`).
    Speakers {
        /// The transcript.
        path: String,
        /// One description per speaker, in order of appearance.
        speakers: Vec<String>,
    },
    /// Something noticed while reading a transcript.
    Notice {
        /// The transcript.
        path: String,
        /// What was noticed.
        text: String,
    },
    /// A speaker that interviewer detection takes for an interviewer.
    InterviewerDetected {
        /// The speaker's label.
        label: String,
        /// The transcript, or how many transcripts (`3 transcripts`).
        place: String,
        /// The rule that found them.
        reason: String,
    },
    /// Quotes or lines shown with the project's listed names replaced.
    Redacted,
    /// Counts of cases who mentioned a code are indicative only (every
    /// count table's caveat, said once in a report's methods).
    Indicative,
    /// The same caveat for persona counts.
    PersonaIndicative,
    /// Disclosure control with threshold `k`: counts under `k` withheld.
    Suppressed {
        /// The threshold (2 or more).
        k: usize,
    },
    /// A note without a variant of its own yet.
    Text(String),
}

impl Note {
    /// The preamble note's text without the transcript's path, as a
    /// document's own entry gives it.
    pub fn preamble(first: usize, last: usize, lines: usize) -> String {
        format!(
            "{first}-{last}: {} before the first turn {} not coded",
            count(lines, "non-blank line"),
            if lines == 1 { "is" } else { "are" }
        )
    }

    /// Whether the note is about one transcript or its speakers, so that a
    /// per-document listing (check's JSON) already gives it.
    pub fn is_about_a_document(&self) -> bool {
        matches!(
            self,
            Note::Preamble { .. }
                | Note::Speakers { .. }
                | Note::Notice { .. }
                | Note::InterviewerDetected { .. }
        )
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Preamble {
                path,
                first,
                last,
                lines,
            } => write!(f, "{path}:{}", Note::preamble(*first, *last, *lines)),
            Note::Speakers { path, speakers } => {
                write!(f, "{path}: speakers {}", speakers.join(", "))
            }
            Note::Notice { path, text } => write!(f, "{path}: {text}"),
            Note::InterviewerDetected {
                label,
                place,
                reason,
            } => write!(
                f,
                "{label} is taken for an interviewer in {place}: {reason} \
                 (if wrong, list {label} under `participants:` in qualcode.yaml)"
            ),
            Note::Redacted => f.write_str("Names on the project's redaction list are replaced."),
            Note::Indicative => f.write_str(INDICATIVE),
            Note::PersonaIndicative => f.write_str(PERSONA_INDICATIVE),
            Note::Suppressed { k } => write!(
                f,
                "Disclosure control: counts from 1 to {} are shown as <{k}, and the percentages \
                 and case ids that would reveal them are withheld, so that small groups of \
                 participants cannot be identified.",
                k.saturating_sub(1)
            ),
            Note::Text(text) => f.write_str(text),
        }
    }
}

impl serde::Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl From<String> for Note {
    fn from(text: String) -> Note {
        Note::Text(text)
    }
}

impl From<&str> for Note {
    fn from(text: &str) -> Note {
        Note::Text(text.to_owned())
    }
}

impl PartialEq<&str> for Note {
    /// Whether the note reads `text`.
    fn eq(&self, text: &&str) -> bool {
        self == *text
    }
}

impl PartialEq<str> for Note {
    /// Whether the note reads `text`.
    fn eq(&self, text: &str) -> bool {
        match self {
            Note::Text(t) => t == text,
            other => {
                let shown = other.to_string();
                shown == text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_note_reads_and_serialises_as_its_sentence() {
        let notes = [
            (
                Note::Preamble {
                    path: "t/P1.txt".to_owned(),
                    first: 1,
                    last: 3,
                    lines: 1,
                },
                "t/P1.txt:1-3: 1 non-blank line before the first turn is not coded",
            ),
            (
                Note::Speakers {
                    path: "t/P1.txt".to_owned(),
                    speakers: vec![
                        "I (interviewer, 2 turns)".to_owned(),
                        "P1 (3 turns)".to_owned(),
                    ],
                },
                "t/P1.txt: speakers I (interviewer, 2 turns), P1 (3 turns)",
            ),
            (
                Note::Notice {
                    path: "t/P1.txt".to_owned(),
                    text: "read as windows-1252".to_owned(),
                },
                "t/P1.txt: read as windows-1252",
            ),
            (
                Note::InterviewerDetected {
                    label: "Ana".to_owned(),
                    place: "3 transcripts".to_owned(),
                    reason: "asks most questions".to_owned(),
                },
                "Ana is taken for an interviewer in 3 transcripts: asks most questions \
                 (if wrong, list Ana under `participants:` in qualcode.yaml)",
            ),
            (
                Note::Redacted,
                "Names on the project's redaction list are replaced.",
            ),
            (Note::Indicative, INDICATIVE),
            (Note::PersonaIndicative, PERSONA_INDICATIVE),
            (
                Note::Suppressed { k: 5 },
                "Disclosure control: counts from 1 to 4 are shown as <5, and the percentages and \
                 case ids that would reveal them are withheld, so that small groups of \
                 participants cannot be identified.",
            ),
            (
                Note::Text("t/P1.txt: looks like a path".to_owned()),
                "t/P1.txt: looks like a path",
            ),
        ];
        for (note, text) in &notes {
            assert_eq!(note.to_string(), *text);
            assert_eq!(
                serde_json::to_string(note).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
        // Decided by the variant, not by how the text starts.
        let about: Vec<bool> = notes.iter().map(|(n, _)| n.is_about_a_document()).collect();
        assert_eq!(
            about,
            [true, true, true, true, false, false, false, false, false]
        );
    }
}
