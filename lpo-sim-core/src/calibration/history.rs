//! History matching (Vernon, Goldstein & Bower 2010): waves of Latin-hypercube designs over
//! the assumed parameters; a point is ruled out when its implausibility against the targets
//! exceeds the cut-off; each wave samples the bounding box of the points not yet ruled out.
//! What is left is an ensemble of plausible parameter sets.

use super::check::{evaluate, ranked};
use super::measure::{TargetRecorder, TargetState};
use super::targets::Targets;
use super::validate::Validation;
use crate::analysis::{ParamRange, latin_hypercube};
use crate::error::{ScenarioError, SimError};
use crate::mc::{MakeStrategy, replicate_seed};
use crate::parallel::Workers;
use crate::params::{ParamKind, list_params};
use crate::sample::standard_normal;
use crate::scenario::Scenario;
use crate::simulation::Simulation;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// A calibrated parameter and its prior range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prior {
    /// Dotted path.
    pub path: String,
    /// Lowest plausible value.
    pub low: f64,
    /// Highest plausible value.
    pub high: f64,
    /// Whole numbers only.
    pub integer: bool,
}

/// The embedded prior box: each calibrated parameter with its plausible range.
pub const DEFAULT_PRIORS_TOML: &str = include_str!("priors.toml");

/// The priors file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriorsFile {
    prior: Vec<RawPrior>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrior {
    path: String,
    range: [f64; 2],
    /// Why the range is what it is, when a source or physics bounds it (for people).
    #[serde(default)]
    #[allow(dead_code)]
    why: Option<String>,
}

/// The default prior box ([`DEFAULT_PRIORS_TOML`]): every world assumption of MODEL.md
/// (sections lines, workforce, clients, quality, consultant, closure, and the founder's
/// target pay), from half to twice the value it had before calibration, within its allowed
/// range. Left out: sourced parameters, parameters at 0, yes/no switches, the lead shares
/// (tied by their sum), and the founder, career, capital, loan, strategy and run.
///
/// # Panics
/// If the embedded file does not match `scenario`'s parameters (tested).
pub fn default_priors(scenario: &Scenario) -> Vec<Prior> {
    priors_from_toml(scenario, DEFAULT_PRIORS_TOML, "<embedded priors>")
        .expect("the embedded priors are valid (tested)")
}

/// Parses a priors file (`[[prior]] path = "…" range = [low, high]`) against `scenario`'s
/// parameters.
///
/// # Errors
/// [`CalibrationError::Prior`] naming the file and the prior.
pub fn priors_from_toml(
    scenario: &Scenario,
    text: &str,
    origin: &str,
) -> Result<Vec<Prior>, CalibrationError> {
    let file: PriorsFile =
        toml::from_str(text).map_err(|e| CalibrationError::Prior(format!("{origin}: {e}")))?;
    let all = list_params(&mut scenario.clone());
    let priors: Vec<Prior> = file
        .prior
        .into_iter()
        .map(|p| Prior {
            integer: all
                .iter()
                .any(|a| a.path == p.path && a.kind == ParamKind::Count),
            path: p.path,
            low: p.range[0],
            high: p.range[1],
        })
        .collect();
    check_priors(scenario, &priors)
        .map_err(|e| CalibrationError::Prior(format!("{origin}: {e}")))?;
    Ok(priors)
}

/// How a history match runs. Only these, the scenario, the targets and the priors decide the
/// result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryMatchSettings {
    /// Waves.
    pub waves: u32,
    /// Design points per wave.
    pub points_per_wave: u64,
    /// Firms simulated per point: replicates `0..runs_per_point` of the wave's master seed
    /// ([`wave_replicate_seed`]), the same for every point of a wave (common random numbers).
    pub runs_per_point: u64,
    /// Master seed: of the replicates and of each wave's design.
    pub seed: u64,
    /// Each later wave draws points around the points kept so far, a normal step of this
    /// many times their SD in each parameter.
    pub spread: f64,
    /// Cut-off of the first wave; later waves lower it geometrically to the targets' cut-off
    /// at the last wave, so early waves keep enough points to focus on. The ensemble is the
    /// points at or below the targets' cut-off, from every wave.
    pub first_cutoff: f64,
}

