//! K rival firms stepped in lockstep in one market (MODEL.md §5.8): one economy, one pool of
//! prospects, clients who switch.

use super::choice::{ChoiceScratch, Offer, choose, switch_target, utility};
use super::economy::Economy;
use super::outcome::{FirmOutcome, MarketOutcome};
use super::params::MarketParams;
use super::seeds::{firm_seed, market_streams};
use crate::clients::{Client, ClientsMonth, cumulative_lead_shares};
use crate::error::{ScenarioError, SimError};
use crate::line::{PerLine, ServiceLine};
use crate::mc::StrategyFactory;
use crate::params::list_params;
use crate::record::MonthRecord;
use crate::rng::Stream;
use crate::scenario::Scenario;
use crate::simulation::{Begun, Simulation};
use crate::strategy::Strategy;

/// Most firms one market may hold.
pub const MAX_FIRMS: usize = 64;

/// One firm entering a market: its name, its scenario (its founder and any overrides) and its
/// strategy, fresh for each replicate (as [`crate::mc::Arm`]).
#[derive(Clone, Copy)]
pub struct Entrant<'a> {
    /// How outputs name it.
    pub name: &'a str,
    /// Its scenario. The market-wide parameters ([`is_market_wide`]) must be the first
    /// firm's.
    pub scenario: &'a Scenario,
    /// Its strategy, fresh for each replicate.
    pub strategy: StrategyFactory<'a>,
}

impl std::fmt::Debug for Entrant<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entrant")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Whether the scenario parameter at `path` belongs to the market, not to a firm: the
/// horizon, the pool of prospects, the economy (demand cycle and recessions) and automation's
/// path through the world. Every firm of a market must have the first firm's values.
pub fn is_market_wide(path: &str) -> bool {
    const WIDE: [&str; 7] = [
        "horizon_months",
        "clients.market_potential",
        "clients.demand_persistence",
        "clients.demand_volatility",
        "clients.recession_start_monthly",
        "clients.recession_end_monthly",
        "clients.recession_demand",
    ];
    const AI_WORLD: [&str; 9] = [
        "ai.enabled",
        "ai.founding_year",
        "ai.start_year",
        "ai.midpoint_year",
        "ai.speed",
        "ai.insource",
        "ai.price_pressure",
        "ai.ceiling.",
        "ai.lag_years.",
    ];
    WIDE.contains(&path)
        || AI_WORLD
            .iter()
            .any(|w| path == *w || (w.ends_with('.') && path.starts_with(w)))
}

