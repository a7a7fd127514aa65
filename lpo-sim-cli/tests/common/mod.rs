//! Helpers shared by the end-to-end tests: running the binary, checking what it produced,
//! writing scenario files and reading the files it wrote. Each test binary uses a subset.

#![allow(dead_code)]

use assert_cmd::Command;
use lpo_sim_core::DEFAULT_SCENARIO_TOML;
use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};

pub const EXIT_INVALID_INPUT: i32 = 2;

/// What one invocation produced.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
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
    Outcome {
        // No code means a signal killed it: never acceptable, so make it fail every check.
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
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
