//! End-to-end tests of the `lpo-sim` binary: every subcommand on the default scenario, exit
//! codes, and the error messages for bad scenario files.

use lpo_sim_core::{BuiltinStrategy, DEFAULT_SCENARIO_TOML, Scenario};
use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use tempfile::TempDir;

mod common;

use common::{assert_help_lists_commands, lpo_sim, with_line_replaced, write_scenario};

fn run_json(extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["run", "--format", "json"];
    args.extend_from_slice(extra);
    let out = lpo_sim(&args).assert_success();
    serde_json::from_str(&out.stdout).expect("run --format json prints valid JSON")
}

fn months_run(json: &serde_json::Value) -> usize {
    json["outcome"]["months_run"]
        .as_u64()
        .expect("outcome.months_run is a number") as usize
}

// ------------------------------------------------------------------------------------ run

#[test]
fn run_table_prints_a_header_one_line_per_month_and_the_summary() {
    let out = lpo_sim(["run"]).assert_success();
    let first = out.stdout.lines().next().unwrap_or_default();
    for part in [
        "scenario <embedded default>",
        "strategy rule-based",
        "seed 1",
        "USD",
    ] {
        assert!(first.contains(part), "header `{first}` lacks `{part}`");
    }
    for label in [
        "summary",
        "outcome",
        "final cash",
        "total revenue",
        "total profit",
        "peak headcount",
        "final headcount",
        "final clients",
        "final mean trust",
        "break-even",
        "errors escaped",
    ] {
        assert!(
            out.stdout
                .lines()
                .any(|line| line.trim_start().starts_with(label)),
            "no summary line `{label}` in:\n{}",
            out.stdout
        );
    }
    let month_lines = out
        .stdout
        .lines()
        .filter(|line| {
            line.split_whitespace()
                .next()
                .is_some_and(|first| first.parse::<u32>().is_ok())
        })
        .count();
    assert_eq!(month_lines, months_run(&run_json(&[])));
}

/// The table's outcome says how the run ended, as the JSON does: a firm its founder closed
/// used to read "running after N months".
#[test]
fn run_table_outcome_names_bankruptcy_closure_and_survival() {
    let mut closed = 0;
    for seed in 1..=6 {
        let seed = seed.to_string();
        let json = run_json(&["--seed", &seed]);
        let o = &json["outcome"];
        let expected = if let Some(month) = o["bankrupt_month"].as_u64() {
            format!("bankrupt in month {month}")
        } else if let Some(month) = o["closed_month"].as_u64() {
            closed += 1;
            let reason = match o["closure_reason"].as_str() {
                Some("low_income") => "low income",
                Some("exit") => "exit",
                other => panic!("closure_reason {other:?}"),
            };
            format!("closed by its founder in month {month} ({reason}")
        } else {
            format!("survived all {} months", months_run(&json))
        };
        let out = lpo_sim(["run", "--seed", &seed]).assert_success();
        let line = out
            .stdout
            .lines()
            .find(|line| line.trim_start().starts_with("outcome"))
            .expect("an outcome line");
        assert!(
            line.contains(&expected),
            "seed {seed}: `{line}`, expected `{expected}`"
        );
    }
    assert!(
        closed > 0,
        "no seed in 1..=6 was closed by its founder: pick others"
    );
}

#[test]
fn run_json_has_one_record_per_month_run() {
    let json = run_json(&["--seed", "3"]);
    let months = json["months"].as_array().expect("months is an array");
    assert!(!months.is_empty());
    assert_eq!(months.len(), months_run(&json));
    assert_eq!(json["scenario"], "<embedded default>");
    assert_eq!(json["strategy"], "rule-based");
    assert_eq!(json["seed"], 3);
    assert_eq!(json["outcome"]["seed"], 3);
    for (index, month) in months.iter().enumerate() {
        assert_eq!(month["month"].as_u64(), Some(index as u64 + 1));
    }
}

