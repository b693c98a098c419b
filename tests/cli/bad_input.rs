//! The catalogue of bad inputs. Each one must end with exit code 2, no
//! panic, and a message naming the file, line and code id where there is
//! one, and saying what to do. Exit code and message are snapshot-tested.

use crate::harness::{Project, fixture};

const CB: &str = "codebooks/motives.yaml";

// --- project config -------------------------------------------------------

bad!(config_malformed_yaml, ["check"], |p| {
    p.write(
        "qualcode.yaml",
        "transcripts: [\"transcripts/*.txt\"\ncodebooks: [x]\n",
    );
});

bad!(config_unknown_key, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\ntranscipts: [x]",
    );
});

bad!(config_wrong_type, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nunit: person",
    );
});

bad!(config_globs_match_no_transcript, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "[\"transcripts/*.txt\", \"transcripts/*.md\"]",
        "[\"interviews/*.txt\"]",
    );
});

bad!(config_missing_codebook_file, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "[\"codebooks/*.yaml\"]",
        "[\"codebooks/*.yaml\", \"codebooks/gone.yaml\"]",
    );
});

bad!(config_missing_cases_file, ["check"], |p| {
    p.edit("qualcode.yaml", "cases: cases.csv", "cases: people.csv");
});

// --- codebooks ------------------------------------------------------------

bad!(codebook_malformed_yaml, ["check"], |p| {
    p.edit(CB, "    label: Boredom", "    label: [Boredom");
});

bad!(codebook_unknown_key, ["check"], |p| {
    p.edit(
        CB,
        "    label: Boredom",
        "    label: Boredom\n    lable: Bored",
    );
});

bad!(codebook_bad_regex, ["check"], |p| {
    p.edit(CB, "{regex: \"£\\\\s?\\\\d+\"}", "{regex: \"(£\\\\d+\"}");
});

bad!(codebook_wildcard_inside_a_word, ["check"], |p| {
    p.edit(CB, "wage*", "wa*ge");
});

bad!(codebook_near_needs_two_terms, ["check"], |p| {
    p.edit(
        CB,
        "{near: [confidence, back], within: 4}",
        "{near: [confidence], within: 4}",
    );
});

bad!(codebook_duplicate_id, ["check"], |p| {
    p.edit(
        CB,
        "  - id: confidence",
        "  - id: boredom\n    label: Again\n  - id: confidence",
    );
});

bad!(codebook_duplicate_codebook_across_files, ["check"], |p| {
    p.write("codebooks/copy.yaml", p.read(CB));
});

bad!(codebook_example_not_matched, ["check"], |p| {
    p.edit(
        CB,
        "examples: [\"I was bored stiff\"]",
        "examples: [\"I was fed up\", \"I was bored stiff\"]",
    );
});

bad!(codebook_empty_file, ["check"], |p| {
    p.write(CB, "");
});

// --- transcripts and cases ------------------------------------------------

bad!(transcript_empty, ["check"], |p| {
    p.write("transcripts/E1.txt", "");
});

bad!(transcript_not_utf8, ["check"], |p| {
    // Said to be UTF-8, so not read as a legacy encoding.
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nencoding: utf-8",
    );
    p.write(
        "transcripts/E1.txt",
        b"---\nid: E1\n---\nParticipant: the caf\xe9 job, the money\n".as_slice(),
    );
});

bad!(transcript_unreadable_in_its_encoding, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nencoding: shift_jis",
    );
    p.write(
        "transcripts/E1.txt",
        b"---\nid: E1\n---\nParticipant: the money \x82\xff\n".as_slice(),
    );
});

bad!(config_label_pattern_bad_regex, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nlabel_pattern: '^(?P<label>[A-Z'",
    );
});

bad!(config_label_pattern_without_label_group, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nlabel_pattern: '^([A-Z]+) > '",
    );
});

bad!(
    config_redact_match_case_names_no_redacted_name,
    ["check"],
    |p| {
        p.edit(
            "qualcode.yaml",
            "redact:\n",
            "redact_match_case: [Sara]\nredact:\n",
        );
    }
);

