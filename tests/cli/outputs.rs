//! Every table and quote list in every format, snapshot-tested on the mini
//! fixture; and the options that shape them.

use crate::util::{Project, fixture};

const FORMATS: [&str; 4] = ["table", "csv", "md", "json"];

fn coded() -> Project {
    let p = fixture("mini");
    p.code();
    p
}

/// Snapshot one command in every format; the formats must agree on content.
fn all_formats(p: &Project, name: &str, args: &[&str]) {
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
fn quotes_in_every_format() {
    all_formats(
        &coded(),
        "quotes",
        &[
            "quotes",
            "--code",
            "motives",
            "--by",
            "cohort",
            "--max-words",
            "12",
        ],
    );
}

#[test]
fn codebook_show_in_every_format() {
    all_formats(&coded(), "codebook_show", &["codebook", "show", "motives"]);
}

#[test]
fn codebook_list() {
    insta::assert_snapshot!(
        "codebook_list",
        coded().ok(&["codebook", "list", "-f", "md"])
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
    let header = csv.lines().find(|l| l.starts_with("Code,")).unwrap();
    assert_eq!(header, "Code,North (n=3),South (n=3),Total (n=6),Id");
}

#[test]
fn quotes_are_redacted_attributed_limited_and_never_cut_words() {
    let p = coded();
    let all = p.ok(&[
        "quotes",
        "--code",
        "motives",
        "--max-words",
        "0",
        "-f",
        "csv",
    ]);
    // Sarah is on the redaction list; Ben's turn naming her is not coded,
    // but F1's is.
    assert!(!all.contains("Sarah"), "{all}");
    assert!(all.contains("[ICSM] has been great"), "{all}");
    let named = p.ok(&[
        "quotes",
        "--code",
        "motives.boredom",
        "--attribution",
        "cohort",
        "-f",
        "csv",
    ]);
    assert!(named.contains("(Older)"), "{named}");
    let limited = p.ok(&[
        "quotes", "--code", "motives", "--by", "cohort", "--limit", "1", "-f", "csv",
    ]);
    // A header, one quote per cohort, and notes.
    let rows: Vec<&str> = limited
        .lines()
        .filter(|l| l.starts_with("Older,") || l.starts_with("Younger,"))
        .collect();
    assert_eq!(rows.len(), 2, "{limited}");
    // Trimming keeps whole words: every word of a trimmed quote is a word
    // of the transcripts.
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut corpus = Vec::new();
    for name in ["F1.txt", "F2.md", "F10.txt", "group.txt"] {
        corpus.extend(words(&p.read(&format!("transcripts/{name}"))));
    }
    let trimmed = p.ok(&[
        "quotes",
        "--code",
        "motives",
        "--max-words",
        "5",
        "-f",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&trimmed).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() >= 5, "{trimmed}");
    for row in rows {
        let quote = row["cells"]["quote"].as_str().unwrap();
        for word in words(quote) {
            assert!(
                corpus.contains(&word) || word == "ICSM",
                "{word:?} in {quote:?} is not a whole word of the transcripts"
            );
        }
    }
}
