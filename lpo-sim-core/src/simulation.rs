//! The firm simulation: [`Simulation`] steps one founder's firm month by month.

use crate::automation::{self, AiMonth};
use crate::certification::Certification;
use crate::clients::{Book, Churned, Client, ClientsMonth, Lead, draw_lead};
use crate::consultant::consultant_month;
use crate::delivery::{Delivery, Served, qa_catch_rate, serve_clients};
use crate::error::SimError;
use crate::finance::{Closing, Commitments, Loan, Totals, month_costs};
use crate::line::{PerLine, ServiceLine};
use crate::math::{ExpMemo, exp, unit};
use crate::record::{ClosureReason, Costs, MonthRecord, NoObserver, Observer, RunOutcome};
use crate::rng::{Process, Streams};
use crate::scenario::{ClientParams, ClosureParams, FounderProfile, Scenario};
use crate::strategy::{Decisions, Observation, Strategy};
use crate::trust::{TrustSignals, perceived_trust};
use crate::workforce::{Load, Staffed, Workforce, WorkforceMonth};
use rand::RngExt;

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
    certification: Certification,
    /// The founder's draws of the last months, for the closure decision.
    income: IncomeHistory,
    /// Log of the demand cycle.
    market_log: f64,
    /// The firm's reach: its leads' multiplier, drawn at founding.
    reach: f64,
    /// The firm's process efficiency: its associates' output multiplier, drawn at founding,
    /// drifting after (§4.3) and never observed by the strategy.
    efficiency: f64,
    /// The staff the founder wants at most, drawn at founding (section 10.1).
    desired_staff: u32,
    /// The founder's own monthly chance of leaving (§7.3), drawn at founding.
    exit_hazard: f64,
    /// The economy is in recession (section 5.6).
    in_recession: bool,
    /// Clients' price index this month, `W_t^price_indexation` (section 7), as a running
    /// product of `price_step`.
    price_index: f64,
    price_step: f64,
    loan: Loan,
    /// QA's catch-rate exponential for the last QA share.
    qa_catch: ExpMemo,
    /// Automation in the month about to be simulated (section 5.7; [`AiMonth::OFF`] while
    /// automation is off).
    ai: AiMonth,
    /// Months the firm has used AI without a break, up to the last one.
    ai_months: u32,
}

/// What the next observation needs from the month just simulated.
#[derive(Debug, Clone, Copy, Default)]
struct LastMonth {
    revenue: f64,
    costs: f64,
    capacity_hours: PerLine<f64>,
    demand_hours: PerLine<f64>,
    errors_escaped: u32,
    trainees: u32,
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
        checked.validate()?;
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

    /// Random numbers (64-bit words) drawn so far by every process together: what a
    /// benchmark compares the cost of a month with. Read from the streams' positions, so it
    /// costs nothing while the model runs.
    pub fn random_words_drawn(&self) -> u64 {
        self.firm.streams.words_drawn()
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
            closed_month: self.firm.totals.closed.map(|(month, _)| month),
            closure_reason: self.firm.totals.closed.map(|(_, reason)| reason),
            founder_income: self.firm.totals.founder_income,
            sales: self.firm.totals.sales,
            conduct: self.firm.totals.conduct,
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
    /// [`SimError::InvalidDecision`] when the strategy decides something out of range;
    /// [`SimError::WorkLimit`] when the firm holds more than [`MAX_ENTITIES`] staff, pending
    /// hires and clients (the run ends there).
    pub fn step(&mut self) -> Result<Option<MonthRecord>, SimError> {
        if self.firm.ended {
            return Ok(None);
        }
        let decisions = self.decide()?;
        let record = self.firm.advance(decisions);
        self.after_month(record).map(Some)
    }

    /// The strategy's decisions for the coming month, checked.
    fn decide(&mut self) -> Result<Decisions, SimError> {
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
        Ok(decisions)
    }

    /// The founder's conduct and the work limit after a month.
    fn after_month(&mut self, record: MonthRecord) -> Result<MonthRecord, SimError> {
        // The month's outside pay, as the closure rule compares it (the wage index moves at
        // the start of the next month).
        let outside_pay = self.firm.founder.outside_pay * self.firm.workforce.wage_index();
        self.firm.totals.conduct.observe(&record, outside_pay);
        let entities = self.firm.entities();
        if entities > MAX_ENTITIES {
            self.firm.ended = true;
            return Err(SimError::WorkLimit {
                month: record.month,
                entities,
                limit: MAX_ENTITIES,
            });
        }
        Ok(record)
    }
}

/// The steps of a month in a market (MODEL.md §5.8): the market runs every firm's first
/// steps, then the month's sales of all firms together, then every firm's remaining steps.
/// A firm alone runs exactly these steps in [`Simulation::step`], with its own economy.
impl<S: Strategy> Simulation<S> {
    /// The strategy decides and steps 1–9 (but the economy) run; `None` once the run has
    /// ended.
    pub(crate) fn begin_market_month(&mut self) -> Result<Option<Begun>, SimError> {
        if self.firm.ended {
            return Ok(None);
        }
        let decisions = self.decide()?;
        Ok(Some(self.firm.begin(&decisions)))
    }

