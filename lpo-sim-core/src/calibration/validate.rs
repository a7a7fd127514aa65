//! Validation of a history match on seeds it never saw (MODEL.md §15.3): every plausible
//! member is checked again on fresh replicate seeds, and only members that stay plausible
//! there, with every estimate inside its range (unless the targets'
//! `validation_inside_every_range` is false), enter the ensemble. Matching compares every point on the same seeds (common random
//! numbers), so a point can pass on the luck of those seeds; the bias between the matching
//! and validation estimates says how much.

use super::check::{CheckReport, check_with};
use super::history::{CalibrationError, CalibrationFile, Member};
use super::targets::ImplausibilitySettings;
use crate::mc::{MakeStrategy, McConfig};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;

/// Master seed offset of the validation: `settings.seed + VALIDATION_SEED_OFFSET`, far from any
/// seed matching uses.
pub const VALIDATION_SEED_OFFSET: u64 = 1_000_003;

/// Firms each member is validated on.
pub const VALIDATION_RUNS_PER_MEMBER: u64 = 4096;

/// Master seed offset of the held-out check ([`hold_out_members`]): `settings.seed +
/// HOLD_OUT_SEED_OFFSET`, far from the matching and validation seeds.
pub const HOLD_OUT_SEED_OFFSET: u64 = 2_000_029;

/// One member on fresh seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberValidation {
    /// The member's wave (from 1).
    pub wave: u32,
    /// Its index in the wave's design.
    pub index: u64,
    /// Each target's estimate on the validation seeds, in the targets' order.
    #[serde(deserialize_with = "super::history::nullable_floats")]
    pub estimates: Vec<f64>,
    /// Its ranked implausibility there.
    pub ranked: f64,
    /// Every estimate lies inside its published range.
    pub inside_every_range: bool,
}

/// The validation of every plausible member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// Master seed of the validation replicates.
    pub seed: u64,
    /// Firms per member.
    pub runs_per_member: u64,
    /// One entry per member of the matching ensemble, in its order.
    pub members: Vec<MemberValidation>,
}

impl Validation {
    /// Whether `member` passed on the validation seeds: plausible there (ranked implausibility
    /// at or below `settings.cutoff`) and, when `settings.validation_inside_every_range`,
    /// every estimate inside its published range. Plausibility alone lets an estimate sit just
    /// outside its range (the model-discrepancy term widens the tolerance), and such a member
    /// fails `calibrate check` on the next seed as often as not.
    pub fn keeps(&self, member: &Member, settings: &ImplausibilitySettings) -> bool {
        self.members.iter().any(|v| {
            v.wave == member.wave
                && v.index == member.index
                && v.ranked <= settings.cutoff
                && (v.inside_every_range || !settings.validation_inside_every_range)
        })
    }
}

/// Mean shift of one target's estimate from the matching seeds to the validation seeds,
/// over the members validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetBias {
    /// The target's id.
    pub id: String,
    /// Mean estimate on the matching seeds.
    pub matching: f64,
    /// Mean estimate on the validation seeds.
    pub validation: f64,
    /// `validation − matching` in half-widths of the target's range.
    pub shift_in_half_widths: f64,
}

/// Validates every member of `file`'s matching ensemble on `runs` fresh firms from master seed
/// `seed` (the same replicate seeds for every member), in the members' order.
///
/// # Errors
/// A member whose scenario cannot be built, or a failed study.
#[allow(clippy::too_many_arguments)]
pub fn validate_members<M: MakeStrategy>(
    base: &Scenario,
    file: &CalibrationFile,
    make: &M,
    runs: u64,
    seed: u64,
    threads: Option<usize>,
    cancel: Option<&AtomicBool>,
    on_member: &mut dyn FnMut(usize, usize),
) -> Result<Validation, CalibrationError> {
    let members: Vec<&Member> = file.matching_members().collect();
    check_members(
        base, file, &members, make, runs, seed, threads, cancel, on_member,
    )
}

/// Checks every member of `file`'s **ensemble** (the members kept after validation) once more,
/// on `runs` firms from master seed `seed`, seeds neither matching nor validation used: how
/// many stay plausible there says whether the ensemble holds on luck it never saw (MODEL.md
/// §15.3, "held-out seeds"). Nothing is kept or dropped by it.
///
/// # Errors
/// As [`validate_members`].
#[allow(clippy::too_many_arguments)]
pub fn hold_out_members<M: MakeStrategy>(
    base: &Scenario,
    file: &CalibrationFile,
    make: &M,
    runs: u64,
    seed: u64,
    threads: Option<usize>,
    cancel: Option<&AtomicBool>,
    on_member: &mut dyn FnMut(usize, usize),
) -> Result<Validation, CalibrationError> {
    let members: Vec<&Member> = file.members().collect();
    check_members(
        base, file, &members, make, runs, seed, threads, cancel, on_member,
    )
}

#[allow(clippy::too_many_arguments)]
fn check_members<M: MakeStrategy>(
    base: &Scenario,
    file: &CalibrationFile,
    members: &[&Member],
    make: &M,
    runs: u64,
    seed: u64,
    threads: Option<usize>,
    cancel: Option<&AtomicBool>,
    on_member: &mut dyn FnMut(usize, usize),
) -> Result<Validation, CalibrationError> {
    let targets = &file.manifest.targets;
    let mut validated = Vec::with_capacity(members.len());
    for (i, member) in members.iter().enumerate() {
        let scenario = file
            .scenario_of(base, member)
            .map_err(|e| CalibrationError::Prior(e.to_string()))?;
        let mut config = McConfig::default().seed(seed).runs(runs);
        config.threads = threads;
        config.fans = false;
        let report: CheckReport = check_with(
            &scenario,
            targets,
            make,
            &config,
            cancel,
            &mut crate::mc::NoMcObserver,
        )?;
        validated.push(MemberValidation {
            wave: member.wave,
            index: member.index,
            estimates: report.checks.iter().map(|c| c.estimate.value).collect(),
            ranked: report.implausibility,
            inside_every_range: report.checks.iter().all(|c| c.inside),
        });
        on_member(i + 1, members.len());
    }
    Ok(Validation {
        seed,
        runs_per_member: runs,
        members: validated,
    })
}

/// Per target, the mean estimate of the validated members on the matching seeds and on the
/// validation seeds, and the shift in half-widths of the range.
pub fn validation_bias(file: &CalibrationFile, validation: &Validation) -> Vec<TargetBias> {
    let members: Vec<&Member> = file.matching_members().collect();
    file.manifest
        .targets
        .targets
        .iter()
        .enumerate()
        .map(|(t, target)| {
            let pairs: Vec<(f64, f64)> = validation
                .members
                .iter()
                .filter_map(|v| {
                    let m = members
                        .iter()
                        .find(|m| m.wave == v.wave && m.index == v.index)?;
                    let (a, b) = (m.estimates[t], v.estimates[t]);
                    (a.is_finite() && b.is_finite()).then_some((a, b))
                })
                .collect();
            let n = pairs.len().max(1) as f64;
            let matching = pairs.iter().map(|p| p.0).sum::<f64>() / n;
            let validated = pairs.iter().map(|p| p.1).sum::<f64>() / n;
            TargetBias {
                id: target.id.clone(),
                matching,
                validation: validated,
                shift_in_half_widths: (validated - matching) / target.half_width(),
            }
        })
        .collect()
}
