//! `codebook gaps`: what a coder's decisions say the patterns miss. For
//! each code the coder coded, the words and two-word phrases (adjacent
//! content words) over-represented in the coded segments against every
//! other participant segment, ranked by Dunning's log-likelihood G², that
//! no pattern of the code mentions; and the patterns whose auto codings the
//! coder mostly rejected.

use std::collections::{HashMap, HashSet};

use super::text::Tokenizer;
use super::{Labels, Texts};
use crate::codebook::{CodeSet, PatternKind};
use crate::coding::Coding;
use crate::coding::store::{Action, ManualRow};
use crate::ingest::Corpus;
use crate::message::Note;
use crate::table::{Cell, Column, Row, Table};

/// G² at or above this (p < 0.05 with one degree of freedom) to be listed.
pub const MIN_G2: f64 = 3.84;

/// A term must occur at least this often in the coded segments.
pub const MIN_COUNT: usize = 2;

/// What to list.
#[derive(Debug, Clone)]
pub struct GapOptions {
    /// Only codes at or below this id (or codebook name).
    pub code: Option<String>,
    /// At most this many words and phrases per code.
    pub top: usize,
}

/// A word or phrase frequent in a code's coded segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Code id.
    pub code: String,
    /// As people wrote it (`nursery fees`).
    pub text: String,
    /// Two words (a phrase) or one.
    pub phrase: bool,
    /// Dunning's log-likelihood G².
    pub g2: f64,
    /// Occurrences in the coded segments.
    pub coded: usize,
    /// Occurrences in every other participant segment.
    pub elsewhere: usize,
}

/// A pattern's auto codings as the coder judged them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Code id.
    pub code: String,
    /// The pattern as written.
    pub pattern: String,
    /// Its auto codings the coder accepted.
    pub accepted: usize,
    /// Its auto codings the coder rejected.
    pub rejected: usize,
}

/// `x ln x`, 0 at 0.
fn xlnx(x: f64) -> f64 {
    if x > 0.0 { x * x.ln() } else { 0.0 }
}

/// Dunning's log-likelihood G² of the 2×2 table of a term occurring `a`
/// times among `c` tokens of the target and `b` times among `d` tokens of
/// the reference: 2 Σ O ln(O/E) over the four cells.
pub fn g2(a: usize, b: usize, c: usize, d: usize) -> f64 {
    let (here, there, here_total, there_total) = (a as f64, b as f64, c as f64, d as f64);
    let all = here_total + there_total;
    if all == 0.0 {
        return 0.0;
    }
    let cells = [here, there, here_total - here, there_total - there];
    let rows = [here + there, all - here - there];
    let cols = [here_total, there_total];
    let observed: f64 = cells.iter().map(|&o| xlnx(o)).sum();
    // Σ O ln(O/E) = Σ O ln O − Σ rows ln rows − Σ cols ln cols + N ln N.
    let sum = observed
        - rows.iter().map(|&r| xlnx(r)).sum::<f64>()
        - cols.iter().map(|&k| xlnx(k)).sum::<f64>()
        + xlnx(all);
    (2.0 * sum).max(0.0)
}

/// A word or adjacent pair of words, as term ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Word(u32),
    Pair(u32, u32),
}

fn keys(tokens: &[u32]) -> impl Iterator<Item = Key> + '_ {
    tokens
        .iter()
        .map(|&t| Key::Word(t))
        .chain(tokens.windows(2).map(|w| Key::Pair(w[0], w[1])))
}

/// What a code's patterns mention: stems of their words, and the prefixes
/// of their wildcard words (`wage*`).
struct Mentioned {
    stems: HashSet<String>,
    prefixes: Vec<String>,
}

impl Mentioned {
    fn of(code: &crate::codebook::Code, tokenizer: &Tokenizer) -> Mentioned {
        let mut m = Mentioned {
            stems: HashSet::new(),
            prefixes: Vec::new(),
        };
        let mut phrase = |p: &str| {
            for word in p.split_whitespace() {
                if let Some(prefix) = word.strip_suffix('*') {
                    let prefix = prefix.to_lowercase();
                    if !prefix.is_empty() {
                        m.prefixes.push(prefix);
                    }
                } else {
                    m.stems
                        .extend(tokenizer.tokens(word).into_iter().map(|t| t.stem));
                }
            }
        };
        for p in &code.patterns {
            match &p.kind {
                PatternKind::Phrase(s) => phrase(s),
                PatternKind::Near { a, b, .. } => {
                    phrase(a);
                    phrase(b);
                }
                // The words spelt out in a regex (`child(ren)?care`): its runs of letters.
                PatternKind::Regex(r) => {
                    let letters: String = r
                        .chars()
                        .map(|c| if c.is_alphabetic() { c } else { ' ' })
                        .collect();
                    phrase(&letters);
                }
            }
        }
        m
    }

