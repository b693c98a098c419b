//! Issue 16, project files: the wording for a missing value, broken
//! transcripts skipped by the table verbs, mixed folders, cases missing
//! from `cases.csv` (and rows that never speak), and staleness of
//! `codings/auto.csv` judged by content, not by file times.

use crate::harness::{Project, fixture};

/// A case with no `site` (F1 speaks but has no row in cases.csv).
fn without_f1_row() -> Project {
    let p = fixture("mini");
    p.edit("cases.csv", "F1,North,Younger\n", "");
    p
}

#[test]
fn freq_by_an_attribute_calls_a_missing_value_not_recorded_like_profile() {
    let p = without_f1_row();
    let freq = p.ok(&[
        "-q",
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "-f",
        "csv",
    ]);
    let mut lines = freq.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let n: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "Not recorded").unwrap();
    assert_eq!(n[at], "1", "{freq}");
    assert!(!freq.contains("(not set)"), "{freq}");
    let profile = p.ok(&["-q", "profile", "--attrs", "site", "-f", "csv"]);
    assert!(profile.contains("site,Not recorded,1,"), "{profile}");
}

#[test]
fn not_recorded_wording_is_set_in_the_config_for_every_table() {
    let p = without_f1_row();
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv\n",
        "cases: cases.csv\nnot_recorded: Unknown\n",
    );
    let freq = p.ok(&[
        "-q",
        "freq",
        "--codebook",
        "motives",
        "--by",
        "site",
        "-f",
        "csv",
    ]);
    assert!(freq.lines().next().unwrap().contains(",Unknown,"), "{freq}");
    let profile = p.ok(&["-q", "profile", "--attrs", "site", "-f", "md"]);
    assert!(profile.contains("| Unknown |"), "{profile}");
    assert!(profile.contains("counted as Unknown."), "{profile}");
}

#[test]
fn check_notes_a_speaking_case_missing_from_cases_csv_and_a_row_that_never_speaks() {
    let p = without_f1_row();
    p.write("cases.csv", p.read("cases.csv") + "Z9,North,Older\n");
    let out = p.ok(&["check"]);
    assert!(
        out.contains(
            "note: transcripts/F1.txt: case F1 speaks but has no row in cases.csv: \
             its attributes come from front matter only"
        ),
        "{out}"
    );
    assert!(
        out.contains("note: cases.csv:7: case Z9 speaks in no transcript and is not counted"),
        "{out}"
    );
}

/// The mini project, coded.
fn coded() -> Project {
    let p = fixture("mini");
    p.code();
    p
}

/// Set a file's modification time an hour ahead, changing nothing else.
fn touch(p: &Project, rel: &str) {
    let file = std::fs::File::options()
        .append(true)
        .open(p.path(rel))
        .unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    file.set_modified(later).unwrap();
}

#[test]
fn touching_a_transcript_or_codebook_does_not_make_codings_stale() {
    let p = coded();
    touch(&p, "transcripts/F1.txt");
    touch(&p, "codebooks/motives.yaml");
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stderr, "", "{r:?}");
}

