//! The LPO consultant (MODEL.md §8): full effect while engaged, fading afterwards.

use crate::scenario::ConsultantParams;

/// What the consultant leaves behind: 1 while engaged, then fading by `fade_monthly`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Consultant {
    effect: f64,
}

impl Consultant {
    /// The effect `E` this month (0 at founding).
    pub fn effect(&self) -> f64 {
        self.effect
    }

    /// One month: `E = 1` when engaged, else `E · (1 − fade_monthly)`. Returns the fee.
    pub fn month(&mut self, params: &ConsultantParams, engaged: bool) -> f64 {
        self.effect = if engaged {
            1.0
        } else {
            self.effect * (1.0 - params.fade_monthly)
        };
        if engaged { params.monthly_fee } else { 0.0 }
    }
}
