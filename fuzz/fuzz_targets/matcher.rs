//! Any text as a codebook that parses: its patterns compiled into one
//! matcher and scanned over the text itself; an error or matches, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qualcode::codebook::CodeSet;
use qualcode::matcher::Matcher;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(book) = CodeSet::parse(text, "c.yaml") {
        let mut set = CodeSet::default();
        if set.add(book).is_ok() {
            if let Ok(m) = Matcher::compile(&set) {
                let _ = m.scan(text);
            }
        }
    }
});
