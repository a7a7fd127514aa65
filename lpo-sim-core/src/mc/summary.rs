//! Statistics computed from a [`McState`]: what the JSON output, the table and the report show.

use super::conduct::ConductTally;
use super::ensemble::EnsembleSummary;
use super::outcome::PerOutcome;
use super::sales::SalesTally;
use super::state::{Fans, McState, OutcomeAccumulator};
use serde::{Deserialize, Serialize};

/// The 95 % two-sided normal quantile.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Quantile levels reported for every outcome.
pub const QUANTILES: [f64; 9] = [0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99];

/// Quantile levels of the fan charts.
pub const FAN_QUANTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];

/// Summary statistics of one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricStats {
    /// Number of values (for `break_even_month`: firms that broke even).
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Standard error of the mean.
    pub se: f64,
    /// 95 % confidence interval of the mean, `mean ± 1.96 se` (normal approximation).
    pub ci95: [f64; 2],
    /// P1, P5, P10, P25, P50, P75, P90, P95, P99 (within 0.5 % relative error; whole-number
    /// outcomes rounded to whole numbers).
    pub quantiles: [f64; 9],
    /// Smallest value (exact; NaN without values).
    pub min: f64,
    /// Largest value (exact; NaN without values).
    pub max: f64,
}

impl MetricStats {
    /// Statistics of one accumulator.
    pub fn of(acc: &OutcomeAccumulator) -> Self {
        let m = &acc.moments;
        let n = m.n;
        let mean = m.mean();
        // One value has no spread to measure: no SD, no interval.
        let sd = if n >= 2 {
            m.sample_variance().sqrt()
        } else {
            f64::NAN
        };
        let se = sd / (n as f64).sqrt();
        // Sketch values are clamped into the exact range, so P0 and P100 are exact. Whole-number
        // outcomes (quantum 1) are rounded: below 100 a bucket holds a single integer, so
        // their quantiles are exact there.
        let whole = m.quantum == 1.0;
        let quantiles = QUANTILES.map(|q| {
            if n == 0 {
                return f64::NAN;
            }
            let v = acc.sketch.quantile(q).clamp(m.min, m.max);
            if whole { v.round() } else { v }
        });
        let (min, max) = if n == 0 {
            (f64::NAN, f64::NAN)
        } else {
            (m.min, m.max)
        };
        MetricStats {
            n,
            mean,
            sd,
            se,
            ci95: [mean - Z95 * se, mean + Z95 * se],
            quantiles,
            min,
            max,
        }
    }

    /// The median.
    pub fn median(&self) -> f64 {
        self.quantiles[4]
    }

    /// Half-width of the 95 % confidence interval.
    pub fn half_width(&self) -> f64 {
        Z95 * self.se
    }
}

/// A proportion with its Wilson 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Proportion {
    /// Successes.
    pub count: u64,
    /// Trials.
    pub n: u64,
    /// `count / n`.
    pub estimate: f64,
    /// Wilson score interval at 95 %.
    pub wilson95: [f64; 2],
}

impl Proportion {
    /// `count` out of `n`.
    pub fn new(count: u64, n: u64) -> Self {
        let estimate = if n > 0 {
            count as f64 / n as f64
        } else {
            f64::NAN
        };
        Proportion {
            count,
            n,
            estimate,
            wilson95: wilson(count, n, Z95),
        }
    }

    /// Half-width of the Wilson interval.
    pub fn half_width(&self) -> f64 {
        (self.wilson95[1] - self.wilson95[0]) / 2.0
    }
}

/// Wilson score interval for `k` successes in `n` trials at normal quantile `z`:
/// `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`.
///
/// # Examples
/// ```
/// use lpo_sim_core::mc::{wilson, Z95};
/// let [lo, hi] = wilson(10, 100, Z95);
/// assert!((lo - 0.0552).abs() < 5e-5 && (hi - 0.1744).abs() < 5e-5);
/// ```
pub fn wilson(k: u64, n: u64, z: f64) -> [f64; 2] {
    if n == 0 {
        return [0.0, 1.0];
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let denominator = 1.0 + z2 / n;
    [
        ((centre - spread) / denominator).max(0.0),
        ((centre + spread) / denominator).min(1.0),
    ]
}

/// One month of a fan chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FanMonth {
    /// Month, from 1.
    pub month: u32,
    /// Values counted (for trust: running firms with clients).
    pub n: u64,
    /// P5, P10, P25, P50, P75, P90, P95 (within 2 % relative error).
    pub quantiles: [f64; 7],
}

