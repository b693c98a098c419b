//! `qualcode init`, and the whole user journey from a fresh project.

use std::fs;

use crate::harness::{self, qualcode};

#[test]
fn init_makes_a_project_that_checks_codes_and_counts() {
    let dir = harness::empty();
    let r = harness::run(qualcode(dir.root()).args(["init", "myproject"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("init_stdout", r.stdout);
    let project = dir.root().join("myproject");
    let run = |args: &[&str]| {
        let r = harness::run(qualcode(&project).args(args));
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout
    };
    run(&["check"]);
    run(&["-q", "code"]);
    insta::assert_snapshot!(
        "init_freq",
        run(&["freq", "--codebook", "motivators", "-f", "md"])
    );
    let quotes = run(&[
        "quotes",
        "--code",
        "motivators.extrinsic.finance",
        "--by",
        "cohort",
        "--max-words",
        "60",
        "-f",
        "csv",
    ]);
    // The template redacts the case manager's name.
    assert!(!quotes.contains("Sam"), "{quotes}");
    assert!(quotes.contains("[case manager]") || !quotes.contains("Carter"));
    insta::assert_snapshot!("init_quotes", quotes);
}

#[test]
fn init_never_overwrites_existing_files() {
    let dir = harness::empty();
    let project = dir.root().join("p");
    fs::create_dir_all(&project).unwrap();
    fs::write(project.join("qualcode.yaml"), "# mine\n").unwrap();
    let r = harness::run(qualcode(dir.root()).args(["init", "p"]));
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("qualcode.yaml"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(project.join("qualcode.yaml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn help_has_examples() {
    let dir = harness::empty();
    for verb in ["freq", "quotes", "code", "check", "init", "codebook"] {
        let r = harness::run(qualcode(dir.root()).args([verb, "--help"]));
        assert_eq!(r.code, 0);
        assert!(
            r.stdout.contains("Examples:"),
            "{verb} --help has no examples"
        );
    }
}
