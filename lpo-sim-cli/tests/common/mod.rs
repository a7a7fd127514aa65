//! Helpers shared by the end-to-end tests: running the binary, checking what it produced,
//! writing scenario files and reading the files it wrote. Each test binary uses a subset.

#![allow(dead_code)]

use assert_cmd::Command;
use lpo_sim_core::DEFAULT_SCENARIO_TOML;
use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const EXIT_INVALID_INPUT: i32 = 2;

/// The exit code of a run stopped by Ctrl-C (128 + SIGINT): what shells and schedulers read
/// as "cancelled".
pub const EXIT_INTERRUPTED: i32 = 130;

/// How long a spawned `lpo-sim` may take to reach what a test waits for: long enough for any
/// machine, so a process still not there has failed the test (and is killed).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// What one invocation produced.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// What a finished run produced, however it was run (with or without standard input):
    /// one place that reads the exit code and the output.
    pub fn of(output: std::process::Output) -> Self {
        Outcome {
            // No code means a signal killed it: never acceptable, so make it fail every check.
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    pub fn assert_success(self) -> Self {
        assert_eq!(
            self.code, 0,
            "expected success; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn assert_invalid_input(self) -> Self {
        assert_eq!(
            self.code, EXIT_INVALID_INPUT,
            "expected exit code 2; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "panicked:\n{}",
            self.stderr
        );
        self
    }

    pub fn assert_stderr_contains(self, needles: &[&str]) -> Self {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks `{needle}`:\n{}",
                self.stderr
            );
        }
        self
    }

    pub fn assert_stdout_contains(self, needles: &[&str]) -> Self {
        for needle in needles {
            assert!(
                self.stdout.contains(needle),
                "stdout lacks `{needle}`:\n{}",
                self.stdout
            );
        }
        self
    }
}

/// Runs `lpo-sim` with `args` and waits for it.
pub fn lpo_sim<I, S>(args: I) -> Outcome
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
        .args(args)
        .output()
        .expect("the binary runs");
    Outcome::of(output)
}

/// `lpo-sim --help` succeeds and lists each of `commands` at the start of a line.
pub fn assert_help_lists_commands(commands: &[&str]) {
    let help = lpo_sim(["--help"]).assert_success();
    for command in commands {
        assert!(
            help.stdout
                .lines()
                .any(|line| line.trim_start().starts_with(command)),
            "`{command}` undocumented in:\n{}",
            help.stdout
        );
    }
}

/// Arguments from string slices and paths.
pub fn args(parts: &[&dyn AsRef<OsStr>]) -> Vec<OsString> {
    parts.iter().map(|p| p.as_ref().to_owned()).collect()
}

/// `DEFAULT_SCENARIO_TOML` with the line of `key` in `[section]` replaced by `replacement`
/// (an empty section means the top-level keys before the first header).
pub fn with_line_replaced(section: &str, key: &str, replacement: &str) -> String {
    let header = format!("[{section}]");
    let mut in_section = section.is_empty();
    let mut replaced = false;
    let mut text = String::new();
    for line in DEFAULT_SCENARIO_TOML.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_section = trimmed.split_whitespace().next() == Some(header.as_str());
        }
        let is_key = trimmed
            .split('=')
            .next()
            .is_some_and(|name| name.trim() == key);
        if in_section && is_key && !replaced {
            text.push_str(replacement);
            replaced = true;
        } else {
            text.push_str(line);
        }
        text.push('\n');
    }
    assert!(
        replaced,
        "no `{key}` in [{section}] of the default scenario"
    );
    text
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write_scenario(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).expect("valid JSON")
}

/// Every file name in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub fn assert_no_temporary_files(dir: &Path) {
    let names = names_in(dir);
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "temporary files left in {}: {names:?}",
        dir.display()
    );
}

/// The header and the rows of a CSV file.
pub fn csv_rows(path: &Path) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .expect("every row has one field per column");
    (header, rows)
}

