//! `lpo-sim replay`: one replicate of a study, re-run alone, month by month.

use crate::args::ReplayArgs;
use crate::error::CliError;
use crate::output::replay::ReplayReport;
use crate::request::ReplayRequest;
use lpo_sim_core::mc::replicate_seed;
use lpo_sim_core::{Recorder, Simulation};
use std::io::Write;

pub fn execute(args: ReplayArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = ReplayRequest::from_args(args)?;
    let scenario = &request.scenario.scenario;
    // The seed `lpo-sim mc` gives replicate `run`: the same run, whatever the thread count or
    // shard it ran in.
    let run_seed = replicate_seed(request.seed, request.run);
    let strategy = request.strategy.build(&scenario.strategy.rule);
    let mut simulation = Simulation::new(scenario, strategy, run_seed)?;
    let mut recorder = Recorder::default();
    let outcome = simulation.run_with(&mut recorder)?;
    let report = ReplayReport {
        origin: request.scenario.origin.clone(),
        strategy: request.strategy,
        study_seed: request.seed,
        run: request.run,
        run_seed,
        currency: scenario.currency.clone(),
        horizon_months: scenario.horizon_months,
        months: recorder.months,
        outcome,
    };
    report.write(request.format, out).map_err(CliError::stdout)
}
