//! End-to-end tests of `lpo-sim calibrate closures`: the tables, the JSON (the same numbers on
//! any thread count), and bad input.

use tempfile::TempDir;

mod common;

use common::{lpo_sim, read_json};

#[test]
fn closures_prints_the_hazard_by_year_the_profit_quintiles_and_the_published_checks() {
    let out = lpo_sim([
        "calibrate",
        "closures",
        "--runs",
        "300",
        "--seed",
        "5",
        "--horizon",
        "96",
    ])
    .assert_success()
    .assert_stdout_contains(&[
        "hazard by year of age",
        "closure by profit quintile, months 49–96",
        "recession",
        "expansion",
        "survival beyond five years",
        "     84  ",
        "published",
        "the BLS cohort born in March 1994",
    ]);
    // The published hazard sits at the end of its year's row: 20.4 % in year 1, 7.7 % in 8.
    let text = &out.stdout;
    let row = |year: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(year))
            .unwrap_or_else(|| panic!("no row for year {year}:\n{text}"))
            .to_string()
    };
    assert!(row("1").ends_with("20.4 %"), "{}", row("1"));
    assert!(row("8").ends_with("7.7 %"), "{}", row("8"));
}

/// Survival from seven to ten years (`open_84_to_120`) is checked beside survival at 84 and
/// 120 months: the share of the firms open at 84 still open at 120.
#[test]
fn closures_check_survival_between_seven_and_ten_years() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("c.json");
    let out = lpo_sim([
        "calibrate",
        "closures",
        "--runs",
        "300",
        "--seed",
        "5",
        "--json",
        path.to_str().unwrap(),
    ])
    .assert_success();
    out.assert_stdout_contains(&["84→120"]);
    let json = read_json(&path);
    let checks = json["long_horizon_survival"].as_array().unwrap();
    assert_eq!(checks.len(), 3, "{checks:?}");
    let between = checks
        .iter()
        .find(|c| c["from"] == 84)
        .expect("the check between 84 and 120 months");
    assert_eq!(between["month"], 120);
    let open = &json["profile"]["open_by_month"];
    let expected = open[119].as_f64().unwrap() / open[83].as_f64().unwrap();
    assert!((between["model"].as_f64().unwrap() - expected).abs() < 1e-12);
    assert_eq!(
        between["inside"].as_bool().unwrap(),
        (0.74..=0.87).contains(&expected)
    );
}

#[test]
fn closures_json_holds_every_year_and_quintile_and_is_the_same_on_any_thread_count() {
    let dir = TempDir::new().unwrap();
    let run = |threads: &str, name: &str| {
        let path = dir.path().join(name);
        lpo_sim([
            "calibrate",
            "closures",
            "--runs",
            "200",
            "--horizon",
            "60",
            "--late",
            "25:60",
            "--threads",
            threads,
            "--json",
            path.to_str().unwrap(),
        ])
        .assert_success();
        read_json(&path)
    };
    let one = run("1", "one.json");
    let two = run("2", "two.json");
    assert_eq!(one, two);
    let profile = &one["profile"];
    assert_eq!(profile["by_year"].as_array().unwrap().len(), 5);
    assert_eq!(profile["by_profit"].as_array().unwrap().len(), 5);
    assert_eq!(profile["profit_months"], serde_json::json!([25, 60]));
    // At 60 months neither published survival figure (84 and 120 months) can be checked.
    assert_eq!(one["long_horizon_survival"].as_array().unwrap().len(), 0);
    let ended: u64 = profile["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["ended"].as_u64().unwrap())
        .sum();
    let open = profile["open_by_month"][59].as_u64().unwrap();
    assert_eq!(
        ended + open,
        200,
        "every firm ended or is open at the horizon"
    );
}

#[test]
fn a_bad_late_window_is_refused_with_the_accepted_form() {
    lpo_sim([
        "calibrate",
        "closures",
        "--horizon",
        "60",
        "--late",
        "50:70",
    ])
    .assert_invalid_input()
    .assert_stderr_contains(&["--late 50:70", "FIRST:LAST"]);
    lpo_sim(["calibrate", "closures", "--horizon", "6"]).assert_invalid_input();
}

/// `--strict` names survival outside its range apart from survival it could not measure:
/// when every founder leaves in the first month, none is open at seven years, so the share
/// open at 84 months is 0 (outside) and survival from seven to ten years has no firm at risk.
#[test]
fn strict_closures_name_survival_outside_and_not_measured_apart() {
    let out = lpo_sim([
        "calibrate",
        "closures",
        "--runs",
        "50",
        "--horizon",
        "120",
        "--strict",
        "--set",
        "closure.exit_hazard_monthly=1",
    ]);
    assert_eq!(out.code, 1, "stderr:\n{}", out.stderr);
    out.assert_stderr_contains(&[
        "open at month 84",
        "outside its published range",
        "of those open at month 84, open at month 120 not measured (no firm open at the first age)",
    ]);
}
