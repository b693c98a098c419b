//! The shipped codebooks (codebooks/*.yaml) as a set: their structure, and
//! that they load and pass `check` together.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::harness::with_shipped_codebooks;

/// The parts of a codebook file the structure rule is about; other keys
/// are `qualcode check`'s business.
#[derive(Deserialize)]
struct Book {
    codebook: String,
    codes: Vec<Code>,
}

#[derive(Deserialize)]
struct Code {
    id: String,
    label: Option<String>,
    description: Option<String>,
    include: Option<String>,
    exclude: Option<String>,
    #[serde(default)]
    patterns: Vec<IgnoredAny>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    children: Vec<Code>,
}

/// A shipped leaf code needs a label, a description, include and exclude
/// notes, at least this many patterns and this many examples.
const MIN_PATTERNS: usize = 6;
const MIN_EXAMPLES: usize = 2;

fn shipped() -> Vec<(String, Book)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("codebooks");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap();
            let book = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, book)
        })
        .collect()
}

/// Walk `codes`, noting every full id and what each leaf lacks.
fn audit(codes: &[Code], prefix: &str, ids: &mut Vec<String>, problems: &mut Vec<String>) {
    for code in codes {
        let id = format!("{prefix}.{}", code.id);
        ids.push(id.clone());
        if !code.children.is_empty() {
            audit(&code.children, &id, ids, problems);
            continue;
        }
        let mut lacks: Vec<String> = [
            ("label", &code.label),
            ("description", &code.description),
            ("include", &code.include),
            ("exclude", &code.exclude),
        ]
        .into_iter()
        .filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty()))
        .map(|(k, _)| k.to_owned())
        .collect();
        if code.patterns.len() < MIN_PATTERNS {
            lacks.push(format!(
                "patterns ({} < {MIN_PATTERNS})",
                code.patterns.len()
            ));
        }
        if code.examples.len() < MIN_EXAMPLES {
            lacks.push(format!(
                "examples ({} < {MIN_EXAMPLES})",
                code.examples.len()
            ));
        }
        if !lacks.is_empty() {
            problems.push(format!("{id}: {}", lacks.join(", ")));
        }
    }
}

#[test]
fn every_shipped_leaf_code_is_defined_with_patterns_and_examples() {
    let books = shipped();
    assert!(books.len() >= 7, "{} codebooks", books.len());
    let mut ids = Vec::new();
    let mut problems = Vec::new();
    let mut names = BTreeSet::new();
    for (file, book) in &books {
        assert!(
            names.insert(book.codebook.clone()),
            "{file}: codebook name used twice"
        );
        audit(&book.codes, &book.codebook, &mut ids, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "leaf codes short of the rule:\n{}",
        problems.join("\n")
    );
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate code ids");
}

#[test]
fn shipped_codebooks_load_together_and_pass_check() {
    let p = with_shipped_codebooks();
    p.write("transcripts/one.txt", "P: I just want to work.\n");
    let out = p.ok(&["check"]);
    let books = shipped().len();
    assert!(out.starts_with(&format!("ok: {books} codebooks,")), "{out}");
}
