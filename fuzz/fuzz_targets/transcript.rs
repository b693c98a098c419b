//! Any text as a plain transcript: front matter, header block, speaker
//! labels, turns and cases, or an error with its place; never a panic.
//! The first byte picks the project's settings (defaults, a focus group's
//! speaker map, or a custom label rule), so the paths each of them opens
//! are fuzzed too. (Decoding bytes to text is the `decode` target's.)
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use qualcode::ingest::parse;
use qualcode::project::Project;

const SETTINGS: [&str; 3] = [
    "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\ninterviewers: [Interviewer]\n",
    "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\ninterviewers: [Interviewer, MEL]\n\
     speakers:\n  t/a.txt:\n    Tama: POR1\n    Ngaio: POR2\n    MEL: Interviewer\n",
    "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\ninterviewers: [I]\n\
     label_pattern: '^(?P<label>[A-Z][A-Za-z0-9]*) >> (?P<text>.*)$'\n",
];

static PROJECTS: OnceLock<Vec<Project>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let projects = PROJECTS.get_or_init(|| {
        SETTINGS
            .iter()
            .map(|yaml| {
                Project::from_yaml(yaml, Path::new("."), Path::new("qualcode.yaml"))
                    .expect("valid settings")
            })
            .collect()
    });
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let project = &projects[usize::from(first) % projects.len()];
    if let Ok(text) = std::str::from_utf8(rest) {
        let _ = parse(project, "t/a.txt", text);
    }
});
