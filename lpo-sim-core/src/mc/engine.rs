//! Running many replicates in parallel, reproducibly.

use super::ensemble::Ensemble;
use super::state::{FanRecorder, McState};
use super::summary::McSummary;
use crate::error::SimError;
use crate::parallel::Workers;
use crate::record::{NoObserver, RunOutcome};
use crate::scenario::Scenario;
use crate::simulation::Simulation;
use crate::strategy::Strategy;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Replicates per round: the engine checks stop conditions and reports progress between
/// rounds, so the point where a precision target stops a study does not depend on threads.
pub const ROUND_SIZE: u64 = 4096;

/// The seed of replicate `index` of a study with `master_seed`: the `index`-th 64-bit word of
/// ChaCha8 keyed by `master_seed` on a stream reserved for replicate seeds. It depends on
/// nothing else, so replicate `k` is the same run whatever the thread count, shard or batch.
///
/// # Examples
/// ```
/// use lpo_sim_core::mc::replicate_seed;
/// assert_eq!(replicate_seed(1, 5), replicate_seed(1, 5));
/// assert_ne!(replicate_seed(1, 5), replicate_seed(1, 6));
/// ```
pub fn replicate_seed(master_seed: u64, index: u64) -> u64 {
    /// Far from stream 0, which a run seed's process keys come from.
    const REPLICATE_SEED_STREAM: u64 = 1 << 62;
    let mut rng = ChaCha8Rng::seed_from_u64(master_seed);
    rng.set_stream(REPLICATE_SEED_STREAM);
    rng.set_word_pos(u128::from(index) * 2);
    rand::Rng::next_u64(&mut rng)
}

/// When to stop adding replicates before the cap.
#[derive(Debug, Clone, PartialEq)]
pub enum PrecisionTarget {
    /// Stop when the Wilson 95 % half-width of P(bankruptcy) is at most this.
    BankruptcyHalfWidth(f64),
    /// Stop when the 95 % CI half-width of the named outcome's mean is at most this.
    MeanHalfWidth {
        /// The outcome.
        outcome: super::Outcome,
        /// Target half-width, in the outcome's unit.
        half_width: f64,
    },
}

impl PrecisionTarget {
    /// Parses `p_bankrupt:0.005` or `<outcome>:<half-width>`.
    ///
    /// # Errors
    /// A message saying what is accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let usage = || {
            format!(
                "expected `p_bankrupt:<half-width>` or `<outcome>:<half-width>` with outcome one of {}",
                super::Outcome::names()
            )
        };
        let (name, value) = text.split_once(':').ok_or_else(usage)?;
        let half_width: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("`{value}` is not a number; {}", usage()))?;
        if !(half_width.is_finite() && half_width > 0.0) {
            return Err(format!(
                "the half-width must be a positive number, got {value}"
            ));
        }
        match name.trim() {
            "p_bankrupt" => Ok(PrecisionTarget::BankruptcyHalfWidth(half_width)),
            other => match super::Outcome::parse(other) {
                Ok(outcome) => Ok(PrecisionTarget::MeanHalfWidth {
                    outcome,
                    half_width,
                }),
                Err(_) => Err(format!("unknown metric `{other}`; {}", usage())),
            },
        }
    }

    /// Whether `summary` meets the target.
    pub fn is_met(&self, summary: &McSummary) -> bool {
        match self {
            PrecisionTarget::BankruptcyHalfWidth(h) => summary.bankruptcy.half_width() <= *h,
            PrecisionTarget::MeanHalfWidth {
                outcome,
                half_width,
            } => {
                let m = &summary.outcomes[*outcome];
                m.n >= 2 && m.half_width() <= *half_width
            }
        }
    }
}

impl std::fmt::Display for PrecisionTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrecisionTarget::BankruptcyHalfWidth(h) => write!(f, "p_bankrupt:{h}"),
            PrecisionTarget::MeanHalfWidth {
                outcome,
                half_width,
            } => write!(f, "{outcome}:{half_width}"),
        }
    }
}

/// How a study is run. Only `seed` and `replicates` (and `until`) affect results.
#[derive(Debug, Clone)]
pub struct McConfig {
    /// Master seed; replicate `k` uses [`replicate_seed`]`(seed, k)`.
    pub seed: u64,
    /// Replicate indices to run (a shard runs part of a study's range).
    pub replicates: Range<u64>,
    /// Worker threads (`None`: rayon's default, one per core).
    pub threads: Option<usize>,
    /// Stop early once this precision is reached (checked after each round).
    pub until: Option<PrecisionTarget>,
    /// Run replicate `k` with the parameter set [`Ensemble::member_for`]`(seed, k)`.
    pub ensemble: Option<Arc<Ensemble>>,
    /// Record the per-month fan-chart sketches ([`McState::fans`]; default `true`). Without
    /// them the state's fans stay empty: turn them off only when nothing reads them (a study
    /// whose table is printed and nothing written), to keep them off the firm's month.
    pub fans: bool,
}

