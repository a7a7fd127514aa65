//! Arguments of `lpo-sim play` and `lpo-sim replay-game`.

use super::{ScenarioArgs, positive, seed};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `lpo-sim play`.
#[derive(Debug, Args)]
#[command(
    after_help = "Type commands on standard input, one a line: `next` plays a period, \
                        `help` lists the changes you can make, `quit` (or end of input) saves \
                        and stops. The game is saved after every period; continue it with \
                        `lpo-sim play --resume FILE`, and replay a game with `lpo-sim \
                        replay-game FILE`."
)]
pub struct PlayArgs {
    /// The scenario and `--set` changes to it (a new game only).
    #[command(flatten)]
    pub input: ScenarioArgs,

    /// Seed of the firm's luck (a new game only) [default: 1]
    #[arg(long, allow_negative_numbers = true, value_parser = seed, value_name = "S")]
    pub seed: Option<u64>,

    /// Start a new game and save it to FILE after every period (FILE must not exist)
    #[arg(long, value_name = "FILE", conflicts_with = "resume")]
    pub save: Option<PathBuf>,

    /// Continue the game saved in FILE, saving it there
    #[arg(long, value_name = "FILE")]
    pub resume: Option<PathBuf>,

    /// Months per period (a new game only), 1 to 120 [default: 3]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = positive)]
    pub period_months: Option<u64>,

    /// Firms of each built-in strategy your firm is compared with (the odds from here, and
    /// the standing at the end)
    #[arg(long, value_name = "N", default_value_t = 1000, allow_negative_numbers = true,
          value_parser = positive)]
    pub firms: u64,
}

/// Arguments of `lpo-sim replay-game`.
#[derive(Debug, Args)]
pub struct ReplayGameArgs {
    /// A game saved by `lpo-sim play`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Firms of each built-in strategy the firm is compared with (as in the game)
    #[arg(long, value_name = "N", default_value_t = 1000, allow_negative_numbers = true,
          value_parser = positive)]
    pub firms: u64,
}
