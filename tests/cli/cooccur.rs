//! `qualcode cooccur`: co-occurrence against hand-computed values on the
//! mini project, every format, and the examples.

use crate::freq::{FORMATS, all_formats, coded};
use crate::harness::example;

/// The cells of a `cooccur -f csv` table, by row label, without the id.
fn cells(csv: &str) -> Vec<(String, Vec<String>)> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let cells: Vec<String> = r.iter().map(str::to_owned).collect();
            (cells[0].clone(), cells[1..cells.len() - 1].to_vec())
        })
        .collect()
}

#[track_caller]
fn check(args: &[&str], want: &[(&str, &[&str])]) {
    let p = coded();
    let mut full = vec!["cooccur", "--codebook", "motives", "-f", "csv"];
    full.extend(args);
    let got = cells(&p.ok(&full));
    let want: Vec<(String, Vec<String>)> = want
        .iter()
        .map(|(l, c)| ((*l).to_owned(), c.iter().map(|s| (*s).to_owned()).collect()))
        .collect();
    assert_eq!(got, want);
}

// The mini project's codings: F1 money (turn 2), kids (turn 4); F2 money
// and kids (one turn); F10 boredom (turn 2), confidence (turn 4); G1 money
// and partner (one turn); G2 boredom. "Not bored" (F2) is negated.

#[test]
fn cooccur_counts_cases_with_both_codes_and_rolls_up_parents() {
    check(
        &[],
        &[
            ("Money", &["3", "3", "2", "1", "0", "0"]),
            ("Family", &["3", "3", "2", "1", "0", "0"]),
            ("Children", &["2", "2", "2", "0", "0", "0"]),
            ("Partner", &["1", "1", "0", "1", "0", "0"]),
            ("Boredom", &["0", "0", "0", "0", "2", "1"]),
            ("Confidence", &["0", "0", "0", "0", "1", "1"]),
        ],
    );
}

#[test]
fn cooccur_within_segments_needs_the_same_turn() {
    // F1's money and kids are in different turns; F10's boredom and
    // confidence too.
    check(
        &["--within", "segment", "--leaves"],
        &[
            ("Money", &["3", "1", "1", "0", "0"]),
            ("Children", &["1", "2", "0", "0", "0"]),
            ("Partner", &["1", "0", "1", "0", "0"]),
            ("Boredom", &["0", "0", "0", "2", "0"]),
            ("Confidence", &["0", "0", "0", "0", "1"]),
        ],
    );
}

#[test]
fn cooccur_jaccard_is_both_over_either() {
    // Money {F1, F2, G1} and Children {F1, F2}: 2 of 3. Boredom {F10, G2}
    // and Confidence {F10}: 1 of 2. The diagonal stays a count.
    check(
        &["--measure", "jaccard", "--leaves"],
        &[
            ("Money", &["3", "66.7", "33.3", "0.0", "0.0"]),
            ("Children", &["66.7", "2", "0.0", "0.0", "0.0"]),
            ("Partner", &["33.3", "0.0", "1", "0.0", "0.0"]),
            ("Boredom", &["0.0", "0.0", "0.0", "2", "50.0"]),
            ("Confidence", &["0.0", "0.0", "0.0", "50.0", "1"]),
        ],
    );
}

#[test]
fn cooccur_of_a_code_prefix_and_a_filter() {
    let p = coded();
    let out = p.ok(&[
        "cooccur",
        "--code",
        "motives.family",
        "--where",
        "site=North",
        "-f",
        "csv",
    ]);
    assert_eq!(
        out,
        "Code,Children,Partner,Id\n\
         Children,2,0,motives.family.kids\n\
         Partner,0,0,motives.family.partner\n"
    );
}

#[test]
fn cooccur_in_every_format() {
    all_formats(&coded(), "cooccur", &["cooccur", "--codebook", "motives"]);
}

#[test]
fn cooccur_runs_on_the_examples_in_every_format() {
    for (name, book, label) in [
        ("kent", "motivators", "Finance"),
        ("ics", "outcomes", "Appearance"),
    ] {
        let p = example(name);
        p.code();
        for format in FORMATS {
            let out = p.ok(&["cooccur", "--codebook", book, "--format", format]);
            assert!(out.contains(label), "{name} {format}: {out}");
        }
    }
}
