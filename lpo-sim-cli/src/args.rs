//! Step one: what the user typed, parsed by clap and nothing more. Turning these values into
//! library objects (loading the scenario, naming the strategy) happens in `request.rs`, so
//! that every check that needs the model lives in one place.

mod calibrate;
mod play;
mod serve;

pub use play::{PlayArgs, ReplayGameArgs};
pub use serve::ServeArgs;

pub use calibrate::{
    CalibrateArgs, CalibrateCheckArgs, CalibrateClosuresArgs, CalibrateCommand,
    CalibrateHoldoutArgs, CalibrateInitArgs, CalibrateMergeArgs, CalibrateRunArgs,
    CalibrateWaveArgs, HistoryArgs,
};

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use lpo_sim_core::BuiltinStrategy;
use lpo_sim_core::mc::PrecisionTarget;
use lpo_sim_core::params::read_any_written_number;
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
    /// Write the commented default scenario (or with --minimal a short one), to edit and pass
    /// to the other commands.
    Init(InitArgs),
    /// Check a scenario file: syntax, field names, types and every value's range.
    Validate(ValidateArgs),
    /// Simulate the founder's career month by month and print the founder it produces.
    Career(CareerArgs),
    /// Run many firms (a Monte Carlo study) and print the odds and spread of every outcome.
    Mc(McArgs),
    /// Run several strategies on the same seeds and compare them pair by pair.
    Compare(CompareArgs),
    /// Put rival firms in one market (MODEL.md §5.8): they share the prospects and the
    /// economy, prospects choose among them on trust and price, clients switch.
    Market(MarketArgs),
    /// Re-run one replicate of a Monte Carlo study and print what happened month by month.
    Replay(ReplayArgs),
    /// Merge the shard files of one study (`lpo-sim mc --shard I/N --json`, or `lpo-sim market
    /// --shard I/N --out`) into one.
    Merge(MergeArgs),
    /// List every numeric parameter by dotted path, with its value, unit and valid range.
    Params(ParamsArgs),
    /// Run a study at every point of a grid (or Latin hypercube) of parameter values.
    Sweep(SweepArgs),
    /// Rank parameters by their effect on a metric: tornado chart and Morris screening.
    Sensitivity(SensitivityArgs),
    /// Search parameter values that optimise a metric under uncertainty, with constraints.
    Tune(TuneArgs),
    /// Check the model against published figures, and history-match its assumptions.
    Calibrate(CalibrateArgs),
    /// Run a firm yourself, a quarter at a time, from the terminal (commands on stdin).
    Play(PlayArgs),
    /// Re-run a game saved by `lpo-sim play` and print it, period by period.
    ReplayGame(ReplayGameArgs),
    /// A local web app: describe a founder in a form, read the study's verdict and report,
    /// download it; compare two situations side by side (127.0.0.1 only by default).
    Serve(ServeArgs),
}

/// The scenario a command runs, and changes to it: shared by every command that loads one.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// Scenario file (TOML, or JSON when it ends in .json) [default: the embedded default
    /// scenario, as printed by `lpo-sim init`]
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<PathBuf>,

    /// Set a parameter by its dotted path before the scenario is validated, e.g.
    /// `--set strategy.rule.hiring_rigor=4 --set horizon_months=24` (repeatable; yes/no
    /// switches take true/false or 1/0, money 30k or 1.5M, shares and probabilities 2.5%);
    /// `lpo-sim params` lists every path and its range
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = Assignment::parse)]
    pub set: Vec<Assignment>,

    /// Automation preset (MODEL.md §5.7): `none` (no generative AI, the historical world the
    /// defaults are calibrated on), `central` or `fast`; it replaces the scenario's whole
    /// `[ai]` section, before any --set [default: the scenario's `[ai]`, off unless the file
    /// sets it]
    #[arg(long, value_enum, value_name = "PRESET")]
    pub ai: Option<AiChoice>,
}

