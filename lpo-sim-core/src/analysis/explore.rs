//! Exploring parameters: ranges by dotted path, grid and Latin-hypercube designs, sweeps,
//! tornado charts and Morris elementary effects. Every point runs the same replicate seeds
//! (common random numbers), so points share their luck; [`Contrast`] says which differences
//! between them can be told from the noise that remains.

use super::contrast::{Contrast, ReplicateStatistic, best_index, exact_quantile};
use super::metric::{Estimate, Measure, Metric};
use crate::error::{ScenarioError, SimError};
use crate::mc::{McConfig, McObserver, McState, Study};
use crate::params::{ParamInfo, SetError, list_params, set_param};
use crate::record::RunOutcome;
use crate::scenario::Scenario;
use crate::strategy::Strategy;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Why an analysis could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// A parameter path that does not exist (with the closest ones), or a value it cannot
    /// take (fatal).
    #[error(transparent)]
    Param(#[from] SetError),
    /// A parameter range that cannot be used: low above high, a yes/no switch, outside the
    /// parameter's range (fatal).
    #[error("{0}")]
    InvalidParam(String),
    /// A malformed specification (fatal).
    #[error("{0}")]
    Spec(String),
    /// The scenario with the analysis' values breaks a cross-field rule (fatal).
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A study failed (fatal unless [`SimError::is_fatal`] says otherwise).
    #[error(transparent)]
    Sim(#[from] SimError),
}

impl AnalysisError {
    /// Whether retrying the same analysis must fail again.
    pub fn is_fatal(&self) -> bool {
        match self {
            AnalysisError::Sim(e) => e.is_fatal(),
            _ => true,
        }
    }
}

/// A parameter varied between `low` and `high` (in steps of `step` on a grid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamRange {
    /// Dotted path.
    pub path: String,
    /// Lowest value.
    pub low: f64,
    /// Highest value.
    pub high: f64,
    /// Grid step (`None`: only the two ends on a grid).
    pub step: Option<f64>,
    /// Whether values are rounded to whole numbers.
    pub integer: bool,
}

impl ParamRange {
    /// Parses `PATH=LO:HI` or `PATH=LO:HI:STEP` and checks it against `scenario`'s
    /// parameter ranges.
    ///
    /// # Errors
    /// [`AnalysisError`] naming the path and the allowed range.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::{Scenario, analysis::ParamRange};
    /// let r = ParamRange::parse("strategy.rule.hiring_rigor=1:7:2", &Scenario::default()).unwrap();
    /// assert_eq!(r.values(), vec![1.0, 3.0, 5.0, 7.0]);
    /// assert!(ParamRange::parse("strategy.rule.qa_share=0:2", &Scenario::default()).is_err());
    /// ```
    pub fn parse(spec: &str, scenario: &Scenario) -> Result<ParamRange, AnalysisError> {
        let usage =
            || AnalysisError::Spec(format!("`{spec}`: expected PATH=LO:HI or PATH=LO:HI:STEP"));
        let (path, range) = spec.split_once('=').ok_or_else(usage)?;
        let numbers: Vec<f64> = range
            .split(':')
            .map(|n| n.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| usage())?;
        let (low, high, step) = match numbers[..] {
            [low, high] => (low, high, None),
            [low, high, step] => (low, high, Some(step)),
            _ => return Err(usage()),
        };
        let info = param_info(scenario, path.trim())?;
        let range = ParamRange {
            path: info.path.clone(),
            low,
            high,
            step,
            integer: info.integer,
        };
        range.check(&info)?;
        Ok(range)
    }

