//! The LPO consultant (`[consultant]`, MODEL.md §8).

use crate::params::declare_params;

declare_params! {
    /// The LPO consultant: paid by the day, teaches the founder the processes they lack.
    #[derive(Copy)]
    pub struct ConsultantParams {
        /// Fee per day.
        daily_rate: f64 = real(250.0, 0.0, 1e6, "currency/day", "Billing rates: dedicated offshore lawyer $250 per day (The Lawyer 2012)"),
        /// Days a month the consultant works with the firm while engaged.
        days_per_month: f64 = real(4.32, 0.0, 31.0, "days/month", "assumption: one day a week (calibrated: MODEL.md §15)"),
        /// Share of the gap between the founder's knowledge of a line and what the line needs
        /// (its `skill_requirement`) closed per month engaged; it stays closed.
        knowledge_transfer: f64 = real(0.161, 0.0, 1.0, "share", "assumption: the article: help from an LPO consultant \"if necessary\"; a third of the gap in about two months (calibrated: MODEL.md §15)"),
    }
}
