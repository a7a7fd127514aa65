//! `lpo-sim run`: one firm trajectory.

use crate::args::RunArgs;
use crate::error::CliError;
use crate::request::RunRequest;
use lpo_sim_core::{Recorder, SimError, Simulation};
use lpo_sim_report::Render;
use lpo_sim_report::view::RunReport;
use std::io::Write;

pub fn execute(args: RunArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = RunRequest::from_args(args)?;
    let report = simulate(&request)?;
    Ok(report.render(request.format.into(), out)?)
}

fn simulate(request: &RunRequest) -> Result<RunReport, SimError> {
    let scenario = &request.scenario.scenario;
    let strategy = request.strategy.build(&scenario.strategy.rule);
    let mut simulation = Simulation::new(scenario, strategy, request.seed)?;
    let mut recorder = Recorder::default();
    let outcome = simulation.run_with(&mut recorder)?;
    Ok(RunReport {
        origin: request.scenario.origin.clone(),
        strategy: request.strategy,
        seed: request.seed,
        currency: scenario.currency.clone(),
        horizon_months: scenario.horizon_months,
        months: recorder.months,
        outcome,
    })
}
