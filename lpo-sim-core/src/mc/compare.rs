//! Paired comparisons on common random numbers: every arm (a scenario, a strategy, a career
//! plan, or any mix of them) runs every replicate seed, with the same ensemble member for
//! replicate `k` in every arm, so the differences between an arm and the baseline (the first
//! arm) are paired: the luck they share cancels out of the difference.

use super::accumulate::ExactMoments;
use super::engine::StopReason;
use super::engine::{Driven, McConfig, McObserver, Merge, Progress, Worlds, drive, run_replicate};
use super::lifecycle::{CareerAccumulator, CareerSummary};
use super::outcome::{Outcome, PerOutcome};
use super::state::{FanRecorder, McState};
use super::summary::{McSummary, Proportion, Z95};
use crate::career::{Career, CareerPlan};
use crate::error::SimError;
use crate::record::RunOutcome;
use crate::scenario::{CareerPlanParams, Scenario};
use crate::simulation::Simulation;
use crate::strategy::Strategy;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;

/// Makes a fresh strategy for each replicate.
pub type StrategyFactory<'a> = &'a (dyn Fn() -> Box<dyn Strategy> + Sync);

/// One arm of a comparison: the scenario its firms run in, the strategy that runs them and,
/// in a lifecycle comparison, the career plan whose founder starts each firm.
#[derive(Clone, Copy)]
pub struct Arm<'a> {
    /// How outputs name it.
    pub name: &'a str,
    /// Its scenario (validated when the comparison starts).
    pub scenario: &'a Scenario,
    /// Its strategy, fresh for each replicate.
    pub strategy: StrategyFactory<'a>,
    /// `Some(plan)`: each replicate first simulates the founder's career under `plan` (on the
    /// career stream of the replicate's seed, as [`super::Study::run_lifecycle`] does), and
    /// the firm is founded by the profile it produces.
    pub career: Option<CareerPlanParams>,
}

impl std::fmt::Debug for Arm<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arm")
            .field("name", &self.name)
            .field("career", &self.career)
            .finish_non_exhaustive()
    }
}

/// Paired accumulators of one outcome for the baseline and one arm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairAccumulator {
    /// The baseline's values, over replicates where both have a value.
    pub baseline: ExactMoments,
    /// The arm's values, over the same replicates.
    pub arm: ExactMoments,
    /// Arm − baseline.
    pub difference: ExactMoments,
    /// Replicates where the arm's value is greater.
    pub arm_greater: u64,
    /// Replicates where the baseline's value is greater.
    pub baseline_greater: u64,
}

impl PairAccumulator {
    fn new(quantum: f64) -> Self {
        PairAccumulator {
            baseline: ExactMoments::new(quantum),
            arm: ExactMoments::new(quantum),
            difference: ExactMoments::new(quantum),
            arm_greater: 0,
            baseline_greater: 0,
        }
    }

    fn add(&mut self, baseline: f64, arm: f64) {
        self.baseline.add(baseline);
        self.arm.add(arm);
        self.difference.add(arm - baseline);
        self.arm_greater += u64::from(arm > baseline);
        self.baseline_greater += u64::from(baseline > arm);
    }

    /// Adds a yes/no event of both (1 when it happened).
    fn add_event(&mut self, baseline: bool, arm: bool) {
        self.add(f64::from(u8::from(baseline)), f64::from(u8::from(arm)));
    }

    fn merge(&mut self, other: &Self) {
        self.baseline.merge(&other.baseline);
        self.arm.merge(&other.arm);
        self.difference.merge(&other.difference);
        self.arm_greater += other.arm_greater;
        self.baseline_greater += other.baseline_greater;
    }
}

/// Paired statistics of one outcome: the arm against the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairStats {
    /// Replicates where both have a value.
    pub n: u64,
    /// Mean of arm − baseline (for a yes/no event: the difference of the two shares).
    pub mean_difference: f64,
    /// 95 % confidence interval of the mean difference (paired: from the spread of the
    /// per-replicate differences).
    pub ci95: [f64; 2],
    /// Share of replicates where the arm's value is greater, with its Wilson interval.
    pub arm_greater: Proportion,
    /// Share where the baseline's value is greater.
    pub baseline_greater: Proportion,
    /// `(Var baseline + Var arm) / Var(arm − baseline)`: how many times smaller the variance
    /// of the difference is on common random numbers than it would be with independent seeds
    /// (infinite when the paired difference never varies; NaN with fewer than 2 replicates).
    pub variance_reduction: f64,
}

