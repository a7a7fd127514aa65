//! Closing a solvent firm (`[closure]`, MODEL.md §7.3): a founder whose income from the firm
//! stays below what the job they left paid may close it; some founders leave for other
//! reasons (a sale, retirement, a better job).

use crate::params::declare_params;

declare_params! {
    /// When a founder closes a firm that is still solvent.
    #[derive(Copy)]
    pub struct ClosureParams {
        /// Months after founding before the founder judges the firm by its pay.
        grace_months: u32 = count(7, 0, 600, "months", "assumption: a founder gives a new firm some months before judging it (calibrated: MODEL.md §15)"),
        /// Months over which the founder averages their income from the firm.
        income_window_months: u32 = count(7, 1, 120, "months", "assumption (calibrated: MODEL.md §15)"),
        /// The founder is dissatisfied while their average income is below this share of their
        /// outside pay (`founder.outside_pay`).
        income_share: f64 = real(0.8, 0.0, 10.0, "share", "assumption; Survival of new businesses: a founder who earns less than a salaried job may close a solvent firm (reasoning from Headd 2003) (calibrated: MODEL.md §15)"),
        /// Monthly chance a dissatisfied founder closes the firm.
        hazard_monthly: f64 = real(0.019, 0.0, 1.0, "probability", "assumption (calibrated: MODEL.md §15)"),
        /// Monthly chance the founder leaves for another reason (a sale, retirement, a better
        /// job), whatever the firm pays.
        exit_hazard_monthly: f64 = real(0.005, 0.0, 1.0, "probability", "Survival of new businesses: about a third of closed small businesses were successful at closure (Headd 2003); with 17–19 % of firms closing each year after the first (Knaup 2005), about 6 %/yr → 0.005/month"),
    }
}
