//! How the analyses print a metric's value, a change in it, and a parameter's value: each in
//! the metric's own unit (probabilities as percentages, money in whole units, …).

use super::study::{Kind, percent2};
use super::table::money;
use lpo_sim_core::Scenario;
use lpo_sim_core::analysis::{Estimate, Metric};
use lpo_sim_core::params::list_params;
use std::sync::OnceLock;

/// What every analysis says about the studies it ran.
#[derive(Debug, Clone)]
pub struct AnalysisContext<'a> {
    /// Scenario label (file or embedded default, with `--set` changes).
    pub scenario: &'a str,
    /// [`lpo_sim_core::Scenario::fingerprint`] of the scenario before any point's changes.
    pub fingerprint: String,
    /// Currency of amounts.
    pub currency: &'a str,
    /// Strategy name.
    pub strategy: &'a str,
    /// Master seed of every study.
    pub seed: u64,
    /// Replicates per study.
    pub runs: u64,
    /// The ensemble every study ran over (`--ensemble`), if any.
    pub ensemble: Option<EnsembleContext<'a>>,
}

/// The calibration file an analysis' studies ran over.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EnsembleContext<'a> {
    /// The file, as given.
    pub file: &'a str,
    /// [`lpo_sim_core::mc::Ensemble::fingerprint`] of its members.
    pub fingerprint: String,
    /// Plausible parameter sets.
    pub members: usize,
    /// How many of the file's parameters vary by member (those the analysis does not vary).
    pub varying: usize,
}

impl AnalysisContext<'_> {
    /// The line saying the studies ran over an ensemble, if they did.
    pub fn ensemble_line(&self) -> Option<String> {
        self.ensemble.as_ref().map(|e| {
            format!(
                "across plausible worlds: each replicate ran with one of the {} plausible \
                 parameter sets of {} (drawn from its seed, the same in every study); {} of \
                 their parameters vary by member, and those varied here keep their values",
                e.members, e.file, e.varying
            )
        })
    }
}

/// The unit family of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A probability, shown as a percentage.
    Probability,
    /// An outcome of this kind.
    Outcome(Kind),
}

impl Unit {
    /// The unit of `metric`.
    pub fn of(metric: &Metric) -> Self {
        match metric {
            Metric::Bankruptcy | Metric::Closure | Metric::Survival | Metric::BreakEven => {
                Unit::Probability
            }
            Metric::Mean(outcome) | Metric::Quantile(outcome, _) => {
                Unit::Outcome(Kind::of(*outcome))
            }
            Metric::FinalCashCvar5 => Unit::Outcome(Kind::Money),
            // A metric added to the library later: plain numbers.
            _ => Unit::Outcome(Kind::Count("")),
        }
    }

    /// A value of the metric: `30.71 %`, `289,263`, `0.63`, `48.2`.
    pub fn value(self, x: f64) -> String {
        match self {
            Unit::Probability => percent2(x),
            Unit::Outcome(kind) => kind.value(x),
        }
    }

    /// A difference or rate of change of the metric, with one more decimal than a value
    /// (probabilities in percentage points): `4.12 pts`, `12,345`, `0.031`, `1.25`.
    pub fn change(self, x: f64) -> String {
        if !x.is_finite() {
            return "-".to_owned();
        }
        match self {
            Unit::Probability => format!("{:.2} pts", x * 100.0),
            Unit::Outcome(Kind::Money) => money(x),
            Unit::Outcome(Kind::Trust) => format!("{x:.3}"),
            Unit::Outcome(Kind::Count(_)) => format!("{x:.2}"),
        }
    }

    /// An interval of a difference, the unit once: `-3.55 to -1.55 pts`, `-1,234 to 567`.
    pub fn change_range(self, lo: f64, hi: f64) -> String {
        if !(lo.is_finite() && hi.is_finite()) {
            return "-".to_owned();
        }
        match self {
            Unit::Probability => format!("{:.2} to {:.2} pts", lo * 100.0, hi * 100.0),
            _ => format!("{} to {}", self.change(lo), self.change(hi)),
        }
    }

    /// A 95 % interval: `28.82 % to 31.67 %`.
    pub fn interval(self, e: &Estimate) -> String {
        if e.ci95[0].is_finite() && e.ci95[1].is_finite() {
            format!("{} to {}", self.value(e.ci95[0]), self.value(e.ci95[1]))
        } else {
            "-".to_owned()
        }
    }

    /// What a change is measured in, for table notes.
    pub fn change_unit(self, currency: &str) -> String {
        match self {
            Unit::Probability => "percentage points".to_owned(),
            Unit::Outcome(Kind::Money) => format!("whole {currency}"),
            Unit::Outcome(Kind::Trust) => "trust (0..1)".to_owned(),
            Unit::Outcome(Kind::Count("")) => "the outcome's unit".to_owned(),
            Unit::Outcome(Kind::Count(things)) => things.to_owned(),
        }
    }
}

