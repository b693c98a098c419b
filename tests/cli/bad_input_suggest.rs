//! Bad inputs of `suggest`, `codebook gaps` and their files, in the manner
//! of `bad_input.rs`: exit code 2, no panic, a message naming the file,
//! line or flag and saying what to do; exit code and message
//! snapshot-tested.

const ANA: &str = "document,line,code,action\ntranscripts/F1.txt,6,motives.boredom,add\n";

bad!(
    suggest_from_a_coder_without_a_file,
    ["suggest", "--from", "zoe"],
    |p| {
        p.code();
        p.write("codings/ana.csv", ANA);
    }
);

bad!(
    suggest_from_a_bad_coder_name,
    ["suggest", "--from", "../ana"],
    |_p| {}
);

bad!(
    suggest_min_score_above_one,
    ["suggest", "--from", "ana", "--min-score", "2"],
    |p| {
        p.code();
        p.write("codings/ana.csv", ANA);
    }
);

bad!(
    suggest_top_zero,
    ["suggest", "--from", "ana", "--top", "0"],
    |p| {
        p.code();
        p.write("codings/ana.csv", ANA);
    }
);

bad!(
    suggest_unknown_code,
    ["suggest", "--from", "ana", "--code", "motives.mony"],
    |p| {
        p.code();
        p.write("codings/ana.csv", ANA);
    }
);

bad!(
    suggest_nothing_coded_under_the_code,
    ["suggest", "--from", "ana", "--code", "motives.family"],
    |p| {
        p.code();
        p.write("codings/ana.csv", ANA);
    }
);

bad!(
    suggest_rejected_file_with_a_bad_header,
    ["suggest", "--from", "ana"],
    |p| {
        p.code();
        p.write("codings/ana.csv", ANA);
        p.write("codings/suggestions/rejected/ana.csv", "doc,line\nx,1\n");
    }
);

bad!(
    suggest_rejected_file_with_a_bad_line,
    ["suggest", "--from", "ana"],
    |p| {
        p.code();
        p.write("codings/ana.csv", ANA);
        p.write(
            "codings/suggestions/rejected/ana.csv",
            "document,line,code\ntranscripts/F1.txt,six,motives.boredom\n",
        );
    }
);

bad!(
    gaps_unknown_code,
    ["codebook", "gaps", "--from", "ana", "--code", "nope"],
    |p| {
        p.code();
        p.write("codings/ana.csv", ANA);
    }
);

bad!(
    gaps_coder_row_on_an_unknown_document,
    ["codebook", "gaps", "--from", "ana"],
    |p| {
        p.code();
        p.write(
            "codings/ana.csv",
            "document,line,code,action\ntranscripts/F9.txt,6,motives.boredom,add\n",
        );
    }
);
