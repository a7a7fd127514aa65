//! How far the firms' sales got in a study, and why firms that earned nothing earned nothing:
//! the diagnosis the `mc` text and report show so that a study of firms that never sell says
//! so, and names the cause, instead of only showing zeros.

use crate::record::{RunOutcome, SalesFunnel, SalesStall};
use serde::{Deserialize, Serialize};

/// Sales over a study's replicates: exact, mergeable counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalesTally {
    /// Every replicate's sales funnel, summed.
    pub funnel: SalesFunnel,
    /// Replicates that earned no revenue, by where their sales stopped.
    pub no_leads: u64,
    /// ... leads only for lines the strategy did not offer.
    pub no_line_offered: u64,
    /// ... leads for offered lines, none signed.
    pub none_signed: u64,
    /// ... clients signed, nothing delivered.
    pub nothing_delivered: u64,
}

impl SalesTally {
    /// Adds one finished run.
    pub(crate) fn add(&mut self, outcome: &RunOutcome) {
        let f = &outcome.sales;
        self.funnel.leads += f.leads;
        self.funnel.offered_leads += f.offered_leads;
        self.funnel.clients_won += f.clients_won;
        if outcome.total_revenue > 0.0 {
            return;
        }
        *self.stalled_mut(f.stall()) += 1;
    }

    /// Adds everything in `other`.
    pub(crate) fn merge(&mut self, other: &SalesTally) {
        self.funnel.leads += other.funnel.leads;
        self.funnel.offered_leads += other.funnel.offered_leads;
        self.funnel.clients_won += other.funnel.clients_won;
        for stall in SalesStall::ALL {
            *self.stalled_mut(stall) += other.stalled(stall);
        }
    }

    /// Whether nothing was counted (a state written before sales were tallied reads as this).
    pub fn is_empty(&self) -> bool {
        *self == SalesTally::default()
    }

    /// Replicates that earned no revenue and stopped at `stall`.
    pub fn stalled(&self, stall: SalesStall) -> u64 {
        match stall {
            SalesStall::NoLeads => self.no_leads,
            SalesStall::NoLineOffered => self.no_line_offered,
            SalesStall::NoneSigned => self.none_signed,
            SalesStall::NothingDelivered => self.nothing_delivered,
        }
    }

    fn stalled_mut(&mut self, stall: SalesStall) -> &mut u64 {
        match stall {
            SalesStall::NoLeads => &mut self.no_leads,
            SalesStall::NoLineOffered => &mut self.no_line_offered,
            SalesStall::NoneSigned => &mut self.none_signed,
            SalesStall::NothingDelivered => &mut self.nothing_delivered,
        }
    }

    /// Replicates that earned no revenue.
    pub fn without_revenue(&self) -> u64 {
        SalesStall::ALL.iter().map(|s| self.stalled(*s)).sum()
    }

    /// The stall most replicates without revenue stopped at (the earliest stage on a tie).
    pub fn main_stall(&self) -> Option<SalesStall> {
        SalesStall::ALL
            .into_iter()
            .filter(|s| self.stalled(*s) > 0)
            .fold(None, |best: Option<SalesStall>, s| match best {
                Some(b) if self.stalled(b) >= self.stalled(s) => Some(b),
                _ => Some(s),
            })
    }

    /// A loud warning when at least half of `runs` replicates earned no revenue, naming the
    /// main cause and how to fix it; `None` otherwise.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::mc::SalesTally;
    /// let tally = SalesTally { no_line_offered: 10, ..SalesTally::default() };
    /// let warning = tally.warning(10).unwrap();
    /// assert!(warning.starts_with("no firm earned any revenue"));
    /// assert!(SalesTally::default().warning(10).is_none());
    /// ```
    pub fn warning(&self, runs: u64) -> Option<String> {
        let without = self.without_revenue();
        if runs == 0 || without * 2 < runs {
            return None;
        }
        let stall = self.main_stall()?;
        let who = if without >= runs {
            "no firm earned any revenue".to_owned()
        } else {
            format!("{without} of {runs} firms earned no revenue")
        };
        let share = if self.stalled(stall) == without {
            "in every one of them".to_owned()
        } else {
            format!("in {} of them", self.stalled(stall))
        };
        Some(format!("{who}: {share}, {}", stall.explanation()))
    }

