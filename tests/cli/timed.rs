//! Timed transcripts made by other software (WebVTT from Zoom, Teams and
//! the spec's test suites; SubRip captions): every file reads into the
//! right speakers and turns, or fails with the right message.

use crate::harness::fixture;

#[test]
fn every_real_vtt_and_srt_file_reads_into_speakers_and_turns() {
    let p = fixture("timed");
    let run = p.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(
        "timed_check",
        format!("--- stdout\n{}--- stderr\n{}", run.stdout, run.stderr)
    );
}

#[test]
fn speech_from_voice_tags_and_zoom_labels_is_coded_under_its_case() {
    let p = fixture("timed");
    p.code();
    let quotes = p.ok(&["quotes", "--code", "talk.memory", "-f", "csv"]);
    // A Mozilla talk with <v Kyle Huey> voice tags; Roger Bingham, the
    // spec example's interviewer, is never coded.
    assert!(
        quotes.contains("cycle-collector-talk.vtt") && quotes.contains("Kyle Huey"),
        "{quotes}"
    );
    let code = p.ok(&["quotes", "--code", "talk.code", "-f", "csv"]);
    // Zoom's `Name: text` cues, mapped to case ids by the speaker map.
    assert!(
        code.contains(",CH,") || code.contains("Participant CH"),
        "{code}"
    );
    assert!(
        !code.contains("Srijani Ghosh:"),
        "labels stay out of the text: {code}"
    );
    // Quotes from timed sources carry the start time of their turn.
    assert!(
        quotes.contains("cycle-collector-talk.vtt:8-48 [00:00:04]"),
        "{quotes}"
    );
}

#[test]
fn files_invalid_by_design_fail_with_the_line() {
    for (file, name) in [
        ("invalid_timeframe.srt", "timed_bad_srt_timestamp"),
        ("voice-no-end-gt.vtt", "timed_bad_vtt_no_text"),
    ] {
        let p = fixture("timed");
        p.write(
            &format!("transcripts/{file}"),
            p.read(&format!("invalid/{file}")),
        );
        let err = p.bad(&["check"]);
        insta::assert_snapshot!(name, format!("exit code: 2\n--- stderr\n{err}"));
    }
}
