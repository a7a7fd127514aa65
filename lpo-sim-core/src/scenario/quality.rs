//! Delivery and quality (`[quality]`, MODEL.md §6).

use crate::params::declare_params;

declare_params! {
    /// Delivery and quality.
    #[derive(Copy)]
    pub struct QualityParams {
        /// QA catch rate is `1 - exp(-effectiveness * qa_share)`, `qa_share` the share of output
        /// sampled for review.
        qa_effectiveness: f64 = real(5.71, 0.0, 1000.0, "1/share", "assumption: at the QC-sampling row's 1 document in 10 (QA share 0.1) QA catches 1 − e^−1 = 63 % of errors (calibrated: MODEL.md §15)"),
        /// Error reduction at skill 1.
        skill_error_reduction: f64 = real(0.582, 0.0, 1.0, "share", "assumption (calibrated: MODEL.md §15)"),
        /// Error increase when the founder knows nothing of the line.
        supervision_penalty: f64 = real(1.56, 0.0, 100.0, "factor", "assumption (calibrated: MODEL.md §15)"),
        /// Error increase per unit of skill below the requirement.
        shortfall_error_factor: f64 = real(3.76, 0.0, 100.0, "factor", "assumption (calibrated: MODEL.md §15)"),
        /// Output per hour of a brand-new hire as a share of a ramped one's.
        min_productivity: f64 = real(0.375, 0.0, 1.0, "share", "assumption (calibrated: MODEL.md §15)"),
        /// Hours of review per standard hour of sampled output (QA time).
        qa_review_hours: f64 = real(0.427, 0.0, 10.0, "hours/hour", "assumption: re-reading a sampled deliverable takes half the time of producing it; the QC-sampling row (1 document in 10) gives the share sampled, not the time (calibrated: MODEL.md §15)"),
    }
}
