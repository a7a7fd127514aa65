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
