//! `suggest` and `codebook gaps` on `tests/fixtures/care`, where the right
//! answers are known: ana codes P1's and P2's turns about nursery fees and
//! places as care.childcare, so P3's uncoded turn about nursery fees must be
//! suggested first; "nursery" is the word her coding shares that no
//! pattern of the code mentions.

use crate::harness::{Project, fixture};

const ANA: &str = "document,line,code,action\n\
transcripts/P1.txt,5,care.childcare,add\n\
transcripts/P2.txt,5,care.childcare,add\n\
transcripts/P4.txt,7,care.childcare,reject\n\
transcripts/P1.txt,7,care.transport,accept\n";

fn care() -> Project {
    let p = fixture("care");
    p.ok(&["check"]); // a sound project: every example matched by its code
    p.code();
    p.write("codings/ana.csv", ANA);
    p
}

fn json(p: &Project, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = args.to_vec();
    all.extend(["-f", "json"]);
    let out: serde_json::Value = serde_json::from_str(&p.ok(&all)).unwrap();
    out["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["cells"].clone())
        .collect()
}

#[test]
fn the_uncoded_turn_about_the_coded_topic_is_suggested_first_with_why() {
    let p = care();
    let rows = json(&p, &["suggest", "--from", "ana"]);
    let first = &rows[0];
    assert_eq!(first["code"], "care.childcare");
    assert_eq!(first["rank"], 1);
    assert_eq!(first["place"], "transcripts/P3.txt:5", "{rows:?}");
    let why = first["why"].as_str().unwrap();
    assert!(why.starts_with("nursery "), "{why}");
    assert!(why.contains("fees"), "{why}");
    let resembles = first["resembles"].as_str().unwrap();
    assert!(
        resembles.starts_with("transcripts/P1.txt:5 ("),
        "{resembles}"
    );
    assert!(resembles.contains("example 1 ("), "{resembles}");
    // Neither what ana coded, nor what the auto-coding or ana settled
    // (P4's childminder, rejected; the bus turns, auto-coded transport).
    for r in &rows {
        let place = r["place"].as_str().unwrap();
        assert!(
            ![
                "transcripts/P1.txt:5",
                "transcripts/P2.txt:5",
                "transcripts/P4.txt:7"
            ]
            .contains(&place),
            "{place} suggested"
        );
        assert_ne!(r["code"], "care.transport");
    }
    // The file holds the same, for review --suggestions.
    let file = p.read("codings/suggestions/ana.csv");
    let mut lines = file.lines();
    assert_eq!(
        lines.next().unwrap(),
        "code,rank,score,document,case,segment,line_start,line_end,resembles,why"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("care.childcare,1,0.3859,transcripts/P3.txt,P3,2,5,5,"),
        "{file}"
    );
}

#[test]
fn suggestions_never_count_and_rejected_ones_are_not_suggested_again() {
    let p = care();
    let before = p.ok(&["freq", "--codebook", "care", "-f", "csv"]);
    p.ok(&["suggest", "--from", "ana"]);
    assert_eq!(p.ok(&["freq", "--codebook", "care", "-f", "csv"]), before);
    assert_eq!(
        p.read("codings/ana.csv"),
        ANA,
        "the coder's file is untouched"
    );
    p.write(
        "codings/suggestions/rejected/ana.csv",
        "document,line,code\ntranscripts/P3.txt,5,care.childcare\n",
    );
    let rows = json(
        &p,
        &["suggest", "--from", "ana", "--code", "care.childcare"],
    );
    assert!(
        rows.iter().all(|r| r["place"] != "transcripts/P3.txt:5"),
        "{rows:?}"
    );
    assert_eq!(rows[0]["place"], "transcripts/P5.txt:7");
    // --min-score and --top bound the list.
    let rows = json(&p, &["suggest", "--from", "ana", "--min-score", "0.5"]);
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn suggestions_are_the_same_whatever_the_threads() {
    let p = care();
    let one = p.ok(&["-j", "1", "suggest", "--from", "ana", "-f", "csv"]);
    let file = p.read("codings/suggestions/ana.csv");
    let two = p.ok(&["-j", "3", "suggest", "--from", "ana", "-f", "csv"]);
    assert_eq!(one, two);
    assert_eq!(file, p.read("codings/suggestions/ana.csv"));
}

#[test]
fn gaps_rank_words_by_g2_and_list_mostly_rejected_patterns() {
    let p = care();
    let rows = json(&p, &["codebook", "gaps", "--from", "ana"]);
    // "nursery": 4 of the 13 content words of ana's two coded turns
    // (nursery fees earn nursery fees eat everything / find nursery place
    // daughter nursery full), 1 of the 31 of the other eight turns.
    // G² = 6.272850471014936 by scipy's chi2_contingency([[4, 1], [9, 30]],
    // lambda_="log-likelihood"): scripts/g2-check.py.
    let nursery = rows.iter().find(|r| r["text"] == "nursery").unwrap();
    assert_eq!(nursery["kind"], "word");
    assert_eq!(
        (nursery["coded"].as_u64(), nursery["elsewhere"].as_u64()),
        (Some(4), Some(1))
    );
    let g2 = nursery["g2"].as_f64().unwrap();
    assert!((g2 - 6.272_850_471_014_936).abs() < 1e-3, "{g2}");
    // "fees" (2 and 2) is not significant; the pattern's own word is not a gap.
    assert!(
        rows.iter()
            .all(|r| r["text"] != "fees" && r["text"] != "childminder"
                || r["kind"] == "rejected pattern")
    );
    let pattern = rows
        .iter()
        .find(|r| r["kind"] == "rejected pattern")
        .unwrap();
    assert_eq!(pattern["text"], "childminder");
    assert_eq!(
        (pattern["accepted"].as_u64(), pattern["rejected"].as_u64()),
        (Some(0), Some(1))
    );
    for format in ["table", "csv", "md", "docx"] {
        let r = crate::harness::qualcode(p.root())
            .args(["codebook", "gaps", "--from", "ana", "-f", format])
            .output()
            .unwrap();
        assert!(r.status.success() && r.stdout.len() > 100, "{format}");
    }
    let table = p.ok(&[
        "codebook",
        "gaps",
        "--from",
        "ana",
        "--code",
        "care.transport",
    ]);
    assert!(!table.contains("nursery"), "{table}");
}
