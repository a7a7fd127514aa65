//! Metrics of a study, by name, with their 95 % confidence intervals; and objectives with
//! constraints for tuning.

use super::contrast::ReplicateStatistic;
use crate::mc::{McState, McSummary, Outcome, Proportion, Z95};
use crate::record::{EndReason, RunOutcome};
use serde::{Deserialize, Serialize};

/// A number computed from a study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Metric {
    /// P(bankruptcy by the horizon).
    Bankruptcy,
    /// P(closed by the founder while solvent, by the horizon).
    Closure,
    /// P(open at the horizon) = 1 − P(bankruptcy) − P(closure): `p_open`, "P(open at month
    /// N)" in tables (also accepted as `p_survive`).
    Survival,
    /// P(cumulative break-even by the horizon).
    BreakEven,
    /// Mean of an outcome.
    Mean(Outcome),
    /// A quantile (0..1) of an outcome.
    Quantile(Outcome, f64),
    /// Mean of the worst 5 % of final cash.
    FinalCashCvar5,
}

/// A metric's value and its 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Point estimate.
    pub value: f64,
    /// 95 % confidence interval (Wilson for probabilities, normal for means, order
    /// statistics for quantiles; for CVaR the interval is the point itself: no interval).
    pub ci95: [f64; 2],
}

impl Metric {
    /// Every accepted form, for messages.
    pub const FORMS: &'static str = "p_bankrupt, p_closed, p_open, p_break_even, mean:<outcome>, \
        median:<outcome>, p<1-99>:<outcome> (e.g. p90:final_cash), cvar5:final_cash";

