//! End-to-end tests of `lpo-sim market`: exit codes, a run, thread-invariance of the JSON.

use serde_json::Value;
use tempfile::TempDir;

mod common;

use common::lpo_sim;

#[test]
fn a_tournament_runs_and_prints_one_row_per_firm() {
    let out = lpo_sim([
        "market",
        "--tournament",
        "--runs",
        "50",
        "--set",
        "horizon_months=24",
    ])
    .assert_success();
    for name in ["rule-based", "cautious", "aggressive", "quality-first"] {
        assert!(out.stdout.contains(name), "{}", out.stdout);
    }
    assert!(out.stdout.contains("P(open at horizon)"));
}

#[test]
fn the_json_is_the_same_for_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let run = |threads: &str| -> Value {
        let path = dir.path().join(format!("m{threads}.json"));
        lpo_sim([
            "market",
            "--firm",
            "cautious",
            "--firm",
            "aggressive:founder.savings=20000",
            "--runs",
            "80",
            "--set",
            "horizon_months=24",
            "--set",
            "market.beta_price=3",
            "--threads",
            threads,
            "--json",
            path.to_str().unwrap(),
        ])
        .assert_success();
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(one, two);
    assert_eq!(one["market"]["beta_price"], 3.0);
    assert_eq!(one["state"]["runs"], 80);
    assert_eq!(one["firms"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_input_is_exit_2_naming_the_field() {
    lpo_sim(["market", "--runs", "10"])
        .assert_invalid_input()
        .assert_stderr_contains(&["no firms"]);
    lpo_sim(["market", "--firm", "bold", "--runs", "10"])
        .assert_invalid_input()
        .assert_stderr_contains(&["`bold` is not a strategy"]);
    lpo_sim([
        "market",
        "--tournament",
        "--set",
        "market.shop_share=2",
        "--runs",
        "10",
    ])
    .assert_invalid_input()
    .assert_stderr_contains(&["market.shop_share"]);
    lpo_sim([
        "market",
        "--firm",
        "cautious",
        "--firm",
        "cautious:clients.market_potential=900",
        "--runs",
        "10",
    ])
    .assert_invalid_input()
    .assert_stderr_contains(&["clients.market_potential"]);
    lpo_sim(["market", "--firm", "cautious:nope.x=1", "--runs", "10"])
        .assert_invalid_input()
        .assert_stderr_contains(&["nope.x"]);
}

#[test]
fn csv_and_html_reports_are_written_with_a_row_per_firm() {
    let dir = TempDir::new().unwrap();
    let (csv, html) = (dir.path().join("m.csv"), dir.path().join("m.html"));
    lpo_sim([
        "market".as_ref(),
        "--tournament".as_ref(),
        "--alone".as_ref(),
        "--runs".as_ref(),
        "40".as_ref(),
        "--set".as_ref(),
        "horizon_months=12".as_ref(),
        "--csv".as_ref(),
        csv.as_os_str(),
        "--report".as_ref(),
        html.as_os_str(),
    ])
    .assert_success();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("firm,p_open,"));
    assert_eq!(lines.count(), 4, "a row per firm");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Rival firms in one market") && page.contains("Each firm alone"));
    for name in ["rule-based", "cautious", "aggressive", "quality-first"] {
        assert!(page.contains(name), "{name}");
    }
}

// ------------------------------------------------------------------ shards and merge

/// The market every shard test runs: two firms, each also alone, over a short horizon.
fn shard_args(runs: &str) -> Vec<String> {
    [
        "market",
        "--firm",
        "cautious",
        "--firm",
        "aggressive:founder.savings=20000",
        "--alone",
        "--runs",
        runs,
        "--set",
        "horizon_months=24",
        "--set",
        "market.shop_share=0.7",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn path_arg(flag: &str, path: &std::path::Path) -> [String; 2] {
    [flag.to_owned(), path.display().to_string()]
}

#[test]
fn shards_merged_give_the_whole_run_byte_for_byte() {
    let dir = TempDir::new().unwrap();
    let at = |name: &str| dir.path().join(name);
    let mut whole = shard_args("150");
    for (flag, name) in [
        ("--json", "whole.json"),
        ("--csv", "whole.csv"),
        ("--report", "whole.html"),
        ("--out", "whole.out"),
    ] {
        whole.extend(path_arg(flag, &at(name)));
    }
    let whole = lpo_sim(whole).assert_success();

    // Two shards, on different thread counts, given to merge in reverse order.
    for (shard, threads) in [("0/2", "1"), ("1/2", "2")] {
        let mut args = shard_args("150");
        args.extend(["--shard".to_owned(), shard.to_owned()]);
        args.extend(["--threads".to_owned(), threads.to_owned()]);
        args.extend(path_arg("--out", &at(&format!("{}.out", &shard[..1]))));
        lpo_sim(args).assert_success();
    }
    let mut merge = vec![
        "merge".to_owned(),
        at("1.out").display().to_string(),
        at("0.out").display().to_string(),
    ];
    for (flag, name) in [
        ("--json", "merged.json"),
        ("--csv", "merged.csv"),
        ("--report", "merged.html"),
        ("--out", "merged.out"),
    ] {
        merge.extend(path_arg(flag, &at(name)));
    }
    let merged = lpo_sim(merge).assert_success();
    for (a, b) in [
        ("whole.json", "merged.json"),
        ("whole.csv", "merged.csv"),
        ("whole.html", "merged.html"),
        ("whole.out", "merged.out"),
    ] {
        let (a_bytes, b_bytes) = (std::fs::read(at(a)).unwrap(), std::fs::read(at(b)).unwrap());
        assert!(a_bytes == b_bytes, "{a} and {b} differ");
    }
    assert_eq!(whole.stdout, merged.stdout);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(at("whole.json")).unwrap()).unwrap();
    assert_eq!(json["state"]["runs"], 150);
    assert_eq!(json["alone"].as_array().unwrap().len(), 2);
    let shard: Value =
        serde_json::from_str(&std::fs::read_to_string(at("0.out")).unwrap()).unwrap();
    assert_eq!(shard["kind"], "lpo-sim market study");
    assert_eq!(shard["manifest"]["replicates"]["end"], 75);
    assert!(shard["digest"].as_str().unwrap().starts_with("fnv1a64:"));

    // A merged file merges again, alone, into itself.
    let mut again = vec!["merge".to_owned(), at("merged.out").display().to_string()];
    again.extend(path_arg("--json", &at("again.json")));
    lpo_sim(again).assert_success();
    assert!(std::fs::read(at("again.json")).unwrap() == std::fs::read(at("whole.json")).unwrap());
}

#[test]
fn edited_incomplete_or_foreign_market_files_are_refused_with_exit_2() {
    let dir = TempDir::new().unwrap();
    let at = |name: &str| dir.path().join(name);
    for shard in ["0/3", "1/3", "2/3"] {
        let mut args = shard_args("90");
        args.extend(["--shard".to_owned(), shard.to_owned()]);
        args.extend(path_arg("--out", &at(&format!("{}.out", &shard[..1]))));
        lpo_sim(args).assert_success();
    }
    let merge = |files: &[&str]| {
        let mut args = vec!["merge".to_owned()];
        args.extend(files.iter().map(|f| at(f).display().to_string()));
        args.extend(path_arg("--json", &at("merged.json")));
        lpo_sim(args)
    };
    merge(&["0.out", "1.out", "2.out"]).assert_success();

    // A count edited by hand: the digest no longer matches.
    let text = std::fs::read_to_string(at("1.out")).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let open = value["state"]["firms"][0]["open"].as_u64().unwrap();
    value["state"]["firms"][0]["open"] = Value::from(open + 1);
    std::fs::write(
        at("edited.out"),
        serde_json::to_string_pretty(&value).unwrap(),
    )
    .unwrap();
    merge(&["0.out", "edited.out", "2.out"])
        .assert_invalid_input()
        .assert_stderr_contains(&["edited.out", "changed after it was written"]);

    // The same edit, resealed with the digest of its content (as a forgery would): the
    // structural checks catch a count beyond the runs.
    value["state"]["firms"][0]["open"] = Value::from(10_000);
    let unsealed = serde_json::to_string_pretty(&value).unwrap();
    value["digest"] =
        Value::from(lpo_sim_core::market::MarketStudyFile::content_digest(&unsealed).unwrap());
    std::fs::write(
        at("forged.out"),
        serde_json::to_string_pretty(&value).unwrap(),
    )
    .unwrap();
    merge(&["0.out", "forged.out", "2.out"])
        .assert_invalid_input()
        .assert_stderr_contains(&["forged.out", "is damaged", "state.firms[0].open"]);

    // A missing shard, a shard twice, a shard of another study, an mc study file.
    merge(&["0.out", "2.out"])
        .assert_invalid_input()
        .assert_stderr_contains(&["replicates 30..60 are in no file"]);
    merge(&["0.out", "1.out", "1.out", "2.out"])
        .assert_invalid_input()
        .assert_stderr_contains(&["overlap"]);
    let mut other = shard_args("90");
    other.extend(["--seed".to_owned(), "2".to_owned()]);
    other.extend(["--shard".to_owned(), "1/3".to_owned()]);
    other.extend(path_arg("--out", &at("other.out")));
    lpo_sim(other).assert_success();
    merge(&["0.out", "other.out", "2.out"])
        .assert_invalid_input()
        .assert_stderr_contains(&["other.out", "different market study", "seed"]);
    lpo_sim([
        "mc",
        "--runs",
        "20",
        "--set",
        "horizon_months=6",
        "--json",
        at("mc.json").to_str().unwrap(),
    ])
    .assert_success();
    merge(&["0.out", "mc.json"])
        .assert_invalid_input()
        .assert_stderr_contains(&["mc.json", "not a market study file"]);
    merge(&["mc.json", "0.out"])
        .assert_invalid_input()
        .assert_stderr_contains(&["0.out", "is a market study file"]);
    std::fs::write(at("empty.out"), "").unwrap();
    merge(&["0.out", "empty.out"])
        .assert_invalid_input()
        .assert_stderr_contains(&["empty.out"]);
    // More shards than runs.
    let mut args = shard_args("2");
    args.extend(["--shard".to_owned(), "2/3".to_owned()]);
    lpo_sim(args)
        .assert_invalid_input()
        .assert_stderr_contains(&["cannot be split into 3 shards"]);
}

// -------------------------------------------------------------------------------- Ctrl-C

#[cfg(unix)]
mod interrupt {
    use super::*;
    use common::{
        EXIT_INTERRUPTED, PATIENCE, args, assert_no_temporary_files, ctrl_c_twice, read_all,
        sigint, spawn_lpo_sim, wait_for_exit,
    };
    use lpo_sim_core::mc::ROUND_SIZE;
    use std::process::{Child, Stdio};
    use std::time::Duration;

    /// A market study far too long to finish, writing `json` and `file` when stopped.
    fn start_long_market(json: &std::path::Path, file: &std::path::Path) -> Child {
        spawn_lpo_sim(
            args(&[
                &"market",
                &"--firm",
                &"cautious",
                &"--firm",
                &"aggressive",
                &"--runs",
                &"50000000",
                &"--set",
                &"horizon_months=12",
                &"--threads",
                &"2",
                &"--json",
                &json,
                &"--out",
                &file,
            ]),
            Stdio::piped(),
            Stdio::piped(),
        )
    }

    /// As `lpo-sim mc`: the first Ctrl-C stops after the finished rounds, whose results are
    /// printed and written, marked partial, with exit code 130; a partial file cannot be
    /// merged. A Ctrl-C before the first round finished writes nothing (and the test waits
    /// longer before its next attempt).
    #[test]
    fn first_ctrl_c_keeps_the_finished_rounds_marked_partial() {
        for attempt in 0..6u32 {
            let dir = TempDir::new().unwrap();
            let (json, file) = (dir.path().join("m.json"), dir.path().join("m.out"));
            std::fs::write(&json, "old").unwrap();
            let mut child = start_long_market(&json, &file);
            std::thread::sleep(Duration::from_millis(1500) * 2u32.pow(attempt));
            sigint(&child);
            let status = wait_for_exit(
                &mut child,
                PATIENCE,
                "the market study did not stop after Ctrl-C",
            );
            let stdout = read_all(child.stdout.take());
            let stderr = read_all(child.stderr.take());
            assert_eq!(status.code(), Some(EXIT_INTERRUPTED), "{stderr}");
            assert!(stderr.contains("interrupted: "), "{stderr}");
            assert_no_temporary_files(dir.path());
            if stderr.contains("before the first round") {
                assert_eq!(std::fs::read_to_string(&json).unwrap(), "old");
                assert!(!file.exists());
                eprintln!("attempt {attempt}: Ctrl-C came before the first round finished");
                continue;
            }
            assert!(stdout.contains("(partial: interrupted)"), "{stdout}");
            assert!(stderr.contains("marked partial"), "{stderr}");
            let report: Value =
                serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
            assert_eq!(report["partial"], true);
            assert_eq!(report["stop"], "cancelled");
            let runs = report["state"]["runs"].as_u64().unwrap();
            assert!(runs > 0 && runs < 50_000_000);
            assert_eq!(runs % ROUND_SIZE, 0, "only whole rounds are kept");
            let study: Value =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            assert_eq!(study["partial"], true);
            assert_eq!(study["manifest"]["replicates"]["end"].as_u64(), Some(runs));
            // A partial file cannot be merged.
            lpo_sim(["merge".as_ref(), file.as_os_str()])
                .assert_invalid_input()
                .assert_stderr_contains(&["partial"]);
            return;
        }
        panic!("no round of the market study finished before Ctrl-C in any attempt");
    }
    /// As `lpo-sim mc`: a second Ctrl-C, after the first was handled and before the files are
    /// written, quits at once: exit code 130, the old files untouched and no temporary file
    /// left. The window is a few milliseconds (see `ctrl_c_twice`); a loaded machine can
    /// still miss it, so a few attempts are allowed, and every attempt must leave whole files
    /// or none.
    #[test]
    fn second_ctrl_c_quits_at_once_without_writing() {
        for attempt in 0..5 {
            let dir = TempDir::new().unwrap();
            let (json, file) = (dir.path().join("m.json"), dir.path().join("m.out"));
            std::fs::write(&json, "old").unwrap();
            let mut child = start_long_market(&json, &file);
            // Let a round or two finish, so the first Ctrl-C has something to write.
            let settle = Duration::from_millis(1500) * 2u32.pow(attempt);
            let (status, rest) = ctrl_c_twice(&mut child, settle);
            assert_eq!(status.code(), Some(EXIT_INTERRUPTED), "{rest:?}");
            assert_no_temporary_files(dir.path());
            let text = std::fs::read_to_string(&json).unwrap();
            if rest
                .iter()
                .any(|line| line.contains("before the first round"))
            {
                // The first Ctrl-C alone would have written nothing: this attempt says nothing.
                eprintln!("attempt {attempt}: Ctrl-C came before the first round finished");
                continue;
            }
            if text == "old" && !file.exists() {
                assert!(
                    rest.iter().all(|line| !line.contains("marked partial")),
                    "{rest:?}"
                );
                return;
            }
            eprintln!("attempt {attempt}: the second Ctrl-C came too late; stderr {rest:?}");
            if text != "old" {
                let report: Value = serde_json::from_str(&text).expect("a whole JSON file");
                assert_eq!(report["partial"], true);
            }
        }
        panic!("the second Ctrl-C never arrived before the files were written");
    }
}
