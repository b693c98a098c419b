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
