//! Tab-separated word lists, one category a line: its name, then its words
//! (`help<TAB>chore<TAB>helpful…`, Empath's `categories.tsv`). A category
//! named twice is an error.

use std::collections::HashMap;
use std::path::Path;

use super::{Category, Entry, Parsed, shorten};
use crate::{Error, Location, Result};

pub(super) fn parse(text: &str, path: &Path) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let mut fields = raw.split('\t');
        let name = fields.next().unwrap_or_default().trim();
        if name.is_empty() {
            return Err(Error::invalid(
                "a line starts with the category's name, then its words after tabs: \
                 this one has no name",
            )
            .at(Location::line(path, line)));
        }
        if let Some(first) = seen.insert(name, line) {
            return Err(Error::invalid(format!(
                "duplicate category {:?} (first on line {first})",
                shorten(name)
            ))
            .at(Location::line(path, line)));
        }
        let entries = fields
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(|w| Entry {
                text: w.to_owned(),
                line,
            })
            .collect();
        parsed.categories.push(Category {
            name: name.to_owned(),
            line,
            entries,
            children: Vec::new(),
            description: None,
        });
    }
    Ok(parsed)
}

/// Whether `text` is a valence lexicon: every non-blank line one word (or
/// phrase) and a number (`abandon<TAB>-2`, AFINN; NRC-style lists).
pub(super) fn is_scores(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some() && lines.all(|l| score(l).is_some())
}

fn score(line: &str) -> Option<(&str, f64)> {
    let (word, n) = line.split_once('\t')?;
    let n: f64 = n.trim().parse().ok()?;
    (!word.trim().is_empty() && n.is_finite()).then_some((word.trim(), n))
}

/// A valence lexicon binned by sign: `positive` (score above 0) and
/// `negative` (below 0) categories; words scored 0 are skipped. qualcode
/// codes carry no weights, so the scores themselves are not kept (a note
/// says so).
pub(super) fn parse_scores(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut positive = Category {
        name: "positive".to_owned(),
        line: 1,
        ..Category::default()
    };
    let mut negative = Category {
        name: "negative".to_owned(),
        ..positive.clone()
    };
    let (mut low, mut high) = (f64::MAX, f64::MIN);
    for (n, raw) in text.lines().enumerate() {
        let Some((word, value)) = score(raw) else {
            continue;
        };
        low = low.min(value);
        high = high.max(value);
        let entry = Entry {
            text: word.to_owned(),
            line: n + 1,
        };
        if value > 0.0 {
            positive.entries.push(entry);
        } else if value < 0.0 {
            negative.entries.push(entry);
        } else {
            parsed.skipped.push(super::Skipped {
                line: n + 1,
                entry: shorten(word),
                category: None,
                reason: "score 0: neither positive nor negative".to_owned(),
            });
        }
    }
    parsed.notes.push(super::Note {
        line: 0,
        message: format!(
            "a valence lexicon (word, tab, score from {low} to {high}): its words are \
             binned into codes positive ({} words) and negative ({}); the scores themselves are \
             not kept, qualcode codes have no weights",
            positive.entries.len(),
            negative.entries.len()
        ),
    });
    parsed.categories = vec![positive, negative];
    parsed
}

/// Whether `text` looks like a tab-separated word list: every non-blank
/// line a name and at least one word, separated by tabs.
pub(super) fn looks_like(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty()).peekable();
    lines.peek().is_some()
        && lines.all(|l| {
            !l.starts_with([' ', '\t'])
                && l.split('\t').filter(|f| !f.trim().is_empty()).count() >= 2
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_category_a_line() {
        let parsed = parse(
            "help\tchore\thelpful\n\noffice\tdesk\t\n",
            Path::new("c.tsv"),
        )
        .unwrap();
        let got: Vec<_> = parsed
            .categories
            .iter()
            .map(|c| (c.name.as_str(), c.line, c.entries.len()))
            .collect();
        assert_eq!(got, [("help", 1, 2), ("office", 3, 1)]);
        assert!(looks_like("help\tchore\n"));
        assert!(!looks_like("help chore\n"));
        assert!(!looks_like("A\n\tB (1)\n"));
    }

    #[test]
    fn a_category_named_twice_is_an_error() {
        let err = parse("a\tx\nb\ty\na\tz\n", Path::new("c.tsv")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.tsv:3: duplicate category \"a\" (first on line 1)"
        );
    }
}
