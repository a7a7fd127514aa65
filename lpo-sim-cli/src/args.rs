//! Step one: what the user typed, parsed by clap and nothing more. Turning these values into
//! library objects (loading the scenario, naming the strategy) happens in `request.rs`, so
//! that every check that needs the model lives in one place.

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use lpo_sim_core::BuiltinStrategy;
use lpo_sim_core::mc::PrecisionTarget;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

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
    /// Run many firms (a Monte Carlo study) and print the odds and spread of every outcome.
    Mc(McArgs),
    /// Run several strategies on the same seeds and compare them pair by pair.
    Compare(CompareArgs),
    /// Re-run one replicate of a Monte Carlo study and print what happened month by month.
    Replay(ReplayArgs),
    /// Merge the shard files of one study (`lpo-sim mc --shard I/N --json`) into one.
    Merge(MergeArgs),
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

/// Arguments of `lpo-sim mc`.
#[derive(Debug, Args)]
#[command(
    after_help = "Ctrl-C stops after the rounds already finished and prints and writes \
                        their results, marked partial (exit code 130); a second Ctrl-C quits \
                        at once without writing anything."
)]
pub struct McArgs {
    /// Scenario file (TOML, or JSON when it ends in .json) [default: the embedded default
    /// scenario, as printed by `lpo-sim init`]
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// Replicates in the study (with --until: the most to run)
    #[arg(long, value_name = "N", default_value_t = 10_000, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Master seed: replicate k runs with a seed derived from (seed, k), so results do not
    /// depend on --threads or --shard
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Worker threads [default: one per core]
    #[arg(long, value_name = "T", allow_negative_numbers = true,
          value_parser = positive)]
    pub threads: Option<u64>,

    /// Built-in strategy that runs every firm [default: the scenario's `strategy.name`]
    #[arg(long, value_name = "NAME", value_parser = strategy_names())]
    pub strategy: Option<String>,

    /// Keep adding rounds of replicates until this precision is reached: `p_bankrupt:0.005`
    /// (half-width of the 95 % interval of P(bankruptcy)) or `<outcome>:<half-width>` (of an
    /// outcome's mean, e.g. `final_cash:5000`); --runs is then the cap
    #[arg(long, value_name = "SPEC", value_parser = PrecisionTarget::parse)]
    pub until: Option<PrecisionTarget>,

    /// Write the study file (manifest, statistics and mergeable state) as JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Write DIR/replicates.csv (one row per replicate) and DIR/months.csv (survival and fan
    /// chart quantiles per month); DIR is created if needed
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,

    /// Write an HTML report with charts
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,

    /// Run only shard I of N (0-based) of the study: replicates I·R/N to (I+1)·R/N of the R =
    /// --runs; combine the shards' --json files with `lpo-sim merge`
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
}

/// Arguments of `lpo-sim compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario file (TOML, or JSON when it ends in .json) [default: the embedded default
    /// scenario, as printed by `lpo-sim init`]
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// A strategy to compare; give at least two (`--strategy cautious --strategy aggressive`)
    #[arg(long = "strategy", value_name = "NAME", value_parser = strategy_names(), required = true)]
    pub strategies: Vec<String>,

    /// Replicates: every strategy runs the same replicate seeds
    #[arg(long, value_name = "N", default_value_t = 10_000, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Master seed of the replicate seeds
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Worker threads [default: one per core]
    #[arg(long, value_name = "T", allow_negative_numbers = true,
          value_parser = positive)]
    pub threads: Option<u64>,

    /// Write the comparison as JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// Arguments of `lpo-sim replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Scenario file of the study [default: the embedded default scenario]
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// Master seed of the study (`lpo-sim mc --seed`)
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Index of the replicate to re-run (the `replicate` column of `mc --csv`)
    #[arg(long = "run", value_name = "K", required = true)]
    pub run: u64,

    /// Built-in strategy of the study [default: the scenario's `strategy.name`]
    #[arg(long, value_name = "NAME", value_parser = strategy_names())]
    pub strategy: Option<String>,

    /// Output format: an event log, the full months as JSON, or one CSV row per month
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Arguments of `lpo-sim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard files written by `lpo-sim mc --shard I/N --json FILE`, every shard of one study
    #[arg(value_name = "SHARD.json", required = true)]
    pub files: Vec<PathBuf>,

    /// Write the merged study file: byte-identical to what one unsharded run writes
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,

    /// Write an HTML report of the merged study
    #[arg(long, value_name = "OUT.html")]
    pub report: Option<PathBuf>,

    /// Write DIR/months.csv of the merged study (replicates.csv needs the runs themselves:
    /// use `lpo-sim mc --csv` for it)
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
}

/// Shard `index` of `count` (`--shard I/N`, 0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, `0..count`.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let expected = "expected I/N: shard I (counted from 0) of N, with 0 ≤ I < N, e.g. `0/4` \
                        for the first of four";
        let (index, count) = text.split_once('/').ok_or_else(|| expected.to_owned())?;
        let number = |part: &str| -> Result<u64, String> {
            part.trim()
                .parse()
                .map_err(|_| format!("`{part}` is not a whole number; {expected}"))
        };
        let (index, count) = (number(index)?, number(count)?);
        if count == 0 {
            return Err(format!("N must be at least 1; {expected}"));
        }
        if index >= count {
            return Err(format!(
                "shard {index} does not exist among {count} (they are 0 to {}); {expected}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
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

/// A whole number of at least 1 (`--runs`, `--threads`).
fn positive(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number of at least 1")),
    }
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
    fn shards_parse_and_bad_forms_say_what_is_expected() {
        assert_eq!("2/5".parse::<Shard>(), Ok(Shard { index: 2, count: 5 }));
        assert_eq!("0/1".parse::<Shard>().unwrap().to_string(), "0/1");
        for bad in ["3/3", "x", "1", "-1/3", "1/0", "a/b", "1/3/4"] {
            let error = bad.parse::<Shard>().unwrap_err();
            assert!(error.contains("expected I/N"), "{bad}: {error}");
        }
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