    /// This month's leads (§5.1) with the economy's `recession` factor on the firm's reach
    /// and `in_market` clients in the whole market at the start of the month.
    pub(crate) fn market_lead_count(&mut self, recession: f64, in_market: usize) -> u32 {
        let f = &mut self.firm;
        f.book.lead_count(
            &f.scenario.clients,
            &f.founder,
            f.decisions.marketing,
            f.reach * recession,
            in_market,
            &mut f.streams,
        )
    }

    /// Each line's conversion chance this month (§5.3).
    pub(crate) fn market_chances(&mut self, begun: &Begun) -> PerLine<f64> {
        let f = &mut self.firm;
        f.book.chances(
            &f.scenario,
            &f.founder,
            &f.decisions,
            &begun.ai.rate,
            begun.perceived,
        )
    }

    /// One lead's draws from the firm's own streams.
    pub(crate) fn market_draw_lead(&mut self, cumulative: &[f64; ServiceLine::COUNT]) -> Lead {
        draw_lead(&self.firm.scenario, cumulative, &mut self.firm.streams)
    }

    /// Signs a prospect for `line` with volume uniform `volume`, trusting the firm `trust`.
    pub(crate) fn market_sign(&mut self, line: ServiceLine, volume: f64, trust: f64) {
        self.firm
            .book
            .sign(&self.firm.scenario, line, volume, trust);
    }

    /// A client of `full_hours` switching from a rival joins as a pilot.
    pub(crate) fn market_join(&mut self, line: ServiceLine, full_hours: f64, trust: f64) {
        self.firm
            .book
            .join(&self.firm.scenario, line, full_hours, trust);
    }

    /// Steps 11–20 with the economy's month and the sales the market made; `on_leave` sees
    /// each client who leaves.
    pub(crate) fn finish_market_month(
        &mut self,
        begun: Begun,
        in_recession: bool,
        market: f64,
        sales: ClientsMonth,
        on_leave: impl FnMut(&Client),
    ) -> Result<MonthRecord, SimError> {
        self.firm.in_recession = in_recession;
        let decisions = self.firm.decisions;
        let record = self.firm.finish(begun, &decisions, market, sales, on_leave);
        self.after_month(record)
    }
}

/// Most staff, pending hires and clients one firm may hold at a month end. It bounds the
/// work (and memory) of one run: far above any LPO start-up, low enough that a mistaken
/// market size or target cannot stall a study.
pub const MAX_ENTITIES: u64 = 100_000;

impl Firm {
    /// A firm at founding; `scenario.founder` is the founder.
    fn new(scenario: Scenario, seed: u64) -> Self {
        let founder = scenario.founder;
        let mut streams = Streams::new(seed);
        let reach = reach_at_founding(&scenario.clients, &mut streams);
        let efficiency = efficiency_at_founding(&scenario.workforce, &mut streams);
        let desired_staff = desired_staff_at_founding(&scenario.workforce, &mut streams);
        let exit_hazard = exit_hazard_at_founding(&scenario.closure, &mut streams);
        Firm {
            founder,
            streams,
            seed,
            month: 0,
            ended: false,
            cash: founder.savings + scenario.finance.loan_amount,
            workforce: Workforce::new(),
            book: Book::new(),
            decisions: Decisions::initial(&scenario),
            last: LastMonth::default(),
            totals: Totals::default(),
            certification: Certification::default(),
            income: IncomeHistory::new(scenario.closure.income_window_months),
            market_log: 0.0,
            reach,
            efficiency,
            desired_staff,
            exit_hazard,
            in_recession: false,
            price_index: 1.0,
            price_step: monthly_price_step(&scenario),
            loan: Loan::new(&scenario.finance),
            qa_catch: ExpMemo::EMPTY,
            ai: AiMonth::of(&scenario.ai, 0),
            ai_months: 0,
            scenario,
        }
    }

