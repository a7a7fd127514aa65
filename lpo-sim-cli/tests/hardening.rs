//! End-to-end tests of hostile or careless input and output: edited and oversized study
//! files, absurd flags, unwritable or clashing outputs, closed standard output, Ctrl-C and
//! killed runs. Each must end with a clear message and the right exit code, never a panic or
//! an abort.

use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;

use common::{args, edit_study, lpo_sim, read_json, with_line_replaced, write_scenario};

/// A 6-month scenario in `dir`: studies of it take milliseconds.
fn tiny_scenario(dir: &Path) -> PathBuf {
    let text = with_line_replaced("", "horizon_months", "horizon_months = 6");
    write_scenario(dir, "tiny.toml", &text)
}

/// Shards 0/2 and 1/2 of a 200-replicate study of the tiny scenario.
fn two_shards(dir: &Path) -> (PathBuf, PathBuf) {
    let scenario = tiny_scenario(dir);
    let shard = |spec: &str, name: &str| {
        let path = dir.join(name);
        lpo_sim(args(&[
            &"mc", &scenario, &"--runs", &"200", &"--shard", &spec, &"--json", &path,
        ]))
        .assert_success();
        path
    };
    (shard("0/2", "a.json"), shard("1/2", "b.json"))
}

// ------------------------------------------------------------------------------ study files

type Edit = fn(&mut Value);

/// The edits known to fool or crash `merge` before study files carried digests and bounds:
/// a sketch offset near 2^31 (aborted allocating 16 GB), i32::MIN or min > max (panicked),
/// and edited counts, sums, currency or horizon (merged silently into a wrong file).
fn hostile_edits() -> Vec<(&'static str, Edit)> {
    vec![
        ("state.outcomes.final_cash.sketch.positive.offset", |s| {
            s["state"]["outcomes"]["final_cash"]["sketch"]["positive"]["offset"] =
                json!(2_147_483_000)
        }),
        ("state.outcomes.final_cash.sketch.positive.offset", |s| {
            s["state"]["outcomes"]["final_cash"]["sketch"]["positive"]["offset"] = json!(i32::MIN)
        }),
        ("state.outcomes.total_revenue.moments.min", |s| {
            let moments = &mut s["state"]["outcomes"]["total_revenue"]["moments"];
            let min = moments["min"].clone();
            moments["min"] = moments["max"].clone();
            moments["max"] = min;
        }),
        ("state.outcomes.final_cash.moments.n", |s| {
            s["state"]["outcomes"]["final_cash"]["moments"]["n"] = json!(101)
        }),
        // One value fewer: the moments, or the sketch that then holds more values than
        // they count, whichever check meets it first.
        ("state.outcomes.final_cash.", |s| {
            s["state"]["outcomes"]["final_cash"]["moments"]["n"] = json!(99)
        }),
        ("state.outcomes.final_cash.moments.sum", |s| {
            s["state"]["outcomes"]["final_cash"]["moments"]["sum"] = json!("999999999999999999")
        }),
        ("state.outcomes.final_cash.moments.sum_squares", |s| {
            s["state"]["outcomes"]["final_cash"]["moments"]["sum_squares"] =
                json!(format!("{:064x}", 1u8))
        }),
        ("state.bankrupt", |s| s["state"]["bankrupt"] = json!(101)),
        ("manifest.currency", |s| {
            s["manifest"]["currency"] = json!("a currency label far too long")
        }),
        ("state.horizon_months", |s| {
            s["state"]["horizon_months"] = json!(5000)
        }),
        ("state.alive_at_month_end", |s| {
            s["state"]["horizon_months"] = json!(7)
        }),
    ]
}

