//! Just enough XML for QDA-XML: a reader into a small element tree that
//! keeps each element's line and column (errors name them), and escaping
//! for the writers, which build their text directly.

use std::borrow::Cow;

use quick_xml::events::Event;

use crate::{Error, Location, Result};

/// One element: its local name (no prefix), attributes (local names),
/// children, its own text and where it starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Element>,
    pub(crate) text: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Element {
    /// The attribute `name` (local name, any prefix ignored).
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children named `name`.
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Where the element starts in `path`.
    pub(crate) fn location(&self, path: &str) -> Location {
        Location::at(path, self.line, self.column)
    }
}

/// Deepest nesting of elements read. REFI code trees are a few levels
/// deep; thousands of nested elements are an attack on the stack (the tree
/// is walked recursively) and are refused.
pub(crate) const MAX_DEPTH: usize = 256;

/// Line and column (1-based, columns in characters) of byte positions in
/// `text`, asked for in increasing order: each call reads only the text
/// since the last, so a file with a million elements costs one pass.
#[derive(Debug, Default)]
struct Places {
    /// The byte position of the last answer, its line, and the character
    /// column there (0-based).
    pos: usize,
    line: usize,
    column: usize,
    /// Bytes read so far (for the test that the reading is linear).
    scanned: usize,
}

impl Places {
    fn new() -> Places {
        Places {
            line: 1,
            ..Places::default()
        }
    }

    /// Line and column of byte `pos`; a position before the last one (an
    /// error's) is found by reading again from the start.
    fn at(&mut self, text: &str, pos: usize) -> (usize, usize) {
        let mut pos = pos.min(text.len());
        while !text.is_char_boundary(pos) {
            pos -= 1;
        }
        if pos < self.pos {
            let scanned = self.scanned;
            *self = Places::new();
            self.scanned = scanned;
        }
        let since = &text[self.pos..pos];
        self.scanned += since.len();
        match since.rfind('\n') {
            Some(last) => {
                self.line += since.bytes().filter(|&b| b == b'\n').count();
                self.column = since[last + 1..].chars().count();
            }
            None => self.column += since.chars().count(),
        }
        self.pos = pos;
        (self.line, self.column + 1)
    }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((prefix, local)) if prefix != "xmlns" => local.to_owned(),
        _ => name.to_owned(),
    }
}

/// Parse `text` (the file `path`) into its root element.
pub(crate) fn parse(text: &str, path: &str) -> Result<Element> {
    parse_with(text, path, &mut Places::new())
}

fn parse_with(text: &str, path: &str, places: &mut Places) -> Result<Element> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let places = std::cell::RefCell::new(places);
    let place = |pos: u64| {
        places
            .borrow_mut()
            .at(text, usize::try_from(pos).unwrap_or(usize::MAX))
    };
    let fail = |pos: u64, message: String| {
        let (line, column) = place(pos);
        Error::invalid(format!("malformed XML: {message}")).at(Location::at(path, line, column))
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| fail(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let _ = start;
                return Err(fail(at, "content after the root element".into()));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    let (line, column) = place(at);
                    return Err(Error::invalid(format!(
                        "elements nested more than {MAX_DEPTH} deep (inside <{}>): no REFI-QDA \
                         file nests so deep; refused, as a file built to exhaust the stack would be",
                        stack.last().map_or("", |e| e.name.as_str())
                    ))
                    .at(Location::at(path, line, column)));
                }
                stack.push(open(&start, place(at), at, &fail)?);
            }
            Event::Empty(start) => {
                let element = open(&start, place(at), at, &fail)?;
                close(element, &mut stack, &mut root);
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| fail(at, "unexpected end tag".into()))?;
                close(element, &mut stack, &mut root);
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let raw = format!("&{};", r.xml10_content());
                let resolved = quick_xml::escape::unescape(&raw)
                    .map_err(|e| fail(at, format!("bad reference {raw}: {e}")))?;
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(fail(
            text.len() as u64,
            format!(
                "the file ends inside <{}> (opened at line {}): is it truncated?",
                open.name, open.line
            ),
        ));
    }
    root.ok_or_else(|| fail(0, "no root element".into()))
}

