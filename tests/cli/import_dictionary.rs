//! `qualcode import dictionary`: real quanteda, LIWC and WordStat
//! dictionaries (`tests/fixtures/dictionaries/`) become codebooks that
//! `check` accepts and that code transcripts; whatever cannot be expressed
//! is reported; nothing is overwritten without `--force`.

use std::fs;

use crate::harness::{Project, Run, empty, fixtures};

/// An empty project (one transcript, no codebook yet) with the fixture
/// dictionaries copied into `dictionaries/`.
fn project(transcript: &str) -> Project {
    let p = empty();
    p.write(
        "qualcode.yaml",
        "transcripts: [\"transcripts/*.txt\"]\ncodebooks: [\"codebooks/*.yaml\"]\n",
    );
    p.write("transcripts/D1.txt", transcript);
    for entry in fs::read_dir(fixtures().join("dictionaries")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        p.write(&format!("dictionaries/{name}"), fs::read(&path).unwrap());
    }
    p
}

const SPEECH: &str = "\
Interviewer: What matters to you?
D1: I want my kids to feel safe, and some compassion from the office.
Interviewer: Anything else?
D1: My cousin went to Botswana and then to Boston. It was about the music.
";

/// Import quietly, requiring success.
fn import(p: &Project, args: &[&str]) {
    let mut all = vec!["-q", "import", "dictionary"];
    all.extend_from_slice(args);
    p.ok(&all);
}

/// Exit code, stdout and stderr together, for snapshots.
fn shown(r: &Run) -> String {
    format!(
        "exit code: {}\n--- stderr\n{}--- stdout\n{}",
        r.code, r.stderr, r.stdout
    )
}

#[test]
fn each_real_dictionary_imports_into_a_codebook_check_accepts() {
    let p = project(SPEECH);
    for (file, codebook) in [
        ("mary.yml", "mary"),
        ("newsmap.yml", "newsmap"),
        ("newsmap2.yml", "newsmap2"),
        ("mary.dic", "mary_dic"),
        (
            "moral_foundations_dictionary.dic",
            "moral_foundations_dictionary",
        ),
        ("mfd2.0.dic", "mfd2_0"),
        ("issue-459.cat", "issue_459"),
        ("Laver_and_Garry_2000.cat", "laver_and_garry_2000"),
        ("empath-head.tsv", "empath"),
    ] {
        let args = [
            "-q",
            "import",
            "dictionary",
            &format!("dictionaries/{file}"),
            "--name",
            codebook,
        ];
        p.ok(&args);
        assert!(
            p.path(&format!("codebooks/{codebook}.yaml")).is_file(),
            "{file}"
        );
    }
    let out = p.ok(&["check"]);
    assert!(
        out.starts_with("ok: 9 codebooks, "),
        "check should load all nine imported codebooks:\n{out}"
    );
}

#[test]
fn imported_codes_apply_to_the_words_and_globs_of_their_categories() {
    let p = project(SPEECH);
    for file in [
        "moral_foundations_dictionary.dic",
        "mfd2.0.dic",
        "issue-459.cat",
        "newsmap2.yml",
        "Laver_and_Garry_2000.cat",
        "empath-head.tsv",
    ] {
        import(&p, &[&format!("dictionaries/{file}")]);
    }
    p.code();
    let codings = p.read("codings/auto.csv");
    let coded = |code: &str, word: &str| {
        codings
            .lines()
            .any(|l| l.contains(&format!(",{code},")) && l.contains(word))
    };
    // LIWC: `safe*` (a word-final glob) in HarmVirtue; a CR-only file.
    assert!(
        coded("moral_foundations_dictionary.harmvirtue", "safe"),
        "{codings}"
    );
    assert!(coded("mfd2_0.care.virtue", "safe"), "{codings}");
    // WordStat: a nested category; quanteda: a nested key.
    assert!(coded("issue_459.south.bw", "Botswana"), "{codings}");
    assert!(coded("newsmap2.us.ma", "Boston"), "{codings}");
    assert!(
        coded("laver_and_garry_2000.culture.culture_high", "music"),
        "{codings}"
    );
    // Empath: one category a line.
    assert!(coded("empath_head.office", "office"), "{codings}");
    // `harm*` is not in the speech: no HarmVice coding.
    assert!(
        !codings.contains("moral_foundations_dictionary.harmvice"),
        "{codings}"
    );
}

#[test]
fn quanteda_yaml_imports_as_a_codebook() {
    let p = project(SPEECH);
    let r = p.run(&["import", "dictionary", "dictionaries/newsmap2.yml"]);
    insta::assert_snapshot!("import_dictionary_quanteda_run", shown(&r));
    insta::assert_snapshot!(
        "import_dictionary_quanteda",
        p.read("codebooks/newsmap2.yaml")
    );
}

