//! `qualcode agree`: two coders, auto against a coder, per segment and per
//! case, the disagreements list, every format, and how undefined values
//! show. Coders' files come from `tests/fixtures/mini-coders/`.

use crate::freq::all_formats;
use crate::harness::{Project, fixture, fixtures};

/// The mini project, auto-coded, with ana's and ben's files in `codings/`.
pub(crate) fn with_coders() -> Project {
    let p = fixture("mini");
    p.code();
    for coder in ["ana", "ben"] {
        let file = fixtures().join(format!("mini-coders/{coder}.csv"));
        p.write(
            &format!("codings/{coder}.csv"),
            std::fs::read(file).unwrap(),
        );
    }
    p
}

fn json(p: &Project, args: &[&str]) -> serde_json::Value {
    let mut full = args.to_vec();
    full.extend(["--format", "json"]);
    serde_json::from_str(&p.ok(&full)).unwrap()
}

/// The cells of the row whose id (or label, for the overall rows) is `key`.
fn row<'a>(v: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["cells"])
        .find(|c| c["id"] == key || c["code"] == key)
        .unwrap_or_else(|| panic!("no row {key}"))
}

#[test]
fn agree_two_coders_in_every_format() {
    all_formats(&with_coders(), "agree", &["agree", "--coders", "ana,ben"]);
}

#[test]
fn agree_auto_against_a_coder_in_every_format() {
    all_formats(
        &with_coders(),
        "agree_auto",
        &["agree", "--coders", "auto,ana"],
    );
}

#[test]
fn agree_per_case_in_every_format() {
    all_formats(
        &with_coders(),
        "agree_case",
        &["agree", "--coders", "ana,ben", "--unit", "case"],
    );
}

#[test]
fn agree_disagreements_in_every_format() {
    all_formats(
        &with_coders(),
        "agree_disagreements",
        &["agree", "--coders", "ana,ben", "--disagreements"],
    );
}

#[test]
fn agree_counts_the_documents_both_coders_looked_at() {
    let p = with_coders();
    let v = json(&p, &["agree", "--coders", "ana,ben"]);
    // ana: F1, F10, group; ben: F1, F10, F2. In common: F1 and F10, two
    // participant turns each.
    assert_eq!(
        v["title"],
        "Agreement: ana vs ben, per segment (sample: 4 segments in 2 documents)"
    );
    let money = row(&v, "motives.money");
    assert_eq!(money["units"], 4);
    assert_eq!(money["coded_ana"], 1);
    assert_eq!(money["coded_ben"], 2);
    // p_o 0.75, p_e 0.5: kappa 0.5; alpha 1 - 7 * 1 / (5 * 3).
    assert_eq!(money["kappa"], 0.5);
    assert_eq!(money["alpha"], 0.533);
    // Nobody used Partner in F1 and F10: kappa and alpha are 0/0.
    let partner = row(&v, "motives.family.partner");
    assert!(partner["kappa"].is_null() && partner["alpha"].is_null());
    assert_eq!(partner["agreement"], 100.0);
    let pooled = row(&v, "All codes, pooled");
    assert_eq!(pooled["units"], 24);
    assert!(
        v["footnotes"][0]
            .as_str()
            .unwrap()
            .starts_with("Sample: the 4 participant segments")
    );
}

#[test]
fn agree_auto_scores_precision_and_recall_against_the_coder() {
    let p = with_coders();
    let v = json(&p, &["agree", "--coders", "auto,ana"]);
    assert_eq!(
        v["title"],
        "Agreement: auto vs ana, per segment (sample: 7 segments in 3 documents)"
    );
    // Auto coded boredom in two turns; ana rejected one of them.
    let boredom = row(&v, "motives.boredom");
    assert_eq!(boredom["precision"], 0.5);
    assert_eq!(boredom["recall"], 1.0);
    // ana added confidence where auto found none.
    let confidence = row(&v, "motives.confidence");
    assert_eq!(confidence["precision"], 1.0);
    assert_eq!(confidence["recall"], 0.5);
    // The same with the coders the other way round: auto is still scored.
    let w = json(&p, &["agree", "--coders", "ana,auto"]);
    assert_eq!(row(&w, "motives.boredom")["precision"], 0.5);
    assert_eq!(row(&w, "motives.boredom")["kappa"], boredom["kappa"]);
}

