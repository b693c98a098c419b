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
        by.starts_with("Code,North,South,Total,Id\nn,3,3,6,\n"),
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
        out.starts_with("Persona,North,South,Total,Id\nn,3,3,6,\n"),
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

/// Every format's text, docx read back as text.
fn each_format(p: &crate::harness::Project, args: &[&str]) -> Vec<(String, String)> {
    let mut outs = Vec::new();
    for format in FORMATS.iter().chain(&["docx"]) {
        let mut full = args.to_vec();
        full.extend(["--format", format]);
        let out = crate::harness::qualcode(p.root())
            .args(&full)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{full:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = if *format == "docx" {
            assert!(out.stdout.starts_with(b"PK\x03\x04"), "{full:?}");
            qualcode::ingest::docx::text(&out.stdout, std::path::Path::new("out.docx")).unwrap()
        } else {
            String::from_utf8(out.stdout).unwrap()
        };
        outs.push(((*format).to_owned(), text));
    }
    outs
}

#[test]
fn a_sample_smaller_than_k_shows_its_n_as_under_k_in_titles_and_notes_too() {
    // Two cases: the title's n, and the profile's note on what percentages
    // are of, would give away the count the Total row hides.
    let p = coded();
    for args in [&["freq", "--codebook", "motives"][..], &["profile"][..]] {
        let mut full = args.to_vec();
        full.extend(["--where", "cohort=Younger", "--suppress-below", "3"]);
        for (format, out) in each_format(&p, &full) {
            // CSV has no title.
            if format != "csv" {
                assert!(out.contains("(n<3)"), "{full:?} {format}: {out}");
            }
            assert!(!out.contains("n=2"), "{full:?} {format}: {out}");
            assert!(!out.contains("of the 2 cases"), "{full:?} {format}: {out}");
        }
    }
    // At K or more the n is shown as before.
    let out = p.ok(&[
        "profile",
        "--where",
        "cohort=Younger",
        "--suppress-below",
        "2",
        "-f",
        "md",
    ]);
    assert!(out.contains("(n=2)"), "{out}");
}

#[test]
fn suppression_in_docx_hides_the_same_cells() {
    let ics = example("ics");
    ics.code();
    for args in [
        &["freq", "--codebook", "motivators"][..],
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
        full.extend(["--suppress-below", "3", "--format", "docx"]);
        let out = crate::harness::qualcode(ics.root())
            .args(&full)
            .output()
            .unwrap();
        assert!(out.status.success(), "{full:?}");
        let text =
            qualcode::ingest::docx::text(&out.stdout, std::path::Path::new("out.docx")).unwrap();
        assert!(text.contains("<3"), "{full:?}: {text}");
        assert!(text.contains("Disclosure control"), "{full:?}: {text}");
    }
    // freq's Finance has one case (MAN1): its id is withheld in docx too.
    let out = crate::harness::qualcode(ics.root())
        .args([
            "freq",
            "--codebook",
            "motivators",
            "--suppress-below",
            "3",
            "-f",
            "docx",
        ])
        .output()
        .unwrap();
    let text = qualcode::ingest::docx::text(&out.stdout, std::path::Path::new("out.docx")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let finance = lines.iter().position(|l| *l == "Finance").unwrap();
    assert_eq!(
        lines[finance + 1..finance + 4],
        ["<3", "(suppressed)", "(suppressed)"]
    );
}
