//! [`Study`]: the one entry point to Monte Carlo studies. A builder collects the settings,
//! then one of its `run` methods runs them: a study of one strategy, a paired comparison of
//! several, a lifecycle study (career then firm), or careers alone.

use super::compare::{Arm, Comparison, StrategyFactory, compare_arms};
use super::engine::{
    McConfig, McObserver, McOutcome, NoMcObserver, PrecisionTarget, run_monte_carlo,
};
use super::ensemble::Ensemble;
use super::lifecycle::{CareerAccumulator, run_careers, run_lifecycle};
use crate::error::SimError;
use crate::scenario::{BuiltinStrategy, CareerPlanParams, Scenario};
use crate::strategy::{RuleBased, Strategy};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Makes a fresh strategy for each replicate: any `Fn() -> S` closure, or a built-in strategy
/// ([`BuiltinStrategy`]) with the scenario's thresholds.
pub trait MakeStrategy: Sync {
    /// The strategy made.
    type Strategy: Strategy;
    /// A fresh strategy for one replicate.
    fn make(&self, scenario: &Scenario) -> Self::Strategy;
}

impl<F, S> MakeStrategy for F
where
    F: Fn() -> S + Sync,
    S: Strategy,
{
    type Strategy = S;
    fn make(&self, _: &Scenario) -> S {
        self()
    }
}

impl MakeStrategy for BuiltinStrategy {
    type Strategy = RuleBased;
    fn make(&self, scenario: &Scenario) -> RuleBased {
        self.build(&scenario.strategy.rule)
    }
}

/// The strategy the scenario names (`strategy.name`), with its `[strategy.rule]` thresholds.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScenarioStrategy;

impl MakeStrategy for ScenarioStrategy {
    type Strategy = RuleBased;
    fn make(&self, scenario: &Scenario) -> RuleBased {
        scenario.strategy.name.build(&scenario.strategy.rule)
    }
}

/// A Monte Carlo study: many replicates of one scenario, each firm run from its own seed.
/// Replicate `k` runs with [`super::replicate_seed`]`(seed, k)`, whatever the thread count, so
/// results are bit-identical on any machine.
///
/// Defaults: seed 1, replicates `0..1000`, one thread per core, no precision target, the
/// scenario's own strategy, no observer, no cancellation.
///
/// # Examples
/// ```
/// use lpo_sim_core::{BuiltinStrategy, Scenario, mc::Study};
/// let scenario = Scenario::default();
/// let outcome = Study::new(&scenario)
///     .seed(7)
///     .runs(500)
///     .strategy(BuiltinStrategy::Cautious)
///     .run()?;
/// let summary = outcome.summary();
/// assert_eq!(summary.runs, 500);
/// let [lo, hi] = summary.bankruptcy.wilson95;
/// assert!(lo <= summary.bankruptcy.estimate && summary.bankruptcy.estimate <= hi);
/// # Ok::<(), lpo_sim_core::SimError>(())
/// ```
pub struct Study<'a, M = ScenarioStrategy> {
    scenario: &'a Scenario,
    config: McConfig,
    make: M,
    observer: Option<&'a mut dyn McObserver>,
    cancel: Option<&'a AtomicBool>,
}

impl<'a> Study<'a, ScenarioStrategy> {
    /// A study of `scenario` with the default settings.
    pub fn new(scenario: &'a Scenario) -> Self {
        Study {
            scenario,
            config: McConfig::default(),
            make: ScenarioStrategy,
            observer: None,
            cancel: None,
        }
    }
}

impl<'a, M: MakeStrategy> Study<'a, M> {
    /// The master seed (default 1).
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Runs replicates `0..runs` (default 1,000).
    pub fn runs(mut self, runs: u64) -> Self {
        self.config.replicates = 0..runs;
        self
    }

    /// Runs replicates `range` only: a shard of a larger study (see [`super::merge_shards`]).
    pub fn replicates(mut self, range: Range<u64>) -> Self {
        self.config.replicates = range;
        self
    }

    /// Worker threads (default: one per core).
    pub fn threads(mut self, threads: usize) -> Self {
        self.config.threads = Some(threads);
        self
    }

    /// Stops once the target precision is reached (checked after each round of
    /// [`super::ROUND_SIZE`] replicates); the runs set the cap.
    pub fn until(mut self, target: PrecisionTarget) -> Self {
        self.config.until = Some(target);
        self
    }

