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
        });
    }
    Ok(parsed)
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