    fn covers(&self, texts: &Texts, term: u32) -> bool {
        self.stems.contains(texts.stem(term)) || {
            let surface = texts.surface(term);
            self.prefixes
                .iter()
                .any(|p| surface.starts_with(p.as_str()))
        }
    }

    fn covers_key(&self, texts: &Texts, key: Key) -> bool {
        match key {
            Key::Word(t) => self.covers(texts, t),
            Key::Pair(a, b) => self.covers(texts, a) && self.covers(texts, b),
        }
    }
}

/// For each code in scope the coder coded (codebook order), its key words
/// and phrases that its patterns do not mention, by G² (ties: the text),
/// at most `opts.top`.
pub fn terms(texts: &Texts, codes: &CodeSet, labels: &Labels, opts: &GapOptions) -> Vec<Term> {
    let tokenizer = Tokenizer::new();
    let in_scope: Vec<&crate::codebook::Code> = codes
        .codes_in(codes.run(opts.code.as_deref()))
        .filter(|c| labels.coded.contains_key(c.id.as_str()))
        .collect();
    // Count, over the whole corpus, only what some coded segment holds.
    let mut wanted: HashMap<Key, usize> = HashMap::new();
    for code in &in_scope {
        for &i in &labels.coded[code.id.as_str()] {
            for k in keys(&texts.segments[i].tokens) {
                wanted.insert(k, 0);
            }
        }
    }
    let (mut words, mut pairs) = (0, 0);
    for s in &texts.segments {
        words += s.tokens.len();
        pairs += s.tokens.len().saturating_sub(1);
        for k in keys(&s.tokens) {
            if let Some(n) = wanted.get_mut(&k) {
                *n += 1;
            }
        }
    }
    let mut out = Vec::new();
    for code in in_scope {
        let mentioned = Mentioned::of(code, &tokenizer);
        let mut here: HashMap<Key, usize> = HashMap::new();
        let (mut here_words, mut here_pairs) = (0, 0);
        for &i in &labels.coded[code.id.as_str()] {
            let t = &texts.segments[i].tokens;
            here_words += t.len();
            here_pairs += t.len().saturating_sub(1);
            for k in keys(t) {
                *here.entry(k).or_default() += 1;
            }
        }
        let mut found: Vec<Term> = here
            .into_iter()
            .filter(|&(k, a)| a >= MIN_COUNT && !mentioned.covers_key(texts, k))
            .filter_map(|(k, coded)| {
                let (coded_total, total) = match k {
                    Key::Word(_) => (here_words, words),
                    Key::Pair(..) => (here_pairs, pairs),
                };
                let elsewhere = wanted[&k] - coded;
                let elsewhere_total = total - coded_total;
                // Over-represented only.
                if (coded * elsewhere_total) as f64 <= (elsewhere * coded_total) as f64 {
                    return None;
                }
                let g = g2(coded, elsewhere, coded_total, elsewhere_total);
                (g >= MIN_G2).then(|| Term {
                    code: code.id.to_string(),
                    text: match k {
                        Key::Word(t) => texts.surface(t).to_owned(),
                        Key::Pair(x, y) => format!("{} {}", texts.surface(x), texts.surface(y)),
                    },
                    phrase: matches!(k, Key::Pair(..)),
                    g2: g,
                    coded,
                    elsewhere,
                })
            })
            .collect();
        found.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.text.cmp(&y.text)));
        found.truncate(opts.top);
        out.extend(found);
    }
    out
}