impl Default for McConfig {
    /// Seed 1, replicates `0..1000`, one thread per core, no precision target.
    fn default() -> Self {
        McConfig {
            seed: 1,
            replicates: 0..1000,
            threads: None,
            until: None,
            ensemble: None,
            fans: true,
        }
    }
}

impl McConfig {
    /// The same settings with master seed `seed`.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The same settings with replicates `0..runs`.
    pub fn runs(mut self, runs: u64) -> Self {
        self.replicates = 0..runs;
        self
    }
}

/// Receives progress and, optionally, every replicate's outcome in index order.
pub trait McObserver {
    /// Whether [`McObserver::on_replicate`] is wanted (collecting outcomes costs memory per
    /// round).
    fn wants_replicates(&self) -> bool {
        false
    }
    /// Replicate `index` finished with `outcome`; called in index order, round by round.
    fn on_replicate(&mut self, index: u64, outcome: &RunOutcome) {
        let _ = (index, outcome);
    }
    /// A round finished: `done` of at most `planned` replicates are in.
    fn on_round(&mut self, done: u64, planned: u64) {
        let _ = (done, planned);
    }
}

/// Observes nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoMcObserver;

impl McObserver for NoMcObserver {}

/// Why a study stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Every planned replicate ran.
    Completed,
    /// The precision target was met.
    PrecisionReached,
    /// Cancelled (Ctrl-C); only whole rounds are kept.
    Cancelled,
}

/// The result of a study.
#[derive(Debug, Clone)]
pub struct McOutcome {
    /// Replicates actually run: `start..start + state.runs`.
    pub replicates: Range<u64>,
    /// Why it stopped.
    pub stop: StopReason,
    /// The mergeable state.
    pub state: McState,
}

impl McOutcome {
    /// Every statistic.
    pub fn summary(&self) -> McSummary {
        McSummary::of(&self.state)
    }
}

/// Runs one replicate and adds it to `state`.
pub(crate) fn run_replicate<S: Strategy>(
    scenario: &Scenario,
    strategy: S,
    seed: u64,
    state: &mut McState,
    fans: bool,
) -> Result<RunOutcome, SimError> {
    let mut sim = Simulation::new_unchecked(scenario, strategy, seed);
    let outcome = if fans {
        sim.run_with(&mut FanRecorder { state: &mut *state })?
    } else {
        sim.run_with(&mut NoObserver)?
    };
    state.add_outcome(&outcome, fans);
    Ok(outcome)
}

/// Runs a study: replicates `config.replicates` of `scenario`, each with a fresh strategy
/// from `make_strategy`, in parallel, in rounds of [`ROUND_SIZE`]. [`super::Study`] is the
/// public entry point.
///
/// Results are bit-identical for any thread count: every accumulator is exact, so the order
/// in which threads finish never matters. `cancel`, when set, stops the study; the outcome
/// then holds only the rounds that finished.
///
/// # Errors
/// [`SimError::InvalidScenario`] for an invalid scenario; a strategy's
/// [`SimError::InvalidDecision`] (the first in replicate order).
pub(crate) fn run_monte_carlo<S, F>(
    scenario: &Scenario,
    make_strategy: F,
    config: &McConfig,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn McObserver,
) -> Result<McOutcome, SimError>
where
    S: Strategy,
    F: Fn() -> S + Sync,
{
    let worlds = Worlds::of(scenario, config)?;
    let horizon = scenario.horizon_months;
    let want_rows = observer.wants_replicates();
    let until = config.until.clone();
    let driven = drive(
        config,
        cancel,
        || McState::with_members(horizon, worlds.members()),
        |k, seed, state: &mut McState| {
            let (world, member) = worlds.for_replicate(config.seed, k);
            let outcome = run_replicate(world, make_strategy(), seed, state, config.fans)?;
            state.tally_member(member, &outcome);
            Ok(want_rows.then_some(outcome))
        },
        |state: &McState| {
            until
                .as_ref()
                .is_some_and(|t| t.is_met(&McSummary::of(state)))
        },
        &mut |progress| match progress {
            Progress::Row(index, outcome) => observer.on_replicate(index, outcome),
            Progress::Round { done, planned } => observer.on_round(done, planned),
        },
    )?;
    Ok(McOutcome {
        replicates: driven.replicates,
        stop: driven.stop,
        state: driven.accumulator,
    })
}

/// The scenario of every replicate: the scenario itself, or one per ensemble member.
pub(crate) struct Worlds<'a> {
    base: &'a Scenario,
    ensemble: Option<(&'a Ensemble, Vec<Scenario>)>,
}