#[test]
fn stale_codings_are_refused_naming_every_changed_added_and_removed_file() {
    let p = coded();
    p.edit("transcripts/F1.txt", "pay my bills", "pay the bills");
    p.edit("transcripts/N1.txt", "gardening", "painting");
    p.edit("codebooks/motives.yaml", "better off", "better-off");
    p.write("transcripts/F3.txt", "---\nid: F3\n---\nF3: money\n");
    std::fs::remove_file(p.path("transcripts/F10.txt")).unwrap();
    let err = p.bad(&["freq", "--codebook", "motives", "-f", "csv"]);
    insta::assert_snapshot!(err, @r"
    error: codings/auto.csv is out of date: 5 files differ from those it was coded from:
      changed: transcripts/F1.txt
      changed: transcripts/N1.txt
      changed: codebooks/motives.yaml
      added: transcripts/F3.txt
      removed: transcripts/F10.txt
    run `qualcode code` to bring the codings up to date (or pass --allow-stale to use them as they are)
    ");
    let out = p.ok(&["check"]);
    assert!(
        out.contains(
            "note: codings/auto.csv is out of date (transcripts/F1.txt changed, \
             transcripts/N1.txt changed, codebooks/motives.yaml changed, \
             transcripts/F3.txt added, transcripts/F10.txt removed): \
             run `qualcode code` before the tables"
        ),
        "{out}"
    );
    // Every verb that reads the codings refuses them the same way.
    for args in [
        &["quotes", "--code", "motives.money"][..],
        &["cooccur", "--codebook", "motives"],
    ] {
        let err = p.bad(args);
        assert!(err.contains("transcripts/F10.txt"), "{args:?}: {err}");
    }
}

#[test]
fn codings_hashed_by_an_older_qualcode_are_out_of_date_as_a_whole() {
    let p = coded();
    // As an earlier qualcode wrote it: FNV-1a hashes under `fnv1a64`.
    let sources = p.read("codings/auto.sources.tsv");
    let (header, rest) = sources.split_once('\n').unwrap();
    assert_eq!(header, "xxh3\tfile");
    p.write("codings/auto.sources.tsv", format!("fnv1a64\tfile\n{rest}"));
    let err = p.bad(&["freq", "--codebook", "motives", "-f", "csv"]);
    insta::assert_snapshot!(err, @r"
    error: codings/auto.csv is out of date:
      coded by an older qualcode, whose content hashes (FNV-1a) this one does not compare
    run `qualcode code` to bring the codings up to date (or pass --allow-stale to use them as they are)
    ");
    let out = p.ok(&["check"]);
    assert!(out.contains("coded by an older qualcode"), "{out}");
    p.code();
    p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
}

#[test]
fn allow_stale_uses_stale_codings_and_says_which_files_differ() {
    let p = coded();
    p.edit("transcripts/F1.txt", "pay my bills", "pay the bills");
    let r = p.run(&[
        "--allow-stale",
        "freq",
        "--codebook",
        "motives",
        "-f",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("note: codings/auto.csv is out of date: transcripts/F1.txt changed"),
        "{}",
        r.stderr
    );
    // Coding again brings them up to date.
    p.code();
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
}

/// Break one transcript of five: front matter and nothing after it (a file
/// without speaker labels is read as one speaker's, so it takes no text).
fn break_n1(p: &Project) {
    p.write("transcripts/N1.txt", "---\nid: N1\n---\n\n");
}

#[test]
fn one_broken_transcript_is_skipped_by_the_table_verbs_with_a_note_every_time() {
    let p = fixture("mini");
    break_n1(&p);
    let note = "note: skipped transcripts/N1.txt: no text after the front matter";
    // Coding in memory (no auto.csv yet), then coding, then every table.
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains(note), "{}", r.stderr);
    assert!(!r.stdout.contains("N1"), "{}", r.stdout);
    let r = p.run(&["code"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains(note), "{}", r.stderr);
    assert!(r.stdout.starts_with("coded 4 transcripts"), "{}", r.stdout);
    for args in [
        &["freq", "--codebook", "motives"][..],
        &["quotes", "--code", "motives.money"],
        &["profile", "--attrs", "site"],
        &["kwic", "money"],
        &["cooccur", "--codebook", "motives"],
        &["personas"],
    ] {
        let r = p.run(args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert_eq!(r.stderr.matches(note).count(), 1, "{args:?}: {}", r.stderr);
    }
    // check still fails on it.
    let err = p.bad(&["check"]);
    assert!(
        err.contains("transcripts/N1.txt: no text after the front matter"),
        "{err}"
    );
}

#[test]
fn a_transcript_broken_after_coding_is_stale_and_then_skipped_with_its_codings() {
    let p = coded();
    break_n1(&p);
    let r = p.run(&["freq", "--codebook", "motives"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("changed: transcripts/N1.txt"),
        "{}",
        r.stderr
    );
    let r = p.run(&[
        "--allow-stale",
        "freq",
        "--codebook",
        "motives",
        "-f",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("note: skipped transcripts/N1.txt"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("N1"), "{}", r.stdout);
}

#[test]
fn when_no_transcript_can_be_read_the_first_ones_problem_is_the_error() {
    let p = fixture("mini");
    for name in ["F1.txt", "F10.txt", "F2.md", "N1.txt", "group.txt"] {
        p.write(&format!("transcripts/{name}"), " \n");
    }
    let err = p.bad(&["freq", "--codebook", "motives"]);
    assert!(
        err.starts_with("error: transcripts/F1.txt: empty transcript"),
        "{err}"
    );
}

/// A fresh `init` project with real files of every kind dropped into its
/// transcripts folder (from tests/fixtures/docx and tests/fixtures/timed,
/// whose READMEs give their sources), and two files qualcode cannot read.
fn mixed_folder() -> Project {
    let p = crate::harness::empty();
    p.ok(&["init"]);
    let fixtures = crate::harness::fixtures();
    for (from, to) in [
        ("docx/transcripts/trans1.docx", "trans1.docx"),
        ("timed/transcripts/spec-example.vtt", "spec-example.vtt"),
        ("timed/transcripts/sample-srt.srt", "sample-srt.srt"),
        ("fossrit/transcripts/donald-1-full.md", "donald-1-full.md"),
    ] {
        p.write(
            &format!("transcripts/{to}"),
            std::fs::read(fixtures.join(from)).unwrap(),
        );
    }
    p.write("transcripts/consent-form.pdf", "%PDF-1.4\n");
    p.write("transcripts/interview.m4a", "audio");
    p.write("transcripts/.DS_Store", "finder");
    p
}

#[test]
fn init_globs_every_kind_of_transcript_and_check_lists_the_files_it_cannot_read() {
    let p = mixed_folder();
    let out = p.ok(&["check"]);
    assert!(out.contains("ok: 6 transcripts, "), "{out}");
    for name in [
        "trans1.docx",
        "spec-example.vtt",
        "sample-srt.srt",
        "donald-1-full.md",
    ] {
        assert!(
            out.contains(&format!("note: transcripts/{name}: speakers ")),
            "{name}: {out}"
        );
    }
    assert!(
        out.contains(
            "note: transcripts/consent-form.pdf: not read: qualcode has no reader \
             for this kind of file (it reads .txt, .md"
        ),
        "{out}"
    );
    assert!(
        out.contains("note: transcripts/interview.m4a: not read: "),
        "{out}"
    );
    assert!(
        out.contains("note: 2 files in the transcript folders are not read"),
        "{out}"
    );
    assert!(!out.contains(".DS_Store"), "{out}");
}

#[test]
fn check_lists_the_files_no_glob_takes() {
    let p = mixed_folder();
    p.write(
        "qualcode.yaml",
        p.read("qualcode.yaml")
            .lines()
            .map(|l| {
                if l.starts_with("transcripts:") {
                    "transcripts: [\"transcripts/*.txt\"]"
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let out = p.ok(&["check"]);
    assert!(out.contains("ok: 2 transcripts, "), "{out}");
    assert!(
        out.contains(
            "note: transcripts/donald-1-full.md: not read: no glob under `transcripts:` \
             in qualcode.yaml takes it"
        ),
        "{out}"
    );
    assert!(
        out.contains("note: transcripts/trans1.docx: not read: no glob"),
        "{out}"
    );
    assert!(
        out.contains("note: 6 files in the transcript folders are not read"),
        "{out}"
    );
}

/// A transcript in a layout of its own, beside the mini project's usual ones.
fn with_odd_file() -> Project {
    let p = fixture("mini");
    p.write(
        "transcripts/odd/P7.txt",
        "Interviewer >> What made you go back?\nP7 >> Honestly the money.\nP7 >> And my kids.\n",
    );
    p.edit(
        "qualcode.yaml",
        "transcripts: [\"transcripts/*.txt\", \"transcripts/*.md\"]",
        "transcripts: [\"transcripts/*.txt\", \"transcripts/*.md\", \"transcripts/odd/*.txt\"]",
    );
    p
}

#[test]
fn a_per_file_rule_reads_an_odd_file_and_leaves_the_built_in_forms_for_the_rest() {
    let p = with_odd_file();
    // A project-wide label_pattern replaces the built-in forms everywhere.
    let project_wide = "label_pattern: '^(?P<label>\\w+) >> (?P<text>.*)$'\n";
    p.write("qualcode.yaml", p.read("qualcode.yaml") + project_wide);
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("transcripts/F1.txt: no speaker turns"),
        "{}",
        r.stderr
    );
    // A files: rule gives it to the odd file only.
    p.write(
        "qualcode.yaml",
        p.read("qualcode.yaml").replace(project_wide, "")
            + "files:\n  - glob: transcripts/odd/*.txt\n    \
               label_pattern: '^(?P<label>\\w+) >> (?P<text>.*)$'\n    \
               speakers: {P7: F7}\n",
    );
    let out = p.ok(&["check"]);
    assert!(out.contains("ok: 6 transcripts, 7 cases"), "{out}");
    assert!(
        out.contains(
            "note: transcripts/odd/P7.txt: speakers Interviewer (interviewer, 1 turn), \
             P7 → case F7 (2 turns)"
        ),
        "{out}"
    );
    assert!(
        out.contains("note: transcripts/F1.txt: speakers Interviewer (interviewer, 2 turns)"),
        "{out}"
    );
    let csv = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert!(csv.contains("F7"), "{csv}");
}

#[test]
fn check_notes_a_per_file_rule_that_matches_no_transcript() {
    let p = fixture("mini");
    p.write(
        "qualcode.yaml",
        p.read("qualcode.yaml")
            + "files:\n  - glob: transcripts/otter/*.txt\n    speakers: {A: B}\n",
    );
    let out = p.ok(&["check"]);
    assert!(
        out.contains(
            "note: qualcode.yaml: files: rule 1 (\"transcripts/otter/*.txt\") matches no transcript"
        ),
        "{out}"
    );
}

#[test]
fn allow_stale_leaves_out_codings_that_no_longer_fit_an_edited_transcript() {
    let p = coded();
    // A new first turn moves every turn of F1 down a line.
    p.edit(
        "transcripts/F1.txt",
        "Interviewer: What gets you up in the morning?\n",
        "Interviewer: Hello.\nInterviewer: What gets you up in the morning?\n",
    );
    let r = p.run(&[
        "--allow-stale",
        "freq",
        "--codebook",
        "motives",
        "-f",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("codings of codings/auto.csv no longer fit the transcripts"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("F1,"), "{}", r.stdout);
}

#[test]
fn export_qdpx_carries_a_per_file_rules_speaker_map() {
    let p = with_odd_file();
    p.write(
        "qualcode.yaml",
        p.read("qualcode.yaml")
            + "files:\n  - glob: transcripts/odd/*.txt\n    \
               label_pattern: '^(?P<label>\\w+) >> (?P<text>.*)$'\n    \
               speakers: {P7: F7}\n",
    );
    p.ok(&["-q", "export", "qdpx", "-o", "p.qdpx"]);
    let bytes = std::fs::read(p.path("p.qdpx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut qde = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").unwrap(), &mut qde).unwrap();
    assert!(qde.contains(r#"speakers: {"P7":"F7"}"#), "{qde}");
}

#[test]
fn a_speaker_made_a_participant_after_code_is_refused_naming_the_change() {
    let p = coded();
    p.edit(
        "qualcode.yaml",
        "interviewers: [Interviewer, Facilitator]",
        "interviewers: [Interviewer]\nparticipants: [Facilitator]",
    );
    let err = p.bad(&["freq", "--codebook", "motives", "-f", "csv"]);
    insta::assert_snapshot!(err, @r"
    error: codings/auto.csv is out of date: qualcode.yaml or cases.csv now decides differently which turns are coded:
      speaker roles changed in transcripts/group.txt (Facilitator is now a participant)
    run `qualcode code` to bring the codings up to date (or pass --allow-stale to use them as they are)
    ");
    let out = p.ok(&["check"]);
    assert!(
        out.contains("speaker roles changed in transcripts/group.txt"),
        "{out}"
    );
    let r = p.run(&[
        "--allow-stale",
        "freq",
        "--codebook",
        "motives",
        "-f",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("speaker roles changed in transcripts/group.txt"),
        "{}",
        r.stderr
    );
    // Coding again brings them up to date.
    p.code();
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
}

#[test]
fn settings_that_do_not_decide_the_coding_leave_codings_fresh() {
    let p = coded();
    p.edit(
        "qualcode.yaml",
        "attribution: \"Participant {id}.\"",
        "attribution: \"P{id}\"\nunit: segment",
    );
    p.edit("qualcode.yaml", "Sarah: \"[ICSM]\"", "Sarah: \"[COACH]\"");
    p.edit("cases.csv", "F1,North,Younger\n", "F1,South,Younger\n");
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
}

#[test]
fn a_sidecar_from_an_older_qualcode_is_compared_by_files_only() {
    let p = coded();
    let sidecar = std::fs::read_to_string(p.path("codings/auto.sources.tsv")).unwrap();
    assert!(
        sidecar.contains("\nspeakers\ttranscripts/group.txt\t"),
        "{sidecar}"
    );
    let old: Vec<&str> = sidecar
        .lines()
        .filter(|l| !l.starts_with("speakers\t") && !l.starts_with("role\t"))
        .collect();
    p.write("codings/auto.sources.tsv", &(old.join("\n") + "\n"));
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
    p.edit("transcripts/F1.txt", "pay my bills", "pay the bills");
    let err = p.bad(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert!(err.contains("changed: transcripts/F1.txt"), "{err}");
}

#[test]
fn another_text_column_after_code_is_refused_naming_the_transcript() {
    let p = fixture("formats");
    std::fs::remove_file(p.path("transcripts/oral-history-2.tsv")).unwrap();
    p.code();
    p.edit("qualcode.yaml", "text: Words spoken", "text: Timecode");
    let err = p.bad(&["freq", "--codebook", "talk", "-f", "csv"]);
    assert!(
        err.contains(
            "\n  transcripts/oral-history.csv is now read into other participant turns \
             (`columns:`, `label_pattern:` or `files:` in qualcode.yaml)\n\
             run `qualcode code`"
        ),
        "{err}"
    );
}
