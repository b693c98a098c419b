//! The catalogue of bad inputs, continued for transcript formats: files
//! qualcode does not read (legacy Word, PDF, also when renamed), and
//! JSON and table transcripts it cannot make turns of. Each ends with exit
//! code 2 and a message naming the file and saying how to convert it.

use crate::harness::{Project, fixture};

/// Set up the mini project, add `file` with `contents` (globbing every
/// file in `transcripts/`), run `check`, snapshot.
#[track_caller]
fn bad(name: &str, file: &str, contents: &[u8]) {
    let p: Project = fixture("mini");
    p.edit(
        "qualcode.yaml",
        r#"transcripts: ["transcripts/*.txt", "transcripts/*.md"]"#,
        r#"transcripts: ["transcripts/*"]"#,
    );
    p.write(&format!("transcripts/{file}"), contents);
    let err = p.bad(&["check"]);
    insta::assert_snapshot!(
        format!("bad_formats_{name}"),
        format!("exit code: 2\n--- stderr\n{err}")
    );
}

fn refused(file: &str) -> Vec<u8> {
    std::fs::read(
        crate::harness::fixtures()
            .join("formats/refused")
            .join(file),
    )
    .unwrap()
}

#[test]
fn legacy_word_and_pdf_are_refused_with_how_to_convert() {
    bad("doc", "E1.doc", &refused("transcript.doc"));
    bad("pdf", "E1.pdf", &refused("transcript.pdf"));
    bad("unknown_extension", "E1.pages", b"whatever");
}

#[test]
fn a_pdf_or_doc_renamed_is_refused_by_its_content() {
    bad("pdf_named_txt", "E1.txt", &refused("transcript.pdf"));
    bad("doc_named_docx", "E1.docx", &refused("transcript.doc"));
}

#[test]
fn json_and_tables_without_turns_are_refused() {
    bad(
        "json_malformed",
        "E1.json",
        b"{\"segments\": [\n  {\"text\": }\n]}\n",
    );
    bad(
        "json_not_segments",
        "E1.json",
        b"{\"text\": \"all of it\"}\n",
    );
    bad(
        "json_segment_without_text",
        "E1.json",
        b"[{\"start\": 0.5}]\n",
    );
    bad(
        "table_without_text_column",
        "E1.csv",
        b"Time,Who,Notes\n0:01,Ann,hi\n",
    );
    bad("table_without_text", "E1.csv", b"Speaker,Text\nAnn,\n");
    bad("odt_not_an_archive", "E1.odt", b"Interviewer: plain text\n");
    let mut deep = b"{\\rtf1 ".to_vec();
    deep.extend(std::iter::repeat_n(b'{', 600));
    bad("rtf_nested_too_deep", "E1.rtf", &deep);
}
