//! Whose coding counts (`final:`, conflicts, `codings adjudicate`), the
//! round trip through `.qdpx` keeping rejections, `suppress_below:` as a
//! project setting, and the codebooks shipped inside the binary
//! (`builtin:`).

use std::path::Path;

use crate::harness::{Project, example, fixture, qualcode, run};

/// Cases counted for `code` in a `freq -f csv` output.
fn cases(csv: &str, label: &str) -> String {
    csv.lines()
        .find(|l| l.starts_with(&format!("{label},")))
        .unwrap_or_else(|| panic!("no row {label} in\n{csv}"))
        .split(',')
        .nth(1)
        .unwrap()
        .to_owned()
}

/// `mini` with auto codings, ana accepting and zoe rejecting F1's money.
fn disagreeing() -> Project {
    let p = fixture("mini");
    p.code();
    p.ok(&[
        "-q",
        "codings",
        "accept",
        "--coder",
        "ana",
        "--document",
        "transcripts/F1.txt",
        "--line",
        "6",
        "--code",
        "motives.money",
    ]);
    p.ok(&[
        "-q",
        "codings",
        "reject",
        "--coder",
        "zoe",
        "--document",
        "transcripts/F1.txt",
        "--line",
        "6",
        "--code",
        "motives.money",
    ]);
    p
}

fn set_final(p: &Project, value: &str) {
    let config = p.read("qualcode.yaml");
    p.write("qualcode.yaml", format!("{config}final: {value}\n"));
}

