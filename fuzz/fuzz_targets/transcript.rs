//! Any text as a plain transcript: front matter, header block, speaker
//! labels, turns and cases, or an error with its place; never a panic.
//! (Decoding bytes to text is the `decode` target's.)
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use qualcode::ingest::parse;
use qualcode::project::Project;

static PROJECT: std::sync::OnceLock<Project> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let project = PROJECT.get_or_init(|| {
        let yaml = "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\ninterviewers: [Interviewer]\n";
        Project::from_yaml(yaml, Path::new("."), Path::new("qualcode.yaml")).expect("valid")
    });
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse(project, "t/a.txt", text);
    }
});