/// `--ai`: an automation preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AiChoice {
    /// No generative AI: the historical world.
    None,
    /// The central adoption path.
    Central,
    /// A fast adoption path.
    Fast,
}

impl AiChoice {
    /// The library's preset.
    pub fn preset(self) -> lpo_sim_core::AiPreset {
        match self {
            AiChoice::None => lpo_sim_core::AiPreset::None,
            AiChoice::Central => lpo_sim_core::AiPreset::Central,
            AiChoice::Fast => lpo_sim_core::AiPreset::Fast,
        }
    }
}

/// `--set PATH=VALUE`, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Dotted path.
    pub path: String,
    /// The value read as any number (`30k` as 30000, `2.5%` as 0.025, a yes/no switch as 1
    /// or 0); request.rs checks that the parameter's unit takes the form it was written in.
    pub value: f64,
    /// The value as typed, for messages and labels.
    pub text: String,
}

impl Assignment {
    /// Parses `PATH=VALUE`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let expected = "expected PATH=VALUE, e.g. `workforce.attrition.base_monthly=0.02`";
        let (path, value) = text.split_once('=').ok_or_else(|| expected.to_owned())?;
        let (path, value) = (path.trim(), value.trim());
        if path.is_empty() {
            return Err(format!("no parameter path before `=`; {expected}"));
        }
        // Read here as any number (`30k`, `2.5%`); whether the parameter's unit takes the
        // form is checked when the parameter is known (request.rs).
        let number = match value {
            "true" | "yes" => 1.0,
            "false" | "no" => 0.0,
            _ => read_any_written_number(value).ok_or_else(|| {
                format!(
                    "`{value}` is not a number: write e.g. 0.02, 12, 30k or 1.5M (money), \
                     2.5% (shares), true/false (switches); {expected}"
                )
            })?,
        };
        Ok(Assignment {
            path: path.to_owned(),
            value: number,
            text: value.to_owned(),
        })
    }
}

impl fmt::Display for Assignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.path, self.text)
    }
}

/// `--threads` of the commands that run studies (`mc`, `compare` and the analyses).
#[derive(Debug, Args)]
pub struct ThreadsArgs {
    /// Worker threads [default: one per core]
    #[arg(long, value_name = "T", allow_negative_numbers = true,
          value_parser = thread_count)]
    pub threads: Option<u64>,
}

/// Arguments of `lpo-sim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Seed of every random draw; the same seed gives the same run
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "N", default_value_t = 1)]
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

    /// Write a short template of what a founder would change (savings, knowledge, law degree,
    /// experience, loan, strategy) instead of every parameter; every scenario file is an
    /// overlay on the default, so what it leaves out keeps its default
    #[arg(long)]
    pub minimal: bool,
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
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Seed of every random draw; the same seed gives the same career (with --runs: the
    /// master seed, career k runs with a seed derived from (seed, k))
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "N", default_value_t = 1)]
    pub seed: u64,

    /// Simulate N careers and print the distribution of months to founding and of the
    /// founder profile, instead of one career month by month
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = positive)]
    pub runs: Option<u64>,

    /// Worker threads with --runs [default: one per core]
    #[arg(long, value_name = "T", allow_negative_numbers = true,
          value_parser = thread_count)]
    pub threads: Option<u64>,

    /// With --runs: write the distribution as JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Output format (with --runs: table or json)
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
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Replicates in the study (with --until: the most to run)
    #[arg(long, value_name = "N", default_value_t = 10_000, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Master seed: replicate k runs with a seed derived from (seed, k), so results do not
    /// depend on --threads or --shard
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Worker threads.
    #[command(flatten)]
    pub workers: ThreadsArgs,

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

    /// Simulate each replicate end to end: the founder's career under the scenario's
    /// `[career.plan]` first, then the firm that founder starts (with the profile the career
    /// produced instead of the scenario's `[founder]`); adds the career's distribution to the
    /// output. Not with --shard or --until (`lpo-sim replay` re-runs the firms of plain
    /// studies only)
    #[arg(long)]
    pub lifecycle: bool,

    /// Run each replicate with a plausible parameter set drawn (from the seed) among the
    /// members of this calibration file (`lpo-sim calibrate run --out FILE`); adds the odds
    /// across those plausible worlds, pooled and their spread across members
    #[arg(long, value_name = "FILE.json")]
    pub ensemble: Option<PathBuf>,
}

