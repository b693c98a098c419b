//! The catalogue of bad inputs, continued for issue 16's project files:
//! per-file rules, the wording for no value, stale codings and their
//! sidecar. Each must end with exit code 2, no panic, and a message naming
//! the file (and place) and saying what to do.

use crate::harness::Project;

fn add_config(p: &Project, yaml: &str) {
    p.write("qualcode.yaml", p.read("qualcode.yaml") + yaml);
}

bad!(files_rule_bad_glob, ["check"], |p| {
    add_config(&p, "files:\n  - glob: 'transcripts/[odd.txt'\n");
});

bad!(
    files_rule_label_pattern_without_label_group,
    ["check"],
    |p| {
        add_config(
            &p,
            "files:\n  - glob: transcripts/*.txt\n  - glob: transcripts/F1.txt\n    \
         label_pattern: '^(?P<who>\\w+): (?P<text>.*)$'\n",
        );
    }
);

bad!(files_rule_unknown_key, ["check"], |p| {
    add_config(&p, "files:\n  - glob: transcripts/F1.txt\n    label: x\n");
});

bad!(files_rule_unknown_encoding, ["check"], |p| {
    add_config(
        &p,
        "files:\n  - glob: transcripts/F1.txt\n    encoding: latin-9000\n",
    );
});

bad!(files_rule_label_pattern_matches_nothing, ["check"], |p| {
    add_config(
        &p,
        "files:\n  - glob: transcripts/F1.txt\n    label_pattern: '^(?P<label>\\w+) >> '\n",
    );
});

bad!(not_recorded_empty, ["check"], |p| {
    add_config(&p, "not_recorded: ' '\n");
});

bad!(
    codings_stale_after_an_edit,
    ["freq", "--codebook", "motives"],
    |p| {
        p.code();
        p.edit("transcripts/N1.txt", "gardening", "painting");
    }
);

bad!(
    codings_auto_code_out_of_grammar,
    ["freq", "--codebook", "motives"],
    |p| {
        p.code();
        // A hand edit that breaks the first row's code id.
        let auto = p.read("codings/auto.csv");
        p.write(
            "codings/auto.csv",
            auto.replacen(",motives.", ",motives ", 1),
        );
    }
);

bad!(
    codings_sources_sidecar_damaged,
    ["freq", "--codebook", "motives"],
    |p| {
        p.code();
        p.write(
            "codings/auto.sources.tsv",
            "fnv1a64\tfile\nnot-a-hash\ttranscripts/F1.txt\n",
        );
    }
);
