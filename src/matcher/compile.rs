//! Compiling codebooks into a [`Matcher`].

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{RegexBuilder, RegexSetBuilder};

use super::fold::fold_pattern;
use super::{Matcher, Near, Phrase, Piece, Target};
use crate::codebook::{CodeSet, PatternKind};
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
    /// Compile every pattern of every code in `codes`.
    pub fn compile(codes: &CodeSet) -> Result<Matcher> {
        let mut b = Builder {
            phrases: Vec::new(),
            regexes: Vec::new(),
        };
        let mut nears = Vec::new();
        let mut code_ids = Vec::new();
        let mut negation = Vec::new();
        let mut has_not = Vec::new();
        for (ci, code) in codes.codes().enumerate() {
            let ci = u32::try_from(ci).map_err(|_| Error::invalid("too many codes"))?;
            code_ids.push(code.id.clone());
            negation.push(code.negation);
            has_not.push(!code.not.is_empty());
            for (pi, p) in code.patterns.iter().enumerate() {
                let pi = u32::try_from(pi).map_err(|_| Error::invalid("too many patterns"))?;
                b.add(
                    &p.kind,
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
                b.add(&p.kind, Target::Not { code: ci }, &mut nears, ci, 0);
            }
        }
        let mut literal_ids: HashMap<String, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut by_literal: Vec<Vec<u32>> = Vec::new();
        for (i, phrase) in b.phrases.iter().enumerate() {
            let Some(Piece::Lit(first)) = phrase.pieces.first() else {
                continue; // validation guarantees a leading literal
            };
            let id = *literal_ids.entry(first.clone()).or_insert_with(|| {
                literals.push(first.clone());
                by_literal.push(Vec::new());
                literals.len() - 1
            });
            by_literal[id].push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        let ac = if literals.is_empty() {
            None
        } else {
            Some(
                // A DFA: the fastest scan, at some memory per pattern
                // (a few MB for thousands of patterns).
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&literals)
                    .map_err(|e| Error::invalid(format!("cannot compile patterns: {e}")))?,
            )
        };
        let sources: Vec<&str> = b.regexes.iter().map(|(r, _)| r.as_str()).collect();
        let regex_set = if sources.is_empty() {
            None
        } else {
            Some(
                RegexSetBuilder::new(&sources)
                    .case_insensitive(true)
                    .size_limit(1 << 28)
                    .dfa_size_limit(1 << 28)
                    .build()
                    .map_err(|e| Error::invalid(format!("cannot compile regexes: {e}")))?,
            )
        };
        let regexes = b
            .regexes
            .into_iter()
            .map(|(r, t)| {
                RegexBuilder::new(&r)
                    .case_insensitive(true)
                    .size_limit(1 << 24)
                    .build()
                    .map(|re| (re, t))
                    .map_err(|e| Error::invalid(format!("bad regex `{r}`: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Matcher {
            ac,
            by_literal,
            phrases: b.phrases,
            regex_set,
            regexes,
            nears,
            code_ids,
            negation,
            has_not,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