bad!(config_codebook_globs_match_only_personas, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "codebooks: [\"codebooks/*.yaml\"]",
        "codebooks: [\"personas.yaml\"]",
    );
});

bad!(config_unknown_encoding, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nencoding: klingon",
    );
});

bad!(
    option_unknown_encoding,
    ["--encoding", "latin-x", "check"],
    |_p| {}
);

bad!(transcript_malformed_front_matter, ["check"], |p| {
    p.write("transcripts/E1.txt", "---\nid: [E1\n---\nParticipant: hi\n");
});

#[cfg(unix)]
bad!(transcript_unreadable, ["check"], |p| {
    std::os::unix::fs::symlink("/nonexistent/qualcode/E1.txt", p.path("transcripts/E1.txt"))
        .unwrap();
});

bad!(case_attribute_conflict, ["check"], |p| {
    p.edit("cases.csv", "F1,North,Younger", "F1,North,Older");
});

bad!(cases_duplicate_id, ["check"], |p| {
    p.edit(
        "cases.csv",
        "N1,South,Older",
        "N1,South,Older\nF2,South,Older",
    );
});

bad!(cases_ragged_row, ["check"], |p| {
    p.edit("cases.csv", "N1,South,Older", "N1,South");
});

bad!(cases_without_id_column, ["check"], |p| {
    p.edit("cases.csv", "id,site,cohort", "case,site,cohort");
});

// --- coders' files ----------------------------------------------------------

const MANUAL: &str = "document,line,code,action\n";

bad!(manual_unknown_code, ["check"], |p| {
    p.write(
        "codings/ana.csv",
        format!("{MANUAL}transcripts/F1.txt,6,motives.mony,add\n"),
    );
});

bad!(manual_bad_action, ["check"], |p| {
    p.write(
        "codings/ana.csv",
        format!("{MANUAL}transcripts/F1.txt,6,motives.money,approve\n"),
    );
});

bad!(manual_line_not_in_a_participant_turn, ["check"], |p| {
    p.write(
        "codings/ana.csv",
        format!("{MANUAL}transcripts/F1.txt,5,motives.money,add\n"),
    );
});

bad!(manual_unknown_document, ["check"], |p| {
    p.write(
        "codings/ana.csv",
        format!("{MANUAL}transcripts/F9.txt,6,motives.money,add\n"),
    );
});

bad!(manual_missing_column, ["check"], |p| {
    p.write(
        "codings/ana.csv",
        "document,line,code\ntranscripts/F1.txt,6,motives.money\n",
    );
});

bad!(
    manual_line_no_longer_in_a_turn_after_a_transcript_edit,
    ["check"],
    |p| {
        // Line 8 held F1's second turn; a line added above the first moves it.
        p.write(
            "codings/ana.csv",
            format!("{MANUAL}transcripts/F1.txt,8,motives.family,add\n"),
        );
        p.edit(
            "transcripts/F1.txt",
            "Interviewer: Anything else?",
            "Interviewer: Anything else?\nInterviewer: Take your time.",
        );
    }
);

// --- agree ------------------------------------------------------------------

/// ana's and ben's files from `tests/fixtures/mini-coders/`.
fn coders(p: &Project) {
    for coder in ["ana", "ben"] {
        let file = crate::harness::fixtures().join(format!("mini-coders/{coder}.csv"));
        p.write(
            &format!("codings/{coder}.csv"),
            std::fs::read(file).unwrap(),
        );
    }
}

bad!(agree_unknown_coder, ["agree", "--coders", "ana,zed"], |p| {
    coders(&p);
});

bad!(
    agree_no_coders_files,
    ["agree", "--coders", "auto,ana"],
    |p| {}
);

bad!(
    agree_coder_with_no_rows,
    ["agree", "--coders", "ana,cy"],
    |p| {
        coders(&p);
        p.write("codings/cy.csv", MANUAL);
    }
);

bad!(agree_one_coder, ["agree", "--coders", "ana"], |p| {
    coders(&p);
});

bad!(
    agree_three_coders,
    ["agree", "--coders", "ana,ben,auto"],
    |p| {
        coders(&p);
    }
);

