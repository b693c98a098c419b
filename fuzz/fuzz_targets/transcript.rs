//! Any bytes as a plain transcript: decode (with encoding detection) and
//! parse into turns and cases, or fail with an error; never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use qualcode::ingest::{decode, parse};
use qualcode::project::Project;

static PROJECT: std::sync::OnceLock<Project> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let project = PROJECT.get_or_init(|| {
        let yaml = "transcripts: [t/*.txt]\ncodebooks: [c.yaml]\ninterviewers: [Interviewer]\n";
        Project::from_yaml(yaml, Path::new("."), Path::new("qualcode.yaml")).expect("valid")
    });
    if let Ok(d) = decode::decode_transcript(data, Path::new("t/a.txt"), None) {
        let _ = parse(project, "t/a.txt", &d.text);
    }
});
