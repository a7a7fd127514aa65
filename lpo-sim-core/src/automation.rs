//! Automation by generative AI (MODEL.md §5.7): the automatable share of each line's work
//! month by month, what clients buy and accept to pay as it grows, and what AI does to a firm
//! that adopts it. Deterministic: no random number is drawn, so no stream moves.

use crate::line::{PerLine, ServiceLine};
use crate::math::{exp, unit};
use crate::scenario::AiParams;

/// The common adoption path at calendar year `year`, from 0 at `start_year` towards 1:
/// the logistic `L(y) = 1 / (1 + exp(−speed · (y − midpoint_year)))` rescaled so that it
/// starts at 0, `(L(y) − L(start)) / (1 − L(start))`, and 0 before `start_year`.
///
/// # Examples
/// ```
/// use lpo_sim_core::{Scenario, automation::path};
/// let ai = Scenario::default().ai;
/// assert_eq!(path(&ai, 2020.0), 0.0);
/// assert!(path(&ai, 2028.0) > 0.3 && path(&ai, 2028.0) < 0.5);
/// assert!(path(&ai, 2100.0) > 0.999);
/// ```
pub fn path(p: &AiParams, year: f64) -> f64 {
    if year <= p.start_year {
        return 0.0;
    }
    let logistic = |y: f64| 1.0 / (1.0 + exp(-p.speed * (y - p.midpoint_year)));
    let at_start = logistic(p.start_year);
    let room = 1.0 - at_start;
    if room <= 0.0 {
        // The start lies so far past the midpoint that the logistic has reached 1.
        return 1.0;
    }
    unit((logistic(year) - at_start) / room)
}

/// The calendar year of month index `month` (0 = the founding month).
pub fn year_of(p: &AiParams, month: u32) -> f64 {
    p.founding_year + f64::from(month) / 12.0
}

/// `a_ℓ(t)`: the share of `line`'s work AI can do in month index `month`:
/// `ceiling_ℓ · path(year − lag_ℓ)`; 0 when automation is off.
pub fn automatable_share(p: &AiParams, line: ServiceLine, month: u32) -> f64 {
    if !p.enabled {
        return 0.0;
    }
    p.ceiling[line] * path(p, year_of(p, month) - p.lag_years[line])
}

/// What automation does to the market in one month, per line; worked out once a month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AiMonth {
    /// `a_ℓ(t)`: share of the line's work AI can do.
    pub share: PerLine<f64>,
    /// `1 − insource · a`: share of their hours clients still buy.
    pub bought: PerLine<f64>,
    /// `1 − price_pressure · a`: the line's market rate as a share of `billing_rate`.
    pub rate: PerLine<f64>,
}

impl AiMonth {
    /// No automation: nothing automatable, every hour bought at the billing rate. Every
    /// factor is exactly 1, so multiplying by it leaves every bit as it was.
    pub const OFF: AiMonth = AiMonth {
        share: PerLine::splat(0.0),
        bought: PerLine::splat(1.0),
        rate: PerLine::splat(1.0),
    };

    /// Month index `month` under `p` ([`AiMonth::OFF`] when automation is off).
    pub fn of(p: &AiParams, month: u32) -> AiMonth {
        if !p.enabled {
            return AiMonth::OFF;
        }
        let share = PerLine::from_fn(|line| automatable_share(p, line, month));
        AiMonth {
            share,
            bought: share.map(|_, a| 1.0 - p.insource * a),
            rate: share.map(|_, a| 1.0 - p.price_pressure * a),
        }
    }
}

/// How far a firm has learned the tool after `months_used` months of use before this one:
/// `min(1, months_used / learning_months)` (1 without a learning period).
pub fn learned(p: &AiParams, months_used: u32) -> f64 {
    if p.learning_months == 0 {
        1.0
    } else {
        (f64::from(months_used) / f64::from(p.learning_months)).min(1.0)
    }
}

/// Output per hour of a firm using AI, as a multiple of its output without: on the share `a`
/// of the work AI speeds up by `g = 1 + learned · (productivity_gain − 1)`, so an hour of
/// work takes `1 − a + a/g` of the time it took: `1 / (1 − a + a/g)`.
pub fn output_gain(p: &AiParams, share: f64, learned: f64) -> f64 {
    let gain = 1.0 + learned * (p.productivity_gain - 1.0);
    1.0 / (1.0 - share + share / gain)
}

/// Error rate of a deliverable by a firm using AI, as a multiple of its rate without: the
/// share `a` of the work done with AI errs `error_multiplier` times as often,
/// `1 + a · (error_multiplier − 1)`.
pub fn error_factor(p: &AiParams, share: f64) -> f64 {
    1.0 + share * (p.error_multiplier - 1.0)
}
