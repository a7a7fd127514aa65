//! Reading scenarios: the embedded default, round trips, and errors that name the file,
//! the field and the allowed range.

use lpo_sim_core::params::{SetError, list_params, range_violations, set_param};
use lpo_sim_core::{DEFAULT_SCENARIO_TOML, Scenario, ScenarioError};

/// The line of the default scenario file that sets the attrition base (whatever its default).
fn base_monthly_line() -> String {
    format!(
        "base_monthly = {:?}",
        Scenario::default().workforce.attrition.base_monthly
    )
}

fn with_line_replaced(from: &str, to: &str) -> String {
    assert!(DEFAULT_SCENARIO_TOML.contains(from), "default has `{from}`");
    DEFAULT_SCENARIO_TOML.replacen(from, to, 1)
}

fn error_text(text: &str) -> String {
    Scenario::from_toml_str(text, "my.toml")
        .unwrap_err()
        .to_string()
}

#[test]
fn the_embedded_default_is_valid_and_round_trips_through_toml_and_json() {
    let scenario = Scenario::default();
    scenario.validate().unwrap();
    let toml = scenario.to_toml_string();
    assert_eq!(
        Scenario::from_toml_str(&toml, "round-trip.toml").unwrap(),
        scenario
    );
    let json = serde_json::to_string(&scenario).unwrap();
    assert_eq!(
        Scenario::from_json_str(&json, "round-trip.json").unwrap(),
        scenario
    );
}

#[test]
fn every_parameter_has_a_sane_range_containing_its_default() {
    let params = list_params(&mut Scenario::default());
    assert!(
        params.len() > 150,
        "all parameters are walked: {}",
        params.len()
    );
    for p in &params {
        assert!(
            p.min <= p.value && p.value <= p.max,
            "{} = {} outside {}..{}",
            p.path,
            p.value,
            p.min,
            p.max
        );
    }
    let mut paths: Vec<&str> = params.iter().map(|p| p.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), params.len(), "paths are unique");
}

#[test]
fn out_of_range_value_names_the_field_and_the_range() {
    let text = with_line_replaced(&base_monthly_line(), "base_monthly = 1.5");
    let err = error_text(&text);
    assert!(err.contains("my.toml"), "{err}");
    assert!(
        err.contains("`workforce.attrition.base_monthly` = 1.5"),
        "{err}"
    );
    assert!(err.contains("allowed 0 to 1"), "{err}");
}

#[test]
fn negative_pay_is_rejected() {
    let text = with_line_replaced("market_pay = 550.0", "market_pay = -5.0");
    let err = error_text(&text);
    assert!(
        err.contains("`lines.document_review.market_pay` = -5"),
        "{err}"
    );
}

