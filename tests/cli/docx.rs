//! Word transcripts made by other people and software: speakers, header
//! blocks and turns as written, and clear refusals.

use crate::harness::fixture;

#[test]
fn real_word_transcripts_read_into_speakers_and_turns() {
    let p = fixture("docx");
    let run = p.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(
        "docx_check",
        format!("--- stdout\n{}--- stderr\n{}", run.stdout, run.stderr)
    );
    p.code();
    let quotes = p.ok(&[
        "quotes",
        "--code",
        "talk.code",
        "--max-words",
        "12",
        "-f",
        "csv",
    ]);
    // The debate's candidates speak; the moderator (an interviewer) never does.
    assert!(quotes.contains("Participant ROMNEY."), "{quotes}");
    assert!(!quotes.contains("LEHRER"), "{quotes}");
}

#[test]
fn documents_without_speakers_or_that_are_not_word_are_refused_clearly() {
    for (file, name) in [("ID1.docx", "docx_without_speakers")] {
        let p = fixture("docx");
        p.write(
            &format!("transcripts/{file}"),
            std::fs::read(p.path(&format!("other/{file}"))).unwrap(),
        );
        let err = p.bad(&["check"]);
        insta::assert_snapshot!(name, format!("exit code: 2\n--- stderr\n{err}"));
    }
    let p = fixture("docx");
    p.write(
        "transcripts/notes.docx",
        "Interviewer: saved as text, named .docx\n",
    );
    let err = p.bad(&["check"]);
    insta::assert_snapshot!(
        "docx_not_a_word_document",
        format!("exit code: 2\n--- stderr\n{err}")
    );
}