#[test]
fn run_csv_has_a_header_and_one_row_per_month() {
    let out = lpo_sim(["run", "--format", "csv"]).assert_success();
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let header = reader.headers().expect("a header row").clone();
    for column in [
        "month",
        "cash",
        "costs_total",
        "costs_payroll",
        "associates_document_review",
        "clients_total",
        "errors_escaped",
        "bankrupt",
    ] {
        assert!(
            header.iter().any(|name| name == column),
            "no column `{column}` in {header:?}"
        );
    }
    // The reader rejects rows whose length differs from the header's.
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("every row has one field per column");
    assert_eq!(rows.len(), months_run(&run_json(&[])));
    assert_eq!(&rows[0][0], "1");
}

#[test]
fn same_seed_gives_identical_output_and_another_seed_does_not() {
    for format in ["table", "json", "csv"] {
        let first = lpo_sim(["run", "--seed", "7", "--format", format]).assert_success();
        let again = lpo_sim(["run", "--seed", "7", "--format", format]).assert_success();
        assert_eq!(
            first.stdout, again.stdout,
            "{format} output is not reproducible"
        );
        let other = lpo_sim(["run", "--seed", "8", "--format", format]).assert_success();
        assert_ne!(
            first.stdout, other.stdout,
            "{format} output ignores the seed"
        );
    }
}

#[test]
fn every_builtin_strategy_can_be_chosen() {
    for strategy in BuiltinStrategy::ALL {
        let json = run_json(&["--strategy", strategy.name()]);
        assert_eq!(json["strategy"], strategy.name());
        assert_eq!(
            json["months"].as_array().map(Vec::len),
            Some(months_run(&json))
        );
        let table = lpo_sim(["run", "--strategy", strategy.name()]).assert_success();
        assert!(
            table
                .stdout
                .contains(&format!("strategy {}", strategy.name()))
        );
    }
}

#[test]
fn unknown_strategy_is_rejected_with_the_valid_names() {
    let out = lpo_sim(["run", "--strategy", "reckless"])
        .assert_invalid_input()
        .assert_stderr_contains(&["reckless"]);
    for strategy in BuiltinStrategy::ALL {
        assert!(out.stderr.contains(strategy.name()), "{}", out.stderr);
    }
}

#[test]
fn seed_that_is_not_a_number_is_a_usage_error() {
    lpo_sim(["run", "--seed", "notanumber"])
        .assert_invalid_input()
        .assert_stderr_contains(&["--seed", "notanumber"]);
}

#[test]
fn closed_stdout_ends_quietly_with_success() {
    // JSON for 60 months is far larger than a pipe buffer, so the writes must hit the
    // closed pipe.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
        .args(["run", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("the binary finishes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(stderr.is_empty(), "unexpected stderr:\n{stderr}");
}

// ----------------------------------------------------------------------------------- init

#[test]
fn init_without_path_prints_the_commented_default() {
    let out = lpo_sim(["init"]).assert_success();
    assert_eq!(out.stdout, DEFAULT_SCENARIO_TOML);
}

#[test]
fn init_writes_a_valid_file_and_only_overwrites_with_force() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("scenario.toml");

    lpo_sim([OsStr::new("init"), path.as_os_str()]).assert_success();
    assert_eq!(fs::read_to_string(&path).unwrap(), DEFAULT_SCENARIO_TOML);
    let validated = lpo_sim([OsStr::new("validate"), path.as_os_str()]).assert_success();
    assert_eq!(
        validated.stdout,
        format!(
            "{}: valid (horizon 60 months, strategy rule-based)\n",
            path.display()
        )
    );

    let edited = format!("# my notes\n{DEFAULT_SCENARIO_TOML}");
    fs::write(&path, &edited).unwrap();
    lpo_sim([OsStr::new("init"), path.as_os_str()])
        .assert_invalid_input()
        .assert_stderr_contains(&["already exists", "--force"]);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        edited,
        "file was changed"
    );

    lpo_sim([OsStr::new("init"), path.as_os_str(), OsStr::new("--force")]).assert_success();
    assert_eq!(fs::read_to_string(&path).unwrap(), DEFAULT_SCENARIO_TOML);

    // The temporary file was renamed into place, not left behind.
    let entries: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(entries, vec![OsStr::new("scenario.toml").to_owned()]);
}

#[test]
fn init_into_a_missing_directory_says_to_create_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("no-such-dir").join("scenario.toml");
    lpo_sim([OsStr::new("init"), path.as_os_str()])
        .assert_invalid_input()
        .assert_stderr_contains(&["no-such-dir", "does not exist", "mkdir"]);
    assert!(!path.exists());
}

