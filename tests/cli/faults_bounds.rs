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
