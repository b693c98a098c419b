//! Manual codings: how `add` and `reject` rows merge with auto-coding, and
//! that automatic steps never rewrite a coder's file.

use std::fs;

use crate::harness::{Project, fixture};

const ANA: &str = "document,line,code,action,memo
transcripts/F1.txt,6,motives.money,reject,about the bills more than money
transcripts/N1.txt,5,motives.boredom,add,gardening to fill empty days
";

fn with_ana() -> Project {
    let p = fixture("mini");
    p.write("codings/ana.csv", ANA);
    p.code();
    p
}

fn row<'a>(csv: &'a str, id: &str) -> &'a str {
    csv.lines()
        .find(|l| l.ends_with(&format!(",{id}")))
        .unwrap_or_else(|| panic!("no row for {id} in\n{csv}"))
}

#[test]
fn reject_removes_and_add_adds_a_coding() {
    let p = with_ana();
    let csv = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(
        row(&csv, "motives.money"),
        "Money,2,33.3,\"F2, G1\",motives.money"
    );
    assert_eq!(
        row(&csv, "motives.boredom"),
        "Boredom,3,50.0,\"F10, G2, N1\",motives.boredom"
    );
    let quotes = p.ok(&["quotes", "--code", "motives.boredom", "-f", "csv"]);
    assert!(quotes.contains("I like gardening"), "{quotes}");
    assert!(quotes.contains("transcripts/N1.txt:5"), "{quotes}");
    // Auto-coding still proposes what Ana rejected: the audit trail is whole.
    assert!(
        p.read("codings/auto.csv")
            .contains("transcripts/F1.txt,F1,2,6,6,motives.money")
    );
}

#[test]
fn a_reject_applies_to_the_whole_segment_holding_the_line() {
    let p = fixture("mini");
    // F2's turn runs over lines 7-8; the money hit is on line 7.
    p.write(
        "codings/ana.csv",
        "document,line,code,action\ntranscripts/F2.md,8,motives.money,reject\n",
    );
    p.code();
    let csv = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(
        row(&csv, "motives.money"),
        "Money,2,33.3,\"F1, G1\",motives.money"
    );
}

#[test]
fn code_never_touches_manual_files() {
    let p = with_ana();
    let path = p.path("codings/ana.csv");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    p.code();
    p.code();
    assert_eq!(p.read("codings/ana.csv"), ANA);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    // And nothing is left behind by the atomic write.
    let mut names: Vec<String> = fs::read_dir(p.path("codings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["ana.csv", "auto.csv"]);
}

#[test]
fn check_counts_each_coders_decisions() {
    let p = with_ana();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("ok: codings/ana.csv: 2 decisions by ana"),
        "{}",
        r.stdout
    );
}

#[test]
fn stale_codings_after_a_transcript_edit_are_reported() {
    let p = fixture("mini");
    p.code();
    // A new first line moves every turn of F1 down by one.
    p.edit(
        "transcripts/F1.txt",
        "Interviewer: What gets",
        "Interviewer: Hello.\nInterviewer: What gets",
    );
    let err = p.bad(&["quotes", "--code", "motives.money"]);
    assert!(err.contains("qualcode code"), "{err}");
}
