//! The mergeable state of a Monte Carlo study: exact accumulators for every outcome, the
//! survival and break-even counts by month, and per-month sketches for fan charts.

use super::accumulate::{ExactMoments, LogSketch};
use super::conduct::ConductTally;
use super::ensemble::MemberTally;
use super::file::StudyFlaw;
use super::outcome::{Outcome, PerOutcome};
use super::sales::SalesTally;
use crate::record::{EndReason, MonthRecord, Observer, RunOutcome};
use serde::{Deserialize, Serialize};

/// Relative accuracy of outcome quantiles.
pub const OUTCOME_ALPHA: f64 = 0.005;
/// Relative accuracy of fan-chart quantiles (coarser: 5 series × every month).
pub const FAN_ALPHA: f64 = 0.02;

/// Exact moments and a quantile sketch of one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeAccumulator {
    /// Count, sums, min, max.
    pub moments: ExactMoments,
    /// Quantiles.
    pub sketch: LogSketch,
}

impl OutcomeAccumulator {
    /// Empty, with moments rounded to `quantum` and quantiles within [`OUTCOME_ALPHA`].
    pub fn new(quantum: f64) -> Self {
        OutcomeAccumulator {
            moments: ExactMoments::new(quantum),
            sketch: LogSketch::new(OUTCOME_ALPHA),
        }
    }

    /// Empty, for `outcome`.
    pub fn for_outcome(outcome: Outcome) -> Self {
        OutcomeAccumulator::new(outcome.quantum())
    }

    /// Adds one value (NaN ignored).
    pub fn add(&mut self, x: f64) {
        self.moments.add(x);
        self.sketch.add(x);
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &OutcomeAccumulator) {
        self.moments.merge(&other.moments);
        self.sketch.merge(&other.sketch);
    }
}

/// One value per fan-chart series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fans<T> {
    /// Cash at month end; a bankrupt firm keeps its final cash.
    pub cash: T,
    /// Revenue; 0 after bankruptcy.
    pub revenue: T,
    /// Staff at month end; 0 after bankruptcy.
    pub headcount: T,
    /// Clients at month end; 0 after bankruptcy.
    pub clients: T,
    /// Mean client trust, over firms still running that have clients.
    pub mean_trust: T,
}

impl<T> Fans<T> {
    /// Series names in declaration order.
    pub const NAMES: [&'static str; 5] = ["cash", "revenue", "headcount", "clients", "mean_trust"];

    /// `(name, value)` in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &T)> {
        Self::NAMES.into_iter().zip([
            &self.cash,
            &self.revenue,
            &self.headcount,
            &self.clients,
            &self.mean_trust,
        ])
    }

    /// Mutable values in declaration order.
    pub fn values_mut(&mut self) -> [&mut T; 5] {
        [
            &mut self.cash,
            &mut self.revenue,
            &mut self.headcount,
            &mut self.clients,
            &mut self.mean_trust,
        ]
    }
}

/// Everything a study accumulates. Merging two states of disjoint replicate sets gives the
/// state of their union, exactly, in any order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct McState {
    /// Months per run.
    pub horizon_months: u32,
    /// Replicates accumulated.
    pub runs: u64,
    /// Replicates that went bankrupt.
    pub bankrupt: u64,
    /// Replicates closed by the founder while solvent.
    pub closed: u64,
    /// Every outcome.
    pub outcomes: PerOutcome<OutcomeAccumulator>,
    /// Firms still open (neither insolvent nor closed) at the end of month `m` (index `m − 1`).
    pub alive_at_month_end: Vec<u64>,
    /// Firms whose cumulative break-even came in month `m` (index `m − 1`).
    pub break_even_in_month: Vec<u64>,
    /// Per-month sketches of each fan series (index `m − 1`).
    pub fans: Fans<Vec<LogSketch>>,
    /// Per-member tallies of a study over an ensemble (empty without one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberTally>,
    /// How far sales got, and why firms without revenue had none.
    #[serde(default, skip_serializing_if = "SalesTally::is_empty")]
    pub sales: SalesTally,
    /// What open and ended firms did, and founders' draw after the first year.
    #[serde(default, skip_serializing_if = "ConductTally::is_empty")]
    pub conduct: ConductTally,
}

impl McState {
    /// An empty state for runs of `horizon_months` over an ensemble of `members` (0: none).
    pub fn with_members(horizon_months: u32, members: usize) -> Self {
        McState {
            members: vec![MemberTally::default(); members],
            ..McState::new(horizon_months)
        }
    }

    /// Adds a finished run to its member's tally (nothing without an ensemble).
    pub(crate) fn tally_member(&mut self, member: Option<usize>, outcome: &RunOutcome) {
        if let Some(t) = member.and_then(|j| self.members.get_mut(j)) {
            t.runs += 1;
            t.bankrupt += u64::from(outcome.end() == EndReason::Insolvent);
            t.closed += u64::from(outcome.end() == EndReason::Closed);
        }
    }

