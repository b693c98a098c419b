//! `qualcode sample`: a reproducible stratified sample written as a blind
//! coding sheet, never overwriting a coder's decisions; and `agree
//! --coders auto,NAME` scored on the segments the coder decided.

use crate::harness::{Project, fixture};

fn sampled() -> Project {
    let p = fixture("mini");
    p.code();
    p.ok(&[
        "sample", "--size", "6", "--seed", "7", "--coder", "ana", "--format", "csv",
    ]);
    p
}

#[test]
fn sample_writes_a_blind_sheet_reproducibly() {
    let p = fixture("mini");
    p.code();
    let out = p.ok(&[
        "sample", "--size", "6", "--seed", "7", "--coder", "ana", "--format", "md",
    ]);
    insta::assert_snapshot!("sample_md", out);
    let sheet = p.read("codings/samples/ana.csv");
    insta::assert_snapshot!("sample_sheet", sheet);
    // No auto codes in the sheet: nothing in its codes column.
    assert!(sheet.lines().skip(1).all(|l| l.ends_with(',')), "{sheet}");
    // The same seed again gives the same sheet; another seed another.
    p.ok(&["sample", "--size", "6", "--seed", "7", "--coder", "ana"]);
    assert_eq!(p.read("codings/samples/ana.csv"), sheet);
    p.ok(&["sample", "--size", "6", "--seed", "8", "--coder", "ana"]);
    assert_ne!(p.read("codings/samples/ana.csv"), sheet);
    // The sheet is not a coder's codings file: freq still runs.
    p.ok(&["freq", "--codebook", "motives"]);
}

/// Fill `coder`'s sheet: the codes column of row i (0-based) is `codes[i]`.
fn fill(p: &Project, coder: &str, codes: &[&str]) {
    let rel = format!("codings/samples/{coder}.csv");
    let sheet = p.read(&rel);
    let mut lines: Vec<String> = sheet.lines().map(str::to_owned).collect();
    for (line, c) in lines.iter_mut().skip(1).zip(codes) {
        line.push_str(c);
    }
    p.write(&rel, lines.join("\n") + "\n");
}

#[test]
fn agree_scores_auto_on_the_segments_decided_with_intervals() {
    let p = sampled();
    fill(
        &p,
        "ana",
        &["motives.money", "-", "motives.boredom;motives.money", "-"],
    );
    let out = p.ok(&["agree", "--coders", "auto,ana", "--format", "md"]);
    insta::assert_snapshot!("agree_on_sample_md", out);
    assert!(out.contains("Sample: the 4 participant segments ana has coded of the 6 drawn at random (seed 7) in codings/samples/ana.csv"), "{out}");
}

#[test]
fn sample_never_overwrites_a_coders_decisions() {
    let p = sampled();
    fill(&p, "ana", &["-"]);
    let before = p.read("codings/samples/ana.csv");
    let err = p.bad(&["sample", "--size", "3", "--seed", "1", "--coder", "ana"]);
    assert!(
        err.contains("already holds ana's decisions on 1 of its 6 segments"),
        "{err}"
    );
    assert_eq!(p.read("codings/samples/ana.csv"), before);
}

#[test]
fn the_readme_worked_example_on_kent_holds() {
    let p = crate::harness::example("kent");
    // The harness copies no codings/: the example's sheet, as committed.
    let sheet = crate::harness::fixtures().join("../../examples/kent/codings/samples/eva.csv");
    p.write("codings/samples/eva.csv", std::fs::read(sheet).unwrap());
    let out = p.ok(&[
        "agree",
        "--coders",
        "auto,eva",
        "--code",
        "motivators.intrinsic",
        "-f",
        "csv",
    ]);
    assert!(
        out.contains(
            "Intrinsic motivating factors,motivators.intrinsic,30,9,10,9,96.7,0.923,0.924,\
             1.000,0.701–1.000,0.900,0.596–0.982,0.947,0.800–1.000\n"
        ),
        "{out}"
    );
    let freq = p.ok(&[
        "freq",
        "--codebook",
        "motivators",
        "--validity",
        "eva",
        "-f",
        "md",
    ]);
    assert!(
        freq.contains("| Precision | 95% CI | Recall | 95% CI |"),
        "{freq}"
    );
    assert!(
        freq.contains("eva's blind coding of 30 of the 30 segments"),
        "{freq}"
    );
}

#[test]
fn freq_and_report_carry_measured_validity() {
    let p = sampled();
    fill(
        &p,
        "ana",
        &[
            "motives.money",
            "-",
            "motives.boredom;motives.money",
            "-",
            "-",
            "-",
        ],
    );
    let out = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--validity",
        "ana",
        "-f",
        "md",
    ]);
    insta::assert_snapshot!("freq_validity_md", out);
    let json: serde_json::Value = serde_json::from_str(&p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--validity",
        "ana",
        "-f",
        "json",
    ]))
    .unwrap();
    let money = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["cells"]["id"] == "motives.money")
        .unwrap();
    assert_eq!(money["cells"]["precision"], 1.0);
    assert!(money["cells"]["precision_ci"].is_array());
    let html = p.ok(&["report", "--validity", "ana", "-o", "-"]);
    assert!(html.contains("Precision and recall measure auto-coding against ana"));
    assert!(html.contains("95% CI"));
}
