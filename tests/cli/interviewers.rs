//! Interviewers found, not assumed: role words, header lines, a speaker in
//! most interviews, an opening introduction; overridden by `interviewers:`,
//! `participants:` and `detect_interviewers: false`.

use std::fs;

use crate::harness::{self, Project, fixtures, qualcode};

/// A fresh `qualcode init` project with the named FOSSRIT interviews
/// dropped into its transcripts folder, no config touched.
fn fresh_with_fossrit(names: &[&str]) -> Project {
    let dir = harness::empty();
    let r = harness::run(qualcode(dir.root()).args(["init", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for name in names {
        fs::copy(
            fixtures().join("fossrit-all/transcripts").join(name),
            dir.path(&format!("transcripts/{name}")),
        )
        .unwrap();
    }
    dir
}

#[test]
fn fresh_project_counts_the_fossrit_interviewer_as_an_interviewer() {
    let p = fresh_with_fossrit(&["naomi-1-full.md", "terri-2-full.md"]);
    let check = p.ok(&["check"]);
    assert!(
        check.contains("transcripts/naomi-1-full.md: speakers MEL (interviewer, 42 turns)"),
        "{check}"
    );
    assert!(
        check.contains(
            "note: MEL is taken for an interviewer in 2 transcripts: speaks in 2 \
             one-to-one interviews, with 2 different people, whose interviewer is not \
             otherwise known"
        ),
        "{check}"
    );
    p.run(&["-q", "code"]);
    let freq = p.ok(&["freq", "--codebook", "motivators", "-f", "csv"]);
    assert!(!freq.contains("MEL"), "{freq}");
    assert!(freq.contains("NAOMI"), "{freq}");
    let quotes = p.ok(&["quotes", "--code", "motivators", "-f", "csv"]);
    assert!(!quotes.contains("Participant MEL."), "{quotes}");
    p.ok(&["report", "-o", "report.html"]);
    let report = p.read("report.html");
    assert!(
        report.contains(
            "Speakers treated as interviewers, whose turns are not coded: MEL in 2 \
             transcripts (detected: speaks in 2 one-to-one interviews, with 2 different \
             people, whose interviewer is not otherwise known); Interviewer in 2 transcripts (detected: \
             the label is the role word Interviewer)."
        ),
        "{report}"
    );
}

#[test]
fn a_wrong_guess_is_one_line_of_config_to_fix() {
    let p = fresh_with_fossrit(&["naomi-1-full.md", "terri-2-full.md"]);
    let config = p.read("qualcode.yaml");
    p.write("qualcode.yaml", format!("{config}participants: [MEL]\n"));
    let check = p.ok(&["check"]);
    assert!(check.contains("speakers MEL (42 turns), NAOMI"), "{check}");
    assert!(!check.contains("MEL is taken"), "{check}");
    p.write(
        "qualcode.yaml",
        format!("{config}detect_interviewers: false\n"),
    );
    let check = p.ok(&["check"]);
    assert!(check.contains("speakers MEL (42 turns), NAOMI"), "{check}");
    // The template's role words still hold without detection.
    assert!(
        check.contains("Interviewer (interviewer, 3 turns)"),
        "{check}"
    );
}

#[test]
fn one_interview_alone_does_not_make_its_first_speaker_an_interviewer() {
    let p = fresh_with_fossrit(&["naomi-1-full.md"]);
    let check = p.ok(&["check"]);
    assert!(
        check.contains("speakers MEL (42 turns), NAOMI (42 turns)"),
        "{check}"
    );
}

#[test]
fn a_header_line_names_the_interviewer_of_a_word_transcript() {
    let p = harness::fixture("docx");
    p.write(
        "qualcode.yaml",
        "transcripts: [\"transcripts/Yasmine*.docx\"]\ncodebooks: [\"codebooks/*.yaml\"]\n",
    );
    let check = p.ok(&["check"]);
    assert!(
        check.contains("speakers Hassan (interviewer, 8 turns), Abd Rabou (7 turns)"),
        "{check}"
    );
    assert!(
        check.contains(
            "note: Hassan is taken for an interviewer in \
             transcripts/Yasmine_Interview_Transcript.docx: the header line \
             `Interviewer: Yasmine Hassan` names them"
        ),
        "{check}"
    );
}

#[test]
fn the_webvtt_host_who_introduces_the_guest_is_the_interviewer() {
    let p = harness::empty();
    fs::create_dir_all(p.path("transcripts")).unwrap();
    fs::create_dir_all(p.path("codebooks")).unwrap();
    fs::copy(
        fixtures().join("timed/transcripts/spec-example.vtt"),
        p.path("transcripts/spec-example.vtt"),
    )
    .unwrap();
    fs::copy(
        fixtures().join("fossrit/codebooks/pypi.yaml"),
        p.path("codebooks/pypi.yaml"),
    )
    .unwrap();
    p.write(
        "qualcode.yaml",
        "transcripts: [\"transcripts/*.vtt\"]\ncodebooks: [\"codebooks/*.yaml\"]\n",
    );
    let check = p.ok(&["check"]);
    assert!(
        check.contains(
            "speakers Roger Bingham (interviewer, 3 turns), Neil deGrasse Tyson (2 turns)"
        ),
        "{check}"
    );
    assert!(
        check.contains("opens the conversation and introduces Neil deGrasse Tyson by name"),
        "{check}"
    );
}

#[test]
fn detection_is_the_same_whatever_the_thread_count() {
    let p = fresh_with_fossrit(&[
        "naomi-1-full.md",
        "terri-2-full.md",
        "nick-1-full.md",
        "jackie-3-full.md",
    ]);
    let json = |threads: &str| {
        let r = harness::run(
            qualcode(p.root())
                .env("RAYON_NUM_THREADS", threads)
                .args(["check", "-f", "json"]),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let one = json("1");
    assert!(
        one.contains("speaks in 4 one-to-one interviews, with 4 different people"),
        "{one}"
    );
    assert_eq!(one, json("4"));
}
