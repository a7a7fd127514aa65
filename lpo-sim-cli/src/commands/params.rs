//! `lpo-sim params`: every numeric parameter by dotted path, with value, unit and range.

use crate::args::ParamsArgs;
use crate::error::CliError;
use crate::request::ParamsRequest;
use lpo_sim_core::params::list_params;
use lpo_sim_report::Render;
use lpo_sim_report::view::ParamsReport;
use std::io::Write;

pub fn execute(args: ParamsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = ParamsRequest::from_args(args)?;
    let all = list_params(&mut request.scenario.scenario.clone());
    let total = all.len();
    let params: Vec<_> = match &request.filter {
        Some(filter) => all
            .into_iter()
            .filter(|p| p.path.contains(filter.as_str()))
            .collect(),
        None => all,
    };
    let report = ParamsReport {
        scenario: &request.scenario.origin,
        filter: request.filter.as_deref(),
        params: &params,
        total,
    };
    Ok(report.render(request.format.into(), out)?)
}
