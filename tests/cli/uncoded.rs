//! What the codebooks miss: `quotes --uncoded` and `kwic --uncoded` list the
//! participant segments no code touched, longest first; `freq` counts them
//! in a footnote; a coder's reject makes a segment uncoded.

use crate::harness::fixture;

#[test]
fn quotes_uncoded_lists_untouched_segments_longest_first() {
    let p = fixture("mini");
    p.code();
    let out = p.ok(&["quotes", "--uncoded", "--codebook", "motives", "-f", "md"]);
    insta::assert_snapshot!("quotes_uncoded_md", out);
    let csv = p.ok(&["quotes", "--uncoded", "-f", "csv"]);
    let words: Vec<usize> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(words.len() >= 2, "{csv}");
    assert!(
        words.windows(2).all(|w| w[0] >= w[1]),
        "longest first: {csv}"
    );
    // Redacted, as every quote.
    assert!(csv.contains("[ICSM] said"), "{csv}");
    assert!(!csv.contains("Sarah"), "{csv}");
}

#[test]
fn a_rejected_coding_leaves_its_segment_uncoded() {
    let p = fixture("mini");
    p.code();
    let before = p.ok(&["quotes", "--uncoded", "-f", "csv"]);
    assert!(!before.contains("transcripts/F1.txt:6"), "{before}");
    p.write(
        "codings/ana.csv",
        "document,line,code,action,memo\ntranscripts/F1.txt,6,motives.money,reject,\n",
    );
    let after = p.ok(&["quotes", "--uncoded", "-f", "csv"]);
    assert!(after.contains("transcripts/F1.txt:6"), "{after}");
    let freq = p.ok(&["freq", "--codebook", "motives", "-f", "md"]);
    assert!(
        freq.contains("participant segments no code here touched (n=3) of those counted (n=9)"),
        "{freq}"
    );
}

#[test]
fn kwic_uncoded_shows_case_attributes_and_short_text() {
    let p = fixture("mini");
    p.code();
    let out = p.ok(&["kwic", "--uncoded", "--width", "3", "-f", "csv"]);
    insta::assert_snapshot!("kwic_uncoded_csv", out);
    let err = p.bad(&["kwic", "money", "--uncoded"]);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = p.bad(&["quotes", "--codebook", "motives"]);
    assert!(err.contains("--uncoded"), "{err}");
}

#[test]
fn freq_notes_the_segments_and_cases_no_code_touched() {
    let p = fixture("mini");
    p.code();
    let out = p.ok(&["freq", "--codebook", "motives", "-f", "md"]);
    assert!(
        out.contains(
            "Uncoded: participant segments no code here touched (n=2) of those counted (n=9), \
             and cases with none of these codes at all (n=1) of those counted (n=6); `qualcode \
             quotes --uncoded --codebook motives` lists the segments."
        ),
        "{out}"
    );
}

#[test]
fn uncoded_lists_write_to_a_file_with_o() {
    let p = fixture("mini");
    p.code();
    p.ok(&["quotes", "--uncoded", "-o", "uncoded.csv"]);
    assert!(
        p.read("uncoded.csv")
            .trim_start_matches('\u{feff}')
            .starts_with("Source,Case,Words,Text,Attribution\n")
    );
    p.ok(&["kwic", "--uncoded", "-o", "kwic.md"]);
    assert!(p.read("kwic.md").starts_with("**Uncoded segments"));
}
