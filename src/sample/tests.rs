use super::*;
use crate::coding::Source;
use crate::ingest::Outline;
use crate::project::Cases;

/// Documents A..E with `n` one-line segments each, case = document letter.
fn corpus(n: usize) -> Corpus {
    let outline = |name: &str| Outline {
        path: format!("t/{name}.txt"),
        cases: vec![name.into()],
        attributes: vec![],
        segments: (1..=n)
            .map(|i| SegmentInfo {
                ordinal: i,
                case: name.into(),
                line_start: 2 * i,
                line_end: 2 * i,
            })
            .collect(),
        preamble: None,
        speakers: vec![],
        notices: vec![],
        detected: vec![],
        encoding: "UTF-8",
        turns_hash: 0,
    };
    Corpus::new(
        ["A", "B", "C", "D", "E"].map(outline).to_vec(),
        Cases::default(),
    )
}

fn codes() -> CodeSet {
    let mut set = CodeSet::default();
    let yaml = "codebook: m\ncodes:\n  - id: fam\n  - id: money\n";
    set.add(CodeSet::parse(yaml, "m.yaml").unwrap()).unwrap();
    set
}

fn auto(doc: &str, segment: usize, code: &str) -> Coding {
    Coding {
        document: doc.into(),
        case: String::new(),
        segment,
        line_start: 2 * segment,
        line_end: 2 * segment,
        code: crate::codebook::CodeId::parse(code).unwrap(),
        source: Source::Auto,
        coder: crate::coding::Coder::Auto,
        pattern: String::new(),
        matched: String::new(),
        memo: String::new(),
    }
}

#[test]
fn allocation_is_proportional_with_largest_remainders() {
    assert_eq!(allocate(&[50, 30, 20], 10), [5, 3, 2]);
    // Quotas 3.33, 3.33, 3.33: the first strata take the spare one.
    assert_eq!(allocate(&[10, 10, 10], 10), [4, 3, 3]);
    // Quotas 0.9, 0.1 for n = 1: the larger remainder wins.
    assert_eq!(allocate(&[90, 10], 1), [1, 0]);
    // Quotas 6.67, 3.33 → 7, 3.
    assert_eq!(allocate(&[20, 10], 10), [7, 3]);
    assert_eq!(allocate(&[3, 2], 99), [3, 2]);
    let shares = allocate(&[7, 1, 13, 2, 40], 17);
    assert_eq!(shares.iter().sum::<usize>(), 17);
}

#[test]
fn a_sample_is_reproducible_stratified_and_includes_uncoded_segments() {
    let (corpus, codes) = (corpus(8), codes());
    // 10 of the 40 segments coded: fam in A, money in B (and one both).
    let mut coded: Vec<Coding> = (1..=5).map(|i| auto("t/A.txt", i, "m.fam")).collect();
    coded.extend((1..=5).map(|i| auto("t/B.txt", i, "m.money")));
    coded.push(auto("t/B.txt", 1, "m.fam"));
    let opts = SampleOptions {
        size: 8,
        seed: 7,
        ..SampleOptions::default()
    };
    let drawn = draw(&corpus, &codes, &coded, &opts).unwrap();
    let sheet = drawn.sheet.clone();
    assert_eq!(sheet, draw(&corpus, &codes, &coded, &opts).unwrap().sheet);
    // Strata: fam 6 (A1-5, B1), money 4, uncoded 30 → quotas 1.2, 0.8, 6.
    assert_eq!(
        drawn.strata,
        [
            ("m.fam".to_owned(), 6, 1),
            ("m.money".to_owned(), 4, 1),
            (UNCODED.to_owned(), 30, 6)
        ]
    );
    // The sheet numbers the strata: their names would unblind the coder.
    let count = |s: &str| sheet.rows.iter().filter(|r| r.stratum == s).count();
    assert_eq!((count("1"), count("2"), count("3")), (1, 1, 6));
    assert!(sheet.rows.iter().all(|r| r.codes.is_none()));
    let mut sorted = sheet.rows.clone();
    sorted.sort_by(|a, b| (&a.document, a.line).cmp(&(&b.document, b.line)));
    assert_eq!(sorted, sheet.rows, "in document and line order");
    let other = draw(
        &corpus,
        &codes,
        &coded,
        &SampleOptions {
            seed: 8,
            ..opts.clone()
        },
    )
    .unwrap();
    assert_ne!(other.sheet.rows, sheet.rows);
}

#[test]
fn by_case_every_case_gets_its_share() {
    let (corpus, codes) = (corpus(4), codes());
    let opts = SampleOptions {
        size: 10,
        seed: 1,
        stratify: Stratify::Case,
        ..SampleOptions::default()
    };
    let sheet = draw(&corpus, &codes, &[], &opts).unwrap().sheet;
    for case in ["A", "B", "C", "D", "E"] {
        assert_eq!(sheet.rows.iter().filter(|r| r.case == case).count(), 2);
    }
    let err = draw(&corpus, &codes, &[], &SampleOptions { size: 0, ..opts }).unwrap_err();
    assert!(err.message().contains("--size must be from 1"), "{err}");
}

#[test]
fn a_sheet_round_trips_and_rejects_bad_rows() {
    let (corpus, codes) = (corpus(2), codes());
    let mut sheet = draw(
        &corpus,
        &codes,
        &[],
        &SampleOptions {
            size: 3,
            seed: 5,
            codebook: Some("m".into()),
            stratify: Stratify::Code,
        },
    )
    .unwrap()
    .sheet;
    sheet.rows[0].codes = Some(vec!["m.fam".into(), "m.money".into()]);
    sheet.rows[1].codes = Some(vec![]);
    let bytes = sheet.to_csv().unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.starts_with("document,line,case,stratum,codebook,seed,codes\n"),
        "{text}"
    );
    assert!(text.contains(",m,5,m.fam;m.money\n"), "{text}");
    assert!(text.contains(",m,5,-\n"), "{text}");
    let back = parse(&bytes, "s.csv", &corpus, &codes).unwrap();
    assert_eq!(back, sheet);
    assert_eq!(back.decided(), 2);
    let bad = |csv: &str| {
        parse(csv.as_bytes(), "s.csv", &corpus, &codes)
            .unwrap_err()
            .to_string()
    };
    let head = "document,line,case,stratum,codebook,seed,codes\n";
    assert!(
        bad(&format!("{head}t/A.txt,2,A,x,m,5,m.nope\n"))
            .starts_with("s.csv:2: unknown code 'm.nope'")
    );
    assert!(
        bad(&format!("{head}t/A.txt,9,A,x,m,5,\n"))
            .starts_with("s.csv:2: t/A.txt:9 is not a participant segment")
    );
    assert!(bad(&format!("{head}t/A.txt,2,A,x,m,5,\nt/A.txt,2,A,x,m,5,\n")).contains("twice"));
    assert!(bad("a,b\n").starts_with("s.csv:1: not a sample sheet"));
}