    fn check(&self, info: &ParamInfo) -> Result<(), AnalysisError> {
        let bad = |why: String| {
            Err(AnalysisError::InvalidParam(format!(
                "`{}`: {why}",
                self.path
            )))
        };
        if info.flag {
            return bad("is a yes/no switch; it cannot be swept".to_owned());
        }
        if !(self.low.is_finite() && self.high.is_finite()) || self.low > self.high {
            return bad(format!(
                "the range {}:{} must go from low to high",
                self.low, self.high
            ));
        }
        if self.low < info.min || self.high > info.max {
            return bad(format!(
                "{}:{} is outside the allowed range {} to {} ({})",
                self.low, self.high, info.min, info.max, info.unit
            ));
        }
        if let Some(step) = self.step
            && !(step.is_finite() && step > 0.0)
        {
            return bad(format!("the step {step} must be above 0"));
        }
        Ok(())
    }

    /// Grid values: `low, low + step, …` up to `high` (both ends without a step).
    pub fn values(&self) -> Vec<f64> {
        let mut values = match self.step {
            None => vec![self.low, self.high],
            Some(step) => {
                let n = ((self.high - self.low) / step + 1e-9).floor() as usize;
                // lo + i·step can overshoot the end by a rounding error (0.3 + 3 × 0.2 is
                // 0.9000000000000001): a value that close to `high` is `high`, and none is
                // beyond it.
                let close = 1e-9 * step;
                (0..=n)
                    .map(|i| self.low + step * i as f64)
                    // 0.3 + 2 × 0.2 is 0.7000000000000001: the nearest value with 12
                    // decimals is what the user meant (and prints as 0.7).
                    .map(|v| {
                        if step >= 1e-9 && v.abs() < 1e15 {
                            format!("{v:.12}").parse().unwrap_or(v)
                        } else {
                            v
                        }
                    })
                    .map(|v| {
                        if (self.high - v).abs() <= close {
                            self.high
                        } else {
                            v.min(self.high)
                        }
                    })
                    .collect()
            }
        };
        if self.integer {
            values.iter_mut().for_each(|v| *v = v.round());
        }
        values.dedup();
        values
    }

    /// The value at `u` in 0..1 of the range (rounded for whole-number parameters).
    pub fn at(&self, u: f64) -> f64 {
        let v = self.low + u * (self.high - self.low);
        if self.integer { v.round() } else { v }
    }
}

fn param_info(scenario: &Scenario, path: &str) -> Result<ParamInfo, AnalysisError> {
    let all = list_params(&mut scenario.clone());
    match all.iter().position(|p| p.path == path) {
        Some(i) => Ok(all[i].clone()),
        None => Err(unknown(path, &all)),
    }
}

/// The error for an unknown path, with the closest existing ones.
fn unknown(path: &str, all: &[ParamInfo]) -> AnalysisError {
    let paths: Vec<String> = all.iter().map(|p| p.path.clone()).collect();
    AnalysisError::Param(SetError::Unknown {
        path: path.to_owned(),
        closest: crate::params::closest_paths(path, &paths),
    })
}

/// `scenario` with `paths[i] = values[i]`, validated.
///
/// # Errors
/// [`AnalysisError`] naming the parameter.
pub fn with_values(
    scenario: &Scenario,
    paths: &[String],
    values: &[f64],
) -> Result<Scenario, AnalysisError> {
    let mut s = scenario.clone();
    for (path, value) in paths.iter().zip(values) {
        set_param(&mut s, path, *value)?;
    }
    s.validate()?;
    Ok(s)
}

/// `config` for an analysis that sets `paths` itself: an ensemble in it no longer sets them,
/// so the analysis' own values hold at every member.
pub fn config_for(config: &McConfig, paths: &[String]) -> McConfig {
    let mut config = config.clone();
    if let Some(e) = &config.ensemble {
        config.ensemble = Some(std::sync::Arc::new(e.without(paths)));
    }
    config
}

/// Runs the study of `scenario` with strategies from `make_strategy(&scenario)`.
///
/// # Errors
/// As [`Study::run`].
pub fn study<S, F>(
    scenario: &Scenario,
    make_strategy: &F,
    config: &McConfig,
) -> Result<McState, AnalysisError>
where
    S: Strategy,
    F: Fn(&Scenario) -> S + Sync,
{
    let outcome = Study::new(scenario)
        .config(config.clone())
        .strategy(|| make_strategy(scenario))
        .run()?;
    Ok(outcome.state)
}

