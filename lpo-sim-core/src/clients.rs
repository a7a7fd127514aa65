//! Clients: leads, conversion on perceived trust, pilot-to-full volume, trust and churn.

use crate::line::{PerLine, ServiceLine};
use crate::math::{PowMemo, clone_keeping_capacity, exp, unit};
use crate::rng::Stream;
use crate::rng::{Process, Streams};
use crate::sample::{normal_quantile, open_unit, poisson};
use crate::scenario::{ClientParams, FounderProfile, Scenario};
use crate::strategy::Decisions;
use rand::RngExt;

/// Most leads handled in one month (see MODEL.md, "Leads").
pub const MAX_LEADS_PER_MONTH: f64 = 100_000.0;

/// One client.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Client {
    /// Order of signing.
    pub id: u32,
    /// The line it buys.
    pub line: ServiceLine,
    /// Monthly hours at full volume.
    pub full_hours: f64,
    /// Share of full volume it currently sends, pilot_share..1.
    pub volume_share: f64,
    /// Trust in the firm, 0..1.
    pub trust: f64,
    /// Months as a client.
    pub age: u32,
}

impl Client {
    /// Hours demanded this month.
    pub fn demand_hours(&self) -> f64 {
        self.full_hours * self.volume_share
    }
}

/// Monthly lead rate: `(network + marketing + referrals) · max(0, 1 - clients / potential)`.
pub(crate) fn lead_rate(
    p: &ClientParams,
    founder: &FounderProfile,
    marketing: f64,
    happy: u32,
    clients: usize,
    reach: f64,
) -> f64 {
    let raw = founder.network_contacts * p.network_lead_rate
        + marketing / p.marketing_cost_per_lead
        + p.referral_rate * f64::from(happy);
    raw * reach * (1.0 - clients as f64 / p.market_potential).max(0.0)
}

/// Chance a lead for `line` signs:
/// `base · perceived · knowledge · (price / (billing_rate · market_rate))^−elasticity`,
/// clamped to 0..1; `market_rate` is the share of the billing rate clients expect to pay as
/// automation presses prices (exactly 1 without it, MODEL.md §5.7). `price_factor`
/// remembers the last price term, which changes only with the price.
fn conversion(
    scenario: &Scenario,
    founder: &FounderProfile,
    decisions: &Decisions,
    market_rate: f64,
    line: ServiceLine,
    perceived: f64,
    price_factor: &mut PowMemo,
) -> f64 {
    let p = &scenario.clients;
    let knowledge = p.knowledge_floor + (1.0 - p.knowledge_floor) * founder.knowledge[line];
    let price = price_factor.pow(
        decisions.prices[line] / (scenario.lines[line].billing_rate * market_rate),
        -p.price_elasticity,
    );
    unit(p.base_conversion * perceived * knowledge * price)
}

/// Clients who left this month.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Churned {
    /// All who left.
    pub lost: u32,
    /// Clients past their pilot (under contract) before the month's exits.
    pub contract_clients: u32,
    /// Of those, how many left.
    pub contract_lost: u32,
}

/// Monthly client counts for the record.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ClientsMonth {
    pub leads: u32,
    /// Leads for a line the firm offered.
    pub offered_leads: u32,
    pub won: u32,
}

/// The firm's clients.
#[derive(Debug)]
pub(crate) struct Book {
    clients: Vec<Client>,
    next_id: u32,
    /// Counts and sums over the clients as they stood after the last churn (the month's
    /// end), taken in that pass: what the record, the next observation and the next month's
    /// leads read, without another pass over the clients each.
    settled: Settled,
    /// Each line's last price term of the conversion chance.
    price_factor: PerLine<PowMemo>,
}

/// A clone keeps the list's spare room, so a cloned firm signs clients without reallocating,
/// as the original would.
impl Clone for Book {
    fn clone(&self) -> Self {
        Book {
            clients: clone_keeping_capacity(&self.clients),
            ..*self
        }
    }
}

/// Aggregates over the clients at the end of a month.
#[derive(Debug, Clone, Copy, Default)]
struct Settled {
    per_line: PerLine<u32>,
    /// Sum of trusts in signing order.
    trust_sum: f64,
    /// Clients with trust at or above `happy_trust`.
    happy: u32,
}

impl Book {
    pub fn new() -> Self {
        Book {
            clients: Vec::with_capacity(64),
            next_id: 0,
            settled: Settled::default(),
            price_factor: PerLine::splat(PowMemo::EMPTY),
        }
    }

    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    pub fn len(&self) -> usize {
        self.clients.len()
    }

    /// Clients per line at the end of the last month.
    pub fn per_line(&self) -> PerLine<u32> {
        self.settled.per_line
    }

    /// Mean trust at the end of the last month (0 without clients): the sum of trusts in
    /// signing order over the count.
    pub fn mean_trust(&self) -> f64 {
        if self.clients.is_empty() {
            return 0.0;
        }
        self.settled.trust_sum / self.clients.len() as f64
    }

