//! Any bytes as a REFI-QDA project (`.qdpx` zip or bare `project.qde`):
//! imported as transcripts, cases, a codebook and a coder's rows, or an
//! error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qualcode::refi::import::{ImportOptions, import};

fuzz_target!(|data: &[u8]| {
    let opts = ImportOptions {
        coder: "fuzz".to_owned(),
        codebook: None,
        interviewers: vec!["Interviewer".to_owned()],
    };
    let _ = import(data, "p.qdpx", &opts);
});
