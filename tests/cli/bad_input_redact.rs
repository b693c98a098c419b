//! Bad inputs for redaction (issue 18, point 1): names on the redaction list
//! planted in every place a name can hide — a case id, a file name, a
//! front-matter attribute, a `cases.csv` column, coders' memos and spelling
//! variants in the text — must reach no output of any command, in any
//! format, nor a report or an export. Add a command to [`COMMANDS`], a
//! place to [`planted`] or a name to [`LIST`] and every other row follows.

use std::fmt::Write as _;
use std::io::Read;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::harness::{Project, example};

/// The list (`redact:`), as the issue gives it.
const LIST: &[(&str, &str)] = &[
    ("Aroha Ngata", "[P1]"),
    ("Aroha", "[P1]"),
    ("Zoltán", "[P2]"),
    ("Quenby Marsh", "[P3]"),
    ("Bartholomew", "[P4]"),
    ("Whetu", "[P5]"),
];

/// What must not appear, folded (lower case, no diacritics): every word of
/// every listed name, which also catches `Whētu`, `ZOLTAN` or half a name.
/// ("Marsh" alone is not listed, and `kwic marsh` asks for it.)
const WORDS: &[&str] = &["aroha", "ngata", "zoltan", "quenby", "bartholomew", "whetu"];

/// One command: its arguments, whether it takes `-f FORMAT`, whether it
/// must succeed, and a replacement its output must show (so that the
/// planted name did reach it: a test that finds no name in an empty output
/// would prove nothing).
struct Cmd {
    args: &'static [&'static str],
    formats: bool,
    ok: bool,
    shows: &'static str,
}

const fn table(args: &'static [&'static str], shows: &'static str) -> Cmd {
    Cmd {
        args,
        formats: true,
        ok: true,
        shows,
    }
}

const QUOTES_BY_CONTACT: &[&str] = &[
    "quotes",
    "--code",
    "motivators.extrinsic.finance",
    "--by",
    "contact",
    "--attribution",
    "Participant {id} {contact}",
];

const QUOTES_BY_KEYWORKER: &[&str] = &[
    "quotes",
    "--code",
    "motivators.extrinsic.finance",
    "--by",
    "keyworker",
    "--attribution",
    "Participant {id} ({keyworker})",
];

const ADD_ON_TURN: &[&str] = &[
    "codings",
    "add",
    "--coder",
    "eve",
    "--document",
    "transcripts/Aroha-F3.txt",
    "--line",
    "8",
    "--code",
    "motivators.extrinsic.finance",
    "--memo",
    "Whētu said so",
];

const ADD_OFF_TURN: &[&str] = &[
    "codings",
    "add",
    "--coder",
    "eve",
    "--document",
    "transcripts/Aroha-F3.txt",
    "--line",
    "9999",
    "--code",
    "motivators.extrinsic.finance",
];

/// Every command that shows case data, in the order they run (`code`
/// first, for the rest).
const COMMANDS: &[Cmd] = &[
    Cmd {
        args: &["code"],
        formats: false,
        ok: true,
        shows: "",
    },
    Cmd {
        args: &["check"],
        formats: false,
        ok: true,
        shows: "transcripts/[P1]-F3.txt",
    },
    table(&["freq", "--codebook", "motivators"], "[P4]"),
    table(
        &["freq", "--codebook", "motivators", "--by", "contact"],
        "[P5] [P1]",
    ),
    table(
        &["freq", "--codebook", "motivators", "--by", "keyworker"],
        "[P3]",
    ),
    table(&["cooccur", "--codebook", "motivators"], ""),
    table(
        &["profile", "--attrs", "site,contact,keyworker"],
        "[P5] [P1]",
    ),
    table(
        &["grid", "--codebook", "service", "--by", "contact"],
        "[P5] [P1]",
    ),
    table(QUOTES_BY_CONTACT, "Participant [P4] [P2]"),
    table(QUOTES_BY_KEYWORKER, "Participant F4 ([P3])"),
    table(&["kwic", "money"], "[P2]"),
    table(&["kwic", "marsh"], "[P3]"),
    table(&["kwic", "quenby marsh"], "[P3]"),
    table(&["kwic", "--code", "motivators.extrinsic.finance"], "[P4]"),
    table(&["codings", "list"], "[P1]-F3.txt"),
    table(&["codings", "list", "--coder", "ana"], "[P2] says"),
    table(&["codings", "list", "--coder", "ben"], "[P5]: the divorce"),
    table(&["agree", "--coders", "ana,ben"], ""),
    table(
        &["agree", "--coders", "ana,ben", "--disagreements"],
        "[P1]-F3.txt",
    ),
    table(
        &["agree", "--coders", "auto,ben", "--disagreements"],
        "[P1]-F3.txt",
    ),
    // A coder's decision and its undo, each confirmed on stdout.
    Cmd {
        args: ADD_ON_TURN,
        formats: false,
        ok: true,
        shows: "transcripts/[P1]-F3.txt:8 (case F3)",
    },
    Cmd {
        args: &["codings", "undo", "--coder", "eve"],
        formats: false,
        ok: true,
        shows: "transcripts/[P1]-F3.txt:8",
    },
    // Errors that name a file or a value.
    Cmd {
        args: ADD_OFF_TURN,
        formats: false,
        ok: false,
        shows: "transcripts/[P1]-F3.txt",
    },
    Cmd {
        args: &["kwic", "money", "--where", "contact=Whetu"],
        formats: false,
        ok: false,
        shows: "[P5] [P1]",
    },
];

