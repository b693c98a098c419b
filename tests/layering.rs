//! The layering check: no module under `src/` may import (`crate::…`) a
//! module of its own layer or of a higher one. The layers are the list in
//! docs/ARCHITECTURE.md; a new module must be placed in it before it builds
//! green. Test modules (`#[cfg(test)] mod …` to the end of a file), comments
//! and doc comments are not imports.

use std::collections::BTreeSet;
use std::path::Path;

/// Lowest first. A module may import only modules of lower layers.
/// `project::init` (scaffolding a new project) is placed on its own: it
/// lists the transcript formats `ingest` reads.
const LAYERS: &[&[&str]] = &[
    &["error"],
    &["natural", "fsutil", "id"],
    &["matcher", "message"],
    &["model"],
    &["project"],
    &["ingest"],
    &["index"],
    &["codebook"],
    &["dictionary", "project::init"],
    &["survey"],
    &["redact"],
    &["coding"],
    &["persona"],
    &["table"],
    &["quote", "sample", "suggest"],
    &["agree", "refi", "review"],
    &["render"],
    &["report"],
    &["check"],
    &["cli"],
];

/// Imports against the layers that are known and not yet removed, each
/// with what removing it takes. The check fails if one of them is gone
/// (take it off this list) as surely as on a new one.
const KNOWN: &[(&str, &str, &str)] = &[];

/// The unit a source file belongs to: its top-level module, or a
/// submodule the layers name on its own.
fn unit_of(rel: &str) -> Option<String> {
    let rel = rel.strip_suffix(".rs")?;
    let mut parts = rel.split('/');
    let top = parts.next()?;
    if top == "lib" || top == "main" {
        return None;
    }
    if let Some(sub) = parts.next() {
        let nested = format!("{top}::{}", sub.trim_end_matches("/mod"));
        if LAYERS.iter().any(|l| l.contains(&nested.as_str())) {
            return Some(nested);
        }
    }
    Some(top.to_owned())
}

/// The unit a `crate::` path names, from its first segments.
fn unit_of_path(first: &str, second: Option<&str>) -> String {
    match first {
        "Error" | "ErrorKind" | "Location" | "Result" => "error".to_owned(),
        _ => {
            if let Some(second) = second {
                let nested = format!("{first}::{second}");
                if LAYERS.iter().any(|l| l.contains(&nested.as_str())) {
                    return nested;
                }
            }
            first.to_owned()
        }
    }
}

/// The code of a file that counts: no comments, no test module.
fn code_of(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t == "#[cfg(test)]"
            && lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim_start().starts_with("mod "))
        {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        let code = line.find(" //").map_or(*line, |at| &line[..at]);
        out.push_str(code);
        out.push('\n');
    }
    out
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The units `text` imports through `crate::` paths, grouped
/// `crate::{a, b::c}` imports included.
fn imports(text: &str) -> BTreeSet<String> {
    let code = code_of(text);
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group, up to its closing brace.
            let mut depth = 0usize;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let item = &group[i..];
                        let first = ident(item);
                        let second = item[first.len()..].strip_prefix("::").map(ident);
                        out.insert(unit_of_path(first, second));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let first = ident(rest);
            if !first.is_empty() {
                let second = rest[first.len()..].strip_prefix("::").map(ident);
                out.insert(unit_of_path(first, second));
            }
        }
    }
    out
}

fn layer_of(unit: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&unit))
}

/// Every import of `files` (path relative to `src/`, text) against the
/// layers, as `from -> to (file)`, and every unit in no layer.
fn violations(files: &[(String, String)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (rel, text) in files {
        let Some(from) = unit_of(rel) else { continue };
        let Some(from_layer) = layer_of(&from) else {
            out.insert(format!("{from} ({rel}) is in no layer: add it to LAYERS"));
            continue;
        };
        for to in imports(text) {
            if to == from || (from.starts_with(&format!("{to}::"))) {
                continue;
            }
            match layer_of(&to) {
                Some(l) if l < from_layer => {}
                Some(_) => {
                    out.insert(format!("{from} -> {to}"));
                }
                // Not a module: a crate-root item or a std path; a module
                // missing from the layers is reported by its own files.
                None => {}
            }
        }
    }
    out
}

fn source_files(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            out.push((rel, text));
        }
    }
}

#[test]
fn src_follows_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    let found = violations(&files);
    let known: BTreeSet<String> = KNOWN
        .iter()
        .map(|(from, to, _)| format!("{from} -> {to}"))
        .collect();
    let new: Vec<&String> = found.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&found).collect();
    assert!(
        new.is_empty(),
        "lower modules import higher ones (see docs/ARCHITECTURE.md): {new:#?}"
    );
    assert!(
        gone.is_empty(),
        "these known exceptions are fixed: take them off KNOWN: {gone:#?}"
    );
}

#[test]
fn the_checker_catches_a_lower_module_importing_a_higher_one() {
    let files = vec![
        (
            "matcher/scan.rs".to_owned(),
            "use crate::Error;\nuse crate::codebook::CodeSet;\n".to_owned(),
        ),
        (
            "project/mod.rs".to_owned(),
            "use crate::{natural, report::Placed};\nfn f() { crate::ingest::load(); }\n".to_owned(),
        ),
        ("natural.rs".to_owned(), "use crate::id::leaf;\n".to_owned()),
        (
            "newthing/mod.rs".to_owned(),
            "use crate::Error;\n".to_owned(),
        ),
    ];
    let found: Vec<String> = violations(&files).into_iter().collect();
    assert_eq!(
        found,
        [
            "matcher -> codebook",
            "natural -> id",
            "newthing (newthing/mod.rs) is in no layer: add it to LAYERS",
            "project -> ingest",
            "project -> report",
        ]
    );
}

#[test]
fn comments_tests_and_lower_imports_are_not_violations() {
    let text = "//! See [`crate::cli`].\n\
                /// Like [`crate::report::html`].\n\
                use crate::{Error, Result, matcher::fold::{fold, is_word}};\n\
                let x = 1; // crate::cli is above\n\
                fn f() -> crate::project::Project { todo() }\n\
                #[cfg(test)]\n\
                mod tests {\n    use crate::cli::main;\n}\n";
    let files = vec![("codebook/mod.rs".to_owned(), text.to_owned())];
    assert!(violations(&files).is_empty(), "{:?}", violations(&files));
    assert_eq!(
        imports(text).into_iter().collect::<Vec<_>>(),
        ["error", "matcher", "project"]
    );
    // A submodule placed on its own is told from its parent.
    assert_eq!(unit_of("project/init.rs").as_deref(), Some("project::init"));
    assert_eq!(unit_of("project/cases.rs").as_deref(), Some("project"));
    let init = vec![(
        "project/mod.rs".to_owned(),
        "use crate::project::init::create;\n".to_owned(),
    )];
    assert_eq!(
        violations(&init).into_iter().collect::<Vec<_>>(),
        ["project -> project::init"]
    );
}
