//! Studies and comparisons as jobs: admitted (or refused when the queue is full), waiting
//! for a slot, running with a progress count, then finished (or failed), kept in memory for
//! their pages and downloads.

use lpo_sim_core::mc::McObserver;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Which kind of result a job makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A study of one situation.
    Study,
    /// Two situations, paired.
    Compare,
}

impl Kind {
    /// The first segment of the job's address (`/study/3`, `/compare/4`).
    pub fn path(self) -> &'static str {
        match self {
            Kind::Study => "study",
            Kind::Compare => "compare",
        }
    }
}

/// A finished study or comparison, rendered once.
#[derive(Debug)]
pub struct Stored {
    /// The report crate's HTML page.
    pub html: String,
    /// The report as JSON.
    pub json: String,
    /// The report as CSV.
    pub csv: String,
}

/// Where a job is.
#[derive(Debug, Clone)]
pub enum Phase {
    /// Admitted, waiting for a free slot.
    Waiting,
    /// Running (its runs counted in [`Job::progress`]), or drawing its report.
    Running,
    /// Finished.
    Done(Arc<Stored>),
    /// Could not finish, and why (in words).
    Failed(String),
}

impl Phase {
    fn pending(&self) -> bool {
        matches!(self, Phase::Waiting | Phase::Running)
    }
}

/// What a job is to do.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Study or comparison.
    pub kind: Kind,
    /// Runs (replicates) planned.
    pub planned: u64,
    /// Strategies made for each run (one for each situation).
    pub arms: u64,
    /// What it studies, in words, for its progress page.
    pub about: String,
}

/// One study or comparison: its progress (updated by the worker as it runs, read by the
/// progress page; nothing in the result depends on it) and its phase.
#[derive(Debug)]
pub struct Job {
    plan: Plan,
    /// Strategies made so far: one per arm at the start of every run (the finer count).
    made: AtomicU64,
    /// Runs in, as the engine reports them after each round (the exact count).
    done: AtomicU64,
    phase: Mutex<Phase>,
}

impl Job {
    /// The job's kind.
    pub fn kind(&self) -> Kind {
        self.plan.kind
    }

    /// Runs planned.
    pub fn planned(&self) -> u64 {
        self.plan.planned
    }

    /// What it studies, in words.
    pub fn about(&self) -> &str {
        &self.plan.about
    }

    /// Runs done or under way, at most [`Job::planned`]: the rounds the engine reported, or
    /// the runs whose strategies were made if more (a run is made as it starts, so this
    /// moves run by run while rounds move thousands at a time).
    pub fn progress(&self) -> u64 {
        let started = self.made.load(Ordering::Relaxed) / self.plan.arms.max(1);
        self.done
            .load(Ordering::Relaxed)
            .max(started)
            .min(self.plan.planned)
    }

    /// Counts one strategy made (call it from the strategy factory).
    pub fn count_made(&self) {
        self.made.fetch_add(1, Ordering::Relaxed);
    }

    /// The job's phase now.
    pub fn phase(&self) -> Phase {
        self.phase.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Moves the job to `phase`.
    pub fn set_phase(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = phase;
    }
}

/// The engine's round reports go to the job's exact count.
impl McObserver for &Job {
    fn on_round(&mut self, done: u64, _planned: u64) {
        self.done.store(done, Ordering::Relaxed);
    }
}

/// Too many jobs pending: how many run and how many wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    /// Jobs running.
    pub running: usize,
    /// Jobs waiting for a slot.
    pub waiting: usize,
}

/// The jobs, newest last: every pending one, and the last `keep` finished ones.
#[derive(Debug)]
pub struct Jobs {
    next: u64,
    entries: VecDeque<(u64, Arc<Job>)>,
}

impl Jobs {
    /// No jobs yet.
    pub fn new() -> Self {
        Jobs {
            next: 0,
            entries: VecDeque::new(),
        }
    }

    /// Jobs running and waiting.
    fn pending(&self) -> Busy {
        let mut busy = Busy {
            running: 0,
            waiting: 0,
        };
        for (_, job) in &self.entries {
            match job.phase() {
                Phase::Waiting => busy.waiting += 1,
                Phase::Running => busy.running += 1,
                Phase::Done(_) | Phase::Failed(_) => {}
            }
        }
        busy
    }

