//! Inert output: terminal escapes, bidi overrides and NULs planted in
//! transcript text, case attributes, file names, memos and error-triggering
//! inputs never reach a terminal raw (they are shown as `\x1b`, `\u{202e}`);
//! CSV cells a spreadsheet would run are neutralised unless `--raw-csv`, and
//! CSV and JSON otherwise keep the text as it is.

use crate::harness::{Project, Run, fixture};

/// An OSC 8 hyperlink, a screen clear, a right-to-left override and a NUL.
const OSC: &str = "\x1b]8;;http://evil\x07";
const CLEAR: &str = "\x1b[2J";
const RLO: &str = "\u{202e}";
const FORMULA: &str = "=HYPERLINK(\"http://evil\",\"x\")";

/// The mini project with the attacks planted everywhere text comes from.
fn planted() -> Project {
    let p = fixture("mini");
    // Transcript text: in a coded turn (money), first in the file.
    p.edit(
        "transcripts/F1.txt",
        "Honestly it's the money.",
        &format!("Honestly {OSC}it's{OSC} the {CLEAR}money{RLO} now\0."),
    );
    // A turn that starts like a formula.
    p.edit(
        "transcripts/F10.txt",
        "Participant: My confidence",
        &format!("Participant: {FORMULA} money.\nParticipant: My confidence"),
    );
    // Case attributes: a formula, and escapes.
    p.edit(
        "cases.csv",
        "F2,North,",
        "F2,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",",
    );
    p.edit("cases.csv", "F1,North,", &format!("F1,North{CLEAR}{RLO},"));
    // A file name (its case is not in cases.csv: a note names it).
    p.write(
        &format!("transcripts/X{RLO}{CLEAR}.txt"),
        "Participant: the money is why.\n",
    );
    p.code();
    p
}

/// No raw escape, bidi override or NUL on either stream.
#[track_caller]
fn assert_inert(args: &[&str], r: &Run) {
    for (name, s) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        for bad in ['\x1b', '\u{202e}', '\0', '\x07'] {
            assert!(
                !s.contains(bad),
                "qualcode {args:?}: raw {bad:?} on {name}:\n{s}"
            );
        }
    }
}

#[track_caller]
fn shown(p: &Project, args: &[&str]) -> Run {
    let r = p.run(args);
    assert_inert(args, &r);
    r
}