/// Checks a market: 1 to [`MAX_FIRMS`] firms, each scenario valid, the market-wide
/// parameters equal to the first firm's, the market's parameters in range.
///
/// # Errors
/// [`SimError::InvalidScenario`] naming the firm and field.
pub fn check_market(entrants: &[Entrant<'_>], params: &MarketParams) -> Result<(), SimError> {
    let invalid = |problems: Vec<String>| {
        SimError::InvalidScenario(ScenarioError::Invalid {
            file: "<market>".to_owned(),
            problems,
        })
    };
    if entrants.is_empty() || entrants.len() > MAX_FIRMS {
        return Err(invalid(vec![format!(
            "a market holds 1 to {MAX_FIRMS} firms, got {}",
            entrants.len()
        )]));
    }
    params.validate()?;
    let wide = |s: &Scenario| -> Vec<(String, f64)> {
        list_params(&mut s.clone())
            .into_iter()
            .filter(|p| is_market_wide(&p.path))
            .map(|p| (p.path, p.value))
            .collect()
    };
    let first = wide(entrants[0].scenario);
    let mut problems = Vec::new();
    for (k, e) in entrants.iter().enumerate() {
        e.scenario.validate()?;
        for ((path, want), (_, got)) in first.iter().zip(wide(e.scenario)) {
            if got.to_bits() != want.to_bits() {
                problems.push(format!(
                    "firm {} (`{}`): `{path}` = {got} differs from the first firm's {want}; it \
                     belongs to the market, so every firm must share it",
                    k + 1,
                    e.name
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(problems))
    }
}

/// A client leaving for a rival, who joins it at the next month's sales.
#[derive(Debug, Clone, Copy)]
struct Switcher {
    to: usize,
    line: ServiceLine,
    full_hours: f64,
}

/// One firm's place in the market.
struct Seat {
    name: String,
    sim: Simulation<Box<dyn Strategy>>,
    begun: Option<Begun>,
    sales: ClientsMonth,
    record: Option<MonthRecord>,
    cumulative: [f64; ServiceLine::COUNT],
    price_sum: f64,
    price_count: u32,
    won_from_rivals: u32,
    switched_in: u32,
    switched_out: u32,
}

/// K rival firms in one market, stepped month by month in lockstep (MODEL.md §5.8).
///
/// Firm `k` draws from its own streams, seeded with [`firm_seed`]`(seed, k)`; firm 0's seed is
/// `seed` itself, so a market of one firm is, bit for bit, that firm alone
/// ([`Simulation::new`] with the same seed).
///
/// # Examples
/// ```
/// use lpo_sim_core::market::{Entrant, Market, MarketParams};
/// use lpo_sim_core::{BuiltinStrategy, Scenario, Strategy};
/// let scenario = Scenario::default();
/// let rule = scenario.strategy.rule;
/// let cautious = move || Box::new(BuiltinStrategy::Cautious.build(&rule)) as Box<dyn Strategy>;
/// let aggressive = move || Box::new(BuiltinStrategy::Aggressive.build(&rule)) as Box<dyn Strategy>;
/// let entrants = [
///     Entrant { name: "cautious", scenario: &scenario, strategy: &cautious },
///     Entrant { name: "aggressive", scenario: &scenario, strategy: &aggressive },
/// ];
/// let mut market = Market::new(&entrants, &MarketParams::default(), 7)?;
/// while market.step()? {}
/// let outcome = market.outcome();
/// assert_eq!(outcome.firms.len(), 2);
/// # Ok::<(), lpo_sim_core::SimError>(())
/// ```
pub struct Market {
    params: MarketParams,
    horizon: u32,
    month: u32,
    seats: Vec<Seat>,
    offers: Vec<Offer>,
    economy: Economy,
    choice: Stream,
    switch: Stream,
    scratch: ChoiceScratch,
    leavers: Vec<(usize, Client)>,
    switching: Vec<Switcher>,
    /// Switchers whose new firm had stopped selling their line (or ended) by the next month.
    switches_lost: u32,
}

impl std::fmt::Debug for Market {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Market")
            .field("firms", &self.seats.len())
            .field("month", &self.month)
            .finish_non_exhaustive()
    }
}

impl Market {
    /// A market of `entrants` from replicate seed `seed`.
    ///
    /// # Errors
    /// As [`check_market`].
    pub fn new(
        entrants: &[Entrant<'_>],
        params: &MarketParams,
        seed: u64,
    ) -> Result<Self, SimError> {
        check_market(entrants, params)?;
        Ok(Market::new_unchecked(entrants, params, seed))
    }

    /// As [`Market::new`] for entrants already checked by [`check_market`].
    pub(crate) fn new_unchecked(
        entrants: &[Entrant<'_>],
        params: &MarketParams,
        seed: u64,
    ) -> Self {
        let k = entrants.len();
        let seats: Vec<Seat> = entrants
            .iter()
            .enumerate()
            .map(|(i, e)| Seat {
                name: e.name.to_owned(),
                sim: Simulation::new_unchecked(e.scenario, (e.strategy)(), firm_seed(seed, i)),
                begun: None,
                sales: ClientsMonth::default(),
                record: None,
                cumulative: cumulative_lead_shares(e.scenario),
                price_sum: 0.0,
                price_count: 0,
                won_from_rivals: 0,
                switched_in: 0,
                switched_out: 0,
            })
            .collect();
        let [choice, switch] = market_streams(seed);
        let clients_room = 64 * k;
        Market {
            params: *params,
            horizon: entrants[0].scenario.horizon_months,
            month: 0,
            offers: vec![Offer::CLOSED; k],
            economy: Economy::new(&entrants[0].scenario.clients, seed),
            choice,
            switch,
            scratch: ChoiceScratch::with_firms(k),
            leavers: Vec::with_capacity(clients_room),
            switching: Vec::with_capacity(clients_room),
            switches_lost: 0,
            seats,
        }
    }

    /// Months simulated so far.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// Whether the market has ended: the horizon is reached or every firm has ended.
    pub fn is_finished(&self) -> bool {
        self.month >= self.horizon || self.seats.iter().all(|s| s.sim.is_finished())
    }

    /// The firms, in entry order.
    pub fn firms(&self) -> impl ExactSizeIterator<Item = &Simulation<Box<dyn Strategy>>> {
        self.seats.iter().map(|s| &s.sim)
    }

    /// Each firm's record of the last month simulated (`None` for a firm that had already
    /// ended), in entry order.
    pub fn last_month(&self) -> impl ExactSizeIterator<Item = Option<&MonthRecord>> {
        self.seats.iter().map(|s| s.record.as_ref())
    }

    /// Simulates one month of every firm still running (MODEL.md §5.8). Returns `false`
    /// once the market has ended.
    ///
    /// # Errors
    /// A firm's [`SimError::InvalidDecision`] or [`SimError::WorkLimit`].
    pub fn step(&mut self) -> Result<bool, SimError> {
        if self.is_finished() {
            return Ok(false);
        }
        let Market {
            params,
            horizon,
            month,
            seats,
            offers,
            economy,
            choice,
            switch,
            scratch,
            leavers,
            switching,
            switches_lost,
        } = self;
        let rivals = seats.len() > 1;
        // Steps 1–9 of every firm; the offers prospects see.
        for (seat, offer) in seats.iter_mut().zip(offers.iter_mut()) {
            seat.record = None;
            seat.sales = ClientsMonth::default();
            seat.begun = seat.sim.begin_market_month()?;
            *offer = match &seat.begun {
                None => Offer::CLOSED,
                Some(begun) => {
                    let chance = seat.sim.market_chances(begun);
                    let d = seat.sim.decisions();
                    let lines = &seat.sim.scenario().lines;
                    let rate = begun.market_rate();
                    let ratio =
                        PerLine::from_fn(|l| d.prices[l] / (lines[l].billing_rate * rate[l]));
                    for (line, &r) in ratio.iter() {
                        if d.offered[line] {
                            seat.price_sum += r;
                            seat.price_count += 1;
                        }
                    }
                    Offer {
                        running: true,
                        offered: d.offered,
                        chance,
                        utility: ratio.map(|_, r| utility(params, begun.perceived, r)),
                    }
                }
            };
        }
        // The economy (steps 9 and 11), one for the market.
        let economy_month = economy.next_month();
        // Clients in the market at the start of the month: the pool's saturation (§5.1).
        let in_market: usize = seats
            .iter()
            .filter(|s| s.begun.is_some())
            .map(|s| s.sim.clients().len())
            .sum();
        // Last month's switchers join their new firm, if it still sells their line.
        for s in switching.drain(..) {
            if offers[s.to].sells(s.line) {
                let seat = &mut seats[s.to];
                let trust = seat.begun.as_ref().map_or(0.0, |b| b.perceived);
                seat.sim.market_join(s.line, s.full_hours, trust);
                seat.sales.won += 1;
                seat.switched_in += 1;
            } else {
                *switches_lost += 1;
            }
        }
        // Step 10: each firm's leads, in firm order, each choosing where to sign.
        for k in 0..seats.len() {
            if seats[k].begun.is_none() {
                continue;
            }
            let leads = seats[k]
                .sim
                .market_lead_count(economy_month.recession_factor, in_market);
            seats[k].sales.leads = leads;
            for _ in 0..leads {
                let seat = &mut seats[k];
                let lead = seat.sim.market_draw_lead(&seat.cumulative);
                let own = &offers[k];
                let offered = own.offered[lead.line];
                seat.sales.offered_leads += u32::from(offered);
                let would = offered && lead.sign < own.chance[lead.line];
                let Some(w) = choose(k, would, lead.line, offers, params, choice, scratch) else {
                    continue;
                };
                let winner = &mut seats[w];
                let trust = winner.begun.as_ref().map_or(0.0, |b| b.perceived);
                winner.sim.market_sign(lead.line, lead.volume, trust);
                winner.sales.won += 1;
                winner.won_from_rivals += u32::from(w != k);
            }
        }
        // Steps 11–20 of every firm.
        let market_goes_on = *month + 1 < *horizon;
        for (k, seat) in seats.iter_mut().enumerate() {
            let Some(begun) = seat.begun.take() else {
                continue;
            };
            let record = seat.sim.finish_market_month(
                begun,
                economy_month.in_recession,
                economy_month.demand,
                seat.sales,
                |c| {
                    if rivals {
                        leavers.push((k, *c));
                    }
                },
            )?;
            seat.record = Some(record);
            if seat.sim.is_finished() {
                offers[k].running = false;
                if rivals && market_goes_on {
                    leavers.extend(seat.sim.clients().iter().map(|c| (k, *c)));
                }
            }
        }
        // Clients who left look for a rival (Switch stream).
        for (from, c) in leavers.drain(..) {
            if let Some(to) = switch_target(from, c.line, offers, params, switch, scratch) {
                seats[from].switched_out += 1;
                switching.push(Switcher {
                    to,
                    line: c.line,
                    full_hours: c.full_hours,
                });
            }
        }
        *month += 1;
        Ok(true)
    }

    /// Runs to the end.
    ///
    /// # Errors
    /// As [`Market::step`].
    pub fn run(mut self) -> Result<MarketOutcome, SimError> {
        while self.step()? {}
        Ok(self.outcome())
    }

    /// Every firm's result so far, and the market's.
    pub fn outcome(&self) -> MarketOutcome {
        MarketOutcome {
            months_run: self.month,
            switches_lost: self.switches_lost,
            switches_pending: self.switching.len() as u32,
            firms: self
                .seats
                .iter()
                .map(|s| FirmOutcome {
                    name: s.name.clone(),
                    outcome: s.sim.outcome(),
                    mean_price_ratio: (s.price_count > 0)
                        .then(|| s.price_sum / f64::from(s.price_count)),
                    won_from_rivals: s.won_from_rivals,
                    switched_in: s.switched_in,
                    switched_out: s.switched_out,
                })
                .collect(),
        }
    }
}