    /// Staff, pending hires and clients now.
    fn entities(&self) -> u64 {
        let pending =
            self.workforce.pending_associates().total() + self.workforce.pending_trainers();
        u64::from(self.workforce.headcount()) + u64::from(pending) + self.book.len() as u64
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
            trainees: self.last.trainees,
            trainers: self.workforce.trainers(),
            pending_trainers: self.workforce.pending_trainers(),
            capacity_hours: self.last.capacity_hours,
            demand_hours: self.last.demand_hours,
            clients: self.book.per_line(),
            mean_trust: self.book.mean_trust(),
            errors_escaped: self.last.errors_escaped,
            certified: self.certification.certified(),
            consultant_engaged: self.decisions.consultant,
            automatable: self.ai.share,
            market_rate: self.ai.rate,
            ai_months: self.ai_months,
            desired_staff: self.desired_staff,
        }
    }

    /// Simulates one month under `decisions` (already validated), in the order of MODEL.md
    /// §1.3; each step is in the module of its MODEL.md section.
    fn advance(&mut self, decisions: Decisions) -> MonthRecord {
        let begun = self.begin(&decisions);
        let c = &self.scenario.clients;
        let u: f64 = self.streams.rng(Process::Cycle).random();
        self.in_recession = next_regime(c, self.month, self.in_recession, u);
        let recession = recession_factor(c, self.in_recession);
        let sales = self.book.acquire(
            &self.scenario,
            &self.founder,
            &decisions,
            &begun.ai.rate,
            begun.perceived,
            self.reach * recession,
            &mut self.streams,
        );
        let z = crate::sample::standard_normal(self.streams.rng(Process::Market));
        let market;
        (self.market_log, market) = demand_cycle(c, self.month, self.market_log, z, recession);
        self.finish(begun, &decisions, market, sales, |_| {})
    }

    /// Steps 1–9 of §1.3 but the economy: certification, decisions, consultant, staffing and
    /// production, perceived trustworthiness (section 5.2).
    fn begin(&mut self, decisions: &Decisions) -> Begun {
        let ai = self.ai;
        let adopting = self.scenario.ai.enabled && decisions.ai_adopted;
        let opening = self.open_month(decisions);
        let mut staffed = self.staff_month(decisions);
        self.efficiency =
            drifted_efficiency(&self.scenario.workforce, self.efficiency, &mut self.streams);
        staffed.production.scale_output(self.efficiency);
        if adopting {
            let p = &self.scenario.ai;
            let learned = automation::learned(p, self.ai_months);
            let gain = ai.share.map(|_, a| automation::output_gain(p, a, learned));
            staffed.production.scale_lines(&gain);
        }
        let signals = TrustSignals {
            certified: self.certification.certified(),
            firm_age_months: self.month,
            mean_client_trust: self.book.mean_trust(),
        };
        let perceived = perceived_trust(&self.scenario.clients, &self.founder, &signals);
        Begun {
            ai,
            adopting,
            opening,
            staffed,
            perceived,
        }
    }