    /// Clients at the end of the last month with trust of at least `happy_trust`.
    fn happy(&self) -> u32 {
        self.settled.happy
    }

    /// Draws this month's leads (leads stream: a Poisson count, then one uniform per lead for
    /// its line) and signs some (conversion stream: exactly two draws per lead, a uniform for
    /// signing and a uniform for the volume's normal, whether or not the line is offered).
    #[allow(clippy::too_many_arguments)]
    #[inline]
    pub fn acquire(
        &mut self,
        scenario: &Scenario,
        founder: &FounderProfile,
        decisions: &Decisions,
        market_rate: &PerLine<f64>,
        perceived: f64,
        reach: f64,
        streams: &mut Streams,
    ) -> ClientsMonth {
        let mut record = ClientsMonth::default();
        let leads = self.lead_count(
            &scenario.clients,
            founder,
            decisions.marketing,
            reach,
            self.clients.len(),
            streams,
        );
        record.leads = leads;
        if leads == 0 {
            return record;
        }
        // Once a month, not once a lead: conversion depends only on the line here.
        let chance = self.chances(scenario, founder, decisions, market_rate, perceived);
        let cumulative = cumulative_lead_shares(scenario);
        for _ in 0..leads {
            let lead = draw_lead(scenario, &cumulative, streams);
            if !decisions.offered[lead.line] {
                continue;
            }
            record.offered_leads += 1;
            if lead.sign >= chance[lead.line] {
                continue;
            }
            self.sign(scenario, lead.line, lead.volume, perceived);
            record.won += 1;
        }
        record
    }

    /// This month's leads (§5.1; Leads stream: one Poisson count), capped at the prospects
    /// left in the market and at [`MAX_LEADS_PER_MONTH`]. `in_market` is the clients of every
    /// firm in the market at the start of the month: the firm's own when it is alone (§5.8).
    #[inline]
    pub(crate) fn lead_count(
        &self,
        p: &ClientParams,
        founder: &FounderProfile,
        marketing: f64,
        reach: f64,
        in_market: usize,
        streams: &mut Streams,
    ) -> u32 {
        let rate = lead_rate(p, founder, marketing, self.happy(), in_market, reach);
        let drawn = poisson(streams.rng(Process::Leads), rate) as f64;
        // No more leads than prospects left in the market, and a hard cap that keeps an
        // absurd marketing budget from stalling the run.
        let room = (p.market_potential - in_market as f64).max(0.0);
        drawn.min(room).min(MAX_LEADS_PER_MONTH) as u32
    }

    /// Each line's chance that a lead signs this month (§5.3).
    #[inline]
    pub(crate) fn chances(
        &mut self,
        scenario: &Scenario,
        founder: &FounderProfile,
        decisions: &Decisions,
        market_rate: &PerLine<f64>,
        perceived: f64,
    ) -> PerLine<f64> {
        let memo = &mut self.price_factor;
        PerLine::from_fn(|line| {
            conversion(
                scenario,
                founder,
                decisions,
                market_rate[line],
                line,
                perceived,
                &mut memo[line],
            )
        })
    }

    /// Signs a client for `line` whose volume's normal is `Φ⁻¹(volume)` (§5.3): a pilot at
    /// `pilot_share` of its log-normal full hours, trusting the firm `trust`, age 0.
    #[inline]
    pub(crate) fn sign(&mut self, scenario: &Scenario, line: ServiceLine, volume: f64, trust: f64) {
        let p = &scenario.clients;
        let z = normal_quantile(volume);
        let sd = p.volume_sd;
        // Log-normal with mean client_hours.
        let full_hours = scenario.lines[line].client_hours * exp(sd * z - 0.5 * sd * sd);
        self.join(scenario, line, full_hours, trust);
    }

    /// A client of `full_hours` for `line` joins as a pilot (§5.3, §5.8).
    #[inline]
    pub(crate) fn join(
        &mut self,
        scenario: &Scenario,
        line: ServiceLine,
        full_hours: f64,
        trust: f64,
    ) {
        self.clients.push(Client {
            id: self.next_id,
            line,
            full_hours,
            volume_share: scenario.clients.pilot_share,
            trust,
            age: 0,
        });
        self.next_id += 1;
    }

    /// Standard hours demanded per line this month (each client's hours times its line's
    /// `market`: the demand cycle, times the share clients still buy under automation),
    /// summed over clients in signing order.
    pub fn demand_hours(&self, market: &PerLine<f64>) -> PerLine<f64> {
        let market = market.to_array();
        let mut demand = [0.0; ServiceLine::COUNT];
        for c in &self.clients {
            let line = c.line.index();
            demand[line] += c.demand_hours() * market[line];
        }
        PerLine::from_array(demand)
    }

