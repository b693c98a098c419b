//! REFI-QDA interchange: codebooks (`.qdc`, Codebook.xsd) and projects
//! (`.qdpx`: a zip of `project.qde`, Project.xsd, and `Sources/`).
//!
//! Owns the mapping between qualcode's model and QDA-XML both ways, stable
//! GUIDs and the little XML reader and writer it needs. It never prints and
//! never writes files itself: callers get bytes or texts to write atomically.

pub mod import;
pub mod kept;
pub mod qdc;
pub mod qde;
pub mod qdpx;
pub mod sidecar;
pub mod taguette;
mod xml;

use uuid::Uuid;

use crate::{Error, Location, Result};

/// The namespace qualcode's stable GUIDs are derived in (a version-5 UUID of a URL).
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://qualcode.invalid/refi-qda")
}

/// A GUID that is the same on every run for the same `key`: a version-5 UUID of
/// `kind:key`, written upper case as ATLAS.ti and the REFI examples do.
pub fn stable_guid(kind: &str, key: &str) -> String {
    let name = format!("{kind}:{key}");
    Uuid::new_v5(&namespace(), name.as_bytes())
        .hyphenated()
        .to_string()
        .to_ascii_uppercase()
}

/// A GUID as read from a file, canonical (upper case, no braces), or an
/// error naming where it is. Accepts any case, with or without `{}`.
pub(crate) fn parse_guid(raw: &str, at: &Location) -> Result<String> {
    let trimmed = raw.trim();
    let inner = trimmed
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(trimmed);
    let ok = inner.len() == 36
        && inner.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if !ok {
        return Err(Error::invalid(format!(
            "'{}' is not a GUID (want 8-4-4-4-12 hexadecimal digits)",
            clip(trimmed, 60)
        ))
        .at(at.clone()));
    }
    Ok(inner.to_ascii_uppercase())
}

/// At most `n` characters of `s`, with `…` if cut (messages never echo
/// long passages).
pub(crate) fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(n).collect();
        out.push('…');
        out
    }
}

/// Refuse a zip archive (a `.qdpx` project, a Word file) given where a
/// codebook's XML is expected, rather than report it as bad UTF-8.
pub fn refuse_zip(bytes: &[u8], display: &str) -> Result<()> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::invalid(
            "this is a zip archive, not a REFI-QDA codebook (.qdc): for a project (.qdpx) \
             use `qualcode import qdpx FILE --coder NAME`",
        )
        .at(Location::file(display)));
    }
    Ok(())
}

/// An id made from a name: lower case ASCII letters and digits joined by
/// `_` (diacritics dropped: `Oltás típusa` → `oltas_tipusa`), at most 40
/// characters; `fallback` if nothing is left.
pub fn slug(name: &str, fallback: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut gap = false;
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.truncate(40);
    let out = out.trim_end_matches('_');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

/// `base`, or `base_2`, `base_3`… whichever `taken` does not yet hold; the
/// result is added to `taken`.
pub(crate) fn unique(base: String, taken: &mut std::collections::HashSet<String>) -> String {
    if taken.insert(base.clone()) {
        return base;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}_{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Write `files` (paths relative to `root`) atomically, refusing to replace
/// any that exists unless `force`; the paths written.
pub fn write_files(
    root: &std::path::Path,
    files: &[(String, Vec<u8>)],
    force: bool,
) -> Result<Vec<std::path::PathBuf>> {
    if let Some((rel, _)) = files
        .iter()
        .find(|(rel, _)| !force && root.join(rel).exists())
    {
        {
            let path = root.join(rel);
            let here = std::env::current_dir().unwrap_or_default();
            let shown = path.strip_prefix(&here).unwrap_or(&path);
            return Err(Error::usage(format!(
                "{} already exists: use --force to replace it",
                shown.display()
            )));
        }
    }
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let path = root.join(rel);
        // A coder's file is written under its lock, as `codings add` does.
        let _lock = rel
            .starts_with("codings/")
            .then(|| crate::coding::manual::CoderLock::acquire(&path))
            .transpose()?;
        crate::fsutil::write_atomic(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_guids_are_valid_and_repeatable() {
        let a = stable_guid("code", "motivators.finance");
        assert_eq!(a, stable_guid("code", "motivators.finance"));
        assert_ne!(a, stable_guid("code", "motivators.family"));
        assert_eq!(parse_guid(&a, &Location::file("x")).unwrap(), a);
    }

    #[track_caller]
    fn guid(raw: &str, want: Option<&str>) {
        let got = parse_guid(raw, &Location::file("f.qdc")).ok();
        assert_eq!(got.as_deref(), want);
    }

    #[test]
    fn guids_in_any_case_with_or_without_braces() {
        let want = Some("1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294");
        guid("1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294", want);
        guid("{1ff58b12-6f6f-4b0c-8be5-bbdc91f55294}", want);
        guid(" 1ff58b12-6f6f-4b0c-8be5-bbdc91f55294 ", want);
        guid("1ff58b12-6f6f-4b0c-8be5", None);
        guid("{1ff58b12-6f6f-4b0c-8be5-bbdc91f55294", None);
        guid("zff58b12-6f6f-4b0c-8be5-bbdc91f55294", None);
    }

    #[track_caller]
    fn slugged(name: &str, want: &str) {
        assert_eq!(slug(name, "code"), want);
    }

    #[test]
    fn slugs_fold_diacritics_and_punctuation() {
        slugged("1. Oltás típusa", "1_oltas_tipusa");
        slugged("Coke::diet Coke", "coke_diet_coke");
        slugged("  Self worth ", "self_worth");
        slugged("\"quoted\" name", "quoted_name");
        slugged("!!!", "code");
        slugged("Ünnepi ÉRTÉKEK", "unnepi_ertekek");
    }

    #[test]
    fn unique_suffixes_repeats() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a".into(), &mut taken), "a_2");
        assert_eq!(unique("a".into(), &mut taken), "a_3");
    }
}
