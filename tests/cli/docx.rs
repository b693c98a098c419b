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
fn documents_without_speakers_are_one_case_and_others_are_refused_clearly() {
    // QualCoder's ID1.docx has no speaker labels: one turn of case ID1.
    let p = fixture("docx");
    p.write(
        "transcripts/ID1.docx",
        std::fs::read(p.path("other/ID1.docx")).unwrap(),
    );
    let out = p.ok(&["check"]);
    assert!(
        out.contains(
            "transcripts/ID1.docx: no speaker labels: the whole text is one turn of case ID1"
        ),
        "{out}"
    );
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
