//! LIWC `.dic` dictionaries: a block between `%` lines declaring numbered
//! categories (`01<TAB>name`; a dotted name `care.virtue` nests `virtue`
//! under `care`), then one entry a line, `word<TAB>01 02…`. Conditional
//! category forms (`(02 134)125/464`) and entries in parentheses cannot be
//! expressed and are reported; an entry naming an undeclared number, a
//! number or name declared twice, are errors.

use std::collections::HashMap;
use std::path::Path;

use super::{Category, Entry, Parsed, Skipped, at_path, insert_path, shorten};
use crate::{Error, Location, Result};

pub(super) fn parse(text: &str, path: &Path) -> Result<Parsed> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    if lines.get(i).map(|l| l.trim()) != Some("%") {
        return Err(Error::invalid(
            "not a LIWC dictionary: its first line must be `%`, opening the category block",
        )
        .at(Location::line(path, i + 1)));
    }
    let mut parsed = Parsed::default();
    let (numbers, i) = header(&lines, i, path, &mut parsed.categories)?;
    for (n, raw) in lines.iter().enumerate().skip(i) {
        let line = n + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        let (word, tokens) = split_entry(l);
        if tokens.is_empty() {
            parsed.skipped.push(Skipped {
                line,
                entry: shorten(word),
                category: None,
                reason: "no category number follows the word".to_owned(),
            });
            continue;
        }
        for token in tokens {
            if !token.chars().all(|c| c.is_ascii_digit()) {
                parsed.skipped.push(Skipped {
                    line,
                    entry: shorten(&format!("{word} {token}")),
                    category: None,
                    reason: format!(
                        "conditional category `{}` cannot be expressed; the word keeps its \
                         other categories",
                        shorten(token)
                    ),
                });
                continue;
            }
            let Some((index, _)) = numbers.get(&normalise_number(token)) else {
                return Err(Error::invalid(format!(
                    "entry {:?} names category {token}, which the `%` block does not declare",
                    shorten(word)
                ))
                .at(Location::line(path, line)));
            };
            at_path(&mut parsed.categories, index).entries.push(Entry {
                text: word.to_owned(),
                line,
            });
        }
    }
    Ok(parsed)
}

/// Category number -> (index path in the tree, line declared).
type Numbers = HashMap<String, (Vec<usize>, usize)>;

/// Read the category block that opens at line index `open`, adding its
/// categories to `tree`; the numbers declared and the index of the first
/// line after the block.
fn header(
    lines: &[&str],
    open: usize,
    path: &Path,
    tree: &mut Vec<Category>,
) -> Result<(Numbers, usize)> {
    let mut numbers = Numbers::new();
    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut i = open + 1;
    loop {
        let Some(raw) = lines.get(i) else {
            return Err(Error::invalid(format!(
                "the category block opened by `%` on line {} is never closed by a second `%`",
                open + 1
            ))
            .at(Location::file(path)));
        };
        let line = i + 1;
        i += 1;
        let l = raw.trim();
        if l == "%" {
            return Ok((numbers, i));
        }
        if l.is_empty() {
            continue;
        }
        let (number, name) = split_header(l).ok_or_else(|| {
            Error::invalid(
                "a category line is a number and a name, as `01<TAB>posemo`: this one is not",
            )
            .at(Location::line(path, line))
        })?;
        let number = normalise_number(number);
        if let Some((_, first)) = numbers.get(&number) {
            return Err(Error::invalid(format!(
                "duplicate category number {number} (first declared on line {first})"
            ))
            .at(Location::line(path, line)));
        }
        if let Some(first) = names.get(name) {
            return Err(Error::invalid(format!(
                "duplicate category {:?} (first declared on line {first})",
                shorten(name)
            ))
            .at(Location::line(path, line)));
        }
        names.insert(name, line);
        let parts: Vec<&str> = name.split('.').filter(|p| !p.is_empty()).collect();
        let parts = if parts.is_empty() { vec![name] } else { parts };
        let index = insert_path(tree, &parts, line);
        numbers.insert(number, (index, line));
    }
}