#[test]
fn merge_refuses_edited_study_files_naming_the_file_and_what_changed() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let (a, b) = two_shards(d);
    let out = d.join("merged.json");
    let edited = d.join("edited.json");
    let merge = |needles: &[&str]| {
        lpo_sim(args(&[&"merge", &a, &edited, &"--json", &out]))
            .assert_invalid_input()
            .assert_stderr_contains(needles);
        assert!(!out.exists(), "merge wrote a file despite {needles:?}");
    };
    let shown = edited.display().to_string();
    for (field, edit) in hostile_edits() {
        // As edited: the digest no longer matches.
        edit_study(&b, &edited, false, edit);
        merge(&["was changed after it was written", &shown, "unedited"]);
        // Edited with the digest recomputed: the bound behind the digest names the field.
        edit_study(&b, &edited, true, edit);
        merge(&["is damaged", &shown, &format!("`{field}")]);
    }
    // An offset beyond any 32-bit index is not even a study file's syntax.
    edit_study(&b, &edited, false, |s| {
        s["state"]["outcomes"]["final_cash"]["sketch"]["positive"]["offset"] = json!(1u64 << 31)
    });
    merge(&[&shown, "state.outcomes.final_cash.sketch.positive.offset"]);
    // An edited summary keeps the digest, but is not the summary of the state.
    edit_study(&b, &edited, false, |s| s["summary"]["runs"] = json!(7));
    merge(&[&shown, "`summary` is not the summary of the file's state"]);
    // A file without a digest was not written by this version.
    edit_study(&b, &edited, false, |s| {
        s.as_object_mut().unwrap().remove("digest");
    });
    merge(&[&shown, "has no digest"]);
    // Anything after the document.
    fs::write(&edited, format!("{}{{}}", fs::read_to_string(&b).unwrap())).unwrap();
    merge(&[&shown, "trailing characters"]);
    // The unedited shards still merge.
    lpo_sim(args(&[&"merge", &a, &b, &"--json", &out])).assert_success();
    assert_eq!(read_json(&out)["manifest"]["replicates"]["end"], 200);
}

#[test]
fn merge_refuses_study_files_larger_than_the_cap_or_not_text() {
    let dir = TempDir::new().unwrap();
    let huge = dir.path().join("huge.json");
    // Sparse: no disk is used for the 65 MiB of zeros.
    fs::File::create(&huge).unwrap().set_len(65 << 20).unwrap();
    lpo_sim(args(&[&"merge", &huge]))
        .assert_invalid_input()
        .assert_stderr_contains(&[&huge.display().to_string(), "larger than 67108864 bytes"]);
    let binary = dir.path().join("binary.json");
    fs::write(&binary, [b'{', 0xff, 0xfe, b'}']).unwrap();
    lpo_sim(args(&[&"merge", &binary]))
        .assert_invalid_input()
        .assert_stderr_contains(&[&binary.display().to_string(), "not UTF-8"]);
    #[cfg(unix)]
    lpo_sim(["merge", "/dev/zero"])
        .assert_invalid_input()
        .assert_stderr_contains(&["/dev/zero", "larger than"]);
}

// ------------------------------------------------------------------------------ bad flags

#[test]
fn threads_beyond_four_per_core_are_refused_naming_the_flag_and_the_range() {
    for command in [
        &["mc", "--runs", "10"][..],
        &[
            "compare",
            "--strategy",
            "cautious",
            "--strategy",
            "aggressive",
        ],
        &["career", "--runs", "10"],
        &[
            "sweep",
            "--param",
            "strategy.rule.qa_share=0.1:0.2",
            "--metric",
            "p_bankrupt",
        ],
    ] {
        for threads in ["100000", "1000000000000", "0"] {
            let mut line: Vec<&str> = command.to_vec();
            line.extend(["--threads", threads]);
            lpo_sim(&line)
                .assert_invalid_input()
                .assert_stderr_contains(&["--threads", threads]);
        }
        let mut line: Vec<&str> = command.to_vec();
        line.extend(["--threads", "100000"]);
        lpo_sim(&line).assert_stderr_contains(&["must be at most", "per core"]);
    }
}

#[test]
fn non_finite_numbers_are_refused_wherever_a_number_is_read() {
    let tune = |objective: &str| {
        lpo_sim([
            "tune",
            "--param",
            "strategy.rule.qa_share=0.1:0.5",
            "--objective",
            objective,
        ])
    };
    for bound in ["NaN", "inf", "-inf", "nan"] {
        tune(&format!("max median:final_cash s.t. p_bankrupt <= {bound}"))
            .assert_invalid_input()
            .assert_stderr_contains(&["--objective", bound, "not a finite number"]);
    }
    for range in [
        "NaN:0.5",
        "0.1:inf",
        "0.1:0.5:NaN",
        "-inf:0.5",
        "0.1:0.5:inf",
    ] {
        let param = format!("strategy.rule.qa_share={range}");
        lpo_sim(["sweep", "--param", &param, "--metric", "p_bankrupt"])
            .assert_invalid_input()
            .assert_stderr_contains(&["--param"]);
    }
    for (flag, value) in [
        ("--until", "p_bankrupt:NaN"),
        ("--until", "final_cash:inf"),
        ("--set", "horizon_months=NaN"),
        ("--set", "founder.savings=inf"),
    ] {
        lpo_sim(["mc", "--runs", "10", flag, value])
            .assert_invalid_input()
            .assert_stderr_contains(&[flag]);
    }
    for spread in ["NaN", "inf", "-1"] {
        lpo_sim(["sensitivity", "--metric", "p_bankrupt", "--spread", spread])
            .assert_invalid_input()
            .assert_stderr_contains(&["--spread"]);
    }
    for elite in ["NaN", "inf", "0"] {
        lpo_sim([
            "tune",
            "--param",
            "strategy.rule.qa_share=0.1:0.5",
            "--objective",
            "max p_open",
            "--elite",
            elite,
        ])
        .assert_invalid_input()
        .assert_stderr_contains(&["--elite"]);
    }
}

