//! The market's one economy (MODEL.md §5.6, §5.8): the regime and the demand cycle every firm
//! of the market shares, drawn exactly as firm 0 alone draws its own.

use crate::rng::{Process, Stream, Streams};
use crate::sample::standard_normal;
use crate::scenario::ClientParams;
use crate::simulation::{demand_cycle, next_regime, recession_factor};
use rand::RngExt;

/// One month of the economy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct EconomyMonth {
    pub in_recession: bool,
    /// `recession_demand` in a recession, else 1: the factor on every firm's reach.
    pub recession_factor: f64,
    /// The demand cycle `m_t` (recession included): the factor on every client's hours.
    pub demand: f64,
}

/// The regime and the demand cycle, on copies of firm 0's Cycle and Market streams (the
/// Market stream after its two draws at founding), so they are firm 0's own numbers and go on
/// after firm 0 ends.
#[derive(Debug, Clone)]
pub(crate) struct Economy {
    params: ClientParams,
    cycle: Stream,
    market: Stream,
    month: u32,
    in_recession: bool,
    log: f64,
}

impl Economy {
    /// The economy of a market replicate of seed `seed` (firm 0's seed).
    pub fn new(params: &ClientParams, seed: u64) -> Self {
        let mut streams = Streams::new(seed);
        let market = streams.rng(Process::Market);
        // The firm's reach and process efficiency (§5.1, §4.3) come first.
        standard_normal(market);
        standard_normal(market);
        let market = market.clone();
        Economy {
            params: *params,
            cycle: streams.rng(Process::Cycle).clone(),
            market,
            month: 0,
            in_recession: false,
            log: 0.0,
        }
    }

    /// The next month: one Cycle uniform and one Market normal.
    pub fn next_month(&mut self) -> EconomyMonth {
        let c = &self.params;
        let u: f64 = self.cycle.random();
        self.in_recession = next_regime(c, self.month, self.in_recession, u);
        let recession_factor = recession_factor(c, self.in_recession);
        let z = standard_normal(&mut self.market);
        let demand;
        (self.log, demand) = demand_cycle(c, self.month, self.log, z, recession_factor);
        self.month += 1;
        EconomyMonth {
            in_recession: self.in_recession,
            recession_factor,
            demand,
        }
    }
}
