//! Excel and CSV for spreadsheets: `-o FILE.xlsx` and `-f xlsx` read back
//! with a reader crate (calamine) as typed cells, `report --xlsx`, the CSV
//! byte-order mark and `n` row, and `-o` itself (atomic, no overwrite
//! without --force, no folder made).

use std::fmt::Write as _;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::harness::{Project, example, fixture, qualcode};

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

/// Every sheet of a workbook as text, one line per row: strings quoted,
/// numbers bare, blank cells empty, a `~` before a cell with a fill (a
/// suppressed cell) and its number format after a `|`.
fn grid(bytes: &[u8]) -> String {
    let mut x = open(bytes);
    let mut out = String::new();
    for name in x.sheet_names() {
        let range = x.worksheet_range(&name).unwrap();
        let styles = x.worksheet_style(&name).unwrap();
        let _ = writeln!(out, "== sheet {name:?}");
        let Some((rows, cols)) = range.end() else {
            continue;
        };
        for r in 0..=rows {
            let cells: Vec<String> = (0..=cols)
                .map(|c| {
                    let style = styles.get((r, c));
                    let filled = style
                        .and_then(|s| s.fill.clone())
                        .is_some_and(|f| f.is_visible());
                    let format = style
                        .and_then(|s| s.number_format.clone())
                        .map(|f| f.format_code)
                        .filter(|f| f != "General");
                    let value = match range.get_value((r, c)) {
                        Some(Data::String(s)) => format!("{s:?}"),
                        Some(Data::Float(f)) => format!("{}", (f * 1e6).round() / 1e6),
                        Some(Data::Empty) | None => String::new(),
                        Some(other) => format!("{other:?}"),
                    };
                    let mut cell = String::new();
                    if filled {
                        cell.push('~');
                    }
                    cell.push_str(&value);
                    if let Some(f) = format
                        && !value.is_empty()
                    {
                        let _ = write!(cell, "|{f}");
                    }
                    cell
                })
                .collect();
            let _ = writeln!(out, "{}", cells.join(" ; ").trim_end_matches([' ', ';']));
        }
    }
    out
}

fn coded_kent() -> Project {
    let p = example("kent");
    p.code();
    p
}

#[test]
fn freq_by_site_as_xlsx_reads_back_as_typed_cells() {
    let p = coded_kent();
    p.ok(&[
        "freq",
        "--codebook",
        "recruitment",
        "--by",
        "site",
        "-o",
        "table3.xlsx",
    ]);
    let book = std::fs::read(p.path("table3.xlsx")).unwrap();
    insta::assert_snapshot!(grid(&book));
}

