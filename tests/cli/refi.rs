//! `qualcode export qdc|qdpx` and `qualcode import qdc|qdpx`: REFI-QDA
//! files valid against the official schemas (checked with `xmllint` when
//! it is installed), stable bytes, positions over non-ASCII and CRLF
//! text, and real files from other QDA programs.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use qualcode::refi::qde as qdpx;

use crate::harness::{Project, empty, fixture, fixtures};

fn refi(name: &str) -> PathBuf {
    fixtures().join("refi").join(name)
}

/// Validate `xml` against the schema `xsd` (`Codebook.xsd`, `Project.xsd`)
/// with xmllint: `Some(valid)`, or `None` (with a message) when xmllint is
/// not installed, unless `QUALCODE_REQUIRE_XMLLINT=1` makes that a failure.
fn xmllint(xsd: &str, xml: &Path) -> Option<bool> {
    let run = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(refi(xsd))
        .arg(xml)
        .output();
    if let Ok(out) = run {
        return Some(out.status.success());
    }
    assert!(
        std::env::var("QUALCODE_REQUIRE_XMLLINT").as_deref() != Ok("1"),
        "xmllint is required (QUALCODE_REQUIRE_XMLLINT=1) but cannot be run: \
         install libxml2-utils"
    );
    eprintln!(
        "skipped: xmllint is not installed, {} not validated",
        xml.display()
    );
    None
}

#[track_caller]
pub(crate) fn assert_valid(xsd: &str, xml: &Path) {
    if let Some(valid) = xmllint(xsd, xml) {
        assert!(valid, "{} is not valid against {xsd}", xml.display());
    }
}

/// The entries of a zip, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn project_qde(p: &Project, qdpx: &str) -> (String, PathBuf) {
    let entries = unzip(&std::fs::read(p.path(qdpx)).unwrap());
    let (name, qde) = &entries[0];
    assert_eq!(name, "project.qde");
    let path = p.path("project.qde");
    std::fs::write(&path, qde).unwrap();
    (String::from_utf8(qde.clone()).unwrap(), path)
}

#[test]
fn export_qdc_is_valid_and_the_same_every_run() {
    let p = fixture("mini");
    p.ok(&["export", "qdc", "--codebook", "motives"]);
    let first = p.read("motives.qdc");
    p.ok(&["export", "qdc", "--codebook", "motives", "-o", "again.qdc"]);
    assert_eq!(first, p.read("again.qdc"));
    assert_eq!(
        first,
        p.ok(&["export", "qdc", "--codebook", "motives", "-o", "-"])
    );
    assert_valid("Codebook.xsd", &p.path("motives.qdc"));
    insta::assert_snapshot!("refi_export_qdc", first);
}

#[test]
fn a_codebook_comes_back_from_qdc_unchanged() {
    let p = fixture("mini");
    p.ok(&["export", "qdc", "--codebook", "motives"]);
    let before = p.ok(&["codebook", "show", "motives", "-f", "csv"]);
    std::fs::rename(
        p.path("codebooks/motives.yaml"),
        p.path("motives.yaml.orig"),
    )
    .unwrap();
    p.ok(&["import", "qdc", "motives.qdc"]);
    assert_eq!(p.ok(&["codebook", "show", "motives", "-f", "csv"]), before);
    p.ok(&["check"]);
    // Never replaced without --force.
    let err = p.bad(&["import", "qdc", "motives.qdc"]);
    assert!(
        err.contains("codebooks/motives.yaml already exists: use --force"),
        "{err}"
    );
    p.ok(&["import", "qdc", "motives.qdc", "--force"]);
}

#[test]
fn export_qdpx_is_valid_and_byte_identical_whatever_the_threads() {
    let p = fixture("mini");
    p.ok(&["-j", "1", "export", "qdpx", "-o", "one.qdpx"]);
    p.ok(&["-j", "3", "export", "qdpx", "-o", "three.qdpx"]);
    let one = std::fs::read(p.path("one.qdpx")).unwrap();
    assert_eq!(one, std::fs::read(p.path("three.qdpx")).unwrap());
    let names: Vec<String> = unzip(&one).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names[0], "project.qde");
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(
        names[1..]
            .iter()
            .all(|n| n.starts_with("Sources/")
                && Path::new(n).extension().is_some_and(|e| e == "txt"))
    );
    let (_, qde) = project_qde(&p, "one.qdpx");
    assert_valid("Project.xsd", &qde);
}

