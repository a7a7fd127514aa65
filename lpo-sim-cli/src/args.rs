//! Step one: what the user typed, parsed by clap and nothing more. Turning these values into
//! library objects (loading the scenario, naming the strategy) happens in `request.rs`, so
//! that every check that needs the model lives in one place.

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use lpo_sim_core::BuiltinStrategy;
use std::path::PathBuf;

/// Simulate a career into legal process outsourcing (LPO) and the LPO firm it leads to.
#[derive(Debug, Parser)]
#[command(name = "lpo-sim", version)]
#[command(
    after_help = "Start with `lpo-sim init scenario.toml` for a commented scenario, \
                        edit it, then `lpo-sim run scenario.toml`."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate one firm month by month and print its trajectory and outcome.
    Run(RunArgs),
    /// Write the commented default scenario, to edit and pass to the other commands.
    Init(InitArgs),
    /// Check a scenario file: syntax, field names, types and every value's range.
    Validate(ValidateArgs),
    /// Simulate the founder's career month by month and print the founder it produces.
    Career(CareerArgs),
}

/// Arguments of `lpo-sim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML, or JSON when it ends in .json) [default: the embedded default
    /// scenario, as printed by `lpo-sim init`]
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// Seed of every random draw; the same seed gives the same run
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,

    /// Built-in strategy that runs the firm [default: the scenario's `strategy.name`]
    #[arg(long, value_name = "NAME", value_parser = strategy_names())]
    pub strategy: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Arguments of `lpo-sim init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// File to write [default: print to stdout]
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Overwrite PATH if it already exists
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `lpo-sim validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario file to check (TOML, or JSON when it ends in .json)
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
}

/// Arguments of `lpo-sim career`.
#[derive(Debug, Args)]
pub struct CareerArgs {
    /// Scenario file (TOML, or JSON when it ends in .json) [default: the embedded default
    /// scenario, as printed by `lpo-sim init`]
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// Seed of every random draw; the same seed gives the same career
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns and a summary, for reading
    Table,
    /// One pretty-printed JSON object, for programs
    Json,
    /// One row per month with a header, for spreadsheets
    Csv,
}

/// The accepted strategy names, taken from the library so the list cannot go stale; clap
/// shows them in `--help` and in the error for an unknown name.
fn strategy_names() -> PossibleValuesParser {
    PossibleValuesParser::new(BuiltinStrategy::ALL.map(BuiltinStrategy::name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn run_help_lists_every_builtin_strategy() {
        let help = Cli::command()
            .find_subcommand_mut("run")
            .expect("run is a subcommand")
            .render_long_help()
            .to_string();
        for strategy in BuiltinStrategy::ALL {
            assert!(
                help.contains(strategy.name()),
                "{} missing from:\n{help}",
                strategy.name()
            );
        }
    }
}
