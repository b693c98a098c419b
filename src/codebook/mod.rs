//! Codebooks: hierarchical codes with definitions, examples and patterns.
//!
//! Owns the model, loading (YAML in `parse.rs`), pattern validation and the
//! set of all loaded codebooks with unique ids, numbered in one code table
//! ([`CodeTable`]) for computations. Matching lives in `matcher`.

pub(crate) mod parse;
pub mod pattern;

use std::path::Path;

use crate::project::Project;
use crate::{Error, Location, Result};

pub use crate::id::{CodeId, CodeIx, CodeRange, CodeScope, CodeTable, is_within};
pub use crate::matcher::spec::{Mood, Tense};
pub use crate::project::roles::DEFAULT_ROLE;
pub use pattern::{Pattern, PatternKind};

/// An example sentence a code must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// Where it is written.
    pub location: Location,
}

/// One code. Ids are dotted paths that start with the codebook's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// Full id (`motivators.extrinsic.finance`).
    pub id: CodeId,
    /// Human label (`Finance`).
    pub label: String,
    /// What the code means.
    pub description: Option<String>,
    /// What to include.
    pub include: Option<String>,
    /// What to leave out.
    pub exclude: Option<String>,
    /// Sentences the code must match.
    pub examples: Vec<Example>,
    /// Sentences the code (and every code below it) must not match: similes,
    /// figures of speech, wishes, the same words about something else.
    pub counterexamples: Vec<Example>,
    /// Patterns that apply the code.
    pub patterns: Vec<Pattern>,
    /// Patterns that veto hits they overlap.
    pub not: Vec<Pattern>,
    /// Negation window in words (0: off).
    pub negation: usize,
    /// The roles whose speech the code applies to (`applies_to:`), in
    /// lower case; empty: every role.
    pub applies_to: Vec<String>,
    /// Whether a hit in a hypothetical or counterfactual clause counts
    /// (`mood:`).
    pub mood: Mood,
    /// The time a hit must not be marked as the opposite of (`tense:`).
    pub tense: Option<Tense>,
    /// Optional colour (`#rrggbb`), for exports.
    pub color: Option<String>,
    /// Depth below the codebook (top-level codes are 0).
    pub depth: usize,
    /// Parent code id.
    pub parent: Option<String>,
    /// Where the code's id is written.
    pub location: Location,
}

/// One codebook file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codebook {
    /// The name: first part of every id.
    pub name: String,
    /// Title.
    pub title: Option<String>,
    /// What the codebook is for.
    pub description: Option<String>,
    /// Its path as shown to the user.
    pub path: String,
    /// The default negation window of its codes (0: off).
    pub negation: usize,
    /// The roles its codes apply to unless a code says otherwise (empty:
    /// every role).
    pub applies_to: Vec<String>,
    /// Codes in tree order (each parent before its children).
    pub codes: Vec<Code>,
}

impl Code {
    /// Whether the code applies to the speech of a case with `role`.
    pub fn applies_to_role(&self, role: &str) -> bool {
        self.applies_to.is_empty() || self.applies_to.iter().any(|r| r.eq_ignore_ascii_case(role))
    }
}

/// Levenshtein distance in characters, for "did you mean" suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Every loaded codebook, and the project's code table: every code
/// numbered ([`CodeIx`]) codebook by codebook in tree order, so that
/// computations hold numbers, not ids (see [`CodeSet::table`]).
#[derive(Debug, Clone, Default)]
pub struct CodeSet {
    /// Codebooks in configured order.
    pub codebooks: Vec<Codebook>,
    /// Every code numbered.
    table: CodeTable,
    /// Per code number: (codebook, code) index into `codebooks`.
    at: Vec<(usize, usize)>,
    /// Per codebook: its codes' numbers.
    books: Vec<CodeRange>,
}

/// Whether YAML `text` is a personas file (`scheme:` at the top level)
/// rather than a codebook (`codebook:`).
pub fn is_personas_file(text: &str) -> bool {
    let top = |key: &str| {
        text.lines()
            .any(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
    };
    top("scheme") && !top("codebook")
}

/// The matcher's view of the codes: each code's patterns, vetoes and
/// guards, in [`CodeSet::codes`] order.
impl<'a> From<&'a CodeSet> for crate::matcher::spec::Spec<'a> {
    fn from(set: &'a CodeSet) -> Self {
        crate::matcher::spec::Spec {
            codes: set
                .codes()
                .map(|code| crate::matcher::spec::CodeSpec {
                    id: &code.id,
                    patterns: code.patterns.iter().map(|p| &p.kind).collect(),
                    not: code.not.iter().map(|p| &p.kind).collect(),
                    negation: code.negation,
                    mood: code.mood,
                    tense: code.tense,
                })
                .collect(),
        }
    }
}

