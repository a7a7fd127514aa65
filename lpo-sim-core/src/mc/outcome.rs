//! The outcomes of a run, typed: [`Outcome`] names one, [`PerOutcome`] holds a value for each
//! (as [`crate::ServiceLine`] and [`crate::PerLine`] do for service lines). Parsing a name is
//! the only place a string becomes an outcome.

use crate::record::RunOutcome;
use serde::{Deserialize, Serialize};
use std::ops::{Index, IndexMut};

macro_rules! outcomes {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => $field:ident, $label:literal, $measure:expr, quantum $quantum:expr;
    )*) => {
        /// One outcome of a run.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Outcome {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Outcome {
            /// Every outcome, in the fixed order of output files and tables.
            pub const ALL: [Outcome; [$(Outcome::$variant),*].len()] = [$(Outcome::$variant),*];

            /// The name in output files, metrics and `--until`.
            pub const fn name(self) -> &'static str {
                match self { $( Outcome::$variant => stringify!($field), )* }
            }

            /// What a reader calls it, in tables and charts: "Final cash".
            pub const fn label(self) -> &'static str {
                match self { $( Outcome::$variant => $label, )* }
            }

            /// What its values measure, so that every output formats them in their unit.
            pub const fn measure(self) -> Measure {
                match self { $( Outcome::$variant => $measure, )* }
            }

            /// Rounding step of the outcome's exact moments (0.01 for money, 1e-9 for trust,
            /// 1 for counts and months).
            pub const fn quantum(self) -> f64 {
                match self { $( Outcome::$variant => $quantum, )* }
            }
        }

        /// A value for each [`Outcome`], stored inline and serialised as a table keyed by
        /// outcome name.
        #[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct PerOutcome<T> {
            $( $(#[doc = $doc])* pub $field: T, )*
        }

        impl<T> PerOutcome<T> {
            /// Builds a value per outcome by calling `f` in [`Outcome::ALL`] order.
            pub fn from_fn(mut f: impl FnMut(Outcome) -> T) -> Self {
                PerOutcome { $( $field: f(Outcome::$variant), )* }
            }
        }

        impl<T> Index<Outcome> for PerOutcome<T> {
            type Output = T;
            fn index(&self, outcome: Outcome) -> &T {
                match outcome { $( Outcome::$variant => &self.$field, )* }
            }
        }

        impl<T> IndexMut<Outcome> for PerOutcome<T> {
            fn index_mut(&mut self, outcome: Outcome) -> &mut T {
                match outcome { $( Outcome::$variant => &mut self.$field, )* }
            }
        }
    };
}

outcomes! {
    /// Cash at the end (negative when bankrupt).
    FinalCash => final_cash, "Final cash", Measure::Money, quantum 0.01;
    /// Profit over the run.
    TotalProfit => total_profit, "Total profit", Measure::Money, quantum 0.01;
    /// Revenue over the run.
    TotalRevenue => total_revenue, "Total revenue", Measure::Money, quantum 0.01;
    /// Most staff at any month end.
    PeakHeadcount => peak_headcount, "Peak headcount", Measure::Count("people"), quantum 1.0;
    /// Staff at the end.
    FinalHeadcount => final_headcount, "Final headcount", Measure::Count("people"), quantum 1.0;
    /// Clients at the end.
    FinalClients => final_clients, "Final clients", Measure::Count("clients"), quantum 1.0;
    /// Months the firm ran, counting the month it ended (the horizon when it stayed open);
    /// the survival curve counts a firm as open only to the month before.
    MonthsSurvived => months_survived, "Months survived", Measure::Count("months"), quantum 1.0;
    /// Month from which cumulative profit stayed ≥ 0 to the end, over firms that broke even.
    BreakEvenMonth => break_even_month, "Break-even month (firms that broke even)",
        Measure::Count("month"), quantum 1.0;
    /// Mean client trust at the end.
    FinalMeanTrust => final_mean_trust, "Final mean client trust", Measure::Level, quantum 1e-9;
    /// Errors that reached clients over the run.
    ErrorsEscaped => errors_escaped, "Errors that reached clients", Measure::Count("errors"),
        quantum 1.0;
    /// What the founder drew from the firm over the run.
    FounderIncome => founder_income, "Founder income", Measure::Money, quantum 0.01;
}

