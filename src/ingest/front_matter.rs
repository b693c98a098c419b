//! YAML front matter at the top of a transcript: the case id and case
//! attributes. Values are scalars (or lists, joined with "; ").

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::project::yaml;
use crate::{Error, Location, Result};

/// Parsed front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// The `id` key: the case of the participant turns.
    pub id: Option<String>,
    /// Other keys: attribute name, value, line.
    pub attributes: Vec<(String, String, usize)>,
    /// The line of the first transcript line after the front matter (1-based).
    pub body_line: usize,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<String>),
}

/// Split front matter from `text`. Returns the front matter and the byte
/// offset where the body starts.
pub fn split(text: &str, display: &Path) -> Result<(FrontMatter, usize)> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok((
            FrontMatter {
                body_line: 1,
                ..FrontMatter::default()
            },
            0,
        ));
    };
    if first.trim_end() != "---" {
        return Ok((
            FrontMatter {
                body_line: 1,
                ..FrontMatter::default()
            },
            0,
        ));
    }
    let mut offset = first.len();
    let start = offset;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let yaml_text = &text[start..offset];
            let mut fm = parse(yaml_text, display)?;
            fm.body_line = line_no + 1;
            return Ok((fm, offset + line.len()));
        }
        offset += line.len();
    }
    Err(
        Error::invalid("front matter starts with '---' but never ends: add a closing '---' line")
            .at(Location::line(display, 1)),
    )
}

fn parse(yaml_text: &str, display: &Path) -> Result<FrontMatter> {
    if yaml_text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let map: BTreeMap<String, serde_saphyr::Spanned<Scalar>> = yaml::parse(yaml_text, display, 1)?;
    let mut fm = FrontMatter::default();
    let mut entries: Vec<_> = map.into_iter().collect();
    entries.sort_by_key(|(_, v)| v.referenced.line());
    for (key, value) in entries {
        let line = yaml::location(display, &value.referenced, 1)
            .line
            .unwrap_or(1);
        let text = match value.value {
            Scalar::Text(s) => s.trim().to_owned(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::List(items) => items.join("; "),
        };
        if key == "id" {
            if text.is_empty() {
                return Err(
                    Error::invalid("front matter 'id' is empty").at(Location::line(display, line))
                );
            }
            fm.id = Some(text);
        } else if !text.is_empty() {
            fm.attributes.push((key, text, line));
        }
    }
    Ok(fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_id_attributes_and_body_position() {
        let text = "---\nid: F4\nsite: Folkestone\nage: 34\n---\nInterviewer: hi\n";
        let (fm, body) = split(text, Path::new("t.txt")).unwrap();
        assert_eq!(fm.id.as_deref(), Some("F4"));
        assert_eq!(
            fm.attributes,
            vec![
                ("site".into(), "Folkestone".into(), 3),
                ("age".into(), "34".into(), 4)
            ]
        );
        assert_eq!(fm.body_line, 6);
        assert_eq!(&text[body..], "Interviewer: hi\n");
    }

    #[test]
    fn no_front_matter_and_unclosed_front_matter() {
        let (fm, body) = split("I: hi\n", Path::new("t.txt")).unwrap();
        assert_eq!((fm.id, body, fm.body_line), (None, 0, 1));
        let err = split("---\nid: F4\nI: hi\n", Path::new("t.txt")).unwrap_err();
        assert!(
            err.to_string().starts_with("t.txt:1: front matter"),
            "{err}"
        );
    }

    #[test]
    fn malformed_front_matter_points_at_its_line() {
        let err = split("---\nid: F4\nsite: [a\n---\n", Path::new("t.txt")).unwrap_err();
        assert!(err.to_string().starts_with("t.txt:3:"), "{err}");
    }
}