#[test]
fn suppressed_cells_in_xlsx_are_blank_and_grey() {
    let p = coded_kent();
    p.ok(&[
        "freq",
        "--codebook",
        "recruitment",
        "--by",
        "site",
        "--suppress-below",
        "5",
        "-o",
        "t.xlsx",
    ]);
    let book = std::fs::read(p.path("t.xlsx")).unwrap();
    let shown = grid(&book);
    assert!(!shown.contains("\"<5\""), "{shown}");
    assert!(shown.contains('~'), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn xlsx_on_stdout_is_the_same_workbook_and_same_bytes_every_run() {
    let p = coded_kent();
    let args = ["freq", "--codebook", "motivators", "-f", "xlsx"];
    let run = || {
        let out = qualcode(p.root()).args(args).output().unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let first = run();
    assert!(first.starts_with(b"PK\x03\x04"));
    assert_eq!(first, run());
    p.ok(&["freq", "--codebook", "motivators", "-o", "m.xlsx"]);
    assert_eq!(std::fs::read(p.path("m.xlsx")).unwrap(), first);
}

#[test]
fn quotes_as_xlsx_are_redacted_and_formulas_stay_text() {
    let p = fixture("mini");
    p.edit(
        "transcripts/F10.txt",
        "Participant: My confidence",
        "Participant: =HYPERLINK(\"http://evil\",\"x\") money.\nParticipant: My confidence",
    );
    p.code();
    p.ok(&["quotes", "--code", "motives", "-o", "q.xlsx"]);
    let book = std::fs::read(p.path("q.xlsx")).unwrap();
    let shown = grid(&book);
    assert!(!shown.contains("Sarah"), "{shown}");
    assert!(shown.contains("[ICSM] has been great"), "{shown}");
    assert!(shown.contains("\"=HYPERLINK("), "{shown}");
    let mut x = open(&book);
    let name = x.sheet_names()[0].clone();
    let formulas = x.worksheet_formula(&name).unwrap();
    assert!(
        formulas.used_cells().next().is_none(),
        "a formula was written"
    );
}

#[test]
fn report_xlsx_is_a_workbook_of_every_table_and_the_quotes() {
    let p = coded_kent();
    let r = p.run(&["report", "--xlsx", "kent.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !p.path("report.html").exists(),
        "--xlsx alone writes no HTML"
    );
    let book = std::fs::read(p.path("kent.xlsx")).unwrap();
    let names = open(&book).sheet_names();
    insta::assert_snapshot!(names.join("\n"));
    assert_eq!(names[0], "Contents");
    assert_eq!(names.last().map(String::as_str), Some("Quotes"));
    for n in &names {
        assert!(n.chars().count() <= 31, "{n}");
    }
    let shown = grid(&book);
    // The contents name every other sheet.
    for n in &names[1..] {
        assert!(shown.contains(&format!("{n:?}")), "{n}");
    }
    // Both at once: the HTML too.
    p.ok(&["report", "-o", "r.html", "--xlsx", "kent.xlsx"]);
    assert!(p.path("r.html").exists());
}

#[test]
fn csv_to_a_file_starts_with_a_bom_and_stdout_only_when_asked() {
    let p = coded_kent();
    let args = ["freq", "--codebook", "recruitment", "--by", "site"];
    let with = |extra: &[&'static str]| [&args[..], extra].concat();
    let stdout = p.ok(&with(&["-f", "csv"]));
    assert!(!stdout.starts_with('\u{feff}'));
    assert!(p.ok(&with(&["-f", "csv", "--bom"])).starts_with('\u{feff}'));
    p.ok(&with(&["-o", "t.csv"]));
    let file = p.read("t.csv");
    assert_eq!(file, format!("\u{feff}{stdout}"));
    p.ok(&with(&["-o", "t.csv", "--force", "--no-bom"]));
    assert_eq!(p.read("t.csv"), stdout);
    // Plain names in the header, the n in the row under it.
    let mut lines = stdout.lines();
    let header = lines.next().unwrap();
    assert!(!header.contains("(n="), "{header}");
    assert!(header.contains(",Folkestone,"), "{header}");
    assert!(lines.next().unwrap().starts_with("n,"), "{stdout}");
}

#[test]
fn output_file_is_not_replaced_without_force() {
    let p = coded_kent();
    p.write("t.md", "mine\n");
    let err = p.bad(&["freq", "--codebook", "motivators", "-o", "t.md"]);
    assert!(err.contains("t.md exists: use --force"), "{err}");
    assert_eq!(p.read("t.md"), "mine\n");
    p.ok(&["freq", "--codebook", "motivators", "-o", "t.md", "--force"]);
    assert!(
        p.read("t.md").starts_with("**Motivating"),
        "{}",
        p.read("t.md")
    );
}

#[test]
fn docx_leaves_out_code_ids_and_sources_unless_asked() {
    let p = coded_kent();
    let text = |args: &[&str]| {
        let out = qualcode(p.root()).args(args).output().unwrap();
        assert!(out.status.success());
        qualcode::ingest::docx::text(&out.stdout, Path::new("t.docx")).unwrap()
    };
    let plain = text(&["freq", "--codebook", "motivators", "-f", "docx"]);
    assert!(!plain.contains("motivators.extrinsic.finance"), "{plain}");
    let shown = text(&[
        "freq",
        "--codebook",
        "motivators",
        "-f",
        "docx",
        "--show-source",
    ]);
    assert!(shown.contains("motivators.extrinsic.finance"), "{shown}");
    let quotes = [
        "quotes",
        "--code",
        "motivators.extrinsic.finance",
        "--limit",
        "2",
    ];
    let plain = text(&[&quotes[..], &["-f", "docx"]].concat());
    assert!(!plain.contains("motivators.extrinsic.finance"), "{plain}");
    assert!(!plain.contains(".txt:"), "{plain}");
    let shown = text(&[&quotes[..], &["-f", "docx", "--show-source"]].concat());
    assert!(shown.contains("(motivators.extrinsic.finance)"), "{shown}");
    assert!(shown.contains(".txt:"), "{shown}");
}

/// The published tables of the examples (Kent NOW Tables 3, 4, 5 and 7-9,
/// ICS Table 3.1), each from one command, as Excel (read back as typed
/// cells) and as Word (every cell of the table's rows in the document).
#[test]
fn the_published_tables_come_out_as_xlsx_and_docx() {
    let kent = example("kent");
    kent.code();
    let ics = example("ics");
    ics.code();
    let tables = [
        (&kent, "kent-3"),
        (&kent, "kent-4"),
        (&kent, "kent-5"),
        (&kent, "kent-7"),
        (&kent, "kent-8"),
        (&kent, "kent-9"),
        (&ics, "ics-3.1"),
    ];
    for (p, name) in tables {
        let xlsx = format!("{name}.xlsx");
        p.ok(&["table", name, "-o", &xlsx]);
        let bytes = std::fs::read(p.path(&xlsx)).unwrap();
        insta::assert_snapshot!(format!("published_{name}_xlsx"), grid(&bytes));
        let docx = format!("{name}.docx");
        p.ok(&["table", name, "-o", &docx]);
        let bytes = std::fs::read(p.path(&docx)).unwrap();
        let text = qualcode::ingest::docx::text(&bytes, std::path::Path::new(&docx)).unwrap();
        let md = p.ok(&["table", name, "-f", "md"]);
        let body = md
            .lines()
            .skip_while(|l| !l.starts_with("| ---"))
            .skip(1)
            .take_while(|l| l.starts_with('|'));
        let mut cells = 0;
        for row in body {
            // A list cell is one item per line (`<br>` in Markdown).
            let items = row.split('|').flat_map(|c| c.split("<br>"));
            for cell in items.map(str::trim).filter(|c| !c.is_empty()) {
                assert!(
                    text.contains(cell),
                    "{name}: {cell:?} is not in the Word table:\n{text}"
                );
                cells += 1;
            }
        }
        assert!(cells > 6, "{name}: {md}");
    }
}