/// A parameter value for reading: whole numbers as such, others to about four significant
/// digits with trailing zeros removed, thousands grouped (`0.035`, `2.5`, `30,000`,
/// `0.3473`, `1,067`). Machine-read outputs (CSV, JSON) keep full precision instead.
pub fn param_value(x: f64, integer: bool) -> String {
    if !x.is_finite() {
        return "-".to_owned();
    }
    let text = if integer || x == 0.0 {
        format!("{x:.0}")
    } else {
        let magnitude = x.abs().log10().floor();
        let decimals = (3.0 - magnitude).clamp(0.0, 9.0) as usize;
        let text = format!("{x:.decimals$}");
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            text
        }
    };
    if text == "-0" {
        return "0".to_owned();
    }
    group_thousands(&text)
}

/// `-1234567.5` → `-1,234,567.5`: commas between the integer part's groups of three digits.
fn group_thousands(text: &str) -> String {
    let (sign, unsigned) = text
        .strip_prefix('-')
        .map_or(("", text), |rest| ("-", rest));
    let (whole, fraction) = unsigned.split_at(unsigned.find('.').unwrap_or(unsigned.len()));
    let mut grouped = String::with_capacity(text.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}{fraction}")
}

/// The unit of the parameter at `path` as a reader sees it (`currency` as the scenario's
/// currency: `USD`, `USD/hour`); `None` for a dimensionless switch or an unknown path.
pub fn param_unit(path: &str, currency: &str) -> Option<String> {
    static UNITS: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    // Units are declared with the parameters; the default scenario has every path.
    let units = UNITS.get_or_init(|| {
        list_params(&mut Scenario::default())
            .into_iter()
            .map(|p| (p.path, p.unit))
            .collect()
    });
    let unit = units.iter().find(|(p, _)| p == path)?.1;
    if unit.is_empty() || unit == "true/false" || unit == "unit" {
        return None;
    }
    Some(match unit.strip_prefix("currency") {
        Some(rest) => format!("{currency}{rest}"),
        None => unit.to_owned(),
    })
}

/// A parameter's axis title: its name for people and its unit, `Founder savings (USD)`
/// ([`lpo_sim_core::params::human_label`]; tables keep the path, which `--set` takes).
pub fn param_title(path: &str, currency: &str) -> String {
    let label = lpo_sim_core::params::human_label(path);
    match param_unit(path, currency) {
        Some(unit) => format!("{label} ({unit})"),
        None => label,
    }
}

/// The last part of a dotted path (`strategy.rule.hiring_rigor` → `hiring_rigor`), for
/// narrow columns.
pub fn short_path(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Column names for `paths`: their last parts, unless two share one (then the full paths).
pub fn column_names(paths: &[&str]) -> Vec<String> {
    let shorts: Vec<&str> = paths.iter().map(|p| short_path(p)).collect();
    let unique = shorts
        .iter()
        .enumerate()
        .all(|(i, s)| !shorts[..i].contains(s));
    if unique {
        shorts.into_iter().map(str::to_owned).collect()
    } else {
        paths.iter().map(|p| (*p).to_owned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_values_keep_about_four_digits() {
        assert_eq!(param_value(0.035, false), "0.035");
        assert_eq!(param_value(2.5, false), "2.5");
        assert_eq!(param_value(30000.0, false), "30,000");
        assert_eq!(param_value(1067.2, false), "1,067");
        assert_eq!(param_value(999.26, false), "999.3");
        assert_eq!(param_value(-1_234_567.0, true), "-1,234,567");
        assert_eq!(param_value(123_456.0, true), "123,456");
        assert_eq!(param_value(0.347_289_1, false), "0.3473");
        assert_eq!(param_value(3.0, true), "3");
        assert_eq!(param_value(-0.0001, false), "-0.0001");
        assert_eq!(param_value(f64::NAN, false), "-");
    }

    #[test]
    fn parameters_name_their_units() {
        assert_eq!(
            param_title("founder.savings", "EUR"),
            "Founder savings (EUR)"
        );
        assert_eq!(
            param_title("lines.transcription.billing_rate", "EUR"),
            "Transcription: billing rate (EUR/hour)"
        );
        assert_eq!(
            param_title("strategy.rule.min_runway_months", "EUR"),
            "Min runway months (months)"
        );
        assert_eq!(param_title("no.such.path", "EUR"), "Such: path");
    }

    #[test]
    fn metrics_print_in_their_units() {
        let p = Unit::of(&Metric::Bankruptcy);
        assert_eq!(p.value(0.3071), "30.71 %");
        assert_eq!(p.change(0.0412), "4.12 pts");
        assert_eq!(p.change_range(-0.0355, 0.001), "-3.55 to 0.10 pts");
        let cash = Unit::of(&Metric::Quantile(lpo_sim_core::mc::Outcome::FinalCash, 0.5));
        assert_eq!(cash.value(289_263.4), "289,263");
        assert_eq!(cash.change(-1234.0), "-1,234");
        let e = Estimate {
            value: 0.3,
            ci95: [0.28, 0.32],
        };
        assert_eq!(p.interval(&e), "28.00 % to 32.00 %");
    }

    #[test]
    fn columns_are_short_unless_ambiguous() {
        assert_eq!(
            column_names(&["strategy.rule.hiring_rigor", "consultant.monthly_fee"]),
            ["hiring_rigor", "monthly_fee"]
        );
        assert_eq!(column_names(&["a.x", "b.x"]), ["a.x", "b.x"]);
    }
}
