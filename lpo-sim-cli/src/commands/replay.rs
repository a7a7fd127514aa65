//! `lpo-sim replay`: one replicate of a study, re-run alone, month by month.

use crate::args::ReplayArgs;
use crate::error::CliError;
use crate::request::ReplayRequest;
use lpo_sim_core::mc::replicate_seed;
use lpo_sim_core::{Recorder, Simulation};
use lpo_sim_report::Render;
use lpo_sim_report::view::replay::ReplayReport;
use std::io::Write;

pub fn execute(args: ReplayArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = ReplayRequest::from_args(args)?;
    // Over an ensemble, the member `lpo-sim mc --ensemble` drew for replicate `run` (checked
    // against the scenario when the file was read).
    let (member_scenario, origin) = match &request.ensemble {
        Some(loaded) => {
            let e = &loaded.ensemble;
            let j = e.member_for(request.seed, request.run);
            let mut s = request.scenario.scenario.clone();
            for (path, v) in e.paths.iter().zip(&e.members[j]) {
                s.set(path, *v)?;
            }
            s.validate()?;
            let origin = format!(
                "{} with plausible member {} of {} of {}",
                request.scenario.origin,
                j + 1,
                e.members.len(),
                loaded.origin
            );
            (Some(s), origin)
        }
        None => (None, request.scenario.origin.clone()),
    };
    let scenario = member_scenario
        .as_ref()
        .unwrap_or(&request.scenario.scenario);
    // The seed `lpo-sim mc` gives replicate `run`: the same run, whatever the thread count or
    // shard it ran in.
    let run_seed = replicate_seed(request.seed, request.run);
    let strategy = request.strategy.build(&scenario.strategy.rule);
    let mut simulation = Simulation::new(scenario, strategy, run_seed)?;
    let mut recorder = Recorder::default();
    let outcome = simulation.run_with(&mut recorder)?;
    let report = ReplayReport {
        origin,
        strategy: request.strategy,
        study_seed: request.seed,
        run: request.run,
        run_seed,
        currency: scenario.currency.clone(),
        horizon_months: scenario.horizon_months,
        months: recorder.months,
        outcome,
    };
    Ok(report.render(request.format.into(), out)?)
}
