//! Arguments of `lpo-sim calibrate`: checking a scenario against the published figures, and
//! history matching (whole, or a wave at a time in shards).

use super::{Assignment, ScenarioArgs, Shard, ThreadsArgs, positive, search_size};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Default waves of `calibrate run`/`init`: the settings of the history match the shipped
/// defaults come from (MODEL.md §15).
pub const DEFAULT_WAVES: u64 = 8;
/// Default design points per wave.
pub const DEFAULT_POINTS: u64 = 1500;
/// Default firms per design point.
pub const DEFAULT_RUNS_PER_POINT: u64 = 1024;
/// Default master seed of a history match.
pub const DEFAULT_SEED: u64 = 7;

/// Arguments of `lpo-sim calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: CalibrateCommand,
}

/// The subcommands of `lpo-sim calibrate`.
#[derive(Debug, Subcommand)]
pub enum CalibrateCommand {
    /// Check a scenario against the published figures (MODEL.md §15): each target's estimate
    /// with its 95 % interval, the published range, inside or outside.
    Check(CalibrateCheckArgs),
    /// History matching: run every wave over the assumed parameters and write the ensemble
    /// of plausible parameter sets.
    Run(CalibrateRunArgs),
    /// Write a calibration file with its settings and no wave yet, to run the waves in shards
    /// (`calibrate wave`, `calibrate merge`).
    Init(CalibrateInitArgs),
    /// Run shard I of N of the next wave of a calibration file.
    Wave(CalibrateWaveArgs),
    /// Merge every shard of one wave into the calibration file with that wave appended.
    Merge(CalibrateMergeArgs),
    /// Why firms close: the hazard by year of age to ten years, closure by profit quintile in
    /// late months, recessions against expansions (out-of-sample checks), and survival at
    /// seven and ten years against published figures (matched targets; MODEL.md §15.5).
    Closures(CalibrateClosuresArgs),
    /// Check every member of a validated calibration file's ensemble once more on fresh seeds
    /// (MODEL.md §15.3, held-out seeds): how many stay plausible on luck no step of the
    /// history match saw.
    Holdout(CalibrateHoldoutArgs),
}

/// Arguments of `lpo-sim calibrate holdout`.
#[derive(Debug, Args)]
pub struct CalibrateHoldoutArgs {
    /// A finished, validated calibration file (`calibrate run --out`)
    #[arg(value_name = "FILE.json")]
    pub file: PathBuf,

    /// Firms per member
    #[arg(long, value_name = "N", default_value_t = 4096,
          value_parser = clap::value_parser!(u64).range(2..=1_000_000))]
    pub runs: u64,

    /// Master seed of the firms [default: the file's seed + 2,000,029, as `calibrate run`'s
    /// own held-out check]
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,

    /// Worker threads
    #[arg(long, value_name = "T")]
    pub threads: Option<usize>,
}

/// Default horizon of `calibrate closures`: ten years, the longest published cohort figure.
pub const DEFAULT_CLOSURES_HORIZON: u32 = 120;

/// Arguments of `lpo-sim calibrate closures`.
#[derive(Debug, Args)]
#[command(
    after_help = "A firm-month's profit is its operating profit before the founder's pay,                         averaged over the firm's last 12 months (fewer at first). An end is                         insolvency or a closure by the founder. With --strict, exit code 1                         when survival at seven or ten years lies outside its published range or                         could not be measured (no firm open at seven years)."
)]
pub struct CalibrateClosuresArgs {
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Months each firm runs (replaces the scenario's horizon)
    #[arg(long, value_name = "MONTHS", default_value_t = DEFAULT_CLOSURES_HORIZON,
          value_parser = clap::value_parser!(u32).range(12..=600))]
    pub horizon: u32,

    /// First and last month (from 1) whose firm-months are ranked by profit
    /// [default: month 49 to the horizon]
    #[arg(long, value_name = "FIRST:LAST")]
    pub late: Option<String>,

    /// Firms simulated
    #[arg(long, value_name = "N", default_value_t = 16384, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Master seed: firm k runs with a seed derived from (seed, k)
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Worker threads.
    #[command(flatten)]
    pub workers: ThreadsArgs,

    /// Write the profile as JSON (`-`: print it to standard output instead of the tables)
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<PathBuf>,

    /// Exit with code 1 when survival at seven or ten years is outside its published range
    #[arg(long)]
    pub strict: bool,

    /// Also profile every member of this calibration file's ensemble (the same seeds), one
    /// line each: hazard by year, late closure by profit, size
    #[arg(long, value_name = "FILE.json")]
    pub ensemble: Option<PathBuf>,
}

