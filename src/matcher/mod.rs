//! The matching engine: every pattern of every loaded codebook compiled once
//! into one aho-corasick automaton over folded text, so each segment is
//! scanned once whatever the number of codes. Explicit regexes run on the
//! original text, and only on segments where the automaton found one of
//! the literals every match of that regex must start with (its triggers);
//! a regex without such literals runs on every segment. A text with an
//! editor's `[insertion]` or an ellipsis is scanned a second time in its
//! elided fold, so phrases read across them. Hits then pass the vetoes,
//! the negation window and the mood and tense guards their code asks for. Owns folding,
//! compilation and scanning; knows nothing of files, segments or codings.

mod compile;
pub mod fold;
mod guard;
mod scan;
pub mod spec;

pub use spec::{CodeSpec, Mood, PatternKind, Spec, Tense};

use regex::Regex;

/// One place a code's pattern matched, after vetoes and negation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hit {
    /// Byte offset in the scanned text where the match starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// Index of the code in [`Matcher::code_ids`].
    pub code: usize,
    /// Index of the pattern in that code's `patterns`.
    pub pattern: usize,
}

/// What a compiled phrase or regex reports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Target {
    /// A code's pattern.
    Pattern { code: u32, pattern: u32 },
    /// A code's `not` veto.
    Not { code: u32 },
    /// One side of a `near` pattern (index into `nears`).
    NearSide { near: u32, side: u8 },
}

/// A compiled phrase: literal runs and word tails (`*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Lit(String),
    Tail,
}

#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    pieces: Vec<Piece>,
    target: Target,
}

/// What a literal of the automaton leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lead {
    /// A phrase starting with the literal (index into `phrases`).
    Phrase(u32),
    /// A regex whose matches may start with the literal (index into `regexes`).
    Regex(u32),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Near {
    code: u32,
    pattern: u32,
    within: usize,
    /// A `not:` near: its matches veto rather than code.
    veto: bool,
}

/// All codebooks' patterns, compiled once.
#[derive(Debug, Clone)]
pub struct Matcher {
    ac: Option<aho_corasick::dfa::DFA>,
    /// For each automaton pattern (a unique literal), the phrases starting
    /// with it and the regexes it triggers.
    by_literal: Vec<Vec<Lead>>,
    phrases: Vec<Phrase>,
    regexes: Vec<(Regex, Target)>,
    /// Regexes without trigger literals: run on every text.
    untriggered: Vec<u32>,
    nears: Vec<Near>,
    code_ids: Vec<String>,
    negation: Vec<usize>,
    has_not: Vec<bool>,
    /// Per code: whether hypothetical hits are dropped (`mood: actual`).
    actual: Vec<bool>,
    /// Per code: the time hits must not be marked against (`tense:`).
    tense: Vec<Option<Tense>>,
}

impl Matcher {
    /// Ids of the codes, in the order hits refer to them.
    pub fn code_ids(&self) -> &[String] {
        &self.code_ids
    }

    /// Number of distinct literals in the automaton.
    pub fn literal_count(&self) -> usize {
        self.by_literal.len()
    }
}

/// Whether the match at `start..end` of `text` is negated under a negation
/// window of `window` words (0: never), by the rule auto-coding applies: a
/// negating word up to `window` words before it in the same clause, or a
/// denial right after it ("isn't a problem"). For showing hits that a
/// matcher compiled with negation off would otherwise keep silently.
pub fn is_negated(text: &str, start: usize, end: usize, window: usize) -> bool {
    window > 0 && (scan::negated(text, start, window) || scan::denied_after(text, end))
}

/// Why a code with guards `mood` and `tense` does not code the match at
/// `start..end` of `text`, by the rules auto-coding applies: `hypothetical`
/// (`mood: actual`), or `marked past` / `marked present` (a `tense:` hint
/// for the other time); `None` when the guards let it through. For showing
/// hits that a matcher compiled without guards would otherwise keep silently.
pub fn guard_veto(
    text: &str,
    start: usize,
    end: usize,
    mood: Mood,
    tense: Option<Tense>,
) -> Option<&'static str> {
    if mood == Mood::Actual && guard::hypothetical(text, start) {
        return Some("hypothetical");
    }
    let marked = guard::marked_time(text, start, end);
    match tense {
        Some(wanted) if guard::other_time(wanted, marked) => Some(match marked {
            Some(Tense::Past) => "marked past",
            _ => "marked present",
        }),
        _ => None,
    }
}

/// The one-line reason of a regex error (its message without the diagram).
pub fn regex_reason(err: &regex::Error) -> String {
    let text = err.to_string();
    text.lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map_or_else(
            || text.lines().last().unwrap_or("").to_owned(),
            |l| l["error:".len()..].trim().to_owned(),
        )
}
