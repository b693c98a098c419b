//! Bad inputs of whose coding counts (`final:`, `codings adjudicate`),
//! `suppress_below:` and the shipped codebooks (`builtin:`), in the manner
//! of `bad_input.rs`: exit code 2, no panic, a message naming the file and
//! saying what to do; exit code and message snapshot-tested.

fn add_to_config(p: &crate::harness::Project, line: &str) {
    let config = p.read("qualcode.yaml");
    p.write("qualcode.yaml", format!("{config}{line}\n"));
}

bad!(final_names_a_path_not_a_coder, ["check"], |p| {
    add_to_config(&p, "final: codings/ana.csv");
});

bad!(final_lists_auto_among_coders, ["check"], |p| {
    add_to_config(&p, "final: [ana, auto]");
});

bad!(final_lists_a_coder_twice, ["check"], |p| {
    add_to_config(&p, "final: [ana, ben, ana]");
});

bad!(final_is_a_number, ["check"], |p| {
    add_to_config(&p, "final: {ana: 1}");
});

bad!(suppress_below_one, ["freq", "--codebook", "motives"], |p| {
    add_to_config(&p, "suppress_below: 1");
});

bad!(suppress_below_negative, ["check"], |p| {
    add_to_config(&p, "suppress_below: -3");
});

bad!(
    suppress_below_flag_one,
    ["report", "-o", "-", "--suppress-below", "1"],
    |_p| {}
);

bad!(builtin_codebook_unknown, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "codebooks: [\"codebooks/*.yaml\"]",
        "codebooks: [\"builtin:motivator\"]",
    );
});

bad!(builtin_personas_as_a_codebook, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        "codebooks: [\"codebooks/*.yaml\"]",
        "codebooks: [\"builtin:personas\"]",
    );
});

bad!(builtin_personas_unknown, ["personas"], |p| {
    p.edit(
        "qualcode.yaml",
        "personas: personas.yaml",
        "personas: builtin:persona",
    );
});

bad!(
    codebook_copy_unknown,
    ["codebook", "copy", "motivator"],
    |_p| {}
);

bad!(
    init_with_an_unknown_builtin_codebook,
    ["init", "new", "--codebooks", "motivators,nope"],
    |_p| {}
);

bad!(
    adjudicate_as_one_of_the_coders,
    [
        "codings",
        "adjudicate",
        "--coders",
        "ana,zoe",
        "--as",
        "zoe",
        "--list"
    ],
    |_p| {}
);

bad!(
    adjudicate_one_coder,
    [
        "codings",
        "adjudicate",
        "--coders",
        "ana",
        "--as",
        "final",
        "--list"
    ],
    |_p| {}
);

bad!(
    adjudicate_a_coder_without_a_file,
    [
        "codings",
        "adjudicate",
        "--coders",
        "ana,zoe",
        "--as",
        "final",
        "--list"
    ],
    |_p| {}
);

bad!(
    adjudicate_prefer_without_non_interactive,
    [
        "codings",
        "adjudicate",
        "--coders",
        "ana,zoe",
        "--as",
        "final",
        "--prefer",
        "ana"
    ],
    |_p| {}
);