/// The positions of `codes` in depth-first order, each code's children in
/// their order among `codes`: the order itself for a parsed codebook
/// (parents come before their children, each subtree whole).
fn depth_first(codes: &[Code]) -> Vec<usize> {
    let position: foldhash::HashMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); codes.len()];
    let mut roots = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        // The nearest ancestor among `codes`.
        let mut up = crate::id::up(&code.id);
        let parent = loop {
            match up {
                Some(id) if position.contains_key(id) => break Some(position[id]),
                Some(id) => up = crate::id::up(id),
                None => break None,
            }
        };
        match parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    let mut order = Vec::with_capacity(codes.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(children[i].iter().rev());
    }
    order
}

impl CodeSet {
    /// Load the project's codebooks. A personas file that a codebook glob
    /// also matches (`codebooks/*.yaml` beside `codebooks/personas.yaml`)
    /// is not a codebook and is passed over.
    pub fn load(project: &Project) -> Result<CodeSet> {
        let mut set = CodeSet::default();
        for file in project.codebook_files()? {
            let display = Path::new(&file.display);
            let bytes = file.read().map_err(|e| Error::io(display, "read", &e))?;
            let text = crate::ingest::decode::decode(&bytes, display)?;
            if is_personas_file(&text) {
                continue;
            }
            set.add(parse::parse(&text, &file.display)?)?;
        }
        if set.codebooks.is_empty() {
            return Err(Error::invalid(
                "no codebooks: the codebook globs match only personas files",
            )
            .at(Location::file(crate::project::CONFIG_FILE)));
        }
        Ok(set)
    }

    /// Every codebook shipped inside qualcode (`builtin:NAME`).
    pub fn builtin() -> Result<CodeSet> {
        let mut set = CodeSet::default();
        for name in crate::project::builtin::codebooks() {
            let text = crate::project::builtin::text(name).expect("listed names have texts");
            set.add(parse::parse(
                text,
                &format!("{}{name}", crate::project::builtin::PREFIX),
            )?)?;
        }
        Ok(set)
    }

    /// Parse one codebook's YAML text.
    pub fn parse(text: &str, display: &str) -> Result<Codebook> {
        parse::parse(text, display)
    }

    /// Add a codebook, checking its name and ids are new.
    pub fn add(&mut self, book: Codebook) -> Result<()> {
        if let Some(other) = self.codebooks.iter().find(|b| b.name == book.name) {
            return Err(Error::invalid(format!(
                "codebook name '{}' is also used by {}",
                book.name, other.path
            ))
            .at(Location::file(&book.path)));
        }
        let mut seen: foldhash::HashMap<&str, &Location> =
            foldhash::HashMap::with_capacity_and_hasher(
                book.codes.len(),
                foldhash::fast::RandomState::default(),
            );
        for code in &book.codes {
            let first = seen.get(code.id.as_str()).copied().or_else(|| {
                let (b, c) = self.at[self.table.index_of(&code.id)?.index()];
                Some(&self.codebooks[b].codes[c].location)
            });
            if let Some(first) = first {
                return Err(
                    Error::invalid(format!("duplicate code id (first at {first})"))
                        .at(code.location.clone())
                        .with_code(&code.id),
                );
            }
            seen.insert(code.id.as_str(), &code.location);
        }
        let b = self.codebooks.len();
        let start = self.table.len();
        for i in depth_first(&book.codes) {
            self.table
                .push(book.codes[i].id.clone())
                .expect("ids checked new above");
            self.at.push((b, i));
        }
        self.books.push(self.table.since(start));
        self.codebooks.push(book);
        Ok(())
    }

    /// Every code, codebook by codebook, in tree order.
    pub fn codes(&self) -> impl Iterator<Item = &Code> {
        self.codebooks.iter().flat_map(|b| b.codes.iter())
    }

    /// The code with `id`.
    pub fn code(&self, id: &str) -> Option<&Code> {
        self.table.index_of(id).map(|ix| self.code_at(ix))
    }

    /// The code numbered `ix` in [`CodeSet::table`].
    pub fn code_at(&self, ix: CodeIx) -> &Code {
        let (b, i) = self.at[ix.index()];
        &self.codebooks[b].codes[i]
    }

    /// The code table: every code numbered, codebook by codebook in tree
    /// order, so that computations resolve each coding's code once and
    /// compare numbers (see [`CodeTable::nearest`] for codes not loaded).
    pub fn table(&self) -> &CodeTable {
        &self.table
    }

