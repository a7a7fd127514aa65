//! End-to-end tests of the analyses: `params`, `--set`, `sweep`, `sensitivity`, `tune`,
//! `mc --lifecycle` and `career --runs`. Small studies on a 24-month horizon (`--set
//! horizon_months=24`), a few points each, to keep the suite fast.

use serde_json::Value;
use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

mod common;

use common::{Outcome, assert_no_temporary_files, csv_rows, lpo_sim, read_json};

const SHORT: &str = "horizon_months=24";
/// Never read by the default rule-based strategy, which does not hire the consultant.
const INERT: &str = "consultant.daily_rate";
/// Moves the firm a lot: leads cost more, fewer clients.
const INFLUENTIAL: &str = "clients.marketing_cost_per_lead";

/// `lpo-sim <args> --set horizon_months=24`, with file arguments given as paths.
fn short<P: AsRef<OsStr>>(args: &[P]) -> Outcome {
    let mut all: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    all.extend([OsStr::new("--set"), OsStr::new(SHORT)]);
    lpo_sim(all)
}

/// `lpo-sim` with the whitespace-separated `words`, then each `(flag, value)` of `valued`, then
/// `--set horizon_months=24`.
fn short_with(words: &str, valued: &[(&str, &OsStr)]) -> Outcome {
    let mut all: Vec<&OsStr> = words.split_whitespace().map(OsStr::new).collect();
    for (flag, value) in valued {
        all.extend([OsStr::new(flag), value]);
    }
    short(&all)
}

fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"))
}

// ----------------------------------------------------------------------- params and --set

/// The default attrition base, whatever the calibration set it to.
fn base_monthly() -> f64 {
    lpo_sim_core::Scenario::default()
        .workforce
        .attrition
        .base_monthly
}

#[test]
fn params_lists_every_path_with_value_unit_and_range() {
    let out = lpo_sim(["params", "--format", "json"]).assert_success();
    let params: Value = serde_json::from_str(&out.stdout).unwrap();
    let params = params.as_array().expect("an array of parameters");
    assert!(params.len() > 100, "{} parameters", params.len());
    let attrition = params
        .iter()
        .find(|p| p["path"] == "workforce.attrition.base_monthly")
        .expect("workforce.attrition.base_monthly is listed");
    assert_eq!(number(&attrition["value"]), base_monthly());
    assert_eq!(number(&attrition["min"]), 0.0);
    assert_eq!(number(&attrition["max"]), 1.0);
    assert_eq!(attrition["unit"], "probability");
    assert_eq!(attrition["kind"], "real");
    assert!(params.iter().any(|p| p["kind"] == "count"));
    assert!(params.iter().any(|p| p["kind"] == "flag"));

    let table = lpo_sim(["params", "--filter", "attrition.base"]).assert_success();
    let row = table
        .stdout
        .lines()
        .find(|l| l.starts_with("workforce.attrition.base_monthly"))
        .expect("the filtered table has the row");
    let cells: Vec<&str> = row.split_whitespace().collect();
    let base = base_monthly().to_string();
    assert_eq!(
        cells,
        [
            "workforce.attrition.base_monthly",
            base.as_str(),
            "probability",
            "0",
            "1",
            "real"
        ]
    );
    assert!(
        !table.stdout.contains("horizon_months"),
        "the filter keeps only matching paths"
    );

    let csv = lpo_sim(["params", "--format", "csv", "--set", "horizon_months=24"]).assert_success();
    assert!(csv.stdout.starts_with("path,value,unit,min,max,kind\n"));
    assert!(
        csv.stdout
            .contains("\nhorizon_months,24,months,1,1200,count\n")
    );
}

