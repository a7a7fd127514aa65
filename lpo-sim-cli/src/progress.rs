//! Progress of a long study on stderr: a bar with rate and ETA when stderr is a terminal,
//! nothing otherwise (logs and pipes get only the final timing line).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

/// A progress display and the clock of the final timing line.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Progress {
    /// Starts the clock, and a bar over `planned` replicates if stderr is a terminal.
    pub fn start(planned: u64) -> Self {
        Progress::counting(planned, "replicates")
    }

    /// Starts the clock, and a bar over `planned` things (`unit`: `points`, `studies`, …)
    /// if stderr is a terminal.
    pub fn counting(planned: u64, unit: &str) -> Self {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(planned), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(&format!(
                "{{spinner}} [{{elapsed_precise}}] [{{wide_bar}}] {{human_pos}}/{{human_len}} \
                 {unit} ({{rate}}, ETA {{eta}})"
            )) {
                // Replicates so far over time so far: positions move a round at a time, which
                // makes an instantaneous rate jumpy.
                let rate = |state: &ProgressState, w: &mut dyn fmt::Write| {
                    let seconds = state.elapsed().as_secs_f64();
                    let rate = state.pos() as f64 / seconds;
                    if seconds > 0.0 && rate >= 10.0 {
                        let _ = write!(w, "{rate:.0}/s");
                    } else if seconds > 0.0 {
                        // Studies of an analysis can take seconds each.
                        let _ = write!(w, "{rate:.2}/s");
                    } else {
                        let _ = write!(w, "-/s");
                    }
                };
                bar.set_style(style.with_key("rate", rate).progress_chars("=> "));
            }
            // The engine reports only between rounds; the tick keeps the clock moving.
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    /// Only the clock, for work that reports no progress.
    pub fn clock() -> Self {
        Progress {
            bar: None,
            started: Instant::now(),
        }
    }

    /// `done` of `planned` are in.
    pub fn update(&self, done: u64, planned: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(planned);
            bar.set_position(done);
        }
    }

    /// Removes the bar and stops the clock.
    pub fn finish(self) -> Elapsed {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        Elapsed(self.started.elapsed())
    }
}

/// A bar follows a study's rounds directly.
impl lpo_sim_core::mc::McObserver for Progress {
    fn on_round(&mut self, done: u64, planned: u64) {
        self.update(done, planned);
    }
}

/// How long the work took.
pub struct Elapsed(Duration);

impl Elapsed {
    /// Prints how long `count` firm runs (`what`) took, to stderr: timing must never reach a
    /// file or stdout, which stay reproducible.
    pub fn report(&self, count: u64, what: &str) {
        let seconds = self.0.as_secs_f64();
        let rate = if seconds > 0.0 {
            count as f64 / seconds
        } else {
            f64::INFINITY
        };
        let _ = writeln!(
            io::stderr(),
            "{count} {what} in {seconds:.2} s ({rate:.0} {what}/s)"
        );
    }
}
