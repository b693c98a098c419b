//! Speakers on real transcripts read right: a second interviewer who
//! recurs across interviews, stage directions after a label, one speaker
//! written in two letter cases, group and unknown voices, a debate's
//! moderator. Every file here is a real one (see the READMEs beside them
//! in tests/fixtures/fossrit-all and tests/fixtures/docx).

use std::fs;

use crate::harness::{self, Project, fixtures, qualcode};

/// A fresh `qualcode init` project with real files dropped into its
/// transcripts folder (paths under tests/fixtures), no config touched.
fn fresh_with(files: &[&str]) -> Project {
    let dir = harness::empty();
    let r = harness::run(qualcode(dir.root()).args(["init", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for file in files {
        let name = file.rsplit('/').next().unwrap();
        fs::copy(
            fixtures().join(file),
            dir.path(&format!("transcripts/{name}")),
        )
        .unwrap();
    }
    dir
}

fn fossrit(name: &str) -> String {
    format!("fossrit-all/transcripts/{name}")
}

/// The `check --format csv` rows of one document: (label, case, role).
fn speakers(p: &Project, doc: &str) -> Vec<(String, String, String)> {
    let csv = p.ok(&["check", "-f", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(Result::unwrap)
        .filter(|r| r.get(0) == Some(doc))
        .map(|r| (r[3].to_owned(), r[4].to_owned(), r[5].to_owned()))
        .collect()
}

fn row(label: &str, case: &str, role: &str) -> (String, String, String) {
    (label.to_owned(), case.to_owned(), role.to_owned())
}

#[test]
fn a_second_interviewer_who_recurs_across_interviews_is_not_a_participant() {
    // MIRABAI, the live captioner, speaks a few times in three of the
    // interviews, each with another narrator; the debate and the classroom
    // transcripts beside them change nothing.
    let p = fresh_with(&[
        &fossrit("donald-1-full.md"),
        &fossrit("ernest-1-full.md"),
        &fossrit("naomi-3-full.md"),
        &fossrit("nick-1-full.md"),
        "docx/transcripts/pres.deb1.docx",
        "docx/transcripts/trans1.docx",
    ]);
    for doc in ["donald-1-full.md", "ernest-1-full.md", "naomi-3-full.md"] {
        let rows = speakers(&p, &format!("transcripts/{doc}"));
        assert!(
            rows.contains(&row("MIRABAI", "", "interviewer")),
            "{rows:?}"
        );
    }
    let check = p.ok(&["check"]);
    assert!(
        check.contains(
            "note: MIRABAI is taken for an interviewer in 3 transcripts: speaks briefly (6 \
             turns) in 3 interviews with 3 different people (DONALD, ERNEST, NAOMI) and is \
             never a main speaker: a member of the research team"
        ),
        "{check}"
    );
    p.run(&["-q", "code"]);
    let freq = p.ok(&["freq", "--codebook", "motivators", "-f", "csv"]);
    assert!(!freq.contains("MIRABAI"), "{freq}");
    // One line of config says otherwise.
    let config = p.read("qualcode.yaml");
    p.write(
        "qualcode.yaml",
        format!("{config}participants: [Mirabai]\n"),
    );
    let rows = speakers(&p, "transcripts/naomi-3-full.md");
    assert!(
        rows.contains(&row("MIRABAI", "MIRABAI", "participant")),
        "{rows:?}"
    );
}

#[test]
fn a_voice_in_one_interview_only_is_reported_as_doubtful() {
    // Amanda, the captioner of one interview, types three times: counted,
    // but `check` says so and how to settle it.
    let p = fresh_with(&[&fossrit("nick-2-full.md"), &fossrit("naomi-1-full.md")]);
    let check = p.ok(&["check"]);
    assert!(
        check.contains(
            "note: transcripts/nick-2-full.md: AMANDA speaks 3 of the 78 turns of an \
             interview of MEL and NICK: counted as a participant, but may be on the research \
             team (a captioner, a second interviewer); if so, list AMANDA under \
             `interviewers:`, else under `participants:`"
        ),
        "{check}"
    );
    let config = p.read("qualcode.yaml");
    p.write(
        "qualcode.yaml",
        format!("{config}interviewers: [MEL, Amanda]\n"),
    );
    let check = p.ok(&["check"]);
    assert!(!check.contains("may be on the research team"), "{check}");
    assert!(check.contains("AMANDA (interviewer, 3 turns)"), "{check}");
}

#[test]
fn an_interview_of_two_in_which_no_interviewer_is_found_is_noted() {
    // Alone, the interviewer MEL is found by no rule (a name, no role word,
    // no other interview to recur in): both main speakers count, and
    // `check` and `init --from` say so rather than leave it silent.
    let p = fresh_with(&[&fossrit("nick-2-full.md")]);
    let note = "note: transcripts/nick-2-full.md: MEL and NICK hold the turns of this \
                interview of 78 turns and neither was found to be the interviewer, so both \
                are counted as participants: list the interviewer under `interviewers:` (or \
                both under `participants:` if both are)";
    let check = p.ok(&["check"]);
    assert!(check.contains(note), "{check}");
    let config = p.read("qualcode.yaml");
    p.write("qualcode.yaml", format!("{config}interviewers: [Mel]\n"));
    let check = p.ok(&["check"]);
    assert!(!check.contains("neither was found"), "{check}");
    // With the interviewer known, the captioner is the doubtful voice.
    assert!(check.contains("AMANDA speaks 3 of the 78 turns"), "{check}");
    p.write(
        "qualcode.yaml",
        format!("{config}participants: [MEL, NICK]\n"),
    );
    let check = p.ok(&["check"]);
    assert!(!check.contains("neither was found"), "{check}");

    // `init --from` lists it among what to settle.
    let dir = harness::empty();
    fs::create_dir_all(dir.path("t")).unwrap();
    fs::copy(
        fixtures().join(fossrit("nick-2-full.md")),
        dir.path("t/nick-2-full.md"),
    )
    .unwrap();
    let r = harness::run(qualcode(dir.root()).args(["init", "--from", "t"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let config = dir.read("qualcode.yaml");
    assert!(
        config.contains(
            "# Interviews with no interviewer found (both speakers counted as participants; \
             settle them above):\n#   t/nick-2-full.md: MEL and NICK, 78 turns\n"
        ),
        "{config}"
    );
}

#[test]
fn stage_directions_after_a_label_are_not_new_speakers() {
    // `MEL, TYPING:` (ernest-1) and `MEL (typed):` (terri-2) are MEL.
    let p = fresh_with(&[&fossrit("ernest-1-full.md"), &fossrit("terri-2-full.md")]);
    let rows = speakers(&p, "transcripts/ernest-1-full.md");
    let labels: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(labels, ["MEL", "ERNEST", "MIRABAI"], "{rows:?}");
    assert_eq!(rows[0], row("MEL", "", "interviewer"));
    let check = p.ok(&["check"]);
    assert!(
        check.contains("transcripts/ernest-1-full.md: speakers MEL (interviewer, 50 turns)"),
        "{check}"
    );
    // A label with a direction in any of the forms transcribers write.
    p.write(
        "transcripts/panel.txt",
        "Interviewer: How did it start?\n\
         John (laughing): Badly, at first.\n\
         JOHN: Then better.\n\
         Ann Lee, typing: I agree with John.\n\
         Ann Lee: Much better.\n\
         Smith, Jane: And I am a third person.\n",
    );
    let rows = speakers(&p, "transcripts/panel.txt");
    assert_eq!(
        rows,
        [
            row("Interviewer", "", "interviewer"),
            // One form for both, the first written on a tie.
            row("John", "John", "participant"),
            row("Ann Lee", "Ann Lee", "participant"),
            row("Smith, Jane", "Smith, Jane", "participant"),
        ]
    );
}

#[test]
fn one_speaker_written_in_two_letter_cases_is_one_case() {
    // nick-2 has `AMANDA (typed):` twice and `Amanda:` once.
    let p = fresh_with(&[&fossrit("nick-2-full.md"), &fossrit("naomi-1-full.md")]);
    let rows = speakers(&p, "transcripts/nick-2-full.md");
    assert_eq!(
        rows,
        [
            row("MEL", "", "interviewer"),
            row("NICK", "NICK", "participant"),
            row("AMANDA", "AMANDA", "participant"),
        ]
    );
    // Spacing and punctuation too; the form written most often is kept.
    p.write(
        "transcripts/meeting.txt",
        "Dr Ko: Shall we start?\n\
         Ann: Yes.\n\
         Dr. Ko: Good.\n\
         Dr. Ko: Who is first?\n\
         ANN: Me.\n",
    );
    let rows = speakers(&p, "transcripts/meeting.txt");
    assert_eq!(
        rows,
        [
            row("Dr. Ko", "Dr. Ko", "participant"),
            row("Ann", "Ann", "participant"),
        ]
    );
}

#[test]
fn group_and_unknown_voices_are_kept_but_never_a_case() {
    let p = fresh_with(&[
        "docx/transcripts/trans1.docx",
        "docx/transcripts/trans2.docx",
    ]);
    p.write(
        "transcripts/class.txt",
        "Teacher: Who knows the answer?\n\
         Several participants: We do!\n\
         Ana: It is four.\n\
         Audience: (applause)\n\
         Speaker ?: Can you repeat that?\n\
         Unknown: Four.\n\
         Ana: Yes, four.\n",
    );
    let rows = speakers(&p, "transcripts/trans1.docx");
    assert!(
        rows.contains(&row("Multiple Students", "", "unattributed")),
        "{rows:?}"
    );
    let rows = speakers(&p, "transcripts/class.txt");
    assert_eq!(
        rows,
        [
            row("Teacher", "Teacher", "participant"),
            row("Several participants", "", "unattributed"),
            row("Ana", "Ana", "participant"),
            row("Audience", "", "unattributed"),
            row("Speaker ?", "", "unattributed"),
            row("Unknown", "", "unattributed"),
        ]
    );
    let check = p.ok(&["check"]);
    assert!(
        check.contains(
            "note: transcripts/class.txt: 4 turns of Several participants, Audience, Speaker ?, \
             Unknown left out of coding and counts: several people or a voice nobody named"
        ),
        "{check}"
    );
    let json = p.ok(&["check", "-f", "json"]);
    assert!(json.contains(r#""role": "unattributed""#), "{json}");
    let code = p.run(&["code"]);
    assert_eq!(code.code, 0, "{}", code.stderr);
    assert!(
        code.stderr.contains(
            "note: left out 6 turns in 3 transcripts spoken by Several participants, \
             Audience, Speaker ?, Unknown, Multiple Students: several people or a voice nobody \
             named, not attributable to a case"
        ),
        "{}",
        code.stderr
    );
    let profile = p.ok(&["profile", "-f", "csv"]);
    for group in ["Multiple Students", "Audience", "Unknown"] {
        assert!(!profile.contains(group), "{profile}");
    }
    // Mapped to a case, a group label counts.
    let config = p.read("qualcode.yaml");
    p.write(
        "qualcode.yaml",
        format!("{config}participants: [Audience]\n"),
    );
    let rows = speakers(&p, "transcripts/class.txt");
    assert!(
        rows.contains(&row("Audience", "Audience", "participant")),
        "{rows:?}"
    );
}

#[test]
fn a_debate_moderator_is_taken_for_the_interviewer() {
    let p = fresh_with(&["docx/transcripts/pres.deb1.docx"]);
    let rows = speakers(&p, "transcripts/pres.deb1.docx");
    assert_eq!(
        rows,
        [
            row("LEHRER", "", "interviewer"),
            row("ROMNEY", "ROMNEY", "participant"),
            row("OBAMA", "OBAMA", "participant"),
        ]
    );
    let check = p.ok(&["check"]);
    assert!(
        check.contains(
            "note: LEHRER is taken for an interviewer in transcripts/pres.deb1.docx: \
             moderates: 86 of the 93 changes of speaker go to or from them"
        ),
        "{check}"
    );
}

#[test]
fn init_from_a_mixed_folder_finds_every_interviewer() {
    let p = harness::empty();
    let t = p.path("t");
    fs::create_dir_all(&t).unwrap();
    for name in [
        "donald-1-full.md",
        "ernest-1-full.md",
        "naomi-3-full.md",
        "nick-2-full.md",
    ] {
        fs::copy(fixtures().join(fossrit(name)), t.join(name)).unwrap();
    }
    for name in [
        "pres.deb1.docx",
        "trans1.docx",
        "Yasmine_Interview_Transcript.docx",
    ] {
        fs::copy(fixtures().join("docx/transcripts").join(name), t.join(name)).unwrap();
    }
    let r = harness::run(qualcode(p.root()).args(["init", "--from", "t"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let config = p.read("qualcode.yaml");
    assert!(
        config.contains("# interviewers: [MEL, MIRABAI, LEHRER, Researcher 2, Hassan]"),
        "{config}"
    );
    assert!(
        config.contains(
            "# Doubtful speakers (counted as participants; settle them above):\n\
             #   AMANDA in t/nick-2-full.md: 3 of 78 turns, in an interview of MEL and NICK\n"
        ),
        "{config}"
    );
}