#[test]
fn set_out_of_range_is_refused_as_in_a_scenario_file() {
    let out = lpo_sim([
        "mc",
        "--runs",
        "10",
        "--set",
        "workforce.attrition.base_monthly=1.5",
    ])
    .assert_invalid_input();
    let problem =
        "`workforce.attrition.base_monthly` = 1.5 is out of range: allowed 0 to 1 (probability)";
    out.assert_stderr_contains(&[problem, "lpo-sim params"]);

    // The same problem line as for the same value in a file.
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("bad.toml");
    let text = lpo_sim_core::DEFAULT_SCENARIO_TOML.replacen(
        &format!("base_monthly = {:?}", base_monthly()),
        "base_monthly = 1.5",
        1,
    );
    assert_ne!(
        text,
        lpo_sim_core::DEFAULT_SCENARIO_TOML,
        "the line was replaced"
    );
    fs::write(&file, text).unwrap();
    lpo_sim([OsStr::new("validate"), file.as_os_str()])
        .assert_invalid_input()
        .assert_stderr_contains(&[problem]);

    // Whole numbers and switches are checked by kind.
    lpo_sim(["run", "--set", "horizon_months=2.5"])
        .assert_invalid_input()
        .assert_stderr_contains(&["horizon_months", "whole number"]);
    lpo_sim(["run", "--set", "founder.has_law_degree=2"])
        .assert_invalid_input()
        .assert_stderr_contains(&["yes/no"]);
}

#[test]
fn set_unknown_path_is_refused_with_a_suggestion() {
    lpo_sim(["run", "--set", "no.such=1"])
        .assert_invalid_input()
        .assert_stderr_contains(&["no parameter `no.such`", "lpo-sim params"]);
    lpo_sim([
        "sweep",
        "--param",
        "x=0:1",
        "--metric",
        "p_bankrupt",
        "--set",
        "no.such=1",
    ])
    .assert_invalid_input()
    .assert_stderr_contains(&["no.such"]);
    lpo_sim(["career", "--set", "strategy.hiring_rigor=3"])
        .assert_invalid_input()
        .assert_stderr_contains(&["did you mean `strategy.rule.hiring_rigor`"]);
    lpo_sim(["run", "--set", "horizon_months"])
        .assert_invalid_input()
        .assert_stderr_contains(&["PATH=VALUE"]);
}

#[test]
fn set_changes_the_scenario_that_runs() {
    let out = lpo_sim(["run", "--format", "json", "--set", "horizon_months=5"]).assert_success();
    let run: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(run["months"].as_array().unwrap().len(), 5);
    assert!(
        run["scenario"]
            .as_str()
            .unwrap()
            .contains("with horizon_months=5"),
        "the label says what was changed: {}",
        run["scenario"]
    );
    // Later assignments win, as they are applied in order.
    let out = lpo_sim([
        "run",
        "--format",
        "json",
        "--set",
        "horizon_months=5",
        "--set",
        "horizon_months=3",
    ])
    .assert_success();
    let run: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(run["months"].as_array().unwrap().len(), 3);
}

// ------------------------------------------------------------------------------------ sweep

fn sweep_grid(dir: &Path, threads: &str) -> (Outcome, std::path::PathBuf, std::path::PathBuf) {
    let json = dir.join(format!("sweep-{threads}.json"));
    let csv = dir.join(format!("sweep-{threads}.csv"));
    let out = short_with(
        &format!(
            "sweep --param strategy.rule.hiring_rigor=1:5:2 \
             --param strategy.rule.trainer_quality=0:1:0.5 \
             --metric median:final_cash --runs 150 --threads {threads}"
        ),
        &[("--json", json.as_os_str()), ("--csv", csv.as_os_str())],
    );
    (out, json, csv)
}

