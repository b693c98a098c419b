//! The bundled example projects: Kent reproduces the published tables of
//! the Kent NOW evaluation; ICS exercises cohorts, a focus group and
//! redaction in the New Zealand register.

use crate::harness::example;

/// (label, n, mentioned by) of each row of a `freq -f csv` table.
fn rows(csv: &str) -> Vec<(String, usize, String)> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[1].parse().unwrap(), r[3].to_owned())
        })
        .collect()
}

/// Kent NOW report, Tables 4 and 5 (intrinsic and extrinsic motivating
/// factors), with the report's D1-D3 read as North Kent's NK1-NK3.
const TABLES_4_AND_5: [(&str, usize, &str); 15] = [
    (
        "Intrinsic motivating factors",
        10,
        "F1, F3, F4, F5, F6, M1, M2, NK1, NK2, NK3",
    ),
    ("Innate desire to work", 4, "F1, F4, NK1, NK3"),
    ("Self worth", 4, "F5, M1, M2, NK3"),
    ("Desire to contribute to society", 3, "M2, NK2, NK3"),
    ("Health", 3, "M1, NK1, NK2"),
    ("Boredom", 3, "F3, M2, NK2"),
    ("Social need", 3, "F1, F6, NK1"),
    ("Education", 2, "F3, M1"),
    ("Depression", 2, "F1, F3"),
    (
        "Personal sentiment: ambition, self-reliance, determination, frustration",
        5,
        "F3, F5, F6, M1, M2",
    ),
    (
        "Extrinsic motivating factors",
        12,
        "F1, F2, F3, F4, F5, F6, M1, M2, M3, NK1, NK2, NK3",
    ),
    ("Helping other people", 3, "M1, NK1, NK2"),
    ("Finance", 8, "F1, F4, F5, F6, M1, M2, M3, NK3"),
    (
        "Family or significant others",
        8,
        "F2, F4, F5, M1, M2, M3, NK1, NK3",
    ),
    ("Sudden change in life", 2, "F3, M2"),
];

#[test]
fn kent_reproduces_the_motivation_tables() {
    let p = example("kent");
    p.ok(&["check"]);
    p.code();
    let csv = p.ok(&[
        "freq",
        "--codebook",
        "motivators",
        "--sort",
        "codebook",
        "-f",
        "csv",
    ]);
    let got = rows(&csv);
    let want: Vec<(String, usize, String)> = TABLES_4_AND_5
        .iter()
        .map(|(l, n, ids)| ((*l).to_owned(), *n, (*ids).to_owned()))
        .collect();
    assert_eq!(got, want, "\n{csv}");
    // The default order puts the most mentioned first within each parent.
    let by_count = rows(&p.ok(&["freq", "--codebook", "motivators", "-f", "csv"]));
    assert_eq!(by_count[0].0, "Extrinsic motivating factors");
    assert_eq!(by_count[1].0, "Finance");
}

#[test]
fn kent_reproduces_the_recruitment_crosstab() {
    // Kent NOW report, Table 3: methods of recruitment by site.
    let p = example("kent");
    p.code();
    let csv = p.ok(&[
        "freq",
        "--codebook",
        "recruitment",
        "--by",
        "site",
        "-f",
        "csv",
    ]);
    insta::assert_snapshot!("kent_table_3", csv);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Code,Folkestone,Maidstone,North Kent,Total,Id");
    assert_eq!(lines[1], "n,6,3,3,12,");
    for (label, cells) in [
        ("Kent NOW advertising: recruitment event", "1,1,2,4"),
        ("Kent NOW advertising: leaflet", "2,1,0,3"),
        ("Job centre referral", "1,0,1,2"),
        ("Kent NOW advertising: poster", "1,0,0,1"),
        ("Kent NOW advertising: newspaper advert", "0,1,0,1"),
        ("Word of mouth", "1,0,0,1"),
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{label},{cells},"))),
            "{label}: want {cells}\n{csv}"
        );
    }
}

#[test]
fn ics_quotes_are_redacted_and_attributed_by_cohort() {
    let p = example("ics");
    p.ok(&["check"]);
    p.code();
    let all = p.ok(&[
        "quotes",
        "--code",
        "barriers",
        "--by",
        "cohort",
        "--attribution",
        "cohort",
        "-f",
        "csv",
    ]);
    assert!(!all.contains("Aroha") && !all.contains("Sione"), "{all}");
    let corpus: String = [
        "focus-group-porirua.txt",
        "INV1.txt",
        "MAN1.txt",
        "NAE1.txt",
        "ROT1.txt",
    ]
    .iter()
    .map(|f| p.read(&format!("transcripts/{f}")))
    .collect();
    assert!(
        corpus.contains("Aroha"),
        "the example should name a case manager"
    );
    let quotes = p.ok(&[
        "quotes",
        "--code",
        "motivators",
        "--by",
        "cohort",
        "--attribution",
        "cohort",
        "--max-words",
        "60",
        "-f",
        "md",
    ]);
    insta::assert_snapshot!("ics_quotes_by_cohort", quotes);
    let crosstab = p.ok(&[
        "freq",
        "--codebook",
        "barriers",
        "--by",
        "cohort",
        "-f",
        "md",
    ]);
    insta::assert_snapshot!("ics_barriers_by_cohort", crosstab);
}