bad!(
    agree_same_coder_twice,
    ["agree", "--coders", "ana,ana"],
    |p| {
        coders(&p);
    }
);

bad!(
    agree_no_document_in_common,
    ["agree", "--coders", "ana,cy"],
    |p| {
        coders(&p);
        p.write(
            "codings/cy.csv",
            format!("{MANUAL}transcripts/N1.txt,5,motives.money,add\n"),
        );
    }
);

bad!(
    agree_coder_row_unknown_code,
    ["agree", "--coders", "ana,cy"],
    |p| {
        coders(&p);
        p.write(
            "codings/cy.csv",
            format!("{MANUAL}transcripts/F1.txt,6,motives.mony,add\n"),
        );
    }
);

bad!(
    agree_code_outside_codebook,
    ["agree", "--coders", "ana,ben", "--code", "motives.monye"],
    |p| {
        coders(&p);
    }
);

// --- codings add|reject|accept|undo|list and review -------------------------------

const DECIDE: [&str; 6] = [
    "--coder",
    "ana",
    "--document",
    "transcripts/F1.txt",
    "--line",
    "6",
];

bad!(
    codings_add_unknown_document,
    [
        "codings",
        "add",
        "--coder",
        "ana",
        "--document",
        "transcripts/F9.txt",
        "--line",
        "6",
        "--code",
        "motives.money"
    ],
    |p| {
        p.code();
    }
);

bad!(
    codings_add_line_not_in_a_participant_turn,
    [
        "codings",
        "add",
        "--coder",
        "ana",
        "--document",
        "transcripts/F1.txt",
        "--line",
        "5",
        "--code",
        "motives.money"
    ],
    |p| {
        p.code();
    }
);

bad!(
    codings_add_unknown_code,
    [
        "codings",
        "add",
        DECIDE[0],
        DECIDE[1],
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.mony"
    ],
    |p| {
        p.code();
    }
);

bad!(
    codings_reject_without_an_auto_coding,
    [
        "codings",
        "reject",
        DECIDE[0],
        DECIDE[1],
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.boredom"
    ],
    |p| {
        p.code();
    }
);

bad!(
    codings_accept_twice,
    [
        "codings",
        "accept",
        DECIDE[0],
        DECIDE[1],
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.money"
    ],
    |p| {
        p.code();
        p.write(
            "codings/ana.csv",
            format!("{MANUAL}transcripts/F1.txt,6,motives.money,reject\n"),
        );
    }
);

bad!(
    codings_coder_named_auto,
    [
        "codings",
        "add",
        "--coder",
        "auto",
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.money"
    ],
    |p| {}
);

bad!(
    codings_coder_name_ending_in_csv,
    [
        "codings",
        "add",
        "--coder",
        "ana.csv",
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.money"
    ],
    |p| {}
);

bad!(
    codings_coder_name_with_a_path,
    [
        "codings",
        "add",
        "--coder",
        "../ana",
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.money"
    ],
    |p| {}
);

bad!(
    codings_memo_for_a_file_without_a_memo_column,
    [
        "codings",
        "add",
        DECIDE[0],
        DECIDE[1],
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.boredom",
        "--memo",
        "bills"
    ],
    |p| {
        p.code();
        p.write("codings/ana.csv", MANUAL);
    }
);

bad!(
    codings_add_to_a_malformed_file,
    [
        "codings",
        "add",
        DECIDE[0],
        DECIDE[1],
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.boredom"
    ],
    |p| {
        p.code();
        p.write(
            "codings/ana.csv",
            format!("{MANUAL}transcripts/F1.txt,six,motives.money,add\n"),
        );
    }
);

bad!(
    codings_add_to_a_file_naming_an_unknown_code,
    [
        "codings",
        "add",
        DECIDE[0],
        DECIDE[1],
        DECIDE[2],
        DECIDE[3],
        DECIDE[4],
        DECIDE[5],
        "--code",
        "motives.boredom"
    ],
    |p| {
        p.code();
        p.write(
            "codings/ana.csv",
            format!("{MANUAL}transcripts/F1.txt,6,motives.mony,add\n"),
        );
    }
);

