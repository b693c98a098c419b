//! The codebooks and personas that ship inside the binary, so a project
//! can name them as `builtin:motivators` (in `codebooks:`) or
//! `builtin:personas` (in `personas:`) without a copy, from wherever it is
//! and after `cargo install`. The texts are `codebooks/*.yaml` of the
//! source tree, embedded at build time: that folder stays the source of
//! truth. Data only; parsing is the codebook's and persona's job.

/// The prefix that names a shipped file in qualcode.yaml.
pub const PREFIX: &str = "builtin:";

/// Each shipped file: its name (`builtin:<name>`) and YAML text, by name.
const FILES: [(&str, &str); 8] = [
    ("barriers", include_str!("../../codebooks/barriers.yaml")),
    (
        "life_on_benefit",
        include_str!("../../codebooks/life_on_benefit.yaml"),
    ),
    (
        "motivators",
        include_str!("../../codebooks/motivators.yaml"),
    ),
    ("outcomes", include_str!("../../codebooks/outcomes.yaml")),
    ("personas", include_str!("../../codebooks/personas.yaml")),
    (
        "recruitment",
        include_str!("../../codebooks/recruitment.yaml"),
    ),
    ("service", include_str!("../../codebooks/service.yaml")),
    (
        "staircasing",
        include_str!("../../codebooks/staircasing.yaml"),
    ),
];

/// The name of the shipped personas file.
pub const PERSONAS: &str = "personas";

/// The text of the shipped file `name`, if there is one.
pub fn text(name: &str) -> Option<&'static str> {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The names of the shipped files, in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(n, _)| *n)
}

/// The names of the shipped codebooks (every file but the personas).
pub fn codebooks() -> impl Iterator<Item = &'static str> {
    names().filter(|n| *n != PERSONAS)
}

/// The shipped file a `builtin:NAME` entry names (`None` for a path).
pub fn name_of(entry: &str) -> Option<&str> {
    entry.trim().strip_prefix(PREFIX).map(str::trim)
}

/// The error for `builtin:NAME` naming no shipped file, listing them.
pub fn unknown(name: &str, what: &str) -> crate::Error {
    let known: Vec<String> = match what {
        "personas" => vec![format!("{PREFIX}{PERSONAS}")],
        _ => codebooks().map(|n| format!("{PREFIX}{n}")).collect(),
    };
    crate::Error::invalid(format!(
        "unknown built-in {what} '{PREFIX}{name}': the built-in ones are {}",
        known.join(", ")
    ))
    .at(crate::Location::file(super::CONFIG_FILE))
}

/// Write an editable copy of the shipped file `name` to `dir/NAME.yaml`
/// (creating `dir` if it is missing; refusing to replace a file unless
/// `force`), atomically. Returns the path written and whether `dir` was
/// created.
pub fn copy(
    name: &str,
    dir: &std::path::Path,
    force: bool,
) -> crate::Result<(std::path::PathBuf, bool)> {
    let Some(text) = text(name) else {
        let known: Vec<&str> = names().collect();
        return Err(crate::Error::usage(format!(
            "no built-in codebook or personas file '{name}': the built-in ones are {}",
            known.join(", ")
        )));
    };
    let target = dir.join(format!("{name}.yaml"));
    if target.exists() && !force {
        return Err(crate::Error::usage(format!(
            "{} exists: pass --force to replace it with the built-in {name}",
            target.display()
        )));
    }
    let created = !dir.is_dir();
    if created {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, "create folder", &e))?;
    }
    crate::fsutil::write_atomic(&target, text.as_bytes())?;
    Ok((target, created))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_file_is_embedded_and_named_by_its_file() {
        let on_disk: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/codebooks"))
                .unwrap()
                .filter_map(|e| {
                    let name = e.unwrap().file_name().into_string().unwrap();
                    name.strip_suffix(".yaml").map(str::to_owned)
                })
                .collect();
        let mut on_disk = on_disk;
        on_disk.sort();
        assert_eq!(names().collect::<Vec<_>>(), on_disk);
        assert!(text("motivators").unwrap().contains("codebook: motivators"));
        assert_eq!(text("nope"), None);
        assert_eq!(name_of(" builtin:service "), Some("service"));
        assert_eq!(name_of("codebooks/service.yaml"), None);
    }

    #[test]
    fn copy_writes_the_text_and_refuses_to_replace_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let books = dir.path().join("codebooks");
        let (path, created) = copy("service", &books, false).unwrap();
        assert!(created);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text("service").unwrap()
        );
        std::fs::write(&path, "mine").unwrap();
        let err = copy("service", &books, false).unwrap_err();
        assert!(
            err.message()
                .ends_with("pass --force to replace it with the built-in service")
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
        let (_, created) = copy("service", &books, true).unwrap();
        assert!(!created);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text("service").unwrap()
        );
        let err = copy("nope", &books, false).unwrap_err();
        assert!(
            err.message()
                .contains("the built-in ones are barriers, life_on_benefit"),
            "{err}"
        );
    }
}
