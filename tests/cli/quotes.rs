//! `qualcode quotes`: selection, trimming, redaction and attribution.

use crate::freq::{all_formats, coded};

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

#[test]
fn a_name_listed_in_redact_match_case_is_redacted_only_as_written() {
    let p = crate::harness::fixture("mini");
    p.write(
        "transcripts/F1.txt",
        "---\nid: F1\ncohort: Younger\n---\nInterviewer: Why?\n\
         Participant: The money. Aroha helped, and the aroha of my kids. AROHA rang.\n",
    );
    p.edit(
        "qualcode.yaml",
        "redact:\n",
        "redact_match_case: [Aroha]\nredact:\n  Aroha: \"[ICSM]\"\n",
    );
    p.code();
    let args = [
        "quotes",
        "--code",
        "motives.money",
        "--max-words",
        "0",
        "-f",
        "csv",
    ];
    let out = p.ok(&args);
    assert!(
        out.contains("The money. [ICSM] helped, and the aroha of my kids. AROHA rang."),
        "{out}"
    );
    // Without the list, the same name goes in any case.
    p.edit("qualcode.yaml", "redact_match_case: [Aroha]\n", "");
    p.code();
    let out = p.ok(&args);
    assert!(
        out.contains("The money. [ICSM] helped, and the [ICSM] of my kids. [ICSM] rang."),
        "{out}"
    );
}
