//! `qualcode grid`: the positive / negative grid in every format, its
//! options, and the Kent example's grid by site.

use crate::freq::all_formats;
use crate::harness::{Project, example, fixture};

/// A service-evaluation codebook for the mini project: heads staff,
/// activities and other with positive / negative themes, and a top-level
/// code with no polarity (left out of the grid).
pub(crate) const VIEWS: &str = r#"codebook: views
title: Views of the service
codes:
  - id: staff
    label: Staff
    children:
      - id: positive
        label: Staff, positive
        children:
          - id: praise
            label: Praise
            children:
              - id: great
                label: Been great
                patterns: ["been great"]
                examples: ["she has been great"]
              - id: honest
                label: Honest
                patterns: [honestly]
                examples: ["honestly it helped"]
          - id: advice
            label: Consistent advice
            patterns: ["said the same thing"]
            examples: ["he said the same thing"]
      - id: negative
        label: Staff, negative
        children:
          - id: attitude
            label: "Attitude; what they think of us"
            patterns: ["what they think of us"]
            examples: ["that's what they think of us"]
  - id: activities
    label: Activities
    children:
      - id: positive
        label: Activities, positive
        children:
          - id: course
            label: The course
            patterns: ["started the course"]
            examples: ["once I started the course"]
      - id: negative
        label: Activities, negative
        patterns: ["stuck at home"]
        examples: ["I was stuck at home"]
  - id: other
    label: Other
    children:
      - id: positive
        label: Other, positive
        children:
          - id: money
            label: Money, wages
            patterns: [money, wage*]
            examples: ["the money", "the wages"]
  - id: general
    label: General remarks
    patterns: [really]
    examples: ["really"]
"#;

/// The mini project with the views codebook, coded.
pub(crate) fn with_views() -> Project {
    let p = fixture("mini");
    p.write("codebooks/views.yaml", VIEWS);
    p.code();
    p
}

#[test]
fn grid_in_every_format() {
    all_formats(
        &with_views(),
        "grid",
        &["grid", "--codebook", "views", "--by", "site"],
    );
}

#[test]
fn grid_counts_each_case_once_and_themes_through_codes_below() {
    let p = with_views();
    let md = p.ok(&[
        "grid",
        "--codebook",
        "views",
        "--by",
        "site",
        "--counts",
        "-f",
        "md",
    ]);
    insta::assert_snapshot!("grid_counts", md);
    // F1 says "honestly" and "been great" (both below Praise) in two turns:
    // Praise counts one case. Money: F1, F2 and F10 in the North.
    assert!(
        md.contains("| North (n=3) | Staff | Praise (1) | Attitude; what they think of us (1) |"),
        "{md}"
    );
    assert!(
        md.contains("| North (n=3) | Other | Money, wages (3) |  |"),
        "{md}"
    );
    // N1 mentions nothing, yet South's n is 3.
    assert!(md.contains("| South (n=3) | Activities |  |  |"), "{md}");
    assert!(md.contains("no positive/negative split: General remarks (views.general)"));
}

#[test]
fn grid_where_and_without_by() {
    let p = with_views();
    insta::assert_snapshot!(
        "grid_where",
        p.ok(&[
            "grid",
            "--codebook",
            "views",
            "--by",
            "site",
            "--where",
            "cohort=Older",
            "--counts",
            "-f",
            "csv",
        ])
    );
    let all = p.ok(&[
        "grid",
        "--codebook",
        "views",
        "--counts",
        "--no-footnote",
        "-f",
        "md",
    ]);
    insta::assert_snapshot!("grid_all_cases", all);
    assert!(
        all.contains("| Cases (n) | Area | Positive | Negative |"),
        "{all}"
    );
    assert!(
        all.contains("| All cases (n=6) | Other | Money, wages (4) |  |"),
        "{all}"
    );
    assert!(!all.contains("indicative"), "{all}");
}

#[test]
fn kent_grid_by_site() {
    let p = example("kent");
    p.code();
    let csv = p.ok(&[
        "grid",
        "--codebook",
        "service",
        "--by",
        "site",
        "--counts",
        "-f",
        "csv",
    ]);
    insta::assert_snapshot!("kent_grid", csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["Site (n)", "Area", "Positive", "Negative"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Three sites by three heads; relationship themes are not a head.
    let keys: Vec<(&str, &str)> = rows.iter().map(|r| (&r[0], &r[1])).collect();
    assert_eq!(
        keys,
        [
            ("Folkestone (n=6)", "Personnel"),
            ("Folkestone (n=6)", "Activities"),
            ("Folkestone (n=6)", "Other"),
            ("Maidstone (n=3)", "Personnel"),
            ("Maidstone (n=3)", "Activities"),
            ("Maidstone (n=3)", "Other"),
            ("North Kent (n=3)", "Personnel"),
            ("North Kent (n=3)", "Activities"),
            ("North Kent (n=3)", "Other"),
        ]
    );
    // NK1, NK2 and NK3 all found the staff friendly or helpful.
    assert!(
        rows[6][2].contains("Helpful, friendly, pleasant (3)"),
        "{csv}"
    );
    assert!(
        rows[4][3].contains("Malfunctioning computer system (1)"),
        "{csv}"
    );
}
