//! Case roles: a codebook that applies to participants does not code staff
//! speech; `freq`, `quotes` and `personas` leave staff out and say so; a
//! case's own `role` attribute wins over the `roles:` map.

use crate::harness::{Project, fixture};

/// The mini project with a case manager (K1, cohort ICSM) whose turn
/// mentions money, boredom and kids, `roles: {ICSM: staff}`, and the
/// motives codebook applying to participants only.
fn with_staff() -> Project {
    let p = fixture("mini");
    p.write(
        "transcripts/K1.txt",
        "---\nid: K1\n---\nInterviewer: What do your clients talk about?\n\
         Participant: A lot of them are bored, it's the money for most, and my kids \
         keep me going too.\n",
    );
    p.edit(
        "cases.csv",
        "N1,South,Older",
        "N1,South,Older\nK1,North,ICSM",
    );
    p.edit(
        "qualcode.yaml",
        "personas: personas.yaml",
        "personas: personas.yaml\nroles:\n  ICSM: staff",
    );
    p.edit(
        "codebooks/motives.yaml",
        "negation: 3\n",
        "negation: 3\napplies_to: [participant]\n",
    );
    p
}

#[test]
fn staff_speech_is_not_coded_by_a_participant_codebook() {
    let p = with_staff();
    p.code();
    let auto = p.read("codings/auto.csv");
    assert!(auto.contains("transcripts/F1.txt"), "{auto}");
    assert!(!auto.contains("K1"), "{auto}");
    // Without `applies_to`, the same speech is coded.
    p.edit("codebooks/motives.yaml", "applies_to: [participant]\n", "");
    p.code();
    assert!(p.read("codings/auto.csv").contains(",K1,"));
}

#[test]
fn freq_leaves_staff_out_of_the_base_and_says_so() {
    let p = with_staff();
    p.code();
    let out = p.ok(&["freq", "--codebook", "motives", "--format", "md"]);
    assert!(out.contains("(n=6)"), "{out}");
    assert!(!out.contains("K1 "), "{out}");
    assert!(
        out.contains(
            "Left out: 1 staff case (K1); these codes apply to participant cases only \
             (see `applies_to` and `roles:`)."
        ),
        "{out}"
    );
    let by = p.ok(&[
        "freq",
        "--codebook",
        "motives",
        "--by",
        "cohort",
        "--format",
        "csv",
    ]);
    assert!(!by.contains("ICSM"), "{by}");
}

#[test]
fn quotes_leave_staff_out_and_say_so() {
    let p = with_staff();
    // A coder's own coding of staff speech is left out of the quotes too.
    p.code();
    let out = p.ok(&["quotes", "--code", "motives.money", "--format", "md"]);
    assert!(!out.contains("most"), "{out}");
    assert!(out.contains("Left out: 1 staff case (K1)"), "{out}");
}

#[test]
fn personas_classify_participants_only() {
    let p = with_staff();
    p.code();
    let out = p.ok(&["personas", "--format", "csv"]);
    assert!(!out.contains("K1"), "{out}");
    let by = p.ok(&["personas", "--by", "cohort", "--format", "md"]);
    assert!(!by.contains("ICSM"), "{by}");
    assert!(
        by.contains("Left out: 1 staff case (K1); personas apply to participant cases only"),
        "{by}"
    );
}

#[test]
fn a_role_column_in_cases_csv_wins_over_the_map() {
    let p = with_staff();
    p.edit("cases.csv", "id,site,cohort", "id,site,cohort,role");
    for id in [
        "F1,North,Younger",
        "F2,North,Older",
        "F10,North,Older",
        "G1,South,Younger",
        "G2,South,Older",
        "N1,South,Older",
    ] {
        p.edit("cases.csv", id, &format!("{id},"));
    }
    p.edit("cases.csv", "K1,North,ICSM", "K1,North,ICSM,participant");
    p.edit("cases.csv", "F2,North,Older,", "F2,North,Older,Staff");
    p.code();
    let auto = p.read("codings/auto.csv");
    assert!(auto.contains(",K1,"), "{auto}");
    assert!(!auto.contains(",F2,"), "{auto}");
    let out = p.ok(&["freq", "--codebook", "motives", "--format", "md"]);
    assert!(out.contains("Left out: 1 staff case (F2)"), "{out}");
}

