//! `qualcode check`, and how every command finds its project.

use crate::harness::{self, fixture, qualcode};

#[test]
fn check_lists_what_it_found() {
    let p = fixture("mini");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("check_stdout", r.stdout);
    insta::assert_snapshot!("check_stderr", r.stderr);
}

#[test]
fn project_is_found_from_a_subfolder_and_with_project_flag() {
    let p = fixture("mini");
    p.code();
    let inside =
        harness::run(qualcode(&p.path("transcripts")).args(["freq", "--codebook", "motives"]));
    assert_eq!(inside.code, 0, "{}", inside.stderr);
    let outside = harness::run(
        qualcode(p.root().parent().unwrap())
            .arg("--project")
            .arg(p.root())
            .args(["freq", "--codebook", "motives"]),
    );
    assert_eq!(outside.code, 0, "{}", outside.stderr);
    assert_eq!(inside.stdout, outside.stdout);
}

#[test]
fn no_project_is_an_error_that_says_what_to_do() {
    let dir = harness::empty();
    let r = harness::run(qualcode(dir.root()).arg("check"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("qualcode init"), "{}", r.stderr);
}

#[test]
fn check_quiet_prints_only_problems() {
    let p = fixture("mini");
    let r = p.run(&["-q", "check"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    p.write("transcripts/E1.txt", "");
    let r = p.run(&["-q", "check"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("transcripts/E1.txt: empty transcript"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_project_label_rule_reads_transcripts_in_its_own_layout() {
    let p = harness::empty();
    p.write(
        "qualcode.yaml",
        "transcripts: [\"transcripts/*.txt\"]\ncodebooks: [codebooks/m.yaml]\n\
         label_pattern: '^(?P<label>[A-Z][A-Za-z0-9]*) >> (?P<text>.*)$'\n",
    );
    p.write(
        "codebooks/m.yaml",
        "codebook: motives\ncodes:\n  - id: money\n    patterns: [money, wage*]\n    examples: [money]\n",
    );
    p.write(
        "transcripts/R1.txt",
        "---\nid: R1\n---\nInterviewer >> Why work?\nR1 >> The money: wages, mostly.\n",
    );
    let out = p.ok(&["check"]);
    assert!(
        out.contains("speakers Interviewer (interviewer, 1 turn), R1 (1 turn)"),
        "{out}"
    );
    p.code();
    let quotes = p.ok(&["quotes", "--code", "motives.money", "-f", "csv"]);
    assert!(quotes.contains("The money: wages, mostly."), "{quotes}");
}