/// Arguments of `lpo-sim calibrate check`.
#[derive(Debug, Args)]
#[command(
    after_help = "The check is a report: exit code 0 whatever the verdicts, unless \
                        --strict is given: then 1 when any target is outside its range (or not \
                        measured). Ctrl-C \
                        stops after the rounds of 4,096 firms already finished and prints and \
                        writes their check, marked partial (exit code 130)."
)]
pub struct CalibrateCheckArgs {
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Targets file (TOML, as lpo-sim-core/src/calibration/targets.toml) [default: the
    /// embedded targets]
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,

    /// Firms simulated (replicates of the scenario's strategy)
    #[arg(long, value_name = "N", default_value_t = 4096, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Master seed: firm k runs with a seed derived from (seed, k)
    #[arg(long, allow_negative_numbers = true, value_parser = super::seed, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Worker threads.
    #[command(flatten)]
    pub workers: ThreadsArgs,

    /// Write the check as JSON (`-`: print it to standard output instead of the table)
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<PathBuf>,

    /// Write an HTML report: model against range per target, survival against the published
    /// points
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,

    /// Exit with code 1 when any target is outside its published range
    #[arg(long, alias = "require-inside")]
    pub strict: bool,
}

/// The settings of a history match, shared by `calibrate run` and `calibrate init`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Priors file: the calibrated parameters and their ranges (TOML, as
    /// lpo-sim-core/src/calibration/priors.toml) [default: the embedded priors]
    #[arg(long, value_name = "FILE")]
    pub priors: Option<PathBuf>,

    /// Targets file [default: the embedded targets]
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,

    /// Waves
    #[arg(long, value_name = "N", default_value_t = DEFAULT_WAVES,
          allow_negative_numbers = true, value_parser = search_size)]
    pub waves: u64,

    /// Design points per wave
    #[arg(long, value_name = "N", default_value_t = DEFAULT_POINTS,
          allow_negative_numbers = true, value_parser = search_size)]
    pub points: u64,

    /// Firms simulated at each point (the same replicate seeds at every point)
    #[arg(long = "runs-per-point", alias = "runs", value_name = "N", default_value_t = DEFAULT_RUNS_PER_POINT,
          allow_negative_numbers = true, value_parser = search_size)]
    pub runs: u64,

    /// Master seed: of the replicate seeds and of every wave's design
    #[arg(long, allow_negative_numbers = true, value_parser = super::seed, value_name = "S", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
}

/// Arguments of `lpo-sim calibrate run`.
#[derive(Debug, Args)]
#[command(
    after_help = "A parameter is called pinned when the plausible parameter sets' \
                        standard deviation is below 0.7 of a uniform prior's, free otherwise. \
                        Ctrl-C stops after \
                        the waves already finished: the file is written with them and the exit \
                        code is 130. The same settings give the same file, byte for byte, on \
                        any --threads, and the same as `calibrate init` + `calibrate wave` + \
                        `calibrate merge` wave after wave."
)]
pub struct CalibrateRunArgs {
    /// The base scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Priors, targets, waves, points, runs, seed.
    #[command(flatten)]
    pub history: HistoryArgs,

    /// Worker threads.
    #[command(flatten)]
    pub workers: ThreadsArgs,

    /// Write the calibration file (settings, targets, priors, every wave and the plausible
    /// parameter sets) as JSON
    #[arg(long, value_name = "ENSEMBLE.json", required = true)]
    pub out: PathBuf,
}

/// Arguments of `lpo-sim calibrate init`.
#[derive(Debug, Args)]
pub struct CalibrateInitArgs {
    /// The base scenario and `--set` changes to it (`calibrate wave` needs the same one).
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Priors, targets, waves, points, runs, seed.
    #[command(flatten)]
    pub history: HistoryArgs,

    /// Write the calibration file, with no wave yet
    #[arg(long, value_name = "FILE.json", required = true)]
    pub out: PathBuf,
}

/// Arguments of `lpo-sim calibrate wave`.
#[derive(Debug, Args)]
#[command(
    after_help = "The wave's design depends only on the file (its settings and the \
                        waves already in it), so every shard computes the same design and runs \
                        its own share of the points. Ctrl-C quits without writing."
)]
pub struct CalibrateWaveArgs {
    /// The calibration file whose next wave runs (from `calibrate init`, `calibrate merge` or
    /// an interrupted `calibrate run`)
    #[arg(value_name = "FILE.json")]
    pub from: PathBuf,

    /// The base scenario the calibration file was made from [default: the embedded default
    /// scenario]
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// The same `--set PATH=VALUE` changes the calibration file was made with (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = Assignment::parse)]
    pub set: Vec<Assignment>,

    /// Run only shard I of N (0-based) of the wave's points: points I·P/N to (I+1)·P/N
    /// [default: 0/1, the whole wave]
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,

    /// Worker threads.
    #[command(flatten)]
    pub workers: ThreadsArgs,

    /// Write the shard's part file
    #[arg(long, value_name = "PART.json", required = true)]
    pub out: PathBuf,
}

/// Arguments of `lpo-sim calibrate merge`.
#[derive(Debug, Args)]
pub struct CalibrateMergeArgs {
    /// The calibration file the wave ran from (optional: every part holds it too), then the
    /// part files written by `calibrate wave FILE.json --shard I/N`, every shard of one wave
    #[arg(value_name = "FILE.json|PART.json", required = true)]
    pub files: Vec<PathBuf>,

    /// Write the calibration file with the merged wave appended (may be the FILE.json given,
    /// which is then replaced atomically)
    #[arg(long, value_name = "FILE.json", required = true)]
    pub out: PathBuf,
}
