//! Bad inputs built to exhaust a machine or abort the process (issue 18):
//! a zip bomb of a `.qdpx`, two `project.qde` in one archive, thousands of
//! nested XML elements, an oversized transcript or turn, a FIFO among the
//! transcripts. Each must end with exit code 2, no panic, and a message
//! naming the file (and entry or line); exit code and message are
//! snapshot-tested as in `bad_input.rs`.

use std::io::Write as _;

use crate::harness::{Project, fixture};

const QDE: &str = "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n\
  <CodeBook><Codes><Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"a\" isCodable=\"true\"/></Codes></CodeBook>\n\
  <Sources><TextSource guid=\"2FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"big\" plainTextPath=\"internal://big.txt\"/></Sources>\n\
</Project>\n";

/// A zip of `entries`: (name, bytes to repeat, times).
fn zipped(entries: &[(&str, &[u8], usize)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, chunk, times) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        for _ in 0..*times {
            zip.write_all(chunk).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

// --- .qdpx archives -------------------------------------------------------

bad!(
    qdpx_source_entry_expands_far_beyond_its_compressed_size,
    [
        "import",
        "qdpx",
        "bomb.qdpx",
        "--coder",
        "a",
        "--into",
        "out"
    ],
    |p| {
        // 64 MiB of zeros, about 64 KB compressed: a ratio no text reaches.
        let zeros = vec![0u8; 1 << 16];
        let bomb = zipped(&[
            ("project.qde", QDE.as_bytes(), 1),
            ("Sources/big.txt", &zeros, 1024),
        ]);
        assert!(bomb.len() < 1 << 20, "{}", bomb.len());
        p.write("bomb.qdpx", bomb);
    }
);

bad!(
    qdpx_two_project_qde_entries,
    [
        "import", "qdpx", "two.qdpx", "--coder", "a", "--into", "out"
    ],
    |p| {
        p.write(
            "two.qdpx",
            zipped(&[
                ("project.qde", QDE.as_bytes(), 1),
                ("Sources/big.txt", b"Ana: hello\n", 1),
                ("Project.qde", QDE.as_bytes(), 1),
            ]),
        );
    }
);

// --- nesting in REFI-QDA XML (once a stack overflow, exit 134) -----------

/// `n` nested `<Code>` elements.
fn nested_codes(n: usize) -> String {
    let open = "<Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"a\" isCodable=\"true\">";
    format!("{}{}", open.repeat(n), "</Code>".repeat(n))
}

bad!(
    qdc_twenty_thousand_nested_codes,
    ["import", "qdc", "deep.qdc"],
    |p| {
        p.write(
        "deep.qdc",
        format!(
            "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n{}\n</Codes></CodeBook>\n",
            nested_codes(20_000)
        ),
    );
    }
);

bad!(
    qdc_description_with_nested_unknown_elements,
    ["import", "qdc", "deep.qdc"],
    |p| {
        p.write(
            "deep.qdc",
            format!(
                "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n\
                 <Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"a\" isCodable=\"true\">\
                 <Description>{}{}</Description></Code>\n</Codes></CodeBook>\n",
                "<i>".repeat(200_000),
                "</i>".repeat(200_000)
            ),
        );
    }
);

bad!(
    qde_twenty_thousand_nested_codes,
    [
        "import", "qdpx", "deep.qde", "--coder", "a", "--into", "out"
    ],
    |p| {
        p.write(
            "deep.qde",
            format!(
                "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n\
                 <CodeBook><Codes>\n{}\n</Codes></CodeBook></Project>\n",
                nested_codes(20_000)
            ),
        );
    }
);

// --- oversized transcripts and turns (once an abort, exit 134) -----------

// `check` refuses them; `code` and the tables skip them with the same
// message as a note (a broken file never blocks the project).
bad!(transcript_larger_than_the_limit, ["check"], |p| {
    // Sparse: 257 MB on paper, nothing on disk (the limit is 256 MB).
    let file = std::fs::File::create(p.path("transcripts/huge.txt")).unwrap();
    file.set_len(257 << 20).unwrap();
});

bad!(turn_larger_than_the_limit, ["check"], |p| {
    let words = "money and nothing else ".repeat((17 << 20) / 23);
    p.write(
        "transcripts/huge.txt",
        format!("Interviewer: Tell me.\nParticipant: {words}\n"),
    );
});

// --- FIFOs and devices among the transcripts (once skipped silently) ----

#[cfg(unix)]
#[track_caller]
fn special(p: &Project, target: &std::path::Path) -> String {
    std::os::unix::fs::symlink(target, p.path("transcripts/odd.txt")).unwrap();
    let err = p.bad(&["code"]);
    format!("exit code: 2\n--- stderr\n{err}")
}

#[cfg(unix)]
#[test]
fn transcript_link_to_a_fifo() {
    let p = fixture("mini");
    let fifo = p.path("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    insta::assert_snapshot!("bad_transcript_link_to_a_fifo", special(&p, &fifo));
}

#[cfg(unix)]
#[test]
fn transcript_link_to_a_device() {
    let p = fixture("mini");
    insta::assert_snapshot!(
        "bad_transcript_link_to_a_device",
        special(&p, std::path::Path::new("/dev/zero"))
    );
}

#[cfg(unix)]
#[test]
fn of_several_devices_the_first_by_name_is_named_whatever_the_folder_order() {
    let p = fixture("mini");
    for name in ["zz.txt", "aa.txt", "mm.txt"] {
        std::os::unix::fs::symlink("/dev/zero", p.path(&format!("transcripts/{name}"))).unwrap();
    }
    let err = p.bad(&["code"]);
    assert!(err.contains("transcripts/aa.txt is a device"), "{err}");
}

// --- the fuzz seeds of attacks (fuzz/seeds/) -------------------------------

#[test]
fn every_attack_seed_of_the_refi_fuzz_targets_ends_in_a_value_or_exit_2() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut tried = 0;
    for (folder, verb) in [("qdc", "qdc"), ("qdpx", "qdpx")] {
        let mut names: Vec<_> = std::fs::read_dir(seeds.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for seed in names {
            let p = fixture("mini");
            let name = seed.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&seed, p.path(&name)).unwrap();
            let mut args = vec!["import", verb, name.as_str()];
            if verb == "qdpx" {
                args.extend(["--coder", "a", "--into", "out"]);
            }
            let r = p.run(&args);
            assert!(matches!(r.code, 0 | 2), "{name}: {r:?}");
            assert!(!r.stderr.contains("panicked"), "{name}: {}", r.stderr);
            tried += 1;
        }
    }
    assert!(tried >= 9, "{tried} seeds");
}