    /// Parses a metric name.
    ///
    /// # Errors
    /// A message listing the accepted forms.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::analysis::Metric;
    /// use lpo_sim_core::mc::Outcome;
    /// assert_eq!(Metric::parse("median:final_cash").unwrap(), Metric::Quantile(Outcome::FinalCash, 0.5));
    /// assert!(Metric::parse("median:cash").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Metric, String> {
        let text = text.trim();
        let outcome = |name: &str| Outcome::parse(name).map_err(|e| e.to_string());
        match text {
            "p_bankrupt" => return Ok(Metric::Bankruptcy),
            "p_closed" => return Ok(Metric::Closure),
            // `p_survive`: the earlier name, still accepted.
            "p_open" | "p_survive" => return Ok(Metric::Survival),
            "p_break_even" => return Ok(Metric::BreakEven),
            "cvar5:final_cash" => return Ok(Metric::FinalCashCvar5),
            _ => {}
        }
        let Some((kind, name)) = text.split_once(':') else {
            return Err(format!(
                "unknown metric `{text}`; metrics are {}",
                Metric::FORMS
            ));
        };
        match kind {
            "mean" => Ok(Metric::Mean(outcome(name)?)),
            "median" => Ok(Metric::Quantile(outcome(name)?, 0.5)),
            _ => {
                let level = kind
                    .strip_prefix('p')
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|n| (1..=99).contains(n))
                    .ok_or_else(|| {
                        format!("unknown metric `{text}`; metrics are {}", Metric::FORMS)
                    })?;
                Ok(Metric::Quantile(outcome(name)?, f64::from(level) / 100.0))
            }
        }
    }

    /// The canonical name (what [`Metric::parse`] accepts).
    pub fn name(&self) -> String {
        match self {
            Metric::Bankruptcy => "p_bankrupt".to_owned(),
            Metric::Closure => "p_closed".to_owned(),
            Metric::Survival => "p_open".to_owned(),
            Metric::BreakEven => "p_break_even".to_owned(),
            Metric::Mean(o) => format!("mean:{o}"),
            Metric::Quantile(o, q) if *q == 0.5 => format!("median:{o}"),
            Metric::Quantile(o, q) => format!("p{}:{o}", (q * 100.0).round()),
            Metric::FinalCashCvar5 => "cvar5:final_cash".to_owned(),
        }
    }

    /// The metric's value and 95 % interval for a study.
    pub fn evaluate(&self, state: &McState) -> Estimate {
        let proportion = |p: Proportion| Estimate {
            value: p.estimate,
            ci95: p.wilson95,
        };
        match self {
            Metric::Bankruptcy => proportion(Proportion::new(state.bankrupt, state.runs)),
            Metric::Closure => proportion(Proportion::new(state.closed, state.runs)),
            Metric::Survival => {
                let open = state.runs - state.bankrupt - state.closed;
                proportion(Proportion::new(open, state.runs))
            }
            Metric::BreakEven => {
                let broke_even = state.break_even_in_month.iter().sum();
                proportion(Proportion::new(broke_even, state.runs))
            }
            Metric::Mean(outcome) => {
                let m = &state.outcomes[*outcome].moments;
                let se = (m.sample_variance() / m.n.max(1) as f64).sqrt();
                Estimate {
                    value: m.mean(),
                    ci95: [m.mean() - Z95 * se, m.mean() + Z95 * se],
                }
            }
            Metric::Quantile(outcome, q) => {
                let acc = &state.outcomes[*outcome];
                let n = acc.moments.n.max(1) as f64;
                // Distribution-free interval: the order statistics at ranks q ± z·√(q(1−q)/n).
                let spread = Z95 * (q * (1.0 - q) / n).sqrt();
                let at = |level: f64| {
                    if acc.moments.n == 0 {
                        return f64::NAN;
                    }
                    let v = acc
                        .sketch
                        .quantile(level.clamp(0.0, 1.0))
                        .clamp(acc.moments.min, acc.moments.max);
                    // As in the study table: whole-number outcomes get whole-number quantiles.
                    if acc.moments.quantum == 1.0 {
                        v.round()
                    } else {
                        v
                    }
                };
                Estimate {
                    value: at(*q),
                    ci95: [at(q - spread), at(q + spread)],
                }
            }
            Metric::FinalCashCvar5 => {
                let v = state.outcomes.final_cash.sketch.lower_tail_mean(0.05);
                Estimate {
                    value: v,
                    ci95: [v, v],
                }
            }
        }
    }

    /// The value from a summary (no interval needed).
    pub fn value_in(&self, summary: &McSummary) -> f64 {
        match self {
            Metric::Bankruptcy => summary.bankruptcy.estimate,
            Metric::Closure => summary.closure.estimate,
            Metric::Survival => summary.open.estimate,
            Metric::BreakEven => summary.break_even.estimate,
            Metric::Mean(o) => summary.outcomes[*o].mean,
            Metric::Quantile(o, q) => crate::mc::QUANTILES
                .iter()
                .position(|l| (l - q).abs() < 1e-12)
                .map_or(f64::NAN, |i| summary.outcomes[*o].quantiles[i]),
            Metric::FinalCashCvar5 => summary.final_cash_cvar5,
        }
    }
}

impl std::fmt::Display for Metric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

/// Anything that turns a study into a number with an interval: a built-in [`Metric`], or a
/// closure for a metric of your own.
///
/// # Examples
/// ```
/// use lpo_sim_core::analysis::{Estimate, Measure};
/// use lpo_sim_core::mc::McState;
/// // Final cash per final client (a ratio of means: no interval is offered for it).
/// let cash_per_client = |state: &McState| {
///     let o = &state.outcomes;
///     let v = o.final_cash.moments.mean() / o.final_clients.moments.mean();
///     Estimate { value: v, ci95: [f64::NAN, f64::NAN] }
/// };
/// let study = lpo_sim_core::analysis::study(
///     &lpo_sim_core::Scenario::default(),
///     &|s: &lpo_sim_core::Scenario| lpo_sim_core::BuiltinStrategy::RuleBased.build(&s.strategy.rule),
///     &lpo_sim_core::mc::McConfig::default().runs(100),
/// )?;
/// let measure: &dyn Measure = &cash_per_client;
/// assert!(measure.estimate(&study).value.is_finite());
/// # Ok::<(), lpo_sim_core::analysis::AnalysisError>(())
/// ```
pub trait Measure: Sync {
    /// The value and its 95 % interval for a study.
    fn estimate(&self, state: &McState) -> Estimate;

    /// How the measure summarises one value per replicate ([`Measure::replicate_value`]),
    /// when it does. `Some` lets an analysis pair points replicate by replicate (a mean) or
    /// compute exact quantiles; the default, `None`, leaves contrasts unpaired.
    fn per_replicate(&self) -> Option<ReplicateStatistic> {
        None
    }

