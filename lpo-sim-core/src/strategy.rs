//! How the firm is run: the [`Strategy`] trait, what a strategy sees and decides, and the
//! built-in strategies.

use crate::line::{PerLine, ServiceLine};
use crate::scenario::{BuiltinStrategy, FounderProfile, RuleParams, Scenario};
use serde::{Deserialize, Serialize};

/// What a strategy sees at the start of a month: the firm's state after the previous month.
/// It is a snapshot; a strategy cannot change the firm or draw random numbers through it.
#[derive(Debug, Clone, Copy)]
pub struct Observation<'a> {
    /// The scenario (prices, pay, costs).
    pub scenario: &'a Scenario,
    /// The founder.
    pub founder: &'a FounderProfile,
    /// The month about to be simulated, from 0.
    pub month: u32,
    /// Cash now.
    pub cash: f64,
    /// Last month's revenue.
    pub revenue: f64,
    /// Last month's costs.
    pub costs: f64,
    /// Profit since founding: revenue minus expenses (loan principal is not an expense).
    pub cumulative_profit: f64,
    /// Associates working on each line (including those still ramping up).
    pub associates: PerLine<u32>,
    /// Associates hired but not yet arrived, per line.
    pub pending_associates: PerLine<u32>,
    /// Associates still ramping up last month (tenure below `ramp_months`), all lines.
    pub trainees: u32,
    /// Trainers on staff.
    pub trainers: u32,
    /// Trainers hired but not yet arrived.
    pub pending_trainers: u32,
    /// Last month's most output (standard hours) each line's own associates could deliver,
    /// QA time included; without trainers and the founder.
    pub capacity_hours: PerLine<f64>,
    /// Last month's standard hours demanded by clients per line.
    pub demand_hours: PerLine<f64>,
    /// Clients per line.
    pub clients: PerLine<u32>,
    /// Mean trust of current clients (0 without clients).
    pub mean_trust: f64,
    /// Errors that reached clients last month.
    pub errors_escaped: u32,
    /// Whether the firm holds its certification.
    pub certified: bool,
    /// Whether the consultant is engaged.
    pub consultant_engaged: bool,
    /// `a_ℓ(t)` of the month about to be simulated: the share of each line's work AI can do
    /// (MODEL.md §5.7; 0 when automation is off).
    pub automatable: PerLine<f64>,
    /// The line's market rate this month as a share of its `billing_rate`,
    /// `1 − price_pressure · a_ℓ(t)` (exactly 1 when automation is off); conversion compares
    /// prices with `billing_rate` times this.
    pub market_rate: PerLine<f64>,
    /// Months the firm has used AI without a break, up to last month.
    pub ai_months: u32,
    /// The staff (associates and trainers) the founder wants at most, drawn at founding from
    /// `workforce.desired_staff_*` (MODEL.md §10.1). The built-in strategies respect it; a
    /// custom strategy may ignore it.
    pub desired_staff: u32,
}

impl Observation<'_> {
    /// Months of cash left at last month's burn rate (infinite when not burning cash).
    pub fn runway_months(&self) -> f64 {
        let burn = self.costs - self.revenue;
        if burn > 0.0 {
            self.cash.max(0.0) / burn
        } else {
            f64::INFINITY
        }
    }

    /// Demand over production capacity on `line` last month (infinite with demand but no
    /// capacity, 0 without demand).
    pub fn load(&self, line: ServiceLine) -> f64 {
        let (demand, capacity) = (self.demand_hours[line], self.capacity_hours[line]);
        if demand <= 0.0 {
            0.0
        } else if capacity <= 0.0 {
            f64::INFINITY
        } else {
            demand / capacity
        }
    }
}

/// What a strategy decides each month. Targets, not deltas: the firm hires or lays off to
/// reach them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Decisions {
    /// Target associates per line (staff plus pending hires).
    pub associates: PerLine<u32>,
    /// Target trainers.
    pub trainers: u32,
    /// Quality of trainers hired from now on, 0..1 (better trainers cost more).
    pub trainer_quality: f64,
    /// Candidates screened per associate hired (best of them is hired), 1..=50.
    pub hiring_rigor: u32,
    /// Price per hour on each line.
    pub prices: PerLine<f64>,
    /// Lines the firm sells. Leads for other lines are lost.
    pub offered: PerLine<bool>,
    /// Marketing spend this month.
    pub marketing: f64,
    /// Share of production hours spent on QA review, 0..0.9.
    pub qa_share: f64,
    /// Pay as a multiple of market pay, 0.25..4.
    pub pay_level: f64,
    /// Pursue or keep certification.
    pub certify: bool,
    /// Engage the consultant this month.
    pub consultant: bool,
    /// Use AI this month (MODEL.md §5.7): pay its licences and, after learning, work the
    /// automatable hours faster and with its error profile. Ignored while automation is off.
    pub ai_adopted: bool,
}