// --------------------------------------------------------------------------------- career

#[test]
fn career_prints_each_month_and_the_founder_profile() {
    let out = lpo_sim(["career"]).assert_success();
    for label in [
        "founder profile",
        "founded",
        "law degree",
        "law-office years",
        "LPO years",
        "legal knowledge",
        "knowledge by service line",
        "document_review",
        "savings",
        "contacts",
    ] {
        assert!(
            out.stdout.contains(label),
            "no `{label}` in:\n{}",
            out.stdout
        );
    }
    let json: serde_json::Value = serde_json::from_str(
        &lpo_sim(["career", "--format", "json"])
            .assert_success()
            .stdout,
    )
    .expect("career --format json prints valid JSON");
    let months = json["months"].as_array().expect("months is an array").len();
    assert_eq!(Some(months as u64), json["outcome"]["months"].as_u64());
    assert!(json["outcome"]["profile"]["knowledge"]["legal_research"].is_number());

    let csv = lpo_sim(["career", "--format", "csv"]).assert_success();
    let mut lines = csv.stdout.lines();
    assert!(
        lines
            .next()
            .unwrap_or_default()
            .starts_with("month,action,")
    );
    assert_eq!(lines.count(), months);
}

#[test]
fn career_depends_on_the_seed_only() {
    let first = lpo_sim(["career", "--seed", "5"]).assert_success();
    let again = lpo_sim(["career", "--seed", "5"]).assert_success();
    assert_eq!(first.stdout, again.stdout);
}