/// The grid and personas run on the example projects in every format, each
/// output holding its groups, and the JSON parses.
#[test]
fn grid_and_personas_work_on_the_examples_in_every_format() {
    let kent = example("kent");
    kent.code();
    let ics = example("ics");
    ics.code();
    let runs: [(&crate::harness::Project, &[&str], &str); 3] = [
        (
            &kent,
            &["grid", "--codebook", "service", "--by", "site"],
            "Maidstone (n=3)",
        ),
        (&ics, &["personas"], "POR1"),
        (&ics, &["personas", "--by", "cohort"], "Younger EE (n=3)"),
    ];
    for (p, args, expect) in runs {
        for format in crate::freq::FORMATS {
            let mut full = args.to_vec();
            full.extend(["--format", format]);
            let out = p.ok(&full);
            // CSV has each group's n in a row of its own.
            let expect = match expect.split_once(" (n=") {
                Some((name, _)) if format == "csv" => name,
                _ => expect,
            };
            assert!(out.contains(expect), "{full:?}: {out}");
            if format == "json" {
                serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
            }
        }
    }
}

/// The analyst-workflow commands (kwic, cooccur, profile, codings list,
/// agree, suppression) run on the example projects in every format, Word
/// included: each output holds what it should, the JSON parses and the
/// Word file reads back.
#[test]
fn analyst_commands_work_on_the_examples_in_every_format_docx_too() {
    let kent = kent_with_coders();
    let ics = example("ics");
    ics.code();
    let runs: [(&crate::harness::Project, &[&str], &str); 12] = [
        (&kent, &["kwic", "money"], "transcripts/F1.txt:11"),
        (
            &kent,
            &["kwic", "--code", "motivators.intrinsic.boredom"],
            "bored",
        ),
        (&ics, &["kwic", "whanau", "--attrs", "cohort"], "whānau"),
        (&kent, &["cooccur", "--codebook", "motivators"], "(n=12)"),
        (
            &kent,
            &[
                "cooccur",
                "--code",
                "motivators.extrinsic",
                "--measure",
                "jaccard",
            ],
            "Finance",
        ),
        (
            &ics,
            &["profile", "--attrs", "gender,age_group,site,cohort"],
            "Porirua",
        ),
        (
            &kent,
            &["codings", "list", "--where", "site=Maidstone"],
            "transcripts/M1.txt",
        ),
        (
            &kent,
            &["codings", "list", "--coder", "ben"],
            "motivators.intrinsic.boredom",
        ),
        (
            &kent,
            &["agree", "--coders", "ana,ben"],
            "(sample: 35 segments in 4 documents)",
        ),
        (
            &kent,
            &["agree", "--coders", "auto,ana", "--unit", "case"],
            "Precision",
        ),
        (
            &kent,
            &["agree", "--coders", "ana,ben", "--disagreements"],
            "transcripts/M2.txt",
        ),
        (
            &ics,
            &[
                "freq",
                "--codebook",
                "motivators",
                "--by",
                "site",
                "--suppress-below",
                "3",
            ],
            "Manurewa (n<3)",
        ),
    ];
    for (p, args, expect) in runs {
        for format in crate::freq::FORMATS.iter().chain(&["docx"]) {
            check_output(p, args, format, expect);
        }
    }
}

/// The Kent example, coded, with its two hand-coded coders' files.
fn kent_with_coders() -> crate::harness::Project {
    let kent = example("kent");
    kent.code();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for coder in ["ana", "ben"] {
        kent.write(
            &format!("codings/{coder}.csv"),
            std::fs::read(repo.join(format!("examples/kent/codings/{coder}.csv"))).unwrap(),
        );
    }
    kent
}

/// Run `args` in `format`: it succeeds, holds `expect` (but for a title in
/// CSV, which has none), JSON parses and Word reads back.
fn check_output(p: &crate::harness::Project, args: &[&str], format: &str, expect: &str) {
    let mut full = args.to_vec();
    full.extend(["--format", format]);
    if format == "docx" {
        // Code ids and sources, left out of a report's Word table, asked for.
        full.push("--show-source");
    }
    // CSV has each group's n in a row of its own: the header is the name.
    let expect = match expect.split_once(" (n") {
        Some((name, _)) if format == "csv" && !name.is_empty() => name,
        _ => expect,
    };
    let out = crate::harness::qualcode(p.root())
        .args(&full)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{full:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = if format == "docx" {
        qualcode::ingest::docx::text(&out.stdout, std::path::Path::new("out.docx")).unwrap()
    } else {
        String::from_utf8(out.stdout).unwrap()
    };
    if !(format == "csv" && expect.starts_with('(')) {
        assert!(text.contains(expect), "{full:?}: {text}");
    }
    if format == "json" {
        serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
    }
}
