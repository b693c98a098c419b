//! Importing word-list dictionaries written for other tools (quanteda YAML,
//! LIWC `.dic`, WordStat `.cat`, tab-separated lists such as Empath's) as
//! qualcode codebooks.
//!
//! Each format has its own module that reads the file into a category tree
//! (the entries as written, with their lines); `glob.rs`
//! turns entries into qualcode patterns and `write.rs` writes the codebook
//! YAML. Whatever cannot be expressed is kept as a [`Skipped`] entry for the
//! caller to report: nothing is dropped silently. This module never prints.

mod glob;
mod liwc;
mod qualcoder;
mod quanteda;
mod tsv;
mod wordstat;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::codebook::PatternKind;
use crate::{Error, Location, Result};

pub use glob::convert;

/// A dictionary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// quanteda's YAML dictionaries: nested keys, lists of globs.
    Quanteda,
    /// LIWC `.dic`: a `%` block of numbered categories, then `word<TAB>numbers`.
    Liwc,
    /// Provalis WordStat `.cat`: tab-indented categories, `WORD* (1)` entries.
    Wordstat,
    /// One category a line, its name then its words, tab-separated (Empath);
    /// or a valence lexicon, `word<TAB>score` (AFINN), binned by sign.
    Tsv,
    /// QualCoder's plain codebook: `cat>>sub>>code<TAB>memo`.
    Qualcoder,
}

impl Format {
    /// The format's name as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Quanteda => "quanteda",
            Format::Liwc => "liwc",
            Format::Wordstat => "wordstat",
            Format::Tsv => "tsv",
            Format::Qualcoder => "qualcoder",
        }
    }

    /// The format a file is in: by its extension, else by its first lines.
    pub fn sniff(path: &Path, text: &str) -> Option<Format> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("yml" | "yaml") => return Some(Format::Quanteda),
            Some("dic") => return Some(Format::Liwc),
            Some("cat") => return Some(Format::Wordstat),
            Some("tsv") => return Some(Format::Tsv),
            _ => {}
        }
        let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
        if first == "%" {
            return Some(Format::Liwc);
        }
        let weighted = text
            .lines()
            .filter(|l| l.starts_with([' ', '\t']))
            .any(|l| wordstat::split_weight(l.trim()).is_some());
        if weighted {
            return Some(Format::Wordstat);
        }
        if qualcoder::looks_like(text) {
            return Some(Format::Qualcoder);
        }
        if tsv::looks_like(text) {
            return Some(Format::Tsv);
        }
        // `KEY: value` or `KEY:` at the top level: YAML.
        let key = first.trim_start_matches(['"', '\'']);
        if !first.starts_with([' ', '\t', '-', '#']) && key.contains(':') {
            return Some(Format::Quanteda);
        }
        None
    }
}

/// An entry as written in the dictionary, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) text: String,
    pub(crate) line: usize,
}

/// A category as read: its name as written, its entries and subcategories.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Category {
    pub(crate) name: String,
    pub(crate) line: usize,
    pub(crate) entries: Vec<Entry>,
    pub(crate) children: Vec<Category>,
    /// A description (QualCoder's memo).
    pub(crate) description: Option<String>,
}

/// What a format module reads: the category tree and the entries it could
/// not place (conditional LIWC forms, unknown WordStat syntax…).
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub(crate) categories: Vec<Category>,
    pub(crate) skipped: Vec<Skipped>,
    pub(crate) notes: Vec<Note>,
}

/// An entry that cannot be expressed as a qualcode pattern, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Line in the dictionary file.
    pub line: usize,
    /// The entry as written (shortened if long).
    pub entry: String,
    /// The category it belongs to, when known.
    pub category: Option<String>,
    /// Why it cannot be expressed.
    pub reason: String,
}

/// A change made on import that the user should know of (an id suffixed to
/// keep it unique, a weight left out, duplicate entries merged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Line in the dictionary file (0: the whole file).
    pub line: usize,
    /// What was done.
    pub message: String,
}

/// One code of the imported codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedCode {
    /// Local id (slug of the name, unique among siblings).
    pub id: String,
    /// The category's name as written.
    pub label: String,
    /// Its description, if the dictionary has one (a QualCoder memo).
    pub description: Option<String>,
    /// Patterns, in the dictionary's order, without duplicates.
    pub patterns: Vec<PatternKind>,
    /// Subcategories.
    pub children: Vec<ImportedCode>,
}

/// Options of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The format; `None`: sniff it.
    pub format: Option<Format>,
    /// The codebook's name; `None`: from the file name.
    pub name: Option<String>,
    /// The encoding of a file that is not UTF-8; `None`: detect it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// An imported dictionary: a codebook ready to write, and the report.
