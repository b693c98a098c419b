//! Code ids: the dotted grammar (`book.parent.leaf`) in one place.
//!
//! A code id is the codebook's name, then each code's local id down the
//! tree, joined by dots; each part is letters, digits, `_` and `-`
//! ([`check_part`]). [`CodeId`] is the typed id at the boundary (parsed
//! files, typed results); [`book`], [`leaf`], [`parent`] and [`is_within`]
//! read a plain `&str` id the same way, for the places that still hold
//! strings. Nothing else splits ids on dots by hand.

use std::borrow::Borrow;
use std::fmt;

/// Check an id part (a codebook name, a code's local id, a coder or
/// persona name) is non-empty and uses only letters, digits, `_` and `-`;
/// `what` names it in the message.
pub fn check_part(id: &str, what: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err(format!("empty {what}"));
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "{what} '{id}' may use only letters a-z, digits, '_' and '-' (dots join ids)"
        ));
    }
    Ok(())
}

/// The codebook of code `id`: its first part (`motivators`).
pub fn book(id: &str) -> &str {
    id.split_once('.').map_or(id, |(book, _)| book)
}

/// The last part of code `id` (`finance`).
pub fn leaf(id: &str) -> &str {
    id.rsplit_once('.').map_or(id, |(_, leaf)| leaf)
}

/// The id of the code above `id` (`motivators.extrinsic`); `None` for a
/// top-level code or a bare codebook name.
pub fn parent(id: &str) -> Option<&str> {
    let (up, _) = id.rsplit_once('.')?;
    up.contains('.').then_some(up)
}

/// `id` without its last part, a code or a codebook name
/// (`m.a.b` → `m.a` → `m`); `None` for a bare name. Walks up to the
/// codebook, where [`parent`] stops at a top-level code.
pub fn up(id: &str) -> Option<&str> {
    id.rsplit_once('.').map(|(up, _)| up)
}

/// Whether code `id` is `ancestor` or below it (`m.a.b` is within `m.a`
/// and `m`, not within `m.ab`).
pub fn is_within(id: &str, ancestor: &str) -> bool {
    id == ancestor || (id.starts_with(ancestor) && id.as_bytes().get(ancestor.len()) == Some(&b'.'))
}

/// Depth of code `id` below its codebook: 0 for a top-level code.
pub fn depth(id: &str) -> usize {
    id.matches('.').count().saturating_sub(1)
}

/// A code id, checked: a codebook name and at least one code part, each
/// part valid by [`check_part`]. Orders, hashes, compares and displays as
/// its text, so sorting `CodeId`s sorts as the strings did.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct CodeId(String);

impl CodeId {
    /// Parse `text` as a code id; the message says what is wrong.
    pub fn parse(text: &str) -> Result<CodeId, String> {
        let mut parts = text.split('.');
        let book = parts.next().unwrap_or_default();
        check_part(book, "codebook name")?;
        let mut codes = 0;
        for part in parts {
            check_part(part, "code id part").map_err(|e| format!("code id '{text}': {e}"))?;
            codes += 1;
        }
        if codes == 0 {
            return Err(format!(
                "'{text}' is a codebook name, not a code id (write book.code)"
            ));
        }
        Ok(CodeId(text.to_owned()))
    }

    /// An id its maker has already checked (the codebook parser, part by
    /// part), or a stand-in code the library makes for itself (`kwic`'s).
    pub(crate) fn checked(text: String) -> CodeId {
        CodeId(text)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The codebook's name (`motivators`).
    pub fn book(&self) -> &str {
        book(&self.0)
    }

    /// The last part (`finance`).
    pub fn leaf(&self) -> &str {
        leaf(&self.0)
    }

    /// The code above this one; `None` for a top-level code.
    pub fn parent(&self) -> Option<CodeId> {
        parent(&self.0).map(|p| CodeId(p.to_owned()))
    }

    /// Whether this code is `ancestor` or below it (`ancestor` may be a
    /// code id or a codebook name).
    pub fn is_within(&self, ancestor: &str) -> bool {
        is_within(&self.0, ancestor)
    }

    /// Depth below the codebook: 0 for a top-level code.
    pub fn depth(&self) -> usize {
        depth(&self.0)
    }
}

impl fmt::Display for CodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for CodeId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for CodeId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for CodeId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for CodeId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CodeId::parse(s)
    }
}

impl PartialEq<str> for CodeId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for CodeId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<&CodeId> for String {
    fn from(id: &CodeId) -> String {
        id.0.clone()
    }
}

impl PartialEq<String> for CodeId {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

impl PartialEq<CodeId> for String {
    fn eq(&self, other: &CodeId) -> bool {
        *self == other.0
    }
}

impl PartialEq<CodeId> for str {
    fn eq(&self, other: &CodeId) -> bool {
        self == other.0
    }
}

impl From<CodeId> for String {
    fn from(id: CodeId) -> String {
        id.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_an_id() {
        let id = CodeId::parse("motivators.extrinsic.finance").unwrap();
        assert_eq!(id.book(), "motivators");
        assert_eq!(id.leaf(), "finance");
        assert_eq!(id.parent().unwrap(), "motivators.extrinsic");
        assert_eq!(id.parent().unwrap().parent(), None);
        assert_eq!(id.depth(), 1);
        assert_eq!(id.to_string(), "motivators.extrinsic.finance");
        assert_eq!(book("m"), "m");
        assert_eq!(leaf("m"), "m");
        assert_eq!(parent("m"), None);
        assert_eq!(parent("m.a"), None);
        assert_eq!(depth("m.a"), 0);
        assert_eq!(up("m.a.b"), Some("m.a"));
        assert_eq!(up("m.a"), Some("m"));
        assert_eq!(up("m"), None);
    }

    #[test]
    fn within_is_by_whole_parts() {
        let id = CodeId::parse("m.a.b").unwrap();
        assert!(id.is_within("m.a.b"));
        assert!(id.is_within("m.a"));
        assert!(id.is_within("m"));
        assert!(!id.is_within("m.ab"));
        assert!(!is_within("m.ab", "m.a"));
        assert!(!is_within("m", "m.a"));
    }

    #[test]
    fn bad_ids_say_what_is_wrong() {
        assert!(CodeId::parse("m").unwrap_err().contains("codebook name"));
        assert!(
            CodeId::parse("m..a")
                .unwrap_err()
                .contains("empty code id part")
        );
        assert!(CodeId::parse("m.a b").unwrap_err().contains("may use only"));
        assert!(
            CodeId::parse("")
                .unwrap_err()
                .contains("empty codebook name")
        );
    }

    #[test]
    fn orders_and_serialises_as_its_text() {
        let mut ids: Vec<CodeId> = ["m.b", "m.a.z", "m.a", "l.x"]
            .iter()
            .map(|s| CodeId::parse(s).unwrap())
            .collect();
        let mut strings: Vec<String> = ids.iter().map(ToString::to_string).collect();
        ids.sort();
        strings.sort();
        assert_eq!(ids.iter().map(CodeId::as_str).collect::<Vec<_>>(), strings);
        assert_eq!(serde_json::to_string(&ids[0]).unwrap(), "\"l.x\"");
        let set: std::collections::BTreeSet<CodeId> = ids.into_iter().collect();
        assert!(set.contains("m.a"));
    }
}
