//! Transcripts in legacy encodings: detected and said, or as configured.

use crate::harness::fixture;

const CP1252: &[u8] = b"---\nid: E1\n---\nParticipant: the caf\xe9 job \x96 it\x92s the money\r\n";

#[test]
fn windows_1252_is_detected_said_and_quoted_right() {
    let p = fixture("mini");
    p.write("transcripts/E1.txt", CP1252);
    let check = p.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("transcripts/E1.txt: not UTF-8: read as windows-1252 (detected)"),
        "{}",
        check.stdout
    );
    p.code();
    let quotes = p.ok(&["quotes", "--code", "motives.money", "-f", "csv"]);
    assert!(quotes.contains("the café job – it’s the money"), "{quotes}");
}

#[test]
fn the_encoding_setting_and_option_decide() {
    let p = fixture("mini");
    // In ISO-8859-15, 0xA4 is the euro sign; detection would guess otherwise.
    p.write(
        "transcripts/E1.txt",
        b"---\nid: E1\n---\nParticipant: \xa45 of money\n".as_slice(),
    );
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nencoding: iso-8859-15",
    );
    p.code();
    let quotes = p.ok(&["quotes", "--code", "motives.money", "-f", "csv"]);
    assert!(quotes.contains("€5 of money"), "{quotes}");
    // --encoding overrides the setting.
    p.run(&["--encoding", "windows-1252", "code"]);
    let quotes = p.ok(&[
        "--encoding",
        "windows-1252",
        "quotes",
        "--code",
        "motives.money",
        "-f",
        "csv",
    ]);
    assert!(quotes.contains("¤5 of money"), "{quotes}");
}