/// Collects a measure's value of every replicate, in replicate order (NaN: none).
struct ReplicateValues<'m> {
    measure: &'m dyn Measure,
    first: u64,
    values: Vec<f64>,
}

impl McObserver for ReplicateValues<'_> {
    fn wants_replicates(&self) -> bool {
        true
    }

    fn on_replicate(&mut self, index: u64, outcome: &RunOutcome) {
        let i = usize::try_from(index - self.first).expect("replicate index fits in memory");
        if self.values.len() <= i {
            self.values.resize(i + 1, f64::NAN);
        }
        self.values[i] = self.measure.replicate_value(outcome).unwrap_or(f64::NAN);
    }
}

/// A point of an analysis: its study, the measure's estimate (exact for a quantile whose
/// replicate values are known), and those values when the measure has them.
struct Measured {
    state: McState,
    estimate: Estimate,
    values: Option<Vec<f64>>,
}

/// Runs the study of `scenario` and measures it, keeping every replicate's value when the
/// measure has one (for paired contrasts and exact quantiles).
fn measured_study<S, F>(
    scenario: &Scenario,
    make_strategy: &F,
    config: &McConfig,
    metric: &dyn Measure,
) -> Result<Measured, AnalysisError>
where
    S: Strategy,
    F: Fn(&Scenario) -> S + Sync,
{
    let Some(statistic) = metric.per_replicate() else {
        let state = study(scenario, make_strategy, config)?;
        let estimate = metric.estimate(&state);
        return Ok(Measured {
            state,
            estimate,
            values: None,
        });
    };
    let mut observer = ReplicateValues {
        measure: metric,
        first: config.replicates.start,
        values: Vec::new(),
    };
    let outcome = Study::new(scenario)
        .config(config.clone())
        .observer(&mut observer)
        .strategy(|| make_strategy(scenario))
        .run()?;
    let estimate = match statistic {
        ReplicateStatistic::Quantile(q) => exact_quantile(&observer.values, q),
        ReplicateStatistic::Mean { .. } => metric.estimate(&outcome.state),
    };
    Ok(Measured {
        state: outcome.state,
        estimate,
        values: Some(observer.values),
    })
}

/// `point` against `reference`: paired replicate by replicate for a mean, else from the two
/// intervals (see [`Contrast`]). Exactly 0 for a point against itself.
fn contrast(metric: &dyn Measure, point: &Measured, reference: &Measured) -> Contrast {
    if std::ptr::eq(point, reference) {
        return Contrast::ZERO;
    }
    match (metric.per_replicate(), &point.values, &reference.values) {
        (Some(ReplicateStatistic::Mean { quantum }), Some(p), Some(r)) => {
            Contrast::paired(p, r, quantum)
        }
        (Some(ReplicateStatistic::Quantile(q)), Some(p), Some(r)) => {
            Contrast::paired_quantile(p, r, q)
                .unwrap_or_else(|| Contrast::unpaired(&point.estimate, &reference.estimate))
        }
        _ => Contrast::unpaired(&point.estimate, &reference.estimate),
    }
}

/// Points of a full grid (every combination of every range's values, last range fastest).
pub fn grid(ranges: &[ParamRange]) -> Vec<Vec<f64>> {
    let mut points = vec![Vec::new()];
    for range in ranges {
        let values = range.values();
        points = points
            .into_iter()
            .flat_map(|p| {
                values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(*v);
                    q
                })
            })
            .collect();
    }
    points
}