/// What an outcome's values measure: how outputs print them and which unit they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// An amount in the scenario's currency (printed in whole units).
    Money,
    /// A whole number of the things named ("people", "months"); means and spreads have
    /// decimals.
    Count(&'static str),
    /// A level on a 0..1 scale (client trust).
    Level,
}

/// A name that is not an outcome.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown outcome `{name}`; outcomes are {}", Outcome::names())]
pub struct UnknownOutcome {
    /// The name given.
    pub name: String,
}

impl Outcome {
    /// Parses an outcome name.
    ///
    /// # Errors
    /// [`UnknownOutcome`], listing every name.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::mc::Outcome;
    /// assert_eq!(Outcome::parse("final_cash"), Ok(Outcome::FinalCash));
    /// assert!(Outcome::parse("cash").unwrap_err().to_string().contains("final_cash"));
    /// ```
    pub fn parse(name: &str) -> Result<Outcome, UnknownOutcome> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.name() == name)
            .ok_or_else(|| UnknownOutcome {
                name: name.to_owned(),
            })
    }

    /// Every name, comma-separated, for messages.
    pub fn names() -> String {
        Outcome::ALL.map(Outcome::name).join(", ")
    }

    /// Whether values are whole numbers (counts and months).
    pub fn is_whole(self) -> bool {
        self.quantum() == 1.0
    }

    /// The outcome's value in a run (`None`: break-even month of a firm that never broke even).
    pub fn of(self, run: &RunOutcome) -> Option<f64> {
        Some(match self {
            Outcome::FinalCash => run.final_cash,
            Outcome::TotalProfit => run.total_profit,
            Outcome::TotalRevenue => run.total_revenue,
            Outcome::PeakHeadcount => f64::from(run.peak_headcount),
            Outcome::FinalHeadcount => f64::from(run.final_headcount),
            Outcome::FinalClients => f64::from(run.final_clients),
            Outcome::MonthsSurvived => f64::from(run.months_run),
            Outcome::BreakEvenMonth => f64::from(run.break_even_month?),
            Outcome::FinalMeanTrust => run.final_mean_trust,
            Outcome::ErrorsEscaped => run.errors_escaped as f64,
            Outcome::FounderIncome => run.founder_income,
        })
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Outcome {
    type Err = UnknownOutcome;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Outcome::parse(s)
    }
}

impl<T> PerOutcome<T> {
    /// `(outcome, &value)` in [`Outcome::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Outcome, &T)> {
        Outcome::ALL.into_iter().map(move |o| (o, &self[o]))
    }

    /// Applies `f` to every value.
    pub fn map<U>(&self, mut f: impl FnMut(Outcome, &T) -> U) -> PerOutcome<U> {
        PerOutcome::from_fn(|o| f(o, &self[o]))
    }
}

impl PerOutcome<Option<f64>> {
    /// The outcome values of one run (`break_even_month` is `None` when it never broke even).
    pub fn of(run: &RunOutcome) -> Self {
        PerOutcome::from_fn(|o| o.of(run))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exact moments round money to cents and counts to wholes (`is_whole` reads the
    /// quantum), so an outcome's measure and its quantum must agree.
    #[test]
    fn every_outcome_rounds_as_its_measure_says() {
        for outcome in Outcome::ALL {
            let expected = match outcome.measure() {
                Measure::Money => 0.01,
                Measure::Count(_) => 1.0,
                Measure::Level => 1e-9,
            };
            assert_eq!(outcome.quantum(), expected, "{outcome}");
            assert_eq!(
                outcome.is_whole(),
                matches!(outcome.measure(), Measure::Count(_))
            );
            assert!(!outcome.label().is_empty());
        }
    }
}
