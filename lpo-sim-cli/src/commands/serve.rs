//! `lpo-sim serve`: the local web app of lpo-sim-web, until Ctrl-C.

use crate::args::ServeArgs;
use crate::error::CliError;
use crate::interrupt;
use lpo_sim_web::{Limits, serve_blocking};
use std::io::Write;
use std::net::SocketAddr;

pub fn execute(args: ServeArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let limits = Limits {
        max_runs: args.max_runs,
        max_concurrent: usize::from(args.max_concurrent),
        max_queued: usize::from(args.max_queued),
        ..Limits::default()
    };
    let stop = interrupt::install_serve();
    let addr = SocketAddr::new(args.bind, args.port);
    let mut printed = Ok(());
    let served = serve_blocking(addr, limits, stop, |bound| {
        printed = writeln!(
            out,
            "lpo-sim serves on http://{bound}/ (at most {} runs a study, {} studies at once, \
             {} waiting); Ctrl-C stops it",
            limits.max_runs, limits.max_concurrent, limits.max_queued
        )
        .and_then(|()| out.flush());
    });
    printed.map_err(CliError::stdout)?;
    served.map_err(|error| CliError::Usage {
        message: format!("cannot serve on {addr}: {error}"),
        hint: "choose another --port (or --port 0 for any free one), or stop what uses it"
            .to_owned(),
    })
}
