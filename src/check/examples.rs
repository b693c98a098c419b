//! The codebook checks that run the matcher: every example must be matched
//! by its own code (or a code below it), after vetoes and negation, and no
//! counterexample may be. They live in `check`, above both: a codebook
//! describes codes (and converts them into the matcher's spec) but never
//! runs the matcher.

use crate::codebook::{Code, CodeIx, CodeSet};
use crate::matcher::Matcher;
use crate::{Error, Result};

/// Every example that its code does not match, as an error naming the
/// example's place and the code.
pub fn examples(codes: &CodeSet, matcher: &Matcher) -> Vec<Error> {
    let mut problems = Vec::new();
    let numbers = numbers(codes, matcher);
    for code in codes.codes() {
        let within = within(codes, code, &numbers);
        for example in &code.examples {
            let matched = matcher.scan(&example.text).iter().any(|h| within(h.code));
            if !matched {
                let why = if codes.subtree(&code.id).all(|c| c.patterns.is_empty()) {
                    "the code has no patterns"
                } else {
                    "no pattern of the code matches it"
                };
                problems.push(
                    Error::invalid(format!("example not matched: {why}"))
                        .at(example.location.clone())
                        .with_code(&code.id),
                );
            }
        }
    }
    problems.extend(counterexamples(codes, matcher, &numbers));
    problems
}

/// Each of the matcher's codes' number in the code table.
fn numbers(codes: &CodeSet, matcher: &Matcher) -> Vec<Option<CodeIx>> {
    let table = codes.table();
    matcher
        .code_ids()
        .iter()
        .map(|id| table.index_of(id))
        .collect()
}

/// Whether the matcher's code `m` is `code` or below it.
fn within<'a>(
    codes: &CodeSet,
    code: &Code,
    numbers: &'a [Option<CodeIx>],
) -> impl Fn(usize) -> bool + 'a {
    let run = codes.run(Some(&code.id));
    move |m| numbers[m].is_some_and(|ix| run.contains(ix))
}

/// Every counterexample that its code (or a code below it) does match, as an
/// error naming the counterexample's place, the code, and the pattern and
/// words that matched.
fn counterexamples(codes: &CodeSet, matcher: &Matcher, numbers: &[Option<CodeIx>]) -> Vec<Error> {
    let mut problems = Vec::new();
    for code in codes.codes() {
        let within = within(codes, code, numbers);
        for counter in &code.counterexamples {
            let hits = matcher.scan(&counter.text);
            let Some(hit) = hits.iter().find(|h| within(h.code)) else {
                continue;
            };
            let by = &matcher.code_ids()[hit.code];
            let pattern = codes
                .code(by)
                .and_then(|c| c.patterns.get(hit.pattern))
                .map_or_else(String::new, |p| p.kind.source());
            let words = counter.text.get(hit.start..hit.end).unwrap_or_default();
            let whose = if by == &code.id {
                String::new()
            } else {
                format!(" of {by}")
            };
            problems.push(
                Error::invalid(format!(
                    "counterexample coded: pattern {pattern}{whose} matches \"{words}\""
                ))
                .at(counter.location.clone())
                .with_code(&code.id),
            );
        }
    }
    problems
}

/// Check every example, failing on the first problem.
pub fn examples_ok(codes: &CodeSet, matcher: &Matcher) -> Result<()> {
    match examples(codes, matcher).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
