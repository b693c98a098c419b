//! Manual codings: how `add` and `reject` rows merge with auto-coding, and
//! that automatic steps never rewrite a coder's file.

use std::fs;

use crate::harness::{Project, fixture};

const ANA: &str = "document,line,code,action,memo
transcripts/F1.txt,6,motives.money,reject,about the bills more than money
transcripts/N1.txt,5,motives.boredom,add,gardening to fill empty days
";

fn with_ana() -> Project {
    let p = fixture("mini");
    p.write("codings/ana.csv", ANA);
    p.code();
    p
}

fn row<'a>(csv: &'a str, id: &str) -> &'a str {
    csv.lines()
        .find(|l| l.ends_with(&format!(",{id}")))
        .unwrap_or_else(|| panic!("no row for {id} in\n{csv}"))
}

#[test]
fn reject_removes_and_add_adds_a_coding() {
    let p = with_ana();
    let csv = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(
        row(&csv, "motives.money"),
        "Money,2,33.3,\"F2, G1\",motives.money"
    );
    assert_eq!(
        row(&csv, "motives.boredom"),
        "Boredom,3,50.0,\"F10, G2, N1\",motives.boredom"
    );
    let quotes = p.ok(&["quotes", "--code", "motives.boredom", "-f", "csv"]);
    assert!(quotes.contains("I like gardening"), "{quotes}");
    assert!(quotes.contains("transcripts/N1.txt:5"), "{quotes}");
    // Auto-coding still proposes what Ana rejected: the audit trail is whole.
    assert!(
        p.read("codings/auto.csv")
            .contains("transcripts/F1.txt,F1,2,6,6,motives.money")
    );
}

#[test]
fn a_reject_applies_to_the_whole_segment_holding_the_line() {
    let p = fixture("mini");
    // F2's turn runs over lines 7-8; the money hit is on line 7.
    p.write(
        "codings/ana.csv",
        "document,line,code,action\ntranscripts/F2.md,8,motives.money,reject\n",
    );
    p.code();
    let csv = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(
        row(&csv, "motives.money"),
        "Money,2,33.3,\"F1, G1\",motives.money"
    );
}

#[test]
fn code_never_touches_manual_files() {
    let p = with_ana();
    let path = p.path("codings/ana.csv");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    p.code();
    p.code();
    assert_eq!(p.read("codings/ana.csv"), ANA);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    // And nothing is left behind by the atomic write.
    let mut names: Vec<String> = fs::read_dir(p.path("codings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["ana.csv", "auto.csv", "auto.sources.tsv", "corpus.index"]
    );
}

#[test]
fn check_counts_each_coders_decisions() {
    let p = with_ana();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("ok: codings/ana.csv: 2 decisions by ana"),
        "{}",
        r.stdout
    );
}

#[test]
fn stale_codings_after_a_transcript_edit_are_reported() {
    let p = fixture("mini");
    p.code();
    // A new first line moves every turn of F1 down by one.
    p.edit(
        "transcripts/F1.txt",
        "Interviewer: What gets",
        "Interviewer: Hello.\nInterviewer: What gets",
    );
    let err = p.bad(&["quotes", "--code", "motives.money"]);
    assert!(err.contains("qualcode code"), "{err}");
}

// --- codings add|reject|accept|undo|list --------------------------------------

const F1: [&str; 6] = [
    "--coder",
    "ana",
    "--document",
    "transcripts/F1.txt",
    "--line",
    "6",
];

fn decide(p: &Project, action: &str, code: &str, extra: &[&str]) -> String {
    let mut args = vec!["codings", action];
    args.extend(F1);
    args.extend(["--code", code]);
    args.extend(extra);
    p.ok(&args)
}

