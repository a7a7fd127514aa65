//! `lpo-sim init`: write the commented default scenario.

use crate::args::InitArgs;
use crate::atomic::write_atomically;
use crate::error::CliError;
use crate::request::InitTarget;
use lpo_sim_core::DEFAULT_SCENARIO_TOML;
use std::io::Write;

pub fn execute(args: InitArgs, out: &mut dyn Write) -> Result<(), CliError> {
    match InitTarget::from_args(args)? {
        InitTarget::Stdout => out
            .write_all(DEFAULT_SCENARIO_TOML.as_bytes())
            .map_err(CliError::stdout),
        InitTarget::File { path, overwrite } => {
            write_atomically(&path, DEFAULT_SCENARIO_TOML.as_bytes(), overwrite)?;
            writeln!(
                out,
                "wrote {shown}; edit it, then run `lpo-sim validate {shown}` and `lpo-sim run {shown}`",
                shown = path.display()
            )
            .map_err(CliError::stdout)
        }
    }
}
