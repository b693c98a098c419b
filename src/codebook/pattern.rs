//! Patterns as written in codebooks, and their validation. How they are
//! matched is the matcher's business; what is a valid pattern is decided here.

use crate::Location;

/// A pattern and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// What it matches.
    pub kind: PatternKind,
    /// Where it is written.
    pub location: Location,
}

pub use crate::matcher::spec::PatternKind;

impl PatternKind {
    /// The pattern as a user would write it, for audit trails and messages.
    pub fn source(&self) -> String {
        match self {
            PatternKind::Phrase(p) => p.clone(),
            PatternKind::Regex(r) => format!("{{regex: {r}}}"),
            PatternKind::Near { a, b, within } => format!("{{near: [{a}, {b}], within: {within}}}"),
        }
    }

    /// Check the pattern is usable; the message says what to change.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            PatternKind::Phrase(p) => validate_phrase(p),
            PatternKind::Regex(r) => regex::RegexBuilder::new(r)
                .case_insensitive(true)
                .size_limit(1 << 24)
                .build()
                .map(|_| ())
                .map_err(|e| format!("bad regex `{r}`: {}", regex_reason(&e))),
            PatternKind::Near { a, b, within } => {
                if *within == 0 {
                    return Err("near: `within` must be at least 1 word".to_owned());
                }
                validate_phrase(a)?;
                validate_phrase(b)
            }
        }
    }
}

pub(crate) use crate::matcher::regex_reason;

fn validate_phrase(p: &str) -> Result<(), String> {
    let folded = crate::matcher::fold::fold_pattern(p);
    if folded.is_empty() {
        return Err(format!("empty pattern {p:?}"));
    }
    for word in folded.split(' ') {
        let stars = word.matches('*').count();
        if stars > 1 || (stars == 1 && !word.ends_with('*')) {
            return Err(format!(
                "pattern {p:?}: `*` may only end a word (use {{regex: …}} for other wildcards)"
            ));
        }
        if word == "*" {
            return Err(format!(
                "pattern {p:?}: `*` must follow at least one letter"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn bad(kind: &PatternKind, want: &str) {
        let err = kind.validate().unwrap_err();
        assert!(err.contains(want), "{err}");
    }

    #[test]
    fn invalid_patterns_say_what_to_change() {
        bad(&PatternKind::Phrase("  ".into()), "empty pattern");
        bad(&PatternKind::Phrase("*work".into()), "may only end a word");
        bad(&PatternKind::Phrase("wo*rk".into()), "may only end a word");
        bad(&PatternKind::Phrase("pay *".into()), "must follow");
        bad(
            &PatternKind::Regex("(unclosed".into()),
            "bad regex `(unclosed`: unclosed group",
        );
        bad(
            &PatternKind::Near {
                a: "a".into(),
                b: "b".into(),
                within: 0,
            },
            "at least 1",
        );
    }

    #[test]
    fn valid_patterns_pass() {
        for p in ["money", "pay* my bills", "self-worth", "£"] {
            assert!(PatternKind::Phrase(p.into()).validate().is_ok(), "{p}");
        }
        assert!(PatternKind::Regex(r"£\s?\d+".into()).validate().is_ok());
    }
}
