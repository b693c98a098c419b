//! A turn's text: its own, or a range of its document's text that it
//! shares, so that a large transcript's turns are not each copied out of
//! the file ([`super::read`]).

use std::sync::Arc;

/// A turn's text: its own, or a range of the document's text it shares
/// (a large transcript's turns are not copied out of it).
#[derive(Clone)]
pub struct Text(TextRepr);

#[derive(Clone)]
enum TextRepr {
    Owned(String),
    Shared(Arc<Hold>, u32, u32),
}

/// One hold on a document's text, which the turns of a [`Share`] count
/// their references on.
struct Hold(Arc<String>);

/// A hold on a document's shared text for the turns one worker makes
/// together: they count their references on it, not on the document's
/// text, so workers making turns at the same time do not all update one
/// counter (that contention was most of the time taken to make a large
/// document's turns).
#[derive(Clone)]
pub(crate) struct Share(Arc<Hold>);

impl Share {
    /// A new hold on `text`.
    pub(crate) fn of(text: &Arc<String>) -> Share {
        Share(Arc::new(Hold(Arc::clone(text))))
    }
}

impl Text {
    /// `range` of the text held by `share`.
    pub(crate) fn shared(share: &Share, range: std::ops::Range<usize>) -> Text {
        let text = &share.0;
        debug_assert!(text.0.is_char_boundary(range.start) && text.0.is_char_boundary(range.end));
        let start = u32::try_from(range.start).expect("transcripts are under 4 GB");
        let end = u32::try_from(range.end).expect("transcripts are under 4 GB");
        Text(TextRepr::Shared(Arc::clone(text), start, end))
    }

    /// Whether the text is a range of a text it shares.
    #[cfg(test)]
    pub(crate) fn is_shared(&self) -> bool {
        matches!(self.0, TextRepr::Shared(..))
    }

    /// The text as a string of its own.
    pub fn into_string(self) -> String {
        match self.0 {
            TextRepr::Owned(s) => s,
            TextRepr::Shared(..) => self.as_str().to_owned(),
        }
    }

    /// Its length in bytes (without reading a shared text: a large
    /// document's turns are measured without touching it).
    pub fn len(&self) -> usize {
        match &self.0 {
            TextRepr::Owned(s) => s.len(),
            TextRepr::Shared(_, start, end) => (end - start) as usize,
        }
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Append `more`, making the text its own first.
    pub fn push_str(&mut self, more: &str) {
        self.to_mut().push_str(more);
    }

    /// Append `c`, making the text its own first.
    pub fn push(&mut self, c: char) {
        self.to_mut().push(c);
    }

    /// The text as a string of its own, to change.
    pub fn to_mut(&mut self) -> &mut String {
        if let TextRepr::Shared(..) = self.0 {
            self.0 = TextRepr::Owned(self.as_str().to_owned());
        }
        match &mut self.0 {
            TextRepr::Owned(s) => s,
            TextRepr::Shared(..) => unreachable!("made its own above"),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            TextRepr::Owned(s) => s,
            TextRepr::Shared(text, start, end) => &text.0[*start as usize..*end as usize],
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(TextRepr::Owned(String::new()))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(TextRepr::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(TextRepr::Owned(s.to_owned()))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