#[test]
fn agree_precision_is_undefined_when_auto_coded_nothing() {
    let p = with_coders();
    p.write(
        "codings/cy.csv",
        "document,line,code,action\ntranscripts/N1.txt,5,motives.money,add\n",
    );
    let v = json(
        &p,
        &["agree", "--coders", "auto,cy", "--code", "motives.money"],
    );
    let money = row(&v, "motives.money");
    assert!(money["precision"].is_null(), "{money}");
    assert_eq!(money["recall"], 0.0);
    assert_eq!(money["f1"], 0.0);
    let table = p.ok(&[
        "agree",
        "--coders",
        "auto,cy",
        "--code",
        "motives.money",
        "-f",
        "md",
    ]);
    assert!(table.contains("undefined"), "{table}");
    assert!(
        table.contains("precision when auto coded no segment"),
        "{table}"
    );
    assert!(!table.contains("NaN") && !table.contains("inf"), "{table}");
}

#[test]
fn agree_per_case_rolls_segments_up_to_their_case() {
    let v = json(
        &with_coders(),
        &["agree", "--coders", "auto,ana", "--unit", "case"],
    );
    assert_eq!(
        v["title"],
        "Agreement: auto vs ana, per case (sample: 4 cases in 3 documents)"
    );
    assert_eq!(row(&v, "motives.family")["both"], 2);
}

#[test]
fn agree_codebook_and_code_restrict_the_rows() {
    let p = with_coders();
    let v = json(
        &p,
        &["agree", "--coders", "ana,ben", "--code", "motives.family"],
    );
    let ids: Vec<_> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["cells"]["id"].clone())
        .collect();
    let null = serde_json::Value::Null;
    assert_eq!(
        ids,
        [
            "motives.family".into(),
            "motives.family.kids".into(),
            "motives.family.partner".into(),
            null.clone(),
            null
        ]
    );
    let v = json(
        &p,
        &["agree", "--coders", "ana,ben", "--codebook", "motives"],
    );
    assert_eq!(v["rows"].as_array().unwrap().len(), 8);
}

