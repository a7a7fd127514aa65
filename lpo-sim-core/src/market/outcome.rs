//! The result of one market replicate: every firm's run and the market's shares.

use crate::record::RunOutcome;
use serde::{Deserialize, Serialize};

/// One firm's result in a market replicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirmOutcome {
    /// The entrant's name.
    pub name: String,
    /// Its run, as a firm alone reports it.
    pub outcome: RunOutcome,
    /// Mean over its months and offered lines of `price / (billing_rate · rate)`: its price
    /// against the line's market rate (`None` if it never offered a line).
    pub mean_price_ratio: Option<f64>,
    /// Clients it won from prospects a rival had reached.
    pub won_from_rivals: u32,
    /// Clients who switched to it from a rival.
    pub switched_in: u32,
    /// Its clients who left it for a rival.
    pub switched_out: u32,
}

impl FirmOutcome {
    /// Still open at the end: neither bankrupt nor closed by its founder.
    pub fn open(&self) -> bool {
        self.outcome.bankrupt_month.is_none() && self.outcome.closed_month.is_none()
    }
}

/// The result of one market replicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketOutcome {
    /// Months the market ran.
    pub months_run: u32,
    /// Clients who chose a rival that, by the next month, had ended or stopped selling their
    /// line (they are lost to the market).
    pub switches_lost: u32,
    /// Clients who chose a rival in the last month, still to join when the market ended.
    pub switches_pending: u32,
    /// Every firm, in entry order.
    pub firms: Vec<FirmOutcome>,
}

impl MarketOutcome {
    /// Revenue of all firms over the run, summed in firm order.
    pub fn total_revenue(&self) -> f64 {
        self.firms.iter().map(|f| f.outcome.total_revenue).sum()
    }

    /// Clients of all firms at the end (a firm that ended keeps none in the market).
    pub fn total_clients(&self) -> u32 {
        self.firms
            .iter()
            .filter(|f| f.open())
            .map(|f| f.outcome.final_clients)
            .sum()
    }

    /// Firm `k`'s share of the market's revenue over the run (`None` when nobody earned any).
    pub fn revenue_share(&self, k: usize) -> Option<f64> {
        let total = self.total_revenue();
        (total > 0.0).then(|| self.firms[k].outcome.total_revenue / total)
    }

    /// Firm `k`'s share of the market's clients at the end (`None` when there are none); a
    /// firm that ended has none.
    pub fn client_share(&self, k: usize) -> Option<f64> {
        let total = self.total_clients();
        let own = if self.firms[k].open() {
            self.firms[k].outcome.final_clients
        } else {
            0
        };
        (total > 0).then(|| f64::from(own) / f64::from(total))
    }

    /// Firms open at the end.
    pub fn survivors(&self) -> u32 {
        self.firms.iter().filter(|f| f.open()).count() as u32
    }

    /// Herfindahl–Hirschman index of revenue shares, 0..1 (`None` without revenue).
    pub fn revenue_hhi(&self) -> Option<f64> {
        let total = self.total_revenue();
        (total > 0.0).then(|| {
            self.firms
                .iter()
                .map(|f| {
                    let s = f.outcome.total_revenue / total;
                    s * s
                })
                .sum()
        })
    }
}