impl Default for HistoryMatchSettings {
    fn default() -> Self {
        HistoryMatchSettings {
            waves: 4,
            points_per_wave: 600,
            runs_per_point: 256,
            seed: 1,
            spread: 1.0,
            first_cutoff: 9.0,
        }
    }
}

/// A design point not ruled out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Wave that evaluated it (from 1).
    pub wave: u32,
    /// Its index in the wave's design.
    pub index: u64,
    /// Parameter values, in the priors' order.
    pub values: Vec<f64>,
    /// Each target's estimate, in the targets' order (NaN, written `null`, when not
    /// measured).
    #[serde(deserialize_with = "nullable_floats")]
    pub estimates: Vec<f64>,
    /// Each target's implausibility (infinite, written `null`, when not measured; read back
    /// as NaN).
    #[serde(deserialize_with = "nullable_floats")]
    pub implausibility: Vec<f64>,
    /// The implausibility compared with the cut-off (the `rank`-th largest).
    pub ranked: f64,
}

/// Numbers that JSON writes as `null` (NaN, infinities) read back as NaN, so a file with an
/// unmeasured target reads back and writes again the same bytes.
pub(super) fn nullable_floats<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<f64>, D::Error> {
    let values: Vec<Option<f64>> = Deserialize::deserialize(d)?;
    Ok(values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}

/// One wave (or a shard of it): the box it sampled, how many points it evaluated, and those
/// not ruled out at its cut-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaveRecord {
    /// Wave, from 1.
    pub wave: u32,
    /// The cut-off this wave kept points under.
    pub cutoff: f64,
    /// The box sampled, `[low, high]` per prior.
    pub bounds: Vec<[f64; 2]>,
    /// Design indices evaluated (all of `0..points_per_wave` once complete).
    pub evaluated: Range<u64>,
    /// Points not ruled out, by index.
    pub plausible: Vec<Member>,
}

/// What identifies a history match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationManifest {
    /// `lpo-sim-core` version.
    pub crate_version: String,
    /// The base scenario's fingerprint.
    pub scenario_fingerprint: String,
    /// The base scenario's currency.
    pub currency: String,
    /// The settings.
    pub settings: HistoryMatchSettings,
    /// The targets.
    pub targets: Targets,
    /// The calibrated parameters and their priors.
    pub priors: Vec<Prior>,
    /// The base scenario itself (its fingerprint is `scenario_fingerprint`): a study over the
    /// ensemble on another scenario is refused naming the parameters that differ
    /// ([`CalibrationFile::differences_from`]).
    pub base_scenario: Scenario,
}

/// A history match: its manifest and its waves (the last one possibly a shard). The
/// ensemble is every plausible point of every complete wave.
///
/// Written with a digest of its content and read back only through
/// [`CalibrationFile::from_json`], which refuses an edited or damaged file, an unknown field
/// and a structure this version could not have written ([`CalibrationFile::check`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationFile {
    /// Identity and settings.
    pub manifest: CalibrationManifest,
    /// The waves run, in order.
    pub waves: Vec<WaveRecord>,
    /// The matching ensemble checked again on fresh seeds (MODEL.md §15.3), once every wave
    /// has run: when present, only the members that stayed plausible there (with every
    /// estimate inside its range, unless the targets say otherwise) are the ensemble.
    pub validation: Option<Validation>,
}

