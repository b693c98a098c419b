//! Any bytes as a transcript file's contents: BOM sniffing, UTF-8
//! validation, encoding detection and the lossy-decoding check give text or
//! an error with its line and column; never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use qualcode::ingest::decode;

fuzz_target!(|data: &[u8]| {
    let _ = decode::decode_transcript(data, Path::new("t/a.txt"), None);
});
