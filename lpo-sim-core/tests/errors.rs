//! The error story: a scenario error converts into a simulation error; each variant says
//! whether retrying the same inputs can succeed; a firm beyond the work limit stops with an
//! error instead of stalling a study.

mod common;

use common::{Fixed, every_lead_signs, scenario_with};
use lpo_sim_core::mc::Study;
use lpo_sim_core::{MAX_ENTITIES, Scenario, SimError, Simulation};

#[test]
fn only_refused_threads_are_not_fatal() {
    assert!(!SimError::WorkerThreads("refused".into()).is_fatal());
    let bad = Scenario {
        horizon_months: 0,
        ..Scenario::default()
    };
    let invalid = Study::new(&bad).runs(1).run().unwrap_err();
    assert!(matches!(invalid, SimError::InvalidScenario(_)), "{invalid}");
    assert!(invalid.is_fatal());
    // The structured scenario error is kept, not flattened to a string.
    let SimError::InvalidScenario(lpo_sim_core::ScenarioError::Invalid { problems, .. }) = &invalid
    else {
        panic!("expected the validation problems, got {invalid:?}");
    };
    assert!(problems[0].contains("horizon_months"), "{problems:?}");
}

#[test]
fn a_scenario_error_converts_with_question_mark() {
    fn load_and_run() -> Result<u32, SimError> {
        let mut scenario = Scenario::default();
        scenario.set("horizon_months", 0.5)?;
        Ok(Simulation::new(&scenario, Fixed::new(&scenario), 1)?
            .run()?
            .months_run)
    }
    let error = load_and_run().unwrap_err();
    assert!(error.to_string().contains("whole number"), "{error}");
    assert!(error.is_fatal());
}

#[test]
fn a_firm_beyond_the_work_limit_stops_with_an_error() {
    let mut settings = every_lead_signs();
    settings.extend([("clients.marketing_cost_per_lead", 0.01)]);
    let scenario = scenario_with(&settings);
    let mut strategy = Fixed::new(&scenario);
    strategy.decisions.marketing = 1e6; // 1e8 leads a month, capped at 100,000 a month
    let mut sim = Simulation::new(&scenario, strategy, 1).unwrap();
    let mut months = 0;
    let error = loop {
        match sim.step() {
            Ok(Some(_)) => months += 1,
            Ok(None) => panic!("the firm should pass the limit"),
            Err(e) => break e,
        }
    };
    let SimError::WorkLimit {
        month,
        entities,
        limit,
    } = error
    else {
        panic!("expected the work limit, got {error}");
    };
    assert_eq!(limit, MAX_ENTITIES);
    assert!(
        entities > MAX_ENTITIES && month == months + 1,
        "{entities} in month {month}"
    );
    assert!(error.is_fatal() && error.to_string().contains("market_potential"));
    assert!(sim.step().unwrap().is_none(), "the run has ended");
}