    /// The replicate's value (`None`: the replicate has none, e.g. no break-even month). Read
    /// only when [`Measure::per_replicate`] is `Some`.
    fn replicate_value(&self, run: &RunOutcome) -> Option<f64> {
        let _ = run;
        None
    }

    /// Which way is better, for "the best point" of an analysis (default: larger).
    fn better(&self) -> Direction {
        Direction::Maximise
    }
}

impl Measure for Metric {
    fn estimate(&self, state: &McState) -> Estimate {
        self.evaluate(state)
    }

    fn per_replicate(&self) -> Option<ReplicateStatistic> {
        match self {
            Metric::Bankruptcy | Metric::Closure | Metric::Survival | Metric::BreakEven => {
                Some(ReplicateStatistic::Mean { quantum: 1.0 })
            }
            Metric::Mean(o) => Some(ReplicateStatistic::Mean {
                quantum: o.quantum(),
            }),
            Metric::Quantile(_, q) => Some(ReplicateStatistic::Quantile(*q)),
            Metric::FinalCashCvar5 => None,
        }
    }

    fn replicate_value(&self, run: &RunOutcome) -> Option<f64> {
        let indicator = |b: bool| Some(if b { 1.0 } else { 0.0 });
        match self {
            Metric::Bankruptcy => indicator(run.end() == EndReason::Insolvent),
            Metric::Closure => indicator(run.end() == EndReason::Closed),
            Metric::Survival => indicator(run.end() == EndReason::Open),
            Metric::BreakEven => indicator(run.break_even_month.is_some()),
            Metric::Mean(o) | Metric::Quantile(o, _) => o.of(run),
            Metric::FinalCashCvar5 => None,
        }
    }

    fn better(&self) -> Direction {
        match self {
            Metric::Bankruptcy | Metric::Closure => Direction::Minimise,
            Metric::Mean(o) | Metric::Quantile(o, _)
                if matches!(o, Outcome::BreakEvenMonth | Outcome::ErrorsEscaped) =>
            {
                Direction::Minimise
            }
            _ => Direction::Maximise,
        }
    }
}

impl<F: Fn(&McState) -> Estimate + Sync> Measure for F {
    fn estimate(&self, state: &McState) -> Estimate {
        self(state)
    }
}

/// Maximise or minimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Larger is better.
    Maximise,
    /// Smaller is better.
    Minimise,
}

/// `metric <= bound` or `metric >= bound`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constraint {
    /// The constrained metric.
    pub metric: Metric,
    /// True for `<=`, false for `>=`.
    pub at_most: bool,
    /// The bound.
    pub bound: f64,
}

impl Constraint {
    /// How far the study is from meeting the constraint (0 when met).
    /// A metric that cannot be computed (NaN, e.g. the median break-even month when no firm
    /// broke even) violates the constraint infinitely.
    pub fn violation(&self, state: &McState) -> f64 {
        let v = self.metric.evaluate(state).value;
        if !v.is_finite() {
            return f64::INFINITY;
        }
        if self.at_most {
            (v - self.bound).max(0.0)
        } else {
            (self.bound - v).max(0.0)
        }
    }
}

/// What tuning optimises: a metric, a direction, and constraints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    /// Maximise or minimise.
    pub direction: Direction,
    /// The metric optimised.
    pub metric: Metric,
    /// Constraints that must hold.
    pub constraints: Vec<Constraint>,
}

