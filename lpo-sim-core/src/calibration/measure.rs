//! Exact, mergeable accumulators of the target figures: per-firm sums of each ratio's
//! numerator and denominator, and the firms still open at each month end.

use super::targets::{Figure, Target, Targets};
use crate::mc::{Proportion, Z95};
use crate::record::{ClosureReason, EndReason, MonthRecord, Observer, RunOutcome};
use serde::{Deserialize, Serialize};

/// Exact sums over firms of a pair `(x, y)` rounded to quanta: `n, Σx, Σy, Σx², Σy², Σxy`.
/// Merging in any order gives the same bits; the ratio `Σx / Σy` and its delta-method
/// standard error come from them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatioAccumulator {
    /// Rounding step of `x`.
    pub x_quantum: f64,
    /// Rounding step of `y`.
    pub y_quantum: f64,
    /// Firms.
    pub n: u64,
    sx: i128,
    sy: i128,
    sxx: i128,
    syy: i128,
    sxy: i128,
}

/// A target figure's estimate and its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FigureEstimate {
    /// The estimate (NaN when nothing was measured: no denominator, or the horizon is too
    /// short).
    pub value: f64,
    /// Its Monte Carlo standard error.
    pub se: f64,
    /// 95 % interval: delta method (normal) for ratios, Wilson for survival shares.
    pub ci95: [f64; 2],
}

fn quanta(x: f64, quantum: f64) -> i128 {
    libm::round(x / quantum).clamp(-1e30, 1e30) as i128
}

impl RatioAccumulator {
    /// Empty.
    pub fn new(x_quantum: f64, y_quantum: f64) -> Self {
        RatioAccumulator {
            x_quantum,
            y_quantum,
            n: 0,
            sx: 0,
            sy: 0,
            sxx: 0,
            syy: 0,
            sxy: 0,
        }
    }

    /// Adds one firm's `(x, y)`.
    pub fn add(&mut self, x: f64, y: f64) {
        let (x, y) = (quanta(x, self.x_quantum), quanta(y, self.y_quantum));
        self.n += 1;
        self.sx = self.sx.saturating_add(x);
        self.sy = self.sy.saturating_add(y);
        self.sxx = self.sxx.saturating_add(x.saturating_mul(x));
        self.syy = self.syy.saturating_add(y.saturating_mul(y));
        self.sxy = self.sxy.saturating_add(x.saturating_mul(y));
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &RatioAccumulator) {
        self.n += other.n;
        self.sx = self.sx.saturating_add(other.sx);
        self.sy = self.sy.saturating_add(other.sy);
        self.sxx = self.sxx.saturating_add(other.sxx);
        self.syy = self.syy.saturating_add(other.syy);
        self.sxy = self.sxy.saturating_add(other.sxy);
    }

    /// `scale · Σx / Σy` with its delta-method standard error
    /// `√(n/(n−1) · Σ(x − R y)²) / Σy` (R the unscaled ratio), computed once in f64 from the
    /// exact sums.
    pub fn estimate(&self, scale: f64) -> FigureEstimate {
        if self.sy <= 0 || self.n < 2 {
            return FigureEstimate {
                value: f64::NAN,
                se: f64::NAN,
                ci95: [f64::NAN; 2],
            };
        }
        let (qx, qy) = (self.x_quantum, self.y_quantum);
        let (sx, sy) = (self.sx as f64 * qx, self.sy as f64 * qy);
        let r = sx / sy;
        let (sxx, syy, sxy) = (
            self.sxx as f64 * qx * qx,
            self.syy as f64 * qy * qy,
            self.sxy as f64 * qx * qy,
        );
        let n = self.n as f64;
        let residual = (sxx - 2.0 * r * sxy + r * r * syy).max(0.0) * n / (n - 1.0);
        let se = residual.sqrt() / sy * scale;
        let value = r * scale;
        FigureEstimate {
            value,
            se,
            ci95: [value - Z95 * se, value + Z95 * se],
        }
    }
}

/// Everything a check accumulates: firms, those open at each month end, and one ratio
/// accumulator per target (unused for survival targets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetState {
    /// Firms.
    pub runs: u64,
    /// Firms still open at the end of month `m` (index `m − 1`), up to the longest month any
    /// target needs.
    pub open_at_month_end: Vec<u64>,
    /// One accumulator per target, in the targets' order.
    pub ratios: Vec<RatioAccumulator>,
}