#[test]
fn kent_counts_finance_8_however_another_coder_rejects() {
    let p = example("kent");
    p.ok(&[
        "-q",
        "codings",
        "reject",
        "--coder",
        "zoe",
        "--document",
        "transcripts/F1.txt",
        "--line",
        "11",
        "--code",
        "motivators.extrinsic.finance",
    ]);
    let r = p.run(&["freq", "--codebook", "motivators", "-f", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(cases(&r.stdout, "Finance"), "8");
    assert!(!r.stderr.contains("conflict"), "{}", r.stderr);
    let md = p.ok(&["freq", "--codebook", "motivators", "-f", "md"]);
    assert!(
        md.contains("Coding: the auto-coding alone (final: auto in qualcode.yaml); not counted (used by `agree` only): zoe."),
        "{md}"
    );
}

#[test]
fn without_final_a_conflict_leaves_the_auto_coding_with_a_note_and_check_lists_it() {
    let p = disagreeing();
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(cases(&r.stdout, "Money"), "3");
    assert!(
        r.stderr.contains("note: 1 unresolved conflict between coders ana, zoe on the same turn and code: the auto coding stands for it"),
        "{}",
        r.stderr
    );
    // Every table verb says so.
    for verb in [
        &["cooccur", "--codebook", "motives"][..],
        &["grid", "--codebook", "motives"],
        &["quotes", "--code", "motives"],
    ] {
        let r = p.run(verb);
        assert!(
            r.stderr.contains("1 unresolved conflict"),
            "{verb:?}: {}",
            r.stderr
        );
    }
    let check = p.run(&["check"]);
    let check = format!("{}{}", check.stdout, check.stderr);
    assert!(
        check.contains("conflict at transcripts/F1.txt:6 (case F1) on motives.money: ana accepts, zoe rejects; unresolved: the auto coding stands"),
        "{}",
        check
    );
}

#[test]
fn in_final_order_the_later_coder_wins_and_the_rest_do_not_count() {
    let p = disagreeing();
    set_final(&p, "[ana, zoe]");
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(cases(&r.stdout, "Money"), "2", "{}", r.stdout);
    assert!(!r.stderr.contains("conflict"), "{}", r.stderr);
    let check = p.run(&["check"]);
    let check = format!("{}{}", check.stdout, check.stderr);
    assert!(
        check.contains("zoe's decision counts (later in final:)"),
        "{}",
        check
    );
    let p2 = disagreeing();
    set_final(&p2, "[zoe, ana]");
    assert_eq!(
        cases(
            &p2.ok(&["freq", "--codebook", "motives", "-f", "csv"]),
            "Money"
        ),
        "3"
    );
    let p3 = disagreeing();
    set_final(&p3, "ana");
    assert_eq!(
        cases(
            &p3.ok(&["freq", "--codebook", "motives", "-f", "csv"]),
            "Money"
        ),
        "3"
    );
    let md = p3.ok(&["freq", "--codebook", "motives", "-f", "md"]);
    assert!(
        md.contains("not counted (used by `agree` only): zoe"),
        "{md}"
    );
}

#[test]
fn adjudication_settles_conflicts_into_the_adjudicators_file() {
    let p = disagreeing();
    let listed = p.ok(&[
        "codings",
        "adjudicate",
        "--coders",
        "ana,zoe",
        "--as",
        "final",
        "--list",
    ]);
    assert!(
        listed.contains("conflict at transcripts/F1.txt:6"),
        "{listed}"
    );
    let r = run(qualcode(p.root())
        .args([
            "codings",
            "adjudicate",
            "--coders",
            "ana,zoe",
            "--as",
            "final",
        ])
        .write_stdin("?\nn\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("conflict 1 of 1: transcripts/F1.txt:6 (case F1)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("applies: ana; does not: zoe"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("codings/final.csv:2: reject motives.money"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("list final last under final:"),
        "{}",
        r.stderr
    );
    assert_eq!(
        p.read("codings/final.csv"),
        "document,line,code,action,memo\ntranscripts/F1.txt,6,motives.money,reject,\n"
    );
    // Decided: not asked again.
    assert_eq!(
        p.ok(&[
            "codings",
            "adjudicate",
            "--coders",
            "ana,zoe",
            "--as",
            "final"
        ]),
        "no open conflict between ana, zoe\n"
    );
    set_final(&p, "[ana, zoe, final]");
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(cases(&r.stdout, "Money"), "2");
    assert!(!r.stderr.contains("unresolved"), "{}", r.stderr);
}

#[test]
fn non_interactive_adjudication_prefers_a_coder_or_the_auto_coding() {
    let p = disagreeing();
    let out = p.ok(&[
        "codings",
        "adjudicate",
        "--coders",
        "ana,zoe",
        "--as",
        "adj",
        "--non-interactive",
        "--prefer",
        "ana",
    ]);
    assert_eq!(
        out,
        "codings/adj.csv:2: accept motives.money at transcripts/F1.txt:6 (case F1)\n"
    );
    set_final(&p, "[zoe, ana, adj]");
    assert_eq!(
        cases(
            &p.ok(&["freq", "--codebook", "motives", "-f", "csv"]),
            "Money"
        ),
        "3"
    );
}

#[test]
fn a_rejected_coding_stays_rejected_through_qdpx() {
    let p = fixture("mini");
    p.code();
    p.ok(&[
        "-q",
        "codings",
        "reject",
        "--coder",
        "zoe",
        "--document",
        "transcripts/F1.txt",
        "--line",
        "6",
        "--code",
        "motives.money",
    ]);
    let before = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(cases(&before, "Money"), "2");
    p.ok(&["-q", "export", "qdpx", "-o", "m.qdpx"]);
    p.ok(&[
        "-q",
        "import",
        "qdpx",
        "m.qdpx",
        "--coder",
        "refi",
        "--into",
        "back",
        "--codebook",
        "motives",
    ]);
    let after = p.ok(&[
        "--project",
        "back",
        "freq",
        "--codebook",
        "motives",
        "-f",
        "csv",
    ]);
    assert_eq!(after, before);
    p.ok(&["-q", "--project", "back", "code"]);
    let after = p.ok(&[
        "--project",
        "back",
        "freq",
        "--codebook",
        "motives",
        "-f",
        "csv",
    ]);
    assert_eq!(after, before);
    assert!(
        p.read("back/codings/refi.csv")
            .contains("transcripts/F1.txt,6,motives.money,reject,")
    );
}

#[test]
fn suppress_below_in_the_config_applies_to_tables_and_the_report_and_0_turns_it_off() {
    let p = example("kent");
    let config = p.read("qualcode.yaml");
    p.write("qualcode.yaml", format!("{config}suppress_below: 3\n"));
    let csv = p.ok(&[
        "freq",
        "--codebook",
        "motivators",
        "--by",
        "site",
        "-f",
        "md",
    ]);
    assert!(csv.contains("<3"), "{csv}");
    assert!(
        csv.contains("Disclosure control: counts from 1 to 2"),
        "{csv}"
    );
    let off = p.ok(&[
        "freq",
        "--codebook",
        "motivators",
        "--by",
        "site",
        "-f",
        "md",
        "--suppress-below",
        "0",
    ]);
    assert!(
        !off.contains("<3") && !off.contains("Disclosure control"),
        "{off}"
    );
    for verb in [
        &["cooccur", "--codebook", "motivators", "-f", "md"][..],
        &["profile", "-f", "md"],
    ] {
        let out = p.ok(verb);
        assert!(out.contains("Disclosure control"), "{verb:?}: {out}");
    }
    let html = p.ok(&["report", "-o", "-"]);
    assert!(
        html.contains("Disclosure control was applied with K = 3 (suppress_below)"),
        "one note"
    );
    assert!(html.contains("&lt;3"), "suppressed cells");
    let full = p.ok(&["report", "-o", "-", "--suppress-below", "0"]);
    assert!(!full.contains("Disclosure control"));
    // The appendix withholds what the tables hide: fewer entries.
    let entries = |h: &str| h.matches("id=\"e").count();
    assert!(
        entries(&html) < entries(&full),
        "{} vs {}",
        entries(&html),
        entries(&full)
    );
}

/// Copy `examples/<name>` alone (no codebooks beside it) into a temporary
/// folder.
fn copy_alone(name: &str, to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let mut stack = vec![from.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(&from).unwrap();
            if rel.starts_with("codings/auto.csv") {
                continue;
            }
            if path.is_dir() {
                std::fs::create_dir_all(to.join(rel)).unwrap();
                stack.push(path);
            } else {
                std::fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
                std::fs::copy(&path, to.join(rel)).unwrap();
            }
        }
    }
}

#[test]
fn the_examples_work_wherever_they_are_copied() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["kent", "ics"] {
        let root = dir.path().join("elsewhere").join(name);
        copy_alone(name, &root);
        let r = run(qualcode(&root).args(["-q", "check"]));
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    }
    let kent = dir.path().join("elsewhere/kent");
    let r = run(qualcode(&kent).args(["freq", "--codebook", "motivators", "-f", "csv"]));
    assert_eq!(cases(&r.stdout, "Finance"), "8", "{}", r.stderr);
    let ics = dir.path().join("elsewhere/ics");
    let r = run(qualcode(&ics).args(["personas", "-f", "csv"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn builtin_codebooks_are_listed_copied_and_start_a_project() {
    let p = crate::harness::empty();
    let list = p.ok(&["codebook", "list", "--builtin", "-f", "csv"]);
    for name in [
        "barriers",
        "life_on_benefit",
        "motivators",
        "outcomes",
        "recruitment",
        "service",
        "staircasing",
    ] {
        assert!(list.contains(&format!("builtin:{name}")), "{list}");
    }
    assert!(!list.contains("personas"), "{list}");
    p.ok(&["init", "study", "--codebooks", "motivators,barriers"]);
    let config = p.read("study/qualcode.yaml");
    assert!(
        config.contains("codebooks: [builtin:motivators, builtin:barriers]"),
        "{config}"
    );
    assert!(!p.path("study/codebooks").exists());
    p.ok(&["--project", "study", "-q", "code"]);
    let freq = p.ok(&[
        "--project",
        "study",
        "freq",
        "--codebook",
        "barriers",
        "-f",
        "csv",
    ]);
    assert!(freq.starts_with("Code,"), "{freq}");
    let out = p.ok(&["--project", "study", "codebook", "copy", "motivators"]);
    assert!(out.contains("codebooks/motivators.yaml"), "{out}");
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("codebooks/motivators.yaml"),
    )
    .unwrap();
    assert_eq!(p.read("study/codebooks/motivators.yaml"), shipped);
    let err = p.bad(&["--project", "study", "codebook", "copy", "motivators"]);
    assert!(err.contains("pass --force"), "{err}");
    p.ok(&[
        "--project",
        "study",
        "codebook",
        "copy",
        "motivators",
        "--force",
    ]);
}
