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