#[test]
fn qdpx_positions_count_characters_over_non_ascii_and_crlf_text() {
    let p = fixture("mini");
    p.write(
        "transcripts/C1.txt",
        "---\r\nid: C1\r\ncohort: Older\r\n---\r\nInterviewer: Ça va? 🙂\r\n\
         Participant: The café pays my bills, naïve as that sounds 𝄞.\r\n\
         It is the money.\r\nInterviewer: Merci.\r\nParticipant: Whānau first.\r\n",
    );
    p.write(
        "codings/anna.csv",
        "document,line,code,action,memo\ntranscripts/C1.txt,9,motives.family,add,\"said \"\"first\"\"\"\n",
    );
    p.ok(&["export", "qdpx", "-o", "c.qdpx"]);
    let entries = unzip(&std::fs::read(p.path("c.qdpx")).unwrap());
    let (xml, qde) = project_qde(&p, "c.qdpx");
    assert_valid("Project.xsd", &qde);
    let project = qdpx::read_project(&xml, "project.qde").unwrap();
    let users: Vec<&str> = project.users.values().map(String::as_str).collect();
    assert_eq!(users.len(), 2);
    assert!(users.contains(&"auto") && users.contains(&"anna"));
    let source = project.sources.iter().find(|s| s.name == "C1.txt").unwrap();
    let path = source.plain_path.as_deref().unwrap();
    let name = format!("Sources/{}", path.strip_prefix("internal://").unwrap());
    let text =
        String::from_utf8(entries.iter().find(|(n, _)| *n == name).unwrap().1.clone()).unwrap();
    assert!(
        !text.contains('\r'),
        "sources are written with LF line breaks"
    );
    let slice = |s: &qdpx::RefiSelection| -> String {
        text.chars().skip(s.start).take(s.end - s.start).collect()
    };
    let selected: Vec<String> = source.selections.iter().map(slice).collect();
    assert_eq!(
        selected,
        [
            "Participant: The café pays my bills, naïve as that sounds 𝄞.\nIt is the money.",
            "Participant: Whānau first.",
        ]
    );
    // The coder's coding is filed under the coder, with the memo.
    let anna = project.users.iter().find(|(_, n)| *n == "anna").unwrap().0;
    let last = &source.selections[1];
    assert!(
        last.codings
            .iter()
            .any(|(_, by)| by.as_deref() == Some(anna.as_str()))
    );
    assert!(
        last.memo
            .as_deref()
            .unwrap()
            .contains("motives.family (anna): said \"first\"")
    );
}

#[test]
fn a_project_comes_back_from_qdpx_with_the_same_counts() {
    let p = fixture("mini");
    p.ok(&["export", "qdpx", "-o", "mini.qdpx"]);
    let before = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    p.ok(&[
        "import",
        "qdpx",
        "mini.qdpx",
        "--coder",
        "refi",
        "--into",
        "back",
        "--codebook",
        "motives",
    ]);
    p.ok(&["--project", "back", "check"]);
    // The codes come back with their patterns, so auto-coding adds nothing
    // the imported coder's file does not hold; counts are the same.
    let after = p.ok(&[
        "--project",
        "back",
        "freq",
        "--codebook",
        "motives",
        "-f",
        "csv",
    ]);
    assert_eq!(after, before);
    let rows = p.read("back/codings/refi.csv");
    assert!(
        rows.starts_with("document,line,code,action,memo\n"),
        "{rows}"
    );
}

