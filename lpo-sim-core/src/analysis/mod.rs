//! Questions answered with many studies: sweeps over parameters, sensitivity (tornado and
//! Morris), and tuning under uncertainty. Every study of an analysis uses the same replicate
//! seeds (common random numbers), so the luck of the seeds is shared: sweeps and tornado bars
//! carry paired contrasts ([`Contrast`]) whose intervals say which differences between points
//! can be told from the noise that remains.
//!
//! Strategies are built per point by a closure from the point's scenario, so an embedding
//! program can analyse its own [`crate::Strategy`]; built-in ones read `strategy.rule.*`
//! from the scenario. Metrics are anything implementing [`Measure`]: a built-in [`Metric`]
//! or a closure over the study's [`crate::mc::McState`].

mod contrast;
mod explore;
mod metric;
mod plan;
mod tune;

pub use contrast::{
    BOOTSTRAP_MAX_PAIRS, BOOTSTRAP_RESAMPLES, Contrast, ReplicateStatistic, best_index,
    exact_quantile,
};
pub use explore::{
    AnalysisError, MorrisEffect, ParamRange, SweepPoint, TornadoBar, config_for, factors, grid,
    latin_hypercube, morris, study, sweep, tornado, with_values,
};
pub use metric::{Constraint, Direction, Estimate, Measure, Metric, Objective, Score};
pub use plan::{
    DefaultFactors, LeftOut, MAX_POINTS, SweepDesign, TooManyPoints, default_factors, grid_size,
    invalid_end, point_problems,
};
pub use tune::{TraceRow, TuneConfig, TuneResult, VALIDATION_OFFSET, Validated, tune};