/// Why a history match cannot run or continue.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CalibrationError {
    /// A prior names no parameter or has a bad range (fatal).
    #[error("{0}")]
    Prior(String),
    /// Settings out of range (fatal).
    #[error("{0}")]
    Settings(String),
    /// A design point's scenario is not valid (fatal).
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A study failed.
    #[error(transparent)]
    Sim(#[from] SimError),
    /// No point survived the last wave, so the next cannot be focused: the targets and the
    /// priors disagree (fatal for this history match; a finding about the model).
    #[error(
        "wave {wave}: no design point is plausible (every one has an implausibility above the \
         cut-off), so there is nothing to refocus on; widen the priors, add points, or read \
         which targets rule them out"
    )]
    NothingPlausible {
        /// The wave.
        wave: u32,
    },
    /// Files that are not parts of one history match (fatal).
    #[error("{0}")]
    Mismatch(String),
    /// A calibration file that cannot be read or does not hold together (fatal).
    #[error("{file}: {message}")]
    File {
        /// The file.
        file: String,
        /// What is wrong, naming the field.
        message: String,
    },
}

impl CalibrationFile {
    /// A history match not yet started.
    pub fn new(
        scenario: &Scenario,
        targets: &Targets,
        priors: Vec<Prior>,
        settings: HistoryMatchSettings,
    ) -> Result<Self, CalibrationError> {
        check_priors(scenario, &priors)?;
        if settings.waves == 0
            || settings.points_per_wave < 2
            || settings.runs_per_point < 2
            || !(settings.spread.is_finite() && settings.spread > 0.0)
            || !(settings.first_cutoff.is_finite() && settings.first_cutoff > 0.0)
        {
            return Err(CalibrationError::Settings(
                "a history match needs at least 1 wave, 2 points per wave, 2 runs per point and \
                 a spread and a first cut-off above 0"
                    .to_owned(),
            ));
        }
        Ok(CalibrationFile {
            manifest: CalibrationManifest {
                crate_version: env!("CARGO_PKG_VERSION").to_owned(),
                scenario_fingerprint: scenario.fingerprint(),
                currency: scenario.currency.clone(),
                settings,
                targets: targets.clone(),
                priors,
                base_scenario: scenario.clone(),
            },
            waves: Vec::new(),
            validation: None,
        })
    }

    /// The ensemble: every point of every wave at or below the targets' cut-off on the
    /// matching seeds and, once the file is validated, on the validation's fresh seeds too,
    /// there with every estimate inside its range unless the targets'
    /// `validation_inside_every_range` is false ([`Validation::keeps`]).
    pub fn members(&self) -> impl Iterator<Item = &Member> {
        let settings = &self.manifest.targets.implausibility;
        self.matching_members().filter(move |m| {
            self.validation
                .as_ref()
                .is_none_or(|v| v.keeps(m, settings))
        })
    }

    /// Every point of every wave at or below the targets' cut-off on the matching seeds: the
    /// ensemble before validation.
    pub fn matching_members(&self) -> impl Iterator<Item = &Member> {
        let cutoff = self.manifest.targets.implausibility.cutoff;
        self.kept().filter(move |m| m.ranked <= cutoff)
    }

    /// The ensemble as parameter sets to study over (`None` when empty).
    pub fn ensemble(&self) -> Option<crate::mc::Ensemble> {
        let members: Vec<Vec<f64>> = self.members().map(|m| m.values.clone()).collect();
        (!members.is_empty()).then(|| {
            crate::mc::Ensemble::new(
                self.manifest
                    .priors
                    .iter()
                    .map(|p| p.path.clone())
                    .collect(),
                members,
            )
        })
    }

    /// Every point any wave kept (at or below that wave's cut-off).
    pub fn kept(&self) -> impl Iterator<Item = &Member> {
        self.waves.iter().flat_map(|w| &w.plausible)
    }

