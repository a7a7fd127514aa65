//! Delivery and quality assurance (MODEL.md §6): the month's demand is served by each line's
//! own associates, then by associates with spare hours on other lines, then by the founder;
//! each line gets an error rate, QA catches some errors, and each client is billed and
//! updates its trust.

use crate::clients::{Book, Churned, Client};
use crate::line::{PerLine, ServiceLine};
use crate::math::{ExpMemo, unit};
use crate::rng::Stream;
use crate::sample::{binomial, poisson};
use crate::scenario::{FounderProfile, Scenario};
use crate::trust;

/// How the month's work is shared out, line by line (§6). Work is measured in standard
/// hours (hours of a ramped associate of skill 1, i.e. output), time in paid hours.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Delivery {
    /// Standard hours demanded by all clients, new ones included.
    pub demand: PerLine<f64>,
    /// Most output the line's own associates can deliver, QA time included.
    pub staff_capacity: PerLine<f64>,
    /// Output delivered by other lines' associates with spare hours.
    pub cover: PerLine<f64>,
    /// Output delivered by the founder.
    pub founder: PerLine<f64>,
    /// Output delivered in all.
    pub delivered: PerLine<f64>,
    /// Share of demand not delivered.
    pub late: PerLine<f64>,
    /// Chance a deliverable has a material error.
    pub error_rate: PerLine<f64>,
    /// Share of errors QA catches.
    pub catch: f64,
    /// Associates' hours spent producing client work (billable).
    pub billable_hours: f64,
    /// Staff hours spent reviewing sampled output.
    pub qa_hours: f64,
}

/// The staff's production this month (§4.3), per line: hours available for client work and
/// QA, and sums over associates of output capacity and skill.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Production {
    /// Hours available `Σ a`.
    pub hours: PerLine<f64>,
    /// Output if every available hour produced: `Σ a · ramped · (0.5 + 0.5 s)`.
    pub output: PerLine<f64>,
    /// `Σ a · ramped · (0.5 + 0.5 s) · s`.
    pub skill_output: PerLine<f64>,
    /// `Σ a · ramped`.
    pub ramped_hours: PerLine<f64>,
    /// `Σ a · ramped · s`.
    pub ramped_skill_hours: PerLine<f64>,
}

impl Production {
    /// Multiplies every associate's output per hour by the firm's process efficiency
    /// (§4.3); hours stay as they are. A factor of 1 leaves every sum's bits unchanged.
    pub fn scale_output(&mut self, efficiency: f64) {
        self.output = self.output.map(|_, x| x * efficiency);
        self.skill_output = self.skill_output.map(|_, x| x * efficiency);
        self.ramped_hours = self.ramped_hours.map(|_, x| x * efficiency);
        self.ramped_skill_hours = self.ramped_skill_hours.map(|_, x| x * efficiency);
    }
}

impl Production {
    /// Multiplies output per hour on each line by `gain[line]` (a firm using AI, §5.7); hours
    /// stay as they are.
    pub fn scale_lines(&mut self, gain: &PerLine<f64>) {
        self.output = self.output.map(|l, x| x * gain[l]);
        self.skill_output = self.skill_output.map(|l, x| x * gain[l]);
        self.ramped_hours = self.ramped_hours.map(|l, x| x * gain[l]);
        self.ramped_skill_hours = self.ramped_skill_hours.map(|l, x| x * gain[l]);
    }
}

/// Output from `hours` at `productivity` output per hour when each unit of output also needs
/// `review` hours of QA: `hours · p / (1 + review · p)`.
fn output_of(hours: f64, productivity: f64, review: f64) -> f64 {
    if hours <= 0.0 || productivity <= 0.0 {
        0.0
    } else {
        hours * productivity / (1.0 + review * productivity)
    }
}

