//! # lpo-sim-core
//!
//! A deterministic, month-by-month simulation of a person's path into legal process
//! outsourcing (LPO) and of the LPO firm they found.
//!
//! - [`Career`] steps a career (classes, law office, LPO centre) under a [`CareerPolicy`] and
//!   ends in a [`FounderProfile`].
//! - [`Simulation`] steps the firm: hiring with rigor, trainers, attrition, leads and trust,
//!   delivery with QA, finance, consultant, all driven by a [`Strategy`].
//! - A [`Scenario`] holds every parameter; it is read from TOML or JSON and validated, and the
//!   embedded default is [`DEFAULT_SCENARIO_TOML`]. MODEL.md in the repository gives every
//!   equation and the source of every default.
//!
//! Every random number comes from a ChaCha8 stream keyed by (seed, process) and read in order
//! through the run: the same seed gives the same bits on any machine, and changing one
//! decision leaves the draws of the other processes unchanged (see [`rng`]).
//!
//! # Features
//! - `parallel` (default): studies ([`mc`], [`analysis`]) and history-match waves
//!   ([`calibration`]) run on a pool of worker threads (rayon). Without it they run on the
//!   calling thread and their `threads` settings are ignored; results are the same bits
//!   either way. An embedder that only steps simulations, or schedules its own threads, can
//!   leave rayon out with `default-features = false`.
//!
//! # Examples
//! ```
//! use lpo_sim_core::{BuiltinStrategy, Recorder, Scenario, Simulation};
//!
//! let scenario = Scenario::default();
//! let strategy = BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
//! let mut sim = Simulation::new(&scenario, strategy, 42)?;
//! let mut months = Recorder::default();
//! let outcome = sim.run_with(&mut months)?;
//!
//! // The ledger balances every month.
//! for m in &months.months {
//!     assert_eq!(m.cash, m.cash_start + m.revenue - m.costs.total());
//! }
//! // The same seed gives the same run.
//! let again = Simulation::new(&scenario, BuiltinStrategy::RuleBased.build(&scenario.strategy.rule), 42)?.run()?;
//! assert_eq!(outcome, again);
//! # Ok::<(), lpo_sim_core::SimError>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod analysis;
pub mod automation;
pub mod calibration;
mod career;
mod certification;
mod clients;
mod consultant;
mod delivery;
mod digest;
mod error;
mod finance;
mod line;
pub mod market;
mod math;
pub mod mc;
mod parallel;
pub mod params;
pub mod play;
pub mod reads;
mod record;
pub mod rng;
pub mod sample;
mod scenario;
mod simulation;
mod strategy;
pub mod text;
mod trust;
mod workforce;

pub use career::{
    Career, CareerAction, CareerMonth, CareerOutcome, CareerPlan, CareerPolicy, CareerState,
    Course, LawOfficeRole, Person,
};
pub use clients::Client;
pub use error::{ScenarioError, SimError};
pub use line::{PerLine, ServiceLine};
pub use record::{
    ClosureReason, Costs, EndReason, MonthRecord, NoObserver, Observer, Recorder, RunOutcome,
    SalesFunnel, SalesStall,
};
pub use scenario::*;
pub use simulation::{MAX_ENTITIES, Simulation};
pub use strategy::{Decisions, Observation, RuleBased, Strategy};
pub use workforce::{Employee, Role};

/// The README's Rust example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
