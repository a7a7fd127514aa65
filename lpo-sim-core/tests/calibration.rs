//! The default scenario against the published figures (MODEL.md §15): every target's
//! estimate must lie inside its published range. This is the check `lpo-sim calibrate check`
//! prints; it fails whenever a change to the model or a default moves an emergent figure out
//! of its range.

use lpo_sim_core::Scenario;
use lpo_sim_core::calibration::{Targets, check};
use lpo_sim_core::mc::McConfig;

#[test]
fn the_default_scenario_lands_inside_every_target_range() {
    let targets = Targets::default();
    let report = check(
        &Scenario::default(),
        &targets,
        &McConfig::default().seed(1).runs(16_384),
    )
    .unwrap();
    let mut table = String::new();
    for c in &report.checks {
        table.push_str(&format!(
            "\n  {:<26} {:>12.4} [{:.4}, {:.4}]  range [{}, {}]  {}",
            c.target.id,
            c.estimate.value,
            c.estimate.ci95[0],
            c.estimate.ci95[1],
            c.target.range[0],
            c.target.range[1],
            if c.inside {
                "inside".to_owned()
            } else {
                format!("OUTSIDE by {:.2} widths", c.distance)
            }
        ));
    }
    eprintln!("calibration check, 16,384 firms:{table}");
    let outside: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| !c.inside)
        .map(|c| c.target.id.as_str())
        .collect();
    assert!(
        outside.is_empty(),
        "targets outside their published range: {outside:?}{table}"
    );
}

#[test]
fn the_embedded_targets_parse_and_every_target_is_measurable_on_the_default_horizon() {
    let targets = Targets::default();
    assert!(targets.targets.len() >= 12);
    assert!(targets.months_needed() <= Scenario::default().horizon_months);
}

#[test]
fn a_bad_targets_file_names_the_target_and_field() {
    let text = lpo_sim_core::calibration::DEFAULT_TARGETS_TOML.replacen(
        "range = [0.75, 0.90]",
        "range = [0.90, 0.75]",
        1,
    );
    let error = Targets::from_toml_str(&text, "t.toml")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("t.toml")
            && error.contains("billable_utilisation")
            && error.contains("range"),
        "{error}"
    );
}