impl PairStats {
    fn of(acc: &PairAccumulator) -> Self {
        let n = acc.difference.n;
        let mean = acc.difference.mean();
        let var_difference = acc.difference.sample_variance();
        let se = if n > 0 {
            (var_difference / n as f64).sqrt()
        } else {
            f64::NAN
        };
        let independent = acc.baseline.sample_variance() + acc.arm.sample_variance();
        PairStats {
            n,
            mean_difference: mean,
            ci95: [mean - Z95 * se, mean + Z95 * se],
            arm_greater: Proportion::new(acc.arm_greater, n),
            baseline_greater: Proportion::new(acc.baseline_greater, n),
            variance_reduction: if n < 2 {
                f64::NAN
            } else if var_difference > 0.0 {
                independent / var_difference
            } else {
                f64::INFINITY
            },
        }
    }
}

/// The odds of a run's ending, per replicate (1 when it happened, 0 when not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedOdds<T> {
    /// Insolvent by the horizon.
    pub bankrupt: T,
    /// Still open at the horizon (neither insolvent nor closed by the founder).
    pub open: T,
    /// Broke even (cumulative profit ≥ 0 from some month to the end).
    pub break_even: T,
}

/// Paired accumulators of the baseline (arm 0) and arm `arm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairState {
    /// Index of the arm compared with the baseline.
    pub arm: usize,
    /// The odds of the run's ending.
    pub odds: PairedOdds<PairAccumulator>,
    /// Every outcome (`break_even_month` over replicates where both broke even).
    pub outcomes: PerOutcome<PairAccumulator>,
}

impl PairState {
    fn new(arm: usize) -> Self {
        PairState {
            arm,
            odds: PairedOdds {
                bankrupt: PairAccumulator::new(1.0),
                open: PairAccumulator::new(1.0),
                break_even: PairAccumulator::new(1.0),
            },
            outcomes: PerOutcome::from_fn(|o| PairAccumulator::new(o.quantum())),
        }
    }

    fn add(&mut self, baseline: &RunOutcome, arm: &RunOutcome) {
        self.odds.bankrupt.add_event(
            baseline.bankrupt_month.is_some(),
            arm.bankrupt_month.is_some(),
        );
        self.odds
            .open
            .add_event(baseline.survived(), arm.survived());
        self.odds.break_even.add_event(
            baseline.break_even_month.is_some(),
            arm.break_even_month.is_some(),
        );
        for o in Outcome::ALL {
            if let (Some(x), Some(y)) = (o.of(baseline), o.of(arm)) {
                self.outcomes[o].add(x, y);
            }
        }
    }

    fn merge(&mut self, other: &Self) {
        self.odds.bankrupt.merge(&other.odds.bankrupt);
        self.odds.open.merge(&other.odds.open);
        self.odds.break_even.merge(&other.odds.break_even);
        for o in Outcome::ALL {
            self.outcomes[o].merge(&other.outcomes[o]);
        }
    }
}

/// Paired statistics of one arm against the baseline: every difference is arm − baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSummary {
    /// The baseline's name.
    pub baseline: String,
    /// The arm's name.
    pub arm: String,
    /// The odds: `mean_difference` is P(arm) − P(baseline), as a share.
    pub odds: PairedOdds<PairStats>,
    /// Every outcome.
    pub outcomes: PerOutcome<PairStats>,
}

/// Accumulators of a comparison: one study per arm, and each arm paired with the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareState {
    /// One study state per arm, in the order given.
    pub arms: Vec<McState>,
    /// The careers of each arm (empty for an arm without a career plan).
    pub careers: Vec<CareerAccumulator>,
    /// Arm `j` against the baseline, for `j ≥ 1`.
    pub pairs: Vec<PairState>,
}

