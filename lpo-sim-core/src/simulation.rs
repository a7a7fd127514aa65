//! The firm simulation: [`Simulation`] steps one founder's firm month by month.

use crate::clients::{Book, ClientsMonth, TrustSignals, perceived_trust};
use crate::error::SimError;
use crate::line::{PerLine, ServiceLine};
use crate::math::{exp, pow, unit};
use crate::record::{Costs, MonthRecord, NoObserver, Observer, RunOutcome};
use crate::rng::{Process, Streams};
use crate::sample::{binomial, poisson};
use crate::scenario::{FounderProfile, Scenario};
use crate::strategy::{Decisions, Observation, Strategy};
use crate::workforce::{Load, Workforce, WorkforceMonth};

/// One founder's firm, simulated month by month from one seed.
///
/// # Examples
/// ```
/// use lpo_sim_core::{BuiltinStrategy, Recorder, Scenario, Simulation};
/// let scenario = Scenario::default();
/// let strategy = BuiltinStrategy::Cautious.build(&scenario.strategy.rule);
/// let mut sim = Simulation::new(&scenario, strategy, 7)?;
/// let first = sim.step()?.expect("a new firm runs at least one month");
/// assert_eq!(first.month, 1);
/// let mut months = Recorder::default();
/// let outcome = sim.run_with(&mut months)?;
/// assert_eq!(months.months.len() as u32 + 1, outcome.months_run);
/// # Ok::<(), lpo_sim_core::SimError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Simulation<S> {
    strategy: S,
    firm: Firm,
}

/// Everything but the strategy, so the strategy can observe the firm while deciding.
#[derive(Debug, Clone)]
struct Firm {
    scenario: Scenario,
    founder: FounderProfile,
    streams: Streams,
    seed: u64,
    /// Months completed.
    month: u32,
    ended: bool,
    cash: f64,
    workforce: Workforce,
    book: Book,
    decisions: Decisions,
    last: LastMonth,
    totals: Totals,
    certification_progress: u32,
    certified: bool,
    consultant_effect: f64,
    loan_payment: f64,
    loan_balance: f64,
}

/// What the next observation needs from the month just simulated.
#[derive(Debug, Clone, Copy, Default)]
struct LastMonth {
    revenue: f64,
    costs: f64,
    capacity_hours: PerLine<f64>,
    demand_hours: PerLine<f64>,
    errors_escaped: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    revenue: f64,
    profit: f64,
    peak_headcount: u32,
    break_even_month: Option<u32>,
    bankrupt_month: Option<u32>,
    errors_escaped: u64,
}

impl<S: Strategy> Simulation<S> {
    /// A firm founded by the scenario's `[founder]`, run by `strategy`, drawing every random
    /// number from streams derived from `seed`.
    ///
    /// # Errors
    /// [`SimError::InvalidScenario`] when the scenario fails validation.
    pub fn new(scenario: &Scenario, strategy: S, seed: u64) -> Result<Self, SimError> {
        Simulation::with_founder(scenario, scenario.founder, strategy, seed)
    }

    /// As [`Simulation::new`] for a scenario already validated (the Monte Carlo engine
    /// validates once, not per replicate). An invalid scenario gives meaningless results.
    pub fn new_unchecked(scenario: &Scenario, strategy: S, seed: u64) -> Self {
        Simulation {
            strategy,
            firm: Firm::new(scenario.clone(), seed),
        }
    }

    /// As [`Simulation::new`], with a founder given directly (e.g. from a simulated career).
    ///
    /// # Errors
    /// [`SimError::InvalidScenario`] when the scenario or founder fails validation.
    pub fn with_founder(
        scenario: &Scenario,
        founder: FounderProfile,
        strategy: S,
        seed: u64,
    ) -> Result<Self, SimError> {
        let mut checked = scenario.clone();
        checked.founder = founder;
        checked
            .validate()
            .map_err(|e| SimError::InvalidScenario(e.to_string()))?;
        Ok(Simulation {
            strategy,
            firm: Firm::new(checked, seed),
        })
    }

    /// The scenario being run.
    pub fn scenario(&self) -> &Scenario {
        &self.firm.scenario
    }

    /// The founder.
    pub fn founder(&self) -> &FounderProfile {
        &self.firm.founder
    }

    /// The strategy.
    pub fn strategy(&self) -> &S {
        &self.strategy
    }

    /// Months simulated so far.
    pub fn month(&self) -> u32 {
        self.firm.month
    }

    /// Cash now.
    pub fn cash(&self) -> f64 {
        self.firm.cash
    }

    /// Whether the run has ended (horizon reached or bankrupt).
    pub fn is_finished(&self) -> bool {
        self.firm.ended
    }