bad!(
    codings_undo_with_nothing_to_undo,
    ["codings", "undo", "--coder", "ana"],
    |p| {}
);

bad!(
    codings_list_unknown_coder,
    ["codings", "list", "--coder", "zoe"],
    |p| {
        p.code();
        p.write("codings/ana.csv", MANUAL);
    }
);

bad!(
    codings_list_before_any_coder,
    ["codings", "list", "--coder", "zoe"],
    |p| {
        p.code();
    }
);

bad!(
    codings_list_unknown_code,
    ["codings", "list", "--code", "motives.mony"],
    |p| {
        p.code();
    }
);

bad!(
    review_without_a_terminal,
    ["review", "--coder", "ana"],
    |p| {}
);

// --- personas -----------------------------------------------------------------

const PERSONAS: &str = "personas.yaml";

bad!(personas_unknown_code, ["personas"], |p| {
    p.edit(
        PERSONAS,
        "motives.money, motives.family",
        "motives.mony, motives.family",
    );
});

bad!(personas_unknown_code_found_by_check, ["check"], |p| {
    p.edit(PERSONAS, "under: motives,", "under: motive,");
});

bad!(personas_unknown_attribute, ["personas"], |p| {
    p.edit(
        PERSONAS,
        "where: {cohort: [Older]}",
        "where: {cohrt: [Older]}",
    );
});

bad!(personas_rule_on_the_persona_column, ["personas"], |p| {
    p.edit(
        PERSONAS,
        "where: {cohort: [Older]}",
        "where: {persona: [Steady]}",
    );
});

bad!(personas_unknown_key, ["personas"], |p| {
    p.edit(
        PERSONAS,
        "        none: [motives.money]",
        "        nothing: [motives.money]",
    );
});

bad!(personas_malformed_yaml, ["personas"], |p| {
    p.edit(PERSONAS, "all: [motives.boredom]", "all: [motives.boredom");
});

bad!(personas_empty_rule, ["check"], |p| {
    p.edit(
        PERSONAS,
        "        all: [motives.boredom]\n        none: [motives.money]\n",
        "",
    );
});

bad!(personas_unknown_value_in_cases_csv, ["personas"], |p| {
    p.write(
        "cases.csv",
        "id,site,cohort,persona\nF1,North,Younger,\nF2,North,Older,Provider; Restles\n",
    );
});

bad!(personas_not_configured, ["personas"], |p| {
    p.edit("qualcode.yaml", "personas: personas.yaml\n", "");
});

bad!(personas_file_missing, ["personas"], |p| {
    p.edit(
        "qualcode.yaml",
        "personas: personas.yaml",
        "personas: persona.yaml",
    );
});

// --- report section of the config -------------------------------------------

bad!(report_unknown_key, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nreport:\n  quotes: 2",
    );
});

bad!(report_unknown_codebook, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nreport:\n  codebooks: [motives, motivators]",
    );
});

bad!(
    report_unknown_attribute,
    ["-q", "report", "-o", "r.html"],
    |p| {
        p.edit(
            "qualcode.yaml",
            "cases: cases.csv",
            "cases: cases.csv\nreport:\n  by: [cohort, sight]",
        );
    }
);

bad!(report_unknown_profile_attribute, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nreport:\n  profile: [site, gendr]",
    );
});

bad!(
    report_unknown_quotes_by_attribute,
    ["-q", "report", "-o", "r.html"],
    |p| {
        p.edit(
            "qualcode.yaml",
            "cases: cases.csv",
            "cases: cases.csv\nreport:\n  quotes_by: sight",
        );
    }
);

bad!(report_grid_codebook_without_polarities, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nreport:\n  grid: [motives]",
    );
});

bad!(
    report_unknown_attribution,
    ["-q", "report", "-o", "r.html"],
    |p| {
        p.edit(
            "qualcode.yaml",
            "cases: cases.csv",
            "cases: cases.csv\nreport:\n  attribution: '({sight})'",
        );
    }
);

// --- command line -----------------------------------------------------------

bad!(
    freq_unknown_codebook,
    ["freq", "--codebook", "motivs"],
    |p| {
        p.code();
    }
);

