//! Finance and certification (`[finance]`, MODEL.md §7 and §9).

use crate::params::declare_params;

declare_params! {
    /// Costs, loan and credit.
    #[derive(Copy)]
    pub struct FinanceParams {
        /// Per seat per month.
        seat_cost: f64 = real(300.0, 0.0, 1e6, "currency/seat/month", "Start-up costs: India serviced workstation Rs 20–35k per seat per month (weak); $300 ≈ Rs 25k at Rs 83/$"),
        /// IT and security per seat per month.
        it_cost_per_seat: f64 = real(40.0, 0.0, 1e6, "currency/seat/month", "assumption: the self-built-seat row's Rs 35k hardware over 3 years is ≈ $12/month at Rs 83/$; the rest is software and security"),
        /// Fixed IT and security per month.
        it_fixed: f64 = real(400.0, 0.0, 1e7, "currency/month", "assumption"),
        /// The founder's target pay per month: drawn in full when the month's operating profit
        /// allows, else what it allows (never below 0).
        founder_draw: f64 = real(2162.0, 0.0, 1e7, "currency/month", "assumption: about twice a team lead's pay (career.pay.team_lead): a founder aims above the job they left (calibrated: MODEL.md §15)"),
        /// How far clients' prices follow market pay: every price (the strategy's, in money of
        /// the founding month) is multiplied by `W_t^price_indexation`, `W_t` the wage index
        /// (0: prices never move while pay grows; 1: prices grow as fast as pay).
        price_indexation: f64 = real(0.946, 0.0, 1.0, "share", "assumption informed by Billing rates: offshore document review from about $21/h (2008) and first-pass review at $1–3 a document at 40–50 documents an hour (2025, weak): offshore rates rose with offshore pay; every LPO faces the same pay growth, so competition passes most of it into prices (calibrated: MODEL.md §15)"),
        /// Loan at founding.
        loan_amount: f64 = real(20000.0, 0.0, 1e12, "currency", "assumption"),
        /// Loan interest per year.
        loan_annual_rate: f64 = real(0.12, 0.0, 2.0, "1/year", "assumption"),
        /// Loan term.
        loan_term_months: u32 = count(36, 1, 600, "months", "assumption"),
        /// Overdraft available before bankruptcy.
        credit_line: f64 = real(0.0, 0.0, 1e12, "currency", "assumption: no overdraft: negative cash is bankruptcy"),
        /// Overdraft interest per year.
        credit_annual_rate: f64 = real(0.18, 0.0, 2.0, "1/year", "assumption"),
        /// Certification.
        certification: CertificationParams = section(),
    }
}

declare_params! {
    /// ISO 27001 certification.
    #[derive(Copy)]
    pub struct CertificationParams {
        /// Total cost, spread over `months`.
        cost_total: f64 = real(15000.0, 0.0, 1e12, "currency", "Start-up costs: ISO 27001 certification, Rs 6–14 lakh first year in India (weak) → $7.2–16.9k at Rs 83/$; upper part of range"),
        /// Months to certify.
        months: u32 = count(9, 1, 120, "months", "Start-up costs: ISO 27001 certification over 6–12 months; midpoint"),
        /// Monthly cost once certified.
        upkeep_monthly: f64 = real(300.0, 0.0, 1e7, "currency/month", "assumption: surveillance audits and controls"),
    }
}