/// Arguments of `lpo-sim compare`.
#[derive(Debug, Args)]
#[command(
    after_help = "Arms: give exactly one of two or more scenario files, two or more \
                        --strategy, or one or more --variant. The first arm is the baseline \
                        (with --variant: the scenario as given, named `baseline`), and every \
                        other arm is compared with it. Every arm runs the same replicate seeds \
                        (common random numbers), so each difference is paired: arm − \
                        baseline over the same seeds, with its 95 % interval. Career plans: \
                        add --lifecycle and vary `career.plan.*`, e.g. `--lifecycle --variant \
                        \"degree: career.plan.earn_degree=true\"`. Ctrl-C stops after the \
                        rounds already finished and prints and writes their results, marked \
                        partial (exit code 130)."
)]
pub struct CompareArgs {
    /// Scenario files (TOML, or JSON when it ends in .json): two or more are the arms, the
    /// first the baseline; one is the scenario every --strategy or --variant arm starts from
    /// [default: the embedded default scenario]
    #[arg(value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,

    /// Set a parameter in every arm, before the arms' own changes, e.g. `--set
    /// horizon_months=24` (repeatable); `lpo-sim params` lists every path and its range
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = Assignment::parse)]
    pub set: Vec<Assignment>,

    /// A strategy to compare; give at least two (`--strategy cautious --strategy aggressive`),
    /// or one to run every scenario or variant arm with it [default: each arm's
    /// `strategy.name`]
    #[arg(long = "strategy", value_name = "NAME", value_parser = strategy_names())]
    pub strategies: Vec<String>,

    /// An arm made of the scenario with some parameters changed, compared with the scenario as
    /// given (the baseline): `NAME: PATH=VALUE PATH=VALUE ...`, e.g. `--variant "lean:
    /// founder.savings=15000 strategy.rule.hiring_rigor=4"` (repeatable, one arm each)
    #[arg(long = "variant", value_name = "NAME: PATH=VALUE ...", value_parser = Variant::parse)]
    pub variants: Vec<Variant>,

    /// Simulate each replicate end to end in every arm (as `mc --lifecycle`): the founder's
    /// career under the arm's `[career.plan]`, then the firm that founder starts; compares
    /// career plans when the arms differ in `career.plan.*`
    #[arg(long)]
    pub lifecycle: bool,

    /// Replicates: every arm runs the same replicate seeds
    #[arg(long, value_name = "N", default_value_t = 10_000, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Master seed of the replicate seeds
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Worker threads.
    #[command(flatten)]
    pub workers: ThreadsArgs,

    /// Write the comparison as JSON: every arm's statistics and each arm's paired differences
    /// from the baseline
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Write one CSV row per arm and measure: its value and its paired difference from the
    /// baseline with the 95 % interval
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Write an HTML report: the paired differences with their intervals, and each arm's
    /// survival curve
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,

    /// Run each replicate with a plausible parameter set of this calibration file, the same
    /// one for every arm (as `mc --ensemble`); parameters the arms set themselves keep the
    /// arms' values; adds each arm's odds across those plausible worlds
    #[arg(long, value_name = "FILE.json")]
    pub ensemble: Option<PathBuf>,
}

