//! What a run produces: one [`MonthRecord`] per month, observers that receive them, and the
//! final [`RunOutcome`].

use crate::line::PerLine;
use serde::{Deserialize, Serialize};

/// Cash outflows of one month, by category. [`Costs::total`] is every outflow (it moves cash);
/// [`Costs::expenses`] leaves out loan principal (it sets profit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Costs {
    /// Associate and trainer pay.
    pub payroll: f64,
    /// Training of ramping associates.
    pub training: f64,
    /// Seats and office.
    pub seats: f64,
    /// IT and security.
    pub it: f64,
    /// Marketing.
    pub marketing: f64,
    /// Screening and recruiting.
    pub hiring: f64,
    /// Severance for layoffs.
    pub severance: f64,
    /// Certification project or upkeep.
    pub certification: f64,
    /// Consultant fee.
    pub consultant: f64,
    /// Founder's draw.
    pub founder_draw: f64,
    /// Loan interest.
    pub loan_interest: f64,
    /// Loan principal repaid: a cash outflow but not an expense.
    pub loan_principal: f64,
    /// Interest on overdraft.
    pub credit_interest: f64,
}

impl Costs {
    /// Every category with its name, in declaration order (no allocation).
    pub fn categories(&self) -> [(&'static str, f64); 13] {
        [
            ("payroll", self.payroll),
            ("training", self.training),
            ("seats", self.seats),
            ("it", self.it),
            ("marketing", self.marketing),
            ("hiring", self.hiring),
            ("severance", self.severance),
            ("certification", self.certification),
            ("consultant", self.consultant),
            ("founder_draw", self.founder_draw),
            ("loan_interest", self.loan_interest),
            ("loan_principal", self.loan_principal),
            ("credit_interest", self.credit_interest),
        ]
    }

    /// Every cash outflow: the sum of all categories, in declaration order.
    pub fn total(&self) -> f64 {
        self.categories()
            .iter()
            .fold(0.0, |sum, (_, amount)| sum + amount)
    }

    /// Expenses: every category but loan principal, in declaration order. The month's
    /// profit is [`Costs::profit`], which equals `revenue − expenses()` up to rounding.
    pub fn expenses(&self) -> f64 {
        self.sum_without(&[Self::LOAN_PRINCIPAL])
    }

    /// Expenses other than the founder's draw: every category but the draw and loan
    /// principal, in declaration order (loan and credit interest included). The founder draws
    /// what revenue leaves over them (MODEL.md §7.2).
    pub fn expenses_before_draw(&self) -> f64 {
        self.sum_without(&[Self::FOUNDER_DRAW, Self::LOAN_PRINCIPAL])
    }

    /// The month's profit: `(revenue − expenses_before_draw()) − founder_draw`, the operating
    /// profit less what the founder drew from it. Taken in this order so that a month whose
    /// draw is its whole operating profit has a profit of exactly 0 (`x − x`), whatever the
    /// rounding of the sums. `revenue − expenses()` can miss 0 by a few ulps of the revenue:
    /// the declaration order adds the draw before loan and credit interest.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::Costs;
    /// let revenue = 100.0;
    /// let mut costs = Costs { payroll: 0.1, loan_interest: 0.1, ..Costs::default() };
    /// // The founder draws the whole operating profit.
    /// costs.founder_draw = revenue - costs.expenses_before_draw();
    /// assert_eq!(costs.profit(revenue), 0.0);
    /// assert_ne!(revenue - costs.expenses(), 0.0); // 1.4e-14
    /// ```
    pub fn profit(&self, revenue: f64) -> f64 {
        (revenue - self.expenses_before_draw()) - self.founder_draw
    }

    // Positions in `categories()`: by position, not by name, since these run every
    // firm-month.
    const FOUNDER_DRAW: usize = 9;
    const LOAN_PRINCIPAL: usize = 11;

    /// The sum of every category but those at `skipped`, in declaration order.
    fn sum_without(&self, skipped: &[usize]) -> f64 {
        self.categories()
            .iter()
            .enumerate()
            .filter(|(i, _)| !skipped.contains(i))
            .fold(0.0, |sum, (_, (_, amount))| sum + amount)
    }
}

/// Everything recorded about one month of the firm. Plain data: no heap. MODEL.md §1.5 says
/// when in the month each field is taken (month end, or after hiring and before quits).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MonthRecord {
    /// Month number, from 1.
    pub month: u32,
    /// Cash at the start of the month.
    pub cash_start: f64,
    /// Cash at the end: `cash_start + revenue - costs.total()`.
    pub cash: f64,
    /// Revenue.
    pub revenue: f64,
    /// Cash outflows by category.
    pub costs: Costs,
    /// [`Costs::profit`]: `(revenue − costs.expenses_before_draw()) − costs.founder_draw`
    /// (loan principal is not an expense); exactly 0 in a month whose draw is its whole
    /// operating profit.
    pub profit: f64,
    /// Associates per line at the end of the month.
    pub associates: PerLine<u32>,
    /// Trainers at the end of the month.
    pub trainers: u32,
    /// Hires decided this month.
    pub hires: u32,
    /// Hires who started this month.
    pub arrivals: u32,
    /// Layoffs this month.
    pub layoffs: u32,
    /// Quits this month.
    pub quits: u32,
    /// Associates still ramping up (tenure below `ramp_months`), after hiring and layoffs,
    /// before quits.
    pub trainees: u32,
    /// Training strength (trainer quality × coverage), 0..1.
    pub training_strength: f64,
    /// Leads this month.
    pub leads: u32,
    /// Clients won.
    pub clients_won: u32,
    /// Clients lost.
    pub clients_lost: u32,
    /// Clients past their pilot (under contract) before this month's exits.
    pub contract_clients: u32,
    /// Of those, how many left (early exits and non-renewals).
    pub contract_clients_lost: u32,
    /// Clients per line at the end of the month.
    pub clients: PerLine<u32>,
    /// Mean client trust at the end of the month (0 without clients).
    pub mean_trust: f64,
    /// Perceived trustworthiness to prospects this month.
    pub perceived_trust: f64,
    /// Hours demanded per line.
    pub demand_hours: PerLine<f64>,
    /// Standard hours each line's own associates could deliver, QA time included.
    pub capacity_hours: PerLine<f64>,
    /// Hours the founder delivered per line.
    pub founder_hours: PerLine<f64>,
    /// Hours delivered per line by associates of other lines with spare time.
    pub cover_hours: PerLine<f64>,
    /// Hours delivered per line.
    pub delivered_hours: PerLine<f64>,
    /// Billable utilisation: `billable_hours / paid_hours` (0 without associates).
    pub utilisation: f64,
    /// Share of demanded hours delivered late, all lines.
    pub late_share: f64,
    /// Hours associates spent producing client work (trainers' and the founder's excluded).
    pub billable_hours: f64,
    /// Hours paid to production associates: every associate employed this month (quitters
    /// included) times `workforce.hours_per_month`, less new hires' hours in class.
    pub paid_hours: f64,
    /// The demand cycle's multiplier of every client's hours (mean 1 outside recessions;
    /// `clients.recession_demand` times that in one).
    pub market: f64,
    /// The economy is in recession this month (section 5.6).
    pub recession: bool,
    /// Hours staff spent reviewing sampled output.
    pub qa_hours: f64,
    /// Paid hours trainees spent in class.
    pub classroom_hours: f64,
    /// Hours trainers spent training.
    pub trainer_training_hours: f64,
    /// Training spend: trainers' pay for their training time, the per-trainee training cost,
    /// and trainees' pay not matched by output (class time and the ramp's shortfall).
    pub training_spend: f64,
    /// Associates who reached full productivity this month.
    pub ramped_up: u32,
    /// Sum of the tenures (completed months) at which they did.
    pub ramp_months: u32,
    /// Errors made.
    pub errors_made: u32,
    /// Errors caught by QA.
    pub errors_caught: u32,
    /// Errors that reached clients.
    pub errors_escaped: u32,
    /// Certified at the end of the month.
    pub certified: bool,
    /// Consultant engaged this month.
    pub consultant_engaged: bool,
    /// Ran out of cash this month.
    pub bankrupt: bool,
    /// The founder closed the firm (solvent) at the end of this month.
    pub closed: bool,
    /// Why the founder closed it (`None` unless `closed`).
    pub closure_reason: Option<ClosureReason>,
}

