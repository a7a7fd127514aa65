//! Finance (MODEL.md §7): the loan's annuity, the month's costs by category, and the ledger
//! that closes each month (cash, profit, break-even, bankruptcy).

use crate::math::pow;
use crate::record::{ClosureReason, Costs, SalesFunnel};
use crate::scenario::{FinanceParams, Scenario};
use crate::workforce::{Workforce, WorkforceMonth};

/// The loan taken at founding, repaid as an annuity over its term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Loan {
    balance: f64,
    payment: f64,
}

impl Loan {
    /// The loan at founding.
    pub fn new(finance: &FinanceParams) -> Self {
        Loan {
            balance: finance.loan_amount,
            payment: annuity(
                finance.loan_amount,
                finance.loan_annual_rate / 12.0,
                finance.loan_term_months,
            ),
        }
    }

    /// Interest and principal due in month index `month`; the last payment clears any
    /// rounding left in the balance.
    pub fn month(&mut self, finance: &FinanceParams, month: u32) -> (f64, f64) {
        if month >= finance.loan_term_months || self.balance <= 0.0 {
            return (0.0, 0.0);
        }
        let interest = self.balance * finance.loan_annual_rate / 12.0;
        let principal = if month + 1 == finance.loan_term_months {
            self.balance
        } else {
            (self.payment - interest).min(self.balance)
        };
        self.balance -= principal;
        (interest, principal)
    }
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

/// Costs decided before the month's work: what the strategy chose to spend, and what the
/// certification project, consultant, loan and severance cost this month.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Commitments {
    pub marketing: f64,
    pub severance: f64,
    pub certification: f64,
    pub consultant: f64,
    pub loan_interest: f64,
    pub loan_principal: f64,
    /// AI licence per seat this month: `ai.licence_per_seat` in a month the firm uses AI,
    /// else 0 (section 5.7).
    pub ai_licence_per_seat: f64,
}

/// The month's cash outflows (§7), paid for everyone employed after hiring and layoffs
/// (quitters of this month included). The founder draws the month's operating profit (revenue
/// minus every other expense), at least 0 and at most `founder_draw` times the month's wage index.
pub(crate) fn month_costs(
    scenario: &Scenario,
    workforce: &Workforce,
    staffing: &WorkforceMonth,
    committed: &Commitments,
    cash_start: f64,
    revenue: f64,
) -> Costs {
    let f = &scenario.finance;
    let w = &scenario.workforce;
    let seats = f64::from(workforce.headcount()) + w.seat_share_founder;
    let mut costs = Costs {
        payroll: workforce.payroll(),
        training: w.training.training_cost * f64::from(staffing.trainees),
        seats: f.seat_cost * seats,
        it: f.it_cost_per_seat * seats + f.it_fixed,
        marketing: committed.marketing,
        hiring: w.hiring.screening_cost * f64::from(staffing.candidates_screened)
            + w.hiring.recruiting_fee * f64::from(staffing.hires),
        severance: committed.severance,
        certification: committed.certification,
        consultant: committed.consultant,
        founder_draw: 0.0,
        loan_interest: committed.loan_interest,
        loan_principal: committed.loan_principal,
        credit_interest: (-cash_start).max(0.0) * f.credit_annual_rate / 12.0,
    };
    // Operating profit: revenue less every other expense, loan and credit interest included.
    // The target pay follows market pay, as the outside pay it is compared with does (§7.3):
    // a nominal cap would make every long-lived founder dissatisfied in the end.
    let target_pay = f.founder_draw * workforce.wage_index();
    // AI licences are IT, per seat (section 5.7); added only in a month the firm uses AI, so
    // every other month's IT cost keeps its bits.
    if committed.ai_licence_per_seat > 0.0 {
        costs.it += committed.ai_licence_per_seat * seats;
    }
    costs.founder_draw = (revenue - costs.expenses_before_draw()).clamp(0.0, target_pay);
    costs
}

