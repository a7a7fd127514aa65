//! The LPO consultant (MODEL.md §8): paid by the day while engaged, and works through the
//! founder: each engaged month closes part of the gap between what the founder knows of each
//! line and what the line needs, for good.

use crate::line::ServiceLine;
use crate::scenario::{FounderProfile, Scenario};

/// One month of the consultant: when engaged, the founder learns
/// `knowledge_transfer · max(0, skill_requirement − knowledge)` of every line. Returns the fee,
/// `daily_rate · days_per_month` (0 when not engaged).
pub(crate) fn consultant_month(
    scenario: &Scenario,
    founder: &mut FounderProfile,
    engaged: bool,
) -> f64 {
    if !engaged {
        return 0.0;
    }
    let c = &scenario.consultant;
    for line in ServiceLine::ALL {
        let gap = (scenario.lines[line].skill_requirement - founder.knowledge[line]).max(0.0);
        founder.knowledge[line] += c.knowledge_transfer * gap;
    }
    c.daily_rate * c.days_per_month
}