impl MonthRecord {
    /// Associates plus trainers.
    pub fn headcount(&self) -> u32 {
        self.associates.total() + self.trainers
    }

    /// Clients on all lines.
    pub fn total_clients(&self) -> u32 {
        self.clients.total()
    }
}

/// Receives every month of a run. The default methods do nothing, so an unused observer
/// costs nothing.
pub trait Observer {
    /// Called after each simulated month.
    fn on_month(&mut self, record: &MonthRecord) {
        let _ = record;
    }
}

/// Observes nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoObserver;

impl Observer for NoObserver {}

/// Keeps every month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recorder {
    /// The months, in order.
    pub months: Vec<MonthRecord>,
}

impl Observer for Recorder {
    fn on_month(&mut self, record: &MonthRecord) {
        self.months.push(*record);
    }
}

impl<O: Observer + ?Sized> Observer for &mut O {
    fn on_month(&mut self, record: &MonthRecord) {
        (**self).on_month(record)
    }
}

/// The result of a run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    /// The run seed.
    pub seed: u64,
    /// Months simulated (the horizon, or the month of bankruptcy).
    pub months_run: u32,
    /// Month the firm ran out of cash, if it did.
    pub bankrupt_month: Option<u32>,
    /// Month the founder closed the solvent firm, if they did.
    pub closed_month: Option<u32>,
    /// Why the founder closed it.
    pub closure_reason: Option<ClosureReason>,
    /// Cash at the end.
    pub final_cash: f64,
    /// Revenue over the run.
    pub total_revenue: f64,
    /// Profit over the run (revenue minus expenses; loan principal excluded).
    pub total_profit: f64,
    /// Most staff employed in any month (after hiring and layoffs, before quits).
    pub peak_headcount: u32,
    /// Staff at the end.
    pub final_headcount: u32,
    /// Clients at the end.
    pub final_clients: u32,
    /// Mean client trust at the end.
    pub final_mean_trust: f64,
    /// Break-even: the month from which cumulative profit (revenue minus expenses since
    /// founding, the founder's draw included) stayed at least 0 to the end of the run; `None`
    /// when the run ended in cumulative loss.
    pub break_even_month: Option<u32>,
    /// Errors that reached clients over the run.
    pub errors_escaped: u64,
    /// What the founder drew from the firm over the run.
    pub founder_income: f64,
    /// How far sales got over the run (leads, leads for offered lines, clients won).
    #[serde(default)]
    pub sales: SalesFunnel,
    /// What the firm did (when it first hired, which lines it delivered, the consultant) and
    /// what the founder drew after the first year against their outside pay.
    #[serde(default)]
    pub conduct: RunConduct,
}

