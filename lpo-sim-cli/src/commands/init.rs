//! `lpo-sim init`: write the commented default scenario, or with `--minimal` the short
//! template of what a founder would change.

use crate::args::InitArgs;
use crate::error::CliError;
use crate::request::InitTarget;
use lpo_sim_core::{DEFAULT_SCENARIO_TOML, MINIMAL_SCENARIO_TOML};
use lpo_sim_report::atomic::write_atomically;
use std::io::Write;

pub fn execute(args: InitArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let template = if args.minimal {
        MINIMAL_SCENARIO_TOML
    } else {
        DEFAULT_SCENARIO_TOML
    };
    match InitTarget::from_args(args)? {
        InitTarget::Stdout => out.write_all(template.as_bytes()).map_err(CliError::stdout),
        InitTarget::File { path, overwrite } => {
            write_atomically(&path, template.as_bytes(), overwrite)?;
            writeln!(
                out,
                "wrote {shown}; edit it, then run `lpo-sim validate {shown}` and `lpo-sim run {shown}`",
                shown = path.display()
            )
            .map_err(CliError::stdout)
        }
    }
}