#[test]
fn terminal_formats_of_every_command_escape_controls_and_bidi() {
    let p = planted();
    let coder = ["codings", "add", "--coder", "ana", "--document"];
    let r = shown(
        &p,
        &[
            coder[0],
            coder[1],
            coder[2],
            coder[3],
            coder[4],
            "transcripts/F1.txt",
            "--line",
            "6",
            "--code",
            "motives.boredom",
            "--memo",
            &format!("see {OSC}here{RLO}"),
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let table_commands: &[&[&str]] = &[
        &["kwic", "money"],
        &["kwic", "--code", "motives"],
        &["quotes", "--code", "motives", "--by", "site"],
        &[
            "quotes",
            "--code",
            "motives.money",
            "--attribution",
            "{id} ({site})",
        ],
        &["codings", "list"],
        &["codings", "list", "--coder", "ana"],
        &["freq", "--codebook", "motives", "--by", "site"],
        &["profile"],
        &["cooccur", "--codebook", "motives"],
    ];
    for args in table_commands {
        for format in ["table", "md"] {
            let mut full = args.to_vec();
            full.extend(["--format", format]);
            let r = shown(&p, &full);
            assert_eq!(r.code, 0, "{full:?}: {r:?}");
        }
    }
    // The escapes are shown, not dropped.
    let kwic = p.ok(&["kwic", "money", "-f", "table"]);
    assert!(kwic.contains("\\x1b[2J"), "{kwic}");
    assert!(kwic.contains("\\u{202e}"), "{kwic}");
    let list = p.ok(&["codings", "list", "--coder", "ana", "-f", "table"]);
    assert!(list.contains("\\x1b]8;;http://evil\\x07"), "{list}");
    let quotes = p.ok(&["quotes", "--code", "motives", "--by", "site", "-f", "table"]);
    assert!(quotes.contains("North\\x1b[2J\\u{202e}"), "{quotes}");
    // Notes and summaries: check (the file name's case), code.
    for args in [&["check"][..], &["code"], &["codebook", "motives"]] {
        shown(&p, args);
    }
    let check = p.run(&["check"]);
    assert!(check.stdout.contains("X\\u{202e}\\x1b[2J"), "{check:?}");
}

#[test]
fn error_messages_escape_the_input_they_quote() {
    let p = planted();
    for args in [
        &["kwic", "--code", "motives\x1b[2J\u{202e}"][..],
        &["kwic", "re:\x1b]8;;http://evil\x07("],
        &["quotes", "--code", "motives", "--by", "\x1b[2Jsite"],
        &["freq", "--codebook", "motives", "--where", "site=\x1b[2J"],
        &["kwic", "money", "--bogus\x1b[2J\u{202e}"],
        &["kwic", "money", "--width", "\x1b[2J\u{202e}"],
    ] {
        let r = shown(&p, args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        // Shown escaped (clap drops the ESC sequences itself).
        assert!(
            r.stderr.contains("\\x1b") || r.stderr.contains("\\u{202e}"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // A bad codebook: the error still names the file:line.
    p.edit(
        "codebooks/motives.yaml",
        "label: Money",
        "label: Money\n    \"pat\\e[2J\\u202eterns\": x",
    );
    let r = shown(&p, &["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("codebooks/motives.yaml:7:5:"),
        "{}",
        r.stderr
    );
}

#[test]
fn csv_and_json_keep_the_text_intact() {
    let p = planted();
    let csv = p.ok(&["kwic", "money", "-f", "csv"]);
    assert!(csv.contains(CLEAR) && csv.contains(RLO), "{csv}");
    let csv = p.ok(&["quotes", "--code", "motives", "-f", "csv"]);
    assert!(csv.contains(OSC) && csv.contains('\0'), "{csv}");
    let json = p.ok(&["quotes", "--code", "motives", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v.to_string().contains(RLO), "{json}");
    assert!(!json.contains('\x1b'), "JSON escapes control characters");
}

/// Every CSV line of `out` holding `needle`, and whether each field holding
/// it is neutralised.
#[track_caller]
fn formula_cells(out: &str) -> Vec<&str> {
    out.lines()
        .flat_map(|l| l.split(','))
        .filter(|f| f.contains("HYPERLINK"))
        .collect()
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised_unless_raw() {
    let p = planted();
    let commands: &[&[&str]] = &[
        &["kwic", "money"],
        &["kwic", "money", "--attrs", "site"],
        &["quotes", "--code", "motives", "--by", "site"],
        &["quotes", "--code", "motives.money"],
        &["freq", "--codebook", "motives", "--by", "site"],
        &["profile"],
    ];
    for args in commands {
        let mut full = args.to_vec();
        full.extend(["--format", "csv"]);
        let guarded = p.ok(&full);
        let cells = formula_cells(&guarded);
        assert!(
            !cells.is_empty(),
            "{full:?}: no formula planted:\n{guarded}"
        );
        for cell in &cells {
            let start = cell.trim_start_matches('"');
            assert!(
                start.starts_with("'=HYPERLINK") || !start.starts_with('='),
                "{full:?}: {cell} not neutralised:\n{guarded}"
            );
        }
        assert!(guarded.contains("'=HYPERLINK"), "{full:?}:\n{guarded}");
        full.push("--raw-csv");
        let raw = p.ok(&full);
        assert!(!raw.contains("'=HYPERLINK"), "{full:?}:\n{raw}");
        assert_eq!(
            raw,
            guarded.replace("'=HYPERLINK", "=HYPERLINK"),
            "{full:?}"
        );
    }
    // Numbers stay numbers: no quote before a count or a percentage.
    let freq = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert!(!freq.contains(",'"), "{freq}");
}

#[test]
fn a_coders_own_file_keeps_a_formula_memo_exactly_and_lists_it_guarded() {
    let p = planted();
    p.ok(&[
        "codings",
        "add",
        "--coder",
        "ana",
        "--document",
        "transcripts/F1.txt",
        "--line",
        "6",
        "--code",
        "motives.boredom",
        "--memo",
        "=1+2",
    ]);
    assert!(p.read("codings/ana.csv").contains(",=1+2\n"));
    let list = p.ok(&["codings", "list", "--coder", "ana", "-f", "csv"]);
    assert!(list.contains(",'=1+2"), "{list}");
    let raw = p.ok(&[
        "codings",
        "list",
        "--coder",
        "ana",
        "-f",
        "csv",
        "--raw-csv",
    ]);
    assert!(raw.contains(",=1+2"), "{raw}");
}

#[test]
fn import_qdc_to_stdout_writes_no_file_named_dash() {
    let p = fixture("mini");
    std::fs::copy(
        crate::harness::fixtures().join("refi/REFI-QDA-1-5.qdc"),
        p.path("c.qdc"),
    )
    .unwrap();
    let r = p.run(&["import", "qdc", "c.qdc", "--name", "c", "-o", "-"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("\ncodebook: c\n"), "{}", r.stdout);
    assert!(!p.path("-").exists());
    // The same YAML a file gets.
    p.ok(&["import", "qdc", "c.qdc", "--name", "c", "-o", "c.yaml"]);
    assert_eq!(p.read("c.yaml"), r.stdout);
}

#[cfg(unix)]
#[test]
fn the_review_screen_shows_planted_escapes_escaped() {
    use std::process::Command;
    let p = planted();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("qualcode"));
    cmd.current_dir(p.root())
        .args(["review", "--coder", "ana"])
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("LINES", "40")
        .env("TERM", "xterm");
    let mut s = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    let screen = s.exp_string("motives.money  Money").unwrap();
    let rest = s.exp_string("a accept").unwrap();
    let screen = format!("{screen}{rest}");
    assert!(screen.contains("\\u{202e}"), "{screen:?}");
    assert!(screen.contains("North\\x1b[2J"), "{screen:?}");
    // The screen's own control sequences only: no planted ones.
    assert!(!screen.contains('\u{202e}'), "{screen:?}");
    assert!(!screen.contains(OSC), "{screen:?}");
    assert!(!screen.contains("North\x1b"), "{screen:?}");
    s.send("q").unwrap();
    s.flush().unwrap();
    s.exp_eof().unwrap();
}