    /// An empty state for runs of `horizon_months`.
    pub fn new(horizon_months: u32) -> Self {
        let months = horizon_months as usize;
        let series = || vec![LogSketch::new(FAN_ALPHA); months];
        McState {
            horizon_months,
            runs: 0,
            bankrupt: 0,
            closed: 0,
            outcomes: PerOutcome::from_fn(OutcomeAccumulator::for_outcome),
            alive_at_month_end: vec![0; months],
            break_even_in_month: vec![0; months],
            fans: Fans {
                cash: series(),
                revenue: series(),
                headcount: series(),
                clients: series(),
                mean_trust: series(),
            },
            members: Vec::new(),
            sales: SalesTally::default(),
            conduct: ConductTally::default(),
        }
    }

    /// Adds one finished run. With `fans`, its months must already be in the fans
    /// (`FanRecorder`), and the months after its end are added here; without, the fans are
    /// left alone.
    pub(crate) fn add_outcome(&mut self, outcome: &RunOutcome, fans: bool) {
        self.runs += 1;
        self.sales.add(outcome);
        self.conduct.add(outcome);
        match outcome.end() {
            EndReason::Insolvent => self.bankrupt += 1,
            EndReason::Closed => self.closed += 1,
            EndReason::Open => {}
        }
        for alive in &mut self.alive_at_month_end[..outcome.months_open() as usize] {
            *alive += 1;
        }
        if let Some(m) = outcome.break_even_month {
            self.break_even_in_month[m as usize - 1] += 1;
        }
        for o in Outcome::ALL {
            if let Some(x) = o.of(outcome) {
                self.outcomes[o].add(x);
            }
        }
        if !fans {
            return;
        }
        // A bankrupt firm's cash stays at its final value; it has no revenue, staff or
        // clients in the months it no longer runs.
        for m in outcome.months_run as usize..self.horizon_months as usize {
            self.fans.cash[m].add(outcome.final_cash);
            self.fans.revenue[m].add(0.0);
            self.fans.headcount[m].add(0.0);
            self.fans.clients[m].add(0.0);
        }
    }

    /// Checks that a state read from a file could have been written by this version: a
    /// horizon in the scenario's range, per-month vectors as long as it, the accuracies and
    /// quanta of this version, every sketch's buckets within what a number can produce,
    /// moments that fit their counts, and counts that fit the number of runs (survival never
    /// rising). Cheap, and run before anything is merged or summarised: a state that passes
    /// can be merged and summarised without overflow or outsized allocation.
    ///
    /// # Errors
    /// The first flaw found, naming the field (e.g. `state.fans.cash[3].positive.offset`).
    pub fn check(&self) -> Result<(), StudyFlaw> {
        let flaw = |field: &str, why: String| Err(StudyFlaw::new(format!("state.{field}"), why));
        let max_horizon = max_horizon_months();
        if !(1..=max_horizon).contains(&self.horizon_months) {
            return flaw(
                "horizon_months",
                format!(
                    "{} is outside the scenario's range 1 to {max_horizon}",
                    self.horizon_months
                ),
            );
        }
        let months = self.horizon_months as usize;
        let lengths = [
            (
                "alive_at_month_end".to_owned(),
                self.alive_at_month_end.len(),
            ),
            (
                "break_even_in_month".to_owned(),
                self.break_even_in_month.len(),
            ),
        ]
        .into_iter()
        .chain(
            self.fans
                .iter()
                .map(|(n, f)| (format!("fans.{n}"), f.len())),
        );
        for (name, length) in lengths {
            if length != months {
                return flaw(
                    &name,
                    format!("has {length} months, but the horizon is {months}"),
                );
            }
        }
        let runs = self.runs;
        if self.bankrupt > runs {
            return flaw(
                "bankrupt",
                format!("{} is more than the {runs} runs", self.bankrupt),
            );
        }
        if self.bankrupt + self.closed > runs {
            return flaw(
                "closed",
                format!(
                    "{} closed and {} bankrupt are more than the {runs} runs",
                    self.closed, self.bankrupt
                ),
            );
        }
        if self.sales.without_revenue() > runs {
            return flaw(
                "sales",
                format!(
                    "{} firms without revenue are more than the {runs} runs",
                    self.sales.without_revenue()
                ),
            );
        }
        let mut member_runs: u128 = 0;
        for (i, t) in self.members.iter().enumerate() {
            if t.bankrupt + t.closed > t.runs {
                return flaw(
                    &format!("members[{i}]"),
                    format!(
                        "{} bankrupt and {} closed are more than its {} runs",
                        t.bankrupt, t.closed, t.runs
                    ),
                );
            }
            member_runs += u128::from(t.runs);
        }
        if !self.members.is_empty() && member_runs != u128::from(runs) {
            return flaw(
                "members",
                format!("the members ran {member_runs} replicates, not the {runs} runs"),
            );
        }
        let mut previous = runs;
        for (i, alive) in self.alive_at_month_end.iter().enumerate() {
            if *alive > previous {
                return flaw(
                    &format!("alive_at_month_end[{i}]"),
                    format!(
                        "{alive} is more than the {previous} runs alive a month earlier (or in all)"
                    ),
                );
            }
            previous = *alive;
        }
        let broke_even: u128 = self
            .break_even_in_month
            .iter()
            .map(|c| u128::from(*c))
            .sum();
        if broke_even > u128::from(runs) {
            return flaw(
                "break_even_in_month",
                format!("adds up to {broke_even}, more than the {runs} runs"),
            );
        }
        for (outcome, acc) in self.outcomes.iter() {
            let field = format!("outcomes.{outcome}");
            if acc.moments.quantum != outcome.quantum() {
                return flaw(
                    &format!("{field}.moments.quantum"),
                    format!(
                        "{} is not this version's {}",
                        acc.moments.quantum,
                        outcome.quantum()
                    ),
                );
            }
            if acc.sketch.alpha != OUTCOME_ALPHA {
                return flaw(
                    &format!("{field}.sketch.alpha"),
                    format!("{} is not this version's {OUTCOME_ALPHA}", acc.sketch.alpha),
                );
            }
            if acc.moments.n > runs {
                return flaw(
                    &format!("{field}.moments.n"),
                    format!("{} is more than the {runs} runs", acc.moments.n),
                );
            }
            acc.moments.check(&format!("state.{field}.moments"))?;
            let count = acc.sketch.check(&format!("state.{field}.sketch"))?;
            if count != u128::from(acc.moments.n) {
                return flaw(
                    &format!("{field}.sketch"),
                    format!(
                        "holds {count} values, but the moments count {}",
                        acc.moments.n
                    ),
                );
            }
        }
        for (name, series) in self.fans.iter() {
            for (i, sketch) in series.iter().enumerate() {
                let field = format!("fans.{name}[{i}]");
                if sketch.alpha != FAN_ALPHA {
                    return flaw(
                        &format!("{field}.alpha"),
                        format!("{} is not this version's {FAN_ALPHA}", sketch.alpha),
                    );
                }
                let count = sketch.check(&format!("state.{field}"))?;
                if count > u128::from(runs) {
                    return flaw(
                        &field,
                        format!("holds {count} values, more than the {runs} runs"),
                    );
                }
            }
        }
        Ok(())
    }

