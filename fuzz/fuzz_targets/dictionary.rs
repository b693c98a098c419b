//! Any bytes as a dictionary in each format (quanteda YAML, LIWC, WordStat,
//! tsv) and sniffed: a codebook and its report, or an error; never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use qualcode::dictionary::{Format, ImportOptions, import};

fuzz_target!(|data: &[u8]| {
    for format in [
        None,
        Some(Format::Quanteda),
        Some(Format::Liwc),
        Some(Format::Wordstat),
        Some(Format::Tsv),
    ] {
        let options = ImportOptions {
            format,
            name: Some("fuzz".to_owned()),
            encoding: None,
        };
        if let Ok(dict) = import(data, Path::new("d.dic"), &options) {
            let _ = dict.write_yaml(&mut std::io::sink());
        }
    }
});