/// `n` points of a Latin hypercube: each range cut into `n` equal strata, each stratum used
/// once, a uniform point inside it; strata matched at random (ChaCha8 from `seed`).
pub fn latin_hypercube(ranges: &[ParamRange], n: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut columns: Vec<Vec<f64>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        let mut strata: Vec<usize> = (0..n).collect();
        // Fisher-Yates with the study's own generator.
        for i in (1..n).rev() {
            let j = rng.random_range(0..=i);
            strata.swap(i, j);
        }
        columns.push(
            strata
                .into_iter()
                .map(|s| range.at((s as f64 + rng.random::<f64>()) / n as f64))
                .collect(),
        );
    }
    (0..n)
        .map(|i| columns.iter().map(|c| c[i]).collect())
        .collect()
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// The parameter values, in the order of the ranges.
    pub values: Vec<f64>,
    /// The metric. A quantile of a built-in outcome is exact (from every replicate's value),
    /// not the study's sketch, whose buckets are 0.5 % wide.
    pub estimate: Estimate,
    /// P(bankruptcy), for context.
    pub p_bankrupt: f64,
    /// This point's metric minus the best point's ([`Measure::better`]), with its interval:
    /// paired replicate by replicate when the metric is a mean or a probability. `None` when no
    /// point has a value.
    pub vs_best: Option<Contrast>,
    /// Whether this is the best point (the first of equals).
    pub is_best: bool,
}

/// Runs `metric` at every point (same replicate seeds everywhere), and contrasts every point
/// with the best one.
///
/// # Errors
/// [`AnalysisError`] for a bad value or a failed simulation.
pub fn sweep<S, F>(
    scenario: &Scenario,
    ranges: &[ParamRange],
    points: &[Vec<f64>],
    make_strategy: &F,
    config: &McConfig,
    metric: &dyn Measure,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<SweepPoint>, AnalysisError>
where
    S: Strategy,
    F: Fn(&Scenario) -> S + Sync,
{
    let paths: Vec<String> = ranges.iter().map(|r| r.path.clone()).collect();
    let config = &config_for(config, &paths);
    let mut measured = Vec::with_capacity(points.len());
    for (i, values) in points.iter().enumerate() {
        let variant = with_values(scenario, &paths, values)?;
        measured.push(measured_study(&variant, make_strategy, config, metric)?);
        progress(i + 1, points.len());
    }
    let estimates: Vec<Estimate> = measured.iter().map(|m| m.estimate).collect();
    let best = best_index(&estimates, metric.better());
    Ok(points
        .iter()
        .zip(&measured)
        .enumerate()
        .map(|(i, (values, m))| SweepPoint {
            values: values.clone(),
            estimate: m.estimate,
            p_bankrupt: Metric::Bankruptcy.evaluate(&m.state).value,
            vs_best: best.map(|b| contrast(metric, m, &measured[b])),
            is_best: best == Some(i),
        })
        .collect())
}

/// The factors of a sensitivity study: the given paths (or every numeric parameter whose
/// default is not 0), each from `default · (1 − spread)` to `default · (1 + spread)`,
/// clamped to its allowed range. Yes/no switches are left out, and so are parameters tied to
/// others by a cross-field rule (the lead shares must sum to 1), which cannot move alone.
///
/// # Errors
/// [`AnalysisError::Param`] for an unknown path; [`AnalysisError::InvalidParam`] when a
/// given path cannot move alone.
pub fn factors(
    scenario: &Scenario,
    paths: Option<&[String]>,
    spread: f64,
) -> Result<Vec<ParamRange>, AnalysisError> {
    let all = list_params(&mut scenario.clone());
    let chosen: Vec<ParamInfo> = match paths {
        Some(paths) => paths
            .iter()
            .map(|p| {
                all.iter()
                    .find(|i| &i.path == p)
                    .cloned()
                    .ok_or_else(|| unknown(p, &all))
            })
            .collect::<Result<_, _>>()?,
        None => all
            .into_iter()
            .filter(|p| !p.flag && p.value != 0.0)
            .collect(),
    };
    let explicit = paths.is_some();
    let mut out = Vec::with_capacity(chosen.len());
    for p in chosen.into_iter().filter(|p| !p.flag) {
        let d = p.value;
        let (mut low, mut high) = (
            (d - spread * d.abs()).max(p.min),
            (d + spread * d.abs()).min(p.max),
        );
        if p.integer {
            // Whole numbers move by at least one.
            low = low.round().min((d - 1.0).max(p.min));
            high = high.round().max((d + 1.0).min(p.max));
        }
        let path = [p.path.clone()];
        let movable = [low, high]
            .iter()
            .try_for_each(|v| with_values(scenario, &path, &[*v]).map(|_| ()));
        match movable {
            Ok(()) => out.push(ParamRange {
                path: p.path,
                low,
                high,
                step: None,
                integer: p.integer,
            }),
            Err(e) if explicit => {
                return Err(AnalysisError::InvalidParam(format!(
                    "`{}` cannot move alone from {low} to {high}: {e}",
                    p.path
                )));
            }
            Err(_) => {}
        }
    }
    Ok(out)
}

/// One bar of a tornado chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TornadoBar {
    /// Parameter path.
    pub path: String,
    /// Low value used.
    pub low: f64,
    /// High value used.
    pub high: f64,
    /// Metric at the low value.
    pub at_low: Estimate,
    /// Metric at the high value.
    pub at_high: Estimate,
    /// `|at_high − at_low|`.
    pub swing: f64,
    /// `at_high − at_low` with its interval: paired replicate by replicate when the metric is
    /// a mean or a probability. A swing whose interval contains 0 cannot be told from noise.
    pub high_vs_low: Contrast,
}

