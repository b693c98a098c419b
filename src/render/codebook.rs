//! A codebook as a readable tree, for coders learning the framework: each
//! code's label and id, definition, include/exclude notes, patterns and
//! examples. Plain text or Markdown.

use std::io::{self, Write};

use crate::codebook::{Code, Codebook, Mood, Tense};

pub(super) fn render(
    book: Option<&Codebook>,
    codes: &[&Code],
    md: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Some(book) = book {
        let title = book.title.as_deref().unwrap_or(&book.name);
        if md {
            writeln!(out, "# {title}\n\n`{}` — {}\n", book.name, book.path)?;
        } else {
            writeln!(out, "{title}  [{}: {}]", book.name, book.path)?;
        }
        if let Some(d) = &book.description {
            writeln!(out, "{d}\n")?;
        }
        if !book.applies_to.is_empty() {
            writeln!(out, "{}\n", roles(&book.applies_to))?;
        }
        if book.negation > 0 {
            writeln!(out, "{}\n", negation(book.negation))?;
        } else if !md && book.description.is_none() && book.applies_to.is_empty() {
            writeln!(out)?;
        }
    }
    let default_negation = book.map_or(0, |b| b.negation);
    let default_roles: &[String] = book.map_or(&[], |b| &b.applies_to);
    let base = codes.first().map_or(0, |c| c.depth);
    for code in codes {
        let depth = code.depth - base;
        if md {
            let hashes = "#".repeat((depth + 2).min(6));
            writeln!(out, "{hashes} {} (`{}`)\n", code.label, code.id)?;
            for (name, value) in fields(code, default_negation, default_roles) {
                writeln!(out, "- **{name}:** {value}")?;
            }
            writeln!(out)?;
        } else {
            let pad = "  ".repeat(depth);
            writeln!(out, "{pad}{}  [{}]", code.label, code.id)?;
            for (name, value) in fields(code, default_negation, default_roles) {
                writeln!(out, "{pad}    {name}: {value}")?;
            }
        }
    }
    Ok(())
}

fn negation(words: usize) -> String {
    if words == 0 {
        "no negation window: hits after \"not\", \"never\"… count".to_owned()
    } else {
        format!(
            "Hits with a negating word (not, never, no…) up to {words} words before them are ignored."
        )
    }
}

fn roles(applies_to: &[String]) -> String {
    format!(
        "Codes the speech of {} cases only.",
        applies_to.join(" and ")
    )
}

fn fields(
    code: &Code,
    default_negation: usize,
    default_roles: &[String],
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(d) = &code.description {
        out.push(("description", d.clone()));
    }
    if let Some(i) = &code.include {
        out.push(("include", i.clone()));
    }
    if let Some(e) = &code.exclude {
        out.push(("exclude", e.clone()));
    }
    if !code.patterns.is_empty() {
        let p: Vec<String> = code.patterns.iter().map(|p| p.kind.source()).collect();
        out.push(("patterns", p.join("; ")));
    }
    if !code.not.is_empty() {
        let p: Vec<String> = code.not.iter().map(|p| p.kind.source()).collect();
        out.push(("not", p.join("; ")));
    }
    if code.negation != default_negation && !code.patterns.is_empty() {
        out.push(("negation", negation(code.negation)));
    }
    if code.applies_to != default_roles {
        out.push((
            "applies to",
            match code.applies_to.as_slice() {
                [] => "every role".to_owned(),
                list => list.join(", "),
            },
        ));
    }
    if code.mood == Mood::Actual && !code.patterns.is_empty() {
        out.push((
            "mood",
            "actual: hits in a hypothetical, wished-for or future clause are ignored".to_owned(),
        ));
    }
    match code.tense {
        Some(Tense::Past) if !code.patterns.is_empty() => {
            out.push(("tense", "past: hits marked as now are ignored".to_owned()));
        }
        Some(Tense::Present) if !code.patterns.is_empty() => {
            out.push((
                "tense",
                "present: hits marked as past (used to…) are ignored".to_owned(),
            ));
        }
        _ => {}
    }
    for e in &code.examples {
        out.push(("example", format!("\u{201c}{}\u{201d}", e.text)));
    }
    for e in &code.counterexamples {
        out.push(("not coded", format!("\u{201c}{}\u{201d}", e.text)));
    }
    out
}