bad!(freq_unknown_code, ["freq", "--code", "motives.mony"], |p| {
    p.code();
});

bad!(
    freq_unknown_attribute,
    ["freq", "--codebook", "motives", "--by", "region"],
    |p| {
        p.code();
    }
);

bad!(
    where_unknown_attribute,
    ["freq", "--codebook", "motives", "--where", "region=North"],
    |p| {
        p.code();
    }
);

bad!(
    where_without_value,
    ["freq", "--codebook", "motives", "--where", "site"],
    |p| {
        p.code();
    }
);

bad!(
    where_matches_no_case,
    ["freq", "--codebook", "motives", "--where", "site=East"],
    |p| {
        p.code();
    }
);

bad!(
    grid_unknown_codebook,
    ["grid", "--codebook", "veiws", "--by", "site"],
    |p| {
        p.write("codebooks/views.yaml", crate::grid::VIEWS);
        p.code();
    }
);

bad!(
    grid_unknown_attribute,
    ["grid", "--codebook", "views", "--by", "region"],
    |p| {
        p.write("codebooks/views.yaml", crate::grid::VIEWS);
        p.code();
    }
);

bad!(
    grid_codebook_without_positive_negative_heads,
    ["grid", "--codebook", "motives", "--by", "site"],
    |p| {
        p.code();
    }
);

bad!(
    quotes_unknown_attribute_in_template,
    ["quotes", "--code", "motives", "--attribution", "({region})"],
    |p| {
        p.code();
    }
);

bad!(
    quotes_unknown_named_attribution,
    ["quotes", "--code", "motives", "--attribution", "site"],
    |p| {
        p.code();
    }
);

bad!(
    quotes_unknown_code,
    ["quotes", "--code", "motives.bored"],
    |p| {
        p.code();
    }
);

bad!(
    format_unknown,
    ["freq", "--codebook", "motives", "--format", "xls"],
    |p| {
        p.code();
    }
);

bad!(
    codebook_show_unknown,
    ["codebook", "show", "motivators"],
    |p| {}
);

// --- import dictionary -----------------------------------------------------

bad!(
    dictionary_format_unknown,
    ["import", "dictionary", "words.txt"],
    |p| {
        p.write("words.txt", "just some words\nand more words\n");
    }
);

bad!(
    dictionary_yaml_malformed,
    ["import", "dictionary", "dict.yml"],
    |p| {
        p.write("dict.yml", "positive: [good, great\nnegative: [bad]\n");
    }
);

bad!(
    dictionary_yaml_duplicate_category,
    ["import", "dictionary", "dict.yml"],
    |p| {
        p.write(
            "dict.yml",
            "positive: [good]\nnegative: [bad]\npositive: [great]\n",
        );
    }
);

bad!(
    dictionary_liwc_undeclared_category,
    ["import", "dictionary", "dict.dic"],
    |p| {
        p.write(
            "dict.dic",
            "%\n1\tposemo\n2\tnegemo\n%\ngood\t1\nawful\t2 7\n",
        );
    }
);

bad!(
    dictionary_liwc_duplicate_category,
    ["import", "dictionary", "dict.dic"],
    |p| {
        p.write("dict.dic", "%\n1\tposemo\n2\tposemo\n%\ngood\t1\n");
    }
);

bad!(
    dictionary_wordstat_duplicate_category,
    ["import", "dictionary", "dict.cat"],
    |p| {
        p.write(
            "dict.cat",
            "EMOTION\n\tPOSITIVE\n\t\tGOOD* (1)\n\tPOSITIVE\n\t\tGREAT (1)\n",
        );
    }
);

bad!(
    dictionary_wordstat_entry_outside_category,
    ["import", "dictionary", "dict.cat"],
    |p| {
        p.write("dict.cat", "GOOD* (1)\nEMOTION\n\tGREAT (1)\n");
    }
);

bad!(
    dictionary_tsv_duplicate_category,
    ["import", "dictionary", "dict.tsv"],
    |p| {
        p.write("dict.tsv", "help\tassist\taid\nwork\tjob\nhelp\tsupport\n");
    }
);

