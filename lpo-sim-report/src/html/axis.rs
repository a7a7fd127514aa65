//! How the analysis charts show a metric: probabilities in percent, money compact
//! (`250k`), other outcomes as plain numbers; and how they show a parameter value.

use super::format::{compact, trim_number};
use crate::view::study::Kind;
use crate::view::values::Unit;
use lpo_sim_core::analysis::Metric;

/// A metric on a chart axis.
#[derive(Debug, Clone)]
pub struct MetricAxis {
    unit: Unit,
    /// Axis title, with the unit: `p_bankrupt (%)`, `median:final_cash (USD)`.
    pub title: String,
    /// Every value is a whole number (a quantile of a count or a month).
    whole: bool,
}

impl MetricAxis {
    /// The axis of `metric`, amounts in `currency`.
    pub fn of(metric: &Metric, currency: &str) -> Self {
        let unit = Unit::of(metric);
        let suffix = match unit {
            Unit::Probability => "%".to_owned(),
            Unit::Outcome(Kind::Money) => currency.to_owned(),
            Unit::Outcome(Kind::Trust) => "0–1".to_owned(),
            Unit::Outcome(Kind::Count(things)) => things.to_owned(),
        };
        let title = if suffix.is_empty() {
            metric.name()
        } else {
            format!("{} ({suffix})", metric.name())
        };
        // A quantile of a whole-number outcome is whole: its axis has no ticks between.
        let whole = matches!(metric, Metric::Quantile(o, _) if o.is_whole());
        MetricAxis { unit, title, whole }
    }

    /// Title of a change in the metric (a swing, an effect).
    pub fn change_title(&self, what: &str, currency: &str) -> String {
        match self.unit {
            Unit::Probability => format!("{what} (percentage points)"),
            Unit::Outcome(Kind::Money) => format!("{what} ({currency})"),
            Unit::Outcome(Kind::Count(things)) if !things.is_empty() => {
                format!("{what} ({things})")
            }
            _ => what.to_owned(),
        }
    }

    /// The axis range `padded` around `data` (both `(lo, hi)`), with the padding kept within
    /// the values the metric can take: 0 to 100 % for probabilities, 0 to 1 for trust, at
    /// least 0 for counts; money can be negative. Padding below 0 made a probability axis
    /// start at −2.5 %. Data beyond a bound (a confidence band of a count below 0) stays
    /// on the axis: plotters draws points outside the range at its edge, bending the shape.
    pub fn within_range(&self, data: (f64, f64), padded: (f64, f64)) -> (f64, f64) {
        let (floor, ceiling) = match self.unit {
            Unit::Probability => (0.0, 100.0),
            Unit::Outcome(Kind::Trust) => (0.0, 1.0),
            // A metric added later (no unit known) may take any value.
            Unit::Outcome(Kind::Count("")) => (f64::NEG_INFINITY, f64::INFINITY),
            Unit::Outcome(Kind::Count(_)) => (0.0, f64::INFINITY),
            Unit::Outcome(Kind::Money) => (f64::NEG_INFINITY, f64::INFINITY),
        };
        let (floor, ceiling) = (floor.min(data.0), ceiling.max(data.1));
        let (lo, hi) = (padded.0.max(floor), padded.1.min(ceiling));
        // A range squeezed to nothing (all values at a bound) keeps some height.
        if hi > lo {
            (lo, hi)
        } else if lo == floor {
            (lo, lo + 1.0_f64.min(ceiling - lo))
        } else {
            (hi - 1.0_f64.min(hi - floor), hi)
        }
    }

    /// A value in a narrow space: money compact (`1.55M`), probabilities to whole percent,
    /// others as [`MetricAxis::label`].
    pub fn short_label(&self, x: f64) -> String {
        match self.unit {
            _ if !x.is_finite() => super::format::MISSING.to_owned(),
            Unit::Probability => format!("{:.0} %", x * 100.0),
            Unit::Outcome(Kind::Money) => super::format::short(x),
            Unit::Outcome(_) => self.label(x),
        }
    }

