//! The one place serde-saphyr is called. Turns its errors into ours with the
//! file, line and column, and never echoes the offending text back.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::{Error, Location, Result};

/// Parse `text` (the contents of `path`) as YAML into `T`.
///
/// `line_offset` is added to reported lines, for YAML embedded in a larger
/// file (transcript front matter).
///
/// Booleans are YAML 1.2's (`true`, `false`): `no`, `on`, `y` are words, so
/// a pattern `no` or a column `n` stays what it says (YAML 1.1 read them as
/// `false`/`true`, and a list of words holding one failed to parse).
pub(crate) fn parse<T: DeserializeOwned>(text: &str, path: &Path, line_offset: usize) -> Result<T> {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|err| {
        let (line, column) = err.location().map_or((0, 0), |l| {
            (
                usize::try_from(l.line()).unwrap_or(0),
                usize::try_from(l.column()).unwrap_or(0),
            )
        });
        let message = plain_message(&err.without_snippet().to_string());
        let located = if line > 0 {
            Location::at(path, line + line_offset, column)
        } else {
            Location::file(path)
        };
        Error::invalid(message).at(located)
    })
}

/// A location of a parsed value, for errors found after parsing.
pub(crate) fn location(path: &Path, at: &serde_saphyr::Location, line_offset: usize) -> Location {
    let line = usize::try_from(at.line()).unwrap_or(0);
    let column = usize::try_from(at.column()).unwrap_or(0);
    if line == 0 {
        Location::file(path)
    } else {
        Location::at(path, line + line_offset, column)
    }
}

/// serde-saphyr's plain message ends with " at line L, column C"; we print
/// the location in front instead.
fn plain_message(message: &str) -> String {
    let trimmed = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    };
    trimmed
        .replace("untagged enum PatternSpec", "pattern")
        .replace(
            "invalid boolean (strict mode expects true/false)",
            "want true or false (yes, no, on and off are words in YAML 1.2)",
        )
        .replace(
            "data did not match any variant of untagged enum OneOrMany",
            "final: want a coder name, a list of coder names, or auto",
        )
        .trim()
        .to_owned()
}

/// Best effort: the `id:` values of the codebook codes enclosing `line`,
/// joined with dots (the local part of the code id), so an error in a code
/// names it even when the YAML could not be parsed into codes.
pub(crate) fn enclosing_code_id(text: &str, line: usize, column: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut limit = column;
    let mut inclusive = true;
    let mut parts = Vec::new();
    for raw in lines.iter().take(line.min(lines.len())).rev() {
        let stripped = raw.trim_start_matches([' ', '-']);
        let Some(value) = stripped.strip_prefix("id:") else {
            continue;
        };
        let col = raw.len() - stripped.len() + 1;
        if col < limit || (inclusive && col == limit) {
            parts.push(value.trim().trim_matches(['"', '\'']).to_owned());
            limit = col;
            inclusive = false;
        }
    }
    if parts.is_empty() {
        return None;
    }
    parts.reverse();
    Some(parts.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enclosing_code_id_walks_up_the_tree() {
        let text = "codes:\n  - id: a\n    children:\n      - id: b\n        regx: 1\n";
        assert_eq!(enclosing_code_id(text, 5, 9).as_deref(), Some("a.b"));
        assert_eq!(enclosing_code_id(text, 3, 5).as_deref(), Some("a"));
        assert_eq!(enclosing_code_id(text, 1, 1), None);
    }

    #[test]
    fn plain_message_drops_trailing_position() {
        assert_eq!(
            plain_message("unknown field `x` at line 3, column 4"),
            "unknown field `x`"
        );
    }
}