    /// One pass over the clients in signing order: `serve` bills each client and moves its
    /// trust (§6), then the client decides whether to leave (§5.5; Churn stream: one uniform
    /// per client): early exits any month, and non-renewal at the end of the pilot and of each
    /// contract. Leavers are dropped as the pass goes (the rest move up once). `late_share` is
    /// the share of each line's demand delivered late this month.
    ///
    /// Serving draws only from its own stream (Errors), also in signing order, and one client's
    /// churn depends only on that client, so this is the same as serving every client and then
    /// churning every client (MODEL.md §1.3 steps 13 and 14), draw for draw.
    #[inline]
    pub fn serve_and_churn(
        &mut self,
        p: &ClientParams,
        late_share: &PerLine<f64>,
        churn_rng: &mut Stream,
        mut serve: impl FnMut(&mut Client),
        mut on_leave: impl FnMut(&Client),
    ) -> Churned {
        let late = late_share.to_array();
        let mut churned = Churned::default();
        let mut per_line = [0u32; ServiceLine::COUNT];
        let mut trust_sum = 0.0;
        let mut happy = 0;
        let mut kept = 0;
        for i in 0..self.clients.len() {
            let c = &mut self.clients[i];
            serve(c);
            let u: f64 = churn_rng.random();
            let leave = u < churn_hazard(p, c, late[c.line.index()]);
            let under_contract = c.age > p.pilot_months;
            churned.lost += u32::from(leave);
            churned.contract_clients += u32::from(under_contract);
            churned.contract_lost += u32::from(under_contract && leave);
            if leave {
                on_leave(c);
            } else {
                per_line[c.line.index()] += 1;
                trust_sum += c.trust;
                happy += u32::from(c.trust >= p.happy_trust);
                if kept != i {
                    self.clients[kept] = self.clients[i];
                }
                kept += 1;
            }
        }
        self.clients.truncate(kept);
        self.settled = Settled {
            per_line: PerLine::from_array(per_line),
            trust_sum,
            happy,
        };
        churned
    }
}

/// Whether a client of `age` months decides this month whether to go on: at the end of the
/// pilot, and at the end of each contract after it.
pub(crate) fn decides(p: &ClientParams, age: u32) -> bool {
    age >= p.pilot_months.max(1) && (age - p.pilot_months).is_multiple_of(p.contract_months)
}

/// A client's chance of leaving this month (§5.5): an early exit,
/// `low_trust · (1 − trust)² + late · late_share`; at a decision point, combined with not
/// renewing, `base + low_trust_nonrenewal · (1 − trust)`. Each capped at 1.
pub(crate) fn churn_hazard(p: &ClientParams, client: &Client, late_share: f64) -> f64 {
    let gap = 1.0 - client.trust;
    let early = unit(p.churn_low_trust * gap * gap + p.churn_late * late_share);
    if decides(p, client.age) {
        let nonrenewal = unit(p.nonrenewal_base + p.nonrenewal_low_trust * gap);
        1.0 - (1.0 - early) * (1.0 - nonrenewal)
    } else {
        early
    }
}

/// Running sums of `lead_share` in line order (the lead-line CDF), added up as
/// [`pick_line`] always has.
pub(crate) fn cumulative_lead_shares(scenario: &Scenario) -> [f64; ServiceLine::COUNT] {
    let mut cumulative = 0.0;
    ServiceLine::ALL.map(|line| {
        cumulative += scenario.lines[line].lead_share;
        cumulative
    })
}

/// One lead's draws (§5.1, §5.3): its line (Leads stream), then the conversion uniform and
/// the open uniform of its volume (Conversion stream), always all three.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lead {
    pub line: ServiceLine,
    /// Signs when below the firm's conversion chance for the line.
    pub sign: f64,
    /// The open uniform whose normal quantile sets the client's volume.
    pub volume: f64,
}

/// Draws one lead's numbers (see [`Lead`]).
#[inline]
pub(crate) fn draw_lead(
    scenario: &Scenario,
    cumulative: &[f64; ServiceLine::COUNT],
    streams: &mut Streams,
) -> Lead {
    let line = pick_line(scenario, cumulative, streams.rng(Process::Leads).random());
    let conversion_rng = streams.rng(Process::Conversion);
    let sign: f64 = conversion_rng.random();
    // Both draws always, so the next lead's are the same whatever this one does; the
    // volume's normal is worked out only for a lead that signs.
    let volume = open_unit(conversion_rng);
    Lead { line, sign, volume }
}

/// The line of a lead: inverse CDF of `lead_share` at `u` (`cumulative` from
/// [`cumulative_lead_shares`]).
fn pick_line(scenario: &Scenario, cumulative: &[f64; ServiceLine::COUNT], u: f64) -> ServiceLine {
    if let Some(i) = cumulative.iter().position(|&c| u < c) {
        return ServiceLine::ALL[i];
    }
    // Rounding left u above the total: the last line anyone asks for.
    ServiceLine::ALL
        .into_iter()
        .rev()
        .find(|line| scenario.lines[*line].lead_share > 0.0)
        .unwrap_or(ServiceLine::LegalResearch)
}