/// A tornado chart: each factor at its low and its high value, every other parameter at its
/// default; bars sorted by swing, largest first. Also returns the metric at the defaults.
///
/// # Errors
/// [`AnalysisError`] for a bad value or a failed simulation.
pub fn tornado<S, F>(
    scenario: &Scenario,
    factors: &[ParamRange],
    make_strategy: &F,
    config: &McConfig,
    metric: &dyn Measure,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Estimate, Vec<TornadoBar>), AnalysisError>
where
    S: Strategy,
    F: Fn(&Scenario) -> S + Sync,
{
    let all: Vec<String> = factors.iter().map(|f| f.path.clone()).collect();
    let config = &config_for(config, &all);
    let base = measured_study(scenario, make_strategy, config, metric)?.estimate;
    let mut bars = Vec::with_capacity(factors.len());
    for (i, f) in factors.iter().enumerate() {
        let paths = [f.path.clone()];
        let at = |v: f64| -> Result<Measured, AnalysisError> {
            measured_study(
                &with_values(scenario, &paths, &[v])?,
                make_strategy,
                config,
                metric,
            )
        };
        let (at_low, at_high) = (at(f.low)?, at(f.high)?);
        bars.push(TornadoBar {
            path: f.path.clone(),
            low: f.low,
            high: f.high,
            swing: (at_high.estimate.value - at_low.estimate.value).abs(),
            high_vs_low: contrast(metric, &at_high, &at_low),
            at_low: at_low.estimate,
            at_high: at_high.estimate,
        });
        progress(i + 1, factors.len());
    }
    bars.sort_by(|a, b| {
        b.swing
            .total_cmp(&a.swing)
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok((base, bars))
}

/// Morris elementary effects of one factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorrisEffect {
    /// Parameter path.
    pub path: String,
    /// Mean of |elementary effect| (μ*): overall importance.
    pub mu_star: f64,
    /// Mean elementary effect (μ): sign of the effect.
    pub mu: f64,
    /// Standard deviation of the effects (σ): non-linearity or interactions.
    pub sigma: f64,
    /// Effects measured (= trajectories).
    pub n: usize,
}

/// Morris screening: `trajectories` one-at-a-time paths through a 4-level grid over each
/// factor's range, each moving every factor once by Δ = 2/3 of its range (in random order,
/// ChaCha8 from `seed`). An elementary effect is the metric's change per full range, using
/// the step actually taken (whole-number factors round; a step that rounds to nothing is
/// skipped, so `n` can be below `trajectories`).
/// Costs `trajectories · (factors + 1)` studies. Sorted by μ*, largest first.
///
/// # Errors
/// [`AnalysisError`] for a bad value or a failed simulation.
#[allow(clippy::too_many_arguments)]
pub fn morris<S, F>(
    scenario: &Scenario,
    factors: &[ParamRange],
    make_strategy: &F,
    config: &McConfig,
    metric: &dyn Measure,
    trajectories: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<MorrisEffect>, AnalysisError>
where
    S: Strategy,
    F: Fn(&Scenario) -> S + Sync,
{
    const LEVELS: f64 = 4.0;
    let delta = LEVELS / (2.0 * (LEVELS - 1.0));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let paths: Vec<String> = factors.iter().map(|f| f.path.clone()).collect();
    let config = &config_for(config, &paths);
    let k = factors.len();
    let mut effects: Vec<Vec<f64>> = vec![Vec::new(); k];
    let total = trajectories.saturating_mul(k + 1);
    let mut done = 0;
    let mut evaluate = |x: &[f64]| -> Result<f64, AnalysisError> {
        let values: Vec<f64> = factors.iter().zip(x).map(|(f, u)| f.at(*u)).collect();
        let state = study(
            &with_values(scenario, &paths, &values)?,
            make_strategy,
            config,
        )?;
        done += 1;
        progress(done, total);
        Ok(metric.estimate(&state).value)
    };
    for _ in 0..trajectories {
        // Start on the lower levels so a +Δ step stays inside the range.
        let mut x: Vec<f64> = (0..k)
            .map(|_| f64::from(rng.random_range(0..2u8)) / (LEVELS - 1.0))
            .collect();
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            let j = rng.random_range(0..=i);
            order.swap(i, j);
        }
        let mut current = evaluate(&x)?;
        for i in order {
            let before = factors[i].at(x[i]);
            x[i] += delta;
            let next = evaluate(&x)?;
            // The step actually taken, as a share of the range: whole-number factors round,
            // so it can differ from Δ (and be 0 for a range of one, which measures nothing).
            let f = &factors[i];
            let step = (f.at(x[i]) - before) / (f.high - f.low).max(f64::MIN_POSITIVE);
            if step != 0.0 {
                effects[i].push((next - current) / step);
            }
            current = next;
        }
    }
    let mut out: Vec<MorrisEffect> = factors
        .iter()
        .zip(effects)
        .map(|(f, e)| {
            let n = (e.len() as f64).max(1.0);
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|v| v.abs()).sum::<f64>() / n;
            let sigma = if e.len() > 1 {
                (e.iter().map(|v| (v - mu) * (v - mu)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            MorrisEffect {
                path: f.path.clone(),
                mu_star,
                mu,
                sigma,
                n: e.len(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.mu_star
            .total_cmp(&a.mu_star)
            .then_with(|| a.path.cmp(&b.path))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_values_end_exactly_at_the_end_of_the_range() {
        let range = ParamRange {
            path: "strategy.rule.qa_share".to_owned(),
            low: 0.3,
            high: 0.9,
            step: Some(0.2),
            integer: false,
        };
        let values = range.values();
        assert_eq!(values.len(), 4, "{values:?}");
        assert_eq!(
            values[3], 0.9,
            "0.3 + 3 × 0.2 overshoots 0.9 by a rounding error"
        );
        assert!(values.iter().all(|v| *v <= 0.9));
        // Inner points are the decimals the user meant, not 0.7000000000000001.
        assert_eq!(values, [0.3, 0.5, 0.7, 0.9]);
    }
}
