//! A codebook as a readable tree, for coders learning the framework: each
//! code's label and id, definition, include/exclude notes, patterns and
//! examples. Plain text or Markdown.

use std::io::{self, Write};

use crate::codebook::{Code, Codebook};

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
        if book.negation > 0 {
            writeln!(out, "{}\n", negation(book.negation))?;
        } else if !md && book.description.is_none() {
            writeln!(out)?;
        }
    }
    let default_negation = book.map_or(0, |b| b.negation);
    let base = codes.first().map_or(0, |c| c.depth);
    for code in codes {
        let depth = code.depth - base;
        if md {
            let hashes = "#".repeat((depth + 2).min(6));
            writeln!(out, "{hashes} {} (`{}`)\n", code.label, code.id)?;
            for (name, value) in fields(code, default_negation) {
                writeln!(out, "- **{name}:** {value}")?;
            }
            writeln!(out)?;
        } else {
            let pad = "  ".repeat(depth);
            writeln!(out, "{pad}{}  [{}]", code.label, code.id)?;
            for (name, value) in fields(code, default_negation) {
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

fn fields(code: &Code, default_negation: usize) -> Vec<(&'static str, String)> {
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
    for e in &code.examples {
        out.push(("example", format!("\u{201c}{}\u{201d}", e.text)));
    }
    for e in &code.counterexamples {
        out.push(("not coded", format!("\u{201c}{}\u{201d}", e.text)));
    }
    out
}
