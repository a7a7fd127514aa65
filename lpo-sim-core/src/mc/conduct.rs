//! What the firms that stayed open did, against the firms that ended, and what founders drew
//! after their first year against the pay they gave up: exact, mergeable counts for the
//! verdict a study opens with ([`super::Verdict`]). Associations, not causes: a strategy hires
//! and sells as the firm fares, so a surviving firm's conduct is partly a result of surviving.

use crate::line::{PerLine, ServiceLine};
use crate::record::{EndReason, RunOutcome};
use serde::{Deserialize, Serialize};

/// Months by which "hired early" counts a first hire.
pub const EARLY_HIRE_MONTHS: u32 = 6;

/// The conduct of one group of firms (open at the end, or ended).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConduct {
    /// Firms in the group.
    pub firms: u64,
    /// Firms that hired anyone.
    pub hired: u64,
    /// Firms whose first hire came by month [`EARLY_HIRE_MONTHS`].
    pub hired_early: u64,
    /// Firms that delivered hours on each line.
    pub lines: PerLine<u64>,
    /// Firms that engaged the consultant at least one month.
    pub consultant: u64,
}

impl GroupConduct {
    fn add(&mut self, outcome: &RunOutcome) {
        let c = &outcome.conduct;
        self.firms += 1;
        self.hired += u64::from(c.first_hire_month.is_some());
        self.hired_early += u64::from(c.first_hire_month.is_some_and(|m| m <= EARLY_HIRE_MONTHS));
        for line in ServiceLine::ALL {
            self.lines[line] += u64::from(c.lines_delivered[line]);
        }
        self.consultant += u64::from(c.consultant_months > 0);
    }

    fn merge(&mut self, other: &GroupConduct) {
        self.firms += other.firms;
        self.hired += other.hired;
        self.hired_early += other.hired_early;
        for line in ServiceLine::ALL {
            self.lines[line] += other.lines[line];
        }
        self.consultant += other.consultant;
    }

    /// `count` as a share of the group's firms (NaN for an empty group).
    pub fn share(&self, count: u64) -> f64 {
        if self.firms == 0 {
            f64::NAN
        } else {
            count as f64 / self.firms as f64
        }
    }
}

/// Conduct of the firms open at the end against those that ended, and the founders' draw after
/// the first year against their outside pay, over a study's replicates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConductTally {
    /// Firms open at the end of the run.
    pub open: GroupConduct,
    /// Firms that ran out of cash or were closed by their founder.
    pub ended: GroupConduct,
    /// Firm-months after the first year (months 13 onwards, while the firm ran).
    pub months_after_first_year: u64,
    /// The founders' draw over those months, in cents (exact sums merge in any order).
    pub draw_cents: u64,
    /// The founders' outside pay over those months, in cents.
    pub outside_pay_cents: u64,
    /// Firms that ran past their first year.
    pub past_first_year: u64,
    /// Of those, firms whose founder drew at least their outside pay over those months.
    pub drew_outside_pay: u64,
}

fn cents(x: f64) -> u64 {
    // Draws and pay are never negative; a NaN (never produced) counts as 0.
    (x.max(0.0) * 100.0).round() as u64
}

impl ConductTally {
    /// Adds one finished run.
    pub(crate) fn add(&mut self, outcome: &RunOutcome) {
        match outcome.end() {
            EndReason::Open => self.open.add(outcome),
            EndReason::Insolvent | EndReason::Closed => self.ended.add(outcome),
        }
        let c = &outcome.conduct;
        if c.months_after_first_year > 0 {
            self.months_after_first_year += u64::from(c.months_after_first_year);
            let (draw, outside) = (
                cents(c.draw_after_first_year),
                cents(c.outside_pay_after_first_year),
            );
            self.draw_cents += draw;
            self.outside_pay_cents += outside;
            self.past_first_year += 1;
            self.drew_outside_pay += u64::from(draw >= outside);
        }
    }

    /// Adds everything in `other`.
    pub(crate) fn merge(&mut self, other: &ConductTally) {
        self.open.merge(&other.open);
        self.ended.merge(&other.ended);
        self.months_after_first_year += other.months_after_first_year;
        self.draw_cents += other.draw_cents;
        self.outside_pay_cents += other.outside_pay_cents;
        self.past_first_year += other.past_first_year;
        self.drew_outside_pay += other.drew_outside_pay;
    }

    /// Whether nothing was counted (a state written before conduct was tallied reads as this).
    pub fn is_empty(&self) -> bool {
        *self == ConductTally::default()
    }

    /// The founders' mean monthly draw after the first year, over every firm-month then.
    pub fn mean_draw_after_first_year(&self) -> f64 {
        self.per_month(self.draw_cents)
    }

    /// The founders' mean monthly outside pay over the same firm-months.
    pub fn mean_outside_pay_after_first_year(&self) -> f64 {
        self.per_month(self.outside_pay_cents)
    }

    fn per_month(&self, cents: u64) -> f64 {
        if self.months_after_first_year == 0 {
            f64::NAN
        } else {
            cents as f64 / 100.0 / self.months_after_first_year as f64
        }
    }
}