#[test]
fn nan_and_infinity_are_rejected() {
    for bad in ["nan", "inf", "-inf"] {
        let text = with_line_replaced(&base_monthly_line(), &format!("base_monthly = {bad}"));
        let err = error_text(&text);
        assert!(
            err.contains("workforce.attrition.base_monthly"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn unknown_field_names_its_section_line_and_column() {
    let text = with_line_replaced(
        "[workforce.attrition]\n",
        "[workforce.attrition]\nbogus = 1\n",
    );
    let err = Scenario::from_toml_str(&text, "my.toml").unwrap_err();
    let ScenarioError::Parse {
        line,
        column,
        path,
        message,
        ..
    } = &err
    else {
        panic!("expected a parse error, got {err}");
    };
    let expected_line = text.lines().position(|l| l == "bogus = 1").unwrap() + 1;
    assert_eq!((*line, *column), (Some(expected_line), Some(1)), "{err}");
    assert!(path.starts_with("workforce.attrition"), "{err}");
    assert!(message.contains("bogus"), "{err}");
}

#[test]
fn wrong_type_names_the_field() {
    let text = with_line_replaced("horizon_months = 60", "horizon_months = \"sixty\"");
    let err = error_text(&text);
    assert!(err.contains("horizon_months"), "{err}");
    assert!(err.contains("my.toml:"), "has a location: {err}");
}

#[test]
fn toml_syntax_error_keeps_line_and_column() {
    let text = with_line_replaced("credit_line = 0.0", "credit_line = = 0.0");
    let err = Scenario::from_toml_str(&text, "my.toml").unwrap_err();
    let ScenarioError::Parse { line, .. } = &err else {
        panic!("{err}")
    };
    let expected_line = text
        .lines()
        .position(|l| l.starts_with("credit_line = ="))
        .unwrap()
        + 1;
    assert_eq!(*line, Some(expected_line), "{err}");
}

#[test]
fn json_errors_name_the_field() {
    let mut value = serde_json::to_value(Scenario::default()).unwrap();
    value["clients"]["referral_rate"] = serde_json::json!("lots");
    let err = Scenario::from_json_str(&value.to_string(), "s.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("s.json"), "{err}");
    assert!(err.contains("clients.referral_rate"), "{err}");
}

#[test]
fn a_missing_file_is_named() {
    let err = Scenario::from_path(std::path::Path::new("no/such/scenario.toml")).unwrap_err();
    assert!(err.to_string().contains("no/such/scenario.toml"), "{err}");
}

#[test]
fn lead_shares_must_sum_to_one() {
    let text = with_line_replaced("lead_share = 0.3\n", "lead_share = 0.5\n");
    assert!(error_text(&text).contains("lead_share"));
}

#[test]
fn setting_by_path_checks_kind_and_range_and_suggests_paths() {
    let mut scenario = Scenario::default();
    assert_eq!(
        set_param(&mut scenario, "clients.pilot_share", 0.3),
        Ok(0.18)
    );
    let unknown = set_param(&mut scenario, "clients.pilot_shar", 0.3).unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("did you mean `clients.pilot_share`"),
        "{unknown}"
    );
    // A fraction for a whole number is a kind error, not a huge out-of-range value.
    let fraction = set_param(&mut scenario, "finance.loan_term_months", 2.5).unwrap_err();
    assert!(matches!(fraction, SetError::Kind { .. }), "{fraction}");
    assert!(
        fraction.to_string().contains("a whole number"),
        "{fraction}"
    );
    let range = set_param(&mut scenario, "finance.loan_term_months", 601.0).unwrap_err();
    assert!(range.to_string().contains("allowed 1 to 600"), "{range}");
    for bad in [f64::NAN, f64::INFINITY] {
        assert!(matches!(
            set_param(&mut scenario, "clients.pilot_share", bad),
            Err(SetError::Kind { .. })
        ));
    }
    assert!(matches!(
        set_param(&mut scenario, "career.plan.earn_degree", 0.5),
        Err(SetError::Kind { .. })
    ));
    // Nothing was changed by the refused values.
    assert_eq!(scenario.finance.loan_term_months, 36);
    assert!(range_violations(&mut scenario).is_empty());
}

#[test]
fn duplicate_keys_are_named() {
    let text = with_line_replaced(
        "horizon_months = 60\n",
        "horizon_months = 60\nhorizon_months = 61\n",
    );
    let err = error_text(&text);
    assert!(err.contains("duplicate key `horizon_months`"), "{err}");
}

#[test]
fn huge_integers_report_the_range_not_a_type() {
    let text = with_line_replaced("savings = 30000.0", "savings = 99999999999999999999999");
    let err = error_text(&text);
    assert!(err.contains("founder.savings"), "{err}");
    assert!(err.contains("out of range: allowed 0 to"), "{err}");
    assert!(!err.contains("i128"), "{err}");
}

#[test]
fn json_with_trailing_data_is_refused() {
    let json = serde_json::to_string(&Scenario::default()).unwrap();
    for tail in [" x", "{}", "\n]"] {
        let err = Scenario::from_json_str(&format!("{json}{tail}"), "t.json").unwrap_err();
        assert!(err.to_string().contains("trailing"), "{err}");
    }
    Scenario::from_json_str(&format!("{json}\n  \n"), "t.json").expect("white space is fine");
}

#[test]
fn oversized_inputs_are_refused_before_parsing() {
    let big = "#".repeat(lpo_sim_core::MAX_SCENARIO_BYTES as usize + 1);
    let err = Scenario::from_toml_str(&big, "big.toml").unwrap_err();
    assert!(matches!(err, ScenarioError::TooLarge { .. }), "{err}");
    let err = Scenario::from_path(std::path::Path::new("/dev/zero")).unwrap_err();
    assert!(matches!(err, ScenarioError::TooLarge { .. }), "{err}");
}

#[test]
fn currency_labels_are_checked() {
    for bad in ["", " USD", "US\nD", "\u{1b}[31m", "\0", "ABCDEFGHIJKLMNOPQ"] {
        let s = Scenario {
            currency: bad.to_owned(),
            ..Scenario::default()
        };
        let err = s.validate().unwrap_err().to_string();
        assert!(err.contains("`currency`"), "{bad:?}: {err}");
    }
    for good in ["USD", "INR", "₹", "US$"] {
        let s = Scenario {
            currency: good.to_owned(),
            ..Scenario::default()
        };
        s.validate().unwrap();
    }
}
