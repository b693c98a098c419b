//! No data loss under faults: a write that fails (a read-only folder, a full
//! disk, a process killed half-way) leaves the previous `codings/` files as
//! they were, whole and readable.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::harness::{Project, fixture};

/// The mini project, coded once, with a coder's file beside auto.csv.
fn coded() -> (Project, String, String) {
    let p = fixture("mini");
    p.code();
    p.write(
        "codings/ana.csv",
        "document,line,code,action,memo\ntranscripts/F1.txt,5,motives.money,add,kept\n",
    );
    let auto = p.read("codings/auto.csv");
    let ana = p.read("codings/ana.csv");
    (p, auto, ana)
}

/// The previous files are there, byte for byte (so as readable as before).
fn intact(p: &Project, auto: &str, ana: &str) {
    assert_eq!(p.read("codings/auto.csv"), auto);
    assert_eq!(p.read("codings/ana.csv"), ana);
}

/// Make the transcripts say something else, so a new run would write
/// different codings.
fn change_transcripts(p: &Project) {
    p.edit("transcripts/F1.txt", "money", "cash money wages");
}

#[test]
fn a_read_only_codings_folder_fails_cleanly_and_keeps_the_old_files() {
    let (p, auto, ana) = coded();
    change_transcripts(&p);
    let dir = p.path("codings");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let r = p.run(&["code"]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    if r.code == 0 {
        // Running as root: permissions do not stop writes; nothing to test.
        return;
    }
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(p.read("codings/auto.csv"), auto);
    assert_eq!(p.read("codings/ana.csv"), ana);
}

#[test]
fn a_full_disk_leaves_the_previous_codings_whole() {
    let (p, auto, ana) = coded();
    change_transcripts(&p);
    // A file-size limit of 1 KiB: writing auto.csv fails part-way, as on a
    // full disk (the process gets SIGXFSZ, or EFBIG if it ignores it).
    let bin = assert_cmd::cargo::cargo_bin!("qualcode");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f 1; exec '{}' -q code", bin.display()))
        .current_dir(p.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the write should have failed");
    intact(&p, &auto, &ana);
}

#[test]
fn a_process_killed_mid_run_leaves_the_previous_codings_whole() {
    let (p, auto, ana) = coded();
    // Enough text that coding takes a while.
    let turn = "Participant: the money and the wages, my family and the kids, \
                I was bored at home and wanted to be useful again.\n";
    for i in 0..60 {
        p.write(
            &format!("transcripts/BIG{i}.txt"),
            format!("---\nid: BIG{i}\n---\n{}", turn.repeat(4000)),
        );
    }
    for attempt in 0..5 {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("qualcode"))
            .args(["-q", "-j", "1", "code"])
            .current_dir(p.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill it half-way: once its temporary file holds some codings.
        let start = Instant::now();
        let deadline = Duration::from_secs(60);
        while start.elapsed() < deadline {
            let written = std::fs::read_dir(p.path("codings"))
                .unwrap()
                .map(|e| e.unwrap())
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .any(|e| e.metadata().is_ok_and(|m| m.len() > 100_000));
            if written || child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap_or(());
        child.wait().unwrap();
        if finished {
            // Too quick to catch; try again (the run itself replaced auto.csv).
            assert!(attempt < 4, "could not catch a run in progress");
            std::fs::write(p.path("codings/auto.csv"), &auto).unwrap();
            continue;
        }
        intact(&p, &auto, &ana);
        // The killed run's temporary file is cleared by the next run.
        let temps = || {
            std::fs::read_dir(p.path("codings"))
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .contains(".tmp-")
                })
                .count()
        };
        // auto.csv's and the corpus index's.
        assert_eq!(temps(), 2);
        p.code();
        if std::path::Path::new("/proc/self").exists() {
            assert_eq!(
                temps(),
                0,
                "a stale temporary file is removed where /proc tells"
            );
        }
        return;
    }
}
