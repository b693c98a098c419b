//! The catalogue of bad inputs, continued for Excel output (`report
//! --xlsx FILE`) and the output options: each ends with exit code 2, a
//! message naming the file, and nothing written. (`-o FILE` itself is in
//! `bad_input_cli.rs`.)

bad!(
    report_xlsx_into_a_missing_folder,
    ["report", "--xlsx", "out/r.xlsx"],
    |p| {
        let _ = &p;
    }
);

bad!(report_xlsx_to_stdout, ["report", "--xlsx", "-"], |p| {
    let _ = &p;
});

bad!(
    report_xlsx_onto_a_folder,
    ["report", "--xlsx", "tables"],
    |p| {
        std::fs::create_dir(p.path("tables")).unwrap();
    }
);

bad!(
    force_without_output,
    ["freq", "--codebook", "motives", "--force"],
    |p| {
        let _ = &p;
    }
);
