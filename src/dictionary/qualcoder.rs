//! QualCoder's plain codebook (`cat>>sub>>code<TAB>memo`, one code a
//! line): `>>` nests, the memo after a tab is the code's description. Codes
//! carry no words: they are applied by hand.

use std::path::Path;

use super::{Note, Parsed, at_path, insert_path};
use crate::{Error, Location, Result};

/// The separator of a code's categories.
const SEP: &str = ">>";

pub(super) fn parse(text: &str, path: &Path) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let (name, memo) = raw.split_once('\t').unwrap_or((raw, ""));
        let names: Vec<&str> = name.split(SEP).map(str::trim).collect();
        if names.iter().any(|n| n.is_empty()) {
            return Err(Error::invalid(format!(
                "{name:?} has an empty category name (want cat>>sub>>code, then a tab and a memo)"
            ))
            .at(Location::line(path, line)));
        }
        let at = insert_path(&mut parsed.categories, &names, line);
        let memo = memo.trim();
        if !memo.is_empty() {
            at_path(&mut parsed.categories, &at).description = Some(memo.to_owned());
        }
    }
    parsed.notes.push(Note {
        line: 0,
        message: "a QualCoder codebook holds no words: its codes have no patterns and are \
                  applied by hand (codings/<coder>.csv)"
            .to_owned(),
    });
    Ok(parsed)
}

/// Whether `text` looks like a QualCoder plain codebook: a line names a
/// code's categories with `>>`, and no line has more than a name and a memo.
pub(super) fn looks_like(text: &str) -> bool {
    let lines = || text.lines().filter(|l| !l.trim().is_empty());
    lines().any(|l| l.split('\t').next().is_some_and(|n| n.contains(SEP)))
        && lines().all(|l| l.split('\t').count() <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_nest_and_memos_describe() {
        let text = "code1\tA memo\r\ncat1>>code2\r\ncat1>>code3\r\ncat3>>cat2>>code4\tanother\r\n";
        assert!(looks_like(text));
        assert!(!looks_like("help\tchore\thelpful\n"));
        let parsed = parse(text, Path::new("c.txt")).unwrap();
        let names: Vec<&str> = parsed.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["code1", "cat1", "cat3"]);
        assert_eq!(parsed.categories[0].description.as_deref(), Some("A memo"));
        assert_eq!(parsed.categories[1].children.len(), 2);
        let code4 = &parsed.categories[2].children[0].children[0];
        assert_eq!(
            (code4.name.as_str(), code4.description.as_deref()),
            ("code4", Some("another"))
        );
        let err = parse("a>>>>b\n", Path::new("c.txt")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.txt:1: \"a>>>>b\" has an empty")
        );
    }
}