    /// Steps 11–20 of §1.3, after the month's sales, with the demand cycle `market` (times
    /// the recession factor); `on_leave` sees each client who leaves (step 14).
    fn finish(
        &mut self,
        begun: Begun,
        decisions: &Decisions,
        market: f64,
        sales: ClientsMonth,
        on_leave: impl FnMut(&Client),
    ) -> MonthRecord {
        let Begun {
            ai,
            adopting,
            opening,
            mut staffed,
            perceived,
        } = begun;
        self.totals.sales.add(&sales);
        // The hours clients still buy: the demand cycle times `1 − insource · a` per line
        // (exactly the cycle without automation).
        let bought = ai.bought.map(|_, keep| market * keep);
        let mut delivery = Delivery::plan(
            &self.scenario,
            &self.founder,
            &staffed.production,
            decisions.qa_share,
            qa_catch_rate(&self.scenario, decisions.qa_share, &mut self.qa_catch),
            self.book.demand_hours(&bought),
        );
        if adopting {
            let p = &self.scenario.ai;
            delivery.error_rate = delivery
                .error_rate
                .map(|line, e| unit(e * automation::error_factor(p, ai.share[line])));
        }
        if self.month > 0 {
            self.price_index *= self.price_step;
        }
        let prices = decisions.prices.map(|_, p| p * self.price_index);
        let [errors_rng, churn_rng] = self.streams.rngs([Process::Errors, Process::Churn]);
        let (served, churned) = serve_clients(
            &mut self.book,
            &self.scenario,
            &prices,
            &bought,
            &delivery,
            errors_rng,
            churn_rng,
            on_leave,
        );
        let mut committed = opening.commitments(decisions.marketing, staffed.severance);
        if adopting {
            committed.ai_licence_per_seat = self.scenario.ai.licence_per_seat;
        }
        let costs = month_costs(
            &self.scenario,
            &self.workforce,
            &staffed.record,
            &committed,
            opening.cash_start,
            served.revenue,
        );
        let employed = self.workforce.headcount();
        let associates = self.workforce.associates().total();
        self.end_staff_month(decisions, &delivery, &mut staffed.record);
        let closing = self.close_month(opening.cash_start, &served, &costs, employed);
        self.ai_months = if adopting {
            self.ai_months.saturating_add(1)
        } else {
            0
        };
        if self.scenario.ai.enabled {
            self.ai = AiMonth::of(&self.scenario.ai, self.month);
        }
        self.keep_for_next_month(&served, &costs, &delivery, &staffed.record);
        self.record(&MonthParts {
            cash_start: opening.cash_start,
            associates,
            market,
            recession: self.in_recession,
            perceived,
            costs,
            closing,
            staffing: staffed.record,
            sales,
            churned,
            delivery,
            served,
        })
    }

    /// Steps 4–8 of §1.3 (section 4): arrivals, hiring and layoffs, pay, training, production.
    fn staff_month(&mut self, decisions: &Decisions) -> Staffed {
        self.workforce.start_month(
            &self.scenario,
            decisions,
            self.month,
            self.streams.rng(Process::Hiring),
        )
    }

    /// Steps 16–17 of §1.3 (section 4.5): quits under this month's load, then skill growth.
    fn end_staff_month(
        &mut self,
        decisions: &Decisions,
        delivery: &Delivery,
        record: &mut WorkforceMonth,
    ) {
        let w = &self.scenario.workforce;
        let load = Load::of(
            &delivery.demand,
            &delivery.staff_capacity,
            self.workforce.trainers(),
            record.trainees,
            w.training.trainees_per_trainer,
        );
        self.workforce.end_month(
            w,
            decisions.pay_level,
            &load,
            self.streams.rng(Process::Attrition),
            record,
        );
    }

    /// Steps 1–3 of §1.3: certification, the decisions, the consultant (who teaches the
    /// founder); also the loan's interest and principal and the cash at the start of the month.
    fn open_month(&mut self, decisions: &Decisions) -> Opening {
        let s = &self.scenario;
        let certification = self
            .certification
            .month(&s.finance.certification, decisions.certify);
        let (loan_interest, loan_principal) = self.loan.month(&s.finance, self.month);
        self.decisions = *decisions;
        Opening {
            cash_start: self.cash,
            certification,
            consultant: consultant_month(s, &mut self.founder, decisions.consultant),
            loan_interest,
            loan_principal,
        }
    }