/// What a firm did over a run, for comparing the firms that stayed open with those that
/// ended (an association, not a cause: the strategy reacts to how the firm fares).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RunConduct {
    /// First month with a hire, if any.
    pub first_hire_month: Option<u32>,
    /// Lines with hours delivered in some month.
    pub lines_delivered: PerLine<bool>,
    /// Months with the consultant engaged.
    pub consultant_months: u32,
    /// Months run after the first year (13 onwards).
    pub months_after_first_year: u32,
    /// The founder's draw over those months.
    pub draw_after_first_year: f64,
    /// What the founder's outside pay (`founder.outside_pay` times the wage index) would have
    /// paid over those months: the pay given up.
    pub outside_pay_after_first_year: f64,
}

impl RunConduct {
    /// Adds a month, `outside_pay` the founder's outside pay that month.
    pub(crate) fn observe(&mut self, m: &MonthRecord, outside_pay: f64) {
        if self.first_hire_month.is_none() && m.hires > 0 {
            self.first_hire_month = Some(m.month);
        }
        for (line, hours) in m.delivered_hours.iter() {
            self.lines_delivered[line] |= *hours > 0.0;
        }
        self.consultant_months += u32::from(m.consultant_engaged);
        if m.month > 12 {
            self.months_after_first_year += 1;
            self.draw_after_first_year += m.costs.founder_draw;
            self.outside_pay_after_first_year += outside_pay;
        }
    }
}

