//! Ctrl-C. One handler, installed first thing in `main` ([`install_handler`]), so that a
//! press at any moment gives exit code 130 and removes the temporary files being written,
//! never death by signal (which has no exit code and leaves them behind). Like every
//! `ctrlc` handler, it takes SIGINT even when the process was started with it ignored (a shell
//! script's background job); to keep a long study away from a terminal's Ctrl-C, start it in a
//! session of its own (`setsid lpo-sim mc …`). Honouring an ignored SIGINT would also make the
//! Ctrl-C tests depend on how their runner was started.
//!
//! By default the first press quits at once: every command that writes nothing until its work
//! is done (the analyses, `career --runs`, `calibrate wave`, and the quick commands). `mc`,
//! `compare` and `calibrate check` ([`install`]) and `calibrate run` ([`install_waves`]) switch
//! it so that the first press asks the work to stop after what is already finished, whose
//! results are then printed and written (marked partial); the second press quits at once
//! without writing.

use crate::error::EXIT_INTERRUPTED;
use lpo_sim_report::atomic;
use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// Set by the first Ctrl-C; the engine checks it between replicates.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// What the first Ctrl-C does: one of the `QUIT`, `STOP_STUDY`, `STOP_WAVES`, `STOP_SERVER`
/// below.
static MODE: AtomicU8 = AtomicU8::new(QUIT);
const QUIT: u8 = 0;
const STOP_STUDY: u8 = 1;
const STOP_WAVES: u8 = 2;
const STOP_SERVER: u8 = 3;

/// Why there is no handler, if there is none: set by [`install_handler`] when the handler
/// cannot be installed.
static NO_HANDLER: OnceLock<String> = OnceLock::new();

/// Whether Ctrl-C was pressed: the exit code is then 130, whatever else happened (a closed
/// stdout included).
pub fn requested() -> bool {
    CANCEL.load(Ordering::SeqCst)
}

/// Installs the one Ctrl-C handler, quitting at the first press until a command asks
/// otherwise. Called before anything else, so there is no moment at which Ctrl-C kills the
/// process by its signal. If it cannot be installed, the commands that rely on it say so.
pub fn install_handler() {
    let installed = ctrlc::set_handler(|| {
        let first = !CANCEL.swap(true, Ordering::SeqCst);
        let message = match MODE.load(Ordering::SeqCst) {
            STOP_STUDY if first => {
                "Ctrl-C: stopping after the rounds already finished, then printing and writing \
                 their results (marked partial); press Ctrl-C again to quit without writing"
            }
            STOP_SERVER if first => {
                "Ctrl-C: stopping the server (studies still running are abandoned); press \
                 Ctrl-C again to quit now"
            }
            STOP_WAVES if first => {
                "Ctrl-C: stopping the wave in progress, then printing and writing the waves \
                 already finished; press Ctrl-C again to quit without writing"
            }
            // Quitting, or a second press: destructors will not run, so remove the temporary
            // files here.
            _ => atomic::remove_pending_and_exit(i32::from(EXIT_INTERRUPTED)),
        };
        let _ = writeln!(std::io::stderr(), "\n{message}");
    });
    if let Err(error) = installed {
        let _ = NO_HANDLER.set(error.to_string());
    }
}

/// For commands that write nothing until their work is done (`sweep`, `sensitivity`,
/// `tune`, `career --runs`, `calibrate wave`): Ctrl-C quits at once with exit code 130, removing any temporary
/// file (the handler's default; this warns if there is no handler).
pub fn install_quit() {
    MODE.store(QUIT, Ordering::SeqCst);
    if let Some(error) = NO_HANDLER.get() {
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot handle Ctrl-C ({error}); interrupting may leave a temporary file"
        );
    }
}

/// For `mc`, `compare` and `calibrate check`: the first Ctrl-C sets the returned flag, which the engine checks
/// between rounds; the second quits.
pub fn install() -> &'static AtomicBool {
    stop_on_first_press(STOP_STUDY)
}

/// As [`install`], for `calibrate run`: the first press stops the wave in progress, and the
/// waves already finished are printed and written.
pub fn install_waves() -> &'static AtomicBool {
    stop_on_first_press(STOP_WAVES)
}

/// For `serve`: the first press sets the returned flag, on which the server stops taking
/// requests, abandons the studies still running and finishes the requests in progress; the
/// second quits.
pub fn install_serve() -> &'static AtomicBool {
    stop_on_first_press(STOP_SERVER)
}

fn stop_on_first_press(mode: u8) -> &'static AtomicBool {
    MODE.store(mode, Ordering::SeqCst);
    if let Some(error) = NO_HANDLER.get() {
        // The study still runs; Ctrl-C then simply ends it without writing.
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot handle Ctrl-C ({error}); interrupting will not save partial results"
        );
    }
    &CANCEL
}