impl Decisions {
    /// The firm at founding: no staff, reference prices, nothing offered.
    pub fn initial(scenario: &Scenario) -> Self {
        Decisions {
            associates: PerLine::splat(0),
            trainers: 0,
            trainer_quality: 0.5,
            hiring_rigor: 1,
            prices: scenario.lines.map(|_, l| l.billing_rate),
            offered: PerLine::splat(false),
            marketing: 0.0,
            qa_share: 0.1,
            pay_level: 1.0,
            certify: false,
            consultant: false,
            ai_adopted: false,
        }
    }

    /// Most associates (all lines together), and most trainers, a firm may target.
    pub const MAX_STAFF: u32 = 100_000;

    /// The first field out of range, as `(field, value, allowed)`.
    pub fn violation(&self) -> Option<(&'static str, f64, &'static str)> {
        let staff = self.associates.total();
        if staff > Self::MAX_STAFF || self.trainers > Self::MAX_STAFF {
            return Some((
                "associates or trainers",
                f64::from(staff.max(self.trainers)),
                "0..=100000",
            ));
        }
        if !(0.0..=1.0).contains(&self.trainer_quality) {
            return Some(("trainer_quality", self.trainer_quality, "0..=1"));
        }
        if !(1..=50).contains(&self.hiring_rigor) {
            return Some(("hiring_rigor", f64::from(self.hiring_rigor), "1..=50"));
        }
        for (_, &price) in self.prices.iter() {
            if !(price.is_finite() && price > 0.0 && price <= 1e5) {
                return Some(("prices", price, "finite, above 0, at most 100000"));
            }
        }
        if !(self.marketing.is_finite() && (0.0..=1e9).contains(&self.marketing)) {
            return Some(("marketing", self.marketing, "0..=1e9"));
        }
        if !(0.0..=0.9).contains(&self.qa_share) {
            return Some(("qa_share", self.qa_share, "0..=0.9"));
        }
        if !(0.25..=4.0).contains(&self.pay_level) {
            return Some(("pay_level", self.pay_level, "0.25..=4"));
        }
        None
    }
}

/// Runs the firm: each month it sees an [`Observation`] and updates [`Decisions`] (which hold
/// last month's decisions on entry).
///
/// # Examples
/// A strategy that offers document review only, with one associate per client:
/// ```
/// use lpo_sim_core::{Decisions, Observation, ServiceLine, Strategy};
/// struct OnePerClient;
/// impl Strategy for OnePerClient {
///     fn name(&self) -> &str { "one-per-client" }
///     fn decide(&mut self, obs: &Observation<'_>, d: &mut Decisions) {
///         let line = ServiceLine::DocumentReview;
///         d.offered[line] = true;
///         d.associates[line] = obs.clients[line].max(1);
///         d.marketing = 1000.0;
///     }
/// }
/// let scenario = lpo_sim_core::Scenario::default();
/// let outcome = lpo_sim_core::Simulation::new(&scenario, OnePerClient, 1)?.run()?;
/// assert!(outcome.months_run >= 1);
/// # Ok::<(), lpo_sim_core::SimError>(())
/// ```
pub trait Strategy {
    /// A short name for output.
    fn name(&self) -> &str;
    /// Updates `decisions` for the coming month.
    fn decide(&mut self, observation: &Observation<'_>, decisions: &mut Decisions);
}

impl<S: Strategy + ?Sized> Strategy for Box<S> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn decide(&mut self, observation: &Observation<'_>, decisions: &mut Decisions) {
        (**self).decide(observation, decisions)
    }
}

impl<S: Strategy + ?Sized> Strategy for &mut S {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn decide(&mut self, observation: &Observation<'_>, decisions: &mut Decisions) {
        (**self).decide(observation, decisions)
    }
}

impl BuiltinStrategy {
    /// Builds the strategy.
    pub fn build(self, rule: &RuleParams) -> RuleBased {
        RuleBased::named(self.name(), self.params(rule))
    }
}

/// A strategy driven entirely by [`RuleParams`].
///
/// Each month, per offered line: staff needed = ceil(demand × headroom / hours a trained
/// associate of skill 0.5 produces); hire towards it (at most `max_hires_per_month` in all) when load is
/// above `hire_above_utilisation` and runway allows; shed towards it when load is below
/// `shed_below_utilisation` and runway is short; never below `min_staff_per_line`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleBased {
    name: &'static str,
    /// The thresholds.
    pub params: RuleParams,
}

impl RuleBased {
    /// A rule-based strategy named `rule-based`.
    pub fn new(params: RuleParams) -> Self {
        RuleBased::named(BuiltinStrategy::RuleBased.name(), params)
    }

    /// A rule-based strategy with a custom name.
    pub fn named(name: &'static str, params: RuleParams) -> Self {
        RuleBased { name, params }
    }
}

