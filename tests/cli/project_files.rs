//! Issue 16, project files: the wording for a missing value, broken
//! transcripts skipped by the table verbs, mixed folders, cases missing
//! from `cases.csv` (and rows that never speak), and staleness of
//! `codings/auto.csv` judged by content, not by file times.

use crate::harness::{Project, fixture};

/// A case with no `site` (F1 speaks but has no row in cases.csv).
fn without_f1_row() -> Project {
    let p = fixture("mini");
    p.edit("cases.csv", "F1,North,Younger\n", "");
    p
}

#[test]
fn freq_by_an_attribute_calls_a_missing_value_not_recorded_like_profile() {
    let p = without_f1_row();
    let freq = p.ok(&[
        "-q",
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "-f",
        "csv",
    ]);
    assert!(freq.contains("Not recorded (n=1)"), "{freq}");
    assert!(!freq.contains("(not set)"), "{freq}");
    let profile = p.ok(&["-q", "profile", "--attrs", "site", "-f", "csv"]);
    assert!(profile.contains("site,Not recorded,1,"), "{profile}");
}

#[test]
fn not_recorded_wording_is_set_in_the_config_for_every_table() {
    let p = without_f1_row();
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv\n",
        "cases: cases.csv\nnot_recorded: Unknown\n",
    );
    let freq = p.ok(&[
        "-q",
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "-f",
        "csv",
    ]);
    assert!(freq.contains("Unknown (n=1)"), "{freq}");
    let profile = p.ok(&["-q", "profile", "--attrs", "site", "-f", "md"]);
    assert!(profile.contains("| Unknown |"), "{profile}");
    assert!(profile.contains("counted as Unknown."), "{profile}");
}

#[test]
fn check_notes_a_speaking_case_missing_from_cases_csv_and_a_row_that_never_speaks() {
    let p = without_f1_row();
    p.write("cases.csv", p.read("cases.csv") + "Z9,North,Older\n");
    let out = p.ok(&["check"]);
    assert!(
        out.contains(
            "note: transcripts/F1.txt: case F1 speaks but has no row in cases.csv: \
             its attributes come from front matter only"
        ),
        "{out}"
    );
    assert!(
        out.contains("note: cases.csv:7: case Z9 speaks in no transcript and is not counted"),
        "{out}"
    );
}

/// The mini project, coded.
fn coded() -> Project {
    let p = fixture("mini");
    p.code();
    p
}

/// Set a file's modification time an hour ahead, changing nothing else.
fn touch(p: &Project, rel: &str) {
    let file = std::fs::File::options()
        .append(true)
        .open(p.path(rel))
        .unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    file.set_modified(later).unwrap();
}

#[test]
fn touching_a_transcript_or_codebook_does_not_make_codings_stale() {
    let p = coded();
    touch(&p, "transcripts/F1.txt");
    touch(&p, "codebooks/motives.yaml");
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stderr, "", "{r:?}");
}

#[test]
fn stale_codings_are_refused_naming_every_changed_added_and_removed_file() {
    let p = coded();
    p.edit("transcripts/F1.txt", "pay my bills", "pay the bills");
    p.edit("transcripts/N1.txt", "gardening", "painting");
    p.edit("codebooks/motives.yaml", "better off", "better-off");
    p.write("transcripts/F3.txt", "---\nid: F3\n---\nF3: money\n");
    std::fs::remove_file(p.path("transcripts/F10.txt")).unwrap();
    let err = p.bad(&["freq", "--codebook", "motives", "-f", "csv"]);
    insta::assert_snapshot!(err, @r"
    error: codings/auto.csv is out of date: 5 files differ from those it was coded from:
      changed: transcripts/F1.txt
      changed: transcripts/N1.txt
      changed: codebooks/motives.yaml
      added: transcripts/F3.txt
      removed: transcripts/F10.txt
    run `qualcode code` to bring the codings up to date (or pass --allow-stale to use them as they are)
    ");
    // Every verb that reads the codings refuses them the same way.
    for args in [
        &["quotes", "--code", "motives.money"][..],
        &["cooccur", "--codebook", "motives"],
    ] {
        let err = p.bad(args);
        assert!(err.contains("transcripts/F10.txt"), "{args:?}: {err}");
    }
}

#[test]
fn allow_stale_uses_stale_codings_and_says_which_files_differ() {
    let p = coded();
    p.edit("transcripts/F1.txt", "pay my bills", "pay the bills");
    let r = p.run(&[
        "--allow-stale",
        "freq",
        "--codebook",
        "motives",
        "-f",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("note: codings/auto.csv is out of date: transcripts/F1.txt changed"),
        "{}",
        r.stderr
    );
    // Coding again brings them up to date.
    p.code();
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
}