    /// The current staff, in hire order.
    pub fn staff(&self) -> &[crate::workforce::Employee] {
        self.firm.workforce.staff()
    }

    /// The current clients, in signing order.
    pub fn clients(&self) -> &[crate::clients::Client] {
        self.firm.book.clients()
    }

    /// The decisions in force (last month's).
    pub fn decisions(&self) -> &Decisions {
        &self.firm.decisions
    }

    /// The run's result so far.
    pub fn outcome(&self) -> RunOutcome {
        RunOutcome {
            seed: self.firm.seed,
            months_run: self.firm.month,
            bankrupt_month: self.firm.totals.bankrupt_month,
            final_cash: self.firm.cash,
            total_revenue: self.firm.totals.revenue,
            total_profit: self.firm.totals.profit,
            peak_headcount: self.firm.totals.peak_headcount,
            final_headcount: self.firm.workforce.headcount(),
            final_clients: self.firm.book.len() as u32,
            final_mean_trust: self.firm.book.mean_trust(),
            break_even_month: self.firm.totals.break_even_month,
            errors_escaped: self.firm.totals.errors_escaped,
        }
    }

    /// Runs to the end.
    ///
    /// # Errors
    /// As [`Simulation::step`].
    pub fn run(mut self) -> Result<RunOutcome, SimError> {
        self.run_with(&mut NoObserver)
    }

    /// Runs to the end, giving every month to `observer`.
    ///
    /// # Errors
    /// As [`Simulation::step`].
    pub fn run_with(&mut self, observer: &mut impl Observer) -> Result<RunOutcome, SimError> {
        while let Some(record) = self.step()? {
            observer.on_month(&record);
        }
        Ok(self.outcome())
    }

    /// Simulates one month. Returns `None` once the run has ended.
    ///
    /// # Errors
    /// [`SimError::InvalidDecision`] when the strategy decides something out of range.
    pub fn step(&mut self) -> Result<Option<MonthRecord>, SimError> {
        if self.firm.ended {
            return Ok(None);
        }
        let mut decisions = self.firm.decisions;
        self.strategy
            .decide(&self.firm.observation(), &mut decisions);
        if let Some((field, value, allowed)) = decisions.violation() {
            return Err(SimError::InvalidDecision {
                strategy: self.strategy.name().to_owned(),
                month: self.firm.month + 1,
                field,
                value,
                allowed,
            });
        }
        Ok(Some(self.firm.advance(decisions)))
    }
}

impl Firm {
    /// A firm at founding; `scenario.founder` is the founder.
    fn new(scenario: Scenario, seed: u64) -> Self {
        let finance = &scenario.finance;
        let founder = scenario.founder;
        Firm {
            founder,
            streams: Streams::new(seed),
            seed,
            month: 0,
            ended: false,
            cash: founder.savings + finance.loan_amount,
            workforce: Workforce::new(),
            book: Book::new(),
            decisions: Decisions::initial(&scenario),
            last: LastMonth::default(),
            totals: Totals::default(),
            certification_progress: 0,
            certified: false,
            consultant_effect: 0.0,
            loan_balance: finance.loan_amount,
            loan_payment: annuity(
                finance.loan_amount,
                finance.loan_annual_rate / 12.0,
                finance.loan_term_months,
            ),
            scenario,
        }
    }

