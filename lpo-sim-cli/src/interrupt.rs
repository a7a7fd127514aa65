//! Ctrl-C for long studies. `mc` and `compare` ([`install`]): the first press asks the
//! engine to stop after the rounds already finished, whose results are then printed and
//! written, marked partial; the second quits at once (exit code 130) without writing
//! anything. The analyses and `career --runs` ([`install_quit`]) quit at the first press.

use crate::atomic;
use crate::error::EXIT_INTERRUPTED;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the first Ctrl-C; the engine checks it between replicates.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C was pressed: the exit code is then 130, whatever else happened (a closed
/// stdout included).
pub fn requested() -> bool {
    CANCEL.load(Ordering::SeqCst)
}

/// For commands that write nothing until their work is done (`sweep`, `sensitivity`,
/// `tune`, `career --runs`): Ctrl-C quits at once with exit code 130, removing any temporary
/// file. Without a handler the process would die of the signal, which has no exit code and
/// leaves a temporary file being written behind.
pub fn install_quit() {
    let installed = ctrlc::set_handler(|| {
        CANCEL.store(true, Ordering::SeqCst);
        atomic::remove_pending_and_exit(i32::from(EXIT_INTERRUPTED));
    });
    if let Err(error) = installed {
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot handle Ctrl-C ({error}); interrupting may leave a temporary file"
        );
    }
}

/// Installs the handler and returns the flag it sets. Commands that run quickly keep the
/// default behaviour (Ctrl-C ends them at once), so only `mc` and `compare` call this.
pub fn install() -> &'static AtomicBool {
    install_saying(
        "Ctrl-C: stopping after the rounds already finished, then printing and writing their \
         results (marked partial); press Ctrl-C again to quit without writing",
    )
}

/// As [`install`], for `calibrate run`: the first press stops the wave in progress, and the
/// waves already finished are printed and written.
pub fn install_waves() -> &'static AtomicBool {
    install_saying(
        "Ctrl-C: stopping the wave in progress, then printing and writing the waves already \
         finished; press Ctrl-C again to quit without writing",
    )
}

fn install_saying(message: &'static str) -> &'static AtomicBool {
    let installed = ctrlc::set_handler(move || {
        if CANCEL.swap(true, Ordering::SeqCst) {
            // Second Ctrl-C: destructors will not run, so remove the temporary files here.
            atomic::remove_pending_and_exit(i32::from(EXIT_INTERRUPTED));
        }
        let _ = writeln!(std::io::stderr(), "\n{message}");
    });
    if let Err(error) = installed {
        // The study still runs; Ctrl-C then simply ends it without writing.
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot handle Ctrl-C ({error}); interrupting will not save partial results"
        );
    }
    &CANCEL
}