fn open(
    start: &quick_xml::events::BytesStart<'_>,
    (line, column): (usize, usize),
    at: u64,
    fail: &dyn Fn(u64, String) -> Error,
) -> Result<Element> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| fail(at, e.to_string()))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| fail(at, e.to_string()))?;
        attrs.push((local(attr.key.as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local(start.name().as_ref()),
        attrs,
        children: Vec::new(),
        text: String::new(),
        line,
        column,
    })
}

fn close(element: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

/// `s` escaped for an attribute value or text, with characters XML 1.0
/// cannot hold dropped and line breaks in attributes kept as `&#10;`.
pub(crate) fn escape(s: &str) -> Cow<'_, str> {
    let clean = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
    };
    let needs = s
        .chars()
        .any(|c| !clean(c) || matches!(c, '<' | '>' | '&' | '"' | '\'' | '\n' | '\r' | '\t'));
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if clean(c) => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// `s` escaped for element text: only `<`, `>` and `&`, line breaks kept.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}' => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tree_attributes_text_and_places() {
        let root = parse(
            "<?xml version=\"1.0\"?>\n<a xmlns=\"urn:x\" x:y=\"1\">\n  <b n=\"&quot;q&quot;\">t &amp; u</b><b/>\n</a>",
            "f.xml",
        )
        .unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attr("xmlns"), Some("urn:x"));
        assert_eq!(root.attr("y"), Some("1"));
        let bs: Vec<_> = root.all("b").collect();
        assert_eq!(bs.len(), 2);
        assert_eq!(bs[0].attr("n"), Some("\"q\""));
        assert_eq!(bs[0].text, "t & u");
        assert_eq!((bs[0].line, bs[0].column), (3, 3));
    }

    #[track_caller]
    fn bad(xml: &str, want: &str) {
        let err = parse(xml, "f.qdc").unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn malformed_and_truncated_files_name_line_and_column() {
        bad(
            "<a>\n  <b>\n    <c",
            "f.qdc:3:5: malformed XML: syntax error: tag not closed: `>` not found before end of input",
        );
        bad(
            "<a>\n  <b>x</b>\n",
            "f.qdc:3:1: malformed XML: the file ends inside <a> (opened at line 1): is it truncated?",
        );
        bad(
            "<a></b>",
            "f.qdc:1:4: malformed XML: ill-formed document: expected `</a>`, but `</b>` was found",
        );
        bad("", "f.qdc:1:1: malformed XML: no root element");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_where_it_goes_too_deep() {
        let deep = |n: usize| format!("<a>\n{}{}</a>", "<b>".repeat(n), "</b>".repeat(n));
        assert!(parse(&deep(MAX_DEPTH - 1), "f.qdc").is_ok());
        let err = parse(&deep(20_000), "f.qdc").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string().starts_with(&format!(
                "f.qdc:2:{}: elements nested more than {MAX_DEPTH} deep (inside <b>)",
                3 * (MAX_DEPTH - 1) + 1
            )),
            "{err}"
        );
    }

    #[test]
    fn places_are_found_in_one_pass_however_many_elements() {
        // 300,000 elements on one line: reading each one's column from
        // the line's start would read ~10^11 bytes.
        for text in [
            format!("<a>{}</a>", "<x/>".repeat(300_000)),
            format!("<a>{}</a>", "<x>é</x>\n".repeat(200_000)),
        ] {
            let mut places = Places::new();
            let root = parse_with(&text, "f.qdc", &mut places).unwrap();
            assert!(
                places.scanned <= text.len(),
                "{} > {}",
                places.scanned,
                text.len()
            );
            let last = root.children.last().unwrap();
            let (line, column) = (last.line, last.column);
            let before = &text[..text.rfind("<x").unwrap()];
            let want_line = before.matches('\n').count() + 1;
            let want_column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            assert_eq!((line, column), (want_line, want_column));
        }
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;"
        );
        assert_eq!(escape_text("x\n\"y\" < z\u{1}"), "x\n\"y\" &lt; z");
    }
}