    /// The numbers of a scope's root as [`CodeSet::scope`] gives it: a
    /// code and the codes below it, or every code of a codebook; `None`
    /// for a name that is neither.
    pub fn range(&self, root: &str) -> Option<CodeRange> {
        if let Some(ix) = self.table.index_of(root) {
            return Some(self.table.subtree(ix));
        }
        let b = self.codebooks.iter().position(|b| b.name == root)?;
        Some(self.books[b])
    }

    /// The codebook named `name`, or an error listing the loaded ones.
    pub fn codebook(&self, name: &str) -> Result<&Codebook> {
        self.codebooks
            .iter()
            .find(|b| b.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = self.codebooks.iter().map(|b| b.name.as_str()).collect();
                Error::usage(format!(
                    "unknown codebook '{name}': loaded codebooks are {}",
                    names.join(", ")
                ))
            })
    }

    /// The code with `id`, or an error naming the nearest valid ids.
    pub fn require(&self, id: &str) -> Result<&Code> {
        if let Some(code) = self.code(id) {
            return Ok(code);
        }
        let last = crate::id::leaf(id);
        let typo = (id.chars().count() / 6).clamp(1, 3);
        let mut near: Vec<&str> = self
            .codes()
            .filter(|c| {
                c.id.ends_with(&format!(".{last}"))
                    || c.id.starts_with(id)
                    || edit_distance(&c.id, id) <= typo
            })
            .map(|c| c.id.as_str())
            .take(8)
            .collect();
        if near.is_empty() {
            near = self
                .codes()
                .filter(|c| c.depth == 0)
                .map(|c| c.id.as_str())
                .collect();
            return Err(Error::usage(format!(
                "unknown code '{id}': top-level codes are {} (see `qualcode codebook list`)",
                near.join(", ")
            )));
        }
        Err(Error::usage(format!(
            "unknown code '{id}': did you mean {}?",
            near.join(", ")
        )))
    }

    /// A scope named on the command line: a codebook name (all its codes)
    /// or a code id (that code and the codes below it). Returns the root id
    /// (its codes: [`CodeSet::scope_of`]) and a title.
    pub fn scope(&self, name: &str) -> Result<(String, String)> {
        if let Some(book) = self.codebooks.iter().find(|b| b.name == name) {
            return Ok((
                book.name.clone(),
                book.title.clone().unwrap_or_else(|| book.name.clone()),
            ));
        }
        if !name.contains('.') && self.code(name).is_none() {
            return self.codebook(name).map(|_| unreachable!("not a codebook"));
        }
        let code = self.require(name)?;
        Ok((code.id.to_string(), code.label.clone()))
    }

    /// `id` and every code below it, in tree order (every code of the
    /// codebook for a codebook's name; none for a name that is neither):
    /// a run of the code table, not a scan of the ids.
    pub fn subtree<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Code> + use<'a> {
        self.codes_in(self.run(Some(id)))
    }

    /// The numbers of `scope`, a codebook's name or a code id (every code
    /// for `None`); none for a name that is neither.
    pub fn run(&self, scope: Option<&str>) -> CodeRange {
        match scope {
            Some(name) => self.range(name).unwrap_or_default(),
            None => self.table.all(),
        }
    }

    /// A scope named on the command line resolved to numbers: a codebook's
    /// name or a code id (that code and the codes below it), every code for
    /// `None`; an error naming the nearest valid ids for a name that is
    /// neither.
    pub fn require_scope(&self, scope: Option<&str>) -> Result<CodeScope> {
        if let Some(name) = scope
            && self.run(scope).is_empty()
        {
            self.require(name)?;
        }
        Ok(self.scope_of(scope))
    }

    /// [`CodeSet::require_scope`] for a scope already checked: a name that
    /// is neither a codebook's nor a code's holds no code.
    pub fn scope_of(&self, scope: Option<&str>) -> CodeScope {
        match scope {
            Some(_) => CodeScope::run(self.run(scope)),
            None => CodeScope::all(),
        }
    }

    /// The codes numbered in `run`, in tree order.
    pub fn codes_in(&self, run: CodeRange) -> impl Iterator<Item = &Code> {
        run.iter().map(|ix| self.code_at(ix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_personas_file_is_told_from_a_codebook_by_its_top_level_key() {
        assert!(is_personas_file("# ICS\nscheme: ics\npersonas: []\n"));
        assert!(!is_personas_file("codebook: m\ncodes: []\n"));
        // A code that mentions a scheme is still a codebook.
        assert!(!is_personas_file("codebook: m\nscheme: x\n"));
        assert!(!is_personas_file("codebook: m\ncodes:\n  - id: scheme\n"));
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("money", "money"), 0);
        assert_eq!(edit_distance("m.money", "m.mony"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("whānau", "whanau"), 1);
    }

    #[test]
    fn within_respects_dots() {
        assert!(is_within("m.extrinsic.finance", "m.extrinsic"));
        assert!(is_within("m.extrinsic", "m.extrinsic"));
        assert!(!is_within("m.extrinsic_other", "m.extrinsic"));
        assert!(!is_within("m", "m.extrinsic"));
    }

    #[test]
    fn duplicate_ids_across_codebooks_name_both_places() {
        let a = CodeSet::parse("codebook: m\ncodes:\n  - id: x\n", "a.yaml").unwrap();
        let b = CodeSet::parse("codebook: m\ncodes:\n  - id: y\n", "b.yaml").unwrap();
        let mut set = CodeSet::default();
        set.add(a.clone()).unwrap();
        let err = set.add(b).unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.yaml: codebook name 'm' is also used by a.yaml"
        );
        let err = set.add(a).unwrap_err();
        assert!(err.to_string().contains("a.yaml"), "{err}");
    }

    #[test]
    fn require_suggests_codes_with_the_same_last_part() {
        let a = CodeSet::parse(
            "codebook: m\ncodes:\n  - id: ex\n    children:\n      - id: finance\n",
            "a.yaml",
        )
        .unwrap();
        let mut set = CodeSet::default();
        set.add(a).unwrap();
        let err = set.require("m.finance").unwrap_err();
        assert_eq!(
            err.message(),
            "unknown code 'm.finance': did you mean m.ex.finance?"
        );
        let err = set.require("zzz").unwrap_err();
        assert!(err.message().contains("top-level codes are m.ex"), "{err}");
        assert_eq!(set.subtree("m.ex").count(), 2);
    }

    /// A code set of codebooks given as YAML texts.
    fn books(texts: &[&str]) -> CodeSet {
        let mut set = CodeSet::default();
        for text in texts {
            set.add(CodeSet::parse(text, "b.yaml").unwrap()).unwrap();
        }
        set
    }

    #[test]
    fn the_code_table_numbers_codes_in_tree_order_with_each_scope_a_range() {
        let set = books(&[
            "codebook: m\ncodes:\n  - id: a\n    children:\n      - id: x\n  \
             - id: ab\n    children:\n      - id: y\n",
            "codebook: n\ncodes:\n  - id: a\n",
        ]);
        let table = set.table();
        let numbered: Vec<&str> = table.all().iter().map(|ix| table.id(ix).as_str()).collect();
        let listed: Vec<&str> = set.codes().map(|c| c.id.as_str()).collect();
        assert_eq!(numbered, listed);
        for ix in table.all().iter() {
            assert_eq!(set.code_at(ix).id, *table.id(ix));
        }
        let ids = |root: &str| -> Vec<&str> {
            let range = set.range(root).unwrap();
            range.iter().map(|ix| table.id(ix).as_str()).collect()
        };
        assert_eq!(ids("m.a"), ["m.a", "m.a.x"]);
        assert_eq!(ids("m.ab"), ["m.ab", "m.ab.y"]);
        assert_eq!(ids("m"), ["m.a", "m.a.x", "m.ab", "m.ab.y"]);
        assert_eq!(ids("n"), ["n.a"]);
        assert_eq!(set.range("m.zz"), None);
    }

    #[test]
    fn a_scope_is_a_run_of_the_table_or_every_code() {
        let set =
            books(&["codebook: m\ncodes:\n  - id: a\n    children:\n      - id: x\n  - id: ab\n"]);
        let table = set.table();
        let ix = |id: &str| table.index_of(id);
        let ids = |scope: Option<&str>| -> Vec<String> {
            set.codes_in(set.run(scope))
                .map(|c| c.id.to_string())
                .collect()
        };
        assert_eq!(ids(Some("m.a")), ["m.a", "m.a.x"]);
        assert_eq!(ids(None), ["m.a", "m.a.x", "m.ab"]);
        assert!(ids(Some("m.zz")).is_empty());
        let ids: Vec<&str> = set.subtree("m.a").map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["m.a", "m.a.x"]);
        // `m.ab` shares a prefix with `m.a` but is not within it.
        let a = set.require_scope(Some("m.a")).unwrap();
        assert!(a.contains(ix("m.a.x")) && !a.contains(ix("m.ab")));
        // A code not loaded is in every code's scope, and in no run.
        assert!(!a.contains(None));
        let all = set.require_scope(None).unwrap();
        assert!(all.contains(None) && all.contains(ix("m.ab")));
        assert!(set.require_scope(Some("m")).unwrap().contains(ix("m.ab")));
        let err = set.require_scope(Some("m.x")).unwrap_err();
        assert!(err.message().contains("unknown code 'm.x'"), "{err}");
        assert!(!set.scope_of(Some("m.x")).contains(ix("m.a.x")));
    }
}
