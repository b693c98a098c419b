//! The `tables:` section of `qualcode.yaml`: named, reusable table
//! definitions (`qualcode table kent-3`). Each names a table verb and its
//! options as they would be written on the command line, without the
//! dashes (`by: site`, `transpose: true`, `where: [site=Folkestone]`);
//! the command line turns them into that verb's arguments, so a definition
//! accepts exactly what the verb does and is checked the same way.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::yaml;
use crate::{Error, Location, Result};

/// The verbs a table definition may name.
pub const TABLE_VERBS: [&str; 7] = [
    "freq", "cooccur", "grid", "profile", "personas", "agree", "quotes",
];

/// The most tables a project may define.
const MAX_TABLES: usize = 1_000;

/// An option value as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawValue {
    /// `transpose: true`.
    Flag(bool),
    /// `max_words: 60`.
    Number(u64),
    /// `by: site`.
    Text(String),
    /// `where: [site=Folkestone, cohort=EB]`.
    List(Vec<String>),
}

/// A table definition as written.
#[derive(Debug, Deserialize)]
pub(crate) struct RawTable {
    verb: Spanned<String>,
    description: Option<String>,
    #[serde(flatten)]
    options: BTreeMap<String, RawValue>,
}

/// A named table definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDef {
    /// Its name (`kent-3`).
    pub name: String,
    /// What it is, for `qualcode table --list`.
    pub description: Option<String>,
    /// The verb (`freq`).
    pub verb: String,
    /// The verb's arguments, as on the command line.
    pub args: Vec<String>,
    /// Where it is defined.
    pub at: Location,
}

/// Read `tables:` as written into definitions.
pub(crate) fn resolve(
    raw: BTreeMap<String, RawTable>,
    config_path: &std::path::Path,
) -> Result<Vec<TableDef>> {
    if raw.len() > MAX_TABLES {
        return Err(Error::invalid(format!(
            "tables: {} definitions, at most {MAX_TABLES}",
            raw.len()
        ))
        .at(Location::file(config_path)));
    }
    let mut out = Vec::with_capacity(raw.len());
    for (name, def) in raw {
        let at = yaml::location(config_path, &def.verb.referenced, 0);
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            return Err(Error::invalid(format!(
                "tables: {name:?} is not a table name: use letters, digits, -, _ and . \
                 (as in kent-3)"
            ))
            .at(at));
        }
        let verb = def.verb.value.trim().to_owned();
        if !TABLE_VERBS.contains(&verb.as_str()) {
            return Err(Error::invalid(format!(
                "tables: {name}: verb {verb:?} is not a table verb: use one of {}",
                TABLE_VERBS.join(", ")
            ))
            .at(at));
        }
        let mut args = Vec::new();
        for (key, value) in def.options {
            let flag = format!("--{}", key.trim().replace('_', "-"));
            match value {
                RawValue::Flag(true) => args.push(flag),
                RawValue::Flag(false) => {}
                RawValue::Number(n) => {
                    args.push(flag);
                    args.push(n.to_string());
                }
                RawValue::Text(t) => {
                    args.push(flag);
                    args.push(t);
                }
                RawValue::List(items) => {
                    for item in items {
                        args.push(flag.clone());
                        args.push(item);
                    }
                }
            }
        }
        out.push(TableDef {
            name,
            description: def.description,
            verb,
            args,
            at,
        });
    }
    Ok(out)
}
