//! The conventions of the CLI ecosystem: shell completions and manual pages
//! generated from the clap definitions, `-o FILE` on every table verb
//! (atomic, never replacing a file without `--force`, never creating a
//! folder), global options under their own heading, `check -q`'s summary.

use crate::harness::fixture;

#[test]
fn completions_for_every_shell_name_the_verbs() {
    let p = fixture("mini");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = p.ok(&["completions", shell]);
        for verb in ["freq", "quotes", "codings", "report"] {
            assert!(script.contains(verb), "{shell} completions lack {verb}");
        }
    }
    assert!(
        p.ok(&["completions", "bash"])
            .contains("complete -F _qualcode")
    );
}

#[test]
fn man_prints_the_main_page_and_writes_one_per_command() {
    let p = fixture("mini");
    let page = p.ok(&["man"]);
    assert!(page.contains(".TH qualcode 1"), "{page}");
    assert!(page.contains("freq"));
    let dir = p.path("man1");
    std::fs::create_dir(&dir).unwrap();
    let out = p.ok(&["man", "--dir", "man1"]);
    assert!(out.starts_with("wrote "), "{out}");
    let freq = p.read("man1/qualcode-freq.1");
    assert!(freq.contains(".TH qualcode-freq 1"), "{freq}");
    // Global options are on every command's page.
    assert!(freq.contains("project"), "{freq}");
    let add = p.read("man1/qualcode-codings-add.1");
    assert!(add.contains("qualcode codings add"), "{add}");
    assert!(!p.path("man1/qualcode-help.1").exists());
}

#[test]
fn global_options_have_their_own_help_heading() {
    let p = fixture("mini");
    let help = p.ok(&["freq", "--help"]);
    let (own, global) = help.split_once("Global options:").expect(&help);
    assert!(global.contains("--project <DIR>"), "{help}");
    assert!(global.contains("--allow-stale"), "{help}");
    assert!(!own.contains("--project <DIR>"), "{help}");
}

#[test]
fn dash_o_writes_each_table_verb_in_the_format_its_extension_names() {
    let p = fixture("mini");
    p.code();
    let verbs: &[&[&str]] = &[
        &["freq", "--codebook", "motives"],
        &["cooccur", "--codebook", "motives"],
        &["profile", "--attrs", "site"],
        &["personas"],
        &["quotes", "--code", "motives.money"],
        &["kwic", "money"],
        &["codings", "list"],
        &["codebook", "list"],
    ];
    for (i, args) in verbs.iter().enumerate() {
        for ext in ["csv", "md", "json"] {
            let file = format!("out{i}.{ext}");
            let mut full = args.to_vec();
            full.extend(["-o", &file]);
            let printed = p.ok(&full);
            assert!(printed.is_empty(), "{args:?} printed with -o: {printed}");
            let mut full = args.to_vec();
            full.extend(["--format", ext]);
            // A CSV file starts with a byte-order mark, for Excel.
            let written = p.read(&file);
            let written = if ext == "csv" {
                assert!(written.starts_with('\u{feff}'), "{args:?} -o {file}");
                written.trim_start_matches('\u{feff}').to_owned()
            } else {
                written
            };
            assert_eq!(written, p.ok(&full), "{args:?} -o {file}");
        }
    }
}

#[test]
fn dash_o_keeps_an_existing_file_unless_forced() {
    let p = fixture("mini");
    p.code();
    p.write("table.md", "my notes\n");
    let err = p.bad(&["freq", "--codebook", "motives", "-o", "table.md"]);
    assert!(err.contains("table.md exists: use --force"), "{err}");
    assert_eq!(p.read("table.md"), "my notes\n");
    p.ok(&["freq", "--codebook", "motives", "-o", "table.md", "--force"]);
    assert!(p.read("table.md").contains("| Code |"));
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(p.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn dash_o_with_format_overrides_the_extension() {
    let p = fixture("mini");
    p.code();
    p.ok(&["freq", "--codebook", "motives", "-o", "t.txt", "-f", "csv"]);
    assert!(
        p.read("t.txt").starts_with("\u{feff}Code,"),
        "{}",
        p.read("t.txt")
    );
}

#[test]
fn check_quiet_keeps_a_one_line_summary() {
    let p = fixture("mini");
    let quiet = p.ok(&["check", "--quiet"]);
    assert_eq!(quiet.lines().count(), 1, "{quiet}");
    assert!(quiet.starts_with("passed: 5 transcripts"), "{quiet}");
    let full = p.ok(&["check"]);
    assert!(full.lines().count() > 1);
    assert!(full.trim_end().ends_with("notes above)"), "{full}");
}
