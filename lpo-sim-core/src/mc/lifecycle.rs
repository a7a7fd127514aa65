//! Careers in bulk, and careers followed by the firms they found: how a career policy moves
//! a firm's odds, end to end.

use super::accumulate::{ExactMoments, LogSketch};
use super::engine::{Driven, McConfig, McObserver, McOutcome, Merge, Progress, drive};
use super::state::{FanRecorder, McState, OUTCOME_ALPHA};
use super::summary::{MetricStats, Proportion};
use crate::career::{Career, CareerOutcome, CareerPlan};
use crate::error::SimError;
use crate::line::{PerLine, ServiceLine};
use crate::record::RunOutcome;
use crate::scenario::{CareerPlanParams, Scenario};
use crate::simulation::Simulation;
use crate::strategy::Strategy;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;

/// Moments and quantiles of one career quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Exact moments.
    pub moments: ExactMoments,
    /// Quantiles.
    pub sketch: LogSketch,
}

impl Quantity {
    fn new(quantum: f64) -> Self {
        Quantity {
            moments: ExactMoments::new(quantum),
            sketch: LogSketch::new(OUTCOME_ALPHA),
        }
    }
    fn add(&mut self, x: f64) {
        self.moments.add(x);
        self.sketch.add(x);
    }
    fn merge(&mut self, other: &Quantity) {
        self.moments.merge(&other.moments);
        self.sketch.merge(&other.sketch);
    }
    fn stats(&self) -> MetricStats {
        MetricStats::of(&super::OutcomeAccumulator {
            moments: self.moments.clone(),
            sketch: self.sketch.clone(),
        })
    }
}

/// Accumulated careers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareerState {
    /// Careers.
    pub runs: u64,
    /// Careers that ended in founding (the rest ran out of `career.max_months`).
    pub founded: u64,
    /// Founders with a law degree.
    pub law_degree: u64,
    /// Months until the career ended.
    pub months: Quantity,
    /// Savings at the end.
    pub savings: Quantity,
    /// Contacts at the end.
    pub network_contacts: Quantity,
    /// Legal knowledge at the end.
    pub legal_knowledge: Quantity,
    /// Years in a law office.
    pub law_office_years: Quantity,
    /// Years in an LPO centre.
    pub lpo_years: Quantity,
    /// Knowledge of each line at the end.
    pub knowledge: PerLine<ExactMoments>,
}

impl CareerState {
    /// Empty.
    pub fn new() -> Self {
        CareerState {
            runs: 0,
            founded: 0,
            law_degree: 0,
            months: Quantity::new(1.0),
            savings: Quantity::new(0.01),
            network_contacts: Quantity::new(1e-6),
            legal_knowledge: Quantity::new(1e-9),
            law_office_years: Quantity::new(1e-6),
            lpo_years: Quantity::new(1e-6),
            knowledge: PerLine {
                data_organisation: ExactMoments::new(1e-9),
                transcription: ExactMoments::new(1e-9),
                document_review: ExactMoments::new(1e-9),
                contract_drafting: ExactMoments::new(1e-9),
                legal_research: ExactMoments::new(1e-9),
            },
        }
    }

    /// Adds one career.
    pub fn add(&mut self, c: &CareerOutcome) {
        let p = &c.profile;
        self.runs += 1;
        self.founded += u64::from(c.founded);
        self.law_degree += u64::from(p.has_law_degree);
        self.months.add(f64::from(c.months));
        self.savings.add(p.savings);
        self.network_contacts.add(p.network_contacts);
        self.legal_knowledge.add(p.legal_knowledge);
        self.law_office_years.add(p.law_office_years);
        self.lpo_years.add(p.lpo_years);
        for line in ServiceLine::ALL {
            self.knowledge[line].add(p.knowledge[line]);
        }
    }
}

impl Default for CareerState {
    fn default() -> Self {
        CareerState::new()
    }
}

impl Merge for CareerState {
    fn merge_from(&mut self, o: &Self) {
        self.runs += o.runs;
        self.founded += o.founded;
        self.law_degree += o.law_degree;
        self.months.merge(&o.months);
        self.savings.merge(&o.savings);
        self.network_contacts.merge(&o.network_contacts);
        self.legal_knowledge.merge(&o.legal_knowledge);
        self.law_office_years.merge(&o.law_office_years);
        self.lpo_years.merge(&o.lpo_years);
        for line in ServiceLine::ALL {
            self.knowledge[line].merge(&o.knowledge[line]);
        }
    }
}

