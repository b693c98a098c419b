//! `qualcode init --from DIR`: a commented config for a folder of
//! transcripts.

use std::fs;

use crate::harness::{self, Project, fixtures, qualcode};

/// A folder `transcripts/` holding FOSSRIT interviews (one in a subfolder),
/// the Yasmine Word transcript, a Word file without speakers, a PDF, and a
/// `cases.csv` beside it.
fn folder() -> Project {
    let p = harness::empty();
    let t = p.path("transcripts");
    fs::create_dir_all(t.join("round2")).unwrap();
    let all = fixtures().join("fossrit-all/transcripts");
    for name in ["naomi-1-full.md", "terri-2-full.md"] {
        fs::copy(all.join(name), t.join(name)).unwrap();
    }
    fs::copy(all.join("nick-2-full.md"), t.join("round2/nick-2-full.md")).unwrap();
    let docx = fixtures().join("docx");
    fs::copy(
        docx.join("transcripts/Yasmine_Interview_Transcript.docx"),
        t.join("Yasmine_Interview_Transcript.docx"),
    )
    .unwrap();
    fs::copy(docx.join("other/ID1.docx"), t.join("ID1.docx")).unwrap();
    p.write("transcripts/notes.pdf", "%PDF-1.4\n");
    p.write("cases.csv", "id,round\nNAOMI,1\nTERRI,2\nNICK,2\n");
    p
}

#[test]
fn init_from_writes_a_commented_config_for_a_folder_of_transcripts() {
    let p = folder();
    let r = harness::run(qualcode(p.root()).args(["init", "--from", "transcripts"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("init_from_stdout", r.stdout);
    insta::assert_snapshot!("init_from_config", p.read("qualcode.yaml"));
    // Without the two files it could not read, the project checks clean,
    // with MEL and Hassan found as interviewers.
    fs::remove_file(p.path("transcripts/ID1.docx")).unwrap();
    fs::remove_file(p.path("transcripts/notes.pdf")).unwrap();
    let check = p.ok(&["check"]);
    assert!(
        check.contains("transcripts/round2/nick-2-full.md: speakers MEL (interviewer"),
        "{check}"
    );
    assert!(check.contains("Hassan (interviewer, 8 turns)"), "{check}");
    assert!(check.contains("attributes: id, round"), "{check}");
}

#[test]
fn init_from_never_replaces_a_config_without_force() {
    let p = folder();
    p.write("qualcode.yaml", "# mine\n");
    let r = harness::run(qualcode(p.root()).args(["init", "--from", "transcripts"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: ./qualcode.yaml already exists: pass --force to replace it\n"
    );
    assert_eq!(p.read("qualcode.yaml"), "# mine\n");
    let r = harness::run(qualcode(p.root()).args(["init", "--from", "transcripts", "--force"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(p.read("qualcode.yaml").contains("transcripts/**/*.md"));
}