/// Arguments of `lpo-sim market`.
#[derive(Debug, Args)]
#[command(
    after_help = "Each --firm is a strategy with optional changes to its own scenario: \
                  `--firm cautious --firm aggressive:founder.savings=15000`. --tournament \
                  enters the four built-in strategies. Market parameters are set with `--set \
                  market.NAME=VALUE` (shop_share, beta_trust, beta_price, switch_share); the \
                  horizon, market size, demand cycle and automation's path belong to the \
                  market and must be set for all (`--set`, before the firms' own changes). \
                  Results are the same bits for any --threads and any --shard split: run \
                  `--shard I/N --out FILE` on each machine, then `lpo-sim merge FILE...` prints \
                  and writes what the whole run would. Ctrl-C stops after the rounds already \
                  finished and prints and writes their results, marked partial (exit code \
                  130); a second Ctrl-C quits at once without writing anything."
)]
pub struct MarketArgs {
    /// The scenario every firm starts from, and `--set` changes (also `market.*`).
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// A firm: `STRATEGY[:PATH=VALUE,...]` (repeatable; entry order is the firms' order)
    #[arg(long = "firm", value_name = "STRATEGY[:PATH=VALUE,...]")]
    pub firms: Vec<String>,

    /// Enter the four built-in strategies (after any --firm)
    #[arg(long)]
    pub tournament: bool,

    /// Also run each firm alone on the same replicate seeds, for comparison
    #[arg(long)]
    pub alone: bool,

    /// Replicates of the whole market
    #[arg(long, value_name = "N", default_value_t = 1000, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Master seed of the replicate seeds
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Worker threads.
    #[command(flatten)]
    pub workers: ThreadsArgs,

    /// Write the study as JSON: per-firm and market statistics and the mergeable state
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Write one CSV row per firm: its odds with their intervals, its shares and price
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Write an HTML report: the firms in one market and, with --alone, each firm alone
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,

    /// Write the market study file (manifest, mergeable state, digest): what `lpo-sim merge`
    /// combines
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Run only shard I of N (0-based) of the study: replicates I·R/N to (I+1)·R/N of the R =
    /// --runs; combine the shards' --out files with `lpo-sim merge`
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
}

/// `--variant "NAME: PATH=VALUE ..."`, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The arm's name.
    pub name: String,
    /// Its changes, in order.
    pub changes: Vec<Assignment>,
}

impl Variant {
    /// Parses `NAME: PATH=VALUE PATH=VALUE ...` (changes separated by spaces or commas).
    pub fn parse(text: &str) -> Result<Self, String> {
        let expected = "expected `NAME: PATH=VALUE ...`, e.g. `lean: founder.savings=15000 \
                        strategy.rule.hiring_rigor=4`";
        let (name, changes) = text
            .split_once(':')
            .ok_or_else(|| format!("no `:` after the arm's name; {expected}"))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("no name before `:`; {expected}"));
        }
        // `a = 1` is one change: spaces around `=` do not separate changes.
        let changes: Vec<&str> = changes.split('=').map(str::trim).collect();
        let changes = changes.join("=");
        let changes = changes
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|part| !part.is_empty())
            .map(|part| {
                Assignment::parse(part).map_err(|why| format!("`{part}`: {why}; {expected}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if changes.is_empty() {
            return Err(format!(
                "arm `{name}` changes nothing, so it would be the baseline again; {expected}"
            ));
        }
        Ok(Variant {
            name: name.to_owned(),
            changes,
        })
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let changes: Vec<String> = self.changes.iter().map(ToString::to_string).collect();
        write!(f, "{}: {}", self.name, changes.join(" "))
    }
}

/// Arguments of `lpo-sim replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Master seed of the study (`lpo-sim mc --seed`)
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "S", default_value_t = 1)]
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

    /// The calibration file the study ran over (`mc --ensemble FILE`): the replicate runs
    /// with the plausible parameter set the study drew for it
    #[arg(long, value_name = "FILE.json")]
    pub ensemble: Option<PathBuf>,
}

