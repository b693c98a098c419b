//! Any bytes as a Word document: its text, or a refusal; never a panic, and
//! never unbounded memory.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = qualcode::ingest::docx::text(data, Path::new("t.docx"));
});
