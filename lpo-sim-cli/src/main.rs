//! `lpo-sim`: the command-line front end of lpo-sim-core.
//!
//! Kept thin: `args` parses what was typed, `request` turns it into validated library
//! objects, `commands` runs the library and renders its result with lpo-sim-report (the same
//! views an embedding program renders). Exit codes: 0 success,
//! 2 invalid input or usage, 130 interrupted by Ctrl-C, 1 anything else.

mod args;
mod commands;
mod error;
mod interrupt;
mod progress;
mod request;

use args::Cli;
use clap::Parser;
use error::CliError;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // First, so that Ctrl-C at any moment exits with 130 and removes temporary files.
    interrupt::install_handler();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` arrive here too: clap prints them to stdout and exits 0;
        // usage errors go to stderr with exit code 2.
        Err(error) => error.exit(),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let result = commands::execute(cli.command, &mut out)
        .and_then(|()| out.flush().map_err(CliError::stdout));
    // Any partial output goes out before the error message, not after it.
    drop(out);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // Ctrl-C gives 130 whatever else went wrong, a closed stdout included (`| true`).
        Err(error) if interrupt::requested() => {
            if !error.is_broken_pipe() {
                report(&error);
            }
            ExitCode::from(error::EXIT_INTERRUPTED)
        }
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

fn report(error: &CliError) {
    let mut stderr = io::stderr().lock();
    // If stderr itself is gone there is nowhere left to complain to; the exit code remains.
    let _ = writeln!(stderr, "{}: {error}", error.label());
    if let Some(hint) = error.hint() {
        let _ = writeln!(stderr, "hint: {hint}");
    }
}
