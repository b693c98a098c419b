//! Any text as a REFI-QDA codebook (`.qdc`): read and converted to a
//! qualcode codebook, or an error with its place; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qualcode::refi::qdc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(book) = qdc::read(text, "f.qdc") {
        let _ = qdc::to_yaml(&book, "imported", None, "f.qdc");
    }
});