/// Arguments of `lpo-sim merge`.
#[derive(Debug, Args)]
#[command(
    after_help = "Merges either the study files of `lpo-sim mc --shard I/N --json FILE` or the \
                  market study files of `lpo-sim market --shard I/N --out FILE` (told apart by \
                  their content). For market files, --json, --csv FILE and --report write what \
                  the unsharded `lpo-sim market` writes, byte for byte, and --out the merged \
                  market study file."
)]
pub struct MergeArgs {
    /// Shard files written by `lpo-sim mc --shard I/N --json FILE` (or by `lpo-sim market
    /// --shard I/N --out FILE`), every shard of one study
    #[arg(value_name = "SHARD.json", required = true)]
    pub files: Vec<PathBuf>,

    /// Market study files only: write the merged market study file, byte-identical to what
    /// one unsharded `lpo-sim market --out` writes
    #[arg(long, value_name = "OUT")]
    pub out: Option<PathBuf>,

    /// Write the merged study file: byte-identical to what one unsharded run writes
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,

    /// Write an HTML report of the merged study
    #[arg(long, value_name = "OUT.html")]
    pub report: Option<PathBuf>,

    /// Write DIR/months.csv of the merged study (replicates.csv needs the runs themselves:
    /// use `lpo-sim mc --csv` for it); for market files, the FILE of one row per firm
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
}

/// Arguments of `lpo-sim params`.
#[derive(Debug, Args)]
pub struct ParamsArgs {
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Only the parameters whose path contains this text (e.g. `attrition`)
    #[arg(long, value_name = "SUBSTRING")]
    pub filter: Option<String>,
}

/// Settings shared by the analyses (`sweep`, `sensitivity`, `tune`): the studies each point
/// runs.
#[derive(Debug, Args)]
pub struct StudyArgs {
    /// Master seed of the replicate seeds, the same at every point
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Worker threads.
    #[command(flatten)]
    pub workers: ThreadsArgs,

    /// Built-in strategy that runs every firm, built at each point from that point's
    /// `strategy.rule.*` [default: the scenario's `strategy.name`]
    #[arg(long, value_name = "NAME", value_parser = strategy_names())]
    pub strategy: Option<String>,

    /// Run each replicate with a plausible parameter set of this calibration file (as `mc
    /// --ensemble`), replicate k with the same one in every study; the parameters the
    /// analysis varies keep its values, so its figures are pooled across the plausible worlds
    #[arg(long, value_name = "FILE.json")]
    pub ensemble: Option<PathBuf>,
}

/// Arguments of `lpo-sim sweep`.
#[derive(Debug, Args)]
#[command(
    after_help = "Every point runs the same replicate seeds (common random numbers), \
                        so differences between points are less noisy than each point's \
                        interval, but not free of noise. Metrics: p_bankrupt, p_open, p_break_even, mean:<outcome>, \
                        median:<outcome>, p<1-99>:<outcome>, cvar5:final_cash; outcomes are \
                        the columns of `lpo-sim mc`. Ctrl-C stops at once without writing."
)]
pub struct SweepArgs {
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// A parameter to vary: `PATH=LO:HI` (both ends) or `PATH=LO:HI:STEP` (LO, LO+STEP, …,
    /// up to HI); repeat for more parameters (a full grid of every combination)
    #[arg(long = "param", value_name = "PATH=LO:HI[:STEP]", required = true)]
    pub params: Vec<String>,

