//! Comparing strategies on common random numbers: every strategy runs every replicate seed,
//! so differences between them are paired.

use super::accumulate::ExactMoments;
use super::engine::StopReason;
use super::engine::{Driven, McConfig, McObserver, Merge, Progress, Worlds, drive, run_replicate};
use super::outcome::{Outcome, PerOutcome};
use super::state::McState;
use super::summary::{McSummary, Proportion, Z95};
use crate::error::SimError;
use crate::scenario::Scenario;
use crate::strategy::Strategy;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;

/// Makes a fresh strategy for each replicate.
pub type StrategyFactory<'a> = &'a (dyn Fn() -> Box<dyn Strategy> + Sync);

/// Paired accumulators of one outcome for strategies A and B.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairAccumulator {
    /// A's values, over replicates where both have a value.
    pub a: ExactMoments,
    /// B's values, over the same replicates.
    pub b: ExactMoments,
    /// A − B.
    pub difference: ExactMoments,
    /// Replicates where A's value is greater.
    pub a_greater: u64,
    /// Replicates where B's value is greater.
    pub b_greater: u64,
}

impl PairAccumulator {
    fn new(quantum: f64) -> Self {
        PairAccumulator {
            a: ExactMoments::new(quantum),
            b: ExactMoments::new(quantum),
            difference: ExactMoments::new(quantum),
            a_greater: 0,
            b_greater: 0,
        }
    }

    fn add(&mut self, a: f64, b: f64) {
        self.a.add(a);
        self.b.add(b);
        self.difference.add(a - b);
        self.a_greater += u64::from(a > b);
        self.b_greater += u64::from(b > a);
    }

    fn merge(&mut self, other: &Self) {
        self.a.merge(&other.a);
        self.b.merge(&other.b);
        self.difference.merge(&other.difference);
        self.a_greater += other.a_greater;
        self.b_greater += other.b_greater;
    }
}

/// Paired statistics of one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairStats {
    /// Replicates where both strategies have a value.
    pub n: u64,
    /// Mean of A − B.
    pub mean_difference: f64,
    /// 95 % confidence interval of the mean difference (paired).
    pub ci95: [f64; 2],
    /// Share of replicates where A's value is greater, with its Wilson interval.
    pub a_greater: Proportion,
    /// Share where B's value is greater.
    pub b_greater: Proportion,
    /// `(Var A + Var B) / Var(A − B)`: how many times smaller the variance of the difference
    /// is on common random numbers than it would be with independent seeds (infinite when
    /// the paired difference never varies; NaN with fewer than 2 replicates).
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
        let independent = acc.a.sample_variance() + acc.b.sample_variance();
        PairStats {
            n,
            mean_difference: mean,
            ci95: [mean - Z95 * se, mean + Z95 * se],
            a_greater: Proportion::new(acc.a_greater, n),
            b_greater: Proportion::new(acc.b_greater, n),
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

/// Paired accumulators of strategies `a` and `b` (indices into the compared list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairState {
    /// Index of strategy A.
    pub a: usize,
    /// Index of strategy B.
    pub b: usize,
    /// Survived the horizon (1) or not (0).
    pub survived: PairAccumulator,
    /// Every outcome (`break_even_month` over replicates where both broke even).
    pub outcomes: PerOutcome<PairAccumulator>,
}

/// Paired statistics of strategies `a` and `b`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSummary {
    /// Name of A.
    pub a: String,
    /// Name of B.
    pub b: String,
    /// Survived (1) or not (0): `mean_difference` is P(A survives) − P(B survives).
    pub survived: PairStats,
    /// Every outcome.
    pub outcomes: PerOutcome<PairStats>,
}

/// Accumulators of a comparison: one study per strategy and every pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareState {
    /// One study state per strategy, in the order given.
    pub strategies: Vec<McState>,
    /// Every pair `(i, j)`, `i < j`.
    pub pairs: Vec<PairState>,
}

impl Merge for CompareState {
    fn merge_from(&mut self, other: &Self) {
        for (a, b) in self.strategies.iter_mut().zip(&other.strategies) {
            a.merge(b);
        }
        for (a, b) in self.pairs.iter_mut().zip(&other.pairs) {
            a.survived.merge(&b.survived);
            for o in Outcome::ALL {
                a.outcomes[o].merge(&b.outcomes[o]);
            }
        }
    }
}

impl CompareState {
    fn new(horizon: u32, strategies: usize, members: usize) -> Self {
        let mut pairs = Vec::new();
        for a in 0..strategies {
            for b in a + 1..strategies {
                pairs.push(PairState {
                    a,
                    b,
                    survived: PairAccumulator::new(1.0),
                    outcomes: PerOutcome::from_fn(|o| PairAccumulator::new(o.quantum())),
                });
            }
        }
        CompareState {
            strategies: (0..strategies)
                .map(|_| McState::with_members(horizon, members))
                .collect(),
            pairs,
        }
    }
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Strategy names, in the order given.
    pub names: Vec<String>,
    /// Replicates run.
    pub replicates: std::ops::Range<u64>,
    /// Why the comparison stopped.
    pub stop: StopReason,
    /// Each strategy's statistics.
    pub summaries: Vec<McSummary>,
    /// Every pair's paired statistics.
    pub pairs: Vec<PairSummary>,
}

/// Runs every strategy on every replicate seed of `config` and pairs the results, reporting
/// progress to `observer` after each round ([`McObserver::on_round`]; no per-replicate rows).
/// [`super::Study::compare`] is the public entry point.
///
/// # Errors
/// As [`super::Study::run`].
pub(crate) fn compare_strategies(
    scenario: &Scenario,
    strategies: &[(&str, StrategyFactory<'_>)],
    config: &McConfig,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn McObserver,
) -> Result<Comparison, SimError> {
    let worlds = Worlds::of(scenario, config)?;
    let horizon = scenario.horizon_months;
    let count = strategies.len();
    let members = worlds.members();
    let Driven {
        replicates,
        accumulator,
        stop,
    } = drive(
        config,
        cancel,
        || CompareState::new(horizon, count, members),
        |k, seed, state: &mut CompareState| {
            // Every strategy faces the same seed and the same ensemble member.
            let (world, member) = worlds.for_replicate(config.seed, k);
            let mut outcomes = Vec::with_capacity(count);
            for ((_, make), study) in strategies.iter().zip(&mut state.strategies) {
                let outcome = run_replicate(world, make(), seed, study, config.fans)?;
                study.tally_member(member, &outcome);
                outcomes.push(outcome);
            }
            for pair in &mut state.pairs {
                let (a, b) = (&outcomes[pair.a], &outcomes[pair.b]);
                pair.survived.add(
                    f64::from(u8::from(a.survived())),
                    f64::from(u8::from(b.survived())),
                );
                for o in Outcome::ALL {
                    if let (Some(x), Some(y)) = (o.of(a), o.of(b)) {
                        pair.outcomes[o].add(x, y);
                    }
                }
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
    let names: Vec<String> = strategies.iter().map(|(n, _)| (*n).to_owned()).collect();
    let pairs = accumulator
        .pairs
        .iter()
        .map(|p| PairSummary {
            a: names[p.a].clone(),
            b: names[p.b].clone(),
            survived: PairStats::of(&p.survived),
            outcomes: p.outcomes.map(|_, acc| PairStats::of(acc)),
        })
        .collect();
    Ok(Comparison {
        names,
        replicates,
        stop,
        summaries: accumulator.strategies.iter().map(McSummary::of).collect(),
        pairs,
    })
}
