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
