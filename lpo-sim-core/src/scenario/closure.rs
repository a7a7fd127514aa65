//! Closing a solvent firm (`[closure]`, MODEL.md §7.3): a founder whose income from the firm
//! stays below what the job they left paid may close it; some founders leave for other
//! reasons (a sale, retirement, a better job).

use crate::params::{Declared, declare_params};

declare_params! {
    /// When a founder closes a firm that is still solvent.
    #[derive(Copy)]
    pub struct ClosureParams {
        /// Months after founding before the founder judges the firm by its pay.
        grace_months: u32 = count(4, 0, 600, "months", "assumption: a founder gives a new firm some months before judging it (calibrated: MODEL.md §15)"),
        /// Months over which the founder averages their income from the firm.
        income_window_months: u32 = count(3, 1, 120, "months", "assumption (calibrated: MODEL.md §15)"),
        /// The founder is dissatisfied while their average income is below this share of their
        /// outside pay (`founder.outside_pay`).
        income_share: f64 = real(0.779, 0.0, 10.0, "share", "assumption; Survival of new businesses: a founder who earns less than a salaried job may close a solvent firm (reasoning from Headd 2003) (calibrated: MODEL.md §15)"),
        /// Monthly chance a dissatisfied founder closes the firm.
        hazard_monthly: f64 = real(0.0162, 0.0, 1.0, "probability", "assumption (calibrated: MODEL.md §15)"),
        /// The founder closes a firm that loses money while it can still pay what it owes,
        /// rather than wait for insolvency: from `grace_months` on, when the cash left would
        /// last fewer than this many months at the mean net cash flow of the last
        /// `income_window_months` months (0: never; the founder waits for insolvency).
        #[serde(default = "default_runway_months", skip_serializing_if = "is_default_runway_months")]
        runway_months: f64 = real(0.0, 0.0, 120.0, "months", "assumption: few closures are bankruptcies; owners of small firms mostly close them while solvent (Headd 2003), and a founder who sees the money running out stops before it does (calibrated: MODEL.md §15)"),
        /// Monthly chance the founder leaves for another reason (a sale, retirement, a better
        /// job), whatever the firm pays.
        exit_hazard_monthly: f64 = real(0.005, 0.0, 1.0, "probability", "Survival of new businesses: about a third of closed small businesses were successful at closure (Headd 2003); with 17–19 % of firms closing each year after the first (Knaup 2005), about 6 %/yr → 0.005/month"),
        /// Spread (log-SD) across founders of their own exit chance: each founder's is
        /// `exit_hazard_monthly · exp(σ z − σ²/2)` (at most 1), drawn at founding, so the mean
        /// across founders is `exit_hazard_monthly` while those who would leave soon go first.
        #[serde(default = "default_exit_hazard_dispersion", skip_serializing_if = "is_default_exit_hazard_dispersion")]
        exit_hazard_dispersion: f64 = real(0.56, 0.0, 3.0, "log-sd", "assumption (calibrated: MODEL.md §15; prior 0–1.5): founders differ in how soon they would leave (age, family, a standing offer), and with a spread the hazard among the firms still open falls with age as those most likely to leave go first (heterogeneity or frailty: Vaupel, Manton & Stallard, Demography 1979)"),
    }
}

/// What a scenario read whole (a calibration file's base scenario, a saved game) written
/// before `closure.exit_hazard_dispersion` existed meant: founders alike (such a file's base
/// scenario must keep its fingerprint). Not the
/// declared default, which calibration moves: a scenario at any other value writes the field.
fn default_exit_hazard_dispersion() -> f64 {
    0.0
}

/// Whether `value` is that default (a serialised scenario leaves the field out then).
fn is_default_exit_hazard_dispersion(value: &f64) -> bool {
    value.to_bits() == default_exit_hazard_dispersion().to_bits()
}

/// The declared default of `closure.runway_months`, for files written before it existed
/// (calibration files among them: their base scenario must keep its fingerprint).
fn default_runway_months() -> f64 {
    ClosureParams::declared_default(None).runway_months
}

/// Whether `value` is that default (a serialised scenario leaves the field out then).
fn is_default_runway_months(value: &f64) -> bool {
    value.to_bits() == default_runway_months().to_bits()
}