bad!(
    dictionary_name_invalid,
    ["import", "dictionary", "dict.tsv", "--name", "my words"],
    |p| {
        p.write("dict.tsv", "help\tassist\taid\n");
    }
);

bad!(
    dictionary_empty,
    ["import", "dictionary", "dict.dic"],
    |p| {
        p.write("dict.dic", "\n\n");
    }
);

bad!(
    dictionary_no_entries,
    ["import", "dictionary", "dict.dic"],
    |p| {
        p.write("dict.dic", "%\n1\tposemo\n%\n");
    }
);

bad!(
    dictionary_output_exists,
    ["import", "dictionary", "dict.dic"],
    |p| {
        p.write("dict.dic", "%\n1\tposemo\n%\ngood\t1\n");
        p.write("codebooks/dict.yaml", "codebook: mine\n");
    }
);

bad!(
    dictionary_missing_file,
    ["import", "dictionary", "gone.dic"],
    |p| {}
);

#[test]
fn errors_never_echo_transcript_passages() {
    let p = fixture("mini");
    let secret = "my neighbour Jo Bloggs sells things from the garage";
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nencoding: utf-8",
    );
    p.write(
        "transcripts/E1.txt",
        format!("---\nid: E1\n---\nParticipant: {secret} for cash, it's the money \u{0}\u{ff}")
            .as_bytes(),
    );
    let mut bytes = std::fs::read(p.path("transcripts/E1.txt")).unwrap();
    bytes.push(0xff);
    std::fs::write(p.path("transcripts/E1.txt"), bytes).unwrap();
    let err = p.bad(&["check"]);
    assert!(!err.contains("Bloggs"), "{err}");
    assert!(err.contains("transcripts/E1.txt:4:"), "{err}");
}

// --- kwic, cooccur, profile, --suppress-below -----------------------------

bad!(kwic_bad_regex, ["kwic", "re:(unclosed"], |_p| {});

bad!(kwic_wildcard_inside_a_word, ["kwic", "wo*rk"], |_p| {});

bad!(
    kwic_unknown_code,
    ["kwic", "--code", "motives.mony"],
    |p| {}
);

bad!(
    kwic_unknown_attribute,
    ["kwic", "money", "--attrs", "gender"],
    |p| {}
);

bad!(
    kwic_attribute_named_twice,
    ["kwic", "money", "--attrs", "site,cohort,site"],
    |p| {}
);

bad!(
    profile_attribute_named_twice,
    ["profile", "--attrs", "site,site"],
    |p| {}
);

bad!(profile_empty_attrs, ["profile", "--attrs", ""], |p| {});

bad!(
    cooccur_unknown_codebook,
    ["cooccur", "--codebook", "motive"],
    |p| {
        p.code();
    }
);

bad!(
    cooccur_code_without_children,
    ["cooccur", "--code", "motives.money", "--leaves"],
    |p| {
        p.code();
    }
);

bad!(
    profile_unknown_attribute,
    ["profile", "--attrs", "site,gender"],
    |p| {}
);

bad!(
    suppress_below_one,
    ["freq", "--codebook", "motives", "--suppress-below", "1"],
    |p| {}
);

// --- REFI-QDA import and export -------------------------------------------