impl Merge for CompareState {
    fn merge_from(&mut self, other: &Self) {
        for (a, b) in self.arms.iter_mut().zip(&other.arms) {
            a.merge(b);
        }
        for (a, b) in self.careers.iter_mut().zip(&other.careers) {
            a.merge_from(b);
        }
        for (a, b) in self.pairs.iter_mut().zip(&other.pairs) {
            a.merge(b);
        }
    }
}

impl CompareState {
    fn new(horizons: &[u32], members: usize) -> Self {
        CompareState {
            arms: horizons
                .iter()
                .map(|&h| McState::with_members(h, members))
                .collect(),
            careers: horizons.iter().map(|_| CareerAccumulator::new()).collect(),
            pairs: (1..horizons.len()).map(PairState::new).collect(),
        }
    }
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Arm names, in the order given; the first is the baseline.
    pub names: Vec<String>,
    /// Replicates run.
    pub replicates: std::ops::Range<u64>,
    /// Why the comparison stopped.
    pub stop: StopReason,
    /// Each arm's statistics.
    pub summaries: Vec<McSummary>,
    /// Each arm's careers (`None` for an arm without a career plan).
    pub careers: Vec<Option<CareerSummary>>,
    /// Each arm after the first against the baseline, in arm order.
    pub pairs: Vec<PairSummary>,
}

