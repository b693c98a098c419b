//! Bad inputs of case roles and the matcher's guards, in the manner of
//! `bad_input.rs`: exit code 2, no panic, a message naming the file and
//! place and saying what to do; exit code and message snapshot-tested.

const CB: &str = "codebooks/motives.yaml";

bad!(roles_role_with_a_space, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nroles:\n  ICSM: case manager",
    );
});

bad!(roles_key_without_a_value, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "cases: cases.csv",
        "cases: cases.csv\nroles:\n  cohort=: staff",
    );
});

bad!(codebook_applies_to_no_role, ["check"], |p| {
    p.edit(
        CB,
        "    label: Boredom",
        "    label: Boredom\n    applies_to: []",
    );
});

bad!(codebook_applies_to_a_bad_role_name, ["check"], |p| {
    p.edit(
        CB,
        "negation: 3\n",
        "negation: 3\napplies_to: [client staff]\n",
    );
});

bad!(codebook_unknown_mood, ["check"], |p| {
    p.edit(
        CB,
        "    label: Boredom",
        "    label: Boredom\n    mood: real",
    );
});

bad!(codebook_unknown_tense, ["check"], |p| {
    p.edit(
        CB,
        "    label: Boredom",
        "    label: Boredom\n    tense: future",
    );
});
