//! Any text as a timed transcript (srt): cues to turns, or an error naming
//! the line; never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use qualcode::ingest::timed::{Format, parse};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse(
            text,
            Format::Srt,
            Path::new("t.srt"),
            &["Interviewer".to_owned()],
        );
    }
});