/// A zip holding `entries` (name, text).
fn zipped(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn refi_fixture(name: &str) -> Vec<u8> {
    std::fs::read(crate::harness::fixtures().join("refi").join(name)).unwrap()
}

const QDE_HEAD: &str = "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n\
  <CodeBook><Codes><Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"a\" isCodable=\"true\"/></Codes></CodeBook>\n";

bad!(
    refi_import_qdpx_not_a_zip,
    ["import", "qdpx", "x.qdpx", "--coder", "a"],
    |p| {
        p.write("x.qdpx", "hello, this is not a project");
    }
);

bad!(
    refi_import_qdpx_coder_auto,
    [
        "import", "qdpx", "x.qdpx", "--coder", "auto", "--into", "out"
    ],
    |p| {
        p.write("x.qdpx", refi_fixture("oltas0517.qdpx"));
    }
);

bad!(
    refi_import_qdc_given_a_qdpx,
    ["import", "qdc", "x.qdpx"],
    |p| {
        p.write("x.qdpx", refi_fixture("oltas0517.qdpx"));
    }
);

bad!(
    refi_import_qdpx_no_project_qde,
    ["import", "qdpx", "x.qdpx", "--coder", "a"],
    |p| {
        p.write("x.qdpx", zipped(&[("Sources/a.txt", "text")]));
    }
);

bad!(
    refi_import_qdpx_missing_sources,
    ["import", "qdpx", "t.qdpx", "--coder", "a", "--into", "out"],
    |p| {
        p.write("t.qdpx", refi_fixture("TestProject.qdpx"));
    }
);

bad!(
    refi_import_qdpx_selection_outside_text,
    ["import", "qdpx", "x.qdpx", "--coder", "a", "--into", "out"],
    |p| {
        let qde = format!(
            "{QDE_HEAD}  <Sources>\n    <TextSource guid=\"B52FB733-B6AF-4B31-BB78-3E733135171A\" name=\"s\">\n      \
         <PlainTextContent>Short text.</PlainTextContent>\n      \
         <PlainTextSelection guid=\"51191CEE-BF78-4E92-9DF8-3AE66721E038\" startPosition=\"3\" endPosition=\"99\"/>\n    \
         </TextSource>\n  </Sources>\n</Project>\n"
        );
        p.write("x.qdpx", zipped(&[("project.qde", &qde)]));
    }
);

bad!(
    refi_import_qdpx_unknown_code,
    ["import", "qdpx", "x.qdpx", "--coder", "a", "--into", "out"],
    |p| {
        let qde = format!(
            "{QDE_HEAD}  <Sources>\n    <TextSource guid=\"B52FB733-B6AF-4B31-BB78-3E733135171A\" name=\"s\">\n      \
         <PlainTextContent>Short text.</PlainTextContent>\n      \
         <PlainTextSelection guid=\"51191CEE-BF78-4E92-9DF8-3AE66721E038\" startPosition=\"0\" endPosition=\"5\">\n        \
         <Coding guid=\"9FCD0F84-AA08-4765-B1B1-57A39966042A\"><CodeRef targetGUID=\"{{00000000-0000-0000-0000-000000000001}}\"/></Coding>\n      \
         </PlainTextSelection>\n    </TextSource>\n  </Sources>\n</Project>\n"
        );
        p.write("x.qdpx", zipped(&[("project.qde", &qde)]));
    }
);

bad!(
    refi_import_qdc_truncated,
    ["import", "qdc", "cut.qdc"],
    |p| {
        p.write(
            "cut.qdc",
            refi_fixture("atlasti-23.4-corrupted-truncated.qdc"),
        );
    }
);

bad!(
    refi_import_qdc_malformed_xml,
    ["import", "qdc", "m.qdc"],
    |p| {
        p.write(
        "m.qdc",
        "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n  <Codes>\n  </Code>\n</CodeBook>\n",
    );
    }
);

bad!(
    refi_import_qdc_unknown_namespace,
    ["import", "qdc", "n.qdc"],
    |p| {
        p.write(
            "n.qdc",
            "<CodeBook xmlns=\"urn:QDA-XML:codebook:9.9\"><Codes/></CodeBook>\n",
        );
    }
);

bad!(
    refi_import_qdc_duplicate_guids,
    ["import", "qdc", "d.qdc"],
    |p| {
        p.write(
            "d.qdc",
            "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n\
         <Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"a\" isCodable=\"true\"/>\n\
         <Code guid=\"{1ff58b12-6f6f-4b0c-8be5-bbdc91f55294}\" name=\"b\" isCodable=\"true\"/>\n\
         </Codes></CodeBook>\n",
        );
    }
);

bad!(
    refi_import_qdc_would_replace_a_codebook,
    ["import", "qdc", "v.qdc", "--name", "motives"],
    |p| {
        p.write("v.qdc", refi_fixture("atlasti-23.4-valid.qdc"));
    }
);

bad!(
    refi_export_qdc_unknown_codebook,
    ["export", "qdc", "--codebook", "nope"],
    |p| {}
);
