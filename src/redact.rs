//! Redaction: listed names replaced by their stand-ins (`Aroha` →
//! `[ICSM]`), whole words, ignoring case, longest name first. Applied to any
//! transcript text before it is printed or written.

use regex::Regex;

/// A compiled redaction list.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    regex: Option<Regex>,
    names: Vec<(String, String)>,
}

impl Redactor {
    /// Compile `names` (name → replacement).
    pub fn new(names: &[(String, String)]) -> Redactor {
        let mut names: Vec<(String, String)> = names
            .iter()
            .filter(|(n, _)| !n.trim().is_empty())
            .cloned()
            .collect();
        names.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        if names.is_empty() {
            return Redactor::default();
        }
        let alternatives: Vec<String> = names
            .iter()
            .map(|(n, _)| {
                let n = n.trim();
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
                format!("{start}{body}{end}")
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
            let found: String = caps[0].split_whitespace().collect::<Vec<_>>().join(" ");
            self.names
                .iter()
                .find(|(n, _)| {
                    n.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                        == found.to_lowercase()
                })
                .map_or_else(|| "[REDACTED]".to_owned(), |(_, r)| r.clone())
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
    fn empty_list_changes_nothing() {
        assert_eq!(Redactor::new(&[]).apply("Aroha"), "Aroha");
    }
}