#[test]
fn agree_disagreements_name_place_coder_and_redacted_text() {
    let p = with_coders();
    let out = p.ok(&[
        "agree",
        "--coders",
        "ana,ben",
        "--disagreements",
        "-f",
        "csv",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Source,Case,Code,Coded by,Not by,Text");
    assert!(lines[1].starts_with("transcripts/F1.txt:8,F1,motives.confidence,ana,ben,"));
    assert!(lines[1].contains("[ICSM] has been great"), "{out}");
    assert!(!out.contains("Sarah"), "redaction applies: {out}");
    assert!(lines[2].starts_with("transcripts/F10.txt:5,F10,motives.money,ben,ana,"));
    assert_eq!(lines.len(), 3);
}

#[test]
fn agree_per_case_disagreements_list_the_segments_behind_them() {
    let out = with_coders().ok(&[
        "agree",
        "--coders",
        "auto,ana",
        "--unit",
        "case",
        "--disagreements",
        "-f",
        "csv",
    ]);
    // Auto coded boredom for G2 (group line 3), which ana rejected; ana
    // added confidence for F1 (line 8).
    assert!(
        out.contains("transcripts/F1.txt:8,F1,motives.confidence,ana,auto,"),
        "{out}"
    );
    assert!(
        out.contains("transcripts/group.txt:3,G2,motives.boredom,auto,ana,"),
        "{out}"
    );
}

#[test]
fn agree_is_the_same_whatever_the_threads() {
    let p = with_coders();
    let args = ["agree", "--coders", "auto,ana", "-f", "csv"];
    let one = p.ok(&[&["-j", "1"][..], &args].concat());
    let four = p.ok(&[&["-j", "4"][..], &args].concat());
    assert_eq!(one, four);
}

#[test]
fn agree_never_writes_the_coders_files() {
    let p = with_coders();
    let before = p.read("codings/ana.csv");
    p.ok(&["agree", "--coders", "auto,ana"]);
    assert_eq!(p.read("codings/ana.csv"), before);
}

/// The Kent example with its two hand-coded coders' files (the harness
/// leaves `codings/` out of the copy).
fn kent_with_coders() -> Project {
    let p = crate::harness::example("kent");
    p.code();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for coder in ["ana", "ben"] {
        let file = repo.join(format!("examples/kent/codings/{coder}.csv"));
        p.write(
            &format!("codings/{coder}.csv"),
            std::fs::read(file).unwrap(),
        );
    }
    p
}

#[test]
fn kent_agree_between_its_two_coders() {
    let p = kent_with_coders();
    let table = p.ok(&[
        "agree",
        "--coders",
        "ana,ben",
        "--code",
        "motivators.intrinsic",
        "-f",
        "table",
    ]);
    insta::assert_snapshot!("kent_agree", table);
    let md = p.ok(&[
        "agree",
        "--coders",
        "ana,ben",
        "--codebook",
        "motivators",
        "--disagreements",
        "-f",
        "md",
    ]);
    insta::assert_snapshot!("kent_disagreements", md);
}

#[test]
fn kent_coders_files_leave_the_published_tables_alone() {
    // The hand-coded files only accept, leave unmarked, or add and reject
    // where the case has the code in another turn, so case counts stay as
    // the Kent NOW report has them.
    let with = kent_with_coders();
    let without = crate::harness::example("kent");
    without.code();
    let args = ["freq", "--codebook", "motivators", "-f", "csv"];
    assert_eq!(with.ok(&args), without.ok(&args));
}

#[test]
fn kent_auto_against_ana() {
    let v = json(
        &kent_with_coders(),
        &["agree", "--coders", "auto,ana", "--codebook", "motivators"],
    );
    assert_eq!(
        v["title"],
        "Agreement: auto vs ana, per segment (sample: 35 segments in 4 documents)"
    );
    let education = row(&v, "motivators.intrinsic.education");
    assert_eq!(education["precision"], 0.5);
    let health = row(&v, "motivators.intrinsic.health");
    assert_eq!(health["recall"], 0.5);
}

#[test]
fn agree_notes_a_codebook_a_coder_never_marked() {
    let p = with_coders();
    p.write("codebooks/views.yaml", crate::grid::VIEWS);
    p.code();
    let md = p.ok(&["agree", "--coders", "auto,ana", "-f", "md"]);
    assert!(
        md.contains(
            "ana has no row in codebook views: for its codes, everything counts as not coded by \
             ana; --codebook limits the comparison to what both coded."
        ),
        "{md}"
    );
    let md = p.ok(&[
        "agree",
        "--coders",
        "auto,ana",
        "--codebook",
        "motives",
        "-f",
        "md",
    ]);
    assert!(!md.contains("has no row"), "{md}");
}

#[test]
fn kent_sample_with_where_counts_only_the_documents_of_those_cases() {
    // ana and ben both coded F1, F3, M2 and NK1: of those only M2 is a
    // Maidstone case's.
    let p = kent_with_coders();
    for (unit, units) in [("segment", "10 segments"), ("case", "1 case")] {
        let v = json(
            &p,
            &[
                "agree",
                "--coders",
                "ana,ben",
                "--unit",
                unit,
                "--where",
                "site=Maidstone",
            ],
        );
        assert_eq!(
            v["title"],
            format!("Agreement: ana vs ben, per {unit} (sample: {units} in 1 document)")
        );
    }
}