    /// The cut-off of `wave` (from 1): from `first_cutoff` down to the targets' cut-off at the
    /// last wave, geometrically.
    pub fn cutoff_of(&self, wave: u32) -> f64 {
        let last = self.manifest.targets.implausibility.cutoff;
        let s = &self.manifest.settings;
        let first = s.first_cutoff.max(last);
        if s.waves <= 1 {
            return last;
        }
        let t = f64::from(wave.saturating_sub(1).min(s.waves - 1)) / f64::from(s.waves - 1);
        first * (last / first).powf(t)
    }

    /// The points the next wave focuses on: those kept so far at or below its cut-off, or, if
    /// none is, at or below the cut-off of the wave before.
    fn focus(&self) -> Vec<&Member> {
        let wave = self.waves.len() as u32 + 1;
        for cutoff in [self.cutoff_of(wave), self.cutoff_of(wave.saturating_sub(1))] {
            let focus: Vec<&Member> = self.kept().filter(|m| m.ranked <= cutoff).collect();
            if !focus.is_empty() {
                return focus;
            }
        }
        Vec::new()
    }

    /// The next wave's design points, `[low, high]` of the box they span, and the points:
    /// wave 1 is a Latin hypercube over the prior box; each later wave draws every point
    /// around a kept point chosen at random (a normal step of `spread` times the kept points'
    /// SD in each parameter, at least 1 % of the prior's width), reflected at the prior's
    /// bounds (clamping would pile points on the bounds; reflection keeps a flat density flat)
    /// (sequential Monte Carlo proposals, Beaumont et al. 2009). Deterministic from the seed
    /// and the wave.
    ///
    /// # Errors
    /// [`CalibrationError::NothingPlausible`] when no point is left to focus on.
    pub fn next_design(&self) -> Result<Design, CalibrationError> {
        let priors = &self.manifest.priors;
        let s = &self.manifest.settings;
        let wave = self.waves.len() as u32 + 1;
        let n = s.points_per_wave as usize;
        let seed = replicate_seed(s.seed, (1 << 50) + u64::from(wave));
        let points = if self.waves.is_empty() {
            let ranges: Vec<ParamRange> = priors
                .iter()
                .map(|p| ParamRange {
                    path: p.path.clone(),
                    low: p.low,
                    high: p.high,
                    step: None,
                    integer: p.integer,
                })
                .collect();
            latin_hypercube(&ranges, n, seed)
        } else {
            let focus = self.focus();
            if focus.is_empty() {
                return Err(CalibrationError::NothingPlausible { wave: wave - 1 });
            }
            let k = focus.len() as f64;
            let sd: Vec<f64> = priors
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mean = focus.iter().map(|m| m.values[i]).sum::<f64>() / k;
                    let var = focus
                        .iter()
                        .map(|m| (m.values[i] - mean).powi(2))
                        .sum::<f64>()
                        / (k - 1.0).max(1.0);
                    (s.spread * var.sqrt()).max(0.01 * (p.high - p.low))
                })
                .collect();
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            (0..n)
                .map(|_| {
                    let parent = focus[rng.random_range(0..focus.len())];
                    priors
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let v = reflect_into(
                                parent.values[i] + sd[i] * standard_normal(&mut rng),
                                p.low,
                                p.high,
                            );
                            if p.integer { v.round() } else { v }
                        })
                        .collect()
                })
                .collect()
        };
        let bounds = (0..priors.len())
            .map(|i| {
                points
                    .iter()
                    .fold([f64::INFINITY, f64::NEG_INFINITY], |[lo, hi], p| {
                        [lo.min(p[i]), hi.max(p[i])]
                    })
            })
            .collect();
        Ok((bounds, points))
    }

    /// The share of the prior box each wave sampled (product over parameters of the box's
    /// width over the prior's).
    pub fn box_share(&self, wave: &WaveRecord) -> f64 {
        self.manifest
            .priors
            .iter()
            .zip(&wave.bounds)
            .map(|(p, b)| (b[1] - b[0]) / (p.high - p.low))
            .product()
    }

    /// How much the targets pin each parameter down: per prior, the members' range and
    /// their standard deviation as a share of a uniform prior's (`(high − low)/√12`). A share
    /// near 1 (or above) means the targets leave the parameter free; well below 1, pinned.
    pub fn parameter_spread(&self) -> Vec<ParameterSpread> {
        let members: Vec<&Member> = self.members().collect();
        self.manifest
            .priors
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let values: Vec<f64> = members.iter().map(|m| m.values[i]).collect();
                let k = values.len() as f64;
                let mean = values.iter().sum::<f64>() / k.max(1.0);
                let var =
                    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
                let kept = values
                    .iter()
                    .fold([f64::INFINITY, f64::NEG_INFINITY], |[lo, hi], &v| {
                        [lo.min(v), hi.max(v)]
                    });
                ParameterSpread {
                    path: p.path.clone(),
                    prior: [p.low, p.high],
                    kept,
                    sd_share: var.sqrt() / ((p.high - p.low) / 12f64.sqrt()),
                }
            })
            .collect()
    }

    /// The member closest to the ensemble's centre: the smallest Euclidean distance to the
    /// per-parameter medians, each parameter scaled to its prior's width.
    pub fn central_member(&self) -> Option<&Member> {
        let members: Vec<&Member> = self.members().collect();
        if members.is_empty() {
            return None;
        }
        let priors = &self.manifest.priors;
        let medians: Vec<f64> = (0..priors.len())
            .map(|i| {
                let mut v: Vec<f64> = members.iter().map(|m| m.values[i]).collect();
                v.sort_by(f64::total_cmp);
                v[v.len() / 2]
            })
            .collect();
        let distance = |m: &Member| -> f64 {
            priors
                .iter()
                .enumerate()
                .map(|(i, p)| ((m.values[i] - medians[i]) / (p.high - p.low)).powi(2))
                .sum()
        };
        members
            .into_iter()
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
    }

    /// `base` with a member's values.
    ///
    /// # Errors
    /// [`ScenarioError`] when a value cannot be set or the result is not valid.
    pub fn scenario_of(&self, base: &Scenario, member: &Member) -> Result<Scenario, ScenarioError> {
        with_prior_values(base, &self.manifest.priors, &member.values)
    }
}