#[test]
fn our_own_export_with_emoji_and_markdown_comes_back_on_the_same_lines() {
    // Emoji before each participant turn: read as UTF-16 units, qualcode's
    // character positions would drift; the import must keep characters.
    let p = fixture("mini");
    for t in ["F1.txt", "F10.txt", "group.txt", "N1.txt"] {
        let path = format!("transcripts/{t}");
        let text = p
            .read(&path)
            .replace("Interviewer:", "Interviewer: 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂");
        p.write(&path, text);
    }
    p.ok(&["-q", "code"]);
    p.ok(&["-q", "export", "qdpx", "-o", "mini.qdpx"]);
    let r = p.run(&[
        "import",
        "qdpx",
        "mini.qdpx",
        "--coder",
        "refi",
        "--into",
        "back",
        "--codebook",
        "motives",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("UTF-16"), "{}", r.stderr);
    let auto: std::collections::BTreeSet<String> = p
        .read("codings/auto.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            // A Markdown transcript comes back as text, on the same lines.
            format!("{},{},{}", f[0].replace(".md", ".txt"), f[3], f[5])
        })
        .collect();
    let back: std::collections::BTreeSet<String> = p
        .read("back/codings/refi.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(back, auto);
    // Kept as it is, its interviewer's turns still the interviewer's.
    assert_eq!(
        p.read("back/transcripts/F2.txt"),
        p.read("transcripts/F2.md")
    );
}

#[test]
fn real_codebooks_import_in_every_namespace_and_guid_style() {
    for (file, codes) in [
        ("atlasti-23.4-valid.qdc", 1),
        ("portableQDA_Atlasti.qdc", 0),
        ("REFI-QDA-1-5.qdc", 0),
        ("doorstop-core-tests-files-exported.qdc", 0),
        ("portableQDA_test_compare_Diff_destAtlas.qdc", 0),
    ] {
        let p = fixture("mini");
        p.write(file, std::fs::read(refi(file)).unwrap());
        let r = p.run(&["import", "qdc", file, "--name", "imported"]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let yaml = p.read("codebooks/imported.yaml");
        let n = yaml
            .lines()
            .filter(|l| l.trim_start().starts_with("- id:"))
            .count();
        if codes > 0 {
            assert_eq!(n, codes, "{file}");
        }
        assert!(n > 0, "{file}");
        // Codes without patterns are fine for `check`.
        p.ok(&["check"]);
        if file == "portableQDA_Atlasti.qdc" {
            insta::assert_snapshot!("refi_import_qdc_atlas", yaml);
        }
    }
}

#[test]
fn the_validator_passes_valid_real_files_and_fails_invalid_ones() {
    for (xsd, file, valid) in [
        ("Codebook.xsd", "atlasti-23.4-valid.qdc", true),
        (
            "Codebook.xsd",
            "portableQDA_test_compare_Diff_destAtlas.qdc",
            true,
        ),
        ("Project.xsd", "Project.qde", true),
        ("Codebook.xsd", "REFI-QDA-1-5.qdc", false),
        (
            "Codebook.xsd",
            "doorstop-core-tests-files-exported.qdc",
            false,
        ),
        ("Codebook.xsd", "portableQDA_Atlasti.qdc", false),
    ] {
        if let Some(got) = xmllint(xsd, &refi(file)) {
            assert_eq!(got, valid, "{file} against {xsd}");
        }
    }
    let dir = empty();
    let entries = unzip(&std::fs::read(refi("oltas0517.qdpx")).unwrap());
    std::fs::write(
        dir.path("project.qde"),
        &entries.iter().find(|(n, _)| n == "project.qde").unwrap().1,
    )
    .unwrap();
    assert_valid("Project.xsd", &dir.path("project.qde"));
}

#[test]
fn nvivo_project_imports_with_its_counts() {
    let dir = empty();
    let r = dir.run(&[
        "import",
        "qdpx",
        refi("oltas0517.qdpx").to_str().unwrap(),
        "--coder",
        "nvivo",
        "--into",
        "oltas",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("holds 2 users, 152 codes, 2 text sources (0 other sources), 303 text selections with 303 codings, 0 cases"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("303 codings became 302 rows of codings/nvivo.csv"),
        "{}",
        r.stderr
    );
    let p = &dir;
    let rows = p.read("oltas/codings/nvivo.csv");
    assert_eq!(rows.lines().count(), 303);
    let t = p.read("oltas/transcripts/videos_selection.txt");
    assert!(t.starts_with("---\nid: videos_selection\n"), "{}", &t[..80]);
    assert!(!t.contains('\r') && !t.contains('\u{feff}'));
    let check = p.ok(&["--project", "oltas", "check"]);
    assert!(
        check.contains("codings/nvivo.csv: 302 decisions by nvivo"),
        "{check}"
    );
    // Every imported coding lands in a segment: the table counts them.
    let freq = p.ok(&[
        "--project",
        "oltas",
        "freq",
        "--codebook",
        "untitled",
        "-f",
        "csv",
    ]);
    assert!(freq.lines().count() > 10, "{freq}");
    // NVivo counts positions in UTF-16 code units, and the comments hold
    // emoji: read as characters, codings drift onto the lines after them
    // (like counts, dates, comment ids).
    assert!(
        r.stderr.contains("positions read as UTF-16 code units")
            && r.stderr.contains("): videos_10_selected\n"),
        "{}",
        r.stderr
    );
    let t = p.read("oltas/transcripts/videos_10_selected.txt");
    let lines: Vec<&str> = t.lines().collect();
    let metadata =
        regex::Regex::new(r"^videos_10_selected: (\d+|\d{4}-\d\d-\d\dT[\d:]+Z|Ug[\w-]{20,})$")
            .unwrap();
    for row in rows.lines().skip(1) {
        let line: usize = row.split(',').nth(1).unwrap().parse().unwrap();
        let text = lines[line - 1];
        assert!(!metadata.is_match(text), "{row} is on {text:?}");
    }
    // The last selection starts a comment after hundreds of emoji.
    assert_eq!(
        lines[1082],
        "videos_10_selected: @@szilagyitamas2823 És milyen igazad lett!☝️👌👍👍👍"
    );
    assert!(rows.contains("transcripts/videos_10_selected.txt,1083,"));
}

#[test]
fn atlas_project_counts_and_missing_sources() {
    let text = std::fs::read_to_string(refi("Project.qde")).unwrap();
    let project = qdpx::read_project(&text, "Project.qde").unwrap();
    assert_eq!(project.users.len(), 3);
    assert_eq!(project.codebook.walk().len(), 14);
    assert_eq!(project.sources.len(), 6);
    // The file's other two PlainTextSelections are in a PDF's text.
    assert_eq!(project.selections(), 6);
    assert_eq!(project.other_sources, 6);
    assert!(
        project
            .codebook
            .walk()
            .iter()
            .any(|c| c.name == "Coke::diet Coke")
    );
    // TestProject.qdpx holds Project.qde (capital P) and no sources.
    let p = fixture("mini");
    p.write("t.qdpx", std::fs::read(refi("TestProject.qdpx")).unwrap());
    let err = p.bad(&[
        "import", "qdpx", "t.qdpx", "--coder", "atlas", "--into", "out",
    ]);
    assert!(
        err.contains("none of the 6 text sources can be read"),
        "{err}"
    );
    assert!(!p.path("out").exists(), "nothing is written on error");
}

#[test]
fn atlas_project_with_its_sources_maps_selections_to_lines() {
    // Project.qde with the plain texts its selections point into: made-up
    // texts long enough for every selection, with CRLF and non-ASCII.
    let text = std::fs::read_to_string(refi("Project.qde")).unwrap();
    let project = qdpx::read_project(&text, "Project.qde").unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("Project.qde", options).unwrap();
    zip.write_all(text.as_bytes()).unwrap();
    for s in &project.sources {
        let name = s
            .plain_path
            .as_deref()
            .unwrap()
            .strip_prefix("internal://")
            .unwrap();
        zip.start_file(format!("sources/{name}"), options).unwrap();
        let line = "Mabêl: I have Coke for breakfast, ça va très bien.\r\n";
        zip.write_all(line.repeat(40).as_bytes()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let dir = empty();
    std::fs::write(dir.path("atlas.qdpx"), bytes).unwrap();
    let r = dir.run(&[
        "import",
        "qdpx",
        "atlas.qdpx",
        "--coder",
        "atlas",
        "--into",
        "a",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("6 PDF, picture, audio or video sources skipped"),
        "{}",
        r.stderr
    );
    let rows = dir.read("a/codings/atlas.csv");
    // 8 selections, 6 with codings (7 codings); each line is 52 characters
    // long with CRLF: selection 139 starts on line 3, 688 on line 14.
    insta::assert_snapshot!("refi_import_atlas_rows", rows);
    dir.ok(&["--project", "a", "check"]);
}

/// Every object of a project, keyed by GUID (lower case), with what
/// identifies it: for comparing two `project.qde` files object by object.
fn objects(xml: &str) -> std::collections::BTreeMap<String, String> {
    let p = qdpx::read_project(xml, "project.qde").unwrap();
    let mut out = std::collections::BTreeMap::new();
    let mut put = |guid: &str, what: String| {
        assert!(
            out.insert(guid.to_ascii_lowercase(), what).is_none(),
            "{guid} twice"
        );
    };
    for (guid, name) in &p.users {
        put(guid, format!("user {name}"));
    }
    for c in p.codebook.walk() {
        put(&c.guid, format!("code {} codable={}", c.name, c.codable));
    }
    for c in &p.cases {
        put(&c.guid, format!("case {} {:?}", c.name, c.values));
    }
    for v in &p.variables {
        put(&v.guid, format!("variable {} {}", v.name, v.kind));
    }
    for s in &p.sources {
        put(
            &s.guid,
            format!("source {} {:?} {:?}", s.name, s.plain_path, s.rich_path),
        );
        for sel in &s.selections {
            let attr = |k: &str| {
                sel.attrs
                    .iter()
                    .find(|(n, _)| n == k)
                    .map_or("", |(_, v)| v.as_str())
                    .to_owned()
            };
            put(
                &attr("guid"),
                format!(
                    "selection of {} {}-{} by {} memo {:?}",
                    s.guid,
                    sel.start,
                    sel.end,
                    attr("creatingUser"),
                    sel.memo
                ),
            );
            for (i, (code, by)) in sel.codings.iter().enumerate() {
                let guid = &sel.coding_attrs[i]
                    .iter()
                    .find(|(n, _)| n == "guid")
                    .unwrap()
                    .1;
                put(
                    guid,
                    format!("coding in {} of {code} by {by:?}", attr("guid")),
                );
            }
        }
    }
    out
}

#[test]
fn nvivo_project_comes_back_object_for_object() {
    let dir = empty();
    let file = refi("oltas0517.qdpx");
    dir.ok(&[
        "-q",
        "import",
        "qdpx",
        file.to_str().unwrap(),
        "--into",
        "oltas",
    ]);
    // Each NVivo user is a coder; every coding is Gergo's.
    assert_eq!(
        dir.read("oltas/codings/gergo.csv").lines().count(),
        303,
        "302 rows and the header"
    );
    dir.ok(&[
        "-q",
        "--project",
        "oltas",
        "export",
        "qdpx",
        "-o",
        "back.qdpx",
    ]);
    let original = unzip(&std::fs::read(&file).unwrap());
    let back = unzip(&std::fs::read(dir.path("back.qdpx")).unwrap());
    let qde = |entries: &[(String, Vec<u8>)]| {
        String::from_utf8(
            entries
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("project.qde"))
                .unwrap()
                .1
                .clone(),
        )
        .unwrap()
    };
    let (before, after) = (objects(&qde(&original)), objects(&qde(&back)));
    let added: Vec<_> = after
        .iter()
        .filter(|(g, _)| !before.contains_key(*g))
        .collect();
    assert!(added.is_empty(), "{added:?}");
    assert_eq!(before.len(), after.len());
    let selections = after
        .values()
        .filter(|v| v.starts_with("selection"))
        .count();
    assert_eq!(selections, 303);
    for (guid, was) in &before {
        assert_eq!(after.get(guid), Some(was), "{guid}");
    }
    // The sources byte for byte, under the names they came with.
    let files = |entries: &[(String, Vec<u8>)]| {
        entries
            .iter()
            .filter(|(n, _)| n.starts_with("Sources/"))
            .cloned()
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(files(&back), files(&original));
    std::fs::write(dir.path("back.qde"), qde(&back)).unwrap();
    assert_valid("Project.xsd", &dir.path("back.qde"));
}

/// The effective codings of the project in `dir` (or here), as
/// (document, segment, code label, source, coder, memo) rows.
fn effective(p: &Project, dir: Option<&str>) -> Vec<Vec<String>> {
    let mut args = vec!["-q"];
    if let Some(d) = dir {
        args.extend(["--project", d]);
    }
    args.extend(["codings", "list", "-f", "csv"]);
    let csv = p.ok(&args);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let cols = [
        col("document"),
        col("segment"),
        col("label"),
        col("source"),
        col("coder"),
        col("memo"),
    ];
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            cols.iter().map(|&i| rec[i].to_owned()).collect()
        })
        .collect();
    rows.sort();
    rows
}

/// A coder's (document, action, memo) rows, sorted.
fn decisions(p: &Project, file: &str) -> Vec<(String, String, String)> {
    let text = p.read(file);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let mut rows: Vec<(String, String, String)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_owned(), rec[3].to_owned(), rec[4].to_owned())
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_project_comes_back_decision_for_decision_with_all_decisions() {
    let p = crate::harness::example("kent");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for coder in ["ana", "ben"] {
        let file = format!("codings/{coder}.csv");
        p.write(
            &file,
            std::fs::read(repo.join("examples/kent").join(&file)).unwrap(),
        );
    }
    // A coder's memo on an `add` the auto-coding also made (the merge keeps
    // the auto coding, so the effective codings alone would lose it).
    let mut ana = p.read("codings/ana.csv");
    ana.push_str("transcripts/F1.txt,8,motivators.intrinsic.innate_desire,add,said it twice\n");
    p.write("codings/ana.csv", ana);
    // Both coders' decisions count here (Kent's own config counts the
    // auto-coding alone). `final:` is a project setting that a REFI-QDA
    // file does not carry, so the imported project is given the same.
    p.edit("qualcode.yaml", "final: auto", "final: [ana, ben]");
    let before = effective(&p, None);
    p.ok(&["-q", "export", "qdpx", "--all-decisions", "-o", "k.qdpx"]);
    let r = p.run(&["import", "qdpx", "k.qdpx", "--into", "back"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let config = p.read("back/qualcode.yaml");
    p.write(
        "back/qualcode.yaml",
        format!("{config}\nfinal: [ana, ben]\n"),
    );
    assert!(
        r.stderr
            .contains("rows: 24 of codings/ana.csv, 23 of codings/ben.csv"),
        "{}",
        r.stderr
    );
    let after = effective(&p, Some("back"));
    assert_eq!(after.len(), before.len());
    assert_eq!(after, before);
    for coder in ["ana", "ben"] {
        let file = format!("codings/{coder}.csv");
        assert_eq!(
            decisions(&p, &format!("back/{file}")),
            decisions(&p, &file),
            "{coder}"
        );
    }
    // Without every decision the rejections are not in the file: the
    // rejected auto codings come back.
    p.ok(&["-q", "export", "qdpx", "-o", "effective.qdpx"]);
    p.ok(&["-q", "import", "qdpx", "effective.qdpx", "--into", "back2"]);
    assert!(effective(&p, Some("back2")).len() > before.len());
    let (_, qde) = project_qde(&p, "k.qdpx");
    assert_valid("Project.xsd", &qde);
}

#[test]
fn atlas_document_groups_become_case_attributes_and_double_colons_nest() {
    // Project.qde with plain texts (no speaker labels) for its sources.
    let text = std::fs::read_to_string(refi("Project.qde")).unwrap();
    let project = qdpx::read_project(&text, "Project.qde").unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("Project.qde", options).unwrap();
    zip.write_all(text.as_bytes()).unwrap();
    for s in &project.sources {
        let name = s.plain_path.as_deref().unwrap();
        let name = name.strip_prefix("internal://").unwrap();
        zip.start_file(format!("sources/{name}"), options).unwrap();
        let line = "I have Coke for breakfast, ça va très bien.\r\n";
        zip.write_all(line.repeat(40).as_bytes()).unwrap();
    }
    let dir = empty();
    std::fs::write(dir.path("atlas.qdpx"), zip.finish().unwrap().into_inner()).unwrap();
    let r = dir.run(&["import", "qdpx", "atlas.qdpx", "--into", "a"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Document groups `gender: male`, `age: 67`… hold the case data.
    assert_eq!(
        dir.read("a/cases.csv"),
        "id,age,gender\nMabel,25,female\nSimon,67,male\nmabel_2ieme,25,female\n"
    );
    assert!(
        r.stderr
            .contains("4 sets named `name: value` (document groups) became case attributes")
            && r.stderr.contains("12 code sets (<Set>) passed over"),
        "{}",
        r.stderr
    );
    // Notes, links and graphs are named, not dropped silently.
    assert!(
        r.stderr
            .contains("not imported (qualcode has no place for them): 1 Graph, 1 Link, 2 Note"),
        "{}",
        r.stderr
    );
    // `Coke::diet Coke` is `diet Coke` below `Coke`.
    let yaml =
        std::fs::read_to_string(dir.path("a/codebooks/atlas_ti_standard_project.yaml")).unwrap();
    let at = yaml.find("label: \"Coke\"").unwrap();
    let diet = yaml.find("- id: diet_coke").unwrap();
    assert!(diet > at && yaml[at..diet].contains("children:"), "{yaml}");
    dir.ok(&["--project", "a", "check"]);
    // ...and leaves as it came: same GUID, same name.
    dir.ok(&["-q", "--project", "a", "export", "qdpx", "-o", "back.qdpx"]);
    let entries = unzip(&std::fs::read(dir.path("back.qdpx")).unwrap());
    let back = String::from_utf8(entries[0].1.clone()).unwrap();
    assert!(back.contains(
        "<Code guid=\"D299EFAE-5779-46DC-9827-A3D1A5D544BC\" name=\"Coke::diet Coke\" isCodable=\"true\""
    ));
    // Descriptions come back as they were, without qualcode's block.
    assert!(!back.contains("-- qualcode --"), "{back}");
    let before = objects(&text);
    let after = objects(&back);
    for (guid, what) in &after {
        if what.starts_with("code") || what.starts_with("user") {
            assert_eq!(before.get(guid), Some(what), "{guid}");
        }
    }
    std::fs::write(dir.path("back.qde"), &back).unwrap();
    assert_valid("Project.xsd", &dir.path("back.qde"));
}

#[test]
fn export_taguette_writes_the_codebook_csv_taguette_reads() {
    let p = fixture("mini");
    p.ok(&["-q", "export", "taguette", "--codebook", "motives"]);
    let csv = p.read("motives-taguette.csv");
    let mut lines = csv.lines();
    // Taguette's own export header; its importer takes the `tag` column.
    assert_eq!(lines.next(), Some("tag,description,number of highlights"));
    let codes = p.ok(&["codebook", "show", "motives", "-f", "csv"]);
    assert_eq!(lines.count(), codes.lines().count() - 1);
    assert!(csv.contains("\nmotives.money,"), "{csv}");
    assert_eq!(
        p.ok(&[
            "-q",
            "export",
            "taguette",
            "--codebook",
            "motives",
            "-o",
            "-"
        ]),
        csv
    );
}

#[test]
fn our_selections_are_named_for_qc_by_line() {
    let p = fixture("mini");
    p.ok(&["-q", "export", "qdpx", "-o", "m.qdpx"]);
    let (xml, _) = project_qde(&p, "m.qdpx");
    let project = qdpx::read_project(&xml, "project.qde").unwrap();
    let entries = unzip(&std::fs::read(p.path("m.qdpx")).unwrap());
    let mut seen = 0;
    for s in &project.sources {
        let name = format!(
            "Sources/{}",
            s.plain_path
                .as_deref()
                .unwrap()
                .strip_prefix("internal://")
                .unwrap()
        );
        let text =
            String::from_utf8(entries.iter().find(|(n, _)| *n == name).unwrap().1.clone()).unwrap();
        for sel in &s.selections {
            let label = &sel.attrs.iter().find(|(k, _)| k == "name").unwrap().1;
            // qc reads `line:N` (N from 0) before positions.
            let n: usize = label
                .strip_prefix("line:")
                .and_then(|r| r.split(' ').next())
                .unwrap()
                .parse()
                .unwrap();
            let line_start = text
                .split('\n')
                .take(n)
                .map(|l| l.chars().count() + 1)
                .sum::<usize>();
            assert_eq!(line_start, sel.start, "{label}");
            seen += 1;
        }
    }
    assert!(seen > 3);
}
