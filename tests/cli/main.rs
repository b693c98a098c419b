//! End-to-end tests of the `qualcode` binary: every command on small fixture
//! projects, every output format (insta snapshots), a catalogue of bad inputs,
//! determinism across thread counts, and the rule that automatic steps never
//! touch a coder's files.

// A test crate: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// One entry of the catalogue of bad inputs (`bad_input*.rs`): set up the
/// mini project, break it, run; exit code 2 and the message together are
/// snapshot-tested, named after the entry.
macro_rules! bad {
    ($name:ident, [$($arg:expr),+], |$p:ident| $setup:block) => {
        #[test]
        fn $name() {
            let $p: crate::harness::Project = crate::harness::fixture("mini");
            $setup
            let err = $p.bad(&[$($arg),+]);
            // Exit code and stderr together: `bad` has checked the code is 2.
            insta::assert_snapshot!(
                concat!("bad_", stringify!($name)),
                format!("exit code: 2\n--- stderr\n{err}")
            );
        }
    };
}

mod agree;
mod bad_input;
mod bad_input_bounds;
mod bad_input_cli;
mod bad_input_codebooks;
mod bad_input_counts;
mod bad_input_formats;
mod bad_input_inert;
mod bad_input_projectfiles;
mod bad_input_redact;
mod bad_input_refi;
mod bad_input_roles;
mod bad_input_scan;
mod bad_input_speakers;
mod bad_input_suggest;
mod bad_input_tables;
mod bad_input_validity;
mod bad_input_xlsx;
mod check;
mod check_json;
mod code;
mod codebook;
mod codings;
mod conventions;
mod cooccur;
mod counts;
mod determinism;
mod docx;
mod docx_output;
mod encoding;
mod examples;
mod faults;
mod faults_bounds;
mod formats;
mod fossrit;
mod freq;
mod grid;
mod harness;
mod import_dictionary;
mod inert;
mod init;
mod init_from;
mod interviewers;
mod kwic;
mod personas;
mod profile;
mod project_files;
mod quality;
mod quotes;
mod readme;
mod refi;
mod report;
mod review;
mod review_sample;
mod roles;
mod sample;
mod shipped;
mod speakers;
mod suggest;
mod suppress;
mod tables;
mod timed;
mod uncoded;
mod xlsx;
