//! Bad inputs of validation samples, in the manner of `bad_input.rs`: exit
//! code 2, no panic, a message naming the file and place and saying what to
//! do; exit code and message snapshot-tested.

const SHEET: &str = "codings/samples/ana.csv";
const HEAD: &str = "document,line,case,stratum,codebook,seed,codes\n";

bad!(
    sample_size_zero,
    ["sample", "--size", "0", "--seed", "1", "--coder", "ana"],
    |p| {}
);

bad!(
    sample_unsafe_coder_name,
    ["sample", "--size", "3", "--seed", "1", "--coder", "../ana"],
    |p| {}
);

bad!(
    sample_unknown_codebook,
    [
        "sample",
        "--size",
        "3",
        "--seed",
        "1",
        "--coder",
        "ana",
        "--codebook",
        "nope"
    ],
    |p| {}
);

bad!(
    sample_sheet_unknown_code,
    ["agree", "--coders", "auto,ana"],
    |p| {
        p.write(
            SHEET,
            format!("{HEAD}transcripts/F1.txt,6,F1,1,motives,1,motives.nope\n"),
        );
    }
);

bad!(
    sample_sheet_two_codebooks,
    ["agree", "--coders", "auto,ana"],
    |p| {
        p.write(
            SHEET,
            format!("{HEAD}transcripts/F1.txt,6,F1,1,,1,\ntranscripts/F1.txt,8,F1,1,motives,1,\n"),
        );
    }
);

bad!(
    sample_sheet_line_not_a_segment,
    ["agree", "--coders", "auto,ana"],
    |p| {
        p.write(
            SHEET,
            format!("{HEAD}transcripts/F1.txt,999,F1,1,motives,1,-\n"),
        );
    }
);

bad!(
    sample_sheet_wrong_header,
    ["agree", "--coders", "auto,ana"],
    |p| {
        p.write(SHEET, "document,line,code,action,memo\n");
    }
);

bad!(
    sample_sheet_nothing_coded,
    ["agree", "--coders", "auto,ana"],
    |p| {
        p.write(
            SHEET,
            format!("{HEAD}transcripts/F1.txt,6,F1,1,motives,1,\n"),
        );
    }
);

bad!(
    sample_sheet_other_codebook_asked,
    ["agree", "--coders", "auto,ana", "--codebook", "other"],
    |p| {
        p.code();
        p.write(
            SHEET,
            format!("{HEAD}transcripts/F1.txt,6,F1,1,motives,1,-\n"),
        );
    }
);

bad!(
    freq_validity_without_a_sample,
    ["freq", "--codebook", "motives", "--validity", "ana"],
    |p| {}
);

bad!(
    sample_over_a_coded_sheet,
    ["sample", "--size", "3", "--seed", "1", "--coder", "ana"],
    |p| {
        p.write(
            SHEET,
            format!("{HEAD}transcripts/F1.txt,6,F1,1,motives,1,-\n"),
        );
    }
);

bad!(
    quotes_codebook_without_uncoded,
    ["quotes", "--codebook", "motives"],
    |p| {}
);