/// Runs every arm on every replicate seed of `config` and pairs each with the first,
/// reporting progress to `observer` after each round ([`McObserver::on_round`]; no
/// per-replicate rows). [`super::Study::compare`] and [`super::Study::compare_arms`] are the
/// public entry points.
///
/// # Errors
/// As [`super::Study::run`]; [`SimError::InvalidScenario`] for an arm's invalid scenario.
pub(crate) fn compare_arms(
    arms: &[Arm<'_>],
    config: &McConfig,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn McObserver,
) -> Result<Comparison, SimError> {
    let worlds = arms
        .iter()
        .map(|arm| Worlds::of(arm.scenario, config))
        .collect::<Result<Vec<_>, _>>()?;
    let horizons: Vec<u32> = arms.iter().map(|a| a.scenario.horizon_months).collect();
    let members = worlds.first().map_or(0, Worlds::members);
    let Driven {
        replicates,
        accumulator,
        stop,
    } = drive(
        config,
        cancel,
        || CompareState::new(&horizons, members),
        |k, seed, state: &mut CompareState| {
            let mut outcomes = Vec::with_capacity(arms.len());
            for (i, (arm, worlds)) in arms.iter().zip(&worlds).enumerate() {
                // Every arm faces the same seed and the same ensemble member.
                let (world, member) = worlds.for_replicate(config.seed, k);
                let study = &mut state.arms[i];
                let outcome = match arm.career {
                    None => run_replicate(world, (arm.strategy)(), seed, study, config.fans)?,
                    Some(plan) => {
                        let career =
                            Career::new(arm.scenario, CareerPlan { params: plan }, seed).run();
                        state.careers[i].add(&career);
                        let mut founded = world.clone();
                        founded.founder = career.profile;
                        let mut sim = Simulation::new_unchecked(&founded, (arm.strategy)(), seed);
                        let outcome = if config.fans {
                            sim.run_with(&mut FanRecorder { state: &mut *study })?
                        } else {
                            sim.run_with(&mut crate::record::NoObserver)?
                        };
                        study.add_outcome(&outcome, config.fans);
                        outcome
                    }
                };
                study.tally_member(member, &outcome);
                outcomes.push(outcome);
            }
            for pair in &mut state.pairs {
                pair.add(&outcomes[0], &outcomes[pair.arm]);
            }
            Ok(None::<()>)
        },
        |_| false,
        &mut |progress: Progress<'_, ()>| {
            if let Progress::Round { done, planned } = progress {
                observer.on_round(done, planned);
            }
        },
    )?;
    let names: Vec<String> = arms.iter().map(|a| a.name.to_owned()).collect();
    let pairs = accumulator
        .pairs
        .iter()
        .map(|p| PairSummary {
            baseline: names[0].clone(),
            arm: names[p.arm].clone(),
            odds: PairedOdds {
                bankrupt: PairStats::of(&p.odds.bankrupt),
                open: PairStats::of(&p.odds.open),
                break_even: PairStats::of(&p.odds.break_even),
            },
            outcomes: p.outcomes.map(|_, acc| PairStats::of(acc)),
        })
        .collect();
    let careers = arms
        .iter()
        .zip(&accumulator.careers)
        .map(|(arm, c)| arm.career.map(|_| CareerSummary::of(c)))
        .collect();
    Ok(Comparison {
        names,
        replicates,
        stop,
        summaries: accumulator.arms.iter().map(McSummary::of).collect(),
        careers,
        pairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::BuiltinStrategy;

    fn cautious() -> Box<dyn Strategy> {
        Box::new(BuiltinStrategy::Cautious.build(&Scenario::default().strategy.rule))
    }

    fn short() -> Scenario {
        Scenario {
            horizon_months: 24,
            ..Scenario::default()
        }
    }

    #[test]
    fn identical_arms_differ_by_exactly_nothing() {
        let (a, b) = (short(), short());
        for career in [None, Some(a.career.plan)] {
            let arms = [
                Arm {
                    name: "a",
                    scenario: &a,
                    strategy: &cautious,
                    career,
                },
                Arm {
                    name: "b",
                    scenario: &b,
                    strategy: &cautious,
                    career,
                },
            ];
            let config = McConfig::default().seed(5).runs(300);
            let c = compare_arms(&arms, &config, None, &mut super::super::NoMcObserver).unwrap();
            assert_eq!(c.summaries[0], c.summaries[1]);
            assert_eq!(c.careers[0], c.careers[1]);
            assert_eq!(c.careers[0].is_some(), career.is_some());
            let pair = &c.pairs[0];
            let stats = [&pair.odds.bankrupt, &pair.odds.open, &pair.odds.break_even]
                .into_iter()
                .chain(Outcome::ALL.iter().map(|&o| &pair.outcomes[o]));
            for s in stats {
                assert_eq!(s.mean_difference, 0.0);
                assert_eq!(s.ci95, [0.0, 0.0]);
                assert_eq!((s.arm_greater.count, s.baseline_greater.count), (0, 0));
            }
            assert_eq!(pair.outcomes.final_cash.n, 300);
        }
    }

    #[test]
    fn differences_are_the_arm_less_the_baseline_and_pairing_narrows_them() {
        let poor = short();
        let mut rich = short();
        rich.founder.savings *= 4.0;
        let arms = [
            Arm {
                name: "poor",
                scenario: &poor,
                strategy: &cautious,
                career: None,
            },
            Arm {
                name: "rich",
                scenario: &rich,
                strategy: &cautious,
                career: None,
            },
        ];
        let config = McConfig::default().seed(2).runs(400);
        let c = compare_arms(&arms, &config, None, &mut super::super::NoMcObserver).unwrap();
        let cash = &c.pairs[0].outcomes.final_cash;
        let means = (
            c.summaries[0].outcomes.final_cash.mean,
            c.summaries[1].outcomes.final_cash.mean,
        );
        // Equal up to the summaries' quantum: their exact moments are of values rounded to
        // 0.01 for money, the pairs' of unrounded differences.
        assert!(
            (cash.mean_difference - (means.1 - means.0)).abs() <= 0.01,
            "{} vs {}",
            cash.mean_difference,
            means.1 - means.0
        );
        assert!(cash.mean_difference > 0.0 && cash.ci95[0] > 0.0);
        assert!(cash.variance_reduction > 1.0);
        let bankrupt = &c.pairs[0].odds.bankrupt;
        let shares = (
            c.summaries[0].bankruptcy.estimate,
            c.summaries[1].bankruptcy.estimate,
        );
        assert!((bankrupt.mean_difference - (shares.1 - shares.0)).abs() < 1e-12);
        assert!(bankrupt.mean_difference <= 0.0);
    }
}