#[test]
fn a_sweep_over_a_parameter_with_no_effect_says_no_point_differs_from_noise() {
    // Without a credit line (the default's 0) its interest rate is never charged.
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("inert.csv");
    let out = short_with(
        "sweep --param finance.credit_annual_rate=0.05:0.25:0.1 --metric p_open --runs 300",
        &[("--csv", csv.as_os_str())],
    )
    .assert_success()
    .assert_stdout_contains(&[
        "vs best",
        "paired replicate by replicate",
        "none of the other 2 points differs from the best by more than noise",
    ]);
    let (header, rows) = csv_rows(&csv);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (low, high) = (column("vs_best_ci95_low"), column("vs_best_ci95_high"));
    for row in &rows {
        let (lo, hi): (f64, f64) = (row[low].parse().unwrap(), row[high].parse().unwrap());
        assert!(lo <= 0.0 && 0.0 <= hi, "every interval contains 0: {row:?}");
    }
    drop(out);

    // A parameter that matters: the contrasts tell its ends apart.
    short_with(
        "sweep --param clients.base_conversion=0.3:0.9:0.6 --metric p_bankrupt --runs 300",
        &[],
    )
    .assert_success()
    .assert_stdout_contains(&["1 of the other 1 points differ from the best by more than noise"]);
}

#[test]
fn sweep_grid_has_a_row_per_combination_and_files_do_not_depend_on_threads() {
    let dir = TempDir::new().unwrap();
    let (one, json1, csv1) = sweep_grid(dir.path(), "1");
    let one = one.assert_success().assert_stdout_contains(&[
        "9 points (full grid 3 × 3), 150 replicates each",
        "same 150 replicate seeds",
        "median:final_cash",
    ]);
    let (two, json2, csv2) = sweep_grid(dir.path(), "2");
    let two = two.assert_success();
    assert_eq!(
        one.stdout, two.stdout,
        "the table does not depend on threads"
    );
    assert_eq!(fs::read(&json1).unwrap(), fs::read(&json2).unwrap());
    assert_eq!(fs::read(&csv1).unwrap(), fs::read(&csv2).unwrap());
    assert_no_temporary_files(dir.path());

    let (header, rows) = csv_rows(&csv1);
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "strategy.rule.hiring_rigor",
            "strategy.rule.trainer_quality",
            "median:final_cash",
            "median:final_cash_ci95_low",
            "median:final_cash_ci95_high",
            "p_bankrupt",
            "vs_best",
            "vs_best_ci95_low",
            "vs_best_ci95_high",
            "vs_best_paired"
        ]
    );
    assert_eq!(rows.len(), 9);
    let pairs: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[0].to_owned(), r[1].to_owned()))
        .collect();
    assert_eq!(pairs[0], ("1".to_owned(), "0".to_owned()));
    assert_eq!(pairs[8], ("5".to_owned(), "1".to_owned()));
    for row in &rows {
        let (v, lo, hi): (f64, f64, f64) = (
            row[2].parse().unwrap(),
            row[3].parse().unwrap(),
            row[4].parse().unwrap(),
        );
        assert!(lo <= v && v <= hi, "{row:?}");
    }

    let file = read_json(&json1);
    assert_eq!(file["points"].as_array().unwrap().len(), 9);
    assert_eq!(file["design"]["kind"], "grid");
    assert_eq!(file["same_replicate_seeds"], true);
    assert_eq!(file["runs_per_point"], 150);
    // One table row per point: the lines that start with a parameter value.
    let data_rows = one
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .filter(|l| !l.starts_with("95 % CI") && !l.contains("of the other"))
        .count();
    assert_eq!(data_rows, 9, "{}", one.stdout);
}

#[test]
fn sweep_latin_hypercube_has_n_points_within_the_ranges() {
    let dir = TempDir::new().unwrap();
    let json = dir.path().join("lhs.json");
    short_with(
        "sweep --param strategy.rule.hiring_rigor=1:8 \
         --param clients.marketing_cost_per_lead=200:900 --lhs 7 --lhs-seed 3 \
         --metric p_bankrupt --runs 100",
        &[("--json", json.as_os_str())],
    )
    .assert_success()
    .assert_stdout_contains(&["7 points (Latin hypercube, seed 3)"]);
    let file = read_json(&json);
    let points = file["points"].as_array().unwrap();
    assert_eq!(points.len(), 7);
    assert_eq!(file["design"]["kind"], "latin_hypercube");
    let mut strata = Vec::new();
    for point in points {
        let rigor = number(&point["values"][0]);
        let cost = number(&point["values"][1]);
        assert!(
            (1.0..=8.0).contains(&rigor) && rigor.fract() == 0.0,
            "{point}"
        );
        assert!((200.0..=900.0).contains(&cost), "{point}");
        strata.push(((cost - 200.0) / 100.0).floor() as i64);
    }
    strata.sort_unstable();
    strata.dedup();
    assert_eq!(
        strata.len(),
        7,
        "each of the 7 strata of the cost is used once"
    );
}

