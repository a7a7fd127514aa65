//! `lpo-sim serve`: the local web app of lpo-sim-web, until Ctrl-C.

use crate::args::ServeArgs;
use crate::error::CliError;
use crate::interrupt;
use crate::request::{LoadedEnsemble, LoadedScenario};
use lpo_sim_web::{Limits, PlausibleWorlds, serve_blocking};
use std::io::Write;
use std::net::SocketAddr;

pub fn execute(args: ServeArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let limits = Limits {
        max_runs: args.max_runs,
        max_concurrent: usize::from(args.max_concurrent),
        max_queued: usize::from(args.max_queued),
        play_firms: args.firms,
        max_saved: args.max_saved as usize,
        ..Limits::default()
    };
    // The ensemble is read once, here, with the checks of `lpo-sim mc --ensemble` against the
    // default scenario the form starts from; a file that fails them stops the server
    // before it starts.
    let plausible = match &args.ensemble {
        Some(path) => {
            let (loaded, file) =
                LoadedEnsemble::load_with_file(path, &LoadedScenario::load(None)?)?;
            Some(PlausibleWorlds {
                ensemble: loaded.ensemble,
                calibration: std::sync::Arc::new(file),
                origin: loaded.origin,
            })
        }
        None => None,
    };
    let worlds = plausible.as_ref().map_or(String::new(), |p| {
        format!(
            "; studies across the {} plausible worlds of {}",
            p.ensemble.members.len(),
            p.origin
        )
    });
    let stop = interrupt::install_serve();
    let addr = SocketAddr::new(args.bind, args.port);
    let mut printed = Ok(());
    let data = &args.data;
    let served = serve_blocking(addr, limits, data, plausible, stop, |bound| {
        printed = writeln!(
            out,
            "lpo-sim serves on http://{bound}/ (at most {} runs a study, {} studies at once, \
             {} waiting; games in {}{worlds}); Ctrl-C stops it",
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