/// Every statistic of a study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McSummary {
    /// Replicates.
    pub runs: u64,
    /// Bankrupt (insolvent) by the horizon.
    pub bankruptcy: Proportion,
    /// Closed by the founder while solvent, by the horizon.
    pub closure: Proportion,
    /// Still open at the horizon.
    pub open: Proportion,
    /// Broke even by the horizon: cumulative profit ≥ 0 from some month to the run's end.
    pub break_even: Proportion,
    /// Every outcome.
    pub outcomes: PerOutcome<MetricStats>,
    /// Share of firms still open at the end of each month (index `m − 1`).
    pub survival: Vec<f64>,
    /// Firms whose cumulative break-even came in each month (index `m − 1`).
    pub break_even_by_month: Vec<u64>,
    /// Firms that never broke even.
    pub never_break_even: u64,
    /// Mean of the worst 5 % of final cash (expected shortfall, CVaR 5 %).
    pub final_cash_cvar5: f64,
    /// Per-month quantiles of each fan series.
    pub fans: Fans<Vec<FanMonth>>,
    /// How the odds spread across an ensemble's members (studies over an ensemble only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensemble: Option<EnsembleSummary>,
    /// How far sales got; [`SalesTally::warning`] says when firms earned nothing, and why.
    #[serde(default)]
    pub sales: SalesTally,
    /// What open and ended firms did, and founders' draw after the first year
    /// ([`super::Verdict`] words it).
    #[serde(default)]
    pub conduct: ConductTally,
}

impl McSummary {
    /// Computes every statistic from `state`.
    pub fn of(state: &McState) -> Self {
        let runs = state.runs;
        let broke_even: u64 = state.break_even_in_month.iter().sum();
        let fan = |sketches: &Vec<super::LogSketch>| -> Vec<FanMonth> {
            sketches
                .iter()
                .enumerate()
                .map(|(i, s)| FanMonth {
                    month: i as u32 + 1,
                    n: s.count(),
                    quantiles: FAN_QUANTILES.map(|q| s.quantile(q)),
                })
                .collect()
        };
        let f = &state.fans;
        McSummary {
            runs,
            bankruptcy: Proportion::new(state.bankrupt, runs),
            closure: Proportion::new(state.closed, runs),
            open: Proportion::new(runs - state.bankrupt - state.closed, runs),
            break_even: Proportion::new(broke_even, runs),
            outcomes: state.outcomes.map(|_, acc| MetricStats::of(acc)),
            survival: state
                .alive_at_month_end
                .iter()
                .map(|a| {
                    if runs > 0 {
                        *a as f64 / runs as f64
                    } else {
                        f64::NAN
                    }
                })
                .collect(),
            break_even_by_month: state.break_even_in_month.clone(),
            never_break_even: runs.saturating_sub(broke_even),
            final_cash_cvar5: state.outcomes.final_cash.sketch.lower_tail_mean(0.05),
            fans: Fans {
                cash: fan(&f.cash),
                revenue: fan(&f.revenue),
                headcount: fan(&f.headcount),
                clients: fan(&f.clients),
                mean_trust: fan(&f.mean_trust),
            },
            ensemble: (!state.members.is_empty()).then(|| EnsembleSummary::of(&state.members)),
            sales: state.sales,
            conduct: state.conduct,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A study where no firm breaks even, or one with no runs at all, still summarises.
    #[test]
    fn empty_outcomes_give_nan_statistics_not_a_panic() {
        let empty = McState::new(3);
        let summary = McSummary::of(&empty);
        assert_eq!(summary.runs, 0);
        let stats = &summary.outcomes.break_even_month;
        assert_eq!(stats.n, 0);
        assert!(stats.median().is_nan() && stats.min.is_nan() && stats.max.is_nan());
    }

    /// Reference values from Wilson (1927) / Newcombe (1998), table I.
    #[test]
    fn wilson_matches_published_values() {
        let cases = [
            ((81, 263), [0.2553, 0.3662]),
            ((15, 148), [0.0624, 0.1605]),
            ((0, 20), [0.0, 0.1611]),
            ((1, 29), [0.0061, 0.1718]),
        ];
        for ((k, n), [lo, hi]) in cases {
            let got = wilson(k, n, Z95);
            assert!(
                (got[0] - lo).abs() < 1e-4 && (got[1] - hi).abs() < 1e-4,
                "{k}/{n}: {got:?}"
            );
        }
    }
}
