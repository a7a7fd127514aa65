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
        play_firms: args.firms,
        ..Limits::default()
    };
    let stop = interrupt::install_serve();
    let addr = SocketAddr::new(args.bind, args.port);
    let mut printed = Ok(());
    let data = &args.data;
    let served = serve_blocking(addr, limits, data, stop, |bound| {
        printed = writeln!(
            out,
            "lpo-sim serves on http://{bound}/ (at most {} runs a study, {} studies at once, \
             {} waiting; games in {}); Ctrl-C stops it",
            limits.max_runs,
            limits.max_concurrent,
            limits.max_queued,
            data.display()
        )
        .and_then(|()| out.flush());
    });
    printed.map_err(CliError::stdout)?;
    served.map_err(|error| CliError::Usage {
        message: format!(
            "cannot serve on {addr} with the data folder `{}`: {error}",
            data.display()
        ),
        hint: "choose another --port (or --port 0 for any free one), or stop what uses it; \
               or give a --data folder that can be created and written"
            .to_owned(),
    })
}