/// How far a firm's sales got over a run: each stage counts what passed the one before.
/// A run that earned nothing stopped at one of them (see [`SalesFunnel::stall`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesFunnel {
    /// Leads that came in.
    pub leads: u64,
    /// Of those, leads for a line the firm offered that month.
    pub offered_leads: u64,
    /// Of those, leads that signed.
    pub clients_won: u64,
}

/// Where a firm's sales stopped, for a run that earned nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalesStall {
    /// No lead came in (network, marketing, market potential).
    NoLeads,
    /// Leads came in, but only for lines the strategy did not offer.
    NoLineOffered,
    /// Leads for offered lines came in, but none signed.
    NoneSigned,
    /// Clients signed, but none was served (no staff and no founder hours).
    NothingDelivered,
}

impl SalesFunnel {
    #[inline]
    pub(crate) fn add(&mut self, month: &crate::clients::ClientsMonth) {
        self.leads += u64::from(month.leads);
        self.offered_leads += u64::from(month.offered_leads);
        self.clients_won += u64::from(month.won);
    }

    /// The first stage nothing passed; [`SalesStall::NothingDelivered`] when clients were won
    /// (a run with revenue has no stall, but this does not look at revenue).
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::{SalesFunnel, SalesStall};
    /// let funnel = SalesFunnel { leads: 12, offered_leads: 0, clients_won: 0 };
    /// assert_eq!(funnel.stall(), SalesStall::NoLineOffered);
    /// ```
    pub fn stall(&self) -> SalesStall {
        if self.leads == 0 {
            SalesStall::NoLeads
        } else if self.offered_leads == 0 {
            SalesStall::NoLineOffered
        } else if self.clients_won == 0 {
            SalesStall::NoneSigned
        } else {
            SalesStall::NothingDelivered
        }
    }
}

/// Why a founder closed a solvent firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureReason {
    /// The firm paid the founder too little for too long.
    LowIncome,
    /// Another reason: a sale, retirement, a better job (a successful closure).
    Exit,
    /// The firm was losing money and its cash would soon run out: the founder closed it
    /// while it could still pay what it owed (section 7.3, `closure.runway_months`).
    CashRunningOut,
}

/// Why a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Still open at the horizon.
    Open,
    /// Ran out of cash (and credit).
    Insolvent,
    /// Closed by the founder while solvent.
    Closed,
}

impl RunOutcome {
    /// Whether the firm was still open at the horizon (neither insolvent nor closed).
    pub fn survived(&self) -> bool {
        self.end() == EndReason::Open
    }

    /// Why the run ended.
    pub fn end(&self) -> EndReason {
        match (self.bankrupt_month, self.closed_month) {
            (Some(_), _) => EndReason::Insolvent,
            (None, Some(_)) => EndReason::Closed,
            (None, None) => EndReason::Open,
        }
    }

    /// Months at whose end the firm was still open: all it ran when it lasted the horizon,
    /// else those before the month it ended.
    pub fn months_open(&self) -> u32 {
        if self.survived() {
            self.months_run
        } else {
            self.months_run.saturating_sub(1)
        }
    }
}
