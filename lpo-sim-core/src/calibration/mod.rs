//! Calibration against published figures: [`Targets`] (the emergent figures the model should
//! reproduce, with exact definitions, published ranges and sources) and [`check`] (how a
//! scenario compares).

mod check;
mod history;
mod measure;
mod targets;

pub use check::{
    CheckReport, CheckState, TargetCheck, check, check_with, evaluate, implausibility, ranked,
};
pub use history::{
    CalibrationError, CalibrationFile, CalibrationManifest, HistoryMatchSettings, Member,
    NoWaveObserver, ParameterSpread, Prior, WaveObserver, WaveRecord, default_priors,
    history_match, run_wave,
};
pub use measure::{FigureEstimate, RatioAccumulator, TargetState};
pub use targets::{
    DEFAULT_TARGETS_TOML, Figure, ImplausibilitySettings, Quantity, Target, Targets, TargetsError,
};
