//! WordStat `.cat` dictionaries: categories indented by tabs (one tab a
//! level; stray spaces are ignored), entries one level below their category
//! as `WORD* (1)`, the number a weight. `_` joins the words of a phrase
//! (`WAR_IN_IRAQ`). Weights other than 1 cannot be expressed and are noted;
//! an entry outside any category, a category indented past its parent's
//! level and a category named twice under one parent are errors.

use std::path::Path;

use super::{Category, Entry, Note, Parsed, Skipped, at_path, shorten};
use crate::{Error, Location, Result};

/// `WORD (1)` → (`WORD`, `1`); `None` without a weight in parentheses.
pub(super) fn split_weight(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let weight = &body[open + 1..];
    let numeric = !weight.is_empty()
        && weight
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    numeric.then(|| (body[..open].trim_end(), weight))
}

pub(super) fn parse(text: &str, path: &Path) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    // Index path of the open category at each depth.
    let mut open: Vec<usize> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let content = raw.trim();
        if content.is_empty() {
            continue;
        }
        let indent = &raw[..raw.len() - raw.trim_start().len()];
        let depth = indent.chars().filter(|&c| c == '\t').count();
        if let Some((word, weight)) = split_weight(content) {
            if depth == 0 || open.is_empty() {
                return Err(Error::invalid(format!(
                    "entry {:?} stands outside any category: indent it below one with a tab",
                    shorten(word)
                ))
                .at(Location::line(path, line)));
            }
            let depth = depth.min(open.len());
            let category = at_path(&mut parsed.categories, &open[..depth]);
            if weight != "1" {
                parsed.notes.push(Note {
                    line,
                    message: format!(
                        "weight ({weight}) of {:?} left out: qualcode patterns have no weights",
                        shorten(word)
                    ),
                });
            }
            if word.contains('@') {
                parsed.skipped.push(Skipped {
                    line,
                    entry: shorten(word),
                    category: None,
                    reason: "`@` marks a WordStat rule or proximity entry, which patterns \
                             cannot express"
                        .to_owned(),
                });
                continue;
            }
            category.entries.push(Entry {
                text: word.replace('_', " "),
                line,
            });
            continue;
        }
        if depth > open.len() {
            return Err(Error::invalid(format!(
                "category {:?} is indented {depth} tabs, more than one level below its parent",
                shorten(content)
            ))
            .at(Location::line(path, line)));
        }
        open.truncate(depth);
        let siblings = if depth == 0 {
            &mut parsed.categories
        } else {
            &mut at_path(&mut parsed.categories, &open).children
        };
        if let Some(first) = siblings.iter().find(|c| c.name == content) {
            return Err(Error::invalid(format!(
                "duplicate category {:?} (first on line {}) under the same parent",
                shorten(content),
                first.line
            ))
            .at(Location::line(path, line)));
        }
        siblings.push(Category {
            name: content.to_owned(),
            line,
            ..Category::default()
        });
        open.push(siblings.len() - 1);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_levels_make_the_tree_and_weights_are_noted() {
        let text = "SOUTH\r\n   \tBW\n   \t\tBotswana* (1)\n\tZA\n\t\tSouth Africa (1)\n\t\tCape_Town (2)\n\tPEOPLE (1)\nNORTH\n";
        let parsed = parse(text, Path::new("d.cat")).unwrap();
        let south = &parsed.categories[0];
        assert_eq!(south.name, "SOUTH");
        assert_eq!(south.entries[0].text, "PEOPLE");
        assert_eq!(south.children[0].entries[0].text, "Botswana*");
        assert_eq!(south.children[1].entries[1].text, "Cape Town");
        assert_eq!(south.children[1].entries[1].line, 6);
        assert_eq!(parsed.categories[1].name, "NORTH");
        assert_eq!(parsed.notes.len(), 1);
        assert!(parsed.notes[0].message.starts_with("weight (2)"));
    }

    #[track_caller]
    fn error(text: &str, want: &str) {
        let err = parse(text, Path::new("d.cat")).unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn bad_dictionaries_are_errors_naming_the_line() {
        error(
            "WORD (1)\n",
            "d.cat:1: entry \"WORD\" stands outside any category: indent it below one with a tab",
        );
        error(
            "A\n\t\tB\n",
            "d.cat:2: category \"B\" is indented 2 tabs, more than one level below its parent",
        );
        error(
            "A\n\tB\n\tB\n",
            "d.cat:3: duplicate category \"B\" (first on line 2) under the same parent",
        );
    }
}
