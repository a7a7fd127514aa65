//! Optimising parameters under uncertainty with the cross-entropy method, on common random
//! numbers, with a fixed budget and seed; the winner is re-measured on fresh seeds.

use super::explore::{AnalysisError, ParamRange, study, with_values};
use super::metric::{Estimate, Objective, Score};
use crate::mc::McConfig;
use crate::sample::standard_normal;
use crate::scenario::Scenario;
use crate::strategy::Strategy;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Replicate indices of the validation study start here: far beyond any training range, so
/// the search never sees them.
pub const VALIDATION_OFFSET: u64 = 1 << 40;

/// Settings of a tuning run. Only these (and the scenario) decide the result.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneConfig {
    /// The parameters searched and their bounds.
    pub params: Vec<ParamRange>,
    /// What to optimise.
    pub objective: Objective,
    /// Iterations of the cross-entropy method.
    pub iterations: usize,
    /// Candidates per iteration.
    pub population: usize,
    /// Share of candidates kept as the elite (at least 2).
    pub elite_share: f64,
    /// Seed of the search (candidate draws) and master seed of the studies.
    pub seed: u64,
    /// Replicates per candidate (the same seeds for every candidate).
    pub runs_per_candidate: u64,
    /// Replicates of the final validation study on fresh seeds.
    pub validation_runs: u64,
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Run every study over this ensemble of plausible parameter sets (the tuned parameters
    /// keep their candidate values).
    pub ensemble: Option<std::sync::Arc<crate::mc::Ensemble>>,
}

/// One iteration of the search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceRow {
    /// Iteration, from 1.
    pub iteration: usize,
    /// Best score so far.
    pub best: Score,
    /// Mean objective value of this iteration's elite.
    pub elite_mean: f64,
    /// Sampling means after the update, per parameter.
    pub means: Vec<f64>,
    /// Sampling standard deviations after the update, per parameter.
    pub sds: Vec<f64>,
}

/// A metric re-measured on fresh seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validated {
    /// Metric name.
    pub metric: String,
    /// On the training seeds.
    pub training: Estimate,
    /// On fresh seeds.
    pub validation: Estimate,
}

/// The result of tuning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TuneResult {
    /// Parameter paths.
    pub paths: Vec<String>,
    /// The best values found.
    pub best_values: Vec<f64>,
    /// Its score on the training seeds.
    pub best_score: Score,
    /// Its score on fresh seeds.
    pub validation_score: Score,
    /// The objective and each constraint's metric, on training and fresh seeds.
    pub validated: Vec<Validated>,
    /// The same for the starting (default) values, on fresh seeds, for comparison.
    pub default_values: Vec<f64>,
    /// The default values' metrics on fresh seeds.
    pub default_validated: Vec<Validated>,
    /// One row per iteration.
    pub trace: Vec<TraceRow>,
    /// Studies run in the search.
    pub evaluations: usize,
}