#[derive(Debug, Clone)]
pub struct Import {
    /// The format read.
    pub format: Format,
    /// The codebook name.
    pub name: String,
    /// The source file as shown to the user.
    pub source: String,
    /// The codes.
    pub codes: Vec<ImportedCode>,
    /// Entries that could not be expressed.
    pub skipped: Vec<Skipped>,
    /// Changes made on import.
    pub notes: Vec<Note>,
    /// A notice about the encoding assumed, if the file was not UTF-8.
    pub encoding_notice: Option<String>,
}

impl Import {
    /// Number of codes, at every level.
    pub fn code_count(&self) -> usize {
        fn count(codes: &[ImportedCode]) -> usize {
            codes.iter().map(|c| 1 + count(&c.children)).sum()
        }
        count(&self.codes)
    }

    /// Number of patterns, at every level.
    pub fn pattern_count(&self) -> usize {
        fn count(codes: &[ImportedCode]) -> usize {
            codes
                .iter()
                .map(|c| c.patterns.len() + count(&c.children))
                .sum()
        }
        count(&self.codes)
    }

    /// Write the codebook YAML, with the skipped entries in a comment block
    /// at the top.
    pub fn write_yaml(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        write::codebook(self, out)
    }
}

/// Read the dictionary `bytes` (the contents of `display`).
pub fn import(bytes: &[u8], display: &Path, options: &ImportOptions) -> Result<Import> {
    let decoded = crate::ingest::decode::decode_transcript(bytes, display, options.encoding)?;
    let text = decoded.text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(Error::invalid("the dictionary file is empty").at(Location::file(display)));
    }
    let format = match options.format {
        Some(f) => f,
        None => Format::sniff(display, text).ok_or_else(|| {
            Error::usage(
                "cannot tell the dictionary's format from its name or first lines: \
                 pass --format quanteda, liwc, wordstat, tsv or qualcoder",
            )
            .at(Location::file(display))
        })?,
    };
    let parsed = match format {
        Format::Quanteda => quanteda::parse(text, display)?,
        Format::Liwc => liwc::parse(text, display)?,
        Format::Wordstat => wordstat::parse(text, display)?,
        // QualCoder's codebook given as tab-separated: nest it all the same.
        Format::Tsv | Format::Qualcoder if qualcoder::looks_like(text) => {
            qualcoder::parse(text, display)?
        }
        Format::Qualcoder => qualcoder::parse(text, display)?,
        Format::Tsv if tsv::is_scores(text) => tsv::parse_scores(text),
        Format::Tsv => tsv::parse(text, display)?,
    };
    let format = if format == Format::Tsv && qualcoder::looks_like(text) {
        Format::Qualcoder
    } else {
        format
    };
    if parsed.categories.is_empty() {
        return Err(Error::invalid("the dictionary has no categories").at(Location::file(display)));
    }
    if format != Format::Qualcoder && !has_entries(&parsed.categories) && parsed.skipped.is_empty()
    {
        return Err(
            Error::invalid("the dictionary's categories hold no entries")
                .at(Location::file(display)),
        );
    }
    let name = if let Some(n) = &options.name {
        crate::codebook::parse::check_id(n, "codebook name").map_err(Error::usage)?;
        n.clone()
    } else {
        let stem = display
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let slug = slug(&stem);
        if slug.is_empty() {
            "dictionary".to_owned()
        } else {
            slug
        }
    };
    let mut notes = parsed.notes;
    let mut skipped = parsed.skipped;
    let codes = convert_level(parsed.categories, None, &mut skipped, &mut notes);
    skipped.sort_by_key(|s| s.line);
    notes.sort_by_key(|n| n.line);
    Ok(Import {
        format,
        name,
        source: display.display().to_string(),
        codes,
        skipped,
        notes,
        encoding_notice: decoded.notice,
    })
}

fn has_entries(categories: &[Category]) -> bool {
    categories
        .iter()
        .any(|c| !c.entries.is_empty() || has_entries(&c.children))
}

