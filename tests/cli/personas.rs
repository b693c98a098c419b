//! `qualcode personas`: each case's personas with the evidence, persona ×
//! group counts, hand-set personas and cases no rule fits.

use crate::freq::{all_formats, coded};
use crate::harness::example;

#[test]
fn personas_list_in_every_format() {
    all_formats(&coded(), "personas", &["personas"]);
}

#[test]
fn personas_by_attribute_in_every_format() {
    all_formats(&coded(), "personas_by", &["personas", "--by", "site"]);
}

#[test]
fn a_case_no_rule_fits_is_listed_as_unclassified() {
    let p = coded();
    let csv = p.ok(&["personas", "-f", "csv"]);
    assert!(csv.contains("N1,Unclassified,rules,no rule holds"), "{csv}");
    let by = p.ok(&["personas", "--by", "cohort", "-f", "csv"]);
    assert!(by.contains("Unclassified,1,0,1,"), "{by}");
}

#[test]
fn several_rules_and_personas_each_show_their_evidence() {
    let p = coded();
    let csv = p.ok(&["personas", "-f", "csv"]);
    // F2 is a Provider by rule 1 and Restless by rule 2 of Restless.
    assert!(csv.contains("F2,Provider; Restless,rules,"), "{csv}");
    assert!(
        csv.contains("Restless, rule 2 (older, with several reasons): "),
        "{csv}"
    );
    assert!(csv.contains("cohort = Older"), "{csv}");
    // F10 is Restless by rule 1: boredom and no money.
    assert!(
        csv.contains("motives.boredom (F10.txt:5); none of motives.money."),
        "{csv}"
    );
}

#[test]
fn a_persona_column_overrides_the_rules_and_is_shown_as_set_by_hand() {
    let p = coded();
    p.write(
        "cases.csv",
        "id,site,cohort,persona\n\
         F1,North,Younger,\n\
         F2,North,Older,\n\
         F10,North,Older,steady; PROVIDER\n\
         G1,South,Younger,Unclassified\n\
         G2,South,Older,\n\
         N1,South,Older,Restless\n",
    );
    let out = p.ok(&["personas", "-f", "md"]);
    insta::assert_snapshot!("personas_set_by_hand", out);
    let csv = p.ok(&["personas", "-f", "csv"]);
    assert!(
        csv.contains(
            "F10,Provider; Steady,set by hand,persona column at cases.csv:4; the rules give Restless"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            "G1,Unclassified,set by hand,persona column at cases.csv:5; the rules give Provider"
        ),
        "{csv}"
    );
    let by = p.ok(&["personas", "--by", "site", "-f", "md"]);
    insta::assert_snapshot!("personas_set_by_hand_by_site", by);
    // For every other command the column is an ordinary attribute.
    let freq = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--by",
        "persona",
        "-f",
        "csv",
    ]);
    assert!(freq.starts_with("Code,Not recorded,"), "{freq}");
    assert!(freq.lines().nth(1).unwrap().starts_with("n,3,"), "{freq}");
    let check = p.ok(&["check"]);
    assert!(check.contains("3 cases set by hand"), "{check}");
}

#[test]
fn personas_where_filters_cases_and_no_footnote_drops_the_caveat() {
    let p = coded();
    let csv = p.ok(&["personas", "--where", "site=South", "-f", "csv"]);
    let ids: Vec<String> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect();
    assert_eq!(ids, ["G1", "G2", "N1"], "{csv}");
    let md = p.ok(&["personas", "--by", "cohort", "--no-footnote", "-f", "md"]);
    assert!(!md.contains("indicative"), "{md}");
    assert!(md.contains("several personas"), "{md}");
    let md = p.ok(&[
        "personas",
        "--by",
        "cohort",
        "--where",
        "site=North",
        "-f",
        "md",
    ]);
    assert!(md.contains("Only cases where site = North."), "{md}");
    assert!(md.contains("| Total (n=3) |"), "{md}");
}

#[test]
fn ics_personas_are_sensible() {
    let p = example("ics");
    p.ok(&["check"]);
    p.code();
    let list = p.ok(&["personas", "-f", "md"]);
    insta::assert_snapshot!("ics_personas", list);
    let by = p.ok(&["personas", "--by", "cohort", "-f", "md"]);
    insta::assert_snapshot!("ics_personas_by_cohort", by);
    // POR1 is set by hand; every case is listed.
    let csv = p.ok(&["personas", "-f", "csv"]);
    assert!(csv.contains("POR1,Almost there,set by hand,"), "{csv}");
    for id in [
        "INV1", "MAN1", "NAE1", "POR1", "POR2", "POR3", "POR4", "ROT1",
    ] {
        assert!(csv.contains(&format!("\n{id},")), "{id} missing:\n{csv}");
    }
}