/// Cross-entropy search: each iteration draws `population` candidates from independent
/// normals (clamped to the bounds; whole-number parameters rounded), scores each on the same
/// `runs_per_candidate` replicate seeds, and moves the normals to the mean and spread of the
/// best `elite_share` (smoothed 70/30 with the previous values). The best candidate ever
/// scored wins; it and the defaults are then measured on `validation_runs` fresh seeds.
///
/// # Errors
/// [`AnalysisError`] for bad settings, a bad value or a failed simulation.
pub fn tune<S, F>(
    scenario: &Scenario,
    make_strategy: &F,
    config: &TuneConfig,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<TuneResult, AnalysisError>
where
    S: Strategy,
    F: Fn(&Scenario) -> S + Sync,
{
    if config.params.is_empty() || config.population < 2 || config.iterations == 0 {
        return Err(AnalysisError::Spec(
            "tuning needs at least one --param, a population of 2 or more and 1 or more iterations"
                .into(),
        ));
    }
    let paths: Vec<String> = config.params.iter().map(|p| p.path.clone()).collect();
    let defaults: Vec<f64> = {
        let all = crate::params::list_params(&mut scenario.clone());
        paths
            .iter()
            .map(|p| {
                all.iter()
                    .find(|i| &i.path == p)
                    .map_or(f64::NAN, |i| i.value)
            })
            .collect()
    };
    let training = super::explore::config_for(
        &McConfig {
            seed: config.seed,
            replicates: 0..config.runs_per_candidate,
            threads: config.threads,
            until: None,
            ensemble: config.ensemble.clone(),
            fans: true,
        },
        &paths,
    );
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let width = |p: &ParamRange| (p.high - p.low).max(1e-12);
    // Start centred on the defaults (clamped into the bounds), spread over the range.
    let mut means: Vec<f64> = config
        .params
        .iter()
        .zip(&defaults)
        .map(|(p, d)| {
            if d.is_finite() {
                d.clamp(p.low, p.high)
            } else {
                (p.low + p.high) / 2.0
            }
        })
        .collect();
    let mut sds: Vec<f64> = config.params.iter().map(|p| width(p) / 2.0).collect();
    let elite = ((config.population as f64 * config.elite_share).round() as usize)
        .clamp(2, config.population);
    let mut best: Option<(Vec<f64>, Score)> = None;
    let mut trace = Vec::new();
    let total = config.iterations.saturating_mul(config.population);
    let mut evaluations = 0;
    for iteration in 1..=config.iterations {
        let mut scored: Vec<(Vec<f64>, Score)> = Vec::new();
        for _ in 0..config.population {
            let candidate: Vec<f64> = config
                .params
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let v = (means[i] + sds[i] * standard_normal(&mut rng)).clamp(p.low, p.high);
                    if p.integer { v.round() } else { v }
                })
                .collect();
            let state = study(
                &with_values(scenario, &paths, &candidate)?,
                make_strategy,
                &training,
            )?;
            let score = config.objective.score(&state);
            evaluations += 1;
            progress(evaluations, total);
            if best.as_ref().is_none_or(|(_, b)| score.compare(b).is_gt()) {
                best = Some((candidate.clone(), score));
            }
            scored.push((candidate, score));
        }
        // Stable sort, best first: ties keep draw order, so the run is reproducible.
        scored.sort_by(|a, b| b.1.compare(&a.1));
        let top = &scored[..elite];
        for i in 0..means.len() {
            let m = top.iter().map(|(c, _)| c[i]).sum::<f64>() / elite as f64;
            let v = top
                .iter()
                .map(|(c, _)| (c[i] - m) * (c[i] - m))
                .sum::<f64>()
                / elite as f64;
            means[i] = 0.7 * m + 0.3 * means[i];
            // Keep a little spread so the search does not freeze on noise.
            sds[i] = (0.7 * v.sqrt() + 0.3 * sds[i]).max(width(&config.params[i]) * 0.01);
        }
        trace.push(TraceRow {
            iteration,
            best: best
                .as_ref()
                .map(|(_, s)| *s)
                .expect("a candidate was scored"),
            elite_mean: top.iter().map(|(_, s)| s.value).sum::<f64>() / elite as f64,
            means: means.clone(),
            sds: sds.clone(),
        });
    }
    let (best_values, best_score) = best.expect("at least one candidate");
    let fresh = McConfig {
        replicates: VALIDATION_OFFSET..VALIDATION_OFFSET.saturating_add(config.validation_runs),
        ..training.clone()
    };
    let metrics: Vec<&super::Metric> = std::iter::once(&config.objective.metric)
        .chain(config.objective.constraints.iter().map(|c| &c.metric))
        .collect();
    let measure =
        |values: &[f64], on_training: bool| -> Result<(Score, Vec<Validated>), AnalysisError> {
            let variant = with_values(scenario, &paths, values)?;
            let fresh_state = study(&variant, make_strategy, &fresh)?;
            let train_state = if on_training {
                Some(study(&variant, make_strategy, &training)?)
            } else {
                None
            };
            let validated = metrics
                .iter()
                .map(|m| Validated {
                    metric: m.name(),
                    training: train_state
                        .as_ref()
                        .map_or(m.evaluate(&fresh_state), |s| m.evaluate(s)),
                    validation: m.evaluate(&fresh_state),
                })
                .collect();
            Ok((config.objective.score(&fresh_state), validated))
        };
    let (validation_score, validated) = measure(&best_values, true)?;
    let clamped_defaults: Vec<f64> = config
        .params
        .iter()
        .zip(&defaults)
        .map(|(p, d)| d.clamp(p.low, p.high))
        .collect();
    let (_, default_validated) = measure(&clamped_defaults, true)?;
    Ok(TuneResult {
        paths,
        best_values,
        best_score,
        validation_score,
        validated,
        default_values: clamped_defaults,
        default_validated,
        trace,
        evaluations,
    })
}