    /// A metric value in chart coordinates (percent for probabilities).
    pub fn scale(&self, x: f64) -> f64 {
        match self.unit {
            Unit::Probability => x * 100.0,
            Unit::Outcome(_) => x,
        }
    }

    /// A tick label of a chart coordinate (none between whole numbers on a whole axis: no
    /// "1.5 people").
    pub fn tick(&self, y: f64) -> String {
        if self.whole && y.fract() != 0.0 {
            return String::new();
        }
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
        crate::view::values::param_value(x, true)
    } else if x.abs() >= 1000.0 {
        compact(x)
    } else {
        crate::view::values::param_value(x, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::mc::Outcome;

    /// Every axis says its unit: months and other counts had none.
    #[test]
    fn axis_titles_name_the_unit() {
        let title = |m: Metric| MetricAxis::of(&m, "EUR").title;
        assert_eq!(title(Metric::Bankruptcy), "p_bankrupt (%)");
        assert_eq!(
            title(Metric::Quantile(Outcome::FinalCash, 0.5)),
            "median:final_cash (EUR)"
        );
        assert_eq!(
            title(Metric::Mean(Outcome::MonthsSurvived)),
            "mean:months_survived (months)"
        );
        let axis = MetricAxis::of(&Metric::Mean(Outcome::FinalHeadcount), "EUR");
        assert_eq!(axis.change_title("swing", "EUR"), "swing (people)");
    }

    #[test]
    fn whole_number_axes_have_no_ticks_between_whole_numbers() {
        let staff = MetricAxis::of(&Metric::Quantile(Outcome::FinalHeadcount, 0.5), "EUR");
        assert_eq!(staff.tick(1.5), "");
        assert_eq!(staff.tick(2.0), "2");
        // A mean of a count is not whole.
        let mean = MetricAxis::of(&Metric::Mean(Outcome::FinalHeadcount), "EUR");
        assert_eq!(mean.tick(1.5), "1.5");
    }

    #[test]
    fn short_labels_fit_narrow_cells() {
        let cash = MetricAxis::of(&Metric::Quantile(Outcome::FinalCash, 0.5), "EUR");
        assert_eq!(cash.label(1_550_000.0), "1,550,000");
        assert_eq!(cash.short_label(1_550_000.0), "1.55M");
        // Shorter than in full, or there is no point (compact gave 101.223k).
        assert_eq!(cash.short_label(101_223.0), "101k");
        assert_eq!(cash.short_label(12_345.6), "12.3k");
        assert_eq!(cash.short_label(-999.7), "-1k");
        assert_eq!(cash.short_label(750.2), "750");
        let p = MetricAxis::of(&Metric::Bankruptcy, "EUR");
        assert_eq!(p.short_label(0.306), "31 %");
    }

    #[test]
    fn axis_ranges_stay_within_what_the_metric_can_take() {
        let p = MetricAxis::of(&Metric::Bankruptcy, "EUR");
        assert_eq!(p.within_range((0.0, 28.0), (-2.5, 30.0)), (0.0, 30.0));
        assert_eq!(p.within_range((92.0, 100.0), (90.0, 104.0)), (90.0, 100.0));
        assert_eq!(p.within_range((0.0, 0.0), (-1.0, 0.0)), (0.0, 1.0));
        assert_eq!(
            p.within_range((100.0, 100.0), (100.0, 101.0)),
            (99.0, 100.0)
        );
        let cash = MetricAxis::of(&Metric::Mean(Outcome::FinalCash), "EUR");
        assert_eq!(cash.within_range((-4.0, 8.0), (-5.0, 9.0)), (-5.0, 9.0));
        let months = MetricAxis::of(&Metric::Mean(Outcome::MonthsSurvived), "EUR");
        assert_eq!(months.within_range((0.5, 8.0), (-0.4, 9.0)), (0.0, 9.0));
        // A band below 0 stays whole on the axis (plotters would pin it to the edge).
        assert_eq!(months.within_range((-0.2, 8.0), (-0.9, 9.0)), (-0.2, 9.0));
    }
}
