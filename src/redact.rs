//! Redaction: listed names replaced by their stand-ins (`Aroha` →
//! `[ICSM]`), whole words, ignoring case unless a name is listed to match
//! case, longest name first. Applied to any transcript text before it is
//! printed or written.

use regex::Regex;

use crate::project::Project;

/// A compiled redaction list.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    regex: Option<Regex>,
    names: Vec<Name>,
}

/// One name on the list, its words joined by single spaces.
#[derive(Debug, Clone)]
struct Name {
    words: String,
    replacement: String,
    match_case: bool,
}

impl Name {
    fn matches(&self, found: &str) -> bool {
        if self.match_case {
            self.words == found
        } else {
            self.words.to_lowercase() == found.to_lowercase()
        }
    }
}

fn join_words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Redactor {
    /// Compile `names` (name → replacement), each matched in any case.
    pub fn new(names: &[(String, String)]) -> Redactor {
        Redactor::with_match_case(names, &[])
    }

    /// The project's list: `redact:`, with the names in
    /// `redact_match_case:` matched only as written.
    pub fn for_project(project: &Project) -> Redactor {
        Redactor::with_match_case(&project.redact, &project.redact_match_case)
    }

    /// Compile `names`; those in `match_case` (as written in `names`)
    /// match only in that case.
    pub fn with_match_case(names: &[(String, String)], match_case: &[String]) -> Redactor {
        let mut names: Vec<Name> = names
            .iter()
            .filter(|(n, _)| !n.trim().is_empty())
            .map(|(n, r)| Name {
                words: join_words(n),
                replacement: r.clone(),
                match_case: match_case.iter().any(|m| m.trim() == n.trim()),
            })
            .collect();
        names.sort_by(|a, b| {
            b.words
                .chars()
                .count()
                .cmp(&a.words.chars().count())
                .then(a.words.cmp(&b.words))
        });
        if names.is_empty() {
            return Redactor::default();
        }
        let alternatives: Vec<String> = names
            .iter()
            .map(|name| {
                let n = name.words.as_str();
                let body = n
                    .split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+");
                let start = if n.starts_with(char::is_alphanumeric) {
                    r"\b"
                } else {
                    ""
                };
                let end = if n.ends_with(char::is_alphanumeric) {
                    r"\b"
                } else {
                    ""
                };
                if name.match_case {
                    format!("(?-i:{start}{body}{end})")
                } else {
                    format!("{start}{body}{end}")
                }
            })
            .collect();
        let regex = Regex::new(&format!("(?i)(?:{})", alternatives.join("|")))
            .expect("escaped literals always form a valid regex");
        Redactor {
            regex: Some(regex),
            names,
        }
    }

    /// `text` with every listed name replaced.
    pub fn apply(&self, text: &str) -> String {
        self.redact(text).into_owned()
    }

    /// The byte ranges of `text` that [`Redactor::apply`] replaces, in
    /// order: for cutting a text into pieces without cutting a name in two.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        self.regex.as_ref().map_or_else(Vec::new, |regex| {
            regex
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect()
        })
    }

    /// [`Redactor::apply`], borrowing `text` when nothing in it is redacted.
    pub fn redact<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let Some(regex) = &self.regex else {
            return std::borrow::Cow::Borrowed(text);
        };
        regex.replace_all(text, |caps: &regex::Captures<'_>| {
            let found = join_words(&caps[0]);
            self.names
                .iter()
                .find(|n| n.matches(&found))
                .map_or_else(|| "[REDACTED]".to_owned(), |n| n.replacement.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        Redactor::new(&[
            ("Aroha".into(), "[ICSM]".into()),
            ("Aroha Tane".into(), "[ICSM]".into()),
            ("Dr. Lee".into(), "[GP]".into()),
        ])
    }

    #[test]
    fn whole_words_ignoring_case_longest_first() {
        let r = redactor();
        assert_eq!(
            r.apply("AROHA helped. aroha tane rang."),
            "[ICSM] helped. [ICSM] rang."
        );
        assert_eq!(
            r.apply("Arohanui and Taroha stay"),
            "Arohanui and Taroha stay"
        );
        assert_eq!(r.apply("Aroha\nTane came"), "[ICSM] came");
        assert_eq!(r.apply("saw dr. lee today"), "saw [GP] today");
        assert_eq!(r.spans("I saw Aroha Tane, Aroha"), [(6, 16), (18, 23)]);
        assert!(Redactor::new(&[]).spans("Aroha").is_empty());
    }

    #[test]
    fn a_name_listed_to_match_case_matches_only_as_written() {
        let names = [
            ("Aroha".to_owned(), "[ICSM]".to_owned()),
            ("Dr. Lee".to_owned(), "[GP]".to_owned()),
        ];
        let r = Redactor::with_match_case(&names, &[" Aroha".to_owned()]);
        assert_eq!(
            r.apply("Aroha said aroha is love. ARoha. dr. lee"),
            "[ICSM] said aroha is love. ARoha. [GP]"
        );
        assert_eq!(r.spans("aroha Aroha"), [(6, 11)]);
        // The same name in any case, and its replacement, when not listed.
        let r = Redactor::with_match_case(&names, &[]);
        assert_eq!(r.apply("aroha Aroha"), "[ICSM] [ICSM]");
    }

    #[test]
    fn empty_list_changes_nothing() {
        assert_eq!(Redactor::new(&[]).apply("Aroha"), "Aroha");
    }
}
