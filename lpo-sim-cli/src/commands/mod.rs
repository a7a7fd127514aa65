//! One module per subcommand. Each takes its parsed arguments, validates them through
//! `request.rs`, calls the library, and hands the result to a formatter.

mod analysis_files;
mod calibrate;
mod career;
mod closures;
mod compare;
mod init;
mod market;
mod mc;
mod merge;
mod params;
mod play;
mod replay;
mod run;
mod sensitivity;
mod serve;
mod study_files;
mod sweep;
mod tune;
mod validate;

use crate::args::Command;
use crate::error::CliError;
use std::io::Write;

/// Runs `command`, printing its result to `out`.
pub fn execute(command: Command, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        Command::Run(args) => run::execute(args, out),
        Command::Init(args) => init::execute(args, out),
        Command::Validate(args) => validate::execute(args, out),
        Command::Career(args) => career::execute(args, out),
        Command::Mc(args) => mc::execute(args, out),
        Command::Compare(args) => compare::execute(args, out),
        Command::Market(args) => market::execute(args, out),
        Command::Replay(args) => replay::execute(args, out),
        Command::Merge(args) => merge::execute(args, out),
        Command::Params(args) => params::execute(args, out),
        Command::Sweep(args) => sweep::execute(args, out),
        Command::Sensitivity(args) => sensitivity::execute(args, out),
        Command::Tune(args) => tune::execute(args, out),
        Command::Calibrate(args) => calibrate::execute(args, out),
        Command::Play(args) => play::execute(args, out),
        Command::ReplayGame(args) => play::replay_game(args, out),
        Command::Serve(args) => serve::execute(args, out),
    }
}