/// Running totals of a run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Totals {
    pub revenue: f64,
    pub profit: f64,
    pub peak_headcount: u32,
    pub break_even_month: Option<u32>,
    pub bankrupt_month: Option<u32>,
    /// Month and reason the founder closed the firm.
    pub closed: Option<(u32, ClosureReason)>,
    pub errors_escaped: u64,
    pub founder_income: f64,
    /// How far sales got: what a run that earned nothing is diagnosed by.
    pub sales: SalesFunnel,
    /// What the firm did, month by month.
    pub conduct: crate::record::RunConduct,
}

/// The ledger after one month.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Closing {
    pub cash: f64,
    pub profit: f64,
    pub bankrupt: bool,
    /// The founder closed the (solvent) firm this month, and why.
    pub closed: Option<ClosureReason>,
}

impl Totals {
    /// Closes month `month` (from 1): `cash' = cash + revenue − costs.total()`,
    /// `profit = (revenue − costs.expenses_before_draw()) − costs.founder_draw`; totals, break-even (the start of the current
    /// stretch of cumulative profit ≥ 0, if any), peak headcount (staff
    /// employed this month, after hiring and layoffs, before quits); bankrupt when cash ends
    /// below `−credit_line`.
    #[allow(clippy::too_many_arguments)]
    pub fn close_month(
        &mut self,
        finance: &FinanceParams,
        month: u32,
        cash_start: f64,
        revenue: f64,
        costs: &Costs,
        errors_escaped: u32,
        employed: u32,
    ) -> Closing {
        // Exactly 0 when the founder drew the whole operating profit (see `Costs::profit`).
        let profit = costs.profit(revenue);
        let cash = cash_start + revenue - costs.total();
        let bankrupt = cash < -finance.credit_line;
        self.revenue += revenue;
        self.profit += profit;
        self.errors_escaped += u64::from(errors_escaped);
        self.founder_income += costs.founder_draw;
        // Break-even for good: the first month of the stretch of cumulative profit ≥ 0 that
        // lasts to the run's end. A later month in loss clears it: a founder who drew the
        // first month's operating profit (profit 0, cumulative 0) and then hired at a loss
        // has not broken even in month 1 (MODEL.md §7, "Break-even").
        if self.profit < 0.0 {
            self.break_even_month = None;
        } else if self.break_even_month.is_none() {
            self.break_even_month = Some(month);
        }
        self.peak_headcount = self.peak_headcount.max(employed);
        if bankrupt {
            self.bankrupt_month = Some(month);
        }
        Closing {
            cash,
            profit,
            bankrupt,
            closed: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    /// A first month at exactly 0 (the founder drew its whole operating profit), losses while
    /// hiring, then profits: the firm broke even when the losses were made good, not in month
    /// 1; and a later loss undoes it again.
    #[test]
    fn break_even_is_the_start_of_the_last_stretch_without_cumulative_loss() {
        let finance = Scenario::default().finance;
        let mut totals = Totals::default();
        let mut close = |month: u32, revenue: f64, payroll: f64| {
            let costs = Costs {
                payroll,
                ..Costs::default()
            };
            totals.close_month(&finance, month, 1e6, revenue, &costs, 0, 0);
            totals.break_even_month
        };
        assert_eq!(close(1, 100.0, 100.0), Some(1), "cumulative 0: even so far");
        assert_eq!(close(2, 100.0, 150.0), None, "cumulative −50: undone");
        assert_eq!(close(3, 100.0, 80.0), None, "cumulative −30");
        assert_eq!(close(4, 100.0, 60.0), Some(4), "cumulative +10");
        assert_eq!(
            close(5, 100.0, 90.0),
            Some(4),
            "cumulative +20: still from month 4"
        );
        assert_eq!(close(6, 100.0, 130.0), None, "cumulative −10: undone again");
    }
}
