//! Compiling codebooks into a [`Matcher`].

use std::collections::HashMap;

use aho_corasick::MatchKind;
use rayon::prelude::*;
use regex::RegexBuilder;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::fold::{fold, fold_pattern, folds_to_space};
use super::spec::{Mood, PatternKind, Spec};
use super::{Lead, Matcher, Near, Phrase, Piece, Target};
use crate::{Error, Result};

/// Split a folded phrase into literal runs and word tails.
pub(crate) fn pieces(folded: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut lit = String::new();
    for (i, word) in folded.split(' ').enumerate() {
        if i > 0 {
            lit.push(' ');
        }
        if let Some(stem) = word.strip_suffix('*') {
            lit.push_str(stem);
            out.push(Piece::Lit(std::mem::take(&mut lit)));
            out.push(Piece::Tail);
        } else {
            lit.push_str(word);
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    out
}

/// Index into a table of at most `u32::MAX` entries (validation keeps
/// codebooks far below that).
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The automaton's literals, each once, with what each leads to.
#[derive(Default)]
struct LiteralTable {
    ids: HashMap<String, usize>,
    literals: Vec<String>,
    leads: Vec<Vec<Lead>>,
}

impl LiteralTable {
    fn add(&mut self, literal: &str, lead: Lead) {
        let id = *self.ids.entry(literal.to_owned()).or_insert_with(|| {
            self.literals.push(literal.to_owned());
            self.leads.push(Vec::new());
            self.literals.len() - 1
        });
        if !self.leads[id].contains(&lead) {
            self.leads[id].push(lead);
        }
    }
}

/// The folded literals that every match of `pattern` (compiled case-
/// insensitively, as codebook regexes are) starts with, so the regex need
/// only run on a text whose folded form contains one of them. `None` when
/// there is no such set: a match may start anywhere (`\w+`, `[a-z]{3}`) or
/// with a character folding changes into a space.
///
/// Sound because folding works character by character except for spaces:
/// a literal cut before its first character that folds to a space folds to
/// the very bytes that the start of any match folds to.
pub(crate) fn triggers(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let mut out = Vec::new();
    for literal in seq.literals()? {
        let bytes = literal.as_bytes();
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            // Cut inside a character by the extractor's length limit.
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        };
        let end = text
            .char_indices()
            .find(|&(_, c)| folds_to_space(c))
            .map_or(text.len(), |(i, _)| i);
        let folded = fold(&text[..end]).text;
        if folded.is_empty() {
            return None;
        }
        out.push(folded);
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

struct Builder {
    phrases: Vec<Phrase>,
    regexes: Vec<(String, Target)>,
}

impl Builder {
    fn add(
        &mut self,
        kind: &PatternKind,
        target: Target,
        nears: &mut Vec<Near>,
        code: u32,
        pattern: u32,
    ) {
        match kind {
            PatternKind::Phrase(p) => {
                self.phrases.push(Phrase {
                    pieces: pieces(&fold_pattern(p)),
                    target,
                });
            }
            PatternKind::Regex(r) => self.regexes.push((r.clone(), target)),
            PatternKind::Near { a, b, within } => {
                let near = u32::try_from(nears.len()).unwrap_or(u32::MAX);
                let veto = matches!(target, Target::Not { .. });
                nears.push(Near {
                    code,
                    pattern,
                    within: *within,
                    veto,
                });
                for (side, p) in [(0u8, a), (1u8, b)] {
                    let target = Target::NearSide { near, side };
                    self.phrases.push(Phrase {
                        pieces: pieces(&fold_pattern(p)),
                        target,
                    });
                }
            }
        }
    }
}

impl Matcher {
    /// Compile every pattern of every code in `spec` (the codebooks'
    /// `CodeSet` converts into one).
    pub fn compile<'a>(spec: impl Into<Spec<'a>>) -> Result<Matcher> {
        let spec = spec.into();
        let mut b = Builder {
            phrases: Vec::new(),
            regexes: Vec::new(),
        };
        let mut nears = Vec::new();
        let mut code_ids = Vec::new();
        let mut negation = Vec::new();
        let mut has_not = Vec::new();
        let mut actual = Vec::new();
        let mut tense = Vec::new();
        for (ci, code) in spec.codes.iter().enumerate() {
            let ci = u32::try_from(ci).map_err(|_| Error::invalid("too many codes"))?;
            code_ids.push(code.id.to_owned());
            negation.push(code.negation);
            has_not.push(!code.not.is_empty());
            actual.push(code.mood == Mood::Actual);
            tense.push(code.tense);
            for (pi, p) in code.patterns.iter().enumerate() {
                let pi = u32::try_from(pi).map_err(|_| Error::invalid("too many patterns"))?;
                b.add(
                    p,
                    Target::Pattern {
                        code: ci,
                        pattern: pi,
                    },
                    &mut nears,
                    ci,
                    pi,
                );
            }
            for p in &code.not {
                b.add(p, Target::Not { code: ci }, &mut nears, ci, 0);
            }
        }
        let mut table = LiteralTable::default();
        for (i, phrase) in b.phrases.iter().enumerate() {
            let Some(Piece::Lit(first)) = phrase.pieces.first() else {
                continue; // validation guarantees a leading literal
            };
            table.add(first, Lead::Phrase(index(i)));
        }
        // Regexes compile in parallel: with dozens of them this is most of
        // the start-up time.
        let compiled = b
            .regexes
            .par_iter()
            .map(|(source, _)| {
                RegexBuilder::new(source)
                    .case_insensitive(true)
                    .size_limit(1 << 24)
                    .build()
                    .map_err(|e| Error::invalid(format!("bad regex `{source}`: {e}")))
            })
            .collect::<Vec<Result<_>>>()
            .into_iter()
            .collect::<Result<Vec<_>>>()?; // the first error in order
        let mut regexes = Vec::with_capacity(b.regexes.len());
        let mut untriggered = Vec::new();
        for (i, ((source, target), re)) in b.regexes.into_iter().zip(compiled).enumerate() {
            match triggers(&source) {
                Some(literals) => {
                    for literal in &literals {
                        table.add(literal, Lead::Regex(index(i)));
                    }
                }
                None => untriggered.push(index(i)),
            }
            regexes.push((re, target));
        }
        let ac = if table.literals.is_empty() {
            None
        } else {
            Some(
                // A DFA: the fastest scan, at some memory per pattern
                // (a few MB for thousands of patterns).
                aho_corasick::dfa::DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&table.literals)
                    .map_err(|e| Error::invalid(format!("cannot compile patterns: {e}")))?,
            )
        };
        Ok(Matcher {
            ac,
            by_literal: table.leads,
            phrases: b.phrases,
            regexes,
            untriggered,
            nears,
            code_ids,
            negation,
            has_not,
            actual,
            tense,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_triggers_are_folded_prefix_literals() {
        let t = |p: &str| triggers(p);
        assert_eq!(t("WINZ"), Some(vec!["winz".to_owned()]));
        assert_eq!(t(r"£\s?\d+"), Some(vec!["£".to_owned()]));
        assert_eq!(t("Wh[aā]nau"), Some(vec!["whanau".to_owned()]));
        // Cut before a character that folds to a space.
        assert_eq!(
            t(r"\b(I['’]m|I am) a grafter"),
            Some(vec!["i".to_owned(), "i'm".to_owned()])
        );
        assert_eq!(t("self-worth"), Some(vec!["self".to_owned()]));
        // No usable prefix: the regex runs on every text.
        assert_eq!(t(r"\w+ing"), None);
        assert_eq!(t(r"\s*money"), None);
        assert_eq!(t("(a|)b"), Some(vec!["ab".to_owned(), "b".to_owned()]));
        assert_eq!(t(r"(a|\s)b"), None);
    }

    #[test]
    fn phrases_split_into_literals_and_tails() {
        assert_eq!(pieces("money"), vec![Piece::Lit("money".into())]);
        assert_eq!(
            pieces("pay* my bills"),
            vec![
                Piece::Lit("pay".into()),
                Piece::Tail,
                Piece::Lit(" my bills".into())
            ]
        );
        assert_eq!(
            pieces("worth*"),
            vec![Piece::Lit("worth".into()), Piece::Tail]
        );
    }
}