/// `[career.start]` puts the career where a person is: a paralegal of two years with 30,000
/// saved skips the classes and looks for LPO work at once; a start the model cannot hold is
/// refused naming the field and the fix.
#[test]
fn career_starts_from_the_scenario_start_state() {
    let dir = TempDir::new().unwrap();
    // Scenario files list every field: edit the default's [career] and [career.start] lines.
    let edit = |text: String, from: &str, to: &str| {
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` once in the default scenario"
        );
        text.replacen(from, to, 1)
    };
    let with_start = |job: &str| {
        let text = edit(
            DEFAULT_SCENARIO_TOML.to_owned(),
            "initial_savings = 2000.0",
            "initial_savings = 30000.0",
        );
        let text = edit(text, "job = \"idle\"", &format!("job = \"{job}\""));
        let text = edit(text, "law_office_years = 0.0", "law_office_years = 2.0");
        edit(text, "legal_knowledge = 0.0", "legal_knowledge = 0.5")
    };
    let path = write_scenario(dir.path(), "paralegal.toml", &with_start("paralegal"));
    let out = lpo_sim(common::args(&[&"career", &path, &"--format", &"json"])).assert_success();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let months = json["months"].as_array().unwrap();
    let first = &months[0];
    assert_eq!(
        first["action"],
        serde_json::json!({"seek_lpo": "document_review"})
    );
    assert!(first["person"]["law_office_months"].as_u64().unwrap() >= 24);
    assert!(first["person"]["savings"].as_f64().unwrap() >= 30_000.0);
    assert!(
        months.iter().all(|m| m["action"].get("study").is_none()),
        "someone who has worked takes no classes"
    );
    // --set reaches the start state too.
    let more = lpo_sim(common::args(&[
        &"career",
        &path,
        &"--set",
        &"career.start.law_office_years=3",
        &"--format",
        &"json",
    ]))
    .assert_success();
    let json: serde_json::Value = serde_json::from_str(&more.stdout).unwrap();
    assert!(
        json["months"][0]["person"]["law_office_months"]
            .as_u64()
            .unwrap()
            >= 36
    );

    let attorney = write_scenario(dir.path(), "attorney.toml", &with_start("attorney"));
    lpo_sim(common::args(&[&"career", &attorney]))
        .assert_invalid_input()
        .assert_stderr_contains(&["attorney.toml", "career.start.has_law_degree = true"]);
    let unknown = write_scenario(dir.path(), "clerk.toml", &with_start("clerk"));
    lpo_sim(common::args(&[&"career", &unknown]))
        .assert_invalid_input()
        .assert_stderr_contains(&["clerk.toml", "career.start.job", "team_lead"]);
}

/// A plan whose firm never pays the job held never founds, and the study says so.
#[test]
fn career_runs_count_the_careers_that_never_found() {
    let out = lpo_sim([
        "career",
        "--runs",
        "200",
        "--set",
        "career.founding.expected_income=0",
        "--set",
        "career.max_months=120",
    ])
    .assert_success();
    out.assert_stdout_contains(&[
        "never founded in 120 months",
        "200 of 200 careers never founded within 120 months",
        "lost a job at least once",
        "months out of work",
    ]);
}

// ------------------------------------------------------------------------------ bad input

/// `DEFAULT_SCENARIO_TOML` with `line` added right after the `[section]` header.
fn with_line_added(section: &str, line: &str) -> String {
    let header = format!("[{section}]");
    let mut text = String::new();
    let mut added = false;
    for existing in DEFAULT_SCENARIO_TOML.lines() {
        text.push_str(existing);
        text.push('\n');
        if existing.split_whitespace().next() == Some(header.as_str()) {
            text.push_str(line);
            text.push('\n');
            added = true;
        }
    }
    assert!(added, "no [{section}] in the default scenario");
    text
}

/// Both `validate` and `run` reject the file with exit code 2 and a message naming the file
/// and everything in `needles`.
fn assert_rejected(path: &Path, needles: &[&str]) -> String {
    let shown = path.display().to_string();
    let mut expected = vec![shown.as_str()];
    expected.extend_from_slice(needles);
    let validate = lpo_sim([OsStr::new("validate"), path.as_os_str()])
        .assert_invalid_input()
        .assert_stderr_contains(&expected)
        .assert_stderr_contains(&["error: ", "hint: "]);
    lpo_sim([OsStr::new("run"), path.as_os_str()])
        .assert_invalid_input()
        .assert_stderr_contains(&expected);
    validate.stderr
}

/// `assert_rejected` on `text` written as `name` into a fresh directory.
fn assert_text_rejected(name: &str, text: &str, needles: &[&str]) -> String {
    let dir = TempDir::new().unwrap();
    assert_rejected(&write_scenario(dir.path(), name, text), needles)
}

#[test]
fn malformed_toml_names_line_and_column() {
    let dir = TempDir::new().unwrap();
    let text = with_line_replaced("", "horizon_months", "horizon_months = = 60");
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("horizon_months = = 60"))
        .unwrap();
    let path = write_scenario(dir.path(), "malformed.toml", &text);
    let location = format!("{}:{line}:", path.display());
    assert_rejected(&path, &[&location]);
}

#[test]
fn unknown_field_names_its_section_and_itself() {
    assert_text_rejected(
        "unknown.toml",
        &with_line_added("workforce.attrition", "bogus = 1"),
        &["workforce.attrition", "bogus", "unknown key"],
    );
}

#[test]
fn negative_salary_names_the_field_and_its_range() {
    assert_text_rejected(
        "negative.toml",
        &with_line_replaced("lines.document_review", "market_pay", "market_pay = -5.0"),
        &[
            "lines.document_review.market_pay",
            "-5",
            "allowed 0 to 1000000",
        ],
    );
}

#[test]
fn probability_above_one_names_the_field_and_its_range() {
    assert_text_rejected(
        "probability.toml",
        &with_line_replaced("workforce.attrition", "base_monthly", "base_monthly = 1.5"),
        &["workforce.attrition.base_monthly", "1.5", "allowed 0 to 1"],
    );
}

#[test]
fn nan_is_rejected_with_the_field() {
    assert_text_rejected(
        "nan.toml",
        &with_line_replaced("workforce.attrition", "base_monthly", "base_monthly = nan"),
        &["workforce.attrition.base_monthly", "NaN"],
    );
}

#[test]
fn string_where_a_number_goes_names_the_field() {
    assert_text_rejected(
        "type.toml",
        &with_line_replaced(
            "lines.document_review",
            "market_pay",
            "market_pay = \"cheap\"",
        ),
        &[
            "lines.document_review.market_pay",
            "`cheap` is not a number",
            "\"30k\"",
        ],
    );
}

#[test]
fn missing_file_names_the_path_and_suggests_init() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("does-not-exist.toml");
    let stderr = assert_rejected(&path, &["cannot read"]);
    assert!(stderr.contains("lpo-sim init"), "{stderr}");
}

#[test]
fn json_scenarios_are_read_and_their_errors_name_the_field() {
    let dir = TempDir::new().unwrap();
    let mut json = serde_json::to_value(Scenario::default()).unwrap();
    let good = write_scenario(dir.path(), "good.json", &json.to_string());
    lpo_sim([OsStr::new("validate"), good.as_os_str()]).assert_success();

    json["workforce"]["attrition"]["base_monthly"] = serde_json::json!("high");
    let bad = write_scenario(
        dir.path(),
        "bad.json",
        &serde_json::to_string_pretty(&json).unwrap(),
    );
    assert_rejected(
        &bad,
        &["workforce.attrition.base_monthly", "not a number", "2.5%"],
    );
    json["workforce"]["attrition"]["base_monthly"] = serde_json::json!(true);
    let bad = write_scenario(dir.path(), "bad.json", &json.to_string());
    assert_rejected(&bad, &["workforce.attrition.base_monthly", "invalid type"]);
}

#[test]
fn validate_requires_a_file() {
    lpo_sim(["validate"])
        .assert_invalid_input()
        .assert_stderr_contains(&["SCENARIO"]);
}

// ----------------------------------------------------------------------------------- help

#[test]
fn help_and_version_succeed_and_document_every_command() {
    assert_help_lists_commands(&["run", "init", "validate", "career"]);
    let run_help = lpo_sim(["run", "--help"]).assert_success();
    for default in ["[default: 1]", "[default: table]", "embedded default"] {
        assert!(run_help.stdout.contains(default), "{}", run_help.stdout);
    }
    let version = lpo_sim(["--version"]).assert_success();
    assert!(version.stdout.starts_with("lpo-sim "), "{}", version.stdout);
}

// ------------------------------------------------------------------ overlays and amounts

#[test]
fn a_two_line_scenario_validates_and_runs() {
    let dir = TempDir::new().unwrap();
    let path = write_scenario(dir.path(), "mine.toml", "[founder]\nsavings = 50000\n");
    lpo_sim([OsStr::new("validate"), path.as_os_str()])
        .assert_success()
        .assert_stdout_contains(&["valid"]);
    let out = lpo_sim([
        OsStr::new("mc"),
        path.as_os_str(),
        OsStr::new("--runs"),
        OsStr::new("20"),
    ])
    .assert_success();
    assert!(out.stdout.contains("P(bankruptcy)"), "{}", out.stdout);
}

#[test]
fn a_mistyped_table_is_named_at_its_line_with_the_right_name() {
    let dir = TempDir::new().unwrap();
    let path = write_scenario(dir.path(), "mine.toml", "\n[founders]\nsavings = 50000\n");
    lpo_sim([OsStr::new("validate"), path.as_os_str()])
        .assert_invalid_input()
        .assert_stderr_contains(&[
            "mine.toml:2:",
            "unknown table `[founders]`",
            "did you mean `[founder]`?",
        ]);
}

#[test]
fn each_scenario_mistake_gets_its_own_hint() {
    let dir = TempDir::new().unwrap();
    for (text, needles) in [
        (
            "[founder]\nsavings = \"2.5%\"\n",
            &["percentage", "params --filter savings"][..],
        ),
        (
            "[[founder]]\nsavings = 1\n",
            &["`[founder]`", "line of its own"],
        ),
        (
            "founder.knowledge = 0.5\n",
            &["`[founder.knowledge]`", "line of its own"],
        ),
        (
            "[founder]\nsavings = 30k\n",
            &["write \"30k\" (or 30000)", "fix the syntax"],
        ),
    ] {
        let path = write_scenario(dir.path(), "mistake.toml", text);
        let out = lpo_sim([OsStr::new("validate"), path.as_os_str()])
            .assert_invalid_input()
            .assert_stderr_contains(needles);
        assert!(!out.stderr.contains("--filter `"), "{}", out.stderr);
    }
}

