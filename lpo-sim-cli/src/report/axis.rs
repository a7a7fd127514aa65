//! How the analysis charts show a metric: probabilities in percent, money compact
//! (`250k`), other outcomes as plain numbers; and how they show a parameter value.

use super::format::{compact, trim_number};
use crate::output::study::Kind;
use crate::output::values::Unit;
use lpo_sim_core::analysis::Metric;

/// A metric on a chart axis.
#[derive(Debug, Clone)]
pub struct MetricAxis {
    unit: Unit,
    /// Axis title, with the unit: `p_bankrupt (%)`, `median:final_cash (USD)`.
    pub title: String,
}

impl MetricAxis {
    /// The axis of `metric`, amounts in `currency`.
    pub fn of(metric: &Metric, currency: &str) -> Self {
        let unit = Unit::of(metric);
        let suffix = match unit {
            Unit::Probability => "%".to_owned(),
            Unit::Outcome(Kind::Money) => currency.to_owned(),
            Unit::Outcome(Kind::Trust) => "0–1".to_owned(),
            Unit::Outcome(Kind::Count) => String::new(),
        };
        let title = if suffix.is_empty() {
            metric.name()
        } else {
            format!("{} ({suffix})", metric.name())
        };
        MetricAxis { unit, title }
    }

    /// Title of a change in the metric (a swing, an effect).
    pub fn change_title(&self, what: &str, currency: &str) -> String {
        match self.unit {
            Unit::Probability => format!("{what} (percentage points)"),
            Unit::Outcome(Kind::Money) => format!("{what} ({currency})"),
            _ => what.to_owned(),
        }
    }

    /// A metric value in chart coordinates (percent for probabilities).
    pub fn scale(&self, x: f64) -> f64 {
        match self.unit {
            Unit::Probability => x * 100.0,
            Unit::Outcome(_) => x,
        }
    }

    /// A tick label of a chart coordinate.
    pub fn tick(&self, y: f64) -> String {
        match self.unit {
            Unit::Probability => trim_number(y, 2),
            Unit::Outcome(Kind::Money) => compact(y),
            Unit::Outcome(_) => trim_number(y, 3),
        }
    }

    /// A value written on the chart (a cell, a point), from the metric's own value.
    pub fn label(&self, x: f64) -> String {
        if !x.is_finite() {
            return super::format::MISSING.to_owned();
        }
        match self.unit {
            Unit::Probability => format!("{:.1} %", x * 100.0),
            Unit::Outcome(_) => self.unit.value(x),
        }
    }
}

/// A parameter value on a chart: whole numbers as such, others compact.
pub fn param_tick(x: f64, integer: bool) -> String {
    if integer {
        format!("{x:.0}")
    } else if x.abs() >= 1000.0 {
        compact(x)
    } else {
        crate::output::values::param_value(x, false)
    }
}
