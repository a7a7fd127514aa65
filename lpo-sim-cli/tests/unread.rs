//! End-to-end tests of settings a command would not read: career settings without
//! `--lifecycle`, founder settings under it, firm settings for careers alone, and the
//! rule-based thresholds under a preset strategy. A value typed for one (`--set`, `--param`)
//! is refused (exit 2) with a hint naming what would read it; a scenario file's is warned of.

use tempfile::TempDir;

mod common;

use common::{Outcome, lpo_sim, with_line_replaced, write_scenario};

/// Refused naming the flag, the parameter and the command, with `hint` in the advice.
fn assert_refused(outcome: Outcome, flag_and_path: &str, command: &str, hint: &str) {
    outcome.assert_invalid_input().assert_stderr_contains(&[
        &format!("error: {flag_and_path}: `{command}` does not read this parameter"),
        "hint: ",
        hint,
    ]);
}

const LPO_MONTHS: &str = "career.plan.lpo_months";

#[test]
fn run_refuses_career_settings_and_rule_thresholds_of_a_preset() {
    assert_refused(
        lpo_sim(["run", "--set", "career.plan.lpo_months=12"]),
        &format!("--set {LPO_MONTHS}"),
        "run",
        "mc --lifecycle",
    );
    assert_refused(
        lpo_sim([
            "run",
            "--strategy",
            "cautious",
            "--set",
            "strategy.rule.qa_share=0.3",
        ]),
        "--set strategy.rule.qa_share",
        "run",
        "`cautious` has thresholds of its own",
    );
    // The thresholds act with the strategy that reads them, as does the founder.
    for set in ["strategy.rule.qa_share=0.3", "founder.savings=1000"] {
        lpo_sim(["run", "--strategy", "rule-based", "--set", set]).assert_success();
    }
}

#[test]
fn automation_settings_are_refused_while_automation_is_off() {
    let mc = |extra: &[&str]| {
        let mut args = vec!["mc", "--runs", "20", "--set", "horizon_months=6"];
        args.extend(extra);
        lpo_sim(args)
    };
    assert_refused(
        mc(&["--set", "ai.speed=1"]),
        "--set ai.speed",
        "mc",
        "only acts with automation on: add --ai central",
    );
    assert_refused(
        mc(&["--set", "strategy.rule.ai_adopt_above=0.5"]),
        "--set strategy.rule.ai_adopt_above",
        "mc",
        "--ai central",
    );
    // With automation on (a preset, or the switch itself set) they act.
    mc(&["--ai", "central", "--set", "ai.speed=1"]).assert_success();
    mc(&["--set", "ai.enabled=true", "--set", "ai.speed=1"]).assert_success();
    assert_refused(
        lpo_sim([
            "sweep",
            "--param",
            "ai.insource=0.1:0.5",
            "--metric",
            "p_open",
            "--runs",
            "10",
        ]),
        "--param ai.insource",
        "sweep",
        "--ai central",
    );
}

#[test]
fn mc_refuses_career_settings_without_lifecycle_and_founder_settings_with_it() {
    let mc = |extra: &[&str]| {
        let mut args = vec!["mc", "--runs", "20", "--set", "horizon_months=6"];
        args.extend(extra);
        lpo_sim(args)
    };
    assert_refused(
        mc(&["--set", "career.plan.lpo_months=12"]),
        &format!("--set {LPO_MONTHS}"),
        "mc",
        "`career.plan.lpo_months` only acts with --lifecycle: add --lifecycle, or drop it",
    );
    mc(&["--lifecycle", "--set", "career.plan.lpo_months=12"]).assert_success();
    assert_refused(
        mc(&["--lifecycle", "--set", "founder.savings=1000"]),
        "--set founder.savings",
        "mc",
        "only acts without --lifecycle",
    );
    assert_refused(
        mc(&[
            "--strategy",
            "aggressive",
            "--set",
            "strategy.rule.hiring_rigor=5",
        ]),
        "--set strategy.rule.hiring_rigor",
        "mc",
        "give --strategy rule-based",
    );
}

#[test]
fn compare_refuses_rule_thresholds_only_when_no_strategy_compared_reads_them() {
    let compare = |strategies: &[&str]| {
        let mut args = vec!["compare", "--runs", "20", "--set", "horizon_months=6"];
        for strategy in strategies {
            args.extend(["--strategy", strategy]);
        }
        args.extend(["--set", "strategy.rule.qa_share=0.3"]);
        lpo_sim(args)
    };
    assert_refused(
        compare(&["cautious", "aggressive"]),
        "--set strategy.rule.qa_share",
        "compare",
        "add --strategy rule-based to the strategies compared",
    );
    compare(&["cautious", "rule-based"]).assert_success();
}