    fn observation(&self) -> Observation<'_> {
        Observation {
            scenario: &self.scenario,
            founder: &self.founder,
            month: self.month,
            cash: self.cash,
            revenue: self.last.revenue,
            costs: self.last.costs,
            cumulative_profit: self.totals.profit,
            associates: self.workforce.associates(),
            pending_associates: self.workforce.pending_associates(),
            trainers: self.workforce.trainers(),
            pending_trainers: self.workforce.pending_trainers(),
            capacity_hours: self.last.capacity_hours,
            demand_hours: self.last.demand_hours,
            clients: self.book.per_line(),
            mean_trust: self.book.mean_trust(),
            errors_escaped: self.last.errors_escaped,
            certified: self.certified,
            consultant_engaged: self.decisions.consultant,
        }
    }

    /// Simulates one month under `decisions` (already validated).
    fn advance(&mut self, decisions: Decisions) -> MonthRecord {
        let t = self.month;
        let certification = self.certification_cost(decisions.certify);
        let (loan_interest, loan_principal) = self.loan_split();
        self.decisions = decisions;
        let d = &decisions;
        let scenario = &self.scenario;
        let cash_start = self.cash;

        // Consultant: full effect while engaged, fading afterwards.
        self.consultant_effect = if d.consultant {
            1.0
        } else {
            self.consultant_effect * (1.0 - scenario.consultant.fade_monthly)
        };

        // Workforce: arrivals, hiring and layoffs, training, capacity.
        let mut wm = WorkforceMonth::default();
        self.workforce.arrive(t, &mut wm);
        let mut hiring_rng = self.streams.for_month(Process::Hiring, t);
        let severance = self.workforce.staff_to_targets(
            scenario,
            d,
            t,
            self.consultant_effect,
            &mut hiring_rng,
            &mut wm,
        );
        self.workforce.set_pay_level(d.pay_level);
        let (trainees, strength) = self.workforce.training_strength(&scenario.workforce);
        wm.trainees = trainees;
        wm.training_strength = strength;
        let (gross_hours, skill_hours) = self.workforce.capacity(
            &scenario.workforce,
            scenario.quality.min_productivity,
            strength,
        );
        let staff_capacity = gross_hours.map(|_, h| h * (1.0 - d.qa_share));

        // Clients: leads and conversion.
        let signals = TrustSignals {
            certified: self.certified,
            consultant_effect: self.consultant_effect,
            firm_age_months: t,
            mean_client_trust: self.book.mean_trust(),
        };
        let perceived = perceived_trust(&scenario.clients, &self.founder, &signals);
        let mut cm = ClientsMonth::default();
        let mut leads_rng = self.streams.for_month(Process::Leads, t);
        let mut conversion_rng = self.streams.for_month(Process::Conversion, t);
        self.book.acquire(
            scenario,
            &self.founder,
            d,
            &signals,
            &mut leads_rng,
            &mut conversion_rng,
            &mut cm,
        );

        // Delivery: demand against capacity, errors, QA, trust.
        let mut demand = PerLine::splat(0.0);
        for c in self.book.clients() {
            demand[c.line] += c.demand_hours();
        }
        // Work is done by the line's own associates first, then by associates with spare
        // hours on other lines (at `cross_line_skill` of their skill), then by the founder
        // (at their knowledge of the line). Each pool is shared in proportion to need.
        let own = PerLine::from_fn(|l| demand[l].min(staff_capacity[l]));
        let own_skill = PerLine::from_fn(|l| {
            if gross_hours[l] > 0.0 {
                skill_hours[l] / gross_hours[l]
            } else {
                0.0
            }
        });
        let spare = PerLine::from_fn(|l| staff_capacity[l] - own[l]);
        let need = PerLine::from_fn(|l| demand[l] - own[l]);
        let (spare_total, need_total) = (spare.sum(), need.sum());
        let moved = spare_total.min(need_total);
        let (cover_hours, cover_skill) = if moved > 0.0 {
            let lender_skill = PerLine::from_fn(|l| spare[l] * own_skill[l]).sum() / spare_total;
            (
                need.map(|_, h| h * moved / need_total),
                scenario.workforce.pool.cross_line_skill * lender_skill,
            )
        } else {
            (PerLine::splat(0.0), 0.0)
        };
        let remaining = PerLine::from_fn(|l| need[l] - cover_hours[l]);
        let remaining_total = remaining.sum();
        let founder_share = if remaining_total > 0.0 {
            (scenario.workforce.founder_hours / remaining_total).min(1.0)
        } else {
            0.0
        };
        let founder_hours = remaining.map(|_, h| h * founder_share);
        let delivered = PerLine::from_fn(|l| own[l] + cover_hours[l] + founder_hours[l]);
        let late_share = PerLine::from_fn(|l| {
            if demand[l] > 0.0 {
                (1.0 - delivered[l] / demand[l]).max(0.0)
            } else {
                0.0
            }
        });
        let error_rate = PerLine::from_fn(|l| {
            let skill = if delivered[l] > 0.0 {
                (own[l] * own_skill[l]
                    + cover_hours[l] * cover_skill
                    + founder_hours[l] * self.founder.knowledge[l])
                    / delivered[l]
            } else {
                0.0
            };
            line_error_rate(scenario, &self.founder, l, skill, self.consultant_effect)
        });
        let catch = 1.0 - exp(-scenario.quality.qa_effectiveness * d.qa_share);
        let mut errors_rng = self.streams.for_month(Process::Errors, t);
        let mut revenue = 0.0;
        let (mut made_total, mut caught_total) = (0u32, 0u32);
        let cp = &scenario.clients;
        for c in self.book.clients_mut() {
            let line = c.line;
            let hours = c.demand_hours() * (1.0 - late_share[line]);
            revenue += hours * d.prices[line];
            let expected = hours / scenario.lines[line].hours_per_unit * error_rate[line];
            let made = poisson(&mut errors_rng, expected);
            let caught = binomial(&mut errors_rng, made, catch);
            let escaped = made - caught;
            made_total = made_total.saturating_add(made as u32);
            caught_total = caught_total.saturating_add(caught as u32);
            // Trust: each escaped error destroys a delicacy-scaled share; lateness costs;
            // clean on-time work slowly earns the rest.
            let keep = 1.0 - scenario.lines[line].delicacy * cp.error_trust_loss;
            let mut trust = if escaped > 0 {
                c.trust * pow(keep, escaped as f64)
            } else {
                c.trust
            };
            trust -= cp.late_trust_loss * late_share[line];
            let clean = escaped == 0 && late_share[line] == 0.0;
            if clean {
                trust += cp.trust_gain * (1.0 - trust);
                c.volume_share += cp.volume_growth * trust * (1.0 - c.volume_share);
            }
            c.trust = unit(trust);
            c.age += 1;
        }
        let errors_escaped = made_total - caught_total;
        let mut churn_rng = self.streams.for_month(Process::Churn, t);
        self.book.churn(cp, &late_share, &mut churn_rng, &mut cm);

        // Costs are paid for everyone who worked this month, before quits.
        let f = &scenario.finance;
        let headcount = self.workforce.headcount();
        let seats = f64::from(headcount) + scenario.workforce.seat_share_founder;
        let costs = Costs {
            payroll: self.workforce.payroll(scenario),
            training: scenario.workforce.training.training_cost * f64::from(trainees),
            seats: f.seat_cost * seats,
            it: f.it_cost_per_seat * seats + f.it_fixed,
            marketing: d.marketing,
            hiring: scenario.workforce.hiring.screening_cost * f64::from(wm.candidates_screened)
                + scenario.workforce.hiring.recruiting_fee * f64::from(wm.hires),
            severance,
            certification,
            consultant: if d.consultant {
                scenario.consultant.monthly_fee
            } else {
                0.0
            },
            founder_draw: f.founder_draw,
            loan_interest,
            loan_principal,
            credit_interest: (-cash_start).max(0.0) * f.credit_annual_rate / 12.0,
        };

        // Attrition at month end: overload is demand over capacity on the line.
        let load = Load {
            associates: PerLine::from_fn(|l| {
                if demand[l] <= 0.0 {
                    0.0
                } else if staff_capacity[l] <= 0.0 {
                    2.0
                } else {
                    demand[l] / staff_capacity[l]
                }
            }),
            trainers: {
                let trainers = self.workforce.trainers();
                let room = f64::from(trainers) * scenario.workforce.training.trainees_per_trainer;
                if room > 0.0 {
                    f64::from(trainees) / room
                } else {
                    0.0
                }
            },
        };
        let mut attrition_rng = self.streams.for_month(Process::Attrition, t);
        self.workforce.attrition(
            &scenario.workforce,
            d.pay_level,
            &load,
            &mut attrition_rng,
            &mut wm,
        );
        self.workforce.grow(&scenario.workforce);

        // Ledger.
        let total_costs = costs.total();
        let profit = revenue - costs.expenses();
        self.cash = cash_start + revenue - total_costs;
        self.month = t + 1;
        let month = self.month;
        let bankrupt = self.cash < -f.credit_line;
        self.totals.revenue += revenue;
        self.totals.profit += profit;
        self.totals.errors_escaped += u64::from(errors_escaped);
        if self.totals.break_even_month.is_none() && self.totals.profit >= 0.0 {
            self.totals.break_even_month = Some(month);
        }
        let headcount_end = self.workforce.headcount();
        self.totals.peak_headcount = self.totals.peak_headcount.max(headcount_end);
        if bankrupt {
            self.totals.bankrupt_month = Some(month);
        }
        self.ended = bankrupt || month >= scenario.horizon_months;

        let total_capacity = staff_capacity.sum() + founder_hours.sum();
        let total_demand = demand.sum();
        let total_delivered = delivered.sum();
        self.last = LastMonth {
            revenue,
            costs: total_costs,
            capacity_hours: staff_capacity,
            demand_hours: demand,
            errors_escaped,
        };
        MonthRecord {
            month,
            cash_start,
            cash: self.cash,
            revenue,
            costs,
            profit,
            associates: self.workforce.associates(),
            trainers: self.workforce.trainers(),
            hires: wm.hires,
            arrivals: wm.arrivals,
            layoffs: wm.layoffs,
            quits: wm.quits,
            trainees,
            training_strength: strength,
            leads: cm.leads,
            clients_won: cm.won,
            clients_lost: cm.lost,
            clients: self.book.per_line(),
            mean_trust: self.book.mean_trust(),
            perceived_trust: perceived,
            demand_hours: demand,
            capacity_hours: staff_capacity,
            founder_hours,
            cover_hours,
            delivered_hours: delivered,
            // `min` and `max` absorb rounding in sums of the same hours taken in other orders.
            utilisation: if total_capacity > 0.0 {
                (total_delivered / total_capacity).min(1.0)
            } else {
                0.0
            },
            late_share: if total_demand > 0.0 {
                (1.0 - total_delivered / total_demand).max(0.0)
            } else {
                0.0
            },
            errors_made: made_total,
            errors_caught: caught_total,
            errors_escaped,
            certified: self.certified,
            consultant_engaged: d.consultant,
            bankrupt,
        }
    }

    /// This month's loan interest and principal under the annuity schedule; the last
    /// payment clears any rounding left in the balance.
    fn loan_split(&mut self) -> (f64, f64) {
        let f = &self.scenario.finance;
        if self.month >= f.loan_term_months || self.loan_balance <= 0.0 {
            return (0.0, 0.0);
        }
        let interest = self.loan_balance * f.loan_annual_rate / 12.0;
        let principal = if self.month + 1 == f.loan_term_months {
            self.loan_balance
        } else {
            (self.loan_payment - interest).min(self.loan_balance)
        };
        self.loan_balance -= principal;
        (interest, principal)
    }

    /// This month's certification cost; advances or lapses certification.
    fn certification_cost(&mut self, pursue: bool) -> f64 {
        let c = &self.scenario.finance.certification;
        if !pursue {
            self.certified = false;
            self.certification_progress = 0;
            return 0.0;
        }
        if self.certified {
            return c.upkeep_monthly;
        }
        self.certification_progress += 1;
        if self.certification_progress >= c.months {
            self.certified = true;
        }
        c.cost_total / f64::from(c.months)
    }
}

