//! The README's walkthrough is run, command by command: every `console`
//! code block of README.md, in order, in one temporary folder. A line starting
//! with `$ ` is a command (`qualcode …` or `cd DIR`); the lines after it, up
//! to the next command or the end of the block, are what it must print on
//! stdout (notes on stderr are not shown). Every command must succeed.
//!
//! After a deliberate change of output, `QUALCODE_UPDATE_README=1 cargo
//! test --test cli readme::` writes the new outputs into README.md; review
//! the diff.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// One `$ ` line and the output shown under it.
struct Step {
    command: String,
    shown: Vec<String>,
    /// Line range in README.md of the shown output (start, end exclusive).
    lines: (usize, usize),
}

/// Every step of every console block, in order.
fn steps(readme: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut in_block = false;
    for (i, line) in readme.lines().enumerate() {
        if !in_block {
            in_block = line.trim_end() == "```console";
            continue;
        }
        if line.trim_end() == "```" {
            in_block = false;
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                command: command.to_owned(),
                shown: Vec::new(),
                lines: (i + 1, i + 1),
            });
        } else {
            let step = steps
                .last_mut()
                .unwrap_or_else(|| panic!("README.md:{}: output before any `$ ` command", i + 1));
            step.shown.push(line.to_owned());
            step.lines.1 = i + 1;
        }
    }
    assert!(!in_block, "README.md: a ```console block is not closed");
    steps
}

/// Split a command line into words: single quotes group, as in a shell.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in command.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    assert!(!quoted, "unclosed quote in README command {command:?}");
    if any {
        words.push(word);
    }
    words
}

fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_owned()
}

#[test]
fn readme_walkthrough_runs_as_shown() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let steps = steps(&readme);
    assert!(
        steps
            .iter()
            .filter(|s| s.command.starts_with("qualcode "))
            .count()
            >= 8,
        "the README walkthrough should run the main verbs"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut cwd: PathBuf = dir.path().to_owned();
    let update = std::env::var_os("QUALCODE_UPDATE_README").is_some();
    let mut lines: Vec<String> = readme.lines().map(str::to_owned).collect();
    // Replacements from the end, so earlier line numbers stay right.
    let mut replacements: Vec<((usize, usize), String)> = Vec::new();
    let mut mismatches = Vec::new();
    for step in &steps {
        let argv = words(&step.command);
        match argv.first().map(String::as_str) {
            Some("cd") => {
                cwd = cwd.join(&argv[1]);
                continue;
            }
            Some("qualcode") => {}
            _ => panic!(
                "README.md: `{}`: the walkthrough runs only qualcode and cd",
                step.command
            ),
        }
        let output = Command::cargo_bin("qualcode")
            .unwrap()
            .args(&argv[1..])
            .current_dir(&cwd)
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            .env_remove("QUALCODE_PROJECT")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "README.md: `{}` failed ({}):\n{}",
            step.command,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let got = normalise(&stdout);
        let shown = normalise(&step.shown.join("\n"));
        if got != shown {
            mismatches.push(format!(
                "`{}` printed:\n{got}\n--- README.md shows:\n{shown}",
                step.command
            ));
            replacements.push((step.lines, got));
        }
    }
    if update && !replacements.is_empty() {
        for ((start, end), got) in replacements.into_iter().rev() {
            let new: Vec<String> = if got.is_empty() {
                Vec::new()
            } else {
                got.lines().map(str::to_owned).collect()
            };
            lines.splice(start..end, new);
        }
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        return;
    }
    assert!(
        mismatches.is_empty(),
        "the README walkthrough no longer matches the tool \
         (QUALCODE_UPDATE_README=1 rewrites it):\n\n{}",
        mismatches.join("\n\n")
    );
}

#[test]
fn words_split_like_a_shell() {
    assert_eq!(
        words("qualcode kwic 'pay* my bills' -f md"),
        ["qualcode", "kwic", "pay* my bills", "-f", "md"]
    );
    assert_eq!(words("cd demo"), ["cd", "demo"]);
}

#[test]
fn steps_pair_commands_with_their_output() {
    let text = "x\n```console\n$ qualcode a\none\ntwo\n$ cd d\n```\n```sh\n$ not run\n```\n";
    let s = steps(text);
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].shown, ["one", "two"]);
    assert_eq!(s[0].lines, (3, 5));
    assert!(s[1].shown.is_empty());
}