    /// Steps 18–19 of §1.3: the ledger, totals and bankruptcy (section 7); then, for a
    /// solvent firm, the founder's choice to close it (section 7.3; Closure stream); the end
    /// of the run.
    fn close_month(
        &mut self,
        cash_start: f64,
        served: &Served,
        costs: &Costs,
        employed: u32,
    ) -> Closing {
        let s = &self.scenario;
        let escaped = served.errors_escaped();
        let month = self.month + 1;
        let mut closing = self.totals.close_month(
            &s.finance,
            month,
            cash_start,
            served.revenue,
            costs,
            escaped,
            employed,
        );
        self.income
            .push(costs.founder_draw, closing.cash - cash_start);
        let u: f64 = self.streams.rng(Process::Closure).random();
        if !closing.bankrupt {
            // The month's wage index, worked out at its start.
            let outside = self.founder.outside_pay * self.workforce.wage_index();
            closing.closed = closure(
                &s.closure,
                self.exit_hazard,
                outside,
                &self.income,
                closing.cash,
                month,
                u,
            );
            if let Some(reason) = closing.closed {
                self.totals.closed = Some((month, reason));
            }
        }
        self.cash = closing.cash;
        self.month = month;
        self.ended = closing.bankrupt || closing.closed.is_some() || self.month >= s.horizon_months;
        closing
    }

    /// What the next observation needs from this month.
    fn keep_for_next_month(
        &mut self,
        served: &Served,
        costs: &Costs,
        delivery: &Delivery,
        staffing: &WorkforceMonth,
    ) {
        self.last = LastMonth {
            revenue: served.revenue,
            costs: costs.total(),
            capacity_hours: delivery.staff_capacity,
            demand_hours: delivery.demand,
            errors_escaped: served.errors_escaped(),
            trainees: staffing.trainees,
        };
    }

    /// The month's record from its parts and the firm as it stands at month end.
    fn record(&self, m: &MonthParts) -> MonthRecord {
        let d = &m.delivery;
        let total_demand = d.demand.sum();
        let total_delivered = d.delivered.sum();
        // Production associates: everyone on a line, less the hours new hires spent in class.
        let paid_hours = f64::from(m.associates) * self.scenario.workforce.hours_per_month
            - m.staffing.classroom_hours;
        MonthRecord {
            month: self.month,
            cash_start: m.cash_start,
            cash: m.closing.cash,
            revenue: m.served.revenue,
            costs: m.costs,
            profit: m.closing.profit,
            associates: self.workforce.associates(),
            trainers: self.workforce.trainers(),
            hires: m.staffing.hires,
            arrivals: m.staffing.arrivals,
            layoffs: m.staffing.layoffs,
            quits: m.staffing.quits,
            trainees: m.staffing.trainees,
            training_strength: m.staffing.training_strength,
            leads: m.sales.leads,
            clients_won: m.sales.won,
            clients_lost: m.churned.lost,
            contract_clients: m.churned.contract_clients,
            contract_clients_lost: m.churned.contract_lost,
            clients: self.book.per_line(),
            mean_trust: self.book.mean_trust(),
            perceived_trust: m.perceived,
            demand_hours: d.demand,
            capacity_hours: d.staff_capacity,
            founder_hours: d.founder,
            cover_hours: d.cover,
            delivered_hours: d.delivered,
            utilisation: if paid_hours > 0.0 {
                d.billable_hours / paid_hours
            } else {
                0.0
            },
            // `max` absorbs rounding in sums of the same hours taken in other orders.
            late_share: if total_demand > 0.0 {
                (1.0 - total_delivered / total_demand).max(0.0)
            } else {
                0.0
            },
            billable_hours: d.billable_hours,
            paid_hours,
            market: m.market,
            recession: m.recession,
            qa_hours: d.qa_hours,
            classroom_hours: m.staffing.classroom_hours,
            trainer_training_hours: m.staffing.trainer_training_hours,
            training_spend: m.staffing.training_spend,
            ramped_up: m.staffing.ramped_up,
            ramp_months: m.staffing.ramp_months,
            errors_made: m.served.errors_made,
            errors_caught: m.served.errors_caught,
            errors_escaped: m.served.errors_escaped(),
            certified: self.certification.certified(),
            consultant_engaged: self.decisions.consultant,
            bankrupt: m.closing.bankrupt,
            closed: m.closing.closed.is_some(),
            closure_reason: m.closing.closed,
        }
    }
}

