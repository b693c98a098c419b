//! What the matcher compiles: codes as lists of patterns, vetoes and
//! guards. The matcher owns this description; codebooks convert their codes
//! into it (`From<&CodeSet>`), so the matcher knows nothing of codebooks,
//! files or examples.

/// One code as the matcher sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSpec<'a> {
    /// The code's id, as hits report it ([`super::Matcher::code_ids`]).
    pub id: &'a str,
    /// Patterns that apply the code.
    pub patterns: Vec<&'a PatternKind>,
    /// Patterns whose matches veto the code's hits they overlap.
    pub not: Vec<&'a PatternKind>,
    /// Negation window in words (0: off).
    pub negation: usize,
    /// Whether hypothetical hits count.
    pub mood: Mood,
    /// The time a hit must not be marked as the opposite of.
    pub tense: Option<Tense>,
}

/// Every code to compile, in the order hits refer to them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spec<'a> {
    /// The codes.
    pub codes: Vec<CodeSpec<'a>>,
}

/// Whether a code counts a hit whatever the mood of its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mood {
    /// Every hit counts (the default).
    #[default]
    Any,
    /// A hit in a hypothetical, counterfactual, wished-for or future clause
    /// ("I would have gone to jail", "I wish I had a job", "hopefully I'll
    /// get my licence") does not count: the thing must have happened.
    Actual,
}

/// The time a code is about: a hit whose clause is marked as the other
/// time does not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tense {
    /// The past: a hit marked as now ("now", "these days") does not count.
    Past,
    /// The present: a hit marked as past ("used to", "back then") does
    /// not count.
    Present,
}

/// The kinds of pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternKind {
    /// Whole words or a phrase; `*` may end a word.
    Phrase(String),
    /// A regular expression, case-insensitive, on the original text.
    Regex(String),
    /// Two phrases at most `within` words apart, in either order.
    Near {
        /// First phrase.
        a: String,
        /// Second phrase.
        b: String,
        /// Largest distance in words.
        within: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Matcher;

    #[test]
    fn a_spec_compiles_without_any_codebook() {
        let pay = PatternKind::Phrase("pay* the bills".to_owned());
        let joke = PatternKind::Phrase("bills of the duck".to_owned());
        let near = PatternKind::Near {
            a: "rent".to_owned(),
            b: "late".to_owned(),
            within: 3,
        };
        let spec = Spec {
            codes: vec![
                CodeSpec {
                    id: "m.money",
                    patterns: vec![&pay],
                    not: vec![&joke],
                    negation: 0,
                    mood: Mood::Any,
                    tense: None,
                },
                CodeSpec {
                    id: "m.rent",
                    patterns: vec![&near],
                    not: vec![],
                    negation: 0,
                    mood: Mood::Actual,
                    tense: None,
                },
            ],
        };
        let matcher = Matcher::compile(spec).unwrap();
        assert_eq!(matcher.code_ids(), ["m.money", "m.rent"]);
        let hits = matcher.scan("I pay the bills, and the rent was late again.");
        let coded: Vec<&str> = hits
            .iter()
            .map(|h| matcher.code_ids()[h.code].as_str())
            .collect();
        assert_eq!(coded, ["m.money", "m.rent"]);
        // The veto and the mood guard come from the spec too.
        assert!(matcher.scan("the bills of the duck").is_empty());
        assert!(matcher.scan("if the rent were late I would cry").is_empty());
    }
}