/// The lines a rule-based firm sells. Every line, unless `only_known`: then the lines whose
/// `skill_requirement` the founder's knowledge meets, or, when it meets none, the lines with
/// the smallest shortfall, so that a firm always has something to sell. Below a line's
/// requirement the founder pays through the model's mechanisms instead of a gate: fewer leads
/// sign (MODEL.md §5.3), more errors escape supervision (§6).
fn lines_sold(obs: &Observation<'_>, only_known: bool) -> PerLine<bool> {
    if !only_known {
        return PerLine::splat(true);
    }
    let shortfall = PerLine::from_fn(|line| {
        (obs.scenario.lines[line].skill_requirement - obs.founder.knowledge[line]).max(0.0)
    });
    let least = shortfall.iter().fold(f64::INFINITY, |m, (_, &s)| m.min(s));
    shortfall.map(|_, s| s <= least)
}

/// The rule-based adoption of AI: use it when the lead-weighted automatable share of the
/// lines sold, `Σ lead_share · a / Σ lead_share`, is above `threshold` (never without
/// automation, where every `a` is 0).
fn adopts_ai(obs: &Observation<'_>, sold: &PerLine<bool>, threshold: f64) -> bool {
    let (mut weight, mut weighted) = (0.0, 0.0);
    for line in ServiceLine::ALL {
        if sold[line] {
            let share = obs.scenario.lines[line].lead_share;
            weight += share;
            weighted += share * obs.automatable[line];
        }
    }
    weight > 0.0 && weighted / weight > threshold
}

impl Strategy for RuleBased {
    fn name(&self) -> &str {
        self.name
    }

    fn decide(&mut self, obs: &Observation<'_>, d: &mut Decisions) {
        let p = &self.params;
        let scenario = obs.scenario;
        let runway = obs.runway_months();
        let can_grow = runway >= p.min_runway_months;
        let mut hires_left = p.max_hires_per_month;
        // The founder's wanted size caps the associates and trainers the firm plans.
        let staff_now: u32 = ServiceLine::ALL
            .iter()
            .map(|l| obs.associates[*l] + obs.pending_associates[*l])
            .sum::<u32>()
            + obs.trainers
            + obs.pending_trainers;
        let mut room_to_want = obs.desired_staff.saturating_sub(staff_now);
        let mut assigned = 0u32;
        // Output of a ramped associate of skill 0.6 (0.8 standard hours an hour), QA included.
        let w = &scenario.workforce;
        let review = p.qa_share * scenario.quality.qa_review_hours;
        let full_hours = w.hours_per_month * (1.0 - w.overhead_share) * 0.8 / (1.0 + review * 0.8);
        let sold = lines_sold(obs, p.sell_only_known_lines);
        for line in ServiceLine::ALL {
            let offered = sold[line];
            d.offered[line] = offered;
            // The market rate: the billing rate less the price pressure of automation (the
            // factor is exactly 1 without it).
            d.prices[line] =
                scenario.lines[line].billing_rate * obs.market_rate[line] * p.price_multiplier;
            if !offered {
                d.associates[line] = 0;
                continue;
            }
            let current = obs.associates[line] + obs.pending_associates[line];
            // Staff for trained output: ramping hires will catch up.
            let needed =
                (obs.demand_hours[line] * p.capacity_headroom / full_hours.max(1.0)).ceil();
            let needed = needed.min(1e5) as u32;
            let load = obs.load(line);
            let mut target = current;
            if load > p.hire_above_utilisation && can_grow && needed > current {
                let add = (needed - current).min(hires_left).min(room_to_want);
                hires_left -= add;
                room_to_want -= add;
                target = current + add;
            } else if load < p.shed_below_utilisation && !can_grow && needed < current {
                target = needed;
            }
            let room = Decisions::MAX_STAFF - assigned;
            d.associates[line] = target.max(p.min_staff_per_line).min(room);
            assigned += d.associates[line];
        }
        // Trainer places for the trainees and the hires still to arrive.
        let pending: u32 = ServiceLine::ALL
            .iter()
            .map(|l| d.associates[*l].saturating_sub(obs.associates[*l]))
            .sum();
        let trainees = f64::from(obs.trainees + pending);
        let per_trainer = scenario.workforce.training.trainees_per_trainer;
        d.trainers =
            ((p.trainer_coverage * trainees / per_trainer).ceil() as u32).min(Decisions::MAX_STAFF);
        d.trainer_quality = p.trainer_quality;
        d.hiring_rigor = p.hiring_rigor;
        // At the wanted size the founder seeks no more work than the floor brings.
        d.marketing = if can_grow && room_to_want > 0 {
            (obs.revenue * p.marketing_share_of_revenue)
                .clamp(p.marketing_floor, p.marketing_cap.max(p.marketing_floor))
        } else {
            p.marketing_floor
        };
        d.qa_share = p.qa_share;
        d.pay_level = p.pay_level;
        d.certify = obs.certified || d.certify || obs.revenue >= p.certify_above_revenue;
        d.consultant = obs.month < p.consultant_months;
        d.ai_adopted = adopts_ai(obs, &sold, p.ai_adopt_above);
    }
}
