//! `--suppress-below K`: disclosure control on freq (and its cross-tabs),
//! grid, profile and personas.

use crate::freq::{FORMATS, coded};
use crate::grid::with_views;
use crate::harness::example;

#[test]
fn freq_suppression_in_every_format() {
    let p = coded();
    for format in FORMATS {
        let out = p.ok(&[
            "freq",
            "--codebook",
            "motives",
            "--suppress-below",
            "3",
            "--format",
            format,
        ]);
        insta::assert_snapshot!(format!("suppress_freq_{format}"), out);
    }
}

#[test]
fn freq_suppression_hides_small_counts_and_their_cases_only() {
    let p = coded();
    let out = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--suppress-below",
        "3",
        "-f",
        "csv",
    ]);
    // Money: 3 cases, shown with who; Boredom: 2 cases, hidden with who.
    assert!(
        out.contains("Money,3,50.0,\"F1, F2, G1\",motives.money\n"),
        "{out}"
    );
    assert!(
        out.contains("Boredom,<3,(suppressed),(suppressed),motives.boredom\n"),
        "{out}"
    );
    // 0 stays 0 (N1's site has no confidence).
    let by = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "--suppress-below",
        "3",
        "-f",
        "csv",
    ]);
    assert!(
        by.starts_with("Code,North (n=3),South (n=3),Total (n=6),Id\n"),
        "{by}"
    );
    assert!(
        by.contains("Confidence,<3,0,<3,motives.confidence\n"),
        "{by}"
    );
    // A group smaller than K has its n hidden too.
    let by = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "--suppress-below",
        "4",
        "-f",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&by).unwrap();
    assert_eq!(json["columns"][1]["header"], "North (n<4)");
    assert_eq!(json["rows"][0]["cells"]["total"], "<4");
    assert!(
        json["footnotes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f.as_str().unwrap().contains("shown as <4")),
        "{by}"
    );
}

#[test]
fn grid_suppression_hides_counts_in_theme_lists() {
    let p = with_views();
    let out = p.ok(&[
        "grid",
        "--codebook",
        "views",
        "--counts",
        "--suppress-below",
        "2",
        "-f",
        "md",
    ]);
    assert!(out.contains("(<2)"), "{out}");
    assert!(out.contains("shown as <2"), "{out}");
    let out = p.ok(&[
        "grid",
        "--codebook",
        "views",
        "--by",
        "site",
        "--suppress-below",
        "4",
        "-f",
        "csv",
    ]);
    assert!(out.contains("North (n<4)"), "{out}");
}

#[test]
fn profile_suppression_withholds_percentages() {
    let p = coded();
    let out = p.ok(&["profile", "--suppress-below", "3", "-f", "csv"]);
    assert!(out.contains("cohort,Younger,<3,(suppressed)\n"), "{out}");
    assert!(out.contains("cohort,Older,4,66.7\n"), "{out}");
}

#[test]
fn personas_suppression_needs_by_and_hides_small_counts() {
    let p = coded();
    let out = p.ok(&[
        "personas",
        "--by",
        "site",
        "--suppress-below",
        "3",
        "-f",
        "csv",
    ]);
    assert!(
        out.starts_with("Persona,North (n=3),South (n=3),Total (n=6),Id\n"),
        "{out}"
    );
    assert!(out.contains("<3"), "{out}");
    let r = p.run(&["personas", "--suppress-below", "3"]);
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn suppression_works_on_the_examples_in_every_format() {
    let ics = example("ics");
    ics.code();
    for format in FORMATS {
        for args in [
            &["freq", "--codebook", "outcomes", "--by", "cohort"][..],
            &["profile"][..],
            &["personas", "--by", "cohort"][..],
            &[
                "grid",
                "--codebook",
                "service",
                "--by",
                "cohort",
                "--counts",
            ][..],
        ] {
            let mut full = args.to_vec();
            full.extend(["--suppress-below", "3", "--format", format]);
            let out = ics.ok(&full);
            assert!(out.contains("<3"), "{full:?}: {out}");
        }
    }
}