    /// Adds everything in `other`.
    ///
    /// # Panics
    /// If the horizons differ.
    pub fn merge(&mut self, other: &McState) {
        assert_eq!(
            self.horizon_months, other.horizon_months,
            "merging studies of different horizons"
        );
        self.runs += other.runs;
        self.sales.merge(&other.sales);
        self.conduct.merge(&other.conduct);
        self.bankrupt += other.bankrupt;
        self.closed += other.closed;
        for (a, b) in self.members.iter_mut().zip(&other.members) {
            a.runs += b.runs;
            a.bankrupt += b.bankrupt;
            a.closed += b.closed;
        }
        for o in Outcome::ALL {
            self.outcomes[o].merge(&other.outcomes[o]);
        }
        for (a, b) in self
            .alive_at_month_end
            .iter_mut()
            .zip(&other.alive_at_month_end)
        {
            *a += b;
        }
        for (a, b) in self
            .break_even_in_month
            .iter_mut()
            .zip(&other.break_even_in_month)
        {
            *a += b;
        }
        for (mine, (_, theirs)) in self.fans.values_mut().into_iter().zip(other.fans.iter()) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                a.merge(b);
            }
        }
    }
}

/// The longest horizon a scenario may have (the declared range of `horizon_months`).
fn max_horizon_months() -> u32 {
    crate::params::list_params(&mut crate::Scenario::default())
        .into_iter()
        .find(|p| p.path == "horizon_months")
        .map_or(1200, |p| p.max as u32)
}

/// Feeds every month of a run into the fan sketches of a state.
pub(crate) struct FanRecorder<'a> {
    /// The state receiving the months.
    pub state: &'a mut McState,
}

impl Observer for FanRecorder<'_> {
    fn on_month(&mut self, m: &MonthRecord) {
        let i = m.month as usize - 1;
        let fans = &mut self.state.fans;
        fans.cash[i].add(m.cash);
        fans.revenue[i].add(m.revenue);
        fans.headcount[i].add(f64::from(m.headcount()));
        fans.clients[i].add(f64::from(m.total_clients()));
        if m.total_clients() > 0 && !m.bankrupt && !m.closed {
            fans.mean_trust[i].add(m.mean_trust);
        }
    }
}
