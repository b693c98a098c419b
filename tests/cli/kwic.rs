//! `qualcode kwic`: keyword in context through the codebook matcher, in
//! every format, with negation marked, redaction, filters and the examples.

use crate::freq::{FORMATS, all_formats};
use crate::harness::{example, fixture};

/// The rows of a `kwic -f csv` output as (source, case, left, match, right,
/// last column).
fn rows(csv: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn kwic_in_every_format() {
    all_formats(&fixture("mini"), "kwic", &["kwic", "bored", "--width", "4"]);
}

#[test]
fn kwic_marks_negated_hits_and_can_hide_them() {
    let p = fixture("mini");
    // "I'm not bored at all": auto-coding drops it (negation: 3), kwic marks it.
    let all = rows(&p.ok(&["kwic", "bored", "-f", "csv"]));
    assert_eq!(all.len(), 2);
    assert_eq!(all[0][0], "transcripts/F2.md:7");
    assert_eq!(all[0][5], "bored");
    assert_eq!(all[0].last().unwrap(), "negated");
    assert_eq!(all[1][0], "transcripts/F10.txt:5");
    assert_eq!(all[1].last().unwrap(), "");
    let shown = rows(&p.ok(&["kwic", "bored", "--hide-negated", "-f", "csv"]));
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0][1], "F10");
    // Window 0: nothing is negated.
    let off = rows(&p.ok(&["kwic", "bored", "--negation", "0", "-f", "csv"]));
    assert!(off.iter().all(|r| r.last().unwrap().is_empty()));
}

#[test]
fn kwic_patterns_fold_like_codebook_patterns() {
    let p = fixture("mini");
    // Diacritics fold: whanau finds whānau, and the text shows as written.
    let r = rows(&p.ok(&["kwic", "whanau", "-f", "csv"]));
    assert_eq!(r.len(), 1);
    assert_eq!(r[0][5], "whānau");
    // A trailing * ends a word; a phrase spans words.
    let r = rows(&p.ok(&["kwic", "pay* my bills", "-f", "csv", "--attrs", ""]));
    assert_eq!(
        r[0][2..5],
        ["Honestly it's the money. I want to", "pay my bills", "."]
    );
    // re: is a regular expression on the original text.
    let r = rows(&p.ok(&["kwic", r"re:£\s?\d+", "-f", "csv", "--attrs", ""]));
    assert_eq!(r[0][0], "transcripts/F2.md:8");
    assert_eq!(r[0][3], "£150");
}

#[test]
fn kwic_code_shows_its_children_and_leaves_out_vetoed_hits() {
    let p = fixture("mini");
    let out = p.ok(&[
        "kwic",
        "--code",
        "motives.family",
        "-f",
        "csv",
        "--attrs",
        "",
    ]);
    let r = rows(&out);
    let codes: Vec<&str> = r.iter().map(|r| r[5].as_str()).collect();
    assert_eq!(
        codes,
        [
            "motives.family.kids",
            "motives.family.kids",
            "motives.family.kids",
            "motives.family.partner"
        ]
    );
    // "Money for nothing" is a `not` of motives.money: never a hit.
    let money = p.ok(&["kwic", "--code", "motives.money", "-f", "csv"]);
    assert!(!money.contains("F10"), "{money}");
    assert!(money.contains("£150"), "{money}");
    // A codebook name takes all its codes.
    let all = rows(&p.ok(&["kwic", "--code", "motives", "-f", "csv"]));
    assert_eq!(all.len(), 13);
}

#[test]
fn kwic_redacts_context_without_cutting_a_name_in_two() {
    let p = fixture("mini");
    // "Sarah Jones said the same thing": the match grows to the whole name.
    let out = p.ok(&["kwic", "sarah", "-f", "csv", "--width", "3"]);
    assert!(!out.contains("Sarah") && !out.contains("Jones"), "{out}");
    let r = rows(&out);
    assert_eq!(r[1][5..7], ["[ICSM]", "said the same …"]);
    // A name in the context is replaced too.
    let out = p.ok(&["kwic", "been great", "-f", "csv"]);
    assert!(out.contains("[ICSM] has"), "{out}");
    assert!(!out.contains("Sarah"), "{out}");
}

#[test]
fn kwic_filters_cases_and_chooses_attributes() {
    let p = fixture("mini");
    let out = p.ok(&[
        "kwic",
        "my",
        "--where",
        "site=South",
        "--attrs",
        "cohort",
        "-f",
        "csv",
    ]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Source,Case,cohort,Left,Match,Right,Negated"
    );
    assert!(
        lines.all(|l| l.starts_with("transcripts/group.txt:")),
        "{out}"
    );
    let md = p.ok(&["kwic", "my", "--where", "site=South", "-f", "md"]);
    assert!(md.contains("Only cases where site = South."), "{md}");
}

#[test]
fn kwic_reads_interviewer_turns_only_when_asked() {
    let p = fixture("mini");
    let out = p.ok(&["kwic", "welcome", "-f", "csv"]);
    assert_eq!(rows(&out).len(), 0);
    let out = p.ok(&["kwic", "welcome", "--all-speakers", "-f", "csv"]);
    let r = rows(&out);
    assert_eq!(r[0][..2], ["transcripts/group.txt:1", "Facilitator"]);
    // With --where the interviewer turns (no case, so no attribute) are
    // left out, and the note says so rather than claiming them.
    let md = p.ok(&[
        "kwic",
        "welcome",
        "--all-speakers",
        "--where",
        "site=North",
        "-f",
        "md",
    ]);
    assert!(!md.contains("Facilitator"), "{md}");
    assert!(
        !md.contains("Participant speech and interviewer turns"),
        "{md}"
    );
    assert!(md.contains("interviewer turns are left out"), "{md}");
}

#[test]
fn kwic_runs_on_the_examples_in_every_format() {
    for (name, args) in [("kent", ["kwic", "money"]), ("ics", ["kwic", "aroha"])] {
        let p = example(name);
        for format in FORMATS {
            let mut full = args.to_vec();
            full.extend(["--format", format]);
            let out = p.ok(&full);
            assert!(
                out.to_lowercase().contains("match"),
                "{name} {format}: {out}"
            );
            assert!(out.lines().count() > 3, "{name} {format}: {out}");
        }
    }
    // Aroha is a case manager's name: redacted everywhere, even as a match.
    let ics = example("ics").ok(&["kwic", "aroha", "-f", "csv"]);
    assert!(!ics.to_lowercase().contains("aroha"), "{ics}");
    insta::assert_snapshot!(
        "kwic_kent_money",
        example("kent").ok(&["kwic", "money", "--attrs", "site", "-f", "md"])
    );
}

#[test]
fn a_closed_pipe_ends_kwic_quietly_in_every_format() {
    // `qualcode kwic … | head -1`: the reader goes away before the output
    // is written; the exit is 0 with nothing on stderr, CSV included.
    let p = fixture("mini");
    for format in FORMATS {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("qualcode"))
            .current_dir(p.root())
            .args(["kwic", r"re:\w+", "--format", format])
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}
