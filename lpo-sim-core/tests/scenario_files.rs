//! Reading scenarios: the embedded default, round trips, and errors that name the file,
//! the field and the allowed range.

use lpo_sim_core::params::{SetError, list_params, range_violations, set_param};
use lpo_sim_core::{DEFAULT_SCENARIO_TOML, MINIMAL_SCENARIO_TOML, Scenario, ScenarioError};

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

/// A scenario at the values older files meant for fields added later (no wanted size, no
/// drift, founders alike) is written with those fields, so it reads back as itself rather than
/// taking the default's values for them.
#[test]
fn a_scenario_at_the_values_older_files_meant_round_trips_through_toml() {
    let mut scenario = Scenario::default();
    for (path, value) in [
        ("workforce.desired_staff_median", 100000.0),
        ("workforce.desired_staff_dispersion", 0.0),
        ("workforce.efficiency_volatility", 0.0),
        ("closure.exit_hazard_dispersion", 0.0),
    ] {
        scenario.set(path, value).unwrap();
    }
    assert_ne!(scenario, Scenario::default());
    let toml = scenario.to_toml_string();
    assert!(toml.contains("desired_staff_median = 100000.0"), "{toml}");
    assert_eq!(
        Scenario::from_toml_str(&toml, "round-trip.toml").unwrap(),
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
    // Setting returns the value it replaced.
    let before = scenario.clients.pilot_share;
    assert_eq!(
        set_param(&mut scenario, "clients.pilot_share", 0.3),
        Ok(before)
    );
    assert_eq!(scenario.clients.pilot_share, 0.3);
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

/// The parse error of `text`, with its line.
fn parse_error(text: &str) -> (Option<usize>, String) {
    let err = Scenario::from_toml_str(text, "my.toml").unwrap_err();
    let ScenarioError::Parse { line, .. } = &err else {
        panic!("expected a parse error, got {err}");
    };
    (*line, err.to_string())
}

#[test]
fn a_file_holds_only_what_differs_from_the_default() {
    let scenario = Scenario::from_toml_str("[founder]\nsavings = 50000\n", "mine.toml").unwrap();
    let mut expected = Scenario::default();
    expected.founder.savings = 50_000.0;
    assert_eq!(scenario, expected);
    // An empty file is the default; a dotted key at the top works as a table does.
    assert_eq!(
        Scenario::from_toml_str("", "empty.toml").unwrap(),
        Scenario::default()
    );
    let dotted = Scenario::from_toml_str("founder.savings = 50000\n", "mine.toml").unwrap();
    assert_eq!(dotted, expected);
    // One line of a per-line table leaves the other lines at their defaults.
    let one_line =
        Scenario::from_toml_str("[founder.knowledge]\nlegal_research = 0.9\n", "mine.toml")
            .unwrap();
    let mut expected = Scenario::default();
    expected.founder.knowledge[lpo_sim_core::ServiceLine::LegalResearch] = 0.9;
    assert_eq!(one_line, expected);
    // JSON likewise.
    let json = Scenario::from_json_str(r#"{"founder": {"savings": "50k"}}"#, "mine.json").unwrap();
    assert_eq!(json.founder.savings, 50_000.0);
    assert_eq!(json.horizon_months, Scenario::default().horizon_months);
}

#[test]
fn an_overlay_is_still_validated_whole() {
    // One lead share changed alone breaks the sum over all lines, defaults included.
    let err = error_text("[lines.document_review]\nlead_share = 0.9\n");
    assert!(err.contains("must sum to 1"), "{err}");
    let err = error_text("[founder]\nsavings = -5\n");
    assert!(
        err.contains("founder.savings") && err.contains("out of range"),
        "{err}"
    );
}

#[test]
fn an_unknown_table_is_reported_at_its_own_line_with_the_closest_name() {
    let text = "horizon_months = 24\n\n[founders]\nsavings = 50000\n";
    let (line, err) = parse_error(text);
    assert_eq!(line, Some(3), "{err}");
    assert!(err.contains("unknown table `[founders]`"), "{err}");
    assert!(err.contains("did you mean `[founder]`?"), "{err}");
    assert!(!err.contains("missing"), "{err}");
    let (line, err) = parse_error("[founder]\nsavigs = 50000\n");
    assert_eq!(line, Some(2), "{err}");
    assert!(err.contains("did you mean `founder.savings`?"), "{err}");
    let (line, err) =
        parse_error("[founder]\nsavings = 1\n[founder.knowlege]\nlegal_research = 1\n");
    assert_eq!(line, Some(3), "{err}");
    assert!(err.contains("did you mean `[founder.knowledge]`?"), "{err}");
    // A table given a plain value.
    let (line, err) = parse_error("\nfounder = 3\n");
    assert_eq!(line, Some(2), "{err}");
    assert!(err.contains("write `[founder]`"), "{err}");
    let err = Scenario::from_json_str(r#"{"founders": {}}"#, "mine.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("did you mean `[founder]`?"), "{err}");
}

#[test]
fn wrong_types_in_an_overlay_keep_their_line() {
    let (line, err) = parse_error("[founder]\nsavings = 1\n\n[strategy]\nname = \"bogus\"\n");
    assert_eq!(line, Some(5), "{err}");
    assert!(err.contains("strategy.name"), "{err}");
    let (line, err) = parse_error("\nhorizon_months = 24.5\n");
    assert_eq!(line, Some(2), "{err}");
}

#[test]
fn amounts_and_percentages_are_read_by_the_parameters_unit() {
    let text = "[founder]\nsavings = \"30k\"\n[finance]\nloan_amount = \"1.5M\"\n\n[workforce.attrition]\nbase_monthly = \"2.5%\"\n";
    let scenario = Scenario::from_toml_str(text, "mine.toml").unwrap();
    assert_eq!(scenario.founder.savings, 30_000.0);
    assert_eq!(scenario.finance.loan_amount, 1_500_000.0);
    assert_eq!(scenario.workforce.attrition.base_monthly, 0.025);
    // A count written as text is read as a whole number.
    let counted = Scenario::from_toml_str("horizon_months = \"24\"\n", "mine.toml").unwrap();
    assert_eq!(counted.horizon_months, 24);
    // A suffix the unit does not take names the form it does take, at the value's line.
    let (line, err) = parse_error("[founder]\n\nsavings = \"2.5%\"\n");
    assert_eq!(line, Some(3), "{err}");
    assert!(
        err.contains("founder.savings") && err.contains("\"30k\""),
        "{err}"
    );
    let (_, err) = parse_error("horizon_months = \"30k\"\n");
    assert!(err.contains("whole number"), "{err}");
    let (_, err) = parse_error("[workforce.attrition]\nbase_monthly = \"30k\"\n");
    assert!(err.contains("\"2.5%\""), "{err}");
    let (_, err) = parse_error("[founder]\nsavings = \"lots\"\n");
    assert!(err.contains("not a number"), "{err}");
    // Out of range after reading is still out of range.
    let err = error_text("[workforce.attrition]\nbase_monthly = \"250%\"\n");
    assert!(err.contains("out of range"), "{err}");
}

#[test]
fn an_unquoted_suffix_gets_a_hint_to_quote_it() {
    let (line, err) = parse_error("[founder]\nsavings = 30k\n");
    assert_eq!(line, Some(2), "{err}");
    assert!(err.contains("write \"30k\" (or 30000)"), "{err}");
    let (_, err) = parse_error("[workforce.attrition]\nbase_monthly = 2.5%\n");
    assert!(err.contains("write \"2.5%\" (or 0.025)"), "{err}");
    let (_, err) = parse_error("horizon_months = 2.5%\n");
    assert!(err.contains("whole number"), "{err}");
}

/// The comment blocks of a template (runs of `#` lines), without their `# source:` lines
/// (quoted sources), each joined into one text.
fn comment_blocks(template: &str) -> Vec<String> {
    let mut blocks = vec![String::new()];
    for line in template.lines() {
        match line.strip_prefix('#') {
            Some(text) if !text.trim_start().starts_with("source:") => {
                let block = blocks.last_mut().unwrap();
                block.push(' ');
                block.push_str(text.trim());
            }
            Some(_) => {}
            None => blocks.push(String::new()),
        }
    }
    blocks
        .into_iter()
        .map(|b| b.trim().to_owned())
        .filter(|b| !b.is_empty())
        .collect()
}

#[test]
fn no_template_comment_is_cut_off_mid_sentence() {
    for (name, template) in [
        ("init", DEFAULT_SCENARIO_TOML),
        ("init --minimal", MINIMAL_SCENARIO_TOML),
    ] {
        let blocks = comment_blocks(template);
        assert!(blocks.len() > 5, "{name}");
        for block in blocks {
            // A parameter's comment ends with its [unit, range]; the text before it is a
            // sentence (or nothing, in a per-line table that shares its doc).
            let text = match block.strip_suffix(']') {
                Some(rest) if rest.contains(" [") || rest.starts_with('[') => {
                    rest[..rest.rfind('[').unwrap()].trim_end()
                }
                _ => block.as_str(),
            };
            assert!(
                text.is_empty() || text.ends_with(['.', '?', '!', ')']),
                "{name}: comment ends mid-sentence: {block}"
            );
            for (open, close) in [('(', ')'), ('[', ']')] {
                assert_eq!(
                    block.matches(open).count(),
                    block.matches(close).count(),
                    "{name}: unbalanced {open}{close}: {block}"
                );
            }
            assert_eq!(
                block.matches('`').count() % 2,
                0,
                "{name}: unbalanced `: {block}"
            );
        }
    }
}

#[test]
fn the_minimal_template_is_short_valid_and_at_the_defaults() {
    let scenario = Scenario::from_toml_str(MINIMAL_SCENARIO_TOML, "minimal.toml").unwrap();
    assert_eq!(scenario, Scenario::default());
    assert!(MINIMAL_SCENARIO_TOML.lines().count() < 60);
    for key in [
        "savings",
        "has_law_degree",
        "lpo_years",
        "[founder.knowledge]",
        "name",
    ] {
        assert!(MINIMAL_SCENARIO_TOML.contains(key), "{key}");
    }
    // What a knowledge of 0.3 or 0.7 means is said in words, in both templates.
    for template in [MINIMAL_SCENARIO_TOML, DEFAULT_SCENARIO_TOML] {
        let flat = comment_blocks(template).join(" ");
        assert!(
            flat.contains("0.3 = has done the work under supervision")
                || flat.contains("0.3 = have done it under supervision"),
            "{flat}"
        );
        assert!(flat.contains("0.7 = can train others"));
    }
}
