//! Web pages and Word documents saved as HTML (`.htm`, `.html`) to text:
//! block elements (`p`, `div`, `br`, headings, list items, table cells)
//! end lines, tags are dropped, white space inside a block is one space,
//! and character references are decoded. What comes out is read like a
//! plain transcript (`Name: text` paragraphs). The head, scripts, styles
//! and comments (Word's conditional comments too) are skipped. One pass,
//! linear in the input; the input size is bounded.

use std::path::Path;

use crate::{Error, Location, Result};

/// Largest HTML file read.
const MAX_HTML: usize = 256 * 1024 * 1024;

/// Elements whose content is never text.
const SKIPPED: [&str; 6] = ["head", "script", "style", "xml", "title", "template"];

/// Elements that end a line.
const BLOCKS: [&str; 20] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "td",
    "th",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "section",
    "article",
];

/// The text of HTML `html`, one line per block.
pub fn text(html: &str, display: &Path) -> Result<String> {
    if html.len() > MAX_HTML {
        return Err(Error::invalid("HTML file larger than 256 MB").at(Location::file(display)));
    }
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    // Whether a space is owed before the next word of this block.
    let mut space = false;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            push_text(&mut out, rest, &mut space);
            break;
        };
        push_text(&mut out, &rest[..open], &mut space);
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        // An unclosed tag runs to the end.
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[1..end];
        rest = rest.get(end + 1..).unwrap_or("");
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        if !closing && SKIPPED.contains(&local) && !tag.ends_with('/') {
            // Skip to the matching close tag (no nesting in these).
            let close = format!("</{name}");
            rest = find_ignore_case(rest, &close).map_or("", |at| {
                let after = &rest[at..];
                after.find('>').map_or("", |e| &after[e + 1..])
            });
            continue;
        }
        if BLOCKS.contains(&local) {
            if local == "br" || (!out.is_empty() && !out.ends_with('\n')) {
                out.push('\n');
            }
            space = false;
        }
    }
    Ok(out)
}

/// Text between tags: runs of white space are one space, references decoded.
fn push_text(out: &mut String, text: &str, space: &mut bool) {
    for (i, word) in text.split(|c: char| c.is_ascii_whitespace()).enumerate() {
        if i > 0 {
            *space = true;
        }
        if word.is_empty() {
            continue;
        }
        if *space && !out.is_empty() && !out.ends_with('\n') {
            out.push(' ');
        }
        *space = false;
        decode_references(out, word);
    }
}

/// `&amp;`, `&#8217;`, `&#x2019;`, `&nbsp;` and the punctuation Word
/// writes; an unknown reference stays as written.
fn decode_references(out: &mut String, mut s: &str) {
    while let Some(amp) = s.find('&') {
        out.push_str(&s[..amp]);
        s = &s[amp..];
        let Some(semi) = s.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            s = &s[1..];
            continue;
        };
        let name = &s[1..semi];
        let c = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "rsquo" => Some('\u{2019}'),
                "lsquo" => Some('\u{2018}'),
                "ldquo" => Some('\u{201C}'),
                "rdquo" => Some('\u{201D}'),
                "nbsp" => Some('\u{a0}'),
                "hellip" => Some('\u{2026}'),
                "ndash" => Some('\u{2013}'),
                "mdash" => Some('\u{2014}'),
                _ => None,
            }
        };
        if let Some(c) = c {
            out.push(if name == "apos" { '\'' } else { c });
            s = &s[semi + 1..];
        } else {
            out.push('&');
            s = &s[1..];
        }
    }
    out.push_str(s);
}

/// The byte offset of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(html: &str, want: &str) {
        assert_eq!(text(html, Path::new("t.html")).unwrap(), want);
    }

    #[test]
    fn word_html_paragraphs_become_lines() {
        case(
            "<html><head><title>T</title><style>p {x}</style></head><body>\
             <!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]-->\
             <p class=MsoNormal><b>Interviewer:</b> Where were\n you born?</p>\
             <p class=MsoNormal>F4: In Leeds &amp; York&#8217;s edge&nbsp;too.</p>\
             <p>&lt;b&gt; &unknown; AT&T</p></body></html>",
            "Interviewer: Where were you born?\nF4: In Leeds & York\u{2019}s edge\u{a0}too.\n\
             <b> &unknown; AT&T\n",
        );
        case("a<br>b<BR/>c", "a\nb\nc");
        case(
            "<table><tr><td>Ann:</td><td>yes</td></tr></table>",
            "Ann:\nyes\n",
        );
        case("<SCRIPT>x<y</SCRIPT>ok", "ok");
        case("unclosed <p", "unclosed\n");
        case("a <\u{1e9e}", "a");
        case(
            "&\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9};",
            "&\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9};",
        );
    }
}