#[test]
fn grid_points_end_exactly_at_the_end_of_the_range() {
    let dir = TempDir::new().unwrap();
    let json = dir.path().join("sweep.json");
    lpo_sim(args(&[
        &"sweep",
        &tiny_scenario(dir.path()),
        &"--param",
        &"strategy.rule.qa_share=0.3:0.9:0.2",
        &"--metric",
        &"p_bankrupt",
        &"--runs",
        &"20",
        &"--json",
        &json,
    ]))
    .assert_success();
    let sweep = read_json(&json);
    let text = sweep.to_string();
    let values: Vec<f64> = sweep["points"]
        .as_array()
        .unwrap_or_else(|| panic!("no points in {text}"))
        .iter()
        .map(|p| p["values"][0].as_f64().unwrap())
        .collect();
    assert_eq!(values.len(), 4, "{values:?}");
    assert_eq!(values[0], 0.3);
    assert_eq!(values[3], 0.9, "the last point is the range's end, exactly");
}

// --------------------------------------------------------------------------------- outputs

#[cfg(target_os = "linux")]
#[test]
fn unwritable_outputs_are_refused_before_the_study_starts() {
    // /proc takes no new files, even for root (tests may run as root, which ignores file
    // permissions). Each study asks for a billion replicates: only an early refusal ends it.
    let billion = "1000000000";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["mc", "--runs", billion, "--json", "/proc/x.json"],
            "--json",
        ),
        (
            vec!["mc", "--runs", billion, "--report", "/proc/x.html"],
            "--report",
        ),
        (vec!["mc", "--runs", billion, "--csv", "/proc/csv"], "--csv"),
        (vec!["merge", "a.json", "--json", "/proc/x.json"], "--json"),
        (
            vec![
                "compare",
                "--strategy",
                "cautious",
                "--strategy",
                "aggressive",
                "--runs",
                billion,
                "--json",
                "/proc/x.json",
            ],
            "--json",
        ),
        (
            vec!["career", "--runs", billion, "--json", "/proc/x.json"],
            "--json",
        ),
        (
            vec![
                "sweep",
                "--param",
                "strategy.rule.qa_share=0.1:0.2",
                "--metric",
                "p_bankrupt",
                "--runs",
                billion,
                "--csv",
                "/proc/x.csv",
            ],
            "--csv",
        ),
        (
            vec![
                "sensitivity",
                "--metric",
                "p_bankrupt",
                "--param",
                "founder.savings",
                "--runs",
                billion,
                "--report",
                "/proc/x.html",
            ],
            "--report",
        ),
        (
            vec![
                "tune",
                "--param",
                "strategy.rule.qa_share=0.1:0.5",
                "--objective",
                "max p_open",
                "--runs",
                billion,
                "--json",
                "/proc/x.json",
            ],
            "--json",
        ),
    ];
    for (line, flag) in cases {
        lpo_sim(&line)
            .assert_invalid_input()
            .assert_stderr_contains(&[flag, "/proc", "does not take new files"]);
    }
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let scenario = tiny_scenario(d);
    let before = fs::read(&scenario).unwrap();
    let other_name = d.join("sub").join("..").join("tiny.toml");
    fs::create_dir(d.join("sub")).unwrap();
    for (flag, output) in [
        ("--json", scenario.clone()),
        ("--report", scenario.clone()),
        ("--json", other_name),
    ] {
        lpo_sim(args(&[&"mc", &scenario, &"--runs", &"10", &flag, &output]))
            .assert_invalid_input()
            .assert_stderr_contains(&[flag, "is the input", "tiny.toml"]);
    }
    #[cfg(unix)]
    {
        let link = d.join("link.toml");
        std::os::unix::fs::symlink(&scenario, &link).unwrap();
        lpo_sim(args(&[
            &"mc", &scenario, &"--runs", &"10", &"--json", &link,
        ]))
        .assert_invalid_input()
        .assert_stderr_contains(&["--json", "is the input"]);
        let hard = d.join("hard.toml");
        fs::hard_link(&scenario, &hard).unwrap();
        lpo_sim(args(&[
            &"mc", &hard, &"--runs", &"10", &"--json", &scenario,
        ]))
        .assert_invalid_input()
        .assert_stderr_contains(&["--json", "is the input"]);
    }
    lpo_sim(args(&[
        &"sweep",
        &scenario,
        &"--param",
        &"strategy.rule.qa_share=0.1:0.2",
        &"--metric",
        &"p_bankrupt",
        &"--csv",
        &scenario,
    ]))
    .assert_invalid_input()
    .assert_stderr_contains(&["--csv", "is the input"]);
    assert_eq!(
        fs::read(&scenario).unwrap(),
        before,
        "the scenario was changed"
    );

    let (a, b) = two_shards(d);
    let shard = fs::read(&a).unwrap();
    for out in [a.clone(), d.join(".").join("a.json")] {
        lpo_sim(args(&[&"merge", &a, &b, &"--json", &out]))
            .assert_invalid_input()
            .assert_stderr_contains(&["--json", "is the input", "a.json"]);
    }
    assert_eq!(fs::read(&a).unwrap(), shard, "the shard was changed");
}

