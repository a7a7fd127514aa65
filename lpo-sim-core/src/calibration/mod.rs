//! Calibration against published figures: [`Targets`] (the emergent figures the model should
//! reproduce, with exact definitions, published ranges and sources) and [`check`] (how a
//! scenario compares).

mod check;
mod measure;
mod targets;

pub use check::{
    CheckReport, CheckState, TargetCheck, check, check_with, evaluate, implausibility, ranked,
};
pub use measure::{FigureEstimate, RatioAccumulator, TargetState};
pub use targets::{
    DEFAULT_TARGETS_TOML, Figure, ImplausibilitySettings, Quantity, Target, Targets, TargetsError,
};
