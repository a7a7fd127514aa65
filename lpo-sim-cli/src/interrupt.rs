//! Ctrl-C. One handler, installed first thing in `main` ([`install_handler`]), so that a
//! press at any moment gives exit code 130 and removes the temporary files being written,
//! never death by signal (which has no exit code and leaves them behind).
//!
//! By default the first press quits at once: every command that writes nothing until its work
//! is done (the analyses, `career --runs`, and the quick commands). `mc` and `compare`
//! ([`install`]) and `calibrate run` ([`install_waves`]) switch it so that the first press asks
//! the work to stop after what is already finished, whose results are then printed and written
//! (marked partial); the second press quits at once without writing.

use crate::atomic;
use crate::error::EXIT_INTERRUPTED;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// Set by the first Ctrl-C; the engine checks it between replicates.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// What the first Ctrl-C does: one of the `QUIT`, `STOP_STUDY`, `STOP_WAVES` below.
static MODE: AtomicU8 = AtomicU8::new(QUIT);
const QUIT: u8 = 0;
const STOP_STUDY: u8 = 1;
const STOP_WAVES: u8 = 2;

/// Whether the handler could be installed (`false` until [`install_handler`] succeeds).
static HANDLED: AtomicBool = AtomicBool::new(false);

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
    HANDLED.store(installed.is_ok(), Ordering::SeqCst);
}

/// For commands that write nothing until their work is done (`sweep`, `sensitivity`,
/// `tune`, `career --runs`): Ctrl-C quits at once with exit code 130, removing any temporary
/// file (the handler's default; this warns if there is no handler).
pub fn install_quit() {
    MODE.store(QUIT, Ordering::SeqCst);
    if !HANDLED.load(Ordering::SeqCst) {
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot handle Ctrl-C; interrupting may leave a temporary file"
        );
    }
}

/// For `mc` and `compare`: the first Ctrl-C sets the returned flag, which the engine checks
/// between rounds; the second quits.
pub fn install() -> &'static AtomicBool {
    stop_on_first_press(STOP_STUDY)
}

/// As [`install`], for `calibrate run`: the first press stops the wave in progress, and the
/// waves already finished are printed and written.
pub fn install_waves() -> &'static AtomicBool {
    stop_on_first_press(STOP_WAVES)
}

fn stop_on_first_press(mode: u8) -> &'static AtomicBool {
    MODE.store(mode, Ordering::SeqCst);
    if !HANDLED.load(Ordering::SeqCst) {
        // The study still runs; Ctrl-C then simply ends it without writing.
        let _ = writeln!(
            std::io::stderr(),
            "warning: cannot handle Ctrl-C; interrupting will not save partial results"
        );
    }
    &CANCEL
}
