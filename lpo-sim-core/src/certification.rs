//! ISO 27001 certification (MODEL.md §9): a project paid evenly over its months, then upkeep;
//! it lapses at once when not pursued.

use crate::scenario::CertificationParams;

/// Where the firm stands with its certification.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Certification {
    /// Months of the project paid so far (0 once certified or lapsed).
    progress: u32,
    /// Certified now.
    certified: bool,
}

impl Certification {
    /// Whether the firm holds the certification.
    pub fn certified(&self) -> bool {
        self.certified
    }

    /// One month: lapses when not pursued, else progresses (certified once the project's
    /// months are paid, counting already this month) or keeps it up. Returns the month's cost.
    pub fn month(&mut self, params: &CertificationParams, pursue: bool) -> f64 {
        if !pursue {
            *self = Certification::default();
            return 0.0;
        }
        if self.certified {
            return params.upkeep_monthly;
        }
        self.progress += 1;
        if self.progress >= params.months {
            self.certified = true;
        }
        params.cost_total / f64::from(params.months)
    }
}