// ------------------------------------------------- closed stdout, Ctrl-C and killed runs

#[cfg(unix)]
mod processes {
    use super::*;
    use common::{
        EXIT_INTERRUPTED, PATIENCE, read_all, sigint, spawn_lpo_sim, wait_for_exit,
        wait_for_temporary_file,
    };
    use std::ffi::OsStr;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant, SystemTime};

    /// Starts `lpo-sim` with `line`, its stdout a pipe whose reading end is already closed
    /// (as in `lpo-sim … | true`), its stderr captured.
    fn spawn_with_stdout_closed(line: &[&dyn AsRef<OsStr>]) -> Child {
        let mut child = spawn_lpo_sim(args(line), Stdio::piped(), Stdio::piped());
        drop(child.stdout.take());
        child
    }

    /// Exit code and stderr, failing if the process takes longer than PATIENCE.
    fn finish(mut child: Child) -> (Option<i32>, String) {
        let status = wait_for_exit(
            &mut child,
            PATIENCE,
            &format!("still running after {PATIENCE:?}"),
        );
        let stderr = read_all(child.stderr.take());
        assert!(!stderr.contains("panicked"), "{stderr}");
        (status.code(), stderr)
    }

    #[test]
    fn a_failed_output_write_is_reported_even_with_stdout_closed() {
        let dir = TempDir::new().unwrap();
        let scenario = tiny_scenario(dir.path());
        let json = dir.path().join("study.json");
        let csv = dir.path().join("csv");
        let mut child = spawn_with_stdout_closed(&[
            &"mc",
            &scenario,
            &"--runs",
            &"400000",
            &"--threads",
            &"2",
            &"--json",
            &json,
            &"--csv",
            &csv,
        ]);
        wait_for_temporary_file(&mut child, &csv, 1000);
        // After the checks: a directory where the study file goes makes its write fail.
        fs::create_dir_all(json.join("in-the-way")).unwrap();
        let (code, stderr) = finish(child);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!("cannot write to `{}`", json.display())),
            "{stderr}"
        );
    }

    /// A write that fails is a failure (exit 1, naming the path and the OS error), never an
    /// interruption (130, which schedulers read as "cancelled, do not retry"); the study runs
    /// on, and the outputs on healthy paths are written complete.
    fn assert_failed_write_of_rows(code: Option<i32>, stderr: &str, csv: &Path, os_error: &str) {
        assert_eq!(code, Some(1), "{stderr}");
        let rows = csv.join("replicates.csv");
        for part in [
            format!("cannot write to `{}`", rows.display()),
            os_error.to_owned(),
        ] {
            assert!(stderr.contains(&part), "no `{part}` in:\n{stderr}");
        }
        assert!(!stderr.contains("interrupted"), "{stderr}");
        assert!(
            !rows.exists(),
            "a replicates.csv with some of the rows was kept"
        );
    }

    /// Mounts a 64 KiB tmpfs on `dir` for as long as it lives (needs root).
    struct FullFileSystem<'a>(&'a Path);

    impl<'a> FullFileSystem<'a> {
        fn mount(dir: &'a Path) -> Result<Self, String> {
            fs::create_dir_all(dir).unwrap();
            let output = Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
                .arg(dir)
                .output()
                .map_err(|error| format!("cannot run `mount`: {error}"))?;
            if output.status.success() {
                Ok(FullFileSystem(dir))
            } else {
                Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
            }
        }
    }

    impl Drop for FullFileSystem<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }

    #[test]
    fn a_full_disk_exits_1_and_the_outputs_on_healthy_paths_are_written() {
        let dir = TempDir::new().unwrap();
        let full = dir.path().join("full");
        let _mounted = match FullFileSystem::mount(&full) {
            Ok(mounted) => mounted,
            Err(reason) => {
                eprintln!("skipped: cannot mount a small tmpfs to fill ({reason})");
                return;
            }
        };
        let scenario = tiny_scenario(dir.path());
        let json = dir.path().join("ok.json");
        let csv = full.join("c");
        // About 150 bytes a row: 3,000 rows do not fit in 64 KiB.
        let child = spawn_lpo_sim(
            args(&[
                &"mc", &scenario, &"--runs", &"3000", &"--csv", &csv, &"--json", &json,
            ]),
            Stdio::null(),
            Stdio::piped(),
        );
        let (code, stderr) = finish(child);
        assert_failed_write_of_rows(code, &stderr, &csv, "No space left on device");
        assert!(stderr.contains("free some space"), "{stderr}");
        let study = read_json(&json);
        assert_eq!(
            study["summary"]["runs"], 3000,
            "the study did not run to its end"
        );
        assert_eq!(study["partial"], false);
        common::assert_no_temporary_files(&csv);
    }

    #[test]
    fn a_removed_output_directory_exits_1_and_the_other_outputs_are_written() {
        let dir = TempDir::new().unwrap();
        let scenario = tiny_scenario(dir.path());
        let json = dir.path().join("study.json");
        let csv = dir.path().join("csv");
        let mut child = spawn_lpo_sim(
            args(&[
                &"mc",
                &scenario,
                &"--runs",
                &"400000",
                &"--threads",
                &"2",
                &"--json",
                &json,
                &"--csv",
                &csv,
            ]),
            Stdio::null(),
            Stdio::piped(),
        );
        wait_for_temporary_file(&mut child, &csv, 1000);
        // Rows still go to the open (now unlinked) file; putting it in place fails.
        fs::remove_dir_all(&csv).unwrap();
        let (code, stderr) = finish(child);
        assert_failed_write_of_rows(code, &stderr, &csv, "No such file or directory");
        let study = read_json(&json);
        assert_eq!(study["summary"]["runs"], 400_000);
        assert_eq!(study["partial"], false);
    }

    #[test]
    fn ctrl_c_exits_130_even_with_stdout_closed() {
        let dir = TempDir::new().unwrap();
        let csv = dir.path().join("csv");
        let mut child = spawn_with_stdout_closed(&[
            &"mc",
            &"--runs",
            &"5000000",
            &"--threads",
            &"2",
            &"--csv",
            &csv,
        ]);
        wait_for_temporary_file(&mut child, &csv, 100_000);
        sigint(&child);
        let (code, stderr) = finish(child);
        assert_eq!(code, Some(EXIT_INTERRUPTED), "{stderr}");
        common::assert_no_temporary_files(&csv);
    }

    /// Ctrl-C before a command reaches its work (here: still opening its scenario, a FIFO
    /// nobody writes yet) gives exit code 130 too, not death by the signal: the handler is
    /// installed before anything else.
    #[cfg(all(
        target_os = "linux",
        any(
            target_arch = "x86_64",
            target_arch = "x86",
            target_arch = "aarch64",
            target_arch = "arm"
        )
    ))]
    #[test]
    fn ctrl_c_while_reading_the_scenario_exits_130() {
        use std::os::unix::fs::OpenOptionsExt;
        /// `O_NONBLOCK` on Linux for these architectures (MIPS, SPARC and others differ):
        /// opening a FIFO's writing end this way fails until a reader has it open.
        const O_NONBLOCK: i32 = 0o4000;
        let dir = TempDir::new().unwrap();
        let fifo = dir.path().join("scenario.toml");
        let made = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let mut child = spawn_lpo_sim(
            args(&[&"mc", &fifo, &"--runs", &"10"]),
            Stdio::null(),
            Stdio::piped(),
        );
        // Wait until `lpo-sim` has the FIFO open for reading (it then waits for the scenario).
        let deadline = Instant::now() + PATIENCE;
        let writer = loop {
            match fs::OpenOptions::new()
                .write(true)
                .custom_flags(O_NONBLOCK)
                .open(&fifo)
            {
                Ok(writer) => break writer,
                Err(_) if Instant::now() < deadline && child.try_wait().unwrap().is_none() => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(error) => {
                    let _ = child.kill();
                    panic!("lpo-sim never opened the scenario: {error}");
                }
            }
        };
        sigint(&child);
        let (code, stderr) = finish(child);
        drop(writer);
        assert_eq!(code, Some(EXIT_INTERRUPTED), "{stderr}");
    }

    /// The analyses and `career --runs` write nothing until the end: the first Ctrl-C ends
    /// them at once, with exit code 130 (not death by signal), at any thread count.
    #[test]
    fn ctrl_c_stops_every_long_command_promptly_with_exit_code_130() {
        let max_threads =
            (4 * std::thread::available_parallelism().map_or(1, |n| n.get())).to_string();
        let commands: Vec<Vec<&str>> = vec![
            vec!["mc", "--runs", "1000000000", "--threads", &max_threads],
            vec![
                "compare",
                "--strategy",
                "cautious",
                "--strategy",
                "aggressive",
                "--runs",
                "1000000000",
                "--threads",
                &max_threads,
            ],
            vec![
                "sweep",
                "--param",
                "strategy.rule.qa_share=0.1:0.9:0.0001",
                "--metric",
                "p_bankrupt",
                "--runs",
                "100000",
            ],
            vec!["sensitivity", "--metric", "p_bankrupt", "--runs", "100000"],
            vec![
                "tune",
                "--param",
                "strategy.rule.qa_share=0.1:0.5",
                "--objective",
                "max p_open",
                "--runs",
                "1000000",
            ],
            vec!["career", "--runs", "1000000000", "--threads", &max_threads],
        ];
        for line in commands {
            let dir = TempDir::new().unwrap();
            let json = dir.path().join("out.json");
            let mut full = line.clone();
            full.extend(["--json", json.to_str().unwrap()]);
            let child = spawn_lpo_sim(&full, Stdio::null(), Stdio::piped());
            // Into the work, to see it stop promptly. (The exit code does not hang on this:
            // the handler is installed before the checks.)
            std::thread::sleep(Duration::from_millis(700));
            let interrupted = Instant::now();
            sigint(&child);
            let (code, stderr) = finish(child);
            assert_eq!(code, Some(EXIT_INTERRUPTED), "{line:?}: {stderr}");
            assert!(
                interrupted.elapsed() < Duration::from_secs(10),
                "{line:?} took {:?} to stop",
                interrupted.elapsed()
            );
            common::assert_no_temporary_files(dir.path());
        }
    }

    #[test]
    fn temporary_files_of_killed_runs_are_removed_by_the_next_write_there() {
        let dir = TempDir::new().unwrap();
        let csv = dir.path().join("csv");
        let mut child = spawn_lpo_sim(
            args(&[
                &"mc",
                &"--runs",
                &"5000000",
                &"--threads",
                &"2",
                &"--csv",
                &csv,
            ]),
            Stdio::null(),
            Stdio::null(),
        );
        wait_for_temporary_file(&mut child, &csv, 10_000);
        child.kill().unwrap(); // SIGKILL: nothing can clean up
        child.wait().unwrap();
        let left: Vec<PathBuf> = fs::read_dir(&csv)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(
            !left.is_empty(),
            "SIGKILL left no temporary file to test with"
        );
        // A fresh unlocked file may be a writer between creating and locking it: kept.
        let fresh = csv.join(".lpo-sim-fresh.tmp");
        fs::write(&fresh, "being created").unwrap();
        // Age the killed run's files past the grace period.
        let old = SystemTime::now() - Duration::from_secs(3600);
        for path in &left {
            fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        lpo_sim(args(&[&"mc", &"--runs", &"10", &"--csv", &csv])).assert_success();
        for path in &left {
            assert!(!path.exists(), "{} was left", path.display());
        }
        assert!(fresh.exists(), "a fresh temporary file was removed");
    }
}
