//! The catalogue of bad inputs about speakers' roles and `check`'s output
//! formats: exit code 2 and a message that says what to do.

bad!(speaker_both_interviewer_and_participant, ["check"], |p| {
    let config = p.read("qualcode.yaml");
    p.write(
        "qualcode.yaml",
        format!("{config}participants: [interviewer]\n"),
    );
});

bad!(detect_interviewers_not_a_boolean, ["check"], |p| {
    let config = p.read("qualcode.yaml");
    p.write(
        "qualcode.yaml",
        format!("{config}detect_interviewers: sometimes\n"),
    );
});

bad!(
    init_from_a_folder_that_is_not_there,
    ["init", "--from", "nowhere", "--force"],
    |p| {}
);

bad!(
    init_from_a_folder_without_transcripts,
    ["init", "--from", "codebooks", "--force"],
    |p| {}
);

bad!(transcript_of_group_voices_only, ["check"], |p| {
    p.write(
        "transcripts/crowd.txt",
        "Audience: (applause)\nMultiple Students: Yes!\nUnknown: Thank you.\n",
    );
});
