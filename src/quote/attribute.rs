//! Attribution templates: `({cohort})`, `Participant {id}.`. Placeholders
//! name case attributes; `{{` and `}}` are literal braces.

use crate::project::{Case, Cases};
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Attr(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

impl Template {
    /// Parse `text`.
    pub fn parse(text: &str) -> Result<Template> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let name = name.trim();
                    if name.is_empty() {
                        return Err(Error::usage(format!(
                            "attribution template {text:?} has an empty {{}}"
                        )));
                    }
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                    parts.push(Part::Attr(name.to_owned()));
                }
                '}' => {
                    return Err(Error::usage(format!(
                        "attribution template {text:?} has an unmatched }}"
                    )));
                }
                c => lit.push(c),
            }
        }
        parts.push(Part::Lit(lit));
        Ok(Template { parts })
    }

    /// Check every placeholder names an attribute some case has.
    pub fn validate(&self, cases: &Cases) -> Result<()> {
        for part in &self.parts {
            if let Part::Attr(name) = part {
                cases
                    .check_attribute(name)
                    .map_err(|e| Error::usage(format!("attribution template: {}", e.message())))?;
            }
        }
        Ok(())
    }

    /// The attribution of `case`; a missing value reads `unknown`.
    pub fn render(&self, case: &Case) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.as_str(),
                Part::Attr(a) => case.get(a).unwrap_or("unknown"),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;
    use crate::project::cases::CasesBuilder;

    #[test]
    fn templates_fill_attributes_and_keep_escaped_braces() {
        let mut b = CasesBuilder::default();
        b.set("F4", "cohort", "Younger EE", Location::file("x"))
            .unwrap();
        let cases = b.build(vec![]);
        let case = cases.get("F4").unwrap();
        assert_eq!(
            Template::parse("({cohort})").unwrap().render(case),
            "(Younger EE)"
        );
        assert_eq!(
            Template::parse("Participant {id}.").unwrap().render(case),
            "Participant F4."
        );
        assert_eq!(Template::parse("{{{id}}}").unwrap().render(case), "{F4}");
        assert_eq!(Template::parse("{site}").unwrap().render(case), "unknown");
        let err = Template::parse("{site}")
            .unwrap()
            .validate(&cases)
            .unwrap_err();
        assert_eq!(
            err.message(),
            "attribution template: unknown attribute 'site': the cases have id, cohort"
        );
        assert!(Template::parse("{}").is_err());
        assert!(Template::parse("a}").is_err());
    }
}
