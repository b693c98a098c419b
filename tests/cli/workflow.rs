//! The user journey of the issue: init, check, code, freq, quotes, codebook.

use std::fs;

use crate::util::{self, fixture, qualcode};

#[test]
fn init_makes_a_project_that_checks_codes_and_counts() {
    let dir = util::empty();
    let r = util::run(qualcode(dir.root()).args(["init", "myproject"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("init_stdout", r.stdout);
    let project = dir.root().join("myproject");
    let run = |args: &[&str]| {
        let r = util::run(qualcode(&project).args(args));
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
    let dir = util::empty();
    let project = dir.root().join("p");
    fs::create_dir_all(&project).unwrap();
    fs::write(project.join("qualcode.yaml"), "# mine\n").unwrap();
    let r = util::run(qualcode(dir.root()).args(["init", "p"]));
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("qualcode.yaml"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(project.join("qualcode.yaml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn check_lists_what_it_found() {
    let p = fixture("mini");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("check_stdout", r.stdout);
    insta::assert_snapshot!("check_stderr", r.stderr);
}

#[test]
fn code_writes_the_audit_trail_and_a_summary() {
    let p = fixture("mini");
    let out = p.ok(&["code"]);
    insta::assert_snapshot!("code_stdout", out);
    insta::assert_snapshot!("auto_csv", p.read("codings/auto.csv"));
}

#[test]
fn project_is_found_from_a_subfolder_and_with_project_flag() {
    let p = fixture("mini");
    p.code();
    let inside =
        util::run(qualcode(&p.path("transcripts")).args(["freq", "--codebook", "motives"]));
    assert_eq!(inside.code, 0, "{}", inside.stderr);
    let outside = util::run(
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
    let dir = util::empty();
    let r = util::run(qualcode(dir.root()).arg("check"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("qualcode init"), "{}", r.stderr);
}

#[test]
fn help_has_examples() {
    let dir = util::empty();
    for verb in ["freq", "quotes", "code", "check", "init", "codebook"] {
        let r = util::run(qualcode(dir.root()).args([verb, "--help"]));
        assert_eq!(r.code, 0);
        assert!(
            r.stdout.contains("Examples:"),
            "{verb} --help has no examples"
        );
    }
}
