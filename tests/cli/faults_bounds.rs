//! Faults under attack (issue 18): two coders' processes writing the same
//! file at once, a file-size limit while writing, and what either leaves
//! behind. Each test reproduces a failure that once lost data or aborted.

#![cfg(unix)]

use std::fmt::Write as _;

use crate::harness::{Project, fixture};

/// The mini project plus a transcript of `turns` one-line participant
/// turns (lines 4 onwards), coded.
fn with_many_turns(turns: usize) -> Project {
    let p = fixture("mini");
    let mut text = String::from("---\nid: R1\n---\n");
    for i in 0..turns {
        let _ = writeln!(text, "Participant: turn {i} about this and that.");
    }
    p.write("transcripts/R1.txt", text);
    p.code();
    p
}

#[test]
fn parallel_codings_add_keeps_every_acknowledged_decision() {
    const TURNS: usize = 30;
    let p = with_many_turns(TURNS);
    // Two processes at once, each adding its own code to every turn: every
    // call that exits 0 must leave its row in the file.
    let loops: Vec<_> = ["motives.money", "motives.boredom"]
        .into_iter()
        .map(|code| {
            let root = p.root().to_path_buf();
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for i in 0..TURNS {
                    let line = (4 + i).to_string();
                    let out = crate::harness::qualcode(&root)
                        .args(["-q", "codings", "add", "--coder", "race"])
                        .args(["--document", "transcripts/R1.txt", "--line", &line])
                        .args(["--code", code])
                        .output()
                        .unwrap();
                    if out.status.success() {
                        acknowledged.push(format!("transcripts/R1.txt,{line},{code},add,"));
                    }
                }
                acknowledged
            })
        })
        .collect();
    let acknowledged: Vec<String> = loops.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert_eq!(acknowledged.len(), 2 * TURNS, "every call succeeds");
    let file = p.read("codings/race.csv");
    let rows: Vec<&str> = file.lines().skip(1).collect();
    for row in &acknowledged {
        assert!(
            rows.contains(&row.as_str()),
            "lost {row}; the file:\n{file}"
        );
    }
    assert_eq!(rows.len(), acknowledged.len(), "{file}");
    assert_eq!(p.run(&["check"]).code, 0);
}

/// Temporary files (`.NAME.tmp-PID`) in `dir`.
fn temporaries(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp-"))
        .collect()
}

#[test]
fn a_file_size_limit_is_a_write_error_with_exit_1_and_no_temporary_left() {
    // About 27 KB of codings, failing when the last buffer is flushed on
    // commit; and about 270 KB, failing while rows are written.
    for turns in [300, 3000] {
        file_size_limit(turns);
    }
}

fn file_size_limit(turns: usize) {
    let p = with_many_turns(turns);
    let before = p.read("codings/auto.csv");
    let more = p
        .read("transcripts/R1.txt")
        .replace("about this", "about money and this");
    p.write("transcripts/R1.txt", more);
    // A file-size limit of 8 or 16 KiB (512- or 1024-byte blocks): the process gets SIGXFSZ, which once
    // killed it (leaving its temporary file); now the write fails (EFBIG).
    let bin = assert_cmd::cargo::cargo_bin!("qualcode");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f 16; exec '{}' -q code", bin.display()))
        .current_dir(p.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{:?} {stderr}", out.status);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("codings/auto.csv"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(p.read("codings/auto.csv"), before);
    assert_eq!(temporaries(&p.path("codings")), Vec::<String>::new());
}