#[test]
fn analyses_refuse_to_vary_or_set_what_their_studies_do_not_read() {
    // The sweep of the issue: the same figure at every point, because nothing read it.
    assert_refused(
        lpo_sim([
            "sweep",
            "--param",
            "career.plan.lpo_months=0:36:12",
            "--metric",
            "p_bankrupt",
        ]),
        &format!("--param {LPO_MONTHS}"),
        "sweep",
        "mc --lifecycle",
    );
    assert_refused(
        lpo_sim([
            "sweep",
            "--param",
            "founder.savings=1000:3000:1000",
            "--metric",
            "p_bankrupt",
            "--set",
            "career.saving_rate=0.5",
        ]),
        "--set career.saving_rate",
        "sweep",
        "founder.*",
    );
    assert_refused(
        lpo_sim([
            "sensitivity",
            "--metric",
            "p_bankrupt",
            "--param",
            "founder.savings",
            "--param",
            "career.initial_savings",
        ]),
        "--param career.initial_savings",
        "sensitivity",
        "mc --lifecycle",
    );
    assert_refused(
        lpo_sim([
            "sensitivity",
            "--metric",
            "p_bankrupt",
            "--strategy",
            "quality-first",
            "--param",
            "strategy.rule.qa_share",
        ]),
        "--param strategy.rule.qa_share",
        "sensitivity",
        "give --strategy rule-based",
    );
    assert_refused(
        lpo_sim([
            "tune",
            "--strategy",
            "cautious",
            "--param",
            "strategy.rule.price_multiplier=0.8:1.4",
            "--objective",
            "max p_open",
        ]),
        "--param strategy.rule.price_multiplier",
        "tune",
        "give --strategy rule-based",
    );
}

#[test]
fn sensitivity_of_every_parameter_leaves_out_the_thresholds_a_preset_ignores() {
    let out = lpo_sim([
        "sensitivity",
        "--metric",
        "p_bankrupt",
        "--strategy",
        "cautious",
        "--runs",
        "20",
        "--morris-trajectories",
        "1",
        "--set",
        "horizon_months=3",
    ])
    .assert_success();
    assert!(
        out.stdout
            .contains("only the rule-based strategy reads [strategy.rule]"),
        "{}",
        out.stdout
    );
    let tornado: Vec<&str> = out
        .stdout
        .lines()
        .filter(|line| line.contains("strategy.rule.") && !line.starts_with("left out"))
        .collect();
    assert!(tornado.is_empty(), "rule thresholds studied: {tornado:?}");
}

#[test]
fn career_refuses_firm_and_founder_settings() {
    assert_refused(
        lpo_sim(["career", "--set", "horizon_months=24"]),
        "--set horizon_months",
        "career",
        "mc --lifecycle",
    );
    assert_refused(
        lpo_sim(["career", "--set", "founder.savings=1000"]),
        "--set founder.savings",
        "career",
        "mc --lifecycle",
    );
    lpo_sim(["career", "--set", "career.saving_rate=0.5"]).assert_success();
}

#[test]
fn a_scenario_files_unread_values_are_warned_of_and_the_run_goes_on() {
    let dir = TempDir::new().unwrap();
    let text = with_line_replaced("career.plan", "lpo_months", "lpo_months = 12");
    let text = text.replace("horizon_months = 60", "horizon_months = 6");
    let scenario = write_scenario(dir.path(), "complete.toml", &text);
    let shown = scenario.display().to_string();
    let mc = |lifecycle: bool| {
        let mut args = vec!["mc".to_owned(), shown.clone(), "--runs".into(), "20".into()];
        if lifecycle {
            args.push("--lifecycle".into());
        }
        lpo_sim(args).assert_success()
    };
    mc(false).assert_stderr_contains(&[
        &format!("warning: `{shown}` sets a value this `mc` run does not read"),
        "the career is not simulated",
        "career.plan.lpo_months = 12",
    ]);
    let read = mc(true);
    assert!(!read.stderr.contains("warning"), "{}", read.stderr);
    // A file at the defaults warns of nothing, whatever the command.
    let defaults = write_scenario(
        dir.path(),
        "defaults.toml",
        lpo_sim_core::DEFAULT_SCENARIO_TOML,
    );
    for command in ["run", "career"] {
        let out = lpo_sim([command, defaults.to_str().unwrap()]).assert_success();
        assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    }
}

#[test]
fn calibration_refuses_priors_and_settings_its_firm_studies_do_not_read() {
    let dir = TempDir::new().unwrap();
    let priors = dir.path().join("priors.toml");
    std::fs::write(
        &priors,
        "[[prior]]\npath = \"clients.happy_trust\"\nrange = [0.5, 0.9]\n\n\
         [[prior]]\npath = \"career.saving_rate\"\nrange = [0.1, 0.5]\n",
    )
    .unwrap();
    let out = dir.path().join("c.json");
    let priors = priors.to_str().unwrap();
    let out = out.to_str().unwrap();
    assert_refused(
        lpo_sim(["calibrate", "init", "--priors", priors, "--out", out]),
        "--priors career.saving_rate",
        "calibrate",
        "mc --lifecycle",
    );
    assert!(!std::path::Path::new(out).exists());
    assert_refused(
        lpo_sim(["calibrate", "check", "--set", "career.saving_rate=0.5"]),
        "--set career.saving_rate",
        "calibrate check",
        "mc --lifecycle",
    );
}