impl Delivery {
    /// Shares out `demand`: first each line's own associates; then, in proportion to need,
    /// associates of other lines with spare hours (at `cross_line_skill` of their skill); then
    /// the founder. Each unit of staff output also takes
    /// `qa_share · qa_review_hours` hours of review. Then each line's error rate and the QA
    /// catch rate.
    #[inline]
    pub fn plan(
        scenario: &Scenario,
        founder: &FounderProfile,
        p: &Production,
        qa_share: f64,
        catch: f64,
        demand: PerLine<f64>,
    ) -> Self {
        let review = qa_share * scenario.quality.qa_review_hours;
        let c = scenario.workforce.pool.cross_line_skill;
        let mean = |sum: f64, over: f64| if over > 0.0 { sum / over } else { 0.0 };
        let productivity = PerLine::from_fn(|l| mean(p.output[l], p.hours[l]));
        let staff_capacity = PerLine::from_fn(|l| output_of(p.hours[l], productivity[l], review));
        let own = PerLine::from_fn(|l| demand[l].min(staff_capacity[l]));
        let own_skill = PerLine::from_fn(|l| mean(p.skill_output[l], p.output[l]));
        let own_hours = PerLine::from_fn(|l| mean(own[l], productivity[l]));
        let spare = PerLine::from_fn(|l| (p.hours[l] - own_hours[l] - review * own[l]).max(0.0));
        // On another line an associate works at `cross_line_skill` of their skill.
        let cross_productivity = PerLine::from_fn(|l| {
            mean(
                0.5 * p.ramped_hours[l] + 0.5 * c * p.ramped_skill_hours[l],
                p.hours[l],
            )
        });
        let cross_skill =
            PerLine::from_fn(|l| c * mean(p.ramped_skill_hours[l], p.ramped_hours[l]));
        let lent = PerLine::from_fn(|l| output_of(spare[l], cross_productivity[l], review));
        let cover_capacity = lent.sum();
        let need = PerLine::from_fn(|l| demand[l] - own[l]);
        let need_total = need.sum();
        let moved = cover_capacity.min(need_total);
        let (cover, cover_skill, used) = if moved > 0.0 {
            let skill_sum = PerLine::from_fn(|l| lent[l] * cross_skill[l]).sum();
            // Shares first, so that a fully covered line gets exactly its need.
            let filled = moved / need_total;
            (
                need.map(|_, n| n * filled),
                skill_sum / cover_capacity,
                moved / cover_capacity,
            )
        } else {
            (PerLine::splat(0.0), 0.0, 0.0)
        };
        let cover_hours = PerLine::from_fn(|l| mean(lent[l] * used, cross_productivity[l])).sum();
        let remaining = PerLine::from_fn(|l| need[l] - cover[l]);
        let remaining_total = remaining.sum();
        let founder_share = if remaining_total > 0.0 {
            (scenario.workforce.founder_hours / remaining_total).min(1.0)
        } else {
            0.0
        };
        let founder_hours = remaining.map(|_, h| h * founder_share);
        // What no one delivers: exactly 0 when the founder covers the rest.
        let undelivered = remaining.map(|_, h| h * (1.0 - founder_share));
        let delivered = PerLine::from_fn(|l| demand[l] - undelivered[l]);
        let late = PerLine::from_fn(|l| mean(undelivered[l], demand[l]));
        let error_rate = PerLine::from_fn(|l| {
            let skill = mean(
                own[l] * own_skill[l]
                    + cover[l] * cover_skill
                    + founder_hours[l] * founder.knowledge[l],
                delivered[l],
            );
            line_error_rate(scenario, founder, l, skill)
        });
        Delivery {
            demand,
            staff_capacity,
            cover,
            founder: founder_hours,
            delivered,
            late,
            error_rate,
            catch,
            billable_hours: own_hours.sum() + cover_hours,
            qa_hours: review * (own.sum() + moved),
        }
    }
}

/// Chance that a deliverable on `line` has a material error:
/// `base · (1 - reduction · skill) · (1 + shortfall · max(0, requirement - skill))
///  · (1 + supervision · (1 - founder knowledge))`, clamped to 0..1.
pub(crate) fn line_error_rate(
    scenario: &Scenario,
    founder: &FounderProfile,
    line: ServiceLine,
    skill: f64,
) -> f64 {
    let q = &scenario.quality;
    let l = &scenario.lines[line];
    unit(
        l.base_error_rate
            * (1.0 - q.skill_error_reduction * skill)
            * (1.0 + q.shortfall_error_factor * (l.skill_requirement - skill).max(0.0))
            * (1.0 + q.supervision_penalty * (1.0 - founder.knowledge[line])),
    )
}

/// Share of errors QA catches: `1 − exp(−qa_effectiveness · qa_share)`.
pub(crate) fn qa_catch_rate(scenario: &Scenario, qa_share: f64, memo: &mut ExpMemo) -> f64 {
    1.0 - memo.exp(-scenario.quality.qa_effectiveness * qa_share)
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

/// Serves the month's clients and lets them decide whether to stay, in one pass
/// ([`Book::serve_and_churn`]): bills each client, in signing order, for its delivered hours;
/// draws its errors made and caught (Errors stream); updates its trust and volume (§5.4); ages
/// it a month; then its churn draw (Churn stream). `on_leave` sees each client who leaves
/// (a market offers it to rivals, §5.8).
#[allow(clippy::too_many_arguments)]
#[inline]
pub(crate) fn serve_clients(
    book: &mut Book,
    scenario: &Scenario,
    prices: &PerLine<f64>,
    market: &PerLine<f64>,
    delivery: &Delivery,
    errors_rng: &mut Stream,
    churn_rng: &mut Stream,
    on_leave: impl FnMut(&Client),
) -> (Served, Churned) {
    let mut served = Served::default();
    // Everything per line, looked up once a month.
    let late = delivery.late.to_array();
    let prices = prices.to_array();
    let market = market.to_array();
    let error_rate = delivery.error_rate.to_array();
    let hours_per_unit = scenario.lines.map(|_, l| l.hours_per_unit).to_array();
    let delicacy = scenario.lines.map(|_, l| l.delicacy).to_array();
    let catch = delivery.catch;
    let p = &scenario.clients;
    let churned = book.serve_and_churn(
        p,
        &delivery.late,
        churn_rng,
        |client| {
            let line = client.line.index();
            let late = late[line];
            let hours = client.demand_hours() * market[line] * (1.0 - late);
            served.revenue += hours * prices[line];
            let expected = hours / hours_per_unit[line] * error_rate[line];
            let made = poisson(errors_rng, expected);
            let caught = if made == 0 {
                0
            } else {
                binomial(errors_rng, made, catch)
            };
            served.errors_made = served.errors_made.saturating_add(made as u32);
            served.errors_caught = served.errors_caught.saturating_add(caught as u32);
            trust::update_client(client, p, delicacy[line], made - caught, late);
            client.age += 1;
        },
        on_leave,
    );
    (served, churned)
}