impl TargetState {
    /// Empty, for `targets`.
    pub fn new(targets: &Targets) -> Self {
        TargetState {
            runs: 0,
            open_at_month_end: vec![0; targets.months_needed() as usize],
            ratios: targets
                .targets
                .iter()
                .map(|t| match t.figure {
                    Figure::Ratio {
                        numerator,
                        denominator,
                        ..
                    } => RatioAccumulator::new(numerator.quantum(), denominator.quantum()),
                    Figure::Survival { .. }
                    | Figure::ExitShare { .. }
                    | Figure::ConditionalSurvival { .. } => RatioAccumulator::new(1.0, 1.0),
                })
                .collect(),
        }
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &TargetState) {
        self.runs += other.runs;
        for (a, b) in self
            .open_at_month_end
            .iter_mut()
            .zip(&other.open_at_month_end)
        {
            *a += b;
        }
        for (a, b) in self.ratios.iter_mut().zip(&other.ratios) {
            a.merge(b);
        }
    }

    /// Target `i`'s figure. Survival targets beyond `horizon` give NaN.
    pub fn estimate(&self, i: usize, target: &Target, horizon: u32) -> FigureEstimate {
        match target.figure {
            Figure::Ratio { scale, months, .. } if months[0] <= horizon => {
                self.ratios[i].estimate(scale)
            }
            Figure::ExitShare { month } if month <= horizon => self.ratios[i].estimate(1.0),
            Figure::Survival { month } if month <= horizon && self.runs > 0 => {
                let p = Proportion::new(self.open_at_month_end[month as usize - 1], self.runs);
                FigureEstimate {
                    value: p.estimate,
                    se: (p.estimate * (1.0 - p.estimate) / self.runs as f64).sqrt(),
                    ci95: p.wilson95,
                }
            }
            Figure::ConditionalSurvival { months } if months[1] <= horizon => {
                // A binomial share of the firms open at the first month (Wilson interval).
                let at_risk = self.open_at_month_end[months[0] as usize - 1];
                if at_risk == 0 {
                    return FigureEstimate {
                        value: f64::NAN,
                        se: f64::NAN,
                        ci95: [f64::NAN; 2],
                    };
                }
                let p = Proportion::new(self.open_at_month_end[months[1] as usize - 1], at_risk);
                FigureEstimate {
                    value: p.estimate,
                    se: (p.estimate * (1.0 - p.estimate) / at_risk as f64).sqrt(),
                    ci95: p.wilson95,
                }
            }
            _ => FigureEstimate {
                value: f64::NAN,
                se: f64::NAN,
                ci95: [f64::NAN; 2],
            },
        }
    }
}

/// Sums one firm's months into each ratio target's numerator and denominator.
pub(crate) struct TargetRecorder<'t> {
    targets: &'t Targets,
    sums: Vec<(f64, f64)>,
}

impl<'t> TargetRecorder<'t> {
    pub fn new(targets: &'t Targets) -> Self {
        TargetRecorder {
            targets,
            sums: vec![(0.0, 0.0); targets.targets.len()],
        }
    }

    /// Adds the finished firm to `state` and resets for the next.
    pub fn finish(&mut self, run: &RunOutcome, state: &mut TargetState) {
        state.runs += 1;
        let open = (run.months_open() as usize).min(state.open_at_month_end.len());
        for count in &mut state.open_at_month_end[..open] {
            *count += 1;
        }
        for ((target, acc), sums) in self
            .targets
            .targets
            .iter()
            .zip(&mut state.ratios)
            .zip(&mut self.sums)
        {
            match target.figure {
                Figure::Ratio { .. } => acc.add(sums.0, sums.1),
                Figure::ExitShare { month } => {
                    let ended = run.end() != EndReason::Open && run.months_run <= month;
                    let exit = ended && run.closure_reason == Some(ClosureReason::Exit);
                    acc.add(f64::from(u8::from(exit)), f64::from(u8::from(ended)));
                }
                Figure::Survival { .. } | Figure::ConditionalSurvival { .. } => {}
            }
            *sums = (0.0, 0.0);
        }
    }
}

impl Observer for TargetRecorder<'_> {
    fn on_month(&mut self, m: &MonthRecord) {
        for (target, sums) in self.targets.targets.iter().zip(&mut self.sums) {
            if let Figure::Ratio {
                numerator,
                denominator,
                months,
                ..
            } = target.figure
                && (months[0]..=months[1]).contains(&m.month)
            {
                sums.0 += numerator.of(m);
                sums.1 += denominator.of(m);
            }
        }
    }
}