/// `base` with each prior's parameter set to `values[i]`, validated.
fn with_prior_values(
    base: &Scenario,
    priors: &[Prior],
    values: &[f64],
) -> Result<Scenario, ScenarioError> {
    let mut s = base.clone();
    for (p, v) in priors.iter().zip(values) {
        s.set(&p.path, *v)?;
    }
    s.validate()?;
    Ok(s)
}

pub(super) fn check_priors(scenario: &Scenario, priors: &[Prior]) -> Result<(), CalibrationError> {
    if priors.is_empty() {
        return Err(CalibrationError::Prior(
            "no parameters to calibrate".to_owned(),
        ));
    }
    let all = list_params(&mut scenario.clone());
    for (i, p) in priors.iter().enumerate() {
        let Some(info) = all.iter().find(|a| a.path == p.path) else {
            return Err(CalibrationError::Prior(format!(
                "no parameter `{}`",
                p.path
            )));
        };
        if priors[..i].iter().any(|q| q.path == p.path) {
            return Err(CalibrationError::Prior(format!(
                "`{}` is listed twice",
                p.path
            )));
        }
        if info.kind == ParamKind::Flag {
            return Err(CalibrationError::Prior(format!(
                "`{}` is a yes/no switch; it cannot be calibrated",
                p.path
            )));
        }
        if p.integer != (info.kind == ParamKind::Count) {
            return Err(CalibrationError::Prior(format!(
                "`{}`: `integer` is {}, but the parameter is {}a whole number",
                p.path,
                p.integer,
                if p.integer { "not " } else { "" }
            )));
        }
        if !(p.low.is_finite()
            && p.high.is_finite()
            && p.low < p.high
            && p.low >= info.min
            && p.high <= info.max)
        {
            return Err(CalibrationError::Prior(format!(
                "`{}`: the prior {}:{} must go from low to high inside the allowed range {} to {}",
                p.path, p.low, p.high, info.min, info.max
            )));
        }
    }
    Ok(())
}