    /// Instead of the full grid, N points of a Latin hypercube over the ranges (steps are
    /// then ignored)
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = search_size)]
    pub lhs: Option<u64>,

    /// Seed of the Latin hypercube's draws
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "S", default_value_t = 1, requires = "lhs")]
    pub lhs_seed: u64,

    /// What to measure at each point, e.g. `p_bankrupt` or `median:final_cash`
    #[arg(long, value_name = "NAME", required = true)]
    pub metric: String,

    /// Replicates at each point
    #[arg(long, value_name = "N", default_value_t = 1000, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Seed, threads, strategy.
    #[command(flatten)]
    pub study: StudyArgs,

    /// Write the table as CSV (one row per point)
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Write the sweep as JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Write an HTML report: a heatmap for two parameters, a line chart with the 95 % band
    /// for one
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// Arguments of `lpo-sim sensitivity`.
#[derive(Debug, Args)]
#[command(
    after_help = "Cost: 2·F+1 tornado studies plus R·(F+1) Morris studies of --runs \
                  replicates each, for F factors and R = --morris-trajectories. Without \
                  --param every numeric parameter whose value is not 0 is a factor, except \
                  the career.* ones (these studies do not simulate the career) and those that \
                  cannot move alone (the lines' lead shares, which must sum to 1): about 130 \
                  on the default scenario, some 800 studies. The plan is printed before it \
                  starts. Every study runs the same replicate seeds (common random numbers). \
                  Ctrl-C stops at once without writing."
)]
pub struct SensitivityArgs {
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// What to measure, e.g. `p_bankrupt` or `median:final_cash`
    #[arg(long, value_name = "NAME", required = true)]
    pub metric: String,

    /// A factor: `PATH` (its value ± --spread) or `PATH=LO:HI` (that range); repeat for more
    /// [default: every numeric parameter whose value is not 0, less career.* and the lines'
    /// lead shares]
    #[arg(long = "param", value_name = "PATH[=LO:HI]")]
    pub params: Vec<String>,

    /// Each factor without its own range goes from value·(1 − spread) to value·(1 + spread),
    /// within its allowed range (whole-number parameters move by at least 1)
    #[arg(
        long,
        value_name = "SHARE",
        default_value_t = 0.2,
        allow_negative_numbers = true
    )]
    pub spread: f64,

    /// Morris trajectories (R); each costs F+1 studies
    #[arg(long, value_name = "R", default_value_t = 4, allow_negative_numbers = true,
          value_parser = search_size)]
    pub morris_trajectories: u64,

    /// Replicates per study
    #[arg(long, value_name = "N", default_value_t = 500, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Seed, threads, strategy (the seed also draws the Morris trajectories).
    #[command(flatten)]
    pub study: StudyArgs,

    /// Write both tables as JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Write one CSV row per factor: its tornado bar and Morris effects
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// Write an HTML report: tornado chart (top 20) and Morris μ*–σ chart
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// Arguments of `lpo-sim tune`.
#[derive(Debug, Args)]
#[command(
    after_help = "Cross-entropy search: each iteration draws --population candidates \
                        from normal distributions within the bounds, measures each on the same \
                        --runs replicate seeds, and moves the distributions towards the best \
                        --elite share. The best candidate and the starting values are then \
                        measured again on --validation-runs fresh seeds the search never saw: \
                        a result much worse there than in training was overfitted to the \
                        training seeds. The same settings give the same result. Ctrl-C stops \
                        at once without writing."
)]
pub struct TuneArgs {
    /// The scenario and `--set` changes to it.
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// A parameter to search and its bounds: `PATH=LO:HI` (repeat for more)
    #[arg(long = "param", value_name = "PATH=LO:HI", required = true)]
    pub params: Vec<String>,

    /// What to optimise, e.g. `maximise median:final_cash subject to p_bankrupt <= 0.05` or
    /// `max p_open` (`minimise`/`min`, `s.t.`, constraints joined by `and`)
    #[arg(long, value_name = "EXPR", required = true)]
    pub objective: String,

