//! The catalogue of bad inputs, continued for the codebooks' own tests:
//! counterexamples (sentences a code must not match). Each must end with
//! exit code 2, no panic, and a message naming the file, line and code id
//! and the pattern that matched. Exit code and message are snapshot-tested.

const CB: &str = "codebooks/motives.yaml";

bad!(codebook_counterexample_coded_by_its_code, ["check"], |p| {
    p.edit(
        CB,
        "    not: [money for nothing]",
        "    not: [money for nothing]\n    counterexamples: [\"money for nothing\", \"I pay my bills by direct debit\"]",
    );
});

bad!(codebook_counterexample_coded_by_a_child, ["check"], |p| {
    p.edit(
        CB,
        "    description: Work for the sake of, or pushed by, family.",
        "    description: Work for the sake of, or pushed by, family.\n    counterexamples: [\"she treats my kids like her own\"]",
    );
});

bad!(codebook_counterexample_not_a_string, ["check"], |p| {
    p.edit(
        CB,
        "    not: [money for nothing]",
        "    not: [money for nothing]\n    counterexamples: [{regex: x}]",
    );
});
