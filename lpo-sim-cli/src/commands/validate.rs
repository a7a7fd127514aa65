//! `lpo-sim validate`: load a scenario and say whether it can be run.

use crate::args::ValidateArgs;
use crate::error::CliError;
use crate::request::LoadedScenario;
use std::io::Write;

pub fn execute(args: ValidateArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let loaded = LoadedScenario::load(Some(&args.scenario))?;
    let scenario = &loaded.scenario;
    writeln!(
        out,
        "{}: valid (horizon {} months, strategy {})",
        loaded.origin, scenario.horizon_months, scenario.strategy.name
    )
    .map_err(CliError::stdout)
}
