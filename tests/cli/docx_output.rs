//! `--format docx`: a Word document with the table as a Word table (read
//! back with qualcode's own Word reader), quotes as paragraphs, the same
//! bytes on every run.

use std::path::Path;

use crate::harness::{example, fixture, qualcode};

/// Run in `dir` and return stdout as bytes.
fn bytes(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = qualcode(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn text(docx: &[u8]) -> String {
    qualcode::ingest::docx::text(docx, Path::new("out.docx")).unwrap()
}

#[test]
fn freq_as_docx_holds_the_table_cells_and_notes() {
    let p = example("kent");
    p.code();
    let docx = bytes(
        p.root(),
        &["freq", "--codebook", "motivators", "-f", "docx"],
    );
    assert!(docx.starts_with(b"PK\x03\x04"));
    let text = text(&docx);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Motivating factors for returning to work: cases mentioning each code (n=12)"
    );
    // Code ids are left out of a report's table unless --show-source.
    assert_eq!(
        lines[1..5],
        ["Code", "Cases (n)", "% of cases", "Mentioned by"]
    );
    assert_ne!(lines[5], "Id");
    let finance = lines.iter().position(|l| *l == "Finance").unwrap();
    assert_eq!(
        lines[finance + 1..finance + 4],
        ["8", "67%", "F1, F4, F5, F6, M1, M2, M3, NK3"]
    );
    assert!(!text.contains("motivators.extrinsic.finance"));
    assert!(text.contains("treat these counts as indicative only"));
}

#[test]
fn docx_is_byte_identical_across_runs_and_thread_counts() {
    let p = example("kent");
    p.code();
    let args = [
        "grid",
        "--codebook",
        "service",
        "--by",
        "site",
        "-f",
        "docx",
    ];
    let one = bytes(p.root(), &args);
    let mut j1 = vec!["-j", "1"];
    j1.extend_from_slice(&args);
    assert_eq!(one, bytes(p.root(), &args));
    assert_eq!(one, bytes(p.root(), &j1));
    // A grid cell's themes are one paragraph each.
    assert!(text(&one).contains("\nProviding references\nHome visits and outreach\n"));
}

#[test]
fn quotes_as_docx_are_paragraphs_with_attributions_and_redacted() {
    let p = fixture("mini");
    let args = [
        "quotes", "--code", "motives", "--by", "cohort", "-f", "docx",
    ];
    // As it goes into a report: no code id, no source lines.
    let plain = text(&bytes(p.root(), &args));
    assert!(
        plain.starts_with("Quotes: Reasons to work, by cohort\n"),
        "{plain}"
    );
    assert!(!plain.contains("transcripts/F1.txt:"), "{plain}");
    let docx = bytes(p.root(), &[&args[..], &["--show-source"]].concat());
    let text = text(&docx);
    assert!(text.starts_with("Quotes: Reasons to work (motives), by cohort\n"));
    assert!(text.contains("\nOlder\n"), "{text}");
    assert!(
        text.contains("Participant F1.\ntranscripts/F1.txt:"),
        "quote, attribution, then source: {text}"
    );
    assert!(text.contains("[ICSM]"));
    assert!(!text.to_lowercase().contains("sarah"));
}

#[test]
fn personas_and_codebook_show_take_docx_too() {
    let p = fixture("mini");
    let personas = text(&bytes(
        p.root(),
        &["personas", "--by", "cohort", "-f", "docx"],
    ));
    assert!(personas.contains("Total (n="), "{personas}");
    let show = text(&bytes(
        p.root(),
        &["codebook", "show", "motives", "-f", "docx"],
    ));
    assert!(show.contains("motives.family.kids"), "{show}");
}
