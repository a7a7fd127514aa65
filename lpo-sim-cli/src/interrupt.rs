//! Ctrl-C for long studies (`mc`, `compare`): the first press asks the engine to stop after
//! the rounds already finished, whose results are then printed and written, marked partial;
//! the second quits at once (exit code 130) without writing anything.

use crate::atomic;
use crate::error::EXIT_INTERRUPTED;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the first Ctrl-C; the engine checks it between replicates.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Installs the handler and returns the flag it sets. Commands that run quickly keep the
/// default behaviour (Ctrl-C ends them at once), so only `mc` and `compare` call this.
pub fn install() -> &'static AtomicBool {
    let installed = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            // Second Ctrl-C: destructors will not run, so remove the temporary files here.
            atomic::remove_pending_and_exit(i32::from(EXIT_INTERRUPTED));
        }
        let _ = writeln!(
            std::io::stderr(),
            "\nCtrl-C: stopping after the rounds already finished, then printing and writing \
             their results (marked partial); press Ctrl-C again to quit without writing"
        );
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