#[test]
fn projects_without_roles_are_unchanged() {
    let p = fixture("mini");
    p.code();
    let out = p.ok(&["freq", "--codebook", "motives", "--format", "md"]);
    assert!(!out.contains("Left out"), "{out}");
}

#[test]
fn check_counts_roles_and_names_a_roles_key_that_matches_no_case() {
    let p = with_staff();
    p.edit(
        "qualcode.yaml",
        "  ICSM: staff",
        "  ICSM: staff\n  ICMS: staff",
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains(
            "case roles: 6 participant, 1 staff (motives code only the roles they apply to)"
        ),
        "{all}"
    );
    assert!(
        all.contains("qualcode.yaml: roles: \"ICMS\" matches no case's id or attribute value"),
        "{all}"
    );
}

#[test]
fn codebook_show_says_whose_speech_it_codes() {
    let p = with_staff();
    p.edit(
        "codebooks/motives.yaml",
        "    label: Boredom\n",
        "    label: Boredom\n    mood: actual\n    tense: present\n    applies_to: [participant, staff]\n",
    );
    let out = p.ok(&["codebook", "show", "motives"]);
    assert!(
        out.contains("Codes the speech of participant cases only."),
        "{out}"
    );
    assert!(out.contains("applies to: participant, staff"), "{out}");
    assert!(
        out.contains(
            "mood: actual: hits in a hypothetical, wished-for or future clause are ignored"
        ),
        "{out}"
    );
    assert!(
        out.contains("tense: present: hits marked as past (used to…) are ignored"),
        "{out}"
    );
}