/// Step 9 of §1.3 (section 5.6): the economy's regime in month index `month`, from one Cycle
/// uniform `u`. At founding it is in recession with the stationary chance
/// `start / (start + end)`; after that an expansion turns into a recession with chance
/// `recession_start_monthly` and a recession ends with chance `recession_end_monthly`.
pub(crate) fn next_regime(c: &ClientParams, month: u32, in_recession: bool, u: f64) -> bool {
    if month == 0 {
        let share =
            c.recession_start_monthly / (c.recession_start_monthly + c.recession_end_monthly);
        u < share
    } else if in_recession {
        u >= c.recession_end_monthly
    } else {
        u < c.recession_start_monthly
    }
}

/// The factor on clients' volumes and leads: `recession_demand` in a recession, else 1.
pub(crate) fn recession_factor(c: &ClientParams, in_recession: bool) -> f64 {
    if in_recession {
        c.recession_demand
    } else {
        1.0
    }
}

/// Step 11 of §1.3 (section 5.6): the demand cycle. Its log follows
/// `x ← persistence · x + volatility · z` (`z` the Market stream's normal; drawn from the
/// stationary distribution in month index 0); clients demand `exp(x − v/2)` times their hours,
/// `v` the stationary variance, so the multiplier averages 1; in a recession, `recession`
/// times that. Returns the new log and the multiplier.
pub(crate) fn demand_cycle(
    c: &ClientParams,
    month: u32,
    log: f64,
    z: f64,
    recession: f64,
) -> (f64, f64) {
    let variance = c.demand_volatility * c.demand_volatility
        / (1.0 - c.demand_persistence * c.demand_persistence);
    let log = if month == 0 {
        variance.sqrt() * z
    } else {
        c.demand_persistence * log + c.demand_volatility * z
    };
    (log, exp(log - variance / 2.0) * recession)
}

/// The firm's reach (§5.1): `exp(σ z − σ²/2)`, σ = `reach_dispersion`, from one normal of the
/// Market stream's first draw, at founding (before month 1's demand cycle).
fn reach_at_founding(c: &ClientParams, streams: &mut Streams) -> f64 {
    let z = crate::sample::standard_normal(streams.rng(Process::Market));
    let s = c.reach_dispersion;
    exp(s * z - s * s / 2.0)
}

/// The monthly step of clients' price index (§7): `(1 + pay_growth)^(price_indexation / 12)`,
/// so that month `t`'s index is `W_t^price_indexation` up to rounding; exactly 1 when either is
/// 0.
fn monthly_price_step(scenario: &Scenario) -> f64 {
    let k = scenario.finance.price_indexation;
    if k == 0.0 {
        return 1.0;
    }
    crate::math::pow(1.0 + scenario.workforce.pay_growth, k / 12.0)
}

/// The firm's process efficiency (§4.3): `exp(σ z − σ²/2)`, σ = `efficiency_dispersion`, from
/// the Market stream's second normal at founding (after the reach, before month 1's demand
/// cycle); drawn whatever σ, so that σ moves no other draw.
fn efficiency_at_founding(w: &crate::scenario::WorkforceParams, streams: &mut Streams) -> f64 {
    let z = crate::sample::standard_normal(streams.rng(Process::Market));
    let s = w.efficiency_dispersion;
    exp(s * z - s * s / 2.0)
}

/// The founder's own monthly exit chance (§7.3): `min(1, h · exp(σ z − σ²/2))`, h =
/// `exit_hazard_monthly`, σ = `exit_hazard_dispersion`, from the Ambition stream's second normal
/// at founding (after the wanted size); drawn whatever σ. With σ = 0 it is exactly `h`.
fn exit_hazard_at_founding(c: &ClosureParams, streams: &mut Streams) -> f64 {
    let z = crate::sample::standard_normal(streams.rng(Process::Ambition));
    let s = c.exit_hazard_dispersion;
    (c.exit_hazard_monthly * exp(s * z - s * s / 2.0)).min(1.0)
}