#[test]
fn liwc_dic_imports_as_a_codebook() {
    let p = project(SPEECH);
    import(&p, &["dictionaries/mary.dic"]);
    insta::assert_snapshot!("import_dictionary_liwc", p.read("codebooks/mary.yaml"));
}

#[test]
fn wordstat_cat_imports_as_a_codebook() {
    let p = project(SPEECH);
    import(&p, &["dictionaries/issue-459.cat"]);
    insta::assert_snapshot!(
        "import_dictionary_wordstat",
        p.read("codebooks/issue_459.yaml")
    );
}

#[test]
fn tab_separated_word_lists_import_one_category_a_line() {
    let p = project(SPEECH);
    let r = p.run(&["import", "dictionary", "dictionaries/empath-head.tsv"]);
    insta::assert_snapshot!("import_dictionary_tsv_run", shown(&r));
    let book = p.read("codebooks/empath_head.yaml");
    let ids: Vec<_> = book.lines().filter(|l| l.starts_with("  - id: ")).collect();
    assert_eq!(
        ids,
        [
            "  - id: help",
            "  - id: office",
            "  - id: dance",
            "  - id: money",
            "  - id: wedding"
        ]
    );
}

#[test]
fn sibling_names_slugging_alike_get_suffixes_and_are_reported() {
    let p = project(SPEECH);
    let r = p.run(&[
        "import",
        "dictionary",
        "dictionaries/Laver_and_Garry_2000.cat",
    ]);
    insta::assert_snapshot!("import_dictionary_collisions", shown(&r));
    let book = p.read("codebooks/laver_and_garry_2000.yaml");
    for id in [
        "id: state\n",
        "id: state_2\n",
        "id: state_3\n",
        "label: \"=STATE=\"",
    ] {
        assert!(book.contains(id), "{id}");
    }
}

/// A LIWC2007-style dictionary with the forms patterns cannot express.
const CONDITIONAL: &str = "%\n1\tfunct\n2\tverb\n3\tdiscrep\n%\n\
like\t1 (02 134)2/1\n(discrep) like\t2\nlonely\nwould\t3\nshould*\t3\n\
wom?n\t1\n*ness\t1\n";

#[test]
fn entries_that_cannot_be_expressed_are_reported_not_dropped() {
    let p = project(SPEECH);
    p.write("dictionaries/liwc2007.dic", CONDITIONAL);
    let r = p.run(&["import", "dictionary", "dictionaries/liwc2007.dic"]);
    insta::assert_snapshot!("import_dictionary_not_expressible", shown(&r));
    let book = p.read("codebooks/liwc2007.yaml");
    insta::assert_snapshot!("import_dictionary_not_expressible_codebook", book);
    assert!(book.contains("#   line 6: like (02 134)2/1"));
    p.ok(&["check"]);
}

#[test]
fn stderr_lists_ten_entries_unless_verbose() {
    let p = project(SPEECH);
    let mut dic = String::from("%\n1\ta\n%\n");
    dic.extend((0..12).map(|i| format!("(x) w{i}\t1\n")));
    dic.push_str("word\t1\n");
    p.write("many.dic", &dic);
    let r = p.run(&["import", "dictionary", "many.dic"]);
    assert_eq!(r.stderr.matches("not imported").count(), 10, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("… and 2 more, all listed at the top of codebooks/many.yaml")
    );
    let r = p.run(&["import", "dictionary", "many.dic", "--force", "--verbose"]);
    assert_eq!(r.stderr.matches("not imported").count(), 12, "{}", r.stderr);
    assert_eq!(
        p.read("codebooks/many.yaml").matches("#   line ").count(),
        12
    );
}