    /// The funnel in words: leads per firm, the share for offered lines, the share of those
    /// that signed. `None` without replicates.
    pub fn funnel_line(&self, runs: u64) -> Option<String> {
        if runs == 0 {
            return None;
        }
        let f = &self.funnel;
        let share = |part: u64, whole: u64| {
            if whole == 0 {
                "-".to_owned()
            } else {
                format!("{:.1} %", 100.0 * part as f64 / whole as f64)
            }
        };
        Some(format!(
            "{:.1} leads a firm, {} for lines sold, {} of those signed (more with the \
             founder's knowledge of the line, trust, lower prices: MODEL.md §5.3)",
            f.leads as f64 / runs as f64,
            share(f.offered_leads, f.leads),
            share(f.clients_won, f.offered_leads),
        ))
    }
}

impl SalesStall {
    /// Every stall, in funnel order.
    pub const ALL: [SalesStall; 4] = [
        SalesStall::NoLeads,
        SalesStall::NoLineOffered,
        SalesStall::NoneSigned,
        SalesStall::NothingDelivered,
    ];

    /// What went wrong and how to fix it.
    pub fn explanation(self) -> &'static str {
        match self {
            SalesStall::NoLeads => {
                "no lead ever came in: raise founder.network_contacts, \
                 clients.network_lead_rate or the strategy's marketing (MODEL.md §5.1)"
            }
            SalesStall::NoLineOffered => {
                "the strategy offered no line that leads asked for: every lead was for a line \
                 it did not sell; sell more lines (Decisions::offered, MODEL.md §10)"
            }
            SalesStall::NoneSigned => {
                "leads came in for the lines sold but none signed before the firm ended: the \
                 chance to sign was low or 0; it grows with clients.base_conversion, perceived \
                 trust (clients.trust_weights), the founder's knowledge of the line (above \
                 clients.knowledge_floor) and lower prices (MODEL.md §5.3)"
            }
            SalesStall::NothingDelivered => {
                "clients signed but no work was delivered: the firm had no associates and the \
                 founder no hours for them (MODEL.md §6)"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(revenue: f64, leads: u64, offered_leads: u64, clients_won: u64) -> RunOutcome {
        RunOutcome {
            seed: 0,
            months_run: 1,
            bankrupt_month: None,
            closed_month: None,
            closure_reason: None,
            final_cash: 0.0,
            total_revenue: revenue,
            total_profit: 0.0,
            peak_headcount: 0,
            final_headcount: 0,
            final_clients: 0,
            final_mean_trust: 0.0,
            break_even_month: None,
            errors_escaped: 0,
            founder_income: 0.0,
            sales: SalesFunnel {
                leads,
                offered_leads,
                clients_won,
            },
            conduct: Default::default(),
        }
    }

    #[test]
    fn a_study_without_revenue_names_its_main_stall() {
        let mut tally = SalesTally::default();
        tally.add(&run(0.0, 5, 0, 0));
        tally.add(&run(0.0, 3, 0, 0));
        tally.add(&run(0.0, 0, 0, 0));
        let warning = tally.warning(3).unwrap();
        assert!(warning.starts_with("no firm earned any revenue: in 2 of them"));
        assert!(warning.contains("offered no line"), "{warning}");
    }

    #[test]
    fn most_firms_earning_no_warning_and_merge_adds_up() {
        let mut a = SalesTally::default();
        a.add(&run(100.0, 5, 5, 1));
        let mut b = SalesTally::default();
        b.add(&run(0.0, 4, 4, 0));
        b.add(&run(50.0, 4, 4, 2));
        a.merge(&b);
        assert_eq!(a.funnel.leads, 13);
        assert_eq!(a.funnel.clients_won, 3);
        assert_eq!(a.without_revenue(), 1);
        assert!(a.warning(3).is_none());
        let mut half = a;
        half.add(&run(0.0, 2, 2, 0));
        assert!(half.warning(4).unwrap().starts_with("2 of 4 firms"));
    }
}
