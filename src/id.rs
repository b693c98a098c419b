//! Code ids: the dotted grammar (`book.parent.leaf`) in one place.
//!
//! A code id is the codebook's name, then each code's local id down the
//! tree, joined by dots; each part is letters, digits, `_` and `-`
//! ([`check_part`]). [`CodeId`] is the typed id at the boundary (parsed
//! files, typed results); [`book`], [`leaf`], [`parent`] and [`is_within`]
//! read a plain `&str` id the same way, for the places that still hold
//! strings. Nothing else splits ids on dots by hand.
//!
//! Inside computations a code is a number: [`CodeTable`] numbers the
//! loaded codes ([`CodeIx`]) depth-first, so that a code and the codes
//! below it are one contiguous run of numbers ([`CodeRange`]) and "is
//! within" is two comparisons.

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

/// A code's number in a [`CodeTable`]: its place in the loaded codebooks'
/// depth-first order. Meaningful only with the table that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeIx(u32);

impl CodeIx {
    /// The number as an index into per-code vectors.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A contiguous run of code numbers: a code and every code below it, or a
/// whole codebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CodeRange {
    start: u32,
    end: u32,
}

impl CodeRange {
    /// Whether code `ix` is in the run.
    pub fn contains(self, ix: CodeIx) -> bool {
        self.start <= ix.0 && ix.0 < self.end
    }

    /// The codes of the run, in order.
    pub fn iter(self) -> impl Iterator<Item = CodeIx> {
        (self.start..self.end).map(CodeIx)
    }

    /// How many codes the run holds.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the run holds no code.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The run as a range of numbers, for range queries on maps and sets
    /// keyed by [`CodeIx`].
    pub fn bounds(self) -> std::ops::Range<CodeIx> {
        CodeIx(self.start)..CodeIx(self.end)
    }
}

/// A scope resolved to numbers: every code, or a code and the codes below
/// it (or a codebook's codes) as a run. Every code includes codes that are
/// not numbered; a run holds only numbered ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeScope(Option<CodeRange>);

impl CodeScope {
    /// Every code.
    pub fn all() -> CodeScope {
        CodeScope(None)
    }

    /// The codes of `run`.
    pub fn run(run: CodeRange) -> CodeScope {
        CodeScope(Some(run))
    }

    /// Whether a code numbered `ix` (`None`: a code not numbered) is in
    /// the scope.
    pub fn contains(self, ix: Option<CodeIx>) -> bool {
        match self.0 {
            None => true,
            Some(run) => ix.is_some_and(|ix| run.contains(ix)),
        }
    }
}

/// The loaded codes numbered: ids by number and numbers by id, each code's
/// nearest ancestor in the table, and the end of each code's subtree.
/// Codes are pushed depth-first (each code right after its parent or its
/// parent's earlier descendants), so a subtree is a [`CodeRange`].
#[derive(Debug, Clone, Default)]
pub struct CodeTable {
    ids: Vec<CodeId>,
    /// Per code: one past the last number of its subtree.
    end: Vec<u32>,
    /// Per code: its nearest ancestor in the table.
    parent: Vec<Option<CodeIx>>,
    index: foldhash::HashMap<CodeId, CodeIx>,
}

impl CodeTable {
    /// Number `id` next. `Err` with the number it already has if it is in
    /// the table.
    ///
    /// # Panics
    ///
    /// If `id` would break depth-first order (an ancestor's subtree already
    /// closed by a code outside it), or at 2^32 codes.
    pub fn push(&mut self, id: CodeId) -> Result<CodeIx, CodeIx> {
        if let Some(&ix) = self.index.get(&id) {
            return Err(ix);
        }
        let next = u32::try_from(self.ids.len()).expect("fewer than 2^32 codes");
        let parent = self.ancestor(&id);
        let mut up = parent;
        while let Some(a) = up {
            assert_eq!(
                self.end[a.index()],
                next,
                "codes pushed depth-first: {id} after the subtree of {} closed",
                self.ids[a.index()]
            );
            self.end[a.index()] = next + 1;
            up = self.parent[a.index()];
        }
        let ix = CodeIx(next);
        self.index.insert(id.clone(), ix);
        self.ids.push(id);
        self.end.push(next + 1);
        self.parent.push(parent);
        Ok(ix)
    }

    /// The nearest proper ancestor of `id` in the table.
    fn ancestor(&self, id: &str) -> Option<CodeIx> {
        let mut at = up(id);
        while let Some(a) = at {
            if let Some(&ix) = self.index.get(a) {
                return Some(ix);
            }
            at = up(a);
        }
        None
    }

    /// How many codes are numbered.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no code is numbered.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Every code's number, in order.
    pub fn all(&self) -> CodeRange {
        self.since(0)
    }

