//! `qualcode review --sample`: the blind coding of a validation sample,
//! driven through a pseudo-terminal: no auto code on screen, codes chosen
//! and saved to the sheet at once, a resumed run, and `agree` reading what
//! was saved; and the refusals (no sheet, no terminal).

use crate::harness::fixture;

#[test]
fn review_sample_refuses_without_a_terminal_and_with_code() {
    let p = fixture("mini");
    let err = p.bad(&["review", "--coder", "ana", "--sample"]);
    // Without a terminal the terminal is missed first; both are usage errors.
    assert!(err.contains("interactive terminal"), "{err}");
    let err = p.bad(&["review", "--coder", "ana", "--sample", "--code", "motives"]);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[cfg(unix)]
mod pty {
    use std::process::Command;

    use rexpect::process::WaitStatus;
    use rexpect::session::PtySession;

    use crate::harness::{Project, fixture};

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
        wait(&mut s, "\x1b[?1049l");
        s.exp_eof().unwrap();
        let status = s.process().wait().unwrap();
        assert!(matches!(status, WaitStatus::Exited(_, 0)), "{status:?}");
    }

    #[test]
    fn review_sample_without_a_sample_says_how_to_draw_one() {
        let p = fixture("mini");
        let mut s = spawn(&p, &["review", "--coder", "ana", "--sample"]);
        wait(
            &mut s,
            "ana has no validation sample (codings/samples/ana.csv)",
        );
        wait(&mut s, "qualcode sample --size N --seed S --coder ana");
        s.exp_eof().unwrap();
        let status = s.process().wait().unwrap();
        assert!(matches!(status, WaitStatus::Exited(_, 2)), "{status:?}");
    }

    #[test]
    fn blind_coding_saves_each_segment_and_agree_reads_it() {
        let p = fixture("mini");
        p.code();
        p.ok(&[
            "sample",
            "--size",
            "3",
            "--seed",
            "7",
            "--coder",
            "ana",
            "--codebook",
            "motives",
        ]);
        let mut s = spawn(&p, &["review", "--coder", "ana", "--sample"]);
        let first = wait(&mut s, "segment 1 of 3");
        wait(&mut s, "motives.confidence  Confidence"); // every code offered
        let screen = wait(&mut s, "q quit");
        // Blind: nothing says what auto-coding found.
        assert!(
            !first.contains("matched by") && !screen.contains("matched by"),
            "{screen}"
        );
        press(&mut s, "c");
        wait(&mut s, "choose code");
        press(&mut s, "motives.mon\t");
        press(&mut s, "\r");
        wait(&mut s, "chosen motives.money");
        press(&mut s, "\r");
        wait(&mut s, "segment 2 of 3");
        let sheet = p.read("codings/samples/ana.csv");
        let coded: Vec<&str> = sheet
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap())
            .collect();
        assert_eq!(coded, ["motives.money", "", ""], "{sheet}");
        press(&mut s, "\r"); // no code applies
        wait(&mut s, "segment 3 of 3");
        quit(s);
        let sheet = p.read("codings/samples/ana.csv");
        let coded: Vec<&str> = sheet
            .lines()
            .skip(1)
            .map(|l| l.rsplit(',').next().unwrap())
            .collect();
        assert_eq!(coded, ["motives.money", "-", ""], "{sheet}");
        // The next run starts at the segment not coded.
        let mut s = spawn(&p, &["review", "--coder", "ana", "--sample"]);
        wait(&mut s, "segment 3 of 3");
        wait(&mut s, "1 to code");
        quit(s);
        let agree = p.ok(&["agree", "--coders", "auto,ana", "-f", "csv"]);
        assert!(agree.starts_with("Code,Id,Units"), "{agree}");
        assert!(agree.contains("Money,motives.money,2,"), "{agree}");
    }
}