impl Objective {
    /// Parses e.g. `maximise median:final_cash subject to p_bankrupt <= 0.05` (also `max`,
    /// `minimise`/`min`, `s.t.`, several constraints joined by `and`).
    ///
    /// # Errors
    /// A message saying what is expected.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::analysis::{Direction, Objective};
    /// let o = Objective::parse("max median:final_cash s.t. p_bankrupt <= 0.05").unwrap();
    /// assert_eq!(o.direction, Direction::Maximise);
    /// assert_eq!(o.constraints.len(), 1);
    /// ```
    pub fn parse(text: &str) -> Result<Objective, String> {
        let usage = "expected `maximise <metric> [subject to <metric> <= <number> [and ...]]` \
                     (or minimise; `max`/`min`, `s.t.` also accepted)";
        let text = text.trim();
        let (head, tail) = match text.find(" subject to ").or_else(|| text.find(" s.t. ")) {
            Some(i) => {
                let skip = if text[i..].starts_with(" subject to ") {
                    " subject to ".len()
                } else {
                    " s.t. ".len()
                };
                (&text[..i], Some(&text[i + skip..]))
            }
            None => (text, None),
        };
        let (word, metric) = head
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(|| usage.to_owned())?;
        let direction = match word {
            "maximise" | "maximize" | "max" => Direction::Maximise,
            "minimise" | "minimize" | "min" => Direction::Minimise,
            other => return Err(format!("`{other}`: {usage}")),
        };
        let metric = Metric::parse(metric)?;
        let mut constraints = Vec::new();
        if let Some(tail) = tail {
            for part in tail.split(" and ") {
                let (name, at_most, bound) = if let Some((a, b)) = part.split_once("<=") {
                    (a, true, b)
                } else if let Some((a, b)) = part.split_once(">=") {
                    (a, false, b)
                } else {
                    return Err(format!(
                        "constraint `{}` needs <= or >=; {usage}",
                        part.trim()
                    ));
                };
                let bound: f64 = bound
                    .trim()
                    .parse()
                    .ok()
                    .filter(|b: &f64| b.is_finite())
                    .ok_or_else(|| {
                        format!(
                            "`{}` is not a finite number in constraint `{}`",
                            bound.trim(),
                            part.trim()
                        )
                    })?;
                constraints.push(Constraint {
                    metric: Metric::parse(name)?,
                    at_most,
                    bound,
                });
            }
        }
        Ok(Objective {
            direction,
            metric,
            constraints,
        })
    }

    /// A score to maximise: feasible studies score their (signed) metric; infeasible ones
    /// score below every feasible one, worse the further they are from feasibility.
    pub fn score(&self, state: &McState) -> Score {
        let violation: f64 = self.constraints.iter().map(|c| c.violation(state)).sum();
        let value = self.metric.evaluate(state).value;
        // A metric that cannot be computed is the worst value, never the best.
        let signed = match (value.is_finite(), self.direction) {
            (false, _) => f64::NEG_INFINITY,
            (true, Direction::Maximise) => value,
            (true, Direction::Minimise) => -value,
        };
        Score {
            feasible: violation == 0.0 && value.is_finite(),
            violation,
            value: signed,
        }
    }
}

impl std::fmt::Display for Objective {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let word = match self.direction {
            Direction::Maximise => "maximise",
            Direction::Minimise => "minimise",
        };
        write!(f, "{word} {}", self.metric)?;
        for (i, c) in self.constraints.iter().enumerate() {
            let joint = if i == 0 { " subject to" } else { " and" };
            write!(
                f,
                "{joint} {} {} {}",
                c.metric,
                if c.at_most { "<=" } else { ">=" },
                c.bound
            )?;
        }
        Ok(())
    }
}

/// How good a candidate is: feasible beats infeasible; among feasible, higher `value`; among
/// infeasible, smaller `violation`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// All constraints hold.
    pub feasible: bool,
    /// Total constraint violation.
    pub violation: f64,
    /// The objective metric, negated when minimising.
    pub value: f64,
}

impl Score {
    /// Total order: feasible first, then by value; infeasible by violation.
    pub fn compare(&self, other: &Score) -> std::cmp::Ordering {
        match (self.feasible, other.feasible) {
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            (true, true) => self.value.total_cmp(&other.value),
            (false, false) => other.violation.total_cmp(&self.violation),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objective_bounds_must_be_finite_numbers() {
        assert!(Objective::parse("max p_open s.t. p_bankrupt <= 0.05").is_ok());
        for bound in ["NaN", "nan", "inf", "-inf", "infinity", "x"] {
            let text = format!("max median:final_cash s.t. p_bankrupt <= {bound}");
            let error = Objective::parse(&text).unwrap_err();
            assert!(error.contains("not a finite number"), "{bound}: {error}");
        }
    }
}