/// Statistics of many careers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareerSummary {
    /// Careers.
    pub runs: u64,
    /// Share that founded a firm within `career.max_months`.
    pub founded: Proportion,
    /// Share of careers that ended with a law degree.
    pub law_degree: Proportion,
    /// Months to the end of the career (founding, or the limit).
    pub months: MetricStats,
    /// Savings at the end.
    pub savings: MetricStats,
    /// Contacts.
    pub network_contacts: MetricStats,
    /// Legal knowledge.
    pub legal_knowledge: MetricStats,
    /// Law-office years.
    pub law_office_years: MetricStats,
    /// LPO years.
    pub lpo_years: MetricStats,
    /// Mean knowledge of each line.
    pub mean_knowledge: PerLine<f64>,
}

impl CareerSummary {
    /// Statistics of `state`.
    pub fn of(s: &CareerState) -> Self {
        CareerSummary {
            runs: s.runs,
            founded: Proportion::new(s.founded, s.runs),
            law_degree: Proportion::new(s.law_degree, s.runs),
            months: s.months.stats(),
            savings: s.savings.stats(),
            network_contacts: s.network_contacts.stats(),
            legal_knowledge: s.legal_knowledge.stats(),
            law_office_years: s.law_office_years.stats(),
            lpo_years: s.lpo_years.stats(),
            mean_knowledge: PerLine::from_fn(|line| s.knowledge[line].mean()),
        }
    }
}

/// Runs `config.replicates` careers under `plan` (replicate `k` uses the career stream of
/// [`super::replicate_seed`]`(seed, k)`).
///
/// # Errors
/// [`SimError::InvalidScenario`] for an invalid scenario.
pub fn run_careers(
    scenario: &Scenario,
    plan: CareerPlanParams,
    config: &McConfig,
    cancel: Option<&AtomicBool>,
) -> Result<(std::ops::Range<u64>, CareerState), SimError> {
    scenario
        .validate()
        .map_err(|e| SimError::InvalidScenario(e.to_string()))?;
    let Driven {
        replicates,
        accumulator,
        ..
    } = drive(
        config,
        cancel,
        CareerState::new,
        |seed, state: &mut CareerState| {
            state.add(&Career::new(scenario, CareerPlan { params: plan }, seed).run());
            Ok(None::<()>)
        },
        |_| false,
        &mut |_: Progress<'_, ()>| {},
    )?;
    Ok((replicates, accumulator))
}

/// A firm study whose every replicate first simulates the founder's career.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifecycleState {
    /// The firms.
    pub firms: McState,
    /// The careers that founded them.
    pub careers: CareerState,
}

impl Merge for LifecycleState {
    fn merge_from(&mut self, other: &Self) {
        self.firms.merge(&other.firms);
        self.careers.merge_from(&other.careers);
    }
}

/// Like [`super::run_monte_carlo`], but each replicate runs the career under `plan` first and
/// the firm is founded by the resulting profile (at the end of the career, whether the plan
/// chose to found or the career ran out of months). The career and the firm use different
/// streams of the same replicate seed.
///
/// # Errors
/// As [`super::run_monte_carlo`].
pub fn run_lifecycle<S, F>(
    scenario: &Scenario,
    plan: CareerPlanParams,
    make_strategy: F,
    config: &McConfig,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn McObserver,
) -> Result<(McOutcome, CareerState), SimError>
where
    S: Strategy,
    F: Fn() -> S + Sync,
{
    scenario
        .validate()
        .map_err(|e| SimError::InvalidScenario(e.to_string()))?;
    let horizon = scenario.horizon_months;
    let want_rows = observer.wants_replicates();
    let driven = drive(
        config,
        cancel,
        || LifecycleState {
            firms: McState::new(horizon),
            careers: CareerState::new(),
        },
        |seed, state: &mut LifecycleState| {
            let career = Career::new(scenario, CareerPlan { params: plan }, seed).run();
            state.careers.add(&career);
            let mut founded = scenario.clone();
            founded.founder = career.profile;
            let mut sim = Simulation::new_unchecked(&founded, make_strategy(), seed);
            let outcome: RunOutcome = sim.run_with(&mut FanRecorder {
                state: &mut state.firms,
            })?;
            state.firms.add_outcome(&outcome);
            Ok(want_rows.then_some(outcome))
        },
        |_| false,
        &mut |progress| match progress {
            Progress::Row(index, outcome) => observer.on_replicate(index, outcome),
            Progress::Round { done, planned } => observer.on_round(done, planned),
        },
    )?;
    Ok((
        McOutcome {
            replicates: driven.replicates,
            stop: driven.stop,
            state: driven.accumulator.firms,
        },
        driven.accumulator.careers,
    ))
}
