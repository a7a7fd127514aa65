//! The LPO consultant (`[consultant]`, MODEL.md §8).

use crate::params::declare_params;

declare_params! {
    /// The LPO consultant.
    #[derive(Copy)]
    pub struct ConsultantParams {
        /// Fee per month engaged.
        monthly_fee: f64 = real(2500.0, 0.0, 1e7, "currency/month", "assumption: no consultant-fee row"),
        /// Share of errors removed at full effect.
        error_reduction: f64 = real(0.25, 0.0, 1.0, "share", "assumption"),
        /// Share of the effect lost per month after disengaging.
        fade_monthly: f64 = real(0.2, 0.0, 1.0, "share", "assumption"),
    }
}
