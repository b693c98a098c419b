//! quanteda YAML dictionaries: a mapping of category names to lists of
//! words or globs (`KEY: [a, b*]`), or to further mappings (nested
//! categories); a single value stands for a list of one, and the empty key
//! `''` holds the words of the category it sits in. YAML is parsed here with
//! serde-saphyr; a duplicate key is a duplicate category, an error with its
//! line and column.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Category, Entry, Parsed};
use crate::{Error, Location, Result};

/// A YAML value of a quanteda dictionary.
enum Node {
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
    List(Vec<Spanned<Scalar>>),
    Scalar(String),
    Null,
}

/// A word, whatever YAML type it was read as (`yes`, `1984`).
struct Scalar(String);

const FORMS: &str = "a category holds a word, a list of words or further categories";

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    /// Read as a string, so `yes` and `1984` stay as written.
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match d.deserialize_string(NodeVisitor)? {
            Node::Scalar(s) => Ok(Scalar(s)),
            Node::Null => Ok(Scalar(String::new())),
            Node::Map(_) | Node::List(_) => Err(de::Error::custom(
                "a list of words holds words only, not lists or categories",
            )),
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(FORMS)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Node, E> {
        Ok(Node::Scalar(v.to_owned()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> std::result::Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Scalar>>()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Scalar>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            let key = Spanned::new(key.value.0, key.referenced, key.defined);
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

pub(super) fn parse(text: &str, path: &Path) -> Result<Parsed> {
    let root: Spanned<Node> = crate::project::yaml::parse(text, path, 0).map_err(duplicate)?;
    let entries = match root.value {
        Node::Map(entries) => entries,
        Node::Null => return Ok(Parsed::default()),
        _ => {
            return Err(Error::invalid(
                "a quanteda dictionary is a YAML mapping of category names to lists of words",
            )
            .at(located(path, &root.referenced)));
        }
    };
    #[cfg(any())]
    let Node::Map(entries) = root.value else {
        return Err(Error::invalid(
            "a quanteda dictionary is a YAML mapping of category names to lists of words",
        )
        .at(located(path, &root.referenced)));
    };
    let mut parsed = Parsed::default();
    let mut own = Vec::new();
    parsed.categories = categories(entries, &mut own);
    if !own.is_empty() {
        // Words under a top-level `''` key have no category to go in.
        let line = own[0].line;
        return Err(Error::invalid(
            "words under an empty key at the top level belong to no category",
        )
        .at(Location::line(path, line)));
    }
    Ok(parsed)
}

/// serde-saphyr's messages, in a dictionary's terms.
fn duplicate(err: Error) -> Error {
    let message = if let Some(rest) = err.message().strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        format!("duplicate category {key}: a name may appear once under one parent")
    } else if err.message() == "expected string scalar" {
        "a list of words holds words only, not lists or categories".to_owned()
    } else {
        return err;
    };
    match err.location() {
        Some(at) => Error::invalid(message).at(at.clone()),
        None => Error::invalid(message),
    }
}

/// The categories of one mapping; the words of its `''` key go to `own`.
fn categories(
    entries: Vec<(Spanned<String>, Spanned<Node>)>,
    own: &mut Vec<Entry>,
) -> Vec<Category> {
    let mut out = Vec::new();
    for (key, value) in entries {
        let line = line_of(&key.referenced);
        if key.value.trim().is_empty() {
            own.extend(words(value));
            continue;
        }
        let mut category = Category {
            name: key.value.trim().to_owned(),
            line,
            ..Category::default()
        };
        match value.value {
            Node::Map(children) => {
                let mut mine = Vec::new();
                category.children = categories(children, &mut mine);
                category.entries = mine;
            }
            other => {
                category.entries = words(Spanned::new(other, value.referenced, value.defined));
            }
        }
        out.push(category);
    }
    out
}

fn words(node: Spanned<Node>) -> Vec<Entry> {
    match node.value {
        Node::Scalar(s) => vec![Entry {
            text: s,
            line: line_of(&node.referenced),
        }],
        Node::List(items) => items
            .into_iter()
            .filter(|i| !i.value.0.trim().is_empty())
            .map(|i| Entry {
                line: line_of(&i.referenced),
                text: i.value.0,
            })
            .collect(),
        Node::Null => Vec::new(),
        Node::Map(entries) => {
            let mut own = Vec::new();
            let _ = categories(entries, &mut own);
            own
        }
    }
}

fn line_of(at: &serde_saphyr::Location) -> usize {
    usize::try_from(at.line()).unwrap_or(0)
}

fn located(path: &Path, at: &serde_saphyr::Location) -> Location {
    crate::project::yaml::location(path, at, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(categories: &[Category]) -> Vec<String> {
        categories
            .iter()
            .flat_map(|c| {
                let words: Vec<String> = c
                    .entries
                    .iter()
                    .map(|e| format!("{}@{}", e.text, e.line))
                    .collect();
                let mut v = vec![format!("{}@{}: {}", c.name, c.line, words.join(", "))];
                v.extend(tree(&c.children).into_iter().map(|n| format!("  {n}")));
                v
            })
            .collect()
    }

    #[track_caller]
    fn case(yaml: &str, want: &[&str]) {
        let parsed = parse(yaml, Path::new("d.yml")).unwrap();
        assert_eq!(tree(&parsed.categories), want);
    }

    #[test]
    fn keys_nest_and_lists_hold_words() {
        case(
            "A CATEGORY: [more, lamb*]\nANOTHER: [1984, yes]\n",
            &["A CATEGORY@1: more@1, lamb*@1", "ANOTHER@2: 1984@2, yes@2"],
        );
        case(
            "US:\n  MA: Boston\n  '': Washington DC\nJP:\n  '': Tokyo\nEMPTY:\n",
            &[
                "US@1: Washington DC@3",
                "  MA@2: Boston@2",
                "JP@4: Tokyo@5",
                "EMPTY@6: ",
            ],
        );
        case(
            "pos:\n  - good\n  - 'great*'\n",
            &["pos@1: good@2, great*@3"],
        );
    }

    #[track_caller]
    fn error(yaml: &str, want: &str) {
        let err = parse(yaml, Path::new("d.yml")).unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn bad_dictionaries_are_errors_with_line_and_column() {
        error(
            "A: [a, b\nB: [c]\n",
            "d.yml:2:2: illegal placement of ':' indicator",
        );
        error(
            "A: [a]\nA: [b]\n",
            "d.yml:2:1: duplicate category A: a name may appear once under one parent",
        );
        error(
            "- a\n- b\n",
            "d.yml:1:1: a quanteda dictionary is a YAML mapping of category names to lists of words",
        );
        error(
            "A: [[a]]\n",
            "d.yml:1:5: a list of words holds words only, not lists or categories",
        );
    }
}