#[test]
fn sweep_of_an_inert_parameter_gives_the_same_metric_everywhere() {
    // Common random numbers: every point runs the same seeds, so a parameter nothing reads
    // changes nothing at all, not even by noise.
    let dir = TempDir::new().unwrap();
    let json = dir.path().join("inert.json");
    short_with(
        &format!("sweep --param {INERT}=1000:5000:2000 --metric mean:final_cash --runs 200"),
        &[("--json", json.as_os_str())],
    )
    .assert_success();
    let file = read_json(&json);
    let points = file["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    for point in points {
        assert_eq!(point["estimate"], points[0]["estimate"], "{point}");
        assert_eq!(point["p_bankrupt"], points[0]["p_bankrupt"], "{point}");
    }
}

#[test]
fn sweep_reports_draw_a_heatmap_for_two_parameters_and_a_line_for_one() {
    let dir = TempDir::new().unwrap();
    let report = dir.path().join("sweep.html");
    short_with(
        &format!(
            "sweep --param strategy.rule.hiring_rigor=2:4:1 --param {INFLUENTIAL}=300:700:200 \
             --metric p_bankrupt --runs 100"
        ),
        &[("--report", report.as_os_str())],
    )
    .assert_success();
    let html = fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<svg").count(), 1);
    assert!(html.contains("aria-label=\"Heatmap of p_bankrupt (%)"));
    assert!(html.contains("same 100 replicate seeds"));
    // Nine cells and the colour scale.
    assert!(html.matches("<rect").count() > 9 + 64);
    assert_no_temporary_files(dir.path());

    let out = short_with(
        "sweep --param strategy.rule.hiring_rigor=2:4:1 --metric p_bankrupt --runs 100",
        &[("--report", report.as_os_str())],
    )
    .assert_success();
    let html = fs::read_to_string(&report).unwrap();
    assert!(html.contains("aria-label=\"Line chart of p_bankrupt (%)"));
    // The metric is the odds of bankruptcy: no second column of the same numbers.
    assert!(!out.stdout.contains("P(bankruptcy)"), "{}", out.stdout);
    assert!(!html.contains("P(bankruptcy)"));
}

