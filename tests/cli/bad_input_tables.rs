//! Bad inputs of table layout, `labels:`, `order:` and `tables:`, in the
//! manner of `bad_input.rs`: exit code 2, no panic, a message naming the
//! file and place and saying what to do.

const CASES: &str = "cases: cases.csv";

bad!(
    columns_unknown_key,
    ["freq", "--codebook", "motives", "--columns", "code,count"],
    |p| {
        p.code();
    }
);

bad!(
    columns_named_twice,
    ["freq", "--codebook", "motives", "--columns", "code,Code"],
    |p| {
        p.code();
    }
);

bad!(
    columns_empty_key,
    ["freq", "--codebook", "motives", "--columns", "=Header"],
    |p| {
        p.code();
    }
);

bad!(table_unknown_name, ["table", "nothing"], |p| {
    p.edit(
        "qualcode.yaml",
        CASES,
        "cases: cases.csv\ntables:\n  t1:\n    verb: freq\n    codebook: motives",
    );
});

bad!(table_none_defined, ["table", "t1"], |_p| {});

bad!(table_unknown_verb, ["table", "t1"], |p| {
    p.edit(
        "qualcode.yaml",
        CASES,
        "cases: cases.csv\ntables:\n  t1:\n    verb: kwic\n    codebook: motives",
    );
});

bad!(table_unknown_option, ["table", "t1"], |p| {
    p.edit(
        "qualcode.yaml",
        CASES,
        "cases: cases.csv\ntables:\n  t1:\n    verb: freq\n    codebook: motives\n    bye: site",
    );
});

bad!(table_without_verb, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        CASES,
        "cases: cases.csv\ntables:\n  t1:\n    codebook: motives",
    );
});

bad!(table_bad_name, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        CASES,
        "cases: cases.csv\ntables:\n  \"my table\":\n    verb: freq\n    codebook: motives",
    );
});

bad!(order_listed_twice, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        CASES,
        "cases: cases.csv\norder:\n  site: [North, north]",
    );
});

bad!(labels_empty_name, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        CASES,
        "cases: cases.csv\nlabels:\n  site: \" \"",
    );
});

bad!(labels_unknown_key, ["check"], |p| {
    p.edit(
        "qualcode.yaml",
        CASES,
        "cases: cases.csv\nlabels:\n  site: {name: Region}",
    );
});

// --- YAML 1.2 booleans: `no`, `yes`, `on`, `n` are words ---------------------

bad!(yaml_11_boolean_word_for_a_setting, ["check"], |p| {
    let config = p.read("qualcode.yaml");
    p.write(
        "qualcode.yaml",
        format!("{config}detect_interviewers: no\n"),
    );
});

#[test]
fn words_yaml_1_1_read_as_booleans_are_words_in_lists() {
    // A pattern `no` and a column key `n` (YAML 1.1's false) once failed to
    // parse ("invalid type: boolean", "did not match any variant").
    let p = crate::harness::fixture("mini");
    let book = p.read("codebooks/motives.yaml");
    p.write(
        "codebooks/motives.yaml",
        book.replace(
            "patterns: [my kids, my children, whanau]",
            "patterns: [my kids, my children, whanau, no, on]",
        ),
    );
    let shown = p.ok(&["codebook", "show", "motives.family.kids"]);
    assert!(shown.contains("whanau; no; on"), "{shown}");
    let config = p.read("qualcode.yaml");
    p.write(
        "qualcode.yaml",
        format!("{config}tables:\n  t1: {{verb: freq, codebook: motives, columns: [code, n]}}\n"),
    );
    p.code();
    let table = p.ok(&["table", "t1", "-f", "csv"]);
    assert!(table.starts_with("Code,Cases (n)\n"), "{table}");
}