    /// The number of code `id`, if it is in the table.
    pub fn index_of(&self, id: &str) -> Option<CodeIx> {
        self.index.get(id).copied()
    }

    /// The number of code `id` or, for an id not in the table, of its
    /// nearest ancestor that is: the code a coding counts under. A code is
    /// within a loaded code exactly when this is within it, so codings of
    /// unknown codes roll up as their ids say.
    pub fn nearest(&self, id: &str) -> Option<CodeIx> {
        self.index_of(id).or_else(|| self.ancestor(id))
    }

    /// The id of code `ix`.
    pub fn id(&self, ix: CodeIx) -> &CodeId {
        &self.ids[ix.index()]
    }

    /// The nearest ancestor of code `ix` in the table.
    pub fn parent(&self, ix: CodeIx) -> Option<CodeIx> {
        self.parent[ix.index()]
    }

    /// Code `ix` and every code below it.
    pub fn subtree(&self, ix: CodeIx) -> CodeRange {
        CodeRange {
            start: ix.0,
            end: self.end[ix.index()],
        }
    }

    /// Whether code `ix` is `ancestor` or below it.
    pub fn is_within(&self, ix: CodeIx, ancestor: CodeIx) -> bool {
        self.subtree(ancestor).contains(ix)
    }

    /// The codes numbered from `start` (a length this table had) to now:
    /// a codebook pushed whole.
    ///
    /// # Panics
    ///
    /// At 2^32 codes.
    pub fn since(&self, start: usize) -> CodeRange {
        CodeRange {
            start: u32::try_from(start).expect("a length of the table"),
            end: u32::try_from(self.ids.len()).expect("fewer than 2^32 codes"),
        }
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

    fn table(ids: &[&str]) -> CodeTable {
        let mut t = CodeTable::default();
        for id in ids {
            t.push(CodeId::parse(id).unwrap()).unwrap();
        }
        t
    }

    #[test]
    fn code_numbers_look_up_both_ways() {
        let t = table(&["m.a", "m.a.x", "m.ab", "n.a"]);
        assert_eq!(t.len(), 4);
        for (i, id) in ["m.a", "m.a.x", "m.ab", "n.a"].iter().enumerate() {
            let ix = t.index_of(id).unwrap();
            assert_eq!(ix.index(), i);
            assert_eq!(t.id(ix), id);
        }
        assert_eq!(t.index_of("m.b"), None);
        assert_eq!(t.index_of("m"), None);
        let again = t.clone().push(CodeId::parse("m.ab").unwrap());
        assert_eq!(again, Err(t.index_of("m.ab").unwrap()));
        // An id not in the table counts under its nearest ancestor that is.
        assert_eq!(t.nearest("m.a.x.deep"), t.index_of("m.a.x"));
        assert_eq!(t.nearest("m.a.y"), t.index_of("m.a"));
        assert_eq!(t.nearest("m.abc"), None);
        assert_eq!(t.nearest("m.zz"), None);
    }

    #[test]
    fn subtrees_are_ranges_that_agree_with_the_ids() {
        #[track_caller]
        fn case(ids: &[&str]) {
            let t = table(ids);
            for a in ids {
                let ai = t.index_of(a).unwrap();
                let range = t.subtree(ai);
                for b in ids {
                    let bi = t.index_of(b).unwrap();
                    assert_eq!(t.is_within(bi, ai), is_within(b, a), "{b} within {a}");
                    assert_eq!(range.contains(bi), is_within(b, a), "{b} in range of {a}");
                }
                let below: Vec<&str> = range.iter().map(|i| t.id(i).as_str()).collect();
                let want: Vec<&str> = ids.iter().copied().filter(|b| is_within(b, a)).collect();
                assert_eq!(below, want, "subtree of {a}");
            }
        }
        // Siblings sharing a prefix (`m.a` and `m.ab`) are not within each other.
        case(&["m.a", "m.a.b", "m.a.b.c", "m.ab", "m.ab.c", "m.b"]);
        case(&["m.a", "m.ab", "m.a-b", "m.a_b.x"]);
        // A gap in the ids: `m.a.b` missing, `m.a.b.c` under `m.a`.
        case(&["m.a", "m.a.b.c", "m.a.c", "n.x", "n.x.y"]);
        let t = table(&["m.a", "m.a.b", "m.ab"]);
        let a = t.index_of("m.a").unwrap();
        assert_eq!(t.subtree(a).len(), 2);
        assert_eq!(t.parent(t.index_of("m.a.b").unwrap()), Some(a));
        assert_eq!(t.parent(t.index_of("m.ab").unwrap()), None);
        assert_eq!(t.since(1).iter().count(), 2);
    }

    #[test]
    #[should_panic(expected = "depth-first")]
    fn a_code_after_its_ancestor_closed_is_refused() {
        table(&["m.a", "m.b", "m.a.x"]);
    }
}
