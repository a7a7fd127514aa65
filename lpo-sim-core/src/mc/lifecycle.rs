//! Careers in bulk, and careers followed by the firms they found: how a career policy moves
//! a firm's odds, end to end.

use super::accumulate::ExactMoments;
use super::engine::{Driven, McConfig, McObserver, McOutcome, Merge, Progress, Worlds, drive};
use super::state::{FanRecorder, McState, OutcomeAccumulator};
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

/// Accumulated careers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareerAccumulator {
    /// Careers.
    pub runs: u64,
    /// Careers that ended in founding (the rest ran out of `career.max_months`).
    pub founded: u64,
    /// Founders with a law degree.
    pub law_degree: u64,
    /// Months until the career ended.
    pub months: OutcomeAccumulator,
    /// Months to founding, of the careers that founded.
    pub founding_months: OutcomeAccumulator,
    /// Careers that lost a job at least once.
    pub ever_unemployed: u64,
    /// Months begun out of work after losing a job.
    pub unemployed_months: OutcomeAccumulator,
    /// Jobs lost.
    pub job_losses: OutcomeAccumulator,
    /// Savings at the end.
    pub savings: OutcomeAccumulator,
    /// Contacts at the end.
    pub network_contacts: OutcomeAccumulator,
    /// Legal knowledge at the end.
    pub legal_knowledge: OutcomeAccumulator,
    /// Years in a law office.
    pub law_office_years: OutcomeAccumulator,
    /// Years in an LPO centre.
    pub lpo_years: OutcomeAccumulator,
    /// Knowledge of each line at the end.
    pub knowledge: PerLine<ExactMoments>,
}

impl CareerAccumulator {
    /// Empty.
    pub fn new() -> Self {
        CareerAccumulator {
            runs: 0,
            founded: 0,
            law_degree: 0,
            months: OutcomeAccumulator::new(1.0),
            founding_months: OutcomeAccumulator::new(1.0),
            ever_unemployed: 0,
            unemployed_months: OutcomeAccumulator::new(1.0),
            job_losses: OutcomeAccumulator::new(1.0),
            savings: OutcomeAccumulator::new(0.01),
            network_contacts: OutcomeAccumulator::new(1e-6),
            legal_knowledge: OutcomeAccumulator::new(1e-9),
            law_office_years: OutcomeAccumulator::new(1e-6),
            lpo_years: OutcomeAccumulator::new(1e-6),
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
        if c.founded {
            self.founding_months.add(f64::from(c.months));
        }
        self.ever_unemployed += u64::from(c.job_losses > 0);
        self.unemployed_months.add(f64::from(c.unemployed_months));
        self.job_losses.add(f64::from(c.job_losses));
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

impl Default for CareerAccumulator {
    fn default() -> Self {
        CareerAccumulator::new()
    }
}

impl Merge for CareerAccumulator {
    fn merge_from(&mut self, o: &Self) {
        self.runs += o.runs;
        self.founded += o.founded;
        self.law_degree += o.law_degree;
        self.months.merge(&o.months);
        self.founding_months.merge(&o.founding_months);
        self.ever_unemployed += o.ever_unemployed;
        self.unemployed_months.merge(&o.unemployed_months);
        self.job_losses.merge(&o.job_losses);
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
    /// Share that never founded within `career.max_months` (the plan's gates were never met:
    /// too little saved, or the firm was not expected to pay the job held).
    pub never_founded: Proportion,
    /// Share of careers that ended with a law degree.
    pub law_degree: Proportion,
    /// Months to the end of the career (founding, or the limit).
    pub months: MetricStats,
    /// Months to founding, over the careers that founded.
    pub founding_months: MetricStats,
    /// Share of careers that lost a job at least once.
    pub ever_unemployed: Proportion,
    /// Months begun out of work after losing a job, per career.
    pub unemployed_months: MetricStats,
    /// Jobs lost per career.
    pub job_losses: MetricStats,
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
    pub fn of(s: &CareerAccumulator) -> Self {
        CareerSummary {
            runs: s.runs,
            founded: Proportion::new(s.founded, s.runs),
            never_founded: Proportion::new(s.runs - s.founded, s.runs),
            law_degree: Proportion::new(s.law_degree, s.runs),
            months: MetricStats::of(&s.months),
            founding_months: MetricStats::of(&s.founding_months),
            ever_unemployed: Proportion::new(s.ever_unemployed, s.runs),
            unemployed_months: MetricStats::of(&s.unemployed_months),
            job_losses: MetricStats::of(&s.job_losses),
            savings: MetricStats::of(&s.savings),
            network_contacts: MetricStats::of(&s.network_contacts),
            legal_knowledge: MetricStats::of(&s.legal_knowledge),
            law_office_years: MetricStats::of(&s.law_office_years),
            lpo_years: MetricStats::of(&s.lpo_years),
            mean_knowledge: PerLine::from_fn(|line| s.knowledge[line].mean()),
        }
    }
}

/// Runs `config.replicates` careers under `plan` (replicate `k` uses the career stream of
/// [`super::replicate_seed`]`(seed, k)`).
///
/// # Errors
/// [`SimError::InvalidScenario`] for an invalid scenario.
pub(crate) fn run_careers(
    scenario: &Scenario,
    plan: CareerPlanParams,
    config: &McConfig,
    cancel: Option<&AtomicBool>,
) -> Result<(std::ops::Range<u64>, CareerAccumulator), SimError> {
    scenario.validate()?;
    let Driven {
        replicates,
        accumulator,
        ..
    } = drive(
        config,
        cancel,
        CareerAccumulator::new,
        |_, seed, state: &mut CareerAccumulator| {
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
    pub careers: CareerAccumulator,
}

impl Merge for LifecycleState {
    fn merge_from(&mut self, other: &Self) {
        self.firms.merge(&other.firms);
        self.careers.merge_from(&other.careers);
    }
}

/// Like [`super::run_monte_carlo`], but each replicate runs the career under `plan` first and
/// the firm is founded by the resulting profile (at the end of the career, whether the plan
/// chose to found or the career ran out of months: a career that never founded still runs
/// its firm, founded at `career.max_months`, and [`CareerSummary::never_founded`] counts
/// those careers so outputs can say so). The career and the firm use different
/// streams of the same replicate seed.
///
/// # Errors
/// As [`super::run_monte_carlo`].
pub(crate) fn run_lifecycle<S, F>(
    scenario: &Scenario,
    plan: CareerPlanParams,
    make_strategy: F,
    config: &McConfig,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn McObserver,
) -> Result<(McOutcome, CareerAccumulator), SimError>
where
    S: Strategy,
    F: Fn() -> S + Sync,
{
    let worlds = Worlds::of(scenario, config)?;
    let horizon = scenario.horizon_months;
    let want_rows = observer.wants_replicates();
    let members = worlds.members();
    let driven = drive(
        config,
        cancel,
        || LifecycleState {
            firms: McState::with_members(horizon, members),
            careers: CareerAccumulator::new(),
        },
        |k, seed, state: &mut LifecycleState| {
            let career = Career::new(scenario, CareerPlan { params: plan }, seed).run();
            state.careers.add(&career);
            let (world, member) = worlds.for_replicate(config.seed, k);
            let mut founded = world.clone();
            founded.founder = career.profile;
            let mut sim = Simulation::new_unchecked(&founded, make_strategy(), seed);
            let outcome: RunOutcome = sim.run_with(&mut FanRecorder {
                state: &mut state.firms,
            })?;
            state.firms.add_outcome(&outcome, true);
            state.firms.tally_member(member, &outcome);
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
