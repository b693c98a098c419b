//! Taguette's codebook CSV (`qualcode export taguette`): the columns
//! Taguette 1.5 writes and reads back (`tag`, `description`, `number of
//! highlights`; its importer needs a `tag`, `name` or `path` column and
//! ignores the count). Each code is a tag named by its id, whose dots
//! Taguette shows as a hierarchy; the description holds the include and
//! exclude notes.

use std::collections::BTreeMap;

use crate::codebook::Codebook;
use crate::{Error, Result};

/// The header Taguette writes.
pub const HEADER: [&str; 3] = ["tag", "description", "number of highlights"];

/// `books` as Taguette's codebook CSV, with `counts` (code id → effective
/// codings) as the number of highlights.
pub fn codebook_csv(books: &[&Codebook], counts: &BTreeMap<&str, usize>) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::new(crate::ErrorKind::Io, format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).map_err(fail)?;
    for book in books {
        for code in &book.codes {
            let mut parts: Vec<String> = Vec::new();
            if let Some(d) = code.description.as_deref().map(str::trim) {
                parts.push(d.to_owned());
            }
            if let Some(i) = &code.include {
                parts.push(format!("Include: {}", i.trim()));
            }
            if let Some(e) = &code.exclude {
                parts.push(format!("Exclude: {}", e.trim()));
            }
            let description = if parts.is_empty() {
                code.label.clone()
            } else {
                format!("{}: {}", code.label, parts.join(" "))
            };
            let n = counts.get(code.id.as_str()).copied().unwrap_or(0);
            w.write_record([code.id.as_str(), &description, &n.to_string()])
                .map_err(fail)?;
        }
    }
    w.into_inner()
        .map_err(|e| Error::new(crate::ErrorKind::Io, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_is_a_tag_with_its_description_and_count() {
        let book = crate::codebook::CodeSet::parse(
            "codebook: m\ncodes:\n  - id: a\n    label: Money, \"cash\"\n    description: Pay.\n    \
             include: wages\n    children:\n      - id: b\n        label: Bills\n",
            "m.yaml",
        )
        .unwrap();
        let books = [&book];
        let counts = BTreeMap::from([("m.a.b", 3)]);
        assert_eq!(
            String::from_utf8(codebook_csv(&books, &counts).unwrap()).unwrap(),
            "tag,description,number of highlights\n\
             m.a,\"Money, \"\"cash\"\": Pay. Include: wages\",0\nm.a.b,Bills,3\n"
        );
    }
}