    /// Iterations of the search
    #[arg(long, value_name = "N", default_value_t = 8, allow_negative_numbers = true,
          value_parser = search_size)]
    pub iterations: u64,

    /// Candidates per iteration (at least 2)
    #[arg(long, value_name = "N", default_value_t = 12, allow_negative_numbers = true,
          value_parser = search_size)]
    pub population: u64,

    /// Share of each iteration's candidates kept as the elite (0 to 1; at least 2 are kept)
    #[arg(
        long,
        value_name = "SHARE",
        default_value_t = 0.25,
        allow_negative_numbers = true
    )]
    pub elite: f64,

    /// Replicates per candidate (the same seeds for every candidate)
    #[arg(long, value_name = "N", default_value_t = 500, allow_negative_numbers = true,
          value_parser = positive)]
    pub runs: u64,

    /// Replicates of the final check on fresh seeds
    #[arg(long, value_name = "N", default_value_t = 4000, allow_negative_numbers = true,
          value_parser = positive)]
    pub validation_runs: u64,

    /// Seed, threads, strategy (the seed also drives the search's draws).
    #[command(flatten)]
    pub study: StudyArgs,

    /// Write the result, the trace and the validation as JSON
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// Write an HTML report: the search converging, iteration by iteration, and its winner
    /// against the starting values on the training and the fresh seeds
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
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

impl From<Format> for lpo_sim_report::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Table => lpo_sim_report::Format::Text,
            Format::Json => lpo_sim_report::Format::Json,
            Format::Csv => lpo_sim_report::Format::Csv,
        }
    }
}

/// A whole number of at least 1 (`--runs`, `--threads`).
fn positive(text: &str) -> Result<u64, String> {
    bounded(text, MAX_REPLICATES)
}

/// `--seed`: any whole number from 0 to 2^64 − 1. Negative numbers reach this parser (not
/// clap's "use -- -1" tip) so that the message says what a seed is.
fn seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "`{text}` is not a seed: seeds are whole numbers from 0 to {} (2^64 − 1), e.g. \
             --seed 7; the same seed gives the same results",
            u64::MAX
        )
    })
}

/// `--threads`: from 1 to [`max_threads`].
fn thread_count(text: &str) -> Result<u64, String> {
    let max = max_threads();
    bounded(text, max).map_err(|why| {
        format!(
            "{why} ({THREADS_PER_CORE} per core on this machine); results do not depend on \
             --threads, only the speed does"
        )
    })
}

/// Threads per core that `--threads` may ask for. More only adds switching and memory (each
/// thread holds its own accumulators), and thousands of threads take seconds to start and
/// to stop on Ctrl-C; a few per core still allow for cores the OS does not report.
const THREADS_PER_CORE: u64 = 4;

/// Most worker threads: [`THREADS_PER_CORE`] per core the OS lets this process use.
pub fn max_threads() -> u64 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    THREADS_PER_CORE * cores as u64
}

/// Most replicates a study may ask for (far beyond any machine's patience, far below overflow).
const MAX_REPLICATES: u64 = 1_000_000_000_000;

/// Most points, trajectories, iterations or candidates a search may ask for.
const MAX_SEARCH_SIZE: u64 = 1_000_000;

/// A search size: a whole number from 1 to a million.
fn search_size(text: &str) -> Result<u64, String> {
    bounded(text, MAX_SEARCH_SIZE)
}

fn bounded(text: &str, max: u64) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) if n > max => Err(format!("must be at most {max}")),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number from 1 to {max}")),
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
    fn variants_parse_a_name_and_changes_and_bad_forms_say_what_is_expected() {
        let v = Variant::parse(" lean : founder.savings=15000, horizon_months = 24").unwrap();
        assert_eq!(v.name, "lean");
        let changes: Vec<String> = v.changes.iter().map(ToString::to_string).collect();
        assert_eq!(changes, ["founder.savings=15000", "horizon_months=24"]);
        assert_eq!(
            v.to_string(),
            "lean: founder.savings=15000 horizon_months=24"
        );
        for bad in ["lean", ": a=1", "lean:", "lean: a", "lean: a=x"] {
            let error = Variant::parse(bad).unwrap_err();
            assert!(error.contains("NAME: PATH=VALUE"), "{bad}: {error}");
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