const FORMATS: &[&str] = &["table", "csv", "md", "json", "docx", "xlsx"];

/// The Kent example with the names planted everywhere.
fn planted() -> Project {
    let p = example("kent");
    let mut yaml = p.read("qualcode.yaml");
    yaml.push_str("redact:\n");
    for (name, to) in LIST {
        writeln!(yaml, "  {name}: \"{to}\"").unwrap();
    }
    p.write("qualcode.yaml", yaml);
    // A file name.
    std::fs::rename(
        p.path("transcripts/F3.txt"),
        p.path("transcripts/Aroha-F3.txt"),
    )
    .unwrap();
    // (The harness leaves out codings/: the coders' files come from the
    // repository.)
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kent/codings");
    for coder in ["ana", "ben"] {
        let text = std::fs::read_to_string(repo.join(format!("{coder}.csv"))).unwrap();
        let text = text.replace("transcripts/F3.txt", "transcripts/Aroha-F3.txt");
        p.write(&format!("codings/{coder}.csv"), text);
    }
    // A case id, in the front matter and in cases.csv.
    p.edit("transcripts/M1.txt", "id: M1", "id: Bartholomew");
    // A front-matter attribute (F4 has no coders' rows whose lines move).
    p.edit(
        "transcripts/F4.txt",
        "id: F4",
        "id: F4\nkeyworker: Quenby Marsh",
    );
    // A cases.csv column.
    let cases: String = p
        .read("cases.csv")
        .lines()
        .map(|l| match l.split(',').next() {
            Some("id") => format!("{l},contact\n"),
            Some("F2") => format!("{l},Whetu Aroha\n"),
            Some("M1") => "Bartholomew,Maidstone,Zoltan\n".to_owned(),
            _ => format!("{l},Mandy\n"),
        })
        .collect();
    p.write("cases.csv", cases);
    // Memos.
    p.edit(
        "codings/ana.csv",
        "her wish to study is at line 18",
        "Zoltán says her wish to study is at line 18",
    );
    p.edit(
        "codings/ben.csv",
        "the divorce is told at line 12",
        "Whētu: the divorce is told at line 12",
    );
    // Spelling variants in the text, a name over a line break, and money
    // so that the finance quotes and `kwic money` show them.
    let mut f4 = p.read("transcripts/F4.txt");
    f4.push_str(
        "\nInterviewer: Anyone else who helped?\nF4: Whētu rang about the money, and ZOLTAN \
         sorted my bills. Quenby\nMarsh was lovely, aroha ngata too, and Bartholomew.\n",
    );
    p.write("transcripts/F4.txt", f4);
    let mut m1 = p.read("transcripts/M1.txt");
    m1.push_str("\nInterviewer: And money?\nM1: Whetū said the money is better, ask Zoltan.\n");
    p.write("transcripts/M1.txt", m1);
    p
}

/// `text` folded as the matcher folds: lower case, no diacritics.
fn folded(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// The listed words found in `text`.
fn leaks(text: &str) -> Vec<&'static str> {
    let text = folded(text);
    WORDS.iter().copied().filter(|w| text.contains(w)).collect()
}

/// Every entry of a zip (docx, xlsx, qdpx) as text.
fn unzipped(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        all.push_str(&entry.name().unwrap());
        all.push('\n');
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        all.push_str(&text);
    }
    all
}