/// A wave's design: the box its points span (`[low, high]` per prior) and the points.
pub type Design = (Vec<[f64; 2]>, Vec<Vec<f64>>);

/// Reports progress: design points evaluated so far in the wave, and the wave's size.
pub trait WaveObserver {
    /// `done` of `planned` points of `wave` evaluated.
    fn on_points(&mut self, wave: u32, done: u64, planned: u64) {
        let _ = (wave, done, planned);
    }
}

/// Observes nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoWaveObserver;

impl WaveObserver for NoWaveObserver {}

/// Points evaluated between progress reports and cancellation checks.
const BATCH: u64 = 32;

/// Runs the design points `points` of the next wave of `file` (all of
/// `0..points_per_wave` for a whole wave, part of it for a shard), on `threads` workers
/// (`None`: one per core). Returns the wave record; `None` when cancelled (the wave is
/// dropped whole). The record is the same for any thread count, and the records of shards
/// that cover the wave merge ([`super::merge_wave_parts`]) into the record of the whole wave.
///
/// # Errors
/// [`CalibrationError`] for a bad point, a failed study, or nothing left to focus on.
pub fn run_wave<M: MakeStrategy>(
    base: &Scenario,
    file: &CalibrationFile,
    points: Range<u64>,
    make: &M,
    threads: Option<usize>,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn WaveObserver,
) -> Result<Option<WaveRecord>, CalibrationError> {
    let workers = Workers::new(threads)?;
    let m = &file.manifest;
    let wave = file.waves.len() as u32 + 1;
    let (bounds, design) = file.next_design()?;
    let n = m.settings.points_per_wave;
    let points = points.start.min(n)..points.end.min(n);
    let cutoff = file.cutoff_of(wave);
    let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let mut plausible = Vec::new();
    let mut next = points.start;
    while next < points.end {
        if cancelled() {
            return Ok(None);
        }
        let batch = next..(next + BATCH).min(points.end);
        let results: Vec<Result<Option<Member>, CalibrationError>> = workers
            .map(batch.clone().collect(), |i| {
                evaluate_point(base, file, wave, i, &design[i as usize], cutoff, make)
            });
        for result in results {
            plausible.extend(result?);
        }
        next = batch.end;
        observer.on_points(wave, next - points.start, points.end - points.start);
    }
    Ok(Some(WaveRecord {
        wave,
        cutoff,
        bounds,
        evaluated: points,
        plausible,
    }))
}

/// Master seed of wave `wave`'s replicates: `seed + (wave − 1) · WAVE_SEED_STRIDE`. Every
/// point of a wave is studied on the same seeds (common random numbers, so the wave compares
/// its points on the same luck), but each wave has seeds of its own: a later wave, drawn
/// around the points an earlier one kept, cannot keep refining the luck of one set of seeds
/// (with one set for every wave, 936 points plausible on it were all implausible on fresh
/// seeds).
pub fn wave_replicate_seed(seed: u64, wave: u32) -> u64 {
    seed.wrapping_add(u64::from(wave.saturating_sub(1)) * WAVE_SEED_STRIDE)
}

/// The distance between two waves' master seeds, a prime: neither the validation's offset
/// (`VALIDATION_SEED_OFFSET`) nor the held-out check's is a multiple of it, so no wave ever
/// shares their seeds.
pub const WAVE_SEED_STRIDE: u64 = 7_919;

