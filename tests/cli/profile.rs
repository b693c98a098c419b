//! `qualcode profile`: the sample-profile table, every format, multi-valued
//! attributes, "Not recorded" and the examples.

use crate::freq::{FORMATS, all_formats};
use crate::harness::{example, fixture};

#[test]
fn profile_in_every_format() {
    all_formats(&fixture("mini"), "profile", &["profile"]);
}

#[test]
fn profile_counts_several_values_and_missing_ones() {
    let p = fixture("mini");
    p.write(
        "cases.csv",
        "id,site,ethnicity,cohort\n\
         F1,North,NZ Māori; Pacific,Younger\n\
         F2,North,Pacific,Older\n\
         F10,North,,Older\n\
         G1,South,NZ European,Younger\n\
         G2,South,Pacific,Older\n\
         N1,South,,Older\n",
    );
    let out = p.ok(&["profile", "--attrs", "ethnicity,site", "-f", "csv"]);
    assert_eq!(
        out,
        "Attribute,Category,Cases (n),% of cases\n\
         ethnicity,NZ European,1,16.7\n\
         ethnicity,NZ Māori,1,16.7\n\
         ethnicity,Pacific,3,50.0\n\
         ethnicity,Not recorded,2,33.3\n\
         site,North,3,50.0\n\
         site,South,3,50.0\n\
         Total,,6,\n"
    );
    let md = p.ok(&["profile", "-f", "md"]);
    assert!(
        md.contains("several values of ethnicity (separated by ';')"),
        "{md}"
    );
    // Default order: the cases file's columns.
    let csv = p.ok(&["profile", "-f", "csv"]);
    let first: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(first[0], "site");
    assert_eq!(first[2], "ethnicity");
    assert_eq!(*first.last().unwrap(), "Total");
}

#[test]
fn profile_filters_cases() {
    let p = fixture("mini");
    let out = p.ok(&["profile", "--where", "cohort=Younger", "-f", "csv"]);
    assert!(
        out.contains("site,North,1,50.0\nsite,South,1,50.0\n"),
        "{out}"
    );
    assert!(out.ends_with("Total,,2,\n"), "{out}");
}

#[test]
fn profile_runs_on_the_examples_in_every_format() {
    for name in ["kent", "ics"] {
        let p = example(name);
        for format in FORMATS {
            let out = p.ok(&["profile", "--format", format]);
            assert!(out.contains("Total"), "{name} {format}: {out}");
        }
    }
    let ics = example("ics");
    insta::assert_snapshot!(
        "profile_ics",
        ics.ok(&[
            "profile",
            "--attrs",
            "gender,age_group,site,cohort",
            "-f",
            "md"
        ])
    );
}
