//! Stand-ins for the charts when lpo-sim-report is built without its `charts` feature: the
//! same functions as the chart modules, each returning a note that the chart was left out, so
//! the pages keep every table and say where a chart would be.

use super::RenderError;

/// The note in place of `chart`.
fn left_out(chart: &str) -> Result<String, RenderError> {
    Ok(format!(
        "<p class=\"note\">The {chart} is not drawn: this report was made without the \
         <code>charts</code> feature of lpo-sim-report.</p>"
    ))
}

pub mod fan {
    use super::{RenderError, left_out};
    use lpo_sim_core::mc::FanMonth;

    /// The note in place of the cash fan chart.
    pub fn render(_months: &[FanMonth], _currency: &str) -> Result<String, RenderError> {
        left_out("cash fan chart")
    }
}

pub mod survival {
    use super::{RenderError, left_out};

    /// The note in place of the survival curve.
    pub fn render(_survival: &[f64]) -> Result<String, RenderError> {
        left_out("survival curve")
    }
}

pub mod histogram {
    use super::{RenderError, left_out};
    use lpo_sim_core::mc::MetricStats;

    /// The note in place of the final-cash histogram, and no notes for its caption.
    pub fn render(
        _stats: &MetricStats,
        _currency: &str,
    ) -> Result<(String, Vec<String>), RenderError> {
        Ok((left_out("histogram of final cash")?, Vec::new()))
    }
}

pub mod break_even {
    use super::{RenderError, left_out};

    /// The note in place of the break-even chart.
    pub fn render(_by_month: &[u64], _never: u64, _runs: u64) -> Result<String, RenderError> {
        left_out("break-even chart")
    }
}

pub mod line {
    use super::super::axis::MetricAxis;
    use super::{RenderError, left_out};
    use lpo_sim_core::analysis::Estimate;

    /// The note in place of a sweep's line chart.
    pub fn render(
        _title: &str,
        _integer: bool,
        _points: &[(f64, Estimate)],
        _metric: &MetricAxis,
    ) -> Result<String, RenderError> {
        left_out("line chart")
    }
}

pub mod heatmap {
    use super::super::axis::MetricAxis;
    pub use super::super::chart_data::{Cell, Dimension, Notes};
    use super::{RenderError, left_out};

    /// The note in place of a full grid's heatmap.
    pub fn render_grid(
        _x: &Dimension<'_>,
        _y: &Dimension<'_>,
        _cells: &[Cell],
        _metric: &MetricAxis,
        _min_span: f64,
    ) -> Result<(String, Notes), RenderError> {
        Ok((left_out("heatmap")?, Notes::default()))
    }

    /// The note in place of a Latin hypercube's scatter plot.
    pub fn render_scatter(
        _x: &Dimension<'_>,
        _y: &Dimension<'_>,
        _points: &[Cell],
        _metric: &MetricAxis,
        _min_span: f64,
    ) -> Result<String, RenderError> {
        left_out("scatter plot")
    }
}

pub mod tornado {
    use super::super::axis::MetricAxis;
    pub use super::super::chart_data::{MORRIS_LABELS, TORNADO_BARS};
    use super::{RenderError, left_out};
    use lpo_sim_core::analysis::{Estimate, MorrisEffect, TornadoBar};

    /// The note in place of the tornado chart.
    pub fn render_tornado(
        _bars: &[TornadoBar],
        _base: &Estimate,
        _metric: &MetricAxis,
    ) -> Result<String, RenderError> {
        left_out("tornado chart")
    }

    /// The note in place of the Morris chart.
    pub fn render_morris(
        _effects: &[MorrisEffect],
        _metric: &MetricAxis,
        _currency: &str,
    ) -> Result<String, RenderError> {
        left_out("Morris chart")
    }
}

pub mod paired {
    pub use super::super::chart_data::DifferenceRow;
    use super::{RenderError, left_out};

    /// The note in place of a forest plot of paired differences.
    pub fn render_differences(
        _name: &'static str,
        _axis: &str,
        _rows: &[DifferenceRow],
        _arms: &[&str],
        _tick: &dyn Fn(f64) -> String,
    ) -> Result<String, RenderError> {
        left_out("chart of paired differences")
    }

    /// The note in place of the arms' survival curves.
    pub fn render_survival(_arms: &[(&str, &[f64])]) -> Result<String, RenderError> {
        left_out("chart of survival curves")
    }
}

pub mod check_charts {
    use super::{RenderError, left_out};
    use lpo_sim_core::calibration::TargetCheck;

    /// The note in place of the chart of the targets.
    pub fn render_targets(_checks: &[TargetCheck], _currency: &str) -> Result<String, RenderError> {
        left_out("chart of the targets")
    }

    /// The note in place of the survival curve against the published points.
    pub fn render_survival(
        _survival: &[f64],
        _checks: &[TargetCheck],
    ) -> Result<String, RenderError> {
        left_out("survival curve")
    }
}

pub mod tune_charts {
    use super::super::axis::MetricAxis;
    pub use super::super::chart_data::ParamTrack;
    use super::{RenderError, left_out};

    /// The note in place of the search chart.
    pub fn render_progress(
        _points: &[(f64, f64, f64, bool)],
        _axis: &MetricAxis,
    ) -> Result<String, RenderError> {
        left_out("search chart")
    }

    /// The note in place of the parameter chart.
    pub fn render_tracks(_names: &[String], _tracks: &[ParamTrack]) -> Result<String, RenderError> {
        left_out("parameter chart")
    }
}
