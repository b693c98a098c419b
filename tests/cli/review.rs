//! `qualcode review`, driven through a pseudo-terminal: keys pressed, the
//! coder's file checked after each decision, a quit and a SIGKILL followed
//! by a run that resumes, undo, adding a code, redaction on screen; and the
//! refusal without a terminal.

use crate::harness::fixture;

const HEADER: &str = "document,line,code,action,memo\n";

#[test]
fn review_refuses_without_a_terminal() {
    let p = fixture("mini");
    // The harness gives the process pipes, not a terminal.
    let err = p.bad(&["review", "--coder", "ana"]);
    assert!(err.contains("qualcode codings add|reject|accept"), "{err}");
    assert!(err.contains("qualcode codings list"), "{err}");
    assert!(!p.path("codings/ana.csv").exists());
}

#[test]
fn review_refuses_an_unsafe_coder_name() {
    let p = fixture("mini");
    let err = p.bad(&["review", "--coder", "../ana"]);
    assert!(err.contains("cannot name a file"), "{err}");
}

#[cfg(unix)]
mod pty {
    use std::process::Command;

    use rexpect::process::{Signal, WaitStatus};
    use rexpect::session::PtySession;

    use super::HEADER;
    use crate::harness::{Project, fixture};

    /// Generous: a debug build on a busy machine.
    const TIMEOUT_MS: u64 = 30_000;

