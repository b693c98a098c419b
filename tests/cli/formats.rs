//! Transcripts in the formats transcription and meeting tools write (Otter,
//! Rev, Happy Scribe, Sonix, `WhisperX`, pyannote, Zoom chat, Teams, Word
//! HTML, Open Document, oral-history tables, a document without labels):
//! one project of all of them, each read into its own speakers and cases.

use crate::harness::fixture;

#[test]
fn every_format_in_one_project_reads_into_its_speakers() {
    let p = fixture("formats");
    let run = p.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(
        "formats_check",
        format!("--- stdout\n{}--- stderr\n{}", run.stdout, run.stderr)
    );
}

#[test]
fn speech_of_each_format_is_coded_under_its_case() {
    let p = fixture("formats");
    p.code();
    let quotes = p.ok(&["quotes", "--code", "talk.money", "-f", "csv"]);
    for (case, words) in [
        // WhisperX JSON, SPEAKER_01 mapped to W1 under `speakers:`.
        ("W1", "so the money is steadier"),
        // An oral-history table, columns named under `columns:`.
        ("Ann Lee", "The wages were poor"),
        // Teams VTT, `<v Surname, Forename>`.
        ("Mahe, Rawiri", "so the money side worked"),
        // Zoom chat saved by the client, `From Name to Everyone:`.
        ("Ana Ruiz", "The money question"),
        // A written response without labels, named by its front matter.
        ("R7", "The money helped"),
        // Rich Text Format, and the same file named `.txt`.
        ("P1", "Money for the bus"),
        ("P2", "Money for the rent"),
        // Word's "Save as Web Page", Windows-1252.
        (
            "F2",
            "it\u{2019}s money at the end of the day \u{2013} and my kids",
        ),
    ] {
        assert!(
            quotes
                .lines()
                .any(|l| l.contains(case) && l.contains(words)),
            "{case}: {words}\n{quotes}"
        );
    }
    // Interviewers, however their tool labels them, are never quoted.
    for label in ["SPEAKER_00", "Doe, Jane", "Ryan Sloan", "Speaker 1"] {
        assert!(!quotes.contains(&format!(",{label},")), "{label}\n{quotes}");
    }
    // A timestamp-only line continues the speaker before it, and is not
    // text (Otter's `Unknown Speaker`, which no case speaks: see all).
    let family = p.ok(&["kwic", "pushed me", "--all-speakers", "-f", "csv"]);
    assert!(
        family.contains(
            "transcripts/otter.txt:6,Unknown Speaker,\"… the money, to be honest. And my family\""
        ),
        "{family}"
    );
    let time = p.ok(&["kwic", "0:41", "--all-speakers", "-f", "csv"]);
    assert_eq!(time.lines().count(), 1, "{time}");
}

#[test]
fn a_tools_speaker_number_is_a_different_person_in_each_file() {
    // Two diarised interviews: SPEAKER_01 of one is not SPEAKER_01 of the
    // other, so `freq` counts two cases, each named after its file.
    let p = crate::harness::empty();
    p.ok(&["init"]);
    for f in ["P1.txt", "P2.txt"] {
        std::fs::remove_file(p.path(&format!("transcripts/{f}"))).unwrap();
    }
    p.write(
        "transcripts/call-a.txt",
        "[0.00 - 3.21] SPEAKER_00 - How are things going for you?\n\
         [3.50 - 9.00] SPEAKER_01 - The money is tight and the bills keep coming.\n",
    );
    p.write(
        "transcripts/call-b.json",
        r#"{"segments":[{"start":0.0,"end":2.0,"text":" What do you want?","speaker":"SPEAKER_00"},
            {"start":2.1,"end":5.0,"text":" To earn money for my family.","speaker":"SPEAKER_01"}]}"#,
    );
    p.code();
    let freq = p.ok(&["freq", "--codebook", "motivators", "-f", "csv"]);
    assert!(
        freq.contains("\"call-a SPEAKER_01, call-b SPEAKER_01\""),
        "{freq}"
    );
}
