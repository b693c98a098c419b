//! Same inputs, byte-identical outputs, whatever the thread count.

use std::fmt::Write as _;

use crate::harness::{Project, fixture};

/// The mini project plus 300 generated interviews.
fn larger() -> Project {
    let p = fixture("mini");
    let lines = [
        "It's the money mostly, I want to pay my bills.",
        "My kids keep me going. My whānau too.",
        "I'm not bored, I'm busy, but I want something to do that pays.",
        "My confidence is coming back, slowly, bit by bit.",
        "Money for nothing is what people think.",
        "My partner says I should go for it, the wages are better.",
        "I like my garden.",
    ];
    for i in 0..300 {
        let mut text = format!("---\nid: X{i}\nsite: S{}\n---\n", i % 7);
        for t in 0..(3 + i % 5) {
            text.push_str("Interviewer: And then?\n");
            writeln!(text, "Participant: {}", lines[(i * 3 + t) % lines.len()]).unwrap();
            if t % 2 == 0 {
                text.push_str(lines[(i + t) % lines.len()]);
                text.push('\n');
            }
        }
        p.write(&format!("transcripts/gen/x{i}.txt"), text);
    }
    p.edit(
        "qualcode.yaml",
        "\"transcripts/*.txt\"",
        "\"transcripts/*.txt\", \"transcripts/gen/*.txt\"",
    );
    p
}

#[test]
fn codings_and_tables_are_identical_across_thread_counts() {
    let p = larger();
    let mut outputs = Vec::new();
    for threads in ["1", "2", "4", "1"] {
        p.ok(&["-q", "-j", threads, "code"]);
        let auto = p.read("codings/auto.csv");
        let freq = p.ok(&[
            "-j",
            threads,
            "freq",
            "--codebook",
            "motives",
            "--by",
            "site",
            "-f",
            "json",
        ]);
        let quotes = p.ok(&[
            "-j",
            threads,
            "quotes",
            "--code",
            "motives.money",
            "-f",
            "csv",
        ]);
        let personas = p.ok(&["-j", threads, "personas", "--by", "site", "-f", "csv"]);
        outputs.push((auto, freq, quotes, personas));
    }
    assert!(
        outputs[0].0.lines().count() > 500,
        "the corpus should code richly"
    );
    for (i, o) in outputs.iter().enumerate().skip(1) {
        assert!(o == &outputs[0], "run {i} differs from run 0");
    }
}

#[test]
fn kwic_is_identical_across_thread_counts() {
    let p = larger();
    let runs: Vec<String> = ["1", "3", "1"]
        .iter()
        .map(|threads| p.ok(&["-j", threads, "kwic", "--code", "motives", "-f", "csv"]))
        .collect();
    assert!(
        runs[0].lines().count() > 1000,
        "the corpus should hit richly"
    );
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0], runs[2]);
}

/// A transcript large enough to be split among the workers (read in
/// pieces, split in windows, its turns made on every worker, its rows
/// written as they are made, its index entry made while it is coded) codes
/// the same on any number of threads, and the tables read from its index
/// are those read from the transcript itself.
#[test]
fn a_large_transcript_codes_alike_on_any_threads_and_tables_from_its_index() {
    let p = fixture("mini");
    let lines = [
        "It's the money mostly.",
        "My kids keep me going.",
        "I like my garden.",
        "The wages are better.",
    ];
    let mut text = String::from("---\nid: BIG\nsite: S9\n---\n");
    // More turns than are made on one worker, more text than is coded on one.
    for t in 0..70_000 {
        text.push_str("Interviewer: And then?\n");
        writeln!(text, "Participant: {} {t}", lines[t % lines.len()]).unwrap();
    }
    assert!(text.len() > 2 << 20);
    p.write("transcripts/big.txt", &text);
    let mut outputs = Vec::new();
    for threads in ["1", "2", "3"] {
        p.ok(&["-q", "-j", threads, "code"]);
        let auto = p.read("codings/auto.csv");
        let by_site: Vec<&str> = "freq --codebook motives --by site -f json"
            .split(' ')
            .collect();
        let freq = || p.ok(&by_site);
        let from_index = freq();
        std::fs::remove_file(p.path("codings/corpus.index")).unwrap();
        assert_eq!(freq(), from_index, "{threads} threads");
        outputs.push((auto, from_index));
    }
    assert!(outputs[0].0.matches("transcripts/big.txt").count() > 50_000);
    assert!(outputs[0].1.contains("S9"));
    for (i, o) in outputs.iter().enumerate().skip(1) {
        assert!(o == &outputs[0], "run {i} differs from run 0");
    }
}