#[test]
fn a_case_role_changed_after_code_is_refused_naming_the_case() {
    let p = with_staff();
    p.code();
    p.edit("qualcode.yaml", "\nroles:\n  ICSM: staff", "");
    let err = p.bad(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert!(
        err.contains("\n  case roles changed (K1 is now participant, not staff)\n"),
        "{err}"
    );
    // A change to an attribute no role reads is not.
    p.edit(
        "qualcode.yaml",
        "personas: personas.yaml",
        "personas: personas.yaml\nroles:\n  ICSM: staff",
    );
    p.edit("cases.csv", "K1,North,ICSM", "K1,South,ICSM");
    let r = p.run(&["freq", "--codebook", "motives", "-f", "csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
}

/// [`with_staff`] plus a positive/negative codebook for participants.
fn with_staff_views() -> Project {
    let p = with_staff();
    p.write(
        "codebooks/views.yaml",
        "codebook: views\napplies_to: [participant]\ncodes:\n  - id: office\n    label: Office\n    \
         children:\n      - id: positive\n        label: Positive\n        children:\n          \
         - id: kind\n            label: Kind\n            patterns: [kind]\n      - id: negative\n        \
         label: Negative\n        children:\n          - id: cold\n            label: Cold\n            \
         patterns: [cold]\n",
    );
    p
}

const NOTE: &str = "Left out: 1 staff case (K1); these codes apply to participant cases only \
                    (see `applies_to` and `roles:`).";

#[test]
fn cooccur_leaves_staff_out_of_the_base_and_says_so() {
    let p = with_staff();
    p.code();
    let out = p.ok(&["cooccur", "--codebook", "motives", "--format", "md"]);
    assert!(out.contains("within cases (n=6)"), "{out}");
    assert!(out.contains(NOTE), "{out}");
    let seg = p.ok(&[
        "cooccur",
        "--codebook",
        "motives",
        "--within",
        "segment",
        "--format",
        "md",
    ]);
    assert!(seg.contains(NOTE), "{seg}");
}

#[test]
fn grid_leaves_staff_out_of_the_group_n_and_says_so() {
    let p = with_staff_views();
    p.code();
    let out = p.ok(&["grid", "--codebook", "views", "--format", "md"]);
    assert!(out.contains("(n=6)"), "{out}");
    assert!(out.contains(NOTE), "{out}");
    let by = p.ok(&[
        "grid",
        "--codebook",
        "views",
        "--by",
        "cohort",
        "--format",
        "md",
    ]);
    assert!(!by.contains("ICSM"), "{by}");
}

#[test]
fn agree_leaves_staff_out_of_the_sample_and_says_so() {
    let p = with_staff();
    p.code();
    p.write(
        "codings/ana.csv",
        "document,line,code,action,memo\ntranscripts/F1.txt,6,motives.money,accept,\n\
         transcripts/K1.txt,5,motives.money,add,\n",
    );
    let out = p.ok(&[
        "agree", "--coders", "auto,ana", "--unit", "case", "--format", "md",
    ]);
    assert!(out.contains(NOTE), "{out}");
    let dis = p.ok(&[
        "agree",
        "--coders",
        "auto,ana",
        "--disagreements",
        "--format",
        "md",
    ]);
    assert!(!dis.contains("K1.txt"), "{dis}");
    assert!(dis.contains(NOTE), "{dis}");
}

#[test]
fn report_methods_say_staff_were_left_out() {
    let p = with_staff();
    p.code();
    p.ok(&["-q", "report", "-o", "out/report.html"]);
    let html = p.read("out/report.html");
    let methods = html.split("id=\"methods\"").nth(1).unwrap();
    let methods = methods.split("</section>").next().unwrap();
    assert!(methods.contains("Left out: 1 staff case (K1)"), "{methods}");
}

#[test]
fn kwic_marks_hits_the_mood_and_tense_guards_leave_uncoded() {
    let p = fixture("mini");
    p.edit(
        "codebooks/motives.yaml",
        "    label: Boredom\n",
        "    label: Boredom\n    mood: actual\n",
    );
    p.edit(
        "codebooks/motives.yaml",
        "    label: Money\n",
        "    label: Money\n    tense: present\n",
    );
    p.write(
        "transcripts/H1.txt",
        "---\nid: H1\n---\nInterviewer: Why work?\n\
         Participant: I would be bored stiff without it.\n\
         Participant: Back then I used to work for the money.\n",
    );
    p.edit(
        "cases.csv",
        "N1,South,Older",
        "N1,South,Older\nH1,North,Older",
    );
    let out = p.ok(&[
        "kwic", "--code", "motives", "--attrs", "", "--format", "csv",
    ]);
    let row = |word: &str| {
        out.lines()
            .find(|l| l.starts_with("transcripts/H1.txt") && l.contains(word))
            .unwrap_or_else(|| panic!("no {word} row in {out}"))
            .to_owned()
    };
    assert!(row(",bored,").ends_with(",hypothetical"), "{out}");
    assert!(row(",money,").ends_with(",marked past"), "{out}");
    let md = p.ok(&["kwic", "--code", "motives", "--format", "md"]);
    assert!(
        md.contains(
            "Hits with a guard (2 here) go against their code's `mood:` or `tense:`: \
             auto-coding does not code them."
        ),
        "{md}"
    );
    // A code without guards shows no guard column.
    let plain = p.ok(&["kwic", "--code", "motives.family", "--format", "csv"]);
    assert!(!plain.lines().next().unwrap().contains("guard"), "{plain}");
}

#[test]
fn profile_keeps_every_case_and_shows_their_roles() {
    let p = with_staff();
    let out = p.ok(&["profile", "--format", "csv"]);
    assert!(out.contains("\nrole,participant,6,"), "{out}");
    assert!(out.contains("\nrole,staff,1,"), "{out}");
    assert!(out.contains("Total,,7,"), "{out}");
    let md = p.ok(&["profile", "--format", "md"]);
    assert!(
        md.contains(
            "Every case is profiled, whatever its role; tables of codes that apply to some \
             roles only leave the others out (see `applies_to` and `roles:`)."
        ),
        "{md}"
    );
    // Without roles, no role block.
    let plain = crate::harness::fixture("mini").ok(&["profile", "--format", "csv"]);
    assert!(!plain.contains("\nrole,"), "{plain}");
}
