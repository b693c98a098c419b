//! `qualcode codebook list|show`.

use crate::freq::{all_formats, coded};

#[test]
fn codebook_show_in_every_format() {
    all_formats(&coded(), "codebook_show", &["codebook", "show", "motives"]);
}

#[test]
fn codebook_list() {
    insta::assert_snapshot!(
        "codebook_list",
        coded().ok(&["codebook", "list", "-f", "md"])
    );
}