/// This month's process efficiency (§4.3): last month's times `exp(s z − s²/2)`, `s` =
/// `efficiency_volatility / √12`, `z` the Drift stream's next normal. Nothing is drawn when the
/// volatility is 0 (the stream is the drift's alone, so no other draw moves).
fn drifted_efficiency(
    w: &crate::scenario::WorkforceParams,
    efficiency: f64,
    streams: &mut Streams,
) -> f64 {
    if w.efficiency_volatility == 0.0 {
        return efficiency;
    }
    let s = w.efficiency_volatility / 12f64.sqrt();
    let z = crate::sample::standard_normal(streams.rng(Process::Drift));
    efficiency * exp(s * z - s * s / 2.0)
}

/// The staff the founder wants at most (§10.1): `max(1, round(m · exp(σ z)))`, m =
/// `desired_staff_median`, σ = `desired_staff_dispersion`, from the Ambition stream's first
/// normal at founding; drawn whatever σ.
fn desired_staff_at_founding(w: &crate::scenario::WorkforceParams, streams: &mut Streams) -> u32 {
    let z = crate::sample::standard_normal(streams.rng(Process::Ambition));
    let wanted = w.desired_staff_median * exp(w.desired_staff_dispersion * z);
    wanted.round().clamp(1.0, f64::from(Decisions::MAX_STAFF)) as u32
}

/// A month after its first steps (§1.3 steps 1–9 but the economy), waiting for its sales.
pub(crate) struct Begun {
    ai: AiMonth,
    adopting: bool,
    opening: Opening,
    staffed: Staffed,
    /// Perceived trustworthiness `T_p` this month (§5.2).
    pub perceived: f64,
}

impl Begun {
    /// The market rate's share of the billing rate on each line this month (§5.7).
    pub fn market_rate(&self) -> &PerLine<f64> {
        &self.ai.rate
    }
}

/// What the month's first steps settle: cash at the start and the costs already committed.
struct Opening {
    cash_start: f64,
    certification: f64,
    consultant: f64,
    loan_interest: f64,
    loan_principal: f64,
}

impl Opening {
    fn commitments(&self, marketing: f64, severance: f64) -> Commitments {
        Commitments {
            marketing,
            severance,
            certification: self.certification,
            consultant: self.consultant,
            loan_interest: self.loan_interest,
            loan_principal: self.loan_principal,
            ai_licence_per_seat: 0.0,
        }
    }
}

/// The pieces of one month that its record reports.
struct MonthParts {
    cash_start: f64,
    /// Associates employed this month (after hiring and layoffs, before quits).
    associates: u32,
    /// The demand cycle's multiplier.
    market: f64,
    recession: bool,
    perceived: f64,
    costs: Costs,
    closing: Closing,
    staffing: WorkforceMonth,
    sales: ClientsMonth,
    churned: Churned,
    delivery: Delivery,
    served: Served,
}

/// The founder's income from the firm, and the firm's net cash flow, over the last `window`
/// months (fewer at first).
#[derive(Debug, Clone)]
struct IncomeHistory {
    /// Ring of the last `window` draws; `len` of them filled.
    draws: Vec<f64>,
    /// The same months' net cash flows (`cash' − cash at the month's start`).
    flows: Vec<f64>,
    next: usize,
    len: usize,
}

impl IncomeHistory {
    fn new(window: u32) -> Self {
        IncomeHistory {
            draws: vec![0.0; window.max(1) as usize],
            flows: vec![0.0; window.max(1) as usize],
            next: 0,
            len: 0,
        }
    }

    fn push(&mut self, draw: f64, flow: f64) {
        self.draws[self.next] = draw;
        self.flows[self.next] = flow;
        self.next = (self.next + 1) % self.draws.len();
        self.len = (self.len + 1).min(self.draws.len());
    }

    /// Mean of the draws kept, oldest first (a fixed order, so the same bits every run).
    fn mean(&self) -> f64 {
        Self::mean_of(&self.draws, self.next, self.len)
    }

    /// Mean of the net cash flows kept, oldest first.
    fn mean_flow(&self) -> f64 {
        Self::mean_of(&self.flows, self.next, self.len)
    }