/// Chance that a deliverable on `line` has a material error:
/// `base · (1 - reduction · skill) · (1 + shortfall · max(0, requirement - skill))
///  · (1 + supervision · (1 - founder knowledge)) · (1 - consultant reduction · effect)`,
/// clamped to 0..1.
pub(crate) fn line_error_rate(
    scenario: &Scenario,
    founder: &FounderProfile,
    line: ServiceLine,
    skill: f64,
    consultant_effect: f64,
) -> f64 {
    let q = &scenario.quality;
    let l = &scenario.lines[line];
    unit(
        l.base_error_rate
            * (1.0 - q.skill_error_reduction * skill)
            * (1.0 + q.shortfall_error_factor * (l.skill_requirement - skill).max(0.0))
            * (1.0 + q.supervision_penalty * (1.0 - founder.knowledge[line]))
            * (1.0 - scenario.consultant.error_reduction * consultant_effect),
    )
}

/// Level monthly payment that repays `principal` over `months` at `rate` per month.
pub(crate) fn annuity(principal: f64, rate: f64, months: u32) -> f64 {
    if principal <= 0.0 || months == 0 {
        return 0.0;
    }
    if rate == 0.0 {
        return principal / f64::from(months);
    }
    principal * rate / (1.0 - pow(1.0 + rate, -f64::from(months)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::BuiltinStrategy;

    /// Swings every target up and down so hires, cancellations, layoffs and quits all happen.
    struct Swinging;

    impl Strategy for Swinging {
        fn name(&self) -> &str {
            "swinging"
        }
        fn decide(&mut self, obs: &Observation<'_>, d: &mut Decisions) {
            let level = [5, 1, 8, 0][obs.month as usize % 4];
            d.offered = PerLine::splat(true);
            d.associates = PerLine::from_fn(|l| level + l.index() as u32);
            d.trainers = level / 2;
            d.hiring_rigor = 1 + obs.month % 9;
            d.marketing = 3000.0;
        }
    }

    fn assert_counts_hold<S: Strategy>(mut sim: Simulation<S>) {
        while sim.step().unwrap().is_some() {
            assert!(
                sim.firm.workforce.counts_are_consistent(),
                "month {}",
                sim.month()
            );
        }
    }

    #[test]
    fn kept_head_counts_always_equal_a_recount() {
        let mut scenario = Scenario::default();
        scenario.founder.savings = 1e7;
        for seed in 0..5 {
            assert_counts_hold(Simulation::new(&scenario, Swinging, seed).unwrap());
            for strategy in BuiltinStrategy::ALL {
                let s = strategy.build(&scenario.strategy.rule);
                assert_counts_hold(Simulation::new(&scenario, s, seed).unwrap());
            }
        }
    }
}
