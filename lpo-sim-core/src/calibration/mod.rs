//! Calibration against published figures: [`Targets`] (the emergent figures the model should
//! reproduce, with exact definitions, published ranges and sources), [`check`] (how a
//! scenario compares), and history matching over the assumed parameters ([`history_match`],
//! or wave by wave with [`run_wave`] and [`merge_wave_parts`]), whose [`CalibrationFile`]
//! holds the ensemble of plausible parameter sets ([`CalibrationFile::ensemble`]).

mod check;
mod closures;
mod file;
mod history;
mod measure;
mod targets;
mod validate;

pub use check::{
    CheckReport, CheckState, TargetCheck, check, check_with, evaluate, implausibility, ranked,
};
pub use closures::{
    ClosureProfile, Exposure, PROFIT_TRAILING_MONTHS, PUBLISHED_HAZARD_BY_YEAR, ProfitQuintile,
    SMALL_FIRM_STAFF, YearHazard, closure_profile,
};
pub use file::{MAX_CALIBRATION_FILE_BYTES, merge_wave_parts};
pub use history::{
    CalibrationError, CalibrationFile, CalibrationManifest, DEFAULT_PRIORS_TOML, Design,
    HistoryMatchSettings, Member, NoWaveObserver, ParameterSpread, Prior, WAVE_SEED_STRIDE,
    WaveObserver, WaveRecord, default_priors, history_match, priors_from_toml, run_wave,
    wave_replicate_seed,
};
pub use measure::{FigureEstimate, RatioAccumulator, TargetState};
pub use targets::{
    DEFAULT_TARGETS_TOML, Figure, ImplausibilitySettings, Quantity, Target, Targets, TargetsError,
};
pub use validate::{
    HOLD_OUT_SEED_OFFSET, MemberValidation, TargetBias, VALIDATION_RUNS_PER_MEMBER,
    VALIDATION_SEED_OFFSET, Validation, hold_out_members, validate_members, validation_bias,
};
