//! The catalogue of bad inputs, continued for output files (`-o FILE`,
//! `report --xlsx FILE`): each ends with exit code 2, a message naming the
//! file, and nothing written.

bad!(
    output_into_a_missing_folder,
    ["freq", "--codebook", "motives", "-o", "out/t.xlsx"],
    |p| {
        let _ = &p;
    }
);

bad!(
    output_over_an_existing_file,
    ["freq", "--codebook", "motives", "-o", "t.csv"],
    |p| {
        p.write("t.csv", "mine\n");
    }
);

bad!(
    output_onto_a_folder,
    ["freq", "--codebook", "motives", "-o", "tables"],
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

bad!(report_xlsx_to_stdout, ["report", "--xlsx", "-"], |p| {
    let _ = &p;
});

bad!(
    report_xlsx_into_a_missing_folder,
    ["report", "--xlsx", "out/r.xlsx"],
    |p| {
        let _ = &p;
    }
);