#[test]
fn codings_commands_write_the_coders_file_row_by_row() {
    let p = fixture("mini");
    p.code();
    assert!(!p.path("codings/ana.csv").exists());
    let out = decide(&p, "reject", "motives.money", &[]);
    assert_eq!(
        out,
        "codings/ana.csv:2: reject motives.money at transcripts/F1.txt:6 (case F1)\n"
    );
    decide(
        &p,
        "add",
        "motives.boredom",
        &["--memo", "\"bored\", she says"],
    );
    assert_eq!(
        p.read("codings/ana.csv"),
        "document,line,code,action,memo\n\
         transcripts/F1.txt,6,motives.money,reject,\n\
         transcripts/F1.txt,6,motives.boredom,add,\"\"\"bored\"\", she says\"\n"
    );
    // Every other command reads them as decisions.
    let csv = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(
        row(&csv, "motives.money"),
        "Money,2,33.3,\"F2, G1\",motives.money"
    );
    assert_eq!(
        row(&csv, "motives.boredom"),
        "Boredom,3,50.0,\"F1, F10, G2\",motives.boredom"
    );
    // And automatic steps leave them alone.
    let before = p.read("codings/ana.csv");
    p.code();
    assert_eq!(p.read("codings/ana.csv"), before);
    // Nothing is left beside them by the atomic writes.
    let mut names: Vec<String> = fs::read_dir(p.path("codings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["ana.csv", "auto.csv", "auto.sources.tsv", "corpus.index"]
    );
}

#[test]
fn codings_accept_keeps_the_coding_and_an_add_of_an_auto_coding_is_noted() {
    let p = fixture("mini");
    p.code();
    decide(&p, "accept", "motives.money", &[]);
    let r = p.run(&[
        "codings",
        "add",
        F1[0],
        F1[1],
        F1[2],
        F1[3],
        F1[4],
        F1[5],
        "--code",
        "motives.money",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "note: transcripts/F1.txt:6 (case F1) is already auto-coded motives.money: \
         the add is recorded and counts once\n"
    );
    let csv = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(
        row(&csv, "motives.money"),
        "Money,3,50.0,\"F1, F2, G1\",motives.money"
    );
}

#[test]
fn codings_undo_takes_back_the_last_row_only() {
    let p = fixture("mini");
    p.code();
    decide(&p, "reject", "motives.money", &[]);
    decide(&p, "add", "motives.boredom", &[]);
    let out = p.ok(&["codings", "undo", "--coder", "ana"]);
    assert_eq!(
        out,
        "removed codings/ana.csv:3: add motives.boredom at transcripts/F1.txt:6\n"
    );
    assert_eq!(
        p.read("codings/ana.csv"),
        "document,line,code,action,memo\ntranscripts/F1.txt,6,motives.money,reject,\n"
    );
}

#[test]
fn codings_list_shows_effective_codings_and_a_coders_rows() {
    let p = with_ana();
    let effective = p.ok(&["codings", "list", "-f", "csv"]);
    insta::assert_snapshot!("codings_list_effective_csv", effective);
    let ana = p.ok(&["codings", "list", "--coder", "ana", "-f", "table"]);
    insta::assert_snapshot!("codings_list_coder_table", ana);
    let json = p.ok(&[
        "codings",
        "list",
        "--code",
        "motives.boredom",
        "--source",
        "manual",
        "-f",
        "json",
    ]);
    insta::assert_snapshot!("codings_list_manual_json", json);
    let md = p.ok(&[
        "codings",
        "list",
        "--where",
        "site=South",
        "--code",
        "motives",
        "-f",
        "md",
    ]);
    insta::assert_snapshot!("codings_list_where_md", md);
}

#[test]
fn codings_list_filters_by_document_code_and_source() {
    let p = with_ana();
    let codes = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["codings", "list", "-f", "csv"];
        all.extend(args);
        p.ok(&all)
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                format!("{}:{} {}", f[1], f[3], f[5])
            })
            .collect()
    };
    assert_eq!(
        codes(&["--document", "transcripts/F1.txt"]),
        ["F1:8 motives.family.kids"]
    );
    assert_eq!(
        codes(&["--code", "motives.family"]),
        [
            "F1:8 motives.family.kids",
            "F2:7 motives.family.kids",
            "G1:2 motives.family.partner"
        ]
    );
    assert_eq!(codes(&["--source", "manual"]), ["N1:5 motives.boredom"]);
    assert_eq!(
        codes(&["--source", "auto", "--code", "motives.boredom"]),
        ["F10:5 motives.boredom", "G2:3 motives.boredom"]
    );
    let err = p.bad(&["codings", "list", "--coder", "ana", "--source", "auto"]);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn check_notes_rejects_and_accepts_that_match_no_auto_coding() {
    let p = fixture("mini");
    p.write(
        "codings/ana.csv",
        "document,line,code,action\n\
         transcripts/F1.txt,6,motives.money,reject\n\
         transcripts/F1.txt,6,motives.boredom,reject\n\
         transcripts/N1.txt,5,motives.money,accept\n",
    );
    // Without codings/auto.csv there is nothing to match against: no notes.
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("matches no auto coding"), "{}", r.stdout);
    p.code();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let notes: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("matches no auto coding"))
        .collect();
    assert_eq!(
        notes,
        [
            "note: codings/ana.csv:3: reject of motives.boredom matches no auto coding",
            "note: codings/ana.csv:4: accept of motives.money matches no auto coding"
        ]
    );
}

#[test]
fn document_may_be_given_as_the_shell_completes_it() {
    // `./transcripts/F1.txt`, an absolute path, or a path from the folder
    // the command runs in all name the project's transcripts/F1.txt.
    let p = fixture("mini");
    p.code();
    let reject = |dir: &std::path::Path, doc: &str| {
        let r = crate::harness::run(crate::harness::qualcode(dir).args([
            "--project",
            p.root().to_str().unwrap(),
            "codings",
            "reject",
            "--coder",
            "ana",
            "--document",
            doc,
            "--line",
            "6",
            "--code",
            "motives.money",
        ]));
        assert_eq!(r.code, 0, "{doc}: {}", r.stderr);
        p.ok(&["codings", "undo", "--coder", "ana"]);
    };
    reject(p.root(), "./transcripts/F1.txt");
    let absolute = p.path("transcripts/F1.txt");
    reject(p.root(), absolute.to_str().unwrap());
    reject(&p.path("transcripts"), "F1.txt");
    reject(&p.path("transcripts"), "../transcripts/F1.txt");
    let listed = p.ok(&[
        "codings",
        "list",
        "--document",
        "./transcripts/F1.txt",
        "-f",
        "csv",
    ]);
    assert!(listed.contains("transcripts/F1.txt,F1,"), "{listed}");
}
