//! Real interviews as they are published (tests/fixtures/fossrit).

use crate::harness::fixture;

#[test]
fn real_interviews_check_and_code_with_a_small_config() {
    let p = fixture("fossrit");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("fossrit_check_stdout", r.stdout);
    insta::assert_snapshot!("fossrit_check_stderr", r.stderr);
    p.code();
    let auto = p.read("codings/auto.csv");
    let mut reader = csv::Reader::from_reader(auto.as_bytes());
    let mut rows = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        rows += 1;
        let (doc, case) = (&rec[0], &rec[1]);
        let line: usize = rec[3].parse().unwrap();
        match doc {
            "transcripts/donald-1-full.md" => assert_eq!(case, "DONALD"),
            "transcripts/naomi-2-full.md" => {
                assert_eq!(case, "NAOMI");
                // Block quotes read out by the interviewer are not Naomi's speech.
                assert!(
                    !(15..=23).contains(&line) && !(33..=41).contains(&line),
                    "line {line}"
                );
            }
            other => panic!("unexpected document {other}"),
        }
        // Nothing from the licence preamble.
        assert!(line > 9, "line {line} of {doc}");
    }
    assert!(rows > 5, "{auto}");
    let quotes = p.ok(&[
        "quotes",
        "--code",
        "pypi.funding",
        "--limit",
        "1",
        "-f",
        "csv",
    ]);
    assert!(quotes.contains("Donald Stufft, round 1."), "{quotes}");
}

#[test]
fn all_sixteen_published_interviews_read_with_the_same_small_config() {
    let p = fixture("fossrit-all");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(": speakers "))
        .collect();
    assert_eq!(docs.len(), 16, "{}", r.stdout);
    for line in &docs {
        // transcripts/<narrator>-<round>-full.md
        let narrator = line
            .trim_start_matches("note: transcripts/")
            .split('-')
            .next()
            .unwrap()
            .to_uppercase();
        assert!(line.contains("MEL (interviewer, "), "{line}");
        assert!(line.contains(&format!("{narrator} (")), "{line}");
        let speakers = line.split(": speakers ").nth(1).unwrap();
        for (label, _) in speakers.split("), ").map(|s| s.split_once(" (").unwrap()) {
            assert!(
                ["MEL", "MIRABAI", narrator.as_str()].contains(&label)
                    || (line.contains("nick-2") && label.eq_ignore_ascii_case("Amanda")),
                "unexpected speaker {label} in {line}"
            );
        }
    }
    // Every licence preamble is kept out of coding.
    let preambles = r
        .stdout
        .lines()
        .filter(|l| l.contains(":1-9: 5 non-blank lines"))
        .count();
    assert_eq!(preambles, 16, "{}", r.stdout);
    p.code();
}
