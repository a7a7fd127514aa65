//! One module per subcommand. Each takes its parsed arguments, validates them through
//! `request.rs`, calls the library, and hands the result to a formatter.

mod career;
mod compare;
mod init;
mod mc;
mod merge;
mod replay;
mod run;
mod study_files;
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
        Command::Replay(args) => replay::execute(args, out),
        Command::Merge(args) => merge::execute(args, out),
    }
}