    fn mean_of(ring: &[f64], next: usize, len: usize) -> f64 {
        if len == 0 {
            return 0.0;
        }
        let n = ring.len();
        let oldest = (next + n - len) % n;
        // Oldest to the end of the ring, then from its start: no division per element.
        let (tail, head) = if oldest + len <= n {
            (&ring[oldest..oldest + len], &ring[..0])
        } else {
            (&ring[oldest..], &ring[..oldest + len - n])
        };
        let sum = tail.iter().chain(head).fold(0.0, |sum, x| sum + x);
        sum / len as f64
    }
}

/// Whether the founder closes a solvent firm this month (§7.3), with the month's Closure
/// uniform `u`: for another reason (a sale, retirement, a better job) when
/// `u < exit_hazard` (the founder's own, drawn at founding); else, from `grace_months` on,
/// because the cash is running out when the firm lost money on average over the window and
/// `cash` would last fewer than `runway_months` months at that loss; else, while the mean income over the window is below
/// `income_share` times the outside pay (grown with market pay), out of dissatisfaction when
/// `u < 1 − (1 − exit_hazard)(1 − hazard_monthly)`.
fn closure(
    c: &ClosureParams,
    exit_hazard: f64,
    outside_pay: f64,
    history: &IncomeHistory,
    cash: f64,
    month: u32,
    u: f64,
) -> Option<ClosureReason> {
    if u < exit_hazard {
        return Some(ClosureReason::Exit);
    }
    if month < c.grace_months {
        return None;
    }
    if c.runway_months > 0.0 {
        let flow = history.mean_flow();
        if flow < 0.0 && cash < c.runway_months * -flow {
            return Some(ClosureReason::CashRunningOut);
        }
    }
    let dissatisfied = history.mean() < c.income_share * outside_pay;
    let choice = if dissatisfied { c.hazard_monthly } else { 0.0 };
    (u < 1.0 - (1.0 - exit_hazard) * (1.0 - choice)).then_some(ClosureReason::LowIncome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::BuiltinStrategy;

    /// §4.3's drift in closed form: after `t` months from `e_0 = 1`, `ln e_t` is normal with
    /// mean `−t s²/2` and variance `t s²` (`s` = volatility / √12), so `E[e_t] = 1`.
    #[test]
    fn efficiency_drifts_as_a_mean_one_log_normal_random_walk() {
        let mut w = Scenario::default().workforce;
        w.efficiency_volatility = 0.3;
        let (firms, months) = (20_000, 24);
        let (mut sum, mut sum_log, mut sum_log2) = (0.0, 0.0, 0.0);
        for seed in 0..firms {
            let mut streams = Streams::new(seed);
            let mut e = 1.0;
            for _ in 0..months {
                e = drifted_efficiency(&w, e, &mut streams);
            }
            sum += e;
            sum_log += e.ln();
            sum_log2 += e.ln() * e.ln();
        }
        let n = firms as f64;
        let var_log = 0.3 * 0.3 * months as f64 / 12.0; // 0.18
        let mean_log = sum_log / n;
        let sample_var_log = sum_log2 / n - mean_log * mean_log;
        // SE of the mean of e: sqrt(exp(var) − 1)/√n ≈ 0.0033; of the mean log: 0.003; of the
        // variance: var·√(2/n) ≈ 0.0018. Bounds are about 4 SE.
        assert!((sum / n - 1.0).abs() < 0.014, "mean {}", sum / n);
        assert!(
            (mean_log + var_log / 2.0).abs() < 0.012,
            "mean log {mean_log}"
        );
        assert!(
            (sample_var_log - var_log).abs() < 0.008,
            "var log {sample_var_log}"
        );
    }

    /// With no volatility the Drift stream is never read, so no draw of any process moves.
    #[test]
    fn no_volatility_draws_nothing() {
        let mut w = Scenario::default().workforce;
        w.efficiency_volatility = 0.0;
        let mut streams = Streams::new(5);
        assert_eq!(drifted_efficiency(&w, 0.8, &mut streams), 0.8);
        assert_eq!(streams.words_drawn(), 0);
    }

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