#[test]
fn an_existing_codebook_is_kept_without_force() {
    let p = project(SPEECH);
    import(&p, &["dictionaries/mary.yml"]);
    p.write("codebooks/mary.yaml", "codebook: mine\n");
    let err = p.bad(&["import", "dictionary", "dictionaries/mary.yml"]);
    assert!(
        err.contains("codebooks/mary.yaml exists: pass --force"),
        "{err}"
    );
    assert_eq!(p.read("codebooks/mary.yaml"), "codebook: mine\n");
    import(&p, &["dictionaries/mary.yml", "--force"]);
    assert!(p.read("codebooks/mary.yaml").contains("codebook: mary\n"));
    let leftovers: Vec<_> = fs::read_dir(p.path("codebooks"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn output_goes_where_asked_and_dash_is_stdout() {
    let p = project(SPEECH);
    let r = p.run(&[
        "import",
        "dictionary",
        "dictionaries/mary.dic",
        "-o",
        "elsewhere/m.yaml",
        "--name",
        "m",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(p.read("elsewhere/m.yaml").contains("codebook: m\n"));
    assert!(
        r.stderr
            .contains("note: elsewhere/m.yaml is not among the codebooks the project loads"),
        "{}",
        r.stderr
    );
    let yaml = p.ok(&[
        "-q",
        "import",
        "dictionary",
        "dictionaries/mary.dic",
        "-o",
        "-",
    ]);
    assert!(
        yaml.contains("codebook: mary\n") && yaml.contains("\"lamb\""),
        "{yaml}"
    );
    assert!(!p.path("codebooks/mary.yaml").exists());
    // --project names the folder or its qualcode.yaml.
    p.write(
        "sub/qualcode.yaml",
        "transcripts: [\"*.txt\"]\ncodebooks: [\"codebooks/*.yaml\"]\n",
    );
    let r = p.run(&[
        "--project",
        "sub/qualcode.yaml",
        "import",
        "dictionary",
        "dictionaries/mary.yml",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(p.path("sub/codebooks/mary.yaml").is_file());
    assert!(!r.stderr.contains("not among"), "{}", r.stderr);
}

#[test]
fn format_can_be_forced_and_encodings_are_read() {
    let p = project(SPEECH);
    // A LIWC file named .txt, in Windows-1252 with an accented category.
    p.write("words.txt", b"%\n1\tCaf\xe9 talk\n%\nespresso\t1\n");
    let r = p.run(&["import", "dictionary", "words.txt", "--format", "liwc"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("not UTF-8: read as windows-1252"),
        "{}",
        r.stderr
    );
    let book = p.read("codebooks/words.yaml");
    assert!(
        book.contains("id: cafe_talk") && book.contains("label: \"Café talk\""),
        "{book}"
    );
    // The same with the encoding given: no guess to report.
    let r = p.run(&[
        "--encoding",
        "windows-1252",
        "import",
        "dictionary",
        "words.txt",
        "--format",
        "liwc",
        "--force",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("not UTF-8"), "{}", r.stderr);
    assert!(
        p.read("codebooks/words.yaml")
            .contains("label: \"Café talk\"")
    );
    // UTF-8 with a byte-order mark, sniffed from the content.
    p.write("bom.txt", "\u{feff}A: [alpha*]\n");
    import(&p, &["bom.txt"]);
    assert!(p.read("codebooks/bom.yaml").contains("- \"alpha*\""));
}

#[test]
fn a_valence_lexicon_is_binned_into_positive_and_negative() {
    let p = project(SPEECH);
    let r = p.run(&[
        "import",
        "dictionary",
        "dictionaries/AFINN-111.txt",
        "--name",
        "afinn",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Not 2,477 codes named after the words, with the score as pattern.
    assert!(
        r.stderr.contains("as codebook afinn -> codebooks/afinn.yaml: 2 categories, 2476 patterns, 1 entries not expressible"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "a valence lexicon (word, tab, score from -5 to 5): its words are binned into codes \
             positive (878 words) and negative (1598)"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\"some kind\": score 0"), "{}", r.stderr);
    let yaml = p.read("codebooks/afinn.yaml");
    let positive = yaml.find("- id: positive").unwrap();
    let negative = yaml.find("- id: negative").unwrap();
    assert!(yaml[positive..negative].contains("\"breathtaking\""));
    assert!(yaml[negative..].contains("\"abandon\""));
    assert!(!yaml.contains("\"-2\""));
    p.ok(&["check"]);
}

#[test]
fn a_qualcoder_codebook_nests_and_keeps_its_memos() {
    let p = project(SPEECH);
    let qc = "dictionaries/qualcoder_plain_codes.txt";
    // Sniffed, and the same when named tab-separated.
    for args in [
        vec![qc, "--name", "qc"],
        vec![qc, "--name", "qc", "--format", "tsv", "--force"],
    ] {
        let mut all = vec!["import", "dictionary"];
        all.extend(args);
        let r = p.run(&all);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("(qualcoder dictionary)"), "{}", r.stderr);
        let yaml = p.read("codebooks/qc.yaml");
        // cat3>>cat2>>code4<TAB>another memo
        let cat3 = yaml.find("label: \"cat3\"").unwrap();
        let code4 = yaml.find("- id: code4").unwrap();
        assert!(yaml[cat3..code4].contains("- id: cat2"), "{yaml}");
        assert!(yaml[code4..].starts_with(
            "- id: code4\n            label: \"code4\"\n            description: \"another memo\""
        ));
        assert!(yaml.contains("description: \"A memo for code 1\""));
        assert!(
            !yaml.contains("patterns:"),
            "memos are not patterns: {yaml}"
        );
    }
    p.ok(&["check"]);
}