#[test]
fn init_minimal_writes_a_short_template_that_validates() {
    let out = lpo_sim(["init", "--minimal"]).assert_success();
    assert_eq!(out.stdout, lpo_sim_core::MINIMAL_SCENARIO_TOML);
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("mine.toml");
    lpo_sim([
        OsStr::new("init"),
        OsStr::new("--minimal"),
        path.as_os_str(),
    ])
    .assert_success();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        lpo_sim_core::MINIMAL_SCENARIO_TOML
    );
    lpo_sim([OsStr::new("validate"), path.as_os_str()]).assert_success();
}

#[test]
fn amounts_and_percentages_in_files_and_set_are_read_by_unit() {
    let dir = TempDir::new().unwrap();
    let path = write_scenario(
        dir.path(),
        "mine.toml",
        "[founder]\nsavings = \"30k\"\n[workforce.attrition]\nbase_monthly = \"2.5%\"\n",
    );
    lpo_sim([OsStr::new("validate"), path.as_os_str()]).assert_success();
    let params = |set: &[&str]| {
        let mut line = vec!["params", "--format", "json"];
        for s in set {
            line.extend(["--set", s]);
        }
        lpo_sim(&line)
    };
    let listed = params(&[
        "founder.savings=1.5M",
        "workforce.attrition.base_monthly=2.5%",
    ])
    .assert_success()
    .stdout;
    assert!(listed.contains("1500000"), "{listed}");
    params(&["founder.savings=2.5%"])
        .assert_invalid_input()
        .assert_stderr_contains(&["--set founder.savings=2.5%", "percentage", "30k"]);
    params(&["horizon_months=30k"])
        .assert_invalid_input()
        .assert_stderr_contains(&["horizon_months", "whole number"]);
    params(&["founder.savings=lots"])
        .assert_invalid_input()
        .assert_stderr_contains(&["`lots` is not a number", "30k", "2.5%"]);
}

#[test]
fn a_negative_seed_says_what_a_seed_is() {
    for command in [&["run"][..], &["mc", "--runs", "10"], &["career"]] {
        let mut line = command.to_vec();
        line.extend(["--seed", "-1"]);
        let out = lpo_sim(&line)
            .assert_invalid_input()
            .assert_stderr_contains(&["--seed", "whole numbers from 0 to 18446744073709551615"]);
        assert!(!out.stderr.contains("-- -1"), "{}", out.stderr);
    }
}
