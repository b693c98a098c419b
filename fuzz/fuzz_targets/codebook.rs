//! Any text as a codebook: parsed and validated (ids, labels, patterns,
//! duplicates), or an error with its place; never a panic. (Compiling the
//! patterns into a matcher is the `matcher` target's.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use qualcode::codebook::CodeSet;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(book) = CodeSet::parse(text, "c.yaml") {
        let mut set = CodeSet::default();
        let _ = set.add(book);
    }
});