impl<'a> Worlds<'a> {
    /// Validates `scenario` and builds the ensemble's scenarios, if any.
    pub fn of(scenario: &'a Scenario, config: &'a McConfig) -> Result<Self, SimError> {
        scenario.validate()?;
        let ensemble = match &config.ensemble {
            Some(e) => Some((e.as_ref(), e.scenarios(scenario)?)),
            None => None,
        };
        Ok(Worlds {
            base: scenario,
            ensemble,
        })
    }

    /// Ensemble members (0 without one).
    pub fn members(&self) -> usize {
        self.ensemble.as_ref().map_or(0, |(e, _)| e.members.len())
    }

    /// Replicate `k`'s scenario and member.
    pub fn for_replicate(&self, seed: u64, k: u64) -> (&Scenario, Option<usize>) {
        match &self.ensemble {
            Some((e, scenarios)) => {
                let j = e.member_for(seed, k);
                (&scenarios[j], Some(j))
            }
            None => (self.base, None),
        }
    }
}

/// Something replicates add into, mergeable exactly.
pub(crate) trait Merge: Send {
    /// Adds everything in `other`.
    fn merge_from(&mut self, other: &Self);
}

impl Merge for McState {
    fn merge_from(&mut self, other: &Self) {
        self.merge(other);
    }
}

pub(crate) struct Driven<A> {
    pub replicates: Range<u64>,
    pub stop: StopReason,
    pub accumulator: A,
}

/// The shared driver of studies: rounds of [`ROUND_SIZE`] replicates, each round in parallel
/// chunks accumulated into `new()` values and merged; rows (if `run_one` returns them) are
/// reported in replicate order after each round; `is_met` is checked after every round.
#[allow(clippy::too_many_arguments)]
pub(crate) fn drive<A, R, New, Run, Met>(
    config: &McConfig,
    cancel: Option<&AtomicBool>,
    new: New,
    run_one: Run,
    is_met: Met,
    on_progress: &mut dyn FnMut(Progress<'_, R>),
) -> Result<Driven<A>, SimError>
where
    A: Merge,
    R: Send,
    New: Fn() -> A + Sync,
    Run: Fn(u64, u64, &mut A) -> Result<Option<R>, SimError> + Sync,
    Met: Fn(&A) -> bool,
{
    let workers = Workers::new(config.threads)?;
    let start = config.replicates.start;
    let end = config.replicates.end.max(start);
    let planned = end - start;
    let mut total = new();
    let mut next = start;
    let mut stop = StopReason::Completed;
    let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    while next < end {
        if cancelled() {
            stop = StopReason::Cancelled;
            break;
        }
        let round = next..next.saturating_add(ROUND_SIZE).min(end);
        let chunks: Vec<Range<u64>> = round
            .clone()
            .step_by(CHUNK as usize)
            .map(|s| s..(s + CHUNK).min(round.end))
            .collect();
        // Chunks run in any order on any thread; their results are merged in chunk order
        // (exact anyway) and their rows kept in replicate order.
        let results: Vec<ChunkResult<A, R>> = workers.map(chunks, |range| {
            let mut acc = new();
            let mut rows = Vec::new();
            for k in range {
                if cancelled() {
                    return Ok(None);
                }
                if let Some(row) = run_one(k, replicate_seed(config.seed, k), &mut acc)? {
                    rows.push(row);
                }
            }
            Ok(Some((acc, rows)))
        });
        let mut round_acc = new();
        let mut round_rows = Vec::new();
        let mut complete = true;
        for result in results {
            match result? {
                Some((acc, rows)) => {
                    round_acc.merge_from(&acc);
                    round_rows.extend(rows);
                }
                None => complete = false,
            }
        }
        if !complete {
            stop = StopReason::Cancelled;
            break;
        }
        total.merge_from(&round_acc);
        for (index, row) in round.clone().zip(&round_rows) {
            on_progress(Progress::Row(index, row));
        }
        next = round.end;
        on_progress(Progress::Round {
            done: next - start,
            planned,
        });
        if is_met(&total) {
            stop = StopReason::PrecisionReached;
            break;
        }
    }
    Ok(Driven {
        replicates: start..next,
        stop,
        accumulator: total,
    })
}

/// A chunk's accumulator and rows, `None` when cancelled, or the first strategy error.
type ChunkResult<A, R> = Result<Option<(A, Vec<R>)>, SimError>;

/// What the driver reports between rounds.
pub(crate) enum Progress<'a, R> {
    /// Replicate `index`'s row, in index order.
    Row(u64, &'a R),
    /// A round finished.
    Round { done: u64, planned: u64 },
}

/// Replicates per parallel task: enough work to amortise an accumulator's size.
const CHUNK: u64 = 64;
