//! The imported codebook as YAML, in the layout of the shipped codebooks:
//! one pattern per line, strings double-quoted (so no entry is read as
//! YAML syntax), the entries that could not be expressed listed in a
//! comment block at the top.

use std::io::Write;

use super::{Import, ImportedCode};
use crate::codebook::PatternKind;

/// Write `import` as a codebook.
pub(super) fn codebook(import: &Import, out: &mut dyn Write) -> std::io::Result<()> {
    let file = std::path::Path::new(&import.source)
        .file_name()
        .map_or_else(
            || import.source.clone(),
            |n| n.to_string_lossy().into_owned(),
        );
    let source = comment(&file);
    writeln!(
        out,
        "# Imported by `qualcode import dictionary` from {source} ({} format).",
        import.format.name()
    )?;
    writeln!(
        out,
        "# {} codes, {} patterns. Add `examples:` so `qualcode check` tests the patterns.",
        import.code_count(),
        import.pattern_count()
    )?;
    if !import.skipped.is_empty() {
        writeln!(
            out,
            "#\n# Not imported: {} entries that qualcode patterns cannot express:",
            import.skipped.len()
        )?;
        for s in &import.skipped {
            let category = s
                .category
                .as_deref()
                .map_or_else(String::new, |c| format!(" ({c})"));
            writeln!(
                out,
                "#   line {}: {}{category}: {}",
                s.line,
                comment(&s.entry),
                comment(&s.reason)
            )?;
        }
    }
    if !import.notes.is_empty() {
        writeln!(out, "#\n# Notes:")?;
        for n in &import.notes {
            writeln!(out, "#   line {}: {}", n.line, comment(&n.message))?;
        }
    }
    writeln!(out, "codebook: {}", import.name)?;
    writeln!(
        out,
        "description: {}",
        quote(&format!(
            "Imported from the {} dictionary {}.",
            import.format.name(),
            file
        ))
    )?;
    writeln!(out, "codes:")?;
    for code in &import.codes {
        write_code(code, 1, out)?;
    }
    Ok(())
}

fn write_code(code: &ImportedCode, depth: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let pad = "    ".repeat(depth - 1);
    writeln!(out, "{pad}  - id: {}", code.id)?;
    writeln!(out, "{pad}    label: {}", quote(&code.label))?;
    if let Some(d) = &code.description {
        writeln!(out, "{pad}    description: {}", quote(d))?;
    }
    if !code.patterns.is_empty() {
        writeln!(out, "{pad}    patterns:")?;
        for p in &code.patterns {
            writeln!(out, "{pad}      - {}", pattern_yaml(p))?;
        }
    }
    if !code.children.is_empty() {
        writeln!(out, "{pad}    children:")?;
        for child in &code.children {
            write_code(child, depth + 1, out)?;
        }
    }
    Ok(())
}

/// One pattern as a YAML flow value.
pub(super) fn pattern_yaml(kind: &PatternKind) -> String {
    match kind {
        PatternKind::Phrase(p) => quote(p),
        PatternKind::Regex(r) => format!("{{regex: {}}}", quote(r)),
        PatternKind::Near { a, b, within } => {
            format!("{{near: [{}, {}], within: {within}}}", quote(a), quote(b))
        }
    }
}

/// A YAML double-quoted string (JSON's escapes are valid YAML ones).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// Text safe inside a one-line comment.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
