//! Bad inputs of the scan (issue 19): a transcript over the size limit
//! (256 MB, `MAX_TRANSCRIPT_BYTES`) given to `code` as the only transcript,
//! so that nothing can be coded: exit code 2 and a message naming the
//! file, its size, the limit and the memory one takes.

// `code` with other transcripts skips it with the same message as a note
// (see `bad_input_bounds.rs` for `check`).
bad!(code_with_only_a_transcript_over_the_limit, ["code"], |p| {
    for entry in std::fs::read_dir(p.path("transcripts")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    // Sparse: 300 MB on paper, nothing on disk.
    let file = std::fs::File::create(p.path("transcripts/huge.txt")).unwrap();
    file.set_len(300 << 20).unwrap();
});