#[test]
fn sweep_refuses_bad_specifications() {
    let sweep = |param: &str, metric: &str| {
        lpo_sim([
            "sweep", "--param", param, "--metric", metric, "--runs", "10",
        ])
    };
    sweep("x", "p_bankrupt")
        .assert_invalid_input()
        .assert_stderr_contains(&["expected PATH=LO:HI"]);
    sweep("strategy.rule.qa_share=0:2", "p_bankrupt")
        .assert_invalid_input()
        .assert_stderr_contains(&[
            "strategy.rule.qa_share",
            "outside the allowed range 0 to 0.9",
        ]);
    sweep("strategy.rule.hiring_rigor=1:3", "median:cash")
        .assert_invalid_input()
        .assert_stderr_contains(&["--metric", "unknown outcome `cash`"]);
    sweep("strategy.rule.hiring_rigor=1:3", "bogus")
        .assert_invalid_input()
        .assert_stderr_contains(&["unknown metric `bogus`"]);
    sweep("no.such.path=1:3", "p_bankrupt")
        .assert_invalid_input()
        .assert_stderr_contains(&["no parameter `no.such.path`"]);
    sweep("strategy.rule.trainer_quality=0:1:0.0000001", "p_bankrupt")
        .assert_invalid_input()
        .assert_stderr_contains(&["at most 100000"]);
    // A rule between parameters, caught before anything runs.
    sweep("lines.transcription.lead_share=0.1:0.3", "p_bankrupt")
        .assert_invalid_input()
        .assert_stderr_contains(&["must sum to 1"]);
    lpo_sim([
        "sweep",
        "--param",
        "a.b=0:1",
        "--param",
        "a.b=0:1",
        "--metric",
        "p_bankrupt",
    ])
    .assert_invalid_input();
    let dir = TempDir::new().unwrap();
    let report = dir.path().join("r.html");
    lpo_sim([
        OsStr::new("sweep"),
        OsStr::new("--param"),
        OsStr::new("strategy.rule.hiring_rigor=1:2"),
        OsStr::new("--param"),
        OsStr::new("strategy.rule.trainer_quality=0:1"),
        OsStr::new("--param"),
        OsStr::new("strategy.rule.qa_share=0:0.5"),
        OsStr::new("--metric"),
        OsStr::new("p_bankrupt"),
        OsStr::new("--report"),
        report.as_os_str(),
    ])
    .assert_invalid_input()
    .assert_stderr_contains(&["--report draws one or two parameters", "varies 3"]);
    assert!(!report.exists(), "nothing ran, nothing was written");
}

// ------------------------------------------------------------------------------ sensitivity

/// On mean final cash, which any change to the firm moves: a probability such as
/// `p_bankrupt` over 200 short runs (about 3 % at the default) can tie at both ends of a
/// factor that matters.
#[test]
fn sensitivity_ranks_the_influential_factor_first_and_the_inert_one_at_zero() {
    let dir = TempDir::new().unwrap();
    let json = dir.path().join("sens.json");
    let csv = dir.path().join("sens.csv");
    let report = dir.path().join("sens.html");
    let out = short_with(
        &format!(
            "sensitivity --metric mean:final_cash --param {INERT} --param {INFLUENTIAL} \
             --runs 200 --morris-trajectories 3"
        ),
        &[
            ("--json", json.as_os_str()),
            ("--csv", csv.as_os_str()),
            ("--report", report.as_os_str()),
        ],
    )
    .assert_success()
    .assert_stdout_contains(&["tornado", "Morris", "μ*", "2 factors, 14 studies of 200"]);
    // The plan is announced before the studies run: 2·2+1 + 3·(2+1).
    assert!(
        out.stderr.contains("5 tornado studies") && out.stderr.contains("9 Morris studies"),
        "{}",
        out.stderr
    );

    let file = read_json(&json);
    let tornado = file["tornado"].as_array().unwrap();
    assert_eq!(tornado.len(), 2);
    assert_eq!(tornado[0]["path"], INFLUENTIAL);
    assert!(number(&tornado[0]["swing"]) > 0.0);
    assert_eq!(tornado[1]["path"], INERT);
    assert_eq!(number(&tornado[1]["swing"]), 0.0);
    // Its default ± 20 %.
    let default = lpo_sim_core::Scenario::default()
        .clients
        .marketing_cost_per_lead;
    assert!((number(&tornado[0]["low"]) - default * 0.8).abs() < 1e-9 * default);
    assert!((number(&tornado[0]["high"]) - default * 1.2).abs() < 1e-9 * default);
    let effects = file["morris"]["effects"].as_array().unwrap();
    assert_eq!(effects[0]["path"], INFLUENTIAL);
    assert!(number(&effects[0]["mu_star"]) > 0.0);
    assert_eq!(effects[1]["path"], INERT);
    assert_eq!(number(&effects[1]["mu_star"]), 0.0);
    assert_eq!(number(&effects[1]["sigma"]), 0.0);
    assert_eq!(effects[0]["n"], 3);

    // The table shows the same order.
    let rank = |path: &str| out.stdout.find(path).unwrap();
    assert!(rank(INFLUENTIAL) < rank(INERT));

    let (header, rows) = csv_rows(&csv);
    assert_eq!(&header[0], "path");
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][0], INERT);
    assert_eq!(&rows[1][9], "0", "the inert factor's swing");

    let html = fs::read_to_string(&report).unwrap();
    assert!(html.contains("aria-label=\"Tornado chart of mean:final_cash (USD)"));
    assert!(html.contains("aria-label=\"Morris chart"));
    assert_eq!(html.matches("<svg").count(), 2);
    assert_no_temporary_files(dir.path());
}

