//! Monte Carlo studies: many replicates of a scenario and strategy, run in parallel, with
//! results that are bit-identical for any thread count or shard split.
//!
//! - [`Study`] runs replicates `a..b` of a study (or compares strategies, or runs careers);
//!   replicate `k`'s seed is [`replicate_seed`]`(seed, k)`.
//! - [`McState`] holds exact, mergeable accumulators (integer sums, counts, log-bucket
//!   sketches); merging the states of disjoint replicate ranges gives exactly the state of
//!   their union.
//! - [`McSummary`] computes every statistic from a state: mean, SD, SE, 95 % CI, quantiles,
//!   min and max of each outcome; P(bankruptcy) with a Wilson interval; the survival curve;
//!   the break-even distribution; per-month fan charts; CVaR 5 % of final cash.
//!
//! Memory does not grow with the number of replicates: a state's size depends on the horizon
//! and on the range of values seen (sketch buckets), not on the count.
//!
//! Quantile accuracy: outcome quantiles are within 0.5 % (relative) of the exact sample
//! quantile, fan-chart quantiles within 2 %; CVaR is computed from the same buckets (each
//! value within 0.5 %). Means and standard deviations come from exact integer sums of values
//! rounded to 0.01 (money), 1e-9 (trust) or 1 (counts and months); the final division (and,
//! for the SD, the subtraction `Σq² − (Σq)²/n`) is done once in f64, which loses precision
//! only when the spread is tiny relative to the mean. Whatever the grouping, the sums and
//! therefore the results are bit-identical.

mod accumulate;
mod compare;
mod conduct;
mod engine;
mod ensemble;
mod file;
mod lifecycle;
mod outcome;
mod sales;
mod state;
mod study;
mod summary;
mod verdict;

pub use accumulate::{ExactMoments, LogSketch};
pub use compare::{
    Arm, CompareState, Comparison, PairAccumulator, PairState, PairStats, PairSummary, PairedOdds,
    StrategyFactory,
};
pub use conduct::{ConductTally, EARLY_HIRE_MONTHS, GroupConduct};
pub(crate) use engine::{Driven, Merge, Progress, drive};
pub use engine::{
    McConfig, McObserver, McOutcome, NoMcObserver, PrecisionTarget, ROUND_SIZE, StopReason,
    replicate_seed,
};
pub use ensemble::{Ensemble, EnsembleSummary, MemberError, MemberTally, Spread};
pub use file::{
    MAX_STUDY_FILE_BYTES, Manifest, MergeError, StudyFile, StudyFileError, StudyFlaw, merge_shards,
};
pub use lifecycle::{CareerAccumulator, CareerSummary, LifecycleState};
pub use outcome::{Measure, Outcome, PerOutcome, UnknownOutcome};
pub use sales::SalesTally;
pub(crate) use state::FanRecorder;
pub use state::{FAN_ALPHA, Fans, McState, OUTCOME_ALPHA, OutcomeAccumulator};
pub use study::{MakeStrategy, ScenarioStrategy, Study};
pub use summary::{
    FAN_QUANTILES, FanMonth, McSummary, MetricStats, Proportion, QUANTILES, Z95, wilson,
};
pub use verdict::Verdict;
