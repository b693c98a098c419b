//! `qualcode code`: the audit trail in codings/auto.csv.

use crate::harness::fixture;

#[test]
fn code_writes_the_audit_trail_and_a_summary() {
    let p = fixture("mini");
    let out = p.ok(&["code"]);
    insta::assert_snapshot!("code_stdout", out);
    insta::assert_snapshot!("auto_csv", p.read("codings/auto.csv"));
}