/// Writes the study file `from` to `to` after `edit`. With `reseal`, the copy carries the
/// digest of its edited content, as a deliberate forgery would, so that the checks behind
/// the digest are what is tested.
pub fn edit_study(from: &Path, to: &Path, reseal: bool, edit: impl FnOnce(&mut Value)) {
    let mut study = read_json(from);
    edit(&mut study);
    let mut text = serde_json::to_string_pretty(&study).unwrap();
    if reseal {
        let digest = lpo_sim_core::mc::StudyFile::content_digest(&text).expect("still parses");
        study["digest"] = Value::String(digest);
        text = serde_json::to_string_pretty(&study).unwrap();
    }
    fs::write(to, text).unwrap();
}

// ------------------------------------------------------------ running processes, Ctrl-C

/// Starts `lpo-sim` with `args`, its stdout and stderr as given, and returns at once: for
/// the tests that act on a process while it runs (Ctrl-C, a closed pipe, an output taken
/// away). The caller waits for it, with [`wait_for_exit`].
pub fn spawn_lpo_sim<I, S>(args: I, stdout: Stdio, stderr: Stdio) -> Child
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    std::process::Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
        .args(args)
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .expect("the binary starts")
}

/// Sends Ctrl-C (SIGINT) to `child`, as a terminal does, through `kill -INT`; fails if it
/// could not be sent, so a test never waits for a process that was not told to stop.
pub fn sigint(child: &Child) {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Waits for `child` to exit; if it is still running after `patience`, kills it and fails
/// with `failure`. Every wait for a spawned process is bounded this way, so that a process
/// that ignores Ctrl-C fails its test instead of hanging the suite.
pub fn wait_for_exit(child: &mut Child, patience: Duration, failure: &str) -> ExitStatus {
    let deadline = Instant::now() + patience;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{failure}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// All that `pipe` (a child's stdout or stderr, taken from it) gives until it closes.
pub fn read_all(pipe: Option<impl Read>) -> String {
    let mut text = String::new();
    pipe.expect("the pipe").read_to_string(&mut text).unwrap();
    text
}

/// Waits until `dir` holds a `.tmp` file of more than `bytes` bytes: the study `child` runs
/// is past its checks and writing its rows (so its Ctrl-C handler is installed, and an
/// output taken away now is taken from a running study). Fails, killing `child`, if it ends
/// first or that takes longer than [`PATIENCE`].
pub fn wait_for_temporary_file(child: &mut Child, dir: &Path, bytes: u64) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let found = fs::read_dir(dir).ok().is_some_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name().to_string_lossy().ends_with(".tmp")
                    && e.metadata().is_ok_and(|m| m.len() > bytes)
            })
        });
        if found {
            return;
        }
        if Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "no temporary file of more than {bytes} bytes in {} (within {PATIENCE:?}, \
                 while the process ran)",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Presses Ctrl-C twice: lets `child` (its stderr piped, not yet taken) run for `settle`,
/// sends the first, and the second the moment the handler says "Ctrl-C" on stderr; then
/// waits for it to exit. Returns its exit status and the lines of stderr after the
/// handler's.
///
/// The second must come after the first was handled (signals are not queued: two close
/// together count as one) and before the process, stopping after the first, has written its
/// files: a window of a few milliseconds. So a shell, started before the first, waits to
/// send it; a loaded machine can still miss the window, which the caller must allow for.
/// Fails if the handler does not answer within [`PATIENCE`].
pub fn ctrl_c_twice(child: &mut Child, settle: Duration) -> (ExitStatus, Vec<String>) {
    let mut second = std::process::Command::new("sh")
        .args(["-c", &format!("read go && kill -INT {}", child.id())])
        .stdin(Stdio::piped())
        .spawn()
        .expect("sh starts");
    let (lines, received) = mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(settle);
    sigint(child);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match received.recv_timeout(left) {
            Ok(line) if line.contains("Ctrl-C") => break,
            Ok(_) => {}
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the Ctrl-C handler never answered");
            }
        }
    }
    second.stdin.take().unwrap().write_all(b"go\n").unwrap();
    let status = wait_for_exit(child, PATIENCE, "it did not stop after the second Ctrl-C");
    let _ = second.wait();
    reader.join().unwrap();
    (status, received.try_iter().collect())
}
