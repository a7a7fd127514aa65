//! # lpo-sim-report
//!
//! The reports of [`lpo_sim_core`]'s results, exactly as the `lpo-sim` command prints and
//! writes them: text tables, JSON, CSV, and self-contained HTML pages with SVG charts.
//!
//! A guided tour:
//! - Run something with `lpo_sim_core` (a study, a comparison, a sweep, a tuning, a
//!   calibration check, …).
//! - Wrap its result in the [`view`] made for it, with the labels the report shows (where the
//!   scenario came from, the currency): [`view::StudyReport`] for a study,
//!   [`view::CompareReport`], [`view::SweepReport`], [`view::SensitivityReport`],
//!   [`view::TuneReport`], [`view::CheckView`] for a calibration check,
//!   [`view::HistoryView`] for a history match, [`view::ClosuresReport`],
//!   [`view::CareerStudyReport`], [`view::RunReport`], [`view::CareerReport`],
//!   [`view::ReplayReport`], [`view::ParamsReport`].
//! - Render it with the one trait, [`Render`], in any of its [`Render::formats`]: [`Format::Text`],
//!   [`Format::Json`], [`Format::Csv`] or [`Format::Html`] (the pages are drawn by [`html`]).
//! - To write a file the way the command does (whole or not at all), use
//!   [`atomic::write_file`].
//!
//! Errors come in one enum per phase: [`RenderError`] (drawing a chart, writing to the
//! output) and [`WriteError`] (a file that could not be written).
//!
//! # Features
//! - `charts` (default): the SVG charts of the HTML reports, drawn with plotters. Without it
//!   the pages keep every table and say where a chart was left out.
//!
//! # Examples
//! A study of a strategy of one's own, and its report as text and as an HTML page:
//! ```
//! use lpo_sim_core::mc::{Manifest, McConfig, Study, StudyFile};
//! use lpo_sim_core::{Decisions, Observation, RuleBased, Scenario, Strategy};
//! use lpo_sim_report::view::StudyReport;
//! use lpo_sim_report::{Format, Render};
//!
//! /// The rule-based strategy, with never more than one trainer.
//! struct OneTrainer(RuleBased);
//!
//! impl Strategy for OneTrainer {
//!     fn name(&self) -> &str {
//!         "one-trainer"
//!     }
//!     fn decide(&mut self, observation: &Observation<'_>, decisions: &mut Decisions) {
//!         self.0.decide(observation, decisions);
//!         decisions.trainers = decisions.trainers.min(1);
//!     }
//! }
//!
//! let scenario = Scenario::default();
//! let mut config = McConfig::default().seed(7).runs(200);
//! config.fans = true; // the cash fan chart of the HTML report
//! let outcome = Study::new(&scenario)
//!     .config(config.clone())
//!     .strategy(|| OneTrainer(RuleBased::new(scenario.strategy.rule)))
//!     .run()?;
//!
//! // What was run, as a study file records it; then the report of it.
//! let manifest = Manifest::new(&scenario, "one-trainer", config.seed, 200, outcome.replicates, None);
//! let file = StudyFile::new(manifest, outcome.stop, outcome.state);
//! let report = StudyReport::new(&file, "the default scenario");
//!
//! let text = report.render_to_string(Format::Text)?;
//! assert!(text.starts_with(
//!     "Monte Carlo study  |  scenario the default scenario  |  strategy one-trainer  |  seed 7"
//! ));
//! let html = report.render_to_string(Format::Html)?;
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("one-trainer"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod atomic;
mod error;
pub mod html;
mod render;
pub mod view;

pub use error::{RenderError, WriteError};

use std::fmt;
use std::io;

/// A form a view can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Aligned text for a terminal (the command's default).
    Text,
    /// JSON, for programs.
    Json,
    /// CSV, for spreadsheets.
    Csv,
    /// One self-contained HTML5 page with inline SVG charts.
    Html,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Json => "JSON",
            Format::Csv => "CSV",
            Format::Html => "HTML",
        })
    }
}

/// A result ready to be shown: the one rendering trait of every view in [`view`].
///
/// # Examples
/// ```
/// use lpo_sim_report::view::ParamsReport;
/// use lpo_sim_report::{Format, Render};
///
/// let mut scenario = lpo_sim_core::Scenario::default();
/// let params = lpo_sim_core::params::list_params(&mut scenario);
/// let report = ParamsReport { scenario: "default", filter: None, params: &params, total: params.len() };
/// assert!(report.formats().contains(&Format::Csv));
/// let csv = report.render_to_string(Format::Csv)?;
/// assert!(csv.starts_with("path,"));
/// assert!(report.render_to_string(Format::Html).is_err(), "no page for a list of parameters");
/// # Ok::<(), lpo_sim_report::RenderError>(())
/// ```
pub trait Render {
    /// What the view shows, in a few words (for [`RenderError::Unsupported`]).
    fn name(&self) -> &'static str;

    /// The formats the view can take.
    fn formats(&self) -> &'static [Format];

    /// Writes the view in `format` to `out`.
    ///
    /// # Errors
    /// [`RenderError::Unsupported`] for a format not in [`Render::formats`];
    /// [`RenderError::Io`] when writing to `out` fails; [`RenderError::Chart`] when a chart
    /// of an HTML page cannot be drawn.
    fn render(&self, format: Format, out: &mut dyn io::Write) -> Result<(), RenderError>;

    /// The view in `format`, as a string.
    ///
    /// # Errors
    /// As [`Render::render`], less the write errors a string cannot have.
    fn render_to_string(&self, format: Format) -> Result<String, RenderError> {
        let mut bytes = Vec::new();
        self.render(format, &mut bytes)?;
        Ok(String::from_utf8(bytes).expect("every view writes UTF-8"))
    }
}

/// The error for `format` asked of a view that has no such form.
fn unsupported(view: &dyn Render, format: Format) -> RenderError {
    RenderError::Unsupported {
        view: view.name(),
        format,
    }
}
