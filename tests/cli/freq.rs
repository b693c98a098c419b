//! `qualcode freq`: frequency tables and cross-tabs in every format, and the
//! options that shape them.

use crate::harness::{Project, fixture};

pub(crate) const FORMATS: [&str; 4] = ["table", "csv", "md", "json"];

pub(crate) fn coded() -> Project {
    let p = fixture("mini");
    p.code();
    p
}

/// Snapshot one command in every format; the JSON must parse.
pub(crate) fn all_formats(p: &Project, name: &str, args: &[&str]) {
    for format in FORMATS {
        let mut full = args.to_vec();
        full.extend(["--format", format]);
        let out = p.ok(&full);
        insta::assert_snapshot!(format!("{name}_{format}"), out);
        if format == "json" {
            serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
        }
    }
}

#[test]
fn freq_in_every_format() {
    all_formats(&coded(), "freq", &["freq", "--codebook", "motives"]);
}

#[test]
fn crosstab_in_every_format() {
    all_formats(
        &coded(),
        "crosstab",
        &["freq", "--codebook", "motives", "--by", "site"],
    );
}

#[test]
fn piped_output_defaults_to_csv() {
    let p = coded();
    assert_eq!(
        p.ok(&["freq", "--codebook", "motives"]),
        p.ok(&["freq", "--codebook", "motives", "-f", "csv"])
    );
}

#[test]
fn freq_counts_cases_once_and_rolls_up_children() {
    let p = coded();
    let csv = p.ok(&["freq", "--codebook", "motives", "--no-footnote"]);
    // F2 mentions money twice in one turn and F1 in two turns: one case each.
    assert!(
        csv.contains("Money,3,50.0,\"F1, F2, G1\",motives.money"),
        "{csv}"
    );
    // Family = children (F1, F2) ∪ partner (G1).
    assert!(
        csv.contains("Family,3,50.0,\"F1, F2, G1\",motives.family"),
        "{csv}"
    );
    assert!(!csv.contains("indicative"), "{csv}");
}

#[test]
fn freq_units_sorting_scope_and_filters() {
    let p = coded();
    insta::assert_snapshot!(
        "freq_unit_segment",
        p.ok(&[
            "freq",
            "--codebook",
            "motives",
            "--unit",
            "segment",
            "-f",
            "md"
        ])
    );
    insta::assert_snapshot!(
        "freq_unit_document",
        p.ok(&[
            "freq",
            "--codebook",
            "motives",
            "--unit",
            "document",
            "-f",
            "csv"
        ])
    );
    insta::assert_snapshot!(
        "freq_sort_codebook",
        p.ok(&[
            "freq",
            "--codebook",
            "motives",
            "--sort",
            "codebook",
            "-f",
            "csv"
        ])
    );
    insta::assert_snapshot!(
        "freq_code_scope",
        p.ok(&["freq", "--code", "motives.family", "-f", "csv"])
    );
    insta::assert_snapshot!(
        "freq_where",
        p.ok(&[
            "freq",
            "--codebook",
            "motives",
            "--where",
            "site=North",
            "--where",
            "cohort=Older",
            "-f",
            "md"
        ])
    );
}

#[test]
fn crosstab_group_n_counts_uncoded_cases() {
    let p = coded();
    // N1 (South) mentions nothing, yet South's n is 3.
    let csv = p.ok(&["freq", "--codebook", "motives", "--by", "site", "-f", "csv"]);
    // CSV: plain names in the header, each group's n in the row under it.
    let mut lines = csv.lines().skip_while(|l| !l.starts_with("Code,"));
    assert_eq!(lines.next().unwrap(), "Code,North,South,Total,Id");
    assert_eq!(lines.next().unwrap(), "n,3,3,6,");
}

#[test]
fn freq_before_code_codes_in_memory_and_writes_nothing() {
    let p = fixture("mini");
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("coded the transcripts in memory"),
        "{}",
        r.stderr
    );
    assert!(!p.path("codings").exists());
    p.code();
    assert_eq!(
        r.stdout,
        p.ok(&["freq", "--codebook", "motives", "-f", "csv"])
    );
}
