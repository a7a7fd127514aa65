//! `lpo-sim career`: one career path under the scenario's `[career.plan]`.

use crate::args::CareerArgs;
use crate::error::CliError;
use crate::output::CareerReport;
use crate::request::CareerRequest;
use lpo_sim_core::{Career, CareerPlan};
use std::io::Write;

pub fn execute(args: CareerArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = CareerRequest::from_args(args)?;
    let scenario = &request.scenario.scenario;
    let plan = CareerPlan {
        params: scenario.career.plan,
    };
    let mut career = Career::new(scenario, plan, request.seed);
    let months = std::iter::from_fn(|| career.step()).collect();
    let report = CareerReport {
        origin: request.scenario.origin.clone(),
        seed: request.seed,
        currency: scenario.currency.clone(),
        months,
        outcome: career.outcome(),
    };
    report.write(request.format, out).map_err(CliError::stdout)
}