/// For each code in scope, the patterns whose auto codings (the pattern
/// that matched first, as `codings/auto.csv` names it) the coder `mine`
/// rejected more often than accepted, most rejected first.
pub fn verdicts(
    auto: &[Coding],
    mine: &[ManualRow],
    corpus: &Corpus,
    codes: &CodeSet,
    scope: crate::codebook::CodeScope,
) -> crate::Result<Vec<Verdict>> {
    let mut decided: HashMap<(String, usize, String), Action> = HashMap::new();
    for row in mine {
        if row.action == Action::Add {
            continue;
        }
        let segment = crate::coding::merge::resolve(row, corpus, codes)?;
        decided.insert(
            (row.document.clone(), segment.ordinal, row.code.clone()),
            row.action,
        );
    }
    let table = codes.table();
    let mut counts: HashMap<(String, String), (usize, usize)> = HashMap::new();
    for c in auto {
        if !scope.contains(table.nearest(&c.code)) {
            continue;
        }
        let key = (c.document.clone(), c.segment, c.code.to_string());
        let entry = counts
            .entry((c.code.to_string(), c.pattern.clone()))
            .or_default();
        match decided.get(&key) {
            Some(Action::Accept) => entry.0 += 1,
            Some(Action::Reject) => entry.1 += 1,
            _ => {}
        }
    }
    let order: HashMap<&str, usize> = codes
        .codes()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut out: Vec<Verdict> = counts
        .into_iter()
        .filter(|(_, (a, r))| r > a)
        .map(|((code, pattern), (accepted, rejected))| Verdict {
            code,
            pattern,
            accepted,
            rejected,
        })
        .collect();
    out.sort_by(|x, y| {
        order
            .get(x.code.as_str())
            .cmp(&order.get(y.code.as_str()))
            .then(y.rejected.cmp(&x.rejected))
            .then_with(|| x.pattern.cmp(&y.pattern))
    });
    Ok(out)
}

/// The table of `codebook gaps`: each code's missing words and phrases,
/// then its mostly rejected patterns.
pub fn table(coder: &str, codes: &CodeSet, terms: &[Term], verdicts: &[Verdict]) -> Table {
    let mut rows = Vec::new();
    for code in codes.codes() {
        for t in terms.iter().filter(|t| t.code == code.id) {
            rows.push(Row {
                depth: 0,
                cells: vec![
                    Cell::Text(t.code.clone()),
                    Cell::Text(if t.phrase { "phrase" } else { "word" }.to_owned()),
                    Cell::Text(t.text.clone()),
                    Cell::Statistic(Some(t.g2)),
                    Cell::Count(t.coded),
                    Cell::Count(t.elsewhere),
                    Cell::Empty,
                    Cell::Empty,
                ],
            });
        }
        for v in verdicts.iter().filter(|v| v.code == code.id) {
            rows.push(Row {
                depth: 0,
                cells: vec![
                    Cell::Text(v.code.clone()),
                    Cell::Text("rejected pattern".to_owned()),
                    Cell::Text(v.pattern.clone()),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Count(v.accepted),
                    Cell::Count(v.rejected),
                ],
            });
        }
    }
    Table {
        title: format!("Gaps in the patterns, from {coder}'s coding"),
        columns: vec![
            Column::text("code", "Code"),
            Column::text("kind", "Kind"),
            Column::text("text", "Words or pattern"),
            Column::number("g2", "G²"),
            Column::number("coded", "In coded"),
            Column::number("elsewhere", "Elsewhere"),
            Column::number("accepted", "Accepted"),
            Column::number("rejected", "Rejected"),
        ],
        rows,
        footnotes: vec![
            Note::Text(format!(
                "Words and phrases (two adjacent content words, stemmed, shown as most often \
                 written) occurring at least {MIN_COUNT} times in the segments {coder} coded with \
                 the code, more often than in the other participant segments, that none of the \
                 code's patterns mentions; G² is Dunning's log-likelihood (listed from {MIN_G2}, \
                 p < 0.05). In coded and Elsewhere count occurrences."
            )),
            Note::Text(format!(
                "A rejected pattern is one whose auto codings {coder} rejected more often than \
                 accepted (the pattern that matched first in codings/auto.csv)."
            )),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_matches_an_independent_computation() {
        // scripts/g2-check.py: scipy.stats.chi2_contingency(
        //   [[5, 2], [15, 178]], correction=False, lambda_="log-likelihood").
        assert!(
            (g2(5, 2, 20, 180) - G2_5_2_20_180).abs() < 1e-9,
            "{}",
            g2(5, 2, 20, 180)
        );
        assert!(g2(0, 0, 10, 10).abs() < 1e-12);
        assert!((g2(1, 1, 10, 10)).abs() < 1e-12);
    }

    const G2_5_2_20_180: f64 = 16.215_452_136_148_496;
}
