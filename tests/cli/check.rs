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
fn check_quiet_prints_only_problems_and_the_summary() {
    let p = fixture("mini");
    let r = p.run(&["-q", "check"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            0,
            "passed: 5 transcripts, 6 cases; no problems (7 notes; without --quiet they are listed)\n",
            ""
        )
    );
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

#[test]
fn check_counts_counterexamples_no_code_matches() {
    let p = fixture("mini");
    p.edit(
        "codebooks/motives.yaml",
        "    patterns: [bored, boredom, nothing to do, something to do]",
        "    patterns: [bored, boredom, nothing to do, something to do]\n    \
         counterexamples: [\"a boring old film\", \"it has nothing to do with it\"]",
    );
    let r = p.run(&["check"]);
    // "nothing to do with" is boredom's own pattern: the counterexample fails.
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "codebooks/motives.yaml:31:44: code motives.boredom: counterexample coded: \
             pattern nothing to do matches \"nothing to do\""
        ),
        "{}",
        r.stderr
    );
    p.edit(
        "codebooks/motives.yaml",
        ", \"it has nothing to do with it\"",
        ", \"I was bored with the film, not with life\"",
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2, "a bored counterexample is coded: {}", r.stderr);
    p.edit(
        "codebooks/motives.yaml",
        ", \"I was bored with the film, not with life\"",
        ", \"a bore of a man\"",
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("none of 2 counterexamples coded"),
        "{}",
        r.stdout
    );
    let show = p.ok(&["codebook", "show", "motives.boredom"]);
    assert!(
        show.contains("not coded: \u{201c}a bore of a man\u{201d}"),
        "{show}"
    );
}