    /// A new waiting job doing `plan`, and its id; or [`Busy`] when `capacity` jobs are
    /// already pending. Drops the oldest finished jobs beyond `keep`.
    ///
    /// # Errors
    /// [`Busy`], as said.
    pub fn admit(
        &mut self,
        plan: Plan,
        capacity: usize,
        keep: usize,
    ) -> Result<(u64, Arc<Job>), Busy> {
        let busy = self.pending();
        if busy.running + busy.waiting >= capacity {
            return Err(busy);
        }
        let mut finished = self.entries.len() - busy.running - busy.waiting;
        while finished > keep {
            match self.entries.iter().position(|(_, j)| !j.phase().pending()) {
                Some(at) => {
                    self.entries.remove(at);
                    finished -= 1;
                }
                None => break,
            }
        }
        self.next += 1;
        let job = Arc::new(Job {
            plan,
            made: AtomicU64::new(0),
            done: AtomicU64::new(0),
            phase: Mutex::new(Phase::Waiting),
        });
        self.entries.push_back((self.next, Arc::clone(&job)));
        Ok((self.next, job))
    }

    /// Job `id` of `kind`, if kept.
    pub fn get(&self, id: u64, kind: Kind) -> Option<Arc<Job>> {
        self.entries
            .iter()
            .find(|(i, j)| *i == id && j.plan.kind == kind)
            .map(|(_, j)| Arc::clone(j))
    }

    /// Jobs admitted before job `id` that still wait.
    pub fn waiting_before(&self, id: u64) -> usize {
        self.entries
            .iter()
            .filter(|(i, j)| *i < id && matches!(j.phase(), Phase::Waiting))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(kind: Kind, planned: u64, arms: u64) -> Plan {
        Plan {
            kind,
            planned,
            arms,
            about: String::new(),
        }
    }

    #[test]
    fn a_full_queue_refuses_and_a_finished_job_makes_room() {
        let mut jobs = Jobs::new();
        let (first, job) = jobs.admit(plan(Kind::Study, 10, 1), 2, 5).expect("room");
        job.set_phase(Phase::Running);
        let (second, _) = jobs.admit(plan(Kind::Study, 10, 1), 2, 5).expect("room");
        assert_eq!(jobs.waiting_before(second), 0);
        assert_eq!(
            jobs.admit(plan(Kind::Compare, 10, 2), 2, 5)
                .map(|(id, _)| id),
            Err(Busy {
                running: 1,
                waiting: 1
            })
        );
        job.set_phase(Phase::Failed("no".to_owned()));
        let (third, _) = jobs
            .admit(plan(Kind::Compare, 10, 2), 2, 5)
            .expect("room again");
        assert_eq!(jobs.waiting_before(third), 1);
        assert!(jobs.get(first, Kind::Study).is_some());
        assert!(jobs.get(first, Kind::Compare).is_none());
    }

    #[test]
    fn only_the_last_finished_jobs_are_kept_and_pending_ones_never_go() {
        let mut jobs = Jobs::new();
        let (pending, _) = jobs.admit(plan(Kind::Study, 10, 1), 100, 2).expect("room");
        for _ in 0..5 {
            let (_, job) = jobs.admit(plan(Kind::Study, 10, 1), 100, 2).expect("room");
            job.set_phase(Phase::Failed(String::new()));
        }
        // Two finished kept (the admit drops beyond `keep` before adding), the pending one too.
        assert!(jobs.get(pending, Kind::Study).is_some());
        assert!(jobs.entries.len() <= 4, "{}", jobs.entries.len());
    }

    #[test]
    fn progress_takes_the_finer_count_and_never_passes_the_plan() {
        let mut jobs = Jobs::new();
        let (_, job) = jobs.admit(plan(Kind::Compare, 100, 2), 1, 1).expect("room");
        for _ in 0..10 {
            job.count_made();
        }
        assert_eq!(job.progress(), 5);
        let mut observer: &Job = &job;
        observer.on_round(60, 100);
        assert_eq!(job.progress(), 60);
        for _ in 0..400 {
            job.count_made();
        }
        assert_eq!(job.progress(), 100);
    }
}
