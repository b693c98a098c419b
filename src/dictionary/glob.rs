//! Dictionary entries (globs: `abandon*`, `*ness`, `wom?n`, phrases) to
//! qualcode patterns. A phrase pattern is used where it means the same as
//! the glob (`*` only at the end of a word); a regular expression where it
//! does not (`*` or `?` elsewhere); an error, saying why, where neither can.

use crate::codebook::PatternKind;

/// Convert one entry to a pattern, or say why it cannot be expressed.
///
/// `*` stands for any letters or digits (none included), `?` for exactly
/// one; both stay inside one word, as in quanteda, LIWC and WordStat. Case
/// is ignored, as qualcode patterns ignore it.
pub fn convert(entry: &str) -> Result<PatternKind, String> {
    let text = entry.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.to_lowercase();
    if text.is_empty() {
        return Err("empty entry".to_owned());
    }
    if is_conditional(&text) {
        return Err(
            "a word in parentheses: a conditional form (LIWC2015 `(discrep) like`, \
             LIWC2007 `(02)125/126`) that patterns cannot express"
                .to_owned(),
        );
    }
    if !text.chars().any(|c| c != '*' && c != '?' && c != ' ') {
        return Err("only wildcards: it would match every word".to_owned());
    }
    let phrase = PatternKind::Phrase(text.clone());
    if !text.contains('?') && phrase.validate().is_ok() {
        return Ok(phrase);
    }
    let regex = PatternKind::Regex(to_regex(&text));
    regex
        .validate()
        .map(|()| regex)
        .map_err(|m| format!("cannot be written as a pattern: {m}"))
}

/// Whether `text` holds `(…)` around letters or digits (a LIWC conditional
/// form), as opposed to an emoticon such as `:)`.
fn is_conditional(text: &str) -> bool {
    let Some(open) = text.find('(') else {
        return false;
    };
    text[open..].find(')').is_some_and(|close| {
        text[open + 1..open + close]
            .chars()
            .any(char::is_alphanumeric)
    })
}

/// The regular expression of a glob: `*` as `\w*`, `?` as `\w`, spaces as
/// any white space, hyphens and apostrophes in their usual variants, word
/// boundaries at the ends where the glob starts or ends inside a word.
fn to_regex(glob: &str) -> String {
    let wordish = |c: char| c.is_alphanumeric() || c == '*' || c == '?';
    let mut out = String::with_capacity(glob.len() * 2 + 8);
    if glob.starts_with(wordish) {
        out.push_str(r"\b");
    }
    for c in glob.chars() {
        match c {
            '*' => out.push_str(r"\w*"),
            '?' => out.push_str(r"\w"),
            ' ' => out.push_str(r"\s+"),
            '-' => out.push_str(r"[-\s\u2010-\u2015]"),
            '\'' => out.push_str(r"['\u2018\u2019]"),
            c => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    if glob.ends_with(wordish) {
        out.push_str(r"\b");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::CodeSet;
    use crate::matcher::Matcher;

    #[track_caller]
    fn case(entry: &str, want: &str) {
        let got = match convert(entry) {
            Ok(kind) => kind.source(),
            Err(e) => format!("error: {e}"),
        };
        assert!(got.starts_with(want), "{entry}: {got}");
    }

    #[test]
    fn globs_become_phrases_where_they_can() {
        case("abandon*", "abandon*");
        case("ABANDON*", "abandon*");
        case("civil  rights", "civil rights");
        case("co-operative*", "co-operative*");
        case("pay* my bills", "pay* my bills");
        case(":)", ":)");
        case("*ness", r"{regex: \b\w*ness\b}");
        case("wom?n", r"{regex: \bwom\wn\b}");
        case("quota-*", r"{regex: \bquota[-\s\u2010-\u2015]\w*\b}");
        case("ab*cd", r"{regex: \bab\w*cd\b}");
        case("(discrep) like", "error: a word in parentheses");
        case("(02 134)125/464", "error: a word in parentheses");
        case("*", "error: only wildcards");
        case("  ", "error: empty entry");
    }

    /// What the glob means, on one word: `*` any word characters, `?` one.
    fn glob_matches(glob: &str, word: &str) -> bool {
        let mut re = String::from("(?i)^");
        for c in glob.chars() {
            match c {
                '*' => re.push_str(r"\w*"),
                '?' => re.push_str(r"\w"),
                c => re.push_str(&regex::escape(&c.to_string())),
            }
        }
        re.push('$');
        regex::Regex::new(&re).unwrap().is_match(word)
    }

    /// Whether the converted pattern matches `word` whole, standing alone
    /// in a sentence.
    fn pattern_matches(matcher: &Matcher, word: &str) -> bool {
        let text = format!("Then {word} again.");
        matcher
            .scan(&text)
            .iter()
            .any(|h| &text[h.start..h.end] == word)
    }

    #[test]
    fn converted_patterns_match_exactly_what_the_glob_means() {
        let words = [
            "abandon",
            "abandoned",
            "Abandonment",
            "unabandon",
            "aband",
            "happiness",
            "ness",
            "nessie",
            "business",
            "woman",
            "women",
            "wooman",
            "womn",
            "quota",
            "abcd",
            "abxxcd",
            "abc",
            "xabcd",
        ];
        for glob in ["abandon*", "*ness", "wom?n", "ab*cd", "?ness"] {
            let kind = convert(glob).unwrap();
            let yaml = format!(
                "codebook: t\ncodes:\n  - id: a\n    patterns:\n      - {}\n",
                super::super::write::pattern_yaml(&kind)
            );
            let mut set = CodeSet::default();
            set.add(CodeSet::parse(&yaml, "t.yaml").unwrap()).unwrap();
            let matcher = Matcher::compile(&set).unwrap();
            for word in words {
                assert_eq!(
                    pattern_matches(&matcher, word),
                    glob_matches(glob, word),
                    "{glob} on {word} ({})",
                    kind.source()
                );
            }
        }
    }
}