/// Turn one level of categories into codes: ids slugged and made unique
/// among siblings, entries converted to patterns.
fn convert_level(
    categories: Vec<Category>,
    parent: Option<&str>,
    skipped: &mut Vec<Skipped>,
    notes: &mut Vec<Note>,
) -> Vec<ImportedCode> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut codes = Vec::with_capacity(categories.len());
    for category in categories {
        let base = match slug(&category.name) {
            s if s.is_empty() => "category".to_owned(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 1;
        while used.contains_key(&id) {
            n += 1;
            id = format!("{base}_{n}");
        }
        if n > 1 {
            notes.push(Note {
                line: category.line,
                message: format!(
                    "category {:?} gets id '{id}': '{base}' is taken by a sibling",
                    category.name
                ),
            });
        } else if base == "category" {
            notes.push(Note {
                line: category.line,
                message: format!(
                    "category {:?} has no letters a-z for an id: given id '{id}'",
                    category.name
                ),
            });
        }
        used.insert(id.clone(), 1);
        let path = parent.map_or_else(|| id.clone(), |p| format!("{p}.{id}"));
        let mut patterns = Vec::with_capacity(category.entries.len());
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for entry in category.entries {
            match glob::convert(&entry.text) {
                Ok(kind) => {
                    let key = kind.source();
                    if let Some(&first) = seen.get(&key) {
                        let earlier = if first == entry.line {
                            "an earlier entry of the line".to_owned()
                        } else {
                            format!("the entry of line {first}")
                        };
                        notes.push(Note {
                            line: entry.line,
                            message: format!(
                                "{:?} repeats {earlier} in category {path}: merged",
                                shorten(&entry.text)
                            ),
                        });
                    } else {
                        seen.insert(key, entry.line);
                        patterns.push(kind);
                    }
                }
                Err(reason) => skipped.push(Skipped {
                    line: entry.line,
                    entry: shorten(&entry.text),
                    category: Some(path.clone()),
                    reason,
                }),
            }
        }
        let children = convert_level(category.children, Some(&path), skipped, notes);
        codes.push(ImportedCode {
            id,
            label: category.name,
            description: category.description,
            patterns,
            children,
        });
    }
    codes
}

/// A qualcode id from a name: lower-case letters a-z and digits, diacritics
/// stripped, every other run of characters one `_`.
pub(crate) fn slug(name: &str) -> String {
    let folded = crate::matcher::fold::fold_pattern(name);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// An entry or name cut to 60 characters, for messages.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(MAX).collect();
    s.push('…');
    s
}

/// Add `category` to `level` under the path `names` (a dotted name split),
/// creating parents as needed; the category's index path. Used by formats
/// whose names carry the hierarchy (`care.virtue`).
pub(crate) fn insert_path(level: &mut Vec<Category>, names: &[&str], line: usize) -> Vec<usize> {
    let Some((first, rest)) = names.split_first() else {
        return Vec::new();
    };
    let i = if let Some(i) = level.iter().position(|c| c.name == *first) {
        i
    } else {
        level.push(Category {
            name: (*first).to_owned(),
            line,
            ..Category::default()
        });
        level.len() - 1
    };
    let mut path = vec![i];
    path.extend(insert_path(&mut level[i].children, rest, line));
    path
}

/// The category at index path `path`.
pub(crate) fn at_path<'a>(level: &'a mut [Category], path: &[usize]) -> &'a mut Category {
    let (first, rest) = path.split_first().expect("a non-empty index path");
    let category = &mut level[*first];
    if rest.is_empty() {
        category
    } else {
        at_path(&mut category.children, rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn sniffs(path: &str, text: &str, want: Option<Format>) {
        assert_eq!(Format::sniff(Path::new(path), text), want);
    }

    #[test]
    fn format_is_sniffed_from_extension_then_content() {
        sniffs("a.YML", "", Some(Format::Quanteda));
        sniffs("RID.CAT", "", Some(Format::Wordstat));
        sniffs("m.dic", "", Some(Format::Liwc));
        sniffs("m.txt", "\n%\n1\tx\n%\n", Some(Format::Liwc));
        sniffs("m.txt", "A\n\tB (1)\n", Some(Format::Wordstat));
        sniffs("m.txt", "A: [b, c]\n", Some(Format::Quanteda));
        sniffs("c.tsv", "", Some(Format::Tsv));
        sniffs(
            "m.txt",
            "help\tchore\thelpful\noffice\tdesk\n",
            Some(Format::Tsv),
        );
        sniffs("m.txt", "just some words\n", None);
        sniffs("m.txt", "", None);
    }

    #[test]
    fn slugs_are_valid_ids() {
        for (name, want) in [
            ("CULTURE-HIGH", "culture_high"),
            ("+STATE+", "state"),
            ("A category", "a_category"),
            ("Whānau ora", "whanau_ora"),
            ("コンゴ", ""),
            ("care.virtue", "care_virtue"),
        ] {
            assert_eq!(slug(name), want, "{name}");
        }
    }

    fn category(name: &str, line: usize, entries: &[&str]) -> Category {
        Category {
            name: name.to_owned(),
            line,
            entries: entries
                .iter()
                .map(|e| Entry {
                    text: (*e).to_owned(),
                    line,
                })
                .collect(),
            children: Vec::new(),
            description: None,
        }
    }

    /// Text in the alphabet of the four formats: their markers, wildcards,
    /// brackets, quotes, tabs and line endings.
    fn dictionary_text() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex(
            "([a-zA-Zé%*?()\\[\\]{}:'\"@_.#&|!, \t\r\n0-9-]|\u{feff}|\u{3b1}){0,200}",
        )
        .expect("a valid strategy regex")
    }

    /// Dictionaries of each format, well-formed around arbitrary entries.
    fn well_formed() -> impl proptest::strategy::Strategy<Value = (Format, String)> {
        use proptest::prelude::*;
        let entry = proptest::string::string_regex(
            "([a-zA-Zé*?()\\[\\]{}:'\"@_.#&|!,0-9-]|\u{3b1}|\u{2019}| ){1,12}",
        )
        .expect("a valid strategy regex");
        (0..4usize, prop::collection::vec(entry, 1..8)).prop_map(|(f, entries)| match f {
            0 => {
                let list: Vec<String> = entries
                    .iter()
                    .map(|e| serde_json::to_string(e).unwrap())
                    .collect();
                (
                    Format::Quanteda,
                    format!("A:\n  B: [{}]\n", list.join(", ")),
                )
            }
            1 => {
                let lines = entries
                    .iter()
                    .map(|e| format!("{e}\t1 2\n"))
                    .collect::<Vec<_>>()
                    .concat();
                (
                    Format::Liwc,
                    format!("%\n1\tcat one\n2\tcat.two\n%\n{lines}"),
                )
            }
            2 => {
                let lines = entries
                    .iter()
                    .map(|e| format!("\t\t{e} (1)\n"))
                    .collect::<Vec<_>>()
                    .concat();
                (Format::Wordstat, format!("TOP\n\tSUB\n{lines}"))
            }
            _ => (Format::Tsv, format!("cat\t{}\n", entries.join("\t"))),
        })
    }

    /// Import `text` as `format`; the codebook written must load.
    fn round_trip(format: Format, text: &str) -> std::result::Result<(), String> {
        let options = ImportOptions {
            format: Some(format),
            name: None,
            encoding: None,
        };
        match import(text.as_bytes(), Path::new("d.txt"), &options) {
            Ok(import) => {
                let mut yaml = Vec::new();
                import.write_yaml(&mut yaml).map_err(|e| e.to_string())?;
                let yaml = String::from_utf8(yaml).map_err(|e| e.to_string())?;
                let book = crate::codebook::CodeSet::parse(&yaml, "d.yaml")
                    .map_err(|e| format!("{e}\n{yaml}"))?;
                let mut set = crate::codebook::CodeSet::default();
                set.add(book).map_err(|e| format!("{e}\n{yaml}"))?;
                crate::matcher::Matcher::compile(&set).map_err(|e| format!("{e}\n{yaml}"))?;
                Ok(())
            }
            Err(e) if e.exit_code() == 2 => Ok(()),
            Err(e) => Err(format!("exit code {} for {e}", e.exit_code())),
        }
    }

    proptest::proptest! {
        /// Any text, read as any format, is a codebook that loads or an
        /// error with exit code 2: never a panic, never a codebook that
        /// qualcode then refuses.
        #[test]
        fn any_text_imports_or_fails_cleanly(text in dictionary_text()) {
            for format in [Format::Quanteda, Format::Liwc, Format::Wordstat, Format::Tsv] {
                let result = round_trip(format, &text);
                proptest::prop_assert!(result.is_ok(), "{format:?} {text:?}: {result:?}");
            }
        }

        /// Well-formed dictionaries with arbitrary entries import into
        /// codebooks that load and compile.
        #[test]
        fn any_entries_import_into_a_codebook_that_loads((format, text) in well_formed()) {
            let result = round_trip(format, &text);
            proptest::prop_assert!(result.is_ok(), "{format:?} {text:?}: {result:?}");
        }
    }

    #[test]
    fn sibling_ids_collide_into_suffixes_and_are_noted() {
        let (mut skipped, mut notes) = (Vec::new(), Vec::new());
        let codes = convert_level(
            vec![
                category("+STATE+", 1, &["a", "a", "(x) b"]),
                category("=STATE=", 2, &[]),
                category("-STATE-", 3, &[]),
            ],
            None,
            &mut skipped,
            &mut notes,
        );
        let ids: Vec<_> = codes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["state", "state_2", "state_3"]);
        assert_eq!(codes[0].patterns.len(), 1);
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].category.as_deref(), Some("state"));
    }
}
