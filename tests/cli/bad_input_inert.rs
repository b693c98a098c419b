//! Bad inputs for inert output: an error quoting a 100,000-alternative
//! regex is cut to a screenful (keeping `file:line:column`, code id and the
//! reason), and an error quoting terminal escapes shows them escaped. Exit
//! code and message are snapshot-tested, as in `bad_input.rs`.

use crate::harness::{Project, fixture};

/// One catalogue entry: set up the mini project, break it, run, snapshot;
/// the message must fit a few screen lines whatever the input.
macro_rules! bad {
    ($name:ident, [$($arg:expr),+], |$p:ident| $setup:block) => {
        #[test]
        fn $name() {
            let $p: Project = fixture("mini");
            $setup
            let err = $p.bad(&[$($arg),+]);
            assert!(err.len() < 4000, "{} bytes of error", err.len());
            assert!(!err.contains('\x1b'), "{err:?}");
            insta::assert_snapshot!(
                concat!("bad_", stringify!($name)),
                format!("exit code: 2\n--- stderr\n{err}")
            );
        }
    };
}

const CB: &str = "codebooks/motives.yaml";

/// `(w000000|w000001|…` with `n` alternatives and no closing parenthesis.
fn alternatives(n: usize) -> String {
    let words: Vec<String> = (0..n).map(|i| format!("w{i:06}")).collect();
    format!("({}", words.join("|"))
}

fn plant_huge_regex(p: &Project) {
    p.edit(
        CB,
        "{regex: \"£\\\\s?\\\\d+\"}",
        &format!("{{regex: \"{}\"}}", alternatives(100_000)),
    );
}

bad!(codebook_huge_regex_is_cut_in_check, ["check"], |p| {
    plant_huge_regex(&p);
});

bad!(codebook_huge_regex_is_cut_in_code, ["code"], |p| {
    plant_huge_regex(&p);
});

#[test]
fn kwic_huge_regex_is_cut() {
    // An argument is at most 128 KiB on Linux: 15,000 alternatives.
    let p = fixture("mini");
    let pattern = format!("re:{}", alternatives(15_000));
    let err = p.bad(&["kwic", &pattern]);
    assert!(err.len() < 4000, "{} bytes of error", err.len());
    insta::assert_snapshot!(
        "bad_kwic_huge_regex_is_cut",
        format!("exit code: 2\n--- stderr\n{err}")
    );
}

bad!(
    kwic_unknown_code_with_escapes,
    [
        "kwic",
        "--code",
        "motives\x1b]8;;http://evil\x07.money\u{202e}"
    ],
    |_p| {}
);

bad!(
    quotes_group_by_unknown_attribute_with_escapes,
    [
        "-q",
        "quotes",
        "--code",
        "motives",
        "--by",
        "si\x1b[2Jte\u{202e}"
    ],
    |_p| {}
);