    /// Reports progress (and, if it asks, every replicate's outcome) to `observer`.
    pub fn observer(mut self, observer: &'a mut dyn McObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Stops when `flag` is set, keeping the rounds already finished.
    pub fn cancel_on(mut self, flag: &'a AtomicBool) -> Self {
        self.cancel = Some(flag);
        self
    }

    /// Runs replicate `k` with the parameter set [`super::Ensemble::member_for`]`(seed, k)` of
    /// `ensemble` (see [`crate::calibration`]): the odds then carry the uncertainty the
    /// calibration leaves, and the summary shows their spread across members.
    pub fn ensemble(mut self, ensemble: Arc<Ensemble>) -> Self {
        self.config.ensemble = Some(ensemble);
        self
    }

    /// All settings at once (seed, replicates, threads, precision target, ensemble).
    pub fn config(mut self, config: McConfig) -> Self {
        self.config = config;
        self
    }

    /// The settings so far.
    pub fn settings(&self) -> &McConfig {
        &self.config
    }

    /// Runs the firm with strategies from `make`: a closure `|| MyStrategy::new()` or a
    /// [`BuiltinStrategy`].
    pub fn strategy<N: MakeStrategy>(self, make: N) -> Study<'a, N> {
        Study {
            scenario: self.scenario,
            config: self.config,
            make,
            observer: self.observer,
            cancel: self.cancel,
        }
    }

    /// Runs the study.
    ///
    /// # Errors
    /// [`SimError::InvalidScenario`] for an invalid scenario; a strategy's
    /// [`SimError::InvalidDecision`] (the first in replicate order); [`SimError::WorkerThreads`]
    /// when the system refuses the threads.
    pub fn run(self) -> Result<McOutcome, SimError> {
        let (scenario, make) = (self.scenario, &self.make);
        let mut none = NoMcObserver;
        let observer = self.observer.unwrap_or(&mut none);
        run_monte_carlo(
            scenario,
            || make.make(scenario),
            &self.config,
            self.cancel,
            observer,
        )
    }

    /// Each replicate first simulates the founder's career under `plan`, then the firm that
    /// profile founds (career and firm on different streams of the replicate's seed).
    ///
    /// # Errors
    /// As [`Study::run`].
    pub fn run_lifecycle(
        self,
        plan: CareerPlanParams,
    ) -> Result<(McOutcome, CareerAccumulator), SimError> {
        let (scenario, make) = (self.scenario, &self.make);
        let mut none = NoMcObserver;
        let observer = self.observer.unwrap_or(&mut none);
        run_lifecycle(
            scenario,
            plan,
            || make.make(scenario),
            &self.config,
            self.cancel,
            observer,
        )
    }

    /// Careers only: replicate `k` runs a career under `plan` on the Career stream of its seed.
    /// Returns the replicates run and their accumulated careers.
    ///
    /// # Errors
    /// As [`Study::run`].
    pub fn run_careers(
        self,
        plan: CareerPlanParams,
    ) -> Result<(Range<u64>, CareerAccumulator), SimError> {
        run_careers(self.scenario, plan, &self.config, self.cancel)
    }

    /// Runs every strategy of `strategies` (name, factory) in the study's scenario on the same
    /// replicate seeds and pairs each with the first (common random numbers). The study's own
    /// strategy is not used.
    ///
    /// # Errors
    /// As [`Study::run`].
    pub fn compare(
        self,
        strategies: &[(&str, StrategyFactory<'_>)],
    ) -> Result<Comparison, SimError> {
        let scenario = self.scenario;
        let arms: Vec<Arm<'_>> = strategies
            .iter()
            .map(|&(name, strategy)| Arm {
                name,
                scenario,
                strategy,
                career: None,
            })
            .collect();
        self.compare_arms(&arms)
    }

    /// Runs every arm (each with its own scenario, strategy and, for a lifecycle comparison,
    /// career plan) on the same replicate seeds, and the same ensemble member for replicate
    /// `k` in every arm, and pairs each arm with the first, the baseline: every difference is
    /// arm − baseline. The study's own scenario and strategy are not used; its settings are.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::mc::{Arm, Study};
    /// use lpo_sim_core::{BuiltinStrategy, Scenario, Strategy};
    /// let poor = Scenario::default();
    /// let mut rich = poor.clone();
    /// rich.founder.savings *= 3.0;
    /// let cautious = || {
    ///     Box::new(BuiltinStrategy::Cautious.build(&poor.strategy.rule)) as Box<dyn Strategy>
    /// };
    /// let arm = |name, scenario| Arm { name, scenario, strategy: &cautious, career: None };
    /// let comparison = Study::new(&poor)
    ///     .runs(200)
    ///     .compare_arms(&[arm("poor", &poor), arm("rich", &rich)])?;
    /// let cash = &comparison.pairs[0].outcomes.final_cash;
    /// assert!(cash.mean_difference > 0.0, "more savings, more cash at the end");
    /// # Ok::<(), lpo_sim_core::SimError>(())
    /// ```
    ///
    /// # Errors
    /// As [`Study::run`], for any arm's scenario.
    pub fn compare_arms(self, arms: &[Arm<'_>]) -> Result<Comparison, SimError> {
        let mut none = NoMcObserver;
        let observer = self.observer.unwrap_or(&mut none);
        compare_arms(arms, &self.config, self.cancel, observer)
    }
}
