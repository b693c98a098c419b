//! Bad input, catalogued: output files and generated documentation.

bad!(
    output_folder_missing,
    [
        "freq",
        "--codebook",
        "motives",
        "-o",
        "no/such/folder/t.csv"
    ],
    |p| {
        p.code();
    }
);

bad!(
    output_extension_unknown,
    ["freq", "--codebook", "motives", "-o", "t.xyz"],
    |p| {
        p.code();
    }
);

bad!(
    output_exists,
    ["freq", "--codebook", "motives", "-o", "cases.csv"],
    |p| {
        p.code();
    }
);

bad!(
    man_folder_missing,
    ["man", "--dir", "no-such-folder"],
    |_p| {}
);

bad!(completions_unknown_shell, ["completions", "tcsh"], |_p| {});