/// `01<TAB>name`, `01   name` or `01<TAB>name<TAB>(description)`.
fn split_header(line: &str) -> Option<(&str, &str)> {
    let end = line.find(char::is_whitespace)?;
    let (number, rest) = line.split_at(end);
    if !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_start();
    let name = rest.split('\t').next().unwrap_or(rest).trim();
    (!name.is_empty()).then_some((number, name))
}

/// Category tokens: white-space separated, but a parenthesised group
/// (`(02 134)125/464`) stays one token.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c.is_whitespace() && depth == 0 {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// `007` and `7` are the same category.
fn normalise_number(n: &str) -> String {
    let t = n.trim_start_matches('0');
    if t.is_empty() {
        "0".to_owned()
    } else {
        t.to_owned()
    }
}

/// The word and its category tokens: split at the first tab if there is
/// one (words may be phrases), else the trailing numbers.
fn split_entry(line: &str) -> (&str, Vec<&str>) {
    if let Some((word, rest)) = line.split_once('\t') {
        return (word.trim(), tokens(rest));
    }
    let mut word = line.trim_end();
    let mut categories = Vec::new();
    while let Some((head, tail)) = word.rsplit_once(char::is_whitespace) {
        if tail.is_empty() || !tail.chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        categories.push(tail);
        word = head.trim_end();
    }
    categories.reverse();
    (word, categories)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(categories: &[Category]) -> Vec<String> {
        categories
            .iter()
            .flat_map(|c| {
                let mut v = vec![format!("{}:{}", c.name, c.entries.len())];
                v.extend(names(&c.children).into_iter().map(|n| format!("  {n}")));
                v
            })
            .collect()
    }

    #[test]
    fn header_block_then_entries_with_several_categories() {
        let text = "%\n01 HarmVirtue\n02\tcare.vice\n3\tcare.virtue\t(Care)\n%\nsafe*\t\t01\npreserve\t01 02 03\nciVil rights\t3\n";
        let parsed = parse(text, Path::new("m.dic")).unwrap();
        assert_eq!(
            names(&parsed.categories),
            ["HarmVirtue:2", "care:0", "  vice:1", "  virtue:2"]
        );
        assert_eq!(
            parsed.categories[1].children[1].entries[1].text,
            "ciVil rights"
        );
        assert_eq!(parsed.categories[1].children[1].entries[1].line, 8);
    }

    #[test]
    fn conditional_forms_are_reported_and_other_categories_kept() {
        let text = "%\n1\tfunct\n2\tverb\n%\nlike\t1 (02 134)2/1\n(discrep) like\t2\nlonely\n";
        let parsed = parse(text, Path::new("m.dic")).unwrap();
        assert_eq!(names(&parsed.categories), ["funct:1", "verb:1"]);
        let reasons: Vec<_> = parsed
            .skipped
            .iter()
            .map(|s| (s.line, s.entry.as_str()))
            .collect();
        assert_eq!(reasons, [(5, "like (02 134)2/1"), (7, "lonely")]);
    }

    #[test]
    fn entries_split_without_tabs() {
        assert_eq!(split_entry("kill 02"), ("kill", vec!["02"]));
        assert_eq!(
            split_entry("civil rights 3 4"),
            ("civil rights", vec!["3", "4"])
        );
        assert_eq!(split_entry("lonely"), ("lonely", vec![]));
    }

    #[track_caller]
    fn error(text: &str, want: &str) {
        let err = parse(text, Path::new("m.dic")).unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn bad_dictionaries_are_errors_naming_the_line() {
        error(
            "%\n1\ta\n%\nword\t1 7\n",
            "m.dic:4: entry \"word\" names category 7, which the `%` block does not declare",
        );
        error(
            "%\n1\ta\n01\tb\n%\n",
            "m.dic:3: duplicate category number 1 (first declared on line 2)",
        );
        error(
            "%\n1\ta\n2\ta\n%\n",
            "m.dic:3: duplicate category \"a\" (first declared on line 2)",
        );
        error(
            "word\t1\n",
            "m.dic:1: not a LIWC dictionary: its first line must be `%`, opening the category block",
        );
        error(
            "%\n1\ta\n",
            "m.dic: the category block opened by `%` on line 1 is never closed by a second `%`",
        );
    }
}