    fn spawn(p: &Project, args: &[&str]) -> PtySession {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("qualcode"));
        cmd.current_dir(p.root())
            .args(args)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("LINES", "40")
            .env("TERM", "xterm");
        rexpect::session::spawn_command(cmd, Some(TIMEOUT_MS)).unwrap()
    }

    fn review(p: &Project) -> PtySession {
        spawn(p, &["review", "--coder", "ana"])
    }

    /// Wait until the screen shows `text`; what came before it.
    fn wait(s: &mut PtySession, text: &str) -> String {
        s.exp_string(text)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"))
    }

    fn press(s: &mut PtySession, key: &str) {
        s.send(key).unwrap();
        s.flush().unwrap();
    }

    fn quit(mut s: PtySession) {
        press(&mut s, "q");
        // The terminal is given back: the alternate screen left, the cursor shown.
        wait(&mut s, "\x1b[?25h");
        wait(&mut s, "\x1b[?1049l");
        s.exp_eof().unwrap();
        let status = s.process().wait().unwrap();
        assert!(
            matches!(status, WaitStatus::Exited(_, 0)),
            "review ended with {status:?}"
        );
    }

    fn coded() -> Project {
        let p = fixture("mini");
        p.code();
        p
    }

    #[test]
    fn each_decision_is_saved_at_once_and_the_next_run_resumes() {
        let p = coded();
        let mut s = review(&p);
        wait(&mut s, "item 1 of 9");
        wait(&mut s, "transcripts/F1.txt:6  case F1");
        wait(&mut s, "motives.money  Money");
        press(&mut s, "a");
        wait(&mut s, "item 2 of 9");
        assert_eq!(
            p.read("codings/ana.csv"),
            format!("{HEADER}transcripts/F1.txt,6,motives.money,accept,\n")
        );
        press(&mut s, "r");
        wait(&mut s, "item 3 of 9");
        assert_eq!(
            p.read("codings/ana.csv"),
            format!(
                "{HEADER}transcripts/F1.txt,6,motives.money,accept,\n\
                 transcripts/F1.txt,8,motives.family.kids,reject,\n"
            )
        );
        press(&mut s, "s"); // not saved: comes back next run
        wait(&mut s, "item 4 of 9");
        press(&mut s, "a");
        wait(&mut s, "item 5 of 9");
        quit(s);
        let rows = p.read("codings/ana.csv");
        assert_eq!(rows.lines().count(), 4, "{rows}");
        assert!(rows.ends_with("transcripts/F2.md,7,motives.money,accept,\n"));
        // The next run starts at the skipped item, then passes the decided.
        let mut s = review(&p);
        wait(&mut s, "item 3 of 9");
        wait(&mut s, "6 to review");
        wait(&mut s, "transcripts/F2.md:7-8  case F2");
        press(&mut s, "a");
        wait(&mut s, "item 5 of 9");
        quit(s);
        // What review wrote, the rest of qualcode reads.
        let freq = p.ok(&["freq", "--codebook", "motives", "-f", "csv"]);
        assert!(freq.contains("Children,1,"), "{freq}");
    }

    #[test]
    fn a_killed_review_keeps_every_decision_made_before_the_kill() {
        let p = coded();
        let mut s = review(&p);
        wait(&mut s, "item 1 of 9");
        for (key, next) in [
            ("a", "item 2 of 9"),
            ("r", "item 3 of 9"),
            ("a", "item 4 of 9"),
        ] {
            press(&mut s, key);
            wait(&mut s, next);
        }
        s.process_mut().kill(Signal::SIGKILL).unwrap();
        let rows = p.read("codings/ana.csv");
        assert_eq!(
            rows,
            format!(
                "{HEADER}transcripts/F1.txt,6,motives.money,accept,\n\
                 transcripts/F1.txt,8,motives.family.kids,reject,\n\
                 transcripts/F2.md,7,motives.family.kids,accept,\n"
            )
        );
        // A valid codings file: check and list read it.
        let listed = p.ok(&["codings", "list", "--coder", "ana", "-f", "csv"]);
        assert_eq!(listed.lines().count(), 4, "{listed}");
        p.ok(&["check"]);
        let mut s = review(&p);
        wait(&mut s, "item 4 of 9");
        quit(s);
    }

    #[test]
    fn undo_removes_the_last_decision_and_goes_back_to_it() {
        let p = coded();
        let mut s = review(&p);
        wait(&mut s, "item 1 of 9");
        press(&mut s, "r");
        wait(&mut s, "item 2 of 9");
        press(&mut s, "a");
        wait(&mut s, "item 3 of 9");
        press(&mut s, "u");
        wait(&mut s, "item 2 of 9");
        wait(&mut s, "undone: accept of motives.family.kids");
        assert_eq!(
            p.read("codings/ana.csv"),
            format!("{HEADER}transcripts/F1.txt,6,motives.money,reject,\n")
        );
        quit(s);
        // Undo reaches back past the session's start too.
        let mut s = review(&p);
        wait(&mut s, "item 2 of 9");
        press(&mut s, "u");
        wait(&mut s, "item 1 of 9");
        wait(&mut s, "undone: reject of motives.money");
        assert_eq!(p.read("codings/ana.csv"), HEADER);
        press(&mut s, "u");
        wait(&mut s, "nothing to undo");
        quit(s);
    }

    #[test]
    fn c_adds_another_code_with_tab_completion() {
        let p = coded();
        let mut s = review(&p);
        wait(&mut s, "item 1 of 9");
        press(&mut s, "c");
        wait(&mut s, "add code (Tab completes");
        press(&mut s, "motives.bo\t");
        wait(&mut s, "motives.boredom");
        press(&mut s, "\r");
        wait(&mut s, "added motives.boredom");
        assert_eq!(
            p.read("codings/ana.csv"),
            format!("{HEADER}transcripts/F1.txt,6,motives.boredom,add,\n")
        );
        // An unknown code is refused and nothing is written.
        press(&mut s, "c");
        wait(&mut s, "add code (Tab completes");
        press(&mut s, "motives.zzz\r");
        wait(&mut s, "unknown code 'motives.zzz'");
        press(&mut s, "\x1b");
        wait(&mut s, "no code added");
        // Still on the first item: an add decides nothing.
        press(&mut s, "a");
        wait(&mut s, "item 2 of 9");
        quit(s);
        assert_eq!(p.read("codings/ana.csv").lines().count(), 3);
    }

    #[test]
    fn the_screen_redacts_names_and_filters_by_code_and_case() {
        let p = coded();
        let mut s = spawn(
            &p,
            &[
                "review",
                "--coder",
                "ana",
                "--code",
                "motives.family",
                "--where",
                "cohort=Younger",
                "--where",
                "site=North",
            ],
        );
        let screen = wait(&mut s, "matched by: my kids");
        assert!(screen.contains("item 1 of 1"), "{screen}");
        assert!(screen.contains("[ICSM]"), "{screen}");
        assert!(!screen.contains("Sarah"), "{screen}");
        press(&mut s, "a");
        wait(&mut s, "All 1 auto codings are reviewed.");
        quit(s);
    }

    /// The care fixture with ana's two nursery turns coded, and suggestions.
    fn suggested() -> Project {
        let p = fixture("care");
        p.code();
        p.write(
            "codings/ana.csv",
            "document,line,code,action\ntranscripts/P1.txt,5,care.childcare,add\n\
             transcripts/P2.txt,5,care.childcare,add\n",
        );
        p.ok(&["suggest", "--from", "ana"]);
        p
    }

    #[test]
    fn suggestions_are_walked_with_their_score_and_why_and_decided() {
        let p = suggested();
        let mut s = spawn(&p, &["review", "--coder", "ana", "--suggestions"]);
        wait(&mut s, "suggestions");
        wait(&mut s, "item 1 of 2");
        wait(&mut s, "transcripts/P3.txt:5  case P3");
        wait(&mut s, "suggested: score 0.3859");
        wait(&mut s, "shared words nursery 47%, look 30%, fees 23%");
        wait(&mut s, "resembles: transcripts/P1.txt:5");
        wait(&mut s, "a accept (adds the code)");
        press(&mut s, "a");
        wait(&mut s, "item 2 of 2");
        assert!(
            p.read("codings/ana.csv")
                .ends_with("transcripts/P3.txt,5,care.childcare,add\n")
        );
        press(&mut s, "r");
        wait(&mut s, "All 2 suggestions are reviewed.");
        assert_eq!(
            p.read("codings/suggestions/rejected/ana.csv"),
            "document,line,code\ntranscripts/P5.txt,7,care.childcare\n"
        );
        quit(s);
        // Neither comes back: one is coded now, the other rejected.
        let again = p.ok(&["suggest", "--from", "ana", "-f", "csv"]);
        assert!(
            !again.contains("P3.txt") && !again.contains("P5.txt:7"),
            "{again}"
        );
    }

    #[test]
    fn review_of_suggestions_needs_the_suggestions_file() {
        let p = fixture("care");
        p.code();
        let mut s = spawn(&p, &["review", "--coder", "ana", "--suggestions"]);
        wait(
            &mut s,
            "no codings/suggestions/ana.csv: `qualcode suggest --from ana` writes",
        );
        s.exp_eof().unwrap();
    }
}