#[test]
fn sensitivity_refuses_factors_it_cannot_move() {
    let sens = |param: &str| {
        lpo_sim([
            "sensitivity",
            "--metric",
            "p_bankrupt",
            "--param",
            param,
            "--runs",
            "10",
        ])
    };
    sens("founder.has_law_degree")
        .assert_invalid_input()
        .assert_stderr_contains(&["yes/no"]);
    sens("no.such")
        .assert_invalid_input()
        .assert_stderr_contains(&["no parameter `no.such`"]);
    sens("lines.transcription.lead_share")
        .assert_invalid_input()
        .assert_stderr_contains(&["must sum to 1"]);
    lpo_sim(["sensitivity", "--metric", "p_bankrupt", "--spread", "0"])
        .assert_invalid_input()
        .assert_stderr_contains(&["--spread"]);
}

// ------------------------------------------------------------------------------------- tune

fn tune(dir: &Path, name: &str, objective: &str, seed: &str) -> (Outcome, std::path::PathBuf) {
    let json = dir.join(name);
    let out = short_with(
        &format!(
            "tune --param strategy.rule.hiring_rigor=1:6 \
             --param strategy.rule.price_multiplier=0.8:1.4 \
             --iterations 2 --population 4 --runs 100 --validation-runs 200 --seed {seed}"
        ),
        &[
            ("--objective", OsStr::new(objective)),
            ("--json", json.as_os_str()),
        ],
    );
    (out, json)
}

#[test]
fn tune_is_reproducible_and_reports_training_and_fresh_seeds() {
    let dir = TempDir::new().unwrap();
    let objective = "maximise median:final_cash subject to p_bankrupt <= 0.3";
    let (first, json1) = tune(dir.path(), "a.json", objective, "5");
    let first = first.assert_success().assert_stdout_contains(&[
        "search trace",
        "best point",
        "best, training seeds",
        "best, fresh seeds",
        "starting values, fresh seeds",
        "p_bankrupt (<= 30.00 %)",
    ]);
    let (second, json2) = tune(dir.path(), "b.json", objective, "5");
    let second = second.assert_success();
    assert_eq!(fs::read(&json1).unwrap(), fs::read(&json2).unwrap());
    assert_eq!(first.stdout, second.stdout);

    let file = read_json(&json1);
    let result = &file["result"];
    assert_eq!(result["trace"].as_array().unwrap().len(), 2);
    assert_eq!(result["evaluations"], 8);
    let best = result["best_values"].as_array().unwrap();
    assert_eq!(best.len(), 2);
    assert!((1.0..=6.0).contains(&number(&best[0])));
    assert_eq!(number(&best[0]).fract(), 0.0, "a whole-number parameter");
    assert!((0.8..=1.4).contains(&number(&best[1])));
    // The objective and the constraint, each on training and fresh seeds.
    let validated = result["validated"].as_array().unwrap();
    assert_eq!(validated.len(), 2);
    assert_eq!(validated[0]["metric"], "median:final_cash");
    assert_eq!(validated[1]["metric"], "p_bankrupt");
    assert_ne!(validated[0]["training"], validated[0]["validation"]);
    assert_eq!(
        file["search"]["validation_replicates"][0],
        lpo_sim_core::analysis::VALIDATION_OFFSET
    );
    assert!(!file["verdict"].as_array().unwrap().is_empty());

    // Another seed draws other candidates on other training seeds.
    let (other, json3) = tune(dir.path(), "c.json", objective, "6");
    other.assert_success();
    assert_ne!(read_json(&json3)["result"]["trace"], result["trace"]);
}