/// One design point: its scenario, a study of `runs_per_point` firms on its wave's seeds, its
/// implausibility; `Some` when not ruled out.
fn evaluate_point<M: MakeStrategy>(
    base: &Scenario,
    file: &CalibrationFile,
    wave: u32,
    index: u64,
    values: &[f64],
    cutoff: f64,
    make: &M,
) -> Result<Option<Member>, CalibrationError> {
    let m = &file.manifest;
    let targets = &m.targets;
    let mut scenario = with_prior_values(base, &m.priors, values)?;
    scenario.horizon_months = targets.horizon_for(&scenario);
    let mut state = TargetState::new(targets);
    let mut recorder = TargetRecorder::new(targets);
    let wave_seed = wave_replicate_seed(m.settings.seed, wave);
    for k in 0..m.settings.runs_per_point {
        let seed = replicate_seed(wave_seed, k);
        let mut sim = Simulation::new_unchecked(&scenario, make.make(&scenario), seed);
        let outcome = sim.run_with(&mut recorder)?;
        recorder.finish(&outcome, &mut state);
    }
    let checks = evaluate(targets, &state, scenario.horizon_months);
    let implausibility: Vec<f64> = checks.iter().map(|c| c.implausibility).collect();
    let score = ranked(&implausibility, targets.implausibility.rank);
    Ok((score <= cutoff).then(|| Member {
        wave,
        index,
        values: values.to_vec(),
        estimates: checks.iter().map(|c| c.estimate.value).collect(),
        implausibility,
        ranked: score,
    }))
}

/// Runs every wave of `file` still to run (all of them for a new file), stopping early when
/// cancelled (finished waves are kept) or when no point is plausible.
///
/// # Errors
/// As [`run_wave`]; [`CalibrationError::NothingPlausible`] is returned only when no wave
/// found a plausible point.
pub fn history_match<M: MakeStrategy>(
    base: &Scenario,
    mut file: CalibrationFile,
    make: &M,
    threads: Option<usize>,
    cancel: Option<&AtomicBool>,
    observer: &mut dyn WaveObserver,
) -> Result<CalibrationFile, CalibrationError> {
    while (file.waves.len() as u32) < file.manifest.settings.waves {
        let points = 0..file.manifest.settings.points_per_wave;
        match run_wave(base, &file, points, make, threads, cancel, observer) {
            Ok(Some(wave)) => file.waves.push(wave),
            Ok(None) => break,
            Err(CalibrationError::NothingPlausible { .. }) if !file.waves.is_empty() => break,
            Err(e) => return Err(e),
        }
    }
    Ok(file)
}

/// What the ensemble says about one calibrated parameter (see
/// [`CalibrationFile::parameter_spread`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterSpread {
    /// The parameter's dotted path.
    pub path: String,
    /// Its prior range.
    pub prior: [f64; 2],
    /// The smallest and largest value among the ensemble's members.
    pub kept: [f64; 2],
    /// The members' SD over a uniform prior's SD: near 1 free, well below 1 pinned down.
    pub sd_share: f64,
}

/// `v` folded back into `[low, high]` by reflection at the bounds (a random-walk step that
/// leaves the box comes back in as far as it went out).
fn reflect_into(v: f64, low: f64, high: f64) -> f64 {
    let width = high - low;
    if width <= 0.0 || !v.is_finite() {
        return v.clamp(low, high);
    }
    let y = (v - low).rem_euclid(2.0 * width);
    (low + if y > width { 2.0 * width - y } else { y }).clamp(low, high)
}

#[cfg(test)]
mod tests {
    use super::reflect_into;

    #[test]
    fn reflection_folds_steps_back_into_the_box() {
        assert_eq!(reflect_into(0.5, 0.0, 1.0), 0.5);
        assert!((reflect_into(1.25, 0.0, 1.0) - 0.75).abs() < 1e-12);
        assert!((reflect_into(-0.25, 0.0, 1.0) - 0.25).abs() < 1e-12);
        // Two widths out comes back to where it started.
        assert!((reflect_into(2.25, 0.0, 1.0) - 0.25).abs() < 1e-12);
        assert_eq!(reflect_into(7.0, 3.0, 3.0), 3.0);
    }
}
