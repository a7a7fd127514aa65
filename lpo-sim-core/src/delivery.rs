//! Delivery and quality assurance (MODEL.md §6): the month's demand is served by each line's
//! own associates, then by associates with spare hours on other lines, then by the founder;
//! each line gets an error rate, QA catches some errors, and each client is billed and
//! updates its trust.

use crate::clients::Book;
use crate::line::{PerLine, ServiceLine};
use crate::math::{exp, unit};
use crate::sample::{binomial, poisson};
use crate::scenario::{FounderProfile, Scenario};
use crate::trust;
use rand_chacha::ChaCha8Rng;

/// How the month's work is shared out, line by line (§6).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Delivery {
    /// Hours demanded by all clients, new ones included.
    pub demand: PerLine<f64>,
    /// Staff production hours after the QA share.
    pub staff_capacity: PerLine<f64>,
    /// Hours delivered by other lines' associates with spare hours.
    pub cover: PerLine<f64>,
    /// Hours delivered by the founder.
    pub founder: PerLine<f64>,
    /// Hours delivered in all.
    pub delivered: PerLine<f64>,
    /// Share of demand not delivered.
    pub late: PerLine<f64>,
    /// Chance a deliverable has a material error.
    pub error_rate: PerLine<f64>,
    /// Share of errors QA catches.
    pub catch: f64,
}

/// The staff's production this month, before QA (§4.3).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Production {
    /// Gross production hours per line.
    pub hours: PerLine<f64>,
    /// Hours-weighted skill sum per line.
    pub skill_hours: PerLine<f64>,
}

impl Delivery {
    /// Shares out `demand` between the line's own staff, spare staff of other lines (at
    /// `cross_line_skill` of their skill) and the founder (at their knowledge of the line),
    /// each pool shared in proportion to need; then each line's error rate and the QA catch.
    pub fn plan(
        scenario: &Scenario,
        founder: &FounderProfile,
        production: &Production,
        qa_share: f64,
        consultant_effect: f64,
        demand: PerLine<f64>,
    ) -> Self {
        let gross = &production.hours;
        let staff_capacity = gross.map(|_, h| h * (1.0 - qa_share));
        let own = PerLine::from_fn(|l| demand[l].min(staff_capacity[l]));
        let own_skill = PerLine::from_fn(|l| {
            if gross[l] > 0.0 {
                production.skill_hours[l] / gross[l]
            } else {
                0.0
            }
        });
        let spare = PerLine::from_fn(|l| staff_capacity[l] - own[l]);
        let need = PerLine::from_fn(|l| demand[l] - own[l]);
        let (spare_total, need_total) = (spare.sum(), need.sum());
        let moved = spare_total.min(need_total);
        let (cover, cover_skill) = if moved > 0.0 {
            let lender_skill = PerLine::from_fn(|l| spare[l] * own_skill[l]).sum() / spare_total;
            (
                need.map(|_, h| h * moved / need_total),
                scenario.workforce.pool.cross_line_skill * lender_skill,
            )
        } else {
            (PerLine::splat(0.0), 0.0)
        };
        let remaining = PerLine::from_fn(|l| need[l] - cover[l]);
        let remaining_total = remaining.sum();
        let founder_share = if remaining_total > 0.0 {
            (scenario.workforce.founder_hours / remaining_total).min(1.0)
        } else {
            0.0
        };
        let founder_hours = remaining.map(|_, h| h * founder_share);
        let delivered = PerLine::from_fn(|l| own[l] + cover[l] + founder_hours[l]);
        let late = PerLine::from_fn(|l| {
            if demand[l] > 0.0 {
                (1.0 - delivered[l] / demand[l]).max(0.0)
            } else {
                0.0
            }
        });
        let error_rate = PerLine::from_fn(|l| {
            let skill = if delivered[l] > 0.0 {
                (own[l] * own_skill[l]
                    + cover[l] * cover_skill
                    + founder_hours[l] * founder.knowledge[l])
                    / delivered[l]
            } else {
                0.0
            };
            line_error_rate(scenario, founder, l, skill, consultant_effect)
        });
        Delivery {
            demand,
            staff_capacity,
            cover,
            founder: founder_hours,
            delivered,
            late,
            error_rate,
            catch: qa_catch_rate(scenario, qa_share),
        }
    }
}

/// Chance that a deliverable on `line` has a material error:
/// `base · (1 - reduction · skill) · (1 + shortfall · max(0, requirement - skill))
///  · (1 + supervision · (1 - founder knowledge)) · (1 - consultant reduction · effect)`,
/// clamped to 0..1.
pub(crate) fn line_error_rate(
    scenario: &Scenario,
    founder: &FounderProfile,
    line: ServiceLine,
    skill: f64,
    consultant_effect: f64,
) -> f64 {
    let q = &scenario.quality;
    let l = &scenario.lines[line];
    unit(
        l.base_error_rate
            * (1.0 - q.skill_error_reduction * skill)
            * (1.0 + q.shortfall_error_factor * (l.skill_requirement - skill).max(0.0))
            * (1.0 + q.supervision_penalty * (1.0 - founder.knowledge[line]))
            * (1.0 - scenario.consultant.error_reduction * consultant_effect),
    )
}

/// Share of errors QA catches: `1 − exp(−qa_effectiveness · qa_share)`.
pub(crate) fn qa_catch_rate(scenario: &Scenario, qa_share: f64) -> f64 {
    1.0 - exp(-scenario.quality.qa_effectiveness * qa_share)
}

/// What serving the clients produced this month.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Served {
    pub revenue: f64,
    pub errors_made: u32,
    pub errors_caught: u32,
}

impl Served {
    /// Errors that reached clients.
    pub fn errors_escaped(&self) -> u32 {
        self.errors_made - self.errors_caught
    }
}

/// Bills each client, in signing order, for its delivered hours; draws its errors made and
/// caught (Errors stream); updates its trust and volume (§5.4); ages it a month.
pub(crate) fn serve_clients(
    book: &mut Book,
    scenario: &Scenario,
    prices: &PerLine<f64>,
    delivery: &Delivery,
    rng: &mut ChaCha8Rng,
) -> Served {
    let mut served = Served::default();
    for client in book.clients_mut() {
        let line = client.line;
        let late = delivery.late[line];
        let hours = client.demand_hours() * (1.0 - late);
        served.revenue += hours * prices[line];
        let expected = hours / scenario.lines[line].hours_per_unit * delivery.error_rate[line];
        let made = poisson(rng, expected);
        let caught = binomial(rng, made, delivery.catch);
        served.errors_made = served.errors_made.saturating_add(made as u32);
        served.errors_caught = served.errors_caught.saturating_add(caught as u32);
        let delicacy = scenario.lines[line].delicacy;
        trust::update_client(client, &scenario.clients, delicacy, made - caught, late);
        client.age += 1;
    }
    served
}
