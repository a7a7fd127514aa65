//! What happened in a period, in words and in totals.

use crate::line::ServiceLine;
use crate::record::MonthRecord;

/// A period's totals and where it ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodSummary {
    /// First and last month of the period (records count from 1).
    pub months: (u32, u32),
    /// Revenue over the period.
    pub revenue: f64,
    /// Profit over the period (loan principal is not an expense).
    pub profit: f64,
    /// What the founder drew.
    pub founder_draw: f64,
    /// Hires decided, hires who arrived, quits and layoffs.
    pub hires: u32,
    /// Hires who started.
    pub arrivals: u32,
    /// Quits.
    pub quits: u32,
    /// Layoffs.
    pub layoffs: u32,
    /// Clients won and lost.
    pub clients_won: u32,
    /// Clients lost.
    pub clients_lost: u32,
    /// Errors that reached clients.
    pub errors_escaped: u32,
    /// Cash at the period's end.
    pub cash: f64,
    /// Clients at the period's end.
    pub clients: u32,
    /// Associates and trainers at the period's end.
    pub staff: u32,
    /// Mean client trust at the period's end.
    pub mean_trust: f64,
    /// Certified at the period's end.
    pub certified: bool,
}

impl PeriodSummary {
    /// The summary of `months` (at least one).
    pub fn of(months: &[MonthRecord]) -> Option<PeriodSummary> {
        let (first, last) = (months.first()?, months.last()?);
        let sum = |f: fn(&MonthRecord) -> u32| months.iter().map(f).sum::<u32>();
        let add = |f: fn(&MonthRecord) -> f64| months.iter().fold(0.0, |s, m| s + f(m));
        Some(PeriodSummary {
            months: (first.month, last.month),
            revenue: add(|m| m.revenue),
            profit: add(|m| m.profit),
            founder_draw: add(|m| m.costs.founder_draw),
            hires: sum(|m| m.hires),
            arrivals: sum(|m| m.arrivals),
            quits: sum(|m| m.quits),
            layoffs: sum(|m| m.layoffs),
            clients_won: sum(|m| m.clients_won),
            clients_lost: sum(|m| m.clients_lost),
            errors_escaped: sum(|m| m.errors_escaped),
            cash: last.cash,
            clients: last.total_clients(),
            staff: last.headcount(),
            mean_trust: last.mean_trust,
            certified: last.certified,
        })
    }
}

/// One sentence per month with something to tell (hires, arrivals, quits, layoffs, clients
/// won and lost, errors that reached a client, certification, the consultant, the end of the
/// firm), `Month 4: hired 2; 1 quit; won 1 client.` `before` is the month before the first
/// (`None` for month 1), to tell what changed.
pub fn month_events(before: Option<&MonthRecord>, months: &[MonthRecord]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut previous = before;
    for m in months {
        let mut parts = Vec::new();
        let plural = |n: u32, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        if m.hires > 0 {
            parts.push(format!("hired {}", m.hires));
        }
        if m.arrivals > 0 {
            parts.push(format!(
                "{} started work",
                plural(m.arrivals, "hire", "hires")
            ));
        }
        if m.quits > 0 {
            parts.push(format!("{} quit", plural(m.quits, "employee", "employees")));
        }
        if m.layoffs > 0 {
            parts.push(format!("laid off {}", m.layoffs));
        }
        if m.clients_won > 0 {
            parts.push(format!(
                "won {}",
                plural(m.clients_won, "client", "clients")
            ));
        }
        if m.clients_lost > 0 {
            parts.push(format!(
                "lost {}",
                plural(m.clients_lost, "client", "clients")
            ));
        }
        if m.errors_escaped > 0 {
            parts.push(format!(
                "{} reached a client",
                plural(m.errors_escaped, "error", "errors")
            ));
        }
        let was_certified = previous.is_some_and(|p| p.certified);
        if m.certified && !was_certified {
            parts.push("certified".to_owned());
        } else if !m.certified && was_certified {
            parts.push("lost the certification".to_owned());
        }
        let had_consultant = previous.is_some_and(|p| p.consultant_engaged);
        if m.consultant_engaged && !had_consultant {
            parts.push("engaged the consultant".to_owned());
        } else if !m.consultant_engaged && had_consultant {
            parts.push("the consultant left".to_owned());
        }
        if m.bankrupt {
            parts.push("ran out of cash: the firm is insolvent".to_owned());
        }
        if m.closed {
            let why = match m.closure_reason {
                Some(crate::record::ClosureReason::LowIncome) => "it paid the founder too little",
                Some(crate::record::ClosureReason::CashRunningOut) => {
                    "it was losing money and its cash would soon run out"
                }
                _ => "the founder moved on",
            };
            parts.push(format!("the founder closed the firm ({why})"));
        }
        if !parts.is_empty() {
            lines.push(format!("Month {}: {}.", m.month, parts.join("; ")));
        }
        previous = Some(m);
    }
    lines
}

/// Associates per line at the end of `m`, as `document_review 3, legal_research 1` (lines
/// without associates left out; `none` without any).
pub fn staff_by_line(m: &MonthRecord) -> String {
    let parts: Vec<String> = ServiceLine::ALL
        .iter()
        .filter(|l| m.associates[**l] > 0)
        .map(|l| format!("{} {}", l.name(), m.associates[*l]))
        .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}