/// More savings always lowers the odds of running out of cash, so the best savings in
/// 10,000–20,000 sit on the upper bound, and tune says the best may lie beyond the range.
#[test]
fn tune_flags_a_winner_on_a_bound() {
    let out = short_with(
        "tune --param founder.savings=10000:20000 --iterations 2 --population 4 --runs 200 \
         --validation-runs 200 --seed 3",
        &[("--objective", OsStr::new("minimise p_bankrupt"))],
    )
    .assert_success()
    .assert_stdout_contains(&[
        "NOTE: founder.savings sits on its upper bound (20,000)",
        "widen it",
    ]);
    assert!(!out.stdout.contains("lower bound"), "{}", out.stdout);
}

#[test]
fn tune_report_shows_the_search_and_its_winner() {
    let dir = TempDir::new().unwrap();
    let report = dir.path().join("tune.html");
    short_with(
        "tune --param strategy.rule.hiring_rigor=1:6 --param founder.savings=10000:90000 \
         --iterations 3 --population 4 --runs 100 --validation-runs 200",
        &[
            (
                "--objective",
                OsStr::new("max mean:final_cash s.t. p_bankrupt <= 0.3"),
            ),
            ("--report", report.as_os_str()),
        ],
    )
    .assert_success();
    let html = fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for part in [
        "The search, iteration by iteration",
        "best score so far",
        "Where the search went",
        "founder.savings",
        "The winner",
        "winner, fresh seeds",
        "starting values, fresh seeds",
    ] {
        assert!(html.contains(part), "no `{part}` in the tune report");
    }
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(!html.contains("<script") && !html.contains("https://"));
    assert_no_temporary_files(dir.path());
}

#[test]
fn tune_refuses_bad_objectives_and_settings() {
    let tune = |objective: &str, extra: &[&str]| {
        let mut args = vec![
            "tune",
            "--param",
            "strategy.rule.hiring_rigor=1:6",
            "--objective",
            objective,
        ];
        args.extend_from_slice(extra);
        lpo_sim(args)
    };
    tune("grow median:final_cash", &[])
        .assert_invalid_input()
        .assert_stderr_contains(&["--objective", "expected `maximise"]);
    tune("maximise p_open subject to p_bankrupt < 0.1", &[])
        .assert_invalid_input()
        .assert_stderr_contains(&["needs <= or >="]);
    tune("max mean:cash", &[])
        .assert_invalid_input()
        .assert_stderr_contains(&["unknown outcome `cash`"]);
    tune("max p_open", &["--population", "1"])
        .assert_invalid_input()
        .assert_stderr_contains(&["--population"]);
    tune("max p_open", &["--elite", "1.5"])
        .assert_invalid_input()
        .assert_stderr_contains(&["--elite"]);
    lpo_sim([
        "tune",
        "--param",
        "strategy.rule.hiring_rigor=1:6:1",
        "--objective",
        "max p_open",
    ])
    .assert_invalid_input()
    .assert_stderr_contains(&["without a step"]);
}

// ------------------------------------------------------------------------ lifecycle, career

fn lifecycle(dir: &Path, threads: &str) -> (Outcome, std::path::PathBuf) {
    let json = dir.join(format!("lifecycle-{threads}.json"));
    let out = short_with(
        &format!("mc --lifecycle --runs 300 --threads {threads}"),
        &[("--json", json.as_os_str())],
    );
    (out, json)
}