#[test]
fn listed_names_reach_no_output_of_any_command_in_any_format() {
    let p = planted();
    let mut found: Vec<String> = Vec::new();
    let check = |found: &mut Vec<String>, what: String, text: &str| {
        let l = leaks(text);
        if !l.is_empty() {
            found.push(format!("{what}: {l:?}\n{text}\n"));
        }
    };
    for c in COMMANDS {
        let formats: &[&str] = if c.formats { FORMATS } else { &[""] };
        for format in formats {
            let mut cmd: Vec<&str> = c.args.to_vec();
            if !format.is_empty() {
                cmd.extend(["-f", format]);
            }
            let out = crate::harness::qualcode(p.root())
                .args(&cmd)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            assert_eq!(out.status.success(), c.ok, "{cmd:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "{cmd:?}: {stderr}");
            let stdout = if ["docx", "xlsx"].contains(format) {
                unzipped(&out.stdout)
            } else {
                String::from_utf8_lossy(&out.stdout).into_owned()
            };
            // (Terminal tables wrap, docx splits runs: CSV shows it whole.)
            if ["", "csv"].contains(format) {
                let all = format!("{stdout}{stderr}");
                if !all.contains(c.shows) {
                    found.push(format!("{cmd:?} shows no {:?}:\n{all}", c.shows));
                }
            }
            check(&mut found, format!("{cmd:?} stdout"), &stdout);
            check(&mut found, format!("{cmd:?} stderr"), &stderr);
        }
    }
    // The report, and the export (redacted by default).
    p.ok(&["-q", "report", "-o", "report.html", "--xlsx", "report.xlsx"]);
    check(&mut found, "report.html".into(), &p.read("report.html"));
    check(
        &mut found,
        "report.xlsx".into(),
        &unzipped(&std::fs::read(p.path("report.xlsx")).unwrap()),
    );
    let r = p.run(&["export", "qdpx", "-o", "out.qdpx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    check(&mut found, "export qdpx stderr".into(), &r.stderr);
    check(
        &mut found,
        "out.qdpx".into(),
        &unzipped(&std::fs::read(p.path("out.qdpx")).unwrap()),
    );
    assert!(
        found.is_empty(),
        "{} leaks:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_planted_project_does_hold_every_name() {
    // The test above proves something only if the names are there to leak:
    // the project's own working files keep raw text.
    let p = planted();
    p.code();
    let mut raw = p.read("codings/auto.csv");
    raw.push_str(&p.read("codings/ana.csv"));
    raw.push_str(&p.read("codings/ben.csv"));
    raw.push_str(&p.read("cases.csv"));
    raw.push_str(&p.read("transcripts/F4.txt"));
    assert_eq!(leaks(&raw), WORDS);
}

#[test]
fn export_without_redaction_is_explicit_and_warned() {
    let p = planted();
    let r = p.run(&["-q", "export", "qdpx", "--no-redact", "-o", "raw.qdpx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("warning: --no-redact: the 6 names on the redaction list"),
        "{}",
        r.stderr
    );
    let raw = unzipped(&std::fs::read(p.path("raw.qdpx")).unwrap());
    assert_eq!(leaks(&raw), WORDS);
}

#[test]
fn a_redacted_export_keeps_its_selections_on_their_lines() {
    // A name broken over two lines keeps its line break, so the
    // selections (which count lines) stay on the same text.
    let p = planted();
    p.code();
    let read = |file: &str| {
        p.ok(&["-q", "export", "qdpx", "-o", file]);
        unzipped(&std::fs::read(p.path(file)).unwrap())
    };
    let redacted = read("a.qdpx");
    assert!(
        redacted.contains("[P3]\n was lovely, [P1] too, and [P4]."),
        "{redacted}"
    );
    let lines = |s: &str| s.lines().count();
    let raw = {
        p.ok(&["-q", "export", "qdpx", "--no-redact", "-o", "b.qdpx"]);
        unzipped(&std::fs::read(p.path("b.qdpx")).unwrap())
    };
    assert_eq!(lines(&redacted), lines(&raw));
    // The same project gives the same bytes.
    assert_eq!(read("c.qdpx"), redacted);
    // Stand-ins in names and GUIDs from redacted keys: still valid.
    let bytes = std::fs::read(p.path("a.qdpx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut qde = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut qde)
        .unwrap();
    assert!(qde.contains("name=\"[P4]\""), "{qde}");
    p.write("project.qde", qde);
    crate::refi::assert_valid("Project.xsd", &p.path("project.qde"));
}
