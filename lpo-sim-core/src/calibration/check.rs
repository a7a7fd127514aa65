//! Checking a scenario against the targets: one study, every target's estimate with its 95 %
//! interval, inside or outside the published range, and its implausibility.

use super::measure::{FigureEstimate, TargetRecorder, TargetState};
use super::targets::{Target, Targets};
use crate::error::SimError;
use crate::mc::{
    Driven, FanRecorder, MakeStrategy, McConfig, McObserver, McState, McSummary, Merge, Progress,
    drive,
};
use crate::record::{MonthRecord, Observer};
use crate::scenario::Scenario;
use crate::simulation::Simulation;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;

/// A study's accumulators for a check: the usual study state and the target state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckState {
    /// Every statistic of the study.
    pub study: McState,
    /// The target figures.
    pub targets: TargetState,
}

impl Merge for CheckState {
    fn merge_from(&mut self, other: &Self) {
        self.study.merge(&other.study);
        self.targets.merge(&other.targets);
    }
}

/// One target, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetCheck {
    /// The target.
    pub target: Target,
    /// The model's estimate and its 95 % interval.
    pub estimate: FigureEstimate,
    /// The estimate lies inside the published range.
    pub inside: bool,
    /// How far outside the range, in units of its width (0 inside; infinite when nothing was
    /// measured).
    pub distance: f64,
    /// `|estimate − centre| / sqrt(V_obs + V_mc + V_disc)`.
    pub implausibility: f64,
}

/// Every target checked, with the study's own summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Firms simulated.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// One row per target, in the targets' order.
    pub checks: Vec<TargetCheck>,
    /// One row per reported figure (never matched: its implausibility is computed as a
    /// target's but enters no ranked implausibility or verdict), in the
    /// targets file's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reported: Vec<TargetCheck>,
    /// The implausibility compared with the cut-off (the `rank`-th largest).
    pub implausibility: f64,
    /// Whether it is at most the cut-off.
    pub plausible: bool,
    /// Every statistic of the study (survival curve, P(bankruptcy), ...).
    pub summary: McSummary,
}

impl CheckReport {
    /// Whether every target's estimate lies inside its range.
    pub fn all_inside(&self) -> bool {
        self.checks.iter().all(|c| c.inside)
    }
}

/// Implausibility of `estimate` for `target`.
pub fn implausibility(target: &Target, estimate: &FigureEstimate, targets: &Targets) -> f64 {
    let s = &targets.implausibility;
    let h = target.half_width();
    let variance =
        (s.observation_sd * h).powi(2) + estimate.se.powi(2) + (s.discrepancy_sd * h).powi(2);
    if estimate.value.is_nan() {
        return f64::INFINITY;
    }
    (estimate.value - target.centre()).abs() / variance.sqrt()
}

/// The `rank`-th largest of `values` (1 the largest); infinite when there are fewer.
pub fn ranked(values: &[f64], rank: usize) -> f64 {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    sorted
        .get(rank.max(1) - 1)
        .copied()
        .unwrap_or(f64::INFINITY)
}

/// The checks of every target from accumulated state.
pub fn evaluate(targets: &Targets, state: &TargetState, horizon: u32) -> Vec<TargetCheck> {
    targets
        .targets
        .iter()
        .enumerate()
        .map(|(i, target)| {
            let estimate = state.estimate(i, target, horizon);
            TargetCheck {
                target: target.clone(),
                estimate,
                inside: target.contains(estimate.value),
                distance: if estimate.value.is_nan() {
                    f64::INFINITY
                } else {
                    target.distance(estimate.value)
                },
                implausibility: implausibility(target, &estimate, targets),
            }
        })
        .collect()
}

/// Feeds each month to two observers.
struct Both<'a, 'b, 't>(&'a mut FanRecorder<'b>, &'a mut TargetRecorder<'t>);

impl Observer for Both<'_, '_, '_> {
    fn on_month(&mut self, m: &MonthRecord) {
        self.0.on_month(m);
        self.1.on_month(m);
    }
}

/// Runs a study of `scenario` (replicates `config.replicates`, strategies from `make`) and
/// accumulates the study state and every target's figure. Bit-identical for any thread count.
///
/// # Errors
/// As [`crate::mc::Study::run`].
pub(crate) fn run_check<M: MakeStrategy>(
    scenario: &Scenario,
    targets: &Targets,
    make: &M,
    config: &McConfig,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn McObserver,
) -> Result<Driven<CheckState>, SimError> {
    scenario.validate()?;
    let horizon = targets.horizon_for(scenario);
    let extended = Scenario {
        horizon_months: horizon,
        ..scenario.clone()
    };
    let scenario = &extended;
    drive(
        config,
        cancel,
        || CheckState {
            study: McState::new(horizon),
            targets: TargetState::new(targets),
        },
        |_, seed, state: &mut CheckState| {
            let mut sim = Simulation::new_unchecked(scenario, make.make(scenario), seed);
            let mut recorder = TargetRecorder::new(targets);
            let outcome = sim.run_with(&mut Both(
                &mut FanRecorder {
                    state: &mut state.study,
                },
                &mut recorder,
            ))?;
            state.study.add_outcome(&outcome, true);
            recorder.finish(&outcome, &mut state.targets);
            Ok(None::<()>)
        },
        |_| false,
        &mut |progress: Progress<'_, ()>| {
            if let Progress::Round { done, planned } = progress {
                observer.on_round(done, planned);
            }
        },
    )
}

/// Checks `scenario` against `targets` with a study of `config`: every target's estimate
/// with its 95 % interval, inside or outside its range, and its implausibility.
///
/// # Errors
/// As [`crate::mc::Study::run`].
///
/// # Examples
/// ```
/// use lpo_sim_core::calibration::{Targets, check};
/// use lpo_sim_core::{Scenario, mc::McConfig};
/// let report = check(&Scenario::default(), &Targets::default(), &McConfig::default().runs(200))?;
/// assert_eq!(report.checks.len(), Targets::default().targets.len());
/// for c in &report.checks {
///     assert!(c.estimate.ci95[0] <= c.estimate.value && c.estimate.value <= c.estimate.ci95[1]);
/// }
/// # Ok::<(), lpo_sim_core::SimError>(())
/// ```
pub fn check(
    scenario: &Scenario,
    targets: &Targets,
    config: &McConfig,
) -> Result<CheckReport, SimError> {
    check_with(
        scenario,
        targets,
        &crate::mc::ScenarioStrategy,
        config,
        None,
        &mut crate::mc::NoMcObserver,
    )
}

/// As [`check`], with a strategy, cancellation and progress.
///
/// # Errors
/// As [`crate::mc::Study::run`].
pub fn check_with<M: MakeStrategy>(
    scenario: &Scenario,
    targets: &Targets,
    make: &M,
    config: &McConfig,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn McObserver,
) -> Result<CheckReport, SimError> {
    let measured = targets.with_reported_as_targets();
    let driven = run_check(scenario, &measured, make, config, cancel, observer)?;
    let state = driven.accumulator;
    let mut checks = evaluate(&measured, &state.targets, measured.horizon_for(scenario));
    let reported = checks.split_off(targets.targets.len());
    let values: Vec<f64> = checks.iter().map(|c| c.implausibility).collect();
    let implausibility = ranked(&values, targets.implausibility.rank);
    Ok(CheckReport {
        runs: state.study.runs,
        seed: config.seed,
        checks,
        reported,
        implausibility,
        plausible: implausibility <= targets.implausibility.cutoff,
        summary: McSummary::of(&state.study),
    })
}