#[test]
fn mc_lifecycle_adds_the_career_and_changes_the_firms() {
    let dir = TempDir::new().unwrap();
    let (one, json1) = lifecycle(dir.path(), "1");
    let one = one.assert_success().assert_stdout_contains(&[
        "lifecycle: every replicate first simulates the founder's career",
        "career before founding",
        "P(founded within",
        "months to founding",
        "savings at founding",
        "law-office years",
        "LPO years",
        "with a law degree",
    ]);
    let (two, json2) = lifecycle(dir.path(), "2");
    assert_eq!(two.assert_success().stdout, one.stdout);
    assert_eq!(fs::read(&json1).unwrap(), fs::read(&json2).unwrap());

    let file = read_json(&json1);
    assert_eq!(file["kind"], "lifecycle");
    assert_eq!(file["career"]["runs"], 300);
    assert!(file["career"]["founded"]["estimate"].is_number());
    assert_eq!(file["study"]["summary"]["runs"], 300);
    assert!(file["career_plan"]["lpo_months"].is_number());

    // The same study without the career: the founder is [founder], so the firms differ.
    let plain_json = dir.path().join("plain.json");
    short_with("mc --runs 300", &[("--json", plain_json.as_os_str())]).assert_success();
    let plain = read_json(&plain_json);
    assert!(plain.get("career").is_none());
    assert_ne!(
        plain["summary"]["outcomes"]["final_cash"],
        file["study"]["summary"]["outcomes"]["final_cash"]
    );

    // The report says the firms were founded by simulated careers.
    let report = dir.path().join("lifecycle.html");
    short_with(
        "mc --lifecycle --runs 100",
        &[("--report", report.as_os_str())],
    )
    .assert_success();
    let html = fs::read_to_string(&report).unwrap();
    assert!(html.contains("lifecycle: each firm founded by the career"));
    assert!(html.matches("<svg").count() >= 4);
    // And shows the careers, as the text does (the report had no career section).
    for text in [
        "The careers that founded these firms",
        "Founded within",
        "With a law degree",
        "Months to founding",
        "Law-office years",
        "LPO years",
        "100 careers",
    ] {
        assert!(html.contains(text), "{text}");
    }

    // Merge knows the file and refuses it; sharding is refused up front.
    lpo_sim([OsStr::new("merge"), json1.as_os_str()])
        .assert_invalid_input()
        .assert_stderr_contains(&["lifecycle study"]);
    lpo_sim(["mc", "--lifecycle", "--shard", "0/2"])
        .assert_invalid_input()
        .assert_stderr_contains(&["--lifecycle cannot be combined with --shard"]);
}

#[test]
fn career_runs_prints_the_distribution_independent_of_threads() {
    let dir = TempDir::new().unwrap();
    let json = |threads: &str| {
        let path = dir.path().join(format!("careers-{threads}.json"));
        let out = lpo_sim([
            OsStr::new("career"),
            OsStr::new("--runs"),
            OsStr::new("500"),
            OsStr::new("--threads"),
            OsStr::new(threads),
            OsStr::new("--json"),
            path.as_os_str(),
        ])
        .assert_success()
        .assert_stdout_contains(&[
            "Career study",
            "500 careers",
            "P(founded within",
            "Wilson",
            "months to founding",
            "savings",
            "LPO years",
            "mean knowledge by service line",
            "document_review",
        ]);
        (out, path)
    };
    let (one, path1) = json("1");
    let (two, path2) = json("2");
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(fs::read(&path1).unwrap(), fs::read(&path2).unwrap());
    let file = read_json(&path1);
    assert_eq!(file["careers"], 500);
    let summary = &file["summary"];
    assert_eq!(summary["runs"], 500);
    let months = &summary["months"];
    assert!(number(&months["quantiles"][2]) <= number(&months["quantiles"][6]));
    assert!(summary["mean_knowledge"]["document_review"].is_number());

    // Many careers are not one career: the single-career output is unchanged without --runs.
    lpo_sim(["career", "--seed", "1"])
        .assert_success()
        .assert_stdout_contains(&["founder profile"]);
    lpo_sim(["career", "--runs", "10", "--format", "csv"]).assert_invalid_input();
    let stray = dir.path().join("stray.json");
    lpo_sim([
        OsStr::new("career"),
        OsStr::new("--json"),
        stray.as_os_str(),
    ])
    .assert_invalid_input()
    .assert_stderr_contains(&["--runs"]);
}
