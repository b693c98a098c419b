//! `qualcode init --from DIR`: look at a folder of transcripts and write a
//! commented `qualcode.yaml` for it: globs for the formats found, the
//! interviewers detection finds, the attribute sources (front matter keys,
//! a `cases.csv`) and what could not be read. Returns what it wrote;
//! printing is the CLI's job.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::natural::count;
use crate::project::{CONFIG_FILE, CasesFile, Project};
use crate::{Error, Result, fsutil, ingest};

/// Files in a transcripts folder that are project files, not transcripts.
const PROJECT_EXTENSIONS: [&str; 2] = ["yaml", "yml"];

/// The extensions qualcode reads, as a list for messages.
fn readable_list() -> String {
    ingest::extensions()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `init --from` wrote and found.
#[derive(Debug, Default)]
pub struct Survey {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// Transcripts found, by extension.
    pub formats: BTreeMap<String, usize>,
    /// Transcripts read without a problem.
    pub read: usize,
    /// One line per problem or file left unread.
    pub unread: Vec<String>,
}

/// Write `qualcode.yaml` in `project_dir` for the transcripts in `from`
/// (searched recursively); refuse to overwrite one unless `force`.
pub fn init_from(project_dir: &Path, from: &Path, force: bool) -> Result<Survey> {
    let config = project_dir.join(CONFIG_FILE);
    if config.exists() && !force {
        return Err(Error::usage(format!(
            "{} already exists: pass --force to replace it",
            config.display()
        )));
    }
    if !from.is_dir() {
        return Err(Error::usage(format!(
            "{}: no such folder: give the folder that holds the transcripts",
            from.display()
        )));
    }
    let prefix = relative_prefix(project_dir, from);
    let mut survey = Survey::default();
    // Extension → whether any such file is in a subfolder.
    let mut nested: BTreeMap<String, bool> = BTreeMap::new();
    let mut others: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut cases_file: Option<String> = None;
    let walk = walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk.filter_map(std::result::Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let ext = Path::new(&rel)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if rel.eq_ignore_ascii_case("cases.csv") {
            cases_file = Some(format!("{prefix}{rel}"));
        } else if ingest::readable(&rel) {
            *survey.formats.entry(ext.clone()).or_default() += 1;
            *nested.entry(ext).or_default() |= rel.contains('/');
        } else if !PROJECT_EXTENSIONS.contains(&ext.as_str()) {
            others
                .entry(ext)
                .or_default()
                .push(format!("{prefix}{rel}"));
        }
    }
    if cases_file.is_none() && project_dir.join("cases.csv").is_file() {
        cases_file = Some("cases.csv".to_owned());
    }
    if survey.formats.is_empty() {
        return Err(Error::usage(format!(
            "no transcripts in {}: qualcode reads {}",
            from.display(),
            readable_list()
        )));
    }
    let globs: Vec<String> = nested
        .iter()
        .map(|(ext, deep)| {
            let star = if *deep { "**/*" } else { "*" };
            format!("{prefix}{star}.{ext}")
        })
        .collect();
    let codebook_glob = "codebooks/*.yaml";
    let head = format!(
        "transcripts: [{}]\ncodebooks: [\"{codebook_glob}\"]\n",
        globs
            .iter()
            .map(|g| format!("\"{g}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let project = Project::from_yaml(&head, project_dir, Path::new(CONFIG_FILE))?;
    let files = project.transcript_files()?;
    let mut outlines = Vec::new();
    for file in &files {
        match ingest::read(&project, file) {
            Ok(doc) => outlines.push(doc.outline()),
            Err(e) => survey.unread.push(e.to_string()),
        }
    }
    survey.read = outlines.len();
    for (ext, paths) in &others {
        let what = if ext.is_empty() {
            count(
                paths.len(),
                "file without an extension|files without an extension",
            )
        } else {
            count(paths.len(), &format!(".{ext} file"))
        };
        survey.unread.push(format!(
            "{what} not read (qualcode reads {}): {}",
            readable_list(),
            paths.join(", ")
        ));
    }
    let text = config_text(&project, &head, &outlines, cases_file.as_deref(), &survey);
    fsutil::write_atomic(&config, text.as_bytes())?;
    survey.written.push(config);
    let codebooks = project_dir.join("codebooks");
    if project.codebook_files().is_err() {
        let sample = codebooks.join("motivators.yaml");
        if !sample.exists() {
            fsutil::write_atomic(&sample, crate::project::init::SAMPLE_CODEBOOK.as_bytes())?;
            survey.written.push(sample);
        }
    }
    Ok(survey)
}

/// `from` as seen from `project_dir`, ending in `/` (empty if the same).
fn relative_prefix(project_dir: &Path, from: &Path) -> String {
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root, from_abs) = (abs(project_dir), abs(from));
    let rel = match from_abs.strip_prefix(&root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => from_abs.to_string_lossy().replace('\\', "/"),
    };
    if rel.is_empty() {
        String::new()
    } else {
        format!("{}/", rel.trim_end_matches('/'))
    }
}

/// The commented config.
fn config_text(
    project: &Project,
    head: &str,
    outlines: &[ingest::Outline],
    cases_file: Option<&str>,
    survey: &Survey,
) -> String {
    let mut t = String::new();
    let found: Vec<String> = survey
        .formats
        .iter()
        .map(|(ext, n)| format!("{n} .{ext}"))
        .collect();
    let _ = writeln!(
        t,
        "# qualcode project settings, written by `qualcode init --from` for\n\
         # {} ({}). See `qualcode --help` and docs/FORMATS.md.",
        count(survey.formats.values().sum(), "transcript"),
        found.join(", ")
    );
    t.push_str(head);
    attributes_text(&mut t, project, outlines, cases_file);
    // Interviewers.
    t.push_str(
        "\n# Interviewers' turns are never coded. qualcode finds them each time it reads\n\
         # the project (role words, header lines, a speaker in most interviews, a host\n\
         # who introduces the guest, short questions); `qualcode check` says why.\n",
    );
    let summary = ingest::roles::summary(project, outlines);
    if summary.is_empty() {
        t.push_str("# None found: list them if there are any.\n# interviewers: [Interviewer]\n");
    } else {
        t.push_str("# Found now:\n");
        for s in &summary {
            let _ = writeln!(
                t,
                "#   {} in {}: {}",
                s.label,
                count(s.documents.len(), "transcript"),
                s.reason
            );
        }
        let labels: Vec<&str> = summary.iter().map(|s| s.label.as_str()).collect();
        let _ = writeln!(
            t,
            "# To settle them, or to fix a wrong guess (labels ignore case):\n\
             # interviewers: [{}]\n# participants: []\n# detect_interviewers: false",
            labels.join(", ")
        );
    }
    let doubtful: Vec<(String, ingest::Doubtful)> = outlines
        .iter()
        .flat_map(|o| {
            ingest::doubtful(project, &o.path, &o.speakers)
                .into_iter()
                .map(|d| (o.path.clone(), d))
        })
        .collect();
    if !doubtful.is_empty() {
        t.push_str("# Doubtful speakers (counted as participants; settle them above):\n");
        for (path, d) in &doubtful {
            let _ = writeln!(
                t,
                "#   {} in {path}: {} of {} turns, in an interview of {} and {}",
                d.label, d.turns, d.total, d.interviewer, d.participant
            );
        }
    }
    let unsettled: Vec<(&str, ingest::NoInterviewer)> = outlines
        .iter()
        .filter_map(|o| {
            ingest::no_interviewer(project, &o.path, &o.speakers).map(|n| (o.path.as_str(), n))
        })
        .collect();
    if !unsettled.is_empty() {
        t.push_str(
            "# Interviews with no interviewer found (both speakers counted as participants; \
             settle them above):\n",
        );
        for (path, n) in &unsettled {
            let _ = writeln!(
                t,
                "#   {path}: {} and {}, {} turns",
                n.speakers[0], n.speakers[1], n.total
            );
        }
    }
    let speakers: usize = outlines.iter().map(|o| o.cases.len()).sum();
    let _ = writeln!(
        t,
        "# Read now: {} with {} speaking.",
        count(outlines.len(), "transcript"),
        count(speakers, "participant|participants")
    );
    if !survey.unread.is_empty() {
        t.push_str("\n# Not read (fix, convert or remove these, then run `qualcode check`):\n");
        for line in &survey.unread {
            for (i, part) in line.lines().enumerate() {
                let lead = if i == 0 { "# - " } else { "#   " };
                let _ = writeln!(t, "{lead}{part}");
            }
        }
    }
    t.push_str(
        "\n# How quotes are attributed: {id} or any case attribute.\n\
         attribution: \"Participant {id}.\"\n",
    );
    t
}

/// The config's case-attributes part: front matter keys and the cases file.
fn attributes_text(
    t: &mut String,
    project: &Project,
    outlines: &[ingest::Outline],
    cases_file: Option<&str>,
) {
    let mut keys: Vec<(String, usize)> = Vec::new();
    for o in outlines {
        let mut seen: Vec<&str> = Vec::new();
        for (name, _, _) in &o.attributes {
            if seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            match keys.iter_mut().find(|(k, _)| k == name) {
                Some(entry) => entry.1 += 1,
                None => keys.push((name.clone(), 1)),
            }
        }
    }
    t.push_str("\n# Case attributes\n");
    if keys.is_empty() {
        t.push_str("# No transcript has front matter (`---` / `id: P1` / `site: …` / `---`).\n");
    } else {
        let list: Vec<String> = keys
            .iter()
            .map(|(k, n)| format!("{k} ({n} of {})", outlines.len()))
            .collect();
        let _ = writeln!(t, "# Front matter keys found: {}.", list.join(", "));
    }
    match cases_file.map(|c| (c, cases_columns(&project.root, c))) {
        Some((path, Ok(columns))) => {
            let _ = writeln!(
                t,
                "# {path} has the columns {}.\ncases: {path}",
                columns.join(", ")
            );
        }
        Some((path, Err(e))) => {
            let _ = writeln!(t, "# {path} cannot be used yet: {e}\n# cases: {path}");
        }
        None => t.push_str(
            "# No cases.csv found: one row per case (id,site,cohort,…) adds attributes.\n\
             # cases: cases.csv\n",
        ),
    }
}

/// The columns of the cases file `path` (relative to `root`).
fn cases_columns(root: &Path, path: &str) -> Result<Vec<String>> {
    let bytes =
        std::fs::read(root.join(path)).map_err(|e| Error::io(Path::new(path), "read", &e))?;
    let text = ingest::decode::decode(&bytes, Path::new(path))?;
    let file = CasesFile::parse(&text, path)?;
    let mut columns = vec!["id".to_owned()];
    for row in &file.rows {
        for (name, _) in &row.attributes {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    Ok(columns)
}
